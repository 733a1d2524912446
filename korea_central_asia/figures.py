"""Save charts: print figures as PDF, SVG and 300-dpi PNG with identical bytes on every build, interactive charts as
offline HTML, and a catalogue entry for each so `figures/README.md` can say what made it from which data.
"""
from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import warnings
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


class FigureCollision(ValueError):
    """Visible text overlaps other text, a spine, tick labels, or a line, marker or bar drawn in the axes."""


class FigureConvention(ValueError):
    """The figure breaks the convention written in `style` (titles, panel letters, text sizes, year ticks)."""


class FigureTextTooSmall(ValueError):
    """Text under style.REFUSED_BELOW points: unreadable in print."""


COLLISION_TOLERANCE_PX = 1.0  # at the layout's 100 dpi: 0.01 in; boxes that merely touch are not a collision


class Layout:
    """One layout pass over a figure, shared by every check: the text boxes, spines and marks in display pixels.

    The figure is drawn once without painting (`draw_without_rendering`); the edge check, the collision check and
    the size check all read the boxes this pass measured.
    """

    def __init__(self, fig):
        from matplotlib.text import Text

        fig.draw_without_rendering()
        self.fig = fig
        self.renderer = fig.canvas.get_renderer()
        self.dpi = fig.dpi
        self.tick_labels = {}
        for ax in fig.axes:
            for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                for tick in axis.get_major_ticks() + axis.get_minor_ticks():
                    for label in (tick.label1, tick.label2):
                        self.tick_labels[id(label)] = (ax, name)
        self.texts = []  # (Text, Bbox, description)
        for text in fig.findobj(Text):
            if not (text.get_visible() and text.get_text().strip() and _shown(text)):
                continue
            if id(text) in self.tick_labels and not _tick_drawn(text, self.tick_labels[id(text)], self.renderer):
                continue
            # An annotation's own box, without its leader line (which is meant to reach its mark).
            box = Text.get_window_extent(text, self.renderer)
            self.texts.append((text, box, self.describe(text)))
        self.legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + list(fig.legends)

    # --- names a reader can find in the figure -------------------------------------------------------------------
    def panel_name(self, ax) -> str:
        title = ax.get_title(loc="left") or ax.get_title() or ax.get_ylabel().replace("\n", " ")
        return f"panel {title!r}" if title else f"panel {self.fig.axes.index(ax) + 1}"

    def describe(self, text) -> str:
        words = text.get_text().replace("\n", " ")
        if id(text) in self.tick_labels:
            ax, name = self.tick_labels[id(text)]
            return f"{name} tick label {words!r} of {self.panel_name(ax)}"
        return f"text {words!r}"

    # --- the checks ----------------------------------------------------------------------------------------------
    def overflow(self) -> dict[str, float]:
        """How far (inches) any visible text or legend reaches past each edge of the canvas; empty when all fits."""
        boxes = [box for _, box, _ in self.texts] + [legend.get_window_extent(self.renderer) for legend in self.legends]
        if not boxes:
            return {}
        width, height = self.fig.bbox.width, self.fig.bbox.height
        beyond = {"left": -min(b.x0 for b in boxes), "bottom": -min(b.y0 for b in boxes),
                  "right": max(b.x1 for b in boxes) - width, "top": max(b.y1 for b in boxes) - height}
        return {side: round(float(px / self.dpi), 3) for side, px in beyond.items()
                if px / self.dpi > OVERFLOW_TOLERANCE_IN}

    def too_small(self) -> list[str]:
        from .style import REFUSED_BELOW

        return [f"{name} is {text.get_fontsize():g} pt" for text, _, name in self.texts
                if text.get_fontsize() < REFUSED_BELOW]

    def convention(self) -> list[str]:
        """Breaches of the print convention (see `style`): no in-figure title; panels lettered (a), (b) … at top
        left when there are several; text 7–9 pt; year ticks on multiples of 5 unless the axis shows census
        rounds (`style.census_ticks`)."""
        from .style import MIN_FONT, TITLE_FONT

        found = []
        if self.fig._suptitle is not None and self.fig._suptitle.get_text():
            found.append(f"an in-figure title {self.fig._suptitle.get_text()!r} (the caption carries the title)")
        panels = [ax for ax in self.fig.axes if ax.get_visible() and ax.axison or (ax.get_visible() and ax.tables)]
        for ax in panels:
            for loc in ("center", "right"):
                if ax.get_title(loc=loc):
                    found.append(f"a title {ax.get_title(loc=loc)!r} that is not a panel letter")
            title = ax.get_title(loc="left")
            if len(panels) > 1 and not re.match(r"^\([a-z]\)", title):
                found.append(f"panel {title or self.fig.axes.index(ax) + 1!r} without its letter (a), (b) …")
            if len(panels) == 1 and title and not getattr(ax, "_kca_panel", False):
                found.append(f"a title {title!r} on a one-panel figure (the caption carries the title)")
            for name, axis in (("x", ax.xaxis), ("y", ax.yaxis)):
                if getattr(axis, "_kca_census_ticks", False):
                    continue
                years = [label.get_text() for label in axis.get_ticklabels()
                         if re.fullmatch(r"1[89]\d\d|20\d\d", label.get_text())]
                odd = [y for y in years if int(y) % 5]
                if odd and len(years) == len([t for t in axis.get_ticklabels() if t.get_text()]):
                    found.append(f"{name} ticks of {self.panel_name(ax)} at {', '.join(odd)} (years on multiples of 5)")
        for text, _, name in self.texts:
            if not MIN_FONT <= text.get_fontsize() <= TITLE_FONT:
                found.append(f"{name} at {text.get_fontsize():g} pt (text is 7–9 pt)")
        return found

    def collisions(self) -> list[str]:
        """Each overlap as 'A overlaps B', both named as the reader sees them."""
        found = []
        texts = self.texts
        for i, (_, box_a, name_a) in enumerate(texts):
            for _, box_b, name_b in texts[i + 1:]:
                if _overlap(box_a, box_b):
                    found.append(f"{name_a} overlaps {name_b}")
        for ax in self.fig.axes:
            if not ax.get_visible():
                continue
            spines = [(f"the {side} spine of {self.panel_name(ax)}", spine.get_window_extent(self.renderer))
                      for side, spine in ax.spines.items() if spine.get_visible()]
            marks = list(self._marks(ax))
            for text, box, name in texts:
                for spine_name, spine_box in spines:
                    if _overlap(box, spine_box.padded(1.5)):  # a spine is a hairline: give it its stroke
                        found.append(f"{name} overlaps {spine_name}")
                if getattr(text, "_kca_on_mark", False):
                    continue
                inside = _intersection(box, ax.bbox)
                if inside is None:
                    continue
                for mark_name, hits in marks:
                    if hits(inside):
                        found.append(f"{name} overlaps {mark_name}")
        return list(dict.fromkeys(found))

    def _marks(self, ax):
        """(name, test) for every line, marker, reference line, scatter and bar in the axes: test(bbox) -> bool."""
        import numpy as np
        from matplotlib.collections import LineCollection, PathCollection
        from matplotlib.container import BarContainer

        panel = self.panel_name(ax)
        for line in ax.lines:
            if not line.get_visible():
                continue
            label = line.get_label()
            what = f"the line {label!r}" if label and not label.startswith("_") else "a line"
            if line.get_transform() is not ax.transData and not line.get_transform().contains_branch(ax.transData):
                what = "a reference line"
            what += f" in {panel}"
            path = line.get_transform().transform_path(line.get_path())
            drawn_line = line.get_linestyle() not in ("None", "none", "", " ") and line.get_linewidth() > 0
            marker = line.get_marker() not in (None, "None", "none", "", " ")
            radius = line.get_markersize() * self.dpi / 72 / 2 if marker else 0
            points = path.vertices[np.isfinite(path.vertices).all(axis=1)]

            def hits(box, path=path, drawn_line=drawn_line, points=points, radius=radius):
                if drawn_line and path.intersects_bbox(box, filled=False):
                    return True
                if radius and len(points):
                    grown = box.expanded(1, 1).padded(radius)
                    inside = ((points[:, 0] >= grown.x0) & (points[:, 0] <= grown.x1)
                              & (points[:, 1] >= grown.y0) & (points[:, 1] <= grown.y1))
                    return bool(inside.any())
                return False
            yield what, hits
        for collection in ax.collections:
            if not collection.get_visible():
                continue
            if isinstance(collection, PathCollection):
                offsets = collection.get_offset_transform().transform(collection.get_offsets())
                sizes = collection.get_sizes()
                radius = (float(np.sqrt(sizes.max())) * self.dpi / 72 / 2) if len(sizes) else 0

                def hits(box, offsets=offsets, radius=radius):
                    grown = box.padded(radius)
                    return bool(((offsets[:, 0] >= grown.x0) & (offsets[:, 0] <= grown.x1)
                                 & (offsets[:, 1] >= grown.y0) & (offsets[:, 1] <= grown.y1)).any())
                label = collection.get_label()
                named = f"markers {label!r}" if label and not label.startswith("_") else "markers"
                yield f"{named} in {panel}", hits
            elif isinstance(collection, LineCollection):
                paths = [collection.get_transform().transform_path(p) for p in collection.get_paths()]
                yield (f"a line in {panel}",
                       lambda box, paths=paths: any(p.intersects_bbox(box, filled=False) for p in paths))
        for container in ax.containers:
            if isinstance(container, BarContainer):
                label = container.get_label()
                boxes = [bar.get_window_extent(self.renderer) for bar in container.patches
                         if bar.get_visible() and (bar.get_width() or bar.get_height())]
                what = f"the bars {label!r}" if label and not label.startswith("_") else "a bar"
                yield (f"{what} in {panel}",
                       lambda box, boxes=boxes: any(_overlap(box, b) for b in boxes))

    def check(self, stem: str) -> None:
        """Raise FigureOverflow, FigureTextTooSmall or FigureCollision, naming what and where; None when clean."""
        overflow = self.overflow()
        if overflow:
            edges = ", ".join(f"{side} by {inches} in" for side, inches in overflow.items())
            raise FigureOverflow(f"{stem}: text reaches past the canvas ({edges}) and would be cut off in print; "
                                 "widen that margin (fig.subplots_adjust) or shorten the label. Nothing was written.")
        small = self.too_small()
        if small:
            raise FigureTextTooSmall(f"{stem}: text under 6 pt: {'; '.join(small)}. Nothing was written.")
        convention = self.convention()
        if convention:
            raise FigureConvention(f"{stem}: " + "; ".join(convention) + ". Nothing was written.")
        collisions = self.collisions()
        if collisions:
            raise FigureCollision(f"{stem}: " + "; ".join(collisions) + ". Move the label, or, for a label meant to "
                                  "sit on its bar or marker, declare it with style.on_mark. Nothing was written.")


def _shown(text) -> bool:
    alpha = text.get_alpha()
    return alpha is None or alpha > 0


def _tick_drawn(label, where, renderer) -> bool:
    """Only the ticks inside the view are drawn; matplotlib keeps others around, invisible in effect."""
    ax, name = where
    axis = ax.xaxis if name == "x" else ax.yaxis
    low, high = sorted(axis.get_view_interval())
    for tick in axis.get_major_ticks() + axis.get_minor_ticks():
        if label in (tick.label1, tick.label2):
            location = tick.get_loc()
            return location is not None and low - 1e-9 * (abs(low) + 1) <= location <= high + 1e-9 * (abs(high) + 1) \
                and label.get_visible()
    return True


def _overlap(a, b) -> bool:
    return (min(a.x1, b.x1) - max(a.x0, b.x0) > COLLISION_TOLERANCE_PX
            and min(a.y1, b.y1) - max(a.y0, b.y0) > COLLISION_TOLERANCE_PX)


def _intersection(a, b):
    from matplotlib.transforms import Bbox

    x0, y0, x1, y1 = max(a.x0, b.x0), max(a.y0, b.y0), min(a.x1, b.x1), min(a.y1, b.y1)
    return Bbox([[x0, y0], [x1, y1]]) if x1 - x0 > COLLISION_TOLERANCE_PX and y1 - y0 > COLLISION_TOLERANCE_PX else None


def text_overflow(fig) -> dict[str, float]:
    """How far (inches) any visible text or legend reaches past each edge of the canvas; empty when all fits.

    Tick labels count only for the ticks actually drawn; lines and markers are left out, since matplotlib clips
    them to their axes.
    """
    return Layout(fig).overflow()


def check_figure(fig, stem: str = "figure") -> None:
    """Every exporter check on one layout pass: canvas edge, text under 6 pt, collisions. Raises with the names.

        check_figure(chart.figure, "02-trade-balance")
    """
    Layout(fig).check(stem)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def save(fig, name: str, *, notebook: str, caption: str, tables, sources, width: str = "single", alt: str | None = None,
         data=None, credit: str | None = None, language: str = "en") -> list[Path]:
    """Write figures/<notebook>-<name>.{pdf,svg,png}, its data (figures/data/<stem>.csv), its reference list
    (figures/data/<stem>.bib) and its catalogue entry; each file appears whole or not at all.

    Before any file is written the exporter checks the figure on one layout pass: text past the canvas edge
    (FigureOverflow), text under 6 pt (FigureTextTooSmall), text over text, spines, tick labels, lines, markers or
    bars (FigureCollision), and a glyph no font has (FigureMissingGlyph). `data` is the table of plotted values
    (default: read back from the figure's artists).

    `language` "ko" or "ru" writes the figure drawn in that language to figures/<language>/ with its catalogue
    entry, after refusing any English word left in it (i18n.UntranslatedText); its data and references are the
    English figure's.

    `tables` are the tables the chart reads and `sources` the source ids behind it; both go to the catalogue.
    With KCA_SKIP_PRINT_EXPORT=1 (set by the test suite for its nbval run, whose figures the figure tests build
    anyway) only the catalogue entry is written, which saves about a second per figure.
    """
    import matplotlib as mpl

    from . import i18n

    i18n.check_language(language)
    os.environ.setdefault("SOURCE_DATE_EPOCH", "0")
    mpl.rcParams["svg.hashsalt"] = "korea-central-asia"
    mpl.rcParams["svg.fonttype"] = "none"
    stem = f"{notebook}-{slug(name)}"
    folder = figures_dir() if language == "en" else figures_dir() / language
    written = []
    sources = sorted(set(sources))
    alt = alt or default_alt(fig, caption)
    if language != "en":
        i18n.check_figure(fig, stem, language)
        i18n.check_words(stem, language, caption=caption, alt=alt)
    formats = () if os.environ.get("KCA_SKIP_PRINT_EXPORT") == "1" else FORMATS
    with glyphs_checked(stem):
        if formats:
            Layout(fig).check(stem)
        for fmt in formats:
            target = folder / f"{stem}.{fmt}"
            with atomic_path(target) as tmp:
                fig.savefig(tmp, format=fmt, dpi=300, metadata=METADATA[fmt])
            written.append(target)
    data_dir = "data" if language == "en" else "../data"
    if language == "en":
        table = data if data is not None else plotted_values(fig)
        write_text(folder / "data" / f"{stem}.csv", data_csv(table, sources))
        write_text(folder / "data" / f"{stem}.bib", bibtex(sources))
    entry = {"stem": stem, "notebook": notebook, "caption": caption, "width": width, "alt": alt,
             "citation": citation(stem, language), "credit": credit or "", "data": f"{data_dir}/{stem}.csv",
             "references": f"{data_dir}/{stem}.bib", "tables": sorted(set(tables)), "sources": sources,
             "files": [f"{stem}.{fmt}" for fmt in FORMATS], "language": language}
    if language != "en":
        # names kept in Latin script on purpose (citations, publishers, file names), so a reader of the entry can
        # tell them from English left untranslated
        entry["kept_names"] = i18n.kept_names(caption, alt)
    write_text(folder / "catalogue" / f"{stem}.json",
               json.dumps(entry, indent=1, ensure_ascii=False, sort_keys=True) + "\n")
    return written


class FigureMissingGlyph(ValueError):
    """A character no print font draws: matplotlib would put an empty box in its place and only warn."""


@contextlib.contextmanager
def glyphs_checked(stem: str):
    """Turn matplotlib's "Glyph … missing from font(s)" warning into FigureMissingGlyph naming the figure."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r"Glyph \d+ .*missing from")
        try:
            yield
        except UserWarning as exc:
            if "missing from" not in str(exc):
                raise
            raise FigureMissingGlyph(f"{stem}: {exc} No print font draws it (fonts: "
                                     f"{', '.join(mpl_fonts())}). Nothing was written.") from None


def mpl_fonts() -> list[str]:
    import matplotlib as mpl

    family = mpl.rcParams["font.family"]
    return [family] if isinstance(family, str) else list(family)


# --- citation, caption, alt text -------------------------------------------------------------------------------

def project_citation() -> dict[str, str]:
    """Title, authors, version and release date from CITATION.cff (read as text: its fields are flat)."""
    from .paths import PROJECT_DIR

    text = (PROJECT_DIR / "CITATION.cff").read_text(encoding="utf-8")

    def field(key):
        match = re.search(rf"^{key}:\s*\"?(.*?)\"?\s*$", text, re.M)
        return match.group(1) if match else ""
    authors = re.search(r"^authors:\s*\n\s*-\s*name:\s*\"?(.*?)\"?\s*$", text, re.M)
    return {"title": field("title"), "version": field("version"), "date": field("date-released"),
            "authors": authors.group(1) if authors else ""}


def citation(stem: str, language: str = "en") -> str:
    """How to cite one figure: the project (as CITATION.cff has it), its version, and the figure's stem; a Korean or
    Russian figure is named by its file in figures/<language>/.

        citation("02-trade-balance")
    """
    cff = project_citation()
    year = cff["date"][:4] or "n.d."
    folder = "figures" if language == "en" else f"figures/{language}"
    return (f"{cff['authors']} ({year}). Figure {stem}. In: {cff['title']}, version {cff['version']}. "
            f"File {folder}/{stem}.pdf.")


def default_alt(fig, caption: str) -> str:
    """One sentence of alt text when a chart gives none: what is drawn, in how many panels, and the caption's gist,
    in the figures' language (`i18n`)."""
    from .i18n import language, tr

    kinds = []
    for ax in fig.axes:
        if ax.containers:
            kinds.append("bars")
        if any(line.get_linestyle() not in ("None", "none", "") and line.get_transform() is ax.transData
               for line in ax.lines):
            kinds.append("lines")
        if ax.collections or any(line.get_marker() not in (None, "None", "none", "") for line in ax.lines):
            kinds.append("markers")
        if ax.tables:
            kinds.append("a table")
    kinds = list(dict.fromkeys(kinds)) or ["a chart"]
    panels = sum(ax.get_visible() and (bool(ax.lines or ax.containers or ax.collections or ax.tables))
                 for ax in fig.axes)
    gist = _first_clause(caption).rstrip(".")
    if language() != "en":
        drawn = functools.reduce(lambda a, b: tr("{first} and {second}", first=a, second=b), map(tr, kinds))
        what = tr("{kinds} in one panel", kinds=drawn) if panels <= 1 else \
            tr("{kinds} in {count} panels", kinds=drawn, count=panels)
        return tr("{what} showing {gist}.", what=what, gist=gist)
    first_word = gist.split(" ")[0]
    if first_word.lower() in {"the", "each", "every", "per", "calendar", "sessions", "visitors", "verdicts",
                              "exports", "growth", "state", "relations", "computed", "partnership", "koreans"}:
        gist = gist[0].lower() + gist[1:]  # a common word, not a name, starts the caption
    shape = f"in {panels} panels" if panels > 1 else "in one panel"
    return f"{' and '.join(kinds).capitalize()} {shape} showing {gist}."


def _first_clause(text: str) -> str:
    """The text up to its first ". " or "; " outside brackets: a bracket opened in the gist is closed in it.

        _first_clause("Years to the first embassy (filled; a line joins readings) and after. More.")
        # -> 'Years to the first embassy (filled; a line joins readings) and after'
    """
    depth = 0
    for index, char in enumerate(text):
        depth += {"(": 1, "（": 1, ")": -1, "）": -1}.get(char, 0)
        if depth <= 0 and char in ".;" and text[index + 1:index + 2] == " ":
            word = re.split(r"[\s(]", text[:index])[-1].lower()
            if char == "." and (word in ABBREVIATIONS or len(word) == 1):
                continue  # "млн долл. США", "1937 г. –", "e.g. the five" do not end a sentence
            return text[:index]
    return text


ABBREVIATIONS = {"e.g", "i.e", "n.d", "cf", "vs", "no", "долл", "млн", "тыс", "гг", "г", "т.е", "т.д", "др", "см",
                 "ср", "ок", "св"}


# --- the data behind the figure ---------------------------------------------------------------------------------

def plotted_values(fig):
    """Every value the figure draws, read back from its artists: one row per point or bar, with the panel, the
    series, x and y as plotted (NaN where a line has a gap), and the axis labels as units.

    Reference lines (axhline, axvline) and shading are not data and are left out.
    """
    import matplotlib.dates as mdates
    import numpy as np
    import pandas as pd
    from matplotlib.collections import PathCollection
    from matplotlib.container import BarContainer

    rows = []
    for index, ax in enumerate(fig.axes):
        if not ax.get_visible():
            continue
        panel = (ax.get_title(loc="left") or ax.get_title() or f"panel {index + 1}").replace("\n", " ")
        x_unit, y_unit = ax.get_xlabel().replace("\n", " "), ax.get_ylabel().replace("\n", " ")
        x_dates = isinstance(ax.xaxis.get_converter(), mdates.DateConverter) or \
            isinstance(ax.xaxis.get_major_formatter(), (mdates.DateFormatter, mdates.AutoDateFormatter,
                                                         mdates.ConciseDateFormatter))
        x_names = _tick_names(ax.xaxis)
        y_names = _tick_names(ax.yaxis)

        def x_value(x):
            if x_dates and np.isfinite(x):
                return mdates.num2date(x).strftime("%Y-%m-%d")
            return x_names.get(_key(x), x)

        def add(series, x, y, **extra):
            rows.append({"panel": panel, "series": series, "x": x_value(x), "y": y_names.get(_key(y), y),
                         "x_unit": x_unit, "y_unit": y_unit, **extra})
        for n, line in enumerate(ax.lines):
            if not line.get_visible() or line.get_transform() is not ax.transData:
                continue
            xs, ys = line.get_xdata(orig=True), line.get_ydata(orig=True)
            if len(xs) == 0:
                continue
            label = line.get_label()
            series = label if label and not label.startswith("_") else f"line {n + 1}"
            for x, y in zip(_numbers(xs), _numbers(ys)):
                add(series, x, y)
        for n, collection in enumerate(ax.collections):
            if isinstance(collection, PathCollection):
                label = collection.get_label()
                series = label if label and not label.startswith("_") else f"markers {n + 1}"
                for x, y in collection.get_offsets():
                    add(series, float(x), float(y))
        for n, container in enumerate(ax.containers):
            if not isinstance(container, BarContainer):
                continue
            label = container.get_label()
            series = label if label and not label.startswith("_") else f"bars {n + 1}"
            horizontal = container.orientation == "horizontal"
            for bar in container.patches:
                if horizontal:
                    where, start, length = bar.get_y() + bar.get_height() / 2, bar.get_x(), bar.get_width()
                    rows.append({"panel": panel, "series": series, "x": length,
                                 "y": y_names.get(_key(where), where), "x_unit": x_unit, "y_unit": y_unit,
                                 "bar_start": start})
                else:
                    where, start, length = bar.get_x() + bar.get_width() / 2, bar.get_y(), bar.get_height()
                    add(series, where, length, bar_start=start)
        for table in ax.tables:
            cells = table.get_celld()
            header = {col: cells[(0, col)].get_text().get_text() for (r, col) in cells if r == 0}
            for (r, col), cell in sorted(cells.items()):
                if r > 0:
                    row_label = cells[(r, -1)].get_text().get_text() if (r, -1) in cells else str(r)
                    if col >= 0:
                        rows.append({"panel": panel, "series": row_label, "x": header.get(col, col),
                                     "y": cell.get_text().get_text(), "x_unit": "", "y_unit": ""})
    frame = pd.DataFrame(rows, columns=["panel", "series", "x", "y", "x_unit", "y_unit", "bar_start"])
    years = pd.to_numeric(frame["x"], errors="coerce")
    unlabelled = frame["x_unit"] == ""
    if unlabelled.any() and years[unlabelled].between(1800, 2100).all() and (years[unlabelled] % 1 == 0).all():
        frame.loc[unlabelled, "x_unit"] = "year"  # an unlabelled axis of whole years
    dated = frame["x"].astype(str).str.fullmatch(r"\d{4}-\d{2}-\d{2}") & unlabelled
    frame.loc[dated, "x_unit"] = "date"
    if frame["bar_start"].isna().all():
        frame = frame.drop(columns="bar_start")
    return frame


def _numbers(values):
    import numpy as np

    out = []
    for v in values:
        if hasattr(v, "toordinal") or isinstance(v, np.datetime64):
            import matplotlib.dates as mdates

            out.append(float(mdates.date2num(v)))
        else:
            try:
                out.append(float(v))
            except (TypeError, ValueError):
                out.append(v)
    return out


def _key(value):
    try:
        return round(float(value), 6)
    except (TypeError, ValueError):
        return value


def _tick_names(axis) -> dict:
    """Category names on an axis whose ticks carry words (a bar per country): position -> label."""
    names = {}
    for location, label in zip(axis.get_ticklocs(), axis.get_ticklabels()):
        text = label.get_text()
        if text and not re.fullmatch(r"[−\-+]?[\d,.\s×%]+|\$.*\$", text):
            names[_key(location)] = text.replace("\n", " ")
    return names


LICENCE = "CC-BY-4.0"


def data_csv(table, sources) -> str:
    """The plotted values as CSV, with the source ids and the licence on every row (a row stands on its own)."""
    import pandas as pd

    frame = pd.DataFrame(table).copy()
    frame["source_ids"] = " ".join(sources)
    frame["licence"] = LICENCE
    return frame.to_csv(index=False, float_format="%.10g", lineterminator="\n")


YEAR_WITH_SEPARATOR = re.compile(r"(?<![\d,.])([12]),(\d{3})(?![\d,])")  # "1,991"; not "36,442" or "1,991,000"


def _year(match) -> str:
    number = int(match.group(1) + match.group(2))
    return str(number) if 1800 <= number <= 2099 else match.group(0)


def paper_csv(frame) -> str:
    """A table for papers as CSV: years written as years ("1991", never "1,991"), and the texts the collection
    examines named by author and year under a `text` column. Only the separator in 1800–2099 goes; the value is
    the same number.

        paper_csv(claims.for_papers(claims.verdicts()))
    """
    import pandas as pd

    from . import style
    from .series import claims

    frame = pd.DataFrame(frame).copy()
    labels = {label: style.cite(text_id) for text_id, label in claims.TEXT_LABELS.items()} if hasattr(
        claims, "TEXT_LABELS") else {}
    if "seed" in frame.columns:
        frame = frame.rename(columns={"seed": "text"})
    if "text" in frame.columns:
        frame["text"] = frame["text"].map(lambda v: labels.get(v, v))
    for column in frame.columns:
        if not pd.api.types.is_numeric_dtype(frame[column]):
            frame[column] = frame[column].map(
                lambda v: YEAR_WITH_SEPARATOR.sub(_year, v) if isinstance(v, str) else v)
    return frame.to_csv(index=False, lineterminator="\n")


# --- references -------------------------------------------------------------------------------------------------

BIB_TYPES = {"statistics": "misc", "article": "article", "book": "book", "report": "techreport", "news": "misc",
             "scholarly": "article"}


def _bib_escape(value: str) -> str:
    return re.sub(r"([&%$#_{}])", r"\\\1", str(value)).replace("~", r"\textasciitilde{}")


def bib_entry(source_id: str, row) -> str:
    """One source as BibTeX from its row in sources.csv; a field the source lacks is left out, never guessed.

    A dataset obtained through a repository (the IMF DOTS workbooks on GitHub) is cited as its publisher's release,
    with the repository as "obtained from".
    """
    import pandas as pd

    def text(key):
        value = row.get(key)
        return "" if value is None or pd.isna(value) else str(value).strip()

    publisher, note = text("publisher"), []
    via = re.search(r"\((.*?)\)\s*$", publisher)
    if via and re.search(r"github|repository|mirror|copy|as committed", via.group(1), re.I):
        publisher = publisher[: via.start()].strip()
        repository = re.sub(r"^.*?(GitHub)", r"\1", via.group(1))
        note.append(f"Obtained from {repository}")
    url, date = text("url"), text("date")
    fields = {"title": text("title"), "author": text("author") and re.sub(r"\s*;\s*", " and ", text("author")),
              "publisher": publisher, "year": date[:4] if re.match(r"\d{4}", date) else "",
              "month": str(int(date[5:7])) if re.match(r"\d{4}-\d{2}", date) else "",
              "url": url if url.startswith("http") else "", "note": "; ".join(note + [f"Tier: {text('tier')}"]
                                                                               if text("tier") else note)}
    kind = BIB_TYPES.get(text("kind"), "misc")
    if kind == "article" and not text("author"):
        kind = "misc"
    body = ",\n".join(f"  {key} = {{{_bib_escape(value) if key != 'url' else value}}}"
                      for key, value in fields.items() if value)
    return f"@{kind}{{{source_id},\n{body}\n}}\n"


def bibtex(sources) -> str:
    """The full reference list of a figure, one BibTeX entry per source id, in id order."""
    from .data import load

    table = load("sources").set_index("source_id")
    return "\n".join(bib_entry(s, table.loc[s]) for s in sorted(set(sources)) if s in table.index)


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


def save_interactive(fig, name: str, *, notebook: str, language: str = "en") -> Path:
    """Write figures/interactive/<notebook>-<name>.html that works offline with the shared plotly.min.js; a Korean
    or Russian chart goes to figures/<language>/interactive/ and uses the same plotly.min.js, after refusing any
    English word left in it (i18n.UntranslatedText).

    `fig` is a plotly figure or its plain-JSON dict (as from `plotly.io.to_json`), which is written as it is.
    """
    import plotly.io as pio

    from . import i18n

    stem = f"{notebook}-{slug(name)}"
    shared = shared_plotly_js(figures_dir() / "interactive")
    if language == "en":
        folder, script = shared.parent, PLOTLY_JS
    else:
        spec = fig if isinstance(fig, dict) else json.loads(pio.to_json(fig, validate=False))
        i18n.check_plotly(spec, stem, language)
        folder, script = figures_dir() / language / "interactive", f"../../interactive/{PLOTLY_JS}"
    html = pio.to_html(fig, include_plotlyjs=script, full_html=True, div_id=stem, validate=False,
                       config={"displaylogo": False, "responsive": True})
    target = folder / f"{stem}.html"
    write_text(target, html)
    return target
