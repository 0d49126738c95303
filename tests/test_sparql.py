from __future__ import annotations

import pytest

from kg.errors import QueryError
from kg.model import KnowledgeBase
from kg.query import preclinical_or_vendor_only, weak_support
from kg.rdf.sparql import query_names, run_query, to_term
from kg.rdf.triples import to_rdf


def _ids(kb: KnowledgeBase, name: str, **bindings: str) -> set[str]:
    names, rows = run_query(to_rdf(kb), name, bindings)
    return {str(row[names.index("id")]) for row in rows}


def test_shipped_queries() -> None:
    assert query_names() == [
        "claims-about",
        "claims-by-level",
        "preclinical-or-vendor-only",
        "references-by-source-type",
        "weak-support",
        "withdrawn-claims",
    ]


@pytest.mark.parametrize("which", ["small", "seeds"])
def test_sparql_weak_support_equals_python(which: str, kb: KnowledgeBase, seeds_kb: KnowledgeBase) -> None:
    base = kb if which == "small" else seeds_kb
    assert _ids(base, "weak-support") == {c.id for c in weak_support(base)}
    assert _ids(base, "preclinical-or-vendor-only") == {c.id for c in preclinical_or_vendor_only(base)}


def test_weak_support_on_small_project(kb: KnowledgeBase) -> None:
    labels = {c.object: c.support.value for c in weak_support(kb)}
    assert labels == {"HGNC:1033": "preclinical_only", "GO:0043491": "vendor_only", "FPLX:AKT": "uncited"}


def test_claims_about_binds_an_entity(kb: KnowledgeBase) -> None:
    ids = _ids(kb, "claims-about", entity="FPLX:AKT")
    assert ids == {c.id for c in kb.claims if c.object == "FPLX:AKT"}


def test_claims_by_level(kb: KnowledgeBase) -> None:
    ids = _ids(kb, "claims-by-level", level="mechkg:level_human_clinical_rct")
    assert ids == {c.id for c in kb.claims if c.object == "GO:0051402"}


def test_quote_laden_value_is_bound_not_spliced(kb: KnowledgeBase) -> None:
    hostile = 'x" } ?claim ?p ?o . FILTER("1"="1'
    assert to_term(hostile).n3().startswith('"')
    _names, rows = run_query(to_rdf(kb), "claims-about", {"entity": hostile})
    assert rows == []


def test_bad_query_raises_query_error(kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError):
        run_query(to_rdf(kb), "SELECT ?x WHERE { ?x ?y }")
    with pytest.raises(QueryError, match="unknown query 'nope'"):
        run_query(to_rdf(kb), "nope")
