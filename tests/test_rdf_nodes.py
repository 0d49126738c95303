"""The IRIs of the RDF view's nodes (:mod:`kg.rdf.nodes`): deterministic, text and rdflib forms agree."""

from __future__ import annotations

from rdflib import URIRef

from kg.model import EvidenceLevel, Predicate
from kg.rdf.nodes import (
    claim_iri_text,
    context_iri,
    document_iri_text,
    entity_iri,
    entity_iri_text,
    enum_iri_text,
    work_iri_text,
)
from kg.vocab.iris import BASE, enum_iri, expand_curie


def test_text_and_term_forms() -> None:
    assert entity_iri_text("CHEBI:15377") == expand_curie("CHEBI:15377")
    assert entity_iri("CHEBI:15377") == URIRef(expand_curie("CHEBI:15377"))
    assert context_iri("cell-culture") == URIRef(f"{BASE}context/cell-culture")
    assert claim_iri_text("c1") == f"{BASE}claim/c1"
    assert document_iri_text("doc-a") == f"{BASE}document/doc-a"
    assert work_iri_text("w1") == f"{BASE}work/w1"


def test_enum_iris_are_the_vocabulary_iris_by_class() -> None:
    for member in (Predicate.ACTIVATES, EvidenceLevel.HUMAN_CLINICAL_RCT):
        assert enum_iri_text(member) == enum_iri(member)
        assert enum_iri_text(member) == enum_iri_text(member)  # cached, same answer
