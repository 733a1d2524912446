"""Dated events between Korea and its partners: relations, embassies, visits and summits, forum sessions, early
contacts, as tidy DataFrames that keep every reading and its `source_id`.

    from korea_central_asia.series import relations
    relations.established(countries=["KAZ", "AFG"])                 # every dating of relations, conflicts visible
    relations.embassies(countries=["KGZ", "TKM"])                   # embassies in both directions, every year given
    relations.visits(countries=["UZB"], years=(1992, 2025))         # one row per visit, disputed ones flagged
    relations.visits_per_year(countries=["KAZ", "UZB"], years=(2000, 2024))

Rules kept here and nowhere else:

- a Soviet republic's rows follow its successor's code: selecting "KAZ" also selects the Kazakh SSR's rows
  (`SU-KAZ`), which keep their own code in `country_iso3` and carry `KAZ` in `successor_iso3`;
- conflicting rows stay visible: an event that two sources date differently keeps one row per reading, flagged
  `conflict` (its notes start with "CONFLICT:"); a row resting on a weak source only is flagged `weak`; `disputed`
  is either of the two;
- rows reading one fact share a `fact_id`, and one of them is `preferred` (`data/PREFERRED.md` says why):
  `readings="preferred"` keeps one row per fact, `readings="all"` every reading; counts of visits draw the
  preferred reading by default, while the listing functions (`events`, `established`, `embassies`, `timeline`)
  show every reading with its `preferred` flag;
- a visit reported by two sources a few days apart is one visit (the later row is merged into the first, whose
  `all_source_ids` name both sources); a visit that sources put in *different* years keeps both rows, marked as
  two datings of one visit;
- a count per year counts rows, so a year without a row has a count of zero (no recorded event), not a gap.
"""
from __future__ import annotations

import re

import pandas as pd

from ..data import load
from . import check_countries, check_years, register, successor_code

VISIT_TYPES = ("state_visit", "official_visit", "summit")
RELATION_TYPES = ("relations_established", "recognition", "relations_severed")
PRE1992_TYPES = ("pre1992_contact", "pre1992_visit")
USSR = "SUN"
GROUP = "CA5"  # rows about the five republics together (forum sessions, a group visit)
MERGE_DAYS = 7
ALL_YEARS = (1900, 2100)

SINGLE, TWO_YEARS, WEAK_ONLY = "single dating", "one of two years given for one visit", "weak source only"
ROK_SIDE, PARTNER_SIDE = "ROK embassy in the country", "partner embassy in Seoul"

EVENT_COLUMNS = ["date", "date_iso", "end_date_iso", "year", "country_iso3", "successor_iso3", "event_type", "label",
                 "qualifier", "value", "unit", "source_id", "notes", "conflict", "weak", "disputed", "fact_id",
                 "preferred"]
READINGS = ("preferred", "all")


def check_readings(readings) -> str:
    """'preferred' (one row per fact, the preferred reading) or 'all' (every reading), or a ValueError.

        check_readings("all")  # -> 'all'
    """
    if readings not in READINGS:
        raise ValueError(f"readings must be 'preferred' (one reading per fact) or 'all' (every reading), "
                         f"not {readings!r}")
    return readings


def drawn_once(rows: pd.DataFrame, readings: str) -> pd.DataFrame:
    """`rows` as a chart draws them: with readings="preferred", one row per fact (its preferred reading), whose
    `disputed` flag also turns on where another reading of the fact gives another date (`other_dates` lists
    them; a date at another precision that agrees with it, such as 2014 for 2014-06-19, is not another date);
    with readings="all", every row as it is.

        drawn_once(events(["UZB"]), "preferred")
    """
    readings = check_readings(readings)
    if readings == "all":
        return rows
    if "fact_id" not in rows:
        return rows[preferred_flag(rows)].assign(other_dates="")
    others = {f: sorted(set(g["date_iso"])) for f, g in rows.groupby("fact_id")}
    kept = rows[preferred_flag(rows)].copy()
    kept["other_dates"] = [", ".join(d for d in others.get(f, []) if not (d.startswith(own) or own.startswith(d)))
                           for f, own in zip(kept["fact_id"], kept["date_iso"])]
    kept["disputed"] = kept["disputed"] | (kept["other_dates"] != "")
    return kept


def preferred_flag(frame: pd.DataFrame) -> pd.Series:
    """Each row's `preferred` flag as booleans; a table without the column (a hand-made one) counts every row as
    the only reading of its fact, so every row is preferred.

        preferred_flag(load("events")).sum()
    """
    if "preferred" not in frame:
        return pd.Series(True, index=frame.index)
    return frame["preferred"].fillna(True).astype(bool)


def _codes(countries) -> list[str]:
    """Checked codes (None: the five republics and Afghanistan)."""
    return check_countries(countries)


def events(countries=None, years=None, types=None, data=None, readings="all") -> pd.DataFrame:
    """Every event row for the countries, years and event types asked for, with `year`, `successor_iso3` and the
    flags `conflict`, `weak`, `disputed` and `preferred`; one row per source reading, in the table's order.

        events(countries=["KAZ", "CA5"], years=(1990, 2000), types=["state_visit", "forum"])
        events(["UZB"], types=["state_visit"], readings="preferred")   # one row per fact: the preferred reading

    countries: ISO3 codes (None: the five republics and Afghanistan); a Soviet republic's rows (SU-KAZ) come with
    its successor (KAZ). Use "SUN" for the USSR and "CA5" for rows about the five together. years: (first, last),
    both included (None: every year). types: event types (None: all). `data` replaces the events table (for tests;
    a `weak` column in it is used as given, otherwise it is read from the sources table; without a `preferred`
    column every row counts as preferred). readings: "all" (default) or "preferred".
    """
    readings = check_readings(readings)
    codes = _codes(countries)
    first, last = check_years(years, ALL_YEARS)
    frame = load("events") if data is None else data.copy()
    frame["year"] = frame["date"].dt.year
    frame["successor_iso3"] = frame["country_iso3"].astype("object").map(successor_code)
    frame["conflict"] = frame["notes"].fillna("").str.startswith("CONFLICT").astype(bool)
    if "weak" not in frame:
        sources = load("sources")
        weak = dict(zip(sources["source_id"], sources["weak"]))
        frame["weak"] = frame["source_id"].map(weak).fillna(False).astype(bool)
    frame["weak"] = frame["weak"].astype(bool)
    frame["disputed"] = frame["conflict"] | frame["weak"]
    frame["preferred"] = preferred_flag(frame)
    keep = frame["successor_iso3"].isin(codes) & frame["year"].between(first, last)
    if readings == "preferred":
        keep &= frame["preferred"]
    if types is not None:
        keep &= frame["event_type"].isin(list(types))
    frame = frame[keep]
    extra = [c for c in frame.columns if c not in EVENT_COLUMNS]
    return frame[[c for c in EVENT_COLUMNS if c in frame] + extra]


@register("relations-established")
def established(countries=None, years=None, data=None) -> pd.DataFrame:
    """Every row dating the establishment of diplomatic relations with the ROK, one per source reading; where
    sources disagree, each date stays visible. `n_dates` is the number of distinct dates given for that country.

        established(countries=["KAZ", "UZB", "AFG"])
    """
    rows = events(countries, years, ["relations_established"], data=data)
    rows = rows.assign(n_dates=rows.groupby("successor_iso3")["date_iso"].transform("nunique"))
    return rows.reset_index(drop=True)


def relation_dates(countries=None, years=None, data=None) -> pd.DataFrame:
    """One row per country: the earliest date any source gives for relations (`first_date`, a datetime at the start
    of its period, and `first_date_iso` as the source writes it, e.g. "1973"), every distinct date
    given (`dates`, comma-joined), their number, the number of sources and their ids (`source_id`, ';'-joined).
    Countries are in the order asked for; a country without a row is left out.

        relation_dates(countries=["KAZ", "UZB", "KGZ", "TJK", "TKM"])
    """
    rows = established(countries, years, data=data)
    order = [c for c in _codes(countries) if c in set(rows["successor_iso3"])]
    summary = (rows.groupby("successor_iso3")
               .agg(first_date=("date", "min"),
                    dates=("date_iso", lambda s: ", ".join(sorted(set(s)))),
                    n_dates=("date_iso", "nunique"), n_sources=("source_id", "nunique"),
                    source_id=("source_id", lambda s: ";".join(dict.fromkeys(s))))
               .reindex(order))
    summary.index.name = "country_iso3"
    earliest = rows.sort_values("date", kind="stable").groupby("successor_iso3")["date_iso"].first()
    summary.insert(1, "first_date_iso", earliest.reindex(summary.index))  # as the source writes it: "1973"
    return summary.reset_index()


def recognitions(countries=None, years=None, data=None) -> pd.DataFrame:
    """Every row dating the ROK's recognition of a state, one per reading (conflicting dates stay visible).

        recognitions(countries=["UZB"])
    """
    return events(countries, years, ["recognition"], data=data).reset_index(drop=True)


def embassy_direction(label) -> str:
    """'partner embassy in Seoul', 'ROK embassy in the country' or 'both directions', read from a row's label.

        embassy_direction("Embassy of Kazakhstan opened in Seoul")  # -> 'partner embassy in Seoul'
    """
    label = label if isinstance(label, str) else ""
    if "in Seoul" in label:
        return PARTNER_SIDE
    return "both directions" if "each other" in label else ROK_SIDE


@register("embassies")
def embassies(countries=None, years=None, data=None) -> pd.DataFrame:
    """Embassy openings in both directions, one row per reading, with `direction` (ROK embassy in the country or
    partner embassy in Seoul), `relations_year` (the earliest year any source gives for relations) and
    `lag_years` (calendar years from relations to this opening; many openings are known only to the year).

        embassies(countries=["KGZ", "TKM"])

    A row saying both sides have missions counts once in each direction. Every year a source gives stays a row,
    so a disputed or staged opening shows as two years. Rows come grouped as: one direction, then each row that
    counted for both, first as the ROK's embassy and then as the partner's.
    """
    rows = events(countries, None, ["embassy_opened"], data=data).copy()
    rows["direction"] = rows["label"].map(embassy_direction)
    both = rows["direction"] == "both directions"
    rows = pd.concat([rows[~both], rows[both].assign(direction=ROK_SIDE), rows[both].assign(direction=PARTNER_SIDE)])
    first_relations = events(countries, None, ["relations_established"], data=data).groupby("successor_iso3")["date"]
    rows["relations_year"] = rows["successor_iso3"].map(first_relations.min().dt.year)  # NaN where none is dated
    rows["lag_years"] = rows["year"] - rows["relations_year"]
    first, last = check_years(years, ALL_YEARS)
    return rows[rows["year"].between(first, last)]


def _years_named(notes) -> set[int]:
    return {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", notes if isinstance(notes, str) else "")}


@register("visits")
def visits(countries=None, years=None, types=VISIT_TYPES, merge_days: int = MERGE_DAYS, data=None,
           readings="preferred") -> pd.DataFrame:
    """One row per visit or summit, with year, country_iso3, event_type, source_id and the flags `conflict`,
    `weak`, `disputed` and `preferred`, ordered by country, type and date.

        visits(countries=["KAZ", "UZB"], years=(1992, 2025), types=("state_visit", "summit"))
        visits(["UZB"], readings="all")   # every dating of a disputed visit as its own row

    Two rows of the same country and type that start within `merge_days` days are one visit reported twice; the
    first preferred reading (else the first row) stays and `all_source_ids` names the sources of both (`merged_rows` counts the rows merged into it). A
    visit that sources put in different years keeps both rows: such a pair is found where the notes of a
    conflicting row name the year of another conflicting row of the same country and type. Each row of a pair
    has `marking` "one of two years given for one visit", `other_year` (the other dating) and `later_dating`
    (True for the later of the two, so `(~later_dating).sum()` counts distinct visits). Other rows are marked
    "weak source only" or "single dating". Pairs are found before the years are cut, so a row keeps its marking
    whatever `years` is.

    readings: "preferred" (default) keeps a visit only where one of its rows is a preferred reading, so a visit
    that sources date to two years counts once, in its preferred year (the row keeps its marking and
    `other_year`; its `later_dating` is False, since the other dating is not counted); "all" keeps every dating.
    """
    readings = check_readings(readings)
    rows = events(countries, None, types, data=data)
    rows = rows.sort_values(["country_iso3", "event_type", "date"])
    same = rows.groupby(["country_iso3", "event_type"], observed=True)["date"].diff().dt.days.le(merge_days)
    visit_id = (~same).cumsum()
    # the row that stands for a merged visit: its first preferred reading, else its first row
    order = pd.DataFrame({"visit": visit_id.to_numpy(), "preferred": rows["preferred"].to_numpy()}, index=rows.index)
    first = order.sort_values(["visit", "preferred"], ascending=[True, False], kind="stable").groupby("visit").head(1)
    out = rows.loc[first.index].copy()
    sources = rows.groupby(visit_id.to_numpy())["source_id"].agg(lambda s: ";".join(dict.fromkeys(s)))
    sizes = rows.groupby(visit_id.to_numpy()).size()
    out["all_source_ids"] = sources.to_numpy()
    out["merged_rows"] = (sizes - 1).to_numpy()
    pairs = set()
    conflicting = out[out["conflict"]]
    for r in conflicting.itertuples():
        for year in _years_named(r.notes) - {r.year}:
            other = conflicting[(conflicting["country_iso3"] == r.country_iso3)
                                & (conflicting["event_type"] == r.event_type) & (conflicting["year"] == year)]
            pairs |= {tuple(sorted((r.Index, o))) for o in other.index}
    other_year = pd.Series(pd.NA, index=out.index, dtype="Int64")
    later = pd.Series(False, index=out.index)
    for a, b in pairs:
        other_year[a], other_year[b] = out.at[b, "year"], out.at[a, "year"]
        later[max((a, b), key=lambda i: out.at[i, "date"])] = True
    in_pair = other_year.notna()
    out["marking"] = [TWO_YEARS if p else (WEAK_ONLY if w else SINGLE) for p, w in zip(in_pair, out["weak"])]
    out["other_year"] = other_year
    out["later_dating"] = later
    if readings == "preferred":
        # a merged visit stays if any of its rows is a preferred reading; a pair's other dating is dropped
        out["preferred"] = rows.groupby(visit_id.to_numpy())["preferred"].any().to_numpy()
        out = out[out["preferred"]]
        for a, b in pairs:  # a pair whose other dating is dropped is one counted visit
            if (a in out.index) != (b in out.index):
                out.loc[a if a in out.index else b, "later_dating"] = False
    first, last = check_years(years, ALL_YEARS)
    return out[out["year"].between(first, last)]


@register("visits-per-year")
def visits_per_year(countries=None, years=None, types=VISIT_TYPES, data=None, readings="preferred") -> pd.DataFrame:
    """Visits and summits per year and country (rows of `visits`), every year from first to last for every
    country asked for: a year without a row counts 0 (no recorded visit). Columns year, country_iso3, visits,
    disputed (visits flagged conflict or weak), distinct (visits less the later dating of each two-year pair) and
    source_id (';'-joined ids of the visits counted, empty where there are none).

        visits_per_year(countries=["KAZ", "UZB"], years=(1992, 2025))
        visits_per_year(["UZB"], readings="all")   # both datings of a disputed visit counted

    years: (first, last); None runs from the first to the last year with a visit. readings: "preferred"
    (default: a visit counts once, in its preferred year) or "all" (see `visits`).
    """
    codes = _codes(countries)
    rows = visits(codes, years, types, data=data, readings=readings)
    if years is None and rows.empty:
        return pd.DataFrame(columns=["year", "country_iso3", "visits", "disputed", "distinct", "source_id"])
    first, last = check_years(years, (int(rows["year"].min()), int(rows["year"].max())) if len(rows) else None)
    index = pd.MultiIndex.from_product([range(first, last + 1), codes], names=["year", "country_iso3"])
    grouped = rows.groupby(["year", "successor_iso3"])
    out = pd.DataFrame({
        "visits": grouped.size(),
        "disputed": grouped["disputed"].sum(),
        "distinct": grouped["later_dating"].agg(lambda s: int((~s).sum())),
        "source_id": grouped["source_id"].agg(lambda s: ";".join(dict.fromkeys(s))),
    })
    out.index.names = ["year", "country_iso3"]
    out = out.reindex(index)
    for column in ("visits", "disputed", "distinct"):
        out[column] = out[column].fillna(0).astype(int)
    out["source_id"] = out["source_id"].fillna("")
    return out.reset_index()


def republics(countries=None) -> list[str]:
    """The five Central Asian republics among `countries`, in the order given (a Soviet republic's code counts as
    its successor's).

        republics(["KAZ", "AFG", "TJK"])  # -> ['KAZ', 'TJK']
    """
    from . import FIVE

    return [c for c in dict.fromkeys(successor_code(c) for c in _codes(countries)) if c in FIVE]


SHOWN = ["date_iso", "end_date_iso", "country_iso3", "event_type", "label", "source_id", "notes"]


def brief(frame: pd.DataFrame, *extra: str) -> pd.DataFrame:
    """The columns a reader needs to read event rows (date, country, type, label, source, notes), plus `extra`.

        brief(contacts(), "disputed")
    """
    return frame[[c for c in SHOWN + list(extra) if c in frame]]


@register("contacts")
def contacts(countries=None, years=None, ussr: bool = True, data=None) -> pd.DataFrame:
    """Contacts and visits before independence (`pre1992_contact`, `pre1992_visit`), in date order, with the
    USSR–ROK normalisation of 1990 (the `SUN` rows) when `ussr` is True. Soviet republics keep their own codes
    (SU-KAZ) in `country_iso3`, so a reader sees the row predates independence; they are selected by their
    successor's code (KAZ).

        contacts(countries=["KAZ", "UZB"], years=(1988, 1991))
    """
    rows = events(countries, years, PRE1992_TYPES, data=data)
    if ussr:  # the normalisation itself, not the SUN rows of Seoul's policy towards Moscow (Nordpolitik, 1988)
        rows = pd.concat([rows, events([USSR], years, RELATION_TYPES, data=data)])
    return rows.sort_values("date", kind="stable")


def normalisation_date(data=None):
    """The date the USSR and the ROK established relations (the earliest SUN `relations_established` row), or
    None if the table has none.

        normalisation_date()  # -> Timestamp('1990-09-30 00:00:00')
    """
    rows = events([USSR], None, ["relations_established"], data=data)
    return rows["date"].min() if len(rows) else None


def event_category(event_type, label) -> str | None:
    """The timeline category of one event: relations, recognition, severance, the ROK's embassy or mission, the
    partner's embassy in Seoul, a leader visit (state visits and, before 1992, visits by Soviet-republic leaders)
    or a forum session; None for other events."""
    if event_type == "embassy_opened":
        return "Partner's embassy in Seoul" if "in Seoul" in (label if isinstance(label, str) else "") \
            else "ROK embassy or mission"
    return CATEGORY_OF_TYPE.get(event_type)


CATEGORY_OF_TYPE = {"relations_established": "Relations established", "recognition": "Recognition by the ROK",
                    "relations_severed": "Relations severed", "relations_restored": "Relations restored",
                    "state_visit": "Leader visit",
                    "pre1992_visit": "Leader visit", "forum": "Forum session"}
CATEGORIES = ("Relations established", "Recognition by the ROK", "Relations severed", "Relations restored",
              "ROK embassy or mission",
              "Partner's embassy in Seoul", "Leader visit", "Forum session")


@register("timeline")
def timeline(countries=None, years=None, forum: bool = True, data=None, readings="preferred") -> pd.DataFrame:
    """The key events per country, one row per reading, with `category` (see `CATEGORIES`) and `row` (the
    country the event is drawn for: the successor's code for a Soviet republic, "CA5" for forum sessions of the
    five together). Forum sessions come when `forum` is True and one of the five republics is asked for.

        timeline(countries=["KAZ", "UZB"], years=(1988, 2000))

    Rows keep the table's order; `disputed` marks a conflicting or weak-source reading, which is drawn, not
    dropped. A row stating that both sides have missions counts as the ROK's embassy here (see `embassies` for
    both directions).

    readings: "preferred" (default) draws each event once, at its preferred reading, and marks it `disputed` also
    where another source dates it differently (`other_dates`); "all" keeps one row per reading.

        timeline(["AFG"], readings="all")   # 1973 from a mirror, Dec 1973 from Yonhap, Kwak's 2002
    """
    codes = _codes(countries)
    with_group = forum and bool(republics(codes))
    rows = events(codes + ([GROUP] if with_group else []), years, data=data)
    rows = rows.assign(category=[event_category(t, lab) for t, lab in zip(rows["event_type"], rows["label"])],
                       row=rows["successor_iso3"])
    keep = rows["category"].notna() & ((rows["row"] != GROUP) | (rows["category"] == "Forum session"))
    return drawn_once(rows[keep], readings)


def first_visits(countries=None, years=None, types=("state_visit", "pre1992_visit"), data=None) -> pd.DataFrame:
    """Each country's first leader visit resting on a source that is not weak, one row per country in date order
    (the successor's code in `row`). By default a state visit or, before 1992, a Soviet-republic leader's visit.

        first_visits(countries=["KAZ", "TJK"])
    """
    rows = events(countries, years, types, data=data)
    rows = rows[~rows["weak"]].sort_values("date").assign(row=lambda f: f["successor_iso3"])
    return rows.groupby("row").head(1)


def _earliest(rows: pd.DataFrame, column: str = "year") -> pd.DataFrame:
    """The rows holding the smallest `column` of their `row` (several where sources tie)."""
    return rows[rows[column] == rows.groupby("row")[column].transform("min")]


def _preferred_per_step(rows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Each step's preferred rows, or all its rows where none of them is preferred: a row saying both sides have
    missions is an alternative reading of the ROK's embassy but may be the only reading of the partner's."""
    chosen = rows["preferred"].fillna(True).astype(bool)
    has_preferred = chosen.groupby([rows[k] for k in keys]).transform("any")
    return rows[chosen | ~has_preferred]


def milestones(countries=None, years=None, data=None, readings="preferred") -> pd.DataFrame:
    """One row per country: the date of relations (as the source writes it), the year of the ROK's embassy or
    mission there and of the partner's embassy in Seoul (from `embassies`, so a row saying both sides have missions
    counts for both), and the year of the first leader visit on a source that is not weak; `source_id` ';'-joins
    the ids of the rows behind these. readings="preferred" (default) reads each fact's preferred row
    (data/PREFERRED.md says why); "all" takes the earliest date any source gives. A step with no row stays missing
    (<NA>): the table does not record it, which is not evidence it never happened.

        milestones(countries=["KAZ", "UZB", "AFG"])
        milestones(countries=["KAZ"], readings="all")   # the earliest any source gives: 1992 for the embassy
    """
    codes = _codes(countries)
    readings = check_readings(readings)
    rel = established(codes, years, data=data).assign(row=lambda f: f["successor_iso3"])
    emb = embassies(codes, years, data=data).assign(row=lambda f: f["successor_iso3"])
    if readings == "preferred":
        rel, emb = _preferred_per_step(rel, ["row"]), _preferred_per_step(emb, ["row", "direction"])
    steps = {"relations": _earliest(rel, "date"),
             "rok_embassy": _earliest(emb[emb["direction"] == ROK_SIDE]),
             "partner_embassy": _earliest(emb[emb["direction"] == PARTNER_SIDE]),
             "first_visit": first_visits(codes, years, data=data)}
    out = pd.DataFrame(index=pd.Index(codes, name="country_iso3"))
    out["relations"] = steps["relations"].groupby("row")["date_iso"].min().reindex(out.index)
    for name in ("rok_embassy", "partner_embassy", "first_visit"):
        out[name] = steps[name].groupby("row")["year"].min().reindex(out.index).astype("Int64")
    behind = pd.concat(steps.values())
    out["source_id"] = [";".join(dict.fromkeys(behind.loc[behind["row"] == c, "source_id"])) for c in codes]
    return out.reset_index()


def embassy_lags(countries=None, years=None, data=None) -> pd.DataFrame:
    """Per country and direction: the smallest and largest lag in calendar years from relations to an embassy
    opening, the years given and the number of rows (`embassies` holds the rows); `source_id` ';'-joins them.

        embassy_lags(countries=["KAZ", "KGZ"])
    """
    rows = embassies(countries, years, data=data)
    grouped = rows.groupby(["successor_iso3", "direction"])
    out = grouped["lag_years"].agg(["min", "max", "count"]).rename(columns={"count": "rows"})
    out["years"] = grouped["year"].agg(lambda s: "–".join(str(y) for y in sorted(s.unique())))
    out["source_id"] = grouped["source_id"].agg(lambda s: ";".join(dict.fromkeys(s)))
    out.index.names = ["country_iso3", "direction"]
    order = {c: i for i, c in enumerate(_codes(countries))}
    return out.reset_index().sort_values(["country_iso3", "direction"], key=lambda s: s.map(order)
                                         if s.name == "country_iso3" else s).reset_index(drop=True)


def visit_totals(countries=None, years=None, types=VISIT_TYPES, data=None, readings="preferred") -> pd.DataFrame:
    """Per country: visits and summits (rows of `visits`), how many are disputed, how many distinct visits they
    make (the later dating of a two-year pair not counted), and the first and last year; countries in the order
    asked for, 0 where there is none. `source_id` ';'-joins the ids of the visits counted.

        visit_totals(countries=["KGZ", "TJK"], years=(2000, 2015))
        visit_totals(["UZB"], readings="all")   # every dating counted, as `distinct` then shows

    readings: "preferred" (default) or "all" (see `visits`).
    """
    per_year = visits_per_year(countries, years, types, data=data, readings=readings)
    with_visits = per_year[per_year["visits"] > 0]
    grouped = per_year.groupby("country_iso3", sort=False)
    out = grouped[["visits", "disputed", "distinct"]].sum()
    out["first_year"] = with_visits.groupby("country_iso3")["year"].min().reindex(out.index).astype("Int64")
    out["last_year"] = with_visits.groupby("country_iso3")["year"].max().reindex(out.index).astype("Int64")
    out["source_id"] = grouped["source_id"].agg(lambda s: ";".join(dict.fromkeys(i for v in s for i in v.split(";")
                                                                                  if i)))
    return out.reset_index()


@register("summit-counts")
def summit_counts(countries=None, years=None, types=("state_visit", "summit"), unit: str = "summits",
                  data=None, readings="preferred") -> pd.DataFrame:
    """The summit counts that officials quote (`summit_count` rows in `unit`), each set beside the table's own
    rows: `rows_in_table` (visits of `types` for that country dated before the count), `distinct_visits` (less
    the later dating of each two-year pair) and `weak_rows` (those resting on a weak source only). `source_id` is
    the count's source; `counted_source_ids` ';'-joins the sources of the visits counted.

        summit_counts(countries=["KAZ", "UZB"])
        summit_counts(["UZB"], readings="all")   # every dating of a visit counted as a row

    readings: "preferred" (default: one row per visit, at its preferred reading, so `rows_in_table` equals
    `distinct_visits`) or "all" (see `visits`).
    """
    counts = events(countries, years, ["summit_count"], data=data)
    counts = counts[counts["unit"] == unit].copy()
    mine = visits(countries, None, VISIT_TYPES, data=data, readings=readings)
    mine = mine[mine["event_type"].isin(list(types))]
    found = []
    for r in counts.itertuples():
        before = mine[(mine["successor_iso3"] == r.successor_iso3) & (mine["date"] < r.date)]
        found.append((len(before), len(before) - int(before["later_dating"].sum()), int(before["weak"].sum()),
                      ";".join(dict.fromkeys(before["source_id"]))))
    columns = ["rows_in_table", "distinct_visits", "weak_rows", "counted_source_ids"]
    found = pd.DataFrame(found, columns=columns, index=counts.index)
    return pd.concat([counts, found], axis=1)


FORUM_CITIES = {"Seoul": "KOR", "Jeju": "KOR", "Busan": "KOR", "Bishkek": "KGZ", "Nur-Sultan": "KAZ",
                "Dushanbe": "TJK", "Ashgabat": "TKM", "Tashkent": "UZB", "Almaty": "KAZ", "Astana": "KAZ"}


@register("forum")
def forum(countries=None, years=None, data=None) -> pd.DataFrame:
    """Rows of the Korea–Central Asia Cooperation Forum, one per reading, with `session` (its number), `city` and
    `host` (KOR or the republic), all read from the label. The forum is of all five republics together, so its
    rows come whenever one of the five is asked for (none for Afghanistan alone). A city not in `FORUM_CITIES`
    leaves `host` missing rather than guessing.

        forum(years=(2007, 2015))
    """
    if not republics(countries):
        return events([], years, ["forum"], data=data).assign(session=pd.Series(dtype=int), city="", host="")
    rows = events([GROUP], years, ["forum"], data=data).copy()
    rows["session"] = rows["label"].str.extract(r"(\d+)(?:st|nd|rd|th)")[0].astype(int)
    rows["city"] = rows["label"].str.extract(r"Forum, ([A-Z][A-Za-z-]+)")[0]
    rows["host"] = rows["city"].map(FORUM_CITIES)
    return rows


def forum_sessions(countries=None, years=None, data=None) -> pd.DataFrame:
    """One row per forum session found in the sources: year, host(s) and cities (several where sources disagree
    on the venue, joined with '/' and ' or '), number of rows and their `source_id`s (';'-joined).

        forum_sessions()
    """
    rows = forum(countries, years, data=data)
    return rows.groupby("session").agg(year=("year", "min"), hosts=("host", lambda s: "/".join(sorted(set(s.dropna())))),
                                       cities=("city", lambda s: " or ".join(sorted(set(s.dropna())))),
                                       rows=("source_id", "count"),
                                       source_id=("source_id", lambda s: ";".join(dict.fromkeys(s))))


def missing_sessions(sessions: pd.DataFrame) -> list[int]:
    """Session numbers below the highest one found that no row records (gaps in the sources, not in the forum).

        missing_sessions(forum_sessions())
    """
    return sorted(set(range(1, int(sessions.index.max()) + 1)) - set(sessions.index)) if len(sessions) else []


def secretariat(data=None, readings="preferred") -> pd.DataFrame:
    """The row dating the opening of the forum's permanent secretariat in Seoul (readings="all": every reading).

        secretariat()["date_iso"]
    """
    return events([GROUP], None, ["secretariat_opened"], data=data, readings=readings)


def established_preferred(countries=None, years=None, data=None) -> pd.DataFrame:
    """One row per country: the preferred dating of its relations with the ROK (`preferred` in events.csv;
    data/PREFERRED.md says why), with `year` and `date_precision`; `other_dates` lists the dates other readings give
    (empty where every reading agrees). Countries in the order asked for; one without a row is left out.

        established_preferred(countries=["KAZ", "AFG"])   # 28 Jan 1992; Dec 1973 (Kwak 2021 says 2002)
    """
    rows = established(countries, years, data=data)
    preferred = rows[rows["preferred"].fillna(False).astype(bool)].drop_duplicates("successor_iso3")
    chosen = dict(zip(preferred["successor_iso3"], preferred["date_iso"]))
    # A coarser date that the preferred one falls in (1973 for 1973-12) agrees with it; only a different date counts.
    others = {code: ", ".join(sorted(d for d in set(group["date_iso"])
                                     if not str(chosen.get(code, "")).startswith(d)))
              for code, group in rows.groupby("successor_iso3")}
    order = [c for c in _codes(countries) if c in set(preferred["successor_iso3"])]
    preferred = preferred.set_index("successor_iso3").loc[order].reset_index()
    return preferred.assign(other_dates=preferred["successor_iso3"].map(others).fillna(""))
