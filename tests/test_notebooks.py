"""Every lesson follows the template: the opening cell, a `parameters` cell, short code cells that import only the
lesson, series and chart layers, findings as Markdown, discussion questions, and sources last; no outputs stored."""
from __future__ import annotations

import ast
import io
import re
import tokenize

import nbformat
import pytest

from korea_central_asia.execute import notebook_paths

NOTEBOOKS = notebook_paths()
IDS = [p.stem for p in NOTEBOOKS]
MAX_LESSON_LINES = 150
MAX_CELL_LINES = 25
MAX_LINE = 100
MAX_ASSERTS_IN_ALL_LESSONS = 25
ALLOWED_MODULES = {"korea_central_asia.lesson", "korea_central_asia.series", "korea_central_asia.charts"}
EXERCISE_MODULES = {"pandas", "numpy"}


def read(path):
    return nbformat.read(path, as_version=4)


def tags(cell) -> set[str]:
    return set(cell.get("metadata", {}).get("tags", []))


def code_cells(notebook, solutions: bool = False):
    return [c for c in notebook.cells if c.cell_type == "code" and (solutions or "solution" not in tags(c))]


def test_the_five_lessons_exist():
    assert IDS[:5] == ["01-establishment", "02-trade", "03-diaspora", "04-soft-power-stages", "05-claims-check"]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_lesson_shape(path):
    notebook = read(path)
    assert notebook.metadata["kernelspec"]["name"] == "python3"
    code = code_cells(notebook, solutions=True)
    markdown = "\n".join(c.source for c in notebook.cells if c.cell_type == "markdown")
    assert all(not c.outputs and c.execution_count is None for c in code), "stored with outputs"
    assert len(re.findall(r"\w+", markdown)) >= 250
    assert notebook.cells[0].cell_type == "markdown" and notebook.cells[0].source.startswith("# ")
    assert re.search(r"question", markdown, re.I) and re.search(r"discussion", markdown, re.I)
    assert "nb.sources(" in code_cells(notebook)[-1].source, "a lesson ends with its sources"
    source = "\n".join(c.source for c in code)
    assert "read_csv" not in source and "http" not in source.replace("https://creativecommons", "")
    assert any("lesson.start(" in c.source for c in code[:3])


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_parameters_cell_follows_the_opening_cell(path):
    cell = read(path).cells[1]
    assert cell.cell_type == "code" and "parameters" in tags(cell), "cell 2 is the papermill `parameters` cell"
    names = {t.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign) for t in node.targets}
    wanted = {"COUNTRIES", "YEARS"} | ({"STAGE_STARTS"} if path.stem.startswith("04") else set())
    assert wanted <= names, f"the parameters cell defines {sorted(names)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_code_is_short(path):
    cells = code_cells(read(path))
    lines = [len(c.source.splitlines()) for c in cells]
    assert sum(lines) <= MAX_LESSON_LINES, f"{sum(lines)} lines of code (at most {MAX_LESSON_LINES})"
    assert max(lines) <= MAX_CELL_LINES, f"a cell of {max(lines)} lines (at most {MAX_CELL_LINES})"
    for cell in code_cells(read(path), solutions=True):
        for line in cell.source.splitlines():
            assert len(line) <= MAX_LINE, f"line over {MAX_LINE} characters: {line}"
        semicolons = [t for t in tokenize.generate_tokens(io.StringIO(cell.source).readline)
                      if t.type == tokenize.OP and t.string == ";"]
        assert not semicolons, f"`;` joins statements in:\n{cell.source}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_lessons_import_only_the_lesson_series_and_chart_layers(path):
    for cell in code_cells(read(path), solutions=True):
        exercise = {"solution", "exercise"} & tags(cell)
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.ImportFrom):
                module = node.module or ""
                if module == "korea_central_asia":
                    imported = {f"korea_central_asia.{a.name}" for a in node.names}
                else:
                    imported = {module}
            elif isinstance(node, ast.Import):
                imported = {a.name for a in node.names}
            else:
                continue
            for name in imported:
                top = ".".join(name.split(".")[:2])
                ok = top in ALLOWED_MODULES or (exercise and name.split(".")[0] in EXERCISE_MODULES)
                assert ok, f"{path.stem} imports {name}; lessons import only {sorted(ALLOWED_MODULES)}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_findings_are_markdown_not_print(path):
    notebook = read(path)
    for cell in code_cells(notebook, solutions=True):
        calls = [n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Call)
                 and isinstance(n.func, ast.Name) and n.func.id == "print"]
        assert not calls, f"{path.stem}: findings go in Markdown or nb.findings, not print():\n{cell.source}"
    assert any(c.cell_type == "markdown" and c.source.lstrip().startswith("**What it shows") for c in notebook.cells)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_lesson_check_compares_with_todays_numbers(path):
    """Asserts that hold for any parameters may stay; a literal other than 0 or 1 is a number of today's data."""
    for cell in code_cells(read(path), solutions=True):
        for node in ast.walk(ast.parse(cell.source)):
            if isinstance(node, ast.Assert):
                literals = [n.value for n in ast.walk(node.test) if isinstance(n, ast.Constant)
                            and isinstance(n.value, (int, float)) and not isinstance(n.value, bool)]
                assert set(literals) <= {0, 1}, f"{path.stem}: assert compares with {literals}: " \
                                                f"{ast.unparse(node)} (pin numbers in tests/)"


def test_the_lessons_hold_few_asserts():
    count = sum(len([n for n in ast.walk(ast.parse(c.source)) if isinstance(n, ast.Assert)])
                for path in NOTEBOOKS for c in code_cells(read(path), solutions=True))
    assert count <= MAX_ASSERTS_IN_ALL_LESSONS, f"{count} asserts in the lessons"


EXERCISE = re.compile(r"^### Exercise (\d+): \S", re.M)
KINDS = ("Kind: change a parameter", "Kind: compute with the series", "Kind: a question the lesson did not ask")
MAX_SOLUTION_LINES = 15


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_exercises_have_hidden_solutions_of_every_kind(path):
    cells = read(path).cells
    starts = [i for i, c in enumerate(cells) if c.cell_type == "markdown" and EXERCISE.search(c.source)]
    assert len(starts) >= 3, f"{path.stem} has {len(starts)} exercises (at least 3)"
    numbers = [int(EXERCISE.search(cells[i].source).group(1)) for i in starts]
    assert numbers == list(range(1, len(starts) + 1)), f"exercises numbered {numbers}"
    kinds = {kind for i in starts for kind in KINDS if kind in cells[i].source}
    assert kinds == set(KINDS), f"{path.stem} lacks exercises of kind {sorted(set(KINDS) - kinds)}"
    for number, (i, end) in enumerate(zip(starts, starts[1:] + [len(cells)]), 1):
        solution = [c for c in cells[i + 1:end] if "solution" in tags(c)]
        code = [c for c in solution if c.cell_type == "code"]
        assert code, f"exercise {number} has no solution code cell tagged `solution`"
        for cell in code:
            hidden = cell.metadata.get("jupyter", {})
            assert hidden.get("source_hidden") is True and hidden.get("outputs_hidden") is True, \
                f"exercise {number}: a solution is stored hidden (jupyter.source_hidden/outputs_hidden)"
            assert len(cell.source.splitlines()) <= MAX_SOLUTION_LINES, f"exercise {number}: solution too long"
            assert not [n for n in ast.walk(ast.parse(cell.source)) if isinstance(n, ast.Assert)], \
                f"exercise {number}: a solution uses no assert"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_class_plan_adds_up_to_ninety_minutes(path):
    plans = [c.source for c in read(path).cells if c.cell_type == "markdown" and "Class plan (90 minutes)" in c.source]
    assert len(plans) == 1, f"{path.stem}: one 'Class plan (90 minutes)' section"
    minutes = [int(m) for m in re.findall(r"\b(\d+) min\b", plans[0])]
    assert sum(minutes) == 90, f"{path.stem}: the plan's timings add up to {sum(minutes)} minutes: {minutes}"
    for needed in ("Exercise", "project", "beforehand"):
        assert needed.lower() in plans[0].lower(), f"{path.stem}: the class plan names no {needed!r}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_the_first_use_of_each_glossary_term_links_to_its_entry(path):
    from korea_central_asia.glossary import first_uses, unlinked_first_uses

    cells = [c.source for c in read(path).cells if c.cell_type == "markdown"]
    assert first_uses(cells), f"{path.stem} uses no glossary term"
    loose = [f"{u.term!r} first written {u.text!r} in markdown cell {u.cell}" for u in unlinked_first_uses(cells)]
    assert not loose, f"{path.stem}: link the first use to ../GLOSSARY.md#<anchor>: {loose}"


def test_the_glossary_rule_reads_markdown_as_a_reader_does():
    from korea_central_asia.glossary import LINK_TARGET, first_uses

    cells = ["## The Koryo-saram", "`KOICA` in code; the [special strategic\npartnership](elsewhere.md) of 2019",
             f"Koryoin in [Koryo-saram]({LINK_TARGET}#koryo-saram); dots, not DOTS; the strategic partnerships"]
    uses = first_uses(cells)
    # A heading and inline code are no use; the longer term holds the shorter one inside it; acronyms keep their case.
    assert [(u.term, u.cell, u.text) for u in uses.values()] == [
        ("Special strategic partnership", 1, "special strategic\npartnership"),
        ("Koryo-saram", 2, "Koryoin"), ("DOTS (IMF Direction of Trade Statistics)", 2, "DOTS"),
        ("Strategic partnership", 2, "strategic partnerships")]
    assert not uses["Special strategic partnership"].linked  # it links elsewhere
    assert not uses["Koryo-saram"].linked  # the first use, Koryoin, has no link; the linked one comes after it
