"""Temporary files beside their final names, for :func:`kg.output.atomic_write_many`: made with an
ordinary file's permissions, written and synced in this process, or produced at the same time in
forked processes (:class:`Concurrent`) whose errors come back to this one."""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import select
import signal
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError

__all__ = [
    "Concurrent",
    "Content",
    "make_temp",
    "write_concurrently",
    "write_temp",
]

#: A file's content: its bytes, or a function that streams them into the open file.
Content = bytes | Callable[[BinaryIO], None]


@dataclass(frozen=True)
class Concurrent:
    """How :func:`kg.output.atomic_write_many` may produce the files of a set at the same time.

    The contents given as functions are produced in forked processes, at most ``workers`` at
    once, each into its own temporary file (bytes are written by this process). ``prepare``, when
    given, runs in this process (taking one of the ``workers`` places) before any file of
    ``needs`` is started, e.g. the sort whose result those files read. The files are the same
    bytes as when written one after the other; the set stays atomic.
    """

    workers: int = 2
    prepare: Callable[[], None] | None = None
    needs: frozenset[Path] = field(default_factory=frozenset)


def make_temp(path: Path, umask: int) -> Path:
    """A new empty temporary file beside ``path``, with the permissions of an ordinary file."""
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~umask)  # mkstemp creates 0600; exports are ordinary files
    finally:
        os.close(fd)
    return Path(name)


def write_temp(tmp: Path, data: Content, fd: int | None = None) -> None:
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
                write_temp(tmp, data, fds[tmp])
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


def write_concurrently(jobs: list[tuple[Path, Content]], plan: Concurrent, finals: Mapping[Path, Path]) -> None:
    """Write every (temporary file, content) of ``jobs`` as ``plan`` says; raise the first error.

    Bytes are written here. While ``plan.prepare`` runs here, one child writes the files that do
    not need it, one after another; then the rest are written by up to ``plan.workers`` children
    at once, in the order given.
    """
    waiting = [(tmp, data) for tmp, data in jobs if not isinstance(data, bytes)]
    for tmp, data in jobs:
        if isinstance(data, bytes):
            write_temp(tmp, data)
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
