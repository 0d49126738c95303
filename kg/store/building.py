"""A store folder built aside and renamed into place: under the folder's exclusive lock, a sibling
``.<name>.building-<pid>`` is filled, given its views, extra files and marker, and swapped in only
when complete; on any failure or interrupt it is removed and the previous store is left as it was."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Mapping
from pathlib import Path

import pyoxigraph as ox

from kg.errors import StoreError
from kg.store.folder import MARKER, STORE_FORMAT, FolderLock, check_not_open_elsewhere, remove_stale_builds
from kg.store.views import VIEWS, Rows, view_bytes

__all__ = ["build_aside"]


def build_aside(
    path: Path,
    claims: int,
    fill: Callable[[Path], int],
    views: Mapping[str, tuple[list[str], Rows]],
    extra: Callable[[], Mapping[str, bytes]] | None = None,
    before: Callable[[], None] | None = None,
) -> tuple[int, list[Path]]:
    """Fill a sibling of ``path`` (``fill`` returns its triple count), run ``before``, write the
    ``views``, the files of ``extra()`` and the marker (``claims``, the count), rename it into
    place; the count and the stale partial builds swept on the way."""
    if path.exists() and any(path.iterdir()) and not (path / MARKER).exists():
        raise StoreError(f"{path} exists and is not a mechkg store (no {MARKER}); refusing to replace it")
    lock = FolderLock(path)
    lock.acquire(exclusive=True)
    building = path.parent / f".{path.name}.building-{os.getpid()}"
    try:
        check_not_open_elsewhere(path)
        swept = remove_stale_builds(path)
        shutil.rmtree(building, ignore_errors=True)
        count = fill(building)
        if before is not None:
            before()
        _write_beside(building, claims, count, views, extra)
        old = path.parent / f".{path.name}.old-{os.getpid()}"
        if path.exists():
            os.replace(path, old)
        os.replace(building, path)
        shutil.rmtree(old, ignore_errors=True)
        return count, swept
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    finally:
        lock.release()


def _write_beside(
    building: Path,
    claims: int,
    count: int,
    views: Mapping[str, tuple[list[str], Rows]],
    extra: Callable[[], Mapping[str, bytes]] | None,
) -> None:
    """The files a complete store folder holds beside the store: its views, those of ``extra()``,
    the marker last."""
    marker = {
        "store_format": STORE_FORMAT,
        "pyoxigraph": ox.__version__,
        "claims": claims,
        "triples": count,
        "complete": True,
    }
    (building / VIEWS).mkdir()
    for name, (names, rows) in views.items():
        (building / VIEWS / f"{name}.tsv").write_bytes(view_bytes(names, rows))
    for name, data in (extra() if extra is not None else {}).items():
        (building / name).write_bytes(data)
    (building / MARKER).write_text(json.dumps(marker, indent=1) + "\n", encoding="utf-8")
