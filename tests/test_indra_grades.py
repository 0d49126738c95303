"""The papers an INDRA import cites (:mod:`kg.formats.indra.grades`): numbered once each, graded
by the classifier, by the curated seeds, or as carried in a mechkg export's annotations."""

from __future__ import annotations

from pathlib import Path

from kg.classify import load_lexicon
from kg.formats.indra.export import ANNOTATION_KEY
from kg.formats.indra.grades import References
from kg.formats.indra.summary import ImportSummary
from kg.model import EvidenceLevel, LevelBasis, Reference, SourceType

LEXICON = load_lexicon(Path(__file__).resolve().parent.parent / "ontology" / "classifier")


def _references(curated: dict[str, Reference] | None = None) -> tuple[References, list[tuple[str, int, str]]]:
    warnings: list[tuple[str, int, str]] = []
    refs = References(LEXICON, curated or {}, ImportSummary("x.json"), lambda *w: warnings.append(w))
    return refs, warnings


def test_each_paper_is_numbered_once_in_first_cited_order() -> None:
    refs, warnings = _references()
    assert refs.cited({"pmid": "111"}, 0) == [1]
    assert refs.cited({"text_refs": {"DOI": "https://doi.org/10.1000/AbC"}}, 1) == [2]
    assert refs.cited({"pmid": "111", "text_refs": {"PMID": "111"}}, 2) == [1]
    assert refs.cited({"text": "no paper"}, 3) == []
    assert [r.ids for r in refs.records] == [("PMID:111",), ("doi:10.1000/abc",)]
    unknown = refs.records[0]
    assert unknown.basis is LevelBasis.IDENTIFIER and "grade it by hand" in unknown.note
    assert warnings == []


def test_a_malformed_identifier_is_dropped_with_a_warning() -> None:
    refs, warnings = _references()
    assert refs.cited({"pmid": "not-a-number"}, 7) == []
    assert warnings == [("malformed identifier dropped", 7, "PMID 'not-a-number' is malformed")]


def test_a_work_in_the_curated_seeds_keeps_its_grade() -> None:
    curated = Reference(
        "doc", 4, SourceType.PRIMARY_RESEARCH, EvidenceLevel.HUMAN_CLINICAL_RCT, LevelBasis.TITLE, ids=("PMID:222",)
    )
    refs, _ = _references({"pmid:222": curated})
    assert refs.cited({"pmid": "222"}, 0) == [1]
    (record,) = refs.records
    assert (record.level, record.basis) == (EvidenceLevel.HUMAN_CLINICAL_RCT, LevelBasis.TITLE)
    assert record.note == "grade of the same work curated as doc#4"
    assert refs.summary.reused_grades == 1


def test_grades_carried_in_the_annotations_are_used_and_bad_ones_ignored() -> None:
    refs, warnings = _references()
    good = {"ids": ["PMID:333"], "level": "human_clinical_rct", "source_type": "primary_research", "basis": "title"}
    bad = {"ids": ["PMID:444"], "level": "nonsense", "source_type": "primary_research", "basis": "title"}
    ev = {"annotations": {ANNOTATION_KEY: {"references": [good, bad, "not a dict"]}}}
    assert refs.cited(ev, 5) == [1]
    assert refs.records[0].level is EvidenceLevel.HUMAN_CLINICAL_RCT
    assert [w[0] for w in warnings] == ["bad carried grade"]
