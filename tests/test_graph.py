"""kg.graph: the networkx view of a small knowledge base written in the test."""

from __future__ import annotations

from kg.graph import (
    CITATIONS,
    ENTITY_TYPE,
    GRAPH_NAME,
    HEDGED,
    LABEL,
    LEVELS,
    SUPPORT,
    edge_attributes,
    split,
    to_networkx,
    used_entities,
)
from kg.model import (
    Claim,
    Direction,
    Entity,
    EntityType,
    Evidence,
    EvidenceLevel,
    KnowledgeBase,
    LevelBasis,
    Locator,
    Predicate,
    Reference,
    SourceType,
)

ENTITIES = {
    "c:1": Entity("c:1", "Widgetol", EntityType.COMPOUND),
    "p:1": Entity("p:1", "Widgetase", EntityType.PROTEIN),
    "p:2": Entity("p:2", "Gadgetase", EntityType.PROTEIN),
    "p:9": Entity("p:9", "Unused", EntityType.PROTEIN),
}
ANIMAL = Reference("doc", 1, SourceType.PRIMARY_RESEARCH, EvidenceLevel.ANIMAL, LevelBasis.TITLE, "Rats")
LOC = Locator("doc.txt", "0" * 64, 0, 4)


def _kb() -> KnowledgeBase:
    cited = Evidence("e1", "doc", LOC, (ANIMAL,), hedged=True)
    plain = Evidence("e2", "doc", LOC)
    claims = (
        Claim("c:1", Predicate.ACTIVATES, "p:1", "ctx", Direction.SUPPORTS, (cited,), ("w1",), (EvidenceLevel.ANIMAL,)),
        Claim("c:1", Predicate.INHIBITS, "p:1", "ctx", Direction.SUPPORTS, (plain,)),
        Claim("p:1", Predicate.ACTIVATES, "p:2", "ctx", Direction.SUPPORTS, (cited, plain)),
    )
    return KnowledgeBase(ENTITIES, {}, {}, (ANIMAL,), claims)


def test_nodes_are_the_entities_claims_use() -> None:
    kb = _kb()
    assert used_entities(kb) == ["c:1", "p:1", "p:2"]
    graph = to_networkx(kb)
    assert graph.graph["name"] == GRAPH_NAME
    assert sorted(graph.nodes) == ["c:1", "p:1", "p:2"]
    assert graph.nodes["c:1"] == {LABEL: "Widgetol", ENTITY_TYPE: "compound"}


def test_each_claim_is_one_edge_keyed_by_its_id() -> None:
    kb = _kb()
    graph = to_networkx(kb)
    assert graph.number_of_edges() == 3
    assert graph.number_of_edges("c:1", "p:1") == 2  # parallel claims stay apart
    first = kb.claims[0]
    assert graph.edges["c:1", "p:1", first.id] == edge_attributes(first)


def test_edge_attributes_are_scalars_with_lists_joined() -> None:
    kb = _kb()
    attrs = edge_attributes(kb.claims[0])
    assert all(isinstance(v, (str, bool)) for v in attrs.values())
    assert attrs[LEVELS] == "animal" and attrs[CITATIONS] == "doc#1"
    assert attrs[SUPPORT] == kb.claims[0].support.value
    assert attrs[HEDGED] is True
    assert edge_attributes(kb.claims[2])[HEDGED] is False  # hedged only when every record is


def test_split_undoes_the_join() -> None:
    assert split("a|b") == ["a", "b"]
    assert split("") == []
