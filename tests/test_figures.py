"""Figures: identical bytes on rebuild, a complete catalogue, no half-written files, offline HTML that renders."""
from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from korea_central_asia import figures, style  # noqa: E402
from korea_central_asia.execute import build_figures, notebook_paths  # noqa: E402
from korea_central_asia.paths import PROJECT_DIR  # noqa: E402

TRACKED_FIGURES = PROJECT_DIR / "figures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def small_figure():
    fig, ax = style.figure("single")
    ax.plot([1992, 2000, 2010], [1, 3, 2], **style.line_kwargs("KAZ"))
    ax.set_xticks([1995, 2000, 2005, 2010])
    ax.set_xlabel("year")
    fig.subplots_adjust(left=0.15, bottom=0.2)
    return fig


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Every notebook executed once into scratch folders (the site built from them is tested in test_site.py).

    The kernels run under hash seed 1 while `make figures` (which made the committed figures) runs under 0, so the
    byte comparison with figures/ is also a check that no file depends on set or dict-of-set order.
    """
    root = tmp_path_factory.mktemp("build")
    with pytest.MonkeyPatch.context() as env:
        env.setenv("PYTHONHASHSEED", "1")
        env.setenv("KCA_FIGURE_LANGUAGES", "")  # English only: tests/test_i18n.py rebuilds the ko and ru sets by kind
        build_figures(target=root / "figures", executed_to=root / "executed", log=lambda *_: None)
    return root


def test_save_writes_every_format_with_identical_bytes(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    for run in ("a", "b"):
        monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path / run))
        fig = small_figure()
        written = figures.save(fig, "Test chart", notebook="99-test", caption="c", tables=["trade"], sources=["imf-dots-kor"])
        plt.close(fig)
        assert sorted(p.name for p in written) == ["99-test-test-chart.pdf", "99-test-test-chart.png",
                                                  "99-test-test-chart.svg"]
    assert digests(tmp_path / "a") == digests(tmp_path / "b")
    png = (tmp_path / "a" / "99-test-test-chart.png").read_bytes()
    assert png.startswith(b"\x89PNG")
    svg = (tmp_path / "a" / "99-test-test-chart.svg").read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_an_interrupted_export_leaves_the_previous_file_intact(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    fig = small_figure()
    figures.save(fig, "chart", notebook="99-test", caption="c", tables=[], sources=[])
    before = digests(tmp_path)
    real_savefig = fig.savefig

    def dies_half_way(target, format=None, **kwargs):
        if format == "svg":
            Path(target).write_bytes(b"<svg half")
            raise KeyboardInterrupt("killed during export")
        return real_savefig(target, format=format, **kwargs)

    fig.savefig = dies_half_way
    ax = fig.axes[0]
    ax.set_xlabel("changed")
    with pytest.raises(KeyboardInterrupt):
        figures.save(fig, "chart", notebook="99-test", caption="c", tables=[], sources=[])
    plt.close(fig)
    after = digests(tmp_path)
    assert after["99-test-chart.svg"] == before["99-test-chart.svg"]
    assert not [p for p in tmp_path.rglob("*") if p.name.endswith(".part")]
    assert after["99-test-chart.pdf"] != before["99-test-chart.pdf"]  # the one before the failure did finish


def test_text_past_the_canvas_edge_is_refused_before_any_file_is_written(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    fig = small_figure()
    assert figures.text_overflow(fig) == {}
    fig.axes[0].set_ylabel("Exports, USD million")
    fig.subplots_adjust(left=0.03)  # the tick labels and the axis label now start left of the canvas
    overflow = figures.text_overflow(fig)
    assert set(overflow) == {"left"} and overflow["left"] > 0.05
    with pytest.raises(figures.FigureOverflow, match=r"99-test-chart: text reaches past the canvas \(left by"):
        figures.save(fig, "chart", notebook="99-test", caption="c", tables=["trade"], sources=["imf-dots-kor"])
    plt.close(fig)
    assert list(tmp_path.rglob("*")) == []


def test_skipping_print_export_still_catalogues(tmp_path, monkeypatch):
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "1")
    fig = small_figure()
    assert figures.save(fig, "chart", notebook="99-test", caption="c", tables=["trade"], sources=["imf-dots-kor"]) == []
    plt.close(fig)
    # The catalogue entry and the figure's data and references; no print file.
    assert sorted(p.name for p in tmp_path.rglob("*") if p.is_file()) == ["99-test-chart.bib", "99-test-chart.csv",
                                                                         "99-test-chart.json"]


@pytest.mark.parametrize("export, skip", [(True, "0"), (True, "1"), (False, "0"), (False, "1")])
def test_lesson_save_shows_the_print_png_and_closes_the_figure(tmp_path, monkeypatch, export, skip):
    """With export on, the PNG shown is the file written; with it off (JupyterLab) the same PNG is shown from
    memory and nothing at all is written."""
    import IPython.display

    from korea_central_asia import lesson

    shown = []
    monkeypatch.setattr(IPython.display, "display", lambda obj, **kwargs: shown.append(obj))
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", skip)
    fig = small_figure()
    assert lesson.Lesson("99-test", export=export).save(fig, "chart", caption="c", tables=["trade"],
                                                        sources=["imf-dots-kor"]) is None
    assert not plt.fignum_exists(fig.number), "the lesson closes the figure it showed"
    assert len(shown) == 1
    written = sorted(p.name for p in tmp_path.rglob("*") if p.is_file())
    if skip == "1":
        assert "not rendered" in shown[0]["text/plain"] and not (tmp_path / "99-test-chart.png").exists()
    else:
        assert shown[0].data.startswith(b"\x89PNG") and shown[0].width == round(style.SINGLE_COLUMN * 96)
    if export and skip == "0":
        assert shown[0].data == (tmp_path / "99-test-chart.png").read_bytes()
    if not export:
        assert written == [], "a lesson with export off writes nothing"
    if export:
        assert "99-test-chart.json" in written


def english_set(folder: Path) -> dict[str, str]:
    """The digests of the English figures: figures/ without its ko/ and ru/ sets."""
    return {name: digest for name, digest in digests(folder).items() if name.split("/")[0] not in ("ko", "ru")}


def test_rebuild_is_identical_to_the_committed_figures(built):
    assert digests(built / "figures") == english_set(TRACKED_FIGURES), "run `make figures` and commit figures/"


def test_catalogue_lists_every_figure_and_each_exists(built):
    folder = built / "figures"
    entries = [json.loads(p.read_text()) for p in (folder / "catalogue").glob("*.json")]
    assert len(entries) >= 15
    catalogue = (folder / "README.md").read_text()
    stems = {p.stem for p in folder.glob("*.pdf")}
    assert stems == {e["stem"] for e in entries}
    for entry in entries:
        assert entry["stem"] in catalogue
        assert entry["tables"] and entry["sources"], entry["stem"]
        for fmt in ("pdf", "svg", "png"):
            assert (folder / f"{entry['stem']}.{fmt}").stat().st_size > 1000
    notebooks = {p.stem for p in notebook_paths()}
    assert {e["notebook"] for e in entries} <= notebooks
    verdicts = folder / "05-claims-check-verdicts.csv"
    assert verdicts.exists() and verdicts.read_text().startswith("claim_id,")


def test_interactive_figures_use_the_shared_local_plotly(built):
    pages = list((built / "figures" / "interactive").glob("*.html"))
    assert pages
    for page in pages:
        text = page.read_text()
        assert re.search(r'<script[^>]* src="plotly.min.js"', text)
        assert "cdn.plot.ly" not in text
    assert (built / "figures" / "interactive" / "plotly.min.js").stat().st_size > 1_000_000


def render_offline(urls: list[str], screenshot_dir: Path, measure: str = "() => "
                   "document.querySelectorAll('.main-svg').length") -> dict:
    """Open each page in Chromium with every request outside file:// refused and fail if any was made; returns
    url -> what the `measure` script gives (by default the number of plotly SVG layers drawn)."""
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail("Debian's chromium is not installed: run `make setup`")
    found, requested = {}, []
    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(offline=True)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                      else (requested.append(route.request.url), route.abort()))
        for url in urls:
            page = context.new_page()
            page.goto(url)
            page.wait_for_selector(".main-svg", timeout=30_000)
            found[url] = page.evaluate(measure)
            page.screenshot(path=str(screenshot_dir / f"{len(found)}.png"))
        browser.close()
    assert requested == [], f"pages asked for the network: {requested}"
    return found


@pytest.mark.browser
def test_interactive_figure_renders_with_no_network(built, tmp_path):
    interactive = sorted((built / "figures" / "interactive").glob("02-trade-*.html"))[0]
    found = render_offline([interactive.as_uri()], tmp_path)
    assert all(count > 0 for count in found.values()), found
