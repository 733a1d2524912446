"""Names by period: a row is shown under the name its territory had in the row's year, and codes stay territorial."""
from __future__ import annotations

import pytest
from korea_central_asia import load, validate
from korea_central_asia.series import country_label, people, place_names


@pytest.mark.parametrize("code, year, name", [
    ("SU-KAZ", 1920, "Kirghiz ASSR (RSFSR)"),
    ("SU-KAZ", 1924, "Kirghiz ASSR (RSFSR)"),
    ("SU-KAZ", 1925, "Kazak ASSR (RSFSR)"),    # renamed in June 1925: a year takes the name in force at its end
    ("SU-KAZ", 1926, "Kazak ASSR (RSFSR)"),
    ("SU-KAZ", 1935, "Kazak ASSR (RSFSR)"),
    ("SU-KAZ", 1937, "Kazakh SSR"),
    ("SU-KGZ", 1924, "Kara-Kirghiz Autonomous Oblast (RSFSR)"),
    ("SU-KGZ", 1925, "Kirghiz Autonomous Oblast (RSFSR)"),
    ("SU-KGZ", 1926, "Kirghiz ASSR (RSFSR)"),
    ("SU-KGZ", 1989, "Kirghiz SSR"),
    ("SU-UZB", 1926, "Uzbek SSR"),             # no period in the table: the name in `countries`
    ("SU-TJK", 1926, "Tajik ASSR (Uzbek SSR)"),
    ("SU-TJK", 1929, "Tajik SSR"),
    ("SUN", 1970, "USSR"),
    ("SUN", 1991, "USSR"),
    ("SUN", 1992, "former USSR"),
    ("SUN", 2019, "former USSR"),
    ("KAZ", 1897, "Russian Empire: Steppe Governorate-General and neighbouring oblasts (present-day Kazakhstan)"),
    ("UZB", 1897, "Russian Empire: Turkestan Governorate-General and the protectorates of Bukhara and Khiva "
                  "(present-day Uzbekistan)"),
    ("KAZ", 2021, "Kazakhstan"),
])
def test_a_code_is_named_as_in_its_year(code, year, name):
    assert country_label(code, year) == name


def test_country_label_without_a_year_is_unchanged():
    assert country_label(["KGZ", "TJK"]) == "Kyrgyzstan and Tajikistan"
    assert country_label(["KAZ", "UZB", "KGZ", "TJK", "TKM"]) == "the five republics"
    assert country_label(["KAZ"]) == country_label("KAZ") == "Kazakhstan"
    assert country_label(["SU-KAZ", "SU-KGZ"], 1926) == "Kazak ASSR (RSFSR) and Kirghiz ASSR (RSFSR)"


def test_names_in_korean_and_russian_and_a_gap_year():
    assert place_names(["SU-KAZ", "SUN", "SU-KAZ"], [1926, 2010, None], "ru") == [
        "Казакская АССР (РСФСР)", "бывший СССР", "Казахская ССР"]
    assert place_names(["SUN"], [2010], "ko") == ["구소련"]
    with pytest.raises(ValueError, match="language must be"):
        place_names(["KAZ"], [2000], "de")


def test_every_period_is_sourced_and_none_rests_on_a_weak_source():
    names = load("country_names")
    tier = dict(zip(load("sources")["source_id"], load("sources")["tier"].astype(str)))
    assert len(names) == 12 and names["source_id"].map(tier).isin(["scholarly", "encyclopedia"]).all()
    assert tier[names.loc[names["iso3"] == "UZB", "source_id"].iloc[0]] == "scholarly"


def test_the_people_series_carry_the_name_of_the_rows_year():
    census = people.census(countries=["KAZ", "UZB"], years=(1897, 1939)).set_index(["place", "year"])
    assert census.loc[("SU-KAZ", 1926), "place_name"] == "Kazak ASSR (RSFSR)"
    assert census.loc[("SU-UZB", 1926), "place_name"] == "Uzbek SSR"
    assert census.loc[("KAZ", 1897), "place_name"].startswith("Russian Empire: Steppe Governorate-General")
    assert census.loc[("UZB", 1897), "place_name"].startswith("Russian Empire: Turkestan Governorate-General")
    assert set(census.loc[(slice(None), 1939), "place_name"]) == {"Kazakh SSR", "Uzbek SSR"}
    returnees = people.returnees(countries=[], years=(2007, 2023))
    assert len(returnees) == 14 and set(returnees["place_name"]) == {"former USSR"}
    series = people.census_series(countries=["KGZ"], years=(1926, 1939)).set_index("year")
    # a round held with no count is named after the republic that held it
    assert series.loc[1926, "place_name"] == "Kirghiz ASSR (RSFSR)" and not series.loc[1926, "counted"]
    assert series.loc[1939, "place_name"] == "Kirghiz SSR"


def _append(path, line):
    text = path.read_text(encoding="utf-8")
    path.write_text(text + line + "\n", encoding="utf-8")


def test_overlapping_periods_are_refused_with_their_lines(data_copy):
    path = data_copy / "country_names.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    first = next(n for n, l in enumerate(lines, start=1) if l.startswith("SU-KAZ,1925,"))
    last = next(n for n, l in enumerate(lines, start=1) if l.startswith("SU-KAZ,1936,"))
    _append(path, "SU-KAZ,1930,1931,Test name,테스트,Тест,w-en-kazakh-assr,")
    _append(path, "SUN,1995,1993,Test name,테스트,Тест,w-en-dissolution-soviet-union,")
    added = len(lines) + 1
    assert [str(p) for p in validate(data_copy)] == [
        f"country_names.csv:{added}: from_year: SU-KAZ from 1930 overlaps the period from 1925 on line {first} "
        "(to 1935)",
        f"country_names.csv:{added + 1}: to_year: 1993 is before the first year 1995"]
    assert first < last


def test_a_period_after_an_open_one_is_refused(data_copy):
    path = data_copy / "country_names.csv"
    lines = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
    open_line = next(n for n, l in enumerate(lines, start=1) if l.startswith("SUN,1992,,"))
    _append(path, "SUN,2000,2001,Test name,테스트,Тест,w-en-dissolution-soviet-union,")
    assert [str(p) for p in validate(data_copy)] == [
        f"country_names.csv:{len(lines) + 1}: from_year: SUN from 2000 overlaps the period from 1992 on line "
        f"{open_line} (which has no last year)"]


def test_the_census_chart_names_each_round_by_the_territory_of_its_year():
    from korea_central_asia.charts import people as people_charts

    chart = people_charts.census(["KAZ"], (1890, 2030))
    trace = next(t for t in chart.interactive.data if t.name == "Kazakhstan, census")
    names = dict(zip(trace.x, trace.customdata[:, 0]))
    assert names[1926] == "Kazak ASSR (RSFSR)" and names[1989] == "Kazakh SSR" and names[2009] == "Kazakhstan"
    assert names[1897].startswith("Russian Empire: Steppe Governorate-General")
