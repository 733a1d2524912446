"""Each rule of `korea_central_asia.series.trade`, on small hand-made tables passed as `data=`, and its CSV command.

The rules (see the module docstring): only full-year rows enter an annual series; a computed total needs both flows
from one reporter and source, a stated total stays that source's reading; one reporter at a time unless asked for
both; a partner's DOTS figures come only from its own DOTS file; a Soviet republic's rows follow its successor's
code; conflicting rows stay visible; a missing year is NaN, never 0.
"""
from __future__ import annotations

import io
import math
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from korea_central_asia.data import load
from korea_central_asia.paths import PROJECT_DIR
from korea_central_asia.series import trade

REAL = load("trade")


def row(year, country, flow, reporter, value, source, period="year", estimate=False, note=None):
    return {"year": year, "country_iso3": country, "flow": flow, "reporter_iso3": reporter, "value_usd": value,
            "qualifier": "exact", "estimate": estimate, "period": period,
            "period_note": "Jan–Jun" if period != "year" else None, "source_id": source, "notes": note}


def table(*rows) -> pd.DataFrame:
    """A trade table with the real table's columns and types."""
    return pd.DataFrame(list(rows), columns=list(REAL.columns)).astype(REAL.dtypes.to_dict())


def kaz(year, exports, imports, reporter="KOR"):
    """Both DOTS flows of one year for Kazakhstan as `reporter` states them (None leaves a flow out)."""
    source = f"imf-dots-{reporter.lower()}"
    return [row(year, "KAZ", flow, reporter, value, source)
            for flow, value in (("exports", exports), ("imports", imports)) if value is not None]


# --- only full-year rows ---------------------------------------------------------------------------------------

PART_YEAR = table(*kaz(2019, 100, 50),
                  row(2019, "KAZ", "exports", "KOR", 30, "imf-dots-kor", period="part_year"),
                  row(2019, "KAZ", "total", "KOR", 999, "t-news-a", period="part_year"))


def test_a_part_year_row_never_enters_annual():
    rows = trade.annual(["KAZ"], (2019, 2019), reporter="any", data=PART_YEAR)
    assert list(rows["period"]) == ["year", "year"]
    assert sorted(rows["value_usd"]) == [50, 100]


def test_a_part_year_row_never_enters_wide_or_totals_the_full_year_value_does():
    wide = trade.wide("KAZ", "KOR", (2019, 2019), data=PART_YEAR)
    assert wide.loc[2019, "exports"] == 100 and wide.loc[2019, "total"] == 150
    totals = trade.totals(["KAZ"], (2019, 2019), data=PART_YEAR)
    assert list(totals["exports"]) == [100] and list(totals["total"]) == [150]
    stated = trade.stated_and_computed_totals(PART_YEAR)
    assert list(stated["total"]) == [150] and list(stated["kind"]) == ["computed"]


def test_part_year_lists_what_annual_series_leave_out():
    rows = trade.part_year(["KAZ"], data=PART_YEAR)
    assert sorted(rows["value_usd"]) == [30, 999] and set(rows["period"]) == {"part_year"}


# --- a computed total needs both flows of one reporter and one source; a stated total stays its source's -----

def test_a_missing_flow_makes_the_computed_total_nan_not_the_other_flow():
    data = table(*kaz(2018, 100, 50), *kaz(2019, 120, None))
    wide = trade.wide("KAZ", "KOR", (2018, 2019), data=data)
    assert wide.loc[2019, "exports"] == 120 and math.isnan(wide.loc[2019, "imports"])
    assert wide.loc[2018, "total"] == 150 and math.isnan(wide.loc[2019, "total"])
    totals = trade.totals(["KAZ"], (2018, 2019), data=data).set_index("year")
    assert totals.loc[2018, "total"] == 150 and math.isnan(totals.loc[2019, "total"])
    assert math.isnan(trade.balance(["KAZ"], (2019, 2019), data=data)["balance"].item())
    computed = trade.stated_and_computed_totals(trade.annual(["KAZ"], data=data))
    assert list(computed["year"]) == [2018] and list(computed["total"]) == [150]
    with pytest.raises(ValueError, match="2019"):
        trade.growth("KAZ", 2018, 2019, data=data)


def test_a_stated_total_is_kept_as_its_sources_reading_and_never_summed_with_computed_ones():
    data = table(*kaz(2019, 100, 50),
                 row(2019, "KAZ", "total", "KOR", 500, "t-news-a"),
                 row(2019, "KAZ", "exports", "KOR", 110, "t-news-a"),
                 row(2019, "KAZ", "imports", "KOR", 40, "t-news-b"))
    readings = trade.stated_and_computed_totals(trade.annual(["KAZ"], reporter="any", data=data))
    readings = readings.set_index(["source_id", "kind"])["total"].to_dict()
    # news-a states 500; DOTS computes 100 + 50; news-a's exports and news-b's imports are never added together
    assert readings == {("t-news-a", "stated"): 500, ("imf-dots-kor", "computed"): 150}
    assert trade.wide("KAZ", "KOR", (2019, 2019), data=data).loc[2019, "total"] == 150
    annual = trade.annual(["KAZ"], flows=("total",), data=data)
    assert list(annual["value_usd"]) == [500] and list(annual["source_id"]) == ["t-news-a"]


def test_a_total_needs_both_flows_of_one_reporter():
    data = table(*kaz(2019, 100, None, "KOR"), *kaz(2019, None, 70, "KAZ"))
    assert trade.stated_and_computed_totals(trade.annual(["KAZ"], reporter="both", data=data)).empty
    both = trade.totals(["KAZ"], (2019, 2019), reporter="both", data=data)
    assert both["total"].isna().all()


# --- one reporter at a time -------------------------------------------------------------------------------------

REPORTED = table(*kaz(2019, 100, 50, "KOR"), *kaz(2019, 130, 60, "KAZ"),
                 row(2019, "KAZ", "total", None, 170, "t-news-a"))


def test_reporter_kor_never_returns_partner_rows():
    rows = trade.annual(["KAZ"], reporter="KOR", data=REPORTED)
    assert list(rows["reporter_iso3"]) == ["KOR", "KOR"] and set(rows["side"]) == {"Korea-reported"}
    assert list(trade.totals(["KAZ"], (2019, 2019), data=REPORTED)["total"]) == [150]


def test_reporter_partner_never_returns_korean_rows():
    rows = trade.annual(["KAZ"], reporter="partner", data=REPORTED)
    assert list(rows["reporter_iso3"]) == ["KAZ", "KAZ"] and set(rows["side"]) == {"partner-reported"}
    assert list(trade.totals(["KAZ"], (2019, 2019), reporter="partner", data=REPORTED)["total"]) == [190]


def test_reporter_both_returns_both_with_their_side_and_any_adds_the_unstated():
    rows = trade.annual(["KAZ"], reporter="both", data=REPORTED)
    assert sorted(rows["side"]) == ["Korea-reported"] * 2 + ["partner-reported"] * 2
    totals = trade.totals(["KAZ"], (2019, 2019), reporter="both", data=REPORTED)
    assert dict(zip(totals["reporter_iso3"], totals["total"])) == {"KOR": 150, "KAZ": 190}
    assert dict(zip(totals["reporter_iso3"], totals["source_id"])) == {"KOR": "imf-dots-kor", "KAZ": "imf-dots-kaz"}
    anyone = trade.annual(["KAZ"], reporter="any", data=REPORTED)
    assert len(anyone) == 5 and list(anyone.loc[anyone["reporter_iso3"].isna(), "side"]) == ["side not stated"]
    with pytest.raises(ValueError, match="reporter must be"):
        trade.annual(["KAZ"], reporter="Korea", data=REPORTED)


def test_a_partners_dots_row_from_another_countrys_file_is_never_read_as_the_partners():
    data = table(row(2019, "UZB", "exports", "UZB", 77, "imf-dots-kaz"),  # in Kazakhstan's file, not Uzbekistan's
                 row(2019, "UZB", "imports", "UZB", 5, "imf-dots-uzb"))
    rows = trade.annual(["UZB"], reporter="partner", source="imf", data=data)
    assert list(rows["source_id"]) == ["imf-dots-uzb"] and list(rows["value_usd"]) == [5]
    wide = trade.wide("UZB", "partner", (2019, 2019), data=data)
    assert math.isnan(wide.loc[2019, "exports"]) and math.isnan(wide.loc[2019, "total"])


# --- a Soviet republic's rows follow the successor; conflicting rows stay visible ---------------------------------

def test_a_soviet_republics_rows_follow_its_successors_code():
    data = table(row(1991, "SU-KAZ", "total", "SU-KAZ", 10, "t-news-a"), row(1993, "KAZ", "total", "KAZ", 20,
                                                                              "t-news-a"))
    rows = trade.annual(["KAZ"], reporter="partner", data=data)
    assert list(rows["country_iso3"]) == ["KAZ", "KAZ"] and list(rows["reporter_iso3"]) == ["KAZ", "KAZ"]
    assert list(rows["territory_iso3"]) == ["SU-KAZ", "KAZ"] and list(rows["value_usd"]) == [10, 20]


def test_conflicting_rows_stay_visible_each_with_its_source():
    data = table(*kaz(2019, 100, 50), row(2019, "KAZ", "total", "KOR", 420, "t-news-a"),
                 row(2019, "KAZ", "total", "KOR", 250, "t-news-b"))
    rows = trade.other_sources(["KAZ"], (2019, 2019), data=data)
    assert list(zip(rows["source_id"], rows["value_usd"])) == [("t-news-a", 420), ("t-news-b", 250)]
    assert list(rows["dots_korea"]) == [150, 150] and rows["dots_partner"].isna().all()


# --- a gap stays a gap --------------------------------------------------------------------------------------------

GAP = table(*kaz(2018, 100, 50), *kaz(2020, 300, 100),
            *[dict(r, country_iso3="UZB") for r in kaz(2018, 10, 5) + kaz(2019, 20, 5) + kaz(2020, 30, 5)])


def test_a_missing_year_is_nan_never_zero():
    totals = trade.totals(["KAZ"], (2018, 2020), data=GAP).set_index("year")
    assert list(totals.index) == [2018, 2019, 2020]
    assert totals.loc[2019, ["exports", "imports", "total"]].isna().all()
    assert not totals.loc[2019, ["est_exports", "est_imports", "est_total"]].any()
    assert trade.growth("KAZ", 2018, 2020, data=GAP) == pytest.approx(400 / 150)
    with pytest.raises(ValueError, match="no full-year total for KAZ .* 2019"):
        trade.growth("KAZ", 2019, 2020, data=GAP)
    assert math.isnan(trade.balance(["KAZ"], (2019, 2019), data=GAP)["balance"].item())


def test_a_missing_year_leaves_group_sums_shares_and_growth_empty():
    group = trade.group_total(["KAZ", "UZB"], (2018, 2020), data=GAP).set_index("year")
    assert group.loc[2018, "total"] == 165 and math.isnan(group.loc[2019, "total"])
    assert list(group["complete"]) == [True, False, True]
    shares = trade.shares(["KAZ", "UZB"], (2018, 2020), data=GAP)
    assert shares.loc[shares["year"] == 2019, "share"].isna().all()
    assert not shares.loc[shares["year"] == 2019, "complete_year"].any()
    assert shares.groupby("year")["share"].sum(min_count=1).dropna().round(12).eq(1).all()
    growth = trade.growth_multiples(["KAZ", "UZB"], (2019, 2020), "KOR", data=GAP).set_index("country_iso3")
    assert math.isnan(growth.loc["KAZ", "multiple"]) and growth.loc["UZB", "multiple"] == 35 / 25
    mirror = trade.mirror(["KAZ"], (2019, 2019), data=GAP)
    assert mirror[["korea_total", "partner_total", "gap", "ratio"]].isna().all().all()


# --- the other series --------------------------------------------------------------------------------------------

def test_shares_keep_the_order_asked_for_and_add_up_to_one():
    data = table(*kaz(2019, 100, 50), *[dict(r, country_iso3="UZB") for r in kaz(2019, 40, 10)])
    shares = trade.shares(["UZB", "KAZ"], (2019, 2019), data=data)
    assert list(shares["country_iso3"]) == ["UZB", "KAZ"] and list(shares["share"]) == [0.25, 0.75]


def test_mirror_sets_the_partners_total_against_koreas():
    mirror = trade.mirror(["KAZ"], (2019, 2019), data=REPORTED)
    assert mirror[["korea_total", "partner_total", "gap"]].iloc[0].tolist() == [150, 190, 40]
    assert mirror["source_id"].item() == "imf-dots-kor;imf-dots-kaz"
    summary = trade.mirror_summary(["KAZ"], (2019, 2019), data=REPORTED)
    assert summary[["years_with_both", "partner_higher_years"]].iloc[0].tolist() == [1, 1]


def test_dots_last_year_and_group_total_sources():
    assert trade.dots_last_year(["KAZ"], (2010, 2030), data=GAP) == 2020
    assert trade.dots_last_year(["KAZ"], (2021, 2030), data=GAP) is None
    group = trade.group_total(["KAZ", "UZB"], (2018, 2018), "partner", data=GAP)
    assert group["source_id"].item() == "imf-dots-kaz;imf-dots-uzb" and math.isnan(group["total"].item())


def test_other_sources_are_never_dots_rows_and_ca5_is_set_against_the_sum_of_five():
    rows = trade.other_sources(["KAZ", "CA5"], (1992, 2024))
    assert not rows["source_id"].str.startswith("imf-dots-").any() and set(rows["period"]) == {"year"}
    ca5 = rows[(rows["country_iso3"] == "CA5") & (rows["year"] == 2011)]
    five = trade.totals(list(trade.FIVE), (2011, 2011))["total"].sum()
    assert ca5["dots_korea"].item() == five


def test_growth_multiples_need_two_years():
    with pytest.raises(ValueError, match=r"years=\(start, end\)"):
        trade.growth_multiples(["KAZ"])


# --- the command line ------------------------------------------------------------------------------------------

def series_command(*args):
    return subprocess.run([sys.executable, "-m", "korea_central_asia", "series", *args], cwd=PROJECT_DIR,
                          capture_output=True, text=True, timeout=120)


def test_trade_totals_as_csv_from_the_command_line():
    done = series_command("trade-totals", "--countries", "KAZ", "--years", "2018", "2020")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("country_iso3,year,reporter_iso3,exports,est_exports,imports,est_imports,total,est_total,"
                        "source_id")
    assert len(lines) == 4
    frame = pd.read_csv(io.StringIO(done.stdout))
    assert list(frame["year"]) == [2018, 2019, 2020] and set(frame["source_id"]) == {"imf-dots-kor"}
    assert frame.loc[frame["year"] == 2019, "total"].item() == 4218203000.0
    assert ",4218203000.0," in lines[2]


def test_an_unknown_country_code_exits_2_naming_the_valid_codes():
    done = series_command("trade-totals", "--countries", "KAZ", "XYZ")
    assert done.returncode == 2 and done.stdout == ""
    assert "unknown country code(s) XYZ; valid codes are: KOR, KAZ, UZB, KGZ, TJK, TKM, AFG" in done.stderr


def test_every_trade_series_is_registered():
    from korea_central_asia.series import SERIES

    for name in ("trade-annual", "trade-totals", "trade-balance", "trade-shares", "trade-group", "trade-mirror",
                 "trade-growth", "trade-other"):
        assert SERIES[name].startswith("korea_central_asia.series.trade:")
    assert np.isfinite(trade.growth("KAZ", 2001, 2019))


def test_a_plain_table_without_pandas_extension_types_works_too():
    data = table(*kaz(2019, 100, 50)).astype({"year": "int64", "value_usd": "int64", "estimate": "bool",
                                                "country_iso3": "object", "reporter_iso3": "object"})
    assert list(trade.totals(["KAZ"], (2019, 2019), data=data)["total"]) == [150]
