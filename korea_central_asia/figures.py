"""Save charts: print figures as PDF, SVG and 300-dpi PNG with identical bytes on every build, interactive charts as
offline HTML, and a catalogue entry for each so `figures/README.md` can say what made it from which data.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .atomic import atomic_path, write_text
from .paths import figures_dir

FORMATS = ("pdf", "svg", "png")
# Metadata that would change between builds (dates, software versions) is left out.
METADATA = {
    "pdf": {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None},
    "svg": {"Creator": None, "Date": None, "Format": None, "Type": None},
    "png": {"Software": None},
}
PLOTLY_JS = "plotly.min.js"
OVERFLOW_TOLERANCE_IN = 0.005  # about 0.1 mm: anything further past the edge is cut off in print


class FigureOverflow(ValueError):
    """A label, title, annotation or legend reaches past the edge of the canvas and would be cut off."""


def text_overflow(fig) -> dict[str, float]:
    """How far (inches) any visible text or legend reaches past each edge of the canvas; empty when all fits.

    Tick labels are measured through their axes, which count only the ticks actually drawn; other artists (lines,
    markers) are left out, since matplotlib clips them to their axes or they are deliberate.
    """
    from matplotlib.text import Text

    fig.draw_without_rendering()  # positions and ticks are settled only by a draw; this one paints no pixels
    tick_labels = {id(label) for ax in fig.axes for axis in (ax.xaxis, ax.yaxis)
                   for tick in axis.get_major_ticks() + axis.get_minor_ticks() for label in (tick.label1, tick.label2)}
    texts = [t for t in fig.findobj(Text) if t.get_visible() and t.get_text() and id(t) not in tick_labels]
    texts += [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)
    box = fig.get_tightbbox(fig.canvas.get_renderer(), bbox_extra_artists=texts)
    width, height = fig.get_size_inches()
    beyond = {"left": -box.x0, "bottom": -box.y0, "right": box.x1 - width, "top": box.y1 - height}
    return {side: round(float(inches), 3) for side, inches in beyond.items() if inches > OVERFLOW_TOLERANCE_IN}


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _catalogue_dir() -> Path:
    return figures_dir() / "catalogue"


def save(fig, name: str, *, notebook: str, caption: str, tables, sources, width: str = "single") -> list[Path]:
    """Write figures/<notebook>-<name>.{pdf,svg,png}; each file appears whole or not at all.

    A figure with text past the edge of its canvas raises FigureOverflow before any file is written.

    `tables` are the tables the chart reads and `sources` the source ids behind it; both go to the catalogue.
    With KCA_SKIP_PRINT_EXPORT=1 (set by the test suite for its nbval run, whose figures the figure tests build
    anyway) only the catalogue entry is written, which saves about a second per figure.
    """
    import matplotlib as mpl

    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    mpl.rcParams["svg.hashsalt"] = "korea-central-asia"
    stem = f"{notebook}-{slug(name)}"
    folder = figures_dir()
    written = []
    formats = () if os.environ.get("KCA_SKIP_PRINT_EXPORT") == "1" else FORMATS
    overflow = text_overflow(fig) if formats else {}
    if overflow:
        edges = ", ".join(f"{side} by {inches} in" for side, inches in overflow.items())
        raise FigureOverflow(f"{stem}: text reaches past the canvas ({edges}) and would be cut off in print; widen "
                             "that margin (fig.subplots_adjust) or shorten the label. Nothing was written.")
    for fmt in formats:
        target = folder / f"{stem}.{fmt}"
        with atomic_path(target) as tmp:
            fig.savefig(tmp, format=fmt, dpi=300, metadata=METADATA[fmt])
        written.append(target)
    entry = {"stem": stem, "notebook": notebook, "caption": caption, "width": width,
             "tables": sorted(set(tables)), "sources": sorted(set(sources)),
             "files": [f"{stem}.{fmt}" for fmt in FORMATS]}
    write_text(_catalogue_dir() / f"{stem}.json", json.dumps(entry, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return written


def saver(notebook: str):
    """`save` bound to one notebook, so each call names only the chart."""
    def bound(fig, name: str, **kwargs) -> list[Path]:
        return save(fig, name, notebook=notebook, **kwargs)
    return bound


def shared_plotly_js(folder: Path) -> Path:
    """One copy of plotly.js from the installed package beside the pages that use it (never a CDN)."""
    from plotly.offline import get_plotlyjs

    target = folder / PLOTLY_JS
    if not target.exists():
        write_text(target, get_plotlyjs())
    return target


def save_interactive(fig, name: str, *, notebook: str) -> Path:
    """Write figures/interactive/<notebook>-<name>.html that works offline with the shared plotly.min.js.

    `fig` is a plotly figure or its plain-JSON dict (as from `plotly.io.to_json`), which is written as it is.
    """
    import plotly.io as pio

    folder = figures_dir() / "interactive"
    shared_plotly_js(folder)
    stem = f"{notebook}-{slug(name)}"
    html = pio.to_html(fig, include_plotlyjs=PLOTLY_JS, full_html=True, div_id=stem, validate=False,
                       config={"displaylogo": False, "responsive": True})
    target = folder / f"{stem}.html"
    write_text(target, html)
    return target
