"""The frozen dataclasses of the claim model: entities, contexts, documents, reference entries,
locators, evidence records, claims, the knowledge base and audit findings, with the ids derived
from them (:func:`claim_id`, ``Finding.id``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

from kg.model.names import work_keys
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
    "Document",
    "Entity",
    "Evidence",
    "Finding",
    "KnowledgeBase",
    "Locator",
    "Reference",
    "claim_id",
]


@dataclass(frozen=True, slots=True)
class Entity:
    """A thing claims are about, identified by a CURIE."""

    id: str
    label: str
    type: EntityType
    synonyms: tuple[str, ...] = ()
    xrefs: tuple[str, ...] = ()
    id_source: IdSource = IdSource.PROJECT
    note: str = ""


@dataclass(frozen=True, slots=True)
class Context:
    """Where a claim was observed: species, experimental system, model and disease."""

    id: str
    label: str
    system: System = System.UNSPECIFIED
    species: str | None = None
    model: str | None = None
    disease: str | None = None


@dataclass(frozen=True, slots=True)
class Document:
    """A source document that asserts claims (identified by its file's sha256)."""

    key: str
    file: str
    sha256: str
    length: int
    label: str
    source_type: SourceType
    compound: str
    compound_as_written: str
    publisher: str = ""
    host: str = ""
    date: str = ""
    references_numbered: bool = True
    note: str = ""


@dataclass(frozen=True, slots=True)
class Reference:
    """One entry of one document's reference list, graded."""

    document: str
    n: int
    source_type: SourceType
    level: EvidenceLevel
    basis: LevelBasis
    title: str = ""
    host: str = ""
    ids: tuple[str, ...] = ()
    url: str = ""
    about: tuple[str, ...] = ()
    note: str = ""
    retracted: str = ""

    @property
    def key(self) -> str:
        """Stable key of this list entry: ``<document>#<n>``."""
        return f"{self.document}#{self.n}"

    @property
    def counted_level(self) -> EvidenceLevel:
        """The level that counts for support classes: ``not_evidence`` once the work is retracted.

        ``retracted`` names where the retraction is known from (empty: not retracted).
        """
        return EvidenceLevel.NOT_EVIDENCE if self.retracted else self.level

    def identity_keys(self) -> list[str]:
        """Keys under which two entries denote the same work (identifiers, then title)."""
        return work_keys(self.ids, self.title)


@dataclass(frozen=True, slots=True)
class Locator:
    """Where in a document a statement stands: file, sha256 and a [start, end) span."""

    file: str
    sha256: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Evidence:
    """One curated statement: a document asserts a relation at a locator, citing references."""

    id: str
    document: str
    locator: Locator
    references: tuple[Reference, ...] = ()
    hedged: bool = False
    quantity: str = ""
    as_written: str = ""
    note: str = ""
    extracted: bool = False
    confidence: float | None = None

    @property
    def is_cited(self) -> bool:
        """True when the statement carries at least one citation."""
        return bool(self.references)


@dataclass(frozen=True, slots=True)
class Claim:
    """A typed edge (subject, predicate, object, context, direction) with its evidence."""

    subject: str
    predicate: Predicate
    object: str
    context: str
    direction: Direction
    evidence: tuple[Evidence, ...] = field(default=())
    works: tuple[str, ...] = ()
    levels: tuple[EvidenceLevel, ...] = ()

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        """The identity of the claim: evidence with the same key is assembled into it."""
        return (self.subject, self.predicate.value, self.object, self.context, self.direction.value)

    @property
    def id(self) -> str:
        """Deterministic claim id derived from the key."""
        return claim_id(self.key)

    @property
    def support(self) -> SupportClass:
        """Support class from the levels of the distinct works cited by all evidence."""
        return support_class(frozenset(self.levels))

    @property
    def references(self) -> tuple[Reference, ...]:
        """Every distinct reference entry cited by any evidence record, in evidence order."""
        seen: dict[str, Reference] = {}
        for ev in self.evidence:
            for ref in ev.references:
                seen.setdefault(ref.key, ref)
        return tuple(seen.values())

    @property
    def documents(self) -> tuple[str, ...]:
        """Keys of the documents that assert the claim, sorted."""
        return tuple(sorted({e.document for e in self.evidence}))

    @property
    def withdrawn(self) -> bool:
        """True when the claim cites a retracted work and every other work it cites is no evidence.

        Such a claim rested on the retracted work alone: its support was withdrawn.
        """
        refs = self.references
        if not any(r.retracted for r in refs):
            return False
        return all(r.retracted or r.level.tier == "none" for r in refs)

    @property
    def best_level(self) -> EvidenceLevel | None:
        """The strongest level among cited works, or None when uncited."""
        return min(self.levels, key=lambda lv: lv.rank) if self.levels else None


def claim_id(key: tuple[str, ...]) -> str:
    """Hash a claim key into a short stable id (``C`` + 12 hex digits)."""
    digest = hashlib.sha256("\x1f".join(key).encode("utf-8")).hexdigest()
    return "C" + digest[:12]


@dataclass(frozen=True, slots=True)
class KnowledgeBase:
    """Everything loaded from seeds and ontology: the source of truth for every view."""

    entities: dict[str, Entity]
    contexts: dict[str, Context]
    documents: dict[str, Document]
    references: tuple[Reference, ...]
    claims: tuple[Claim, ...]
    works: dict[str, str] = field(default_factory=dict)
    #: Reference key -> (level, source type, rationale) that the work's bibliographic metadata
    #: gives it (``seeds/metadata/works.jsonl``), whether or not a curator's grade outranks it.
    metadata_grades: dict[str, tuple[EvidenceLevel, SourceType, str]] = field(default_factory=dict)

    def claim(self, claim_id_: str) -> Claim:
        """Return the claim with this id (KeyError when absent)."""
        for c in self.claims:
            if c.id == claim_id_:
                return c
        raise KeyError(claim_id_)

    def work_of(self, ref: Reference) -> str:
        """The work id a reference entry belongs to."""
        return self.works[ref.key]

    def label(self, entity_id: str) -> str:
        """Label of an entity id (the id itself when unknown)."""
        ent = self.entities.get(entity_id)
        return ent.label if ent else entity_id


@dataclass(frozen=True, slots=True)
class Finding:
    """One audit finding: a category, a severity, a message and what it concerns."""

    category: FindingCategory
    severity: Severity
    message: str
    claims: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    locators: tuple[Locator, ...] = ()
    document: str = ""

    @property
    def id(self) -> str:
        """Deterministic id from the category and what the finding concerns."""
        parts = [self.category.value, self.document, *self.claims, *self.references]
        return "F" + hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:10]
