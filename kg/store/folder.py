"""An on-disk store folder: its marker (the store format), the advisory lock beside it (shared to
read, exclusive to build), RocksDB's own lock, and partial builds left by interrupted runs."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.locks import release, try_lock

__all__ = [
    "DEFAULT_STORE",
    "MARKER",
    "STORE_FORMAT",
    "FolderLock",
    "check_not_open_elsewhere",
    "hold_for_building",
    "hold_for_reading",
    "read_marker",
    "remove_stale_builds",
]

#: Version of the on-disk layout (RDF model + marker); a store with another value is refused.
STORE_FORMAT = 1


#: Marker file written into every store folder mechkg builds.
MARKER = "mechkg-store.json"


#: Default on-disk store folder for ``kg build --store`` without a value (gitignored).
DEFAULT_STORE = Path(".mechkg") / "store"


def read_marker(path: Path) -> dict[str, Any]:
    """The marker of a store folder; StoreError when absent, unreadable or of another format."""
    marker = path / MARKER
    if not path.is_dir():
        raise StoreError(f"no store at {path} (build one with: kg build --store {path})")
    try:
        info = json.loads(marker.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise StoreError(
            f"{path} is not a mechkg store (no {MARKER}); choose another folder or rebuild it with "
            f"kg build --store {path}"
        ) from None
    except (OSError, ValueError) as exc:
        raise StoreError(f"{marker}: unreadable store marker ({exc})") from exc
    found = info.get("store_format") if isinstance(info, dict) else None
    if found != STORE_FORMAT:
        raise StoreError(
            f"{path} was built with store format {found!r} (pyoxigraph {info.get('pyoxigraph', '?')}); "
            f"this mechkg reads format {STORE_FORMAT} (pyoxigraph {ox.__version__}): rebuild it with "
            f"kg build --store {path}"
        )
    if not info.get("complete"):
        raise StoreError(f"{path} holds an incomplete build; rebuild it with kg build --store {path}")
    return info


class FolderLock:
    """An advisory lock on a sibling file ``.<name>.lock``: shared to read, exclusive to build."""

    def __init__(self, path: Path) -> None:
        self.store = path
        self.file = path.parent / f".{path.name}.lock"
        self._fd: int | None = None

    def acquire(self, exclusive: bool) -> None:
        """Take the lock (shared or exclusive) without waiting; StoreError when another process holds it."""
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd = try_lock(self.file, exclusive=exclusive)
        if fd is None:
            doing = "has it open (reading or building)" if exclusive else "is building it"
            raise StoreError(f"store {self.store} is locked: another process {doing}; try again when it has finished")
        self._fd = fd

    def release(self) -> None:
        """Release the lock if held."""
        if self._fd is not None:
            release(self._fd)
            self._fd = None


def hold_for_building(path: Path) -> FolderLock:
    """Take the exclusive lock of store ``path`` (StoreError when another process holds it); release() it after."""
    lock = FolderLock(path)
    lock.acquire(exclusive=True)
    return lock


def hold_for_reading(path: Path) -> FolderLock:
    """Take the shared lock of store ``path`` for a long-lived reader (a server); release() it after.

    While it is held, a build into ``path`` fails with StoreError instead of replacing the folder
    under the reader.
    """
    lock = FolderLock(path)
    lock.acquire(exclusive=False)
    return lock


def check_not_open_elsewhere(path: Path) -> None:
    """StoreError when another process holds the RocksDB lock of ``path`` (e.g. a server)."""
    if not (path / "LOCK").exists():
        return
    try:
        probe = ox.Store(str(path))
    except OSError as exc:
        if "lock" in str(exc).lower():
            raise StoreError(f"store {path} is locked by another process (RocksDB: {exc})") from None
        raise StoreError(f"store {path} cannot be opened: {exc}") from exc
    del probe


def remove_stale_builds(path: Path) -> list[Path]:
    """Delete partial builds left by interrupted runs whose process is gone; return them."""
    removed = []
    for tmp in path.parent.glob(f".{path.name}.building-*"):
        pid = tmp.name.rsplit("-", 1)[-1]
        alive = pid.isdigit() and Path(f"/proc/{pid}").exists() and int(pid) != os.getpid()
        if not alive:
            shutil.rmtree(tmp, ignore_errors=True)
            removed.append(tmp)
    return removed
