"""The rules of `series.people`, each on a small hand-made table (never today's data)."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from korea_central_asia.charts import people as people_charts
from korea_central_asia.series import people

COLUMNS = ["year", "place", "counted_in", "measure", "qualifier", "value", "unit", "period", "source_id", "notes"]


def table(*rows) -> pd.DataFrame:
    """A diaspora table from (year, place, counted_in, measure, value, period, source_id[, notes, qualifier])."""
    out = []
    for row in rows:
        year, place, counted_in, measure, value, period, source_id, *rest = row
        notes = rest[0] if rest else ""
        qualifier = rest[1] if len(rest) > 1 else "exact"
        out.append((year, place, counted_in, measure, qualifier, float(value), "persons", period, source_id, notes))
    frame = pd.DataFrame(out, columns=COLUMNS)
    return frame.astype({"year": "Int64", "place": "string", "counted_in": "string", "source_id": "string",
                         "notes": "string", "measure": "category", "qualifier": "category", "period": "category"})


CENSUS = table(
    (1979, "SU-KAZ", "SU-KAZ", "census_count", 91984, "point", "src-a"),
    (1989, "SU-UZB", "SU-UZB", "census_count", 183140, "point", "src-b"),   # makes 1989 an All-Union round
    (1939, "SU-KAZ", "SU-KAZ", "census_count", 96453, "point", "src-a"),
    (1939, "SU-KAZ", "SU-KAZ", "census_count", 96457, "point", "src-c"),   # a conflicting reading of 1939
    (1999, "KAZ", "KAZ", "census_count", 99665, "point", "src-d"),
    (1991, "SU-UZB", "SU-UZB", "estimate", 163000, "point", "src-e"),
)


# --- a Soviet republic's rows follow its successor ---------------------------------------------------------------

def test_a_soviet_republic_row_follows_its_successor_and_keeps_its_place():
    rows = people.census(countries=["KAZ"], data=CENSUS)
    assert set(rows["country_iso3"]) == {"KAZ"}
    assert sorted(zip(rows["year"], rows["place"])) == [(1939, "SU-KAZ"), (1939, "SU-KAZ"), (1979, "SU-KAZ"),
                                                        (1999, "KAZ")]
    assert "SU-KAZ" not in set(people.census(countries=["UZB"], data=CENSUS)["place"])


def test_an_estimate_for_a_soviet_republic_follows_its_successor():
    rows = people.estimates(countries=["UZB"], data=CENSUS)
    assert list(zip(rows["country_iso3"], rows["place"], rows["year"])) == [("UZB", "SU-UZB", 1991)]


def test_deportation_destinations_follow_the_successor_and_union_rows_stay_union_wide():
    data = table((1937, "SU-KAZ", "SU-KAZ", "deportation_persons_by_destination", 95256, "part_year", "src-a"),
                 (1937, "SU-UZB", "SU-UZB", "deportation_persons_by_destination", 76525, "part_year", "src-a"),
                 (1937, "SUN", "SUN", "deportation_persons", 171781, "part_year", "src-a"))
    kaz = people.deportation(countries=["KAZ"], union=False, data=data)
    assert list(zip(kaz["country_iso3"], kaz["place"])) == [("KAZ", "SU-KAZ")]
    assert set(people.deportation(countries=["KAZ"], data=data)["place"]) == {"SU-KAZ", "SUN"}


# --- a gap between census rounds stays a gap ---------------------------------------------------------------------

def test_a_round_held_without_a_count_stays_a_gap_not_a_zero_nor_an_interpolation():
    series = people.census_series(countries=["KAZ"], data=CENSUS)
    assert sorted(set(series["year"])) == [1939, 1979, 1989, 1999]        # rounds held only, no years between
    gap = series[series["year"] == 1989]
    assert len(gap) == 1 and not gap["counted"].iloc[0] and math.isnan(gap["value"].iloc[0])
    assert 1989 not in set(people.census(countries=["KAZ"], data=CENSUS)["year"])


def test_the_census_line_never_crosses_a_gap():
    segments = people_charts.census_segments(people.census_series(countries=["KAZ"], data=CENSUS), "KAZ")
    joined = {(a, b) for (a, _), (b, _) in segments}
    assert joined == {(1939, 1979)}                                       # 1979–1989 and 1989–1999 stay open


def test_a_state_that_was_no_soviet_republic_holds_no_all_union_round():
    assert people.census_rounds("AFG", data=CENSUS) == []
    assert people.census_rounds("KAZ", data=CENSUS) == [1939, 1979, 1989, 1999]


# --- conflicting readings are all returned -----------------------------------------------------------------------

def test_conflicting_census_readings_are_both_returned_with_their_sources():
    rows = people.census(countries=["KAZ"], years=(1939, 1939), data=CENSUS)
    assert sorted(zip(rows["value"], rows["source_id"])) == [(96453.0, "src-a"), (96457.0, "src-c")]
    series = people.census_series(countries=["KAZ"], years=(1939, 1939), data=CENSUS)
    assert sorted(series["value"]) == [96453.0, 96457.0]


def test_conflicting_deportation_readings_are_both_returned():
    data = table((1937, "SUN", "SUN", "deportation_persons", 171781, "part_year", "src-a"),
                 (1937, "SUN", "SUN", "deportation_persons", 172597, "part_year", "src-b"),
                 (1937, "SUN", "SUN", "deportation_persons", 180000, "part_year", "src-c", "", "about"))
    rows = people.deportation(measures="deportation_persons", data=data)
    assert sorted(zip(rows["value"], rows["source_id"])) == [(171781.0, "src-a"), (172597.0, "src-b"),
                                                             (180000.0, "src-c")]
    assert list(rows["stated"]) == ["171,781", "172,597", "≈180,000"]


# --- a part-year count never enters an annual series -------------------------------------------------------------

VISITS = table(
    (2019, "KAZ", "KOR", "visitors_to_korea", 52966, "year", "src-a"),
    (2020, "KAZ", "KOR", "visitors_to_korea", 10000, "part_year", "src-b", "Jan–Jun"),  # no full year in 2020
    (2021, "KAZ", "KOR", "visitors_to_korea", 40000, "year", "src-a"),
    (2021, "KAZ", "KOR", "visitors_to_korea", 30000, "part_year", "src-b", "Jan–Sep"),  # beside a full year
)


def test_a_part_year_count_never_enters_an_annual_series():
    annual = people.annual_flows(countries=["KAZ"], years=(2019, 2021), measures=["visitors_to_korea"],
                                 span="years", data=VISITS)
    assert list(annual["year"]) == [2019, 2020, 2021]
    assert math.isnan(annual.loc[annual["year"] == 2020, "value"].iloc[0])          # a gap, not 10,000
    assert list(annual.loc[annual["year"] == 2021, "value"]) == [40000.0]            # not 30,000, not 70,000
    assert set(people.flows(countries=["KAZ"], period="year", data=VISITS)["period"]) == {"year"}


def test_an_annual_series_runs_from_the_first_to_the_last_full_year_count_by_default():
    annual = people.annual_flows(countries=["KAZ"], years=(2000, 2030), measures=["visitors_to_korea"], data=VISITS)
    assert list(annual["year"]) == [2019, 2020, 2021] and list(annual["source_id"].isna()) == [False, True, False]


def test_a_part_year_count_keeps_its_months():
    rows = people.flows(countries=["KAZ"], period="part_year", data=VISITS)
    assert list(rows["months"]) == ["Jan–Jun", "Jan–Sep"]
    assert list(zip(rows["start"], rows["end"])) == [(2020.0, 2020.5), (2021.0, 2021.75)]


def test_a_part_year_count_whose_months_are_not_stated_is_never_read_as_a_month():
    assert people.months_of("part_year", "January–September, all purposes") == "part year"  # not 'Jan'
    assert all(math.isnan(x) for x in people.span_of("part_year", 2025, "part year"))
    assert people.months_of("year", "Jan–Sep") == "" and people.span_of("year", 2019, "") == (2019, 2020)


# --- Korean official counts and origin-government figures are kept apart -----------------------------------------

IN_KOREA = table(
    (2018, "KAZ", "KOR", "nationals_residing_in_korea", 30525, "point", "src-a"),
    (2020, "KAZ", "KOR", "nationals_residing_in_korea_origin_govt", 35000, "point", "src-b"),
    (2020, "KAZ", "KOR", "undocumented_nationals_in_korea", 12000, "point", "src-b", "Kazakh MFA says 12,000"),
    (2019, "KAZ", "KOR", "undocumented_nationals_in_korea", 10707, "point", "src-c", "Korean MoJ"),
)


def test_korean_and_origin_government_figures_are_never_mixed():
    korean = people.in_korea(countries=["KAZ"], side="Korean official", data=IN_KOREA)
    origin = people.in_korea(countries=["KAZ"], side="origin government", data=IN_KOREA)
    assert sorted(korean["value"]) == [10707.0, 30525.0]
    assert sorted(origin["value"]) == [12000.0, 35000.0]
    every = people.in_korea(countries=["KAZ"], data=IN_KOREA)
    assert len(every) == 4 and set(every["side"]) == {"Korean official", "origin government"}
    with pytest.raises(ValueError, match="side must be"):
        people.in_korea(side="both", data=IN_KOREA)


def test_stated_keeps_the_qualifier():
    assert [people.stated(180000, "about"), people.stated(5000, "more_than"), people.stated(16.3, "exact", "%")] \
        == ["≈180,000", ">5,000", "16.3%"]
