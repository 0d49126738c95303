"""Property-based tests: random knowledge bases round-trip through every export format.

A random project (random entities with free-text labels in any script, markup-like and
quote-laden text, random contexts, one to three seed files) is loaded and exported. Turtle,
N-Triples and JSON-LD read back through rdflib give the same graph (Turtle also through
pyoxigraph); Turtle, GraphML (``networkx.read_graphml``) and the TSV (``csv``) each give back the
same claims: ids, subject, predicate, object, support, levels, citations. Exports of the same
knowledge base are byte-identical.
"""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path

import networkx as nx
import pyoxigraph
import pytest
from hypothesis import given
from rdflib import Graph, Namespace, URIRef
from rdflib.compare import isomorphic

from kg.formats.registry import EXPORTERS
from kg.formats.tsv import TSV_COLUMNS
from kg.graph import CITATIONS, CLAIM_ID, LABEL, LEVELS, PREDICATE, SUPPORT, split, to_networkx
from kg.model import EvidenceLevel, KnowledgeBase, Predicate, SupportClass
from kg.query import weak_support
from kg.rdf.triples import to_rdf
from kg.seeds.load import load_knowledge_base
from kg.vocab.iris import PREFIXES, enum_iri

from .fuzz_strategies import Project, projects, write_project

pytestmark = pytest.mark.fuzz

MK = Namespace(PREFIXES["mechkg"])
DCT = Namespace(PREFIXES["dct"])
CITO = Namespace(PREFIXES["cito"])
RDF = Namespace("http://www.w3.org/1999/02/22-rdf-syntax-ns#")
HAS_EVIDENCE = URIRef("http://purl.obolibrary.org/obo/RO_0002558")
_ENUM_VALUE = {URIRef(enum_iri(m)): m.value for kind in (Predicate, SupportClass, EvidenceLevel) for m in kind}

#: What a reader of any format must get back for one claim.
Row = tuple[str, str, str, str, str, tuple[str, ...], frozenset[str]]


def _expected(kb: KnowledgeBase) -> dict[str, Row]:
    return {
        c.id: (
            c.id,
            c.subject,
            c.predicate.value,
            c.object,
            c.support.value,
            tuple(lv.value for lv in c.levels),
            frozenset(r.key for r in c.references),
        )
        for c in kb.claims
    }


def _claims_from_rdf(g: Graph) -> dict[str, Row]:
    """Claims as a consumer reads them from the RDF: through identifiers, not mechkg's IRIs."""
    out = {}
    for node in g.subjects(RDF.type, MK.Claim):
        cid = str(g.value(node, DCT.identifier))
        subject = str(g.value(g.value(node, RDF.subject), DCT.identifier))
        obj = str(g.value(g.value(node, RDF.object), DCT.identifier))
        levels = sorted((_ENUM_VALUE[lv] for lv in g.objects(node, MK.evidenceLevel)), key=_LEVEL_ORDER.index)
        cites = set()
        for ev in g.objects(node, HAS_EVIDENCE):
            for ref in g.objects(ev, CITO.citesAsEvidence):
                doc = str(g.value(ref, MK.inDocument)).rsplit("/", 1)[-1]
                cites.add(f"{doc}#{g.value(ref, MK.number)}")
        out[cid] = (
            cid,
            subject,
            _ENUM_VALUE[g.value(node, MK.predicate)],
            obj,
            _ENUM_VALUE[g.value(node, MK.supportClass)],
            tuple(levels),
            frozenset(cites),
        )
    return out


_LEVEL_ORDER = [m.value for m in EvidenceLevel]


def _load(project: Project) -> KnowledgeBase:
    with tempfile.TemporaryDirectory() as tmp:
        root = write_project(Path(tmp), project)
        return load_knowledge_base(root / "seeds", root / "ontology", root / "docs")


@given(projects())
def test_rdf_exports_round_trip(project: Project) -> None:
    kb = _load(project)
    want = _expected(kb)
    reference = to_rdf(kb)
    turtle = EXPORTERS["turtle"][1](kb, ())
    assert turtle == EXPORTERS["turtle"][1](kb, ())  # same input, same bytes
    back = Graph().parse(data=turtle.decode("utf-8"), format="turtle")
    assert isomorphic(back, reference)
    assert _claims_from_rdf(back) == want
    # a second, independent parser reads the same number of triples
    store = pyoxigraph.Store()
    store.load(turtle, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(reference)
    for fmt, parser in (("ntriples", "nt"), ("jsonld", "json-ld")):
        data = EXPORTERS[fmt][1](kb, ())
        assert isomorphic(Graph().parse(data=data.decode("utf-8"), format=parser), reference), fmt


@given(projects())
def test_graphml_round_trip(project: Project) -> None:
    kb = _load(project)
    data = EXPORTERS["graphml"][1](kb, ())
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    got = {}
    for u, v, d in g.edges(data=True):
        got[d[CLAIM_ID]] = (
            d[CLAIM_ID],
            u,
            d[PREDICATE],
            v,
            d[SUPPORT],
            tuple(split(d[LEVELS])),
            frozenset(split(d[CITATIONS])),
        )
    assert got == _expected(kb)
    for node, attrs in g.nodes(data=True):
        assert attrs[LABEL] == kb.label(node)
    # the streamed writer gives exactly what networkx's own writer gives for the graph view
    reference = io.BytesIO()
    nx.write_graphml_xml(to_networkx(kb), reference, encoding="utf-8", prettyprint=True)
    assert data == reference.getvalue()


@given(projects())
def test_tsv_round_trip(project: Project) -> None:
    kb = _load(project)
    for fmt, claims in (("tsv", list(kb.claims)), ("weak-tsv", weak_support(kb))):
        text = EXPORTERS[fmt][1](kb, ()).decode("utf-8")
        rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"))
        assert [r["claim_id"] for r in rows] == [c.id for c in claims]
        want = _expected(kb)
        for row in rows:
            assert tuple(row) == TSV_COLUMNS
            got = (
                row["claim_id"],
                row["subject_id"],
                row["predicate"],
                row["object_id"],
                row["support"],
                tuple(split(row["levels"])),
                frozenset(split(row["citations"])),
            )
            assert got == want[row["claim_id"]]
            assert row["subject_label"] == kb.label(row["subject_id"])
            assert row["object_label"] == kb.label(row["object_id"])
