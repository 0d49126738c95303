from __future__ import annotations

from pathlib import Path

from rdflib import RDF, Graph, URIRef

from kg.model import KnowledgeBase
from kg.rdf.triples import to_rdf
from kg.vocab.iris import MECHKG, PREDICATE_IRIS
from kg.vocab.ontology import vocabulary_turtle

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def _declared() -> set[URIRef]:
    g = Graph()
    for name in ("mechkg.ttl", "vocabularies.ttl"):
        g.parse(ONTOLOGY / name, format="turtle")
    return {s for s in g.subjects(RDF.type, None) if isinstance(s, URIRef)}


def test_generated_vocabularies_file_is_current() -> None:
    assert (ONTOLOGY / "vocabularies.ttl").read_bytes() == vocabulary_turtle(), "run: python tools/gen_ontology.py"


def test_every_mechkg_term_used_is_declared(seeds_kb: KnowledgeBase) -> None:
    declared = _declared()
    used = set()
    for triple in to_rdf(seeds_kb):
        for term in triple:
            if isinstance(term, URIRef) and str(term).startswith(MECHKG):
                used.add(term)
    assert used - declared == set()


def test_each_predicate_maps_to_one_standard_relation() -> None:
    for iri in PREDICATE_IRIS.values():
        assert iri.startswith(("http://purl.obolibrary.org/obo/", "https://w3id.org/biolink/", "http://schema.org/"))
