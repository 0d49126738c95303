"""Writing files safely: a set of files all-or-nothing, under one lock per folder, inside its folder.

:func:`atomic_write_many` owns the protocol every writer of mechkg uses (exports, drafts, reports,
diagrams, metadata, synthetic seeds): temporary files, a rename journal, the folder lock
(:mod:`kg.locks`), recovery of a set a killed writer left half-renamed (:func:`recover_exports`),
and :func:`inside`, which keeps a file name a format chose inside its folder.
"""

from __future__ import annotations

import contextlib
import gc
import glob
import json
import os
import pickle
import select
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError
from kg.locks import release, wait_lock

__all__ = [
    "JOURNAL",
    "LOCK_TIMEOUT",
    "PAUSE_ENV",
    "PAUSE_MID_RENAME_ENV",
    "Concurrent",
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


@dataclass(frozen=True)
class Concurrent:
    """How :func:`atomic_write_many` may produce the files of a set at the same time.

    The contents given as functions are produced in forked processes, at most ``workers`` at
    once, each into its own temporary file (bytes are written by this process). ``prepare``, when
    given, runs in this process (taking one of the ``workers`` places) before any file of
    ``needs`` is started, e.g. the sort whose result those files read. The files are the same
    bytes as when written one after the other; the set stays atomic.
    """

    workers: int = 2
    prepare: Callable[[], None] | None = None
    needs: frozenset[Path] = field(default_factory=frozenset)


def _make_temp(path: Path, umask: int) -> Path:
    """A new empty temporary file beside ``path``, with the permissions of an ordinary file."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp creates 0600; exports are ordinary files
    finally:
        os.close(fd)
    return Path(name)


def _write_temp(tmp: Path, data: Content, fd: int | None = None) -> None:
    """Write ``data`` into the temporary file ``tmp`` (or its open descriptor ``fd``) and sync it."""
    with open(tmp if fd is None else fd, "wb", closefd=fd is None) as fh:
        if isinstance(data, bytes):
            fh.write(data)
        else:
            data(fh)
        fh.flush()
        os.fsync(fh.fileno())


def _die_with_parent(parent: int) -> None:
    """In a forked child: be killed when ``parent`` dies (Linux), so a killed build stops writing."""
    with contextlib.suppress(Exception):
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:
        os._exit(1)


def _fork_write(jobs: list[tuple[Path, Content]], fds: Mapping[Path, int]) -> tuple[int, int]:
    """Start a child process writing each (temporary file, content) of ``jobs`` in turn, through
    the descriptors ``fds`` opened here (a file a recovery removed is never made again); return
    its pid and the read end of the pipe that carries its error (closed without one on success)."""
    read, write = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: write the files, report an error through the pipe, never return
        code = 0
        try:
            os.close(read)
            _die_with_parent(parent)
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            for tmp, data in jobs:
                _write_temp(tmp, data, fds[tmp])
        except BaseException as exc:  # reported to the parent, which raises it
            code = 1
            try:
                message = pickle.dumps(exc)
            except Exception:  # an exception that cannot be pickled
                message = pickle.dumps(OutputError(f"cannot write an export: {exc!r}"))
            with contextlib.suppress(OSError):
                os.write(write, message)
        finally:
            os._exit(code)
    os.close(write)
    return pid, read


def _collect(pid: int, read: int) -> BaseException | None:
    """Wait for child ``pid``; its error (None when it wrote its files)."""
    with os.fdopen(read, "rb") as fh:
        message = fh.read()
    _, status = os.waitpid(pid, 0)
    code = os.waitstatus_to_exitcode(status)
    if code == 0:
        return None
    with contextlib.suppress(Exception):
        error = pickle.loads(message)
        if isinstance(error, BaseException):
            return error
    return OutputError(f"a process writing the exports ended with status {code}")


def _write_concurrently(jobs: list[tuple[Path, Content]], plan: Concurrent, finals: Mapping[Path, Path]) -> None:
    """Write every (temporary file, content) of ``jobs`` as ``plan`` says; raise the first error.

    Bytes are written here. While ``plan.prepare`` runs here, one child writes the files that do
    not need it, one after another; then the rest are written by up to ``plan.workers`` children
    at once, in the order given.
    """
    waiting = [(tmp, data) for tmp, data in jobs if not isinstance(data, bytes)]
    for tmp, data in jobs:
        if isinstance(data, bytes):
            _write_temp(tmp, data)
    running: dict[int, int] = {}
    fds: dict[Path, int] = {}
    try:
        for tmp, _ in waiting:
            fds[tmp] = os.open(tmp, os.O_WRONLY | os.O_TRUNC)
        gc.collect()
        gc.freeze()  # the children share the parent's objects instead of copying the pages GC touches
        if plan.prepare is not None:
            early = [job for job in waiting if finals[job[0]] not in plan.needs]
            if early:
                waiting = [job for job in waiting if job not in early]
                pid, read = _fork_write(early, fds)
                running[pid] = read
            plan.prepare()
        while waiting or running:
            while waiting and len(running) < plan.workers:
                pid, read = _fork_write([waiting.pop(0)], fds)
                running[pid] = read
            ready, _, _ = select.select(list(running.values()), [], [])
            pid = next(pid for pid, read in running.items() if read == ready[0])
            error = _collect(pid, running.pop(pid))
            if error is not None:
                raise error
    finally:
        gc.unfreeze()
        for pid, read in running.items():
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGTERM)
            with contextlib.suppress(OSError):
                os.waitpid(pid, 0)
            with contextlib.suppress(OSError):
                os.close(read)
        for fd in fds.values():
            os.close(fd)


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
            tmp = _make_temp(path, umask)
            st.temps.append((tmp, path))
            _write_temp(tmp, data)
        return
    for path in files:
        st.current = path
        st.temps.append((_make_temp(path, umask), path))
    st.current = home
    _write_concurrently([(tmp, files[path]) for tmp, path in st.temps], concurrent, dict(st.temps))


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
