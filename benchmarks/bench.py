"""Benchmark: the notebook suite and the figure build, each against its floor, measured side by side.

The floor is the same number of notebooks that only import the package, pandas, matplotlib and plotly: the cost of
starting kernels and importing the stack, which no notebook can go below. Runs alternate (real, floor, real, ...)
so that machine noise hits both; medians and ratios are printed and saved to .bench/results.json.

    python benchmarks/bench.py [--runs 3]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat

PROJECT = Path(__file__).resolve().parent.parent
NOTEBOOKS = sorted((PROJECT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FLOOR_SOURCE = "import korea_central_asia\nimport pandas\nimport matplotlib.pyplot\nimport plotly.express"


def write_floor(folder: Path) -> list[Path]:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    paths = []
    for original in NOTEBOOKS:
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(FLOOR_SOURCE)])
        notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
        path = folder / original.name
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def code_cells(paths: list[Path]) -> int:
    return sum(cell.cell_type == "code" for path in paths for cell in nbformat.read(path, as_version=4).cells)


def timed(command: list[str], env: dict, expect: str) -> float:
    """Run a command; fail unless it exits 0 and its output contains `expect` (proof that every notebook ran)."""
    start = time.perf_counter()
    result = subprocess.run(command, cwd=PROJECT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if result.returncode != 0 or not re.search(r"(?<!\d)" + re.escape(expect), result.stdout):
        sys.exit(f"failed or incomplete (expected {expect!r}): {' '.join(command)}\n"
                 f"{result.stdout[-3000:]}\n{result.stderr[-3000:]}")
    return elapsed


def suite_command(paths: list[Path]) -> list[str]:
    return [sys.executable, "-m", "pytest", "-q", "-n", "2", "--dist", "loadscope", "--nbval-lax",
            "-p", "no:cacheprovider", "--rootdir", str(PROJECT), *map(str, paths)]


def figures_command(paths: list[Path], target: Path) -> list[str]:
    code = ("import sys; from pathlib import Path; from korea_central_asia.execute import build_figures; "
            f"t = build_figures([Path(p) for p in sys.argv[1:]], target=Path({str(target)!r}), executed_to=None, "
            "log=lambda *a: None); print(f'{len(t)} notebooks executed')")
    return [sys.executable, "-c", code, *map(str, paths)]


def compare(name: str, real: tuple[list[str], str], floor: tuple[list[str], str], runs: int, env: dict) -> dict:
    """Alternate real and floor runs; each entry is (command, text its output must contain)."""
    times = {"real": [], "floor": []}
    for run in range(runs):
        for kind, (command, expect) in (("real", real), ("floor", floor)):
            times[kind].append(timed(command, env, expect))
            print(f"  {name} {kind} run {run + 1}: {times[kind][-1]:.2f} s", flush=True)
    real_median, floor_median = statistics.median(times["real"]), statistics.median(times["floor"])
    return {"real_s": times["real"], "floor_s": times["floor"], "real_median_s": round(real_median, 2),
            "floor_median_s": round(floor_median, 2), "ratio": round(real_median / floor_median, 2)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kca-bench-") as scratch:
        scratch = Path(scratch)
        env = dict(os.environ, KCA_FIGURES_DIR=str(scratch / "nbval-figures"), MPLBACKEND="Agg")
        # Inside the project, so the floor runs under the same conftest.py as the real notebooks.
        floor = write_floor(PROJECT / ".bench" / "floor")
        print(f"{len(NOTEBOOKS)} notebooks; {args.runs} alternating runs each", flush=True)
        results = {
            # The pass counts guard against a run that silently skips notebooks: floor notebooks outside the
            # project once shared one node id, so pytest ran only one of them and the floor looked 3 s faster.
            "notebook_suite": compare("nbval -n 2",
                                      (suite_command(NOTEBOOKS), f"{code_cells(NOTEBOOKS)} passed"),
                                      (suite_command(floor), f"{code_cells(floor)} passed"), args.runs, env),
            "figures": compare("figures",
                               (figures_command(NOTEBOOKS, scratch / "fig-real"), f"{len(NOTEBOOKS)} notebooks executed"),
                               (figures_command(floor, scratch / "fig-floor"), f"{len(floor)} notebooks executed"),
                               args.runs, env),
        }
    print()
    print(f"{'':22}{'median':>10}{'floor':>10}{'ratio':>8}")
    for name, result in results.items():
        print(f"{name:22}{result['real_median_s']:>9.2f}s{result['floor_median_s']:>9.2f}s{result['ratio']:>8.2f}")
    out = PROJECT / ".bench" / "results.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"saved {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
