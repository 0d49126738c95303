"""The one advisory lock of mechkg: ``flock`` on a folder or a lock file.

Export folders, on-disk stores and the temporary stores of ``kg serve`` are all guarded by it;
callers word their own messages. Closing the descriptor releases the lock, so a killed process
never leaves one behind.
"""

from __future__ import annotations

import fcntl
import os
import time
from pathlib import Path

__all__ = ["release", "try_lock", "wait_lock"]


def try_lock(path: Path, *, exclusive: bool = True, directory: bool = False, mode: int = 0o644) -> int | None:
    """Take the lock of ``path`` without waiting: its descriptor, or None when another holds it.

    A ``directory`` is locked as itself; any other path is a lock file, created when missing.
    """
    fd = os.open(path, os.O_RDONLY | os.O_DIRECTORY) if directory else os.open(path, os.O_RDWR | os.O_CREAT, mode)
    try:
        fcntl.flock(fd, (fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
    except BlockingIOError:
        os.close(fd)
        return None
    return fd


def wait_lock(path: Path, timeout: float, *, directory: bool = False) -> int | None:
    """Take the exclusive lock of ``path``, waiting up to ``timeout`` seconds; None if it stays held."""
    deadline = time.monotonic() + timeout
    while True:
        fd = try_lock(path, directory=directory)
        if fd is not None or time.monotonic() >= deadline:
            return fd
        time.sleep(0.05)


def release(fd: int) -> None:
    """Give the lock back (closing its descriptor)."""
    os.close(fd)
