"""Cytoscape: CX2 JSON and a GraphML flavoured for Cytoscape, with evidence as typed columns.

Both formats carry one node per entity used by a claim and one edge per claim. Node columns:
``name`` (the label, Cytoscape's display name), ``label`` (the same, for other readers), ``curie``,
``entity_type``. Edge columns:
``name`` (``subject (interaction) object``), ``interaction`` (the predicate, Cytoscape's edge
type column), ``claim_id``, ``context``, ``direction``, ``negated``, ``hedged``,
``support_class``, ``weak``, ``evidence_level`` (the strongest cited level), ``levels``,
``citations``, ``publications``, ``documents``, ``evidence`` and the counts
``citation_count``, ``work_count``, ``evidence_count``. Lists are JSON lists (``list_of_string``)
in CX2 and ``|``-joined text in GraphML, whose attribute types cannot hold lists.

The plain ``graphml`` export (:func:`kg.formats.registry.to_graphml`) is unchanged; ``cytoscape`` is an
opt-in export with the column names Cytoscape expects.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator, Sequence
from typing import Any

import networkx as nx

from kg.model import Claim, Direction, Finding, KnowledgeBase

__all__ = [
    "EDGE_TYPES",
    "NODE_TYPES",
    "cx2_files",
    "cytoscape_graphml_files",
    "edge_columns",
    "node_columns",
    "to_cx2",
    "to_cytoscape_graphml",
]

#: CX2 data types of the columns (``d`` of an attribute declaration).
NODE_TYPES: dict[str, str] = {"name": "string", "label": "string", "curie": "string", "entity_type": "string"}
EDGE_TYPES: dict[str, str] = {
    "name": "string",
    "interaction": "string",
    "claim_id": "string",
    "context": "string",
    "direction": "string",
    "negated": "boolean",
    "hedged": "boolean",
    "support_class": "string",
    "weak": "boolean",
    "evidence_level": "string",
    "levels": "list_of_string",
    "citations": "list_of_string",
    "publications": "list_of_string",
    "documents": "list_of_string",
    "evidence": "list_of_string",
    "citation_count": "integer",
    "work_count": "integer",
    "evidence_count": "integer",
}
_PUBLICATION_PREFIXES = ("PMID:", "PMCID:", "doi:")


def node_columns(kb: KnowledgeBase) -> Iterator[tuple[str, dict[str, Any]]]:
    """(entity id, columns) of every entity used by a claim, sorted by id."""
    for curie in sorted({c.subject for c in kb.claims} | {c.object for c in kb.claims}):
        ent = kb.entities[curie]
        yield curie, {"name": ent.label, "label": ent.label, "curie": curie, "entity_type": ent.type.value}


def edge_columns(kb: KnowledgeBase, claim: Claim) -> dict[str, Any]:
    """The columns of one claim's edge (lists as lists)."""
    return {
        "name": f"{kb.label(claim.subject)} ({claim.predicate.value}) {kb.label(claim.object)}",
        "interaction": claim.predicate.value,
        "claim_id": claim.id,
        "context": claim.context,
        "direction": claim.direction.value,
        "negated": claim.direction is not Direction.SUPPORTS,
        "hedged": all(ev.hedged for ev in claim.evidence),
        "support_class": claim.support.value,
        "weak": claim.support.is_weak,
        "evidence_level": claim.best_level.value if claim.best_level else "",
        "levels": [lv.value for lv in claim.levels],
        "citations": [ref.key for ref in claim.references],
        "publications": sorted({i for ref in claim.references for i in ref.ids if i.startswith(_PUBLICATION_PREFIXES)}),
        "documents": list(claim.documents),
        "evidence": [ev.id for ev in claim.evidence],
        "citation_count": len(claim.references),
        "work_count": len(claim.works),
        "evidence_count": len(claim.evidence),
    }


def to_cx2(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """CX2 JSON (aspects: CXVersion, metaData, attributeDeclarations, networkAttributes, nodes,
    edges, status), byte-identical for the same input."""
    ids: dict[str, int] = {}
    nodes = []
    for n, (curie, columns) in enumerate(node_columns(kb)):
        ids[curie] = n
        nodes.append({"id": n, "v": columns})
    edges = [
        {"id": n, "s": ids[c.subject], "t": ids[c.object], "v": edge_columns(kb, c)} for n, c in enumerate(kb.claims)
    ]
    network = {"name": "mechkg", "description": "Mechanism claims graded by the evidence they cite (mechkg)"}
    declarations = {
        "networkAttributes": {k: {"d": "string"} for k in network},
        "nodes": {k: {"d": v} for k, v in NODE_TYPES.items()},
        "edges": {k: {"d": v} for k, v in EDGE_TYPES.items()},
    }
    cx = [
        {"CXVersion": "2.0", "hasFragments": False},
        {
            "metaData": [
                {"name": "attributeDeclarations", "elementCount": 1},
                {"name": "networkAttributes", "elementCount": 1},
                {"name": "nodes", "elementCount": len(nodes)},
                {"name": "edges", "elementCount": len(edges)},
            ]
        },
        {"attributeDeclarations": [declarations]},
        {"networkAttributes": [network]},
        {"nodes": nodes},
        {"edges": edges},
        {"status": [{"error": "", "success": True}]},
    ]
    return (json.dumps(cx, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def to_cytoscape_graphml(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """GraphML with Cytoscape's columns, every attribute declared with its type."""
    graph = nx.MultiDiGraph(name="mechkg")
    for curie, columns in node_columns(kb):
        graph.add_node(curie, **columns)
    for claim in kb.claims:
        columns = {k: "|".join(v) if isinstance(v, list) else v for k, v in edge_columns(kb, claim).items()}
        graph.add_edge(claim.subject, claim.object, key=claim.id, **columns)
    buffer = io.BytesIO()
    nx.write_graphml_xml(graph, buffer, encoding="utf-8", prettyprint=True)  # same bytes with or without lxml
    return buffer.getvalue()


def cx2_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``cx2`` export: ``mechkg.cx2``."""
    return {"mechkg.cx2": to_cx2(kb, findings)}


def cytoscape_graphml_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``cytoscape`` export: ``mechkg.cytoscape.graphml``."""
    return {"mechkg.cytoscape.graphml": to_cytoscape_graphml(kb, findings)}
