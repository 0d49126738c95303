"""``kg serve``: a read-only SPARQL endpoint over a built store, through Oxigraph's own server.

The ``oxigraph`` PyPI package ships the Oxigraph server as a static binary; its
``serve-read-only`` mode answers SPARQL queries (``/query``) and serves its query page (``/``),
and refuses updates. mechkg starts it over the on-disk store ``kg build --store`` writes, or over
a temporary store built from the seeds when no store folder is given.
"""

from __future__ import annotations

import contextlib
import ipaddress
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from kg.errors import ServeError
from kg.model import Finding, KnowledgeBase
from kg.store.serveguard import TemporaryStore, check_port, die_with_parent, first_line, sweep_stale

#: The log file of each server started here, by process id.
_LOGS: dict[int, IO[bytes]] = {}
#: The store lock each server started here holds (released by stop), by process id.
_LOCKS: dict[int, Any] = {}


def oxigraph_binary() -> Path:
    """The Oxigraph server binary: beside this Python (a virtualenv's bin/), else on PATH."""
    beside = Path(sys.executable).parent / "oxigraph"
    if beside.is_file():
        return beside
    found = shutil.which("oxigraph")
    if found:
        return Path(found)
    raise ServeError("the Oxigraph server binary was not found; install it with: pip install oxigraph")


def is_loopback(host: str) -> bool:
    """True for localhost and loopback addresses (127.0.0.0/8, ::1)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def bind_address(host: str, port: int) -> str:
    """``HOST:PORT`` as the server's --bind option takes it (IPv6 hosts in brackets)."""
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"{host}:{port}"


def server_command(store: Path, host: str, port: int) -> list[str]:
    """The command line that serves ``store`` read-only on host:port."""
    return [str(oxigraph_binary()), "serve-read-only", "--location", str(store), "--bind", bind_address(host, port)]


def write_store(kb: KnowledgeBase, findings: Sequence[Finding], folder: Path) -> int:
    """Build an on-disk Oxigraph store of the RDF view in ``folder`` (the default graph); return triples."""
    from kg.store.embedded import EmbeddedEngine

    engine = EmbeddedEngine(folder)
    try:
        return engine.load(kb, findings).triples
    finally:
        engine.close()


def exit_reason(process: subprocess.Popen[bytes]) -> str:
    """Why the server exited: its status and the message it logged (no backtrace)."""
    return f"status {process.returncode}: {first_line(_log_text(process)) or 'no message'}"


def wait_ready(process: subprocess.Popen[bytes], url: str, timeout: float = 20.0) -> None:
    """Wait (bounded) until the server answers a query at url; ServeError if it exits or never does."""
    deadline = time.monotonic() + timeout
    probe = url + "?query=" + urllib.request.quote("ASK {}")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServeError(f"the Oxigraph server for {url} exited at start with {exit_reason(process)}")
        request = urllib.request.Request(probe, headers={"Accept": "application/sparql-results+json"})
        try:
            with urllib.request.urlopen(request, timeout=1.0) as answer:
                if answer.status == 200 and b'"boolean"' in answer.read(200) and process.poll() is None:
                    return  # an ASK answer from this very server, not from whatever holds the port
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    stop(process)
    raise ServeError(f"the Oxigraph server did not answer at {url} within {timeout:g} s")


def start(store: Path, host: str = "127.0.0.1", port: int = 7878, timeout: float = 20.0) -> subprocess.Popen[bytes]:
    """Start the read-only server over ``store`` and wait until it answers; the caller stops it.

    The store's shared lock is held until :func:`stop`, so a build into that folder meanwhile
    fails with a clear error instead of replacing the files under the server. A port something
    already listens on is refused first (ServeError naming it). On Linux the server dies with
    the process that started it, even when that one is killed with SIGKILL.
    """
    from kg.store.folder import hold_for_reading

    check_port(host, port)
    lock = hold_for_reading(store)
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by stop); a file: a chatty server never blocks
    try:
        process = subprocess.Popen(
            server_command(store, host, port), stdout=subprocess.DEVNULL, stderr=log, preexec_fn=die_with_parent()
        )
    except BaseException:
        lock.release()
        log.close()
        raise
    _LOGS[process.pid] = log
    _LOCKS[process.pid] = lock
    try:
        wait_ready(process, f"http://{bind_address(host, port)}/query", timeout)
    except BaseException:  # not ready, or interrupted while waiting: never leave it running
        stop(process)
        raise
    return process


def stop(process: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Terminate the server (kill it if it does not stop within timeout)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=timeout)
    log = _LOGS.pop(process.pid, None)
    if log is not None:
        log.close()
    lock = _LOCKS.pop(process.pid, None)
    if lock is not None:
        lock.release()


def _log_text(process: subprocess.Popen[bytes]) -> str:
    log = _LOGS.get(process.pid)
    if log is None:
        return ""
    log.seek(0)
    return " ".join(log.read(2000).decode("utf-8", "replace").split())


def project_store() -> Path | None:
    """The store ``kg build --store`` wrote to <project>/.mechkg/store, when there is one."""
    from kg.project import project_path
    from kg.store.folder import DEFAULT_STORE, MARKER

    built = project_path(DEFAULT_STORE) or DEFAULT_STORE
    return built if (built / MARKER).is_file() else None


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


def serve_until_stopped(
    kb: KnowledgeBase,
    findings: Callable[[], Sequence[Finding]],
    store: Path | None,
    host: str,
    port: int,
    say: Callable[[str], None],
    warn: Callable[[str], None],
) -> None:
    """Serve ``store`` read-only until Ctrl-C or SIGTERM (ServeError if the server stops by itself).

    Without ``store``, the project's built store is served, else a temporary one built from ``kb``
    and ``findings()`` (removed on exit; :func:`~kg.store.serveguard.sweep_stale` removes one a
    killed server left). A busy port is refused before any store is built.
    """
    from kg.store.folder import read_marker

    check_port(host, port)  # before any store is built: a busy port is named, not a bare status 1
    for folder in sweep_stale():
        warn(f"removed {folder}: temporary store of a server that is gone")
    if store is None:  # the project's store, wherever in the project the command runs
        store = project_store()
    with contextlib.ExitStack() as temporary:
        if store is not None:
            info = read_marker(store)
            say(f"serving store {store} ({info.get('triples', '?')} triples)")
        else:  # removed on exit; if this process is killed, by the next kg serve (sweep_stale)
            store = temporary.enter_context(TemporaryStore()) / "store"
            say(f"serving a temporary store built from the seeds ({write_store(kb, findings(), store)} triples)")
        previous = signal.signal(signal.SIGTERM, _interrupt)  # so `kill` also stops the server
        process = None
        try:
            process = start(store, host, port)
            base = f"http://{bind_address(host, port)}"
            say(f"SPARQL endpoint (read-only): {base}/query\nquery page: {base}/\nCtrl-C to stop")
            process.wait()
            raise ServeError(f"the Oxigraph server on port {port} stopped ({exit_reason(process)})")
        except KeyboardInterrupt:
            say("stopping")
        finally:
            if process is not None:
                stop(process)
            signal.signal(signal.SIGTERM, previous)


__all__ = [
    "bind_address",
    "exit_reason",
    "is_loopback",
    "oxigraph_binary",
    "project_store",
    "serve_until_stopped",
    "server_command",
    "start",
    "stop",
    "wait_ready",
    "write_store",
]
