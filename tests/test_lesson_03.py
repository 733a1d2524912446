"""The numbers lesson 03 (people: the deportation, the census series, Central Asians in Korea, visitors) states,
held against `series.people` for the lesson's default view: the five republics, 1926–2026."""
from __future__ import annotations

import pytest

from korea_central_asia.data import load
from korea_central_asia.series import people
from tests.pins import states

LESSON = "03-diaspora"
COUNTRIES = ["KAZ", "UZB", "KGZ", "TJK", "TKM"]
YEARS = (1926, 2026)
ARCHIVAL = "p-pohl-2009-last-train-west"  # the Yezhov report's split by destination, via the archives


def deportation(measure=None):
    return people.deportation(COUNTRIES, YEARS, measures=measure)


def values(frame):
    return sorted(int(v) if float(v).is_integer() else float(v) for v in frame["value"])


def claim(claim_id):
    return people.claims([claim_id]).iloc[0]


# --- 1 · the deportation of 1937 ---------------------------------------------------------------------------------

@states(LESSON, "For the five republics, 1926–2026, the data holds 18 figures of the 1937 deportation.")
def test_eighteen_deportation_figures_all_of_1937():
    rows = deportation()
    assert len(rows) == 18
    assert rows["year"].nunique() == 1 and people.deportation_year() == 1937
    assert "1937-10-25" in set(rows["date_iso"].dropna())  # the date of Yezhov's completion report


@states(LESSON, "Persons: the figures run from 171,781 to ≈180,000.",
        "The archival 171,781 (in Yezhov's report) and 172,597 (Jon K. Chang) differ by 816 people, the "
        "deportees on the last trains counted after that report.")
def test_persons_deported():
    rows = deportation("deportation_persons").sort_values("value")
    assert rows["stated"].iloc[0] == "171,781" and rows["stated"].iloc[-1] == "≈180,000"
    assert {171781, 172597} <= set(values(rows))
    assert 172597 - 171781 == 816
    later = rows[rows["value"] == 172597]["source_id"].iloc[0]
    assert people.source_label(later) == "Jon K. Chang"
    assert claim("deportation-persons-1937")["value"] == 171781


@states(LESSON, "Families: 36,442 in Yezhov's report, 36,681 with the later trains (239 more).")
def test_families_deported():
    assert values(deportation("deportation_families")) == [36442, 36681]
    assert 36681 - 36442 == 239
    assert claim("deportation-families-1937")["value"] == 36442


@states(LESSON, "By destination, the archival split is 95,256 to the Kazakh SSR and 76,525 to the Uzbek SSR, "
                "which add up to exactly 171,781, the total in Lee's column.")
def test_the_archival_split_by_destination_adds_up_to_the_seed_total():
    rows = deportation("deportation_persons_by_destination")
    archival = rows[rows["source_id"] == ARCHIVAL].set_index("place")["value"]
    assert archival.to_dict() == {"SU-KAZ": 95256, "SU-UZB": 76525}
    assert set(rows.loc[rows["source_id"] == ARCHIVAL, "country_iso3"]) == {"KAZ", "UZB"}  # successor codes
    assert archival.sum() == 171781 == claim("deportation-persons-1937")["value"]
    assert claim("deportation-persons-1937")["source_id"] == "lee-2019"  # Lee's column


@states(LESSON, "Trains: 124 trains (Wikipedia), each of about 50 carriages (LiquiSearch, a weak source).",
        'Lee\'s "124 train cars" confuses trains with carriages: 124 trains of about 50 carriages make some '
        "6,200 carriages.")
def test_trains_are_not_train_cars():
    trains = deportation("deportation_trains")
    carriages = deportation("deportation_carriages_per_train")
    assert values(trains) == [124] and people.source_label(trains["source_id"].iloc[0]) == "Wikipedia"
    assert carriages["stated"].tolist() == ["≈50"]
    assert people.source_label(carriages["source_id"].iloc[0]) == "LiquiSearch*"
    assert trains["value"].iloc[0] * carriages["value"].iloc[0] == 6200 > 1000
    seed = claim("deportation-train-cars-1937")
    assert seed["value"] == 124 and seed["unit"] == "train cars"


@states(LESSON, "Deaths: 4 estimates from ≈16,500 to 50,000; as a share of the deportees, ≈10% against 16.3%.")
def test_deaths():
    deaths = deportation("deportation_deaths_estimate").sort_values("value")
    assert len(deaths) == 4 and deaths["stated"].iloc[0] == "≈16,500" and deaths["stated"].iloc[-1] == "50,000"
    share = deportation("deportation_mortality_percent").sort_values("value")
    assert [people.stated(v, q, "%") for v, q in zip(share["value"], share["qualifier"])] == ["≈10%", "16.3%"]


def test_the_deportation_chart_draws_every_figure_and_every_seed_claim():
    from korea_central_asia.charts import people as people_charts

    chart = people_charts.deportation(COUNTRIES, YEARS)
    assert sum(len(t.x) for t in chart.interactive.data) == 18 + 3


@states(LESSON, "Kwak (2021) claims that more than 100,000 people travel between the two regions every year.")
def test_the_seed_claim_on_travel():
    row = claim("people-flows-annual")
    assert row["value"] == 100000 and row["qualifier"] == "more_than"


# --- 2 · the census --------------------------------------------------------------------------------------------

def census_count(state, year):
    return values(people.census([state], (year, year)))


@states(LESSON, "The Koryo-saram in the census, 1926–2021",
        "Soviet censuses counted Koreans by republic in 1926, 1939, 1959, 1970, 1979 and 1989")
def test_the_census_rounds_and_the_span_of_the_series():
    assert people.union_rounds() == [1926, 1939, 1959, 1970, 1979, 1989]
    counts = people.census(COUNTRIES, YEARS)
    assert counts["year"].min() == 1926 and counts["year"].max() == 2021


@states(LESSON, "Before 1937 almost no Koreans lived in the region: the 1926 census counted 42 in the Kazakh SSR "
                "and ≈30 in the Uzbek SSR.",
        "In 1939, after the deportation, the Kazakh SSR counted 96,453 or 96,457 (two sources differ by 4).")
def test_before_and_after_the_deportation():
    assert census_count("KAZ", 1926) == [42]
    assert people.census(["UZB"], (1926, 1926))["stated"].tolist() == ["≈30"]
    kaz_1939 = people.census(["KAZ"], (1939, 1939))
    assert values(kaz_1939) == [96453, 96457] and kaz_1939["source_id"].nunique() == 2
    assert set(kaz_1939["place"]) == {"SU-KAZ"}
    assert 96457 - 96453 == 4


@states(LESSON, "The last All-Union census (1989) counted 183,140 in the Uzbek SSR and 103,315 in the Kazakh SSR.",
        "Kwak (2021), reading Korea's diplomatic documents of 1990, says Korea then believed that 200,000 and "
        "100,000 lived there: round numbers close to the census.")
def test_the_1989_census_and_what_korea_believed():
    assert (census_count("KAZ", 1989), census_count("UZB", 1989)) == ([103315], [183140])
    believed = people.claims(["koryo-saram-kaz-1990", "koryo-saram-uzb-1990"])
    assert tuple(believed["value"]) == (100000, 200000) and set(believed["source_id"]) == {"kwak-2021"}
    assert str(load("sources").set_index("source_id").loc["kwak-2021", "date"])[:4] == "2021"  # Kwak (2021)


@states(LESSON, "Kazakhstan has held censuses since independence; its 2021 count, 118,450, is 15% above 1989.")
def test_kazakhstan_since_independence():
    counts = people.census(["KAZ"], YEARS)
    last = int(counts["year"].max())
    assert last == 2021 and census_count("KAZ", last) == [118450]
    assert f"{118450 / 103315 - 1:.0%}" == "15%"
    assert {1999, 2009, 2021} <= set(people.census_rounds("KAZ"))


@states(LESSON, "Uzbekistan has no census count after 1989 in the data, so its line ends there; the 17 estimates "
                "and Korean foreign-ministry counts since range from 163,000 to 240,000, too wide to read a trend "
                "from.")
def test_uzbekistan_after_1989_has_estimates_only():
    assert people.census(["UZB"], (1990, YEARS[1])).empty
    estimates = people.estimates(["UZB"], (1990, YEARS[1]))
    assert len(estimates) == 17 and (values(estimates)[0], values(estimates)[-1]) == (163000, 240000)


@states(LESSON, "Tajikistan's count fell from 13,431 (1989) to 634 (2010), 4.7% of the 1989 figure.")
def test_tajikistan():
    assert (census_count("TJK", 1989), census_count("TJK", 2010)) == ([13431], [634])
    assert f"{634 / 13431:.1%}" == "4.7%"


@states(LESSON, "Kyrgyzstan and Turkmenistan have no census count of Koreans in the data at all, only estimates.")
def test_kyrgyzstan_and_turkmenistan_have_estimates_only():
    for state in ("KGZ", "TKM"):
        assert people.census([state], YEARS).empty and not people.estimates([state], YEARS).empty
        series = people.census_series([state], YEARS)
        assert len(series) and not series["counted"].any() and series["value"].isna().all()  # gaps, not zeros


@states(LESSON, "For the USSR as a whole, the data has three census figures: 357,507 in 1970, >389,000 in 1979 and "
                "≈439,000 in 1989.")
def test_the_ussr_as_a_whole():
    union = people.union_census(YEARS)
    assert list(zip(union["year"], union["stated"])) == [(1970, "357,507"), (1979, ">389,000"), (1989, "≈439,000")]


# --- 3 · Central Asians and Koryo-saram living in Korea ----------------------------------------------------------

MOJ = "p-moj-foreign-residents-by-nationality"


@states(LESSON, "Uzbeks are by far the largest group.",
        "The Ministry of Justice counted 68,433 at the end of 2018 and 75,320 at the end of 2019, then 65,205 in "
        "2020, the first pandemic year; 79,136 by 2022.")
def test_uzbek_nationals_in_korea():
    rows = people.in_korea(COUNTRIES, YEARS, side="Korean official")
    moj = rows[rows["source_id"] == MOJ].set_index("year")["value"]
    assert set(rows.loc[rows["source_id"] == MOJ, "place"]) == {"UZB"}
    assert (moj[2018], moj[2019], moj[2020]) == (68433, 75320, 65205) and moj[2020] < moj[2019]
    assert moj.index.max() == 2022 and moj[2022] == 79136
    residents = rows[rows["measure"] == "nationals_residing_in_korea"]
    largest = residents.groupby("place")["value"].max()
    assert largest.idxmax() == "UZB"


@states(LESSON, "Kazakh nationals: Korean counts of 643 (2010), 30,525 (2018) and ≈30,000 (2025); Kazakh government "
                "figures of 7,000 (2016), 35,000 (2020), >30,000 (2024) and 15,000 (2025).")
def test_kazakh_nationals_from_both_sides_kept_apart():
    rows = people.in_korea(["KAZ"], YEARS)
    korea = rows[rows["measure"] == "nationals_residing_in_korea"]
    origin = rows[rows["measure"] == "nationals_residing_in_korea_origin_govt"]
    assert list(zip(korea["year"], korea["stated"])) == [(2010, "643"), (2018, "30,525"), (2025, "≈30,000")]
    assert list(zip(origin["year"], origin["stated"])) == [(2016, "7,000"), (2020, "35,000"), (2024, ">30,000"),
                                                           (2025, "15,000")]
    assert set(korea["side"]) == {"Korean official"} and set(origin["side"]) == {"origin government"}


@states(LESSON, "Kyrgyz nationals, 2017: two Kyrgyz agencies give 5,000 and 14,000 in the same year: the migration "
                "service and the foreign ministry count different things.")
def test_two_kyrgyz_agencies_in_2017():
    rows = people.in_korea(["KGZ"], (2017, 2017), side="origin government")
    assert values(rows) == [5000, 14000] and rows["source_id"].nunique() == 2


@states(LESSON, "Koryo-saram of all former-Soviet nationalities living in Korea rose from 2,392 (2007) to 108,987 "
                "(2023) in a blog table whose source is not named; for 2017 it gives 64,325 where JoongAng Daily "
                "says ≈40,000, and Hanin News gives ≈80,000 in January 2020.")
def test_koryo_saram_living_in_korea():
    union = people.returnees(COUNTRIES, YEARS).query("place == 'SUN'").sort_values("year", kind="stable")
    assert (union["year"].iloc[0], union["value"].iloc[0]) == (2007, 2392)
    assert (union["year"].iloc[-1], union["value"].iloc[-1]) == (2023, 108987)
    in_2017 = union[union["year"] == 2017]
    assert len(in_2017) == 2 and values(in_2017) == [40000, 64325]
    assert sorted(in_2017["stated"]) == ["64,325", "≈40,000"]
    in_2020 = union[union["year"] == 2020]
    assert in_2020["stated"].tolist() == ["≈80,000"] and in_2020["date_iso"].tolist() == ["2020-01"]
    assert in_2020["source_id"].tolist() == ["p-haninnews-2020-koryoin-special-act"]


def test_the_in_korea_chart_draws_every_row():
    from korea_central_asia.charts import people as people_charts

    chart = people_charts.in_korea(COUNTRIES, YEARS)
    plotted = sum(v is not None for t in chart.interactive.data for v in t.x)
    assert plotted == len(people.in_korea(COUNTRIES, YEARS)) + len(people.returnees(COUNTRIES, YEARS)) == 39 + 15


# --- 4 · students and visitors -----------------------------------------------------------------------------------

@states(LESSON, "12 of the 19 student and visitor counts cover only part of a year.")
def test_part_year_counts():
    flows = people.flows(COUNTRIES, YEARS)
    part = flows[flows["period"] == "part_year"]
    assert (len(part), len(flows)) == (12, 19)
    assert (part["months"] != "part year").all()  # every part-year count names its months


@states(LESSON, "Full-year counts of Kazakh visitors to Korea: ≈15,000 (2014), 52,966 (2019) and 54,893 (2024).")
def test_full_year_kazakh_visitors():
    rows = people.flows(["KAZ"], YEARS, measures=["visitors_to_korea"], period="year")
    assert list(zip(rows["year"], rows["stated"])) == [(2014, "≈15,000"), (2019, "52,966"), (2024, "54,893")]
    annual = people.annual_flows(["KAZ"], YEARS, measures=["visitors_to_korea"]).dropna(subset=["value"])
    assert list(annual["year"]) == [2014, 2019, 2024]  # the 2025 part-year count never enters the annual series


@states(LESSON, "For visitors from Korea to Uzbekistan in 2025 the data has 10,800 (January–April) and 46,300 (the "
                "full year): the part-year figure is a fraction of the year, not a competing annual count.")
def test_uzbekistan_2025_part_and_full_year():
    rows = people.flows(["UZB"], (2025, 2025), measures=["visitors_from_korea"])
    assert list(zip(rows["stated"], rows["months"], rows["period"].astype(str))) == [
        ("10,800", "Jan–Apr", "part_year"), ("46,300", "", "year")]
    annual = people.annual_flows(["UZB"], (2025, 2025), measures=["visitors_from_korea"])
    assert list(annual["value"]) == [46300]


@states(LESSON, "Students: 1,516 from Kazakhstan (2024) and 11,974 from Uzbekistan (2023).")
def test_students():
    rows = people.flows(COUNTRIES, YEARS, measures=["students_in_korea"])
    assert list(zip(rows["place"], rows["year"], rows["value"])) == [("KAZ", 2024, 1516), ("UZB", 2023, 11974)]


def test_the_visitors_chart_draws_every_visitor_count_once():
    from korea_central_asia.charts import people as people_charts

    chart = people_charts.visitors(COUNTRIES, YEARS)
    drawn = sum(v is not None for t in chart.interactive.data if t.mode != "text" for v in t.y)
    assert drawn == 3 * len(people.flows(COUNTRIES, YEARS, measures=people.VISIT_MEASURES)) == 3 * 17


@pytest.mark.parametrize("chart", ["deportation", "census", "in_korea", "visitors"])
def test_a_selection_without_data_gives_no_data_not_a_traceback(chart):
    from korea_central_asia.charts import people as people_charts

    empty = getattr(people_charts, chart)(["KAZ"], (2030, 2035))
    assert empty.no_data and empty.no_data.startswith("no data for Kazakhstan in 2030–2035")


# --- the deportation map -----------------------------------------------------------------------------------------

@states(LESSON, "For the five republics, 1926–2026, the map has two destinations: 95,256 persons went to the Kazakh "
                "SSR and 76,525 to the Uzbek SSR, by the split of Yezhov's report.")
def test_deportation_map_destinations():
    from korea_central_asia.charts import maps

    rows = people.deportation_destinations(COUNTRIES, YEARS)
    assert list(zip(rows["place"], rows["value"])) == [("SU-KAZ", 95256), ("SU-UZB", 76525)]
    assert set(rows["source_id"]) == {ARCHIVAL}
    assert "Yezhov report" in rows["notes"].iloc[0]
    chart = maps.deportation_map(COUNTRIES, YEARS)
    texts = [t.get_text() for t in chart.figure.axes[0].texts]
    assert "Kazakh SSR\n95,256 persons" in texts and "Uzbek SSR\n76,525 persons" in texts
    assert "no figure by destination for Kyrgyzstan, Tajikistan and Turkmenistan" in chart.caption
