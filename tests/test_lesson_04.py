"""The numbers lesson 04 (soft power in three stages) states, held against the series it draws on, for its default
view: the five republics, 1990–2025, with Nishonova's stage boundaries 1992, 2000 and 2010. Each pin quotes the
lesson's sentence beside it (see tests/pins.py)."""
from __future__ import annotations

import pandas as pd
import pytest

from korea_central_asia.series import FIVE, relations, stages, trade
from tests.pins import states

LESSON = "04-soft-power-stages"
YEARS = (1990, 2025)
DEFAULT_VIEW = "For the five republics, 1990–2025, with Nishonova's boundaries (1992, 2000, 2010)"
TIMELINE_TYPES = ["education_centre_opened", "cultural_centre_opened", "sejong_institute_opened",
                  "koica_office_opened", "forum", "partnership_upgrade", "state_visit", "summit"]


@pytest.fixture(scope="module")
def timeline():
    return stages.staged_events(list(FIVE) + ["CA5"], YEARS, types=TIMELINE_TYPES)


@pytest.fixture(scope="module")
def comparison():
    return stages.compare(list(FIVE), YEARS).set_index("stage")


@pytest.fixture(scope="module")
def drawn():
    return stages.drawn_levels(list(FIVE), YEARS)


# --- the stages ------------------------------------------------------------------------------------------------------

@states(LESSON, DEFAULT_VIEW,
        "how to place dated events in stages defined as half-open intervals, so that a boundary year such as 2000 or "
        "2010 belongs to exactly one stage;")
def test_the_seeds_stages_are_half_open_from_1992_2000_and_2010():
    table = stages.stages()
    assert list(table["start_year"]) == [1992, 2000, 2010] and pd.isna(table["end_year"].iloc[-1])
    assert stages.stage_of(2000) == 2 and stages.stage_of(2010) == 3 and stages.stage_of(1991) == 0


@states(LESSON, "The last stage runs to the last year with a recorded visit in the events table.",
        "DOTS data in this project end in 2020, so the last stage is measured only to 2020.")
def test_the_tables_cover_visits_to_2025_and_dots_trade_to_2020():
    assert stages.events_last_year() == 2025
    assert trade.dots_last_year(list(FIVE)) == 2020


# --- section 1: the cultural centres ------------------------------------------------------------------------------

@states(LESSON, "The one government-run Korean Cultural Center in the table opened in Astana on 4 March 2010: under "
                "the half-open convention that is the first year of stage 3, not stage 2.",
        "Only if one reads Nishonova's \"2000–2010\" as including 2010 does it land in stage 2, on the very last "
        "year.")
def test_the_one_government_cultural_centre_opened_in_stage_3(timeline):
    kcc = timeline[timeline["event_type"] == "cultural_centre_opened"].sort_values("date")
    government = kcc[kcc["label"].str.contains("Korean Cultural Center")]
    assert len(government) == 1
    first = government.iloc[0]
    assert first["date"] == pd.Timestamp("2010-03-04") and first["stage"] == 3
    assert first["successor_iso3"] == "KAZ" and "Astana" in first["label"]


@states(LESSON, "The other two cultural-centre rows are not government centres: a university \"Korea Center\" in "
                "Naryn, Kyrgyzstan (2006) and a diaspora House of Korean Culture and Art in Tashkent (2019).")
def test_three_cultural_centre_rows(timeline):
    kcc = timeline[timeline["event_type"] == "cultural_centre_opened"].sort_values("date")
    assert [(r.country_iso3, r.year) for r in kcc.itertuples()] == [("KGZ", 2006), ("KAZ", 2010), ("UZB", 2019)]


@states(LESSON, "What does sit in stage 2 is language teaching, with three openings: two Korean education centres "
                "(Bishkek 2001, Dushanbe 2008) and the first Sejong Hakdang (Bishkek 2007, although another source "
                "dates the King Sejong Institute there to 2013).")
def test_stage_2_has_three_language_teaching_openings(timeline):
    language = timeline[(timeline["stage"] == 2) & timeline["event_type"].isin(
        ["education_centre_opened", "sejong_institute_opened"])]
    assert len(language) == 3
    sejong = relations.events(["KGZ"], types=["sejong_institute_opened"])
    assert sorted(sejong.loc[sejong["label"].str.contains("Bishkek"), "year"]) == [2007, 2013]


@states(LESSON, "And language teaching did not start in stage 2 at all: the Korean education centre in Almaty "
                "opened in 1991, before independence and before stage 1, and the one in Tashkent in 1992.")
def test_the_education_centres_came_first(timeline):
    edu = timeline[timeline["event_type"] == "education_centre_opened"].sort_values("date")
    assert list(edu["year"]) == [1991, 1992, 2001, 2008] and list(edu["stage"]) == [0, 1, 2, 2]
    assert [(r.successor_iso3, r.year) for r in edu.itertuples()] == [
        ("KAZ", 1991), ("UZB", 1992), ("KGZ", 2001), ("TJK", 2008)]


# --- section 2: partnership levels -----------------------------------------------------------------------------------

@states(LESSON, "For the five republics with Nishonova's boundaries, no named partnership appears in stage 1:",
        "Kazakhstan, Uzbekistan and Turkmenistan reached a named level in stage 2,",
        "Kyrgyzstan got its first named level only in 2024, and Tajikistan has none in our sources.")
def test_first_named_levels_fall_in_stages_2_and_3(drawn):
    first_stage = drawn.groupby("country_iso3")["date"].min().dt.year.map(stages.stage_of)
    assert sorted(first_stage[first_stage == 2].index) == ["KAZ", "TKM", "UZB"]
    assert sorted(first_stage[first_stage == 3].index) == ["KGZ"]
    assert drawn[drawn["country_iso3"] == "KGZ"]["date"].dt.year.tolist() == [2024]
    assert (drawn["date"].dt.year < 2000).sum() == 0
    current = drawn.groupby("country_iso3").last().reindex(list(FIVE))
    assert pd.isna(current.loc["TJK", "rank"])
    assert set(stages.level_steps(["TJK"], (1992, 2025))["rank"]) == {0}


@states(LESSON, "and in two of the three cases the sources disagree on the year: Kazakhstan's strategic partnership "
                "is dated to November 2003 by one source and to 2009 by most; Uzbekistan's to March 2006 by Uzbek "
                "sources and to 2008 by Korean broadcaster KBS.")
def test_two_levels_have_another_dating_and_the_preferred_one_is_drawn():
    levels = stages.partnership_levels(list(FIVE), YEARS)
    others = levels[~levels["preferred"]]
    assert len(others) == 2 and set(others["country_iso3"]) == {"KAZ", "UZB"}
    assert {r.country_iso3: (r.date_iso, r.dating, r.preferred_date.year) for r in others.itertuples()} == {
        "KAZ": ("2003-11-12", "earlier", 2009), "UZB": ("2008", "later", 2006)}
    assert levels["date"].min() == pd.Timestamp("2003-11-12")


@states(LESSON, "The higher rungs all come in stage 3: Uzbekistan's special strategic partnership (rank 4) in 2019 "
                "and Kazakhstan's \"expanded\" strategic partnership (rank 3) in 2024")
def test_the_higher_rungs_come_in_stage_3(drawn):
    top = drawn.sort_values("rank").groupby("country_iso3").last()
    assert (top.loc["UZB", "rank"], top.loc["UZB", "date"].year) == (4, 2019)
    assert (top.loc["KAZ", "rank"], top.loc["KAZ", "date"].year) == (3, 2024)
    current = drawn.groupby("country_iso3").last()
    assert current.loc["UZB", "rank"] == 4 and current.loc["KAZ", "rank"] == 3


# --- section 3: Table 1 -----------------------------------------------------------------------------------------------

@states(LESSON, "Of the four tools, one is rated High, one Medium-High and two Medium, and the table names eight "
                "audiences in all.",
        "Only cultural diplomacy, aimed at the youth and the general public, is rated High; educational programmes "
        "(students, academics, professionals) are Medium-High; economic partnerships and development assistance, "
        "both aimed at governments, are Medium.")
def test_table_1_ratings():
    ratings = stages.tool_ratings()
    tools = ratings.drop_duplicates("tool")
    order = list(ratings["effectiveness"].cat.categories)
    assert order == ["Medium", "Medium-High", "High"]
    assert tools["effectiveness"].value_counts().reindex(order).tolist() == [2, 1, 1]
    assert tools.loc[tools["effectiveness"] == "High", "tool"].tolist() == ["Cultural diplomacy"]
    assert tools.loc[tools["effectiveness"] == "Medium-High", "tool"].tolist() == ["Educational programs"]
    assert sorted(tools.loc[tools["effectiveness"] == "Medium", "tool"]) == ["Development assistance",
                                                                              "Economic partnerships"]
    medium = ratings[ratings["effectiveness"] == "Medium"]
    assert medium["audience"].str.contains("Government").sum() == 2
    assert ratings["audience"].nunique() == 8


# --- section 4: what changed between the stages -----------------------------------------------------------------------

@states(LESSON, "For the five republics, 1990–2025, with Nishonova's boundaries, trade grew from stage to stage: "
                "Korea-reported trade with the five averaged USD 0.59 bn a year in stage 1, 1.22 bn in stage 2 and "
                "3.69 bn in stage 3 (to 2020), 3.0 times the stage-2 level.")
def test_trade_per_stage(comparison):
    bn = comparison["trade_mean_usd_kor"] / 1e9
    assert (round(bn[1], 2), round(bn[2], 2), round(bn[3], 2)) == (0.59, 1.22, 3.69)
    assert round(bn[3] / bn[2], 1) == 3.0
    assert comparison.loc[3, "trade_years_kor"] == "2010–2020"


@states(LESSON, "The partner-reported figures run higher in stages 2 and 3, so the size of the rise depends on whose "
                "books one reads.")
def test_partner_reported_trade_runs_higher_in_stages_2_and_3(comparison):
    assert (comparison.loc[[2, 3], "trade_mean_usd_partner"] > comparison.loc[[2, 3], "trade_mean_usd_kor"]).all()


@states(LESSON, "Stage 1 is the weakest measure: 20 of its 80 country-flow cells are missing in the Korea-reported "
                "data, and every value it has is a multiple of USD 1.2 million (coarse rounding in the source), so "
                "its mean is a floor, not an estimate.")
def test_stage_1_trade_is_a_floor():
    flows = stages.trade_by_stage(list(FIVE), YEARS).set_index("stage")
    assert flows.loc[1, "cells_missing"] == 20 and flows.loc[1, "cells"] + flows.loc[1, "cells_missing"] == 80
    assert flows.loc[[2, 3], "cells_missing"].sum() == 0
    stage1 = trade.annual(list(FIVE), (1992, 1999), "KOR", flows=trade.FLOWS, source="imf")
    assert len(stage1) == 60 and (stage1["value_usd"] % 1_200_000 == 0).all()


@states(LESSON, "with 0.9 visits a year it barely differs from stage 2 (1.0), and stage 3 has 2.4, the most by far.",
        "A visit that sources date to two different years counts once, in the year of its preferred reading.")
def test_visits_per_stage(comparison):
    per_year = comparison["visits_per_year"]
    assert (round(per_year[1], 1), round(per_year[2], 1), round(per_year[3], 1)) == (0.9, 1.0, 2.4)
    assert comparison["visits"].tolist() == [7, 10, 39]
    # every reading counted instead: both datings of Karimov's first visit (1992 or 1993) and Roh's (2004 or
    # 2005), and the contemporaneous reports that give a visit's day where the preferred row gives its year
    every = relations.visits(list(FIVE), YEARS, readings="all")
    assert [int(every["year"].between(a, b).sum()) for a, b in ((1992, 1999), (2000, 2009))] == [10, 11]


@states(LESSON, "Institutions tell the clearest story of the three, and it is a stage-3 story: 18 opening rows, 14 of "
                "them King Sejong Institutes, against 4 in stage 2 and 1 in stage 1 (plus the Almaty centre before "
                "stage 1).")
def test_institution_openings_per_stage(comparison):
    assert comparison["institutions"].tolist() == [1, 4, 18]
    assert comparison.loc[3, "sejong_institute_opened"] == 14
    opened = stages.staged_events(list(FIVE), YEARS, types=stages.INSTITUTION_TYPES)
    assert (opened["stage"] == 0).sum() == 1


@states(LESSON, "The rows count announcements, not institutes: a 2021 row designates five institutes in Uzbekistan at "
                "once, and one Tajik row gives a running total.")
def test_one_row_designates_five_institutes():
    opened = stages.staged_events(list(FIVE), YEARS, types=stages.INSTITUTION_TYPES)
    five = opened[(opened["unit"] == "institutes") & (opened["value"] == 5)]
    assert [(r.country_iso3, r.year) for r in five.itertuples()] == [("UZB", 2021)]


# --- the exercises' answers (default view) ----------------------------------------------------------------------------

@states(LESSON, "the tables record 14 sessions, from the 1st (Seoul, November 2007) to the 17th (Seoul, 2024).",
        "Sessions 2, 4 and 5 are recorded by no source in our tables",
        "Two sessions fall in stage 2 (2007 and 2009) and twelve in stage 3.",
        "and four in the region: Bishkek 2013, Nur-Sultan 2019, Dushanbe 2021 and Ashgabat 2023.")
def test_exercise_1_the_forum_sessions():
    sessions = stages.assign(relations.forum_sessions(list(FIVE), YEARS), None)
    assert len(sessions) == 14 and relations.missing_sessions(sessions) == [2, 4, 5]
    assert (sessions.index.min(), sessions.index.max()) == (1, 17)
    assert (sessions.loc[1, "year"], sessions.loc[1, "cities"], sessions.loc[17, "year"]) == (2007, "Seoul", 2024)
    assert sessions["stage"].value_counts().to_dict() == {3: 12, 2: 2}
    assert (sessions["hosts"] == "KOR").sum() == 10
    abroad = sessions[sessions["hosts"] != "KOR"]
    assert list(zip(abroad["cities"], abroad["year"])) == [("Bishkek", 2013), ("Nur-Sultan", 2019),
                                                           ("Dushanbe", 2021), ("Ashgabat", 2023)]


@states(LESSON, "Uzbekistan reached its first named level in 2006, 14 years later, Turkmenistan in 2008, after 16 "
                "years, and Kazakhstan in 2009, after 17 years, all three in stage 2; Kyrgyzstan waited 32 years, to "
                "2024 (stage 3)",
        "With the other datings (Kazakhstan November 2003, Uzbekistan 2008) the wait is 11 and 16 years, still in "
        "stage 2.")
def test_exercise_2_the_wait_for_a_named_level(drawn):
    began = relations.relation_dates(list(FIVE)).set_index("country_iso3")["first_date"].dt.year
    assert set(began) == {1992}
    first = drawn.groupby("country_iso3")["date"].min().dt.year
    assert first.to_dict() == {"KAZ": 2009, "KGZ": 2024, "TKM": 2008, "UZB": 2006}
    assert (first - began.reindex(first.index)).to_dict() == {"KAZ": 17, "KGZ": 32, "TKM": 16, "UZB": 14}
    levels = stages.partnership_levels(list(FIVE), YEARS)
    other = levels[~levels["preferred"]].set_index("country_iso3")["date"].dt.year
    assert (other["KAZ"] - 1992, other["UZB"] - 1992) == (11, 16)
    assert stages.stage_of(other["KAZ"]) == stages.stage_of(other["UZB"]) == 2


@states(LESSON, "visits and summits 0.80, 1.83 and 3.14 a year; institution openings 3, 7 and 13; Korea-reported "
                "trade USD 0.72, 2.91 and 5.86 bn a year.",
        "the same 23 opening rows split 1, 4 and 18 one way and 3, 7 and 13 the other.",
        "And the last stage's trade now rests on two years, 2019 and 2020,")
def test_exercise_3_the_stages_redrawn_from_the_record(comparison):
    redrawn = stages.compare(list(FIVE), YEARS, (1992, 2007, 2019)).set_index("stage")
    assert redrawn["visits_per_year"].round(2).tolist() == [0.80, 1.83, 3.14]
    assert redrawn["institutions"].tolist() == [3, 7, 13]
    assert (redrawn["trade_mean_usd_kor"] / 1e9).round(2).tolist() == [0.72, 2.91, 5.86]
    assert redrawn["institutions"].sum() == comparison["institutions"].sum() == 23
    assert redrawn.loc[3, "trade_years_kor"] == "2019–2020"
    assert redrawn.loc[2, "trade_years_kor"] == "2007–2018"


# --- 5 · Seoul's own frameworks -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def frameworks():
    rows = relations.events(["CA5"], YEARS, ["initiative"])
    return stages.assign(rows, (1992, 2000, 2010), column="date")


@states(LESSON, "For 1990–2025 with Nishonova's boundaries, the table has 8 framework rows for 6 events.",
        "Two events have two readings: Moon's Vladivostok speech (6 or 7 September 2017) and the K-Silk Road "
        "announcement (June or 7 June 2024).")
def test_eight_framework_rows_for_six_events(frameworks):
    assert (len(frameworks), frameworks["fact_id"].nunique()) == (8, 6)
    assert frameworks["preferred"].astype(bool).sum() == 6
    doubles = frameworks.groupby("fact_id")["date_iso"].apply(sorted)
    doubles = doubles[doubles.map(len) == 2]
    assert doubles.to_dict() == {"ca5-initiative-2017-09-07": ["2017-09-06", "2017-09-07"],
                                 "ca5-initiative-2024-06": ["2024-06", "2024-06-07"]}


@states(LESSON, "Only the New Asia Initiative falls in stage 2, and late in it; the Eurasia Initiative, the New "
                "Northern Policy with its committee, and the K-Silk Road all fall in stage 3.")
def test_only_the_new_asia_initiative_falls_in_stage_2(frameworks):
    chosen = frameworks[frameworks["preferred"].astype(bool)]
    assert chosen.loc[chosen["stage"] == 2, "label"].str.contains("New Asia Initiative").tolist() == [True]
    assert chosen.loc[chosen["stage"] == 2, "year"].tolist() == [2009]
    in_three = chosen.loc[chosen["stage"] == 3, "label"]
    for name in ("Eurasia Initiative", "New Northern Policy", "Northern Economic Cooperation", "K-Silk Road"):
        assert in_three.str.contains(name).any(), name
    assert set(frameworks["stage"]) == {2, 3}


@states(LESSON, "the rows of type summit_planned (relations.events([\"CA5\"], types=[\"summit_planned\"])) follow the "
                "plan through its postponement to 2026 to the date set for it in Korea, 16–17 September 2026.")
def test_the_summit_track_after_the_k_silk_road():
    planned = relations.events(["CA5"], None, ["summit_planned"]).sort_values("date")
    assert planned["date_iso"].iloc[0] == "2024-06-07"  # proposed at the K-Silk Road briefing
    assert planned["label"].str.contains("postponed from 2025 to 2026").any()
    last = planned.iloc[-1]
    assert (last["date_iso"], last["end_date_iso"]) == ("2026-09-16", "2026-09-17")
