"""The derived series behind the lessons, one module per theme, as tidy DataFrames that keep their `source_id`s.

    from korea_central_asia.series import trade
    trade.annual(countries=["KAZ", "UZB"], years=(2000, 2020), reporter="KOR")

Every rule that protects a user is written once, in these modules:

- only full-year rows enter an annual series (`period == "year"`);
- a computed total needs both flows from the same reporter and source; a total a source states itself is kept as
  that source's reading;
- one reporter at a time unless the caller asks for both;
- a Soviet republic's rows follow its successor's code (SU-KAZ → KAZ);
- conflicting rows stay visible (every reading is returned, each with its source);
- a gap stays a gap (a missing year is NaN, never zero, never interpolated).

`python -m korea_central_asia series NAME [--countries KAZ UZB] [--years 2000 2020]` writes any series listed in
`SERIES` as CSV.
"""
from __future__ import annotations

import importlib

from ..style import CENTRAL_ASIA, COUNTRY_ORDER

DEFAULT_COUNTRIES = tuple(COUNTRY_ORDER)  # the five republics and Afghanistan
FIVE = tuple(CENTRAL_ASIA)

# name -> "module:function"; every function takes countries= and years= and returns a tidy frame with source_id.
SERIES: dict[str, str] = {}


def register(name: str):
    """Mark a series function as reachable from the command line under `name`."""
    def mark(function):
        SERIES[name] = f"{function.__module__}:{function.__name__}"
        return function
    return mark


THEMES = ("trade", "people", "relations", "stages", "claims")


def series_function(name: str):
    """The function registered as `name` (importing every theme module so each registers its series)."""
    for theme in THEMES:
        try:
            importlib.import_module(f"{__name__}.{theme}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{theme}":
                raise
    if name not in SERIES:
        raise KeyError(f"no series '{name}'; series are: {', '.join(sorted(SERIES))}")
    module, function = SERIES[name].split(":")
    return getattr(importlib.import_module(module), function)


def glossary():
    """The glossary table (data/glossary.csv) with each term's anchor in GLOSSARY.md.

        from korea_central_asia import series
        series.glossary()[["term", "anchor", "term_ko", "term_ru", "source_id"]]
    """
    from ..glossary import terms

    return terms()


def valid_codes() -> list[str]:
    from ..data import load

    return list(load("countries")["iso3"])


def check_countries(countries) -> list[str]:
    """The codes as a list, or a ValueError that lists the valid ones.

        check_countries(["KAZ", "UZB"])  # -> ['KAZ', 'UZB']
    """
    if countries is None:
        return list(DEFAULT_COUNTRIES)
    if isinstance(countries, str):
        countries = [countries]
    codes = list(dict.fromkeys(str(c).upper() for c in countries))
    valid = valid_codes()
    unknown = [c for c in codes if c not in valid]
    if unknown:
        raise ValueError(f"unknown country code(s) {', '.join(unknown)}; valid codes are: {', '.join(valid)}")
    return codes


def check_years(years, default: tuple[int, int] = (1992, 2024)) -> tuple[int, int]:
    """A (first, last) tuple of years, both ends included, or a ValueError saying what is wrong.

        check_years((2000, 2015))  # -> (2000, 2015)
    """
    if years is None:
        return default
    try:
        first, last = (int(y) for y in years)
    except (TypeError, ValueError):
        raise ValueError(f"YEARS must be a (first, last) pair of years, e.g. (1992, 2024), not {years!r}") from None
    if first > last:
        raise ValueError(f"YEARS ({first}, {last}): the first year comes after the last")
    return first, last


def successor_code(code):
    """The state code a territory's row follows: a Soviet republic's successor (SU-KAZ → KAZ), others unchanged.

        successor_code("SU-UZB")  # -> 'UZB'
    """
    if isinstance(code, str) and code.startswith("SU-"):
        return code.removeprefix("SU-")
    return code


def place_names(codes, years, language: str | None = None) -> list[str]:
    """The name of each code's territory in each year (`country_names`), else its name in `countries`, else the code.

        place_names(["SU-KAZ", "SU-KAZ", "SUN"], [1926, 1939, 2010])
        # -> ['Kazak ASSR (RSFSR)', 'Kazakh SSR', 'former USSR']

    A year takes the name in force at its end; a missing year (NaN or None) gets the name in `countries`.
    `language` is "en", "ko" or "ru" (default: the figures' language, `i18n`).
    """
    import pandas as pd

    from ..data import load
    from ..i18n import language as figure_language

    language = language or figure_language()

    column = f"name_{language}"
    countries = load("countries")
    if column not in countries:
        raise ValueError(f"language must be 'en', 'ko' or 'ru', not {language!r}")
    plain = dict(zip(countries["iso3"], countries[column]))
    periods: dict[str, list[tuple[int, float, str]]] = {}
    table = load("country_names")
    for code, first, last, name in zip(table["iso3"], table["from_year"], table["to_year"], table[column]):
        periods.setdefault(code, []).append((int(first), float("inf") if pd.isna(last) else int(last), name))
    names = []
    for code, year in zip(codes, years):
        found = None
        if not pd.isna(year):
            found = next((n for first, last, n in periods.get(code, []) if first <= int(year) <= last), None)
        names.append(found or plain.get(code, code))
    return names


def country_label(codes, year=None) -> str:
    """Names joined for prose, in the figures' language: 'Kyrgyzstan and Tajikistan'; the five republics are named
    as such. With a `year`, each code is named as its territory was named that year (a single code may be given as
    a string).

        country_label(["KGZ", "TJK"])     # -> 'Kyrgyzstan and Tajikistan'
        country_label("SU-KAZ", 1926)     # -> 'Kazak ASSR (RSFSR)'
        country_label("SUN", 2019)        # -> 'former USSR'
    """
    from ..i18n import tr
    from ..style import country_labels

    codes = [codes] if isinstance(codes, str) else list(codes)
    if year is None and set(codes) == set(FIVE) and len(codes) == 5:
        return tr("the five republics")
    if year is None and set(codes) == set(DEFAULT_COUNTRIES) and len(codes) == 6:
        return tr("the five republics and Afghanistan")
    if year is None:
        names = [country_labels().get(c, c) for c in codes]
    else:
        names = place_names(codes, [year] * len(codes))
    return names[0] if len(names) == 1 else tr("{names} and {last}", names=", ".join(names[:-1]), last=names[-1])
