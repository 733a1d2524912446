"""Annual merchandise trade between Korea and each partner, as one reporter states it, in current US dollars.

    from korea_central_asia.series import trade
    trade.annual(countries=["KAZ"], years=(2000, 2020))          # Korea-reported rows, every source
    trade.totals(countries=["KAZ", "UZB"], reporter="partner")   # exports, imports and total per year, IMF DOTS
    trade.growth("KAZ", 2001, 2019)                              # total 2019 ÷ total 2001, Korea-reported
    trade.growth_multiples(["KAZ", "UZB"], years=(2001, 2019))   # the same for both reporters, NaN where missing
    trade.other_sources(["KAZ"], years=(2015, 2024))             # news and ministry figures beside the IMF's

Rules kept here and nowhere else:

- only full-year rows (`period == "year"`) enter an annual series; part-year figures never do (`part_year` lists
  them);
- a computed total needs both flows from the same reporter and the same source in the same year; a total that a
  source states itself is kept as that source's reading and never mixed with computed ones;
- one reporter at a time (`reporter="KOR"` or `"partner"`) unless the caller asks for `"both"`;
- a partner's DOTS figures come only from that partner's own DOTS file (`imf-dots-<partner>`);
- a Soviet republic's rows follow its successor's code (SU-KAZ → KAZ; the code as stated stays in
  `territory_iso3`);
- conflicting rows stay visible: every source's figure is returned, each with its `source_id`;
- a missing year stays missing: `totals` reindexes to every year asked for and leaves gaps as NaN, never zero.

Values are in current US dollars (not adjusted for inflation). Flows are named from Korea's side: "exports" are
goods going from Korea to the partner, whichever side counted them.
"""
from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from ..data import _fingerprint, load
from ..paths import DATA_DIR
from . import FIVE, check_countries, check_years, register, successor_code

FLOWS = ("exports", "imports")
REPORTERS = ("KOR", "partner")
DOTS_PREFIX = "imf-dots-"
SIDE_NAMES = {"KOR": "Korea-reported", "partner": "partner-reported", None: "side not stated"}


def _full_years(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["period"] == "year"]


def _data_key() -> tuple:
    """Changes whenever a file of the data package changes, so cached series never go stale in a long kernel."""
    return _fingerprint(DATA_DIR.resolve())


@functools.lru_cache(maxsize=4)
def _full_year_table(key: tuple) -> pd.DataFrame:
    """The trade table's full-year rows with successor codes, prepared once per state of the data (never
    modified: every series selects from it, which copies)."""
    return _successors(_full_years(load("trade")))


def _successors(frame: pd.DataFrame) -> pd.DataFrame:
    """Soviet republic codes replaced by their successor's (SU-KAZ → KAZ); the stated code kept as territory_iso3."""
    frame = frame.assign(territory_iso3=frame["country_iso3"])
    for column in ("country_iso3", "reporter_iso3"):
        codes = frame[column]
        if codes.astype("object").fillna("").str.startswith("SU-").any():
            frame[column] = codes.astype("object").map(successor_code).astype(codes.dtype)
    return frame


def dots_source(country: str, reporter: str) -> tuple[str, str]:
    """(reporter code, source id) of the IMF DOTS file that states `country`'s trade as `reporter` sees it.

        dots_source("KAZ", "partner")  # -> ('KAZ', 'imf-dots-kaz')
    """
    side = "KOR" if reporter == "KOR" else country
    return side, f"{DOTS_PREFIX}{side.lower()}"


def side_of(frame: pd.DataFrame) -> pd.Series:
    """'Korea-reported', 'partner-reported' or 'side not stated' for each row.

        side_of(annual(countries=["KAZ"], reporter="any"))
    """
    reporter = frame["reporter_iso3"].astype("object")
    return pd.Series(np.where(reporter.isna(), SIDE_NAMES[None],
                              np.where(reporter.fillna("") == "KOR", SIDE_NAMES["KOR"], SIDE_NAMES["partner"])),
                     index=frame.index)


@register("trade-annual")
def annual(countries=None, years=None, reporter: str = "KOR", flows=("exports", "imports", "total"),
           source: str = "all", data=None) -> pd.DataFrame:
    """Full-year trade rows as their sources state them, one row per figure, with `side` and `source_id`.

        annual(countries=["KAZ", "UZB"], years=(2000, 2020), reporter="KOR", source="imf")

    reporter: "KOR" (Korea's figures), "partner" (each partner's own), "both", or "any" (also rows whose side is
    not stated). source: "imf" (IMF DOTS), "other" (every other source) or "all". Part-year rows never appear.
    Conflicting rows from different sources are all returned. A Soviet republic's rows come under its successor's
    code (territory_iso3 keeps the code as stated). `data` replaces the trade table (for tests).
    """
    countries = check_countries(countries) if countries is not None else None
    first, last = check_years(years, (1900, 2100))
    if source not in ("imf", "other", "all"):
        raise ValueError(f"source must be 'imf', 'other' or 'all', not {source!r}")
    if reporter not in ("KOR", "partner", "both", "any"):
        raise ValueError(f"reporter must be 'KOR', 'partner', 'both' or 'any', not {reporter!r}")
    rows = _full_year_table(_data_key()) if data is None else _successors(_full_years(data))
    # One mask from plain arrays, then one selection: the table is small, pandas' per-step overhead is not.
    country, reporter_code, source_id = (rows[c].fillna("").to_numpy(dtype=object)
                                         for c in ("country_iso3", "reporter_iso3", "source_id"))
    keep = np.array(rows["year"].between(first, last).to_numpy(dtype=bool, na_value=False))  # a writable copy
    keep &= rows["flow"].isin(list(flows)).to_numpy(dtype=bool)
    if countries is not None:
        keep &= np.isin(country, countries)
    is_dots = np.array([s.startswith(DOTS_PREFIX) for s in source_id], dtype=bool)
    if source == "imf":
        keep &= is_dots
    elif source == "other":
        keep &= ~is_dots
    korean = reporter_code == "KOR"
    partner = (reporter_code == country) & (reporter_code != "")
    if reporter == "KOR":
        keep &= korean
    elif reporter == "partner":
        keep &= partner
    elif reporter == "both":
        keep &= korean | partner
    # A partner's DOTS file states only its own trade: never read another country's row as the partner's.
    keep &= ~is_dots | (source_id == np.array([DOTS_PREFIX + r.lower() for r in reporter_code], dtype=object))
    rows = rows[keep]
    return rows.assign(side=side_of(rows)).reset_index(drop=True)


def wide(country: str, reporter: str = "KOR", years=None, data=None) -> pd.DataFrame:
    """One partner's IMF DOTS flows as `reporter` states them, one row per year from first to last (gaps NaN).

        wide("UZB", "partner", years=(1992, 2020))

    Columns exports, imports, total (USD; total only where both flows exist) and est_exports, est_imports,
    est_total (True where the IMF marks the figure as its estimate).
    """
    first, last = check_years(years)
    reporter = "KOR" if reporter == "KOR" else "partner"
    if data is None:  # the project's data: each partner and reporter computed once per data state, then cut
        out = _cached_wide(country, reporter, _data_key()).reindex(pd.RangeIndex(first, last + 1, name="year"))
        for column in ("est_exports", "est_imports", "est_total"):
            out[column] = out[column].eq(True)  # a year outside the data is no estimate
        return out
    return _wide(country, reporter, first, last, data)


@functools.lru_cache(maxsize=256)
def _cached_wide(country: str, reporter: str, key: tuple) -> pd.DataFrame:
    """Never modified: `wide` reindexes it, which copies."""
    years = _full_year_table(key)["year"]
    return _wide(country, reporter, int(years.min()), int(years.max()), None)


def _wide(country: str, reporter: str, first: int, last: int, data) -> pd.DataFrame:
    rows = annual([country], (first, last), reporter, flows=FLOWS, source="imf", data=data)
    rows = rows.assign(flow=rows["flow"].astype(str))
    values = rows.pivot(index="year", columns="flow", values="value_usd").astype("float64")
    estimate = rows.pivot(index="year", columns="flow", values="estimate").astype("float64")
    index = pd.RangeIndex(first, last + 1, name="year")
    out = pd.DataFrame(index=index)
    for flow in FLOWS:
        out[flow] = values[flow].reindex(index) if flow in values else np.nan
        out[f"est_{flow}"] = (estimate[flow].reindex(index) == 1) if flow in estimate else False
    out["total"] = out["exports"] + out["imports"]  # NaN unless both flows exist
    out["est_total"] = out["est_exports"] | out["est_imports"]
    return out


@register("trade-totals")
def totals(countries=None, years=None, reporter: str = "KOR", data=None) -> pd.DataFrame:
    """Exports, imports and their total per partner and year from IMF DOTS, one reporter at a time (or "both").

        totals(countries=["KAZ", "UZB"], years=(1992, 2020), reporter="partner")

    Every year from first to last has a row; a year with no figure keeps NaN (a gap, not a zero), and the total
    exists only where both flows do. `source_id` names the DOTS file the figures come from.
    """
    countries = check_countries(countries)
    reporters = REPORTERS if reporter == "both" else ("KOR" if reporter == "KOR" else "partner",)
    frames = []
    for country in countries:
        for side in reporters:
            frame = wide(country, side, years, data=data).reset_index()
            frame.insert(0, "country_iso3", country)
            frame.insert(2, "reporter_iso3", dots_source(country, side)[0])
            frame["source_id"] = dots_source(country, side)[1]
            frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def stated_and_computed_totals(rows: pd.DataFrame) -> pd.DataFrame:
    """Totals from any annual rows: a source's own stated total stays its reading; a total is computed only from
    both flows of one source, reporter, partner and year. Columns: country_iso3, year, reporter_iso3, source_id,
    total, kind ('stated' or 'computed').

        stated_and_computed_totals(annual(countries=["KAZ"], reporter="any"))
    """
    rows = _full_years(rows)
    keys = ["country_iso3", "year", "reporter_iso3", "source_id"]
    stated = rows[rows["flow"] == "total"][keys + ["value_usd"]].rename(columns={"value_usd": "total"})
    stated = stated.assign(kind="stated")
    pairs = rows[rows["flow"].isin(FLOWS)].assign(flow=lambda f: f["flow"].astype(str))
    pivot = pairs.pivot_table(index=keys, columns="flow", values="value_usd", aggfunc="sum", dropna=False,
                              observed=True) if len(pairs) else pd.DataFrame(columns=list(FLOWS))
    for flow in FLOWS:
        if flow not in pivot:
            pivot[flow] = np.nan
    computed = (pivot["exports"] + pivot["imports"]).dropna().rename("total").reset_index().assign(kind="computed")
    return pd.concat([stated, computed], ignore_index=True)


def growth(country: str, start: int, end: int, reporter: str = "KOR", data=None) -> float:
    """Exports + imports in `end` divided by exports + imports in `start` (IMF DOTS, full years, one reporter).

        growth("KAZ", 2001, 2019)               # Korea-reported
        growth("UZB", 2001, 2019, "partner")    # Uzbekistan's own figures

    Raises ValueError naming the year when either total is missing, instead of guessing one.
    """
    reporter = "KOR" if reporter == "KOR" else "partner"
    total = wide(country, reporter, (min(start, end), max(start, end)), data=data)["total"]
    a, b = total.get(start, np.nan), total.get(end, np.nan)
    if pd.isna(a) or pd.isna(b):
        raise ValueError(f"no full-year total for {country} ({reporter}) in {start if pd.isna(a) else end}")
    return float(b / a)


@register("trade-balance")
def balance(countries=None, years=None, data=None) -> pd.DataFrame:
    """Korea's exports minus its imports per partner and year, both Korea-reported (IMF DOTS); NaN without both.

        balance(countries=["UZB"], years=(2000, 2020))
    """
    frame = totals(countries, years, "KOR", data=data)
    return frame.assign(balance=frame["exports"] - frame["imports"])[
        ["country_iso3", "year", "reporter_iso3", "exports", "imports", "balance", "source_id"]]


@register("trade-shares")
def shares(countries=None, years=None, reporter: str = "KOR", data=None) -> pd.DataFrame:
    """Each partner's share of the two-way total of the countries asked for (default the five republics), only in
    years where every one of them has a total; other years have no share at all (a gap, not a guess).

        shares(years=(1992, 2020))
    """
    countries = check_countries(list(FIVE) if countries is None else countries)
    frame = totals(countries, years, reporter, data=data)
    table = frame.pivot(index="year", columns="country_iso3", values="total")[countries]
    complete = table.notna().all(axis=1)
    share = table.div(table.sum(axis=1, skipna=False), axis=0).where(complete, axis=0)
    out = frame[["country_iso3", "year", "reporter_iso3", "total", "source_id"]].copy()
    out["complete_year"] = out["year"].map(complete)
    out["share"] = [share.at[y, c] for c, y in zip(out["country_iso3"], out["year"])]
    return out


def part_year(countries=None, years=None, data=None) -> pd.DataFrame:
    """The part-year rows (e.g. January–June figures) that every annual series leaves out, with the months each
    covers (`period_note`) and its source; for looking at, never for adding to an annual figure.

        part_year(countries=["KAZ", "UZB"], years=(2015, 2025))
    """
    first, last = check_years(years, (1900, 2100))
    rows = load("trade") if data is None else data
    rows = _successors(rows[rows["period"] != "year"])
    rows = rows[rows["year"].between(first, last)]
    if countries is not None:
        rows = rows[rows["country_iso3"].isin(check_countries(countries))]
    return rows.assign(side=side_of(rows)).reset_index(drop=True)


def dots_last_year(countries=None, years=None, data=None) -> int | None:
    """The last year within `years` in which IMF DOTS has any full-year flow for these partners (either reporter),
    or None when it has none: where a chart of DOTS series should end.

        dots_last_year(["KAZ", "UZB"], (1992, 2024))  # -> 2020
    """
    rows = annual(check_countries(countries), years, "both", flows=FLOWS, source="imf", data=data)
    return int(rows["year"].max()) if len(rows) else None


@register("trade-group")
def group_total(countries=None, years=None, reporter: str = "KOR", data=None) -> pd.DataFrame:
    """Exports, imports and totals summed over the countries asked for (default the five republics), one row per
    year, each only in a year where every one of them has that figure (otherwise NaN: an understated sum is never
    shown). `complete` says whether the total is there; `source_id` lists the DOTS files, joined by ";".

        group_total(years=(1992, 2020))                     # the five republics, Korea-reported
        group_total(["KAZ", "UZB"], (2000, 2020), "partner")
    """
    countries = check_countries(list(FIVE) if countries is None else countries)
    frame = totals(countries, years, reporter, data=data)
    out = pd.DataFrame({"year": np.sort(frame["year"].unique())})
    for flow in (*FLOWS, "total"):
        table = frame.pivot(index="year", columns="country_iso3", values=flow)[countries]
        out[flow] = table.sum(axis=1, skipna=False).reindex(out["year"]).to_numpy()
    out.insert(0, "countries", " ".join(countries))
    out["complete"] = out["total"].notna()
    out["source_id"] = ";".join(dict.fromkeys(frame["source_id"]))
    return out


@register("trade-mirror")
def mirror(countries=None, years=None, data=None) -> pd.DataFrame:
    """Korea's own total beside the partner's mirror total, per partner and year (IMF DOTS, full years): `gap` is
    the partner's figure minus Korea's and `ratio` the partner's divided by Korea's, both NaN unless both totals
    exist. `source_id` names both DOTS files ("imf-dots-kor;imf-dots-kaz").

        mirror(["KAZ"], (2010, 2020))
    """
    frame = totals(countries, years, "both", data=data)
    korea = frame[frame["reporter_iso3"] == "KOR"].set_index(["country_iso3", "year"])
    partner = frame[frame["reporter_iso3"] != "KOR"].set_index(["country_iso3", "year"])
    out = pd.DataFrame({"korea_total": korea["total"], "partner_total": partner["total"]})
    out["gap"] = out["partner_total"] - out["korea_total"]
    out["ratio"] = out["partner_total"] / out["korea_total"]
    out["source_id"] = korea["source_id"] + ";" + partner["source_id"]
    return out.reset_index()


def mirror_summary(countries=None, years=None, data=None) -> pd.DataFrame:
    """Per partner: the years with both totals, the years in which the partner's total is the higher one, and the
    median ratio of the partner's total to Korea's (see `mirror`).

        mirror_summary(years=(1992, 2020))
    """
    frame = mirror(countries, years, data=data).dropna(subset=["ratio"])
    grouped = frame.groupby("country_iso3", sort=False)["ratio"]
    out = pd.DataFrame({"years_with_both": grouped.count(), "partner_higher_years": grouped.agg(lambda r: int(
        (r > 1).sum())), "median_ratio": grouped.median()})
    return out.reindex(check_countries(countries)).reset_index()


@register("trade-growth")
def growth_multiples(countries=None, years=None, reporter: str = "both", data=None) -> pd.DataFrame:
    """The growth multiple of exports + imports from the first to the last of `years` (IMF DOTS, full years), per
    partner and reporter: total in the last year ÷ total in the first, NaN where either total is missing.

        growth_multiples(["KAZ", "UZB"], years=(2001, 2019))   # Korea-reported and partner-reported rows
    """
    if years is None:
        raise ValueError("growth_multiples needs years=(start, end), e.g. (2001, 2019)")
    start, end = check_years(years)
    frame = totals(countries, (start, end), reporter, data=data)
    frame = frame[frame["year"].isin([start, end])]
    wide_frame = frame.pivot(index=["country_iso3", "reporter_iso3", "source_id"], columns="year", values="total")
    out = wide_frame.reindex(columns=[start, end]).set_axis(["total_start", "total_end"], axis=1).reset_index()
    out["side"] = np.where(out["reporter_iso3"] == "KOR", SIDE_NAMES["KOR"], SIDE_NAMES["partner"])
    out["start"], out["end"] = start, end
    out["multiple"] = out["total_end"] / out["total_start"]
    order = {c: i for i, c in enumerate(check_countries(countries))}
    out = out.sort_values(["country_iso3", "side"], key=lambda k: k.map(order) if k.name == "country_iso3" else k)
    return out[["country_iso3", "reporter_iso3", "side", "start", "end", "total_start", "total_end", "multiple",
                "source_id"]].reset_index(drop=True)


def growth_claims(countries, start: int, end: int) -> pd.DataFrame:
    """The examined texts' claims about the growth multiple of a partner's trade from `start` to `end` (claims table,
    claim ids `trade-growth-<iso3>-<start>-<end>`), in the order of `countries`, with country_iso3 added.

        growth_claims(["KAZ", "UZB"], 2001, 2019)   # 'more than 21 times' and 'almost 6 times'
    """
    claims = load("claims").set_index("claim_id")
    ids = {c: f"trade-growth-{c.lower()}-{start}-{end}" for c in check_countries(countries)}
    found = [(c, claim_id) for c, claim_id in ids.items() if claim_id in claims.index]
    out = claims.loc[[claim_id for _, claim_id in found]]
    out.insert(0, "country_iso3", [c for c, _ in found])
    return out


@register("trade-other")
def other_sources(countries=None, years=None, data=None) -> pd.DataFrame:
    """Full-year figures from sources other than IMF DOTS (ministries, news, think tanks), one row per figure as
    its source states it, conflicting ones included, with the IMF DOTS figure for the same partner, year and flow
    beside it as Korea reports it (`dots_korea`) and as the partner does (`dots_partner`); NaN where DOTS has none.
    For CA5 (a stated total of the five republics) the DOTS columns hold the sum of the five, where all five have it.

        other_sources(["KAZ", "UZB", "CA5"], years=(2015, 2024))
    """
    rows = annual(countries, years, "any", source="other", data=data)
    partners = sorted({c for c in rows["country_iso3"] if c != "CA5"})
    lookup = {}
    if len(rows):
        span = (int(rows["year"].min()), int(rows["year"].max()))
        for side in REPORTERS:
            if partners:
                frame = totals(partners, span, side, data=data).melt(
                    ["country_iso3", "year"], list(FLOWS) + ["total"], var_name="flow")
                lookup.update({(c, y, f, side): v for c, y, f, v in frame[["country_iso3", "year", "flow",
                                                                           "value"]].itertuples(index=False)})
            if (rows["country_iso3"] == "CA5").any():
                group = group_total(list(FIVE), span, side, data=data).melt(["year"], list(FLOWS) + ["total"],
                                                                            var_name="flow")
                lookup.update({("CA5", y, f, side): v for y, f, v in group[["year", "flow", "value"]].itertuples(
                    index=False)})
    for side, column in (("KOR", "dots_korea"), ("partner", "dots_partner")):
        rows[column] = [lookup.get((c, int(y), str(f), side), np.nan) for c, y, f in zip(
            rows["country_iso3"], rows["year"], rows["flow"])]
    return rows
