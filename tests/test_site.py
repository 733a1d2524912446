"""The teaching site and the slides: built once per run from the executed notebooks, checked as files and in
headless Chromium from file:// with every non-file request aborted and counted."""
from __future__ import annotations

import base64
import html
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import nbformat
import pytest

from korea_central_asia import book, slides
from korea_central_asia.execute import EXECUTED_DIR, build_figures, notebook_paths
from korea_central_asia.paths import DATA_DIR, NOTEBOOKS_DIR, PROJECT_DIR

from .test_figures import CHROMIUM, CHROMIUM_ARGS

PLACEHOLDER = "No description has been provided for this image"
LESSONS = [path.stem for path in notebook_paths()]


@pytest.fixture(scope="session")
def site(tmp_path_factory):
    """The whole site (both editions, slides, zip) built once, into a scratch folder.

    It reuses the notebooks `make figures` executed, as `make site` does; where those are missing or stale it
    executes the notebooks into scratch folders first (figures too, so the PNGs match the outputs).
    """
    root = tmp_path_factory.mktemp("site")
    executed, figures = EXECUTED_DIR, PROJECT_DIR / "figures"
    if book.stale_reason(EXECUTED_DIR):
        executed, figures = root / "executed", root / "figures"
        with pytest.MonkeyPatch.context() as env:
            env.setenv("KCA_FIGURE_LANGUAGES", "")  # the site shows the English figures
            build_figures(target=figures, executed_to=executed, log=lambda *_: None)
    started = time.perf_counter()
    book.build_site(executed, root / "site", figures=figures, zip_to=root / "site.zip", log=lambda *_: None)
    print(f"site built in {time.perf_counter() - started:.1f} s")
    return {"root": root / "site", "zip": root / "site.zip", "executed": Path(executed), "figures": Path(figures)}


def entries(figures: Path) -> list[dict]:
    return book.catalogue(figures)


def solution_texts(stem: str) -> list[str]:
    """A phrase from each Markdown solution cell of a stored notebook: its longest stretch of plain words (no
    quotes or dashes, which Sphinx turns typographic), at most 60 characters."""
    cells = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4).cells
    texts = []
    for cell in cells:
        if cell.cell_type == "markdown" and "solution" in cell.metadata.get("tags", []):
            plain = " ".join(re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", cell.source).split())
            stretches = re.findall(r"[A-Za-z0-9 ,.]+", re.sub(r"[*_`]", "", plain))
            texts.append(max(stretches, key=len).strip()[:60])
    return texts


def page_text(path: Path) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8"))).split())


# --- the built files -------------------------------------------------------------------------------------------------
def test_both_editions_have_every_lesson_the_gallery_and_search(site):
    for folder in (site["root"], site["root"] / "student"):
        for name in [f"{stem}.html" for stem in LESSONS] + ["index.html", "gallery.html", "search.html",
                                                             "searchindex.js", "_static/plotly.min.js"]:
            assert (folder / name).is_file(), f"{folder / name} is missing"
        index = (folder / "index.html").read_text(encoding="utf-8")
        for stem in LESSONS:
            assert f'href="{stem}.html"' in index
    assert (site["root"] / "_static" / "plotly.min.js").stat().st_size > 1_000_000


def test_teacher_edition_hides_solutions_behind_toggles_and_student_edition_leaves_them_out(site):
    for stem in LESSONS:
        phrases = solution_texts(stem)
        assert len(phrases) >= 3, stem
        teacher = site["root"] / f"{stem}.html"
        student = site["root"] / "student" / f"{stem}.html"
        teacher_html = teacher.read_text(encoding="utf-8")
        toggles = teacher_html.count('<details class="kca-solution">')
        exercises = len(re.findall(r"<h3>Exercise \d+", teacher_html))
        assert toggles == exercises >= 3, (stem, toggles, exercises)
        assert 'kca-solution' not in student.read_text(encoding="utf-8")
        for phrase in phrases:
            assert phrase in page_text(teacher), (stem, phrase)
            assert phrase not in page_text(student), (stem, phrase)
        # the exercises themselves stay in the student edition
        assert len(re.findall(r"<h3>Exercise \d+", student.read_text(encoding="utf-8"))) == exercises


def test_every_code_cell_is_behind_a_toggle(site):
    for stem in LESSONS:
        page = (site["root"] / "student" / f"{stem}.html").read_text(encoding="utf-8")
        stored = nbformat.read(NOTEBOOKS_DIR / f"{stem}.ipynb", as_version=4)
        code = sum(c.cell_type == "code" and "solution" not in c.metadata.get("tags", []) for c in stored.cells)
        inputs = page.count('class="cell_input')
        hidden = len(re.findall(r'<details class="admonition hide above-input">\s*<summary', page))
        assert inputs == hidden == code, (stem, inputs, hidden, code)


def test_images_carry_the_catalogue_alt_text_and_their_figure_links(site):
    figures = site["figures"]
    by_stem = {e["stem"]: e for e in entries(figures)}
    seen = set()
    for stem in LESSONS:
        page = (site["root"] / f"{stem}.html").read_text(encoding="utf-8")
        assert PLACEHOLDER not in page
        alts = set()
        for tag in re.findall(r"<img [^>]*>", page):
            alt = re.search(r'alt="([^"]*)"', tag)
            assert alt and len(html.unescape(alt.group(1))) > 20, tag[:200]
            alts.add(html.unescape(alt.group(1)))
        labels = {html.unescape(label) for label in re.findall(r'aria-label="([^"]*)" style="height', page)}
        for figure in re.findall(r"<strong>Figure ([^<]+)\.</strong>", page):
            entry = by_stem[figure]
            assert book.alt_text(entry) in alts, figure
            assert book.alt_text(entry) in labels, f"the interactive chart beside {figure} has no accessible name"
            for name in entry["files"]:
                assert f'href="figures/{name}"' in page
                assert (site["root"] / "figures" / name).is_file()
            seen.add(figure)
    assert seen == set(by_stem), "every catalogued figure appears under its chart in a lesson"


def test_figure_links_name_the_data_and_bibtex_only_where_they_exist(tmp_path):
    entry = {"stem": "02-trade-balance", "files": ["02-trade-balance.pdf", "02-trade-balance.png"]}
    (tmp_path / "02-trade-balance.pdf").write_text("x")
    assert book.figure_links(entry, tmp_path) == '<a href="figures/02-trade-balance.pdf">PDF</a>'
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "02-trade-balance.csv").write_text("year\n")
    (tmp_path / "data" / "02-trade-balance.bib").write_text("@misc{x}\n")
    assert book.figure_links(entry, tmp_path) == (
        '<a href="figures/02-trade-balance.pdf">PDF</a> · <a href="figures/data/02-trade-balance.csv">data (CSV)</a>'
        ' · <a href="figures/data/02-trade-balance.bib">references (BibTeX)</a>')
    assert book.alt_text({"stem": "s", "caption": "A caption.", "alt": "Alt text."}) == "Alt text."
    assert book.alt_text({"stem": "s", "caption": "A caption."}) == "A caption."


def test_each_lesson_links_its_stored_notebook_and_how_to_run_it(site):
    for stem in LESSONS:
        page = (site["root"] / "student" / f"{stem}.html").read_text(encoding="utf-8")
        assert f'href="notebooks/{stem}.ipynb"' in page and "make lab" in page
        download = site["root"] / "student" / "notebooks" / f"{stem}.ipynb"
        assert download.read_bytes() == (NOTEBOOKS_DIR / f"{stem}.ipynb").read_bytes()
        assert all(not c.get("outputs") for c in nbformat.read(download, as_version=4).cells)


def test_gallery_shows_every_figure_with_thumbnail_and_caption(site):
    gallery = (site["root"] / "gallery.html").read_text(encoding="utf-8")
    figures = entries(site["figures"])
    assert len(figures) >= 15
    for entry in figures:
        assert f'src="figures/{entry["stem"]}.png"' in gallery
        assert html.escape(entry["caption"]) in gallery
        assert (site["root"] / "figures" / f"{entry['stem']}.png").is_file()


def test_glossary_page_renders_every_term_as_a_link_target(site, tmp_path):
    assert book.glossary_page(tmp_path) is None  # a project without a glossary table has no page
    page = book.glossary_page(DATA_DIR)
    assert "(koryo-saram)=\n\n## Koryo-saram" in page and "<a id=" not in page and "<!--" not in page
    built = (site["root"] / "glossary.html").read_text(encoding="utf-8")
    assert 'id="koryo-saram"' in built and "Корё сарам" in built
    # the lessons' first uses link to the site's entry, not to GLOSSARY.md outside the site
    lesson = (site["root"] / "03-diaspora.html").read_text(encoding="utf-8")
    assert 'href="glossary.html#koryo-saram"' in lesson and "GLOSSARY.md" not in lesson


def test_pages_load_nothing_from_the_network_and_plotly_ids_are_stable(site):
    pages = sorted(site["root"].rglob("*.html"))
    for page in pages:
        if "/figures/" in page.as_posix():
            continue  # the figure build's own files, tested in test_figures.py
        text = page.read_text(encoding="utf-8")
        remote = re.findall(r'(?:src|href)="(?:https?:)?//[^"]+"', text)
        remote = [r for r in remote if not r.startswith("href=")]  # links a reader may follow are fine
        assert remote == [], (page, remote)
        assert not re.search(r"<script[^>]*mathjax|<script[^>]+src=[^>]*mathjax", text, re.IGNORECASE), page
        divs = re.findall(r'<div id="([^"]+)" class="plotly-graph-div', text)
        for div in divs:
            assert re.fullmatch(r"plotly-[0-9a-z-]+-c\d+-o\d+", div), div
        if "_static" not in page.parts and "slides" not in page.parts:
            loads = bool(re.search(r'<script src="(?:\.\./)?_static/plotly\.min\.js', text))
            assert loads == bool(divs), f"{page.name}: plotly.js is loaded where charts are drawn, and only there"
    assert not [p for p in pages if "_sources" in p.parts]


def test_every_local_link_and_script_resolves(site):
    checked = 0
    for page in sorted(site["root"].rglob("*.html")):
        if "/figures/" in page.as_posix() or "_static" in page.parts:
            continue  # the figure build's files; the theme's template fragments that Sphinx copies as they are
        text = page.read_text(encoding="utf-8")
        for target in re.findall(r'(?:href|src)="([^"#?]+)[^"]*"', text):
            if re.match(r"[a-z]+:|//", target):
                continue
            assert (page.parent / html.unescape(target)).exists(), f"{page.relative_to(site['root'])} links {target}"
            checked += 1
    assert checked > 1000, checked


def test_site_zip_holds_the_student_edition_and_is_reproducible(site, tmp_path):
    with zipfile.ZipFile(site["zip"]) as archive:
        names = set(archive.namelist())
        assert f"{book.ZIP_ROOT}/index.html" in names
        assert {f"{book.ZIP_ROOT}/{stem}.html" for stem in LESSONS} <= names
        assert {f"{book.ZIP_ROOT}/slides/{stem}.slides.html" for stem in LESSONS} <= names
        assert b"kca-solution" not in archive.read(f"{book.ZIP_ROOT}/02-trade.html")
    again = book.write_zip(site["root"] / "student", tmp_path / "again.zip")
    assert again.read_bytes() == site["zip"].read_bytes()


def test_stale_or_missing_executed_copies_are_detected(tmp_path):
    notebooks = notebook_paths()
    assert "no executed copy" in book.stale_reason(tmp_path, notebooks)
    for path in notebooks:
        (tmp_path / path.name).write_text("{}")
    assert book.stale_reason(tmp_path, notebooks) is None
    os.utime(tmp_path / notebooks[0].name, (1, 1))
    assert "is newer than the executed notebooks" in book.stale_reason(tmp_path, notebooks)


# --- slides ----------------------------------------------------------------------------------------------------------
def test_slides_follow_the_rule_and_tags_force_cells_in_or_out():
    png = base64.b64encode(b"\x89PNG fake").decode()
    cells = [nbformat.v4.new_markdown_cell("# Title\n\n**Question.** Why?\n\n**What you will learn**\n\n- a lot"),
             nbformat.v4.new_code_cell("setup()"),
             nbformat.v4.new_markdown_cell("## 1 · A section"),
             nbformat.v4.new_code_cell("nb.show(chart)", outputs=[nbformat.v4.new_output(
                 "display_data", data={"application/vnd.plotly.v1+json": {}, "text/plain": "x"}),
                 nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "y"})]),
             nbformat.v4.new_markdown_cell("**What it shows.** Numbers."),
             nbformat.v4.new_markdown_cell("Prose that stays off the slides."),
             nbformat.v4.new_markdown_cell("A note the teacher wants shown.", metadata={"tags": ["slide"]}),
             nbformat.v4.new_markdown_cell("**What it shows.** Dropped by tag.", metadata={"tags": ["no-slide"]}),
             nbformat.v4.new_markdown_cell("**Answer.** Secret.", metadata={"tags": ["solution"]}),
             nbformat.v4.new_markdown_cell("## Questions for discussion\n\n1. Why?")]
    chosen = slides.choose_slides(nbformat.v4.new_notebook(cells=cells))
    summary = [(c.metadata["slideshow"]["slide_type"], c.source.splitlines()[0] if c.source else "")
               for c in chosen.cells]
    assert summary == [("slide", "# Title"), ("slide", "## 1 · A section"), ("-", "nb.show(chart)"),
                       ("slide", "**What it shows.** Numbers."), ("slide", "A note the teacher wants shown."),
                       ("slide", "## Questions for discussion")]
    assert [list(o["data"]) for o in chosen.cells[2].outputs] == [["image/png"]]
    assert chosen.cells[0].source == "# Title\n\n**Question.** Why?"


def test_every_lesson_has_a_deck_with_local_scripts(site):
    for stem in LESSONS:
        deck = site["root"] / "slides" / f"{stem}.slides.html"
        text = deck.read_text(encoding="utf-8")
        assert re.findall(r'src="(?:https?:)?//', text) == [], stem
        assert "Questions for discussion" in text and text.count("<img") >= 2, stem
    for _, target in slides.VENDOR:
        assert (site["root"] / "slides" / target).exists(), target


# --- in the browser --------------------------------------------------------------------------------------------------
def _browser(driver, requested: list[str]):
    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make setup`")
    browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                  else (requested.append(route.request.url), route.abort()))
    return browser, context


@pytest.mark.browser
def test_every_page_opens_offline_with_its_charts_drawn_and_search_finds_a_lesson(site, tmp_path):
    from playwright.sync_api import sync_playwright

    root = site["root"]
    pages = sorted(p for p in [*root.glob("*.html"), *(root / "student").glob("*.html")])
    requested, errors, drawn = [], [], {}
    with sync_playwright() as driver:
        browser, context = _browser(driver, requested)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
        for path in pages:
            expected = path.read_text(encoding="utf-8").count('class="plotly-graph-div')
            page.goto(path.as_uri())
            if expected:
                page.wait_for_function(f"document.querySelectorAll('.js-plotly-plot .main-svg').length >= {expected}",
                                       timeout=60_000)
            drawn[path.relative_to(root).as_posix()] = page.locator(".js-plotly-plot").count()
            assert drawn[path.relative_to(root).as_posix()] == expected, path
        page.goto((root / "search.html").as_uri() + "?q=Koryo-saram")
        page.wait_for_selector("#search-results li a", timeout=30_000)
        hits = page.locator("#search-results li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
        page.screenshot(path=str(tmp_path / "search.png"))
        browser.close()
    print(f"{len(pages)} pages, charts drawn per page: {drawn}; search hits: {hits}")
    assert requested == [], f"pages asked for the network: {requested}"
    assert errors == []
    assert sum(drawn.values()) >= 2 * 15
    assert any(hit.startswith("03-diaspora.html") for hit in hits), hits


@pytest.mark.browser
def test_a_deck_steps_through_offline_to_a_chart_at_full_width(site, tmp_path):
    from playwright.sync_api import sync_playwright

    deck = site["root"] / "slides" / "02-trade.slides.html"
    requested, errors, widths = [], [], []
    with sync_playwright() as driver:
        browser, context = _browser(driver, requested)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(deck.as_uri())
        page.wait_for_selector(".reveal.ready", timeout=30_000)
        total = page.locator(".reveal .slides > section").count()
        for step in range(total - 1):
            page.keyboard.press("ArrowRight")
            page.wait_for_function(f"location.hash === '#/{step + 1}'", timeout=10_000)
            width = page.evaluate("""() => {
                const slide = document.querySelector('.reveal .slides > section.present');
                const img = slide.querySelector('img');
                if (!img || !img.complete || !img.naturalWidth) return 0;
                const box = img.getBoundingClientRect();
                // object-fit: contain draws the picture inside the box, so take the width it really gets
                const drawn = Math.min(box.width, box.height * img.naturalWidth / img.naturalHeight);
                return drawn / document.querySelector('.reveal .slides').getBoundingClientRect().width;
            }""")
            widths.append(round(width, 3))
            if width and len(widths) < 4:
                page.screenshot(path=str(tmp_path / f"slide-{step + 1}.png"))
        last = page.evaluate("location.hash")
        browser.close()
    print(f"{total} slides stepped through; drawn chart width / slide width per slide: {widths}")
    assert requested == [] and errors == []
    assert last == f"#/{total - 1}" and total >= 8
    assert max(widths) >= 0.9, widths


def test_a_kernel_stops_with_its_notebook_and_says_nothing(tmp_path):
    """make figures: no 'Parent appears to have exited' per notebook (kernels are shut down, not orphaned)."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")],
                                        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                                 "language": "python"}})
    nbformat.write(notebook, tmp_path / "t.ipynb")
    script = ("import sys; from pathlib import Path; from korea_central_asia.execute import execute_notebook; "
              f"nb = execute_notebook(Path({str(tmp_path / 't.ipynb')!r}), Path({str(tmp_path / 'f')!r})); "
              "print(nb.cells[0].outputs[0]['data']['text/plain'])")
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120,
                         env={**os.environ, "PYTHONPATH": str(PROJECT_DIR)})
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip() == "2"
    assert run.stderr == "", run.stderr
