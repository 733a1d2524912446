"""Command line: python -m korea_central_asia {validate,build-data,data-readme,...}."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .paths import DATA_DIR


def _validate(args) -> int:
    from .validate import validate

    problems = validate(Path(args.data_dir).resolve())
    for problem in problems:
        print(problem)
    if problems:
        print(f"{len(problems)} problem(s) in {args.data_dir}", file=sys.stderr)
        return 1
    print(f"{args.data_dir}: valid")
    return 0


def _build_data(args) -> int:
    from .build import build_data
    from .validate import DataError

    try:
        written = build_data(Path(args.data_dir).resolve())
    except DataError as exc:
        for problem in exc.problems:
            print(problem)
        print("nothing was written", file=sys.stderr)
        return 1
    for path in written:
        print(f"wrote {path}")
    return 0


def _data_readme(args) -> int:
    from .docs import check_data_readme, write_data_readme

    if args.check:
        drift = check_data_readme(Path(args.data_dir).resolve())
        if drift:
            print(drift)
            return 1
        print("data/README.md is up to date")
        return 0
    print(f"wrote {write_data_readme(Path(args.data_dir).resolve())}")
    return 0


def _glossary(args) -> int:
    from .glossary import check, write

    if args.check:
        drift = check()
        if drift:
            print(drift)
            return 1
        print("GLOSSARY.md is up to date")
        return 0
    print(f"wrote {write()}")
    return 0


def _figures(args) -> int:
    from .execute import NotebookFailed, build_figures

    try:
        build_figures()
    except NotebookFailed as exc:
        print(exc, file=sys.stderr)
        print("figures/ was left as it was", file=sys.stderr)
        return 1
    return 0


def _site(args) -> int:
    import time

    from .book import SITE_ZIP, build_site, ensure_executed

    started = time.perf_counter()
    ensure_executed()  # runs no notebook when `make figures` has just run
    index = build_site()
    print(f"site: built in {time.perf_counter() - started:.1f} s; student edition also in {SITE_ZIP.name}")
    print(f"open {index}")
    return 0


def _slides(args) -> int:
    from .book import ensure_executed
    from .execute import EXECUTED_DIR, notebook_paths
    from .slides import SLIDES_DIR, build_slides

    ensure_executed()
    decks = build_slides([EXECUTED_DIR / nb.name for nb in notebook_paths()], SLIDES_DIR)
    print(f"slides: {len(decks)} decks; open {decks[0]}" if decks else "slides: no lessons")
    return 0


def _series(args) -> int:
    from .series import series_function

    try:
        function = series_function(args.name)
        frame = function(countries=args.countries, years=tuple(args.years) if args.years else None)
    except (KeyError, ValueError) as exc:
        print(str(exc).strip("'\""), file=sys.stderr)
        return 2
    text = frame.to_csv(index=False)
    if args.out:
        from .atomic import write_text

        write_text(Path(args.out), text)
        print(f"wrote {args.out}: {len(frame)} rows", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m korea_central_asia", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    validate = commands.add_parser("validate", help="check a data folder; one line per problem, exit 1 on any")
    validate.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    validate.set_defaults(run=_validate)
    build = commands.add_parser("build-data", help="regenerate the derived tables (trade.csv, diaspora.csv) from "
                                                   "data/raw and data/curated")
    build.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    build.set_defaults(run=_build_data)
    readme = commands.add_parser("data-readme", help="write data/README.md from datapackage.json (--check: fail on drift)")
    readme.add_argument("--check", action="store_true")
    readme.add_argument("data_dir", nargs="?", default=str(DATA_DIR))
    readme.set_defaults(run=_data_readme)
    words = commands.add_parser("glossary", help="write GLOSSARY.md from data/glossary.csv (--check: fail on drift)")
    words.add_argument("--check", action="store_true")
    words.set_defaults(run=_glossary)
    figures = commands.add_parser("figures", help="execute every notebook; refresh figures/ and its catalogue")
    figures.set_defaults(run=_figures)
    site = commands.add_parser("site", help="the offline site (teacher and student editions, slides) in site/ "
                               "and site.zip, from the notebooks `figures` executed")
    site.set_defaults(run=_site)
    slides = commands.add_parser("slides", help="one offline reveal.js deck per lesson in site/slides/")
    slides.set_defaults(run=_slides)
    series = commands.add_parser("series", help="write a derived series as CSV, with its source_ids (for R, Stata)")
    series.add_argument("name", help="the series, e.g. trade-totals (an unknown name lists them all)")
    series.add_argument("--countries", nargs="+", metavar="ISO3", help="e.g. --countries KAZ UZB (default: all six)")
    series.add_argument("--years", nargs=2, type=int, metavar=("FIRST", "LAST"), help="e.g. --years 2000 2020")
    series.add_argument("--out", help="write to this file instead of standard output")
    series.set_defaults(run=_series)
    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
