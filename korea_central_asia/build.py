"""Build the derived tables from data/raw and data/curated.

`trade.csv` = every Korea ↔ partner cell of the IMF DOTS workbooks (both reporters) + the hand-curated rows from other
sources in curated/trade_curated.csv.

`diaspora.csv` = one year-end (December) count per Central Asian nationality and year from the Ministry of Justice's
monthly file of foreigners staying in Korea (raw/moj_foreign_residents) + the hand-curated rows in
curated/diaspora_curated.csv. A year whose December is not in the file gives no row: no partial year enters.

The output is sorted and written with fixed formatting, so a rebuild gives the same bytes.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .atomic import write_text
from .paths import DATA_DIR

# Workbook file -> (reporter, partner name as the workbook spells it for Korea, or None for Korea's own workbook).
DOTS_REPORTERS = {
    "DOTS_106.xlsx": "KOR",
    "DOTS_103.xlsx": "KAZ",
    "DOTS_210.xlsx": "UZB",
    "DOTS_109.xlsx": "KGZ",
    "DOTS_192.xlsx": "TJK",
    "DOTS_201.xlsx": "TKM",
    "DOTS_1.xlsx": "AFG",
}
DOTS_PARTNER_NAMES = {
    "Kazakhstan, Rep. of": "KAZ",
    "Uzbekistan, Rep. of": "UZB",
    "Kyrgyz Rep.": "KGZ",
    "Tajikistan, Rep. of": "TJK",
    "Turkmenistan": "TKM",
    "Afghanistan, Islamic Rep. of": "AFG",
    "Korea, Rep. of": "KOR",
}
SHEETS = {"Exports, FOB": "Exports, FOB to Partner Countries", "Imports, CIF": "Imports, CIF from Partner Countries"}
TRADE_COLUMNS = ["year", "country_iso3", "flow", "reporter_iso3", "value_usd", "qualifier", "estimate", "period",
                 "period_note", "source_id", "fact_id", "preferred", "notes"]
HEADER_ROW = 7  # the row of year labels in every sheet
ESTIMATE = re.compile(r"^\s*(-?[0-9.]+)\s*e\s*$")


@dataclass(frozen=True)
class DotsCell:
    """One workbook cell as read: where it is and what it says."""
    workbook: str
    sheet: str
    coordinate: str
    reporter: str
    partner: str
    year: int
    millions: Decimal
    estimate: bool


def source_id_for(reporter: str) -> str:
    return f"imf-dots-{reporter.lower()}"


def trade_fact_id(row: dict[str, str]) -> str:
    """The fact a trade row reads: one partner, flow, year (and months, for a part year) as one reporter states it.

    Korea-reported and partner-reported flows are different facts, and so is a flow whose reporter is not stated.
    """
    parts = [row["country_iso3"], row["flow"], row["year"]]
    if row["period"] == "part_year":
        parts.append(row["period_note"])
    parts.append(row["reporter_iso3"] or "unstated")
    return re.sub(r"[^a-z0-9]+", "-", "-".join(parts).lower()).strip("-")


def _millions(value) -> tuple[Decimal, bool] | None:
    """A workbook value as an exact decimal number of millions; strings like '0.09 e' are IMF estimates."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        match = ESTIMATE.match(value)
        if not match:
            raise ValueError(f"unexpected cell text {value!r}")
        return Decimal(match.group(1)), True
    # Floats carry binary noise (2.400000000000001); the IMF states at most 6 decimals of a million, i.e. whole dollars.
    return Decimal(repr(float(value))).quantize(Decimal("0.000001")), False


def read_dots_cells(raw_dir: Path) -> list[DotsCell]:
    """Every Korea ↔ partner cell stated in the workbooks (Korea's rows for the six partners, each partner's row for Korea)."""
    import openpyxl  # imported here: only build-data needs it

    cells: list[DotsCell] = []
    for workbook, reporter in DOTS_REPORTERS.items():
        book = openpyxl.load_workbook(raw_dir / workbook, read_only=True, data_only=True)
        try:
            for sheet in SHEETS:
                rows = book[sheet].iter_rows(min_row=HEADER_ROW)
                years = [int(c.value) if c.value else None for c in next(rows)]
                for row in rows:
                    partner = DOTS_PARTNER_NAMES.get(row[1].value) if len(row) > 1 else None
                    if partner is None or (reporter == "KOR") == (partner == "KOR"):
                        continue
                    for cell, year in zip(row, years):
                        if year is None:
                            continue
                        parsed = _millions(cell.value)
                        if parsed is not None:
                            cells.append(DotsCell(workbook, sheet, cell.coordinate, reporter, partner, year, *parsed))
        finally:
            book.close()
    return cells


def dots_rows(cells: list[DotsCell]) -> list[dict[str, str]]:
    rows = []
    for cell in cells:
        exporting = cell.sheet.startswith("Exports")
        if cell.reporter == "KOR":
            country, flow = cell.partner, "exports" if exporting else "imports"
        else:  # a partner's exports to Korea are Korea's imports
            country, flow = cell.reporter, "imports" if exporting else "exports"
        usd = cell.millions * 1_000_000
        rows.append({
            "year": str(cell.year), "country_iso3": country, "flow": flow, "reporter_iso3": cell.reporter,
            "value_usd": str(int(usd)), "qualifier": "exact", "estimate": "true" if cell.estimate else "false",
            "period": "year", "period_note": "", "source_id": source_id_for(cell.reporter),
            "fact_id": "", "preferred": "true",  # the statistics are the preferred reading of their fact
            "notes": f"{cell.workbook} '{cell.sheet}' {cell.coordinate}",
        })
        rows[-1]["fact_id"] = trade_fact_id(rows[-1])
    return rows


def read_curated_trade(curated_dir: Path) -> list[dict[str, str]]:
    path = curated_dir / "trade_curated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        rows = []
        for row in reader:
            row = {column: row.get(column) or "" for column in TRADE_COLUMNS}
            row["estimate"] = row["estimate"] or "false"
            rows.append(row)
        return rows


def _sort_key(row: dict[str, str]) -> tuple:
    return (row["country_iso3"], int(row["year"]), row["flow"], row["reporter_iso3"], row["period"],
            row["period_note"], row["source_id"], row["value_usd"])


def trade_rows(data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    """The rows of trade.csv in file order: every DOTS cell and every curated row."""
    rows = dots_rows(read_dots_cells(data_dir / "raw" / "imf_dots")) + read_curated_trade(data_dir / "curated")
    rows.sort(key=_sort_key)
    return rows


def trade_csv_text(data_dir: Path = DATA_DIR, rows: list[dict[str, str]] | None = None) -> str:
    rows = trade_rows(data_dir) if rows is None else rows
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=TRADE_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


# --- Central Asians staying in Korea: the Ministry of Justice's monthly file --------------------------------------

MOJ_DIR = "moj_foreign_residents"
MOJ_FILE = "moj_foreign_resident_monthly_nationality_2026-07-01.csv"
MOJ_HEADER = ["년", "월", "국적지역", "체류외국인수"]  # year, month, nationality (or region), foreigners staying
# The file's names for the five nationalities (Kyrgyzstan is 키르기즈 there, not 키르기스스탄).
MOJ_NATIONALITIES = {"카자흐스탄": "KAZ", "우즈베키스탄": "UZB", "키르기즈": "KGZ", "타지키스탄": "TJK",
                     "투르크메니스탄": "TKM"}
MOJ_SOURCE = "moj-foreign-residents-monthly"
MOJ_MEASURE = "foreign_residents_moj_year_end"
YEAR_END_MONTH = 12
DIASPORA_COLUMNS = ["year", "date", "place", "counted_in", "measure", "qualifier", "value", "unit", "period",
                    "source_id", "fact_id", "preferred", "notes"]


@dataclass(frozen=True)
class MojCell:
    """One row of the Ministry's file for one of the five nationalities, as read."""
    file: str
    line: int
    year: int
    month: int
    nationality: str
    iso3: str
    persons: int


def read_moj_cells(raw_dir: Path, file: str = MOJ_FILE) -> list[MojCell]:
    """Every row of the five nationalities in the Ministry's monthly file, every month.

    A DataError names file, line and column for a changed header, a year, month or count that is not a whole
    number, or a month stated twice for one nationality; nothing is skipped silently.
    """
    from .validate import DataError, Problem

    name = f"raw/{MOJ_DIR}/{file}"
    problems: list[Problem] = []
    cells: list[MojCell] = []
    seen: dict[tuple[int, int, str], int] = {}
    with (Path(raw_dir) / file).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if header != MOJ_HEADER:
            raise DataError([Problem(name, 1, "(header)", f"expected the columns {','.join(MOJ_HEADER)}, "
                                                          f"found {','.join(header)}")])
        for line, cells_text in enumerate(reader, start=2):
            if len(cells_text) < 3 or cells_text[2] not in MOJ_NATIONALITIES:
                continue  # other nationalities are not read
            if len(cells_text) != len(MOJ_HEADER):
                problems.append(Problem(name, line, "(row)", f"a row of {cells_text[2]} has {len(cells_text)} cells "
                                                             f"but the header has {len(MOJ_HEADER)}"))
                continue
            parsed = {}
            for column, text in zip(("년", "월", "체류외국인수"), (cells_text[0], cells_text[1], cells_text[3])):
                if not re.fullmatch(r"[0-9]+", text):
                    problems.append(Problem(name, line, column, f"'{text}' is not a whole number"))
                else:
                    parsed[column] = int(text)
            if len(parsed) < 3:
                continue
            year, month, persons = parsed["년"], parsed["월"], parsed["체류외국인수"]
            if not 1 <= month <= 12:
                problems.append(Problem(name, line, "월", f"'{cells_text[1]}' is not a month (01 to 12)"))
                continue
            key = (year, month, cells_text[2])
            if key in seen:
                problems.append(Problem(name, line, "월", f"{year}-{month:02d} {cells_text[2]} is stated again; first "
                                                         f"on line {seen[key]}"))
                continue
            seen[key] = line
            cells.append(MojCell(file, line, year, month, cells_text[2], MOJ_NATIONALITIES[cells_text[2]], persons))
    if problems:
        raise DataError(problems)
    return cells


def moj_rows(cells: list[MojCell]) -> list[dict[str, str]]:
    """One diaspora row per nationality and year from the December count; months before December give none."""
    rows = []
    for cell in cells:
        if cell.month != YEAR_END_MONTH:
            continue
        rows.append({
            "year": str(cell.year), "date": f"{cell.year}-{cell.month:02d}", "place": cell.iso3, "counted_in": "KOR",
            "measure": MOJ_MEASURE, "qualifier": "exact", "value": str(cell.persons), "unit": "persons",
            "period": "point", "source_id": MOJ_SOURCE,
            "fact_id": f"{cell.iso3.lower()}-in-kor-{MOJ_MEASURE.replace('_', '-')}-{cell.year}", "preferred": "true",
            "notes": f"end of December; {cell.file} line {cell.line} "
                     f"({cell.year}, {cell.month:02d}, {cell.nationality})",
        })
    return rows


def read_curated_diaspora(curated_dir: Path) -> list[dict[str, str]]:
    path = curated_dir / "diaspora_curated.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        return [{column: row.get(column) or "" for column in DIASPORA_COLUMNS} for row in csv.DictReader(handle)]


def _diaspora_sort_key(row: dict[str, str]) -> tuple:
    try:
        value = float(row["value"])
    except ValueError:
        value = float("inf")  # the validator reports it; the build still sorts
    return (row["place"], row["measure"], int(row["year"]) if row["year"].isdigit() else 0, row["date"], value,
            row["source_id"])


def diaspora_rows(data_dir: Path = DATA_DIR) -> list[dict[str, str]]:
    """The rows of diaspora.csv in file order: the Ministry's year-end counts and every curated row."""
    data_dir = Path(data_dir)
    rows = moj_rows(read_moj_cells(data_dir / "raw" / MOJ_DIR)) + read_curated_diaspora(data_dir / "curated")
    rows.sort(key=_diaspora_sort_key)
    return rows


def diaspora_csv_text(data_dir: Path = DATA_DIR, rows: list[dict[str, str]] | None = None) -> str:
    rows = diaspora_rows(data_dir) if rows is None else rows
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=DIASPORA_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def build_data(data_dir: Path = DATA_DIR) -> list[Path]:
    """Regenerate the derived tables (trade.csv, diaspora.csv); returns the files written. Nothing is written if a
    curated input or the Ministry's raw file is invalid.

        build_data()   # -> [.../data/trade.csv, .../data/diaspora.csv]
    """
    from .validate import DataError, validate_curated

    data_dir = Path(data_dir)
    dots = dots_rows(read_dots_cells(data_dir / "raw" / "imf_dots"))
    trade = sorted(dots + read_curated_trade(data_dir / "curated"), key=_sort_key)
    moj = moj_rows(read_moj_cells(data_dir / "raw" / MOJ_DIR))
    diaspora = sorted(moj + read_curated_diaspora(data_dir / "curated"), key=_diaspora_sort_key)
    from_raw = {id(row) for row in dots + moj}
    # Curated rows are checked against the rows being built, not against derived files that may be out of date.
    problems = validate_curated(data_dir, raw_rows={
        name: [(line, row) for line, row in enumerate(rows, start=2) if id(row) in from_raw]
        for name, rows in (("trade", trade), ("diaspora", diaspora))})
    if problems:
        raise DataError(problems)
    texts = {data_dir / "trade.csv": trade_csv_text(data_dir, trade),
             data_dir / "diaspora.csv": diaspora_csv_text(data_dir, diaspora)}
    for target, text in texts.items():
        write_text(target, text)
    return list(texts)
