"""kg.render.styles and kg.render.legend: how edges look and what the legend lists, on claims written here."""

from __future__ import annotations

from kg.model import Claim, Direction, Entity, EntityType, EvidenceLevel, KnowledgeBase, Predicate, SupportClass
from kg.render.legend import HEAD_GLYPHS, legend_entries, title_and_legend
from kg.render.styles import (
    DOT_EDGE_LIMIT,
    EDGE_STYLES,
    NODE_STYLES,
    SUPPORT_TAGS,
    arrowhead,
    edge_groups,
    layout_engine,
    quote,
    spaced,
)

ENTITIES = {
    "c:1": Entity("c:1", "Widgetol", EntityType.COMPOUND),
    "p:1": Entity("p:1", "Widgetase", EntityType.PROTEIN),
}


def _claim(predicate: Predicate, direction: Direction = Direction.SUPPORTS, *levels: EvidenceLevel) -> Claim:
    return Claim("c:1", predicate, "p:1", "ctx", direction, (), (), levels)


def test_every_class_and_type_has_a_style() -> None:
    assert set(EDGE_STYLES) == set(SUPPORT_TAGS) == set(SupportClass)
    assert set(NODE_STYLES) == set(EntityType)
    assert len(set(SUPPORT_TAGS.values())) == len(SUPPORT_TAGS)


def test_arrowheads_and_layout() -> None:
    assert arrowhead(Predicate.ACTIVATES) == "normal"
    assert arrowhead(Predicate.INHIBITS) == "tee"
    assert arrowhead(Predicate.BINDS) == "none"
    assert set(HEAD_GLYPHS) >= {arrowhead(p) for p in Predicate}
    assert layout_engine(DOT_EDGE_LIMIT) == "dot" and layout_engine(DOT_EDGE_LIMIT + 1) == "sfdp"


def test_dot_quoting_and_spaced_names() -> None:
    assert quote('say "hi"', "a\\b") == '"say \\"hi\\"\\na\\\\b"'
    assert spaced("vendor_only") == "vendor only"


def test_parallel_claims_merge_into_one_group_with_the_strongest_support() -> None:
    weak = _claim(Predicate.ACTIVATES)
    strong = _claim(Predicate.INHIBITS, Direction.SUPPORTS, EvidenceLevel.HUMAN_CLINICAL_RCT)
    assert len(edge_groups([weak, strong, weak])) == 2  # one per distinct claim
    [group] = edge_groups([weak, strong], merge=True)
    assert group.support is SupportClass.CLINICAL
    assert group.head == "odot"  # the two claims' arrowheads differ


def test_legend_lists_what_is_drawn() -> None:
    kb = KnowledgeBase(ENTITIES, {}, {}, (), ())
    claims = [_claim(Predicate.ACTIVATES), _claim(Predicate.INHIBITS, Direction.REFUTES)]
    supports, heads, types, negated = legend_entries(kb, claims)
    assert supports == [SupportClass.UNCITED]
    assert heads == {"normal": [Predicate.ACTIVATES], "tee": [Predicate.INHIBITS]}
    assert types == [EntityType.COMPOUND, EntityType.PROTEIN] and negated
    label = title_and_legend(kb, edge_groups(claims), "Title & more", "")
    assert label.startswith("<<TABLE") and "Title &amp; more" in label and "no effect / refuted" in label
