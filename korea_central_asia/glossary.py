"""The glossary: data/glossary.csv as a table, GLOSSARY.md generated from it, and the rule that the first use of a
term in a lesson links to its entry.

    from korea_central_asia import glossary
    glossary.terms().loc[:, ["term", "anchor", "definition", "source_id"]]
    glossary.first_uses(["The Koryo-saram were deported."])  # where each term is first used, and if it is linked

`python -m korea_central_asia glossary` rewrites GLOSSARY.md; `--check` fails when it has drifted from the table.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .atomic import write_text
from .paths import DATA_DIR, PROJECT_DIR

GLOSSARY_MD = PROJECT_DIR / "GLOSSARY.md"
LINK_TARGET = "../GLOSSARY.md"  # as a lesson in notebooks/ links to it

# Markdown a term inside does not count as a use: a heading line, inline code, a link's address.
HEADING = re.compile(r"^#{1,6} .*$", re.M)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]*)\)")


def anchor(term: str) -> str:
    """The anchor of a term's entry in GLOSSARY.md: the term without any part in brackets, lower case, with one
    hyphen for each run of spaces and punctuation.

        anchor("KOICA (Korea International Cooperation Agency)")  # -> 'koica'
        anchor("FOB / CIF")  # -> 'fob-cif'
    """
    bare = re.sub(r"\([^)]*\)", " ", term)
    return re.sub(r"[^0-9a-z]+", "-", bare.lower()).strip("-")


def split_forms(forms: str) -> list[str]:
    """The forms of a `forms` cell, in order: "KOICA; Korea International Cooperation Agency" -> two forms."""
    return [f.strip() for f in str(forms).split(";")]


def terms(data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """The glossary table, validated like every table, with each term's `anchor` in GLOSSARY.md.

        terms()[["term", "term_ko", "term_ru", "source_id"]]
    """
    from .data import load

    table = load("glossary", data_dir)
    table.insert(1, "anchor", table["term"].map(anchor))
    return table


def glossary_forms_in(english: str, code: str, data_dir: Path | str = DATA_DIR,
                      rows: list[dict] | None = None) -> list[tuple[str, list[str]]]:
    """(term, its Korean or Russian forms) for each glossary term an English text uses, read straight from
    glossary.csv (the validator uses `glossary_matcher` on the rows it read, as it cannot load the validated
    table); terms without a form in `code` are left out.

        glossary_forms_in("Koryo-saram in the 1989 census", "ko")  # -> [('Koryo-saram', ['고려사람', '고려인'])]

    An abbreviation in capitals that the English text uses (KOICA) is also accepted as it stands.
    """
    if rows is None:
        import csv

        with (Path(data_dir) / "glossary.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    return glossary_matcher(rows)(english)[code]


def glossary_matcher(rows: list[dict]):
    """From glossary rows, a function: English text -> {"ko": [(term, forms)], "ru": [...]}, as `glossary_forms_in`
    gives them; the forms and their patterns are prepared once, for checking a whole table."""
    prepared = []
    for row in rows:
        translated = {}
        for code in ("ko", "ru"):
            forms = [re.sub(r"\s*\([^)]*\)", "", f).strip() for f in split_forms(row.get(f"term_{code}") or "")]
            translated[code] = [f for f in forms if f]
        if any(translated.values()):
            english = [(form, _pattern(form)) for form in split_forms(row["forms"] or "") if form]
            prepared.append((row["term"], translated, english))

    def match(text: str) -> dict[str, list[tuple[str, list[str]]]]:
        found = {"ko": [], "ru": []}
        for term, translated, english in prepared:
            used = [form for form, pattern in english if pattern.search(text)]
            if used:
                # an abbreviation in capitals (KOICA, ODA) is written the same way in Korean and Russian
                capitals = [form for form in used if form.upper() == form]
                for code, forms in translated.items():
                    if forms:
                        found[code].append((term, forms + capitals))
        return found
    return match


@functools.lru_cache(maxsize=None)
def _pattern(form: str) -> re.Pattern:
    """A form as a whole word or phrase; in capitals it matches only in capitals, otherwise in any case, with an
    optional plural."""
    words = r"[\s\u00a0]+".join(re.escape(w) for w in form.split())
    if form.upper() == form:
        return re.compile(rf"(?<![\w-]){words}(?![\w-])")
    return re.compile(rf"(?<![\w-]){words}(?:s|es)?(?![\w-])", re.I)


@dataclass(frozen=True)
class Use:
    """The first use of a glossary term in a lesson: the cell, the text as written, and the link around it."""
    term: str
    anchor: str
    cell: int
    start: int  # where the use starts in the cell's source
    text: str
    link: str | None  # the address of the link whose text holds the use, or None

    @property
    def linked(self) -> bool:
        return self.link == f"{LINK_TARGET}#{self.anchor}"


def _masked(source: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The cell with headings, code and link addresses blanked (same length), and the spans of link texts."""
    links = [(m.start(1), m.end(1), m.group(2)) for m in LINK.finditer(source)]
    text = source
    for pattern in (HEADING, CODE_SPAN):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    for m in LINK.finditer(source):
        start, end = m.start(2) - 1, m.end(2) + 1  # the "(address)" part
        text = text[:start] + " " * (end - start) + text[end:]
    return text, links


def first_uses(cells: list[str], table: pd.DataFrame | None = None) -> dict[str, Use]:
    """For each glossary term the Markdown `cells` use, its first use (in cell order, then in reading order).

    Where the forms of two terms overlap ("special strategic partnership" holds "strategic partnership"), the longer
    match is the use, of the longer term only.

        first_uses(["Seoul's [Koryo-saram](../GLOSSARY.md#koryo-saram) policy"])["Koryo-saram"].linked  # -> True
    """
    table = terms() if table is None else table
    forms = [(row.term, row.anchor, form) for row in table.itertuples() for form in split_forms(row.forms)]
    found: dict[str, Use] = {}
    for index, source in enumerate(cells):
        text, links = _masked(source)
        matches = [(m.start(), m.end(), term, key) for term, key, form in forms for m in _pattern(form).finditer(text)]
        matches.sort(key=lambda m: (m[0], -(m[1] - m[0])))
        taken_until = -1
        for start, end, term, key in matches:
            if start < taken_until:
                continue  # inside a longer match that starts earlier or at the same place
            taken_until = end
            if term in found:
                continue
            link = next((address for a, b, address in links if a <= start and end <= b), None)
            found[term] = Use(term, key, index, start, source[start:end], link)
    return found


def unlinked_first_uses(cells: list[str], table: pd.DataFrame | None = None) -> list[Use]:
    """The first uses in `cells` that do not link to their entry in GLOSSARY.md (empty when every one does)."""
    return [use for use in first_uses(cells, table).values() if not use.linked]


def _forms_lines(row) -> list[str]:
    """The term's Korean and Russian forms as a list, one line each (empty where no source gave them)."""
    parts = []
    if isinstance(row.term_ko, str):
        parts.append(f"- Korean: {row.term_ko}")
    if isinstance(row.term_ru, str):
        parts.append(f"- Russian: {row.term_ru}")
    return parts + [""] if parts else []


def render(data_dir: Path | str = DATA_DIR) -> str:
    """GLOSSARY.md as the generator writes it: one entry per term, in the table's order, with its anchor."""
    from .data import load

    table = terms(data_dir)
    sources = load("sources", data_dir).set_index("source_id")
    lines = ["# Glossary", "",
             "<!-- Generated by `python -m korea_central_asia glossary` from data/glossary.csv. Do not edit by hand:",
             "     edit the table and regenerate; the tests fail when this file drifts. -->", "",
             "Terms the lessons use, in the order of `data/glossary.csv`. Each definition is written in our own words "
             "from the source named under it; Korean and Russian forms are given only where a source we read gives "
             "them. The first use of a term in each lesson links here.", ""]
    lines += [f"- [{row.term}](#{row.anchor})" for row in table.itertuples()]
    lines.append("")
    for row in table.itertuples():
        source = sources.loc[row.source_id]
        lines += [f'<a id="{row.anchor}"></a>', "", f"## {row.term}", ""]
        lines += _forms_lines(row) + [row.definition, ""]
        author = f"{source['author']}, " if isinstance(source["author"], str) else ""
        cite = f"Source: {author}{source['title']}"
        cite += f", {source['publisher']}" if isinstance(source["publisher"], str) else ""
        cite += f" ({source['date_iso']})" if isinstance(source["date_iso"], str) else ""
        cite += f", <{source['url']}>" if isinstance(source["url"], str) else ""
        lines += [f"{cite} (`{row.source_id}`).", ""]
        if isinstance(row.notes, str):
            lines += [f"Notes: {row.notes}.".replace("..", "."), ""]
    return "\n".join(lines)


def write(data_dir: Path | str = DATA_DIR, target: Path = GLOSSARY_MD) -> Path:
    """Write GLOSSARY.md from the table.

        write()  # -> PosixPath('.../GLOSSARY.md')
    """
    write_text(target, render(data_dir))
    return target


def check(data_dir: Path | str = DATA_DIR, target: Path = GLOSSARY_MD) -> str:
    """Empty when GLOSSARY.md matches the table; otherwise says how to fix it."""
    current = target.read_text(encoding="utf-8") if target.exists() else ""
    if current != render(data_dir):
        return f"{target} is out of date with data/glossary.csv: run `python -m korea_central_asia glossary`"
    return ""


def site_links(source: str, to: str = "#") -> str:
    """A lesson's links to GLOSSARY.md entries pointed at the site's glossary page instead: `to` + anchor. "#" inside
    the book, where MyST resolves the entry's target; "../glossary.html#" from a slide deck.

        site_links("[KOICA](../GLOSSARY.md#koica)")   # -> '[KOICA](#koica)'
    """
    return source.replace(f"]({LINK_TARGET}#", f"]({to}")
