"""The graph view: a knowledge base as a networkx MultiDiGraph.

Nodes are entity ids; each claim is one edge keyed by its claim id. Every attribute is a scalar
(lists are joined with ``|``) so the same graph can be written to GraphML as it is; the attribute
names are the constants below, shared by queries, rendering and export.
"""

from __future__ import annotations

import networkx as nx

from kg.model import KnowledgeBase

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
#: Separator for list-valued attributes.
SEP = "|"


def to_networkx(kb: KnowledgeBase) -> nx.MultiDiGraph:
    """Build the graph view: one node per entity used by a claim, one edge per claim.

    Examples
    --------
    >>> G = to_networkx(kb)  # doctest: +SKIP
    >>> G.edges["CAS:12656-61-0", "GO:0043491", "C1a2b3c4d5e6f"]["support"]  # doctest: +SKIP
    """
    graph = nx.MultiDiGraph(name="mechkg")
    used = sorted({c.subject for c in kb.claims} | {c.object for c in kb.claims})
    for node in used:
        ent = kb.entities[node]
        graph.add_node(node, **{LABEL: ent.label, ENTITY_TYPE: ent.type.value})
    for claim in kb.claims:
        graph.add_edge(
            claim.subject,
            claim.object,
            key=claim.id,
            **{
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
            },
        )
    return graph


def split(value: str) -> list[str]:
    """Split a joined list attribute back into its items."""
    return value.split(SEP) if value else []
