"""Each kind of broken input, written into a scratch copy of the data, gives exactly its own lines: file:line: column: what.

Every case states the whole list of problems the validator must report, as the strings it prints, so a wrong line, a
wrong column, a reworded message, a missed problem or a cascade of follow-on problems all fail. One bad cell gives one
problem; the few cases that give two say why.
"""
from __future__ import annotations

import csv
import datetime as dt
import importlib
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from korea_central_asia import validate
from korea_central_asia.__main__ import main
from korea_central_asia.build import build_data

checks = importlib.import_module("korea_central_asia.validate")  # the module; the package exports the function

# Rows kept from the long tables, so that each case validates in milliseconds (the mutation run repeats them
# hundreds of times); the small tables are kept whole, and so are the sources any kept row cites.
SHORTENED = {"events.csv": 40, "trade.csv": 30, "diaspora.csv": 20, "claims.csv": 10}
# diaspora.csv is built from raw/ and this file; its hand rows are edited here, never in the built table.
DIASPORA_HAND = Path("curated") / "diaspora_curated.csv"
FIRST_SOURCES = 10


@pytest.fixture(scope="session")
def small_data_template(tmp_path_factory) -> Path:
    """The real data folder with its long tables cut to their first rows; valid, as the full folder is."""
    from korea_central_asia.paths import DATA_DIR

    target = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(DATA_DIR, target, ignore=shutil.ignore_patterns("raw", "README.md"))
    curated = set((target / "curated" / "trade_curated.csv").read_text(encoding="utf-8").split("\n")[1:])
    for name, keep in SHORTENED.items():
        lines = (target / name).read_text(encoding="utf-8").rstrip("\n").split("\n")
        rows = list(csv.DictReader(io.StringIO("\n".join(lines))))
        # Whole facts only (every reading of a kept fact stays, so one of them is preferred), and every row the
        # build copies from the curated file (the validator checks that trade.csv holds them).
        facts = {row.get("fact_id") for row in rows[:keep]} - {None, ""}
        if name == "trade.csv":  # a curated reading's rival derived from raw/ stays too
            facts |= {row["fact_id"] for row in csv.DictReader(io.StringIO("\n".join(
                (target / "curated" / "trade_curated.csv").read_text(encoding="utf-8").split("\n"))))}
        kept = [line for number, (line, row) in enumerate(zip(lines[1:], rows))
                if number < keep or row.get("fact_id") in facts or (name == "trade.csv" and line in curated)]
        (target / name).write_text("\n".join([lines[0], *kept]) + "\n", encoding="utf-8")
        if name == "diaspora.csv":  # its curated input keeps the hand rows kept here, so the build holds them all
            path = target / "curated" / "diaspora_curated.csv"
            hand = path.read_text(encoding="utf-8").rstrip("\n").split("\n")
            path.write_text("\n".join([hand[0], *(line for line in hand[1:] if line in set(kept))]) + "\n",
                            encoding="utf-8")
    cited = set()
    for path in [*target.glob("*.csv"), *target.glob("curated/*.csv")]:
        if path.name != "sources.csv":
            cited |= {value for row in csv.DictReader(io.StringIO(path.read_text(encoding="utf-8")))
                      for column, value in row.items() if column.endswith("source_id") and value}
    lines = (target / "sources.csv").read_text(encoding="utf-8").split("\n")
    kept = [line for number, line in enumerate(lines[1:-1], start=1)
            if number <= FIRST_SOURCES or next(csv.reader([line]))[0] in cited]
    (target / "sources.csv").write_text("\n".join([lines[0], *kept, ""]), encoding="utf-8")
    assert validate(target) == [], "the shortened copy must start valid"
    return target


@pytest.fixture
def small_data(small_data_template, tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(small_data_template, target)
    return target


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def write_lines(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines), encoding="utf-8")


def csv_line(cells: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    return out.getvalue()


def cells_of(path: Path, line: int) -> dict[str, str]:
    """The cells of a one-line row (1-based line), by column."""
    text = lines_of(path)
    return dict(zip(next(csv.reader([text[0]])), next(csv.reader([text[line - 1]]))))


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one cell on a 1-based line of a file whose rows each fit on one line."""
    text = lines_of(path)
    header = next(csv.reader([text[0]]))
    cells = next(csv.reader([text[line - 1]]))
    cells[header.index(column)] = value
    text[line - 1] = csv_line(cells)
    write_lines(path, text)


def first_line(path: Path, predicate) -> int:
    for number, line in enumerate(lines_of(path), start=1):
        if number > 1 and predicate(line):
            return number
    raise AssertionError(f"no line in {path.name} fits the test")


def schema(d: Path, table: str) -> dict:
    package = json.loads((d / "datapackage.json").read_text(encoding="utf-8"))
    return next(r["schema"] for r in package["resources"] if r["name"] == table)


def constraint(d: Path, table: str, column: str, name: str):
    return next(f for f in schema(d, table)["fields"] if f["name"] == column)["constraints"][name]


# Each case breaks the scratch copy and returns every line the validator must print, in order.
def wrong_type(d):
    set_cell(d / "trade.csv", 2, "value_usd", "12x")
    return ["trade.csv:2: value_usd: '12x' is not an integer"]


def not_a_number(d):
    set_cell(d / DIASPORA_HAND, 6, "value", "many")
    return ["curated/diaspora_curated.csv:6: value: 'many' is not a number"]


def number_not_finite(d):
    set_cell(d / DIASPORA_HAND, 6, "value", "nan")
    return ["curated/diaspora_curated.csv:6: value: 'nan' is not a finite decimal number"]


def impossible_date(d):
    line = first_line(d / "events.csv", lambda l: ",day," in l)
    set_cell(d / "events.csv", line, "date", "1992-02-30")
    return [f"events.csv:{line}: date: '1992-02-30' is not a real calendar date"]


def below_minimum(d):
    set_cell(d / "trade.csv", 14, "value_usd", "-15")
    return ["trade.csv:14: value_usd: -15 is below the minimum 0"]


def above_maximum(d):
    # The rank rule sees only values inside their range, so rank 7 is not also said to contradict its level.
    set_cell(d / "partnerships.csv", 2, "rank", "7")
    return ["partnerships.csv:2: rank: 7 is above the maximum 4"]


def unknown_code(d):
    set_cell(d / "events.csv", 3, "country_iso3", "XYZ")
    return ["events.csv:3: country_iso3: unknown code 'XYZ': not in countries.csv"]


def unknown_code_in_curated_input(d):
    path = d / "curated" / "trade_curated.csv"
    set_cell(path, 3, "country_iso3", "XYZ")
    return ["curated/trade_curated.csv:3: country_iso3: unknown code 'XYZ': not in countries.csv"]


def unknown_source(d):
    set_cell(d / DIASPORA_HAND, 4, "source_id", "no-such-source")
    return ["curated/diaspora_curated.csv:4: source_id: unknown source 'no-such-source': not in sources.csv"]


def duplicate_key(d):
    path = d / "events.csv"
    text = lines_of(path)
    text[3:3] = [text[1], text[1]]  # the same row twice more, as lines 4 and 5
    write_lines(path, text)
    key = schema(d, "events")["primaryKey"]
    row = cells_of(path, 2)
    message = f"duplicate key ({', '.join(key)}) = ({', '.join(row[k] for k in key)}), first on line 2"
    return [f"events.csv:4: source_id: {message}", f"events.csv:5: source_id: {message}"]


def duplicate_single_column_key(d):
    # source_id is both the primary key and `unique`: one repeated id is one problem, said once.
    path = d / "sources.csv"
    text = lines_of(path)
    source_id = cells_of(path, 2)["source_id"]
    text.insert(3, text[1])
    write_lines(path, text)
    return [f"sources.csv:4: source_id: duplicate key (source_id) = ({source_id}), first on line 2"]


def duplicate_key_across_files(d):
    # A curated trade row that repeats a row the build derives from the IMF workbooks.
    trade = list(csv.reader(io.StringIO((d / "trade.csv").read_text(encoding="utf-8"))))
    line, dots_row = next((n, r) for n, r in enumerate(trade, start=1) if "imf-dots-kor" in r)
    path = d / "curated" / "trade_curated.csv"
    text = lines_of(path)
    text.insert(1, csv_line(dots_row[:-1] + ["copied by mistake"]))
    write_lines(path, text)
    key = ", ".join(schema(d, "trade")["primaryKey"])
    return [f"curated/trade_curated.csv:2: source_id: duplicate key: the same ({key}) is derived from raw/ at "
            f"trade.csv line {line}"]


def missing_column(d):
    path = d / "policy_stages.csv"
    path.write_text("\n".join(",".join(l.split(",")[:-1]) if l else l for l in lines_of(path)).replace(",source", ""),
                    encoding="utf-8")
    return ["policy_stages.csv:1: source_id: column is missing from the header"]


def extra_column(d):
    path = d / "countries.csv"
    write_lines(path, [l + (",population" if i == 0 else ",1") if l else l for i, l in enumerate(lines_of(path))])
    return ["countries.csv:1: population: unexpected column in the header"]


def stray_comma_in_header(d):
    path = d / "countries.csv"
    text = lines_of(path)
    text[0] += ","
    write_lines(path, text)
    return ["countries.csv:1: (blank): unexpected column in the header"]


def repeated_column(d):
    path = d / "countries.csv"
    text = lines_of(path)
    text = [l + ("," + l.rsplit(",", 1)[1]) if l else l for l in text]  # the last column twice, header and rows
    write_lines(path, text)
    return ["countries.csv:1: (header): a column name is repeated"]


def columns_out_of_order(d):
    path = d / "policy_stages.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[1], r[0], *r[2:]] for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    expected = ",".join(f["name"] for f in schema(d, "policy_stages")["fields"])
    return [f"policy_stages.csv:1: (header): columns are out of order; expected {expected}"]


def unreadable_header(d):
    path = d / "countries.csv"
    text = lines_of(path)
    text[0] = text[0].replace("name_en", '"name_en"x', 1)
    write_lines(path, text)
    try:
        next(csv.reader([text[0]], strict=True))
    except csv.Error as exc:
        return [f"countries.csv:1: (header): cannot read the header: {exc}"]
    raise AssertionError("the header should not parse")


def ragged_row(d):
    path = d / "trade.csv"
    text = lines_of(path)
    text[5] = text[5] + ",extra"
    write_lines(path, text)
    return ["trade.csv:6: notes: row has 14 cells but the header has 13 (an unquoted comma?)"]


def short_row(d):
    path = d / "trade.csv"
    text = lines_of(path)
    text[6] = ",".join(text[6].split(",")[:5])
    write_lines(path, text)
    return ["trade.csv:7: value_usd: row has 5 cells but the header has 13 (an unquoted comma?)"]


def unquoted_comma(d):
    # The KAZ row cannot be read, but rows elsewhere that cite KAZ are not each reported as citing an unknown code.
    line = first_line(d / "countries.csv", lambda l: l.startswith("KAZ,"))
    path = d / "countries.csv"
    text = lines_of(path)
    text[line - 1] = text[line - 1].replace("KAZ,Kazakhstan,", "KAZ,Kazakhstan, Republic of,")
    write_lines(path, text)
    return [f"countries.csv:{line}: name_notes: row has 12 cells but the header has 11 (an unquoted comma?)"]


def unquoted_comma_in_a_cited_source(d):
    path = d / "sources.csv"
    text = lines_of(path)
    text[1] = text[1].replace(",", ",,", 1)
    write_lines(path, text)
    return ["sources.csv:2: notes: row has 11 cells but the header has 10 (an unquoted comma?)"]


def malformed_row(d):
    # Reading stops at the malformed row; the codes below it are not reported as unknown elsewhere, but an unknown
    # source is, as sources.csv was read whole.
    set_cell(d / "events.csv", 3, "source_id", "no-such-source")
    path = d / "countries.csv"
    text = lines_of(path)
    cells = next(csv.reader([text[2]]))
    text[2] = ",".join([cells[0], f'"{cells[1]}"x', *cells[2:]])
    write_lines(path, text)
    try:
        next(csv.reader([text[2]], strict=True))
    except csv.Error as exc:
        return [f"countries.csv:3: (row): malformed CSV: {exc}",
                "events.csv:3: source_id: unknown source 'no-such-source': not in sources.csv"]
    raise AssertionError("the row should not parse")


def quoted_line_break(d):
    path = d / "soft_power_tools.csv"
    text = lines_of(path)
    text[1] = text[1].replace('"K-pop concerts,', '"K-pop\nconcerts,')
    write_lines(path, text)
    return ["soft_power_tools.csv:2: (row): a quoted field runs over several lines; keep each row on one line"]


def bad_cell_below_a_multi_line_row(d):
    # Two breaks, two problems: the bad cell four rows down is reported at its physical line, one below its row number.
    path = d / "soft_power_tools.csv"
    set_cell(path, 4, "effectiveness", "Huge")
    set_cell(path, 5, "tool", "")
    quoted_line_break(d)
    allowed = ", ".join(constraint(d, "soft_power_tools", "effectiveness", "enum"))
    return ["soft_power_tools.csv:2: (row): a quoted field runs over several lines; keep each row on one line",
            f"soft_power_tools.csv:5: effectiveness: 'Huge' is not one of {allowed}",
            "soft_power_tools.csv:6: tool: value is required but empty"]


def empty_file(d):
    (d / "policy_stages.csv").write_bytes(b"\n")
    return ["policy_stages.csv:1: (header): file is empty: expected a header row"]


def missing_file(d):
    (d / "claims.csv").unlink()
    return ["claims.csv:0: (file): file is missing"]


def not_utf8(d):
    path = d / "countries.csv"
    data = path.read_bytes().replace("Kazakhstan,".encode(), "Kazakhst\xe1n,".encode("latin-1"), 1)
    path.write_bytes(data)
    line = data.split(b"\n").index(next(l for l in data.split(b"\n") if b"Kazakhst\xe1n" in l)) + 1
    return [f"countries.csv:{line}: name_en: byte 0xe1 is not UTF-8; save the file as UTF-8"]


def not_utf8_at_the_start_of_a_line(d):
    path = d / "countries.csv"
    line = first_line(path, lambda l: l.startswith("KAZ,"))
    path.write_bytes(path.read_bytes().replace(b"\nKAZ,", b"\n\xc0KAZ,", 1))
    return [f"countries.csv:{line}: iso3: byte 0xc0 is not UTF-8; save the file as UTF-8"]


def not_utf8_past_the_last_column(d):
    path = d / "countries.csv"
    data = path.read_bytes().split(b"\n")
    data[2] += b",\xff"
    path.write_bytes(b"\n".join(data))
    return ["countries.csv:3: column 12: byte 0xff is not UTF-8; save the file as UTF-8"]


def byte_order_mark(d):
    path = d / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return ["sources.csv:1: (header): file starts with a byte-order mark; save as UTF-8 without BOM"]


def crlf_line_end(d):
    # Two lines saved with Windows line ends, as a spreadsheet edit of some rows can leave: the first is reported.
    path = d / "partnerships.csv"
    text = lines_of(path)
    text[2] += "\r"
    text[4] += "\r"
    write_lines(path, text)
    return ["partnerships.csv:3: (line end): CRLF line end; use LF line ends"]


def trailing_blank_lines(d):
    # Two blank lines, two problems: each line is reported.
    path = d / "policy_stages.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    return ["policy_stages.csv:5: (row): blank line; remove empty lines (also at the end of the file)",
            "policy_stages.csv:6: (row): blank line; remove empty lines (also at the end of the file)"]


def formula_injection(d):
    set_cell(d / "events.csv", 5, "label", '=HYPERLINK("http://example.com")')
    return ["events.csv:5: label: '=HYPERLINK(\"http://example.com' starts with '=', which a spreadsheet runs as a "
            "formula; reword it"]


def formula_injection_at(d):
    set_cell(d / "sources.csv", 3, "notes", "@SUM(A1:A2)")
    return ["sources.csv:3: notes: '@SUM(A1:A2)' starts with '@', which a spreadsheet runs as a formula; reword it"]


def date_before_1860(d):
    line = first_line(d / "events.csv", lambda l: ",year," in l)
    set_cell(d / "events.csv", line, "date", "1850")
    return [f"events.csv:{line}: date: date 1850 is before 1860"]


def date_in_future(d):
    line = first_line(d / "events.csv", lambda l: ",day," in l)
    set_cell(d / "events.csv", line, "date", "2099-01-01")
    return [f"events.csv:{line}: date: date 2099-01-01 is in the future (after {dt.date.today().isoformat()})"]


def end_date_before_date(d):
    path = d / "events.csv"
    line = first_line(path, lambda l: ",day," in l)
    date = cells_of(path, line)["date"]
    set_cell(path, line, "end_date", "1900-01-01")
    return [f"events.csv:{line}: end_date: 1900-01-01 is before the start date {date}"]


def end_date_on_the_start_day(d):
    # A one-day event may give its end date: no problem.
    path = d / "events.csv"
    line = first_line(path, lambda l: ",day,," in l)
    set_cell(path, line, "end_date", cells_of(path, line)["date"])
    return []


def end_date_impossible(d):
    path = d / "events.csv"
    line = first_line(path, lambda l: ",day,," in l)
    set_cell(path, line, "end_date", "2099-02-30")
    return [f"events.csv:{line}: end_date: '2099-02-30' is not a real calendar date"]


def negative_count(d):
    set_cell(d / DIASPORA_HAND, 3, "value", "-5")
    return ["curated/diaspora_curated.csv:3: value: -5 is below the minimum 0"]


def source_without_address(d):
    set_cell(d / "sources.csv", 6, "url", "")
    return ["sources.csv:6: url: value is required but empty"]


def address_not_a_url(d):
    set_cell(d / "sources.csv", 7, "url", "www.example.com/page")
    pattern = constraint(d, "sources", "url", "pattern")
    return [f"sources.csv:7: url: 'www.example.com/page' does not match the pattern {pattern}"]


def examined_text_with_a_local_path(d):
    # A path to a private copy is not an address a reader can open: an examined text without one has an empty url.
    path = d / "sources.csv"
    line = first_line(path, lambda l: ",examined_text," in l)
    set_cell(path, line, "url", "seeds/004_23916a95837dfad2.txt")
    pattern = constraint(d, "sources", "url", "pattern")
    return [f"sources.csv:{line}: url: 'seeds/004_23916a95837dfad2.txt' does not match the pattern {pattern}"]


def source_id_too_long(d):
    # Two new sources: one at the limit (valid) and one past it.
    path = d / "sources.csv"
    text = lines_of(path)
    limit = constraint(d, "sources", "source_id", "maxLength")
    row = next(csv.reader([text[1]]))
    text[2:2] = [csv_line(["a" * limit, *row[1:]]), csv_line(["b" * (limit + 1), *row[1:]])]
    write_lines(path, text)
    return [f"sources.csv:4: source_id: text is {limit + 1} characters, longer than the maximum {limit}"]


def rank_contradicts_level(d):
    line = first_line(d / "partnerships.csv", lambda l: ",special strategic partnership," in l)
    set_cell(d / "partnerships.csv", line, "rank", "2")
    return [f"partnerships.csv:{line}: rank: rank 2 contradicts the level 'special strategic partnership', which is rank 4"]


def partnership_without_level(d):
    # A row the rank rule passes over does not stop it checking the rows below.
    set_cell(d / "partnerships.csv", 2, "level", "")
    line = first_line(d / "partnerships.csv", lambda l: ",special strategic partnership," in l)
    set_cell(d / "partnerships.csv", line, "rank", "3")
    return ["partnerships.csv:2: level: value is required but empty",
            f"partnerships.csv:{line}: rank: rank 3 contradicts the level 'special strategic partnership', which is rank 4"]


def partnership_precision_mismatch(d):
    line = first_line(d / "partnerships.csv", lambda l: ",year," in l)
    set_cell(d / "partnerships.csv", line, "date_precision", "month")
    date = cells_of(d / "partnerships.csv", line)["date"]
    return [f"partnerships.csv:{line}: date_precision: 'month' does not match the date '{date}'"]


def overlapping_stages(d):
    set_cell(d / "policy_stages.csv", 3, "start_year", "1998")
    return ["policy_stages.csv:3: start_year: stage 2 starts 1998 and overlaps stage 1, which ends 2000 "
            "(intervals are half-open)"]


def gap_between_stages(d):
    set_cell(d / "policy_stages.csv", 3, "start_year", "2001")
    return ["policy_stages.csv:3: start_year: stage 2 starts 2001 and leaves a gap after stage 1, which ends 2000 "
            "(intervals are half-open)"]


def stage_ends_at_its_start(d):
    # Only the end year is reported, not also a gap before the next stage measured from that wrong end; the next
    # pair of stages is still checked.
    set_cell(d / "policy_stages.csv", 2, "end_year", "1992")
    set_cell(d / "policy_stages.csv", 4, "start_year", "2011")
    return ["policy_stages.csv:2: end_year: end year 1992 is not after start year 1992",
            "policy_stages.csv:4: start_year: stage 3 starts 2011 and leaves a gap after stage 2, which ends 2010 "
            "(intervals are half-open)"]


def open_stage_followed_by_another(d):
    set_cell(d / "policy_stages.csv", 2, "end_year", "")
    return ["policy_stages.csv:2: end_year: stage 1 is open-ended but stage 2 follows it"]


def stage_not_a_number(d):
    set_cell(d / "policy_stages.csv", 2, "stage", "one")
    return ["policy_stages.csv:2: stage: 'one' is not an integer"]


def stages_listed_out_of_order(d):
    # The file order does not matter: stages are checked in stage order.
    path = d / "policy_stages.csv"
    text = lines_of(path)
    text[1:4] = reversed(text[1:4])
    write_lines(path, text)
    return []


def partial_year_marked_annual(d):
    path = d / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",part_year," in l)
    note = cells_of(path, line)["period_note"]
    set_cell(path, line, "period", "year")
    return [f"curated/trade_curated.csv:{line}: period: marked as a full year but period_note says '{note}': "
            "use part_year"]


def part_year_without_months(d):
    path = d / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",part_year," in l)
    set_cell(path, line, "period_note", "")
    return [f"curated/trade_curated.csv:{line}: period_note: a part-year value must say which months it covers"]


def curated_row_repeated(d):
    path = d / "curated" / "trade_curated.csv"
    text = lines_of(path)
    text.insert(2, text[1])
    write_lines(path, text)
    key = schema(d, "trade")["primaryKey"]
    row = cells_of(path, 2)
    return [f"curated/trade_curated.csv:3: source_id: duplicate key ({', '.join(key)}) = "
            f"({', '.join(row[k] for k in key)}), first on line 2"]


def diaspora_curated_row_repeats_a_derived_one(d):
    # A hand row that repeats a year-end count the build derives from the Ministry of Justice's file.
    diaspora = list(csv.reader(io.StringIO((d / "diaspora.csv").read_text(encoding="utf-8"))))
    line, derived = next((n, r) for n, r in enumerate(diaspora, start=1) if "moj-foreign-residents-monthly" in r)
    path = d / DIASPORA_HAND
    text = lines_of(path)
    text.insert(1, csv_line(derived[:-1] + ["copied by mistake"]))
    write_lines(path, text)
    key = ", ".join(schema(d, "diaspora")["primaryKey"])
    return [f"curated/diaspora_curated.csv:2: source_id: duplicate key: the same ({key}) is derived from raw/ at "
            f"diaspora.csv line {line}"]


def curated_row_with_a_stray_comma(d):
    path = d / "curated" / "trade_curated.csv"
    text = lines_of(path)
    text[3] = text[3].replace(",", ",,", 1)
    write_lines(path, text)
    return ["curated/trade_curated.csv:4: notes: row has 14 cells but the header has 13 (an unquoted comma?)"]


def precision_mismatch(d):
    line = first_line(d / "events.csv", lambda l: ",month," in l)
    set_cell(d / "events.csv", line, "date_precision", "day")
    date = cells_of(d / "events.csv", line)["date"]
    return [f"events.csv:{line}: date_precision: 'day' does not match the date '{date}'"]


def precision_not_in_enum(d):
    line = first_line(d / "events.csv", lambda l: ",month," in l)
    set_cell(d / "events.csv", line, "date_precision", "decade")
    return [f"events.csv:{line}: date_precision: 'decade' is not one of year, month, day"]


def value_not_in_enum(d):
    set_cell(d / "events.csv", 6, "event_type", "party")
    allowed = ", ".join(constraint(d, "events", "event_type", "enum"))
    return [f"events.csv:6: event_type: 'party' is not one of {allowed}"]


def leading_space(d):
    set_cell(d / DIASPORA_HAND, 5, "measure", " census_count")
    return ["curated/diaspora_curated.csv:5: measure: ' census_count' has leading or trailing spaces"]


def not_a_boolean(d):
    set_cell(d / "sources.csv", 4, "weak", "yes")
    return ["sources.csv:4: weak: 'yes' is not a boolean (true or false)"]


def unreadable_datapackage(d):
    (d / "datapackage.json").write_text("{not json", encoding="utf-8")
    try:
        json.loads("{not json")
    except json.JSONDecodeError as exc:
        return [f"datapackage.json:0: (file): cannot read the data package: {exc}"]


def missing_datapackage(d):
    (d / "datapackage.json").unlink()
    return [f"datapackage.json:0: (file): cannot read the data package: [Errno 2] No such file or directory: "
            f"'{d / 'datapackage.json'}'"]


def glossary_source_unknown(d):
    # The definition's source must resolve, like every row's.
    set_cell(d / "glossary.csv", 3, "source_id", "no-such-source")
    return ["glossary.csv:3: source_id: unknown source 'no-such-source': not in sources.csv"]


def glossary_term_repeated(d):
    # Two entries for one term: the term is the key, so the repeat is one problem on the second line.
    path = d / "glossary.csv"
    text = lines_of(path)
    term = cells_of(path, 2)["term"]
    text.insert(4, text[1])
    write_lines(path, text)
    return [f"glossary.csv:5: term: duplicate key (term) = ({term}), first on line 2"]


def glossary_terms_share_an_anchor(d):
    # "Koryo saram" and "Koryo-saram" are two terms but one entry in GLOSSARY.md.
    path = d / "glossary.csv"
    line = first_line(path, lambda l: l.startswith("Koryo-saram,"))
    set_cell(path, 4, "term", "Koryo saram")
    return [f"glossary.csv:4: term: 'Koryo saram' has the anchor 'koryo-saram' of 'Koryo-saram' on line {line}; "
            "reword one term"]


def glossary_definition_missing(d):
    set_cell(d / "glossary.csv", 6, "definition", "")
    return ["glossary.csv:6: definition: value is required but empty"]


def glossary_definition_with_markup(d):
    set_cell(d / "glossary.csv", 7, "definition", "A <b>framework</b> of 2013.")
    return ["glossary.csv:7: definition: 'A <b>framework</b> of 2013.' contains HTML or script markup ('<b' at "
            "character 3); cells hold plain text"]


def glossary_empty_form(d):
    set_cell(d / "glossary.csv", 4, "forms", "KOICA;; Korea International Cooperation Agency")
    return ["glossary.csv:4: forms: 'KOICA;; Korea International Cooperation Agency' has an empty form; separate "
            "forms with '; '"]


def no_curated_folder(d):
    # Without curated inputs there is nothing more to check: the tables alone are valid.
    shutil.rmtree(d / "curated")
    return []


CASES = [wrong_type, not_a_number, number_not_finite, impossible_date, below_minimum, above_maximum, unknown_code,
         unknown_code_in_curated_input, unknown_source, duplicate_key, duplicate_single_column_key,
         duplicate_key_across_files, missing_column, extra_column, stray_comma_in_header, repeated_column,
         columns_out_of_order, unreadable_header, ragged_row, short_row, unquoted_comma,
         unquoted_comma_in_a_cited_source, malformed_row, quoted_line_break, bad_cell_below_a_multi_line_row,
         empty_file, missing_file, not_utf8, not_utf8_at_the_start_of_a_line, not_utf8_past_the_last_column,
         byte_order_mark, crlf_line_end, trailing_blank_lines, formula_injection, formula_injection_at,
         date_before_1860, date_in_future, end_date_before_date, end_date_on_the_start_day, end_date_impossible,
         negative_count, source_without_address, address_not_a_url, examined_text_with_a_local_path, source_id_too_long,
         rank_contradicts_level, partnership_without_level, partnership_precision_mismatch, overlapping_stages,
         gap_between_stages, stage_ends_at_its_start, open_stage_followed_by_another, stage_not_a_number,
         stages_listed_out_of_order, partial_year_marked_annual, part_year_without_months, curated_row_repeated,
         diaspora_curated_row_repeats_a_derived_one, curated_row_with_a_stray_comma, precision_mismatch,
         precision_not_in_enum, value_not_in_enum, leading_space, not_a_boolean, unreadable_datapackage,
         missing_datapackage, no_curated_folder, glossary_source_unknown, glossary_term_repeated,
         glossary_terms_share_an_anchor, glossary_definition_missing, glossary_definition_with_markup,
         glossary_empty_form]


@pytest.mark.parametrize("break_it", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_gives_exactly_its_own_lines(break_it, small_data):
    expected = break_it(small_data)
    assert [str(p) for p in validate(small_data)] == expected


def test_the_command_prints_each_line_and_fails(small_data, capsys):
    expected = bad_cell_below_a_multi_line_row(small_data)
    assert main(["validate", str(small_data)]) == 1
    captured = capsys.readouterr()
    assert captured.out.splitlines() == expected
    assert captured.err == f"3 problem(s) in {small_data}\n"


def test_the_full_data_is_valid_and_the_command_says_so(data_copy, capsys):
    assert main(["validate", str(data_copy)]) == 0
    assert capsys.readouterr().out == f"{data_copy}: valid\n"


def test_validate_command_exits_non_zero_from_another_directory(small_data, tmp_path):
    wrong_type(small_data)
    result = subprocess.run([sys.executable, "-m", "korea_central_asia", "validate", str(small_data)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == "trade.csv:2: value_usd: '12x' is not an integer\n"


def test_build_data_writes_nothing_when_curated_input_is_bad(data_copy):
    from korea_central_asia.paths import DATA_DIR
    from korea_central_asia.validate import DataError

    shutil.copytree(DATA_DIR / "raw", data_copy / "raw")
    expected = partial_year_marked_annual(data_copy)
    before = (data_copy / "trade.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        build_data(data_copy)
    assert [str(p) for p in caught.value.problems] == expected
    assert (data_copy / "trade.csv").read_bytes() == before
    assert not list(data_copy.glob(".*.part"))


# --- rules checked on a one-table package, where the real data has no column of the kind -----------------------

def tiny_package(folder: Path, fields: list[dict], rows: list[str], key: list[str] | None = None) -> Path:
    """A data folder with one table, things.csv, holding `rows` (CSV lines) under a header of the field names."""
    folder.mkdir(exist_ok=True)
    resource = {"name": "things", "path": "things.csv",
                "schema": {"fields": fields, "primaryKey": key or [fields[0]["name"]]}}
    (folder / "datapackage.json").write_text(json.dumps({"resources": [resource]}), encoding="utf-8")
    (folder / "things.csv").write_text("\n".join([",".join(f["name"] for f in fields), *rows, ""]), encoding="utf-8")
    return folder


def problems_in(folder: Path) -> list[str]:
    return [str(p) for p in validate(folder)]


def test_unique_column_that_is_not_the_key(tmp_path):
    fields = [{"name": "id", "type": "integer"}, {"name": "code", "type": "string", "constraints": {"unique": True}}]
    folder = tiny_package(tmp_path, fields, ["1,ab", "2,cd", "3,ab", "4,ab"])
    assert problems_in(folder) == ["things.csv:4: code: 'ab' repeats the value of line 2; it must be unique",
                                   "things.csv:5: code: 'ab' repeats the value of line 2; it must be unique"]


def test_every_formula_start_is_refused_in_text_only(tmp_path):
    fields = [{"name": "id", "type": "integer"}, {"name": "note", "type": "string"}]
    starts = ["=", "+", "-", "@"]
    folder = tiny_package(tmp_path, fields, [f"-{n},{start}1" for n, start in enumerate(starts)])  # ids may be negative
    assert problems_in(folder) == [f"things.csv:{n + 2}: note: '{start}1' starts with '{start}', which a spreadsheet "
                                   "runs as a formula; reword it" for n, start in enumerate(starts)]


def test_every_cell_with_spaces_around_it_is_reported(tmp_path):
    fields = [{"name": "id", "type": "integer"}, {"name": "note", "type": "string"}]
    folder = tiny_package(tmp_path, fields, ["1, a", "2,b ", "3,c"])
    assert problems_in(folder) == ["things.csv:2: note: ' a' has leading or trailing spaces",
                                   "things.csv:3: note: 'b ' has leading or trailing spaces"]


@pytest.mark.parametrize("kind, text, value", [
    ("integer", "-5", -5), ("number", "2.5", 2.5), ("number", "1E3", 1000.0), ("boolean", "true", True),
    ("boolean", "false", False), ("string", "Almaty", "Almaty"),
])
def test_cells_are_read_as_their_type(kind, text, value):
    assert checks._parse_value({"type": kind}, text) == (value, None)


def test_numbers_must_be_finite_and_decimal(tmp_path):
    fields = [{"name": "id", "type": "integer"}, {"name": "x", "type": "number"}]
    folder = tiny_package(tmp_path, fields, ["1,1e999", "2,+1", "3,1.", "4,-2.5e-3", "5,0.25", "6,7", "7,1E3"])
    assert problems_in(folder) == ["things.csv:2: x: '1e999' is not a finite decimal number",
                                   "things.csv:3: x: '+1' is not a finite decimal number",
                                   "things.csv:4: x: '1.' is not a finite decimal number"]


def test_bounds_are_inclusive(tmp_path):
    fields = [{"name": "id", "type": "integer"},
              {"name": "n", "type": "integer", "constraints": {"minimum": 0, "maximum": 4}},
              {"name": "t", "type": "string", "constraints": {"maxLength": 3}}]
    folder = tiny_package(tmp_path, fields, ["1,0,abc", "2,4,", "3,-1,abcd", "4,5,"])
    assert problems_in(folder) == ["things.csv:4: n: -1 is below the minimum 0",
                                   "things.csv:4: t: text is 4 characters, longer than the maximum 3",
                                   "things.csv:5: n: 5 is above the maximum 4"]


def test_booleans_are_true_or_false(tmp_path):
    fields = [{"name": "id", "type": "integer"}, {"name": "b", "type": "boolean"}]
    folder = tiny_package(tmp_path, fields, ["1,true", "2,false", "3,True", "4,1"])
    assert problems_in(folder) == ["things.csv:4: b: 'True' is not a boolean (true or false)",
                                   "things.csv:5: b: '1' is not a boolean (true or false)"]


DATE = "^[0-9]{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?)?$"


def test_dates_from_1860_to_today_at_each_precision(tmp_path, monkeypatch):
    # Today is pinned to a first of January, where a date at month or year precision starts on today itself.
    monkeypatch.setattr(checks, "today", lambda: dt.date(2024, 1, 1))
    fields = [{"name": "id", "type": "integer"}, {"name": "date", "type": "string", "constraints": {"pattern": DATE}},
              {"name": "end_date", "type": "string", "constraints": {"pattern": DATE}},
              {"name": "other", "type": "string", "constraints": {"pattern": DATE}}]
    rows = ["1,1860,1860-01-01,1850", "2,2024,2024-01,2099", "3,2024-01-01,,", "4,1859-12-31,,",
            "5,2024-01-02,,", "6,2024-02,2025,", "7,2025,,"]
    assert problems_in(tiny_package(tmp_path, fields, rows)) == [
        "things.csv:5: date: date 1859-12-31 is before 1860",
        "things.csv:6: date: date 2024-01-02 is in the future (after 2024-01-01)",
        "things.csv:7: date: date 2024-02 is in the future (after 2024-01-01)",
        "things.csv:7: end_date: date 2025 is in the future (after 2024-01-01)",
        "things.csv:8: date: date 2025 is in the future (after 2024-01-01)",
    ]  # 'other' has the pattern but is no date column, so 1850 and 2099 there are not dates to check


def test_today_is_the_calendar_date():
    assert checks.today() == dt.date.today()


def test_a_field_type_the_validator_cannot_read_is_an_error(tmp_path):
    folder = tiny_package(tmp_path, [{"name": "id", "type": "integer"}, {"name": "when", "type": "date"}], ["1,x"])
    with pytest.raises(ValueError, match="^unsupported field type date$"):
        validate(folder)


def test_not_utf8_inside_a_quoted_first_cell(tmp_path):
    fields = [{"name": "name", "type": "string"}, {"name": "n", "type": "integer"}]
    folder = tiny_package(tmp_path, fields, ['"Seoul, Korea",1'])
    path = folder / "things.csv"
    path.write_bytes(path.read_bytes().replace(b"Korea", b"K\xe9rea"))
    assert problems_in(folder) == ["things.csv:2: name: byte 0xe9 is not UTF-8; save the file as UTF-8"]


def test_not_utf8_in_the_last_column_of_a_crlf_file(tmp_path):
    fields = [{"name": "id", "type": "integer"}, {"name": "name", "type": "string"}]
    folder = tiny_package(tmp_path, fields, ["1,Almaty"])
    path = folder / "things.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n").replace(b"Almaty", b"Alm\xe1ty"))
    assert problems_in(folder) == ["things.csv:2: name: byte 0xe1 is not UTF-8; save the file as UTF-8"]


def bytes_package(folder: Path, data: bytes) -> Path:
    """A one-table package whose things.csv holds exactly `data`."""
    tiny_package(folder, [{"name": "id", "type": "integer"}], [])
    (folder / "things.csv").write_bytes(data)
    return folder


@pytest.mark.parametrize("data, expected", [
    (b"id\n1\r2\n3\n", ["things.csv:2: (line end): CRLF line end; use LF line ends"]),  # a lone CR
    (b"\nid\r\n1\n", ["things.csv:1: id: column is missing from the header",
                        "things.csv:2: (line end): CRLF line end; use LF line ends"]),  # below a blank first line
])
def test_carriage_returns_are_one_problem_at_their_line(tmp_path, data, expected):
    assert problems_in(bytes_package(tmp_path, data)) == expected


@pytest.mark.parametrize("data, expected", [
    # in the header itself, whose column names are then shown as far as they decode
    (b"id,n\xe4me\n1,x\n", "things.csv:1: n\ufffdme: byte 0xe4"),
    # the column is named exactly as the header writes it, trailing spaces and capitals included, less a CR
    (b"id,name \r\n1,\xe1\r\n", "things.csv:2: name : byte 0xe1"),
    (b"id,TAX\r\n1,\xe1\r\n", "things.csv:2: TAX: byte 0xe1"),
    # below a blank first line, which then holds no column names
    (b"\nid,name\n1,\xe1\n", "things.csv:3: column 2: byte 0xe1"),
    (b"\n\xe1\n", "things.csv:2: : byte 0xe1"),
])
def test_not_utf8_is_placed_by_line_and_column(tmp_path, data, expected):
    assert problems_in(bytes_package(tmp_path, data)) == [f"{expected} is not UTF-8; save the file as UTF-8"]


# --- the ranks partnership names imply ---------------------------------------------------------------------------

@pytest.mark.parametrize("level, rank", [
    ("Special Strategic Partnership", 4), ("special strategic partnership", 4),
    ("Expanded strategic partnership", 3), ("enhanced strategic partnership", 3),
    ("extended strategic partnership", 3), ("deepened strategic partnership", 3),
    ("Strategic partnership", 2), ("expanded partnership", 1), ("comprehensive partnership", 1),
])
def test_partnership_rank_for(level, rank):
    assert checks.partnership_rank_for(level) == rank


# --- the error load() raises ------------------------------------------------------------------------------------

def test_data_error_lists_fifty_problems_then_counts_the_rest():
    problems = [checks.Problem("trade.csv", n, "value_usd", "bad") for n in range(2, 53)]
    lines = str(checks.DataError(problems)).split("\n")
    assert lines[0] == "51 problem(s) in the data:"
    assert lines[1:51] == [f"trade.csv:{n}: value_usd: bad" for n in range(2, 52)]
    assert lines[51:] == ["... and 1 more"]
    assert checks.DataError(problems[:50]).problems == problems[:50]
    assert str(checks.DataError(problems[:50])).split("\n")[1:] == [f"trade.csv:{n}: value_usd: bad"
                                                                   for n in range(2, 52)]


# --- evidence: source tiers, one preferred reading per fact, no markup (each gives exactly its own line) ---

def weak_flag_disagrees_with_tier(d):
    line = first_line(d / "sources.csv", lambda l: ",news,news,false," in l)
    set_cell(d / "sources.csv", line, "weak", "true")
    return [f"sources.csv:{line}: weak: weak is true but tier is 'news'; weak must be true exactly when tier is weak"]


def weak_tier_without_the_flag(d):
    line = first_line(d / "sources.csv", lambda l: ",weak,true," in l)
    set_cell(d / "sources.csv", line, "weak", "false")
    return [f"sources.csv:{line}: weak: weak is false but tier is 'weak'; weak must be true exactly when tier is "
            "weak"]


def unknown_tier(d):
    set_cell(d / "sources.csv", 8, "tier", "primary")
    return ["sources.csv:8: tier: 'primary' is not one of statistics, official, scholarly, news, encyclopedia, weak"]


def two_preferred_readings(d):
    line = first_line(d / "events.csv", lambda l: ",afg-relations-established,false," in l)
    set_cell(d / "events.csv", line, "preferred", "true")
    rows = [n for n, l in enumerate(lines_of(d / "events.csv"), start=1) if ",afg-relations-established," in l]
    preferred = [n for n in rows if ",afg-relations-established,true," in lines_of(d / "events.csv")[n - 1]]
    return [f"events.csv:{preferred[-1]}: preferred: fact 'afg-relations-established' has 2 preferred readings "
            f"({', '.join(f'line {n}' for n in rows)}); exactly one may be true"]


def no_preferred_reading(d):
    line = first_line(d / DIASPORA_HAND, lambda l: ",su-kaz-census-1939,true," in l)
    set_cell(d / DIASPORA_HAND, line, "preferred", "false")
    return [f"curated/diaspora_curated.csv:{line}: preferred: no reading of fact 'su-kaz-census-1939' is preferred (line {line}, "
            f"line {line + 1}); mark exactly one true"]


def lone_reading_not_preferred(d):
    line = first_line(d / "partnerships.csv", lambda l: l.startswith("KGZ,"))
    set_cell(d / "partnerships.csv", line, "preferred", "false")
    return [f"partnerships.csv:{line}: preferred: is the only reading of fact "
            "'kgz-comprehensive-partnership-2024-12-03' and must be preferred (true)"]


def trade_fact_id_off_its_key(d):
    path = d / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",tkm-total-2023-kor,false," in l)
    set_cell(path, line, "fact_id", "tkm-total-2023-tkm")
    # The fact then has no preferred reading either; that follows from the wrong id and is not reported.
    return [f"curated/trade_curated.csv:{line}: fact_id: 'tkm-total-2023-tkm' should be 'tkm-total-2023-kor': trade "
            "rows of one partner, flow, year, period and reporter read one fact"]


def script_in_a_label(d):
    set_cell(d / "events.csv", 7, "label", "<script>alert(1)</script>")
    return ["events.csv:7: label: '<script>alert(1)</script>' contains HTML or script markup ('<script' at "
            "character 1); cells hold plain text"]


def bold_tag_in_a_title(d):
    set_cell(d / "sources.csv", 9, "title", "A <b>bold</b> claim")
    return ["sources.csv:9: title: 'A <b>bold</b> claim' contains HTML or script markup ('<b' at character 3); "
            "cells hold plain text"]


def html_entity_in_a_name(d):
    line = first_line(d / "countries.csv", lambda l: l.startswith("UZB,"))
    set_cell(d / "countries.csv", line, "name_en", "Uzbekistan&nbsp;")
    return [f"countries.csv:{line}: name_en: 'Uzbekistan&nbsp;' contains HTML or script markup ('&nbsp;' at "
            "character 11); cells hold plain text"]


# These need rows the shortened copy does not keep, so they break the full data.
EVIDENCE_CASES = [weak_flag_disagrees_with_tier, weak_tier_without_the_flag, unknown_tier, two_preferred_readings,
                  no_preferred_reading, lone_reading_not_preferred, trade_fact_id_off_its_key, script_in_a_label,
                  bold_tag_in_a_title, html_entity_in_a_name]


@pytest.mark.parametrize("break_it", EVIDENCE_CASES, ids=[c.__name__ for c in EVIDENCE_CASES])
def test_evidence_rules_give_exactly_their_own_line(break_it, data_copy):
    expected = break_it(data_copy)
    assert [str(p) for p in validate(data_copy)] == expected


def test_build_data_refuses_a_curated_reading_that_competes_with_the_statistics(data_copy):
    """A press figure for a flow the IMF states, marked preferred too: the IMF row the build derives already is."""
    from korea_central_asia.paths import DATA_DIR
    from korea_central_asia.validate import DataError

    shutil.copytree(DATA_DIR / "raw", data_copy / "raw")
    path = data_copy / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",uzb-exports-2013-kor,false," in l)
    set_cell(path, line, "preferred", "true")
    before = (data_copy / "trade.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        build_data(data_copy)
    assert any(p.file == "curated/trade_curated.csv" and p.line == line
               and "fact 'uzb-exports-2013-kor' has 2 preferred readings" in p.message
               for p in caught.value.problems), caught.value
    assert (data_copy / "trade.csv").read_bytes() == before


@pytest.mark.parametrize("text", ["less than 5 (<5) per cent", "1 < 2 and 3 > 2", "AT&T", "R&D spending",
                                  "Kazakhstan–Korea"])
def test_plain_text_with_angle_brackets_or_ampersands_is_not_markup(text):
    assert checks.MARKUP.search(text) is None
