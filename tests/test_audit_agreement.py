"""kg.audit.agreement: the classifier's verdicts beside the curated grades, on the test project."""

from __future__ import annotations

from pathlib import Path

from kg.audit.agreement import ClassifierRow, citing_contexts, classifier_disagreements, classifier_report
from kg.classify import Classification
from kg.model import EvidenceLevel, FindingCategory, LevelBasis, Reference, Severity, SourceType
from kg.seeds.load import load_knowledge_base


def _row(curated: EvidenceLevel, predicted: EvidenceLevel, source: SourceType) -> ClassifierRow:
    ref = Reference("doc", 4, SourceType.PRIMARY_RESEARCH, curated, LevelBasis.CURATOR_KNOWLEDGE, "A title")
    return ClassifierRow(ref, Classification(source, predicted, LevelBasis.TITLE, "because"))


def test_a_row_says_what_agrees() -> None:
    same = _row(EvidenceLevel.ANIMAL, EvidenceLevel.ANIMAL, SourceType.PRIMARY_RESEARCH)
    assert same.level_agrees and same.tier_agrees and same.source_agrees
    other = _row(EvidenceLevel.ANIMAL, EvidenceLevel.IN_VITRO, SourceType.NARRATIVE_REVIEW)
    assert not other.level_agrees and not other.source_agrees
    assert other.tier_agrees is (EvidenceLevel.ANIMAL.tier == EvidenceLevel.IN_VITRO.tier)


def test_disagreements_are_info_findings_on_the_reference() -> None:
    rows = [
        _row(EvidenceLevel.ANIMAL, EvidenceLevel.ANIMAL, SourceType.PRIMARY_RESEARCH),
        _row(EvidenceLevel.ANIMAL, EvidenceLevel.IN_VITRO, SourceType.PRIMARY_RESEARCH),
    ]
    [finding] = classifier_disagreements(rows)
    assert finding.category is FindingCategory.CLASSIFIER_DISAGREEMENT and finding.severity is Severity.INFO
    assert finding.references == ("doc#4",)
    assert finding.message == "doc#4: curated animal, classifier in_vitro (because)"


def test_report_covers_every_reference_and_reads_citing_statements(project: Path) -> None:
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    rows = classifier_report(kb, project / "ontology", project / "docs")
    assert [r.reference.key for r in rows] == [r.key for r in kb.references]
    contexts = citing_contexts(kb, project / "docs")
    cited = {ref.key for claim in kb.claims for ev in claim.evidence for ref in ev.references}
    assert set(contexts) == cited and all(contexts.values())
    assert citing_contexts(kb, None) == {}
