"""Pins: a test that holds a number a lesson states quotes the lesson's sentence beside it.

    @states("02-trade", "Korea's own figure for Kazakhstan in 2019 comes to 4,218.2 million USD.")
    def test_kazakhstan_2019():
        assert round(trade.wide("KAZ").loc[2019, "total"] / 1e6, 1) == 4218.2

`tests/test_pins.py` checks that every quoted sentence is in the lesson as written, and that every number in a
lesson's "What it shows" paragraphs appears in a quoted sentence, so a number no test holds fails the suite.
"""
from __future__ import annotations

import re

PINNED: dict[str, list[str]] = {}
NUMBER = re.compile(r"(?<![\w.\-])\d+(?:[.,]\d+)*(?![\w])")


def normalise(text: str) -> str:
    """Markdown as a reader sees its words: links as their text, no emphasis marks, single spaces."""
    text = re.sub(r"\[([^\]]*)\]\([^)\s]*\)", r"\1", text)
    return re.sub(r"\s+", " ", re.sub(r"[*_`]", "", text)).strip()


def numbers(text: str) -> set[str]:
    """Every number written in the text, as written (4,218.2; 1992; 62.7), trailing sentence dots removed."""
    return {n.rstrip(".,") for n in NUMBER.findall(normalise(text))}


def states(lesson: str, *sentences: str):
    """Record that the decorated test holds the numbers of these sentences of `lesson`."""
    def mark(test):
        PINNED.setdefault(lesson, []).extend(sentences)
        return test
    return mark

