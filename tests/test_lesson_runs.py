"""Lessons run for other parameters: an injected cell after the `parameters` cell changes countries and years."""
from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import nbformat
import pytest

from korea_central_asia.execute import kernel_manager, notebook_paths
from korea_central_asia.lesson import PLOTLY_MIME
from korea_central_asia.paths import NOTEBOOKS_DIR

LESSONS = notebook_paths()
CHOSEN = ["KGZ", "TJK"]
YEARS = (2000, 2015)
OVERRIDES = {"04": "STAGE_STARTS = (1992, 2004, 2012)\n"}
COUNTRY_NAMES = {"KAZ": "Kazakhstan", "UZB": "Uzbekistan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan",
                 "TKM": "Turkmenistan", "AFG": "Afghanistan"}


def run(path: Path, cwd: Path, env: dict, inject: str | None = None):
    """Execute a lesson in a fresh kernel; `inject` is a cell placed right after the parameters cell."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    if inject:
        notebook.cells.insert(2, nbformat.v4.new_code_cell(inject))
    with tempfile.TemporaryDirectory(prefix="kca-kernel-") as sockets:
        NotebookClient(notebook, timeout=300, kernel_name="python3", km=kernel_manager(Path(sockets)),
                       resources={"metadata": {"path": str(cwd)}}).execute(env=env)
    return notebook


def plotly_charts(notebook) -> list[dict]:
    return [output["data"][PLOTLY_MIME] for cell in notebook.cells if cell.cell_type == "code"
            for output in cell.get("outputs", []) if PLOTLY_MIME in output.get("data", {})]


def decoded(values):
    """Plotly stores numeric arrays as {"dtype": ..., "bdata": base64}; read them back as a list."""
    if isinstance(values, dict) and "bdata" in values:
        import base64

        import numpy as np

        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"]).tolist()
    return values if isinstance(values, (list, tuple)) else []


def years_of(values) -> list[int]:
    years = []
    for value in decoded(values):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            years.append(int(value // 1))
        elif isinstance(value, str) and re.match(r"^\d{4}", value):
            years.append(int(value[:4]))
    return years


def covers_only(chart: dict, chosen: list[str], years: tuple[int, int]) -> bool:
    """Every trace that names a country names a chosen one, some trace does, and every x year is in range."""
    named = set()
    for trace in chart.get("data", []):
        label = f"{trace.get('name', '')} {trace.get('legendgroup', '')}"
        named |= {code for code, name in COUNTRY_NAMES.items() if name in label or re.search(rf"\b{code}\b", label)}
        if any(not years[0] <= y <= years[1] for y in years_of(trace.get("x"))):
            return False
    return bool(named) and named <= set(chosen)


def parameterized_run(path: Path):
    env = {**os.environ, "KCA_SKIP_PRINT_EXPORT": "1"}
    env.pop("KCA_EXPORT", None)
    setting = f"COUNTRIES = {CHOSEN!r}\nYEARS = {YEARS!r}\n" + OVERRIDES.get(path.stem[:2], "")
    return run(path, NOTEBOOKS_DIR, env, setting)


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_a_lesson_runs_for_other_countries_and_years(path):
    charts = plotly_charts(parameterized_run(path))
    assert charts, f"{path.stem} showed no interactive chart"
    assert any(covers_only(c, CHOSEN, YEARS) for c in charts), \
        f"{path.stem}: no interactive chart keeps to {CHOSEN} and {YEARS}"


def test_covers_only_tells_a_wrong_country_or_year():
    chart = {"data": [{"name": "Kyrgyzstan, Korea-reported", "x": [2000, 2015]}]}
    assert covers_only(chart, CHOSEN, YEARS)
    assert not covers_only({"data": chart["data"] + [{"name": "Kazakhstan", "x": [2001]}]}, CHOSEN, YEARS)
    assert not covers_only({"data": [{"name": "Tajikistan", "x": ["2016-03-01"]}]}, CHOSEN, YEARS)
    binary = {"dtype": "i2", "bdata": "0AffBw=="}  # [2000, 2015] as plotly writes an integer array
    assert covers_only({"data": [{"name": "Tajikistan", "x": binary}]}, CHOSEN, YEARS)
    late = {"dtype": "i2", "bdata": "0AfgBw=="}  # [2000, 2016]
    assert not covers_only({"data": [{"name": "Tajikistan", "x": late}]}, CHOSEN, YEARS)


def test_an_unknown_country_code_names_the_valid_ones():
    from korea_central_asia import lesson

    with pytest.raises(ValueError, match=r"unknown country code\(s\) XYZ; valid codes are: .*KAZ, UZB"):
        lesson.start("02-trade", countries=["KAZ", "XYZ"])
