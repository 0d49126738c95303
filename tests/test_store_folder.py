"""An on-disk store folder (:mod:`kg.store.folder`): the marker read and checked, the lock beside
the folder, partial builds swept."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store.folder import (
    MARKER,
    STORE_FORMAT,
    FolderLock,
    hold_for_building,
    hold_for_reading,
    read_marker,
    remove_stale_builds,
)


def _store(tmp_path: Path, **marker: object) -> Path:
    path = tmp_path / "store"
    path.mkdir()
    (path / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    return path


def test_a_complete_marker_of_this_format_is_read(tmp_path: Path) -> None:
    path = _store(tmp_path, store_format=STORE_FORMAT, complete=True, claims=2)
    assert read_marker(path)["claims"] == 2


@pytest.mark.parametrize(
    ("marker", "message"),
    [
        ({"store_format": STORE_FORMAT + 1, "complete": True}, "store format"),
        ({"store_format": STORE_FORMAT}, "incomplete build"),
    ],
)
def test_a_marker_of_another_format_or_an_incomplete_build_is_refused(
    tmp_path: Path, marker: dict[str, object], message: str
) -> None:
    with pytest.raises(StoreError, match=message):
        read_marker(_store(tmp_path, **marker))


def test_no_folder_no_marker_or_a_broken_marker(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        read_marker(tmp_path / "missing")
    with pytest.raises(StoreError, match="is not a mechkg store"):
        read_marker(tmp_path)
    path = tmp_path / "store"
    path.mkdir()
    (path / MARKER).write_text("{not json", encoding="utf-8")
    with pytest.raises(StoreError, match="unreadable store marker"):
        read_marker(path)


def test_readers_share_the_lock_and_a_builder_needs_it_alone(tmp_path: Path) -> None:
    path = tmp_path / "store"
    first, second = hold_for_reading(path), hold_for_reading(path)
    assert (tmp_path / ".store.lock").is_file()
    with pytest.raises(StoreError, match="another process has it open"):
        hold_for_building(path)
    first.release()
    second.release()
    builder = hold_for_building(path)
    with pytest.raises(StoreError, match="another process is building it"):
        FolderLock(path).acquire(exclusive=False)
    builder.release()
    builder.release()  # a second release does nothing


def test_partial_builds_of_dead_processes_are_swept(tmp_path: Path) -> None:
    path = tmp_path / "store"
    dead = tmp_path / ".store.building-999999999"
    odd = tmp_path / ".store.building-x"
    other = tmp_path / ".other.building-999999999"
    for folder in (dead, odd, other):
        folder.mkdir()
    assert sorted(remove_stale_builds(path)) == sorted([dead, odd])
    assert other.exists() and not dead.exists() and not odd.exists()
