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

Server presets (``server_kind``) derive the update and graph-store URLs from the query URL
(query URL -> update URL, graph-store URL; see :data:`SERVER_KINDS`):

- oxigraph: ``BASE/query`` -> ``BASE/update``, ``BASE/store``
- fuseki: ``BASE/DATASET/sparql`` (or ``/query``) -> ``BASE/DATASET/update``, ``BASE/DATASET/data``
- graphdb: ``BASE/repositories/ID`` -> ``…/ID/statements``, ``…/ID/rdf-graphs/service``
- virtuoso: ``BASE/sparql`` -> ``BASE/sparql``, ``BASE/sparql-graph-crud``
- neptune: ``BASE/sparql`` -> ``BASE/sparql``, ``BASE/sparql/gsp/``
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import socket
import time
import tomllib
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from http.client import HTTPException
from pathlib import Path
from typing import Any, NoReturn

import pyoxigraph

from kg.errors import ConfigError, QueryError, RemoteError
from kg.model import Claim, Finding, KnowledgeBase, SupportClass
from kg.rdf.sparql import bind_values, query_text
from kg.selection import weak_support
from kg.vocab.iris import PREFIXES, enum_iri

#: Server presets: accepted query-URL suffixes, then the update and graph-store suffixes that
#: replace them. An empty query suffix means the query URL is the base itself (GraphDB).
SERVER_KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "oxigraph": (("/query",), "/update", "/store"),
    "fuseki": (("/sparql", "/query"), "/update", "/data"),
    "graphdb": (("",), "/statements", "/rdf-graphs/service"),
    "virtuoso": (("/sparql",), "/sparql", "/sparql-graph-crud"),
    "neptune": (("/sparql",), "/sparql", "/sparql/gsp/"),
}
#: Where a base URL (no query suffix) puts its query endpoint, per kind.
_DEFAULT_QUERY_SUFFIX = {
    "oxigraph": "/query",
    "fuseki": "/sparql",
    "graphdb": "",
    "virtuoso": "/sparql",
    "neptune": "/sparql",
}
KIND_CHOICES = ("auto", *SERVER_KINDS)
#: Kinds with no plain default graph: a query's default graph is the union of every graph
#: (Virtuoso: ``MOVE ... TO DEFAULT`` fails with SP031), so a load there needs a named graph.
NEEDS_NAMED_GRAPH = frozenset({"virtuoso"})
#: What a kind's server needs before it accepts writes, for the message when it refuses one.
WRITE_GRANTS = {
    "virtuoso": 'its SPARQL user needs the SPARQL_UPDATE role; as dba in isql: grant SPARQL_UPDATE to "SPARQL";',
}

#: Advice for server errors that a server setting causes, by the error code in the server's message.
SERVER_ADVICE: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bSR325\b"),
        "the update is one transaction larger than Virtuoso allows: raise TransactionAfterImageLimit in "
        "the [Parameters] section of virtuoso.ini (bytes; the MOVE that swaps a load in logs every triple)",
    ),
)

#: How servers say a request lacks permission (Virtuoso: ``SR186:SECURITY: No permission ...``).
_NO_PERMISSION = re.compile(r"(?i)\bSECURITY\b|\bno permission\b|\bpermission denied\b|\bnot authori[sz]ed\b")

#: Keys of the ``[endpoint]`` table of ``mechkg.toml``, with their types.
CONFIG_KEYS: dict[str, type | tuple[type, ...]] = {
    "url": str,
    "server_kind": str,
    "update_url": str,
    "gsp_url": str,
    "graph": str,
    "timeout": (int, float),
    "chunk_triples": int,
}
CONFIG_FILE = "mechkg.toml"

#: Variable names and rows of a SELECT answer.
Rows = tuple[list[str], list[tuple[str | None, ...]]]

RESULTS_JSON = "application/sparql-results+json"
NTRIPLES = "application/n-triples"
_SNIPPET = 300
_ASK_COLUMN = "__ASK_RETVAL"


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of one server: SPARQL query, SPARQL update, graph store (None: unknown)."""

    query: str
    update: str | None
    gsp: str | None
    kind: str


@dataclass(frozen=True)
class RemoteLoadStats:
    """What a load sent: distinct triples, wall time, HTTP requests, the graph loaded."""

    triples: int
    seconds: float
    requests: int
    graph: str


def _check_url(url: str, what: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"{what}: {url!r} is not an http(s) URL (expected e.g. http://127.0.0.1:7878/query)")
    return url


def _guess_kind(path: str) -> str | None:
    """The server kind a query-URL path unambiguously names, if any."""
    if path == "/query":
        return "oxigraph"
    if re.fullmatch(r"/repositories/[^/]+", path):
        return "graphdb"
    if re.fullmatch(r"/[^/]+/(sparql|query)", path) and not path.startswith("/sparql/"):
        return "fuseki"
    return None


def resolve_endpoints(
    endpoint: str, server_kind: str = "auto", update_url: str | None = None, gsp_url: str | None = None
) -> Endpoints:
    """Query, update and graph-store URLs of a server from its URL, preset and explicit URLs.

    ``endpoint`` is the query URL, or for a preset the base URL (``http://host:7878`` for
    Oxigraph, ``http://host:3030/ds`` for Fuseki). ``auto`` recognises ``/query`` (Oxigraph),
    ``/repositories/ID`` (GraphDB) and ``/DATASET/sparql`` (Fuseki); ``/sparql`` alone is Virtuoso
    or Neptune, so loads there need ``server_kind`` or explicit URLs.
    """
    if server_kind not in KIND_CHOICES:
        raise RemoteError(f"unknown server kind {server_kind!r} (expected one of: {', '.join(KIND_CHOICES)})")
    query = _check_url(endpoint, "endpoint")
    if urllib.parse.urlsplit(query).path not in ("", "/"):
        query = query.rstrip("/")
    path = urllib.parse.urlsplit(query).path.rstrip("/")
    kind = _guess_kind(path) if server_kind == "auto" else server_kind
    update = gsp = None
    if kind is not None:
        suffixes, update_suffix, gsp_suffix = SERVER_KINDS[kind]
        matched = next((s for s in suffixes if s and path.endswith(s)), None)
        if matched is not None:
            base = query[: len(query) - len(matched)]
        else:
            base = query.rstrip("/")
            query = base + _DEFAULT_QUERY_SUFFIX[kind]
        update, gsp = base + update_suffix, base + gsp_suffix
    if update_url:
        update = _check_url(update_url, "update URL")
    if gsp_url:
        gsp = _check_url(gsp_url, "graph-store URL")
    return Endpoints(query, update, gsp, kind or "unknown")


# --- configuration -----------------------------------------------------------------------------


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The ``[endpoint]`` table of ``mechkg.toml`` (``$MECHKG_CONFIG``, else ./mechkg.toml), or {}.

    Unknown keys and wrong types are errors naming the file and the allowed keys.
    """
    if path is None:
        env = os.environ.get("MECHKG_CONFIG")
        path = Path(env) if env else Path(CONFIG_FILE)
        if not env and not path.is_file():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    table = data.get("endpoint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [endpoint] must be a table")
    for key, value in table.items():
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{path}: [endpoint] unknown key {key!r} (expected one of: {', '.join(CONFIG_KEYS)})")
        expected = CONFIG_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            names = "number" if isinstance(expected, tuple) else expected.__name__
            raise ConfigError(f"{path}: [endpoint] {key} must be a {names}, got {value!r}")
    if "server_kind" in table and table["server_kind"] not in KIND_CHOICES:
        raise ConfigError(
            f"{path}: [endpoint] server_kind {table['server_kind']!r} (expected one of: {', '.join(KIND_CHOICES)})"
        )
    return dict(table)


def remote_settings(cli: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """Settings for :class:`RemoteEngine`: command-line values (incl. env vars) over the config file.

    Returns None when no endpoint is set anywhere (or it is ``none``): work locally.
    """
    config = read_config() if config is None else config
    merged = {key: config[key] for key in CONFIG_KEYS if key in config}
    merged.update({key: value for key, value in cli.items() if value is not None})
    url = merged.pop("url", None)
    if "endpoint" in merged:
        url = merged.pop("endpoint")
    if not url or str(url).lower() == "none":
        return None
    merged["endpoint"] = url
    return merged


# --- query text: prefixes and bound values -----------------------------------------------------

_DECLARED = re.compile(r"(?i)\bPREFIX\s+([A-Za-z][\w.-]*)?:")
_ORDER_BY = re.compile(r"(?i)\bORDER\s+BY\b")


def prefix_declarations(text: str) -> str:
    """``PREFIX`` declarations, on one line, for mechkg's prefixes the query does not declare itself."""
    declared = {m.group(1) or "" for m in _DECLARED.finditer(text)}
    return " ".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items() if p not in declared)


def add_prefixes(text: str) -> str:
    """The query with :func:`prefix_declarations` put in front of its first line.

    No line is added, so a server's error names the line of the user's own text.
    """
    head = prefix_declarations(text)
    return f"{head} {text}" if head else text


#: How servers point into a query on its first line: Oxigraph ``at 1:COL``, Jena and RDF4J
#: ``line 1, column COL``.
_FIRST_LINE_COLUMN = (re.compile(r"\b(at 1:)(\d+)\b"), re.compile(r"\b(line 1, column )(\d+)\b"))


def user_positions(message: str, text: str) -> str:
    """A server's error message about ``add_prefixes(text)`` with line-1 columns of ``text`` itself.

    Lines need no change (:func:`add_prefixes` adds none); columns on the first line are moved
    back by the length of the declarations put in front of it.
    """
    head = prefix_declarations(text)
    if not head:
        return message
    shift = len(head) + 1

    def back(m: re.Match[str]) -> str:
        column = int(m.group(2))
        return f"{m.group(1)}{column - shift}" if column > shift else m.group(0)

    for pattern in _FIRST_LINE_COLUMN:
        message = pattern.sub(back, message)
    return message


# --- HTTP ---------------------------------------------------------------------------------------


def _cause(exc: BaseException, url: str, timeout: float) -> str:
    """One line saying why a request to url failed."""
    reason: object = exc.reason if isinstance(exc, urllib.error.URLError) else exc
    if isinstance(reason, (TimeoutError, socket.timeout)):
        return f"no answer from {url} within {timeout:g} s (timeout)"
    if isinstance(reason, ConnectionRefusedError):
        return f"cannot reach {url}: connection refused (is the server running?)"
    if isinstance(reason, socket.gaierror):
        return f"cannot reach {url}: unknown host"
    if isinstance(reason, OSError) and reason.strerror:
        return f"cannot reach {url}: {reason.strerror}"
    return f"cannot reach {url}: {reason}"


def _error_text(detail: str, content_type: str) -> str:
    """The start of an error answer on one line (an HTML error page as its text)."""
    if "html" in content_type.lower() or detail.lstrip().startswith("<"):
        detail = re.sub(r"(?is)<(head|script|style)\b.*?</\1\s*>|<[^>]*>", " ", detail)
    return " ".join(detail.split())[:_SNIPPET]


def http_post(
    url: str,
    body: bytes,
    content_type: str,
    *,
    accept: str | None = None,
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, str, bytes]:
    """POST body to url; return (status, content type, answer). Errors become RemoteError.

    An HTTP error status raises :class:`RemoteError` with ``status`` set and the start of the
    server's answer in the message (an HTML error page as its text).
    """
    status, ctype, answer, _headers = _post(url, body, content_type, accept=accept, timeout=timeout, headers=headers)
    return status, ctype, answer


def _post(
    url: str,
    body: bytes,
    content_type: str,
    *,
    accept: str | None = None,
    timeout: float = 30.0,
    headers: Mapping[str, str] | None = None,
) -> tuple[int, str, bytes, Mapping[str, str]]:
    """:func:`http_post`, also returning the answer's headers."""
    request = urllib.request.Request(url, data=body, method="POST")
    request.add_header("Content-Type", content_type)
    if accept:
        request.add_header("Accept", accept)
    for key, value in (headers or {}).items():
        request.add_header(key, value)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.headers.get("Content-Type", ""), answer.read(), answer.headers
    except urllib.error.HTTPError as exc:
        try:
            detail = exc.read(4096).decode("utf-8", "replace").strip()
        except (OSError, HTTPException):
            detail = ""
        snippet = _error_text(detail, exc.headers.get("Content-Type", "") if exc.headers else "")
        message = f"{url} answered HTTP {exc.code} {exc.reason}" + (f": {snippet}" if snippet else "")
        advice = [text for pattern, text in SERVER_ADVICE if pattern.search(detail)]
        message += "".join(f" ({text})" for text in advice)
        raise RemoteError(message, status=exc.code) from exc
    except (urllib.error.URLError, OSError, HTTPException) as exc:
        raise RemoteError(_cause(exc, url, timeout)) from exc


def _form(**fields: str | None) -> bytes:
    return urllib.parse.urlencode({k.replace("_", "-"): v for k, v in fields.items() if v is not None}).encode()


def _cell(value: Mapping[str, Any] | None) -> str | None:
    if value is None:
        return None
    if value.get("type") == "bnode":
        return "_:" + str(value.get("value", ""))
    return str(value.get("value", ""))


def parse_results(body: bytes, url: str) -> tuple[list[str], list[tuple[str | None, ...]]] | bool:
    """Variable names and rows of a SPARQL JSON SELECT answer, or the truth value of an ASK."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        start = " ".join(body[:80].decode("utf-8", "replace").split())
        raise RemoteError(
            f"{url} did not answer with SPARQL JSON results (starts {start!r}); is it the query endpoint?"
        ) from exc
    if isinstance(data, dict) and isinstance(data.get("boolean"), bool):
        return bool(data["boolean"])
    try:
        names = [str(v) for v in data["head"].get("vars", [])]
        rows = [tuple(_cell(b.get(n)) for n in names) for b in data["results"]["bindings"]]
    except (KeyError, TypeError, AttributeError) as exc:
        raise RemoteError(f"{url} answered JSON that is not SPARQL results: missing {exc}") from exc
    return names, rows


def check_whole(headers: Mapping[str, str], rows: int, url: str) -> None:
    """Refuse an answer its server says it cut short (RemoteError naming the limit to raise).

    Virtuoso answers at most ``ResultSetMaxRows`` rows (Debian's default: 10,000) and then says
    so only in an ``X-SPARQL-MaxRows`` header; an "anytime" answer stopped by its time limit
    carries ``X-SQL-State``. A cut answer would look like a complete one, so it is an error.
    """
    limit = headers.get("X-SPARQL-MaxRows")
    if limit is not None:
        try:
            cut = rows >= int(limit)
        except ValueError:
            cut = True
        if cut:
            raise RemoteError(
                f"{url} cut its answer at {limit} rows (its result row limit; on Virtuoso "
                "ResultSetMaxRows in the [SPARQL] section of virtuoso.ini): raise the limit, "
                "mechkg does not use partial answers"
            )
    state = headers.get("X-SQL-State")
    if state:
        message = " ".join(str(headers.get("X-SQL-Message", "")).split())
        raise RemoteError(
            f"{url} answered a partial result ({state}{': ' + message if message else ''}); "
            "raise the server's query time limit (on Virtuoso MaxQueryExecutionTime)"
        )


def _ntriples_lines(kb: KnowledgeBase, findings: Sequence[Finding]) -> Iterator[str]:
    """N-Triples lines (with newline) of the RDF view, from the fast triple generator when present."""
    from kg.rdf import triples as rdf

    gen, line = getattr(rdf, "triples", None), getattr(rdf, "ntriples_line", None)
    if gen is not None and line is not None:
        for triple in gen(kb, findings):
            yield line(triple)
        return
    from kg.rdf.triples import to_ntriples

    for text in to_ntriples(kb, findings).decode("utf-8").splitlines():
        if text.strip():
            yield text + "\n"


def engine_claims(
    engine: Any, kb: KnowledgeBase, query: str, classes: Iterable[SupportClass] | None = None
) -> list[Claim]:
    """The claims a query run on an engine selects (its ``?id`` and ``?support`` columns).

    Claims come back as the local claim records, in the order of :func:`kg.query.weak_support`
    (weakest first), narrowed to ``classes`` by the support class the engine holds. An engine
    holding a claim the local seeds lack, or with another support class, is out of date: that
    is an error, not a silent mix.
    """
    names, rows = engine.query(query)
    if "id" not in names or "support" not in names:
        raise QueryError(f"query {query!r} must select ?id and ?support to list claims")
    by_id = {c.id: c for c in kb.claims}
    by_iri = {enum_iri(s): s for s in SupportClass}
    wanted = set(classes) if classes is not None else set(SupportClass)
    i_id, i_support = names.index("id"), names.index("support")
    found: dict[str, Claim] = {}
    stale: list[str] = []
    for row in rows:
        claim_id, support = row[i_id] or "", by_iri.get(row[i_support] or "")
        claim = by_id.get(claim_id)
        if claim is None or support is not claim.support:
            stale.append(claim_id)
        elif support in wanted:
            found[claim_id] = claim
    if stale:
        shown = ", ".join(sorted(stale)[:5]) + (", ..." if len(stale) > 5 else "")
        raise RemoteError(
            f"the graph queried holds {len(stale)} claims that differ from the local seeds ({shown}); "
            "load the current graph first (kg build --endpoint URL)"
        )
    order = {c.id: n for n, c in enumerate(weak_support(kb, list(SupportClass)))}
    return sorted(found.values(), key=lambda c: order[c.id])


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
        body = _form(query=text, default_graph_uri=default_graph)
        try:
            _status, _ctype, answer, headers = _post(
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
        if not _ORDER_BY.search(full):
            rows = sorted(rows, key=lambda r: tuple("" if v is None else v for v in r))
        return names, rows

    def ask(self, text: str, graph: str | None = None) -> bool:
        """Truth value of an ASK query (over ``graph``, default: this engine's graph)."""
        result = self._post_query(add_prefixes(text), graph or self.graph)
        if not isinstance(result, bool) and result[0] == [_ASK_COLUMN]:
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
                _form(update=text),
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
            if exc.status in (401, 403) or (exc.status is not None and _NO_PERMISSION.search(str(exc))):
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
        total = len(distinct)
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
        requests += 1
        return RemoteLoadStats(total, time.perf_counter() - start, requests, self.graph or "DEFAULT")

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


__all__ = [
    "CONFIG_FILE",
    "CONFIG_KEYS",
    "KIND_CHOICES",
    "NEEDS_NAMED_GRAPH",
    "SERVER_ADVICE",
    "SERVER_KINDS",
    "WRITE_GRANTS",
    "Endpoints",
    "RemoteEngine",
    "RemoteLoadStats",
    "add_prefixes",
    "check_whole",
    "engine_claims",
    "http_post",
    "parse_results",
    "prefix_declarations",
    "read_config",
    "remote_settings",
    "resolve_endpoints",
    "user_positions",
]
