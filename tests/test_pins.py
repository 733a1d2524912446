"""Every number a lesson's "What it shows" paragraphs state is held by a test that quotes the sentence."""
from __future__ import annotations

import importlib

import nbformat
import pytest

from korea_central_asia.execute import notebook_paths
from tests.pins import PINNED, normalise, numbers

LESSONS = notebook_paths()


def what_it_shows(path) -> list[str]:
    notebook = nbformat.read(path, as_version=4)
    return [c.source for c in notebook.cells if c.cell_type == "markdown" and c.source.lstrip().startswith(
        "**What it shows")]


def lesson_module(path):
    """The lesson's own test module, tests/test_lesson_NN.py, imported so that its pins register."""
    return importlib.import_module(f"tests.test_lesson_{path.stem[:2]}")


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_stated_number_is_pinned(path):
    lesson_module(path)
    paragraphs = what_it_shows(path)
    assert paragraphs, f"{path.stem} has no 'What it shows' paragraph"
    pinned = PINNED.get(path.stem, [])
    held = set().union(*(numbers(s) for s in pinned)) if pinned else set()
    for paragraph in paragraphs:
        loose = sorted(numbers(paragraph) - held)
        assert not loose, f"{path.stem}: numbers stated but pinned by no test: {loose}\n{paragraph[:300]}"


@pytest.mark.parametrize("path", LESSONS, ids=[p.stem for p in LESSONS])
def test_every_pinned_sentence_is_in_the_lesson(path):
    lesson_module(path)
    notebook = nbformat.read(path, as_version=4)
    text = normalise("\n".join(c.source for c in notebook.cells if c.cell_type == "markdown"))
    for sentence in PINNED.get(path.stem, []):
        assert normalise(sentence) in text, f"{path.stem}: the lesson no longer says: {sentence}"


def test_numbers_are_read_as_written():
    assert numbers("For the five republics, 1992–2024: 4,218.2 million USD, 62.7% and 3.6×; CA5 and K-2.") == {
        "1992", "2024", "4,218.2", "62.7", "3.6"}
