"""Writing files safely: a set of files all-or-nothing, under one lock per folder, inside its folder.

:func:`atomic_write_many` owns the protocol every writer of mechkg uses (exports, drafts, reports,
diagrams, metadata, synthetic seeds): temporary files, a rename journal, the folder lock
(:mod:`kg.locks`), recovery of a set a killed writer left half-renamed (:func:`recover_exports`),
and :func:`inside`, which keeps a file name a format chose inside its folder.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError
from kg.locks import release, wait_lock

__all__ = [
    "JOURNAL",
    "LOCK_TIMEOUT",
    "PAUSE_ENV",
    "PAUSE_MID_RENAME_ENV",
    "Content",
    "atomic_write_many",
    "inside",
    "recover_exports",
]

#: Seconds a writer waits for another process writing into the same folder before giving up.
LOCK_TIMEOUT = float(os.environ.get("MECHKG_LOCK_TIMEOUT", "120"))
#: Fault-injection hook for the tests: when set, atomic_write_many creates this file once every
#: temporary file is written, then waits (so a test can kill the process at that point).
PAUSE_ENV = "MECHKG_TEST_PAUSE_BEFORE_RENAME"
#: Fault-injection hook for the tests: as PAUSE_ENV, but after the first of several renames.
PAUSE_MID_RENAME_ENV = "MECHKG_TEST_PAUSE_MID_RENAME"
#: The rename journal of a set of files: written (atomically) once every temporary file is
#: complete, removed once every rename is done; the next writer completes the renames it lists.
JOURNAL = ".mechkg-exports.journal"


@contextlib.contextmanager
def _folder_locks(folders: Iterable[Path], timeout: float) -> Iterator[None]:
    """Hold an exclusive flock on each folder (in a fixed order); wait up to ``timeout`` seconds."""
    fds: list[int] = []
    try:
        for folder in sorted(set(folders)):
            fd = wait_lock(folder, timeout, directory=True)
            if fd is None:
                raise OutputError(
                    f"{folder} is being written by another mechkg process; "
                    f"gave up after {timeout:g} s (try again when it has finished)"
                )
            fds.append(fd)
        yield
    finally:
        for fd in fds:
            release(fd)


def _remove_stale_temps(path: Path) -> None:
    """Delete temporary files a killed writer left for ``path`` (called with the folder locked)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replay_journal(folder: Path) -> list[Path]:
    """Complete the renames an interrupted writer journalled in ``folder``; return the files renamed.

    Called with the folder locked. Every temporary file a journal lists was complete and synced
    before the journal was written, so the interrupted set is completed (never left mixed).
    """
    journal = folder / JOURNAL
    if not journal.exists():
        return []
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        pairs = [(folder / str(tmp), folder / str(final)) for tmp, final in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{journal}: unreadable rename journal ({exc}); remove it and build again") from None
    done = []
    for tmp, final in pairs:
        if tmp.exists():
            os.replace(tmp, final)
            done.append(final)
    for parent in {final.parent for _, final in pairs}:
        _fsync_dir(parent)
    journal.unlink()
    _fsync_dir(folder)
    return done


def _known_names(folder: Path, files: Iterable[Path], others: Iterable[str]) -> set[Path]:
    """The files whose stale temporaries a writer into ``folder`` removes: its own, the journal and
    ``others`` (the names of the set it belongs to, e.g. every export's)."""
    return {*files, folder / JOURNAL, *(folder / name for name in others)}


def recover_exports(folder: Path, others: Iterable[str] = ()) -> list[Path]:
    """Finish a set a killed writer left half-renamed in ``folder``, and remove the temporaries of
    the files the journal names and of ``others`` (the names of the set, e.g. every export's).

    Every writer does this first (with the folder locked); this function does it alone, e.g.
    before reading a folder that may have been written by a killed process.
    """
    if not folder.is_dir():
        return []
    try:
        with _folder_locks([folder], LOCK_TIMEOUT):
            done = _replay_journal(folder)
            for path in _known_names(folder, (), others):
                _remove_stale_temps(path)
            return done
    except OSError as exc:
        raise OutputError(f"cannot recover {folder}: {exc.strerror or exc}") from exc


#: A file's content: its bytes, or a function that streams them into the open file.
Content = bytes | Callable[[BinaryIO], None]


def _pause(variable: str) -> None:
    if os.environ.get(variable):
        Path(os.environ[variable]).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(3600)


def atomic_write_many(files: Mapping[Path, Content], others: Iterable[str] = ()) -> None:
    """Write a set of files atomically: all temporary files first, renamed only when all were written.

    A content given as a function is called with the open temporary file, so a large export can
    be streamed instead of held in memory.

    Writers into the same folder take turns (an exclusive ``flock`` on the folder). Each writer
    first completes a set a killed writer left half-renamed (the rename journal, :data:`JOURNAL`,
    in the folder the files share) and removes the temporary files killed writers left. A set of
    several files is renamed under a journal: after a kill at any point the folder holds the
    complete previous set or, once the next writer (or :func:`recover_exports`) has run, the
    complete new one. A write that fails (full disk, read-only or missing folder, an error while
    producing a file) removes its temporary files, leaves the previous files as they were and
    raises OutputError (or the producer's error).
    """
    temps: list[tuple[Path, Path]] = []
    journalled = False
    umask = os.umask(0)
    os.umask(umask)
    current: Path | None = None
    if not files:
        return
    try:
        for path in files:
            current = path.parent
            path.parent.mkdir(parents=True, exist_ok=True)
        home = Path(os.path.commonpath([str(p.parent) for p in files]))
        with _folder_locks({*(p.parent for p in files), home}, LOCK_TIMEOUT):
            current = home / JOURNAL
            _replay_journal(home)
            for path in _known_names(home, files, others):
                current = path
                _remove_stale_temps(path)
            for path, data in files.items():
                current = path
                fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                tmp = Path(name)
                temps.append((tmp, path))
                os.fchmod(fd, 0o666 & ~umask)  # mkstemp creates 0600; exports are ordinary files
                with os.fdopen(fd, "wb") as fh:
                    if isinstance(data, bytes):
                        fh.write(data)
                    else:
                        data(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
            _pause(PAUSE_ENV)
            journal = home / JOURNAL
            if len(temps) > 1:
                current = journal
                entries = [[os.path.relpath(t, home), os.path.relpath(p, home)] for t, p in temps]
                fd, name = tempfile.mkstemp(prefix=f".{JOURNAL}.", suffix=".tmp", dir=home)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"renames": entries}, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(name, journal)
                _fsync_dir(home)
                journalled = True
            for i, (tmp, path) in enumerate(temps):
                current = path
                os.replace(tmp, path)
                if i == 0 and len(temps) > 1:
                    _pause(PAUSE_MID_RENAME_ENV)
            temps.clear()
            for parent in {p.parent for p in files}:
                _fsync_dir(parent)
            if journal.exists():
                journal.unlink()
                _fsync_dir(home)
    except OSError as exc:
        if journalled and temps:
            raise OutputError(
                f"cannot rename {current}: {exc.strerror or exc}; the new files wait beside it and the next "
                f"export into {current.parent if current else 'the folder'} completes the set"
            ) from exc
        raise OutputError(f"cannot write {current or exc.filename or 'output'}: {exc.strerror or exc}") from exc
    finally:
        if not journalled:  # after the journal the renames are completed by the next writer
            for tmp, _ in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


def inside(folder: Path, name: str) -> Path:
    """``folder / name`` for a file name a format chose, refusing any name that leaves the folder."""
    relative = Path(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\x00" in name:
        raise OutputError(f"refusing to write {name!r}: an export file name must stay inside {folder}")
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise OutputError(f"refusing to write {name!r}: it resolves outside {folder}")
    return path
