"""Written criteria for each closed-vocabulary term, used in the ontology and the README.

One sentence per term, in the project's own words; ``tools/gen_ontology.py`` writes them into
``ontology/mechkg.ttl`` as ``skos:definition`` and a test keeps the two in step.
"""

from __future__ import annotations

from kg.model import (
    Direction,
    EvidenceLevel,
    FindingCategory,
    LevelBasis,
    Predicate,
    Severity,
    SourceType,
    SupportClass,
)

__all__ = [
    "BASIS_MEANINGS",
    "DIRECTION_MEANINGS",
    "FINDING_MEANINGS",
    "LEVEL_CRITERIA",
    "PREDICATE_MEANINGS",
    "SEVERITY_MEANINGS",
    "SOURCE_CRITERIA",
    "SUPPORT_CRITERIA",
]

LEVEL_CRITERIA: dict[EvidenceLevel, str] = {
    EvidenceLevel.META_ANALYSIS: "A systematic review of human studies, with or without pooled "
    "statistics (Cochrane reviews included).",
    EvidenceLevel.HUMAN_CLINICAL_RCT: "A report of a randomised controlled trial in people.",
    EvidenceLevel.HUMAN_CLINICAL_OTHER: "Any other study in people: non-randomised, open-label, "
    "observational, case series or case report.",
    EvidenceLevel.ANIMAL: "Experiments in living non-human animals, randomised or not.",
    EvidenceLevel.IN_VITRO: "Experiments on cells, tissue or cell-free systems outside a living "
    "organism, human cells taken from donors included.",
    EvidenceLevel.REVIEW_SECONDARY: "A narrative review, textbook page or explainer that "
    "summarises other work without new data or systematic methods.",
    EvidenceLevel.VENDOR_ASSERTION: "A page of the product's manufacturer or of a seller of the "
    "product or of reagents: an assertion, not a study.",
    EvidenceLevel.NOT_EVIDENCE: "A trial protocol, registry entry or inclusion-criteria page: it "
    "describes a planned study and cannot show that an effect exists.",
    EvidenceLevel.UNKNOWN: "The cited work cannot be identified (a bare host, a vague source) or "
    "its design cannot be determined.",
}

SOURCE_CRITERIA: dict[SourceType, str] = {
    SourceType.PRIMARY_RESEARCH: "An article reporting original experiments or observations.",
    SourceType.CLINICAL_TRIAL_REPORT: "An article reporting the results of a clinical trial.",
    SourceType.SYSTEMATIC_REVIEW: "A systematic review or meta-analysis with stated search and inclusion methods.",
    SourceType.NARRATIVE_REVIEW: "A review article without systematic methods.",
    SourceType.TRIAL_PROTOCOL_OR_REGISTRY: "A published protocol, a trial-registry record or a "
    "page of inclusion criteria.",
    SourceType.MANUFACTURER_SITE: "A website of the company that makes the product.",
    SourceType.VENDOR_SITE: "A website that sells the product, related products or reagents.",
    SourceType.WEB_PAGE: "Another web page (blog, foundation page, repository listing).",
    SourceType.UNKNOWN_HOST: "A host or source that does not identify a work.",
}

SUPPORT_CRITERIA: dict[SupportClass, str] = {
    SupportClass.CLINICAL: "At least one cited work is a human study or a systematic review.",
    SupportClass.PRECLINICAL_ONLY: "The strongest cited works are animal or in vitro studies, "
    "and no vendor page is cited.",
    SupportClass.PRECLINICAL_AND_VENDOR: "Animal or in vitro studies plus vendor pages, no human study.",
    SupportClass.SECONDARY_ONLY: "Only narrative reviews (and unidentifiable or non-evidence sources) are cited.",
    SupportClass.VENDOR_ONLY: "Only manufacturer or vendor pages (and unidentifiable or "
    "non-evidence sources) are cited.",
    SupportClass.UNVERIFIABLE: "Citations exist but none can be identified or none is evidence.",
    SupportClass.UNCITED: "The asserting documents cite nothing for it: its only support is the documents themselves.",
}

PREDICATE_MEANINGS: dict[Predicate, str] = {
    Predicate.ACTIVATES: "The subject increases the activity of the object.",
    Predicate.INHIBITS: "The subject decreases the activity of the object.",
    Predicate.INCREASES_EXPRESSION: "The subject raises the expression (mRNA) of the object.",
    Predicate.DECREASES_EXPRESSION: "The subject lowers the expression (mRNA) of the object.",
    Predicate.INCREASES_AMOUNT: "The subject raises the amount (protein or chemical level) of the object.",
    Predicate.DECREASES_AMOUNT: "The subject lowers the amount of the object.",
    Predicate.INCREASES_PHOSPHORYLATION: "The subject causes more phosphorylation of the object, directly or not.",
    Predicate.DECREASES_PHOSPHORYLATION: "The subject causes less phosphorylation of the object.",
    Predicate.PHOSPHORYLATES: "The subject, a kinase, phosphorylates the object itself.",
    Predicate.BINDS: "The subject binds the object physically.",
    Predicate.REGULATES: "The subject changes the object, direction not stated.",
    Predicate.INCREASES_PROCESS: "The subject promotes a process or improves an outcome.",
    Predicate.DECREASES_PROCESS: "The subject reduces a process or an outcome.",
    Predicate.HAS_PART: "The object is a constituent of the subject.",
    Predicate.PART_OF: "The subject is a constituent of the object.",
    Predicate.MIMICS: "The subject is said to act like the object.",
    Predicate.MANUFACTURED_BY: "The subject is made by the object, an organisation.",
}

DIRECTION_MEANINGS: dict[Direction, str] = {
    Direction.SUPPORTS: "The document says the relation holds.",
    Direction.REFUTES: "The document says the opposite holds.",
    Direction.NO_EFFECT: "The document reports no clear effect.",
}

BASIS_MEANINGS: dict[LevelBasis, str] = {
    LevelBasis.TITLE: "The title states the design (species, randomised, meta-analysis...).",
    LevelBasis.IDENTIFIER: "The identifier's registry says what the work is (e.g. a Cochrane id).",
    LevelBasis.HOST: "The host alone decides (manufacturer, vendor, registry, unidentifiable).",
    LevelBasis.CITING_CONTEXT: "The citing document's words around the marker say what it is.",
    LevelBasis.CURATOR_KNOWLEDGE: "A curator knows the work; the note says what the grade rests on.",
    LevelBasis.BIBLIOGRAPHIC_METADATA: "The work's PubMed publication types and MeSH check tags "
    "(seeds/metadata/works.jsonl) say what it is.",
}

FINDING_MEANINGS: dict[FindingCategory, str] = {
    FindingCategory.SUBJECT_MISMATCH: "A document presents claims as being about one compound while its own "
    "evidence or the works it cites concern another.",
    FindingCategory.CONTRADICTION: "Opposite polarity or an effect beside a null finding for the same pair in "
    "a matching context, or conflicting values (composition, manufacturer).",
    FindingCategory.LEVEL_INFLATION: "The statement speaks of patients or people while every work it cites is "
    "preclinical, a protocol or a registry entry.",
    FindingCategory.NON_EVIDENCE_CITATION: "A protocol, registry entry or criteria page is cited as support "
    "for an effect.",
    FindingCategory.TEXTBOOK_VENDOR_ONLY: "A background-biology step between molecules or processes is cited "
    "only to vendor pages.",
    FindingCategory.DUPLICATE_REFERENCE: "One work is listed more than once in a document's reference list.",
    FindingCategory.UNCITED_CLAIMS: "A document makes statements that cite nothing.",
    FindingCategory.SELF_CITATION: "A vendor document cites its own site, the manufacturer or another vendor "
    "as support.",
    FindingCategory.WEAK_CHAIN: "The strongest chain of claims from a compound to a target still has a "
    "vendor-only, unverifiable or uncited link.",
    FindingCategory.CLASSIFIER_DISAGREEMENT: "The reference classifier grades a work differently from the "
    "curator (the curator's grade is used).",
    FindingCategory.RETRACTED_CITATION: "A cited work has been retracted (PubMed's list, a Retraction Watch "
    "file or a publisher's notice); it counts as no evidence.",
    FindingCategory.METADATA_DISAGREEMENT: "The work's bibliographic metadata (publication types, MeSH check "
    "tags) grade it differently from the curator (the curator's grade is used).",
}

SEVERITY_MEANINGS: dict[Severity, str] = {
    Severity.HIGH: "The story misstates what its evidence is about or how strong it is.",
    Severity.MEDIUM: "The support is weaker or less consistent than presented.",
    Severity.LOW: "A weakness worth knowing that does not change the claim's grade.",
    Severity.INFO: "For the curator's attention.",
}
