"""The graph view: a knowledge base as a networkx MultiDiGraph.

Nodes are entity ids; each claim is one edge keyed by its claim id. Every attribute is a scalar
(lists are joined with ``|``) so the same graph can be written to GraphML as it is; the attribute
names are the constants below, shared by queries, rendering and export.
"""

from __future__ import annotations

import networkx as nx

from kg.model import Claim, KnowledgeBase

__all__ = [
    "CITATIONS",
    "CLAIM_ID",
    "CONTEXT",
    "DIRECTION",
    "DOCUMENTS",
    "ENTITY_TYPE",
    "EVIDENCE",
    "GRAPH_NAME",
    "HEDGED",
    "LABEL",
    "LEVELS",
    "PREDICATE",
    "SEP",
    "SUPPORT",
    "WORKS",
    "edge_attributes",
    "node_attributes",
    "split",
    "to_networkx",
    "used_entities",
]

#: Node attributes.
LABEL = "label"
ENTITY_TYPE = "entity_type"
#: Edge attributes.
CLAIM_ID = "claim_id"
PREDICATE = "predicate"
CONTEXT = "context"
DIRECTION = "direction"
SUPPORT = "support"
LEVELS = "levels"
CITATIONS = "citations"
WORKS = "works"
DOCUMENTS = "documents"
EVIDENCE = "evidence"
HEDGED = "hedged"
#: The graph's name attribute.
GRAPH_NAME = "mechkg"
#: Separator for list-valued attributes.
SEP = "|"


def node_attributes(kb: KnowledgeBase, node: str) -> dict[str, str]:
    """The attributes of an entity's node, in order."""
    ent = kb.entities[node]
    return {LABEL: ent.label, ENTITY_TYPE: ent.type.value}


def edge_attributes(claim: Claim) -> dict[str, str | bool]:
    """The attributes of a claim's edge, in order (lists joined with ``|``)."""
    return {
        CLAIM_ID: claim.id,
        PREDICATE: claim.predicate.value,
        CONTEXT: claim.context,
        DIRECTION: claim.direction.value,
        SUPPORT: claim.support.value,
        LEVELS: SEP.join(level.value for level in claim.levels),
        CITATIONS: SEP.join(ref.key for ref in claim.references),
        WORKS: SEP.join(claim.works),
        DOCUMENTS: SEP.join(claim.documents),
        EVIDENCE: SEP.join(ev.id for ev in claim.evidence),
        HEDGED: all(ev.hedged for ev in claim.evidence),
    }


def used_entities(kb: KnowledgeBase) -> list[str]:
    """The entities some claim has as subject or object, sorted: the nodes of the graph view."""
    return sorted({c.subject for c in kb.claims} | {c.object for c in kb.claims})


def to_networkx(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Build the graph view: one node per entity used by a claim, one edge per claim.

    Examples
    --------
    >>> G = to_networkx(kb)  # doctest: +SKIP
    >>> G.edges["CAS:12656-61-0", "GO:0043491", "C1a2b3c4d5e6f"]["support"]  # doctest: +SKIP
    """
    graph = nx.MultiDiGraph(name=GRAPH_NAME)
    for node in used_entities(kb):
        graph.add_node(node, **node_attributes(kb, node))
    for claim in kb.claims:
        graph.add_edge(claim.subject, claim.object, key=claim.id, **edge_attributes(claim))
    return graph


def split(value: str) -> list[str]:
    """Split a joined list attribute back into its items."""
    return value.split(SEP) if value else []
