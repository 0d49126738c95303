"""The claim model: entities, contexts, documents, references, evidence records and claims.

This package owns the closed vocabularies (as enums, :mod:`kg.model.terms`), the frozen
dataclasses that every view is derived from (:mod:`kg.model.claims`) and name folding and slugs
(:mod:`kg.model.names`); its names are all offered here (``from kg.model import Claim``). It
imports nothing outside the standard library. Mapping the enums to standard IRIs is done once, in
:mod:`kg.vocab.iris`.
"""

from __future__ import annotations

from kg.model.claims import (
    Claim,
    Context,
    Document,
    Entity,
    Evidence,
    Finding,
    KnowledgeBase,
    Locator,
    Reference,
    claim_id,
)
from kg.model.names import fold_name, slug, work_keys
from kg.model.terms import (
    Direction,
    EntityType,
    EvidenceLevel,
    FindingCategory,
    IdSource,
    LevelBasis,
    Predicate,
    Severity,
    SourceType,
    SupportClass,
    System,
    support_class,
)

__all__ = [
    "Claim",
    "Context",
    "Direction",
    "Document",
    "Entity",
    "EntityType",
    "Evidence",
    "EvidenceLevel",
    "Finding",
    "FindingCategory",
    "IdSource",
    "KnowledgeBase",
    "LevelBasis",
    "Locator",
    "Predicate",
    "Reference",
    "Severity",
    "SourceType",
    "SupportClass",
    "System",
    "claim_id",
    "fold_name",
    "slug",
    "support_class",
    "work_keys",
]
