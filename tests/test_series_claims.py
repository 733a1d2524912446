"""The rules of `series.claims`, each on a small hand-made table, and the claims charts' layout for any selection."""
from __future__ import annotations

import pandas as pd
import pytest

from korea_central_asia.data import load
from korea_central_asia.series import claims

S, P, N, D = claims.SUPPORTED, claims.PARTLY, claims.NOT, claims.NO_DATA
KWAK, LEE = "kwak-2021", "lee-2019"
OTHER = "d-snuac-megaasia-korea-kazakhstan-cooperation"  # any source that is not one of the texts
SECOND = "d-hankyung-1990-kazakh-republic-president-nazarbayev"


def like(table: str, rows: list[dict]) -> pd.DataFrame:
    """A hand-made table with the real table's columns and types."""
    empty = load(table).iloc[:0]
    if not rows:
        return empty
    frame = pd.DataFrame(rows).reindex(columns=empty.columns)
    for column, dtype in empty.dtypes.items():
        frame[column] = frame[column].astype(dtype)
    return frame


def event(date_iso, country, event_type, source_id, label="", notes=None):
    padded = date_iso + {4: "-01-01", 7: "-01"}.get(len(date_iso), "")
    return {"date": pd.Timestamp(padded), "date_iso": date_iso, "country_iso3": country, "event_type": event_type,
            "source_id": source_id, "label": label, "notes": notes}


def flows(country, year, reporter, exports, imports, period="year"):
    source = "imf-dots-kor" if reporter == "KOR" else f"imf-dots-{country.lower()}"
    return [{"year": year, "country_iso3": country, "flow": flow, "reporter_iso3": reporter, "value_usd": value,
             "qualifier": "exact", "estimate": False, "period": period, "source_id": source}
            for flow, value in (("exports", exports), ("imports", imports)) if value is not None]


# --- the verdict rules ----------------------------------------------------------------------------------------

def test_an_exact_number_is_read_at_its_stated_precision():
    assert claims.at_stated_precision(6_727_800_000, 6.8e9) == 6_700_000_000
    assert claims.numeric_verdict(6.76e9, 6.8e9, "exact") == S   # rounds to 6.8 bn
    assert claims.numeric_verdict(6.73e9, 6.8e9, "exact") == P   # 6.7 bn, within 5%
    assert claims.numeric_verdict(6.3e9, 6.8e9, "exact") == N
    assert claims.numeric_verdict(171781, 171781, "exact") == S
    assert claims.numeric_verdict(171782, 171781, "exact") == P  # stated to the unit


def test_more_than_nearly_and_about():
    assert [claims.numeric_verdict(v, 21, "more_than") for v in (21.1, 21, 19, 18.8)] == [S, P, P, N]
    assert [claims.numeric_verdict(v, 6, "nearly") for v in (6, 5.5, 5.3, 6.5, 4.4, 6.7)] == [S, S, P, P, N, N]
    assert [claims.numeric_verdict(v, 100, "about") for v in (104, 96, 109, 91, 111)] == [S, S, P, P, N]
    with pytest.raises(ValueError, match="no rule for qualifier"):
        claims.numeric_verdict(1, 1, "roughly")


def test_a_date_is_read_at_its_stated_precision():
    assert claims.date_verdict("1992-01-28", ["1992-01-28"]) == S
    assert claims.date_verdict("1992-01", ["1992-01-28"]) == S
    assert claims.date_verdict("1992-01-28", ["1992-01"]) == P   # a coarser date only agrees on the year
    assert claims.date_verdict("1992-01-28", ["1992-03-01"]) == P
    assert claims.date_verdict("2002", ["1973"]) == N
    assert claims.date_verdict("2002", []) == D


def test_two_readings_combine_to_the_better_but_at_most_partly_when_they_differ():
    assert claims.combine([S, S]) == S
    assert claims.combine([S, N]) == P
    assert claims.combine([P, N]) == P
    assert claims.combine([N, N]) == N
    assert claims.combine([S, D]) == S   # a missing reading is left out
    assert claims.combine([D, D]) == D


def event_reading(date_iso, source_id, preferred, event_type="relations_established", country="KAZ"):
    return {**event(date_iso, country, event_type, source_id), "preferred": preferred,
            "fact_id": f"{country.lower()}-{event_type}"}


def test_the_preferred_reading_decides_and_a_non_preferred_match_is_only_partly():
    # one fact, two readings: the claim's date is the preferred one
    rows = like("events", [event_reading("1992-01-28", OTHER, True), event_reading("1992-03-01", SECOND, False)])
    row = claims.check("relations-kaz-1992", data={"events": rows})
    assert row["verdict"] == S and row["computed"] == "1992-01-28"
    assert "Other readings, not preferred: 1992-03-01 (" + SECOND + ")" in row["explanation"]
    # the same readings with the preference swapped: the claim matches only the non-preferred reading
    swapped = rows.assign(preferred=pd.array([False, True], dtype="boolean"))
    row = claims.check("relations-kaz-1992", data={"events": swapped})
    assert row["verdict"] == P and row["computed"] == "1992-03-01"
    assert f"matches only a reading that is not preferred: 1992-01-28 ({OTHER})" in row["explanation"]
    assert "the preferred reading is 1992-03-01" in row["explanation"]
    # the preferred reading alone, wrong by a year: not supported, whatever a non-preferred reading would say
    late = like("events", [event_reading("1993-01-28", OTHER, True), event_reading("1993-02-01", SECOND, False)])
    assert claims.check("relations-kaz-1992", data={"events": late})["verdict"] == N


def test_weigh_on_its_own():
    rows = pd.DataFrame({"date_iso": ["2002", "1973"], "source_id": ["a", "b"], "preferred": [False, True]})
    judge = lambda r: claims.date_verdict("2002", [r["date_iso"]])  # noqa: E731
    weighed = claims.weigh(rows, judge)
    assert weighed.verdict == P and weighed.matched["source_id"].tolist() == ["a"]
    assert weighed.preferred["source_id"].tolist() == ["b"]
    assert claims.weigh(rows.assign(preferred=[True, False]), judge).verdict == S
    assert claims.weigh(rows.iloc[:0], judge).verdict == D
    # no independent preferred reading: an alternative alone supports at most partly
    assert claims.weigh(rows.iloc[:1], judge).verdict == P


def test_afghanistan_2002_is_the_restoration_not_the_establishment():
    rows = like("events", [event_reading("1973-12", OTHER, True, country="AFG"),
                           event_reading("2002", KWAK, False, country="AFG"),
                           event_reading("1978-09", OTHER, True, "relations_severed", "AFG")])
    row = claims.check("afg-relations-2002", data={"events": rows})
    assert row["verdict"] == N  # no restoration row: the claim is read literally
    restored = pd.concat([rows, like("events", [event_reading("2002", SECOND, True, "relations_restored", "AFG")])])
    row = claims.check("afg-relations-2002", data={"events": restored})
    assert row["verdict"] == P
    assert f"2002 is the year relations were restored after the break ({SECOND})" in row["explanation"]


# --- independence ---------------------------------------------------------------------------------------------

def test_a_texts_own_row_never_supports_its_claim():
    only_kwak = like("events", [event("1992-01-28", "KAZ", "relations_established", KWAK)])
    row = claims.check("relations-kaz-1992", data={"events": only_kwak})
    assert row["verdict"] == D and row["source_id"] == ""


def test_nor_does_a_row_of_another_of_the_three_texts():
    lee = like("events", [event("1992-01-28", "KAZ", "relations_established", LEE)])
    assert claims.check("relations-kaz-1992", data={"events": lee})["verdict"] == D
    other = like("events", [event("1992-01-28", "KAZ", "relations_established", KWAK),
                            event("1992-01-28", "KAZ", "relations_established", OTHER)])
    row = claims.check("relations-kaz-1992", data={"events": other})
    assert row["verdict"] == S and row["source_id"] == OTHER


def test_other_sources_with_other_dates_do_not_support_it():
    rows = like("events", [event("1992-01-28", "KAZ", "relations_established", KWAK),
                           event("1992-03-01", "KAZ", "relations_established", OTHER)])
    assert claims.check("relations-kaz-1992", data={"events": rows})["verdict"] == P
    rows = like("events", [event("1993-03-01", "KAZ", "relations_established", OTHER)])
    assert claims.check("relations-kaz-1992", data={"events": rows})["verdict"] == N


def test_a_seed_only_fact_is_explained_as_such():
    rows = like("events", [event("1990-07", "KAZ", "pre1992_contact", KWAK)])
    row = claims.check("nazarbayev-sf-1990-07", data={"events": rows})
    assert row["verdict"] == D
    assert row["explanation"].startswith("Only the text itself reports this (kwak-2021)")
    none = claims.check("nazarbayev-sf-1990-07", data={"events": like("events", [])})
    assert none["explanation"].startswith("The tables have no row with")


def test_verdicts_refuse_a_check_that_uses_a_text(monkeypatch):
    def cheat(claim, tables):
        return claims.Finding("1992-01-28", S, "", [KWAK])

    monkeypatch.setitem(claims.CHECKS, "relations-kaz-1992", cheat)
    with pytest.raises(ValueError, match="checked against kwak-2021"):
        claims.check("relations-kaz-1992")


def test_verdicts_refuse_an_unknown_verdict(monkeypatch):
    monkeypatch.setitem(claims.CHECKS, "relations-kaz-1992", lambda claim, tables: ("x", "true", "", []))
    with pytest.raises(ValueError, match="unknown verdict 'true'"):
        claims.check("relations-kaz-1992")


def test_independent_refuses_a_claim_of_no_text():
    claim = claims.stated().iloc[0].copy()
    claim["source_id"] = OTHER
    with pytest.raises(ValueError, match="is not one of the texts"):
        claims.independent(load("events"), claim, claims.Tables())


# --- successor codes, conflicting readings, gaps ----------------------------------------------------------------

def test_a_soviet_republics_row_follows_its_successor():
    rows = like("events", [event("1990-07-15", "SU-KAZ", "pre1992_contact", OTHER, "Nazarbayev meets consul")])
    row = claims.check("nazarbayev-sf-1990-07", data={"events": rows})
    assert row["verdict"] == S and row["computed"] == "1990-07-15"


def test_conflicting_census_readings_stay_visible():
    census = [{"year": 1989, "place": "SU-UZB", "counted_in": "SU-UZB", "measure": "census_count",
               "qualifier": "exact", "value": value, "unit": "persons", "period": "point", "source_id": source}
              for value, source in ((183140, "p-dzen-koreans-article"), (198000, "p-wiki-uk-koreans-in-kazakhstan"))]
    row = claims.check("koryo-saram-uzb-1990", data={"diaspora": like("diaspora", census)})
    assert row["computed"] == "p-dzen-koreans-article: 183,140; p-wiki-uk-koreans-in-kazakhstan: 198,000"
    assert row["verdict"] == P   # 8.4% below and 1% below: the better, but not more than partly
    empty = claims.check("koryo-saram-uzb-1990", data={"diaspora": like("diaspora", [])})
    assert empty["verdict"] == D


def trade_table(*rows):
    return like("trade", [r for group in rows for r in group])


def test_a_missing_flow_leaves_the_reading_missing_not_zero():
    full = [flows("KAZ", y, r, e, i) for y, e, i in ((2001, 100e6, 60e6), (2019, 3000e6, 1000e6))
            for r in ("KOR", "KAZ")]
    data = {"trade": trade_table(*full)}
    row = claims.check("trade-growth-kaz-2001-2019", data=data)
    assert row["computed"] == "Korea-reported: 25.0x; partner-reported: 25.0x" and row["verdict"] == S
    no_import = [f for f in full[:3]] + [flows("KAZ", 2019, "KAZ", 3000e6, None)]
    row = claims.check("trade-growth-kaz-2001-2019", data={"trade": trade_table(*no_import)})
    assert row["computed"] == "Korea-reported: 25.0x"   # the partner's 2019 total is a gap, not exports alone
    assert "partner-reported: no full-year total for 2001 or 2019" in row["explanation"]
    assert row["verdict"] == S


def test_a_part_year_row_never_enters_a_total():
    full = [flows("KAZ", y, r, e, i) for y, e, i in ((2001, 100e6, 60e6), (2019, 3000e6, 1000e6))
            for r in ("KOR", "KAZ")]
    part_year = flows("KAZ", 2019, "KOR", 9e9, 9e9, period="part_year")
    row = claims.check("trade-growth-kaz-2001-2019", data={"trade": trade_table(*full, part_year)})
    assert row["computed"] == "Korea-reported: 25.0x; partner-reported: 25.0x"


def test_the_five_country_total_needs_all_five():
    four = [flows(c, 2019, "KOR", 1e9, 0.7e9) for c in ("KAZ", "UZB", "KGZ", "TJK")]
    row = claims.check("trade-ca5-2019", data={"trade": trade_table(*four)})
    assert row["verdict"] == D and row["computed"] == "no full-year total for all five in 2019"
    five = four + [flows("TKM", 2019, "KOR", 0.1e9, 0.1e9)]
    row = claims.check("trade-ca5-2019", data={"trade": trade_table(*five)})
    assert row["computed"] == "Korea-reported: USD 7.00 bn" and row["verdict"] == P   # 7.0 bn, 2.9% above


def test_a_claim_the_tables_now_hold_rows_on_asks_for_a_real_check():
    rows = like("events", [event("1946", "UZB", "other", OTHER, "Nam Il leaves for Pyongyang")])
    with pytest.raises(ValueError, match="nam-il-1946: the tables now have rows on this"):
        claims.check("nam-il-1946", data={"events": rows})


# --- stages ---------------------------------------------------------------------------------------------------

def test_rows_per_stage_run_an_open_stage_to_the_last_year():
    stages = like("policy_stages", [{"stage": 1, "start_year": 1992, "end_year": 2000},
                                    {"stage": 2, "start_year": 2000, "end_year": None}])
    rows = like("events", [event(d, "KAZ", "summit", OTHER) for d in ("1995", "2001", "2002", "2009")])
    table = claims.rows_per_stage(rows, stages, last_year=2009)
    assert table["rows"].tolist() == [1, 3] and table["years"].tolist() == ["1992–1999", "2000–2009"]
    assert table["per_year"].tolist() == [1 / 8, 3 / 10]
    assert claims.stage_rate_verdict(table, 2) == S and claims.stage_rate_verdict(table, 1) == P
    assert claims.stage_rate_verdict(table.assign(rows=[0, 3]), 1) == N


# --- the public frames ----------------------------------------------------------------------------------------

def test_every_claim_has_one_check_and_a_stray_one_is_named(monkeypatch):
    assert claims.unmatched() == []
    monkeypatch.setitem(claims.CHECKS, "no-such-claim", lambda claim, tables: None)
    assert claims.unmatched() == ["check without a claim: no-such-claim"]
    monkeypatch.delitem(claims.CHECKS, "nam-il-1946")
    assert "claim without a check: nam-il-1946" in claims.unmatched()
    with pytest.raises(ValueError, match="claim without a check: nam-il-1946"):
        claims.verdicts()


def test_a_claim_has_one_check_only():
    with pytest.raises(ValueError, match="two checks for nam-il-1946"):
        claims.checks("nam-il-1946")(lambda claim, tables: None)


def test_the_verdicts_do_not_take_countries_or_years():
    with pytest.raises(ValueError, match="do not follow countries or years"):
        claims.verdicts(countries=["KAZ"])
    with pytest.raises(KeyError, match="no claim no-such-claim"):
        claims.check("no-such-claim")


def test_readings_leave_out_dates_and_no_data():
    readings = claims.readings()
    verdicts = claims.verdicts().set_index("claim_id")
    assert not (readings["verdict"] == D).any()
    assert not readings["claim_id"].map(verdicts["claimed"]).str.match(r"^\d{4}(-\d\d)*$").any()
    assert (readings["ratio"] == readings["value"] / readings["claimed_value"]).all()


def test_tally_adds_up_and_the_paper_table_keeps_the_csv_columns():
    table = claims.verdicts()
    tally = claims.tally(table)
    assert tally.drop(index="all").sum().tolist() == tally.loc["all"].tolist()
    assert tally.loc["all"].sum() == len(table)
    assert list(claims.for_papers(table).columns) == claims.PAPER_COLUMNS
    used = claims.sources_used(table)["source_id"]
    assert used.is_unique and used.is_monotonic_increasing and "" not in set(used)


def test_relation_dates_leave_the_texts_out():
    rows = like("events", [event("1992-01-28", "KAZ", "relations_established", KWAK),
                           event("1992-01-29", "KAZ", "relations_established", OTHER)])
    dates = claims.relation_dates(["KAZ", "UZB"], data={"events": rows})
    assert dates[["country_iso3", "dates", "source_id"]].values.tolist() == [["KAZ", "1992-01-29", OTHER]]


# --- charts ---------------------------------------------------------------------------------------------------

def test_the_trade_chart_draws_exactly_the_countries_and_years_asked_for():
    from korea_central_asia.charts import claims as claim_charts

    chart = claim_charts.trade_both_reporters(["KGZ", "TJK"], (2000, 2015))
    names = [t.name for t in chart.interactive.data]
    assert names == ["Kyrgyzstan, Korea-reported", "Kyrgyzstan, partner-reported", "Tajikistan, Korea-reported",
                     "Tajikistan, partner-reported"]
    assert all(min(t.x) == 2000 and max(t.x) == 2015 for t in chart.interactive.data)
    assert set(chart.sources) == {"imf-dots-kor", "imf-dots-kgz", "imf-dots-tjk"}
    seven = claim_charts.trade_both_reporters(["KAZ", "UZB", "KGZ", "TJK", "TKM", "AFG", "KOR"], (2000, 2001))
    assert len(seven.interactive.data) == 14   # a seventh country is drawn, not dropped
    empty = claim_charts.trade_both_reporters(["KGZ"], (2030, 2035))
    assert empty.no_data == "no data for Kyrgyzstan in 2030–2035 (IMF DOTS trade totals)"


def test_the_verdict_charts_take_any_subset_and_say_no_data_for_none():
    from korea_central_asia.charts import claims as claim_charts

    some = claims.verdicts(["trade-ca5-2019", "afg-relations-2002", "nam-il-1946"])
    chart = claim_charts.verdicts(some)
    assert sum(sum(t.y) for t in chart.interactive.data) == 3
    assert chart.caption.startswith("Verdicts on the 3 numeric claims")
    assert claim_charts.verdicts(some.iloc[:0]).no_data
    assert claim_charts.claimed_vs_computed(claims.readings().iloc[:0]).no_data
    import matplotlib.pyplot as plt

    plt.close("all")
