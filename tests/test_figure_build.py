"""The figure build on two tiny hand-made notebooks, the catalogue, the default figures folder, and what a saved
figure file carries. Fast: each build starts one or two plain kernels, never a lesson.
"""
from __future__ import annotations

import hashlib
import json
import struct
from pathlib import Path

import nbformat
import pytest

from korea_central_asia import execute, paths
from korea_central_asia.execute import NotebookFailed, build_figures, catalogue_markdown, notebook_paths

PROJECT = Path(__file__).resolve().parents[1]

# What the good notebook writes into its figures folder: the environment the build gives the kernel and its folder.
GOOD = """
import os, pathlib
out = pathlib.Path(os.environ["KCA_FIGURES_DIR"])
(out / "interactive").mkdir()
(out / "97-good.txt").write_text(f"print {os.environ['KCA_SKIP_PRINT_EXPORT']} export {os.environ['KCA_EXPORT']} "
                                 f"in {pathlib.Path.cwd().name}\\n")
(out / "same.txt").write_text("unchanged\\n")
(out / "interactive" / "97-good.html").write_text("<html></html>\\n")
print("done")
"""
SECOND = """
import os, pathlib
pathlib.Path(os.environ["KCA_FIGURES_DIR"], "96-second.txt").write_text("second\\n")
"""
BAD = """
import os, pathlib
pathlib.Path(os.environ["KCA_FIGURES_DIR"], "98-bad.txt").write_text("half made\\n")
raise ValueError("boom")
"""


def notebook(folder: Path, name: str, code: str) -> Path:
    node = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    node.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / name
    nbformat.write(node, path)
    return path


def digests(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def published(tmp_path: Path) -> tuple[Path, Path]:
    """A figures folder and an executed-notebooks folder as a previous build left them, with one stale file each."""
    target, executed = tmp_path / "figures", tmp_path / "executed"
    (target / "interactive").mkdir(parents=True)
    executed.mkdir()
    (target / "97-good.txt").write_text("from the previous build\n")
    (target / "same.txt").write_text("unchanged\n")
    (target / "stale.pdf").write_bytes(b"%PDF of a chart no notebook makes any more")
    (target / "interactive" / "stale.html").write_text("<html>old</html>\n")
    (target / "README.md").write_text("# Figures (previous)\n")
    (executed / "00-gone.ipynb").write_text("{}")
    return target, executed


def test_a_good_notebook_then_a_failing_one_leave_figures_exactly_as_they_were(tmp_path):
    target, executed = published(tmp_path)
    before, executed_before = digests(target), digests(executed)
    notebooks = [notebook(tmp_path, "97-good.ipynb", GOOD), notebook(tmp_path, "98-bad.ipynb", BAD)]
    with pytest.raises(NotebookFailed, match=r"^98-bad.ipynb failed:\n") as failed:
        build_figures(notebooks, target=target, executed_to=executed, log=lambda *_: None)
    assert 'raise ValueError("boom")' in str(failed.value)
    assert digests(target) == before, "nothing of the good notebook is published while another one fails"
    assert digests(executed) == executed_before


def test_a_successful_build_publishes_changes_and_removes_stale_files(tmp_path):
    target, executed = published(tmp_path)
    unchanged_inode = (target / "same.txt").stat().st_ino
    logged = []
    notebooks = [notebook(tmp_path, "97-good.ipynb", GOOD), notebook(tmp_path, "96-second.ipynb", SECOND)]
    timings = build_figures(notebooks, target=target, executed_to=executed, log=logged.append)

    assert sorted(digests(target)) == ["96-second.txt", "97-good.txt", "README.md", "interactive/97-good.html",
                                       "same.txt"]
    assert (target / "97-good.txt").read_text() == f"print 0 export 1 in {tmp_path.name}\n"
    assert (target / "README.md").read_text() == catalogue_markdown(target)
    assert (target / "same.txt").stat().st_ino == unchanged_inode, "a file whose bytes did not change is not rewritten"
    assert sorted(p.name for p in executed.iterdir()) == ["96-second.ipynb", "97-good.ipynb"]
    ran = nbformat.read(executed / "97-good.ipynb", as_version=4)
    assert ran.cells[0].outputs[0]["text"] == "done\n"
    assert sorted(timings) == ["96-second.ipynb", "97-good.ipynb"]
    assert all(0 < seconds < 300 for seconds in timings.values()), timings
    assert sorted(logged[:2]) == [f"executed {name} in {timings[name]:.1f} s" for name in sorted(timings)]
    assert logged[2:] == [f"figures: 4 file(s) written, 2 removed, in {target}"]


def test_sync_makes_the_target_hold_exactly_the_staged_files(tmp_path):
    staging, target = tmp_path / "staging", tmp_path / "target"
    for folder in (staging / "interactive", target / "interactive", target / "catalogue"):
        folder.mkdir(parents=True)
    (staging / "a.pdf").write_bytes(b"new a")
    (staging / "same.png").write_bytes(b"same")
    (staging / "interactive" / "b.html").write_bytes(b"new b")
    (target / "a.pdf").write_bytes(b"old a")
    (target / "same.png").write_bytes(b"same")
    (target / "gone.svg").write_bytes(b"stale")
    (target / "catalogue" / "gone.json").write_bytes(b"{}")
    inode = (target / "same.png").stat().st_ino
    assert execute._sync(staging, target) == (2, 2)
    assert digests(target) == digests(staging)
    assert (target / "same.png").stat().st_ino == inode
    assert execute._sync(staging, target) == (0, 0), "a second sync changes nothing"


def test_notebook_paths_are_the_numbered_lessons_in_order(tmp_path):
    for name in ["02-trade.ipynb", "01-establishment.ipynb", "notes.ipynb", "1-draft.ipynb", "03-x.txt"]:
        (tmp_path / name).write_text("{}")
    assert [p.name for p in notebook_paths(tmp_path)] == ["01-establishment.ipynb", "02-trade.ipynb"]
    assert notebook_paths()[0] == PROJECT / "notebooks" / "01-establishment.ipynb"


def test_the_catalogue_lists_each_figure_with_its_caption_credit_citation_files_data_and_references(tmp_path):
    (tmp_path / "catalogue").mkdir()
    for stem, notebook_name, caption, sources in [
        ("02-trade-b", "02-trade", "Second.", ["imf-dots-kor", "imf-dots-kaz"]),
        ("01-establishment-a", "01-establishment", "First.", []),
    ]:
        entry = {"stem": stem, "notebook": notebook_name, "caption": caption, "tables": ["trade", "events"],
                 "sources": sources, "files": [f"{stem}.pdf", f"{stem}.svg", f"{stem}.png"],
                 "alt": f'Bars "{stem}".', "credit": "Sources: IMF.", "citation": f"Cite {stem}.",
                 "data": f"data/{stem}.csv", "references": f"data/{stem}.bib"}
        (tmp_path / "catalogue" / f"{stem}.json").write_text(json.dumps(entry))
    (tmp_path / "05-claims-check-verdicts.csv").write_text("claim_id\n")
    (tmp_path / "04-soft-power-stages-tools.csv").write_text("tool\n")
    lines = catalogue_markdown(tmp_path).split("\n")
    assert lines[:4] == ["# Figures", "",
                         "<!-- Generated by `make figures` (python -m korea_central_asia figures). Do not edit by hand. -->",
                         ""]
    assert lines[4].startswith("2 print figures, each as PDF, SVG (text kept as text) and 300-dpi PNG")
    assert lines[6] == "The same figures in Korean and Russian: [`ko/`](ko/README.md), [`ru/`](ru/README.md)."
    assert lines[8] == ("Tables for papers: [`04-soft-power-stages-tools.csv`](04-soft-power-stages-tools.csv), "
                        "[`05-claims-check-verdicts.csv`](05-claims-check-verdicts.csv)")
    assert lines[10:] == [
        "## 01-establishment-a", "",
        '<img src="01-establishment-a.png" width="320" alt="Bars &quot;01-establishment-a&quot;.">', "",
        "First. Sources: IMF.", "",
        "- Files: [PDF](01-establishment-a.pdf) · [SVG](01-establishment-a.svg) · [PNG](01-establishment-a.png) · "
        "data [CSV](data/01-establishment-a.csv) · references [BibTeX](data/01-establishment-a.bib)",
        "- Cite as: Cite 01-establishment-a.",
        "- Made by [01-establishment](../notebooks/01-establishment.ipynb) from trade, events; 0 sources", "",
        "## 02-trade-b", "",
        '<img src="02-trade-b.png" width="320" alt="Bars &quot;02-trade-b&quot;.">', "",
        "Second. Sources: IMF.", "",
        "- Files: [PDF](02-trade-b.pdf) · [SVG](02-trade-b.svg) · [PNG](02-trade-b.png) · "
        "data [CSV](data/02-trade-b.csv) · references [BibTeX](data/02-trade-b.bib)",
        "- Cite as: Cite 02-trade-b.",
        "- Made by [02-trade](../notebooks/02-trade.ipynb) from trade, events; 2 sources", "",
    ]


def test_the_catalogue_of_no_figures_has_no_table_line(tmp_path):
    text = catalogue_markdown(tmp_path)
    assert "0 print figures" in text and "Tables for papers" not in text


# --- defaults the test environment would otherwise hide ----------------------------------------------------------

def test_figures_dir_defaults_to_the_project_figures_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("KCA_FIGURES_DIR", raising=False)  # conftest.py sets it for every test process
    assert paths.figures_dir() == PROJECT / "figures"
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    assert paths.figures_dir() == tmp_path


def test_the_build_defaults_to_the_lessons_and_the_figures_folder(monkeypatch, tmp_path):
    ran = []
    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path / "figures"))
    monkeypatch.setattr(execute, "execute_notebook", lambda path, figures_to, executed_to=None: ran.append(path))
    build_figures(executed_to=None, log=lambda *_: None)
    assert sorted(ran) == notebook_paths()
    assert list(digests(tmp_path / "figures")) == ["README.md"]


def png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunks.append((kind, data[at + 8:at + 8 + length]))
        at += 12 + length
    return chunks


def test_saved_pdf_png_and_svg_carry_no_date_or_version(tmp_path, monkeypatch):
    """Read in the files themselves: a PDF that keeps a creation date fails even though figures.save pins
    SOURCE_DATE_EPOCH (which makes such a date the same on every build)."""
    import matplotlib
    import matplotlib.pyplot as plt

    from korea_central_asia import figures

    monkeypatch.setenv("KCA_FIGURES_DIR", str(tmp_path))
    monkeypatch.setenv("KCA_SKIP_PRINT_EXPORT", "0")
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    from korea_central_asia import style

    fig, ax = style.figure("single")
    fig.subplots_adjust(left=0.2, bottom=0.2)
    ax.plot([1992, 2000], [1, 2])
    ax.set_xticks([1995, 2000])
    figures.save(fig, "meta", notebook="99-test", caption="c", tables=["trade"], sources=["imf-dots-kor"])
    plt.close(fig)
    version = matplotlib.__version__.encode()
    pdf = (tmp_path / "99-test-meta.pdf").read_bytes()
    for marker in (b"/CreationDate", b"/ModDate", b"/Producer", b"/Creator", version):
        assert marker not in pdf, marker
    chunks = png_chunks((tmp_path / "99-test-meta.png").read_bytes())
    kinds = [kind for kind, _ in chunks]
    assert b"tIME" not in kinds and not {b"tEXt", b"zTXt", b"iTXt"} & set(kinds), kinds
    assert version not in (tmp_path / "99-test-meta.png").read_bytes()
    svg = (tmp_path / "99-test-meta.svg").read_bytes()
    for marker in (b"<dc:date>", b"Matplotlib v", version):
        assert marker not in svg, marker
