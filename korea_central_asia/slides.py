"""`make slides`: one reveal.js deck per lesson, site/slides/NN-slug.slides.html, chosen by rule from the notebooks
`make figures` executed, that works offline (reveal.js 4.6.1, require.js and jQuery copied from node_modules/).

    python -m korea_central_asia slides

The rule, applied to a scratch copy (the stored notebooks get no metadata): the title cell (title, question, what
you will learn); each chart's print figure on a slide under its section heading, and the "What it shows" that
follows it on the next; the questions for discussion. Code is never shown, and neither are solutions. A cell tagged
`slide` is always put on a slide of its own, one tagged `no-slide` never.
"""
from __future__ import annotations

import copy
import shutil
from pathlib import Path

from . import glossary
from .paths import PROJECT_DIR
from .site import BOOK_DIR

NODE_MODULES = PROJECT_DIR / "node_modules"
SLIDES_DIR = PROJECT_DIR / "site" / "slides"
# What each deck loads, copied beside the decks: (source under node_modules, target under the slides folder).
VENDOR = [
    ("reveal.js/dist/reveal.css", "reveal.js/dist/reveal.css"),
    ("reveal.js/dist/reveal.js", "reveal.js/dist/reveal.js"),
    ("reveal.js/dist/theme/white.css", "reveal.js/dist/theme/white.css"),
    ("reveal.js/dist/theme/fonts/source-sans-pro", "reveal.js/dist/theme/fonts/source-sans-pro"),
    ("reveal.js/plugin/notes/notes.js", "reveal.js/plugin/notes/notes.js"),
    ("requirejs/require.js", "vendor/require.js"),
    ("jquery/dist/jquery.min.js", "vendor/jquery.min.js"),
]
FORCE_IN, FORCE_OUT = "slide", "no-slide"


def _kind(cell) -> str:
    text = cell.source.lstrip() if cell.cell_type == "markdown" else ""
    if text.startswith("**What it shows"):
        return "what-it-shows"
    return "heading" if _last_heading(cell) else "other"


def _last_heading(cell) -> str | None:
    """The last section heading (## or ###) in a Markdown cell: the title a chart after it gets on its slide."""
    if cell.cell_type != "markdown":
        return None
    lines = [line for line in cell.source.splitlines() if line.startswith(("## ", "### "))]
    return lines[-1] if lines else None


def title_and_question(source: str) -> str:
    """The title cell up to its question: the objectives that follow are for reading, not for the projector."""
    kept = []
    for line in source.splitlines():
        if kept and line.startswith("**") and not line.startswith("**Question"):
            break
        kept.append(line)
    return "\n".join(kept).strip()


def _has_chart(cell) -> bool:
    return cell.cell_type == "code" and any("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


def choose_slides(notebook):
    """A copy of an executed notebook holding only its slides, each cell with its slideshow metadata."""
    import nbformat

    nb = copy.deepcopy(notebook)
    chosen, heading, chart_seen = [], None, False

    def add(cell, slide_type="slide"):
        cell.metadata["slideshow"] = {"slide_type": slide_type}
        chosen.append(cell)

    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":  # decks sit in slides/, beside the site's glossary page
            cell.source = glossary.site_links(cell.source, "../glossary.html#")
        tags = cell.metadata.get("tags", [])
        if FORCE_OUT in tags or ("solution" in tags and FORCE_IN not in tags):
            continue
        kind = _kind(cell)
        if FORCE_IN in tags:
            add(cell)
        elif index == 0:
            cell.source = title_and_question(cell.source)
            add(cell)
        elif cell.source.lstrip().startswith("## Questions for discussion"):
            add(cell)
        elif kind == "heading":
            heading, chart_seen = _last_heading(cell), False
        elif _has_chart(cell):
            cell.outputs = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            for output in cell.outputs:
                output["data"] = {"image/png": output["data"]["image/png"]}
            if heading:
                add(nbformat.v4.new_markdown_cell(heading.replace("### ", "## "), id=f"kca-slide-heading-{index}"))
                add(cell, "-")
                heading = None
            else:
                add(cell)
            chart_seen = True
        elif kind == "what-it-shows" and chart_seen:
            add(cell)
            chart_seen = False
    nb.cells = chosen
    return nb


def copy_vendor(folder: Path) -> None:
    """reveal.js, require.js and jQuery from node_modules (installed by `make setup`), never from a CDN."""
    for source, target in VENDOR:
        origin = NODE_MODULES / source
        if not origin.exists():
            raise FileNotFoundError(f"{origin} is missing: run `make setup` (its assets step installs node_modules)")
        destination = folder / target
        destination.parent.mkdir(parents=True, exist_ok=True)
        if origin.is_dir():
            shutil.copytree(origin, destination, dirs_exist_ok=True)
        else:
            shutil.copy2(origin, destination)


def exporter():
    from nbconvert import SlidesExporter

    return SlidesExporter(template_name="reveal", template_file="kca-reveal.html.j2",
                          extra_template_paths=[str(BOOK_DIR / "slides")],
                          reveal_url_prefix="reveal.js", reveal_theme="white", reveal_scroll=True,
                          reveal_transition="none", require_js_url="vendor/require.js",
                          jquery_url="vendor/jquery.min.js", exclude_input=True, exclude_input_prompt=True,
                          exclude_output_prompt=True, embed_images=True)


def build_slides(executed: list[Path], out_dir: Path = SLIDES_DIR, figures: Path | None = None) -> list[Path]:
    """Write one deck per executed notebook into out_dir, with its vendored scripts; returns the decks.

        build_slides(sorted(Path("build/executed").glob("*.ipynb")))
    """
    import nbformat

    from .atomic import write_text

    out_dir = Path(out_dir)
    copy_vendor(out_dir)
    slides_exporter = exporter()
    decks = []
    for path in executed:
        notebook = choose_slides(nbformat.read(path, as_version=4))
        body, _ = slides_exporter.from_notebook_node(notebook, resources={"metadata": {"name": path.stem}})
        target = out_dir / f"{path.stem}.slides.html"
        write_text(target, body)
        decks.append(target)
    return decks
