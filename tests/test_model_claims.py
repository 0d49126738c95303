"""The frozen dataclasses of the claim model (:mod:`kg.model.claims`): what a claim derives from
its evidence, the knowledge base's lookups, reference keys and finding ids."""

from __future__ import annotations

import pytest

from kg.model import (
    Claim,
    Direction,
    Entity,
    EntityType,
    Evidence,
    EvidenceLevel,
    Finding,
    FindingCategory,
    KnowledgeBase,
    LevelBasis,
    Locator,
    Predicate,
    Reference,
    Severity,
    SourceType,
    SupportClass,
    claim_id,
    work_keys,
)

AT = Locator("doc.txt", "0" * 64, 0, 5)


def _ref(n: int, level: EvidenceLevel, retracted: str = "", title: str = "") -> Reference:
    return Reference("doc", n, SourceType.PRIMARY_RESEARCH, level, LevelBasis.TITLE, title, retracted=retracted)


def _claim(*evidence: Evidence, levels: tuple[EvidenceLevel, ...] = ()) -> Claim:
    return Claim("E:a", Predicate.ACTIVATES, "E:b", "ctx", Direction.SUPPORTS, evidence, levels=levels)


def test_a_claim_lists_each_reference_and_document_once() -> None:
    one, two = _ref(1, EvidenceLevel.ANIMAL), _ref(2, EvidenceLevel.IN_VITRO)
    claim = _claim(
        Evidence("ev1", "doc", AT, (one, two)),
        Evidence("ev2", "other", AT, (two,)),
        Evidence("ev3", "doc", AT),
        levels=(EvidenceLevel.IN_VITRO, EvidenceLevel.ANIMAL),
    )
    assert claim.references == (one, two)
    assert claim.documents == ("doc", "other")
    assert claim.best_level is EvidenceLevel.ANIMAL
    assert claim.support is SupportClass.PRECLINICAL_ONLY
    assert claim.id == _claim().id and claim.id.startswith("C") and len(claim.id) == 13
    assert [ev.is_cited for ev in claim.evidence] == [True, True, False]
    assert _claim().best_level is None and _claim().support is SupportClass.UNCITED


def test_support_is_withdrawn_only_when_the_retracted_work_stood_alone() -> None:
    retracted = _ref(1, EvidenceLevel.HUMAN_CLINICAL_RCT, retracted="notice")
    assert retracted.counted_level is EvidenceLevel.NOT_EVIDENCE
    assert _claim(Evidence("e", "doc", AT, (retracted, _ref(2, EvidenceLevel.NOT_EVIDENCE)))).withdrawn
    assert not _claim(Evidence("e", "doc", AT, (retracted, _ref(3, EvidenceLevel.ANIMAL)))).withdrawn
    assert not _claim(Evidence("e", "doc", AT, (_ref(4, EvidenceLevel.ANIMAL),))).withdrawn


def test_reference_keys_and_work_keys() -> None:
    ref = Reference(
        "doc", 7, SourceType.PRIMARY_RESEARCH, EvidenceLevel.ANIMAL, LevelBasis.TITLE,
        "BDNF rises after exercise in rats", ids=("PMID:1",),
    )  # fmt: skip
    assert ref.key == "doc#7"
    assert ref.identity_keys() == ["pmid:1", "title:bdnf rises after exercise in rats"]
    assert work_keys(["DOI:10.1000/X"], "Too short") == ["doi:10.1000/x"]


def test_the_knowledge_base_finds_claims_and_labels() -> None:
    claim = _claim()
    ref = _ref(1, EvidenceLevel.ANIMAL)
    kb = KnowledgeBase(
        entities={"E:a": Entity("E:a", "Alpha", EntityType.PROTEIN)},
        contexts={},
        documents={},
        references=(ref,),
        claims=(claim,),
        works={ref.key: "W1"},
    )
    assert kb.claim(claim.id) is claim
    with pytest.raises(KeyError):
        kb.claim("C000000000000")
    assert (kb.label("E:a"), kb.label("E:zzz")) == ("Alpha", "E:zzz")
    assert kb.work_of(ref) == "W1"


def test_a_finding_id_depends_on_what_it_concerns_not_its_message() -> None:
    def finding(message: str, claims: tuple[str, ...]) -> Finding:
        return Finding(FindingCategory.CONTRADICTION, Severity.HIGH, message, claims=claims)

    assert finding("one", ("C1",)).id == finding("two", ("C1",)).id
    assert finding("one", ("C1",)).id != finding("one", ("C2",)).id
    assert finding("one", ()).id.startswith("F") and len(finding("one", ()).id) == 11


def test_claim_id_is_stable_and_key_sensitive() -> None:
    key = ("a", "activates", "b", "unspecified", "supports")
    assert claim_id(key) == claim_id(tuple(key))
    assert claim_id(key) != claim_id(("a", "activates", "b", "unspecified", "no_effect"))
    assert claim_id(key).startswith("C") and len(claim_id(key)) == 13
