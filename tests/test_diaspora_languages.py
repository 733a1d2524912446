"""Lesson 03's charts in Korean and Russian: the words come from data/figure_text.csv, the numbers follow the
language, source names stay as written, and nothing English is left for the exporter to refuse."""
import json

import plotly.io as pio
import pytest

from korea_central_asia import i18n
from korea_central_asia.charts import maps
from korea_central_asia.charts import people as people_charts

FIVE = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
YEARS = (1926, 2026)


def texts(fig):
    from matplotlib.text import Text

    fig.canvas.draw()
    return [t.get_text() for t in fig.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_visitors_caption_names_the_countries_not_a_label_side():
    chart = people_charts.visitors(FIVE, YEARS)
    assert chart.caption.startswith("Visitors between Korea and Kazakhstan or Uzbekistan: ")
    assert chart.interactive.layout.title.text == ("Visitors between Korea and Kazakhstan or Uzbekistan: each count "
                                                   "over the time it covers")


def test_deportation_in_russian_writes_russian_numbers_and_keeps_source_names():
    with i18n.use_language("ru"):
        chart = people_charts.deportation(FIVE, YEARS)
        drawn = texts(chart.figure)
        i18n.check_figure(chart.figure, "03-diaspora-deportation", "ru")
        spec = json.loads(pio.to_json(chart.interactive, validate=False))
        i18n.check_plotly(spec, "03-diaspora-deportation", "ru")
        i18n.check_words("03-diaspora-deportation", "ru", caption=chart.caption)
    assert "почти 172\u00a0000" in drawn  # Wikipedia's 'nearly 172,000'
    assert "200\u00a0000" in drawn  # an x tick of panel (a)
    assert "(a) Депортировано человек" in drawn
    assert "тезис: Lee (2019)" in drawn  # the claim's author stays in Latin letters
    assert "Jon K. Chang" in drawn
    assert chart.caption.endswith("числа из разбираемых текстов: Lee (2019).")


def test_deportation_in_english_is_unchanged():
    chart = people_charts.deportation(FIVE, YEARS)
    drawn = texts(chart.figure)
    assert "almost 172,000" in drawn and "200,000" in drawn and "claim: Lee (2019)" in drawn
    assert chart.caption == ("The 1937 deportation of Koreans to Central Asia: every figure in the data with its "
                             "source, beside the figures claimed by Lee (2019).")


def test_deportation_map_in_korean():
    with i18n.use_language("ko"):
        chart = maps.deportation_map(FIVE, YEARS)
        drawn = texts(chart.figure)
        i18n.check_figure(chart.figure, "03-diaspora-deportation-map", "ko")
        i18n.check_words("03-diaspora-deportation-map", "ko", caption=chart.caption)
    # the republic's full Korean name in two lines, the figure in Korean units
    assert "카자흐 소비에트\n사회주의 공화국\n95,256명" in drawn
    assert "블라디보스토크" in drawn and "연해주\n(소련 극동)" in drawn
    assert chart.caption.startswith("1937년 고려인 강제이주: ")
    assert "diaspora.csv" in chart.caption and "Natural Earth 1:50m" in chart.caption


def test_visitors_months_in_korean_and_russian():
    for code, months in (("ko", "1월–3월"), ("ru", "янв.–март")):
        with i18n.use_language(code):
            assert people_charts._months("Jan–Mar") == months
            with pytest.raises(i18n.UntranslatedText, match="first nine"):
                people_charts._months("first nine months")
    assert people_charts._months("Jan–Mar") == "Jan–Mar"


def test_english_words_skip_entities_and_declared_names_only():
    assert i18n.english_words("&gt;18,600") == []
    i18n.keep_name("Otto Pohl")
    assert i18n.english_words("источник: Otto Pohl") == []
    assert i18n.english_words("source: Otto Pohl") == ["source"]
