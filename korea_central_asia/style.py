"""One print style for every figure, and a plotly template that matches it.

Sizes follow journal columns: single column 3.4 in, double column 7 in. Colours come from `countries.csv` (the
Okabe–Ito colour-blind-safe palette), one per country everywhere; line styles, markers and hatches also differ per
country, so that a figure still reads in greyscale.

The convention every print figure follows (the exporter and tests/test_exporter_checks.py hold it):

- no in-figure title: the caption (catalogue `caption`) carries it;
- panels are lettered (a), (b), … in bold at their top left (`panel`), a panel's own words after the letter; a
  lone panel may carry its words (a country's name) without a letter, never a figure title;
- year ticks fall on multiples of 5 (`year_ticks`), or on the census rounds themselves;
- all text is 7–9 pt (`FONT_SIZE`, `SMALL_FONT`, `TITLE_FONT`), annotations and the credit line included; the
  exporter refuses anything under 6 pt;
- a label may sit on a bar or marker only where the chart function says so (`on_mark`); the exporter refuses any
  other overlap of text with text, spines, tick labels, lines or markers;
- the credit line under the figure starts "Sources:", strongest tier first (`credit_line`);
- the three texts the collection examines are cited by author and year (`cite`), never by an internal id.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import urlparse

import matplotlib as mpl

SINGLE_COLUMN = 3.4  # inches
DOUBLE_COLUMN = 7.0
FONT_SIZE = 8  # points; panel letters 9, small print (ticks, legends, annotations, credit line) 7
SMALL_FONT = 7
TITLE_FONT = 9
MIN_FONT = 7  # the convention's floor; the exporter refuses anything under REFUSED_BELOW
REFUSED_BELOW = 6

# Greyscale fallbacks, fixed per country like the colours.
LINE_STYLES = {"KAZ": "-", "UZB": "--", "KGZ": "-.", "TJK": ":", "TKM": (0, (5, 1, 1, 1, 1, 1)), "AFG": (0, (1, 2)),
               "KOR": "-", "CA5": "-", "SUN": "--"}
MARKERS = {"KAZ": "o", "UZB": "s", "KGZ": "^", "TJK": "D", "TKM": "v", "AFG": "x", "KOR": "*", "CA5": "P", "SUN": "h"}
# Bars, areas and dots get a hatch per country, so a stacked bar reads without colour.
# Two strokes per cell, not four: hatching is the slowest thing a 300-dpi export draws.
HATCHES = {"KAZ": "", "UZB": "//", "KGZ": "..", "TJK": "\\\\", "TKM": "xx", "AFG": "--",
           "KOR": "++", "CA5": "||", "SUN": "oo"}
# The same cues in plotly's words.
PLOTLY_DASHES = {"KAZ": "solid", "UZB": "dash", "KGZ": "dashdot", "TJK": "dot", "TKM": "longdashdot",
                 "AFG": "3px,3px", "KOR": "solid", "CA5": "solid", "SUN": "dash"}
PLOTLY_SYMBOLS = {"KAZ": "circle", "UZB": "square", "KGZ": "triangle-up", "TJK": "diamond", "TKM": "triangle-down",
                  "AFG": "x", "KOR": "star", "CA5": "cross", "SUN": "hexagon"}
PLOTLY_PATTERNS = {"KAZ": "", "UZB": "/", "KGZ": ".", "TJK": "\\", "TKM": "x", "AFG": "-", "KOR": "+",
                   "CA5": "|", "SUN": "x"}
CENTRAL_ASIA = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
COUNTRY_ORDER = CENTRAL_ASIA + ["AFG"]

PRINT_RC = {
    # DejaVu Sans ships with matplotlib and draws Latin and Cyrillic; NanumGothic, vendored in fonts/, draws Hangul
    # (matplotlib falls back glyph by glyph along this list). Both come with the project, so every machine renders
    # the same glyphs.
    "font.family": ["DejaVu Sans", "NanumGothic"],
    "font.size": FONT_SIZE,
    "axes.titlesize": TITLE_FONT,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": FONT_SIZE,
    "xtick.labelsize": SMALL_FONT,
    "ytick.labelsize": SMALL_FONT,
    "legend.fontsize": SMALL_FONT,
    "legend.frameon": False,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.5,
    "lines.linewidth": 1.2,
    "lines.markersize": 3.5,
    "figure.dpi": 100,
    "savefig.dpi": 300,
    "savefig.bbox": "standard",
    "svg.hashsalt": "korea-central-asia",  # fixed ids in SVG output, so rebuilds are byte-identical
    "svg.fonttype": "none",  # text stays text (editable in Inkscape or Illustrator); DejaVu Sans is named
    "hatch.linewidth": 0.6,
    "pdf.fonttype": 42,
    "path.simplify": True,
}


@functools.lru_cache(maxsize=1)
def country_colours() -> dict[str, str]:
    """iso3 -> hex colour, from countries.csv."""
    from .data import load

    countries = load("countries")
    return dict(zip(countries["iso3"], countries["colour"]))


def country_labels() -> dict[str, str]:
    """iso3 -> the country's name in the figures' language (`i18n`), from countries.csv: name_en, name_ko or
    name_ru (where several forms are in use, `name_notes` says which is shown and why)."""
    from .i18n import language

    return _country_labels(language())


@functools.lru_cache(maxsize=None)
def _country_labels(code: str) -> dict[str, str]:
    from .data import load

    countries = load("countries")
    return dict(zip(countries["iso3"], countries[f"name_{code}"]))


def line_kwargs(iso3: str) -> dict:
    """matplotlib keyword arguments that draw one country the same way in every figure."""
    return {"color": country_colours().get(iso3, "#444444"), "linestyle": LINE_STYLES.get(iso3, "-"),
            "marker": MARKERS.get(iso3, None), "label": country_labels().get(iso3, iso3)}


def bar_kwargs(iso3: str, hatch: bool = True) -> dict:
    """matplotlib keyword arguments for one country's bars, areas or dots: its colour and its fixed hatch.
    `hatch=False` where a panel holds one country only and names it, so no hatch is needed to tell it apart.

        ax.bar(years, values, **style.bar_kwargs("UZB"))
    """
    colour = country_colours().get(iso3, "#444444")
    return {"color": colour, "hatch": HATCHES.get(iso3, "") if hatch else "",
            "edgecolor": _hatch_ink(colour) if hatch else colour, "linewidth": 0.3,
            "label": country_labels().get(iso3, iso3)}


def _hatch_ink(colour: str) -> str:
    """Black hatching on light fills, white on dark ones, so the hatch shows in greyscale."""
    rgb = mpl.colors.to_rgb(colour)
    return "#FFFFFF" if 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2] < 0.45 else "#222222"


def plotly_cues(iso3: str) -> dict:
    """The country's greyscale cues for plotly: line dash, marker symbol and bar pattern, as in print."""
    return {"dash": PLOTLY_DASHES.get(iso3, "solid"), "symbol": PLOTLY_SYMBOLS.get(iso3, "circle"),
            "pattern": PLOTLY_PATTERNS.get(iso3, "")}


def panel(ax, letter: str | None, words: str = "") -> None:
    """Label a panel at its top left: '(a)' in bold, then the panel's own words, 9 pt.

        style.panel(ax, "a", "Kazakhstan")
    """
    text = " ".join(part for part in (f"({letter})" if letter else "", words) if part)
    ax.set_title(text, loc="left", fontsize=TITLE_FONT, fontweight="bold")
    ax._kca_panel = True  # a panel's label, not a figure title


def letters(count: int) -> list[str | None]:
    """Panel letters a, b, c, … for `count` panels; a lone panel gets none: letters(1) -> [None]."""
    return [None] if count == 1 else [chr(ord("a") + i) for i in range(count)]


def year_ticks(first: int, last: int, step: int = 5) -> list[int]:
    """Year ticks on multiples of `step` (5 or 10) within first..last: year_ticks(1992, 2024) -> [1995, ..., 2020]."""
    if step % 5:
        raise ValueError("year ticks fall on multiples of 5 (or on census rounds)")
    return list(range(-(-first // step) * step, last + 1, step))


def census_ticks(axis) -> None:
    """Declare that an axis's year ticks are the census rounds themselves (1926, 1939, …), not multiples of 5."""
    axis._kca_census_ticks = True


def on_mark(artist):
    """Declare that a text artist sits on a bar or marker on purpose; the exporter then allows that overlap only.

        style.on_mark(ax.text(x, y, "12", ha="center"))
    """
    artist._kca_on_mark = True
    return artist


FONTS_DIR = Path(__file__).parent / "fonts"
HANGUL_FONT = FONTS_DIR / "NanumGothic.ttf"
HANGUL_BOLD_FONT = FONTS_DIR / "NanumGothicBold.ttf"  # panel letters and titles are bold


@functools.lru_cache(maxsize=1)
def register_fonts() -> None:
    """Register the vendored NanumGothic (regular and bold) by its path: a font matplotlib cannot find draws empty boxes without an
    error, and one installed on the system could differ from machine to machine."""
    import logging

    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(HANGUL_FONT))
    font_manager.fontManager.addfont(str(HANGUL_BOLD_FONT))
    # Subsetting NanumGothic for a PDF reports, per figure, that its hinting-source tables (TSI*) are dropped;
    # they are only for font editors, so the notice says nothing a reader of the build can act on.
    logging.getLogger("fontTools.subset").setLevel(logging.ERROR)
    # NanumGothic Bold declares weight 600, so a bold panel title finds it with a notice per figure ("Failed to
    # find font weight bold for NanumGothic, now using 600"); that is the font we want. Other notices still show.
    logging.getLogger("matplotlib.font_manager").addFilter(
        lambda record: not record.getMessage().startswith("findfont: Failed to find font weight bold for NanumGothic"))


def use_print_style() -> None:
    register_fonts()
    mpl.rcParams.update(PRINT_RC)


def figure(width: str = "single", height: float | None = None, **subplots):
    """A new figure at a journal column width ('single' or 'double'); returns (fig, axes)."""
    import matplotlib.pyplot as plt

    use_print_style()
    inches = SINGLE_COLUMN if width == "single" else DOUBLE_COLUMN
    height = height if height is not None else inches * (0.72 if width == "single" else 0.45)
    return plt.subplots(figsize=(inches, height), **subplots)


def room_for_row_names(fig, ax, edge_inches: float = 0.02) -> None:
    """Widen the left margin just enough that the y tick labels (row or country names) start `edge_inches` inside
    the canvas: a Korean or Russian name can run longer than the English one. A figure whose names fit, as every
    English one does, keeps its margin exactly.

        fig.subplots_adjust(left=0.24, right=0.97)
        style.room_for_row_names(fig, ax)
    """
    renderer = fig.canvas.get_renderer()
    starts = [label.get_window_extent(renderer).x0 for label in ax.get_yticklabels() if label.get_text()]
    start = min(starts, default=edge_inches * fig.dpi) / fig.dpi
    if start < edge_inches:
        fig.subplots_adjust(left=round(fig.subplotpars.left + (edge_inches - start) / fig.get_figwidth(), 3))


CREDIT_CHAR_PT = 0.6 * SMALL_FONT  # an average advance of DejaVu Sans at 7 pt (a little generous), for wrapping


def source_line(fig, text: str) -> None:
    """The credit line under the figure, in small print (`text` from `credit_line`, starting "Sources:").

    The canvas grows at the bottom by the lines the credit needs, and everything drawn so far moves up with it, so
    the credit never sits on an axis label, tick label or legend.
    """
    import textwrap

    from matplotlib.transforms import Bbox

    width, height = fig.get_size_inches()
    lines = textwrap.wrap(text, width=max(20, int(width * 72 * 0.97 / CREDIT_CHAR_PT)), break_on_hyphens=False)
    extra = (len(lines) * SMALL_FONT * 1.25 + 4) / 72  # inches
    new_height = height + extra

    def lift(y0, h):
        return (y0 * height + extra) / new_height, h * height / new_height

    anchors = []
    for legend in fig.legends:
        box = legend.get_bbox_to_anchor().transformed(fig.transFigure.inverted())
        anchors.append((legend, box))
    positions = [(ax, ax.get_position()) for ax in fig.axes]
    texts = [(t, t.get_position()) for t in fig.texts]
    fig.set_size_inches(width, new_height, forward=False)
    for ax, pos in positions:
        y0, h = lift(pos.y0, pos.height)
        ax.set_position([pos.x0, y0, pos.width, h])
    for legend, box in anchors:
        y0, h = lift(box.y0, box.height)
        legend.set_bbox_to_anchor(Bbox.from_bounds(box.x0, y0, box.width, h), transform=fig.transFigure)
    for t, (x, y) in texts:
        t.set_position((x, lift(y, 0)[0]))
    from .i18n import proper_names

    # Publishers and authors keep the names their sources give (in Latin script); the words around them are
    # translated by credit_line.
    proper_names(fig.text(0.01, 2 / 72 / new_height, "\n".join(lines), fontsize=SMALL_FONT, color="#444444",
                          ha="left", va="bottom", linespacing=1.1))


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")
TIERS = ("statistics", "official", "scholarly", "news", "encyclopedia", "weak")
CREDITED_TIERS = ("statistics", "official", "scholarly", "news")  # weaker tiers are left to the full list
CREDIT_GROUPS = 4  # publishers named in the credit line before it points to the full list
# Korean family names in Latin letters, to tell "Eugene Lee" (surname last) from "Kwak Song Woong" (surname first).
KOREAN_SURNAMES = {"kim", "lee", "yi", "park", "pak", "choi", "choe", "jung", "jeong", "kang", "cho", "yoon", "yun",
                   "jang", "lim", "im", "han", "oh", "seo", "shin", "kwon", "hwang", "ahn", "an", "song", "yoo", "ryu",
                   "hong", "jeon", "ko", "moon", "mun", "yang", "son", "bae", "baek", "heo", "nam", "noh", "roh", "ha",
                   "kwak", "sung", "cha", "joo", "woo", "min", "ryoo", "chang", "chung", "lyu", "tak", "ra", "na"}


def tier_order(tier) -> int:
    """Rank of a tier, strongest first (statistics 0 … weak 5); a missing or unknown tier ranks as weak."""
    return TIERS.index(tier) if tier in TIERS else len(TIERS) - 1


@functools.lru_cache(maxsize=1)
def _sources():
    from .data import load

    return load("sources").set_index("source_id")


def _latin(*candidates) -> str:
    """The first candidate in Latin script: the print font has no Hangul."""
    return next((c for c in candidates if isinstance(c, str) and c.strip() and not HANGUL.search(c)), "")


ORGANISATION = re.compile(r"\b(Fund|Ministry|Office|Committee|Bank|Agency|Service|Statistics|Statistical|Government|"
                          r"Embassy|Institute|University|Foundation|Organi[sz]ation|Council|Department|Bureau|"
                          r"Association|Cent(?:er|re)|Commission|Administration|Archives?|Press|News|Board|Minister)\b", re.I)


SLAVIC_SURNAME = re.compile(r"(?:ova|ov|eva|ev|yeva|yev|ina|in|sky|skiy|skaya|enko|uly|kyzy|qizi)$", re.I)


def _family_name(person: str) -> str:
    """One person's family name: before a comma ("Kwak, Song Woong"); else a Korean family name wherever it stands
    ("Eugene Lee", "Kwak Song Woong"); else a Russian-style family name ("Nishonova Zulfiya", "Sultanov B.K.");
    else the last word ("Matteo Fumagalli")."""
    if "," in person:
        return person.split(",")[0].strip()
    words = [w for w in person.split() if not re.fullmatch(r"(?:[A-Z]\.)+", w)] or person.split()
    if not words:
        return ""
    korean = [w for w in words if w.lower() in KOREAN_SURNAMES]
    slavic = [w for w in words if SLAVIC_SURNAME.search(w) and len(w) > 4]
    return (korean or slavic or words[-1:])[0]


def surname(author: str) -> str:
    """How an author field is cited: the family name of one author, 'A and B' for two, 'A et al.' for more; a body
    (ministry, fund, agency) by its whole name. Affiliations in brackets are dropped.

        surname("Kwak Song Woong (Hanyang University)")  # -> 'Kwak'
    """
    name = re.sub(r"\s*\(.*?\)", "", str(author)).strip()
    if ORGANISATION.search(name):
        return name
    people = [p for p in re.split(r"\s*(?:;|&|\band\b)\s*", name) if p.strip()]
    names = [_family_name(p) for p in people]
    if len(names) > 2:
        return f"{names[0]} et al."
    return " and ".join(names)


def year_of(date) -> str:
    """The year of a source's date ('2019-10' -> '2019'); 'n.d.' when there is none. Never inferred."""
    match = re.match(r"\s*(\d{4})", "" if date is None or (isinstance(date, float) and date != date) else str(date))
    return match.group(1) if match else "n.d."


def cite(source_id: str) -> str:
    """Author and year of a source from sources.csv, as a reader cites it: cite(<Kwak's essay>) -> 'Kwak (2021)'.

    Without an author the publisher stands in; without a date the year is 'n.d.'. Every chart, caption, legend and
    hover text names the texts the collection examines this way, never by their ids.
    """
    sources = _sources()
    if source_id not in sources.index:
        return str(source_id)
    row = sources.loc[source_id]
    from .i18n import keep_name

    who = surname(row["author"]) if isinstance(row["author"], str) and row["author"].strip() else \
        _latin(str(row["publisher"]).split(" (")[0], row["title"])
    return keep_name(f"{who} ({year_of(row['date'])})")  # a citation reads the same in every figure language


def credit_name(source_id: str) -> str:
    """The name a source is credited under: its publisher (Latin script, no brackets); a statistical release adds
    its title, e.g. 'International Monetary Fund, Direction of Trade Statistics'."""
    sources = _sources()
    row = sources.loc[source_id]
    domain = urlparse(row["url"]).netloc.removeprefix("www.") if str(row["url"]).startswith("http") else ""
    if not _latin(row["publisher"]) and _latin(row["author"]):
        return cite(source_id)  # a text with an author but no venue: by author and year
    # "W Times (더블유타임즈)" is credited as "W Times": the part in brackets is dropped before the script check,
    # and a title given as a [description] loses its brackets
    plain = [v.split(" (")[0].strip().strip("[]") if isinstance(v, str) else v for v in (row["publisher"], row["title"])]
    name = _latin(*plain, domain, source_id).split(" (")[0].strip()
    title = row["title"]
    if row.get("tier") == "statistics" and isinstance(title, str) and ":" in title and not HANGUL.search(title):
        release = title.split(":")[0].strip()  # a dataset's name before the table's, as in IMF DOTS
        if release and len(release.split()) <= 6 and release.lower() not in name.lower():
            name = f"{name}, {release}"
    return name


def credit_line(source_ids, stem: str | None = None) -> str:
    """The figure's credit line: "Sources: " and the publishers, strongest tier first (statistics, official,
    scholarly, news), each publisher once; encyclopedias and weak sources are left to the full list, unless the
    chart rests on nothing stronger, when they are named and marked "(weak)". It never says "and N more": where
    something is left out it ends "full list: <stem>.bib".

        credit_line(["imf-dots-kor", "imf-dots-kaz"], "02-trade-balance")
        # -> 'Sources: International Monetary Fund, Direction of Trade Statistics.'
    """
    from .i18n import tr

    sources = _sources()
    ids = [s for s in dict.fromkeys(source_ids) if s in sources.index]
    if not ids:
        return tr("Sources: none recorded.")
    ranked = sorted(ids, key=lambda s: (tier_order(sources.loc[s].get("tier")), ids.index(s)))
    strong = [s for s in ranked if sources.loc[s].get("tier") in CREDITED_TIERS]
    chosen, weak = (strong, False) if strong else (ranked, True)
    groups = list(dict.fromkeys(credit_name(s) for s in chosen))
    named = groups[:CREDIT_GROUPS]
    text = "; ".join(tr("{name} (weak)", name=name) if weak else name for name in named)
    left_out = len(named) < len(groups) or len(chosen) < len(ids)
    if left_out and stem:
        return tr("Sources: {names}; full list: {file}.", names=text, file=f"{stem}.bib")
    return tr("Sources: {names}.", names=text)


def source_text(source_ids, stem: str | None = None) -> str:
    """The credit line (kept under its old name): see `credit_line`."""
    return credit_line(source_ids, stem)


# --- plotly ----------------------------------------------------------------------------------------

PLOTLY_TEMPLATE_NAME = "korea_central_asia"


def plotly_template():
    """A small self-contained template: white background, light grid, the print font and the country palette.

    It is deliberately not merged with plotly's built-in templates: every new figure copies its template, and the
    built-ins carry defaults for every trace type, which made each figure noticeably slower to create.
    """
    import plotly.graph_objects as go

    colours = country_colours()
    axis = {"gridcolor": "#EEEEEE", "linecolor": "#444444", "ticks": "outside", "zerolinecolor": "#CCCCCC",
            "automargin": True, "showline": True}
    return go.layout.Template(layout=go.Layout(
        font={"family": "DejaVu Sans, Arial, sans-serif", "size": 13, "color": "#222222"},
        colorway=[colours[c] for c in COUNTRY_ORDER],
        paper_bgcolor="white", plot_bgcolor="white",
        xaxis=axis, yaxis=axis,
        hoverlabel={"font": {"size": 12}, "align": "left"},
        hovermode="closest",
        legend={"itemclick": "toggle", "itemdoubleclick": "toggleothers"},
        margin={"l": 60, "r": 20, "t": 60, "b": 60},
        title={"x": 0.02},
    ))


def use_plotly_defaults() -> None:
    """Register the template and make it the default for every new plotly figure."""
    import plotly.io as pio

    pio.templates[PLOTLY_TEMPLATE_NAME] = plotly_template()
    pio.templates.default = PLOTLY_TEMPLATE_NAME


def plotly_colour_map() -> dict[str, str]:
    """Colour map keyed by English name and by code, for plotly express."""
    colours = country_colours()
    labels = country_labels()
    return {**colours, **{labels[k]: v for k, v in colours.items() if k in labels}}
