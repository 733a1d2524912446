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
from . import check_countries, check_years, place_names, register, successor_code

ALL_YEARS = (1800, 2100)
UNION = "SUN"  # the Soviet Union as a whole: union-wide rows concern no single republic
QUALIFIER_SIGNS = {"exact": "", "about": "≈", "nearly": "almost ", "more_than": ">", "at_least": "≥",
                   "up_to": "≤", "less_than": "<"}
CENSUS_MEASURES = ("census_count", "census_share_percent")
ESTIMATE_MEASURES = ("estimate", "official_estimate", "overseas_koreans_mofa")
DEPORTATION_PREFIX = "deportation"
COLUMNS = ["year", "date_iso", "place", "place_name", "country_iso3", "counted_in", "measure", "qualifier", "value",
           "unit", "period", "source_id", "notes"]


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
    # The name of the row's own year: 'Kazak ASSR (RSFSR)' for 1926, 'former USSR' for returnees after 1991.
    rows = rows.assign(place_name=place_names(list(rows["place"]), list(rows["year"])))
    columns = COLUMNS + [c for c in rows.columns if c not in COLUMNS]
    return rows[columns].reset_index(drop=True)


def with_stated(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows with a `stated` column: each value as its source states it ('≈50', '>30,000').

        with_stated(census(countries=["UZB"]))["stated"]   # '≈30', '>72,000', ...
    """
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
    return _rounds(frame, country, check_years(years, ALL_YEARS), union_rounds(data=frame), _soviet_states(frame))


def _rounds(frame, country, years, union, soviet) -> list[int]:
    first, last = years
    held = set(union) if country in soviet else set()
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
    place (the code the source used, e.g. SU-KAZ), place_name (the territory's name that year, e.g. 'Kazak ASSR
    (RSFSR)' in 1926; for a gap, the name of the Soviet republic or the state that held the round), counted, value,
    qualifier, stated, source_id, notes.
    """
    codes = check_countries(countries)
    frame = _table(data)
    counts = census(codes, years, data=frame)
    window, union, soviet = check_years(years, ALL_YEARS), union_rounds(data=frame), _soviet_states(frame)
    readings = {}  # (state, year) -> every reading, in table order
    for r in zip(counts["country_iso3"], counts["year"], counts["place"], counts["value"],
                 counts["qualifier"].astype(str), counts["stated"], counts["source_id"], counts["notes"]):
        readings.setdefault((r[0], int(r[1])), []).append(r)
    rows = []
    for code in codes:
        for year in _rounds(frame, code, window, union, soviet):
            found = readings.get((code, year), [])
            for _, _, place, value, qualifier, text, source_id, notes in found:
                rows.append((code, year, place, True, value, qualifier, text, source_id, notes))
            if not found:
                rows.append((code, year, pd.NA, False, np.nan, pd.NA, pd.NA, pd.NA, ""))
    columns = ["country_iso3", "year", "place", "counted", "value", "qualifier", "stated", "source_id", "notes"]
    frame = pd.DataFrame(rows, columns=columns).astype({"year": "int64", "value": "float64"})
    held_by = [p if isinstance(p, str) else (f"SU-{c}" if c in soviet and y <= union[-1] else c)
               for p, c, y in zip(frame["place"], frame["country_iso3"], frame["year"])] if union else \
        [p if isinstance(p, str) else c for p, c in zip(frame["place"], frame["country_iso3"])]
    frame.insert(3, "place_name", place_names(held_by, list(frame["year"])))
    return frame


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


def census_coverage(countries=None, years=None, data=None) -> pd.DataFrame:
    """Which census rounds each state held and which have a count of Koreans in the data, as a small table:
    one row per state, one column per round; '●' a count in the data, '○' a round held with no count (a gap),
    '' no round held that year.

        census_coverage(countries=["KAZ", "TJK"], years=(1926, 2021))
    """
    series = census_series(countries, years, data=data)
    if series.empty:
        return pd.DataFrame()
    marks = series.groupby(["country_iso3", "year"], sort=False)["counted"].any().map({True: "●", False: "○"})
    table = marks.unstack("year").fillna("")
    table = table[sorted(table.columns)]
    table.columns = [str(c) for c in table.columns]
    table.index.name = "country_iso3"
    return table


def deportation_year(data=None) -> int:
    """The year of the deportation rows (1937); a ValueError if the data dates them in more than one year.

        deportation_year()   # -> 1937
    """
    years = sorted(int(y) for y in deportation(data=data)["year"].unique())
    if len(years) != 1:
        raise ValueError(f"the deportation rows are dated in {len(years)} years: {years}")
    return years[0]


# --- Central Asians and Koryo-saram living in Korea -------------------------------------------------------------

SIDES = ("Korean official", "origin government", "press or other estimate")
RESIDENCE_MEASURES = ("nationals_residing_in_korea", "nationals_residing_in_korea_origin_govt",
                      "nationals_working_in_korea_origin_govt", "undocumented_nationals_in_korea", "estimate")
RETURNEES = "ethnic_korean_returnees_in_korea"
# Undocumented residents have no measure of their own per side: an origin-government figure names its agency.
ORIGIN_AGENCY = re.compile(r"\b(Kazakh|Kyrgyz|Uzbek|Tajik|Turkmen) (MFA|labour|first vice|foreign|deputy|State)")


def side_of(measure: str, notes: str = "") -> str:
    """Who counted a figure of people in Korea: 'Korean official', 'origin government' or 'press or other
    estimate'. A measure ending in _origin_govt is the origin government's; an undocumented count is, when its
    notes name a Central Asian agency.

        side_of("nationals_residing_in_korea")                          # -> 'Korean official'
        side_of("undocumented_nationals_in_korea", "Kazakh MFA says")   # -> 'origin government'
    """
    measure = str(measure)
    if measure.endswith("_origin_govt"):
        return "origin government"
    if measure == "estimate":
        return "press or other estimate"
    if measure == "undocumented_nationals_in_korea" and ORIGIN_AGENCY.search(str(notes)):
        return "origin government"
    return "Korean official"


@register("people-in-korea")
def in_korea(countries=None, years=None, side: str = "all", measures=RESIDENCE_MEASURES, data=None) -> pd.DataFrame:
    """Central Asian nationals living (or working, or staying without papers) in Korea, one row per figure, with
    `side`: who counted it.

        in_korea(countries=["KAZ"], years=(2010, 2025))                    # every figure, each with its side
        in_korea(countries=["KAZ"], side="Korean official")                # Korea's own counts only
        in_korea(countries=["KGZ"], side="origin government")              # Kyrgyz agencies' figures only

    Korean official counts and origin-government figures count different things and are never mixed: ask for one
    `side` to get one, or "all" to get every row labelled. Nothing here adds the two sides. Conflicting figures
    of one side and year (two Kyrgyz agencies in 2017) are all returned.
    """
    if side != "all" and side not in SIDES:
        raise ValueError(f"side must be 'all' or one of {', '.join(SIDES)}, not {side!r}")
    frame = _table(data)
    frame = frame[frame["counted_in"] == "KOR"]
    rows = _select(frame, measures, countries, years)
    rows = rows.assign(side=[side_of(m, n) for m, n in zip(rows["measure"], rows["notes"])])
    if side != "all":
        rows = rows[rows["side"] == side].reset_index(drop=True)
    return with_stated(rows)


YEAR_END_MEASURE = "foreign_residents_moj_year_end"


@register("people-residents-year-end")
def residents_year_end(countries=None, years=None, data=None) -> pd.DataFrame:
    """Nationals of each Central Asian republic staying in Korea at the end of each December, as the Ministry of
    Justice's monthly file counts them: one row per nationality and year, each with its `source_id`.

        residents_year_end(countries=["UZB", "KAZ"], years=(2022, 2025))   # UZB 2022: 79,136 ... 2025: 102,804

    The count takes in every foreigner staying (registered, residence-reported and short-term visitors, people
    staying without status too), so it is not added to, compared as a rival of, or mixed with the residence counts
    of `in_korea`. Only December counts are in the data: a year whose December the Ministry's file lacks (2026) has
    no row, and no month stands in for it. Columns as in the diaspora table plus `country_iso3`, `side`
    ('Korean official') and `stated`.
    """
    frame = _table(data)
    rows = _select(frame[frame["counted_in"] == "KOR"], (YEAR_END_MEASURE,), countries, years)
    rows = rows.sort_values(["country_iso3", "year"], kind="stable").reset_index(drop=True)
    return with_stated(rows.assign(side="Korean official"))


@register("people-returnees")
def returnees(countries=None, years=None, union: bool = True, data=None) -> pd.DataFrame:
    """Koryo-saram (ethnic Koreans of the former USSR) living in Korea, from Korea's immigration figures as relayed,
    one row per reading (side 'Korean official').

        returnees(years=(2007, 2023))     # all former-Soviet nationalities (place SUN) and Uzbek nationals

    Union-wide rows (place SUN: every former-Soviet nationality) are kept when `union` is True; other rows only for
    the `countries` asked for. Conflicting readings of one year (2017: 64,325 and ≈40,000) are both returned.
    """
    rows = _select(_table(data), (RETURNEES,), countries, years, union=union)
    return with_stated(rows.assign(side="Korean official"))


# --- students, visitors and other flows -------------------------------------------------------------------------

VISIT_MEASURES = ("visitors_to_korea", "visitors_from_korea")
FLOW_MEASURES = ("students_in_korea",) + VISIT_MEASURES
MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
MONTH_NUMBER = {m: i + 1 for i, m in enumerate(MONTH_NAMES)}
# 'Jan–Sep' or 'Jan' as whole words: 'January' is no month range (its count is then 'part year', not 'Jan')
MONTHS = re.compile(rf"\b(?:{'|'.join(MONTH_NAMES)})(?:–(?:{'|'.join(MONTH_NAMES)}))?\b")


def months_of(period: str, notes: str) -> str:
    """The months a part-year count covers, read from its notes ('Jan–Sep'); '' for any other period, and
    'part year' when the notes do not say which months.

        months_of("part_year", "Jan–Sep 2025, border service")   # -> 'Jan–Sep'
        months_of("part_year", "first nine months")              # -> 'part year' (months not stated)
    """
    if period != "part_year":
        return ""
    found = MONTHS.search(str(notes))
    return found.group(0) if found else "part year"


def span_of(period: str, year: int, months: str) -> tuple[float, float]:
    """The stretch of time a count covers in fractional years: (year, year + 1) for a full year, the months of a
    part-year count, (NaN, NaN) when that cannot be told.

        span_of("part_year", 2025, "Jan–Sep")   # -> (2025.0, 2025.75)
    """
    if period == "year":
        return year, year + 1
    first, _, last = str(months).partition("–")
    if period != "part_year" or first not in MONTH_NUMBER or (last and last not in MONTH_NUMBER):
        return np.nan, np.nan
    return year + (MONTH_NUMBER[first] - 1) / 12, year + MONTH_NUMBER[last or first] / 12


@register("people-flows")
def flows(countries=None, years=None, measures=FLOW_MEASURES, period: str = "all", data=None) -> pd.DataFrame:
    """Students from Central Asia in Korea and visitors in both directions, one row per count as its source states
    it, with the months a part-year count covers (`months`) and the stretch it covers (`start`, `end`).

        flows(countries=["KAZ", "UZB"], years=(2014, 2026))
        flows(countries=["UZB"], measures=["visitors_from_korea"], period="part_year")

    period: "all", "year" (full-year counts only), "part_year" or "point". A part-year count is a reading of its
    months, never of the year: use `annual_flows` for an annual series.
    """
    if period not in ("all", "year", "part_year", "point"):
        raise ValueError(f"period must be 'all', 'year', 'part_year' or 'point', not {period!r}")
    rows = _select(_table(data), measures, countries, years)
    if period != "all":
        rows = rows[rows["period"] == period].reset_index(drop=True)
    months = [months_of(p, n) for p, n in zip(rows["period"], rows["notes"])]
    spans = [span_of(p, y, m) for p, y, m in zip(rows["period"], rows["year"], months)]
    return with_stated(rows.assign(months=months, start=[s[0] for s in spans], end=[s[1] for s in spans]))


@register("people-annual-flows")
def annual_flows(countries=None, years=None, measures=VISIT_MEASURES, span: str = "data", data=None) -> pd.DataFrame:
    """An annual series of visitors per state and direction from full-year counts only, one row per year.

        annual_flows(countries=["KAZ"], years=(2014, 2025))
        annual_flows(countries=["KAZ"], years=(2010, 2025), span="years")   # every year asked, gaps included

    span: "data" (default) runs from the first to the last year with a full-year count (within `years`);
    "years" runs over every year asked. A year inside the span with only part-year counts has no value (NaN): a
    count for some months never stands in for the year, and nothing is summed or filled. Conflicting full-year
    counts of one year are all returned. Columns: country_iso3, measure, year, value, qualifier, stated, source_id.
    """
    if span not in ("data", "years"):
        raise ValueError(f"span must be 'data' or 'years', not {span!r}")
    full = flows(countries, years, measures, period="year", data=data)
    frames = []
    codes = check_countries(countries) if countries is not None else sorted(full["country_iso3"].unique())
    for code in codes:
        for measure in measures:
            mine = full[(full["country_iso3"] == code) & (full["measure"].astype(str) == measure)]
            if span == "years":
                first, last = check_years(years)
            elif mine.empty:
                continue
            else:
                first, last = int(mine["year"].min()), int(mine["year"].max())
            grid = pd.DataFrame({"country_iso3": code, "measure": measure, "year": range(first, last + 1)})
            keep = mine[["year", "value", "qualifier", "stated", "source_id"]].astype({"year": "int64"})
            frames.append(grid.merge(keep, on="year", how="left"))
    columns = ["country_iso3", "measure", "year", "value", "qualifier", "stated", "source_id"]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat(frames, ignore_index=True)[columns]


# --- reading the rows -------------------------------------------------------------------------------------------

def source_label(source_id: str, surname: bool = False, sources: pd.DataFrame | None = None) -> str:
    """A short name for a source: its author (surname only if asked), else its publisher; '*' marks a weak source.

        source_label("p-chang-burnt-by-the-sun")   # -> 'Jon K. Chang'
    """
    sources = load("sources").set_index("source_id") if sources is None else sources
    row = sources.loc[source_id]
    name = str(row["author"] if pd.notna(row["author"]) else row["publisher"]).split(" (")[0]
    if surname and pd.notna(row["author"]) and len(name.split()) <= 3 and ";" not in name:
        name = name.split()[-1]
    return name + ("*" if row["weak"] else "")


def readable(rows: pd.DataFrame, columns=None, sort=None) -> pd.DataFrame:
    """Rows for reading: each value as stated, each source by a short name (`source`), chosen columns, sorted.

        readable(deportation(), ["measure", "place", "stated", "source"], sort=["measure", "place"])
    """
    sources = load("sources").set_index("source_id")
    out = with_stated(rows) if "stated" not in rows else rows.copy()
    out["source"] = [source_label(s, sources=sources) for s in out["source_id"]]
    if isinstance(columns, str):
        columns = columns.split()
    if sort is not None:
        out = out.sort_values(sort.split() if isinstance(sort, str) else sort)
    return (out if columns is None else out[list(columns)]).reset_index(drop=True)


def claims(claim_ids, data=None) -> pd.DataFrame:
    """Claims of the three examined texts by id, in the order asked, with `stated` (the claimed value with its qualifier).

        claims(["deportation-persons-1937"])   # 171,781 persons, Lee (2019)
    """
    table = (load("claims") if data is None else data).set_index("claim_id")
    rows = table.loc[list(claim_ids)].reset_index()
    return rows.assign(stated=[stated(v, q) for v, q in zip(rows["value"], rows["qualifier"])])


def deportation_destinations(countries=None, years=None, data=None) -> pd.DataFrame:
    """The persons sent to each receiving republic in 1937, one row per republic: the preferred reading only
    (`preferred` in diaspora.csv; data/PREFERRED.md says why), with `country_iso3` the successor state. The other
    readings stay in `deportation()`.

        deportation_destinations()                     # KAZ 95,256 and UZB 76,525 (Yezhov's report, via Pohl)
        deportation_destinations(countries=["UZB"])    # the Uzbek SSR only
    """
    rows = deportation(countries, years, measures=["deportation_persons_by_destination"], union=False, data=data)
    rows = rows[rows["preferred"].fillna(False).astype(bool)]
    return rows.sort_values("value", ascending=False, kind="stable").reset_index(drop=True)
