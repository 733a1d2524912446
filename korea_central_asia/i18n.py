"""The language of the figures: English, Korean or Russian, chosen by one switch.

Every word a chart draws (axis titles, legends, notes, tick words, hover text, buttons, captions, alt text) goes
through `tr`, whose English text is the key of `data/figure_text.csv`; country names come from `countries.csv`.
Lesson prose and the site's interface stay English.

    from korea_central_asia import i18n
    with i18n.use_language("ko"):
        chart = trade_charts.balance(["KAZ", "UZB"], (2000, 2020))   # drawn in Korean

    nb = lesson.start("02-trade", language="ru")                     # a lesson's charts in Russian

A Korean or Russian figure never falls back to English: `tr` raises `UntranslatedText` naming the key (and the
line of the table) when a translation is missing, and `check_figure` / `check_plotly` refuse a finished figure
that still shows an English word, naming the key that made it, or saying that no key did.
"""
from __future__ import annotations

import contextlib
import csv
import functools
import os
import re

from .paths import DATA_DIR

LANGUAGES = ("en", "ko", "ru")
TRANSLATED = ("ko", "ru")
TABLE = DATA_DIR / "figure_text.csv"
TABLE_NAME = "data/figure_text.csv"
PLACEHOLDER = re.compile(r"(?<!%)\{([a-z_][a-z0-9_]*)\}")  # {country}; plotly's own %{x} is left alone
# An English word: a Latin letter followed by lowercase letters. Abbreviations in capitals (IMF, DOTS, USD, KOICA)
# are written the same way in Korean and Russian and are allowed.
ENGLISH_WORD = re.compile(r"(?<![A-Za-z])[A-Za-z][a-z]+(?:['’][a-z]+)?")
PLOTLY_TEMPLATE_FIELD = re.compile(r"%\{[^}]*\}")
HTML_TAG = re.compile(r"<[^>]+>")
HTML_ENTITY = re.compile(r"&(?:[A-Za-z]+|#[0-9]+|#x[0-9A-Fa-f]+);")  # &gt; in an escaped '>18,600' is no word

_language = "en"  # set from KCA_LANGUAGE below, once check_language is defined
_made_by: dict[str, str] = {}  # text drawn -> the key that made it, for naming the key in a refusal
_collecting: list[dict] = []  # while `collecting` runs: the keys looked up but missing, instead of raising


class UntranslatedText(ValueError):
    """A Korean or Russian figure would show English text: a key without its translation, or text from no key."""


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"unknown figure language {language!r}; choose one of {', '.join(LANGUAGES)}")
    return language


_language = check_language(os.environ.get("KCA_LANGUAGE", "en") or "en")


def language() -> str:
    """The language figures are drawn in now: 'en' (the default), 'ko' or 'ru'."""
    return _language


def set_language(code: str) -> None:
    """Draw every following figure in `code` ('en', 'ko' or 'ru'): set_language("ko")."""
    global _language
    _language = check_language(code)


@contextlib.contextmanager
def use_language(code: str):
    """Draw the figures made inside the block in `code`, then go back:

        with i18n.use_language("ru"):
            chart = people_charts.census(["KAZ", "UZB"])
    """
    global _language
    before = _language
    _language = check_language(code)
    try:
        yield code
    finally:
        _language = before


@functools.lru_cache(maxsize=1)
def table() -> dict[str, dict[str, str]]:
    """The translation table: English text -> its row (ko, ru, note, and `line`, the row's line in the file)."""
    rows = {}
    with TABLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            # a row stays on one line: a line break in a figure text is written \n in the table
            row = {key: (value or "").replace("\\n", "\n") for key, value in row.items()}
            row["line"] = str(reader.line_num)
            rows[row["en"]] = row
    return rows


def tr(text: str, **values) -> str:
    """`text` (English, the key) in the current language, with its {placeholders} filled from `values`:

        tr("Korea's exports")                          # -> '한국의 수출' with use_language("ko")
        tr("{country}, Korea-reported", country=name)

    In Korean or Russian a key missing from data/figure_text.csv, or without that language's text, raises
    UntranslatedText naming the key; nothing falls back to English.
    """
    code = _language
    if code == "en":
        words = text
    elif _collecting and not (table().get(text) or {}).get(code):
        _collecting[-1].setdefault(text, None)
        words = text
    else:
        row = table().get(text)
        if row is None:
            raise UntranslatedText(f'{TABLE_NAME}: no row for the key "{text}"; add it with its ko and ru text')
        words = row.get(code) or ""
        if not words.strip():
            raise UntranslatedText(f'{TABLE_NAME}, line {row["line"]}, column {code}: the key "{text}" has no '
                                   f"{code} text")
    result = fill(words, values, text)
    if code != "en":
        _made_by[result] = text
    return result


def tr_html(text: str, **values) -> str:
    """`tr` for plotly: the table holds plain text, so its line breaks become <br>; markup (bold names, <extra>)
    stays in the code or in the values:

        tr_html("{country}, %{x}\nsource: %{customdata[0]}", country=f"<b>{name}</b>") + "<extra></extra>"
    """
    return tr(text, **values).replace("\n", "<br>")


@contextlib.contextmanager
def collecting():
    """For a translator: inside the block a missing key gives its English text instead of raising, and the dict
    yielded collects every such key, in the order met:

        with i18n.use_language("ko"), i18n.collecting() as missing:
            trade_charts.balance()
        print(list(missing))   # the rows to add to data/figure_text.csv
    """
    missing: dict = {}
    _collecting.append(missing)
    try:
        yield missing
    finally:
        _collecting.pop()


def fill(words: str, values: dict, key: str = "") -> str:
    """Put `values` into the {placeholders} of `words`; a placeholder without a value raises KeyError naming it."""
    def value(match):
        name = match.group(1)
        if name not in values:
            raise KeyError(f'the text for "{key or words}" needs a value for {{{name}}}')
        return str(values[name])
    return PLACEHOLDER.sub(value, words)


def number(value: float, decimals: int = 0) -> str:
    """A number as the figure's language writes it: 36,442 in English and Korean, 36 442 in Russian (with a
    decimal comma)."""
    text = f"{value:,.{decimals}f}"
    if _language == "ru":
        text = text.replace(",", "\u00a0").replace(".", ",")
    return text


def localise_plotly(spec: dict) -> dict:
    """A plotly figure's JSON with the number format of the current language (Russian: decimal comma, no-break space
    between thousands); English and Korean keep 1,234.5."""
    if _language == "ru":
        spec.setdefault("layout", {}).setdefault("separators", ",\u00a0")
    return spec


# --- the check on finished figures ----------------------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _source_ids() -> re.Pattern:
    """The ids of sources.csv as one pattern: a hover may name a source by its id (imf-dots-kor), which is not
    English."""
    with (DATA_DIR / "sources.csv").open(encoding="utf-8", newline="") as handle:
        ids = sorted((row["source_id"] for row in csv.DictReader(handle)), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, ids)) + r")(?![\w-])")


_names: set[str] = set()  # names that stay as written in every language (an author-year citation)


def keep_name(name: str) -> str:
    """Declare a name that stays as its source writes it (an author, a publisher, the citation 'Kwak (2021)')
    wherever a Korean or Russian figure shows it, tick labels and plotly text included; returns the name:

        labels.append(i18n.keep_name(people.source_label(source_id)))

    `style.cite` declares every citation it makes. Names are kept for the whole process."""
    if name.strip():
        _names.add(name)
    return name


def kept_names(*texts: str) -> list[str]:
    """The declared names (`keep_name`) that appear in these texts, longest first: what a Korean or Russian
    catalogue entry keeps in Latin script on purpose."""
    return [name for name in sorted(_names, key=lambda n: (-len(n), n))
            if any(name in text for text in texts) and ENGLISH_WORD.search(name)]


def english_words(text: str, names: bool = True) -> list[str]:
    """The English words left in a figure text, ignoring plotly's %{...} fields, {placeholders}, HTML tags, source
    ids, HTML entities, declared names (`keep_name`; not with names=False, as the validator reads the table) and
    capital abbreviations: english_words("IMF: 한국의 수출") -> []."""
    plain = HTML_ENTITY.sub(" ", HTML_TAG.sub(" ", PLACEHOLDER.sub(" ", PLOTLY_TEMPLATE_FIELD.sub(" ", text))))
    for name in sorted(_names, key=len, reverse=True) if names else ():
        plain = plain.replace(name, " ")
    return ENGLISH_WORD.findall(_source_ids().sub(" ", plain))


def _refusal(text: str, where: str) -> str:
    words = ", ".join(dict.fromkeys(english_words(text)))
    key = _made_by.get(text)
    if key is not None:
        row = table().get(key, {})
        return (f'{where}: the key "{key}" ({TABLE_NAME}, line {row.get("line", "?")}) gives {text!r}, which is '
                f"still English ({words})")
    # text joined from several keys' outputs: name a key whose output is part of it and is English
    parts = [k for out, k in _made_by.items() if out and out in text and english_words(out)]
    if parts:
        row = table().get(parts[0], {})
        return (f"{where}: {text!r} is still English ({words}); it holds what the key \"{parts[0]}\" gives "
                f"({TABLE_NAME}, line {row.get('line', '?')})")
    return (f"{where}: {text!r} is still English ({words}) and comes from no key of {TABLE_NAME}; draw it with "
            "i18n.tr")


def _exempt(artist) -> bool:
    return getattr(artist, "_kca_proper_names", False)


def proper_names(artist):
    """Declare that a text artist holds names that stay as written (the credit line's publishers and authors)."""
    artist._kca_proper_names = True
    return artist


def check_figure(fig, stem: str, code: str | None = None) -> None:
    """Refuse a matplotlib figure drawn in Korean or Russian that still shows an English word, naming the key.

        check_figure(chart.figure, "02-trade-balance", "ko")
    """
    from matplotlib.text import Text

    code = code or _language
    if code == "en":
        return
    found = []
    for text in fig.findobj(Text):
        words = text.get_text()
        if text.get_visible() and words.strip() and not _exempt(text) and english_words(words):
            found.append(_refusal(words, f"{stem} ({code})"))
    if found:
        raise UntranslatedText("; ".join(dict.fromkeys(found)) + ". Nothing was written.")


# Where a plotly figure holds words a reader sees. Data a hover only passes through (customdata) is not checked.
PLOTLY_WORD_KEYS = {"text", "title", "name", "hovertemplate", "texttemplate", "label", "ticktext", "legendgrouptitle"}


def plotly_texts(spec, path: str = ""):
    """(where, text) for every word-bearing string in a plotly figure's JSON."""
    if isinstance(spec, dict):
        for key, value in spec.items():
            if key in ("customdata", "meta"):
                continue
            where = f"{path}.{key}" if path else key
            if isinstance(value, str):
                if key in PLOTLY_WORD_KEYS:
                    yield where, value
            elif key in PLOTLY_WORD_KEYS and isinstance(value, list) and all(isinstance(v, str) for v in value):
                for n, item in enumerate(value):
                    yield f"{where}[{n}]", item
            else:
                yield from plotly_texts(value, where)
    elif isinstance(spec, list):
        for n, item in enumerate(spec):
            yield from plotly_texts(item, f"{path}[{n}]")


def check_plotly(spec: dict, stem: str, code: str | None = None) -> None:
    """Refuse a plotly figure (its JSON) drawn in Korean or Russian that still shows an English word."""
    code = code or _language
    if code == "en":
        return
    found = [_refusal(text, f"{stem} ({code}) {where}") for where, text in plotly_texts(spec)
             if english_words(text)]
    if found:
        raise UntranslatedText("; ".join(dict.fromkeys(found)) + ". Nothing was written.")


def check_words(stem: str, code: str, **texts: str) -> None:
    """Refuse a caption or alt text that is still English: check_words(stem, "ko", caption=..., alt=...)."""
    if code == "en":
        return
    found = [_refusal(text, f"{stem} ({code}) {name}") for name, text in texts.items() if english_words(text)]
    if found:
        raise UntranslatedText("; ".join(found) + ". Nothing was written.")
