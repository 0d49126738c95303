"""Standard IRIs for mechkg's closed vocabularies, mapped once.

Every enum of :mod:`kg.model` is mapped here to the standard term it stands for (RO, Biolink, ECO,
MeSH publication types, FaBiO) and to its own term in the mechkg vocabulary
(``ontology/mechkg.ttl``). CURIE prefixes follow the Biolink 4.4.4 prefix map where it has one.
Plain strings only: :mod:`kg.rdf.triples` turns them into rdflib terms.
"""

from __future__ import annotations

from kg.model import (
    Direction,
    EntityType,
    EvidenceLevel,
    FindingCategory,
    LevelBasis,
    Predicate,
    Severity,
    SourceType,
    SupportClass,
    System,
)

__all__ = [
    "AGENT_MANUAL",
    "AGENT_TEXT_MINING",
    "BASE",
    "BIOLINK",
    "BIOLINK_QUALIFIED_PREDICATE",
    "CURIE_PATTERNS",
    "CURIE_PREFIXES",
    "ECO",
    "ECO_TRACEABLE",
    "ECO_UNTRACEABLE",
    "ENTITY_CATEGORY",
    "ENUM_CLASSES",
    "INDRA_NAMESPACES",
    "INDRA_PREFIXED_IDS",
    "INDRA_ROLES",
    "INDRA_TYPES",
    "INFORES_MECHKG",
    "KNOWLEDGE_LEVEL",
    "LEVEL_ECO",
    "MECHKG",
    "OBO",
    "PREDICATE_BIOLINK",
    "PREDICATE_INDRA",
    "PREDICATE_IRIS",
    "PREFIXES",
    "REFERENCE_ID_PATTERNS",
    "RO",
    "SOURCE_TYPE_FABIO",
    "StrEnumLike",
    "biolink_curie",
    "enum_iri",
    "expand_curie",
    "mechkg",
]

#: Base of every IRI mechkg mints (not yet registered with w3id.org).
BASE = "https://w3id.org/mechkg/"
#: The mechkg vocabulary namespace (classes, properties and enum individuals).
MECHKG = BASE + "vocab#"

OBO = "http://purl.obolibrary.org/obo/"
RO = OBO + "RO_"
ECO = OBO + "ECO_"
BIOLINK = "https://w3id.org/biolink/vocab/"

#: Namespaces bound in every RDF output.
PREFIXES: dict[str, str] = {
    "mechkg": MECHKG,
    "claim": BASE + "claim/",
    "ev": BASE + "evidence/",
    "ref": BASE + "reference/",
    "work": BASE + "work/",
    "doc": BASE + "document/",
    "ctx": BASE + "context/",
    "ent": BASE + "entity/",
    "obo": OBO,
    "biolink": BIOLINK,
    "prov": "http://www.w3.org/ns/prov#",
    "cito": "http://purl.org/spar/cito/",
    "fabio": "http://purl.org/spar/fabio/",
    "prism": "http://prismstandard.org/namespaces/basic/2.0/",
    "dct": "http://purl.org/dc/terms/",
    "oa": "http://www.w3.org/ns/oa#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "sh": "http://www.w3.org/ns/shacl#",
    "mesh": "http://id.nlm.nih.gov/mesh/",
    "hgnc": "http://identifiers.org/hgnc/",
    "fplx": "https://identifiers.org/fplx:",
    "schema": "http://schema.org/",
}

#: CURIE prefix → IRI prefix for entity, species and disease identifiers.
CURIE_PREFIXES: dict[str, str] = {
    "HGNC": "http://identifiers.org/hgnc/",
    "FPLX": "https://identifiers.org/fplx:",
    "GO": OBO + "GO_",
    "CHEBI": OBO + "CHEBI_",
    "HP": OBO + "HP_",
    "DOID": OBO + "DOID_",
    "MONDO": OBO + "MONDO_",
    "ECO": OBO + "ECO_",
    "RO": OBO + "RO_",
    "NCBITaxon": OBO + "NCBITaxon_",
    "MESH": "http://id.nlm.nih.gov/mesh/",
    "CAS": "http://identifiers.org/cas/",
    "DRUGBANK": "http://identifiers.org/drugbank/",
    "UNII": "http://identifiers.org/unii/",
    "UniProtKB": "http://purl.uniprot.org/uniprot/",
    "PUBCHEM.COMPOUND": "http://identifiers.org/pubchem.compound/",
    "PMID": "http://www.ncbi.nlm.nih.gov/pubmed/",
    "PMCID": "http://www.ncbi.nlm.nih.gov/pmc/",
    "doi": "https://doi.org/",
    "mechkg": BASE + "entity/",
}

#: Local-id patterns for the CURIE prefixes above (Bioregistry, per shared standards).
CURIE_PATTERNS: dict[str, str] = {
    "HGNC": r"\d{1,5}",
    "FPLX": r"[A-Za-z0-9][A-Za-z0-9_]+",
    "GO": r"\d{7}",
    "CHEBI": r"\d+",
    "HP": r"\d{7}",
    "DOID": r"\d+",
    "MONDO": r"\d{7}",
    "ECO": r"\d{7}",
    "RO": r"\d{7}",
    "NCBITaxon": r"\d+",
    "MESH": r"[CDQ]\d+",
    "CAS": r"\d{1,7}-\d{2}-\d",
    "DRUGBANK": r"DB\d{5}",
    "UNII": r"[A-Z0-9]+",
    "UniProtKB": r"[A-Z0-9]{6,10}",
    "PUBCHEM.COMPOUND": r"\d+",
    "PMID": r"\d+",
    "PMCID": r"PMC\d+",
    "doi": r"10\.\d{2,9}/\S+",
    "mechkg": r"[A-Za-z0-9][A-Za-z0-9_.\-]*",
}

#: Reference identifier prefixes accepted in seeds (beyond CURIE_PREFIXES).
REFERENCE_ID_PATTERNS: dict[str, str] = {
    "PMID": r"\d+",
    "PMCID": r"PMC\d+",
    "doi": r"10\.\d{2,9}/\S+",
    "cochrane": r"CD\d{6}",
    "NCT": r"NCT\d{8}",
}


def mechkg(term: str) -> str:
    """IRI of a term in the mechkg vocabulary."""
    return MECHKG + term


#: Predicate → the one standard relation IRI used for the plain asserted triple.
PREDICATE_IRIS: dict[Predicate, str] = {
    Predicate.ACTIVATES: RO + "0011013",  # indirectly positively regulates activity of
    Predicate.INHIBITS: RO + "0011016",  # indirectly negatively regulates activity of
    Predicate.REGULATES: RO + "0011002",  # regulates activity of
    Predicate.INCREASES_EXPRESSION: RO + "0011008",  # increases by expression quantity of
    Predicate.DECREASES_EXPRESSION: RO + "0011007",  # decreases by repression quantity of
    Predicate.INCREASES_AMOUNT: RO + "0011024",  # indirectly positively regulates quantity of
    Predicate.DECREASES_AMOUNT: RO + "0011023",  # indirectly negatively regulates quantity of
    Predicate.INCREASES_PHOSPHORYLATION: RO + "0011013",  # activity-level effect; see README
    Predicate.DECREASES_PHOSPHORYLATION: RO + "0011016",
    Predicate.PHOSPHORYLATES: RO + "0002447",  # phosphorylates
    Predicate.BINDS: RO + "0002436",  # molecularly interacts with
    Predicate.INCREASES_PROCESS: RO + "0002213",  # positively regulates
    Predicate.DECREASES_PROCESS: RO + "0002212",  # negatively regulates
    Predicate.HAS_PART: OBO + "BFO_0000051",  # has part
    Predicate.PART_OF: OBO + "BFO_0000050",  # part of
    Predicate.MIMICS: BIOLINK + "related_to",  # no RO term; weakest Biolink relation
    Predicate.MANUFACTURED_BY: "http://schema.org/manufacturer",
}

#: Predicate → Biolink predicate and qualifiers (aspect, direction) for Biolink-style views.
PREDICATE_BIOLINK: dict[Predicate, tuple[str, str | None, str | None]] = {
    Predicate.ACTIVATES: ("biolink:affects", "activity", "increased"),
    Predicate.INHIBITS: ("biolink:affects", "activity", "decreased"),
    Predicate.REGULATES: ("biolink:regulates", None, None),
    Predicate.INCREASES_EXPRESSION: ("biolink:affects", "expression", "increased"),
    Predicate.DECREASES_EXPRESSION: ("biolink:affects", "expression", "decreased"),
    Predicate.INCREASES_AMOUNT: ("biolink:affects", "abundance", "increased"),
    Predicate.DECREASES_AMOUNT: ("biolink:affects", "abundance", "decreased"),
    Predicate.INCREASES_PHOSPHORYLATION: ("biolink:affects", "phosphorylation", "increased"),
    Predicate.DECREASES_PHOSPHORYLATION: ("biolink:affects", "phosphorylation", "decreased"),
    Predicate.PHOSPHORYLATES: ("biolink:affects", "phosphorylation", "increased"),
    Predicate.BINDS: ("biolink:directly_physically_interacts_with", None, None),
    Predicate.INCREASES_PROCESS: ("biolink:affects", None, "increased"),
    Predicate.DECREASES_PROCESS: ("biolink:affects", None, "decreased"),
    Predicate.HAS_PART: ("biolink:has_part", None, None),
    Predicate.PART_OF: ("biolink:part_of", None, None),
    Predicate.MIMICS: ("biolink:related_to", None, None),
    Predicate.MANUFACTURED_BY: ("biolink:related_to", None, None),
}

#: Evidence level → ECO class, plus a MeSH publication type where ECO has no class.
LEVEL_ECO: dict[EvidenceLevel, tuple[str, str | None]] = {
    EvidenceLevel.META_ANALYSIS: (ECO + "0000180", "http://id.nlm.nih.gov/mesh/D017418"),
    EvidenceLevel.HUMAN_CLINICAL_RCT: (ECO + "0000180", "http://id.nlm.nih.gov/mesh/D016449"),
    EvidenceLevel.HUMAN_CLINICAL_OTHER: (ECO + "0000180", "http://id.nlm.nih.gov/mesh/D016430"),
    EvidenceLevel.ANIMAL: (ECO + "0000179", None),
    EvidenceLevel.IN_VITRO: (ECO + "0001565", None),
    EvidenceLevel.REVIEW_SECONDARY: (ECO + "0000033", "http://id.nlm.nih.gov/mesh/D016454"),
    EvidenceLevel.VENDOR_ASSERTION: (ECO + "0000034", None),
    EvidenceLevel.NOT_EVIDENCE: (ECO + "0006151", None),
    EvidenceLevel.UNKNOWN: (ECO + "0000000", None),
}

#: ECO classes for an evidence record: a statement with or without a traceable reference.
ECO_TRACEABLE = ECO + "0000033"
ECO_UNTRACEABLE = ECO + "0000034"

#: Source type → FaBiO class of the cited work.
SOURCE_TYPE_FABIO: dict[SourceType, str] = {
    SourceType.PRIMARY_RESEARCH: "http://purl.org/spar/fabio/ResearchPaper",
    SourceType.CLINICAL_TRIAL_REPORT: "http://purl.org/spar/fabio/ClinicalTrialReport",
    SourceType.SYSTEMATIC_REVIEW: "http://purl.org/spar/fabio/SystematicReview",
    SourceType.NARRATIVE_REVIEW: "http://purl.org/spar/fabio/ReviewArticle",
    SourceType.TRIAL_PROTOCOL_OR_REGISTRY: "http://purl.org/spar/fabio/ClinicalTrialDesign",
    SourceType.MANUFACTURER_SITE: "http://purl.org/spar/fabio/WebPage",
    SourceType.VENDOR_SITE: "http://purl.org/spar/fabio/WebPage",
    SourceType.WEB_PAGE: "http://purl.org/spar/fabio/WebPage",
    SourceType.UNKNOWN_HOST: "http://purl.org/spar/fabio/WebContent",
}

#: Entity type → Biolink category.
ENTITY_CATEGORY: dict[EntityType, str] = {
    EntityType.COMPOUND: BIOLINK + "ChemicalEntity",
    EntityType.TOOL_COMPOUND: BIOLINK + "SmallMolecule",
    EntityType.CHEMICAL: BIOLINK + "ChemicalEntity",
    EntityType.PROTEIN: BIOLINK + "Protein",
    EntityType.PROTEIN_FAMILY: BIOLINK + "GeneFamily",
    EntityType.PATHWAY: BIOLINK + "Pathway",
    EntityType.PROCESS: BIOLINK + "BiologicalProcess",
    EntityType.PHENOTYPE: BIOLINK + "PhenotypicFeature",
    EntityType.CELL_TYPE: BIOLINK + "Cell",
    EntityType.ORGANIZATION: BIOLINK + "Agent",
}

#: Enums whose members become named individuals of a mechkg class.
ENUM_CLASSES: dict[type, str] = {
    Predicate: "Predicate",
    Direction: "Direction",
    EvidenceLevel: "EvidenceLevel",
    SourceType: "SourceType",
    LevelBasis: "LevelBasis",
    SupportClass: "SupportClass",
    System: "ExperimentalSystem",
    EntityType: "EntityType",
    FindingCategory: "FindingCategory",
    Severity: "Severity",
}


def enum_iri(member: StrEnumLike) -> str:
    """IRI of an enum member as a mechkg individual, e.g. ``mechkg:level_animal``."""
    return MECHKG + f"{_ENUM_PREFIX[type(member)]}_{member.value}"


_ENUM_PREFIX: dict[type, str] = {
    Predicate: "predicate",
    Direction: "direction",
    EvidenceLevel: "level",
    SourceType: "source",
    LevelBasis: "basis",
    SupportClass: "support",
    System: "system",
    EntityType: "type",
    FindingCategory: "finding",
    Severity: "severity",
}

StrEnumLike = (
    Predicate
    | Direction
    | EvidenceLevel
    | SourceType
    | LevelBasis
    | SupportClass
    | System
    | EntityType
    | FindingCategory
    | Severity
)


def expand_curie(curie: str) -> str:
    """Expand a CURIE with a known prefix to its IRI (ValueError for an unknown prefix)."""
    prefix, sep, local = curie.partition(":")
    if not sep or prefix not in CURIE_PREFIXES:
        raise ValueError(f"unknown CURIE prefix in {curie!r}")
    return CURIE_PREFIXES[prefix] + local


# --- interchange (INDRA, KGX/Biolink) -------------------------------------------------------

#: INDRA ``db_refs`` namespace → (CURIE prefix, entity type of a new entity), in the order an
#: agent's grounding is chosen (INDRA's own order: families first, then genes, then chemicals).
INDRA_NAMESPACES: dict[str, tuple[str, EntityType]] = {
    "FPLX": ("FPLX", EntityType.PROTEIN_FAMILY),
    "HGNC": ("HGNC", EntityType.PROTEIN),
    "UP": ("UniProtKB", EntityType.PROTEIN),
    "CHEBI": ("CHEBI", EntityType.CHEMICAL),
    "GO": ("GO", EntityType.PROCESS),
    "MESH": ("MESH", EntityType.PHENOTYPE),
    "PUBCHEM": ("PUBCHEM.COMPOUND", EntityType.CHEMICAL),
    "DRUGBANK": ("DRUGBANK", EntityType.CHEMICAL),
    "CAS": ("CAS", EntityType.CHEMICAL),
    "UNII": ("UNII", EntityType.CHEMICAL),
}
#: INDRA namespaces whose ids carry their own prefix (``"CHEBI:64645"``, ``"GO:0006915"``).
INDRA_PREFIXED_IDS = frozenset({"CHEBI", "GO"})

#: INDRA statement type → the predicate it maps to by default, and the predicates a mechkg
#: annotation may refine it to (same polarity, same kind of change).
INDRA_TYPES: dict[str, tuple[Predicate, frozenset[Predicate]]] = {
    "Activation": (Predicate.ACTIVATES, frozenset({Predicate.ACTIVATES, Predicate.INCREASES_PROCESS})),
    "Inhibition": (Predicate.INHIBITS, frozenset({Predicate.INHIBITS, Predicate.DECREASES_PROCESS})),
    "GtpActivation": (Predicate.ACTIVATES, frozenset({Predicate.ACTIVATES})),
    "Gef": (Predicate.ACTIVATES, frozenset({Predicate.ACTIVATES})),
    "Gap": (Predicate.INHIBITS, frozenset({Predicate.INHIBITS})),
    "IncreaseAmount": (
        Predicate.INCREASES_AMOUNT,
        frozenset({Predicate.INCREASES_AMOUNT, Predicate.INCREASES_EXPRESSION}),
    ),
    "DecreaseAmount": (
        Predicate.DECREASES_AMOUNT,
        frozenset({Predicate.DECREASES_AMOUNT, Predicate.DECREASES_EXPRESSION}),
    ),
    "Phosphorylation": (
        Predicate.INCREASES_PHOSPHORYLATION,
        frozenset({Predicate.INCREASES_PHOSPHORYLATION, Predicate.PHOSPHORYLATES}),
    ),
    "Dephosphorylation": (Predicate.DECREASES_PHOSPHORYLATION, frozenset({Predicate.DECREASES_PHOSPHORYLATION})),
    "Complex": (Predicate.BINDS, frozenset({Predicate.BINDS})),
}
#: The JSON keys holding the two agents of each two-agent INDRA statement type.
INDRA_ROLES: dict[str, tuple[str, str]] = {
    "Activation": ("subj", "obj"),
    "Inhibition": ("subj", "obj"),
    "GtpActivation": ("subj", "obj"),
    "Gef": ("gef", "ras"),
    "Gap": ("gap", "ras"),
    "IncreaseAmount": ("subj", "obj"),
    "DecreaseAmount": ("subj", "obj"),
    "Phosphorylation": ("enz", "sub"),
    "Dephosphorylation": ("enz", "sub"),
}
#: Predicate → INDRA statement type written by ``kg export --format indra`` (others are left out).
PREDICATE_INDRA: dict[Predicate, str] = {
    Predicate.ACTIVATES: "Activation",
    Predicate.INHIBITS: "Inhibition",
    Predicate.INCREASES_PROCESS: "Activation",
    Predicate.DECREASES_PROCESS: "Inhibition",
    Predicate.INCREASES_AMOUNT: "IncreaseAmount",
    Predicate.DECREASES_AMOUNT: "DecreaseAmount",
    Predicate.INCREASES_EXPRESSION: "IncreaseAmount",
    Predicate.DECREASES_EXPRESSION: "DecreaseAmount",
    Predicate.INCREASES_PHOSPHORYLATION: "Phosphorylation",
    Predicate.PHOSPHORYLATES: "Phosphorylation",
    Predicate.DECREASES_PHOSPHORYLATION: "Dephosphorylation",
    Predicate.BINDS: "Complex",
}

#: Biolink 4 ``qualified_predicate`` used with aspect/direction qualifiers on ``biolink:affects``.
BIOLINK_QUALIFIED_PREDICATE = "biolink:causes"
#: Our infores id as primary knowledge source (not registered in the Information Resource Registry).
INFORES_MECHKG = "infores:mechkg"
#: Biolink KnowledgeLevelEnum value of a claim asserted by documents and curated by people.
KNOWLEDGE_LEVEL = "knowledge_assertion"
#: Biolink AgentTypeEnum values: curated by hand / extracted by a text-mining step.
AGENT_MANUAL = "manual_agent"
AGENT_TEXT_MINING = "text_mining_agent"


def biolink_curie(iri: str) -> str:
    """``biolink:Protein`` for a Biolink IRI (other strings are returned as they are)."""
    return "biolink:" + iri.removeprefix(BIOLINK) if iri.startswith(BIOLINK) else iri
