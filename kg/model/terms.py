"""The closed vocabularies of the claim model, as enums: predicates, directions, evidence levels,
source types, level bases, entity types, id sources, systems, support classes, finding categories
and severities, with their ranks and families, and the support class that cited levels give.

Mapping them to standard IRIs is done once, in :mod:`kg.vocab.iris`.
"""

from __future__ import annotations

from enum import StrEnum

__all__ = [
    "Direction",
    "EntityType",
    "EvidenceLevel",
    "FindingCategory",
    "IdSource",
    "LevelBasis",
    "Predicate",
    "Severity",
    "SourceType",
    "SupportClass",
    "System",
    "support_class",
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
