"""KGX exports: Biolink nodes and edges as TSV or JSON Lines.

One node per entity used by a claim (Biolink category by entity type), one edge per claim with
the Biolink predicate and the Biolink 4 qualifiers of :data:`kg.vocab.iris.PREDICATE_BIOLINK`
(``qualified_predicate``, ``object_aspect_qualifier``, ``object_direction_qualifier``), the cited
works as ``publications``, ``knowledge_level``, ``agent_type``, ``primary_knowledge_source``
(``infores:mechkg``, not registered) and ``negated`` for claims that refute or show no effect,
plus mechkg's own columns: ``evidence_level`` (strongest cited level), ``evidence_levels``,
``support_class``, ``context``, ``direction``, ``mechkg_predicate``, ``evidence_count`` and
``citations``. Multi-valued TSV cells are joined with ``|`` (the KGX convention).

What KGX cannot hold here: spans of the evidence records, titles and grades of individual
references (only their identifiers, as ``publications``), and contexts beyond their id.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

from kg.model import Claim, Direction, Finding, KnowledgeBase
from kg.vocab.iris import (
    AGENT_MANUAL,
    AGENT_TEXT_MINING,
    BASE,
    BIOLINK_QUALIFIED_PREDICATE,
    ENTITY_CATEGORY,
    INFORES_MECHKG,
    KNOWLEDGE_LEVEL,
    LEVEL_ECO,
    PREDICATE_BIOLINK,
    biolink_curie,
)

__all__ = [
    "EDGE_COLUMNS",
    "LIST_COLUMNS",
    "NODE_COLUMNS",
    "edge_record",
    "edge_records",
    "kgx_jsonl_files",
    "kgx_tsv_files",
    "node_records",
]

#: Node columns, in order.
NODE_COLUMNS = ("id", "category", "name", "synonym", "xref", "provided_by", "entity_type")
#: Edge columns, in order.
EDGE_COLUMNS = (
    "id",
    "subject",
    "predicate",
    "object",
    "qualified_predicate",
    "object_aspect_qualifier",
    "object_direction_qualifier",
    "negated",
    "knowledge_level",
    "agent_type",
    "primary_knowledge_source",
    "publications",
    "has_evidence",
    "evidence_count",
    "evidence_level",
    "evidence_levels",
    "support_class",
    "context",
    "direction",
    "mechkg_predicate",
    "citations",
)
#: Columns that hold lists (``|``-joined in TSV, JSON arrays in JSON Lines).
LIST_COLUMNS = frozenset(
    {"category", "synonym", "xref", "provided_by", "publications", "has_evidence", "evidence_levels", "citations"}
)
_PUBLICATION_PREFIXES = ("PMID:", "PMCID:", "doi:")
_OBO_ECO = "http://purl.obolibrary.org/obo/ECO_"


def node_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """One KGX node per entity used by a claim, sorted by id."""
    used = sorted({c.subject for c in kb.claims} | {c.object for c in kb.claims})
    for curie in used:
        ent = kb.entities[curie]
        yield {
            "id": curie,
            "category": [biolink_curie(ENTITY_CATEGORY[ent.type])],
            "name": ent.label,
            "synonym": list(ent.synonyms),
            "xref": list(ent.xrefs),
            "provided_by": [INFORES_MECHKG],
            "entity_type": ent.type.value,
        }


def edge_record(claim: Claim) -> dict[str, Any]:
    """The KGX edge of one claim."""
    predicate, aspect, direction = PREDICATE_BIOLINK[claim.predicate]
    publications = sorted({i for ref in claim.references for i in ref.ids if i.startswith(_PUBLICATION_PREFIXES)})
    evidence = sorted({LEVEL_ECO[lv][0].replace(_OBO_ECO, "ECO:") for lv in claim.levels})
    extracted = bool(claim.evidence) and all(ev.extracted for ev in claim.evidence)
    return {
        "id": f"{BASE}claim/{claim.id}",
        "subject": claim.subject,
        "predicate": predicate,
        "object": claim.object,
        "qualified_predicate": BIOLINK_QUALIFIED_PREDICATE if direction else "",
        "object_aspect_qualifier": aspect or "",
        "object_direction_qualifier": direction or "",
        "negated": claim.direction is not Direction.SUPPORTS,
        "knowledge_level": KNOWLEDGE_LEVEL,
        "agent_type": AGENT_TEXT_MINING if extracted else AGENT_MANUAL,
        "primary_knowledge_source": INFORES_MECHKG,
        "publications": publications,
        "has_evidence": evidence,
        "evidence_count": len(claim.evidence),
        "evidence_level": claim.best_level.value if claim.best_level else "",
        "evidence_levels": [lv.value for lv in claim.levels],
        "support_class": claim.support.value,
        "context": claim.context,
        "direction": claim.direction.value,
        "mechkg_predicate": claim.predicate.value,
        "citations": [ref.key for ref in claim.references],
    }


def edge_records(kb: KnowledgeBase) -> Iterator[dict[str, Any]]:
    """One KGX edge per claim, in claim order."""
    for claim in kb.claims:
        yield edge_record(claim)


def _cell(value: Any) -> str:
    if isinstance(value, list):
        return "|".join(str(v) for v in value)
    if isinstance(value, bool):
        return "True" if value else "False"
    return str(value)


def _tsv(records: Iterator[dict[str, Any]], columns: Sequence[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    for rec in records:
        writer.writerow([_cell(rec[c]) for c in columns])
    return out.getvalue().encode("utf-8")


def _jsonl(records: Iterator[dict[str, Any]]) -> bytes:
    lines = []
    for rec in records:
        lines.append(json.dumps({k: v for k, v in rec.items() if v not in ("", [])}, ensure_ascii=False))
    return ("\n".join(lines) + "\n").encode("utf-8")


def kgx_tsv_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``kgx`` export: ``mechkg_nodes.tsv`` and ``mechkg_edges.tsv``."""
    return {
        "mechkg_nodes.tsv": _tsv(node_records(kb), NODE_COLUMNS),
        "mechkg_edges.tsv": _tsv(edge_records(kb), EDGE_COLUMNS),
    }


def kgx_jsonl_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``kgx-jsonl`` export: ``mechkg_nodes.jsonl`` and ``mechkg_edges.jsonl`` (empty values left out)."""
    return {
        "mechkg_nodes.jsonl": _jsonl(node_records(kb)),
        "mechkg_edges.jsonl": _jsonl(edge_records(kb)),
    }
