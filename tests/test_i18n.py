"""Figures in Korean and Russian: one switch, a translation table kept as data, no English left, Hangul drawn from
the vendored font, and byte-identical rebuilds of one figure of each chart kind per language."""
from __future__ import annotations

import csv
import hashlib
import json
import warnings
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from korea_central_asia import figures, i18n, lesson, style  # noqa: E402
from korea_central_asia.paths import PROJECT_DIR  # noqa: E402
from korea_central_asia.validate import validate  # noqa: E402

TRACKED_FIGURES = PROJECT_DIR / "figures"
SIX = ["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG"]
FIVE = SIX[:5]


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_table(data_dir: Path, rows: list[dict]) -> None:
    with (data_dir / "figure_text.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=["en", "ko", "ru", "note"], lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def table_of(monkeypatch):
    """Swap the translation table for a few rows of the test's own."""
    def use(rows: dict[str, tuple[str, str]]):
        made = {en: {"en": en, "ko": ko, "ru": ru, "note": "", "line": str(n + 2)}
                for n, (en, (ko, ru)) in enumerate(rows.items())}
        monkeypatch.setattr(i18n, "table", lambda: made)
    return use


# --- the switch and the table --------------------------------------------------------------------------------

def test_english_is_the_key_and_the_default(table_of):
    table_of({"{country}, Korea-reported": ("{country}, 한국 측 보고", "{country}, по данным Кореи")})
    assert i18n.language() == "en"
    assert i18n.tr("{country}, Korea-reported", country="Kazakhstan") == "Kazakhstan, Korea-reported"
    with i18n.use_language("ko"):
        assert i18n.tr("{country}, Korea-reported", country="카자흐스탄") == "카자흐스탄, 한국 측 보고"
        with i18n.use_language("ru"):
            assert i18n.tr("{country}, Korea-reported", country="Казахстан") == "Казахстан, по данным Кореи"
        assert i18n.language() == "ko"
    assert i18n.language() == "en"


def test_plotly_fields_pass_through_and_line_breaks_become_br(table_of):
    table_of({"%{x}: %{y:,.1f} million\nsource: {source}": ("%{x}년: %{y:,.1f}백만\n출처: {source}",
                                                            "%{x}: %{y:,.1f} млн\nисточник: {source}")})
    with i18n.use_language("ko"):
        assert i18n.tr_html("%{x}: %{y:,.1f} million\nsource: {source}", source="imf-dots-kor") == \
            "%{x}년: %{y:,.1f}백만<br>출처: imf-dots-kor"


def test_a_missing_key_or_translation_fails_naming_the_key(table_of):
    table_of({"Korea's exports": ("한국의 수출", "")})
    with i18n.use_language("ru"), pytest.raises(i18n.UntranslatedText, match=r"line 2, column ru: the key "
                                                                                r"\"Korea's exports\" has no ru"):
        i18n.tr("Korea's exports")
    with i18n.use_language("ko"), pytest.raises(i18n.UntranslatedText, match=r'no row for the key "Imports"'):
        i18n.tr("Imports")
    assert i18n.tr("Imports") == "Imports"  # English needs no row


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="choose one of en, ko, ru"):
        i18n.set_language("de")


def test_russian_numbers_take_a_decimal_comma():
    assert i18n.number(36442.5, 1) == "36,442.5"
    with i18n.use_language("ru"):
        assert i18n.number(36442.5, 1) == "36\u00a0442,5"
        assert i18n.localise_plotly({"layout": {}})["layout"]["separators"] == ",\u00a0"


def test_country_names_follow_the_language_with_the_russian_form_chosen():
    assert style.country_labels()["KGZ"] == "Kyrgyzstan"
    with i18n.use_language("ru"):
        assert style.country_labels()["KGZ"] == "Кыргызстан"
        assert style.country_labels()["TKM"] == "Туркменистан"
    with i18n.use_language("ko"):
        assert style.country_labels()["KAZ"] == "카자흐스탄"


def test_every_country_names_its_choice_of_forms():
    with (PROJECT_DIR / "data" / "countries.csv").open(encoding="utf-8") as handle:
        rows = {row["iso3"]: row for row in csv.DictReader(handle)}
    assert all(row["name_notes"] for row in rows.values())
    assert "Киргизия" in rows["KGZ"]["name_notes"] and "Туркмения" in rows["TKM"]["name_notes"]
    assert rows["KGZ"]["name_ru_source_id"] == "un-m49-ru"


def test_the_table_is_valid_and_complete():
    """Every key has its Korean and Russian text: the figure build needs no fallback."""
    assert [p for p in validate() if p.file == "figure_text.csv"] == []
    with (PROJECT_DIR / "data" / "figure_text.csv").open(encoding="utf-8") as handle:
        empty = [(row["en"], code) for row in csv.DictReader(handle) for code in ("ko", "ru") if not row[code]]
    assert empty == []


@pytest.mark.parametrize("rows, column, message", [
    ([{"en": "{country} exports", "ko": "수출", "ru": "экспорт {country}", "note": ""}], "ko", "placeholders"),
    ([{"en": "Korea's exports", "ko": "한국의 exports", "ru": "экспорт Кореи", "note": ""}], "ko",
     "still English (exports)"),
    ([{"en": "Koryo-saram in the census", "ko": "인구조사의 고려사람", "ru": "корейцы в переписи", "note": ""}], "ru",
     "glossary term 'Koryo-saram'"),
    ([{"en": "The deportation of 1937", "ko": "1937년 이주", "ru": "депортации корейцев 1937 г.", "note": ""}], "ko",
     "glossary term 'Deportation of 1937'"),
])
def test_the_validator_names_the_line_and_column_of_a_bad_translation(data_copy, rows, column, message):
    write_table(data_copy, rows)
    problems = [p for p in validate(data_copy) if p.file == "figure_text.csv"]
    assert [(p.line, p.column) for p in problems] == [(2, column)]
    assert message in problems[0].message


def test_a_russian_case_ending_still_follows_the_glossary(data_copy):
    write_table(data_copy, [{"en": "After the deportation of 1937", "ko": "고려인 강제이주 이후",
                             "ru": "После депортации корейцев", "note": ""}])
    assert [p for p in validate(data_copy) if p.file == "figure_text.csv"] == []


# --- the checks on finished figures ---------------------------------------------------------------------------

def test_a_korean_figure_with_english_left_is_refused_naming_the_key(table_of, tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    table_of({"Exports": ("수출", "Экспорт"), "Imports": ("Imports", "Импорт")})  # a ko cell left in English
    with i18n.use_language("ko"):
        fig, ax = style.figure("single")
        ax.plot([1995, 2000], [1, 2], label=i18n.tr("Exports"))
        ax.set_ylabel(i18n.tr("Imports"))
        ax.set_xticks([1995, 2000])
        fig.subplots_adjust(left=0.2, bottom=0.2)
        with pytest.raises(i18n.UntranslatedText, match=r'the key "Imports" .* still English \(Imports\)'):
            figures.save(fig, "chart", notebook="99-test", caption="수출", alt="수출", tables=[], sources=[],
                         language="ko")
        ax.set_ylabel("Imports, million")  # joined from a key's English output
        with pytest.raises(i18n.UntranslatedText, match=r'holds what the key "Imports" gives'):
            figures.save(fig, "chart", notebook="99-test", caption="수출", alt="수출", tables=[], sources=[],
                         language="ko")
        ax.set_ylabel("Trade, million")  # drawn without tr at all
        with pytest.raises(i18n.UntranslatedText, match=r"'Trade, million' is still English \(Trade, million\) "
                                                        r"and comes from no key of data/figure_text.csv"):
            figures.save(fig, "chart", notebook="99-test", caption="수출", alt="수출", tables=[], sources=[],
                         language="ko")
        plt.close(fig)
    assert not any(tmp_path.rglob("*.png")), "nothing is written when a figure is refused"


def test_an_english_caption_or_plotly_label_is_refused(tmp_path, monkeypatch):
    with pytest.raises(i18n.UntranslatedText, match=r"caption"):
        i18n.check_words("99-test-chart", "ru", caption="Torговля", alt="Торговля")
    spec = {"data": [{"name": "Казахстан", "hovertemplate": "%{x}: %{y} млн<extra></extra>",
                      "customdata": [["a note the data holds, in English"]]}],
            "layout": {"title": {"text": "Торговля"}, "updatemenus": [{"buttons": [{"label": "Log scale"}]}]}}
    with pytest.raises(i18n.UntranslatedText, match=r"updatemenus\[0\]\.buttons\[0\]\.label.*Log scale"):
        i18n.check_plotly(spec, "99-test-chart", "ru")
    spec["layout"]["updatemenus"][0]["buttons"][0]["label"] = "Лог. шкала"
    i18n.check_plotly(spec, "99-test-chart", "ru")  # customdata passes the data through: not checked
    i18n.check_plotly(spec, "99-test-chart", "en")


def test_source_ids_abbreviations_and_citations_are_not_english():
    assert i18n.english_words("출처: imf-dots-kor, IMF DOTS, USD") == []
    assert i18n.english_words(style.cite("kwak-2021") + " 주장") == []
    assert i18n.english_words("Korean side") == ["Korean", "side"]


def test_hangul_comes_from_the_vendored_font_by_path():
    from matplotlib import font_manager

    style.use_print_style()
    found = font_manager.findfont(font_manager.FontProperties(family="NanumGothic"), fallback_to_default=False)
    assert Path(found) == style.HANGUL_FONT
    assert sha(style.HANGUL_FONT) == "48a28e97b34fc8e5b157657633670cd1b7de126cfc414da65ce9c3d5bc8be733"
    bold = font_manager.findfont(font_manager.FontProperties(family="NanumGothic", weight="bold"),
                                 fallback_to_default=False)
    assert Path(bold) == style.HANGUL_BOLD_FONT
    assert sha(style.HANGUL_BOLD_FONT) == "454eb3f503f377782a99eb84fc4bb7dde22a0f075d41b47427737f2985053bc9"
    assert list(matplotlib.rcParams["font.family"]) == ["DejaVu Sans", "NanumGothic"]
    assert Path(font_manager.findfont("DejaVu Sans")).is_relative_to(Path(matplotlib.get_data_path()))


def test_a_glyph_no_font_draws_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    fig, ax = style.figure("single")
    ax.set_xlabel("ሀገር")  # Ethiopic: in neither DejaVu Sans nor NanumGothic
    fig.subplots_adjust(bottom=0.2)
    with pytest.raises(figures.FigureMissingGlyph, match=r"99-test-chart: Glyph \d+ .*missing"):
        figures.save(fig, "chart", notebook="99-test", caption="c", tables=[], sources=[])
    plt.close(fig)
    assert not any(tmp_path.rglob("*.p*"))


# --- one figure of each chart kind per language, rebuilt and compared -----------------------------------------

def _kinds():
    from korea_central_asia.charts import maps, people, relations, stages, trade

    return {
        "bars": ("02-trade", lambda: trade.balance(SIX, (1992, 2024))),
        "lines": ("03-diaspora", lambda: people.census(FIVE, (1926, 2026))),
        "markers on a timeline": ("01-establishment", lambda: relations.timeline(SIX, (1973, 2025), print_from=1987)),
        "map": ("01-establishment", lambda: maps.region_map(SIX, (1973, 2025))),
        "table": ("04-soft-power-stages", lambda: stages.effectiveness()),
    }


@pytest.mark.parametrize("code", i18n.TRANSLATED)
@pytest.mark.parametrize("kind", ["bars", "lines", "markers on a timeline", "map", "table"])
def test_one_figure_of_each_kind_rebuilds_byte_identically(kind, code, tmp_path, monkeypatch):
    """Drawn again in `code` exactly as `make figures` draws it (the lesson's own arguments), with any
    missing-glyph warning an error, every file equals the committed one in figures/<code>/."""
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    notebook, draw = _kinds()[kind]
    nb = lesson.start(notebook, export=True)
    with i18n.use_language(code):
        chart = draw()  # drawn in the language at once: export_translation then does not draw it again
    stem = f"{notebook}-{figures.slug(chart.name)}"
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph .* missing")
        nb.export_translation(chart, code)
    made = sorted(p.relative_to(tmp_path / code).as_posix() for p in (tmp_path / code).rglob("*") if p.is_file())
    page = f"{notebook}-{figures.slug(chart.interactive_name or chart.name)}.html"
    assert made == sorted([f"{stem}.pdf", f"{stem}.png", f"{stem}.svg", f"catalogue/{stem}.json",
                           f"interactive/{page}"])
    for name in made:
        assert sha(tmp_path / code / name) == sha(TRACKED_FIGURES / code / name), \
            f"figures/{code}/{name} differs from its rebuild: run `make figures` and commit figures/"


def test_every_english_figure_has_its_korean_and_russian_twin():
    english = {p.name for p in (TRACKED_FIGURES / "catalogue").glob("*.json")}
    assert len(english) >= 19
    for code in i18n.TRANSLATED:
        folder = TRACKED_FIGURES / code
        assert {p.name for p in (folder / "catalogue").glob("*.json")} == english
        for name in english:
            entry = json.loads((folder / "catalogue" / name).read_text(encoding="utf-8"))
            assert entry["language"] == code
            for text in (entry["caption"], entry["alt"]):
                for kept in entry["kept_names"]:  # citations, publishers and file names, kept on purpose
                    text = text.replace(kept, " ")
                assert i18n.english_words(text, names=False) == [], (name, text)
            for file in entry["files"]:
                assert (folder / file).stat().st_size > 1000
        readme = (folder / "README.md").read_text(encoding="utf-8")
        assert all(name.removesuffix(".json") in readme for name in english)
        assert {p.name for p in (folder / "interactive").glob("*.html")} == \
            {p.name for p in (TRACKED_FIGURES / "interactive").glob("*.html")}


def test_the_translated_pdfs_stay_small():
    """NanumGothic is 4.7 MB; the PDFs embed only the glyphs they use."""
    for code in i18n.TRANSLATED:
        for pdf in (TRACKED_FIGURES / code).glob("*.pdf"):
            english = TRACKED_FIGURES / pdf.name
            assert pdf.stat().st_size < max(3 * english.stat().st_size, 250_000), pdf.name


def test_translated_interactive_pages_share_the_one_local_plotly():
    for code in i18n.TRANSLATED:
        for page in (TRACKED_FIGURES / code / "interactive").glob("*.html"):
            html = page.read_text(encoding="utf-8")
            assert '<script src="../../interactive/plotly.min.js"' in html.replace("charset=\"utf-8\" ", ""), page.name
            assert "cdn." not in html


def test_a_lesson_draws_its_charts_in_the_language_it_starts_with():
    """The researcher's switch: lesson.start(..., language=) draws every following chart in that language."""
    from korea_central_asia.charts import trade

    try:
        lesson.start("02-trade", countries=["KGZ"], years=(2000, 2010), language="ru")
        chart = trade.balance(["KGZ"], (2000, 2010))
        assert chart.language == "ru"
        assert chart.figure.axes[0].get_title(loc="left") == "Кыргызстан"
        assert chart.figure.axes[0].get_ylabel() == i18n.table()["Exports − imports,\ncurrent USD million"]["ru"]
        english = chart.in_language("en")
        assert english.figure.axes[0].get_ylabel() == "Exports − imports,\ncurrent USD million"
        plt.close("all")
    finally:
        i18n.set_language("en")


def test_every_public_chart_function_can_be_drawn_again_in_another_language():
    """The figure build redraws each chart in Korean and Russian from its call: a chart function without @chart
    would leave its figure out of figures/ko/ and figures/ru/ (in_language raises)."""
    import inspect

    from korea_central_asia import charts
    from korea_central_asia.charts import claims, maps, people, relations, stages, trade

    found = []
    for module in (claims, maps, people, relations, stages, trade):
        for name, function in inspect.getmembers(module, inspect.isfunction):
            returns = inspect.signature(function).return_annotation
            if function.__module__ == module.__name__ and not name.startswith("_") and returns in ("Chart", charts.Chart):
                found.append(name)
                assert getattr(function, "is_chart", False), f"{module.__name__}.{name} lacks @chart"
    assert len(found) >= 19
    with pytest.raises(ValueError, match="not marked @chart"):
        charts.Chart(name="x").in_language("ko")


def test_a_line_break_inside_a_glossary_term_still_follows_the_glossary(data_copy):
    write_table(data_copy, [{"en": "The deportation of 1937", "ko": "고려인\\n강제이주", "ru": "депортация\\nкорейцев",
                             "note": ""}])
    assert [p for p in validate(data_copy) if p.file == "figure_text.csv"] == []


def test_alt_text_keeps_a_bracket_whole_and_reads_past_an_abbreviation():
    fig, ax = style.figure("single")
    ax.plot([1995, 2000], [1, 2])
    alt = figures.default_alt(fig, "Calendar years to the first embassy (filled; a line joins readings) and after. "
                                   "More.")
    assert alt == "Lines in one panel showing calendar years to the first embassy (filled; a line joins " \
                  "readings) and after."
    plt.close(fig)
    assert figures._first_clause("Оборот в млн долл. США с 1992 г. по партнёрам. Ещё.") == \
        "Оборот в млн долл. США с 1992 г. по партнёрам"


def test_the_validator_applies_the_glossary_it_validates_beside_the_table(data_copy):
    path = data_copy / "glossary.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("고려사람; 고려인 (Koryoin)", "카레이스키"),
                    encoding="utf-8")
    problems = [p for p in validate(data_copy) if p.file == "figure_text.csv"]
    assert problems and all(p.column == "ko" and "'카레이스키'" in p.message for p in problems)


def test_a_lesson_started_in_korean_exports_into_the_korean_set_never_over_english(tmp_path, monkeypatch):
    from korea_central_asia.charts import trade

    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    try:
        nb = lesson.start("02-trade", countries=["KGZ"], years=(2000, 2010), export=True, language="ko")
        nb.show(trade.balance(nb.countries, nb.years))
    finally:
        i18n.set_language("en")
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.png")) == ["ko/02-trade-balance.png"]
    assert (tmp_path / "ko" / "interactive" / "02-trade-balance.html").exists()
    assert not (tmp_path / "interactive" / "02-trade-balance.html").exists()
