"""Counts of people from the `diaspora` table: the 1937 deportation, Koreans counted by census round in each
Central Asian state, estimates between censuses, Central Asians living in Korea, returnees, students and visitors.

    from korea_central_asia.series import people
    people.deportation()                                          # every 1937 figure, each with its source
    people.census(countries=["KAZ", "UZB"], years=(1926, 2021))   # census counts; SU-KAZ rows appear under KAZ
    people.census_series(countries=["TJK"])                       # one row per round held; a gap stays a gap
    people.in_korea(countries=["KAZ"], side="origin government")  # one side's figures only
    people.flows(countries=["UZB"], period="year")                # full-year visitor counts only

Rules kept here and nowhere else:

- a Soviet republic's rows follow its successor's code: `country_iso3` is the state (SU-KAZ → KAZ) and `place`
  keeps the code the source used;
- conflicting readings stay visible: every reading is its own row with its own `source_id`, never averaged;
- a gap stays a gap: a census round held but with no count in the data is a row with no value (NaN), never a zero
  and never interpolated; a year with no round has no row;
- Korean official counts and origin-government figures of Central Asians in Korea are kept apart (`side`), and
  no function adds one side to the other;
- only full-year counts (`period == "year"`) enter an annual series of visitors; a part-year count stays a
  reading of its months.
"""
from __future__ import annotations

import re

import numpy as np
import pandas as pd

from ..data import load
from . import check_countries, check_years, register, successor_code

ALL_YEARS = (1800, 2100)
UNION = "SUN"  # the Soviet Union as a whole: union-wide rows concern no single republic
QUALIFIER_SIGNS = {"exact": "", "about": "≈", "nearly": "almost ", "more_than": ">", "at_least": "≥",
                   "up_to": "≤", "less_than": "<"}
CENSUS_MEASURES = ("census_count", "census_share_percent")
ESTIMATE_MEASURES = ("estimate", "official_estimate", "overseas_koreans_mofa")
DEPORTATION_PREFIX = "deportation"
COLUMNS = ["year", "date_iso", "place", "country_iso3", "counted_in", "measure", "qualifier", "value", "unit",
           "period", "source_id", "notes"]


def stated(value, qualifier="exact", unit: str = "") -> str:
    """A figure as its source states it: '≈180,000', 'almost 172,000', '>5,000', '16.3%'.

        stated(180000, "about")        # -> '≈180,000'
        stated(16.3, "exact", "%")     # -> '16.3%'
    """
    number = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"
    return f"{QUALIFIER_SIGNS.get(str(qualifier), '')}{number}{unit}"


def _table(data=None) -> pd.DataFrame:
    frame = load("diaspora") if data is None else data.copy()
    if "date_iso" not in frame:
        frame["date_iso"] = pd.NA
    frame["notes"] = frame["notes"].fillna("") if "notes" in frame else ""
    frame["country_iso3"] = [successor_code(p) for p in frame["place"]]
    return frame


def _select(frame: pd.DataFrame, measures, countries, years, union: bool = False) -> pd.DataFrame:
    """Rows of these measures in these years for these states (by successor code); union-wide rows if asked."""
    first, last = check_years(years, ALL_YEARS)
    rows = frame[frame["measure"].astype(str).isin(list(measures)) & frame["year"].between(first, last)]
    if countries is not None:
        codes = check_countries(countries)
        keep = rows["country_iso3"].isin(codes)
        if union:
            keep |= rows["place"] == UNION
        rows = rows[keep.fillna(False)]
    elif not union:
        rows = rows[rows["place"] != UNION]
    columns = COLUMNS + [c for c in rows.columns if c not in COLUMNS]
    return rows[columns].reset_index(drop=True)


def with_stated(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with a `stated` column: each value as its source states it ('≈50', '>30,000')."""
    return rows.assign(stated=[stated(v, q) for v, q in zip(rows["value"], rows["qualifier"])])


# --- the 1937 deportation ---------------------------------------------------------------------------------------

DEPORTATION_MEASURES = ("deportation_persons", "deportation_families", "deportation_persons_by_destination",
                        "deportation_trains", "deportation_carriages_per_train", "deportation_deaths_estimate",
                        "deportation_mortality_percent")


@register("people-deportation")
def deportation(countries=None, years=None, measures=None, union: bool = True, data=None) -> pd.DataFrame:
    """Every figure of the 1937 deportation in the data, each reading its own row with its `source_id`.

        deportation()                                         # all of them
        deportation(measures=["deportation_persons"])         # 171,781, almost 172,000, 172,597, ≈180,000
        deportation(countries=["KAZ"], union=False)           # persons sent to the Kazakh SSR only

    Conflicting readings of one figure (the archival 171,781 and the later 172,597) are all returned, never
    averaged or reduced to one. Union-wide figures (place SUN) concern no single republic: they are kept when
    `union` is True whatever `countries` says; rows by destination follow their successor's code (SU-KAZ rows
    under KAZ, the original code in `place`). `measures` defaults to every deportation measure. Columns as in the
    diaspora table plus `country_iso3` and `stated` (the value with its qualifier, e.g. '≈50').
    """
    frame = _table(data)
    if measures is None:
        measures = [m for m in frame["measure"].astype(str).unique() if m.startswith(DEPORTATION_PREFIX)]
    elif isinstance(measures, str):
        measures = [measures]
    return with_stated(_select(frame, measures, countries, years, union=union))


# --- census rounds ----------------------------------------------------------------------------------------------

@register("people-census")
def census(countries=None, years=None, measure: str = "census_count", data=None) -> pd.DataFrame:
    """Koreans counted by census in each state, as the sources state them, one row per reading.

        census(countries=["KAZ", "UZB"], years=(1926, 2021))
        census(measure="census_share_percent")                 # Koreans as % of the population

    A Soviet republic's rows follow its successor: the Kazakh SSR's 1939 count has `country_iso3` KAZ and
    `place` SU-KAZ. Conflicting counts of one round (KAZ 1939: 96,453 and 96,457) are both returned. Rounds with no
    count in the data have no row here (see `census_series` for the rounds held). Union-wide counts (place SUN) are
    not a state's and are left out; ask `union_census` for them. `measure` is "census_count" (persons) or
    "census_share_percent"; "both" returns both.
    """
    measures = CENSUS_MEASURES if measure == "both" else (measure,)
    unknown = set(measures) - set(CENSUS_MEASURES)
    if unknown:
        raise ValueError(f"measure must be one of {', '.join(CENSUS_MEASURES)} or 'both', not {measure!r}")
    return with_stated(_select(_table(data), measures, countries, years))


def union_census(years=None, measure: str = "census_count", data=None) -> pd.DataFrame:
    """Census counts of Koreans in the Soviet Union as a whole (place SUN), one row per reading.

        union_census()   # 1970: 357,507; 1989: ≈439,000
    """
    frame = _table(data)
    rows = _select(frame, (measure,), None, years, union=True)
    return with_stated(rows[rows["place"] == UNION].reset_index(drop=True))


def union_rounds(data=None) -> list[int]:
    """The years of the All-Union censuses in the data: every census year of a Soviet place (SU-… or SUN).

        union_rounds()   # -> [1926, 1939, 1959, 1970, 1979, 1989]
    """
    frame = _table(data)
    rows = frame[frame["measure"].astype(str).isin(CENSUS_MEASURES)]
    soviet = rows["place"].str.startswith("SU-").fillna(False) | (rows["place"] == UNION)
    return sorted(int(y) for y in rows.loc[soviet, "year"].unique())


def _soviet_states(frame: pd.DataFrame) -> set[str]:
    """States that were Soviet republics: successor codes of the SU- places in the countries table or the data."""
    countries = load("countries")
    states = set(countries.dropna(subset=["successor_iso3"])["successor_iso3"])
    places = frame["place"].dropna()
    return states | {successor_code(p) for p in places if str(p).startswith("SU-")}


def census_rounds(country: str, years=None, data=None) -> list[int]:
    """The census rounds held in one state's territory: the All-Union rounds (if it was a Soviet republic), then
    every round of its own after the last All-Union one that the data has any census row for.

        census_rounds("TJK")   # -> [1926, 1939, 1959, 1970, 1979, 1989, 2000, 2010]
    """
    frame = _table(data)
    first, last = check_years(years, ALL_YEARS)
    union = union_rounds(data=frame)
    held = set(union) if country in _soviet_states(frame) else set()
    after = union[-1] if union else first - 1
    rows = frame[frame["measure"].astype(str).isin(CENSUS_MEASURES) & (frame["place"] == country)
                 & (frame["year"] > after)]
    held |= {int(y) for y in rows["year"]}
    return sorted(y for y in held if first <= y <= last)


@register("people-census-series")
def census_series(countries=None, years=None, data=None) -> pd.DataFrame:
    """One row per state and census round held, with every count the data has for that round.

        census_series(countries=["KAZ", "TJK"], years=(1926, 2021))

    A round held with no count in the data is a row with `value` NaN and `counted` False: a gap, never a zero and
    never interpolated. A round with conflicting counts has one row per reading. Columns: country_iso3, year,
    place (the code the source used, e.g. SU-KAZ), counted, value, qualifier, stated, source_id, notes.
    """
    codes = check_countries(countries)
    frame = _table(data)
    counts = census(codes, years, data=frame)
    rows = []
    for code in codes:
        mine = counts[counts["country_iso3"] == code]
        for year in census_rounds(code, years, data=frame):
            found = mine[mine["year"] == year]
            if len(found):
                for r in found.itertuples():
                    rows.append((code, year, r.place, True, r.value, str(r.qualifier), r.stated, r.source_id,
                                 r.notes))
            else:
                rows.append((code, year, pd.NA, False, np.nan, pd.NA, pd.NA, pd.NA, ""))
    columns = ["country_iso3", "year", "place", "counted", "value", "qualifier", "stated", "source_id", "notes"]
    return pd.DataFrame(rows, columns=columns).astype({"year": "int64", "value": "float64"})


@register("people-estimates")
def estimates(countries=None, years=None, measures=ESTIMATE_MEASURES, data=None) -> pd.DataFrame:
    """Estimates of the Koreans living in each state (press, officials, statistics committees between censuses, and
    Korea's foreign-ministry counts of overseas Koreans), counted where they live; never a census count.

        estimates(countries=["UZB"], years=(1990, 2025))

    Rows follow the successor's code (an estimate for the Uzbek SSR in 1991 appears under UZB). Each reading is its
    own row with its `source_id`.
    """
    frame = _table(data)
    frame = frame[frame["counted_in"] == frame["place"]]
    return with_stated(_select(frame, measures, countries, years))
