"""Mentions refined: listed words sharing a head, suspended hyphens, "A/B pathway" composites, the
proteins that name a pathway."""

from __future__ import annotations

from kg.extract.mention import Mention
from kg.extract.refine import composite_map, expand_ellipsis, merge_composites, pathway_map
from kg.model import Entity, EntityType

P = EntityType.PROCESS
ENTITIES = {
    "GO:1": Entity("GO:1", "cell proliferation", P),
    "GO:2": Entity("GO:2", "cell migration", P),
    "GO:3": Entity("GO:3", "anti-apoptotic process", P),
    "GO:4": Entity("GO:4", "pro-apoptotic process", P),
    "HGNC:1": Entity("HGNC:1", "PI3K", EntityType.PROTEIN),
    "HGNC:2": Entity("HGNC:2", "Akt", EntityType.PROTEIN),
    "HGNC:3": Entity("HGNC:3", "Shh", EntityType.PROTEIN),
    "PW:1": Entity("PW:1", "PI3K/Akt signaling pathway", EntityType.PATHWAY, synonyms=("Shh pathway",)),
}
NAMES = {e.label.lower(): e.id for e in ENTITIES.values()}


def resolve(name: str) -> str | None:
    return NAMES.get(name.lower())


def test_listed_words_take_the_first_word_of_a_listed_name() -> None:
    text = "cell proliferation, survival and migration"
    found = [Mention(0, 18, "GO:1", P, "cell proliferation", True)]
    out = expand_ellipsis(text, found, 0, ENTITIES, resolve)
    assert [(m.surface, m.entity) for m in out] == [("cell proliferation", "GO:1")]  # 'survival' stops the list
    text = "cell proliferation and migration"
    out = expand_ellipsis(text, found, 0, ENTITIES, resolve)
    assert [(m.surface, m.entity, m.start) for m in out] == [
        ("cell proliferation", "GO:1", 0),
        ("migration", "GO:2", 23),
    ]


def test_a_suspended_hyphen_takes_the_rest_of_the_next_name() -> None:
    text = "pro- and anti-apoptotic process"
    found = [Mention(9, 31, "GO:3", P, "anti-apoptotic process", True)]
    out = expand_ellipsis(text, found, 0, ENTITIES, resolve)
    assert [(m.surface, m.entity) for m in out] == [("pro-", "GO:4"), ("anti-apoptotic process", "GO:3")]


def test_composites_and_pathways_named_by_a_protein() -> None:
    composites = composite_map(ENTITIES, resolve)
    assert composites == {("HGNC:1", "HGNC:2"): "PW:1"}
    assert pathway_map(ENTITIES, resolve) == {"HGNC:3": "PW:1"}
    text = "PI3K/Akt signaling is on"
    found = [
        Mention(0, 4, "HGNC:1", EntityType.PROTEIN, "PI3K", True),
        Mention(5, 8, "HGNC:2", EntityType.PROTEIN, "Akt", True),
    ]
    merged = merge_composites(text, found, 0, composites)
    assert [(m.surface, m.entity) for m in merged] == [("PI3K/Akt signaling", "PW:1")]
    assert merge_composites(text, found, 0, {}) == found
