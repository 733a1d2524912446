"""Every lesson follows the template: question first, narrative, asserts, discussion, sources; stored without outputs."""
from __future__ import annotations

import re

import nbformat
import pytest

from korea_central_asia.execute import notebook_paths

NOTEBOOKS = notebook_paths()


def test_the_five_lessons_exist():
    assert [p.stem for p in NOTEBOOKS][:5] == ["01-establishment", "02-trade", "03-diaspora", "04-soft-power-stages",
                                               "05-claims-check"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=[p.stem for p in NOTEBOOKS])
def test_lesson_shape(path):
    notebook = nbformat.read(path, as_version=4)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in notebook.cells if c.cell_type == "code"]
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert all(not c.outputs and c.execution_count is None for c in code), "stored with outputs"
    assert len(re.findall(r"\w+", markdown)) >= 250
    assert sum(len(re.findall(r"^\s*assert\b", c.source, re.M)) for c in code) >= 2
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
    assert re.search(r"question", markdown, re.I) and re.search(r"discussion", markdown, re.I)
    assert "nb.sources(" in code[-1].source, "a lesson ends with its sources"
    source = "\n".join(c.source for c in code)
    assert "read_csv" not in source and "http" not in source.replace("https://creativecommons", "")
    assert "lesson.start(" in code[0].source or "lesson.start(" in code[1].source
