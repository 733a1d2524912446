"""`make site`: an offline HTML book of the executed notebooks in site/.

nbconvert writes the pages (Jupyter Book 2 fetches its theme at build time, so it cannot build here offline). Plotly
outputs are stored as plotly's MIME type; each becomes a div drawn by one shared plotly.min.js copied from the installed
package, and script tags that point at a CDN (require.js, MathJax) are dropped, so every page works with no network.
"""
from __future__ import annotations

import html
import json
import re
import shutil
from pathlib import Path

from .atomic import write_text
from .execute import EXECUTED_DIR
from .figures import PLOTLY_JS, shared_plotly_js
from .lesson import PLOTLY_MIME
from .paths import DATA_DIR, PROJECT_DIR, figures_dir

SITE_DIR = PROJECT_DIR / "site"
REMOTE_SCRIPT = re.compile(r"<script[^>]*\ssrc=\"https?://[^\"]*\"[^>]*>\s*</script>\s*", re.IGNORECASE)


def _plotly_html(figure: dict, div_id: str) -> str:
    payload = json.dumps({"data": figure.get("data", []), "layout": figure.get("layout", {})}).replace("</", "<\\/")
    return (f'<div id="{div_id}" class="plotly-graph-div" style="height:520px; width:100%;"></div>\n'
            f'<script>(function () {{ var f = {payload}; Plotly.newPlot("{div_id}", f.data, f.layout, '
            f'{{"responsive": true, "displaylogo": false}}); }})();</script>')


def embed_plotly(notebook, page: str) -> int:
    """Replace plotly MIME outputs with HTML drawn by the shared plotly.js; returns how many charts."""
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            data = output.get("data", {})
            if PLOTLY_MIME in data:
                count += 1
                data["text/html"] = _plotly_html(data.pop(PLOTLY_MIME), f"{page}-plot-{count}")
                data.pop("text/plain", None)
    return count


def images_with_alt(notebook) -> int:
    """Give each print figure its alt text (the catalogue's, carried in the output's metadata) as an <img alt>:
    nbconvert's template drops it. Returns how many images were given one."""
    count = 0
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            meta = output.get("metadata", {}).get("image/png", {})
            data = output.get("data", {})
            if "image/png" in data and meta.get("alt"):
                width = f' width="{int(meta["width"])}"' if meta.get("width") else ""
                data["text/html"] = (f'<img src="data:image/png;base64,{data.pop("image/png").strip()}"{width} '
                                     f'alt="{html.escape(meta["alt"])}">')
                count += 1
    return count


def notebook_page(executed: Path, out_dir: Path) -> tuple[str, str, int]:
    """Convert one executed notebook to out_dir/<name>.html; returns (file name, title, number of charts)."""
    import nbformat
    from nbconvert import HTMLExporter

    notebook = nbformat.read(executed, as_version=4)
    charts = embed_plotly(notebook, executed.stem)
    images_with_alt(notebook)
    exporter = HTMLExporter(template_name="lab")
    body, _ = exporter.from_notebook_node(notebook)
    body = REMOTE_SCRIPT.sub("", body)
    body = body.replace("</head>", f'<script src="{PLOTLY_JS}"></script>\n</head>', 1)
    nav = '<p style="margin:1em 2em"><a href="index.html">← All lessons</a></p>'
    body = body.replace("<body", "<body", 1)
    body = re.sub(r"(<body[^>]*>)", r"\1" + nav, body, count=1)
    title = next((line.lstrip("# ").strip() for cell in notebook.cells if cell.cell_type == "markdown"
                  for line in cell.source.splitlines() if line.startswith("# ")), executed.stem)
    name = f"{executed.stem}.html"
    write_text(out_dir / name, body)
    return name, title, charts


def _figure_items(figures: Path) -> list[str]:
    """One list item per print figure (links to its PDF, SVG and PNG), per interactive chart and per table."""
    items = []
    for pdf in sorted(figures.glob("*.pdf")):
        files = [pdf.with_suffix(suffix) for suffix in (".pdf", ".svg", ".png")]
        links = " · ".join(f'<a href="figures/{html.escape(f.name)}">{f.suffix[1:].upper()}</a>'
                           for f in files if f.exists())
        items.append(f"<li>{html.escape(pdf.stem)}: {links}</li>")
    for path in sorted(figures.glob("interactive/*.html")) + sorted(figures.glob("*.csv")) + sorted(figures.glob("data/*")):
        name = html.escape(path.relative_to(figures).as_posix())
        items.append(f'<li><a href="figures/{name}">{name}</a></li>')
    return items


def _index(pages: list[tuple[str, str, int]], figure_items: list[str], data_files: list[str]) -> str:
    items = "\n".join(f'<li><a href="{html.escape(name)}">{html.escape(title)}</a> ({charts} interactive charts)</li>'
                      for name, title, charts in pages)
    figures = "\n".join(figure_items)
    data = "\n".join(f'<li><a href="data/{html.escape(f)}">{html.escape(f)}</a></li>' for f in data_files)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Korea–Central Asia relations in data</title>
<style>body {{ font-family: sans-serif; max-width: 52em; margin: 2em auto; line-height: 1.5; padding: 0 1em; }}</style>
</head><body>
<h1>Korea–Central Asia relations in data</h1>
<p>Lessons on the relations between the Republic of Korea and Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and
Turkmenistan, with Afghanistan as a contrast. Every page works offline: no Python and no network needed.</p>
<h2>Lessons</h2>
<ol>
{items}
</ol>
<h2>Figures</h2>
<p>Print figures (PDF, SVG, PNG) and interactive charts; <a href="figures/README.md">the catalogue</a> says which lesson
makes each and from which sources.</p>
<ul>
{figures}
</ul>
<h2>Data downloads</h2>
<p>The tables as CSV, with <code>datapackage.json</code> describing every column; <code>README.md</code> is the data
dictionary.</p>
<ul>
{data}
</ul>
</body></html>
"""


def build_site(executed_dir: Path = EXECUTED_DIR, out_dir: Path = SITE_DIR, figures: Path | None = None,
               log=print) -> Path:
    figures = Path(figures) if figures is not None else figures_dir()
    executed = sorted(Path(executed_dir).glob("[0-9][0-9]-*.ipynb"))
    if not executed:
        raise FileNotFoundError(f"no executed notebooks in {executed_dir}: run `make figures` first")
    if out_dir.exists():
        shutil.rmtree(out_dir)
    out_dir.mkdir(parents=True)
    shared_plotly_js(out_dir)
    pages = [notebook_page(path, out_dir) for path in executed]
    shutil.copytree(figures, out_dir / "figures")
    (out_dir / "data").mkdir()
    data_files = sorted(p.name for p in DATA_DIR.glob("*.csv")) + ["datapackage.json", "README.md"]
    for name in data_files:
        shutil.copy2(DATA_DIR / name, out_dir / "data" / name)
    write_text(out_dir / "index.html", _index(pages, _figure_items(figures), data_files))
    log(f"site: {len(pages)} pages in {out_dir}")
    return out_dir / "index.html"
