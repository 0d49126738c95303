from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import RDF, BNode, Graph, URIRef
from rdflib.compare import isomorphic

from kg.model import KnowledgeBase
from kg.rdf.nodes import claim_iri, entity_iri
from kg.rdf.triples import MK, to_rdf
from kg.vocab.iris import PREDICATE_IRIS


def test_claims_are_nodes_and_plain_triples(kb: KnowledgeBase) -> None:
    g = to_rdf(kb)
    for claim in kb.claims:
        node = claim_iri(claim)
        relation = URIRef(PREDICATE_IRIS[claim.predicate])
        assert (node, RDF.type, MK.Claim) in g
        assert (node, RDF.subject, entity_iri(claim.subject)) in g
        assert (node, RDF.predicate, relation) in g
        assert (entity_iri(claim.subject), relation, entity_iri(claim.object)) in g


def test_no_effect_claim_is_not_asserted_as_a_plain_triple(project, kb: KnowledgeBase) -> None:
    from kg.seeds.load import load_knowledge_base

    seed = project / "seeds" / "documents" / "widgetol.yaml"
    seed.write_text(
        seed.read_text().replace(
            "context: stroke-patients, cites: [3]",
            "context: stroke-patients, direction: no_effect, cites: [3]",
        )
    )
    kb2 = load_knowledge_base(project / "seeds", project / "ontology")
    g = to_rdf(kb2)
    (claim,) = [c for c in kb2.claims if c.direction.value == "no_effect"]
    relation = URIRef(PREDICATE_IRIS[claim.predicate])
    assert (claim_iri(claim), RDF.object, entity_iri(claim.object)) in g
    assert (entity_iri(claim.subject), relation, entity_iri(claim.object)) not in g


def test_no_blank_nodes(seeds_kb: KnowledgeBase) -> None:
    g = to_rdf(seeds_kb)
    assert not any(isinstance(t, BNode) for triple in g for t in triple)


def test_turtle_round_trip_is_isomorphic_and_read_by_oxigraph(seeds_kb: KnowledgeBase) -> None:
    g = to_rdf(seeds_kb)
    text = g.serialize(format="turtle")
    again = Graph().parse(data=text, format="turtle")
    assert isomorphic(g, again)
    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(g)


def test_evidence_points_into_document_with_a_span(kb: KnowledgeBase) -> None:
    g = to_rdf(kb)
    rows = list(
        g.query(
            """SELECT ?ev ?start ?end WHERE {
                 ?ev a mechkg:EvidenceRecord ; oa:hasTarget/oa:hasSelector ?s .
                 ?s oa:start ?start ; oa:end ?end }""",
            initNs={"mechkg": MK, "oa": "http://www.w3.org/ns/oa#"},
        )
    )
    assert len(rows) == 4
    assert all(int(r.start) < int(r.end) for r in rows)


@pytest.mark.parametrize(("value", "text"), [(1e-07, "0.0000001"), (0.0, "0.0"), (1.0, "1.0"), (0.85, "0.85")])
def test_confidence_is_written_as_a_plain_decimal(value: float, text: str) -> None:
    from kg.rdf.ntriples import decimal_text

    assert decimal_text(value) == text
