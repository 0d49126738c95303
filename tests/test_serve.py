"""`kg serve`: a read-only SPARQL endpoint over a built store, on 127.0.0.1 only."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.audit import audit
from kg.cli import main
from kg.errors import RemoteError, ServeError, StoreError
from kg.model import KnowledgeBase
from kg.query import weak_support
from kg.store import serve, serveguard
from kg.store.engine import engine_claims
from kg.store.remote import RemoteEngine
from tests.servers import HOST, free_port, stub_server, wait_for


@pytest.fixture
def built_store(kb: KnowledgeBase, project: Path, tmp_path: Path) -> Path:
    """An on-disk store of the test project, as `kg build --store` writes it."""
    folder = tmp_path / "store"
    assert serve.write_store(kb, audit(kb, project / "ontology", project / "docs"), folder) > 0
    return folder


@pytest.fixture
def served(built_store: Path) -> Iterator[str]:
    """The read-only server over the built store; yields its base URL."""
    port = free_port()
    process = serve.start(built_store, HOST, port)
    try:
        yield f"http://{HOST}:{port}"
    finally:
        serve.stop(process)


def _post(url: str, body: bytes, content_type: str) -> int:
    request = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_served_store_answers_queries_and_refuses_updates(served: str, kb: KnowledgeBase) -> None:
    engine = RemoteEngine(f"{served}/query")
    before = engine.count()
    assert before > 0
    assert [c.id for c in engine_claims(engine, kb, "weak-support")] == [c.id for c in weak_support(kb)]
    insert = "INSERT DATA { <http://example.org/s> <http://example.org/p> <http://example.org/o> }"
    status = _post(
        f"{served}/update", urllib.parse.urlencode({"update": insert}).encode(), "application/x-www-form-urlencoded"
    )
    assert status >= 400
    triple = b"<http://example.org/s> <http://example.org/p> <http://example.org/o> .\n"
    assert _post(f"{served}/store?default", triple, "application/n-triples") >= 400
    assert engine.count() == before
    assert engine.ask("ASK { <http://example.org/s> ?p ?o }") is False
    with pytest.raises(RemoteError, match="HTTP 403"):
        engine.update("CLEAR DEFAULT")
    with urllib.request.urlopen(f"{served}/", timeout=10) as page:
        assert page.status == 200 and page.headers.get("Content-Type", "").startswith("text/html")


def test_a_build_into_a_served_store_is_refused_until_the_server_stops(
    built_store: Path, kb: KnowledgeBase, project: Path
) -> None:
    findings = audit(kb, project / "ontology", project / "docs")
    before = sorted(p.name for p in built_store.iterdir())
    process = serve.start(built_store, HOST, free_port())
    try:
        with pytest.raises(StoreError, match="is locked"):
            serve.write_store(kb, findings, built_store)
        assert sorted(p.name for p in built_store.iterdir()) == before  # the served files untouched
        assert not list(built_store.parent.glob(f".{built_store.name}.building-*"))
    finally:
        serve.stop(process)
    assert serve.write_store(kb, findings, built_store) > 0  # lock released with the server


@pytest.mark.parametrize("which", ["temporary", "built"])
def test_kg_serve_answers_refuses_updates_and_stops_on_sigterm(
    project: Path, kb: KnowledgeBase, tmp_path: Path, which: str, request: pytest.FixtureRequest
) -> None:
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port)]
    if which == "built":
        command += ["--store", str(request.getfixturevalue("built_store"))]
    command += ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    command += ["--documents", str(project / "docs")]
    log = tmp_path / "serve.log"
    base = f"http://{HOST}:{port}"
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=project, stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_for(f"{base}/query?query=ASK%7B%7D", process, timeout=60)
            engine = RemoteEngine(f"{base}/query")
            assert [c.id for c in engine_claims(engine, kb, "weak-support")] == [c.id for c in weak_support(kb)]
            assert _post(f"{base}/update", b"update=CLEAR%20DEFAULT", "application/x-www-form-urlencoded") >= 400
            deadline = time.monotonic() + 20
            while "Ctrl-C to stop" not in log.read_text() and time.monotonic() < deadline:
                time.sleep(0.05)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    text = log.read_text()
    assert process.returncode == 0, text
    if which == "built":
        assert f"serving store {tmp_path / 'store'} (" in text
    else:
        assert "serving a temporary store built from the seeds" in text
    assert f"SPARQL endpoint (read-only): {base}/query" in text
    with pytest.raises(RemoteError, match="connection refused"):
        engine.count()  # the Oxigraph server went away with `kg serve`


def _serve(project: Path, *args: str) -> tuple[int, str]:
    inputs = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    result = CliRunner().invoke(main, ["serve", *inputs, *args])
    return result.exit_code, result.output


def test_serve_refuses_a_public_address_without_the_flag(project: Path) -> None:
    code, out = _serve(project, "--host", "0.0.0.0", "--port", str(free_port()))
    assert code == 2
    assert "--host 0.0.0.0 is not a loopback address; add --allow-remote" in out


def test_serve_names_what_to_run_when_the_store_is_missing(project: Path, tmp_path: Path) -> None:
    code, out = _serve(project, "--store", str(tmp_path / "nowhere"), "--port", str(free_port()))
    assert code == 1
    assert f"no store at {tmp_path / 'nowhere'} (build one with: kg build --store" in out


def test_port_already_taken_is_refused_before_the_server_starts(built_store: Path) -> None:
    with stub_server(lambda handler, body: (200, "text/plain", b"")) as other:
        port = int(other.rsplit(":", 1)[1])
        with pytest.raises(ServeError, match=f"port {port} on {HOST} is already in use"):
            serve.start(built_store, HOST, port, timeout=20)


def _serve_cli_on_busy_port(built_store: Path) -> tuple[int, str]:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--store", str(built_store), "--port", str(port)])
    return result.exit_code, result.output


def test_kg_serve_names_a_busy_port_and_exits_1(built_store: Path) -> None:
    code, out = _serve_cli_on_busy_port(built_store)
    assert code == 1, out
    assert "is already in use by another program; stop it or choose another port with --port" in out
    assert "SPARQL endpoint" not in out and "Traceback" not in out  # no banner before the refusal


def test_a_server_that_dies_at_start_says_why(built_store: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(serve, "check_port", lambda host, port: None)  # the port is taken after the check
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError) as caught:
            serve.start(built_store, HOST, port, timeout=20)
    message = str(caught.value)
    assert f"{HOST}:{port}" in message and "exited at start with status 1" in message
    assert "in use" in message and "Stack backtrace" not in message


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:
            return bool(answer.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def test_kill_9_of_kg_serve_takes_the_server_down_and_the_next_start_sweeps_its_folder(
    project: Path, tmp_path: Path
) -> None:
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    inputs = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    inputs += ["--documents", str(project / "docs")]

    def start(port: int, log: Path) -> subprocess.Popen[bytes]:
        with log.open("wb") as sink:
            command = [sys.executable, "-m", "kg", "serve", "--port", str(port), *inputs]
            return subprocess.Popen(command, cwd=project, env=env, stdout=sink, stderr=subprocess.STDOUT)

    port = free_port()
    first = start(port, tmp_path / "first.log")
    probe = f"http://{HOST}:{port}/query?query=ASK%7B%7D"
    try:
        wait_for(probe, first, timeout=60)
        left = sorted(temp.glob("mechkg-serve-*"))
        assert len(left) == 1 and (left[0] / "store").is_dir()
    finally:
        first.kill()  # SIGKILL: no handler, no cleanup in kg serve itself
        first.wait(timeout=20)
    deadline = time.monotonic() + 10
    while _answers(probe) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _answers(probe)  # the Oxigraph child died with its parent
    assert left[0].is_dir()  # nobody has swept it yet
    second_port = free_port()
    second = start(second_port, tmp_path / "second.log")
    try:
        wait_for(f"http://{HOST}:{second_port}/query?query=ASK%7B%7D", second, timeout=60)
        assert not left[0].exists()  # swept by the next start
        assert len(list(temp.glob("mechkg-serve-*"))) == 1  # only the live server's own folder
    finally:
        second.send_signal(signal.SIGTERM)
        second.wait(timeout=20)
    assert second.returncode == 0
    assert f"removed {left[0]}: temporary store of a server that is gone" in (tmp_path / "second.log").read_text()
    assert not list(temp.glob("mechkg-serve-*"))  # a clean stop leaves nothing


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.3.2.1", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert serve.is_loopback(host) is loopback


# --- serveguard: ports, temporary stores of dead servers -------------------------------------


def test_check_port_passes_a_free_port_and_names_a_busy_one() -> None:
    serveguard.check_port(HOST, free_port())
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind((HOST, 0))
        busy.listen()
        port = busy.getsockname()[1]
        with pytest.raises(ServeError, match=f"^port {port} on {HOST} is already in use"):
            serveguard.check_port(HOST, port)


@pytest.mark.skipif(
    Path("/proc/sys/net/ipv4/ip_nonlocal_bind").is_file()
    and Path("/proc/sys/net/ipv4/ip_nonlocal_bind").read_text().strip() == "1",
    reason="this machine lets any address be bound (net.ipv4.ip_nonlocal_bind = 1)",
)
def test_check_port_says_why_an_address_cannot_be_listened_on() -> None:
    with pytest.raises(ServeError, match=r"^cannot listen on 192\.0\.2\.1:\d+: "):
        serveguard.check_port("192.0.2.1", free_port())  # TEST-NET-1: no interface holds it


def test_sweep_removes_only_folders_whose_server_is_gone(tmp_path: Path) -> None:
    live = serveguard.TemporaryStore(tmp_path)
    live_folder = live.__enter__()
    try:
        dead = tmp_path / f"{serveguard.TEMP_PREFIX}dead"
        (dead / "store").mkdir(parents=True)
        (dead / serveguard.OWNER_LOCK).touch()  # its owner died: nobody holds the lock
        foreign = tmp_path / f"{serveguard.TEMP_PREFIX}foreign"
        foreign.mkdir()  # no owner file: made by something else, or being made right now
        assert serveguard.sweep_stale(tmp_path) == [dead]
        assert live_folder.is_dir() and foreign.is_dir() and not dead.exists()
        again = serveguard.TemporaryStore(tmp_path)
        with again as other:
            assert again.swept == [] and other.is_dir() and other != live_folder
        assert not other.exists()
    finally:
        live.__exit__(None, None, None)
    assert not live_folder.exists()


def test_kill_9_of_kg_serve_over_a_built_store_leaves_no_server_and_no_lock(
    project: Path, built_store: Path, kb: KnowledgeBase, tmp_path: Path
) -> None:
    port = free_port()
    command = [sys.executable, "-m", "kg", "serve", "--store", str(built_store), "--port", str(port)]
    command += ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    probe = f"http://{HOST}:{port}/query?query=ASK%7B%7D"
    temp = tmp_path / "tmp"
    temp.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    process = subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for(probe, process, timeout=60)
    finally:
        process.kill()
        process.wait(timeout=20)
    deadline = time.monotonic() + 10
    while _answers(probe) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _answers(probe)
    assert not list(temp.iterdir())  # serving a built store makes no temporary folder
    # neither the store lock nor RocksDB's is left held: a build into the store goes through
    assert serve.write_store(kb, audit(kb, project / "ontology", project / "docs"), built_store) > 0


def test_kg_serve_in_a_subfolder_serves_the_projects_built_store(
    kb: KnowledgeBase, project: Path, tmp_path: Path
) -> None:
    store = project / ".mechkg" / "store"
    assert serve.write_store(kb, audit(kb, project / "ontology", project / "docs"), store) > 0
    (project / "notes").mkdir()
    port = free_port()
    log = tmp_path / "serve.log"
    command = [sys.executable, "-m", "kg", "serve", "--port", str(port)]
    with log.open("wb") as sink:
        process = subprocess.Popen(command, cwd=project / "notes", stdout=sink, stderr=subprocess.STDOUT)
        try:
            wait_for(f"http://{HOST}:{port}/query?query=ASK%7B%7D", process, timeout=60)
        finally:
            process.send_signal(signal.SIGTERM)
            process.wait(timeout=20)
    text = log.read_text()
    assert f"serving store {store} (" in text, text  # not a temporary store built from the seeds
