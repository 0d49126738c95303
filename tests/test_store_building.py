"""A store folder built aside and renamed into place: what it holds, what a failure leaves."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import StoreError
from kg.store.building import build_aside
from kg.store.folder import MARKER, STORE_FORMAT, read_marker

VIEWS = {"demo": (["a", "b"], [("1", None)])}


def _fill(building: Path) -> int:
    building.mkdir()
    (building / "data").write_text("new", encoding="utf-8")
    return 7


def test_a_complete_folder_takes_the_place_of_the_old(tmp_path: Path) -> None:
    store = tmp_path / "store"
    stale = tmp_path / ".store.building-999999999"
    stale.mkdir()
    count, swept = build_aside(store, 3, _fill, VIEWS, extra=lambda: {"extra.json": b"{}"})
    assert (count, swept) == (7, [stale]) and not stale.exists()
    assert (store / "data").read_text(encoding="utf-8") == "new"
    assert (store / "extra.json").read_bytes() == b"{}"
    assert (store / "views" / "demo.tsv").is_file()
    marker = read_marker(store)
    assert (marker["store_format"], marker["claims"], marker["triples"]) == (STORE_FORMAT, 3, 7)
    assert sorted(p.name for p in tmp_path.iterdir()) == [".store.lock", "store"]


def test_a_failure_before_the_rename_leaves_the_previous_store(tmp_path: Path) -> None:
    store = tmp_path / "store"
    build_aside(store, 1, _fill, VIEWS)
    before = (store / MARKER).read_bytes()

    def refuse() -> None:
        raise RuntimeError("stop")

    with pytest.raises(RuntimeError, match="stop"):
        build_aside(store, 2, _fill, VIEWS, before=refuse)
    assert (store / MARKER).read_bytes() == before
    assert json.loads(before)["claims"] == 1
    assert not list(tmp_path.glob(".store.building-*"))


def test_a_folder_that_is_not_a_store_is_not_replaced(tmp_path: Path) -> None:
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "notes.txt").write_text("keep", encoding="utf-8")
    with pytest.raises(StoreError, match="not a mechkg store"):
        build_aside(folder, 1, _fill, VIEWS)
    assert (folder / "notes.txt").read_text(encoding="utf-8") == "keep"
