"""Lessons 04 and 05 in Korean and Russian: every chart passes the exporter's language and layout checks, citations
stay Latin, and the layout changes made for longer Russian words leave the English figures as they were."""
import json

import matplotlib.pyplot as plt
import plotly.io as pio
import pytest

from korea_central_asia import figures, i18n, style
from korea_central_asia.charts import claims as claim_charts
from korea_central_asia.charts import stages as stage_charts
from korea_central_asia.series import claims

COUNTRIES = ["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG"]
YEARS = (1990, 2025)
STARTS = (1992, 2000, 2010)
CHARTS = {  # the lessons' own calls
    "stages-timeline": lambda: stage_charts.timeline(COUNTRIES, YEARS, STARTS),
    "partnership-steps": lambda: stage_charts.partnership_steps(COUNTRIES, YEARS, STARTS),
    "effectiveness-table": stage_charts.effectiveness,
    "stage-comparison": lambda: stage_charts.comparison(COUNTRIES, YEARS, STARTS),
    "verdicts": lambda: claim_charts.verdicts(claims.verdicts()),
    "claimed-vs-computed": lambda: claim_charts.claimed_vs_computed(claims.readings()),
    "trade-both-reporters": lambda: claim_charts.trade_both_reporters(COUNTRIES, YEARS),
}


@pytest.fixture(autouse=True)
def print_style():
    style.use_print_style()
    yield
    plt.close("all")


@pytest.mark.parametrize("code", ["ko", "ru"])
@pytest.mark.parametrize("name", list(CHARTS))
def test_chart_in_korean_and_russian_passes_every_export_check(name, code):
    with i18n.use_language(code):
        chart = CHARTS[name]()
    assert chart.language == code
    stem = f"test-{name}"
    if chart.figure is not None:
        i18n.check_figure(chart.figure, stem, code)
        figures.check_figure(chart.figure, stem)  # canvas edge, small text, collisions
    i18n.check_plotly(json.loads(pio.to_json(chart.interactive, validate=False)), stem, code)
    i18n.check_words(stem, code, caption=chart.caption, alt=chart.alt or "")


def test_verdicts_keep_the_citations_latin_and_translate_the_verdict_words():
    english = CHARTS["verdicts"]()
    russian = english.in_language("ru")
    ticks = [t.get_text() for t in russian.figure.axes[0].get_yticklabels()]
    assert ticks == ["Nishonova (n.d.)", "Lee (2019)", "Kwak (2021)"]
    legend = [t.get_text() for t in russian.figure.axes[0].get_legend().get_texts()]
    assert legend == ["подтверждено", "отчасти подтверждено", "не подтверждено", "нет данных"]
    assert [t.get_text() for t in english.figure.axes[0].get_legend().get_texts()] == list(claim_charts.VERDICTS)
    assert "Kwak (2021)" in russian.caption and "Kwak (2021)" in russian.interactive.layout.title.text


def test_the_timeline_widens_its_left_margin_only_for_the_russian_forum_name():
    english = CHARTS["stages-timeline"]()
    assert english.figure.subplotpars.left == 0.2
    russian = english.in_language("ru")
    assert russian.figure.subplotpars.left > 0.2
    assert "Форум по сотрудничеству\n«Республика Корея\n– Центральная Азия»" in [
        t.get_text() for t in russian.figure.axes[0].get_yticklabels()]


def test_the_readings_legend_takes_two_columns_only_where_three_do_not_fit():
    english = CHARTS["claimed-vs-computed"]()
    assert english.figure.legends[0]._ncols == 3
    russian = english.in_language("ru")
    legend = russian.figure.legends[0]
    assert legend._ncols == 2
    # the markers fill the first column, the verdict colours the second
    assert [t.get_text() for t in legend.get_texts()][:3] == ["по данным Кореи", "по данным партнёра", "другое"]
