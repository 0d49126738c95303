"""Safe writing (:mod:`kg.output`): a set of files all or nothing, a half-renamed set completed,
names kept inside their folder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import BinaryIO

import pytest

from kg.errors import OutputError
from kg.output import JOURNAL, atomic_write_many, inside, recover_exports


def test_a_set_is_written_with_bytes_and_streamed_contents(tmp_path: Path) -> None:
    def stream(fh: BinaryIO) -> None:
        fh.write(b"streamed")

    atomic_write_many({tmp_path / "a.txt": b"bytes", tmp_path / "sub" / "b.txt": stream})
    assert (tmp_path / "a.txt").read_bytes() == b"bytes"
    assert (tmp_path / "sub" / "b.txt").read_bytes() == b"streamed"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "sub"]  # no journal, no temporaries


def test_a_failing_producer_leaves_the_previous_set(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")

    def broken(fh: BinaryIO) -> None:
        raise RuntimeError("producer failed")

    with pytest.raises(RuntimeError, match="producer failed"):
        atomic_write_many({tmp_path / "a.txt": b"new", tmp_path / "b.txt": broken})
    assert (tmp_path / "a.txt").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_recover_exports_completes_a_journalled_set(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"old")
    (tmp_path / ".a.txt.tmp").write_bytes(b"new")
    (tmp_path / JOURNAL).write_text(json.dumps({"renames": [[".a.txt.tmp", "a.txt"]]}), encoding="utf-8")
    assert recover_exports(tmp_path) == [tmp_path / "a.txt"]
    assert (tmp_path / "a.txt").read_bytes() == b"new"
    assert not (tmp_path / JOURNAL).exists()


def test_inside_refuses_names_that_leave_the_folder(tmp_path: Path) -> None:
    assert inside(tmp_path, "claims.tsv") == tmp_path / "claims.tsv"
    for name in ("", "../x", "/etc/x", "a\x00b"):
        with pytest.raises(OutputError, match="refusing to write"):
            inside(tmp_path, name)
