"""`make site`: the teaching site, built by Sphinx (myst-nb, sphinx-book-theme) from the notebooks `make figures`
executed, in two editions, plus the slides and site.zip.

    python -m korea_central_asia site      # site/ (teacher), site/student/, site/slides/, site.zip

What this module adds to Sphinx is only what is particular to the lessons, applied by rule to scratch copies of the
executed notebooks (the stored notebooks get no metadata): every code cell's input goes behind a toggle; solution
cells (tagged `solution`) go behind one "Solution" toggle in the teacher edition and are left out of the student
edition; each print figure gets its catalogue alt text and a line of links (PDF, SVG, PNG, data, BibTeX); each
lesson links its stored notebook with how to run it. The gallery and glossary pages are written from the catalogue
and data/glossary.csv.
"""
from __future__ import annotations

import copy
import hashlib
import html
import io
import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path

from .execute import EXECUTED_DIR, build_figures, notebook_paths
from .lesson import PLOTLY_MIME
from . import glossary
from .paths import DATA_DIR, NOTEBOOKS_DIR, PACKAGE_DIR, PROJECT_DIR, figures_dir
from .site import BOOK_DIR, EDITIONS, PLOTLY_JS, TITLE

SITE_DIR = PROJECT_DIR / "site"
SITE_ZIP = PROJECT_DIR / "site.zip"
STUDENT_DIR = "student"  # the student edition's folder inside site/
ZIP_ROOT = "korea-central-asia-site"
RUN_NOTE = ("To run it yourself: get the project (a copy of its folder), open a terminal in it and type "
            "<code>make lab</code>; JupyterLab opens with every lesson.")


class StaleBuild(RuntimeError):
    pass


# --- are the executed copies current? ------------------------------------------------------------------------------
def _inputs() -> list[Path]:
    """Everything an executed notebook depends on: the notebooks, the data files and the package's modules."""
    files = notebook_paths()
    files += [p for p in DATA_DIR.rglob("*") if p.is_file()]
    files += [p for p in PACKAGE_DIR.rglob("*.py")]
    return files


def stale_reason(executed_dir: Path = EXECUTED_DIR, notebooks: list[Path] | None = None) -> str | None:
    """Why the executed copies cannot be used (missing, or older than an input), or None when they are current."""
    notebooks = notebooks if notebooks is not None else notebook_paths()
    copies = [Path(executed_dir) / nb.name for nb in notebooks]
    missing = [c.name for c in copies if not c.exists()]
    if missing:
        return f"no executed copy of {', '.join(missing)} in {executed_dir}"
    oldest = min(c.stat().st_mtime for c in copies)
    newer = sorted((p for p in _inputs() if p.stat().st_mtime > oldest), key=lambda p: -p.stat().st_mtime)
    if newer:
        return f"{newer[0].relative_to(PROJECT_DIR)} is newer than the executed notebooks"
    return None


# --- the catalogue ---------------------------------------------------------------------------------------------------
def catalogue(figures: Path) -> list[dict]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted((figures / "catalogue").glob("*.json"))]


def alt_text(entry: dict) -> str:
    """The catalogue's alt text, or its caption where an entry has no alt yet."""
    return (entry.get("alt") or entry.get("caption") or entry["stem"]).strip()


def figure_links(entry: dict, figures: Path, prefix: str = "figures/") -> str:
    """HTML links to a figure's files, and to its data (CSV) and references (BibTeX) where they exist."""
    stem = entry["stem"]
    links = [(f"{prefix}{name}", name.rsplit(".", 1)[1].upper()) for name in entry.get("files", [])
             if (figures / name).exists()]
    for suffix, label in ((".csv", "data (CSV)"), (".bib", "references (BibTeX)")):
        if (figures / "data" / f"{stem}{suffix}").exists():
            links.append((f"{prefix}data/{stem}{suffix}", label))
    interactive = figures / "interactive" / f"{stem}.html"
    if interactive.exists():
        links.append((f"{prefix}interactive/{stem}.html", "interactive (HTML)"))
    for code, language in (("ko", "Korean"), ("ru", "Russian")):  # the same figure drawn in figures/ko/, figures/ru/
        for fmt in ("pdf", "png"):
            if (figures / code / f"{stem}.{fmt}").exists():
                links.append((f"{prefix}{code}/{stem}.{fmt}", f"{language} {fmt.upper()}"))
    return " · ".join(f'<a href="{html.escape(href)}">{html.escape(label)}</a>' for href, label in links)


def _markdown_cell(source: str, cell_id: str):
    import nbformat

    return nbformat.v4.new_markdown_cell(source, id=cell_id)


# --- staging one lesson ----------------------------------------------------------------------------------------------
def stage_notebook(notebook, edition: str, by_png: dict[str, dict], figures: Path):
    """A copy of an executed notebook with the site's rules applied (see the module docstring); `by_png` maps the
    sha256 of each print PNG to its catalogue entry. Returns (notebook, number of figures matched)."""
    import base64

    nb = copy.deepcopy(notebook)
    cells, matched, solution_open = [], 0, False
    name = nb.metadata.get("kca_name", "")
    heading = name  # the section a chart with no catalogue entry (an exercise's redraw) is described by

    def close_solution():
        nonlocal solution_open
        if solution_open:
            cells.append(_markdown_cell("</details>", f"kca-solution-end-{len(cells)}"))
            solution_open = False

    for index, cell in enumerate(nb.cells):
        tags = list(cell.metadata.get("tags", []))
        is_solution = "solution" in tags
        if is_solution and edition == "student":
            continue
        if is_solution and not solution_open:
            cells.append(_markdown_cell('<details class="kca-solution">\n<summary>Solution</summary>',
                                        f"kca-solution-{len(cells)}"))
            solution_open = True
        elif not is_solution:
            close_solution()
        after = []
        if cell.cell_type == "markdown":
            cell.source = glossary.site_links(cell.source)
            titles = [line.lstrip("#").strip() for line in cell.source.splitlines() if line.startswith("#")]
            heading = titles[-1] if titles else heading
        if cell.cell_type == "code":
            cell.metadata["tags"] = tags + ["hide-input"]
            entries = []
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                if png:
                    entry = by_png.get(hashlib.sha256(base64.b64decode(png)).hexdigest())
                    alt = alt_text(entry) if entry else f"The chart drawn for “{heading}”, with the parameters chosen."
                    output.setdefault("metadata", {}).setdefault("image/png", {})["alt"] = alt
                    if entry:
                        entries.append(entry)
            for output in cell.get("outputs", []):
                if PLOTLY_MIME in output.get("data", {}):
                    label = (alt_text(entries[0]) if entries else
                             f"Interactive chart for “{heading}”, with the parameters chosen.")
                    output.setdefault("metadata", {}).setdefault(PLOTLY_MIME, {})["alt"] = label
            for entry in entries:
                matched += 1
                after.append(_markdown_cell(
                    f'<p class="kca-figure-links"><strong>Figure {html.escape(entry["stem"])}.</strong> '
                    f'{html.escape(entry.get("caption", ""))}<br>Download: {figure_links(entry, figures)}</p>',
                    f"kca-figure-{index}-{matched}"))
        cells.append(cell)
        if index == 0:
            after.append(_markdown_cell(
                f'<div class="kca-run-note">Download this lesson as a notebook (no outputs): '
                f'<a href="notebooks/{html.escape(name)}.ipynb" download>{html.escape(name)}.ipynb</a>. '
                f'{RUN_NOTE}</div>', "kca-run-note"))
        cells.extend(after)
    close_solution()
    nb.cells = cells
    return nb, matched


# --- generated pages -------------------------------------------------------------------------------------------------
def lesson_title(notebook) -> str:
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return notebook.metadata.get("kca_name", "lesson")


def gallery_page(entries: list[dict], figures: Path, titles: dict[str, str]) -> str:
    items = []
    for entry in entries:
        stem, lesson = entry["stem"], entry["notebook"]
        if not (figures / f"{stem}.png").exists():
            continue
        items.append(
            f'<figure><a href="figures/{stem}.png"><img src="figures/{stem}.png" alt="{html.escape(alt_text(entry))}" '
            f'loading="lazy"></a><figcaption><strong>{html.escape(stem)}</strong>. '
            f'{html.escape(entry.get("caption", ""))} From <a href="{lesson}.html">{html.escape(titles.get(lesson, lesson))}'
            f'</a>.<br>{figure_links(entry, figures)}</figcaption></figure>')
    return ("# Gallery\n\nEvery print figure with its caption; click a thumbnail for the 300-dpi PNG. Each has PDF "
            "and SVG versions for papers, and the data and references behind it where the build wrote them.\n\n"
            '<div class="kca-gallery">\n' + "\n".join(items) + "\n</div>\n")


def glossary_page(data_dir: Path) -> str | None:
    """The glossary page: GLOSSARY.md as `python -m korea_central_asia glossary` renders it from data/glossary.csv,
    with each entry's HTML anchor turned into a MyST target, so the lessons' links to an entry resolve in the site.
    None when the project has no glossary table."""
    if not (Path(data_dir) / "glossary.csv").exists():
        return None
    text = re.sub(r"<!--.*?-->\n*", "", glossary.render(data_dir), flags=re.S)
    return re.sub(r'^<a id="([^"]+)"></a>$', r"(\1)=", text, flags=re.M)


def index_page(edition: str, lessons: list[tuple[str, str]], has_glossary: bool, slides: list[str]) -> str:
    other = ("This is the <strong>teacher edition</strong>: exercises come with their solutions behind a toggle. The "
             f'<a href="{STUDENT_DIR}/index.html">student edition</a> leaves the solutions out; it is also in '
             "<code>site.zip</code>, for a USB stick." if edition == "teacher" else
             "This is the <strong>student edition</strong>: the exercises are here, their solutions are not.")
    toc = "\n".join(name for name, _ in lessons) + "\ngallery\n" + ("glossary\n" if has_glossary else "")
    titles = dict(lessons)
    deck_items = "\n".join(f'<li><a href="slides/{html.escape(deck)}">{html.escape(titles.get(deck.split(".")[0], deck))}'
                           '</a></li>' for deck in slides)
    decks = (f"\n## Slides\n\nOne deck per lesson for the classroom projector (arrow keys to step; they work "
             f"offline too):\n\n<ul>\n{deck_items}\n</ul>\n" if slides else "")
    return f"""# {TITLE}

Lessons on the relations between the Republic of Korea and Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and
Turkmenistan, with Afghanistan as a contrast. Each lesson asks a question, shows the data and the charts, says
what they show, and ends with exercises, questions for discussion, a class plan and the sources. Every page works
offline from this folder: no Python and no network needed. Code is behind "Show code" toggles.

<p>{other}</p>

```{{toctree}}
:maxdepth: 1
:caption: Lessons and figures

{toc}
```
{decks}
## Data downloads

<ul>
<li><a href="data/datapackage.json">datapackage.json</a>: every table and column described;
<a href="data/README.md">README.md</a>, the data dictionary</li>
<li>The tables as CSV: {{tables}}</li>
<li><a href="figures/README.md">figures/README.md</a>: the figure catalogue, which lesson makes each figure from
which sources</li>
</ul>

<p class="kca-run-note">{RUN_NOTE}</p>
"""


# --- building --------------------------------------------------------------------------------------------------------
def _copy_extra(extra: Path, figures: Path, slides_dir: Path | None) -> list[str]:
    """Files copied as they are: stored notebooks, figures, data tables, slides. Returns the data CSV names."""
    (extra / "notebooks").mkdir(parents=True)
    for path in notebook_paths(NOTEBOOKS_DIR):
        shutil.copy2(path, extra / "notebooks" / path.name)
    def left_out(folder, names):
        # the Korean and Russian sets go in as PDF, PNG and interactive pages; their SVGs stay in figures/
        translated = Path(folder).name in ("ko", "ru") and Path(folder).resolve().parent == Path(figures).resolve()
        return {n for n in names if n == "catalogue" or (translated and n.endswith(".svg"))}
    shutil.copytree(figures, extra / "figures", ignore=left_out)
    (extra / "data").mkdir()
    tables = sorted(p.name for p in DATA_DIR.glob("*.csv"))
    for name in tables + ["datapackage.json", "README.md"]:
        if (DATA_DIR / name).exists():
            shutil.copy2(DATA_DIR / name, extra / "data" / name)
    if slides_dir is not None and slides_dir.exists():
        shutil.copytree(slides_dir, extra / "slides")
    return tables


def stage_edition(edition: str, executed: list[Path], figures: Path, src: Path, slides_dir: Path | None) -> dict:
    """Write the Sphinx source folder of one edition; returns counts for the log."""
    import nbformat

    entries = catalogue(figures)
    by_png = {hashlib.sha256((figures / f"{e['stem']}.png").read_bytes()).hexdigest(): e
              for e in entries if (figures / f"{e['stem']}.png").exists()}
    src.mkdir(parents=True)
    lessons, matched = [], 0
    for path in executed:
        notebook = nbformat.read(path, as_version=4)
        notebook.metadata["kca_name"] = path.stem
        staged, count = stage_notebook(notebook, edition, by_png, figures)
        matched += count
        nbformat.write(staged, src / path.name)
        lessons.append((path.stem, lesson_title(notebook)))
    tables = _copy_extra(src / "extra", figures, slides_dir)
    titles = dict(lessons)
    (src / "gallery.md").write_text(gallery_page(entries, figures, titles), encoding="utf-8")
    glossary = glossary_page(DATA_DIR)
    if glossary:
        (src / "glossary.md").write_text(glossary, encoding="utf-8")
    decks = sorted(p.name for p in slides_dir.glob("*.slides.html")) if slides_dir and slides_dir.exists() else []
    table_links = ", ".join(f'<a href="data/{html.escape(t)}">{html.escape(t)}</a>' for t in tables)
    (src / "index.md").write_text(index_page(edition, lessons, bool(glossary), decks).replace("{tables}", table_links),
                                  encoding="utf-8")
    return {"lessons": len(lessons), "figures matched": matched, "catalogue": len(entries)}


def run_sphinx(src: Path, out: Path, edition: str, static: Path, log=print) -> None:
    """One Sphinx HTML build; any warning fails it, so a broken link or an unknown output type cannot slip by."""
    from sphinx.application import Sphinx
    from sphinx.util.docutils import docutils_namespace, patch_docutils

    os.environ.update(KCA_SITE_EDITION=edition, KCA_SITE_STATIC=str(static), KCA_SITE_EXTRA=str(src / "extra"))
    warnings = io.StringIO()
    with patch_docutils(str(BOOK_DIR)), docutils_namespace():
        app = Sphinx(str(src), str(BOOK_DIR), str(out), str(src / "_doctrees"), "html", status=None,
                     warning=warnings, freshenv=True, keep_going=True, verbosity=0)
        app.build(force_all=True)
    problems = [line for line in warnings.getvalue().splitlines() if line.strip()]
    if problems or app.statuscode:
        raise RuntimeError(f"Sphinx ({edition} edition) reported:\n" + "\n".join(problems[:40]))


def write_zip(folder: Path, target: Path, root: str = ZIP_ROOT) -> Path:
    """A zip of `folder` under `root/`, with fixed dates and sorted entries, so the same site gives the same bytes."""
    from .atomic import atomic_path

    with atomic_path(target) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(p for p in folder.rglob("*") if p.is_file()):
                info = zipfile.ZipInfo(f"{root}/{path.relative_to(folder).as_posix()}", date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())
    return target


def ensure_executed(executed_dir: Path = EXECUTED_DIR, log=print) -> None:
    """Run the figure build first when the executed copies are missing or older than their inputs."""
    reason = stale_reason(executed_dir)
    if reason:
        log(f"site: {reason}; running the figure build first")
        build_figures(executed_to=Path(executed_dir), log=log)


def build_site(executed_dir: Path = EXECUTED_DIR, out_dir: Path = SITE_DIR, figures: Path | None = None,
               zip_to: Path | None = SITE_ZIP, slides: bool = True, log=print) -> Path:
    """Build the teacher edition into out_dir, the student edition into out_dir/student, the slides into
    out_dir/slides (and the student edition), and the student edition as `zip_to`. Returns out_dir/index.html.

    The whole site is built in a scratch folder and moved into place at the end, so a failed build leaves the
    previous site as it was.
        build_site()  # after `make figures`
    """
    import time

    from plotly.offline import get_plotlyjs

    from .slides import build_slides

    figures = Path(figures) if figures is not None else figures_dir()
    executed = [Path(executed_dir) / nb.name for nb in notebook_paths()]
    missing = [p.name for p in executed if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no executed copy of {', '.join(missing)} in {executed_dir}: run `make figures`")
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="kca-site-", dir=out_dir.parent) as scratch:
        scratch = Path(scratch)
        static = scratch / "static"
        static.mkdir()
        (static / PLOTLY_JS).write_text(get_plotlyjs(), encoding="utf-8")
        slides_dir = None
        if slides:
            started = time.perf_counter()
            slides_dir = scratch / "slides"
            decks = build_slides(executed, slides_dir, figures)
            log(f"slides: {len(decks)} decks in {time.perf_counter() - started:.1f} s")
        built = scratch / "site"
        for edition in EDITIONS:
            started = time.perf_counter()
            src = scratch / "src" / edition
            counts = stage_edition(edition, executed, figures, src, slides_dir)
            target = built if edition == "teacher" else scratch / "student"
            run_sphinx(src, target, edition, static, log)
            shutil.rmtree(target / ".doctrees", ignore_errors=True)
            (target / ".buildinfo").unlink(missing_ok=True)
            log(f"site: {edition} edition, {counts['lessons']} lessons, {counts['figures matched']} of "
                f"{counts['catalogue']} catalogued figures placed, in {time.perf_counter() - started:.1f} s")
        shutil.move(scratch / "student", built / STUDENT_DIR)
        if zip_to is not None:
            write_zip(built / STUDENT_DIR, Path(zip_to))
        if out_dir.exists():
            shutil.rmtree(out_dir)
        shutil.move(built, out_dir)
    return out_dir / "index.html"
