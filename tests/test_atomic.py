"""Atomic writes: an interrupted write leaves the previous file whole and no .part file beside it."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from korea_central_asia import atomic

NEW_TEXT = "year,value\n" + "".join(f"{year},{year * 7}\n" for year in range(1992, 2025)) + "Almaty → Seoul\n"


def interrupt_writing(monkeypatch, seen: list[Path]) -> None:
    """Every Path.write_bytes writes half its data, then the process is interrupted (as by Ctrl-C or a kill)."""
    def half_then_interrupt(self, data):
        seen.append(self)
        with open(self, "wb") as handle:
            handle.write(bytes(data)[: len(data) // 2])
        raise KeyboardInterrupt("interrupted while writing")

    monkeypatch.setattr(Path, "write_bytes", half_then_interrupt)


def interrupt_renaming(monkeypatch) -> None:
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt("interrupted before the rename")

    monkeypatch.setattr(os, "replace", interrupted)


@pytest.mark.parametrize("write", ["write_text", "write_bytes"])
@pytest.mark.parametrize("interrupt", ["while writing", "before the rename"])
def test_an_interrupted_write_leaves_the_old_file_whole(tmp_path, monkeypatch, write, interrupt):
    target = tmp_path / "trade.csv"
    target.write_bytes(b"the previous file\n")
    seen: list[Path] = []
    if interrupt == "while writing":
        interrupt_writing(monkeypatch, seen)
    else:
        interrupt_renaming(monkeypatch)
    with pytest.raises(KeyboardInterrupt):
        if write == "write_text":
            atomic.write_text(target, NEW_TEXT)
        else:
            atomic.write_bytes(target, NEW_TEXT.encode("utf-8"))
    monkeypatch.undo()
    assert target.read_bytes() == b"the previous file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["trade.csv"], "no .part file is left behind"
    # The half-written data went to a hidden .part file beside the target, never to the target.
    assert all(p.parent == tmp_path and p.name.startswith(".trade.csv.") and p.name.endswith(".part") for p in seen)


@pytest.mark.parametrize("write", ["write_text", "write_bytes"])
def test_a_write_replaces_the_file_and_leaves_nothing_else(tmp_path, write):
    target = tmp_path / "new" / "folder" / "README.md"  # folders are made as needed
    for _ in range(2):  # the second time over an existing file
        if write == "write_text":
            atomic.write_text(target, NEW_TEXT)
        else:
            atomic.write_bytes(target, NEW_TEXT.encode("utf-8"))
    assert target.read_bytes() == NEW_TEXT.encode("utf-8")
    assert [p.name for p in target.parent.iterdir()] == ["README.md"]
    assert stat.S_IMODE(target.stat().st_mode) == 0o644  # readable by all, as git checks files out


def test_atomic_path_hands_out_a_part_file_beside_the_target(tmp_path):
    target = tmp_path / "figure.pdf"
    with atomic.atomic_path(target) as tmp:
        assert tmp.parent == tmp_path and tmp.name.startswith(".figure.pdf.") and tmp.name.endswith(".part")
        assert tmp.exists() and not target.exists()
        tmp.write_bytes(b"%PDF")
    assert target.read_bytes() == b"%PDF" and not tmp.exists()


def test_atomic_path_removes_the_part_file_when_the_block_fails(tmp_path):
    target = tmp_path / "figure.pdf"
    with pytest.raises(ValueError):
        with atomic.atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise ValueError("the export failed")
    assert list(tmp_path.iterdir()) == []


def test_write_text_is_utf8(tmp_path):
    atomic.write_text(tmp_path / "a.txt", "Қазақстан, 대한민국")
    assert (tmp_path / "a.txt").read_bytes() == "Қазақстан, 대한민국".encode("utf-8")
