"""The whole audit: every rule, the weak-chain search and the classifier's disagreements, as one
sorted list of findings."""

from __future__ import annotations

from pathlib import Path

from kg.audit.agreement import classifier_disagreements, classifier_report
from kg.audit.chains import weak_chains
from kg.audit.rules import (
    contradictions,
    duplicate_references,
    level_inflation,
    metadata_disagreements,
    non_evidence_citations,
    retracted_citations,
    subject_mismatch,
    textbook_vendor_only,
    uncited_and_self_citation,
)
from kg.classify import load_lexicon
from kg.model import Finding, FindingCategory, KnowledgeBase, Severity

__all__ = ["audit", "audit_selected", "chains_searched"]


def chains_searched(kb: KnowledgeBase, chains: bool | None = None) -> bool:
    """Whether :func:`audit` runs the weak-chain search: always, unless ``chains`` is False."""
    return chains is not False


def audit(
    kb: KnowledgeBase, ontology: Path, documents: Path | None = None, chains: bool | None = None
) -> list[Finding]:
    """Run every audit; findings sorted by severity, category and id.

    ``chains=False`` leaves out the weak-chain search; by default (None) or True it runs, at
    every size (see :func:`chains_searched`).
    """
    lexicon = load_lexicon(ontology / "classifier")
    findings = [
        *subject_mismatch(kb),
        *contradictions(kb),
        *level_inflation(kb, lexicon, documents),
        *non_evidence_citations(kb),
        *retracted_citations(kb),
        *metadata_disagreements(kb),
        *textbook_vendor_only(kb),
        *duplicate_references(kb),
        *uncited_and_self_citation(kb, lexicon),
        *(weak_chains(kb) if chains_searched(kb, chains) else ()),
        *classifier_disagreements(classifier_report(kb, ontology, documents)),
    ]
    unique = {f.id: f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.severity.rank, f.category.value, f.id))


def audit_selected(
    kb: KnowledgeBase,
    ontology: Path,
    documents: Path | None = None,
    categories: tuple[str, ...] = (),
    min_severity: str = "info",
) -> list[Finding]:
    """:func:`audit` cut to ``categories`` (every one when empty) at ``min_severity`` or worse; the
    weak-chain search runs only when its category is among those asked for."""
    limit = Severity(min_severity).rank
    chains: bool | None = None  # everything asked for
    if categories:
        chains = FindingCategory.WEAK_CHAIN.value in categories
    return [
        f
        for f in audit(kb, ontology, documents, chains)
        if f.severity.rank <= limit and (not categories or f.category.value in categories)
    ]
