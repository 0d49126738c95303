"""A diagram's title and legend (:mod:`kg.render.legend`): only what is drawn, in a fixed order."""

from __future__ import annotations

from kg.model import Direction, KnowledgeBase
from kg.render.legend import HEAD_GLYPHS, legend_entries, title_and_legend
from kg.render.styles import SUPPORT_TAGS, EdgeGroup, arrowhead


def test_entries_name_only_what_the_claims_use(kb: KnowledgeBase) -> None:
    claims = list(kb.claims)
    supports, heads, types, negated = legend_entries(kb, claims)
    assert set(supports) == {c.support for c in claims}
    assert {p for preds in heads.values() for p in preds} == {c.predicate for c in claims}
    assert all(arrowhead(p) == head for head, preds in heads.items() for p in preds)
    assert set(types) == {kb.entities[e].type for c in claims for e in (c.subject, c.object)}
    assert negated == any(c.direction is not Direction.SUPPORTS for c in claims)
    assert legend_entries(kb, list(reversed(claims))) == (supports, heads, types, negated)


def test_the_label_holds_the_title_the_note_and_each_row(kb: KnowledgeBase) -> None:
    claim = kb.claims[0]
    label = title_and_legend(kb, [EdgeGroup((claim,))], "A <title>", "capped & cut")
    assert label.startswith("<<TABLE") and label.endswith("</TABLE>>")
    assert "A &lt;title&gt;" in label and "capped &amp; cut" in label
    assert f"<B>{SUPPORT_TAGS[claim.support]}</B>" in label
    assert HEAD_GLYPHS[arrowhead(claim.predicate)] in label
    for heading in ("Support (colour, line, tag):", "Arrowhead:", "Node:"):
        assert heading in label
    assert 'FONT COLOR="#c0392b"' not in title_and_legend(kb, [EdgeGroup((claim,))], "t", "")
