from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.model import KnowledgeBase
from kg.rdf.nodes import claim_iri
from kg.rdf.shacl import validate_graph
from kg.rdf.triples import HAS_EVIDENCE, to_rdf

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"
OA = "http://www.w3.org/ns/oa#"


def test_seed_graph_conforms(seeds_kb: KnowledgeBase) -> None:
    conforms, report = validate_graph(to_rdf(seeds_kb), ONTOLOGY)
    assert conforms, report


def test_claim_without_evidence_does_not_conform(kb: KnowledgeBase) -> None:
    g = to_rdf(kb)
    g.remove((claim_iri(kb.claims[0]), HAS_EVIDENCE, None))
    conforms, report = validate_graph(g, ONTOLOGY)
    assert not conforms
    assert "RO_0002558" in report


def test_reversed_span_does_not_conform(kb: KnowledgeBase) -> None:
    g = to_rdf(kb)
    selector = next(g.subjects(URIRef(OA + "start"), None))
    g.set((selector, URIRef(OA + "start"), Literal(10**6, datatype=XSD.nonNegativeInteger)))
    conforms, report = validate_graph(g, ONTOLOGY)
    assert not conforms
    assert "LessThan" in report


def test_graph_with_findings_conforms_and_sparql_sees_them(seeds_kb: KnowledgeBase) -> None:
    from kg.audit import audit

    findings = audit(seeds_kb, ONTOLOGY)
    g = to_rdf(seeds_kb, findings)
    conforms, report = validate_graph(g, ONTOLOGY)
    assert conforms, report
    rows = list(
        g.query(
            "SELECT ?f WHERE { ?f a mechkg:Finding ; mechkg:category mechkg:finding_subject_mismatch }",
            initNs={"mechkg": "https://w3id.org/mechkg/vocab#"},
        )
    )
    assert len(rows) == sum(f.category.value == "subject_mismatch" for f in findings) >= 1
