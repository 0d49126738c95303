"""The classifier's agreement with the curated grades: each reference entry classified from its
title, host, ids and citing statements, and the entries where the two levels differ."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from kg.classify import Classification, classify, load_lexicon
from kg.model import Finding, FindingCategory, KnowledgeBase, LevelBasis, Reference, Severity
from kg.seeds.documents import span_text

__all__ = ["ClassifierRow", "citing_contexts", "classifier_disagreements", "classifier_report"]


@dataclass(frozen=True)
class ClassifierRow:
    """The classifier's verdict on one curated reference entry."""

    reference: Reference
    predicted: Classification

    @property
    def level_agrees(self) -> bool:
        """True when the predicted level equals the curated one."""
        return self.predicted.level is self.reference.level

    @property
    def tier_agrees(self) -> bool:
        """True when predicted and curated levels fall in the same support tier."""
        return self.predicted.level.tier == self.reference.level.tier

    @property
    def source_agrees(self) -> bool:
        """True when the predicted source type equals the curated one."""
        return self.predicted.source_type is self.reference.source_type


def citing_contexts(kb: KnowledgeBase, documents: Path | None) -> dict[str, str]:
    """For each reference entry, the text of the statements that cite it (documents needed)."""
    texts: dict[str, list[str]] = defaultdict(list)
    for claim in kb.claims:
        for ev in claim.evidence:
            text = span_text(ev.locator, documents)
            if text:
                for ref in ev.references:
                    if text not in texts[ref.key]:
                        texts[ref.key].append(text)
    return {k: " ".join(v) for k, v in texts.items()}


def classifier_report(kb: KnowledgeBase, ontology: Path, documents: Path | None) -> list[ClassifierRow]:
    """Classify every curated reference entry and pair the verdict with the curated grade."""
    lexicon = load_lexicon(ontology / "classifier")
    contexts = citing_contexts(kb, documents)
    rows = []
    for ref in kb.references:
        graded = kb.metadata_grades.get(ref.key)
        meta = Classification(graded[1], graded[0], LevelBasis.BIBLIOGRAPHIC_METADATA, graded[2]) if graded else None
        context = contexts.get(ref.key, "")
        predicted = classify(lexicon, ref.title, ref.host, ref.ids, ref.url, context, metadata=meta)
        rows.append(ClassifierRow(ref, predicted))
    return rows


def classifier_disagreements(rows: Iterable[ClassifierRow]) -> list[Finding]:
    """Reference entries where the curated level (which wins) differs from the classifier's."""
    return [
        Finding(
            FindingCategory.CLASSIFIER_DISAGREEMENT,
            Severity.INFO,
            f"{r.reference.key}: curated {r.reference.level.value}, classifier "
            f"{r.predicted.level.value} ({r.predicted.rationale})",
            (),
            (r.reference.key,),
            (),
            r.reference.document,
        )
        for r in rows
        if not r.level_agrees
    ]
