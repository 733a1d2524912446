"""The numbers of lesson 01 (establishment), held against `korea_central_asia.series.relations`.

Every number an assert in the notebook proved before its conversion is asserted here with the notebook's literal,
and every number in its "What it shows" paragraphs is pinned beside the sentence that states it.
"""
from __future__ import annotations

import pandas as pd
import pytest

from korea_central_asia.data import load
from korea_central_asia.series import FIVE, relations
from tests.pins import states

LESSON = "01-establishment"
COUNTRIES = ["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG"]  # the lesson's defaults
YEARS = (1973, 2025)


@pytest.fixture(scope="module")
def contacts():
    return relations.contacts(COUNTRIES, YEARS)


@pytest.fixture(scope="module")
def rel_dates():
    return relations.relation_dates(FIVE, YEARS).set_index("country_iso3")["first_date"]


@pytest.fixture(scope="module")
def visits():
    return relations.visits(FIVE, YEARS)


@pytest.fixture(scope="module")
def lags():
    return relations.embassy_lags(FIVE, YEARS).set_index(["country_iso3", "direction"])


@pytest.fixture(scope="module")
def sessions():
    return relations.forum_sessions(COUNTRIES, YEARS)


# --- 1 · before 1992 ----------------------------------------------------------------------------------------------

@states(LESSON, "For the five republics and Afghanistan, 1973–2025, the table has 9 rows before 1992, the USSR's "
                "normalisation among them.",
        "Only 3 of the 9 rows come after the normalisation, and 3 rest on Kwak's essay alone.")
def test_rows_before_1992(contacts):
    assert len(contacts) == 9 and contacts["year"].max() < 1992
    ussr = relations.normalisation_date()
    assert int((contacts["date"] > ussr).sum()) == 3
    assert int((contacts["source_id"] == "kwak-2021").sum()) == 3


@states(LESSON, "The USSR and the ROK set up relations on 30 September 1990, and Nazarbayev's official visit to "
                "Seoul began 54 days later, on 23 November 1990, which is why Kwak can treat the normalisation "
                "as the door that opened the region.")
def test_nazarbayev_came_54_days_after_the_normalisation(contacts):
    ussr_date = relations.normalisation_date()
    assert ussr_date == pd.Timestamp("1990-09-30")
    nazarbayev = contacts[(contacts["country_iso3"] == "SU-KAZ") & (contacts["event_type"] == "pre1992_visit")]
    nazarbayev = nazarbayev.iloc[0]
    assert (nazarbayev["date"] - ussr_date).days == 54
    assert nazarbayev["date"] == pd.Timestamp("1990-11-23")


@states(LESSON, "The earliest approach does not come from a Soviet republic at all but from Afghanistan: the "
                "Najibullah government started looking for a line to Seoul in 1988 (a claim resting on Kwak's "
                "essay alone).")
def test_the_earliest_contact_is_afghan(contacts):
    first_pre = contacts.iloc[0]
    assert first_pre["country_iso3"] == "AFG" and first_pre["year"] == 1988
    assert first_pre["source_id"] == "kwak-2021"


@states(LESSON, "The Central Asian contacts cluster in the second half of 1990: five of the seven rows for the "
                "Kazakh and Uzbek republics fall between July and December of that year.",
        "One row, a 1989 visit to Uzbekistan by the opposition leader Kim Young-sam, comes from a single forum post "
        "and should be read with care.")
def test_republic_contacts_cluster_in_late_1990(contacts):
    republics = contacts[contacts["country_iso3"].str.startswith("SU-")]
    h2_1990 = republics[(republics["date"] >= "1990-07-01") & (republics["date"] < "1991-01-01")]
    assert (len(h2_1990), len(republics)) == (5, 7)
    kim_1989 = republics[republics["year"] == 1989]
    assert len(kim_1989) == 1 and kim_1989["weak"].all()
    assert kim_1989["country_iso3"].tolist() == ["SU-UZB"]


# --- 2 · relations of 1992 and Afghanistan -----------------------------------------------------------------------

@states(LESSON, "For the five republics, the sources agree on every one of the five dates, from Kazakhstan on "
                "28 January to Tajikistan on 27 April 1992, 90 days apart.")
def test_the_five_relations_of_1992(rel_dates):
    summary = relations.relation_dates(FIVE, YEARS).set_index("country_iso3")
    assert (summary["n_dates"] == 1).all()
    assert (rel_dates.max() - rel_dates.min()).days == 90
    assert rel_dates.idxmin() == "KAZ" and rel_dates.min() == pd.Timestamp("1992-01-28")
    assert rel_dates.idxmax() == "TJK" and rel_dates.max() == pd.Timestamp("1992-04-27")


@states(LESSON, "Four came within 10 days of each other (28 January to 7 February); Tajikistan followed 80 days "
                "after Turkmenistan.")
def test_four_within_ten_days(rel_dates):
    four_first = rel_dates.sort_values().iloc[:4]
    assert (four_first.max() - four_first.min()).days == 10 and rel_dates.idxmax() == "TJK"
    assert four_first.max() == pd.Timestamp("1992-02-07")
    assert (rel_dates["TJK"] - rel_dates["TKM"]).days == 80


@states(LESSON, "The only conflict in this step is earlier: the date on which Seoul recognised Uzbekistan "
                "(20 or 30 December 1991).")
def test_uzbek_recognition_has_two_dates():
    recognition = relations.recognitions(COUNTRIES, YEARS)
    assert sorted(recognition.loc[recognition["country_iso3"] == "UZB", "date_iso"]) == ["1991-12-20", "1991-12-30"]


@states(LESSON, "Kwak's essay dates relations to 2002, after the fall of the Taliban.",
        "The other sources in the table say that relations were first set up in 1973 and cut by Kabul in 1978, and "
        "an Afghan envoy in Seoul marked their 40th anniversary in 2013, 40 years after 1973, which only fits the "
        "1973 date.",
        "What came in 2002 was a restoration: the foreign ministry's page for its Kabul embassy says relations were "
        "resumed in 2002, and Yonhap reported on 18 August 2002 that they had been restored at the end of January.",
        "The table keeps every dating of the first relations (the year 1973 from a Wikipedia mirror, December 1973 "
        "from a Yonhap report of 2001, which is the preferred reading, and Kwak's 2002), with the restoration as an "
        "event of its own:")
def test_afghanistan_has_two_beginnings():
    afg = relations.events(["AFG"], YEARS)
    established = afg[afg["event_type"] == "relations_established"].sort_values("date")
    afg_rel_years = established["year"].tolist()
    assert afg_rel_years == [1973, 1973, 2002]
    assert established.loc[established["preferred"], "date_iso"].tolist() == ["1973-12"]
    sources = load("sources").set_index("source_id")
    assert sources.loc[established.loc[established["preferred"], "source_id"].iloc[0], "date"] == pd.Timestamp("2001-12-03")
    restored = afg[afg["event_type"] == "relations_restored"]
    assert restored.loc[restored["preferred"], "date_iso"].tolist() == ["2002"]
    assert restored.loc[~restored["preferred"], "date_iso"].tolist() == ["2002-01"]  # "the end of January"
    assert sources.loc[restored.loc[~restored["preferred"], "source_id"].iloc[0], "date"] == pd.Timestamp("2002-08-18")
    assert sources.loc[restored.loc[restored["preferred"], "source_id"].iloc[0], "tier"] == "official"
    seed = afg[(afg["event_type"] == "relations_established") & (afg["source_id"] == "kwak-2021")]
    assert seed["year"].tolist() == [2002]
    assert afg.loc[afg["event_type"] == "relations_severed", "year"].tolist() == [1978]
    anniversary = afg[afg["label"].str.contains("40 years")]
    assert anniversary["year"].iloc[0] == 2013
    assert anniversary["year"].iloc[0] - afg_rel_years[0] == 40


# --- 3 · timeline -------------------------------------------------------------------------------------------------

@states(LESSON, "For the five republics and Afghanistan, 1973–2025, the chart draws 76 markers, 19 of them open "
                "(disputed or from a weak source).")
def test_timeline_markers():
    line = relations.timeline(COUNTRIES, YEARS)
    assert len(line) == 76 and int(line["disputed"].sum()) == 19
    afg = line[line["row"] == "AFG"].set_index("date_iso")
    assert afg.loc["1973-12", "other_dates"] == "2002" and afg.loc["1973-12", "disputed"]  # drawn once, open
    assert afg.loc["2002", "category"] == "Relations restored"  # the restoration Kwak's 2002 matches
    assert len(relations.timeline(COUNTRIES, YEARS, readings="all")) == 110  # one marker per reading
    kaz = line[line["row"] == "KAZ"].set_index("date_iso")
    assert kaz.loc["2014-06-19", "other_dates"] == "" and not kaz.loc["2014-06-19", "disputed"]  # 2014 agrees
    assert len(line[line["date"] < pd.Timestamp("1987-01-01")]) == 2  # the off-scale note of the print figure
    assert line.loc[line["category"] == "Forum session", "year"].min() == 2007


@states(LESSON, "Kazakhstan and Uzbekistan had leader visits and ROK embassies within the first two years; their "
                "first leader visits (1990 for Kazakhstan, 1992 for Uzbekistan) came before or soon after "
                "relations, and their first ROK embassies both date to 1993 (an encyclopedia gives 1992 for",
        "Kazakhstan's; the Korea Herald's 1993 is preferred)",
        "Kyrgyzstan, Tajikistan and Turkmenistan waited until 2007–2008 for resident ROK missions, and their "
        "presidents' first visits to Korea came in 1997, 2015 and 2008.",
        "The forum row starts in 2007, the same years in which the second wave of embassies opened.")
def test_first_embassies_and_visits():
    steps = relations.milestones(COUNTRIES, YEARS).set_index("country_iso3")
    assert steps.loc["KAZ", "rok_embassy"] == 1993 and steps.loc["UZB", "rok_embassy"] == 1993
    every = relations.milestones(["KAZ"], YEARS, readings="all")
    assert every["rok_embassy"].tolist() == [1992]  # the encyclopedia's reading, kept as the alternative
    first_visit_year = steps["first_visit"]
    assert first_visit_year["KAZ"] == 1990 and first_visit_year["TJK"] == 2015
    assert first_visit_year["UZB"] == 1992 and first_visit_year["KGZ"] == 1997 and first_visit_year["TKM"] == 2008
    assert steps.loc[["KGZ", "TKM", "TJK"], "rok_embassy"].between(2007, 2008).all()
    assert pd.isna(steps.loc["AFG", "rok_embassy"])  # the 2021 closure of the Kabul embassy, but no opening
    assert relations.forum(COUNTRIES, YEARS)["year"].min() == 2007


@states(LESSON, "Afghanistan has no dated ROK embassy opening in the table: only the opening of the Afghan "
                "embassy in Seoul (2004) and the temporary closure of the ROK embassy in Kabul in August 2021.",
        "Yonhap reported on 18 August 2002 that the embassy in Kabul would open on 2 September 2002; the table keeps "
        "that as an announcement, because no report made after the opening has been found.")
def test_afghan_embassies():
    afg = relations.events(["AFG"], YEARS)
    announced = afg[afg["event_type"] == "embassy_opening_announced"]
    assert announced["date_iso"].tolist() == ["2002-09-02"]
    assert load("sources").set_index("source_id").loc[announced["source_id"].iloc[0], "date"] == pd.Timestamp("2002-08-18")
    assert afg.loc[afg["event_type"] == "embassy_opened", "year"].tolist() == [2004]
    assert [f"{d:%B %Y}" for d in afg.loc[afg["event_type"] == "embassy_closed", "date"]] == ["August 2021"]
    assert relations.embassies(["AFG"], YEARS)["direction"].tolist() == [relations.PARTNER_SIDE]


# --- 4 · visits and summits ---------------------------------------------------------------------------------------

@states(LESSON, "For the five republics, 1992–2025, the table holds 56 visits and summits, each counted once at its "
                "preferred reading, after six rows that report a visit already counted are merged into it; two Uzbek "
                "visits that other sources put a year apart (1993, 2004) count in their preferred years.",
        "Uzbekistan has the most (19); Kyrgyzstan and Tajikistan have the fewest, and their first presidential "
        "visits to Korea came late.")
def test_visits_by_country(visits):
    assert len(visits) == 56 and int(visits["merged_rows"].sum()) == 6
    pairs = visits[visits["marking"] == relations.TWO_YEARS]
    assert pairs["country_iso3"].tolist() == ["UZB", "UZB"] and sorted(pairs["other_year"]) == [1993, 2004]
    assert visits["year"].min() == 1992 and visits["year"].max() == 2025
    merged = visits[visits["merged_rows"] > 0]
    assert merged["date_iso"].tolist() == ["2003-11-13", "2004-09-19", "2012-03-26", "1995", "1999", "2015-05-27"]
    assert merged.set_index("date_iso").loc["2015-05-27", "all_source_ids"].count(";") == 1  # and 2015-05-28
    raw = relations.events(FIVE, YEARS, relations.VISIT_TYPES)
    may_2015 = raw[(raw["country_iso3"] == "UZB") & raw["date_iso"].isin(["2015-05-27", "2015-05-28"])]
    assert sorted(may_2015["date_iso"]) == ["2015-05-27", "2015-05-28"]
    by_country = relations.visit_totals(FIVE, YEARS).set_index("country_iso3")["visits"]
    assert by_country.idxmax() == "UZB" and by_country["UZB"] == 19
    assert by_country[["KGZ", "TJK"]].max() < by_country[["KAZ", "UZB", "TKM"]].min()
    group = relations.events(["CA5"], YEARS, relations.VISIT_TYPES)
    assert len(group) == 1  # the one group visit, left out of the five countries' counts


@states(LESSON, "The busiest years, with 5 visits each, are 2019, 2023 and 2024: in 2019 and 2024 Korean presidents "
                "toured the region, in 2023 leaders met at the UN General Assembly and ministers travelled; 9 of "
                "the 34 years from 1992 to 2025 have no recorded visit.")
def test_busiest_years():
    per_year = relations.visits_per_year(FIVE, (1992, 2025))
    busiest = per_year.groupby("year")["visits"].sum()
    assert list(busiest[busiest == busiest.max()].index) == [2019, 2023, 2024] and busiest.max() == 5
    assert (int((busiest == 0).sum()), len(busiest)) == (9, 34)
    assert 1993 in set(busiest[busiest == 0].index)  # Karimov's visit is preferred in 1992, not 1993


def test_two_year_pairs(visits):
    pairs = visits[visits["marking"] == relations.TWO_YEARS]
    pair_years = sorted({tuple(sorted((r.year, r.other_year))) for r in pairs.itertuples()})
    assert pair_years == [(1992, 1993), (2004, 2005)]
    assert pairs["year"].tolist() == [1992, 2005]          # each visit in its preferred year ...
    assert int(pairs["later_dating"].sum()) == 0           # ... counted once
    every = relations.visits(FIVE, YEARS, readings="all")
    assert int(every.loc[every["marking"] == relations.TWO_YEARS, "later_dating"].sum()) == 2


@states(LESSON, "For Uzbekistan it has 13 visits before 2017 against the envoy's 14.",
        "For Kazakhstan it has 10 before December 2017 against 11 summits quoted, and 1 of the 10 rests on a weak "
        "source alone (a 1994 visit by Kim Young-sam from a forum post; Park Geun-hye's 2014 visit, once from a wiki "
        "copy, now rests on the Cheong Wa Dae release).")
def test_summit_counts_against_the_table(visits):
    check = relations.summit_counts(FIVE, YEARS)
    uzb_2017 = check[(check["country_iso3"] == "UZB") & (check["date_iso"] == "2017")].iloc[0]
    kaz_2017 = check[(check["country_iso3"] == "KAZ") & (check["date_iso"] == "2017-12")].iloc[0]
    assert (uzb_2017["value"], uzb_2017["rows_in_table"], uzb_2017["distinct_visits"]) == (14, 13, 13)
    assert (kaz_2017["value"], kaz_2017["rows_in_table"], kaz_2017["weak_rows"]) == (11, 10, 1)
    weak_kaz = visits[(visits["country_iso3"] == "KAZ") & visits["weak"] & (visits["date"] < kaz_2017["date"])]
    assert weak_kaz["year"].tolist() == [1994]
    park = visits[(visits["country_iso3"] == "KAZ") & (visits["year"] == 2014)]
    assert park["source_id"].tolist() == ["d-korea-kr-2014-park-state-luncheon-kazakhstan"]
    every = relations.summit_counts(FIVE, YEARS, readings="all")
    assert every.loc[uzb_2017.name, "rows_in_table"] == 17  # every reading of every visit, corroborating reports too


# --- 5 · embassies ------------------------------------------------------------------------------------------------

@states(LESSON, "For the five republics: Seoul opened embassies in Kazakhstan and Uzbekistan at once, 0–1 years "
                "after relations in Kazakhstan (sources give 1992 or 1993) and 1 year in Uzbekistan (December "
                "1993).",
        "The other three waited 15 or 16 years, until the wave of 2007–2008 that one archival source sums up as "
        "\"embassies in the remaining Central Asian states\".")
def test_rok_embassy_lags(lags):
    rok_lag = lags.xs(relations.ROK_SIDE, level="direction").reindex(FIVE)
    assert rok_lag.loc["KAZ", "min"] == 0 and rok_lag.loc["KAZ", "max"] == 1
    assert rok_lag.loc["KAZ", "years"] == "1992–1993"
    assert rok_lag.loc["UZB", "min"] == 1 and rok_lag.loc["TJK", "min"] == 16
    assert (rok_lag.loc[["KGZ", "TKM"], ["min", "max"]].values == [[15, 16], [15, 16]]).all()
    emb = relations.embassies(FIVE, YEARS)
    uzb_emb = emb[(emb["country_iso3"] == "UZB") & (emb["direction"] == relations.ROK_SIDE)]
    assert [f"{d:%B %Y}" for d in uzb_emb["date"]] == ["December 1993"]
    wave = relations.events(["CA5"], YEARS, ["embassy_opened"])
    assert wave["label"].str.contains("remaining Central Asian states").tolist() == [True]
    assert wave["year"].tolist() == [2007]


@states(LESSON, "The Dushanbe embassy of 2008 was, by a 2021 report, a branch office until it was raised to a full "
                "embassy in March 2021.",
        "In the other direction, Kazakhstan and Uzbekistan opened embassies in Seoul in the mid-1990s, Turkmenistan "
        "and Tajikistan only in 2013 and 2015.")
def test_partner_embassies_and_dushanbe():
    emb = relations.embassies(FIVE, YEARS)
    partner_years = (emb[emb["direction"] == relations.PARTNER_SIDE].groupby("country_iso3")["year"]
                     .agg(["min", "max"]))
    assert partner_years.loc[["KAZ", "UZB"]].values.min() >= 1995
    assert partner_years.loc[["KAZ", "UZB"]].values.max() <= 1996
    assert partner_years.loc["TKM", "min"] == 2013 and partner_years.loc["TJK", "min"] == 2015
    tjk = relations.events(["TJK"], YEARS)
    tjk_full = tjk[tjk["label"].str.contains("full embassy")]
    assert [f"{d:%B %Y}" for d in tjk_full["date"]] == ["March 2021"]
    assert relations.milestones(["TJK"], YEARS)["rok_embassy"].tolist() == [2008]


# --- 6 · the forum ------------------------------------------------------------------------------------------------

@states(LESSON, "For the forum of all five republics, 2007–2024, the table has 17 rows for 14 of the first 17 "
                "sessions; the 2nd, 4th and 5th are missing, so gaps in the dots are gaps in our sources, not years "
                "without a forum.",
        "Most sessions met in Korea; four met in the region (Bishkek, Nur-Sultan, Dushanbe and Ashgabat).",
        "Three sessions have two rows: for the 1st the sources give different participant numbers, for the 8th "
        "different venues (Jeju or Seoul), for the 12th different days.")
def test_forum_sessions(sessions):
    forum = relations.forum(COUNTRIES, YEARS)
    assert forum["host"].notna().all(), forum.loc[forum["host"].isna(), "label"]
    assert len(forum) == 17 and (forum["year"].min(), forum["year"].max()) == (2007, 2024)
    assert len(sessions) == 14 and sessions.index.max() == 17
    assert relations.missing_sessions(sessions) == [2, 4, 5]
    abroad = sessions[sessions["hosts"] != "KOR"]
    assert len(abroad) == 4
    assert abroad["cities"].tolist() == ["Bishkek", "Nur-Sultan", "Dushanbe", "Ashgabat"]
    multi = sessions[sessions["rows"] > 1]
    assert list(multi.index) == [1, 8, 12] and multi.loc[8, "cities"] == "Jeju or Seoul"


@states(LESSON, "A permanent secretariat opened in Seoul in 2017, a year later than the 2015 Seoul Declaration had "
                "planned.")
def test_secretariat_and_declaration():
    forum = relations.forum(COUNTRIES, YEARS)
    declaration = forum[forum["label"].str.contains("Seoul Declaration")]
    assert declaration["year"].tolist() == [2015]
    assert relations.secretariat()["year"].tolist() == [2017]


# --- the policy context: Nordpolitik, the hostage crisis, the reconstruction team ----------------------------------

@states(LESSON, "The events table codes the declaration to the USSR (SUN), the partner Seoul was addressing in 1988, "
                "and keeps the normalisation of 30 September 1990 as a row of its own")
def test_nordpolitik_is_a_sun_row_apart_from_the_normalisation(contacts):
    sun = relations.events(["SUN"], YEARS)
    assert sorted(sun["event_type"].astype(str).unique()) == ["initiative", "relations_established"]
    assert set(sun.loc[sun["event_type"] == "initiative", "date_iso"]) == {"1988-07-07"}
    assert not (contacts["event_type"] == "initiative").any()  # not counted among the contacts


@states(LESSON, "On 19 July 2007 the Taliban seized 23 Korean church volunteers on the road from Kabul to Kandahar in "
                "Ghazni province (The Dong-A Ilbo, citing the Foreign Ministry).",
        "the last seven hostages were freed on 30 August")
def test_the_hostage_crisis():
    afg = relations.events(["AFG"], YEARS, ["other"]).set_index("fact_id")
    assert afg.loc["afg-other-2007-07-19", "value"] == 23
    freed = afg.loc["afg-other-2007-08-30"]
    assert freed.loc[freed["preferred"].astype(bool), "date_iso"].tolist() == ["2007-08-30"]
    assert set(freed["value"]) == {7}


@states(LESSON, "the army formed the Ashena unit of 320 for the task in May",
        "The PRT worked in Parwan province from July 2010 until a closing ceremony on 23 June 2014")
def test_the_reconstruction_team():
    afg = relations.events(["AFG"], YEARS, ["other"]).set_index("fact_id")
    assert (afg.loc["afg-other-2010-05", "value"], afg.loc["afg-other-2010-05", "date_iso"]) == (320, "2010-05")
    prt = afg.loc["afg-other-2010-07"]
    assert (prt["date_iso"], prt["end_date_iso"]) == ("2010-07", "2014-06-23")


# --- the region map ----------------------------------------------------------------------------------------------

@states(LESSON, "For the five republics and Afghanistan, 1973–2025, the map puts five of the six dates in the first "
                "four months of 1992, from 28 January (Kazakhstan) to 27 April (Tajikistan), and sets Afghanistan "
                "apart with 1973, the only date before the Soviet Union broke up.",
        "The 2002 that Kwak's essay gives is not drawn; the caption names it.")
def test_region_map_dates():
    from korea_central_asia.charts import maps

    dates = relations.established_preferred(COUNTRIES, YEARS).set_index("successor_iso3")
    in_1992 = dates[dates["year"] == 1992]
    assert len(dates) == 6 and len(in_1992) == 5 and in_1992["date"].dt.month.max() <= 4
    assert in_1992["date"].idxmin() == "KAZ" and in_1992["date"].min() == pd.Timestamp("1992-01-28")
    assert in_1992["date"].idxmax() == "TJK" and in_1992["date"].max() == pd.Timestamp("1992-04-27")
    assert dates.loc["AFG", "date_iso"] == "1973-12" and dates.loc["AFG", "other_dates"] == "2002"
    assert dates["year"].drop("AFG").min() > 1991  # the USSR ended in December 1991
    chart = maps.region_map(COUNTRIES, YEARS)
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert "Afghanistan\nDec 1973" in texts and not any("2002" in t for t in texts)
    assert "Afghanistan another reading gives 2002" in chart.caption
