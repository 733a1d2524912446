"""Each rule of `korea_central_asia.series.relations` on a small hand-made events table, and the charts' layout for
other selections."""
from __future__ import annotations

import pandas as pd
import pytest

from korea_central_asia.series import relations


def table(*rows) -> pd.DataFrame:
    """An events table from (date_iso, country, event_type, label, source_id, notes, weak) tuples."""
    frame = pd.DataFrame(rows, columns=["date_iso", "country_iso3", "event_type", "label", "source_id", "notes",
                                        "weak"])
    padded = frame["date_iso"].where(frame["date_iso"].str.len() != 4, frame["date_iso"] + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    frame["date"] = pd.to_datetime(padded, format="%Y-%m-%d")
    frame["end_date_iso"] = pd.NA
    for column in ("qualifier", "value", "unit"):
        frame[column] = pd.NA
    frame["notes"] = frame["notes"].astype("string")
    frame["label"] = frame["label"].astype("string")
    return frame


def test_a_soviet_republic_row_follows_its_successor():
    data = table(("1990-11-23", "SU-KAZ", "pre1992_visit", "Visit to Seoul", "s1", None, False),
                 ("1992-01-28", "KAZ", "relations_established", "Relations", "s2", None, False),
                 ("1990-08-06", "SU-UZB", "pre1992_contact", "Delegation", "s3", None, False))
    rows = relations.events(["KAZ"], data=data)
    assert rows["country_iso3"].tolist() == ["SU-KAZ", "KAZ"]  # the SSR keeps its own code ...
    assert rows["successor_iso3"].tolist() == ["KAZ", "KAZ"]   # ... and is selected by its successor's
    assert relations.contacts(["KAZ"], ussr=False, data=data)["source_id"].tolist() == ["s1"]
    assert relations.first_visits(["KAZ"], data=data)["row"].tolist() == ["KAZ"]


def test_conflicting_readings_stay_visible():
    data = table(("1973", "AFG", "relations_established", "Relations", "a", "CONFLICT: the seed says 2002", False),
                 ("2002", "AFG", "relations_established", "Relations", "seed", "CONFLICT: others say 1973", False),
                 ("1992-01-28", "KAZ", "relations_established", "Relations", "k", None, False))
    rows = relations.established(["AFG", "KAZ"], data=data)
    assert rows.loc[rows["country_iso3"] == "AFG", "date_iso"].tolist() == ["1973", "2002"]
    assert rows.loc[rows["country_iso3"] == "AFG", "n_dates"].tolist() == [2, 2]
    assert rows["conflict"].tolist() == [True, True, False]
    summary = relations.relation_dates(["KAZ", "AFG"], data=data).set_index("country_iso3")
    assert summary.loc["AFG", "dates"] == "1973, 2002" and summary.loc["AFG", "source_id"] == "a;seed"
    assert summary.index.tolist() == ["KAZ", "AFG"]  # in the order asked for


def test_a_weak_source_makes_a_row_disputed():
    data = table(("1994", "KAZ", "state_visit", "Visit", "forum-post", None, True),
                 ("1995", "KAZ", "state_visit", "Visit", "paper", None, False))
    rows = relations.events(["KAZ"], data=data)
    assert rows["disputed"].tolist() == [True, False]
    assert relations.visits(["KAZ"], data=data)["marking"].tolist() == [relations.WEAK_ONLY, relations.SINGLE]
    assert relations.first_visits(["KAZ"], data=data)["year"].tolist() == [1995]  # never from a weak source


def test_weak_comes_from_the_sources_table_when_not_given():
    data = table(("2000", "KAZ", "state_visit", "Visit", "kwak-2021", None, False)).drop(columns="weak")
    assert relations.events(["KAZ"], data=data)["weak"].tolist() == [False]


def test_a_visit_reported_twice_within_a_week_is_one_visit():
    data = table(("2015-05-27", "UZB", "state_visit", "Karimov", "a", None, False),
                 ("2015-05-28", "UZB", "state_visit", "Karimov", "b", None, False),
                 ("2015-06-10", "UZB", "state_visit", "Another", "c", None, False),
                 ("2015-05-28", "UZB", "summit", "Same days, other type", "d", None, False))
    visits = relations.visits(["UZB"], data=data)
    assert visits["source_id"].tolist() == ["a", "c", "d"]
    assert visits["all_source_ids"].tolist() == ["a;b", "c", "d"]  # the merged reading keeps its source
    assert visits["merged_rows"].tolist() == [1, 0, 0]
    assert len(relations.visits(["UZB"], merge_days=0, data=data)) == 4


def test_a_visit_dated_in_two_years_keeps_both_rows():
    data = table(("1992-06-16", "UZB", "state_visit", "Karimov", "a", "CONFLICT: another source gives 1993", False),
                 ("1993-06", "UZB", "state_visit", "Karimov", "b", "CONFLICT: another source gives 1992", False),
                 ("2000", "UZB", "state_visit", "Other", "c", "CONFLICT: on the venue", False))
    visits = relations.visits(["UZB"], data=data)
    assert len(visits) == 3
    assert visits["marking"].tolist() == [relations.TWO_YEARS, relations.TWO_YEARS, relations.SINGLE]
    assert visits["other_year"].tolist()[:2] == [1993, 1992]
    assert visits["later_dating"].tolist() == [False, True, False]
    # The pair is found before the years are cut: the 1993 row keeps its marking when 1992 is outside YEARS.
    cut = relations.visits(["UZB"], years=(1993, 2000), data=data)
    assert cut["marking"].tolist() == [relations.TWO_YEARS, relations.SINGLE]
    per_year = relations.visits_per_year(["UZB"], (1992, 1993), data=data)
    assert per_year["visits"].tolist() == [1, 1] and per_year["distinct"].tolist() == [1, 0]


def test_a_visit_dated_in_two_years_counts_once_in_its_preferred_year():
    data = table(("1992-06-16", "UZB", "state_visit", "Karimov", "a", "CONFLICT: another source gives 1993", False),
                 ("1993-06", "UZB", "state_visit", "Karimov", "b", "CONFLICT: another source gives 1992", False),
                 ("2004", "UZB", "state_visit", "Roh", "c", "CONFLICT: another source gives 2005", False),
                 ("2005-05-10", "UZB", "state_visit", "Roh", "d", "CONFLICT: another source gives 2004", False))
    data["preferred"] = pd.array([True, False, False, True], dtype="boolean")
    drawn = relations.visits(["UZB"], data=data)
    assert drawn["source_id"].tolist() == ["a", "d"]            # the preferred reading, earlier or later
    assert drawn["marking"].tolist() == [relations.TWO_YEARS] * 2 and drawn["other_year"].tolist() == [1993, 2004]
    assert drawn["later_dating"].tolist() == [False, False]     # each counts as one visit
    assert len(relations.visits(["UZB"], data=data, readings="all")) == 4
    per_year = relations.visits_per_year(["UZB"], (1992, 2005), data=data).set_index("year")
    assert per_year.loc[[1992, 1993, 2004, 2005], "visits"].tolist() == [1, 0, 0, 1]
    every = relations.visits_per_year(["UZB"], (1992, 2005), data=data, readings="all").set_index("year")
    assert every.loc[[1992, 1993, 2004, 2005], "visits"].tolist() == [1, 1, 1, 1]
    assert relations.visit_totals(["UZB"], data=data)["visits"].tolist() == [2]
    with pytest.raises(ValueError, match="readings must be"):
        relations.visits(["UZB"], data=data, readings="latest")


def test_a_visit_reported_twice_is_drawn_from_its_preferred_reading():
    data = table(("2003-11-12", "KAZ", "state_visit", "Nazarbayev (wiki)", "wiki", None, True),
                 ("2003-11-13", "KAZ", "state_visit", "Nazarbayev (news)", "news", None, False))
    data["preferred"] = pd.array([False, True], dtype="boolean")
    for readings in ("preferred", "all"):
        drawn = relations.visits(["KAZ"], data=data, readings=readings)
        assert drawn["source_id"].tolist() == ["news"] and drawn["all_source_ids"].tolist() == ["wiki;news"]
        assert drawn["weak"].tolist() == [False]


def test_a_count_per_year_is_zero_where_no_row_is():
    data = table(("2001", "KGZ", "state_visit", "Visit", "a", None, False))
    per_year = relations.visits_per_year(["KGZ", "TJK"], (2000, 2002), data=data)
    assert len(per_year) == 6  # every year for every country asked for, Tajikistan included
    assert per_year.set_index(["year", "country_iso3"])["visits"].to_dict() == {
        (2000, "KGZ"): 0, (2000, "TJK"): 0, (2001, "KGZ"): 1, (2001, "TJK"): 0, (2002, "KGZ"): 0, (2002, "TJK"): 0}
    assert per_year.loc[per_year["visits"] == 1, "source_id"].tolist() == ["a"]
    totals = relations.visit_totals(["KGZ", "TJK"], (2000, 2002), data=data).set_index("country_iso3")
    assert totals.loc["TJK", "visits"] == 0 and pd.isna(totals.loc["TJK", "first_year"])


def test_embassies_both_directions_and_every_year():
    data = table(("1992-01-31", "KGZ", "relations_established", "Relations", "r", None, False),
                 ("2007-09", "KGZ", "embassy_opened", "ROK opens a one-person mission in Bishkek", "a", None, False),
                 ("2008-10", "KGZ", "embassy_opened", "ROK mission upgraded to a full embassy", "b", None, False),
                 ("2008", "KGZ", "embassy_opened", "ROK and Kyrgyzstan have missions in each other's capitals", "c",
                  None, False),
                 ("2015", "TJK", "embassy_opened", "Tajikistan opens its embassy in Seoul", "d", None, False))
    emb = relations.embassies(["KGZ", "TJK"], data=data)
    both = emb[emb["source_id"] == "c"]
    assert sorted(both["direction"]) == sorted([relations.PARTNER_SIDE, relations.ROK_SIDE])  # once in each direction
    kgz = emb[(emb["country_iso3"] == "KGZ") & (emb["direction"] == relations.ROK_SIDE)]
    assert sorted(kgz["lag_years"]) == [15, 16, 16]  # every year a source gives stays a row
    assert emb.loc[emb["source_id"] == "d", "lag_years"].isna().all()  # no relations row: no lag, not a guess
    lags = relations.embassy_lags(["KGZ"], data=data).set_index("direction")
    assert (lags.loc[relations.ROK_SIDE, "min"], lags.loc[relations.ROK_SIDE, "max"]) == (15, 16)
    steps = relations.milestones(["KGZ"], data=data).set_index("country_iso3")
    assert (steps.loc["KGZ", "rok_embassy"], steps.loc["KGZ", "partner_embassy"]) == (2007, 2008)


def test_summit_counts_count_only_earlier_distinct_visits():
    data = table(("1992-06-16", "UZB", "state_visit", "Visit", "a", "CONFLICT: or 1993", False),
                 ("1993-06", "UZB", "state_visit", "Visit", "b", "CONFLICT: or 1992", False),
                 ("1999", "UZB", "official_visit", "Not a summit", "c", None, False),
                 ("2000", "UZB", "summit", "Summit", "d", None, True),
                 ("2001", "UZB", "summit_count", "Summits so far", "e", None, False),
                 ("2005", "UZB", "state_visit", "After the count", "f", None, False))
    data.loc[data["event_type"] == "summit_count", ["value", "unit"]] = [3.0, "summits"]
    counts = relations.summit_counts(["UZB"], data=data)
    row = counts.iloc[0]
    assert (row["rows_in_table"], row["distinct_visits"], row["weak_rows"]) == (3, 2, 1)
    assert row["counted_source_ids"] == "a;b;d" and row["source_id"] == "e"


def test_forum_rows_come_with_any_republic_and_an_unknown_city_is_not_guessed():
    data = table(("2007-11-15", "CA5", "forum", "1st Korea–Central Asia Cooperation Forum, Seoul", "a", None, False),
                 ("2013-10-04", "CA5", "forum", "3rd Korea–Central Asia Cooperation Forum, Atlantis", "b", None,
                  False),
                 ("2008", "CA5", "embassy_opened", "ROK opens embassies in the remaining states", "c", None, False))
    forum = relations.forum(["TJK"], data=data)
    assert forum["session"].tolist() == [1, 3] and forum["host"].isna().tolist() == [False, True]
    assert relations.forum(["AFG"], data=data).empty
    assert relations.missing_sessions(relations.forum_sessions(["TJK"], data=data)) == [2]
    line = relations.timeline(["TJK"], data=data)
    assert line["category"].tolist() == ["Forum session", "Forum session"]  # the group's other rows stay out
    assert relations.timeline(["AFG"], data=data).empty


def test_republics_keep_the_order_given():
    assert relations.republics(["TJK", "AFG", "SU-KAZ"]) == ["TJK", "KAZ"]
    with pytest.raises(ValueError, match="unknown country code"):
        relations.visits(["XYZ"])


# --- charts -------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def charts():
    from korea_central_asia import style
    from korea_central_asia.charts import relations as relations_charts

    style.use_print_style()
    return relations_charts


def close(chart):
    import matplotlib.pyplot as plt

    if chart.figure is not None:
        plt.close(chart.figure)


def test_an_empty_selection_says_no_data(charts):
    assert charts.visits_per_year(["AFG"], (1973, 2025)).no_data.startswith("no data for Afghanistan")
    assert charts.forum_sessions(["AFG"]).no_data is not None
    assert charts.timeline(["KGZ"], (1950, 1960)).no_data == "no data for Kyrgyzstan in 1950–1960 (key events)"
    assert charts.embassy_lag(["KAZ"], (2030, 2035)).no_data is not None


def test_charts_lay_out_every_country_asked_for(charts):
    codes = ["KGZ", "TJK"]
    line = charts.timeline(codes, (2000, 2015))
    labels = [t.get_text() for t in line.figure.axes[0].get_yticklabels()]
    assert labels == ["Kyrgyzstan", "Tajikistan", "Forum (all five)"]
    assert all(2000 <= pd.Timestamp(x).year <= 2015 for trace in line.interactive.data for x in trace.x)
    close(line)
    seven = ["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG", "SU-KAZ"]
    lag = charts.embassy_lag(seven)
    assert len(lag.figure.axes[0].get_yticklabels()) == 7  # none silently dropped
    close(lag)
    visits = charts.visits_per_year(codes, (2000, 2015))
    legend = [t.get_text() for t in visits.figure.axes[0].get_legend().get_texts()]
    assert legend[:2] == ["Kyrgyzstan", "Tajikistan"]
    assert {t.name.split(",")[0] for t in visits.interactive.data} <= {"Kyrgyzstan", "Tajikistan"}
    close(visits)


def test_a_chart_draws_each_event_once_and_opens_it_only_for_another_date():
    data = table(("1973", "AFG", "relations_established", "Relations", "mirror", None, True),
                 ("1973-12", "AFG", "relations_established", "Relations", "news", None, False),
                 ("2002", "AFG", "relations_established", "Relations", "kwak", None, False),
                 ("2014", "KAZ", "state_visit", "Park", "wiki", None, True),
                 ("2014-06-19", "KAZ", "state_visit", "Park", "release", None, False))
    data["fact_id"] = ["afg", "afg", "afg", "kaz", "kaz"]
    data["preferred"] = pd.array([False, True, False, False, True], dtype="boolean")
    drawn = relations.timeline(["AFG", "KAZ"], data=data).set_index("source_id")
    assert list(drawn.index) == ["news", "release"]
    assert drawn.loc["news", "other_dates"] == "2002" and drawn.loc["news", "disputed"]   # 1973 agrees, 2002 not
    assert drawn.loc["release", "other_dates"] == "" and not drawn.loc["release", "disputed"]
    assert len(relations.timeline(["AFG", "KAZ"], data=data, readings="all")) == 5


def test_milestones_read_the_preferred_reading_of_each_step():
    preferred = relations.milestones(["KAZ", "KGZ", "AFG"], (1973, 2025)).set_index("country_iso3")
    every = relations.milestones(["KAZ", "KGZ", "AFG"], (1973, 2025), readings="all").set_index("country_iso3")
    # Kazakhstan: the ROK embassy of 1993 (Korea Herald) is preferred over an encyclopedia's 1992
    assert (preferred.loc["KAZ", "rok_embassy"], every.loc["KAZ", "rok_embassy"]) == (1993, 1992)
    assert (preferred.loc["KAZ", "partner_embassy"], every.loc["KAZ", "partner_embassy"]) == (1996, 1995)
    # a row saying both sides have missions is the only reading of Kyrgyzstan's embassy in Seoul, so it stays
    assert preferred.loc["KGZ", "partner_embassy"] == 2008
    assert (preferred.loc["AFG", "relations"], every.loc["AFG", "relations"]) == ("1973-12", "1973")
