"""Safety: query parameters stay values, output names stay in their folder, document text stays
text in the HTML report, and the served endpoint refuses updates."""

from __future__ import annotations

import html
import html.parser
import re
import shutil
import tempfile
import unicodedata
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import assume, given
from hypothesis import strategies as st

from kg.cli import main
from kg.errors import OutputError, SeedErrors
from kg.formats import registry as export_module
from kg.formats.registry import write_exports
from kg.model import KnowledgeBase
from kg.output import inside
from kg.rdf.sparql import run_query
from kg.rdf.triples import to_rdf
from kg.seeds.load import load_knowledge_base

from .conftest import ENTITIES

#: A name that, spliced into query text, would close the string and the group and match everything.
EVIL = "Evil\" } UNION { ?claim ?p ?o } # ' \\ {{}} <x> ;"
EVIL_CURIE = "mechkg:x> } UNION { ?claim ?p ?o } #"
LABEL_QUERY = "SELECT ?e ?label WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


def _add_evil_entity(project: Path) -> None:
    """An entity whose label is quote- and brace-laden, subject of one claim of the test seed."""
    path = project / "ontology" / "entities" / "test.yaml"
    label = EVIL.replace("\\", "\\\\").replace('"', '\\"')
    path.write_text(ENTITIES + f'- {{id: "mechkg:evil", label: "{label}", type: compound}}\n', encoding="utf-8")
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace('id: w-4, subject: "FPLX:PI3K"', 'id: w-4, subject: "mechkg:evil"'), "utf-8")


@pytest.fixture
def evil_kb(project: Path) -> KnowledgeBase:
    _add_evil_entity(project)
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    assert kb.entities["mechkg:evil"].label == EVIL
    return kb


# --- SPARQL parameters are bound as values -------------------------------------------------


def test_rdflib_binding_is_a_value(evil_kb: KnowledgeBase) -> None:
    graph = to_rdf(evil_kb)
    _, rows = run_query(graph, LABEL_QUERY, {"label": EVIL})
    assert [str(r[0]) for r in rows] == ["https://w3id.org/mechkg/entity/evil"]
    _, rows = run_query(graph, "claims-about", {"entity": EVIL})
    assert rows == []  # a literal matches no claim subject; spliced, it would match every claim


def _cli(project: Path, *args: str) -> object:
    return CliRunner().invoke(
        main,
        [
            *(args[0], "--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")),
            *("--documents", str(project / "docs"), *args[1:]),
        ],
    )


def _rows(output: str) -> list[list[str]]:
    return [line.split("\t") for line in output.splitlines()[1:] if line]


@pytest.mark.parametrize("engine", ["memory", "store"])
def test_cli_bind_is_a_value_in_every_engine(
    evil_kb: KnowledgeBase, project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine: str
) -> None:
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    monkeypatch.delenv("MECHKG_ENDPOINT", raising=False)
    more: list[str] = []
    if engine == "store":
        store = tmp_path / "store"
        built = _cli(project, "build", "--quiet", "--out", str(tmp_path / "out"), "--store", str(store))
        assert built.exit_code == 0, built.output  # type: ignore[attr-defined]
        more = ["--store", str(store)]
    by_label = _cli(project, "sparql", LABEL_QUERY, "--bind", f"label={EVIL}", "--format", "tsv", *more)
    assert by_label.exit_code == 0, by_label.output  # type: ignore[attr-defined]
    assert _rows(by_label.output) == [["https://w3id.org/mechkg/entity/evil", EVIL]]  # type: ignore[attr-defined]
    good = _cli(project, "sparql", "claims-about", "--bind", "entity=mechkg:evil", "--format", "tsv", *more)
    assert len(_rows(good.output)) == 1  # type: ignore[attr-defined]
    # the hostile label names its entity (resolved as every command resolves names): its one claim, not all
    about = _cli(project, "sparql", "claims-about", "--bind", f"entity={EVIL}", "--format", "tsv", *more)
    assert about.exit_code == 0, about.output  # type: ignore[attr-defined]
    assert _rows(about.output) == _rows(good.output)  # type: ignore[attr-defined]
    # an IRI that tries to close itself: refused as an IRI, or matching nothing; never everything
    iri = _cli(project, "sparql", "claims-about", "--bind", f"entity={EVIL_CURIE}", "--format", "tsv", *more)
    if iri.exit_code == 0:  # type: ignore[attr-defined]
        assert _rows(iri.output) == []  # type: ignore[attr-defined]
    else:
        assert iri.exit_code == 1 and iri.output.startswith("Error:")  # type: ignore[attr-defined]
        assert "Traceback" not in iri.output  # type: ignore[attr-defined]


def test_remote_values_block_keeps_the_value_whole() -> None:
    pytest.importorskip("kg.store.remote")
    import pyoxigraph

    from kg.rdf.sparql import bind_values

    text = bind_values(LABEL_QUERY, {"label": EVIL})
    store = pyoxigraph.Store()
    store.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode("http://e/1"),
            pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            pyoxigraph.Literal(EVIL),
        )
    )
    store.add(
        pyoxigraph.Quad(
            pyoxigraph.NamedNode("http://e/2"),
            pyoxigraph.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
            pyoxigraph.Literal("other"),
        )
    )
    assert [str(s["e"].value) for s in store.query(text)] == ["http://e/1"]
    with pytest.raises(Exception, match="IRI"):
        bind_values(LABEL_QUERY, {"e": EVIL_CURIE})


# --- output names stay inside the output folder --------------------------------------------


@pytest.mark.parametrize("name", ["../escape.ttl", "/tmp/escape.ttl", "a/../../escape.ttl", "", "x\x00y"])
def test_format_chosen_names_cannot_leave_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError, match="refusing to write"):
        inside(tmp_path / "out", name)


def test_symlink_inside_the_folder_cannot_lead_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "link").symlink_to(tmp_path)
    with pytest.raises(OutputError, match="outside"):
        inside(out, "link/escape.ttl")
    assert inside(out, "sub/ok.ttl") == out / "sub" / "ok.ttl"


def test_bundle_format_with_an_escaping_name_writes_nothing(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def evil_bundle(_kb: KnowledgeBase, _findings: object = ()) -> dict[str, bytes]:
        return {"fine.txt": b"ok", "../escape.txt": b"bad"}

    monkeypatch.setitem(export_module.INTERCHANGE, "evil", evil_bundle)
    with pytest.raises(OutputError):
        write_exports(kb, tmp_path / "out", ["tsv", "evil"])
    assert not (tmp_path / "escape.txt").exists()
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())


def test_explicit_output_path_may_be_anywhere(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    monkeypatch.chdir(project / "docs")
    result = _cli(project, "export", "-o", "../claims-here.ttl")
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    assert (project / "claims-here.ttl").read_bytes().startswith(b"@prefix")


# --- the HTML report shows document text as text -------------------------------------------

HOSTILE = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '"><svg onload=alert(3)>',
    "javascript:alert(4)",
    "</title><script>alert(5)</script>",
    "<a href='javascript:alert(6)'>x</a>",
    "]]><!--<script>alert(7)</script>-->",
]


class _LiveParts(html.parser.HTMLParser):
    """Collects what a browser would run: script elements, on* attributes, javascript: URLs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.live: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "iframe", "object", "embed"):
            self.live.append(f"<{tag}>")
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.live.append(f"{tag} {name}={value}")
            url = re.sub(r"\s", "", value or "").lower()
            if name.lower() in ("href", "src", "xlink:href", "action") and url.startswith(
                ("javascript:", "data:text/")
            ):
                self.live.append(f"{tag} {name}={value}")


_OWN_SCRIPTS = [
    (Path(__file__).resolve().parents[1] / "kg" / "render" / "templates" / name).read_text(encoding="utf-8")
    for name in ("vendor/cytoscape.min.js", "report.js")
]


def _without_own_scripts(page: str) -> str:
    """The page without its JSON data block (checked to hold no '<') and its two own scripts
    (checked to be exactly the shipped files): whatever script is left was injected."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', page, flags=re.DOTALL)
    if match:
        assert "<" not in match.group(1), "a raw '<' in the JSON data block"
        page = page[: match.start()] + page[match.end() :]
    for code in _OWN_SCRIPTS:
        page = page.replace(f"<script>{code}</script>", "", 1)
    return page


def _live(page: str) -> list[str]:
    parser = _LiveParts()
    parser.feed(_without_own_scripts(page))
    parser.close()
    return parser.live


def _hostile_project(project: Path, words: list[str]) -> None:
    """Put hostile text into entity labels, a document label, reference titles and hosts, notes."""

    def q(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    entities = project / "ontology" / "entities" / "test.yaml"
    text = entities.read_text(encoding="utf-8")
    text = text.replace("label: Widgetol,", f"label: {q(words[0] + ' Widgetol')},")
    text = text.replace("label: BDNF,", f"label: {q(words[1 % len(words)] + ' BDNF')},")
    entities.write_text(text, encoding="utf-8")
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    text = seed.read_text(encoding="utf-8")
    text = text.replace("label: test notes on Widgetol", f"label: {q(words[2 % len(words)])}")
    text = text.replace(
        "title: Widgetol and BDNF in the rat brain after ischemia", f"title: {q(words[3 % len(words)])}"
    )
    text = text.replace("host: widgetol-shop.example", f"host: {q(words[4 % len(words)])}")
    text = text.replace("span: [", f"note: {q(words[5 % len(words)])}, span: [", 1)
    seed.write_text(text, encoding="utf-8")


def test_report_with_hostile_seed_text_has_nothing_live(
    project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("kg.render.report")
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    _hostile_project(project, HOSTILE)
    # a pathway too, so the hostile labels also pass through Graphviz into the inline SVG
    label = HOSTILE[1].replace('"', '\\"')
    (project / "ontology" / "pathways.yaml").write_text(
        f'- id: evil\n  label: "{label}"\n  members: ["mechkg:widgetol", "HGNC:1033", "FPLX:PI3K", "FPLX:AKT"]\n',
        encoding="utf-8",
    )
    result = _cli(project, "report", "--out", str(tmp_path / "r"), "--title", HOSTILE[4])
    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    page = (tmp_path / "r" / "report.html").read_text(encoding="utf-8")
    assert "Widgetol" in page and "&lt;script&gt;" in page  # the text is there, as text
    if shutil.which("dot"):
        assert page.count("<svg") >= 1
    assert _live(page) == []


@pytest.mark.fuzz
@given(
    st.lists(st.text(st.characters(exclude_categories=("Cs", "Cc")), min_size=1, max_size=30), min_size=6, max_size=6)
)
def test_report_with_random_text_has_nothing_live(project: Path, words: list[str]) -> None:
    pytest.importorskip("kg.render.report")
    from kg.render.report import build_report

    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(shutil.copytree(project, Path(tmp) / "p"))
        _hostile_project(copy, [f"<b onclick=x>{w}</b><script>{w}</script>" for w in words])
        try:
            kb = load_knowledge_base(copy / "seeds", copy / "ontology", copy / "docs")
        except SeedErrors:  # a drawn word the loader refuses (e.g. a control character)
            assume(False)
        page = build_report(kb, [], [], copy / "docs", title=words[0], diagrams=[])
    title = unicodedata.normalize("NFC", words[3]).split()
    assert not title or html.escape(title[0])[:5] in page  # the reference title is shown, as text
    assert _live(page) == []


# --- the served endpoint refuses updates ---------------------------------------------------


def _post(url: str, body: bytes, content_type: str, method: str = "POST") -> int:
    request = urllib.request.Request(url, data=body, method=method, headers={"Content-Type": content_type})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return int(answer.status)
    except urllib.error.HTTPError as exc:
        return exc.code


def test_served_endpoint_refuses_every_kind_of_update(kb: KnowledgeBase, project: Path, tmp_path: Path) -> None:
    serve = pytest.importorskip("kg.store.serve")
    from kg.audit import audit
    from kg.store.remote import RemoteEngine
    from tests.servers import HOST, free_port

    try:
        serve.oxigraph_binary()
    except Exception:
        pytest.skip("the Oxigraph server binary is not installed")
    store = tmp_path / "store"
    serve.write_store(kb, audit(kb, project / "ontology", project / "docs"), store)
    port = free_port()
    process = serve.start(store, HOST, port)
    try:
        base = f"http://{HOST}:{port}"
        before = RemoteEngine(f"{base}/query").count()
        insert = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
        form = "application/x-www-form-urlencoded"
        attempts = [
            (f"{base}/update", urllib.parse.urlencode({"update": insert}).encode(), form, "POST"),
            (f"{base}/update", insert.encode(), "application/sparql-update", "POST"),
            (f"{base}/query", urllib.parse.urlencode({"query": insert}).encode(), form, "POST"),
            (f"{base}/query", insert.encode(), "application/sparql-update", "POST"),
            (f"{base}/store?default", b"<http://x/a> <http://x/b> <http://x/c> .", "application/n-triples", "PUT"),
            (f"{base}/store?default", b"<http://x/a> <http://x/b> <http://x/c> .", "application/n-triples", "POST"),
            (f"{base}/store?default", b"", "text/plain", "DELETE"),
        ]
        for url, body, ctype, method in attempts:
            assert _post(url, body, ctype, method) >= 400, (method, url, ctype)
        assert RemoteEngine(f"{base}/query").count() == before
    finally:
        serve.stop(process)
