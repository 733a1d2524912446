"""Periods of a policy and what falls in each: the stages of Korea's Central Asia policy (Nishonova (n.d.), Nishonova) or
stages with boundaries you draw yourself, dated rows placed in stages, named partnership levels over time, the
soft-power tools of Table 1, and per-stage comparisons (trade per year, visits per year, institutions opened).

    from korea_central_asia.series import stages
    stages.stages()                                        # Nishonova's three stages, half-open years
    stages.stages(starts=(1992, 2004, 2012))               # the same stages with other boundaries
    stages.stage_of(2010)                                  # -> 3 (a boundary year belongs to the stage it starts)
    stages.staged_events(["KAZ", "CA5"], (1990, 2025), starts=(1992, 2004, 2012))
    stages.compare(["KAZ", "UZB"], years=(1992, 2020), starts=(1992, 2000, 2010))
    stages.partnership_levels(["KAZ", "UZB"])              # every dating of every level, the preferred one marked

Rules kept here and nowhere else:

- a stage is a half-open range of years [start, next start): a boundary year belongs to exactly one stage, the
  last stage has no end, and a year before the first start is in stage 0 ("before the first stage");
- a count per stage counts rows over the stage's years that lie inside the years asked for *and* inside the years
  the table covers (the events table to its last visit, IMF DOTS to its last year for the partners asked for),
  so a stage is never diluted by years that have no data at all;
- a stage's trade per year sums the flows reported in each year and says how many country-flow cells are missing:
  a year with no row at all stays a gap, and a sum over some missing cells is a floor, never filled in;
- where sources date a partnership level differently, every dating stays a row; the preferred reading of the fact
  (`preferred`, reasons in `data/PREFERRED.md`) is drawn and each other dating is kept beside it
  (`dating="earlier"` or `"later"` than the preferred one);
- visits are counted on their preferred readings (`relations.visits`), so a visit that sources date to two years
  counts once;
- rows keep their `source_id`; a per-stage figure names the ids of the rows it counts (';'-joined).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import load
from . import FIVE, check_countries, check_years, register
from . import relations, trade

ALL_YEARS = (1900, 2100)
LEVEL_NAMES = {0: "no named level", 1: "named partnership", 2: "strategic", 3: "expanded strategic",
               4: "special strategic"}
INSTITUTION_TYPES = ("education_centre_opened", "cultural_centre_opened", "sejong_institute_opened",
                     "koica_office_opened")
VISIT_TYPES = relations.VISIT_TYPES
STAGE_COLUMNS = ["stage", "name", "start_year", "end_year", "focus", "source_id"]


# The five republics among the codes given, in the order given: the policy the stages describe is about them, so
# per-stage figures and charts of it leave other countries out. Defined once, in relations.
republics = relations.republics


# --- the stages -------------------------------------------------------------------------------------------------

def check_starts(starts) -> tuple[int, ...]:
    """Stage start years as a tuple of increasing integers, or a ValueError saying what is wrong.

        check_starts([1992, 2004, 2012])  # -> (1992, 2004, 2012)
    """
    try:
        checked = tuple(int(s) for s in starts)
    except (TypeError, ValueError):
        raise ValueError(f"STAGE_STARTS must be increasing years, e.g. (1992, 2000, 2010), not {starts!r}") from None
    if not checked:
        raise ValueError("STAGE_STARTS needs at least one year")
    if any(b <= a for a, b in zip(checked, checked[1:])):
        raise ValueError(f"STAGE_STARTS {checked}: each stage must start after the one before")
    return checked


def source_starts(data=None) -> tuple[int, ...]:
    """The start years of the stages as the policy_stages table (Nishonova (n.d.)) states them.

        source_starts()  # -> (1992, 2000, 2010)
    """
    table = load("policy_stages") if data is None else data
    return tuple(int(y) for y in table.sort_values("stage")["start_year"])


def stages(starts=None, data=None) -> pd.DataFrame:
    """The policy stages with start and end years drawn from `starts` (None: Nishonova's own boundaries), one row
    per stage: stage, name, start_year, end_year (the next stage's start; none for the last), focus, source_id and
    `boundaries` ("as the source states them" or "redrawn").

        stages()                          # 1992, 2000, 2010 as Nishonova (n.d.) has them
        stages(starts=(1992, 2004, 2012)) # the same three stages, boundaries moved

    Redrawn boundaries keep Nishonova's names and focus when the number of stages is hers; with another
    number of stages the rows are named "Stage 1", "Stage 2", ... and carry no focus. `data` replaces the table.
    """
    table = (load("policy_stages") if data is None else data).sort_values("stage").reset_index(drop=True)
    own = source_starts(table)
    starts = own if starts is None else check_starts(starts)
    if starts == own:
        return table[STAGE_COLUMNS].assign(boundaries="as the source states them")
    if len(starts) == len(table):
        out = table[STAGE_COLUMNS].copy()
    else:
        out = pd.DataFrame({"stage": range(1, len(starts) + 1)})
        out["name"] = [f"Stage {n}" for n in out["stage"]]
        out["focus"] = pd.NA
        out["source_id"] = table["source_id"].iloc[0]
    out["stage"] = out["stage"].astype("Int64")
    out["start_year"] = pd.array(starts, dtype="Int64")
    out["end_year"] = pd.array(list(starts[1:]) + [pd.NA], dtype="Int64")
    return out[STAGE_COLUMNS].assign(boundaries="redrawn")


def stage_of(year, starts=None) -> int:
    """The stage a year falls in, stages being half-open [start, next start); 0 before the first stage.

        stage_of(2000)                       # -> 2 with Nishonova's boundaries (1992, 2000, 2010)
        stage_of(2005, (1992, 2004, 2012))   # -> 2
    """
    starts = source_starts() if starts is None else check_starts(starts)
    return int(np.searchsorted(np.asarray(starts), int(year), side="right"))


def assign(frame: pd.DataFrame, starts=None, column: str = "year") -> pd.DataFrame:
    """A copy of any dated rows with a `stage` column (0 before the first stage); `column` holds years or dates.

        assign(relations.events(["KAZ"], types=["forum"]), starts=(1992, 2004, 2012))
    """
    starts = source_starts() if starts is None else check_starts(starts)
    years = frame[column]
    if pd.api.types.is_datetime64_any_dtype(years):
        years = years.dt.year
    stage = np.searchsorted(np.asarray(starts), years.to_numpy(dtype="int64"), side="right")
    return frame.assign(stage=stage.astype("int64"))


def stage_years(starts=None, years=None, last_year: int | None = None) -> pd.DataFrame:
    """The years of each stage that a count can use: inside `years` (both ends included) and not after
    `last_year` (the last year the data cover). One row per stage with at least one such year: stage, name,
    first_year, last_year, n_years and `span` ("1992–1999").

        stage_years(years=(1990, 2025), last_year=2020)
    """
    first, last = check_years(years, ALL_YEARS)
    if last_year is not None:
        last = min(last, last_year)
    rows = []
    for s in stages(starts).itertuples():
        end = last if pd.isna(s.end_year) else min(int(s.end_year) - 1, last)
        begin = max(int(s.start_year), first)
        if begin <= end:
            rows.append({"stage": int(s.stage), "name": s.name, "first_year": begin, "last_year": end,
                         "n_years": end - begin + 1, "span": f"{begin}–{end}"})
    return pd.DataFrame(rows, columns=["stage", "name", "first_year", "last_year", "n_years", "span"])


# --- dated rows in stages -----------------------------------------------------------------------------------------

@register("stage-events")
def staged_events(countries=None, years=None, starts=None, types=None, data=None,
                  readings="preferred") -> pd.DataFrame:
    """Event rows (see `relations.events`: successor codes, `conflict`, `weak`, `disputed`) with their `stage`.

        staged_events(["KAZ", "UZB", "CA5"], (1990, 2025), starts=(1992, 2004, 2012), types=["forum"])
        staged_events(["KAZ"], types=INSTITUTION_TYPES, readings="all")   # every reading of every event

    readings: "preferred" (default) keeps one row per event, its preferred reading, `disputed` also where
    another source dates it differently (`relations.drawn_once`); "all" keeps every reading.
    """
    rows = relations.events(countries, years, types, data=data)
    return assign(relations.drawn_once(rows, readings), starts)


def tally(rows: pd.DataFrame, by: str, starts=None, order=None) -> pd.DataFrame:
    """How many of the rows fall in each stage, one row per value of `by` (in `order`, else as first met), one
    column per stage ("before 1992", "1 Early engagement", ...); `rows` need a `stage` column (see `assign`).
    A stage or value without rows counts 0.

        tally(staged_events(types=INSTITUTION_TYPES), "event_type")
    """
    table = stages(starts)
    first = int(table["start_year"].iloc[0])
    columns = [0] + [int(s) for s in table["stage"]]
    values = list(dict.fromkeys(list(order or []) + list(rows[by])))
    counts = pd.crosstab(rows[by], rows["stage"]).reindex(index=values, columns=columns, fill_value=0)
    counts.columns = [f"before {first}"] + [f"{s.stage} {s.name}" for s in table.itertuples()]
    counts.index.name = by
    return counts


def events_last_year(types=VISIT_TYPES, data=None) -> int:
    """The last year the events table covers for these event types (by default: the last year with a visit or
    summit; a few rows dated in a later January or planned summits do not make that year covered).

        events_last_year()  # -> 2025
    """
    frame = load("events") if data is None else data
    return int(frame.loc[frame["event_type"].isin(list(types)), "date"].dt.year.max())


def count_by_stage(rows: pd.DataFrame, starts=None, years=None, last_year: int | None = None,
                   by: str | None = None, values=()) -> pd.DataFrame:
    """Rows counted per stage over the stage's usable years (see `stage_years`), with the count per year; `by`
    adds one count column per value (those in `values`, then any other). `source_id` names the rows counted.

        count_by_stage(relations.visits(["KAZ"]), years=(1992, 2025), last_year=events_last_year())
    """
    spans = stage_years(starts, years, last_year)
    values = list(dict.fromkeys(list(values) + (list(dict.fromkeys(rows[by])) if by else [])))
    out = []
    for s in spans.itertuples():
        part = rows[rows["year"].between(s.first_year, s.last_year)]
        row = {"stage": s.stage, "name": s.name, "span": s.span, "n_years": s.n_years, "count": len(part),
               "per_year": len(part) / s.n_years}
        row.update({v: int((part[by] == v).sum()) for v in values} if by else {})
        row["source_id"] = ";".join(dict.fromkeys(part["source_id"].dropna()))
        out.append(row)
    columns = ["stage", "name", "span", "n_years", "count", "per_year", *values, "source_id"]
    return pd.DataFrame(out, columns=columns)


# --- trade per stage ---------------------------------------------------------------------------------------------

@register("stage-trade")
def trade_by_stage(countries=None, years=None, starts=None, reporter: str = "KOR", data=None) -> pd.DataFrame:
    """Trade per stage with the countries asked for (default the five republics): exports and imports summed
    over the countries for each year of the stage, then averaged over the years that have any figure; IMF DOTS,
    full years only, one reporter ("KOR" or "partner", each country's own figures). Years after the last DOTS
    year do not count.

        trade_by_stage(["KAZ", "UZB"], years=(1992, 2020), starts=(1992, 2004, 2012), reporter="partner")

    Columns: stage, name, span (the years used), n_years (years with data), mean_usd (current US dollars),
    cells (country-flow figures found), cells_missing (of 2 × countries × years; where some are missing the sum
    is a floor, nothing is filled in), reporter, source_id.
    """
    countries = list(FIVE) if countries is None else check_countries(countries)
    covered = trade.dots_last_year(countries, None, data)  # the last year DOTS has for these partners
    spans = stage_years(starts, years, covered if covered is not None else ALL_YEARS[0] - 1)
    rows = trade.annual(countries, years, reporter=reporter, flows=trade.FLOWS, source="imf", data=data)
    out = []
    for s in spans.itertuples():
        span = list(range(s.first_year, s.last_year + 1))
        part = rows[rows["year"].isin(span)]
        per_year = part.groupby("year")["value_usd"].sum().reindex(span)  # a year with no row stays NaN
        out.append({"stage": s.stage, "name": s.name, "span": s.span, "n_years": int(per_year.notna().sum()),
                    "mean_usd": per_year.mean(), "cells": len(part),
                    "cells_missing": 2 * len(countries) * len(span) - len(part), "reporter": reporter,
                    "source_id": ";".join(dict.fromkeys(part["source_id"]))})
    return pd.DataFrame(out, columns=["stage", "name", "span", "n_years", "mean_usd", "cells", "cells_missing",
                                      "reporter", "source_id"])


@register("stage-comparison")
def compare(countries=None, years=None, starts=None, data=None) -> pd.DataFrame:
    """What changed between stages, one row per stage, for the countries asked for (default the five republics):
    visits and summits (`relations.visits`: duplicates merged) and institution openings (education centres,
    cultural centres, King Sejong Institutes, KOICA offices; one preferred row is one announcement), in total and per year
    of the stage up to the last year with a recorded visit; and trade per year (`trade_by_stage`), Korea-
    and partner-reported, up to the last DOTS year.

        compare(["KAZ", "UZB", "KGZ", "TJK", "TKM"], years=(1990, 2025), starts=(1992, 2004, 2012))

    `data` is an optional dict of replacement tables ("events", "trade") for tests.
    """
    countries = list(FIVE) if countries is None else check_countries(countries)
    data = data or {}
    events = data.get("events")
    last = events_last_year(data=events)
    visits = count_by_stage(relations.visits(countries, years, data=events), starts, years, last)
    opened = count_by_stage(relations.events(countries, years, INSTITUTION_TYPES, data=events, readings="preferred"),
                            starts, years, last, by="event_type", values=INSTITUTION_TYPES)
    out = visits[["stage", "name", "span", "n_years"]].rename(columns={"span": "event_years"})
    out["visits"] = visits["count"]
    out["visits_per_year"] = visits["per_year"]
    out["institutions"] = opened["count"]
    out["institutions_per_year"] = opened["per_year"]
    for kind in INSTITUTION_TYPES:
        out[kind] = opened[kind]
    out = out.set_index("stage")
    for reporter, suffix in (("KOR", "kor"), ("partner", "partner")):
        flows = trade_by_stage(countries, years, starts, reporter, data=data.get("trade")).set_index("stage")
        out[f"trade_mean_usd_{suffix}"] = flows["mean_usd"]
        out[f"trade_years_{suffix}"] = flows["span"]
        out[f"trade_cells_missing_{suffix}"] = flows["cells_missing"]
        out[f"trade_source_id_{suffix}"] = flows["source_id"]
    parts = [visits.set_index("stage")["source_id"], opened.set_index("stage")["source_id"],
             out["trade_source_id_kor"], out["trade_source_id_partner"]]
    out["source_id"] = [";".join(dict.fromkeys(i for part in parts for i in _ids(part.get(s)))) for s in out.index]
    out = out.drop(columns=["trade_source_id_kor", "trade_source_id_partner"]).reset_index()
    return out if countries else out.iloc[:0]  # no country, nothing to compare (not a row of zeros)


def _ids(joined) -> list[str]:
    return [i for i in joined.split(";") if i] if isinstance(joined, str) else []


# --- partnership levels --------------------------------------------------------------------------------------------

@register("partnership-levels")
def partnership_levels(countries=None, years=None, data=None, readings="all") -> pd.DataFrame:
    """Every dated row of a named partnership level, one per source reading, with `preferred_date` (the date of
    the preferred reading of that fact: the country and level), `dating` ("preferred": the row drawn; "earlier" or
    "later": another source's dating, kept visible; "same date": another source giving the preferred date) and
    `rank_before` (the drawn level in effect just before this row's date or its preferred date, whichever comes
    first; 0 for none). Ranks: 1 named partnership, 2 strategic, 3 expanded strategic, 4 special strategic.

        partnership_levels(["KAZ", "UZB"], years=(2000, 2025))
        partnership_levels(["UZB"], readings="preferred")   # only the rows drawn

    Why a reading is preferred is in `data/PREFERRED.md` (Uzbekistan's strategic partnership: March 2006, from the
    Uzbek presidential press service at the time, not the 2008 of a 2019 retrospective).
    """
    readings = relations.check_readings(readings)
    codes = check_countries(countries)
    first, last = check_years(years, ALL_YEARS)
    table = load("partnerships") if data is None else data
    table = table.assign(preferred=relations.preferred_flag(table))
    rows = table[table["country_iso3"].isin(codes) & table["date"].dt.year.between(first, last)]
    drawn = (rows[rows["preferred"]].sort_values("date", kind="stable")
             .drop_duplicates(["country_iso3", "level"]).sort_values(["country_iso3", "date"]))
    rows = rows.merge(drawn[["country_iso3", "level", "date", "source_id"]].rename(
        columns={"date": "preferred_date", "source_id": "preferred_source_id"}), on=["country_iso3", "level"],
        how="left")
    rows["dating"] = np.select([rows["preferred"], rows["date"] < rows["preferred_date"],
                                rows["date"] > rows["preferred_date"]], ["preferred", "earlier", "later"],
                               "same date")
    before = []
    for r in rows.itertuples():
        until = r.date if pd.isna(r.preferred_date) else min(r.date, r.preferred_date)
        earlier = drawn[(drawn["country_iso3"] == r.country_iso3) & (drawn["date"] < until)]
        before.append(int(earlier["rank"].iloc[-1]) if len(earlier) else 0)
    rows["rank_before"] = before
    rows = rows.drop(columns="preferred_source_id")
    return rows[rows["preferred"]].reset_index(drop=True) if readings == "preferred" else rows


def drawn_levels(countries=None, years=None, data=None) -> pd.DataFrame:
    """The level rows that are drawn: the preferred reading of each country's level, in date order per country.

        drawn_levels(["UZB"])
    """
    rows = partnership_levels(countries, years, data, readings="preferred")
    return rows.sort_values(["country_iso3", "date"], kind="stable")


@register("partnership-steps")
def level_steps(countries=None, years=None, data=None) -> pd.DataFrame:
    """The drawn partnership level of each country over time, as change points from 1 January of the first year
    to 1 January after the last: the level in effect at the start (rank 0, "no named level", if none), each
    later level at its preferred dating, and a closing point that repeats the last level. Columns country_iso3,
    date, rank, level, date_iso, source_id (empty where no source names a level).

        level_steps(["KAZ", "TJK"], years=(1992, 2025))

    years: (first, last), both included; None runs from the first stage's start to the last year with a visit.
    """
    codes = check_countries(countries)
    first, last = check_years(years, (source_starts()[0], events_last_year()))
    start, end = pd.Timestamp(f"{first}-01-01"), pd.Timestamp(f"{last + 1}-01-01")
    drawn = drawn_levels(codes, None, data)
    frames = []
    for code in codes:
        rows = drawn[drawn["country_iso3"] == code]
        earlier = rows[rows["date"] < start]
        points = [(start, 0, LEVEL_NAMES[0], "", "")]
        if len(earlier):
            r = earlier.iloc[-1]
            points = [(start, r["rank"], r["level"], r["date_iso"], r["source_id"])]
        inside = rows[(rows["date"] >= start) & (rows["date"] < end)]
        points += [(r.date, r.rank, r.level, r.date_iso, r.source_id) for r in inside.itertuples()]
        points.append((end, points[-1][1], points[-1][2], points[-1][3], points[-1][4]))
        frame = pd.DataFrame(points, columns=["date", "rank", "level", "date_iso", "source_id"])
        frames.append(frame.assign(country_iso3=code))
    columns = ["country_iso3", "date", "rank", "level", "date_iso", "source_id"]
    return pd.concat(frames, ignore_index=True)[columns] if frames else pd.DataFrame(columns=columns)


# --- Table 1 of Nishonova (n.d.) ------------------------------------------------------------------------------------------

def tool_ratings(data=None) -> pd.DataFrame:
    """Table 1 of Nishonova (n.d.) in long form: one row per soft-power tool and audience it names, in the table's order,
    with the author's `effectiveness` (ordered Medium < Medium-High < High), `rating` (1–3 on that order),
    examples, reason and source_id.

        tool_ratings()
    """
    tools = load("soft_power_tools") if data is None else data
    out = tools.assign(audience=tools["audience"].str.split(", ")).explode("audience")
    out["audience"] = out["audience"].str.strip().str.capitalize().replace({"Governments": "Government"})
    out["rating"] = out["effectiveness"].cat.codes + 1
    return out[["tool", "audience", "effectiveness", "rating", "examples", "effectiveness_reason", "source_id"]]
