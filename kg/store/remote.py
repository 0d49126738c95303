"""The remote engine: the RDF view on a SPARQL server, through the standard HTTP protocols.

Queries go through the SPARQL 1.1 Protocol (URL-encoded POST, answers as SPARQL JSON results);
loads go through the SPARQL 1.1 Graph Store HTTP Protocol (N-Triples POSTed in chunks) and the
SPARQL 1.1 Update protocol. Only the standard library speaks HTTP (``urllib.request``): the three
requests mechkg needs are plain POSTs, and no client library would remove any code here.

A load is atomic from the user's view: every chunk goes into a fresh *staging* named graph, the
triple count there is checked, and one ``MOVE`` update replaces the target graph with it. On any
failure the staging graph is dropped and :class:`~kg.errors.RemoteError` says what reached the
server and what did not; the target graph is left as it was.

Tested against the Oxigraph server and Virtuoso 7.2. Where Virtuoso differs, this module copes
without asking which server it talks to, except through the preset's capabilities: a load needs
a named graph there (:data:`NEEDS_NAMED_GRAPH`), an answer cut at the server's row limit or time
limit is refused (:func:`check_whole`), an ASK answered as a one-column SELECT is read, and a
refused write or an oversized transaction says which setting or grant the server needs
(:data:`WRITE_GRANTS`, :data:`SERVER_ADVICE`).

Server presets and ``mechkg.toml`` live in :mod:`kg.store.config`; SPARQL over HTTP in
:mod:`kg.store.sparqlhttp`.
"""

from __future__ import annotations

import contextlib
import time
import urllib.parse
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import NoReturn

import pyoxigraph

from kg.errors import QueryError, RemoteError
from kg.model import Finding, KnowledgeBase
from kg.rdf.sparql import bind_values, query_text
from kg.store.config import (
    NEEDS_NAMED_GRAPH,
    SERVER_KINDS,
    WRITE_GRANTS,
    resolve_endpoints,
)
from kg.store.sparqlhttp import (
    ASK_COLUMN,
    NO_PERMISSION,
    NTRIPLES,
    ORDER_BY,
    RESULTS_JSON,
    Rows,
    add_prefixes,
    check_whole,
    form_body,
    http_post,
    parse_results,
    post_with_headers,
    user_positions,
)


@dataclass(frozen=True)
class RemoteLoadStats:
    """What a load sent: distinct triples, wall time, HTTP requests, the graph loaded."""

    triples: int
    seconds: float
    requests: int
    graph: str


def _ntriples_lines(kb: KnowledgeBase, findings: Sequence[Finding]) -> Iterator[str]:
    """N-Triples lines (with newline) of the RDF view, from the triple generator."""
    from kg.rdf.ntriples import ntriples_line
    from kg.rdf.triples import triples

    for triple in triples(kb, findings):
        yield ntriples_line(triple)


class RemoteEngine:
    """The RDF view on a SPARQL server (query, atomic chunked load), over the standard protocols.

    ``graph`` is the named graph mechkg loads and queries (scoped with ``default-graph-uri``);
    None means the server's default graph, which a load replaces as a whole.

    Examples
    --------
    >>> engine = RemoteEngine("http://127.0.0.1:7878/query")  # doctest: +SKIP
    >>> engine.load(kb)  # doctest: +SKIP
    >>> names, rows = engine.query("weak-support")  # doctest: +SKIP
    """

    def __init__(
        self,
        endpoint: str,
        *,
        server_kind: str = "auto",
        update_url: str | None = None,
        gsp_url: str | None = None,
        graph: str | None = None,
        timeout: float = 30.0,
        chunk_triples: int = 50_000,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        self.urls = resolve_endpoints(endpoint, server_kind, update_url, gsp_url)
        if graph is not None and graph.upper() != "DEFAULT":
            try:
                pyoxigraph.NamedNode(graph)
            except ValueError as exc:
                raise RemoteError(f"graph {graph!r} is not a valid IRI: {exc}") from exc
            self.graph: str | None = graph
        else:
            self.graph = None
        if timeout <= 0 or chunk_triples < 1:
            raise RemoteError("timeout must be > 0 and chunk_triples >= 1")
        self.timeout = float(timeout)
        self.chunk_triples = int(chunk_triples)
        self.headers = dict(headers or {})

    # -- description ---------------------------------------------------------------------------
    @property
    def target(self) -> str:
        """The loaded graph, as SPARQL Update names it."""
        return f"<{self.graph}>" if self.graph else "DEFAULT"

    def describe(self) -> str:
        """Where this engine points, for messages."""
        where = f"graph <{self.graph}>" if self.graph else "the default graph"
        return f"{where} at {self.urls.query}"

    # -- SPARQL protocol -----------------------------------------------------------------------
    def _post_query(self, text: str, default_graph: str | None) -> Rows | bool:
        body = form_body(query=text, default_graph_uri=default_graph)
        try:
            _status, _ctype, answer, headers = post_with_headers(
                self.urls.query,
                body,
                "application/x-www-form-urlencoded",
                accept=RESULTS_JSON,
                timeout=self.timeout,
                headers=self.headers,
            )
        except RemoteError as exc:
            if exc.status == 400:
                raise QueryError(f"the server rejected the query: {exc}") from exc
            raise
        result = parse_results(answer, self.urls.query)
        check_whole(headers, 0 if isinstance(result, bool) else len(result[1]), self.urls.query)
        return result

    def query(
        self, text: str, bindings: Mapping[str, str] | None = None
    ) -> tuple[list[str], list[tuple[str | None, ...]]]:
        """Run a SELECT (shipped name, .rq file or text) on the server; values bound via VALUES.

        Rows are plain strings (IRI text, literal lexical value), in the query's ORDER BY order
        when it has one, else sorted.
        """
        own = query_text(text)
        full = bind_values(add_prefixes(own), bindings)
        try:
            result = self._post_query(full, self.graph)
        except QueryError as exc:
            raise QueryError(user_positions(str(exc), own)) from exc
        if isinstance(result, bool):
            raise QueryError("only SELECT queries are supported here, got an ASK answer")
        names, rows = result
        if not ORDER_BY.search(full):
            rows = sorted(rows, key=lambda r: tuple("" if v is None else v for v in r))
        return names, rows

    def ask(self, text: str, graph: str | None = None) -> bool:
        """Truth value of an ASK query (over ``graph``, default: this engine's graph)."""
        result = self._post_query(add_prefixes(text), graph or self.graph)
        if not isinstance(result, bool) and result[0] == [ASK_COLUMN]:
            # Virtuoso 7.2 answers ASK in JSON as a one-column SELECT: one row (1) when true, none when false
            return any((row[0] or "0") not in ("0", "false") for row in result[1])
        if not isinstance(result, bool):
            raise QueryError("expected an ASK query")
        return result

    def count(self, graph: str | None = None) -> int:
        """Number of triples in a named graph (default: this engine's graph)."""
        graph = graph or self.graph
        pattern = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
        result = self._post_query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}", None)
        assert not isinstance(result, bool)
        try:
            return int(result[1][0][0] or 0)
        except (IndexError, ValueError) as exc:
            raise RemoteError(f"{self.urls.query} answered a triple count that is not a number") from exc

    def update(self, text: str) -> None:
        """Run a SPARQL Update on the server's update URL."""
        if self.urls.update is None:
            raise RemoteError(self._unknown_urls())
        with self._write_refusals():
            http_post(
                self.urls.update,
                form_body(update=text),
                "application/x-www-form-urlencoded",
                timeout=self.timeout,
                headers=self.headers,
            )

    @contextlib.contextmanager
    def _write_refusals(self) -> Iterator[None]:
        """Say what the server needs when it refuses a write for want of permission."""
        try:
            yield
        except RemoteError as exc:
            if exc.status in (401, 403) or (exc.status is not None and NO_PERMISSION.search(str(exc))):
                need = WRITE_GRANTS.get(self.urls.kind, "it must allow this client to update")
                raise RemoteError(f"{exc} (the server refused to write; {need})", status=exc.status) from exc
            raise

    def _unknown_urls(self) -> str:
        return (
            f"cannot tell which server {self.urls.query} is, so its update and graph-store URLs are "
            f"unknown: give a server kind ({', '.join(SERVER_KINDS)}) or both the update URL and "
            "the graph-store URL"
        )

    # -- Graph Store protocol -----------------------------------------------------------------
    def _post_chunk(self, staging: str, chunk: bytes) -> None:
        assert self.urls.gsp is not None
        sep = "&" if "?" in self.urls.gsp else "?"
        url = f"{self.urls.gsp}{sep}{urllib.parse.urlencode({'graph': staging})}"
        with self._write_refusals():
            http_post(url, chunk, NTRIPLES, timeout=self.timeout, headers=self.headers)

    def load(self, kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> RemoteLoadStats:
        """Replace the target graph on the server with the RDF view of kb (and findings)."""
        return self.load_ntriples(_ntriples_lines(kb, findings))

    def load_ntriples(self, lines: Iterable[str]) -> RemoteLoadStats:
        """Replace the target graph with these N-Triples lines, atomically from the user's view.

        Lines are streamed in chunks of ``chunk_triples`` to a fresh staging graph (never all
        held in memory); the staging graph's count is checked against the distinct lines sent;
        one ``MOVE`` replaces the target. Any failure, or an interrupt, drops the staging graph;
        failures raise RemoteError saying what had reached the server.
        """
        if self.urls.update is None or self.urls.gsp is None:
            raise RemoteError(self._unknown_urls())
        if self.graph is None and self.urls.kind in NEEDS_NAMED_GRAPH:
            raise RemoteError(
                f"{self.urls.query} ({self.urls.kind}) has no plain default graph to load into: its default "
                "graph is the union of every graph. Give a named graph (--graph IRI, or graph in mechkg.toml); "
                "nothing was sent"
            )
        start = time.perf_counter()
        staging = f"urn:mechkg:staging:{uuid.uuid4().hex}"
        total, requests = self._send(staging, lines)
        self._swap_in(staging, total)
        return RemoteLoadStats(total, time.perf_counter() - start, requests + 1, self.graph or "DEFAULT")

    def _send(self, staging: str, lines: Iterable[str]) -> tuple[int, int]:
        """Stream ``lines`` into the staging graph in chunks; (distinct lines, requests) sent.

        A failed request, or any other failure or interrupt, drops the staging graph first.
        """
        distinct: set[int] = set()  # hashes: a collision can only make the count check fail, safely
        sent = requests = 0
        chunk: list[str] = []
        source = iter(lines)
        try:
            while True:
                line = next(source, None)
                if line is not None:
                    line = line if line.endswith("\n") else line + "\n"
                    distinct.add(hash(line))
                    chunk.append(line)
                if chunk and (line is None or len(chunk) >= self.chunk_triples):
                    try:
                        self._post_chunk(staging, "".join(chunk).encode("utf-8"))
                    except RemoteError as exc:
                        self._fail(
                            staging,
                            f"loading into {self.describe()} failed at request {requests + 1}: {exc}. "
                            f"{sent} triples had reached the staging graph <{staging}> in {requests} requests",
                        )
                    requests += 1
                    sent += len(chunk)
                    chunk = []
                if line is None:
                    break
        except RemoteError:
            raise
        except BaseException:  # the triples could not be made, or Ctrl-C: leave nothing behind
            self._drop_quietly(staging)
            raise
        return len(distinct), requests

    def _swap_in(self, staging: str, total: int) -> None:
        """Check the staging graph holds ``total`` triples, then move it over the target graph."""
        try:
            held = self.count(staging) if total else 0
        except RemoteError as exc:
            self._fail(staging, f"loading into {self.describe()}: cannot count the staging graph: {exc}")
        if held != total:
            self._fail(
                staging,
                f"loading into {self.describe()}: the staging graph holds {held} triples, {total} were sent",
            )
        try:
            if total:
                self.update(f"MOVE <{staging}> TO {self.target}")
            else:
                self.update(f"CLEAR SILENT {'GRAPH ' + self.target if self.graph else 'DEFAULT'}")
        except RemoteError as exc:
            self._fail(
                staging,
                f"loading into {self.describe()}: all {total} triples reached the staging graph "
                f"<{staging}> but moving them into place failed: {exc}",
                unchanged="The target graph is unchanged if the server applies an update atomically.",
            )

    def _drop_quietly(self, staging: str) -> None:
        with contextlib.suppress(RemoteError):
            self.update(f"DROP SILENT GRAPH <{staging}>")

    def _fail(self, staging: str, message: str, unchanged: str = "The target graph is unchanged.") -> NoReturn:
        """Drop the staging graph and raise RemoteError saying what was and was not loaded."""
        try:
            self.update(f"DROP SILENT GRAPH <{staging}>")
            after = f"The staging graph was dropped. {unchanged}"
        except RemoteError as exc:
            after = (
                f"Dropping the staging graph also failed ({exc}); remove it with 'DROP GRAPH <{staging}>'. {unchanged}"
            )
        raise RemoteError(f"{message}. {after}")

    def close(self) -> None:
        """Nothing to release: every request opens and closes its own connection."""


__all__ = ["RemoteEngine", "RemoteLoadStats"]
