"""kg.audit.common: what the audit rules share, on knowledge bases written in the test."""

from __future__ import annotations

from kg.audit.common import compounds_named, contexts_match, evidence_by_document, sorted_locators, works_about
from kg.model import (
    Claim,
    Context,
    Direction,
    Entity,
    EntityType,
    Evidence,
    EvidenceLevel,
    KnowledgeBase,
    LevelBasis,
    Locator,
    Predicate,
    Reference,
    SourceType,
    System,
)

ENTITIES = {
    "c:1": Entity("c:1", "Widgetol", EntityType.COMPOUND, synonyms=("WGT-1",)),
    "c:2": Entity("c:2", "Gadgetin", EntityType.COMPOUND),
    "p:1": Entity("p:1", "Widgetase", EntityType.PROTEIN),
}


def _kb(claims: tuple[Claim, ...] = ()) -> KnowledgeBase:
    return KnowledgeBase(ENTITIES, {}, {}, (), claims)


def _evidence(eid: str, document: str, start: int) -> Evidence:
    return Evidence(eid, document, Locator(f"{document}.txt", "0" * 64, start, start + 5))


def test_contexts_match_on_id_or_on_system_and_disease() -> None:
    a = Context("a", "rat stroke", System.IN_VIVO, disease="stroke")
    assert contexts_match(a, Context("a", "other label"))
    assert contexts_match(a, Context("b", "mouse stroke", System.IN_VIVO, disease="stroke"))
    assert not contexts_match(a, Context("b", "human stroke", System.HUMAN, disease="stroke"))
    no_disease = Context("c", "cells", System.IN_VITRO)
    assert not contexts_match(no_disease, Context("d", "cells too", System.IN_VITRO))


def test_compounds_named_as_whole_words_by_label_or_synonym() -> None:
    kb = _kb()
    assert compounds_named(kb, "Effects of widgetol and wgt-1 on Widgetase") == {"c:1"}
    assert compounds_named(kb, "Gadgetin-like agents and Widgetols") == set()
    assert compounds_named(kb, "Widgetase only") == set()


def test_works_about_adds_title_compounds_to_curated_ones() -> None:
    ref = Reference("doc", 1, SourceType.PRIMARY_RESEARCH, EvidenceLevel.ANIMAL, LevelBasis.TITLE, "Gadgetin in rats")
    assert works_about(_kb(), ref) == {"c:2"}
    curated = Reference("doc", 2, SourceType.PRIMARY_RESEARCH, EvidenceLevel.ANIMAL, LevelBasis.TITLE, about=("c:1",))
    assert works_about(_kb(), curated) == {"c:1"}


def test_evidence_by_document_keeps_claim_order_and_sorted_locators_dedupe() -> None:
    e1, e2, e3 = _evidence("e1", "b", 10), _evidence("e2", "a", 3), _evidence("e3", "b", 1)
    c1 = Claim("c:1", Predicate.ACTIVATES, "p:1", "ctx", Direction.SUPPORTS, (e1, e2))
    c2 = Claim("c:2", Predicate.ACTIVATES, "p:1", "ctx", Direction.SUPPORTS, (e3,))
    by_doc = evidence_by_document(_kb((c1, c2)))
    assert by_doc == {"b": [(c1, e1), (c2, e3)], "a": [(c1, e2)]}
    assert [(loc.file, loc.start) for loc in sorted_locators([e1, e3, e2, e1])] == [
        ("a.txt", 3),
        ("b.txt", 1),
        ("b.txt", 10),
    ]
