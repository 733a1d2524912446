"""The data package: valid for our validator and for Frictionless, sourced, and true to the three examined texts and the workbooks."""
from __future__ import annotations

import subprocess
import sys

import openpyxl
import pandas as pd
import pytest
from korea_central_asia import DataError, load, validate
from korea_central_asia.build import DOTS_REPORTERS, trade_csv_text, trade_fact_id
from korea_central_asia.docs import check_data_readme
from korea_central_asia.paths import DATA_DIR

TABLES = ["sources", "countries", "country_names", "events", "trade", "diaspora", "partnerships", "policy_stages",
          "soft_power_tools", "claims", "glossary"]


def test_project_data_is_valid():
    assert [str(p) for p in validate(DATA_DIR)] == []


def test_frictionless_agrees():
    from frictionless import Package, system

    with system.use_context(trusted=True):
        report = Package(str(DATA_DIR / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:20]


def test_every_table_is_described_and_loads():
    for name in TABLES:
        frame = load(name)
        assert len(frame) > 0, name
    assert len(load("events")) >= 250
    assert len(load("claims")) >= 12


def _set_cell(path, line: int, column: str, value: str) -> None:
    import csv
    import io

    lines = path.read_text(encoding="utf-8").split("\n")
    header = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line - 1]]))
    cells[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    lines[line - 1] = out.getvalue()
    path.write_text("\n".join(lines), encoding="utf-8")


# load() checks the whole folder first, so no table can be read with a row whose source is unknown or has no address.
def test_load_refuses_a_row_whose_source_is_unknown(data_copy):
    # The hand rows of diaspora.csv live in its curated input, so that is where an author edits them.
    _set_cell(data_copy / "curated" / "diaspora_curated.csv", 4, "source_id", "no-such-source")
    with pytest.raises(DataError) as refused:
        load("diaspora", data_copy)
    assert [str(p) for p in refused.value.problems] == [
        "curated/diaspora_curated.csv:4: source_id: unknown source 'no-such-source': not in sources.csv"]


def test_load_refuses_a_source_without_a_web_address(data_copy):
    _set_cell(data_copy / "sources.csv", 4, "url", "ftp://example.org/report.pdf")
    with pytest.raises(DataError) as refused:
        load("events", data_copy)
    assert [(p.file, p.line, p.column) for p in refused.value.problems] == [("sources.csv", 4, "url")]


def test_the_five_1992_relation_dates_of_kwak_2021():
    events = load("events")
    established = events[events["event_type"] == "relations_established"]
    expected = {"KAZ": "1992-01-28", "UZB": "1992-01-29", "KGZ": "1992-01-31", "TKM": "1992-02-07", "TJK": "1992-04-27"}
    for country, date in expected.items():
        dates = set(established.loc[established["country_iso3"] == country, "date_iso"])
        assert date in dates, (country, dates)
    assert "1990-09-30" in set(established.loc[established["country_iso3"] == "SUN", "date_iso"])
    assert (established["country_iso3"] == "AFG").any()


def test_the_1937_deportation_figures():
    diaspora = load("diaspora")
    persons = diaspora[diaspora["measure"] == "deportation_persons"]
    families = diaspora[diaspora["measure"] == "deportation_families"]
    assert 171781 in set(persons["value"])
    assert 36442 in set(families["value"])
    # The larger archival count is kept beside it, not merged.
    assert 172597 in set(persons["value"]) and 36681 in set(families["value"])
    split = diaspora[diaspora["measure"] == "deportation_persons_by_destination"]
    archival = split[split["value"].isin([95256, 76525])]
    assert dict(zip(archival["place"], archival["value"])) == {"SU-KAZ": 95256, "SU-UZB": 76525}
    assert archival["value"].sum() == 171781  # the split adds up to the Yezhov total


def test_load_types_columns():
    events = load("events")
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert events["event_type"].dtype == "category"
    tools = load("soft_power_tools")
    assert tools["effectiveness"].cat.ordered
    assert tools["effectiveness"].max() == "High"
    trade = load("trade")
    assert str(trade["value_usd"].dtype) == "Int64"
    assert trade["estimate"].dtype == "boolean"


def test_policy_stages_are_half_open():
    stages = load("policy_stages").sort_values("stage")
    assert list(stages["start_year"]) == [1992, 2000, 2010]
    assert list(stages["end_year"].iloc[:2]) == [2000, 2010] and pd.isna(stages["end_year"].iloc[2])
    in_stage = [(s, e) for s, e in zip(stages["start_year"], stages["end_year"]) if s <= 2000 and (pd.isna(e) or 2000 < e)]
    assert in_stage == [(2000, 2010)]


# How the IMF workbooks spell the seven economies, read here apart from the build's own table.
WORKBOOK_NAMES = {"Korea, Rep. of": "KOR", "Kazakhstan, Rep. of": "KAZ", "Uzbekistan, Rep. of": "UZB",
                  "Kyrgyz Rep.": "KGZ", "Tajikistan, Rep. of": "TJK", "Turkmenistan": "TKM",
                  "Afghanistan, Islamic Rep. of": "AFG"}


def test_dots_rows_match_their_workbook_cell_in_country_flow_reporter_and_value():
    """Each DOTS row names its cell; the reporter (the sheet's B4), the partner (column B of the cell's row), the year
    (row 7 of its column) and the direction (the sheet's title) read from the workbook must give the row."""
    trade = load("trade")
    dots = trade[trade["source_id"].str.startswith("imf-dots-")]
    assert len(dots) == 639 and dots["notes"].is_unique
    books: dict = {}
    for row in dots.itertuples():
        workbook, rest = row.notes.split(" '", 1)
        sheet_name, coordinate = rest.rsplit("' ", 1)
        if workbook not in books:
            books[workbook] = openpyxl.load_workbook(DATA_DIR / "raw" / "imf_dots" / workbook, data_only=True)
        sheet = books[workbook][sheet_name]
        cell = sheet[coordinate]
        reporter = WORKBOOK_NAMES[sheet["B4"].value]
        partner = WORKBOOK_NAMES[sheet.cell(row=cell.row, column=2).value]
        year = int(sheet.cell(row=7, column=cell.column).value)
        title = sheet["B2"].value
        assert title in ("Exports, FOB to Partner Countries", "Imports, CIF from Partner Countries"), title
        reporter_exports = title.startswith("Exports")
        if reporter == "KOR":
            country, flow = partner, "exports" if reporter_exports else "imports"
        else:  # the partner reports its trade with Korea: its exports are Korea's imports
            assert partner == "KOR", row
            country, flow = reporter, "imports" if reporter_exports else "exports"
        assert (row.year, row.country_iso3, row.flow, row.reporter_iso3) == (year, country, flow, reporter), row
        estimate = isinstance(cell.value, str)
        millions = float(cell.value.split()[0]) if estimate else cell.value
        assert abs(row.value_usd - millions * 1e6) < 0.51, (row, cell.value)
        assert bool(row.estimate) == estimate


def test_kazakhstan_reported_exports_to_korea_in_2019():
    # DOTS_103.xlsx 'Exports, FOB' AD41: Kazakhstan's exports to Korea, USD 3,079.584092 million, which are Korea's
    # imports from Kazakhstan as Kazakhstan reports them.
    trade = load("trade")
    row = trade[(trade["year"] == 2019) & (trade["country_iso3"] == "KAZ") & (trade["reporter_iso3"] == "KAZ")
                & (trade["period"] == "year")].set_index("flow")
    assert row.loc["imports", "value_usd"] == 3_079_584_092
    assert row.loc["exports", "value_usd"] == 3_422_418_519  # 'Imports, CIF' AD41, Kazakhstan's imports from Korea


def test_dots_values_match_korean_customs_figures_quoted_in_the_press():
    trade = load("trade")
    kor = trade[(trade["reporter_iso3"] == "KOR") & (trade["period"] == "year") & trade["source_id"].eq("imf-dots-kor")]
    total = kor.groupby(["country_iso3", "year"], observed=True)["value_usd"].sum()
    assert round(total["KAZ", 2019] / 1e6, 1) == 4218.2
    assert round(total["KAZ", 2008] / 1e6, 1) == 698.2
    assert round(total["UZB", 2020] / 1e6, 1) == 1722.8
    exports_kaz_1992 = kor[(kor["country_iso3"] == "KAZ") & (kor["year"] == 1992) & (kor["flow"] == "exports")]
    assert list(exports_kaz_1992["value_usd"]) == [2_400_000]


def test_partial_year_trade_is_never_annual():
    trade = load("trade")
    part = trade[trade["period"] == "part_year"]
    assert len(part) > 0 and part["period_note"].notna().all()
    assert trade.loc[trade["period"] == "year", "period_note"].isna().all()


def test_build_data_gives_identical_bytes():
    assert trade_csv_text(DATA_DIR).encode("utf-8") == (DATA_DIR / "trade.csv").read_bytes()


def test_build_data_command_rewrites_the_same_bytes(tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    before = (copy / "trade.csv").read_bytes()
    result = subprocess.run([sys.executable, "-m", "korea_central_asia", "build-data", str(copy)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (copy / "trade.csv").read_bytes() == before


def test_data_readme_has_not_drifted():
    assert check_data_readme(DATA_DIR) == ""


def test_validate_runs_from_any_working_directory(tmp_path):
    result = subprocess.run([sys.executable, "-m", "korea_central_asia", "validate"], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "valid" in result.stdout


def test_vendored_workbooks_have_provenance():
    folder = DATA_DIR / "raw" / "imf_dots"
    assert (folder / "README.md").exists() and (folder / "LICENSE.repo.txt").exists()
    assert {p.name for p in folder.glob("*.xlsx")} == set(DOTS_REPORTERS)


def test_every_source_is_cited_by_some_row():
    cited = set()
    for name in TABLES:
        if name != "sources":  # every column naming a source: source_id, and name_ko_source_id of countries
            table = load(name)
            for column in (c for c in table.columns if c.endswith("source_id")):
                cited |= set(table[column].dropna())
    assert set(load("sources")["source_id"]) - cited == set()


TIERS = ["statistics", "official", "scholarly", "news", "encyclopedia", "weak"]


def test_every_source_has_a_tier_from_the_known_set_strongest_first():
    sources = load("sources")
    assert list(sources["tier"].cat.categories) == TIERS
    assert sources["tier"].cat.ordered and sources["tier"].min() == "statistics"
    assert sources["tier"].notna().all()
    assert set(sources["tier"].astype(str)) == set(TIERS)  # every tier is in use
    assert (sources["weak"] == (sources["tier"] == "weak")).all()
    assert sources["tier"].value_counts().to_dict() == {"news": 283, "weak": 48, "official": 50, "statistics": 15,
                                                        "scholarly": 12, "encyclopedia": 17}


def test_tiers_follow_where_a_source_was_published():
    tier = dict(zip(load("sources")["source_id"], load("sources")["tier"].astype(str)))
    assert tier["imf-dots-kor"] == "statistics"
    assert tier["p-pohl-2009-last-train-west"] == "weak"  # a historian's own blog
    assert tier["p-wiki-en-deportation-koreans-ussr"] == "encyclopedia"  # Wikipedia itself
    assert tier["p-wiki-uk-koreans-in-kazakhstan"] == "weak"  # a Wikipedia mirror
    assert tier["t-yonhap-2021-kor-uzb-economic-ties"] == "news"  # news quoting ministry figures stays news
    assert tier["p-yonhap-2006-koryoin-survey"] == "weak"  # a Yonhap text copied onto a forum
    assert tier["p-moj-foreign-residents-by-nationality"] == "statistics"
    # Wikipedia and its mirrors are never primary.
    sources = load("sources")
    text = sources["publisher"].fillna("") + " " + sources["notes"].fillna("") + " " + sources["url"]
    wiki = text.str.contains(r"wiki(?!leaks)|위키", case=False, regex=True)
    wiki &= ~sources["url"].str.startswith("https://unstats.un.org/wiki/")  # the UN's own knowledge base
    assert wiki.sum() == 25  # 20, and the five Wikipedia articles that name and date territories by period
    assert set(sources.loc[wiki, "tier"].astype(str)) == {"encyclopedia", "weak"}


FACT_TABLES = {"events": 43, "trade": 9, "diaspora": 10, "partnerships": 2}  # facts with several readings


def test_every_fact_has_exactly_one_preferred_reading():
    for name, several in FACT_TABLES.items():
        table = load(name)
        assert table["fact_id"].notna().all() and table["preferred"].notna().all(), name
        per_fact = table.groupby("fact_id")["preferred"].agg(["sum", "size"])
        assert (per_fact["sum"] == 1).all(), (name, per_fact[per_fact["sum"] != 1])
        assert int((per_fact["size"] > 1).sum()) == several, name
        lone = per_fact.index[per_fact["size"] == 1]
        assert table.loc[table["fact_id"].isin(lone), "preferred"].all(), name


def preferred_of(name, fact):
    table = load(name)
    rows = table[table["fact_id"] == fact]
    assert len(rows) > 1, fact
    return rows[rows["preferred"].astype(bool)].iloc[0]


def test_conflicts_are_weighed():
    assert preferred_of("events", "afg-relations-established")["date_iso"] == "1973-12"
    assert preferred_of("events", "afg-relations-restored")["date_iso"] == "2002"
    assert preferred_of("events", "kaz-rok-embassy-moved-to-astana")["date_iso"] == "2008"
    assert preferred_of("events", "kgz-rok-embassy-opened")["date_iso"] == "2007-11-23"
    assert preferred_of("events", "uzb-roh-moo-hyun-visit")["date_iso"] == "2005"
    assert preferred_of("partnerships", "kaz-strategic-partnership")["date_iso"] == "2009-05"
    assert preferred_of("diaspora", "sun-deportation-persons-1937-all-transports")["value"] == 172597
    assert preferred_of("diaspora", "su-kaz-deportees-1937")["value"] == 95256
    # A value a thousand times off is a unit slip, whatever the tier of its source.
    assert preferred_of("trade", "tkm-total-2023-kor")["value_usd"] == 17_000_000
    assert preferred_of("trade", "uzb-total-2023-uzb")["value_usd"] == 2_500_000_000
    # Where an examined text and an independent source agree, the independent one is preferred.
    events = load("events")
    relations = events[(events["event_type"] == "relations_established") & events["country_iso3"].isin(
        ["KAZ", "UZB", "KGZ", "TJK", "TKM"])]
    assert not relations.loc[relations["preferred"].astype(bool), "source_id"].isin(["kwak-2021", "lee-2019", "nishonova-nd"]).any()


def test_trade_facts_follow_the_reporter():
    trade = load("trade")
    raw = pd.read_csv(DATA_DIR / "trade.csv", dtype=str, keep_default_na=False)
    assert (raw["fact_id"] == raw.apply(trade_fact_id, axis=1)).all()
    assert trade.loc[trade["source_id"].str.startswith("imf-dots-"), "preferred"].all()
    # Korea-reported and partner-reported flows are different facts, never rival readings.
    assert (trade.groupby("fact_id")["reporter_iso3"].nunique(dropna=False) == 1).all()
    kaz_2023 = trade[(trade["country_iso3"] == "KAZ") & (trade["year"] == 2023) & (trade["flow"] == "total")
                     & (trade["period"] == "year")]
    assert set(kaz_2023["fact_id"]) == {"kaz-total-2023-kaz", "kaz-total-2023-kor"}
    assert kaz_2023["preferred"].all()


def test_every_conflict_is_explained_in_preferred_md():
    import re

    text = (DATA_DIR / "PREFERRED.md").read_text(encoding="utf-8")
    sections = dict(re.findall(r"^## (\w+)[^\n]*\n(.*?)(?=^## |\Z)", text, flags=re.S | re.M))
    for name in FACT_TABLES:
        table = load(name)
        documented = {}
        for line in sections[name].splitlines():
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            if len(cells) == 4 and cells[0].startswith("`"):
                documented[cells[0].strip("`")] = (set(re.findall(r"`([^`]+)`", cells[1])),
                                                   set(re.findall(r"`([^`]+)`", cells[2])))
        several = table.groupby("fact_id").filter(lambda g: len(g) > 1)
        assert set(several["fact_id"]) == set(documented), name
        for fact, rows in several.groupby("fact_id"):
            chosen, others = documented[fact]
            assert chosen == set(rows.loc[rows["preferred"].astype(bool), "source_id"]), fact
            assert others == set(rows.loc[~rows["preferred"].astype(bool), "source_id"]), fact
    own = {(t, f) for t, f in re.findall(r"^\| (\w+) \| `([^`]+)` \|", sections["Marked"], flags=re.M)}
    for name in FACT_TABLES:
        table = load(name)
        sizes = table["fact_id"].map(table["fact_id"].value_counts())
        lone_conflicts = table.loc[table["notes"].fillna("").str.startswith("CONFLICT") & (sizes == 1), "fact_id"]
        assert {(name, f) for f in lone_conflicts} == {(t, f) for t, f in own if t == name}, name


def test_glossary_md_has_not_drifted():
    from korea_central_asia.glossary import check

    assert check() == ""


def test_the_glossary_names_a_source_for_every_term():
    from korea_central_asia import series

    words = series.glossary()
    assert len(words) == 20 and words["anchor"].is_unique
    assert words.set_index("term").loc["FOB / CIF", "anchor"] == "fob-cif"
    assert words.set_index("term").loc["Koryo-saram", "term_ru"] == "Корё сарам"
    sources = load("sources").set_index("source_id")
    assert words["source_id"].isin(sources.index).all()
    # Definitions lean on official, statistical and scholarly sources where one was found; no weak source.
    tiers = sources.loc[words["source_id"], "tier"].astype(str).value_counts().to_dict()
    assert tiers == {"official": 8, "news": 4, "statistics": 4, "scholarly": 2, "encyclopedia": 2}


def test_the_policy_frameworks_are_dated_and_sourced():
    events = load("events")
    chosen = events[events["preferred"].astype(bool)]
    frameworks = chosen[chosen["event_type"] == "initiative"].set_index("fact_id")
    assert frameworks.loc["sun-initiative-1988-07-07", "date"] == pd.Timestamp("1988-07-07")
    assert frameworks.loc["sun-initiative-1988-07-07", "country_iso3"] == "SUN"
    assert frameworks.loc["ca5-initiative-2009-03", "date_iso"] == "2009-03"
    assert frameworks.loc["ca5-initiative-2013-10-18", "source_id"] == "d-nuac-2013-park-eurasia-initiative"
    assert frameworks.loc["ca5-initiative-2017-09-07", "date_iso"] == "2017-09-07"  # not the timeline's 6 Sep
    assert frameworks.loc["ca5-initiative-2024-06", "date_iso"] == "2024-06-07"
    assert "K-Silk Road" in frameworks.loc["ca5-initiative-2024-06", "label"]
    # The normalisation of 1990 stays one row, the result of Nordpolitik, not a second framework row.
    assert len(events[(events["country_iso3"] == "SUN") & (events["event_type"] == "relations_established")]) == 1


def test_the_hostage_crisis_and_the_reconstruction_team():
    events = load("events")
    afg = events[(events["country_iso3"] == "AFG") & events["preferred"].astype(bool)].set_index("fact_id")
    taken, freed = afg.loc["afg-other-2007-07-19"], afg.loc["afg-other-2007-08-30"]
    assert (taken["value"], freed["value"]) == (23, 7) and (freed["date"] - taken["date"]).days == 42
    # The PRT row is dated to the month it began and to the day it ended: the first span with a month start.
    prt = afg.loc["afg-other-2010-07"]
    assert (prt["date_precision"], prt["date_iso"], prt["end_date_iso"]) == ("month", "2010-07", "2014-06-23")
    assert prt["date"] == pd.Timestamp("2010-07-01") and prt["end_date"] == pd.Timestamp("2014-06-23")
    assert prt["source_id"] == "d-mofa-2014-korean-prt-ends-mission"
    spans = events[events["end_date"].notna()]
    assert (spans["end_date"] >= spans["date"]).all()


# Key facts of issue 10 (data/PREFERRED.md, "Targets"): the facts whose preferred reading should rest on an
# official, statistical or scholarly source wherever one can be found.
KEY_FACTS = {
    "diaspora": ("measure", ("census_count", "census_share_percent", "deportation_persons", "deportation_families",
                             "deportation_trains", "deportation_carriages_per_train",
                             "deportation_persons_by_destination", "deportation_deaths_estimate",
                             "deportation_mortality_percent", "nationals_residing_in_korea",
                             "foreign_residents_moj_year_end", "ethnic_korean_returnees_in_korea")),
    "events": ("event_type", ("relations_established", "recognition", "relations_severed", "relations_restored",
                              "embassy_opened", "embassy_opening_announced", "embassy_closed", "embassy_moved",
                              "consulate_opened", "partnership_upgrade", "state_visit", "official_visit", "summit",
                              "pre1992_visit")),
}


def weak_share(name, key_only=True):
    """(preferred readings on weak or encyclopedia sources, preferred readings) of a table's key facts."""
    tier = dict(zip(load("sources")["source_id"], load("sources")["tier"].astype(str)))
    table = load(name)
    preferred = table[table["preferred"].astype(bool)]
    if key_only:
        column, values = KEY_FACTS[name]
        preferred = preferred[preferred[column].isin(values)]
    assert preferred["fact_id"].is_unique  # one reading per fact: the share counts facts, not rows
    weak = preferred["source_id"].map(tier).isin(["weak", "encyclopedia"])
    return int(weak.sum()), len(preferred)


def test_the_share_of_key_facts_on_weak_sources():
    # events: 14 of 93 before issue 10's upgrades, 4 of 95 after; the target (at most 5%) is met
    assert weak_share("events") == (4, 95) and 4 / 95 <= 0.05
    # diaspora: 44 of 69 before; 45 of 92 after, the twenty Ministry of Justice year-end counts (statistics) among
    # them. The target (at most 15%) is not met; PREFERRED.md says what was searched for each fact kept
    assert weak_share("diaspora") == (45, 92) and 45 / 92 > 0.15
    # every preferred reading, key or not (the policy-context rows of issue 12 are events too)
    assert weak_share("events", key_only=False) == (29, 329)
    assert weak_share("diaspora", key_only=False) == (63, 173)


def test_every_weak_key_fact_kept_says_what_was_searched():
    import re

    text = (DATA_DIR / "PREFERRED.md").read_text(encoding="utf-8")
    section = text[text.index("## Searched, not found"):]
    listed = set()
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 5 and cells[0] in KEY_FACTS:
            for ids in re.findall(r"`([^`]+)`", cells[1]):
                listed.add((cells[0], ids))
    tier = dict(zip(load("sources")["source_id"], load("sources")["tier"].astype(str)))
    for name, (column, values) in KEY_FACTS.items():
        table = load(name)
        kept = table[table["preferred"].astype(bool) & table[column].isin(values)
                     & table["source_id"].map(tier).isin(["weak", "encyclopedia"])]
        missing = sorted(set(kept["fact_id"]) - {f for n, f in listed if n == name})
        assert missing == [], (name, missing)
