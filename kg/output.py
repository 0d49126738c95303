"""Writing files safely: a set of files all-or-nothing, under one lock per folder, inside its folder.

:func:`atomic_write_many` owns the protocol every writer of mechkg uses (exports, drafts, reports,
diagrams, metadata, synthetic seeds): temporary files (made and written by :mod:`kg.tempfiles`),
a rename journal, the folder lock (:mod:`kg.locks`), recovery of a set a killed writer left
half-renamed (:func:`recover_exports`), and :func:`inside`, which keeps a file name a format chose
inside its folder.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import OutputError
from kg.locks import release, wait_lock
from kg.tempfiles import Concurrent, Content, make_temp, write_concurrently, write_temp

__all__ = [
    "JOURNAL",
    "LOCK_TIMEOUT",
    "PAUSE_ENV",
    "PAUSE_MID_RENAME_ENV",
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


def _pause(variable: str) -> None:
    if os.environ.get(variable):
        Path(os.environ[variable]).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(3600)


def atomic_write_many(
    files: Mapping[Path, Content], others: Iterable[str] = (), concurrent: Concurrent | None = None
) -> None:
    """Write a set of files atomically: all temporary files first, renamed only when all were written.

    A content given as a function is called with the open temporary file, so a large export can
    be streamed instead of held in memory. With ``concurrent``, those functions run in forked
    processes at the same time (:class:`Concurrent`); the files are the same.

    Writers into the same folder take turns (an exclusive ``flock`` on the folder). Each writer
    first completes a set a killed writer left half-renamed (the rename journal, :data:`JOURNAL`,
    in the folder the files share) and removes the temporary files killed writers left. A set of
    several files is renamed under a journal: after a kill at any point the folder holds the
    complete previous set or, once the next writer (or :func:`recover_exports`) has run, the
    complete new one. A write that fails (full disk, read-only or missing folder, an error while
    producing a file) removes its temporary files, leaves the previous files as they were and
    raises OutputError (or the producer's error).
    """
    umask = os.umask(0)
    os.umask(umask)
    if not files:
        return
    st = _Progress()
    try:
        for path in files:
            st.current = path.parent
            path.parent.mkdir(parents=True, exist_ok=True)
        home = Path(os.path.commonpath([str(p.parent) for p in files]))
        with _folder_locks({*(p.parent for p in files), home}, LOCK_TIMEOUT):
            st.current = home / JOURNAL
            _replay_journal(home)
            for path in _known_names(home, files, others):
                st.current = path
                _remove_stale_temps(path)
            _write_temps(files, concurrent, home, umask, st)
            _pause(PAUSE_ENV)
            if len(st.temps) > 1:
                _write_journal(home, st)
            _rename_all(files, home, st)
    except OSError as exc:
        current = st.current
        if st.journalled and st.temps:
            raise OutputError(
                f"cannot rename {current}: {exc.strerror or exc}; the new files wait beside it and the next "
                f"export into {current.parent if current else 'the folder'} completes the set"
            ) from exc
        raise OutputError(f"cannot write {current or exc.filename or 'output'}: {exc.strerror or exc}") from exc
    finally:
        if not st.journalled:  # after the journal the renames are completed by the next writer
            for tmp, _ in st.temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


@dataclass
class _Progress:
    """Where a set write stands: the path an error names, the (temporary, final) pairs not yet
    renamed, and whether the rename journal is written."""

    current: Path | None = None
    temps: list[tuple[Path, Path]] = field(default_factory=list)
    journalled: bool = False


def _write_temps(
    files: Mapping[Path, Content], concurrent: Concurrent | None, home: Path, umask: int, st: _Progress
) -> None:
    """Write every file's temporary file beside it, one after another or in forked processes."""
    if concurrent is None or concurrent.workers < 2 or not hasattr(os, "fork"):
        for path, data in files.items():
            st.current = path
            tmp = make_temp(path, umask)
            st.temps.append((tmp, path))
            write_temp(tmp, data)
        return
    for path in files:
        st.current = path
        st.temps.append((make_temp(path, umask), path))
    st.current = home
    write_concurrently([(tmp, files[path]) for tmp, path in st.temps], concurrent, dict(st.temps))


def _write_journal(home: Path, st: _Progress) -> None:
    """Write the rename journal of a set (relative temporary and final names), durably, into ``home``."""
    journal = home / JOURNAL
    st.current = journal
    entries = [[os.path.relpath(t, home), os.path.relpath(p, home)] for t, p in st.temps]
    fd, name = tempfile.mkstemp(prefix=f".{JOURNAL}.", suffix=".tmp", dir=home)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"renames": entries}, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(name, journal)
    _fsync_dir(home)
    st.journalled = True


def _rename_all(files: Mapping[Path, Content], home: Path, st: _Progress) -> None:
    """Rename every temporary file onto its final name, then sync the folders and drop the journal."""
    temps = st.temps
    for i, (tmp, path) in enumerate(temps):
        st.current = path
        os.replace(tmp, path)
        if i == 0 and len(temps) > 1:
            _pause(PAUSE_MID_RENAME_ENV)
    temps.clear()
    for parent in {p.parent for p in files}:
        _fsync_dir(parent)
    journal = home / JOURNAL
    if journal.exists():
        journal.unlink()
        _fsync_dir(home)


def inside(folder: Path, name: str) -> Path:
    """``folder / name`` for a file name a format chose, refusing any name that leaves the folder."""
    relative = Path(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\x00" in name:
        raise OutputError(f"refusing to write {name!r}: an export file name must stay inside {folder}")
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise OutputError(f"refusing to write {name!r}: it resolves outside {folder}")
    return path
