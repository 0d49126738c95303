"""The ``indra`` export: one INDRA statement per claim whose predicate INDRA can express
(:data:`kg.vocab.iris.PREDICATE_INDRA`), one evidence per evidence record, with ``source_api``
``"mechkg"``, epistemics for hedged and negated records, and our grades in ``annotations``."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from kg.model import Claim, Direction, Evidence, EvidenceLevel, Finding, KnowledgeBase, Predicate, Reference
from kg.vocab.iris import BASE, INDRA_NAMESPACES, INDRA_PREFIXED_IDS, INDRA_ROLES, PREDICATE_INDRA

__all__ = [
    "ANNOTATION_KEY",
    "SOURCE_API",
    "annotation",
    "claim_statement",
    "indra_files",
    "indra_statements",
    "to_indra_json",
]

#: ``source_api`` of every evidence mechkg writes.
SOURCE_API = "mechkg"
#: Key of our own block inside an INDRA evidence's ``annotations``.
ANNOTATION_KEY = "mechkg"


def annotation(ev: Any) -> dict[str, Any]:
    """Our own block in an INDRA evidence's annotations ({} when absent)."""
    if not isinstance(ev, dict):
        return {}
    ann = ev.get("annotations")
    block = ann.get(ANNOTATION_KEY) if isinstance(ann, dict) else None
    return block if isinstance(block, dict) else {}


def _db_refs(curie: str) -> dict[str, str]:
    """INDRA db_refs of an entity id in a mapped namespace ({} for project ids).

    Cross-references are left out: some list members of a family rather than equivalents.
    """
    by_prefix = {prefix: ns for ns, (prefix, _) in INDRA_NAMESPACES.items()}
    prefix, _, local = curie.partition(":")
    ns = by_prefix.get(prefix)
    if ns is None:
        return {}
    return {ns: f"{ns}:{local}" if ns in INDRA_PREFIXED_IDS else local}


def _agent(kb: KnowledgeBase, curie: str) -> dict[str, Any]:
    return {"name": kb.label(curie), "db_refs": _db_refs(curie)}


def _reference_json(ref: Reference) -> dict[str, Any]:
    out: dict[str, Any] = {"key": ref.key, "ids": list(ref.ids)}
    for key in ("title", "host", "url", "note"):
        if getattr(ref, key):
            out[key] = getattr(ref, key)
    out |= {"level": ref.level.value, "source_type": ref.source_type.value, "basis": ref.basis.value}
    return out


def _text_refs(refs: Sequence[Reference]) -> dict[str, str]:
    out: dict[str, str] = {}
    for ref in refs:
        for ident in ref.ids:
            prefix, _, local = ident.partition(":")
            key = {"PMID": "PMID", "PMCID": "PMCID", "doi": "DOI"}.get(prefix)
            if key and key not in out:
                out[key] = local
        if ref.url and "URL" not in out:
            out["URL"] = ref.url
    return out


def claim_statement(kb: KnowledgeBase, claim: Claim) -> dict[str, Any] | None:
    """The INDRA statement JSON of one claim (None when INDRA has no type for its predicate)."""
    stype = PREDICATE_INDRA.get(claim.predicate)
    if stype is None:
        return None
    stmt: dict[str, Any] = {"type": stype}
    if stype == "Complex":
        stmt["members"] = [_agent(kb, claim.subject), _agent(kb, claim.object)]
    else:
        subj_key, obj_key = INDRA_ROLES[stype]
        stmt[subj_key] = _agent(kb, claim.subject)
        stmt[obj_key] = _agent(kb, claim.object)
        if stype in ("Activation", "Inhibition"):
            stmt["obj_activity"] = "activity"
    stmt["evidence"] = [_evidence_json(claim, ev) for ev in claim.evidence]
    stmt["id"] = str(uuid.uuid5(uuid.NAMESPACE_URL, f"{BASE}claim/{claim.id}"))
    return stmt


def _evidence_json(claim: Claim, ev: Evidence) -> dict[str, Any]:
    """The INDRA evidence object of one evidence record of ``claim``, our grades in its annotations."""
    epistemics: dict[str, Any] = {}
    if ev.hedged:
        epistemics["hypothesis"] = True
    if claim.direction is not Direction.SUPPORTS:
        epistemics["negated"] = True
    if claim.predicate is Predicate.PHOSPHORYLATES:
        epistemics["direct"] = True
    text_refs = _text_refs(ev.references)
    item: dict[str, Any] = {"source_api": SOURCE_API, "source_id": ev.id}
    if "PMID" in text_refs:
        item["pmid"] = text_refs["PMID"]
    if text_refs:
        item["text_refs"] = text_refs
    if epistemics:
        item["epistemics"] = epistemics
    item["annotations"] = {
        ANNOTATION_KEY: {
            "claim": claim.id,
            "predicate": claim.predicate.value,
            "context": claim.context,
            "direction": claim.direction.value,
            "support_class": claim.support.value,
            "evidence_levels": sorted({r.level.value for r in ev.references}, key=lambda v: EvidenceLevel(v).rank),
            "claim_levels": [lv.value for lv in claim.levels],
            "document": ev.document,
            "locator": {
                "file": ev.locator.file,
                "sha256": ev.locator.sha256,
                "start": ev.locator.start,
                "end": ev.locator.end,
            },
            "references": [_reference_json(r) for r in ev.references],
        }
    }
    return item


def indra_statements(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """INDRA statement JSON for every claim INDRA can express, in claim order."""
    for claim in kb.claims:
        stmt = claim_statement(kb, claim)
        if stmt is not None:
            yield stmt


def to_indra_json(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """INDRA statement JSON (a list), indented, byte-identical for the same input."""
    return (json.dumps(list(indra_statements(kb)), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def indra_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``indra`` export: ``mechkg.indra.json``."""
    return {"mechkg.indra.json": to_indra_json(kb, findings)}
