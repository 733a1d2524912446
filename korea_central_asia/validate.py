"""Validate a data folder against data/datapackage.json.

Frictionless reads the same schemas (tests run it too), but this validator exists because authors need one line per
problem with the file, the physical line and the column, and because some rules span fields or tables (date precision,
partnership rank against level name, overlapping policy stages, part-year trade marked annual).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
import re
import dataclasses
from dataclasses import dataclass
from pathlib import Path

from .paths import DATA_DIR

EARLIEST_DATE = dt.date(1860, 1, 1)
FORMULA_STARTS = ("=", "+", "-", "@")
TRUE_VALUES = {"true"}
FALSE_VALUES = {"false"}


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.column}: {self.message}"


class DataError(ValueError):
    """Raised by `load` when the data folder has problems; the message lists them, one per line."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:50])
        more = f"\n... and {len(problems) - 50} more" if len(problems) > 50 else ""
        super().__init__(f"{len(problems)} problem(s) in the data:\n{shown}{more}")


@dataclass
class Row:
    line: int
    raw: dict[str, str]
    values: dict[str, object]


@dataclass
class Table:
    file: str
    fields: list[dict]
    rows: list[Row]
    key: list[str] = dataclasses.field(default_factory=list)
    # Cells of rows skipped for a wrong number of cells: a key among them is not "unknown" to other tables.
    unread: set[str] = dataclasses.field(default_factory=set)
    # False when malformed CSV stopped the reading, so rows below it are missing.
    complete: bool = True


def today() -> dt.date:
    return dt.date.today()


def read_datapackage(data_dir: Path) -> dict:
    return json.loads((Path(data_dir) / "datapackage.json").read_text(encoding="utf-8"))


def _column_at(header: list[str], line_text: str, byte_col: int) -> str:
    """Name of the column a character offset falls in, counting unquoted commas before it."""
    prefix = line_text[:byte_col]
    index = len(next(csv.reader([prefix]), [""])) - 1 if prefix else 0
    return header[index] if 0 <= index < len(header) else f"column {index + 1}"


def _decode(path: Path, name: str, problems: list[Problem]) -> str | None:
    data = path.read_bytes()
    if not data.strip():
        problems.append(Problem(name, 1, "(header)", "file is empty: expected a header row"))
        return None
    if data.startswith(b"\xef\xbb\xbf"):
        problems.append(Problem(name, 1, "(header)", "file starts with a byte-order mark; save as UTF-8 without BOM"))
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line_no = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        header = data.split(b"\n", 1)[0].decode("utf-8", "replace").rstrip("\r").split(",")
        line_text = data[line_start:exc.start].decode("utf-8", "replace")
        column = _column_at(header, line_text, len(line_text))
        problems.append(Problem(name, line_no, column,
                                f"byte 0x{data[exc.start]:02x} is not UTF-8; save the file as UTF-8"))
        return None


def _parse_value(field: dict, text: str) -> tuple[object, str | None]:
    """Convert one cell by its Table Schema type; return (value, error message or None)."""
    kind = field["type"]
    if kind == "string":
        return text, None
    if kind == "integer":
        if re.fullmatch(r"-?[0-9]+", text):
            return int(text), None
        return None, f"'{text}' is not an integer"
    if kind == "number":
        try:
            number = float(text)
        except ValueError:
            return None, f"'{text}' is not a number"
        if not math.isfinite(number) or not re.fullmatch(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?", text):
            return None, f"'{text}' is not a finite decimal number"
        return number, None
    if kind == "boolean":
        if text in TRUE_VALUES:
            return True, None
        if text in FALSE_VALUES:
            return False, None
        return None, f"'{text}' is not a boolean (true or false)"
    raise ValueError(f"unsupported field type {kind}")


def _check_date_text(text: str) -> str | None:
    """Check an ISO date at year, month or day precision: a real calendar date, not before 1860, not after today."""
    parts = text.split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        start = dt.date(year, month, day)
    except ValueError:
        return f"'{text}' is not a real calendar date"
    if start < EARLIEST_DATE:
        return f"date {text} is before {EARLIEST_DATE.year}"
    if start > today():
        return f"date {text} is in the future (after {today().isoformat()})"
    return None


def _read_table(data_dir: Path, resource: dict, problems: list[Problem]) -> Table | None:
    name = resource["path"]
    path = Path(data_dir) / name
    fields = resource["schema"]["fields"]
    if not path.exists():
        problems.append(Problem(name, 0, "(file)", "file is missing"))
        return None
    text = _decode(path, name, problems)
    if text is None:
        return None
    if "\r" in text:
        line_no = text.count("\n", 0, text.index("\r")) + 1
        problems.append(Problem(name, line_no, "(line end)", "CRLF line end; use LF line ends"))
    # newline="" lets the reader end lines at CR, LF or CRLF alike, so a CR costs no second problem.
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (StopIteration, csv.Error) as exc:
        problems.append(Problem(name, 1, "(header)", f"cannot read the header: {exc}"))
        return None
    expected = [f["name"] for f in fields]
    for column in expected:
        if column not in header:
            problems.append(Problem(name, 1, column, "column is missing from the header"))
    for column in header:
        if column not in expected:
            problems.append(Problem(name, 1, column or "(blank)", "unexpected column in the header"))
    if len(set(header)) != len(header):
        problems.append(Problem(name, 1, "(header)", "a column name is repeated"))
    if set(header) != set(expected) or len(header) != len(expected):
        return None
    if header != expected:
        problems.append(Problem(name, 1, "(header)", f"columns are out of order; expected {','.join(expected)}"))
    table = Table(name, fields, [], resource["schema"]["primaryKey"])
    previous_end = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            problems.append(Problem(name, reader.line_num, "(row)", f"malformed CSV: {exc}"))
            table.complete = False
            return table
        start, previous_end = previous_end + 1, reader.line_num
        if not cells:
            problems.append(Problem(name, start, "(row)", "blank line; remove empty lines (also at the end of the file)"))
            continue
        if start != previous_end:
            problems.append(Problem(name, start, "(row)", "a quoted field runs over several lines; keep each row on one line"))
        if len(cells) != len(header):
            where = header[min(len(cells), len(header)) - 1]
            problems.append(Problem(name, start, where,
                                    f"row has {len(cells)} cells but the header has {len(header)} (an unquoted comma?)"))
            table.unread.update(cells)
            continue
        table.rows.append(Row(start, dict(zip(header, cells)), {}))
    return table


def _check_cells(table: Table, problems: list[Problem]) -> None:
    for field in table.fields:
        column = field["name"]
        cons = field.get("constraints", {})
        # A unique column that is the whole primary key is checked once, as the key.
        unique = cons.get("unique") and table.key != [column]
        seen: dict[str, int] = {}
        for row in table.rows:
            text = row.raw[column]
            add = lambda message: problems.append(Problem(table.file, row.line, column, message))  # noqa: E731
            if text == "":
                row.values[column] = None
                if cons.get("required"):
                    add("value is required but empty")
                continue
            if text != text.strip():
                add(f"'{text}' has leading or trailing spaces")
                continue
            if field["type"] == "string" and text.startswith(FORMULA_STARTS):
                add(f"'{text[:30]}' starts with '{text[0]}', which a spreadsheet runs as a formula; reword it")
                continue
            value, error = _parse_value(field, text)
            if error:
                add(error)
                continue
            found = len(problems)
            if "enum" in cons and value not in cons["enum"]:
                add(f"'{text}' is not one of {', '.join(map(str, cons['enum']))}")
            if "pattern" in cons and not re.fullmatch(cons["pattern"], text):
                add(f"'{text}' does not match the pattern {cons['pattern']}")
            elif column in ("date", "end_date") and "pattern" in cons:
                message = _check_date_text(text)
                if message:
                    add(message)
            if "minimum" in cons and value < cons["minimum"]:
                add(f"{text} is below the minimum {cons['minimum']}")
            if "maximum" in cons and value > cons["maximum"]:
                add(f"{text} is above the maximum {cons['maximum']}")
            if "maxLength" in cons and len(text) > cons["maxLength"]:
                add(f"text is {len(text)} characters, longer than the maximum {cons['maxLength']}")
            if unique:
                if text in seen:
                    add(f"'{text}' repeats the value of line {seen[text]}; it must be unique")
                seen.setdefault(text, row.line)
            # Rules across fields see only values that pass their own constraints, so one bad cell is one problem.
            row.values[column] = value if len(problems) == found else None


def _check_primary_key(table: Table, key: list[str], problems: list[Problem]) -> None:
    seen: dict[tuple, int] = {}
    for row in table.rows:
        values = tuple(row.raw[k] for k in key)
        if values in seen:
            problems.append(Problem(table.file, row.line, key[-1],
                                    f"duplicate key ({', '.join(key)}) = ({', '.join(values)}), first on line {seen[values]}"))
        else:
            seen[values] = row.line


def _check_foreign_keys(table: Table, resource: dict, tables: dict[str, Table], problems: list[Problem]) -> None:
    for foreign in resource["schema"].get("foreignKeys", []):
        column = foreign["fields"]
        target = tables.get(foreign["reference"]["resource"])
        if target is None or not target.complete:
            continue  # its own problems are reported; keys are checked once it reads whole
        known = {row.raw[foreign["reference"]["fields"]] for row in target.rows} | target.unread
        what = "source" if foreign["reference"]["resource"] == "sources" else "code"
        for row in table.rows:
            value = row.raw[column]
            if value and value not in known:
                problems.append(Problem(table.file, row.line, column,
                                        f"unknown {what} '{value}': not in {target.file}"))


# --- rules that span fields or rows -------------------------------------------------------------

PRECISION_PARTS = {"year": 1, "month": 2, "day": 3}


def partnership_rank_for(level: str) -> int:
    """The ordinal rank a partnership's name implies (see the partnerships description in datapackage.json)."""
    name = level.lower()
    if "special strategic" in name:
        return 4
    if "strategic" in name and any(word in name for word in ("expanded", "enhanced", "extended", "deepened")):
        return 3
    if "strategic" in name:
        return 2
    return 1


def _rule_date_precision(table: Table, problems: list[Problem]) -> None:
    if not {"date", "date_precision"} <= {f["name"] for f in table.fields}:
        return
    for row in table.rows:
        date, precision = row.raw["date"], row.raw["date_precision"]
        if date and precision in PRECISION_PARTS and len(date.split("-")) != PRECISION_PARTS[precision]:
            problems.append(Problem(table.file, row.line, "date_precision",
                                    f"'{precision}' does not match the date '{date}'"))
        end = row.raw.get("end_date")
        if end and date and end < date:
            problems.append(Problem(table.file, row.line, "end_date", f"{end} is before the start date {date}"))


def _rule_partnership_rank(table: Table, problems: list[Problem]) -> None:
    for row in table.rows:
        rank = row.values.get("rank")
        if rank is None or not row.raw["level"]:
            continue
        implied = partnership_rank_for(row.raw["level"])
        if rank != implied:
            problems.append(Problem(table.file, row.line, "rank",
                                    f"rank {rank} contradicts the level '{row.raw['level']}', which is rank {implied}"))


def _rule_stages(table: Table, problems: list[Problem]) -> None:
    stages = sorted((r for r in table.rows if r.values.get("stage") is not None and r.values.get("start_year") is not None),
                    key=lambda r: r.values["stage"])
    backwards = set()
    for row in stages:
        start, end = row.values["start_year"], row.values.get("end_year")
        if end is not None and end <= start:
            problems.append(Problem(table.file, row.line, "end_year", f"end year {end} is not after start year {start}"))
            backwards.add(row.line)
    for before, after in zip(stages, stages[1:]):
        end = before.values.get("end_year")
        if before.line in backwards:
            continue  # that end year is the one problem; a gap or overlap measured from it would be a second
        if end is None:
            problems.append(Problem(table.file, before.line, "end_year",
                                    f"stage {before.values['stage']} is open-ended but stage {after.values['stage']} follows it"))
        elif after.values["start_year"] != end:
            kind = "overlaps" if after.values["start_year"] < end else "leaves a gap after"
            problems.append(Problem(table.file, after.line, "start_year",
                                    f"stage {after.values['stage']} starts {after.values['start_year']} and {kind} stage "
                                    f"{before.values['stage']}, which ends {end} (intervals are half-open)"))


def _rule_trade_period(table: Table, problems: list[Problem]) -> None:
    for row in table.rows:
        period, note = row.raw["period"], row.raw["period_note"]
        if period == "year" and note:
            problems.append(Problem(table.file, row.line, "period",
                                    f"marked as a full year but period_note says '{note}': use part_year"))
        if period == "part_year" and not note:
            problems.append(Problem(table.file, row.line, "period_note", "a part-year value must say which months it covers"))


def _rule_source_address(table: Table, problems: list[Problem]) -> None:
    for row in table.rows:
        if row.raw["url"].startswith("seeds/") and row.raw["kind"] != "seed":
            problems.append(Problem(table.file, row.line, "url", "only a seed may use a seeds/ path as its address"))


RULES = {
    "events": [_rule_date_precision],
    "partnerships": [_rule_date_precision, _rule_partnership_rank],
    "policy_stages": [_rule_stages],
    "trade": [_rule_trade_period],
    "sources": [_rule_source_address],
}


def validate(data_dir: Path | str = DATA_DIR) -> list[Problem]:
    """Every problem in the data folder, sorted by file and line. An empty list means the data is valid."""
    data_dir = Path(data_dir)
    problems: list[Problem] = []
    try:
        package = read_datapackage(data_dir)
    except (OSError, json.JSONDecodeError) as exc:
        return [Problem("datapackage.json", 0, "(file)", f"cannot read the data package: {exc}")]
    tables: dict[str, Table] = {}
    for resource in package["resources"]:
        table = _read_table(data_dir, resource, problems)
        if table is not None:
            tables[resource["name"]] = table
            _check_cells(table, problems)
            _check_primary_key(table, resource["schema"]["primaryKey"], problems)
            for rule in RULES.get(resource["name"], []):
                rule(table, problems)
    for resource in package["resources"]:
        if resource["name"] in tables:
            _check_foreign_keys(tables[resource["name"]], resource, tables, problems)
    if (data_dir / "curated").is_dir():
        problems += validate_curated(data_dir)
    return sorted(set(problems))


# Hand-curated inputs of derived tables, checked with the schema of the table they feed.
CURATED_INPUTS = {"curated/trade_curated.csv": "trade"}


def validate_curated(data_dir: Path | str = DATA_DIR) -> list[Problem]:
    """Problems in the curated inputs of derived tables, reported against the curated file's own lines."""
    data_dir = Path(data_dir)
    package = read_datapackage(data_dir)
    resources = {r["name"]: r for r in package["resources"]}
    problems: list[Problem] = []
    for path, feeds in CURATED_INPUTS.items():
        resource = dict(resources[feeds], path=path)
        table = _read_table(data_dir, resource, problems)
        if table is None:
            continue
        _check_cells(table, problems)
        _check_primary_key(table, resource["schema"]["primaryKey"], problems)
        for rule in RULES.get(feeds, []):
            rule(table, problems)
        others = {}
        for other in resource["schema"].get("foreignKeys", []):
            target = other["reference"]["resource"]
            if target not in others:
                others[target] = _read_table(data_dir, resources[target], [])
        _check_foreign_keys(table, resource, {k: v for k, v in others.items() if v is not None}, problems)
        _check_against_derived(data_dir, table, resource, problems)
    return sorted(set(problems))


def _check_against_derived(data_dir: Path, curated: Table, resource: dict, problems: list[Problem]) -> None:
    """A curated row must not repeat the key of a row that the build derives from raw/ (a duplicate across files)."""
    derived_path = data_dir / f"{resource['name']}.csv"
    derived = _read_table(data_dir, {**resource, "path": derived_path.name}, [])
    if derived is None:
        return
    key = resource["schema"]["primaryKey"]
    copied = {tuple(row.raw.values()) for row in curated.rows}  # rows the build copied from the curated file
    from_raw = {tuple(r.raw[k] for k in key): r.line for r in derived.rows if tuple(r.raw.values()) not in copied}
    for row in curated.rows:
        line = from_raw.get(tuple(row.raw[k] for k in key))
        if line:
            problems.append(Problem(curated.file, row.line, key[-1],
                                    f"duplicate key: the same ({', '.join(key)}) is derived from raw/ at "
                                    f"{derived.file} line {line}"))
