"""kg.store.views and kg.store.folder: views as TSV and back, and a store folder's marker and locks."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store.folder import MARKER, STORE_FORMAT, FolderLock, hold_for_reading, read_marker, remove_stale_builds
from kg.store.views import read_view, view_bytes


def test_a_view_survives_tabs_newlines_backslashes_and_none(tmp_path: Path) -> None:
    names = ["a", "b"]
    rows = [("x\ty", "line\nbreak"), ("back\\slash", None)]
    data = view_bytes(names, rows)
    assert data.splitlines()[0] == b"a\tb"
    path = tmp_path / "v.tsv"
    path.write_bytes(data)
    assert read_view(path) == (names, [("x\ty", "line\nbreak"), ("back\\slash", "")])


def test_read_marker_refuses_what_is_not_a_complete_store(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        read_marker(tmp_path / "absent")
    with pytest.raises(StoreError, match="is not a mechkg store"):
        read_marker(tmp_path)
    (tmp_path / MARKER).write_text(json.dumps({"store_format": STORE_FORMAT + 1}), encoding="utf-8")
    with pytest.raises(StoreError, match="was built with store format"):
        read_marker(tmp_path)
    (tmp_path / MARKER).write_text(json.dumps({"store_format": STORE_FORMAT}), encoding="utf-8")
    with pytest.raises(StoreError, match="incomplete build"):
        read_marker(tmp_path)
    (tmp_path / MARKER).write_text(json.dumps({"store_format": STORE_FORMAT, "complete": True}), encoding="utf-8")
    assert read_marker(tmp_path)["complete"] is True


def test_a_reader_lock_is_released_and_a_dead_build_swept(tmp_path: Path) -> None:
    store = tmp_path / "store"
    lock = hold_for_reading(store)
    assert (tmp_path / ".store.lock").exists()
    lock.release()
    builder = FolderLock(store)
    builder.acquire(exclusive=True)
    builder.release()
    stale = tmp_path / ".store.building-999999999"
    stale.mkdir()
    assert remove_stale_builds(store) == [stale] and not stale.exists()
