"""diaspora.csv is built like trade.csv: hand rows from curated/, year-end counts from the Ministry of Justice's monthly
file in raw/moj_foreign_residents. These tests hold the built rows to the raw file's own cells."""
from __future__ import annotations

import csv
import hashlib
import io
import shutil
import subprocess
import sys

import pytest
from korea_central_asia import DataError, load, validate
from korea_central_asia.build import (MOJ_DIR, MOJ_FILE, MOJ_MEASURE, MOJ_SOURCE, build_data, diaspora_csv_text,
                                      moj_rows, read_moj_cells)
from korea_central_asia.paths import DATA_DIR
from korea_central_asia.series import people

RAW = DATA_DIR / "raw" / MOJ_DIR / MOJ_FILE
FIVE = {"KAZ", "UZB", "KGZ", "TJK", "TKM"}


def raw_cell(year: str, month: str, nationality: str) -> int:
    """The count the Ministry's file states for one month and nationality, read straight from the CSV."""
    with RAW.open(encoding="utf-8", newline="") as handle:
        found = [int(r[3]) for r in csv.reader(handle) if r[:3] == [year, month, nationality]]
    assert len(found) == 1, (year, month, nationality, found)
    return found[0]


def derived():
    diaspora = load("diaspora")
    return diaspora[diaspora["measure"] == MOJ_MEASURE]


@pytest.fixture
def data_with_raw(data_copy):
    shutil.copytree(DATA_DIR / "raw", data_copy / "raw")
    return data_copy


def test_the_vendored_file_is_the_one_its_readme_names():
    readme = (RAW.parent / "README.md").read_text(encoding="utf-8")
    digest = hashlib.sha256(RAW.read_bytes()).hexdigest()
    assert digest == "0ec0fec271f3e9684e4c036de8e9410dcc24465b2fc6d1e7d5f0afcaa2eff5bc" and digest in readme
    for words in ("Ministry of Justice", "15100013", "KOGL Type 1",
                  "duelspost-droid/foreign-resident-finance-dashboard"):
        assert words in readme


def test_the_december_count_is_the_raw_files_cell():
    rows = derived().set_index(["place", "year"])
    assert rows.loc[("UZB", 2023), "value"] == raw_cell("2023", "12", "우즈베키스탄") == 87698
    assert rows.loc[("KGZ", 2022), "value"] == raw_cell("2022", "12", "키르기즈") == 8696
    assert rows.loc[("TKM", 2025), "value"] == raw_cell("2025", "12", "투르크메니스탄") == 1481
    assert rows.loc[("KAZ", 2024), "date_iso"] == "2024-12"
    # not the May count of a year, nor the repeated 2025-05/06 month
    assert rows.loc[("KAZ", 2025), "value"] == 43026 != raw_cell("2025", "06", "카자흐스탄")


def test_one_row_per_nationality_and_full_year_and_none_for_2026():
    rows = derived()
    assert len(rows) == 20
    assert set(zip(rows["place"], rows["year"])) == {(c, y) for c in FIVE for y in range(2022, 2026)}
    assert (rows["counted_in"] == "KOR").all() and (rows["source_id"] == MOJ_SOURCE).all()
    assert rows["preferred"].all() and rows["fact_id"].is_unique
    # the file has Jan–May 2026, so 2026 has months but no December: no row
    with RAW.open(encoding="utf-8", newline="") as handle:
        assert any(r[:2] == ["2026", "05"] for r in csv.reader(handle))
    assert 2026 not in set(rows["year"])


def test_a_year_without_december_gives_no_row(tmp_path):
    lines = ["년,월,국적지역,체류외국인수"]
    lines += [f"2022,{m:02d},카자흐스탄,{100 + m}" for m in range(1, 13)]
    lines += [f"2023,{m:02d},카자흐스탄,{200 + m}" for m in range(1, 12)]  # January to November only
    lines += ["2023,12,베트남,5"]  # December of a nationality that is not read
    (tmp_path / MOJ_FILE).write_text("\r\n".join(lines) + "\r\n", encoding="utf-8")
    rows = moj_rows(read_moj_cells(tmp_path))
    assert [(r["place"], r["year"], r["value"]) for r in rows] == [("KAZ", "2022", "112")]


def test_dropping_a_december_from_the_raw_file_drops_that_year_only(data_with_raw):
    path = data_with_raw / "raw" / MOJ_DIR / MOJ_FILE
    text = path.read_bytes().decode("utf-8").split("\r\n")
    path.write_text("\r\n".join(line for line in text if line != "2024,12,타지키스탄,3123"), encoding="utf-8")
    build_data(data_with_raw)
    rows = load("diaspora", data_with_raw)
    tjk = rows[(rows["measure"] == MOJ_MEASURE) & (rows["place"] == "TJK")]
    assert list(tjk["year"]) == [2022, 2023, 2025]


def test_the_hand_rows_moved_unchanged_and_in_order():
    built = (DATA_DIR / "diaspora.csv").read_text(encoding="utf-8").split("\n")
    hand = (DATA_DIR / "curated" / "diaspora_curated.csv").read_text(encoding="utf-8").split("\n")
    assert built[0] == hand[0]
    assert [line for line in built if f",{MOJ_SOURCE}," not in line] == hand
    assert len(hand) - 2 == 166  # the 155 rows diaspora.csv held before it was built, two census rows and nine upgrades since


def test_build_gives_identical_bytes_and_the_command_rewrites_them(tmp_path):
    assert diaspora_csv_text(DATA_DIR).encode("utf-8") == (DATA_DIR / "diaspora.csv").read_bytes()
    copy = tmp_path / "data"
    shutil.copytree(DATA_DIR, copy)
    before = (copy / "diaspora.csv").read_bytes()
    (copy / "diaspora.csv").write_text("year\n", encoding="utf-8")  # a stale file is replaced, not kept
    result = subprocess.run([sys.executable, "-m", "korea_central_asia", "build-data", str(copy)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (copy / "diaspora.csv").read_bytes() == before


def _derived_line(text: str) -> tuple[int, list[str]]:
    rows = list(csv.reader(io.StringIO(text)))
    return next((n, r) for n, r in enumerate(rows, start=1) if MOJ_SOURCE in r)


def test_a_curated_row_repeating_a_derived_one_is_refused_and_nothing_is_written(data_with_raw):
    line, row = _derived_line((data_with_raw / "diaspora.csv").read_text(encoding="utf-8"))
    path = data_with_raw / "curated" / "diaspora_curated.csv"
    text = path.read_bytes().decode("utf-8").split("\n")
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row[:-1] + ["copied by hand"])
    text.insert(1, out.getvalue())
    path.write_text("\n".join(text), encoding="utf-8")
    before = (data_with_raw / "diaspora.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        build_data(data_with_raw)
    key = "year, date, place, counted_in, measure, period, value, source_id"
    assert [str(p) for p in caught.value.problems] == [
        f"curated/diaspora_curated.csv:2: source_id: duplicate key: the same ({key}) is derived from raw/ at "
        f"diaspora.csv line {line}"]
    assert (data_with_raw / "diaspora.csv").read_bytes() == before
    # the validator says the same of the folder on disk
    assert [str(p) for p in validate(data_with_raw)] == [str(p) for p in caught.value.problems]


def test_a_bad_count_in_the_raw_file_names_its_file_line_and_column(data_with_raw):
    path = data_with_raw / "raw" / MOJ_DIR / MOJ_FILE
    text = path.read_bytes().decode("utf-8").replace("2023,12,우즈베키스탄,87698", "2023,12,우즈베키스탄,87,698")
    text = text.replace("2024,03,키르기즈,", "2024,3x,키르기즈,")
    path.write_text(text, encoding="utf-8")
    line = next(n for n, l in enumerate(text.split("\r\n"), start=1) if l.startswith("2024,3x,"))
    before = (data_with_raw / "diaspora.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        build_data(data_with_raw)
    # An unquoted thousands comma makes five cells: a row of the five nationalities that cannot be read is an error.
    assert [str(p) for p in caught.value.problems] == [
        f"raw/{MOJ_DIR}/{MOJ_FILE}:4929: (row): a row of 우즈베키스탄 has 5 cells but the header has 4",
        f"raw/{MOJ_DIR}/{MOJ_FILE}:{line}: 월: '3x' is not a whole number"]
    assert (data_with_raw / "diaspora.csv").read_bytes() == before


def test_a_month_stated_twice_is_refused(tmp_path):
    lines = ["년,월,국적지역,체류외국인수", "2022,12,키르기즈,8696", "2022,12,키르기즈,8697"]
    (tmp_path / MOJ_FILE).write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DataError) as caught:
        read_moj_cells(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        f"raw/{MOJ_DIR}/{MOJ_FILE}:3: 월: 2022-12 키르기즈 is stated again; first on line 2"]


def test_residents_year_end_series():
    rows = people.residents_year_end(countries=["KGZ", "UZB"], years=(2022, 2024))
    assert list(zip(rows["country_iso3"], rows["year"], rows["value"])) == [
        ("KGZ", 2022, 8696), ("KGZ", 2023, 10135), ("KGZ", 2024, 11784),
        ("UZB", 2022, 79136), ("UZB", 2023, 87698), ("UZB", 2024, 94893)]
    assert set(rows["side"]) == {"Korean official"} and list(rows["stated"])[:1] == ["8,696"]
    assert set(rows["source_id"]) == {MOJ_SOURCE}
    assert people.residents_year_end(countries=["AFG"]).empty
    # residence counts of other measures are not mixed in
    assert set(people.residents_year_end()["measure"].astype(str)) == {MOJ_MEASURE}
    with pytest.raises(ValueError, match="unknown country code"):
        people.residents_year_end(countries=["XYZ"])


def test_residents_year_end_from_the_command_line(capsys):
    from korea_central_asia.__main__ import main

    assert main(["series", "people-residents-year-end", "--countries", "TJK", "--years", "2024", "2026"]) == 0
    out = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["year"], r["value"], r["source_id"]) for r in out] == [("2024", "3123.0", MOJ_SOURCE),
                                                                      ("2025", "3230.0", MOJ_SOURCE)]


def test_the_census_coverage_table_lists_every_round_found_or_not():
    from korea_central_asia.docs import census_coverage_table

    rows = {tuple(c.strip() for c in line.strip("|").split("|"))[:4] for line in census_coverage_table().splitlines()
            if line.startswith("| ") and not line.startswith("| republic")}
    assert ("KAZ", "1926", "Kazak ASSR (RSFSR)", "42 (`p-github-nurasssyl-kaz-ethnic-chronology`)") in rows
    assert ("KGZ", "1926, 1939, 1959, 1970, 1979, 1989", "Kirghiz ASSR (RSFSR), Kirghiz SSR", "not found") in rows
    for year in ("1999", "2009", "2022"):
        assert ("KGZ", year, "Kyrgyzstan", "not found") in rows
    assert ("TKM", "2012", "Turkmenistan", "not found") in rows
    assert ("UZB", "1939", "Uzbek SSR", "more than 72,000 (`p-ten-korean-diaspora-uzbekistan`)") in rows
    assert all(r[0] != "UZB" or int(r[1][:4]) <= 1989 for r in rows)  # no round in Uzbekistan since 1989
