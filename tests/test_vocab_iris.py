"""kg.vocab.iris: every enum member has one IRI, CURIEs expand, and the interchange maps are complete."""

from __future__ import annotations

import re

import pytest

from kg.model import EvidenceLevel, Predicate, SupportClass
from kg.vocab.iris import (
    BIOLINK,
    CURIE_PATTERNS,
    CURIE_PREFIXES,
    ENUM_CLASSES,
    INDRA_TYPES,
    MECHKG,
    PREDICATE_INDRA,
    PREDICATE_IRIS,
    biolink_curie,
    enum_iri,
    expand_curie,
    mechkg,
)


def test_enum_iris_are_distinct_and_in_the_mechkg_namespace() -> None:
    iris = [enum_iri(m) for enum in ENUM_CLASSES for m in enum]
    assert len(iris) == len(set(iris))
    assert all(iri.startswith(MECHKG) for iri in iris)
    assert enum_iri(EvidenceLevel.ANIMAL) == mechkg("level_animal")
    assert enum_iri(SupportClass.VENDOR_ONLY) == MECHKG + "support_vendor_only"


def test_every_predicate_has_a_relation_iri() -> None:
    assert set(PREDICATE_IRIS) == set(Predicate)


def test_expand_curie_knows_its_prefixes_only() -> None:
    prefix = next(iter(CURIE_PREFIXES))
    assert expand_curie(f"{prefix}:123") == CURIE_PREFIXES[prefix] + "123"
    with pytest.raises(ValueError, match="unknown CURIE prefix"):
        expand_curie("NOSUCH:1")
    with pytest.raises(ValueError, match="unknown CURIE prefix"):
        expand_curie("no-colon")


def test_curie_patterns_are_valid_regular_expressions() -> None:
    for pattern in CURIE_PATTERNS.values():
        re.compile(pattern)


def test_indra_export_types_can_be_imported_back() -> None:
    for predicate, stype in PREDICATE_INDRA.items():
        default, allowed = INDRA_TYPES[stype]
        assert predicate is default or predicate in allowed


def test_biolink_curie() -> None:
    assert biolink_curie(BIOLINK + "Protein") == "biolink:Protein"
    assert biolink_curie("http://example.org/x") == "http://example.org/x"
