"""mechkg: a knowledge graph of biomedical mechanism claims, graded by the evidence they cite."""

from kg.build import build
from kg.errors import KGError, SeedError, SeedErrors
from kg.model import (
    Claim,
    Direction,
    Evidence,
    EvidenceLevel,
    KnowledgeBase,
    Predicate,
    Reference,
    SourceType,
    SupportClass,
)
from kg.seeds.load import load_knowledge_base

__version__ = "0.1.0"

__all__ = [
    "Claim",
    "Direction",
    "Evidence",
    "EvidenceLevel",
    "KGError",
    "KnowledgeBase",
    "Predicate",
    "Reference",
    "SeedError",
    "SeedErrors",
    "SourceType",
    "SupportClass",
    "__version__",
    "build",
    "load_knowledge_base",
]
