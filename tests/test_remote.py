"""The remote engine against real servers on 127.0.0.1 (Oxigraph, Virtuoso 7.2), and against failing stubs.

Every test taking ``server`` runs once per server of :data:`tests.virtuoso_server.SERVER_NAMES`;
the Virtuoso runs skip, saying why, when Debian's virtuoso-opensource is not installed.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pyoxigraph
import pytest
from click.testing import CliRunner

from kg.audit import audit
from kg.cli import main
from kg.errors import ConfigError, QueryError, RemoteError
from kg.model import KnowledgeBase, SupportClass
from kg.query import preclinical_or_vendor_only, weak_support
from kg.rdf.sparql import bind_values, query_names
from kg.rdf.triples import to_ntriples
from kg.seeds.load import load_knowledge_base
from kg.store.config import read_config, remote_settings, resolve_endpoints
from kg.store.embedded import EmbeddedEngine
from kg.store.engine import engine_claims
from kg.store.remote import RemoteEngine
from tests.conftest import SHARED_SEEDS
from tests.servers import HOST, forward, free_port, stub_server
from tests.virtuoso_server import SERVER_NAMES, SparqlServer, missing_virtuoso, sparql_server

GRAPH = "https://example.org/mechkg-test"


@pytest.fixture(scope="module", params=SERVER_NAMES)
def server(request: pytest.FixtureRequest) -> Iterator[SparqlServer]:
    """One read-write server of each kind for the module (tests load what they need first)."""
    if request.param == "virtuoso" and missing_virtuoso():
        pytest.skip(str(missing_virtuoso()))
    with sparql_server(request.param) as running:
        yield running


def _triples(data: bytes) -> set[pyoxigraph.Triple]:
    return {q.triple for q in pyoxigraph.parse(data, format=pyoxigraph.RdfFormat.N_TRIPLES)}


def _graphs(engine: RemoteEngine) -> set[str]:
    # GROUP BY, not DISTINCT: Virtuoso 7.2 answers the DISTINCT form by a scan (seconds), this at once
    _names, rows = engine.query("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    return {row[0] or "" for row in rows}


# --- URLs, settings and query text (no server) ---------------------------------------------


@pytest.mark.parametrize(
    ("endpoint", "kind", "expected"),
    [
        ("http://h:7878/query", "auto", ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
        ("http://h:7878", "oxigraph", ("http://h:7878/query", "http://h:7878/update", "http://h:7878/store")),
        (
            "http://h:3030/ds/sparql",
            "auto",
            ("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data"),
        ),
        ("http://h:3030/ds", "fuseki", ("http://h:3030/ds/sparql", "http://h:3030/ds/update", "http://h:3030/ds/data")),
        (
            "http://h:7200/repositories/kg",
            "auto",
            (
                "http://h:7200/repositories/kg",
                "http://h:7200/repositories/kg/statements",
                "http://h:7200/repositories/kg/rdf-graphs/service",
            ),
        ),
        (
            "http://h:8890/sparql",
            "virtuoso",
            ("http://h:8890/sparql", "http://h:8890/sparql", "http://h:8890/sparql-graph-crud"),
        ),
        ("https://h:8182", "neptune", ("https://h:8182/sparql", "https://h:8182/sparql", "https://h:8182/sparql/gsp/")),
        ("http://h:8890/sparql", "auto", ("http://h:8890/sparql", None, None)),
    ],
)
def test_server_presets(endpoint: str, kind: str, expected: tuple[str, str | None, str | None]) -> None:
    urls = resolve_endpoints(endpoint, kind)
    assert (urls.query, urls.update, urls.gsp) == expected


def test_bad_endpoint_settings() -> None:
    with pytest.raises(RemoteError, match="not an http"):
        resolve_endpoints("ftp://h/sparql")
    with pytest.raises(RemoteError, match=r"unknown server kind 'jena'.*fuseki"):
        resolve_endpoints("http://h/sparql", "jena")
    with pytest.raises(RemoteError, match=r"cannot tell which server.*server kind"):
        RemoteEngine("http://127.0.0.1:9/sparql").load_ntriples(["<http://a> <http://b> <http://c> .\n"])


def test_bound_values_are_serialised_terms_not_text() -> None:
    hostile = 'x" } ?claim ?p ?o . FILTER("1"="1'
    text = bind_values("SELECT ?s WHERE { ?s ?p ?entity }", {"entity": hostile})
    assert (
        text == 'SELECT ?s WHERE { VALUES (?entity) { ("x\\" } ?claim ?p ?o . FILTER(\\"1\\"=\\"1") }  ?s ?p ?entity }'
    )
    # the group found is the WHERE group, not a brace inside a comment, string or IRI
    tricky = '# not { this\nSELECT ?s FROM <http://g/#x> WHERE { ?s ?p "{" }'
    assert bind_values(tricky, {"s": "HGNC:1"}).endswith(
        'WHERE { VALUES (?s) { (<http://identifiers.org/hgnc/1>) }  ?s ?p "{" }'
    )
    with pytest.raises(QueryError, match="not a valid IRI"):
        bind_values("SELECT * { ?s ?p ?o }", {"s": "http://example.org/{a}"})
    with pytest.raises(QueryError, match="not a SPARQL variable"):
        bind_values("SELECT * { ?s ?p ?o }", {"s o": "x"})


def test_config_file(tmp_path: Path) -> None:
    path = tmp_path / "mechkg.toml"
    path.write_text(
        '[endpoint]\nurl = "http://127.0.0.1:1/query"\ngraph = "https://g"\ntimeout = 5\n', encoding="utf-8"
    )
    config = read_config(path)
    assert remote_settings({"endpoint": None, "graph": None}, config) == {
        "endpoint": "http://127.0.0.1:1/query",
        "graph": "https://g",
        "timeout": 5,
    }
    assert remote_settings({"endpoint": "http://other/query"}, config)["endpoint"] == "http://other/query"
    assert remote_settings({"endpoint": "none"}, config) is None
    assert remote_settings({}, {}) is None
    path.write_text('[endpoint]\nurl = "x"\nchunk = 5\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mechkg.toml: \[endpoint\] unknown key 'chunk' \(expected one of: url, "):
        read_config(path)
    path.write_text("[endpoint]\ntimeout = 'soon'\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="timeout must be a number"):
        read_config(path)
    path.write_text("[endpoint\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"mechkg.toml: not valid TOML: .*line 1"):
        read_config(path)


# --- real servers (Oxigraph, Virtuoso) -----------------------------------------------------------------


@pytest.mark.parametrize("graph", [None, GRAPH])
def test_load_puts_exactly_the_rdf_view_on_the_server(
    server: SparqlServer, kb: KnowledgeBase, project: Path, graph: str | None
) -> None:
    findings = audit(kb, project / "ontology", project / "docs")
    assert findings
    engine = server.engine(graph=graph)
    if graph is None and not server.plain_default_graph:  # Virtuoso: the default graph is every graph
        with pytest.raises(RemoteError, match=r"has no plain default graph.*Give a named graph.*nothing was sent"):
            engine.load(kb, findings)
        assert not any(g.startswith("urn:mechkg:staging:") for g in _graphs(engine))
        return
    stats = engine.load(kb, findings)
    local = server.expected(to_ntriples(kb, findings))
    assert stats.triples == len(local) == engine.count()
    assert server.triples(graph) == local
    claim = kb.claims[0]
    ask = f'ASK {{ <https://w3id.org/mechkg/claim/{claim.id}> dct:identifier "{claim.id}" }}'
    assert engine.ask(ask) is True
    assert engine.ask('ASK { ?c dct:identifier "no-such-claim" }') is False
    assert not any(g.startswith("urn:mechkg:staging:") for g in _graphs(engine))


def test_load_replaces_the_previous_graph(server: SparqlServer, kb: KnowledgeBase) -> None:
    engine = server.engine(graph=GRAPH + "/replace")
    engine.load_ntriples(["<http://example.org/old> <http://example.org/p> <http://example.org/o> .\n"])
    engine.load(kb)
    assert engine.ask("ASK { <http://example.org/old> ?p ?o }") is False
    assert engine.count() == len(_triples(to_ntriples(kb)))


@pytest.mark.parametrize("which", ["small", "seeds"])
def test_weak_support_via_server_equals_python(
    server: SparqlServer, which: str, kb: KnowledgeBase, seeds_kb: KnowledgeBase
) -> None:
    base = kb if which == "small" else seeds_kb
    if which == "seeds" and not base.claims:
        pytest.skip("no seed claims")
    engine = server.engine(graph=f"{GRAPH}/{which}")
    engine.load(base)
    assert [c.id for c in engine_claims(engine, base, "weak-support")] == [c.id for c in weak_support(base)]
    pov = engine_claims(engine, base, "preclinical-or-vendor-only")
    assert [c.id for c in pov] == [c.id for c in preclinical_or_vendor_only(base)]
    only = [SupportClass.VENDOR_ONLY, SupportClass.UNCITED]
    assert engine_claims(engine, base, "weak-support", only) == weak_support(base, only)


#: Values bound for the shipped queries that take one (each is also run unbound).
SHIPPED_BINDINGS = {
    "claims-about": {"entity": "FPLX:AKT"},
    "claims-by-level": {"level": "mechkg:level_animal"},
    "references-by-source-type": {"type": "mechkg:source_vendor_site"},
}


@pytest.mark.parametrize("which", ["small", "seeds"])
def test_shipped_queries_answer_as_the_embedded_engine(
    server: SparqlServer, which: str, project: Path, seeds_kb: KnowledgeBase
) -> None:
    if which == "small":  # reference 1 cites a retracted PMID, so withdrawn-claims has a row
        path = project / "seeds" / "documents" / "widgetol.yaml"
        path.write_text(path.read_text(encoding="utf-8").replace("{n: 1, ", '{n: 1, ids: ["PMID:10660827"], ', 1))
        base = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
        assert any(c.withdrawn for c in base.claims)
    else:
        base = seeds_kb
    remote = server.engine(graph=f"{GRAPH}/shipped-{which}", chunk_triples=2_000)
    remote.load(base)
    with EmbeddedEngine() as local:
        local.load(base)
        local.use_views = False  # the store's own answers, not the views materialised at load
        for name in query_names():
            for bindings in [None, *([SHIPPED_BINDINGS[name]] if name in SHIPPED_BINDINGS else [])]:
                expected = local.query(name, bindings)
                assert remote.query(name, bindings) == expected, (name, bindings)
                assert expected[1] or (which == "seeds" and name == "withdrawn-claims"), (name, bindings)


def test_chunked_load_gives_the_same_graph(server: SparqlServer, kb: KnowledgeBase) -> None:
    whole = server.engine(graph=f"{GRAPH}/whole")
    pieces = server.engine(graph=f"{GRAPH}/pieces", chunk_triples=7)
    one, many = whole.load(kb), pieces.load(kb)
    assert one.requests == 2  # one chunk and the MOVE
    assert many.requests == -(-many.triples // 7) + 1 > 10
    assert server.triples(f"{GRAPH}/pieces") == server.triples(f"{GRAPH}/whole")


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="source documents absent")
def test_chunked_load_of_the_seeds(server: SparqlServer, seeds_kb: KnowledgeBase) -> None:
    engine = server.engine(graph=f"{GRAPH}/seeds-chunked", chunk_triples=500)
    stats = engine.load(seeds_kb)
    assert stats.requests > 20
    assert server.triples(f"{GRAPH}/seeds-chunked") == server.expected(to_ntriples(seeds_kb))


def test_values_with_quotes_and_braces_round_trip(server: SparqlServer) -> None:
    hostile = 'say "hi" } ?s ?p ?o . { \\ \n end'
    literal = str(pyoxigraph.Literal(hostile))
    engine = server.engine(graph=f"{GRAPH}/hostile")
    engine.load_ntriples(
        [
            f"<http://example.org/a> <http://example.org/says> {literal} .\n",
            '<http://example.org/b> <http://example.org/says> "say" .\n',
        ]
    )
    query = "SELECT ?who WHERE { ?who <http://example.org/says> ?text }"
    assert engine.query(query, {"text": hostile}) == (["who"], [("http://example.org/a",)])
    assert engine.query(query, {"text": "say"}) == (["who"], [("http://example.org/b",)])
    assert engine.query("claims-about", {"entity": 'x" } ?claim ?p ?o . FILTER("1"="1'})[1] == []


def test_failure_mid_load_leaves_the_target_unchanged(server: SparqlServer, kb: KnowledgeBase) -> None:
    graph = f"{GRAPH}/atomic"
    before = ["<http://example.org/kept> <http://example.org/p> <http://example.org/o> .\n"]
    server.engine(graph=graph).load_ntriples(before)
    posts = []

    def fail_third_chunk(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        if handler.command == "POST" and handler.path.startswith(server.gsp_path + "?"):
            posts.append(len(body))
            if len(posts) == 3:
                return 500, "text/plain", b"disk full"
        return forward(server.base, handler, body)

    with stub_server(fail_third_chunk) as proxy:
        engine = RemoteEngine(proxy + server.query_path, server_kind=server.kind, graph=graph, chunk_triples=5)
        with pytest.raises(RemoteError) as caught:
            engine.load(kb)
    message = str(caught.value)
    assert "failed at request 3: " in message and "HTTP 500" in message and "disk full" in message
    assert "10 triples had reached the staging graph" in message and "in 2 requests" in message
    assert "The staging graph was dropped. The target graph is unchanged." in message
    assert len(posts) == 3
    assert server.triples(graph) == _triples("".join(before).encode())
    assert not any(g.startswith("urn:mechkg:staging:") for g in _graphs(server.engine()))


def test_triples_that_cannot_be_made_leave_nothing_behind(server: SparqlServer) -> None:
    graph = f"{GRAPH}/interrupted"
    engine = server.engine(graph=graph, chunk_triples=5)
    engine.load_ntriples(["<http://example.org/kept> <http://example.org/p> <http://example.org/o> .\n"])

    def lines_then_error() -> Iterator[str]:
        for n in range(20):
            yield f"<http://example.org/s{n}> <http://example.org/p> <http://example.org/o> .\n"
        raise ValueError("bad record")

    with pytest.raises(ValueError, match="bad record"):
        engine.load_ntriples(lines_then_error())
    assert engine.count() == 1 and engine.ask("ASK { <http://example.org/kept> ?p ?o }")
    assert not any(g.startswith("urn:mechkg:staging:") for g in _graphs(server.engine()))


def test_unreachable_endpoint(kb: KnowledgeBase, project: Path) -> None:
    url = f"http://{HOST}:{free_port()}/query"
    with pytest.raises(RemoteError, match=f"cannot reach {url}: connection refused"):
        RemoteEngine(url).query("weak-support")
    code, out = _run(project, "sparql", "weak-support", "--endpoint", url)
    assert code == 1
    assert f"Error: cannot reach {url}: connection refused" in out


def test_server_error_and_non_sparql_answers(kb: KnowledgeBase) -> None:
    def broken(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        if handler.path.startswith("/query"):
            return 500, "text/plain", b"internal trouble"
        return 200, "text/html", b"<html>not results</html>"

    with stub_server(broken) as base:
        with pytest.raises(RemoteError, match=r"answered HTTP 500 Internal Server Error: internal trouble"):
            RemoteEngine(f"{base}/query").query("weak-support")
        with pytest.raises(RemoteError, match=r"did not answer with SPARQL JSON results.*is it the query endpoint"):
            RemoteEngine(f"{base}/update", gsp_url=f"{base}/store", update_url=f"{base}/u").query("weak-support")
        with pytest.raises(RemoteError) as caught:
            RemoteEngine(f"{base}/query").load(kb)
    # every chunk arrived (the stub says 200) but counting failed: the load is refused and rolled back
    assert "cannot count the staging graph" in str(caught.value)
    assert "The target graph is unchanged." in str(caught.value)


def test_cli_server_errors_exit_1_and_build_says_nothing_changed(project: Path) -> None:
    def broken(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        return 500, "text/plain", b"out of memory"

    with stub_server(broken) as base:
        code, out = _run(project, "sparql", "weak-support", "--endpoint", f"{base}/query")
        assert code == 1 and f"Error: {base}/query answered HTTP 500 Internal Server Error: out of memory" in out
        code, out = _run(project, "build", "--out", str(project / "exports"), "--quiet", "--endpoint", f"{base}/query")
    assert code == 1
    assert "failed at request 1: " in out and "0 triples had reached the staging graph" in out
    assert "Dropping the staging graph also failed" in out and "The target graph is unchanged." in out
    assert (project / "exports" / "mechkg.ttl").is_file()  # the local exports were still written


def test_an_out_of_date_server_graph_is_refused(
    server: SparqlServer, kb: KnowledgeBase, seeds_kb: KnowledgeBase
) -> None:
    engine = server.engine(graph=f"{GRAPH}/stale")
    engine.load(seeds_kb)
    with pytest.raises(RemoteError, match=r"holds \d+ claims that differ from the local seeds.*kg build --endpoint"):
        engine_claims(engine, kb, "weak-support")


def test_rejected_query_is_a_query_error(server: SparqlServer) -> None:
    with pytest.raises(QueryError, match=r"the server rejected the query.*HTTP 400"):
        server.engine().query("SELECT ?x WHERE { ?x ?y }")


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?x WHERE { ?x ?y }",
        "# my query\nSELECT ?x\nWHERE {\n  ?x ?y\n}",
        "SELECT ?x WHERE { ?x mechkg:p ?y ?z }",
    ],
)
def test_query_error_names_the_line_and_column_of_the_users_text(server: SparqlServer, text: str) -> None:
    with pytest.raises(SyntaxError) as local:  # Oxigraph's own parser on the text exactly as written
        pyoxigraph.Store().query(text, prefixes={"mechkg": "https://w3id.org/mechkg/vocab#"})
    where = re.search(r"at (\d+:\d+)", str(local.value))
    assert where is not None
    with pytest.raises(QueryError) as remote:
        server.engine().query(text)
    found = re.search(r"at (\d+:\d+)", str(remote.value))
    if server.name == "virtuoso":  # Virtuoso names the line only: "SPARQL compiler, line 5: syntax error"
        assert found is None and f", line {where.group(1).split(':')[0]}: " in str(remote.value)
    else:
        assert found is not None and found.group(1) == where.group(1)


def test_timeout(kb: KnowledgeBase) -> None:
    release = threading.Event()

    def slow(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
        release.wait(5)
        return 200, "application/sparql-results+json", b'{"head":{"vars":[]},"results":{"bindings":[]}}'

    with stub_server(slow) as base:
        start = time.monotonic()
        try:
            with pytest.raises(RemoteError, match=r"no answer from .* within 0.3 s \(timeout\)"):
                RemoteEngine(f"{base}/query", timeout=0.3).query("weak-support")
        finally:
            release.set()
        assert time.monotonic() - start < 4


# --- the command line ------------------------------------------------------------------------


def _run(project: Path, *args: str) -> tuple[int, str]:
    base = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    base += ["--documents", str(project / "docs")]
    command, rest = args[0], list(args[1:])
    sub = [command] if command != "query" else [command, rest.pop(0)]
    result = CliRunner().invoke(main, [*sub, *base, *rest])
    return result.exit_code, result.output


def test_cli_build_then_query_and_sparql_via_server(server: SparqlServer, project: Path) -> None:
    graph = f"{GRAPH}/cli"
    where = [*server.cli_args(), "--graph", graph]
    code, out = _run(project, "build", "--out", str(project / "exports"), "--quiet", *where)
    assert code == 0, out
    assert f"into graph <{graph}> at {server.query_url}" in out
    for args in (["--format", "tsv"], ["--class", "uncited", "--format", "json"], ["--preclinical-or-vendor"]):
        local = _run(project, "query", "weak", *args)
        remote = _run(project, "query", "weak", *args, *where)
        assert remote == local and local[0] == 0
    local = _run(project, "sparql", "claims-about", "--bind", "entity=FPLX:AKT", "--format", "tsv")
    remote = _run(project, "sparql", "claims-about", "--bind", "entity=FPLX:AKT", "--format", "tsv", *where)
    assert remote == local and local[1].count("\n") == 2


def test_cli_reads_the_endpoint_from_env_and_config(
    server: SparqlServer, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project)
    (project / "mechkg.toml").write_text(
        f'[endpoint]\nurl = "{server.query_url}"\nserver_kind = "{server.kind}"\ngraph = "{GRAPH}/toml"\n',
        encoding="utf-8",
    )
    code, out = _run(project, "build", "--out", str(project / "exports"), "--quiet")
    assert code == 0 and f"into graph <{GRAPH}/toml>" in out
    assert _run(project, "query", "weak", "--format", "tsv") == _run(
        project, "query", "weak", "--format", "tsv", "--endpoint", "none"
    )
    monkeypatch.setenv("MECHKG_ENDPOINT", f"http://{HOST}:{free_port()}/query")
    code, out = _run(project, "sparql", "weak-support")
    assert code == 1 and "connection refused" in out
    (project / "mechkg.toml").write_text('[endpoint]\nurl = "x"\nretries = 3\n', encoding="utf-8")
    monkeypatch.delenv("MECHKG_ENDPOINT")
    code, out = _run(project, "sparql", "weak-support")
    assert code == 1 and "mechkg.toml: [endpoint] unknown key 'retries'" in out
