"""Temporary files (:mod:`kg.tempfiles`): made beside their final name, written in this process or
in forked ones, a child's error raised here."""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

import pytest

from kg.tempfiles import Concurrent, make_temp, write_concurrently, write_temp


def test_make_temp_beside_its_final_name_with_ordinary_permissions(tmp_path: Path) -> None:
    umask = os.umask(0)
    os.umask(umask)
    tmp = make_temp(tmp_path / "claims.tsv", umask)
    assert tmp.parent == tmp_path and tmp.name.startswith(".claims.tsv.") and tmp.name.endswith(".tmp")
    assert stat.S_IMODE(tmp.stat().st_mode) == 0o666 & ~umask
    write_temp(tmp, lambda fh: fh.write(b"streamed"))
    assert tmp.read_bytes() == b"streamed"


def _writer(text: bytes) -> Callable[[BinaryIO], None]:
    """A content function that writes ``text``."""

    def write(fh: BinaryIO) -> None:
        fh.write(text)

    return write


def test_forked_writers_produce_the_same_files(tmp_path: Path) -> None:
    jobs = []
    finals = {}
    for k in range(4):
        tmp = make_temp(tmp_path / f"f{k}", 0o022)
        jobs.append((tmp, _writer(f"file {k}".encode()) if k else b"bytes here"))
        finals[tmp] = tmp_path / f"f{k}"
    prepared: list[bool] = []
    plan = Concurrent(workers=2, prepare=lambda: prepared.append(True), needs=frozenset({tmp_path / "f3"}))
    write_concurrently(jobs, plan, finals)
    assert prepared == [True]
    assert [tmp.read_bytes() for tmp, _ in jobs] == [b"bytes here", b"file 1", b"file 2", b"file 3"]


def test_a_childs_error_is_raised_here(tmp_path: Path) -> None:
    def broken(fh: BinaryIO) -> None:
        raise ValueError("no content")

    tmp = make_temp(tmp_path / "f", 0o022)
    with pytest.raises(ValueError, match="no content"):
        write_concurrently([(tmp, broken)], Concurrent(workers=2), {tmp: tmp_path / "f"})
