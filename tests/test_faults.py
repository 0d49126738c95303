"""Faults: killed writers, full disks, read-only folders and concurrent builds.

Every scenario checks what a user would find afterwards: the previous exports byte-identical
(or, for a kill during the final renames, each file whole: either its old or its new version),
no temporary file that trips a later run, a clear one-line error with exit status 1.

Where the container allows it (root with ``mount``), the full disk is a real tiny tmpfs and the
read-only folder a real read-only bind mount (root ignores permission bits); the same scenarios
also run everywhere with the failing system call simulated through monkeypatching.
"""

from __future__ import annotations

import errno
import fcntl
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import output as output_module
from kg.cli import main
from kg.formats.registry import EXPORTERS
from kg.output import JOURNAL, PAUSE_ENV

SNAPSHOT = dict[str, bytes]


def _snapshot(folder: Path) -> SNAPSHOT:
    """The exports in a folder (temporary files and the rename journal of a killed writer not included)."""
    return {
        p.name: p.read_bytes()
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".tmp") and p.name != JOURNAL
    }


def _temps(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MECHKG_")}
    return {**env, **extra}


def _build_cmd(project: Path, out: Path, *more: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "kg",
        "build",
        "--quiet",
        "--seeds",
        str(project / "seeds"),
        "--ontology",
        str(project / "ontology"),
        "--documents",
        str(project / "docs"),
        "--out",
        str(out),
        *more,
    ]


def _run(project: Path, out: Path, *more: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        _build_cmd(project, out, *more), cwd=project, env=_env(**env), capture_output=True, text=True, timeout=300
    )


def _change_input(project: Path) -> None:
    """Edit an entity label so the next build writes different bytes."""
    path = project / "ontology" / "entities" / "test.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("label: BDNF,", "label: BDNF protein,"), "utf-8")


def _start_paused(project: Path, out: Path, marker: Path, *more: str) -> subprocess.Popen[str]:
    """Start a build that stops once its temporary files are written (the test hook)."""
    proc = subprocess.Popen(
        _build_cmd(project, out, *more),
        cwd=project,
        env=_env(**{PAUSE_ENV: str(marker)}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"build ended before the pause point: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("build never reached the pause point")
        time.sleep(0.05)
    return proc


def _kill(proc: subprocess.Popen[str]) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=60)
    assert proc.returncode == -signal.SIGKILL


@pytest.fixture
def built(project: Path) -> tuple[Path, SNAPSHOT, SNAPSHOT]:
    """The project built once (old exports in ``out``) and the exports its changed input gives."""
    out = project / "out"
    assert _run(project, out).returncode == 0
    old = _snapshot(out)
    _change_input(project)
    fresh = project / "fresh"
    assert _run(project, fresh).returncode == 0
    new = _snapshot(fresh)
    assert set(old) == set(new) == {name for name, _ in EXPORTERS.values()}
    assert old != new
    return out, old, new


# --- a writer killed part-way --------------------------------------------------------------


def test_build_killed_after_writing_temp_files_leaves_previous_exports(
    project: Path, built: tuple[Path, SNAPSHOT, SNAPSHOT]
) -> None:
    out, old, new = built
    proc = _start_paused(project, out, project / "paused")
    assert len(_temps(out)) == len(EXPORTERS)  # every new file was written, none renamed yet
    _kill(proc)
    assert _snapshot(out) == old  # previous exports intact and byte-identical
    assert _temps(out)  # the killed writer's temporary files are still there ...
    result = _run(project, out)
    assert result.returncode == 0, result.stderr
    assert _snapshot(out) == new  # ... and the next build is not disturbed by them
    assert _temps(out) == []  # it removed them


def test_build_killed_at_random_points_never_leaves_a_torn_file(
    project: Path, built: tuple[Path, SNAPSHOT, SNAPSHOT]
) -> None:
    out, old, new = built
    start = time.monotonic()
    assert _run(project, project / "timing").returncode == 0
    duration = time.monotonic() - start
    rng = random.Random(7)
    for _ in range(4):
        before = _snapshot(out)
        proc = subprocess.Popen(
            _build_cmd(project, out), cwd=project, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        time.sleep(rng.uniform(0.3, 1.0) * duration)
        proc.kill()
        proc.communicate(timeout=60)
        after = _snapshot(out)
        assert set(after) == set(before)
        for name, data in after.items():
            assert data in (old[name], new[name]), f"{name} is neither the old nor the new version"
    assert _run(project, out).returncode == 0
    assert _snapshot(out) == new
    assert _temps(out) == []


# --- full disk and read-only folder --------------------------------------------------------


def _mount(*args: str) -> bool:
    if os.geteuid() != 0 or not shutil.which("mount"):
        return False
    return subprocess.run(["mount", *args], capture_output=True).returncode == 0


@pytest.fixture
def tiny_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MiB tmpfs (skipped when this machine cannot mount)."""
    where = tmp_path / "tiny"
    where.mkdir()
    if not _mount("-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)):
        pytest.skip("cannot mount a tmpfs here (needs root and mount); the simulated test covers it")
    yield where
    subprocess.run(["umount", str(where)], check=True)


@pytest.fixture
def read_only(tmp_path: Path) -> Iterator[Path]:
    """A real read-only bind mount holding an exports folder (skipped when mount is unavailable)."""
    where = tmp_path / "ro"
    where.mkdir()
    if not _mount("--bind", str(where), str(where)):
        pytest.skip("cannot bind-mount here (needs root and mount); the simulated test covers it")
    try:
        yield where
    finally:
        subprocess.run(["umount", str(where)], check=True)


def _cli_build(project: Path, out: Path) -> object:
    return CliRunner().invoke(
        main,
        [
            *("build", "--quiet", "--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")),
            *("--documents", str(project / "docs"), "--out", str(out)),
        ],
    )


def test_full_disk_real_tmpfs_gives_clear_error_and_keeps_previous_exports(
    project: Path, tiny_disk: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    out = tiny_disk / "exports"
    first = _cli_build(project, out)
    assert first.exit_code == 0, first.output  # type: ignore[attr-defined]
    old = _snapshot(out)
    filler = tiny_disk / "filler"  # leave less room than a second copy of the exports needs
    free = shutil.disk_usage(tiny_disk).free
    filler.write_bytes(b"x" * max(0, free - sum(map(len, old.values())) // 2))
    _change_input(project)
    result = _cli_build(project, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "No space left on device" in result.output  # type: ignore[attr-defined]
    assert result.output.startswith("Error: cannot write ")  # type: ignore[attr-defined]
    assert _snapshot(out) == old
    assert _temps(out) == []


def test_full_disk_simulated_gives_clear_error_and_keeps_previous_exports(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    out = project / "exports"
    assert _cli_build(project, out).exit_code == 0  # type: ignore[attr-defined]
    old = _snapshot(out)
    calls = []

    def no_space(fd: int) -> None:  # the kernel reports a full disk at fsync at the latest
        calls.append(fd)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(output_module.os, "fsync", no_space)
    _change_input(project)
    result = _cli_build(project, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Error: cannot write " in result.output and "No space left on device" in result.output  # type: ignore[attr-defined]
    assert _snapshot(out) == old
    assert _temps(out) == []


def test_read_only_folder_real_mount_gives_clear_error(
    project: Path, read_only: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    out = read_only / "exports"
    assert _cli_build(project, out).exit_code == 0  # type: ignore[attr-defined]
    old = _snapshot(out)
    assert _mount("-o", "remount,ro,bind", str(read_only))
    _change_input(project)
    result = _cli_build(project, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    assert "Read-only file system" in result.output  # type: ignore[attr-defined]
    assert result.output.count("\n") == 1  # one line, no traceback  # type: ignore[attr-defined]
    assert _snapshot(out) == old
    # a folder that does not exist yet on the read-only disk
    result = _cli_build(project, read_only / "new" / "exports")
    assert result.exit_code == 1 and "Read-only file system" in result.output  # type: ignore[attr-defined]


def test_read_only_folder_simulated_gives_clear_error(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    out = project / "exports"
    assert _cli_build(project, out).exit_code == 0  # type: ignore[attr-defined]
    old = _snapshot(out)

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise OSError(errno.EROFS, os.strerror(errno.EROFS))

    monkeypatch.setattr(output_module.tempfile, "mkstemp", refuse)
    _change_input(project)
    result = _cli_build(project, out)
    assert result.exit_code == 1  # type: ignore[attr-defined]
    lines = result.output.splitlines()  # type: ignore[attr-defined]
    assert lines[-1] == f"Error: cannot write {out / 'mechkg.ttl'}: Read-only file system"
    # the seed cache cannot be written on such a disk either: said once, as a note, and the build goes on
    assert all(line.startswith("note: cannot write the seed cache") for line in lines[:-1]) and len(lines) <= 2
    assert _snapshot(out) == old


# --- two builds at once --------------------------------------------------------------------


def test_second_build_into_the_same_folder_waits_for_the_first(
    project: Path, built: tuple[Path, SNAPSHOT, SNAPSHOT]
) -> None:
    out, old, new = built
    first = _start_paused(project, out, project / "paused")
    second = subprocess.Popen(
        _build_cmd(project, out), cwd=project, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    time.sleep(3)
    assert second.poll() is None  # waiting for the folder lock
    assert _snapshot(out) == old
    _kill(first)  # the lock goes with the process
    _, err = second.communicate(timeout=300)
    assert second.returncode == 0, err
    assert _snapshot(out) == new
    assert _temps(out) == []


def test_second_build_gives_up_clearly_when_the_folder_stays_locked(
    project: Path, built: tuple[Path, SNAPSHOT, SNAPSHOT]
) -> None:
    out, old, _new = built
    first = _start_paused(project, out, project / "paused")
    try:
        result = _run(project, out, MECHKG_LOCK_TIMEOUT="1")
    finally:
        _kill(first)
    assert result.returncode == 1
    assert "is being written by another mechkg process" in result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(out) == old


def test_concurrent_builds_never_corrupt_the_exports(project: Path, built: tuple[Path, SNAPSHOT, SNAPSHOT]) -> None:
    out, _old, new = built
    procs = [
        subprocess.Popen(
            _build_cmd(project, out), cwd=project, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for _ in range(3)
    ]
    for proc in procs:
        proc.communicate(timeout=300)
        assert proc.returncode == 0
    assert _snapshot(out) == new
    assert _temps(out) == []


def _weak_rows(project: Path, store: Path) -> int:
    """Rows of ``kg sparql weak-support`` asked of ``store`` in a fresh process (fails if it errors)."""
    query = subprocess.run(
        [sys.executable, "-m", "kg", "sparql", "weak-support", "--store", str(store), "--format", "tsv"],
        cwd=project,
        env=_env(),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert query.returncode == 0, query.stderr
    return len(query.stdout.strip().splitlines()) - 1


def test_build_into_a_store_locked_by_another_build_fails_clearly(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("kg.store.embedded")
    store = tmp_path / "store"
    result = _run(project, tmp_path / "out", "--store", str(store))
    assert result.returncode == 0, result.stderr
    lock_file = store.parent / f".{store.name}.lock"
    with lock_file.open("a") as fh:  # what a build does while it replaces the store
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        locked = _run(project, tmp_path / "out", "--store", str(store))
    assert locked.returncode == 1
    assert "locked" in locked.stderr and "Traceback" not in locked.stderr
    # the store is still complete and answers
    assert _weak_rows(project, store) == 3  # the 3 weak claims of the test project


def test_concurrent_builds_into_the_same_store_leave_it_usable(project: Path, tmp_path: Path) -> None:
    pytest.importorskip("kg.store.embedded")
    store = tmp_path / "store"
    procs = [
        subprocess.Popen(
            _build_cmd(project, tmp_path / f"out{i}", "--store", str(store)),
            cwd=project,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for i in range(3)
    ]
    outcomes = []
    for proc in procs:
        _, err = proc.communicate(timeout=300)
        outcomes.append(proc.returncode)
        assert proc.returncode == 0 or ("locked" in err and "Traceback" not in err), err
    assert 0 in outcomes
    assert _weak_rows(project, store) == 3
    assert not [p for p in store.parent.iterdir() if ".building-" in p.name or ".old-" in p.name]
