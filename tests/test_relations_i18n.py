"""Lesson 01's charts in Korean and Russian: dates, the region map's hover and caption, the glossary's forum name."""
import pandas as pd

from korea_central_asia import i18n
from korea_central_asia.charts import maps
from korea_central_asia.charts import relations as relations_charts
from korea_central_asia.validate import _written

FORUM_RU = "Форум по сотрудничеству «Республика Корея – Центральная Азия»"


def test_dates_are_written_as_each_language_writes_them():
    day, month = pd.Timestamp("1992-01-28"), pd.Timestamp("1973-12-01")
    assert relations_charts.date_words(day) == "28 Jan 1992"
    assert relations_charts.date_words(month, "month") == "Dec 1973"
    assert relations_charts.date_words(pd.Timestamp("1990-09-05"), zero_padded=True) == "05 Sep 1990"
    with i18n.use_language("ko"):
        assert relations_charts.date_words(day) == "1992년 1월 28일"
        assert relations_charts.date_words(month, "month") == "1973년 12월"
    with i18n.use_language("ru"):
        assert relations_charts.date_words(day) == "28 янв. 1992 г."
        # March is declined after a day and left whole without one
        assert relations_charts.date_words(pd.Timestamp("1992-03-05")) == "5 марта 1992 г."
        assert relations_charts.date_words(pd.Timestamp("1992-03-05"), "month") == "март 1992 г."


def test_the_glossary_form_of_the_forum_is_found_in_russian_only_when_written():
    assert _written(FORUM_RU, "Сессии Форума по сотрудничеству «Республика Корея – Центральная Азия»", "ru")
    assert not _written(FORUM_RU, "Сессии форума по сотрудничеству Кореи и Центральной Азии", "ru")


def test_region_map_in_russian_names_its_publishers_as_written_and_leaves_no_english_word():
    chart = maps.region_map(["KAZ", "AFG"], (1973, 2025))
    russian = chart.in_language("ru")
    hovers = [t.text for t in russian.interactive.data if t.text and "РК" in str(t.text)]
    assert any("Hankyung (Yonhap)" in h and "дек. 1973 г." in h and "другие прочтения: 2002" in h for h in hovers)
    assert i18n.english_words(russian.caption) == []
    assert "events.csv" in russian.caption and "Natural Earth 1:50m" in russian.caption  # names kept as written
    assert i18n.english_words(russian.caption, names=False) != []  # ... which only the declared names make pass
    assert "Hankyung (Yonhap)" in str([t.text for t in chart.interactive.data])
