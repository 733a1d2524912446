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
# Markup in a text cell: an HTML or XML tag (opening, closing or unclosed), a comment, CDATA, a processing
# instruction or a character reference. Charts and pages render these cells, so markup would run or vanish there.
MARKUP = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9:-]*(?=[\s/>]|$)|<!--|<!\[CDATA\[|<\?|&(?:#[0-9]+|#x[0-9A-Fa-f]+|[A-Za-z]+);")
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
            markup = MARKUP.search(text) if field["type"] == "string" else None
            if markup:
                add(f"'{text[:40]}' contains HTML or script markup ('{markup.group(0)}' at character "
                    f"{markup.start() + 1}); cells hold plain text")
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
    """Every source has a web address, except one of the examined texts that has none (its notes say so)."""
    for row in table.rows:
        if not row.raw["url"] and row.raw["kind"] != "examined_text":
            problems.append(Problem(table.file, row.line, "url", "value is required but empty"))


def _rule_source_tier(table: Table, problems: list[Problem]) -> None:
    """The old `weak` flag and the tier say one thing: weak is true exactly when the tier is weak."""
    tiers = next((f["constraints"]["enum"] for f in table.fields if f["name"] == "tier"), [])
    for row in table.rows:
        weak, tier = row.values.get("weak"), row.values.get("tier")
        if weak is None or tier not in tiers:
            continue  # an empty, unreadable or unknown cell is reported on its own
        if weak != (tier == "weak"):
            problems.append(Problem(table.file, row.line, "weak",
                                    f"weak is {str(weak).lower()} but tier is '{tier}'; weak must be true exactly "
                                    "when tier is weak"))


def _rule_name_periods(table: Table, problems: list[Problem]) -> None:
    """A period ends no earlier than it starts, and the periods of one code do not overlap (so a year has one name)."""
    periods: dict[str, list[Row]] = {}
    for row in table.rows:
        start, end = row.values.get("from_year"), row.values.get("to_year")
        if start is None or not row.raw["iso3"]:
            continue
        if end is not None and end < start:
            problems.append(Problem(table.file, row.line, "to_year", f"{end} is before the first year {start}"))
            continue
        periods.setdefault(row.raw["iso3"], []).append(row)
    for code, rows in periods.items():
        rows.sort(key=lambda r: r.values["from_year"])
        for before, after in zip(rows, rows[1:]):
            end = before.values.get("to_year")
            if end is None or end >= after.values["from_year"]:
                problems.append(Problem(table.file, after.line, "from_year",
                                        f"{code} from {after.values['from_year']} overlaps the period from "
                                        f"{before.values['from_year']} on line {before.line}"
                                        + (" (which has no last year)" if end is None else f" (to {end})")))


FACT_TABLES = ("events", "trade", "diaspora", "partnerships")


def _preferred_problems(rows: list[tuple[str, Row]], report: set[str]) -> list[Problem]:
    """Exactly one row of each fact is preferred; problems are reported on rows of the files in `report`."""
    facts: dict[str, list[tuple[str, Row]]] = {}
    for file, row in rows:
        if row.raw["fact_id"] and row.values.get("preferred") is not None:
            facts.setdefault(row.raw["fact_id"], []).append((file, row))
    problems = []
    for fact, members in facts.items():
        mine = [(f, r) for f, r in members if f in report]
        if not mine:
            continue
        one_file = len({f for f, _ in members}) == 1
        where = ", ".join(f"line {r.line}" if one_file else f"{f} line {r.line}" for f, r in members)
        chosen = [(f, r) for f, r in members if r.values["preferred"]]
        if not chosen:
            file, row = mine[0]
            message = (f"is the only reading of fact '{fact}' and must be preferred (true)" if len(members) == 1 else
                       f"no reading of fact '{fact}' is preferred ({where}); mark exactly one true")
            problems.append(Problem(file, row.line, "preferred", message))
        elif len(chosen) > 1:
            # Report on the reportable rows; when all are, leave the first one alone.
            flagged = [(f, r) for f, r in chosen if f in report] or mine[:1]
            for file, row in flagged[1:] if len(flagged) == len(chosen) else flagged:
                problems.append(Problem(file, row.line, "preferred",
                                        f"fact '{fact}' has {len(chosen)} preferred readings ({where}); exactly one "
                                        "may be true"))
    return problems


def _rule_preferred(table: Table, problems: list[Problem]) -> None:
    problems += _preferred_problems([(table.file, row) for row in table.rows], {table.file})


def _rule_trade_fact(table: Table, problems: list[Problem]) -> None:
    """A trade fact is one partner, flow, year, period and reporter, so its id follows from those cells."""
    from .build import trade_fact_id

    for row in table.rows:
        expected = trade_fact_id(row.raw)
        if row.raw["fact_id"] and row.raw["fact_id"] != expected:
            problems.append(Problem(table.file, row.line, "fact_id",
                                    f"'{row.raw['fact_id']}' should be '{expected}': trade rows of one partner, flow, "
                                    "year, period and reporter read one fact"))


def _rule_glossary(table: Table, problems: list[Problem]) -> None:
    """Each term has its own entry in GLOSSARY.md (no two terms share an anchor), and no form is empty."""
    from .glossary import anchor, split_forms

    seen: dict[str, int] = {}
    for row in table.rows:
        term, forms = row.raw["term"], row.raw["forms"]
        key = anchor(term)
        if term and not key:
            problems.append(Problem(table.file, row.line, "term", f"'{term}' has no letters or digits for its anchor"))
        elif key in seen and table.rows[seen[key]].raw["term"] != term:
            first = table.rows[seen[key]]
            problems.append(Problem(table.file, row.line, "term",
                                    f"'{term}' has the anchor '{key}' of '{first.raw['term']}' on line {first.line}; "
                                    "reword one term"))
        seen.setdefault(key, table.rows.index(row))
        if forms and "" in split_forms(forms):
            problems.append(Problem(table.file, row.line, "forms", f"'{forms}' has an empty form; separate forms "
                                    "with '; '"))


def _rule_figure_text(table: Table, problems: list[Problem], glossary: Table | None) -> None:
    """A translation keeps the key's {placeholders}, holds no English word (capital abbreviations may stay), and
    writes a glossary term in the Korean and Russian form of the glossary being validated beside it."""
    from .glossary import glossary_matcher
    from .i18n import PLACEHOLDER, english_words

    terms_in = glossary_matcher([row.raw for row in glossary.rows] if glossary is not None else [])
    for row in table.rows:
        key = row.raw["en"]
        terms = terms_in(key)
        wanted = sorted(set(PLACEHOLDER.findall(key)))
        for code in ("ko", "ru"):
            text = row.raw.get(code, "")
            if not text:
                continue  # the figure build names a key whose translation is missing
            found = sorted(set(PLACEHOLDER.findall(text)))
            if found != wanted:
                problems.append(Problem(table.file, row.line, code, f"has the placeholders {found or 'none'}, the "
                                        f"key \"{key}\" has {wanted or 'none'}: they must be the same"))
            words = english_words(text, names=False)
            if words:
                problems.append(Problem(table.file, row.line, code, f"is still English ({', '.join(words)}); only "
                                        "capital abbreviations such as IMF may stay in Latin letters"))
            for term, forms in terms[code]:
                if not any(_written(form, text, code) for form in forms):
                    problems.append(Problem(table.file, row.line, code,
                                            f"the key uses the glossary term '{term}': write it as "
                                            f"{' or '.join(repr(f) for f in forms)} (glossary.csv)"))


def _written(form: str, text: str, code: str) -> bool:
    """A glossary form appears in a translation; Russian words may take another case ending (депортации). A line
    break (written \\n in the table) counts as a space."""
    text = text.replace("\\n", " ")
    if code != "ru":
        return form in text
    # words of the form, its quotes and dashes left out («Республика Корея – Центральная Азия»)
    stems = [word[:-2] if len(word) > 4 else word for word in re.findall(r"\w+", form.lower())]
    words = re.findall(r"\w+", text.lower())
    return all(any(w.startswith(stem) for w in words) for stem in stems)


RULES = {
    "events": [_rule_date_precision, _rule_preferred],
    "partnerships": [_rule_date_precision, _rule_partnership_rank, _rule_preferred],
    "policy_stages": [_rule_stages],
    "trade": [_rule_trade_period, _rule_trade_fact, _rule_preferred],
    "diaspora": [_rule_preferred],
    "sources": [_rule_source_address, _rule_source_tier],
    "glossary": [_rule_glossary],
    "country_names": [_rule_name_periods],
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
    if "figure_text" in tables:  # its rule reads the glossary read beside it
        _rule_figure_text(tables["figure_text"], problems, tables.get("glossary"))
    for resource in package["resources"]:
        if resource["name"] in tables:
            _check_foreign_keys(tables[resource["name"]], resource, tables, problems)
    if (data_dir / "curated").is_dir():
        problems += validate_curated(data_dir)
    return _without_follow_ons(problems)


# Problems that only follow from another problem in the same row are reported only when the row has no stronger
# one: a changed key no longer matches its fact_id, a changed fact_id leaves a fact without a preferred reading, an
# edited curated row is no longer the one in the derived file. Strongest first.
FOLLOW_ONS = ("' should be '", "preferred reading", "is the only reading of fact", "as it stands: run build-data")
PREFERRED_COUNT = re.compile(r"fact '[^']*' has \d+ preferred readings \(([^)]*)\)")
LISTED_LINE = re.compile(r"(?:(\S+\.csv) )?line (\d+)")


def _follow_on_rank(problem: Problem) -> int:
    """0 for a problem in its own right, else 1 + the position of its kind in FOLLOW_ONS."""
    return next((rank for rank, marker in enumerate(FOLLOW_ONS, 1) if marker in problem.message), 0)


def _without_follow_ons(problems: list[Problem]) -> list[Problem]:
    """Keep, per row, only its strongest kind of problem, and drop a second preferred reading that is a repeated
    row (the duplicate key is the problem to fix)."""
    strongest: dict[tuple[str, int], int] = {}
    for p in problems:
        strongest[(p.file, p.line)] = min(strongest.get((p.file, p.line), 99), _follow_on_rank(p))
    repeated = {(p.file, p.line) for p in problems if "duplicate key" in p.message}

    def from_a_repeat(p):
        listed = PREFERRED_COUNT.search(p.message)
        return bool(listed) and any((f or p.file, int(n)) in repeated for f, n in LISTED_LINE.findall(listed[1]))

    return sorted({p for p in problems if _follow_on_rank(p) == strongest[(p.file, p.line)] and not from_a_repeat(p)})


# Hand-curated inputs of derived tables, checked with the schema of the table they feed.
CURATED_INPUTS = {"curated/trade_curated.csv": "trade", "curated/diaspora_curated.csv": "diaspora"}
# How a row of a derived table shows that the build derived it from raw/ rather than copying it from curated/.
FROM_RAW_SOURCES = {"trade": "imf-dots-", "diaspora": "moj-foreign-residents-monthly"}


def validate_curated(data_dir: Path | str = DATA_DIR,
                     raw_rows: dict[str, list[tuple[int, dict[str, str]]]] | None = None) -> list[Problem]:
    """Problems in the curated inputs of derived tables, reported against the curated file's own lines.

    Rules that span the curated file and the rows derived from raw/ (repeated keys, one preferred reading per fact)
    compare with `raw_rows[table]`, (line in the derived file, row) pairs, when the build passes them; otherwise
    with the rows of the derived file on disk that did not come from the curated file.
    """
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
            if rule is not _rule_preferred:  # checked below together with the rows derived from raw/
                rule(table, problems)
        others = {}
        for other in resource["schema"].get("foreignKeys", []):
            target = other["reference"]["resource"]
            if target not in others:
                others[target] = _read_table(data_dir, resources[target], [])
        _check_foreign_keys(table, resource, {k: v for k, v in others.items() if v is not None}, problems)
        given = (raw_rows or {}).get(feeds)
        derived = _check_against_derived(data_dir, table, resource, problems,
                                         None if given is None else [Row(line, raw, {}) for line, raw in given])
        if _rule_preferred in RULES.get(feeds, []):
            problems += _preferred_problems([(table.file, r) for r in table.rows] +
                                            [(f"{feeds}.csv", r) for r in derived], {table.file})
    return _without_follow_ons(problems)


def _check_against_derived(data_dir: Path, curated: Table, resource: dict, problems: list[Problem],
                           raw_rows: list[Row] | None = None) -> list[Row]:
    """A curated row must not repeat the key of a row that the build derives from raw/ (a duplicate across files).

    Returns the rows derived from raw/, typed, for rules that span both files: `raw_rows` if given, else the rows of
    the derived file on disk that were not copied from the curated file."""
    derived_file = f"{resource['name']}.csv"
    if raw_rows is None:
        if not (data_dir / derived_file).exists():
            return []
        derived = _read_table(data_dir, {**resource, "path": derived_file}, [])
        if derived is None:
            return []
        raw_rows = [r for r in derived.rows if r.raw["source_id"].startswith(FROM_RAW_SOURCES[resource["name"]])]
        built = {tuple(r.raw.values()) for r in derived.rows}
        for row in curated.rows:
            if tuple(row.raw.values()) not in built:
                problems.append(Problem(curated.file, row.line, "(row)",
                                        f"this row is not in {derived_file} as it stands: run build-data to "
                                        "regenerate it"))
    _check_cells(Table(derived_file, resource["schema"]["fields"], raw_rows), [])
    key = resource["schema"]["primaryKey"]
    from_raw = {tuple(r.raw[k] for k in key): r.line for r in raw_rows}
    for row in curated.rows:
        line = from_raw.get(tuple(row.raw[k] for k in key))
        if line:
            problems.append(Problem(curated.file, row.line, key[-1],
                                    f"duplicate key: the same ({', '.join(key)}) is derived from raw/ at "
                                    f"{derived_file} line {line}"))
    return raw_rows
