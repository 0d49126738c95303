"""Guards for ``kg serve``: a free port, a child that dies with its parent, no stale temporary stores.

- :func:`check_port` refuses a port something already listens on, naming it, before the
  Oxigraph server is started (which would otherwise exit with a bare status 1).
- :func:`die_with_parent` is a ``preexec_fn`` that asks Linux to kill the child (SIGKILL) when
  the process that started it dies, even by ``kill -9``; elsewhere it does nothing.
- :class:`TemporaryStore` is the temporary folder of a store built from the seeds. It holds an
  exclusive lock on ``.owner.lock`` inside it for as long as the server runs; the kernel drops
  that lock when the process dies, however it dies, so :func:`sweep_stale` (run at every start)
  can tell the folders of dead servers from those of live ones and remove them.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import os
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from kg.errors import ServeError
from kg.locks import try_lock

__all__ = [
    "OWNER_LOCK",
    "TEMP_PREFIX",
    "TemporaryStore",
    "check_port",
    "die_with_parent",
    "first_line",
    "sweep_stale",
]

#: Name prefix of the temporary folders ``kg serve`` builds a store in.
TEMP_PREFIX = "mechkg-serve-"
#: The file inside a temporary folder whose exclusive lock says its server is alive.
OWNER_LOCK = ".owner.lock"

_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def check_port(host: str, port: int) -> None:
    """ServeError naming the port when ``host:port`` cannot be listened on (in use, not allowed, …).

    A port in use on any address ``host`` resolves to is refused; other errors (an IPv6
    ``localhost`` on a machine without IPv6) only when no address can be bound at all.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as exc:
        raise ServeError(f"cannot listen on {host}:{port}: the address cannot be resolved ({exc})") from None
    reasons = []
    for family, kind, proto, _, address in infos:
        with socket.socket(family, kind, proto) as sock:
            # as Oxigraph (Rust's TcpListener) does: a port in TIME_WAIT is free, a listening one is not
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                sock.bind(address)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE:
                    raise ServeError(
                        f"port {port} on {host} is already in use by another program; "
                        f"stop it or choose another port with --port"
                    ) from None
                reasons.append(exc.strerror or str(exc))
    if reasons and len(reasons) == len(infos):
        raise ServeError(f"cannot listen on {host}:{port}: {reasons[0]}")


def _set_parent_death_signal(prctl: Callable[..., int], parent: int) -> None:
    """In the child, before exec: SIGKILL when the parent dies; exit now if it already has."""
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def die_with_parent() -> Callable[[], None] | None:
    """A ``preexec_fn`` making the child die with this process (Linux), else None.

    The signal is sent when the thread that started the child ends, so start servers from a
    thread that lives as long as they should (the main thread of ``kg serve``).
    """
    if not sys.platform.startswith("linux"):
        return None
    try:
        prctl = ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
        return None
    parent = os.getpid()
    return lambda: _set_parent_death_signal(prctl, parent)


def first_line(log: str) -> str:
    """The message of a server log without a Rust backtrace, on one line."""
    text = log.split("Stack backtrace:", 1)[0]
    return " ".join(text.split())


def _lock(path: Path) -> int | None:
    """An exclusive non-blocking lock on ``path`` (created if missing): its fd, or None if held."""
    return try_lock(path, mode=0o600)


def sweep_stale(root: Path | None = None) -> list[Path]:
    """Remove the temporary stores of servers that are gone; return the folders removed.

    A folder counts as stale only when it holds :data:`OWNER_LOCK` and nobody holds its lock;
    folders without it (being created right now, or made by something else) are left alone.
    """
    base = Path(root) if root is not None else Path(tempfile.gettempdir())
    removed = []
    for folder in sorted(base.glob(f"{TEMP_PREFIX}*")):
        owner = folder / OWNER_LOCK
        if not folder.is_dir() or folder.is_symlink() or not owner.is_file():
            continue
        try:
            fd = _lock(owner)
        except OSError:
            continue
        if fd is None:
            continue  # a live server holds it
        try:
            shutil.rmtree(folder, ignore_errors=True)
        finally:
            os.close(fd)
        if not folder.exists():
            removed.append(folder)
    return removed


class TemporaryStore:
    """A temporary folder for a served store, locked while in use and removed on exit.

    Entering sweeps the folders of dead servers first (:attr:`swept` lists them). If the
    process is killed so that exit never runs, the next start removes the folder.
    """

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.path: Path | None = None
        self.swept: list[Path] = []
        self._fd: int | None = None

    def __enter__(self) -> Path:
        self.swept = sweep_stale(self.root)
        self.path = Path(tempfile.mkdtemp(prefix=TEMP_PREFIX, dir=self.root))
        fd = _lock(self.path / OWNER_LOCK)
        if fd is None:  # pragma: no cover - a fresh folder nobody else knows
            raise ServeError(f"{self.path}: temporary folder locked by another process")
        self._fd = fd
        return self.path

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None, trace: TracebackType | None
    ) -> None:
        if self.path is not None:
            shutil.rmtree(self.path, ignore_errors=True)
        if self._fd is not None:
            with contextlib.suppress(OSError):
                os.close(self._fd)
            self._fd = None
