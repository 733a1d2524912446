"""The exporter's checks and the print convention: each defect the figures once had, rebuilt as a small figure, is
refused with both parts named; the credit line, citations, references and data files; greyscale cues per country
in print and interactive charts; SVG text kept as text with identical bytes on rebuild."""
from __future__ import annotations

import itertools
import re

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import plotly.graph_objects as go  # noqa: E402
import pytest  # noqa: E402

from korea_central_asia import figures, style  # noqa: E402
from korea_central_asia.data import load  # noqa: E402

SOURCES = load("sources")


def clean_figure(width="single"):
    """A figure that passes every check: one panel, no title, year ticks on fives, 7–9 pt text."""
    fig, ax = style.figure(width)
    ax.plot([1992, 2000, 2010], [1, 3, 2], **style.line_kwargs("KAZ"))
    ax.set_xticks([1995, 2000, 2005, 2010])
    ax.set_xlabel("year")
    ax.set_ylabel("USD million")
    fig.subplots_adjust(left=0.18, bottom=0.2, right=0.95, top=0.95)
    return fig, ax


def refused(fig, error=figures.FigureCollision):
    with pytest.raises(error) as caught:
        figures.check_figure(fig, "99-test")
    plt.close(fig)
    return str(caught.value)


def test_a_clean_figure_passes_every_check():
    fig, _ = clean_figure()
    figures.check_figure(fig, "99-test")
    plt.close(fig)


# --- each collision the issue listed, rebuilt small ----------------------------------------------------------------

def test_a_claim_line_through_value_labels_is_refused():
    """02 growth multiples: the dashed claim line ran through "4.9×" and "3.6×"."""
    fig, ax = clean_figure()
    ax.set_xticks([])
    ax.set_xlabel("")
    ax.barh([0, 1], [4.9, 3.6], height=0.4)
    ax.text(4.9 * 1.02, 0, "4.9×", va="center", fontsize=7)
    ax.text(3.6 * 1.02, 1, "3.6×", va="center", fontsize=7)
    ax.plot([5.1, 5.1], [-0.45, 1.45], color="black", linestyle=(0, (2, 1)), label="claim")
    message = refused(fig)
    assert "text '4.9×' overlaps the line 'claim'" in message
    assert "text '3.6×' overlaps the line 'claim'" in message


def test_a_reference_line_across_a_city_label_is_refused():
    """01 forum: the secretariat line crossed "Nur-Sultan"."""
    fig, ax = clean_figure()
    ax.annotate("Nur-Sultan", (2009, 1.3), xytext=(-4, 3), textcoords="offset points", ha="right", fontsize=7)
    ax.axvline(2006, color="#666666", linestyle=":")
    assert "text 'Nur-Sultan' overlaps a reference line" in refused(fig)


def test_a_note_across_the_y_axis_is_refused():
    """01 timeline: "USSR–ROK relations 1990" crossed the y axis."""
    fig, ax = clean_figure()
    ax.set_xlim(1990, 2010)
    fig.subplots_adjust(left=0.4)
    ax.text(1990.5, 2.5, "USSR–ROK\nrelations 1990 ", ha="right", va="center", fontsize=7)
    assert "text 'USSR–ROK relations 1990 ' overlaps the left spine of" in refused(fig)


def test_labels_on_the_axis_are_refused():
    """03 census: ">72,000" and "≈30" sat on the Uzbekistan axis."""
    fig, ax = clean_figure()
    ax.set_xlim(1920, 2010)
    ax.annotate("≈30", (1926, 1.2), xytext=(-3, 3), textcoords="offset points", ha="right", fontsize=7)
    ax.annotate(">72,000", (1926, 2.5), xytext=(-3, 3), textcoords="offset points", ha="right", fontsize=7)
    message = refused(fig)
    assert "text '≈30' overlaps the left spine" in message and "text '>72,000' overlaps the left spine" in message


def test_rotated_tick_labels_that_run_into_each_other_are_refused():
    """04 heatmap: the rotated audience labels ran into each other."""
    fig, ax = clean_figure()
    names = ["Youth", "General public", "Students", "Academics", "Professionals", "Government",
             "Business community", "Local communities"]
    ax.set_xticks(np.linspace(1993, 2009, len(names)), names, rotation=20, ha="right", rotation_mode="anchor")
    ax.set_xlabel("")
    fig.subplots_adjust(bottom=0.45, left=0.4)
    message = refused(fig)
    assert re.search(r"x tick label '[^']+' of panel .* overlaps x tick label '[^']+'", message), message


def test_a_source_line_jammed_under_the_axis_label_is_refused():
    """05: the source line sat on the axis label."""
    fig, ax = clean_figure()
    fig.subplots_adjust(bottom=0.16)
    fig.text(0.01, 0.02, "Sources: a long line under the figure, under the label", fontsize=7, va="bottom")
    message = refused(fig)
    assert "overlaps text 'Sources: a long line under the figure, under the label'" in message or \
        "text 'Sources: a long line under the figure, under the label' overlaps" in message


def test_a_label_on_a_bar_is_refused_unless_the_chart_declares_it():
    fig, ax = clean_figure()
    ax.bar([2000], [2.5], width=3, label="visits")
    ax.text(2000, 1.2, "12", ha="center", fontsize=7)
    assert "text '12' overlaps the bars 'visits'" in refused(fig)
    fig, ax = clean_figure()
    ax.bar([2000], [2.5], width=3, label="visits")
    style.on_mark(ax.text(2000, 1.2, "12", ha="center", fontsize=7))
    figures.check_figure(fig, "99-test")
    plt.close(fig)


def test_a_legend_over_a_line_is_refused():
    fig, ax = clean_figure()
    ax.legend(loc="upper center")
    assert "text 'Kazakhstan' overlaps the line 'Kazakhstan'" in refused(fig)


# --- size and the convention ---------------------------------------------------------------------------------------

def test_text_under_6_pt_is_refused():
    fig, ax = clean_figure()
    ax.text(1994, 2.8, "52,966", fontsize=5.5)
    assert "text '52,966' is 5.5 pt" in refused(fig, figures.FigureTextTooSmall)


def test_text_outside_7_to_9_pt_breaks_the_convention():
    fig, ax = clean_figure()
    ax.text(1994, 2.8, "52,966", fontsize=6.5)
    assert "text '52,966' at 6.5 pt (text is 7–9 pt)" in refused(fig, figures.FigureConvention)
    fig, ax = clean_figure()
    ax.text(1994, 2.8, "big", fontsize=12)
    assert "text 'big' at 12 pt" in refused(fig, figures.FigureConvention)


def test_an_in_figure_title_is_refused():
    fig, ax = clean_figure()
    fig.subplots_adjust(top=0.8)
    ax.set_title("Trade by year")
    assert "a title 'Trade by year' on a one-panel figure" in refused(fig, figures.FigureConvention)
    fig, ax = clean_figure()
    fig.subplots_adjust(top=0.8)
    fig.suptitle("Trade", fontsize=9)
    assert "an in-figure title 'Trade'" in refused(fig, figures.FigureConvention)


def test_panels_need_their_letters_top_left():
    fig, axes = style.figure("double", ncols=2)
    for ax, (letter, name) in zip(axes, [("a", "Kazakhstan"), (None, "Uzbekistan")]):
        ax.plot([1995, 2000], [1, 2])
        ax.set_xticks([1995, 2000])
        style.panel(ax, letter, name)
    fig.subplots_adjust(left=0.08, bottom=0.15)
    message = refused(fig, figures.FigureConvention)
    assert "panel 'Uzbekistan' without its letter" in message and "Kazakhstan" not in message
    fig, ax = clean_figure()
    fig.subplots_adjust(top=0.85)
    style.panel(ax, None, "Kazakhstan")  # a lone panel may name its country, without a letter
    assert ax.get_title(loc="left") == "Kazakhstan"
    figures.check_figure(fig, "99-test")
    plt.close(fig)
    assert style.letters(1) == [None] and style.letters(3) == ["a", "b", "c"]
    fig, ax = style.figure("single")
    style.panel(ax, "a", "Kazakhstan")
    assert ax.get_title(loc="left") == "(a) Kazakhstan" and ax.title.get_fontweight() == "bold"
    assert ax._left_title.get_fontsize() == style.TITLE_FONT
    plt.close(fig)


def test_year_ticks_fall_on_fives_or_census_rounds():
    fig, ax = clean_figure()
    ax.set_xticks([1992, 1996, 2000, 2004])
    assert "x ticks of panel" in refused(fig, figures.FigureConvention)
    fig, ax = clean_figure()
    ax.set_xlim(1920, 2010)
    ax.set_xticks([1926, 1959, 1989])
    style.census_ticks(ax.xaxis)
    figures.check_figure(fig, "99-test")
    plt.close(fig)
    assert style.year_ticks(1992, 2024) == [1995, 2000, 2005, 2010, 2015, 2020]
    assert style.year_ticks(1992, 2024, 10) == [2000, 2010, 2020]
    with pytest.raises(ValueError):
        style.year_ticks(1992, 2024, 4)


def test_nothing_is_written_when_a_check_fails(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    fig, ax = clean_figure()
    ax.text(1994, 2.8, "tiny", fontsize=5)
    with pytest.raises(figures.FigureTextTooSmall):
        figures.save(fig, "chart", notebook="99-test", caption="c", tables=["trade"], sources=["imf-dots-kor"])
    plt.close(fig)
    assert list(tmp_path.rglob("*")) == []


# --- SVG ----------------------------------------------------------------------------------------------------------

def test_svg_keeps_its_text_as_text_with_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    svgs = []
    for run in ("a", "b"):
        monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path / run))
        fig, _ = clean_figure()
        style.source_line(fig, style.credit_line(["imf-dots-kor"], "99-test-chart"))
        figures.save(fig, "chart", notebook="99-test", caption="c", tables=["trade"], sources=["imf-dots-kor"])
        plt.close(fig)
        svgs.append((tmp_path / run / "99-test-chart.svg").read_bytes())
    assert svgs[0] == svgs[1]
    svg = svgs[0].decode()
    assert "<text" in svg and "USD million" in svg and "Sources: International Monetary Fund" in svg
    assert "DejaVuSans-" not in svg, "glyphs drawn as paths instead of text"


# --- credit line, citations, references -----------------------------------------------------------------------------

def ids(tier):
    return list(SOURCES.loc[SOURCES["tier"] == tier, "source_id"])


def test_the_credit_line_names_the_strongest_sources_first_grouped_by_publisher():
    mixed = ids("weak")[:3] + ids("news")[:2] + ids("statistics")[:3] + ids("official")[:1]
    line = style.credit_line(mixed, "01-x")
    assert line.startswith("Sources: International Monetary Fund, Direction of Trade Statistics; ")
    assert line.count("International Monetary Fund") == 1, "one publisher named once"
    official = style.credit_name(ids("official")[0])
    news = style.credit_name(ids("news")[0])
    assert line.index(official) < line.index(news)
    for weak in ids("weak")[:3]:
        assert style.credit_name(weak) not in line
    assert line.endswith("; full list: 01-x.bib.") and "more" not in line and "others" not in line


def test_every_source_is_credited_by_a_plain_latin_name():
    # the print font has no Hangul, and a [description] used as a title is not a publisher's name
    assert style.credit_name("d-w-times-kang-jae-kwon-childrens-hospital") == "W Times"
    for source_id in SOURCES["source_id"]:
        name = style.credit_name(source_id)
        assert name and not style.HANGUL.search(name) and not re.search(r"[\[\]]", name), (source_id, name)


def test_a_chart_resting_only_on_weak_sources_names_them_marked_weak():
    line = style.credit_line(ids("weak")[:2], "01-x")
    assert line.startswith("Sources: ") and "(weak)" in line
    assert style.credit_line(["imf-dots-kor"], "01-x") == \
        "Sources: International Monetary Fund, Direction of Trade Statistics."


def test_a_long_list_ends_with_the_reference_file_never_and_n_more():
    line = style.credit_line(list(SOURCES["source_id"]), "01-establishment-timeline")
    assert line.endswith("full list: 01-establishment-timeline.bib.")
    assert not re.search(r"and \d+ more|and others", line)
    assert line.count(";") == style.CREDIT_GROUPS


def test_the_texts_examined_are_cited_by_author_and_year():
    texts = SOURCES[SOURCES["author"].fillna("").str.contains("Kwak|Eugene Lee|Nishonova")]
    cited = sorted(style.cite(s) for s in texts["source_id"])
    years = {row.source_id: style.year_of(row.date) for row in texts.itertuples()}
    assert cited == sorted(f"{name} ({years[s]})" for s, name in zip(
        texts["source_id"], [style.surname(a) for a in texts["author"]]))
    assert {c.split(" (")[0] for c in cited} == {"Kwak", "Lee", "Nishonova"}
    assert style.surname("Kwak, Song Woong") == "Kwak" and style.surname("Matteo Fumagalli") == "Fumagalli"
    assert style.surname("G. Ginsburgs; H. Ginsburgs") == "Ginsburgs and Ginsburgs"
    assert style.surname("International Monetary Fund") == "International Monetary Fund"
    assert style.year_of(float("nan")) == "n.d." and style.year_of("2019-10") == "2019"


def test_bibtex_cites_imf_dots_as_the_imf_release_obtained_from_the_repository():
    entry = figures.bibtex(["imf-dots-kor"])
    assert entry.startswith("@misc{imf-dots-kor,")
    assert "author = {International Monetary Fund}" in entry and "publisher = {International Monetary Fund}" in entry
    assert "Obtained from GitHub SamLeBlanc/Direction-of-Trade-Map" in entry and "year = {2022}" in entry


def test_bibtex_never_invents_a_field():
    no_author = SOURCES[SOURCES["author"].isna() & SOURCES["date"].isna()].iloc[0]
    entry = figures.bibtex([no_author["source_id"]])
    assert "author =" not in entry and "year =" not in entry
    assert f"title = {{{figures._bib_escape(no_author['title'])}}}" in entry


def test_the_citation_names_the_project_version_and_the_stem():
    cff = (figures.PROJECT_DIR if hasattr(figures, "PROJECT_DIR") else __import__("korea_central_asia.paths",
           fromlist=["PROJECT_DIR"]).PROJECT_DIR) / "CITATION.cff"
    version = re.search(r"^version:\s*(\S+)", cff.read_text(), re.M).group(1)
    text = figures.citation("02-trade-balance")
    assert f"version {version}" in text and "02-trade-balance" in text


def test_the_data_csv_holds_exactly_the_values_plotted_with_gaps():
    fig, ax = style.figure("single")
    ax.plot([2000, 2001, 2002], [1.5, np.nan, 2.5], label="Kazakhstan")
    ax.bar([2000, 2001], [3, 4], label="Uzbekistan")
    ax.axhline(0)
    ax.set_ylabel("USD million")
    table = figures.plotted_values(fig)
    plt.close(fig)
    line = table[table["series"] == "Kazakhstan"]
    assert list(line["x"]) == [2000, 2001, 2002] and line["y"].iloc[0] == 1.5 and pd.isna(line["y"].iloc[1])
    bars = table[table["series"] == "Uzbekistan"]
    assert list(bars["y"]) == [3, 4] and set(table["y_unit"]) == {"USD million"}
    assert set(table["x_unit"]) == {"year"} and len(table) == 5, "the reference line is not data"
    text = figures.data_csv(table, ["imf-dots-kor"])
    assert text.splitlines()[0] == "panel,series,x,y,x_unit,y_unit,bar_start,source_ids,licence"
    assert ",2001,," in text and text.count("CC-BY-4.0") == 5


def test_paper_tables_write_years_without_separators():
    frame = pd.DataFrame({"claim_id": ["a"], "seed": ["x"], "computed": ["first centre: 1,991; 36,442 families"]})
    text = figures.paper_csv(frame)
    assert "first centre: 1991; 36,442 families" in text and text.startswith("claim_id,text,")


# --- greyscale: a cue besides colour, per country, in print and interactive ------------------------------------

def cues_print(fig):
    """country name -> (hatch, marker, line style) of the first artist drawn with that name as its label."""
    names = set(style.country_labels().values())
    found = {}
    for ax in fig.axes:
        for line in ax.lines:
            if line.get_label() in names:
                found.setdefault(line.get_label(), ("", str(line.get_marker()), str(line.get_linestyle())))
        for container in ax.containers:
            label = container.get_label()
            if label in names and container.patches:
                found.setdefault(label, (container.patches[0].get_hatch() or "", "", ""))
        for collection in ax.collections:
            label = collection.get_label()
            if label in names and collection.get_paths():
                path = collection.get_paths()[0]
                found.setdefault(label, ("", repr(np.round(path.vertices, 2).tolist()), ""))
    return found


def cues_interactive(fig):
    names = set(style.country_labels().values())
    found = {}
    for trace in fig.data:
        name = (trace.name or "").split(",")[0]
        if name not in names:
            continue
        marker = getattr(trace, "marker", None)
        symbol = getattr(marker, "symbol", None) if marker is not None else None
        pattern = getattr(getattr(marker, "pattern", None), "shape", None) if marker is not None else None
        dash = getattr(getattr(trace, "line", None), "dash", None)
        symbol = symbol[0] if isinstance(symbol, (list, tuple)) and symbol else symbol
        pattern = pattern[0] if isinstance(pattern, (list, tuple)) and pattern else pattern
        found.setdefault(name, (str(pattern or ""), str(symbol or "").replace("-open", ""), str(dash or "")))
    return found


def charts():
    from korea_central_asia.charts import people, relations, stages, trade

    return {"lines": trade.lines_by_country(), "stacked bars (shares)": trade.shares_stacked(),
            "stacked bars (visits)": relations.visits_per_year(), "dot timeline": stages.timeline(),
            "markers": relations.forum_sessions(), "census lines and markers": people.census()}


@pytest.fixture(scope="module")
def built_charts():
    made = charts()
    yield made
    for chart in made.values():
        plt.close(chart.figure)


@pytest.mark.parametrize("kind", ["lines", "stacked bars (shares)", "stacked bars (visits)", "dot timeline", "markers",
                                  "census lines and markers"])
def test_every_pair_of_countries_differs_in_more_than_colour(built_charts, kind):
    chart = built_charts[kind]
    views = [("print", cues_print(chart.figure)), ("interactive", cues_interactive(chart.interactive))]
    if kind == "census lines and markers":
        # print gives each country a panel of its own; the interactive chart shares one plot, where the census
        # markers carry the country's symbol (the estimates' symbols say which kind of estimate they are)
        census = go.Figure([t for t in chart.interactive.data if (t.name or "").endswith(", census")])
        views = [("interactive", cues_interactive(census))]  # three countries have census counts
    for where, cues in views:
        assert len(cues) >= (3 if kind.startswith("census") else 4), (kind, where, cues)
        for (a, cue_a), (b, cue_b) in itertools.combinations(sorted(cues.items()), 2):
            assert cue_a != cue_b, f"{kind} ({where}): {a} and {b} differ only in colour ({cue_a})"


def test_country_cues_are_fixed_and_distinct_in_the_style():
    codes = style.COUNTRY_ORDER
    for mapping in (style.HATCHES, style.MARKERS, style.PLOTLY_PATTERNS, style.PLOTLY_SYMBOLS):
        assert len({mapping[c] for c in codes}) == len(codes), mapping
    for c in codes:
        kw = style.bar_kwargs(c)
        assert kw["hatch"] == style.HATCHES[c] and kw["color"] == style.country_colours()[c]
