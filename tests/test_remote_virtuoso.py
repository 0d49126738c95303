"""What is particular to Virtuoso: its answer shapes (replayed by stubs), a cut answer, a refused write,
a MOVE too large for one transaction, and the test server's own lifetime. The shared matrix (loads,
shipped queries, rollback) runs on Virtuoso and on the Oxigraph server in test_remote.py.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import RemoteError
from kg.model import KnowledgeBase
from kg.query import weak_support
from kg.store.engine import engine_claims
from kg.store.remote import RemoteEngine
from tests.conftest import ROOT
from tests.servers import stub_server
from tests.virtuoso_server import GRANT_UPDATE, VirtuosoServer, missing_virtuoso, virtuoso_server

GRAPH = "https://example.org/mechkg-virtuoso"
KEPT = "<http://example.org/kept> <http://example.org/p> <http://example.org/o> .\n"

needs_virtuoso = pytest.mark.skipif(missing_virtuoso() is not None, reason=str(missing_virtuoso()))


@pytest.fixture(scope="module")
def small_limits() -> Iterator[VirtuosoServer]:
    """A Virtuoso answering at most 50 rows (Debian ships 10,000), with transactions of at most 100 kB."""
    with virtuoso_server(max_rows=50, txn_bytes=100_000) as server:
        yield server


def _engine(server: VirtuosoServer, graph: str) -> RemoteEngine:
    return RemoteEngine(f"{server.base}/sparql", server_kind="virtuoso", graph=graph)


# --- Virtuoso's answers, replayed by a stub (no Virtuoso needed) --------------------------------

#: What Virtuoso 7.2 sends for ASK with Accept: application/sparql-results+json.
ASK_TRUE = (
    b'\n{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },\n  "results": { "distinct": false, "ordered": true, '
    b'"bindings": [\n    { "__ASK_RETVAL": { "type": "typed-literal", "datatype": '
    b'"http://www.w3.org/2001/XMLSchema#integer", "value": "1" }} ] } }'
)
ASK_FALSE = (
    b'\n{ "head": { "link": [], "vars": ["__ASK_RETVAL"] },\n  "results": { "distinct": false, "ordered": true, '
    b'"bindings": [ ] } }'
)
#: Its graph store's answer when the SPARQL user lacks SPARQL_UPDATE (HTTP 403).
GSP_REFUSAL = (
    b'<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html>\n  <head>\n    <title>SPARQL Graph Protocol '
    b"request failed</title>\n  </head>\n  <body>\n    <h1>HTTP/1.1 403 Forbidden</h1>\n    <h3>Error 42000</h3>\n"
    b"<xmp>SR575:SECURITY: No permission to execute DB.DBA.TTLP_RL_NEW_GRAPH as callback of rdf_load_turtle() "
    b"with user ID 107, group ID 107</xmp></body></html>"
)


def test_ask_answered_as_a_one_column_select() -> None:
    def answer(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        return 200, "application/sparql-results+json", ASK_TRUE if b"true" in body else ASK_FALSE

    with stub_server(answer) as base:
        engine = RemoteEngine(f"{base}/sparql", server_kind="virtuoso", graph=GRAPH)
        assert engine.ask("ASK { ?s ?p true }") is True
        assert engine.ask("ASK { ?s ?p false }") is False


def test_a_row_limit_header_on_a_full_answer_is_an_error() -> None:
    rows = b",".join(b'{"s": {"type": "uri", "value": "http://e/%d"}}' % n for n in range(3))
    body = b'{"head": {"vars": ["s"]}, "results": {"bindings": [' + rows + b"]}}"

    def answer(handler: BaseHTTPRequestHandler, _body: bytes) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("X-SPARQL-MaxRows", handler.headers.get("X-Test-Limit", "3"))
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with stub_server(answer) as base:
        with pytest.raises(RemoteError, match=r"cut its answer at 3 rows .*ResultSetMaxRows.*raise the limit"):
            RemoteEngine(f"{base}/sparql").query("SELECT ?s WHERE { ?s ?p ?o }")
        below = RemoteEngine(f"{base}/sparql", headers={"X-Test-Limit": "10"})
        assert len(below.query("SELECT ?s WHERE { ?s ?p ?o }")[1]) == 3  # under the limit: whole


def test_an_anytime_partial_answer_is_an_error() -> None:
    def answer(handler: BaseHTTPRequestHandler, _body: bytes) -> None:
        body = b'{"head": {"vars": ["s"]}, "results": {"bindings": []}}'
        handler.send_response(200)
        handler.send_header("Content-Type", "application/sparql-results+json")
        handler.send_header("X-SQL-State", "S1TAT")
        handler.send_header("X-SQL-Message", "RC...: Returning incomplete results, query interrupted.")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    with stub_server(answer) as base, pytest.raises(RemoteError, match=r"partial result \(S1TAT: RC.*incomplete"):
        RemoteEngine(f"{base}/sparql").query("SELECT ?s WHERE { ?s ?p ?o }")


def test_a_refused_graph_store_write_names_the_grant() -> None:
    def answer(handler: BaseHTTPRequestHandler, _body: bytes) -> tuple[int, str, bytes]:
        return 403, "text/html; charset=UTF-8", GSP_REFUSAL

    with stub_server(answer) as base, pytest.raises(RemoteError) as caught:
        RemoteEngine(f"{base}/sparql", server_kind="virtuoso", graph=GRAPH).load_ntriples([KEPT])
    message = str(caught.value)
    # the HTML page as its text, then what the server needs
    assert "answered HTTP 403 Forbidden: HTTP/1.1 403 Forbidden Error 42000 SR575:SECURITY: No permission" in message
    assert "<xmp>" not in message and "<h1>" not in message
    assert GRANT_UPDATE in message


# --- a real Virtuoso ------------------------------------------------------------------------------


@needs_virtuoso
def test_a_cut_answer_is_refused_not_used(small_limits: VirtuosoServer, kb: KnowledgeBase) -> None:
    engine = _engine(small_limits, graph=f"{GRAPH}/cut")
    engine.load(kb)
    assert engine.count() > 50
    with pytest.raises(RemoteError, match=r"cut its answer at 50 rows .*ResultSetMaxRows in the \[SPARQL\]"):
        engine.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }")
    assert [c.id for c in engine_claims(engine, kb, "weak-support")] == [c.id for c in weak_support(kb)]


@needs_virtuoso
def test_without_the_update_role_a_load_names_the_grant_and_changes_nothing(
    small_limits: VirtuosoServer, kb: KnowledgeBase, project: Path
) -> None:
    engine = _engine(small_limits, graph=f"{GRAPH}/refused")
    engine.load_ntriples([KEPT])
    small_limits.sql('revoke SPARQL_UPDATE from "SPARQL";')
    try:
        with pytest.raises(RemoteError) as caught:
            engine.load(kb)
        with pytest.raises(RemoteError, match=r"SR186:SECURITY: No permission.*grant SPARQL_UPDATE to"):
            engine.update(f"CLEAR GRAPH <{GRAPH}/refused>")
        args = ["build", "--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
        args += ["--out", str(project / "exports"), "--quiet", "--endpoint", f"{small_limits.base}/sparql"]
        result = CliRunner().invoke(main, [*args, "--server-kind", "virtuoso", "--graph", f"{GRAPH}/refused"])
    finally:
        small_limits.sql(GRANT_UPDATE)
    message = str(caught.value)
    assert "failed at request 1: " in message and "HTTP 403" in message and GRANT_UPDATE in message
    assert "The target graph is unchanged." in message
    assert result.exit_code == 1 and GRANT_UPDATE in result.output
    assert engine.count() == 1 and engine.ask("ASK { <http://example.org/kept> ?p ?o }")


@needs_virtuoso
def test_a_move_too_large_for_one_transaction_is_rolled_back(
    small_limits: VirtuosoServer, seeds_kb: KnowledgeBase
) -> None:
    engine = RemoteEngine(
        f"{small_limits.base}/sparql", server_kind="virtuoso", graph=f"{GRAPH}/big", chunk_triples=200
    )
    engine.load_ntriples([KEPT])
    with pytest.raises(RemoteError) as caught:
        engine.load(seeds_kb)  # every chunk fits in a transaction; the MOVE of all of them does not
    message = str(caught.value)
    assert "reached the staging graph" in message and "moving them into place failed" in message
    assert "SR325" in message and "raise TransactionAfterImageLimit in the [Parameters] section" in message
    assert "The staging graph was dropped." in message
    assert engine.count() == 1 and engine.ask("ASK { <http://example.org/kept> ?p ?o }")  # Virtuoso rolled it back
    staging = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'urn:mechkg:staging:')) } GROUP BY ?g"
    assert RemoteEngine(f"{small_limits.base}/sparql").query(staging)[1] == []


_START_AND_WAIT = """
import sys, time
sys.path.insert(0, {root!r})
from tests.virtuoso_server import virtuoso_server
with virtuoso_server() as server:
    print(server.process.pid, server.folder, flush=True)
    time.sleep(120)
"""


@needs_virtuoso
def test_the_test_server_dies_with_the_process_that_started_it() -> None:
    starter = subprocess.Popen(
        [sys.executable, "-c", _START_AND_WAIT.format(root=str(ROOT))],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert starter.stdout is not None
    try:
        pid_text, folder = starter.stdout.readline().split(maxsplit=1)
        pid = int(pid_text)
        os.kill(pid, 0)  # running
        starter.send_signal(signal.SIGKILL)
        starter.wait(timeout=10)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and _alive(pid):
            time.sleep(0.1)
        assert not _alive(pid), "virtuoso-t outlived the process that started it"
    finally:
        if starter.poll() is None:
            starter.kill()
            starter.wait(timeout=10)
        starter.stdout.close()
    shutil.rmtree(folder.strip(), ignore_errors=True)  # a killed starter cannot remove its folder


def _alive(pid: int) -> bool:
    """True while pid runs and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
