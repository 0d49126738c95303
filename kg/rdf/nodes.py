"""The IRIs of the RDF view's nodes (entities, claims, evidence, reference entries, documents,
contexts, works, findings, vocabulary terms): deterministic, under ``https://w3id.org/mechkg/``
(entities by their CURIE), as text for the triple stream and as rdflib terms."""

from __future__ import annotations

from rdflib import URIRef

from kg.model import Claim, Evidence, Finding, Reference
from kg.vocab.iris import BASE, enum_iri, expand_curie

__all__ = [
    "claim_iri",
    "claim_iri_text",
    "context_iri",
    "context_iri_text",
    "document_iri",
    "document_iri_text",
    "entity_iri",
    "entity_iri_text",
    "enum_iri_text",
    "evidence_iri",
    "evidence_iri_text",
    "finding_iri",
    "finding_iri_text",
    "reference_iri",
    "reference_iri_text",
    "work_iri",
    "work_iri_text",
]


def entity_iri_text(curie: str) -> str:
    """IRI of an entity as text, from its CURIE."""
    return expand_curie(curie)


def claim_iri_text(claim_id_: str) -> str:
    """IRI of a claim as text, from its id."""
    return f"{BASE}claim/{claim_id_}"


def evidence_iri_text(ev: Evidence) -> str:
    """IRI of an evidence record as text."""
    return f"{BASE}evidence/{ev.id}"


def reference_iri_text(ref: Reference) -> str:
    """IRI of one reference-list entry as text (its document and number)."""
    return f"{BASE}reference/{ref.document}/{ref.n}"


def document_iri_text(key: str) -> str:
    """IRI of a source document as text."""
    return f"{BASE}document/{key}"


def context_iri_text(context_id: str) -> str:
    """IRI of a context as text."""
    return f"{BASE}context/{context_id}"


def work_iri_text(work_id: str) -> str:
    """IRI of a cited work as text."""
    return f"{BASE}work/{work_id}"


def finding_iri_text(finding: Finding) -> str:
    """IRI of an audit finding as text."""
    return f"{BASE}finding/{finding.id}"


def entity_iri(curie: str) -> URIRef:
    """IRI of an entity from its CURIE."""
    return URIRef(entity_iri_text(curie))


def claim_iri(claim: Claim) -> URIRef:
    """IRI of a claim."""
    return URIRef(claim_iri_text(claim.id))


def evidence_iri(ev: Evidence) -> URIRef:
    """IRI of an evidence record."""
    return URIRef(evidence_iri_text(ev))


def reference_iri(ref: Reference) -> URIRef:
    """IRI of one entry of one document's reference list."""
    return URIRef(reference_iri_text(ref))


def document_iri(key: str) -> URIRef:
    """IRI of a source document."""
    return URIRef(document_iri_text(key))


def context_iri(context_id: str) -> URIRef:
    """IRI of a context."""
    return URIRef(context_iri_text(context_id))


def work_iri(work_id: str) -> URIRef:
    """IRI of a cited work (entries of several lists that denote one work share it)."""
    return URIRef(work_iri_text(work_id))


def finding_iri(finding: Finding) -> URIRef:
    """IRI of an audit finding."""
    return URIRef(finding_iri_text(finding))


#: (enum class, member) → IRI; keyed by class too, since StrEnum members equal their text.
_ENUM_CACHE: dict[tuple[type, object], str] = {}


def enum_iri_text(member: object) -> str:
    """IRI of an enum member as text (cached)."""
    key = (type(member), member)
    iri = _ENUM_CACHE.get(key)
    if iri is None:
        iri = _ENUM_CACHE[key] = enum_iri(member)  # type: ignore[arg-type]
    return iri
