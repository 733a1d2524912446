"""The site's Sphinx configuration and the one thing myst-nb lacks: drawing plotly's MIME type offline.

`make site` (korea_central_asia.book) stages the executed notebooks and runs Sphinx with myst-nb and
sphinx-book-theme over them; `book/conf.py` takes its settings from `sphinx_config` below. The lessons emit only
`application/vnd.plotly.v1+json` (no HTML copy, for speed), which myst-nb skips; `PlotlyMime` turns it into a div
drawn by the one `_static/plotly.min.js` every page loads (copied from the installed plotly package), with div ids
made from the page and cell, so two builds give the same bytes.
"""
from __future__ import annotations

import html
import json
from pathlib import Path

from .lesson import PLOTLY_MIME

PLOTLY_JS = "plotly.min.js"
BOOK_DIR = Path(__file__).resolve().parent.parent / "book"
TITLE = "Korea–Central Asia relations in data"
EDITIONS = ("teacher", "student")


def sphinx_config(edition: str, static_dir: Path, extra_dir: Path) -> dict:
    """Settings for book/conf.py, for one edition ("teacher" or "student").

    Nothing a page loads comes from the network: no MathJax (no lesson has maths), no web fonts (the theme ships
    its icons), and search without snippets, which Sphinx would fetch by XHR, and that fails from file://.
    """
    if edition not in EDITIONS:
        raise ValueError(f"edition must be one of {EDITIONS}, not {edition!r}")
    return {
        "project": TITLE,
        "html_title": f"{TITLE} · {edition} edition",
        "extensions": ["myst_nb", "korea_central_asia.site"],
        "html_theme": "sphinx_book_theme",
        "html_theme_options": {
            "home_page_in_toc": True,
            "use_download_button": False,  # it would offer the executed copy; each lesson links its stored notebook
            "use_fullscreen_button": False,
            "show_toc_level": 2,
            "navigation_with_keys": True,
        },
        "html_static_path": [str(static_dir), str(BOOK_DIR / "_static")],
        "html_css_files": ["kca.css"],
        "html_extra_path": [str(extra_dir)],
        "html_show_search_summary": False,
        "html_copy_source": False,
        "html_show_sourcelink": False,
        "html_last_updated_fmt": None,
        "html_permalinks_icon": "#",
        "html_baseurl": "",
        "language": "en",
        "nb_execution_mode": "off",
        "nb_merge_streams": True,
        "nb_output_stderr": "remove",
        "nb_mime_priority_overrides": [("html", PLOTLY_MIME, 5), ("html", "text/plain", 100)],
        "nb_code_prompt_show": "Show code",
        "nb_code_prompt_hide": "Hide code",
        "myst_heading_anchors": 3,
        "exclude_patterns": ["extra", "_build"],
        "master_doc": "index",
        "suppress_warnings": ["myst.header"],
    }


def plotly_div(figure: dict, div_id: str, label: str = "") -> str:
    """A div drawn by the shared plotly.js; `label` becomes its accessible name (aria-label)."""
    payload = json.dumps({"data": figure.get("data", []), "layout": figure.get("layout", {})},
                         ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    aria = f' role="img" aria-label="{html.escape(label)}"' if label else ""
    height = int(figure.get("layout", {}).get("height") or 520)
    return (f'<div id="{div_id}" class="plotly-graph-div kca-plotly"{aria} style="height:{height}px; width:100%;">'
            '</div>\n'
            f'<script>(function () {{ var f = {payload}; Plotly.newPlot("{div_id}", f.data, f.layout, '
            f'{{"responsive": true, "displaylogo": false}}); }})();</script>')


class PlotlyMime:
    """myst-nb MIME renderer plugin (its Protocol `MimeRenderPlugin`) for plotly figures; it also gives a PNG the
    alt text the site build put in the output's metadata, which myst-nb itself reads only per cell."""

    mime_priority_overrides = [("html", PLOTLY_MIME, 5)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        from docutils import nodes

        if not inline and data.mime_type == "image/png" and data.output_metadata.get("image/png", {}).get("alt"):
            image = renderer.render_image(data)
            image[0]["alt"] = data.output_metadata["image/png"]["alt"]
            return image
        if inline or data.mime_type != PLOTLY_MIME:
            return None
        figure = data.content if isinstance(data.content, dict) else json.loads(data.content)
        page = renderer.renderer.sphinx_env.docname if renderer.renderer.sphinx_env else "page"
        div_id = f"plotly-{page.replace('/', '-')}-c{data.cell_index}-o{data.output_index}"
        label = data.output_metadata.get(PLOTLY_MIME, {}).get("alt", "")
        return [nodes.raw("", plotly_div(figure, div_id, label), format="html")]


def add_plotly_js(app, pagename, templatename, context, doctree):
    """Load the shared plotly.js only on pages with a chart (as Sphinx's mathjax extension does for equations): it
    is 4.6 MB of script, which the other pages need not parse."""
    if "plotly-graph-div" in context.get("body", ""):
        app.builder.add_js_file(PLOTLY_JS)


def setup(app):
    """Sphinx extension: register PlotlyMime with myst-nb, and load plotly.js on the pages that draw a chart.

    myst-nb finds MIME plugins through package entry points; adding ours to the list it loaded means the plugin
    works from a plain checkout (PYTHONPATH), with no reinstall of the package's metadata.
    """
    from myst_nb.core import render

    plugins = render.load_mime_renders()  # cached: the same list object on every call
    if PlotlyMime not in plugins:
        plugins.append(PlotlyMime)
    app.connect("html-page-context", add_plotly_js)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
