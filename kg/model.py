"""The claim model: entities, contexts, documents, references, evidence records and claims.

This module owns the closed vocabularies (as enums) and the frozen dataclasses that every view is
derived from. It imports nothing outside the standard library. Mapping the enums to standard IRIs
is done once, in :mod:`kg.vocab.iris`.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum

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


class Predicate(StrEnum):
    """What the subject does to the object."""

    ACTIVATES = "activates"
    INHIBITS = "inhibits"
    INCREASES_EXPRESSION = "increases_expression"
    DECREASES_EXPRESSION = "decreases_expression"
    INCREASES_AMOUNT = "increases_amount"
    DECREASES_AMOUNT = "decreases_amount"
    INCREASES_PHOSPHORYLATION = "increases_phosphorylation"
    DECREASES_PHOSPHORYLATION = "decreases_phosphorylation"
    PHOSPHORYLATES = "phosphorylates"
    BINDS = "binds"
    REGULATES = "regulates"
    INCREASES_PROCESS = "increases_process"
    DECREASES_PROCESS = "decreases_process"
    HAS_PART = "has_part"
    PART_OF = "part_of"
    MIMICS = "mimics"
    MANUFACTURED_BY = "manufactured_by"

    @property
    def polarity(self) -> int:
        """+1 for an increase, -1 for a decrease, 0 for an apolar or non-causal relation."""
        return _POLARITY.get(self, 0)

    @property
    def family(self) -> str:
        """The aspect of the object the predicate speaks of (activity, amount, …)."""
        return _FAMILY[self]

    @property
    def is_causal(self) -> bool:
        """True for predicates that say the subject changes the object."""
        return self.family not in {"composition", "similarity", "provenance"}


_POLARITY = {
    Predicate.ACTIVATES: 1,
    Predicate.INHIBITS: -1,
    Predicate.INCREASES_EXPRESSION: 1,
    Predicate.DECREASES_EXPRESSION: -1,
    Predicate.INCREASES_AMOUNT: 1,
    Predicate.DECREASES_AMOUNT: -1,
    Predicate.INCREASES_PHOSPHORYLATION: 1,
    Predicate.DECREASES_PHOSPHORYLATION: -1,
    Predicate.PHOSPHORYLATES: 1,
    Predicate.INCREASES_PROCESS: 1,
    Predicate.DECREASES_PROCESS: -1,
}

_FAMILY = {
    Predicate.ACTIVATES: "activity",
    Predicate.INHIBITS: "activity",
    Predicate.REGULATES: "activity",
    Predicate.INCREASES_EXPRESSION: "expression",
    Predicate.DECREASES_EXPRESSION: "expression",
    Predicate.INCREASES_AMOUNT: "amount",
    Predicate.DECREASES_AMOUNT: "amount",
    Predicate.INCREASES_PHOSPHORYLATION: "phosphorylation",
    Predicate.DECREASES_PHOSPHORYLATION: "phosphorylation",
    Predicate.PHOSPHORYLATES: "phosphorylation",
    Predicate.BINDS: "binding",
    Predicate.INCREASES_PROCESS: "process",
    Predicate.DECREASES_PROCESS: "process",
    Predicate.HAS_PART: "composition",
    Predicate.PART_OF: "composition",
    Predicate.MIMICS: "similarity",
    Predicate.MANUFACTURED_BY: "provenance",
}


class Direction(StrEnum):
    """Whether the evidence says the relation holds, does not hold, or shows no effect."""

    SUPPORTS = "supports"
    REFUTES = "refutes"
    NO_EFFECT = "no_effect"


class EvidenceLevel(StrEnum):
    """Study design of a cited work, strongest first (criteria in the README)."""

    META_ANALYSIS = "meta_analysis"
    HUMAN_CLINICAL_RCT = "human_clinical_rct"
    HUMAN_CLINICAL_OTHER = "human_clinical_other"
    ANIMAL = "animal"
    IN_VITRO = "in_vitro"
    REVIEW_SECONDARY = "review_secondary"
    VENDOR_ASSERTION = "vendor_assertion"
    NOT_EVIDENCE = "not_evidence"
    UNKNOWN = "unknown"

    @property
    def rank(self) -> int:
        """Position on the ladder: 0 is the strongest."""
        return list(EvidenceLevel).index(self)

    @property
    def tier(self) -> str:
        """The coarse tier used to derive support classes."""
        return _TIER[self]


_TIER = {
    EvidenceLevel.META_ANALYSIS: "clinical",
    EvidenceLevel.HUMAN_CLINICAL_RCT: "clinical",
    EvidenceLevel.HUMAN_CLINICAL_OTHER: "clinical",
    EvidenceLevel.ANIMAL: "preclinical",
    EvidenceLevel.IN_VITRO: "preclinical",
    EvidenceLevel.REVIEW_SECONDARY: "secondary",
    EvidenceLevel.VENDOR_ASSERTION: "vendor",
    EvidenceLevel.NOT_EVIDENCE: "none",
    EvidenceLevel.UNKNOWN: "none",
}


class SourceType(StrEnum):
    """What kind of work or page a reference is (criteria in the README)."""

    PRIMARY_RESEARCH = "primary_research"
    CLINICAL_TRIAL_REPORT = "clinical_trial_report"
    SYSTEMATIC_REVIEW = "systematic_review"
    NARRATIVE_REVIEW = "narrative_review"
    TRIAL_PROTOCOL_OR_REGISTRY = "trial_protocol_or_registry"
    MANUFACTURER_SITE = "manufacturer_site"
    VENDOR_SITE = "vendor_site"
    WEB_PAGE = "web_page"
    UNKNOWN_HOST = "unknown_host"


class LevelBasis(StrEnum):
    """What a level grade rests on."""

    TITLE = "title"
    IDENTIFIER = "identifier"
    HOST = "host"
    CITING_CONTEXT = "citing_context"
    CURATOR_KNOWLEDGE = "curator_knowledge"
    BIBLIOGRAPHIC_METADATA = "bibliographic_metadata"


class EntityType(StrEnum):
    """Kinds of things claims speak about."""

    COMPOUND = "compound"
    TOOL_COMPOUND = "tool_compound"
    CHEMICAL = "chemical"
    PROTEIN = "protein"
    PROTEIN_FAMILY = "protein_family"
    PATHWAY = "pathway"
    PROCESS = "process"
    PHENOTYPE = "phenotype"
    CELL_TYPE = "cell_type"
    ORGANIZATION = "organization"


class IdSource(StrEnum):
    """Where an entity identifier was checked."""

    STANDARDS = "standards"
    CURATOR = "curator"
    PROJECT = "project"


class System(StrEnum):
    """The experimental system of a context."""

    IN_VITRO = "in_vitro"
    IN_VIVO = "in_vivo"
    HUMAN = "human"
    UNSPECIFIED = "unspecified"


class SupportClass(StrEnum):
    """How well a claim is supported, derived from the levels of the works it cites."""

    CLINICAL = "clinical"
    PRECLINICAL_ONLY = "preclinical_only"
    PRECLINICAL_AND_VENDOR = "preclinical_and_vendor"
    SECONDARY_ONLY = "secondary_only"
    VENDOR_ONLY = "vendor_only"
    UNVERIFIABLE = "unverifiable"
    UNCITED = "uncited"

    @property
    def rank(self) -> int:
        """Position from strongest (0, clinical) to weakest (uncited)."""
        return list(SupportClass).index(self)

    @property
    def is_weak(self) -> bool:
        """True for every class that has no clinical support."""
        return self is not SupportClass.CLINICAL

    @property
    def preclinical_or_vendor(self) -> bool:
        """True when the support is only preclinical work and/or vendor assertions."""
        return self in _PRECLINICAL_OR_VENDOR


_PRECLINICAL_OR_VENDOR = {
    SupportClass.PRECLINICAL_ONLY,
    SupportClass.PRECLINICAL_AND_VENDOR,
    SupportClass.VENDOR_ONLY,
    SupportClass.UNCITED,
}


def support_class(levels: set[EvidenceLevel] | frozenset[EvidenceLevel]) -> SupportClass:
    """Derive the support class from the levels of the cited works (empty set: uncited)."""
    if not levels:
        return SupportClass.UNCITED
    tiers = {level.tier for level in levels}
    if "clinical" in tiers:
        return SupportClass.CLINICAL
    if "preclinical" in tiers:
        return SupportClass.PRECLINICAL_AND_VENDOR if "vendor" in tiers else SupportClass.PRECLINICAL_ONLY
    if "vendor" in tiers:
        return SupportClass.VENDOR_ONLY
    if "secondary" in tiers:
        return SupportClass.SECONDARY_ONLY
    return SupportClass.UNVERIFIABLE


class FindingCategory(StrEnum):
    """Kinds of audit findings (criteria in the README)."""

    SUBJECT_MISMATCH = "subject_mismatch"
    CONTRADICTION = "contradiction"
    LEVEL_INFLATION = "level_inflation"
    NON_EVIDENCE_CITATION = "non_evidence_citation"
    TEXTBOOK_VENDOR_ONLY = "textbook_vendor_only"
    DUPLICATE_REFERENCE = "duplicate_reference"
    UNCITED_CLAIMS = "uncited_claims"
    SELF_CITATION = "self_citation"
    WEAK_CHAIN = "weak_chain"
    CLASSIFIER_DISAGREEMENT = "classifier_disagreement"
    RETRACTED_CITATION = "retracted_citation"
    METADATA_DISAGREEMENT = "metadata_disagreement"


class Severity(StrEnum):
    """How much a finding weakens the story, most serious first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 is the most serious."""
        return list(Severity).index(self)


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


_WORD = re.compile(r"[a-z0-9]+")


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


def work_keys(ids: Iterable[str], title: str) -> list[str]:
    """Keys under which a cited work is known: its identifiers, then its title (four words or more)."""
    keys = [i.lower() for i in ids]
    words = _WORD.findall(title.lower())
    if len(words) >= 4:
        keys.append("title:" + " ".join(words))
    return keys


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


def fold_name(text: str) -> str:
    """A name as compared for identity: compatibility forms unified (NFKC) and case folded."""
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


_NOT_SLUG = re.compile(r"[^A-Za-z0-9]+")


def slug(text: str, empty: str = "") -> str:
    """Text as a file-name or anchor part: ASCII letters and digits, other runs as one hyphen,
    lower case ("Cerebrolysin: PI3K/Akt" -> "cerebrolysin-pi3k-akt"); ``empty`` when nothing is left."""
    return _NOT_SLUG.sub("-", text).strip("-").lower() or empty
