"""The numbers lesson 05 (the claims check) states, held against the series functions, each beside the lesson's
sentence that states it. These are the asserts the notebook used to carry, with the same literals."""
from __future__ import annotations

import pytest

from korea_central_asia.series import FIVE, claims, people, relations, trade
from tests.pins import states

LESSON = "05-claims-check"
S, P, N, D = claims.SUPPORTED, claims.PARTLY, claims.NOT, claims.NO_DATA

# Every claim's verdict today (36 claims); the tally below must agree with it.
TODAY = {
    "relations-kaz-1992": S, "relations-uzb-1992": S, "relations-kgz-1992": S, "relations-tkm-1992": S,
    "relations-tjk-1992": S, "trade-ca5-2019": P, "residents-ca5-2019": D, "afg-interest-1988": D,
    "afg-relations-2002": P, "nazarbayev-sf-1990-07": D, "nazarbayev-visit-1990-11": P,
    "moscow-delegation-1990-08": S, "karimov-moscow-1990-10": D, "ussr-relations-1990": S,
    "karimov-second-visitor": S, "karimov-summits": S, "koryo-saram-kaz-1990": S, "koryo-saram-uzb-1990": P,
    "partnership-kaz-strategic": S, "partnership-uzb-special": S, "partnership-tkm-mutual": S,
    "trade-growth-kaz-2001-2019": S, "trade-growth-uzb-2001-2019": P, "people-flows-annual": D,
    "deportation-persons-1937": S, "deportation-families-1937": S, "deportation-train-cars-1937": P,
    "deportation-year": P, "first-families-1920s": S, "nam-il-1946": D, "mirziyoyev-2016": D,
    "cultural-centres-early-1990s": P, "stage1-relations-1992": S, "stage2-cultural-centres": P,
    "stage1-high-level-visits": P, "stage3-soft-power-2010": S,
}


@pytest.fixture(scope="module")
def table():
    return claims.verdicts()


@pytest.fixture(scope="module")
def verdict(table):
    return dict(zip(table["claim_id"], table["verdict"]))


@pytest.fixture(scope="module")
def reading():
    frame = claims.readings()
    return {(c, label): value for c, label, value in zip(frame["claim_id"], frame["label"], frame["value"])}


def independent_events(countries, years=None, types=None):
    rows = relations.events(countries, years, types)
    return rows[~rows["source_id"].isin(claims.Tables().texts)]


# --- the tally ----------------------------------------------------------------------------------------------

@states(LESSON, "For all 36 claims of the three texts (the verdicts do not depend on the parameters): 19 are "
                "supported, 10 partly supported, none not supported and 7 have no independent data.")
def test_tally(table):
    tally = claims.tally(table).loc["all"]
    assert len(table) == 36
    assert dict(tally) == {S: 19, P: 10, N: 0, D: 7}


@states(LESSON, "Kwak's essay has 14 supported, 5 partly supported and 5 with no data; Lee's "
                "column 3 supported, 3 partly supported and 2 with no data; Nishonova's paper 2 supported and 2 "
                "partly supported.")
def test_tally_per_text(table):
    tally = claims.tally(table)
    assert dict(tally.loc["Kwak (2021), Korea Foundation"]) == {S: 14, P: 5, N: 0, D: 5}
    assert dict(tally.loc["Lee (2019), Korea Times"]) == {S: 3, P: 3, N: 0, D: 2}
    assert dict(tally.loc["Nishonova (n.d.), paper"]) == {S: 2, P: 2, N: 0, D: 0}


def test_every_claim_has_one_check():
    assert claims.unmatched() == []
    assert set(claims.CHECKS) == set(claims.stated()["claim_id"])
    assert len(claims.CHECKS) == 36 and len(set(claims.CHECKS.values())) == 25


@pytest.mark.parametrize("claim_id", sorted(TODAY))
def test_each_claims_verdict(verdict, claim_id):
    assert verdict[claim_id] == TODAY[claim_id]


def test_the_pinned_verdicts_are_every_claim(verdict):
    assert set(TODAY) == set(verdict)


def test_no_verdict_rests_on_one_of_the_three_texts(table):
    texts = claims.Tables().texts
    assert texts == {"kwak-2021", "lee-2019", "nishonova-nd"}
    used = {s for value in table["source_id"] for s in value.split("; ") if s}
    assert used and not used & texts


# --- the furthest reading -------------------------------------------------------------------------------------

@states(LESSON, "The reading furthest from its claim is Lee's \"124 train cars\": 124 trains of about 50 carriages "
                "make 6,200 carriages, a ratio of 50.")
def test_furthest_reading():
    frame = claims.readings()
    far = frame.loc[(frame["ratio"] - 1).abs().idxmax()]
    assert far["claim_id"] == "deportation-train-cars-1937"
    assert far["label"] == "carriages (trains x carriages per train)"
    assert (far["computed"], far["claimed"], round(far["ratio"])) == ("6,200", "124 train cars", 50)


@states(LESSON, "Kwak's five dates of relations, his three partnership ranks and his \"more than 10\" summits of "
                "Karimov are all supported.")
def test_relations_partnerships_and_summits(verdict):
    assert all(verdict[f"relations-{c.lower()}-1992"] == S for c in FIVE)
    assert [verdict[f"partnership-{k}"] for k in ("kaz-strategic", "uzb-special", "tkm-mutual")] == [S] * 3
    assert verdict["karimov-summits"] == S
    assert claims.stated().set_index("claim_id").loc["karimov-summits", "value"] == 10


# --- Where the data does not bear the texts out ---------------------------------------------------------------

@states(LESSON, "Korea reported exports and imports with the five republics of USD 6,727.8 million in 2019, which "
                "rounds to 6.7 billion, not 6.8; the partners reported USD 9,159 million for the same flows.",
        "No source in the tables states a five-country total for 2019.",
        "The claim is partly supported: right in size, off in its last digit, and far from the partners' mirror.",
        "Kwak's USD 6.8 billion and the IMF's Korea-reported 6.73 billion differ by about one percent.")
def test_the_2019_trade_total(verdict, reading):
    kor, partner = reading[("trade-ca5-2019", "Korea-reported")], reading[("trade-ca5-2019", "partner-reported")]
    assert round(kor / 1e6, 1) == 6727.8 and round(kor / 1e9, 1) == 6.7 and round(kor / 1e9, 2) == 6.73
    assert round(partner / 1e6) == 9159
    assert round((6.8e9 - kor) / 6.8e9 * 100) == 1
    rows = trade.annual(years=(2019, 2019), reporter="any")
    assert rows[rows["country_iso3"] == "CA5"].empty
    assert verdict["trade-ca5-2019"] == P
    assert "The tables hold no stated five-country total for 2019." in claims.check("trade-ca5-2019")["explanation"]


@states(LESSON, "On Korea's figures trade with Uzbekistan grew 4.9 times from 2001 to 2019; on Uzbekistan's "
                "figures only 3.6 times, because the Uzbek side reports a much larger 2001 base.",
        "Under the rules the Korean reading is 10–25% short of six (partly) and the Uzbek one is not close, so the "
        "verdict is partly supported at best.")
def test_uzbek_trade_growth(verdict, reading):
    kor, partner = (reading[("trade-growth-uzb-2001-2019", side)] for side in ("Korea-reported", "partner-reported"))
    assert round(kor, 1) == 4.9 and round(partner, 1) == 3.6
    assert round(kor, 1) == round(trade.growth("UZB", 2001, 2019), 1)
    assert trade.wide("UZB", "partner").loc[2001, "total"] > trade.wide("UZB", "KOR").loc[2001, "total"]
    assert claims.numeric_verdict(kor, 6, "nearly") == P and claims.numeric_verdict(partner, 6, "nearly") == N
    assert -0.25 <= (kor - 6) / 6 < -0.10
    assert verdict["trade-growth-uzb-2001-2019"] == P


@states(LESSON, "The Kazakh claim in the same sentence, \"more than 21 times\", holds on both sides: 25.7 times on "
                "Korea's figures and 42.2 times on Kazakhstan's.")
def test_kazakh_trade_growth(verdict, reading):
    kor, partner = (reading[("trade-growth-kaz-2001-2019", side)] for side in ("Korea-reported", "partner-reported"))
    assert round(kor, 1) == 25.7 and round(partner, 1) == 42.2
    assert round(trade.growth("KAZ", 2001, 2019, "partner"), 1) == 42.2
    assert verdict["trade-growth-kaz-2001-2019"] == S


@states(LESSON, "The 110,000 Central Asians living in Korea in 2019 cannot be rebuilt: only the 75,320 Uzbek "
                "nationals of the Ministry of Justice have a 2019 count; Kazakhstan, Kyrgyzstan, Tajikistan and "
                "Turkmenistan have none.",
        "The 100,000 annual travellers fail for the same reason.")
def test_people_in_korea_and_travellers(verdict):
    row = claims.check("residents-ca5-2019")
    assert row["computed"] == "Uzbekistan 75,320; no 2019 figure for KAZ, KGZ, TJK, TKM"
    assert row["source_id"] == "p-moj-foreign-residents-by-nationality"
    assert verdict["residents-ca5-2019"] == D and verdict["people-flows-annual"] == D
    values = claims.stated().set_index("claim_id")["value"]
    assert values["residents-ca5-2019"] == 110000 and values["people-flows-annual"] == 100000


@states(LESSON, "The 1990 beliefs compare fairly with the 1989 census: 103,315 Koreans in the Kazakh SSR against a "
                "believed 100,000, but 183,140 in the Uzbek SSR against 200,000, an overstatement of about 8%.")
def test_the_1990_beliefs_against_the_1989_census(verdict, reading):
    census = people.census(["KAZ", "UZB"], (1989, 1989))
    assert dict(zip(census["place"], census["value"].astype(int))) == {"SU-KAZ": 103315, "SU-UZB": 183140}
    assert reading[("koryo-saram-kaz-1990", "computed")] == 103315
    assert reading[("koryo-saram-uzb-1990", "computed")] == 183140
    assert round((200000 - reading[("koryo-saram-uzb-1990", "computed")]) / 200000 * 100) == 8
    assert verdict["koryo-saram-kaz-1990"] == S and verdict["koryo-saram-uzb-1990"] == P


@states(LESSON, "The tables have 124 trains, each of about 50 carriages, so about 6,200 carriages: Lee has the right "
                "number with the wrong unit.",
        "His 171,781 people and 36,442 families are each stated exactly by an independent source, though others "
        "give 172,597 people and 36,681 families.")
def test_the_deportation(verdict):
    def values(measure):
        return set(people.deportation(measures=[measure])["value"].astype(int))

    assert values("deportation_trains") == {124}
    assert values("deportation_carriages_per_train") == {50}
    assert {171781, 172597} <= values("deportation_persons")
    assert {36442, 36681} == values("deportation_families")
    assert verdict["deportation-train-cars-1937"] == P
    assert verdict["deportation-persons-1937"] == S and verdict["deportation-families-1937"] == S


@states(LESSON, "Other sources date the first ties to December 1973 and their severance to 1978; what they date to "
                "2002 is the restoration of relations after the fall of the Taliban (the foreign ministry's page for "
                "its Kabul embassy; Yonhap gives the end of January 2002).",
        "His year is right and his verb is not, so the claim is partly supported.")
def test_afghanistan(verdict):
    assert claims.relation_dates(["AFG"])["dates"].tolist() == ["1973, 1973-12"]
    afg = independent_events(["AFG"])
    established = afg[afg["event_type"] == "relations_established"]
    assert established.loc[established["preferred"], "date_iso"].tolist() == ["1973-12"]
    assert afg.loc[afg["event_type"] == "relations_severed", "date_iso"].str[:4].tolist() == ["1978"]
    restored = afg[afg["event_type"] == "relations_restored"].sort_values("date_iso")
    assert restored["date_iso"].tolist() == ["2002", "2002-01"] and restored["preferred"].tolist() == [True, False]
    assert verdict["afg-relations-2002"] == P
    row = claims.check("afg-relations-2002")
    assert "2002 is the year relations were restored after the break (d-mofa-afg-embassy-country-page)" in row[
        "explanation"]
    assert "Other readings, not preferred: 1973 (d-wikipedia-mirror-afghanistansouth-korea-relations)" in row[
        "explanation"]


@states(LESSON, "Both Lee (\"early 1990s\") and Nishonova (\"2000–2010\") place Korea's cultural centres too early.",
        "Korean education centres did open in 1991 and 1992, and a university-based Korea Center opened in 2006, "
        "but the first Korean Cultural Center in the region opened in Astana in March 2010, which is the start of "
        "Nishonova's third stage.")
def test_cultural_centres(verdict):
    edu = independent_events(None, types=["education_centre_opened"]).sort_values("date")
    edu = edu[edu["preferred"]]  # the planned date of 23 Aug 1991 is an alternative reading
    assert edu["date"].dt.year.head(2).tolist() == [1991, 1992]
    centres = independent_events(None, types=["cultural_centre_opened"])
    assert centres["date"].dt.year.min() == 2006
    assert centres.loc[centres["label"].str.contains("Korean Cultural Center"), "date_iso"].tolist() == ["2010-03-04"]
    stage3 = claims.Tables().policy_stages.set_index("stage").loc[3, "start_year"]
    assert stage3 == 2010
    assert verdict["cultural-centres-early-1990s"] == P and verdict["stage2-cultural-centres"] == P


@states(LESSON, "Three of Kwak's facts (Afghanistan's approaches from 1988, Nazarbayev in San Francisco, Karimov in "
                "Moscow) come from the 1990 files he read and appear in no other source the project found.",
        "They are no data, not errors.")
def test_facts_only_kwak_reports(verdict):
    ids = ("afg-interest-1988", "nazarbayev-sf-1990-07", "karimov-moscow-1990-10")
    assert [verdict[i] for i in ids] == [D] * 3
    assert all(claims.check(i)["explanation"].startswith("Only the text itself reports this") for i in ids)


@states(LESSON, "Seven claims have no independent data.",
        "Lee's \"124 train cars\" is off by a factor of about 50 but has the right number.")
def test_the_discussion_numbers(table, reading):
    assert (table["verdict"] == D).sum() == 7
    assert reading[("deportation-train-cars-1937", "carriages (trains x carriages per train)")] / 124 == 50


# --- the evidence for your countries and years (default view) -------------------------------------------------

@states(LESSON, "For the five republics and Afghanistan, 1992–2024, in the IMF's figures: the series end in 2020, "
                "so 2021–2024 stay empty, and Afghanistan's own figures cover only 4 years between 2009 and 2019.")
def test_the_imf_years():
    frame = trade.totals(None, (1992, 2024), "both")
    present = frame[frame["total"].notna()]
    assert present["year"].max() == 2020
    assert frame[frame["year"].between(2021, 2024)]["total"].isna().all()
    afg = present[(present["country_iso3"] == "AFG") & (present["reporter_iso3"] == "AFG")]
    assert (len(afg), afg["year"].min(), afg["year"].max()) == (4, 2009, 2019)


@states(LESSON, "In 2019, the year of Kwak's total, Kazakhstan reported USD 6,502.0 million of trade with Korea "
                "against Korea's 4,218.2 million, while Kyrgyzstan reported USD 33.3 million against Korea's 108.6 "
                "million.")
def test_the_two_sides_in_2019():
    frame = trade.totals(["KAZ", "KGZ"], (2019, 2019), "both").set_index(["country_iso3", "reporter_iso3"])
    total = (frame["total"] / 1e6).round(1)
    assert total[("KAZ", "KAZ")] == 6502.0 and total[("KAZ", "KOR")] == 4218.2
    assert total[("KGZ", "KGZ")] == 33.3 and total[("KGZ", "KOR")] == 108.6


@states(LESSON, "Sources other than the three texts date relations with the five republics between 28 January and "
                "27 April 1992, and with Afghanistan to 1973.")
def test_independent_relation_dates():
    dates = claims.relation_dates()
    five = dates[dates["country_iso3"].isin(FIVE)]
    assert len(five) == 5 and (five["n_dates"] == 1).all()
    assert (five["first_date"].min().strftime("%Y-%m-%d"), five["first_date"].max().strftime("%Y-%m-%d")) == (
        "1992-01-28", "1992-04-27")
    assert dates.set_index("country_iso3").loc["AFG", "dates"] == "1973, 1973-12"


@states(LESSON, "Kwak dates Korea's relations with the five republics to 28, 29 and 31 January, 7 February and 27 "
                "April 1992.")
def test_kwaks_five_dates():
    stated = claims.stated().set_index("claim_id")["claimed_date"]
    assert [stated[f"relations-{c}-1992"] for c in ("kaz", "uzb", "kgz", "tkm", "tjk")] == [
        "1992-01-28", "1992-01-29", "1992-01-31", "1992-02-07", "1992-04-27"]


def test_the_paper_table_keeps_its_columns_and_rows(table):
    paper = claims.for_papers(table)
    assert list(paper.columns) == ["claim_id", "text", "claim", "claimed", "computed", "verdict", "explanation",
                                   "sources"]
    assert list(paper["claim_id"]) == sorted(TODAY)
    row = paper.set_index("claim_id").loc["trade-growth-uzb-2001-2019"]
    assert row["computed"] == "Korea-reported: 4.9x; partner-reported: 3.6x"
    assert row["sources"] == "imf-dots-kor; imf-dots-uzb"
