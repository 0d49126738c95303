"""What the audit rules share: the compound types, locators in order, matching contexts, the
compounds a text or a cited work is about, and each document's evidence."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from operator import attrgetter

from kg.model import Claim, Context, EntityType, Evidence, KnowledgeBase, Locator, Reference

__all__ = [
    "COMPOUND_TYPES",
    "LOCATOR_ORDER",
    "compounds_named",
    "contexts_match",
    "evidence_by_document",
    "sorted_locators",
    "works_about",
]

#: Entity types that are compounds (the subjects whose stories the audit checks).
COMPOUND_TYPES = {EntityType.COMPOUND}
#: The order of a finding's locators: file, then span.
LOCATOR_ORDER = attrgetter("file", "start", "end")


def sorted_locators(evidence: Iterable[Evidence]) -> tuple[Locator, ...]:
    """The distinct locators of ``evidence``, in :data:`LOCATOR_ORDER`."""
    return tuple(sorted({ev.locator for ev in evidence}, key=LOCATOR_ORDER))


def contexts_match(a: Context, b: Context) -> bool:
    """Same context, or the same system and disease when both name a disease."""
    if a.id == b.id:
        return True
    return bool(a.disease) and a.disease == b.disease and a.system == b.system


def compounds_named(kb: KnowledgeBase, text: str) -> set[str]:
    """Compound entities whose label or synonym occurs in text as a whole word."""
    found = set()
    for ent in kb.entities.values():
        if ent.type not in COMPOUND_TYPES:
            continue
        for name in (ent.label, *ent.synonyms):
            if re.search(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text, re.IGNORECASE):
                found.add(ent.id)
                break
    return found


def works_about(kb: KnowledgeBase, ref: Reference) -> set[str]:
    """Compounds a cited work studies: curated ``about`` plus compounds its title names."""
    return set(ref.about) | compounds_named(kb, ref.title)


def evidence_by_document(kb: KnowledgeBase) -> dict[str, list[tuple[Claim, Evidence]]]:
    """Each document's (claim, evidence record) pairs, in claim order: one pass over the claims."""
    by_doc: dict[str, list[tuple[Claim, Evidence]]] = defaultdict(list)
    for claim in kb.claims:
        for ev in claim.evidence:
            by_doc[ev.document].append((claim, ev))
    return by_doc
