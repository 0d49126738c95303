"""Audits: generic rules over the claim graph that say where a mechanism story is weaker than it
looks (:mod:`kg.audit.rules`), the weak-chain search (:mod:`kg.audit.chains`) and the classifier's
agreement with the curated grades (:mod:`kg.audit.agreement`); :func:`audit` runs them all
(:mod:`kg.audit.run`). Shared helpers live in :mod:`kg.audit.common`.
"""

from __future__ import annotations

from kg.audit.agreement import ClassifierRow, citing_contexts, classifier_disagreements, classifier_report
from kg.audit.chains import weak_chains
from kg.audit.common import compounds_named, contexts_match, evidence_by_document, works_about
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
from kg.audit.run import audit, audit_selected, chains_searched

__all__ = [
    "ClassifierRow",
    "audit",
    "audit_selected",
    "chains_searched",
    "citing_contexts",
    "classifier_disagreements",
    "classifier_report",
    "compounds_named",
    "contexts_match",
    "contradictions",
    "duplicate_references",
    "evidence_by_document",
    "level_inflation",
    "metadata_disagreements",
    "non_evidence_citations",
    "retracted_citations",
    "subject_mismatch",
    "textbook_vendor_only",
    "uncited_and_self_citation",
    "weak_chains",
    "works_about",
]
