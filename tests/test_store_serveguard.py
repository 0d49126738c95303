"""``kg serve``'s guards (:mod:`kg.store.serveguard`): a port in use, server logs on one line,
temporary stores locked while in use and swept when their server is gone."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from kg.errors import ServeError
from kg.store.serveguard import OWNER_LOCK, TEMP_PREFIX, TemporaryStore, check_port, first_line, sweep_stale


def test_first_line_drops_the_backtrace_and_joins_lines() -> None:
    log = "Error: address in use\n  while binding\nStack backtrace:\n  0: main\n"
    assert first_line(log) == "Error: address in use while binding"


def test_a_port_in_use_is_named() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError, match=str(port)):
            check_port("127.0.0.1", port)


def test_a_temporary_store_is_locked_while_in_use_and_removed_after(tmp_path: Path) -> None:
    with TemporaryStore(tmp_path) as folder:
        assert folder.name.startswith(TEMP_PREFIX) and (folder / OWNER_LOCK).is_file()
        assert sweep_stale(tmp_path) == []  # its server (this process) holds the lock
    assert not folder.exists()


def test_only_folders_whose_owner_is_gone_are_swept(tmp_path: Path) -> None:
    gone = tmp_path / f"{TEMP_PREFIX}gone"
    gone.mkdir()
    (gone / OWNER_LOCK).touch()
    new = tmp_path / f"{TEMP_PREFIX}new"  # no owner lock yet: being created, left alone
    new.mkdir()
    with TemporaryStore(tmp_path) as folder:
        assert folder.exists()
    assert not gone.exists() and new.exists()
