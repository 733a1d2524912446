"""Annual merchandise trade between Korea and each partner, as one reporter states it, in current US dollars.

    from korea_central_asia.series import trade
    trade.annual(countries=["KAZ"], years=(2000, 2020))          # Korea-reported rows, every source
    trade.totals(countries=["KAZ", "UZB"], reporter="partner")   # exports, imports and total per year, IMF DOTS
    trade.growth("KAZ", 2001, 2019)                              # total 2019 ÷ total 2001, Korea-reported

Rules kept here and nowhere else:

- only full-year rows (`period == "year"`) enter an annual series; part-year figures never do;
- a computed total needs both flows from the same reporter and the same source in the same year; a total that a
  source states itself is kept as that source's reading and never mixed with computed ones;
- one reporter at a time (`reporter="KOR"` or `"partner"`) unless the caller asks for `"both"`;
- a missing year stays missing: `totals` reindexes to every year asked for and leaves gaps as NaN.

Values are in current US dollars (not adjusted for inflation). Flows are named from Korea's side: "exports" are
goods going from Korea to the partner, whichever side counted them.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from ..data import load
from . import check_countries, check_years, register

FLOWS = ("exports", "imports")
REPORTERS = ("KOR", "partner")
DOTS_PREFIX = "imf-dots-"
SIDE_NAMES = {"KOR": "Korea-reported", "partner": "partner-reported", None: "side not stated"}


def _full_years(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["period"] == "year"]


def dots_source(country: str, reporter: str) -> tuple[str, str]:
    """(reporter code, source id) of the IMF DOTS file that states `country`'s trade as `reporter` sees it.

        dots_source("KAZ", "partner")  # -> ('KAZ', 'imf-dots-kaz')
    """
    side = "KOR" if reporter == "KOR" else country
    return side, f"{DOTS_PREFIX}{side.lower()}"


def side_of(frame: pd.DataFrame) -> pd.Series:
    """'Korea-reported', 'partner-reported' or 'side not stated' for each row."""
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
    Conflicting rows from different sources are all returned. `data` replaces the trade table (for tests).
    """
    countries = check_countries(countries) if countries is not None else None
    first, last = check_years(years, (1900, 2100))
    rows = _full_years(load("trade") if data is None else data)
    rows = rows[rows["year"].between(first, last) & rows["flow"].isin(list(flows))]
    if countries is not None:
        rows = rows[rows["country_iso3"].isin(countries)]
    is_dots = rows["source_id"].str.startswith(DOTS_PREFIX)
    if source == "imf":
        rows = rows[is_dots]
    elif source == "other":
        rows = rows[~is_dots]
    elif source != "all":
        raise ValueError(f"source must be 'imf', 'other' or 'all', not {source!r}")
    reporter_code = rows["reporter_iso3"].astype("object")
    korean = reporter_code == "KOR"
    partner = reporter_code == rows["country_iso3"].astype("object")
    if reporter == "KOR":
        rows = rows[korean.fillna(False)]
    elif reporter == "partner":
        rows = rows[partner.fillna(False)]
    elif reporter == "both":
        rows = rows[(korean | partner).fillna(False)]
    elif reporter != "any":
        raise ValueError(f"reporter must be 'KOR', 'partner', 'both' or 'any', not {reporter!r}")
    # A partner's DOTS file states only its own trade: never read another country's row as the partner's.
    dots_own = ~rows["source_id"].str.startswith(DOTS_PREFIX) | (
        rows["source_id"] == DOTS_PREFIX + rows["reporter_iso3"].astype("object").fillna("").str.lower())
    rows = rows[dots_own]
    return rows.assign(side=side_of(rows)).reset_index(drop=True)


def wide(country: str, reporter: str = "KOR", years=None, data=None) -> pd.DataFrame:
    """One partner's IMF DOTS flows as `reporter` states them, one row per year from first to last (gaps NaN).

        wide("UZB", "partner", years=(1992, 2020))

    Columns exports, imports, total (USD; total only where both flows exist) and est_exports, est_imports,
    est_total (True where the IMF marks the figure as its estimate).
    """
    first, last = check_years(years)
    reporter = "KOR" if reporter == "KOR" else "partner"
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
    from . import FIVE

    frame = totals(list(FIVE) if countries is None else countries, years, reporter, data=data)
    table = frame.pivot(index="year", columns="country_iso3", values="total")
    complete = table.notna().all(axis=1)
    share = table.div(table.sum(axis=1, skipna=False), axis=0).where(complete, axis=0)
    out = frame[["country_iso3", "year", "reporter_iso3", "total", "source_id"]].copy()
    out["complete_year"] = out["year"].map(complete)
    out["share"] = [share.at[y, c] for c, y in zip(out["country_iso3"], out["year"])]
    return out
