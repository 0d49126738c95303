"""kg.selection: weak support, claims about an entity and entity names, on claims written here."""

from __future__ import annotations

import pytest

from kg.errors import UnknownEntityError
from kg.model import Claim, Direction, Entity, EntityType, EvidenceLevel, KnowledgeBase, Predicate, SupportClass
from kg.selection import (
    claims_about,
    claims_by_level,
    preclinical_or_vendor_only,
    resolve_entity,
    resolve_name,
    weak_support,
)

ENTITIES = {
    "c:1": Entity("c:1", "Widgetol", EntityType.COMPOUND, synonyms=("WGT-1",)),
    "p:1": Entity("p:1", "Widgetase", EntityType.PROTEIN),
    "p:2": Entity("p:2", "Gadgetase", EntityType.PROTEIN),
}


def _claim(subject: str, obj: str, *levels: EvidenceLevel) -> Claim:
    return Claim(subject, Predicate.ACTIVATES, obj, "ctx", Direction.SUPPORTS, (), (), levels)


CLINICAL = _claim("c:1", "p:1", EvidenceLevel.HUMAN_CLINICAL_RCT)
ANIMAL = _claim("c:1", "p:2", EvidenceLevel.ANIMAL)
UNCITED = _claim("p:1", "p:2")
SECONDARY = _claim("p:2", "p:1", EvidenceLevel.REVIEW_SECONDARY)
KB = KnowledgeBase(ENTITIES, {}, {}, (), (CLINICAL, ANIMAL, UNCITED, SECONDARY))


def test_weak_support_is_every_class_but_clinical_weakest_first() -> None:
    assert weak_support(KB) == [UNCITED, SECONDARY, ANIMAL]
    assert weak_support(KB, [SupportClass.PRECLINICAL_ONLY]) == [ANIMAL]
    assert weak_support(KB, [SupportClass.CLINICAL]) == [CLINICAL]


def test_preclinical_or_vendor_only_leaves_out_secondary_sources() -> None:
    assert preclinical_or_vendor_only(KB) == [UNCITED, ANIMAL]


def test_claims_by_level_and_about_an_entity() -> None:
    assert claims_by_level(KB, "animal") == [ANIMAL]
    assert claims_by_level(KB, "meta_analysis") == []
    assert claims_about(KB, "p:2") == [UNCITED, SECONDARY, ANIMAL]


def test_names_resolve_by_id_label_or_synonym_ignoring_case() -> None:
    assert resolve_entity(KB, "c:1") == "c:1"
    assert resolve_entity(KB, "widgetase") == "p:1"
    assert resolve_name(ENTITIES, "wgt-1") == "c:1"
    with pytest.raises(UnknownEntityError) as caught:
        resolve_entity(KB, "Widgetose")
    assert "Widgetase" in caught.value.suggestions
