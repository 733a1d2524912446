"""One print style for every figure, and a plotly template that matches it.

Sizes follow journal columns: single column 3.4 in, double column 7 in, text 7–9 pt. Colours come from
`countries.csv` (the Okabe–Ito colour-blind-safe palette), one per country everywhere; line styles and markers also
differ per country so that a figure still reads in greyscale.
"""
from __future__ import annotations

import functools
import re
from urllib.parse import urlparse

import matplotlib as mpl

SINGLE_COLUMN = 3.4  # inches
DOUBLE_COLUMN = 7.0
FONT_SIZE = 8  # points; titles 9, small print 7
SMALL_FONT = 7

# Greyscale fallbacks, fixed per country like the colours.
LINE_STYLES = {"KAZ": "-", "UZB": "--", "KGZ": "-.", "TJK": ":", "TKM": (0, (5, 1, 1, 1, 1, 1)), "AFG": (0, (1, 2)),
               "KOR": "-", "CA5": "-", "SUN": "--"}
MARKERS = {"KAZ": "o", "UZB": "s", "KGZ": "^", "TJK": "D", "TKM": "v", "AFG": "x", "KOR": "*", "CA5": "P", "SUN": "h"}
CENTRAL_ASIA = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
COUNTRY_ORDER = CENTRAL_ASIA + ["AFG"]

PRINT_RC = {
    "font.family": "DejaVu Sans",  # ships with matplotlib, so every machine renders the same glyphs
    "font.size": FONT_SIZE,
    "axes.titlesize": FONT_SIZE + 1,
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
    "svg.fonttype": "path",
    "pdf.fonttype": 42,
    "path.simplify": True,
}


@functools.lru_cache(maxsize=1)
def country_colours() -> dict[str, str]:
    """iso3 -> hex colour, from countries.csv."""
    from .data import load

    countries = load("countries")
    return dict(zip(countries["iso3"], countries["colour"]))


@functools.lru_cache(maxsize=1)
def country_labels() -> dict[str, str]:
    from .data import load

    countries = load("countries")
    return dict(zip(countries["iso3"], countries["name_en"]))


def line_kwargs(iso3: str) -> dict:
    """matplotlib keyword arguments that draw one country the same way in every figure."""
    return {"color": country_colours().get(iso3, "#444444"), "linestyle": LINE_STYLES.get(iso3, "-"),
            "marker": MARKERS.get(iso3, None), "label": country_labels().get(iso3, iso3)}


def use_print_style() -> None:
    mpl.rcParams.update(PRINT_RC)


def figure(width: str = "single", height: float | None = None, **subplots):
    """A new figure at a journal column width ('single' or 'double'); returns (fig, axes)."""
    import matplotlib.pyplot as plt

    use_print_style()
    inches = SINGLE_COLUMN if width == "single" else DOUBLE_COLUMN
    height = height if height is not None else inches * (0.72 if width == "single" else 0.45)
    return plt.subplots(figsize=(inches, height), **subplots)


def source_line(fig, text: str) -> None:
    """A short source note under the figure, in small print."""
    fig.text(0.01, 0.005, f"Source: {text}", fontsize=SMALL_FONT - 1, color="#555555", ha="left", va="bottom",
             wrap=True)


HANGUL = re.compile("[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]")


def source_text(source_ids) -> str:
    """A compact source line from source ids: publishers and titles, shortened."""
    from .data import load

    sources = load("sources").set_index("source_id")
    names = []
    for source_id in dict.fromkeys(source_ids):
        row = sources.loc[source_id]
        domain = urlparse(row["url"]).netloc.removeprefix("www.") if str(row["url"]).startswith("http") else ""
        candidates = [row["publisher"], row["title"], domain, source_id]
        # The print font has no Hangul; fall back to a Latin-script name, then to the site's address.
        name = next(c for c in candidates if isinstance(c, str) and not HANGUL.search(c))
        names.append(name.split(" (")[0])
    names = list(dict.fromkeys(names))
    text = "; ".join(names[:4])
    return text + (f"; and {len(names) - 4} more" if len(names) > 4 else "")


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
