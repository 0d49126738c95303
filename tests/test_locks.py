"""The one advisory lock: exclusive and shared, on folders and lock files, released on close."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from kg.locks import release, try_lock, wait_lock


def test_an_exclusive_lock_keeps_others_out_until_released(tmp_path: Path) -> None:
    lock = tmp_path / ".x.lock"
    fd = try_lock(lock)
    assert fd is not None
    assert try_lock(lock) is None and try_lock(lock, exclusive=False) is None
    assert wait_lock(lock, 0.2) is None  # gives up after the timeout
    release(fd)
    again = try_lock(lock)
    assert again is not None
    release(again)


def test_shared_locks_admit_each_other_but_not_a_writer(tmp_path: Path) -> None:
    lock = tmp_path / ".x.lock"
    a, b = try_lock(lock, exclusive=False), try_lock(lock, exclusive=False)
    assert a is not None and b is not None
    assert try_lock(lock) is None
    release(a)
    release(b)


def test_a_folder_locked_by_another_process_is_refused_and_freed_when_it_dies(tmp_path: Path) -> None:
    script = (
        "import sys, time, pathlib\n"
        "from kg.locks import try_lock\n"
        "fd = try_lock(pathlib.Path(sys.argv[1]), directory=True)\n"
        "print(fd is not None, flush=True)\n"
        "time.sleep(60)\n"
    )
    holder = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "True"
        assert try_lock(tmp_path, directory=True) is None
    finally:
        holder.kill()
        holder.communicate()  # reaps it and closes its pipe
    fd = wait_lock(tmp_path, 5, directory=True)  # the kernel released it with the process
    assert fd is not None
    release(fd)
