"""The numbers lesson 02 (trade) states, pinned against the series and chart functions it calls.

Each test quotes the lesson's sentence beside the numbers it holds (`@states`); the comment `# was:` names the
notebook assert it replaces, with the literal the notebook used.
"""
from __future__ import annotations

import math

import nbformat
import numpy as np
import pytest

from korea_central_asia.charts import trade as trade_charts
from korea_central_asia.data import load
from korea_central_asia.paths import NOTEBOOKS_DIR
from korea_central_asia.series import country_label, trade
from tests.pins import states

LESSON = "02-trade"
COUNTRIES = ["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG"]
FIVE = COUNTRIES[:5]
YEARS = (1992, 2024)
MILLION = 1e6


def million(value, digits=1):
    return round(value / MILLION, digits)


@pytest.fixture(autouse=True)
def close_figures():
    """Charts hold open matplotlib figures; close them after each test."""
    yield
    import matplotlib.pyplot as plt

    plt.close("all")


@pytest.fixture(scope="module")
def korea():
    """Korea-reported IMF DOTS flows and totals, one frame per partner, 1992–2024."""
    return {c: trade.wide(c, "KOR", YEARS) for c in COUNTRIES}


@pytest.fixture(scope="module")
def balance():
    return trade.balance(COUNTRIES, YEARS).pivot(index="year", columns="country_iso3", values="balance")[COUNTRIES]


@pytest.fixture(scope="module")
def shares():
    frame = trade.shares(FIVE, (1992, 2020))
    return frame.pivot(index="year", columns="country_iso3", values="share")[FIVE]


# --- the view and the data ---------------------------------------------------------------------------------------

@states(LESSON, "For the five republics and Afghanistan, 1992–2024, as Korea reports it (IMF DOTS):",
        "For the five republics and Afghanistan, 1992–2024, IMF DOTS totals as each side reports them:")
def test_the_default_view_is_the_five_republics_and_afghanistan_1992_2024():
    cell = nbformat.read(NOTEBOOKS_DIR / f"{LESSON}.ipynb", as_version=4).cells[1]
    parameters = {}
    exec(cell.source, parameters)  # plain assignments only (the template test checks that)
    assert parameters["COUNTRIES"] == COUNTRIES and parameters["YEARS"] == YEARS  # was: FIRST == 1992
    assert country_label(COUNTRIES) == "the five republics and Afghanistan"


@states(LESSON, "The IMF series end in 2020, so every IMF total after 2020 is empty: a gap, not a zero.",
        "The IMF lines stop in 2020; everything after that is a scatter of single figures from other sources.",
        "For the five republics, 1992–2024 (the IMF series end in 2020), Korea-reported:",
        "For the five republics and Afghanistan, 1992–2024 (the IMF series end in 2020), Korea-reported:")
def test_the_imf_series_end_in_2020_and_other_sources_run_to_2024():
    # was: assert FIRST == 1992 and LAST_IMF == 2020 and LAST == 2024
    assert trade.dots_last_year(COUNTRIES, YEARS) == 2020
    assert int(trade.annual(COUNTRIES + ["CA5"], reporter="any")["year"].max()) == 2024
    other = trade.other_sources(COUNTRIES + ["CA5"], YEARS)
    assert int(other["year"].max()) == 2024 and (other["year"] > 2020).sum() > 0
    # was: assert korea_total.loc[LAST_IMF + 1:].isna().all().all()
    totals = trade.totals(COUNTRIES, YEARS, "both")
    assert totals.loc[totals["year"] > 2020, ["exports", "imports", "total"]].isna().all().all()
    assert len(totals[totals["year"] > 2020]) == 2 * 6 * 4  # the gap years are there, as NaN


@states(LESSON, "Of the table's 727 rows, 700 are full-year rows: 639 from IMF DOTS and 61 from other sources.",
        "The other 27 are part-year rows (e.g. January–June)")
def test_the_trade_table_has_700_full_year_and_27_part_year_rows():
    assert len(load("trade")) == 727
    assert len(trade.annual(reporter="any")) == 700
    assert len(trade.annual(reporter="any", source="imf")) == 639
    assert len(trade.annual(reporter="any", source="other")) == 61
    assert len(trade.part_year()) == 27


@states(LESSON, "Korea's own figure for Kazakhstan in 2019 comes to 4,218.2 million USD.")
def test_kazakhstan_2019_korea_reported(korea):
    assert million(korea["KAZ"].loc[2019, "total"]) == 4218.2  # was: round(kaz_2019 / MILLION, 1) == 4218.2


# --- exports against imports -------------------------------------------------------------------------------------

@states(LESSON, "Korea sells far more than it buys in most of the region. In years with both flows, imports "
                "exceeded exports in 8 of 29 years for Kazakhstan, 0 of 28 for Uzbekistan, 0 of 23 for Kyrgyzstan, "
                "10 of 26 for Tajikistan and 0 of 23 for Turkmenistan.")
def test_years_in_which_imports_exceeded_exports(balance):
    deficits = (balance < 0).sum()[FIVE].tolist()
    both = balance.notna().sum()[FIVE].tolist()
    assert list(zip(deficits, both)) == [(8, 29), (0, 28), (0, 23), (10, 26), (0, 23)]


@states(LESSON, "From 2010 to 2020, Korea's imports from Uzbekistan peaked at 2.6% of the two-way total, in 2013: "
                "that trade is almost entirely Korean exports.")
def test_uzbekistan_imports_are_a_small_part_of_the_trade(korea):
    share = (korea["UZB"]["imports"] / korea["UZB"]["total"]).loc[2010:2020]
    assert share.max() < 0.05  # was: uzb_import_share < 0.05
    assert round(share.max() * 100, 1) == 2.6 and int(share.idxmax()) == 2013


@states(LESSON, "Kazakhstan is the exception. Korea-reported trade with it peaked in 2019 at 4,218.2 million USD, "
                "with imports of 1,560.7 million USD.")
def test_kazakhstan_peaked_in_2019(korea):
    kaz = korea["KAZ"]
    assert int(kaz["total"].idxmax()) == 2019  # was: kaz_peak == 2019
    assert million(kaz.loc[2019, "total"]) == 4218.2 and million(kaz.loc[2019, "imports"]) == 1560.7


# --- who reports ---------------------------------------------------------------------------------------------------

@states(LESSON, "In 2019 Kazakhstan's customs counted 6,502.0 million USD of trade with Korea, 1.54 times Korea's "
                "own 4,218.2 million.")
def test_kazakhstan_2019_as_each_side_reports_it():
    mirror = trade.mirror(["KAZ"], YEARS).set_index("year")
    assert million(mirror.loc[2019, "partner_total"]) == 6502.0  # was: round(kaz_partner_2019 / MILLION, 1)
    assert million(mirror.loc[2019, "korea_total"]) == 4218.2 and round(mirror.loc[2019, "ratio"], 2) == 1.54


@states(LESSON, "For Kazakhstan the partner's total is the higher one in 17 of 28 years with both figures.",
        "Kyrgyzstan's own total is never the higher one; Uzbekistan's is the higher one in 21 of 23 years.")
def test_which_side_reports_more():
    summary = trade.mirror_summary(COUNTRIES, YEARS).set_index("country_iso3")
    higher = summary[["partner_higher_years", "years_with_both"]].astype(int)
    assert higher.loc["KAZ"].tolist() == [17, 28] and higher.loc["UZB"].tolist() == [21, 23]
    assert higher.loc["KGZ", "partner_higher_years"] == 0
    assert [c for c in COUNTRIES if higher.loc[c, "partner_higher_years"] == 0] == ["KGZ"]


def test_the_reporter_chart_has_a_menu_entry_for_every_country():
    # was: assert set(trace_country) == set(COUNTRIES)
    chart = trade_charts.reporter_gap(COUNTRIES, YEARS)
    names = [button.label for button in chart.interactive.layout.updatemenus[0].buttons]
    assert names == ["Kazakhstan", "Uzbekistan", "Kyrgyzstan", "Tajikistan", "Turkmenistan", "Afghanistan"]
    for button in chart.interactive.layout.updatemenus[0].buttons:
        assert any(button.args[0]["visible"])
    assert len(chart.figure.axes) == 6


@states(LESSON, "For the five republics as a group (CA5), 1992–2024: the sources state totals for 1992, 1994, 2011 "
                "and 2022.",
        "Only 2011 is a year in which all five have a Korea-reported IMF total, and there the stated 3,020.0 million "
        "USD stands against an IMF sum of 3,389.8 million.",
        "For comparison, the Korea-reported IMF total with all five in 2019 is 6,727.8 million USD.")
def test_the_stated_totals_for_the_five_against_the_imf_sum():
    ca5 = trade.other_sources(["CA5"], YEARS)
    assert ca5["year"].tolist() == [1992, 1994, 2011, 2022]
    assert ca5.loc[ca5["dots_korea"].notna(), "year"].tolist() == [2011]
    row = ca5[ca5["year"] == 2011].iloc[0]
    assert million(row["value_usd"]) == 3020.0 and million(row["dots_korea"]) == 3389.8
    group = trade.group_total(FIVE, YEARS).set_index("year")
    # was: round(sum_2019 / MILLION, 1) == round(korea_total.loc[2019, CA].sum() / MILLION, 1)
    five_2019 = trade.totals(FIVE, (2019, 2019))["total"].sum()
    assert million(group.loc[2019, "total"]) == million(five_2019) == 6727.8


# --- shares --------------------------------------------------------------------------------------------------------

@states(LESSON, "The complete years are 1996, 2000, 2001 and every year after it to 2020: 22 of 29 years. Every "
                "year from 2000 on is complete.")
def test_complete_years(shares):
    complete = shares.notna().all(axis=1)
    assert complete.loc[2000:2020].all()  # was: complete.loc[2000:LAST_IMF].all()
    assert [int(y) for y in complete.index[complete]][:3] == [1996, 2000, 2001]
    assert int(complete.sum()) == 22 and len(complete) == 29
    chart = trade_charts.shares_stacked(COUNTRIES, YEARS)
    hatched = chart.interactive.data[-1]
    assert hatched.name == "year left empty (a flow missing)"
    assert len(hatched.x) == 29 - 22  # was: len(empty_years) == (LAST_IMF - FIRST + 1) - complete.sum()


@states(LESSON, "Uzbekistan was Korea's largest partner in the region in every complete year until Kazakhstan "
                "first led in 2003.",
        "Over all 22 complete years Uzbekistan led in 16 and Kazakhstan in 6; no other republic ever led.")
def test_who_led(shares):
    top = shares.dropna().idxmax(axis=1)
    first_kaz = int(top[top == "KAZ"].index.min())
    assert first_kaz == 2003
    assert (top.loc[:first_kaz - 1] == "UZB").all() and set(top) == {"KAZ", "UZB"}  # was: the same assert
    assert len(top) == 22 and top.value_counts().to_dict() == {"UZB": 16, "KAZ": 6}


@states(LESSON, "In 2019 Kazakhstan had 62.7% and Uzbekistan 35.1%; together the two never fall below 77.7% in a "
                "complete year, leaving Kyrgyzstan, Tajikistan and Turkmenistan small.")
def test_shares_in_2019(shares):
    assert round(shares.loc[2019, "KAZ"] * 100, 1) == 62.7 and round(shares.loc[2019, "UZB"] * 100, 1) == 35.1
    assert round((shares["KAZ"] + shares["UZB"]).dropna().min() * 100, 1) == 77.7
    assert round(shares.loc[2019].sum(), 6) == 1  # was: round(kaz + uzb + shares 2019 of the other three, 6) == 1


# --- balance ---------------------------------------------------------------------------------------------------------

@states(LESSON, "Korea ran a surplus in 21 of 29 years with both flows with Kazakhstan, 28 of 28 with Uzbekistan, 23 "
                "of 23 with Kyrgyzstan, 15 of 26 with Tajikistan, 21 of 23 with Turkmenistan and 21 of 21 with "
                "Afghanistan.")
def test_surplus_years(balance):
    surplus, counted = (balance > 0).sum(), balance.notna().sum()
    assert surplus["UZB"] == counted["UZB"]  # was: the same assert
    assert list(zip(surplus, counted)) == [(21, 29), (28, 28), (23, 23), (15, 26), (21, 23), (21, 21)]


@states(LESSON, "Korea ran a deficit with Kazakhstan in 1992, 1993, 1994, 1995, 1996, 2008, 2017 and 2018: years when "
                "its imports outweighed its exports.")
def test_deficit_years_with_kazakhstan(balance):
    deficits = [int(y) for y in balance.index[balance["KAZ"] < 0]]
    assert deficits  # was: assert kaz_deficits
    assert deficits == [1992, 1993, 1994, 1995, 1996, 2008, 2017, 2018]


@states(LESSON, "The largest surplus with Uzbekistan, 2,319.4 million USD, came in 2019.")
def test_largest_surplus_with_uzbekistan(balance):
    assert int(balance["UZB"].idxmax()) == 2019 and million(balance["UZB"].max()) == 2319.4


# --- growth ---------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def multiples():
    frame = trade.growth_multiples(FIVE, (2001, 2019))
    return frame.pivot(index="country_iso3", columns="side", values="multiple").round(1)


@states(LESSON, "Kwak (2021), in an essay for the Korea Foundation, says that Korea–Kazakhstan trade grew more than "
                "21 times from 2001 to 2019 and Korea–Uzbekistan trade almost six times.",
        "Neither reaches \"almost six times\"; the higher is Korea's own figure.")
def test_the_seeds_claims():
    claimed = trade.growth_claims(COUNTRIES, 2001, 2019)
    # was: list(claimed["value"]) == [21, 6] and list(claimed["qualifier"].astype(str)) == ["more_than", "nearly"]
    assert list(claimed["value"]) == [21, 6] and list(claimed["qualifier"].astype(str)) == ["more_than", "nearly"]
    assert list(claimed["country_iso3"]) == ["KAZ", "UZB"] and set(claimed["source_id"]) == {"kwak-2021"}


@states(LESSON, "For the five republics, 2001→2019, IMF DOTS:",
        "Kazakhstan: 25.7× on Korea's figures and 42.2× on Kazakhstan's. Both exceed 21×, so the claim of \"more than "
        "21 times\" holds on either reporter.",
        "Uzbekistan: 4.9× on Korea's figures and 3.6× on Uzbekistan's.")
def test_growth_of_kazakhstan_and_uzbekistan(multiples):
    # was: round(growth("KAZ", 2001, 2019), 1) == 25.7 and round(growth("KAZ", 2001, 2019, "partner"), 1) == 42.2
    assert round(trade.growth("KAZ", 2001, 2019), 1) == 25.7
    assert round(trade.growth("KAZ", 2001, 2019, "partner"), 1) == 42.2
    # was: round(growth("UZB", 2001, 2019), 1) == 4.9 and round(growth("UZB", 2001, 2019, "partner"), 1) == 3.6
    assert round(trade.growth("UZB", 2001, 2019), 1) == 4.9
    assert round(trade.growth("UZB", 2001, 2019, "partner"), 1) == 3.6
    assert multiples.loc["KAZ"].tolist() == [25.7, 42.2] and multiples.loc["UZB"].tolist() == [4.9, 3.6]
    assert multiples.loc["KAZ"].min() > 21 and multiples.loc["UZB"].max() < 5.5


@states(LESSON, "The other three, Korea's figure first: Kyrgyzstan 5.3× and 3.9×, Tajikistan 3.2× and 3.0×, "
                "Turkmenistan 0.8× and 7.3×.")
def test_growth_of_the_other_three(multiples):
    assert multiples.loc[["KGZ", "TJK", "TKM"]].values.tolist() == [[5.3, 3.9], [3.2, 3.0], [0.8, 7.3]]


@states(LESSON, "A multiple depends heavily on its start year: from 2002 instead of 2001, Korea's figures give 8.3× "
                "for Uzbekistan, because the 2002 total (285.3 million USD) was lower than in the years either side "
                "of it.")
def test_the_start_year_matters(korea):
    uzb = korea["UZB"]["total"]
    # was: round(u_2002, 1) == 8.3 and uzb_kor[2002] < min(uzb_kor[2001], uzb_kor[2003])
    assert round(trade.growth("UZB", 2002, 2019), 1) == 8.3 and uzb[2002] < min(uzb[2001], uzb[2003])
    assert million(uzb[2002]) == 285.3


def test_the_growth_chart_draws_the_series():
    # was: np.allclose(np.array(fig.data[0].x) + 1, multiples["KOR"]) and the same for data[1] and "partner"
    chart = trade_charts.growth_multiples(COUNTRIES, 2001, 2019, YEARS)
    series = trade.growth_multiples(FIVE, (2001, 2019))
    for trace, side in zip(chart.interactive.data[:2], ("Korea-reported", "partner-reported")):
        expected = series[series["side"] == side].set_index("country_iso3").loc[FIVE, "multiple"]
        assert np.allclose(np.array(trace.x) + 1, expected)
    assert [t.get_text() for t in chart.figure.axes[0].get_yticklabels()][:2] == ["Kazakhstan", "Uzbekistan"]
    slider = chart.interactive.layout.sliders[0]
    assert [s.label for s in slider.steps][0] == "1992" and slider.steps[slider.active].label == "2001"


# --- charts for other selections ---------------------------------------------------------------------------------

@pytest.mark.parametrize("countries, panels", [(["KGZ", "TJK"], 2), (FIVE, 5), (["UZB"], 1)])
def test_grid_charts_lay_out_one_panel_per_country(countries, panels):
    for make in (trade_charts.reporter_gap, trade_charts.balance):
        chart = make(countries, (2000, 2015))
        visible = [ax for ax in chart.figure.axes if ax.get_visible()]
        # Panels lettered (a), (b) … by the print convention; a lone panel carries its country without a letter.
        expected = [country_label([c]) if panels == 1 else f"({chr(97 + i)}) {country_label([c])}"
                    for i, c in enumerate(countries)]
        assert [ax.get_title(loc="left") for ax in visible] == expected
        assert len(visible) == panels


def test_charts_keep_to_the_countries_and_years_chosen():
    chart = trade_charts.balance(["KGZ", "TJK"], (2000, 2015))
    assert [t.name for t in chart.interactive.data] == ["Kyrgyzstan", "Tajikistan"]
    assert all(2000 <= x <= 2015 for t in chart.interactive.data for x in t.x)
    lines = trade_charts.lines_by_country(["KGZ", "TJK"], (2000, 2015))
    assert not any("Five republics" in t.name for t in lines.interactive.data)
    assert all(2000 <= x <= 2015 for t in lines.interactive.data for x in t.x)
    shares = trade_charts.shares_stacked(["KGZ", "TJK", "AFG"], (2000, 2015))
    assert [t.name for t in shares.interactive.data][:2] == ["Kyrgyzstan", "Tajikistan"]
    assert "the republics shown" in shares.caption


def test_an_empty_selection_says_no_data():
    for make in (trade_charts.lines_by_country, trade_charts.reporter_gap, trade_charts.shares_stacked,
                 trade_charts.balance):
        chart = make(["KGZ"], (2030, 2035))
        assert chart.figure is None and chart.no_data.startswith("no data for Kyrgyzstan in 2030–2035")
    assert trade_charts.shares_stacked(["AFG"], YEARS).no_data.startswith("no data for Afghanistan")
    assert trade_charts.growth_multiples(["AFG"], 2001, 2019).no_data == \
        "no data for Afghanistan in 2001–2019 (growth multiples 2001→2019)"
    assert math.isnan(trade.growth_multiples(["KGZ"], (2030, 2031))["multiple"].iloc[0])
