"""Test helpers: a real Virtuoso server on 127.0.0.1, and one description of each tested SPARQL server.

:func:`virtuoso_server` starts Debian's ``virtuoso-t`` (package ``virtuoso-opensource``, 7.2) in
the foreground with a temporary database folder, a temporary ``virtuoso.ini`` and two free ports
(SQL and HTTP), then gives the anonymous ``SPARQL`` user the ``SPARQL_UPDATE`` role through
``isql-vt`` and sets a random ``dba`` password. The server dies with the process that started it
(Linux) and is stopped, and its folder removed, when the context ends. The tests skip, saying
why, when ``virtuoso-t`` or ``isql-vt`` is not installed (``make test`` installs them).
"""

from __future__ import annotations

import secrets
import shutil
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph

from kg.store.remote import RemoteEngine
from kg.store.serve import stop
from kg.store.serveguard import die_with_parent
from tests.servers import HOST, free_port, oxigraph_server

#: The binaries Debian's virtuoso-opensource-7 installs.
VIRTUOSO_BINARY = "virtuoso-t"
ISQL_BINARY = "isql-vt"

#: What the test setup runs as ``dba`` once the server is up: the anonymous SPARQL user may
#: update (SPARQL Update and the Graph Store Protocol both need the role).
GRANT_UPDATE = 'grant SPARQL_UPDATE to "SPARQL";'

_INI = """\
[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
ErrorLogLevel = 7
FileExtend = 200
Striping = 0
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx

[Parameters]
ServerPort = {host}:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = {buffers}
MaxDirtyBuffers = {dirty}
DirsAllowed = .
TransactionAfterImageLimit = {txn_bytes}
VADInstallDir = {dir}/vad

[HTTPServer]
ServerPort = {host}:{http_port}
ServerRoot = {dir}/vsp
ServerThreads = 4
MaxClientConnections = 4
EnabledGzipContent = 0

[SPARQL]
ResultSetMaxRows = {max_rows}
MaxQueryExecutionTime = 0
MaxQueryCostEstimationTime = 0
"""


def missing_virtuoso() -> str | None:
    """Why a Virtuoso server cannot be started here (a missing binary), or None when it can."""
    for name in (VIRTUOSO_BINARY, ISQL_BINARY):
        if shutil.which(name) is None:
            return f"{name} is not installed (apt-get install virtuoso-opensource; make test does it)"
    return None


def virtuoso_version() -> str:
    """The version ``virtuoso-t`` reports, e.g. ``07.20.3229``."""
    done = subprocess.run([VIRTUOSO_BINARY, "-?"], capture_output=True, text=True, timeout=30, check=False)
    for word in (done.stdout + done.stderr).split():
        if word[:1].isdigit() and word.count(".") >= 2:
            return word.split("-")[0]
    return "unknown"


def isql(sql_port: int, password: str, statements: str) -> str:
    """Run SQL statements as ``dba`` through ``isql-vt``; return its output (RuntimeError on failure)."""
    command = [ISQL_BINARY, f"{HOST}:{sql_port}", "dba", password, f"exec={statements}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60, check=False)
    out = done.stdout + done.stderr
    if done.returncode != 0 or "*** Error" in out:
        raise RuntimeError(f"isql-vt failed (status {done.returncode}): {' '.join(out.split())[:500]}")
    return out


def _wait_ready(process: subprocess.Popen[bytes], url: str, log: Path, timeout: float) -> None:
    """Wait (bounded) until the server answers an ASK query at url; RuntimeError if it exits first."""
    probe = url + "?" + urllib.parse.urlencode({"query": "ASK {}"})
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            text = log.read_text(encoding="utf-8", errors="replace") if log.is_file() else ""
            raise RuntimeError(f"virtuoso-t exited with status {process.returncode}: {' '.join(text.split())[-500:]}")
        try:
            with urllib.request.urlopen(probe, timeout=2.0) as answer:
                if answer.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"virtuoso-t did not answer at {url} within {timeout:g} s")


@dataclass(frozen=True)
class VirtuosoServer:
    """A running Virtuoso: its base URL, SQL port, ``dba`` password, folder and process."""

    base: str
    sql_port: int
    password: str
    folder: Path
    process: subprocess.Popen[bytes] = field(repr=False)

    def sql(self, statements: str) -> str:
        """Run SQL as ``dba`` on this server."""
        return isql(self.sql_port, self.password, statements)


@contextmanager
def virtuoso_server(
    *,
    buffers: int = 10_000,
    max_rows: int = 1_000_000,
    txn_bytes: int = 50_000_000,
    grant_update: bool = True,
    timeout: float = 60.0,
) -> Iterator[VirtuosoServer]:
    """A fresh Virtuoso server on 127.0.0.1 with a temporary database; yields it, then stops it.

    ``buffers`` is Virtuoso's page cache (8 kB pages); ``max_rows`` its ``ResultSetMaxRows``
    (Debian's default is 10,000, which cuts larger answers); ``txn_bytes`` its
    ``TransactionAfterImageLimit`` (default 50 MB, the server's own: the ``MOVE`` that swaps a
    load in is one transaction, refused above it, so large loads need more).
    """
    why = missing_virtuoso()
    if why:
        raise RuntimeError(why)
    with tempfile.TemporaryDirectory(prefix="mechkg-virtuoso-") as tmp:
        folder = Path(tmp)
        (folder / "vsp").mkdir()
        (folder / "vad").mkdir()
        sql_port, http_port = free_port(), free_port()
        while http_port == sql_port:
            http_port = free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(
            _INI.format(
                dir=folder,
                host=HOST,
                sql_port=sql_port,
                http_port=http_port,
                buffers=buffers,
                dirty=buffers * 3 // 4,
                max_rows=max_rows,
                txn_bytes=txn_bytes,
            ),
            encoding="utf-8",
        )
        log = folder / "console.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                [VIRTUOSO_BINARY, "+foreground", "+configfile", str(ini)],
                cwd=folder,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                preexec_fn=die_with_parent(),
            )
        base = f"http://{HOST}:{http_port}"
        try:
            _wait_ready(process, f"{base}/sparql", log, timeout)
            password = secrets.token_hex(12)
            isql(sql_port, "dba", (GRANT_UPDATE if grant_update else "") + f" user_set_password('dba', '{password}');")
            yield VirtuosoServer(base, sql_port, password, folder, process)
        finally:
            stop(process, timeout=30)


@dataclass(frozen=True)
class SparqlServer:
    """One tested SPARQL server as the remote-engine tests see it.

    ``kind`` is mechkg's server preset; ``gsp_path`` where its Graph Store Protocol listens;
    ``keeps_datatypes`` False when the server stores derived integer types as ``xsd:integer``
    (Oxigraph); ``plain_default_graph`` False when its default graph is the union of every
    graph (Virtuoso), so loads need a named graph.
    """

    name: str
    base: str
    query_path: str
    gsp_path: str
    kind: str
    keeps_datatypes: bool
    plain_default_graph: bool
    virtuoso: VirtuosoServer | None = None

    @property
    def query_url(self) -> str:
        """The SPARQL query URL mechkg is given."""
        return self.base + self.query_path

    def engine(self, **options: Any) -> RemoteEngine:
        """A remote engine on this server (options as :class:`RemoteEngine` takes them)."""
        return RemoteEngine(self.query_url, server_kind=self.kind, **options)

    def cli_args(self) -> list[str]:
        """The command-line options naming this server."""
        return ["--endpoint", self.query_url, "--server-kind", self.kind]

    def triples(self, graph: str | None) -> set[pyoxigraph.Triple]:
        """Every triple of one graph, read back through the server's Graph Store Protocol."""
        query = urllib.parse.urlencode({"graph": graph}) if graph else "default"
        request = urllib.request.Request(
            f"{self.base}{self.gsp_path}?{query}", headers={"Accept": "application/n-triples"}
        )
        with urllib.request.urlopen(request, timeout=60) as answer:
            data = answer.read()
        return {q.triple for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)}

    def expected(self, ntriples: bytes) -> set[pyoxigraph.Triple]:
        """The triples of an N-Triples text as this server holds them."""
        if self.keeps_datatypes:
            return {q.triple for q in pyoxigraph.parse(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)}
        store = pyoxigraph.Store()  # Oxigraph stores derived integer types as xsd:integer
        store.load(ntriples, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return {q.triple for q in store}


#: The servers the remote-engine tests run against.
SERVER_NAMES = ("oxigraph", "virtuoso")


@contextmanager
def sparql_server(name: str) -> Iterator[SparqlServer]:
    """A fresh read-write server of one kind (``oxigraph`` or ``virtuoso``), described for the tests."""
    if name == "oxigraph":
        with oxigraph_server() as base:
            yield SparqlServer(name, base, "/query", "/store", "oxigraph", False, True)
    elif name == "virtuoso":
        with virtuoso_server() as server:
            yield SparqlServer(name, server.base, "/sparql", "/sparql-graph-crud", "virtuoso", True, False, server)
    else:
        raise ValueError(f"unknown server {name!r}")


__all__ = [
    "GRANT_UPDATE",
    "SERVER_NAMES",
    "SparqlServer",
    "VirtuosoServer",
    "isql",
    "missing_virtuoso",
    "sparql_server",
    "virtuoso_server",
    "virtuoso_version",
]
