"""Each kind of broken input, written into a scratch copy of the data, gives its own clear line: file:line: column: what."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from korea_central_asia import validate
from korea_central_asia.__main__ import main
from korea_central_asia.build import build_data


def lines_of(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").split("\n")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Set one unquoted cell on a 1-based line (the test rows chosen have no quoted commas before `column`)."""
    import csv
    import io

    text = lines_of(path)
    header = text[0].split(",")
    cells = next(csv.reader([text[line - 1]]))
    cells[header.index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(cells)
    text[line - 1] = out.getvalue()
    path.write_text("\n".join(text), encoding="utf-8")


def first_line(path: Path, predicate) -> int:
    for number, line in enumerate(lines_of(path), start=1):
        if number > 1 and predicate(line):
            return number
    raise AssertionError(f"no line in {path.name} fits the test")


# Each case: (file, how to break it, expected line or None for 'any', column, message fragment)
def wrong_type(d):
    set_cell(d / "trade.csv", 2, "value_usd", "12x")
    return "trade.csv", 2, "value_usd", "'12x' is not an integer"


def impossible_date(d):
    line = first_line(d / "events.csv", lambda l: ",day," in l)
    set_cell(d / "events.csv", line, "date", "1992-02-30")
    return "events.csv", line, "date", "not a real calendar date"


def below_minimum(d):
    set_cell(d / "trade.csv", 14, "value_usd", "-15")
    return "trade.csv", 14, "value_usd", "-15 is below the minimum 0"


def above_maximum(d):
    set_cell(d / "partnerships.csv", 2, "rank", "7")
    return "partnerships.csv", 2, "rank", "7 is above the maximum 4"


def unknown_code(d):
    set_cell(d / "events.csv", 3, "country_iso3", "XYZ")
    return "events.csv", 3, "country_iso3", "unknown code 'XYZ'"


def unknown_source(d):
    set_cell(d / "diaspora.csv", 4, "source_id", "no-such-source")
    return "diaspora.csv", 4, "source_id", "unknown source 'no-such-source'"


def duplicate_key(d):
    text = lines_of(d / "events.csv")
    text.insert(3, text[1])
    (d / "events.csv").write_text("\n".join(text), encoding="utf-8")
    return "events.csv", 4, "source_id", "duplicate key"


def duplicate_key_across_files(d):
    # A curated trade row that repeats a row the build derives from the IMF workbooks.
    import csv
    import io

    dots_row = next(r for r in csv.reader(io.StringIO((d / "trade.csv").read_text(encoding="utf-8"))) if "imf-dots-kor" in r)
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(dots_row[:-1] + ["copied by mistake"])
    path = d / "curated" / "trade_curated.csv"
    text = lines_of(path)
    text.insert(1, out.getvalue())
    path.write_text("\n".join(text), encoding="utf-8")
    return "curated/trade_curated.csv", 2, "source_id", "derived from raw/"


def missing_column(d):
    path = d / "policy_stages.csv"
    path.write_text("\n".join(",".join(l.split(",")[:-1]) if l else l for l in lines_of(path)).replace(",source", ""),
                    encoding="utf-8")
    return "policy_stages.csv", 1, "source_id", "column is missing"


def extra_column(d):
    path = d / "countries.csv"
    text = lines_of(path)
    text = [l + (",population" if i == 0 else ",1") if l else l for i, l in enumerate(text)]
    path.write_text("\n".join(text), encoding="utf-8")
    return "countries.csv", 1, "population", "unexpected column"


def ragged_row(d):
    path = d / "trade.csv"
    text = lines_of(path)
    text[5] = text[5] + ",extra"
    path.write_text("\n".join(text), encoding="utf-8")
    return "trade.csv", 6, "notes", "row has 14 cells but the header has 13"


def unquoted_comma(d):
    line = first_line(d / "countries.csv", lambda l: l.startswith("KAZ,"))
    path = d / "countries.csv"
    text = lines_of(path)
    text[line - 1] = text[line - 1].replace("KAZ,Kazakhstan,", "KAZ,Kazakhstan, Republic of,")
    path.write_text("\n".join(text), encoding="utf-8")
    return "countries.csv", line, "source_id", "an unquoted comma?"


def quoted_line_break(d):
    path = d / "soft_power_tools.csv"
    text = lines_of(path)
    text[1] = text[1].replace('"K-pop concerts,', '"K-pop\nconcerts,')
    path.write_text("\n".join(text), encoding="utf-8")
    return "soft_power_tools.csv", 2, "(row)", "runs over several lines"


def empty_file(d):
    (d / "policy_stages.csv").write_bytes(b"")
    return "policy_stages.csv", 1, "(header)", "file is empty"


def missing_file(d):
    (d / "claims.csv").unlink()
    return "claims.csv", 0, "(file)", "file is missing"


def not_utf8(d):
    path = d / "countries.csv"
    data = path.read_bytes().replace("Kazakhstan,".encode(), "Kazakhst\xe1n,".encode("latin-1"), 1)
    path.write_bytes(data)
    line = data.split(b"\n").index(next(l for l in data.split(b"\n") if b"Kazakhst\xe1n" in l)) + 1
    return "countries.csv", line, "name_en", "is not UTF-8"


def byte_order_mark(d):
    path = d / "sources.csv"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return "sources.csv", 1, "(header)", "byte-order mark"


def crlf_line_ends(d):
    path = d / "partnerships.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return "partnerships.csv", 1, "(line end)", "CRLF"


def trailing_blank_lines(d):
    path = d / "policy_stages.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    return "policy_stages.csv", 5, "(row)", "blank line"


def formula_injection(d):
    set_cell(d / "events.csv", 5, "label", '=HYPERLINK("http://example.com")')
    return "events.csv", 5, "label", "runs as a formula"


def formula_injection_at(d):
    set_cell(d / "sources.csv", 3, "notes", "@SUM(A1:A2)")
    return "sources.csv", 3, "notes", "starts with '@'"


def date_before_1860(d):
    line = first_line(d / "events.csv", lambda l: ",year," in l)
    set_cell(d / "events.csv", line, "date", "1850")
    return "events.csv", line, "date", "before 1860"


def date_in_future(d):
    line = first_line(d / "events.csv", lambda l: ",day," in l)
    set_cell(d / "events.csv", line, "date", "2099-01-01")
    return "events.csv", line, "date", "is in the future"


def negative_count(d):
    set_cell(d / "diaspora.csv", 3, "value", "-5")
    return "diaspora.csv", 3, "value", "-5 is below the minimum 0"


def source_without_address(d):
    set_cell(d / "sources.csv", 6, "url", "")
    return "sources.csv", 6, "url", "value is required but empty"


def address_not_a_url(d):
    set_cell(d / "sources.csv", 7, "url", "www.example.com/page")
    return "sources.csv", 7, "url", "does not match the pattern"


def rank_contradicts_level(d):
    line = first_line(d / "partnerships.csv", lambda l: ",special strategic partnership," in l)
    set_cell(d / "partnerships.csv", line, "rank", "2")
    return "partnerships.csv", line, "rank", "contradicts the level 'special strategic partnership'"


def overlapping_stages(d):
    set_cell(d / "policy_stages.csv", 3, "start_year", "1998")
    return "policy_stages.csv", 3, "start_year", "overlaps stage 1"


def partial_year_marked_annual(d):
    path = d / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",part_year," in l)
    set_cell(path, line, "period", "year")
    return "curated/trade_curated.csv", line, "period", "use part_year"


def precision_mismatch(d):
    line = first_line(d / "events.csv", lambda l: ",month," in l)
    set_cell(d / "events.csv", line, "date_precision", "day")
    return "events.csv", line, "date_precision", "does not match the date"


def value_not_in_enum(d):
    set_cell(d / "events.csv", 6, "event_type", "party")
    return "events.csv", 6, "event_type", "'party' is not one of"


def leading_space(d):
    set_cell(d / "diaspora.csv", 5, "measure", " census_count")
    return "diaspora.csv", 5, "measure", "leading or trailing spaces"


def not_a_boolean(d):
    set_cell(d / "sources.csv", 4, "weak", "yes")
    return "sources.csv", 4, "weak", "'yes' is not a boolean"


def columns_out_of_order(d):
    path = d / "policy_stages.csv"
    import csv
    import io

    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([[r[1], r[0], *r[2:]] for r in rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return "policy_stages.csv", 1, "(header)", "out of order"


def number_not_finite(d):
    set_cell(d / "diaspora.csv", 6, "value", "nan")
    return "diaspora.csv", 6, "value", "'nan' is not a finite decimal number"


def weak_flag_disagrees_with_tier(d):
    line = first_line(d / "sources.csv", lambda l: ",news,news,false," in l)
    set_cell(d / "sources.csv", line, "weak", "true")
    return "sources.csv", line, "weak", "weak is true but tier is 'news'"


def weak_tier_without_the_flag(d):
    line = first_line(d / "sources.csv", lambda l: ",blog,weak,true," in l)
    set_cell(d / "sources.csv", line, "weak", "false")
    return "sources.csv", line, "weak", "weak is false but tier is 'weak'"


def unknown_tier(d):
    set_cell(d / "sources.csv", 8, "tier", "primary")
    return "sources.csv", 8, "tier", "'primary' is not one of statistics, official"


def two_preferred_readings(d):
    line = first_line(d / "events.csv", lambda l: ",afg-relations-established,false," in l)
    set_cell(d / "events.csv", line, "preferred", "true")
    return "events.csv", line, "preferred", "fact 'afg-relations-established' has 2 preferred readings"


def no_preferred_reading(d):
    line = first_line(d / "diaspora.csv", lambda l: ",su-kaz-census-1939,true," in l)
    set_cell(d / "diaspora.csv", line, "preferred", "false")
    return "diaspora.csv", line, "preferred", "no reading of fact 'su-kaz-census-1939' is preferred"


def lone_reading_not_preferred(d):
    line = first_line(d / "partnerships.csv", lambda l: l.startswith("KGZ,"))
    set_cell(d / "partnerships.csv", line, "preferred", "false")
    return "partnerships.csv", line, "preferred", "is the only reading of fact"


def curated_reading_beside_the_statistics(d):
    # A press figure for a flow the IMF states, marked preferred as well: the IMF row in trade.csv already is.
    path = d / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",uzb-exports-2013-kor,false," in l)
    set_cell(path, line, "preferred", "true")
    return "curated/trade_curated.csv", line, "preferred", "fact 'uzb-exports-2013-kor' has 2 preferred readings"


def trade_fact_id_off_its_key(d):
    path = d / "curated" / "trade_curated.csv"
    line = first_line(path, lambda l: ",tkm-total-2023-kor,false," in l)
    set_cell(path, line, "fact_id", "tkm-total-2023-tkm")
    return "curated/trade_curated.csv", line, "fact_id", "should be 'tkm-total-2023-kor'"


def script_in_a_label(d):
    set_cell(d / "events.csv", 7, "label", "<script>alert(1)</script>")
    return "events.csv", 7, "label", "contains HTML or script markup ('<script' at character 1)"


def bold_tag_in_a_title(d):
    set_cell(d / "sources.csv", 9, "title", "A <b>bold</b> claim")
    return "sources.csv", 9, "title", "contains HTML or script markup ('<b' at character 3)"


def unclosed_tag_in_curated_notes(d):
    path = d / "curated" / "trade_curated.csv"
    set_cell(path, 3, "notes", "see <img src=x onerror=alert(1)")
    return "curated/trade_curated.csv", 3, "notes", "contains HTML or script markup ('<img'"


def html_entity_in_a_name(d):
    line = first_line(d / "countries.csv", lambda l: l.startswith("UZB,"))
    set_cell(d / "countries.csv", line, "name_en", "Uzbekistan&nbsp;")
    return "countries.csv", line, "name_en", "contains HTML or script markup ('&nbsp;'"


CASES = [wrong_type, impossible_date, below_minimum, above_maximum, unknown_code, unknown_source, duplicate_key,
         duplicate_key_across_files, missing_column, extra_column, ragged_row, unquoted_comma, quoted_line_break,
         empty_file, missing_file, not_utf8, byte_order_mark, crlf_line_ends, trailing_blank_lines, formula_injection,
         formula_injection_at, date_before_1860, date_in_future, negative_count, source_without_address,
         address_not_a_url, rank_contradicts_level, overlapping_stages, partial_year_marked_annual,
         precision_mismatch, value_not_in_enum, leading_space, not_a_boolean, columns_out_of_order, number_not_finite,
         weak_flag_disagrees_with_tier, weak_tier_without_the_flag, unknown_tier, two_preferred_readings,
         no_preferred_reading, lone_reading_not_preferred, curated_reading_beside_the_statistics,
         trade_fact_id_off_its_key, script_in_a_label, bold_tag_in_a_title, unclosed_tag_in_curated_notes,
         html_entity_in_a_name]

LINE_FORMAT = re.compile(r"^[\w/]+\.csv:\d+: [^:]+: \S")


@pytest.mark.parametrize("break_it", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_gives_one_clear_line(break_it, data_copy, capsys):
    assert validate(data_copy) == [], "the scratch copy must start valid"
    file, line, column, fragment = break_it(data_copy)
    problems = validate(data_copy)
    matching = [p for p in problems if p.file == file and p.column == column and fragment in p.message]
    assert matching, "\n".join(map(str, problems))
    assert matching[0].line == line, str(matching[0])
    assert LINE_FORMAT.match(str(matching[0])), str(matching[0])
    # The command line reports the same line and fails.
    assert main(["validate", str(data_copy)]) == 1
    printed = capsys.readouterr().out
    assert str(matching[0]) in printed.splitlines()


def test_there_are_at_least_twenty_kinds():
    assert len(CASES) >= 20


def test_the_issue_example_line(data_copy):
    below_minimum(data_copy)
    assert "trade.csv:14: value_usd: -15 is below the minimum 0" in map(str, validate(data_copy))


def test_validate_command_exits_non_zero_from_another_directory(data_copy, tmp_path):
    wrong_type(data_copy)
    result = subprocess.run([sys.executable, "-m", "korea_central_asia", "validate", str(data_copy)],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert "trade.csv:2: value_usd: '12x' is not an integer" in result.stdout


def test_build_data_writes_nothing_when_curated_input_is_bad(data_copy, tmp_path):
    import shutil

    from korea_central_asia.paths import DATA_DIR
    from korea_central_asia.validate import DataError

    shutil.copytree(DATA_DIR / "raw", data_copy / "raw")
    partial_year_marked_annual(data_copy)
    before = (data_copy / "trade.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        build_data(data_copy)
    assert any(p.file == "curated/trade_curated.csv" for p in caught.value.problems)
    assert (data_copy / "trade.csv").read_bytes() == before
    assert not list(data_copy.glob(".*.part"))


def test_build_data_refuses_a_curated_reading_that_competes_with_the_statistics(data_copy):
    import shutil

    from korea_central_asia.paths import DATA_DIR
    from korea_central_asia.validate import DataError

    shutil.copytree(DATA_DIR / "raw", data_copy / "raw")
    file, line, column, fragment = curated_reading_beside_the_statistics(data_copy)
    before = (data_copy / "trade.csv").read_bytes()
    with pytest.raises(DataError) as caught:
        build_data(data_copy)
    assert any(p.file == file and p.line == line and fragment in p.message for p in caught.value.problems), \
        caught.value
    assert (data_copy / "trade.csv").read_bytes() == before


@pytest.mark.parametrize("text", ["less than 5 (<5) per cent", "1 < 2 and 3 > 2", "AT&T", "R&D spending",
                                  "Kazakhstan–Korea"])
def test_plain_text_with_angle_brackets_or_ampersands_is_not_markup(text):
    from korea_central_asia.validate import MARKUP

    assert MARKUP.search(text) is None
