"""The rules of series/stages.py, each on a small hand-made table: half-open stages, redrawn boundaries, counts over
the usable years only, trade per stage from full years of one reporter with gaps kept, Soviet republic rows under
their successor, a visit reported twice counted once, and every dating of a partnership level kept."""
from __future__ import annotations

import pandas as pd
import pytest

from korea_central_asia import load
from korea_central_asia.series import stages

SEED = (1992, 2000, 2010)


# --- stages ---------------------------------------------------------------------------------------------------------

def test_a_boundary_year_belongs_to_the_stage_it_starts():
    assert [stages.stage_of(y, SEED) for y in (1991, 1992, 1999, 2000, 2009, 2010, 2100)] == [0, 1, 1, 2, 2, 3, 3]
    assert stages.stage_of(2003, (1992, 2004, 2012)) == 1 and stages.stage_of(2004, (1992, 2004, 2012)) == 2


def test_redrawn_boundaries_end_each_stage_where_the_next_begins():
    table = stages.stages((1992, 2004, 2012))
    assert table["start_year"].tolist() == [1992, 2004, 2012]
    assert table["end_year"].iloc[:2].tolist() == [2004, 2012] and pd.isna(table["end_year"].iloc[-1])
    assert (table["boundaries"] == "redrawn").all()
    assert table["name"].tolist() == stages.stages()["name"].tolist()  # same number of stages: the seed's names
    other = stages.stages((1995, 2015))
    assert other["name"].tolist() == ["Stage 1", "Stage 2"] and other["focus"].isna().all()
    assert (stages.stages(SEED)["boundaries"] == "as the source states them").all()


def test_stage_starts_must_increase():
    with pytest.raises(ValueError, match="must start after the one before"):
        stages.stages((2000, 1992))
    with pytest.raises(ValueError, match="increasing years"):
        stages.stages(("a", "b"))


def test_dated_rows_take_the_stage_of_their_year():
    frame = pd.DataFrame({"date": pd.to_datetime(["1991-12-31", "2000-01-01", "2009-12-31", "2010-01-01"])})
    assert stages.assign(frame, SEED, column="date")["stage"].tolist() == [0, 2, 2, 3]
    assert stages.assign(pd.DataFrame({"year": [1992, 2011]}), SEED)["stage"].tolist() == [1, 3]


def test_a_stage_counts_only_years_inside_the_window_and_the_data():
    rows = pd.DataFrame({"year": [1993, 1999, 2000, 2012, 2024], "source_id": list("abcde")})
    out = stages.count_by_stage(rows, SEED, years=(1995, 2030), last_year=2019)
    assert out["span"].tolist() == ["1995–1999", "2000–2009", "2010–2019"]
    assert out["count"].tolist() == [1, 1, 1]  # 1993 is before the window, 2024 after the data
    assert out["per_year"].tolist() == [1 / 5, 1 / 10, 1 / 10]
    assert out["source_id"].tolist() == ["b", "c", "d"]
    assert stages.stage_years(SEED, years=(2001, 2005))["stage"].tolist() == [2]  # stages outside are left out


def test_tally_counts_zero_where_a_stage_has_no_row():
    rows = pd.DataFrame({"kind": ["x", "y", "x"], "stage": [0, 1, 3]})
    table = stages.tally(rows, "kind", SEED, order=["y", "x"])
    assert list(table.index) == ["y", "x"]
    assert list(table.columns) == ["before 1992", "1 Early engagement", "2 Mid-term expansion", "3 Recent strategies"]
    assert table.loc["x"].tolist() == [1, 0, 0, 1] and table.loc["y"].tolist() == [0, 1, 0, 0]


# --- trade per stage ---------------------------------------------------------------------------------------------

def trade_table(*rows) -> pd.DataFrame:
    """(year, country, flow, reporter, value, period, source) rows in the trade table's shape and column types."""
    frame = pd.DataFrame(rows, columns=["year", "country_iso3", "flow", "reporter_iso3", "value_usd", "period",
                                        "source_id"])
    frame = frame.assign(estimate=False, qualifier="exact", period_note=None, notes=None)
    types = load("trade").dtypes
    return frame.astype({column: types[column] for column in frame.columns if column in types})


TRADE = trade_table(
    (2000, "KAZ", "exports", "KOR", 10.0, "year", "imf-dots-kor"),
    (2000, "KAZ", "imports", "KOR", 20.0, "year", "imf-dots-kor"),
    (2000, "KAZ", "exports", "KOR", 500.0, "part_year", "imf-dots-kor"),  # Jan–Jun: never in an annual series
    (2000, "KAZ", "exports", "KOR", 999.0, "year", "t-other-source"),  # not IMF DOTS
    (2000, "KAZ", "exports", "KAZ", 1000.0, "year", "imf-dots-kaz"),  # the partner's own figure
    (2002, "KAZ", "exports", "KOR", 40.0, "year", "imf-dots-kor"),  # imports missing in 2002
)


def test_a_part_year_row_never_enters_trade_per_stage_and_a_gap_stays_a_gap():
    out = stages.trade_by_stage(["KAZ"], (2000, 2002), (2000,), data=TRADE).iloc[0]
    # 2000: 10 + 20; 2001: no figure at all (a gap, not a zero); 2002: the one flow reported, a floor
    assert out["span"] == "2000–2002" and out["n_years"] == 2 and out["mean_usd"] == (30 + 40) / 2
    assert out["cells"] == 3 and out["cells_missing"] == 3
    assert out["source_id"] == "imf-dots-kor"


def test_trade_per_stage_reads_one_reporter_at_a_time():
    korea = stages.trade_by_stage(["KAZ"], (2000, 2000), (2000,), data=TRADE).iloc[0]
    partner = stages.trade_by_stage(["KAZ"], (2000, 2000), (2000,), reporter="partner", data=TRADE).iloc[0]
    assert korea["mean_usd"] == 30 and partner["mean_usd"] == 1000 and partner["source_id"] == "imf-dots-kaz"


def test_years_after_the_last_dots_year_do_not_count():
    out = stages.trade_by_stage(["KAZ"], (2000, 2010), (2000,), data=TRADE).iloc[0]
    assert out["span"] == "2000–2002"  # the table has DOTS figures to 2002


# --- events in stages -------------------------------------------------------------------------------------------------

def event_table(*rows) -> pd.DataFrame:
    """(date, country, event type, source, notes) rows in the events table's shape, no source weak."""
    frame = pd.DataFrame(rows, columns=["date_iso", "country_iso3", "event_type", "source_id", "notes"])
    return frame.assign(date=pd.to_datetime(frame["date_iso"]), end_date_iso=None, label="", qualifier=None,
                        value=None, unit=None, weak=False)


EVENTS = event_table(
    ("1991-08-22", "SU-KAZ", "education_centre_opened", "s1", None),
    ("2001-05-01", "KAZ", "state_visit", "s2", None),
    ("2001-05-03", "KAZ", "state_visit", "s3", None),  # the same visit, reported by another source
    ("2005-06-01", "UZB", "state_visit", "s4", "CONFLICT: another source says 2006"),
    ("2011-02-01", "KAZ", "sejong_institute_opened", "s5", None),
    ("2011-09-01", "KAZ", "summit", "s6", None),  # the last visit: the events cover stage 3 to 2011
)


def test_a_soviet_republics_row_follows_its_successor():
    rows = stages.staged_events(["KAZ"], (1990, 2020), SEED, types=["education_centre_opened"], data=EVENTS)
    assert rows["country_iso3"].tolist() == ["SU-KAZ"] and rows["successor_iso3"].tolist() == ["KAZ"]
    assert rows["stage"].tolist() == [0]


def test_conflicting_rows_stay_visible_and_flagged():
    rows = stages.staged_events(["UZB"], None, SEED, types=["state_visit"], data=EVENTS)
    assert len(rows) == 1 and rows["conflict"].all() and rows["disputed"].all()


def test_the_comparison_counts_a_visit_reported_twice_once():
    out = stages.compare(["KAZ", "UZB"], (1990, 2011), SEED, data={"events": EVENTS, "trade": TRADE})
    assert out["stage"].tolist() == [1, 2, 3]
    assert out["visits"].tolist() == [0, 2, 1]  # KAZ 2001 (two rows, one visit) and UZB 2005; KAZ 2011
    assert out["sejong_institute_opened"].tolist() == [0, 0, 1]
    assert out["event_years"].tolist() == ["1992–1999", "2000–2009", "2010–2011"]
    assert out["visits_per_year"].tolist() == [0, 0.2, 0.5]
    assert out["trade_years_kor"].iloc[1] == "2000–2002" and pd.isna(out["trade_mean_usd_kor"].iloc[0])
    assert "s2" in out["source_id"].iloc[1] and "s5" in out["source_id"].iloc[2]


# --- partnership levels --------------------------------------------------------------------------------------------

PARTNERSHIPS = pd.DataFrame({
    "country_iso3": ["KAZ", "KAZ", "KAZ"],
    "date": pd.to_datetime(["2003-11-12", "2009-05-01", "2024-06-12"]),
    "date_iso": ["2003-11-12", "2009-05", "2024-06-12"],
    "level": ["strategic partnership", "strategic partnership", "expanded strategic partnership"],
    "rank": [2, 2, 3],
    "source_id": ["a", "b", "c"],
    "preferred": [False, True, True],
    "notes": ["CONFLICT: most say 2009", "CONFLICT: one says 2003", None],
})


def test_every_dating_of_a_level_stays_visible_and_the_preferred_is_drawn():
    rows = stages.partnership_levels(["KAZ"], data=PARTNERSHIPS)
    assert rows["dating"].tolist() == ["earlier", "preferred", "preferred"]
    assert rows["preferred_date"].iloc[0] == pd.Timestamp("2009-05-01")
    assert rows["rank_before"].tolist() == [0, 0, 2]
    assert stages.drawn_levels(["KAZ"], data=PARTNERSHIPS)["source_id"].tolist() == ["b", "c"]
    assert stages.partnership_levels(["KAZ"], data=PARTNERSHIPS, readings="preferred")["source_id"].tolist() == [
        "b", "c"]


def test_the_preferred_dating_is_drawn_even_when_it_is_the_earlier_one():
    # Uzbekistan's case: the preferred reading (2006) is earlier than another source's (2008)
    earlier_preferred = PARTNERSHIPS.assign(preferred=[True, False, True])
    rows = stages.partnership_levels(["KAZ"], data=earlier_preferred)
    assert rows["dating"].tolist() == ["preferred", "later", "preferred"]
    assert rows["preferred_date"].iloc[1] == pd.Timestamp("2003-11-12")
    assert rows["rank_before"].tolist() == [0, 0, 2]   # the later dating rises from the level before 2003
    assert stages.drawn_levels(["KAZ"], data=earlier_preferred)["source_id"].tolist() == ["a", "c"]
    steps = stages.level_steps(["KAZ"], (2000, 2010), data=earlier_preferred)
    assert steps["date"].tolist()[1] == pd.Timestamp("2003-11-12") and steps["source_id"].tolist()[1] == "a"


def test_readings_must_be_preferred_or_all():
    with pytest.raises(ValueError, match="readings must be 'preferred'"):
        stages.partnership_levels(["KAZ"], data=PARTNERSHIPS, readings="latest")


def test_level_steps_start_from_the_level_in_effect_and_a_country_without_one_sits_at_zero():
    steps = stages.level_steps(["KAZ", "TJK"], (2010, 2020), data=PARTNERSHIPS)
    kaz, tjk = steps[steps["country_iso3"] == "KAZ"], steps[steps["country_iso3"] == "TJK"]
    assert kaz["rank"].tolist() == [2, 2] and kaz["source_id"].tolist() == ["b", "b"]  # 2024 is after the window
    assert kaz["date"].tolist() == [pd.Timestamp("2010-01-01"), pd.Timestamp("2021-01-01")]
    assert tjk["rank"].tolist() == [0, 0] and tjk["level"].tolist() == ["no named level"] * 2


# --- Table 1 ----------------------------------------------------------------------------------------------------------

def test_tool_audiences_are_split_and_named_alike():
    tools = pd.DataFrame({"tool": ["A", "B"], "examples": ["", ""], "audience": ["Youth, general public",
                                                                                "Governments, local communities"],
                          "effectiveness": pd.Categorical(["High", "Medium"], ["Medium", "Medium-High", "High"],
                                                          ordered=True),
                          "effectiveness_reason": ["", ""], "impact": ["", ""], "source_id": ["s", "s"]})
    out = stages.tool_ratings(tools)
    assert out["audience"].tolist() == ["Youth", "General public", "Government", "Local communities"]
    assert out["rating"].tolist() == [3, 3, 1, 1]


def test_republics_keep_the_order_given_and_leave_other_countries_out():
    assert stages.republics(["AFG", "UZB", "KAZ"]) == ["UZB", "KAZ"]
    assert stages.republics(None) == ["KAZ", "UZB", "KGZ", "TJK", "TKM"]


def test_a_comparison_of_no_country_is_empty_not_zeros():
    assert stages.compare([], (1990, 2011), SEED, data={"events": EVENTS, "trade": TRADE}).empty
