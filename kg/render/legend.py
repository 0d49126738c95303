"""A diagram's title and compact legend, as one Graphviz HTML-like label: a row per kind (support
class, arrowhead, node type), only what is drawn."""

from __future__ import annotations

from collections.abc import Sequence

from kg.model import Claim, Direction, EntityType, KnowledgeBase, Predicate, SupportClass
from kg.render.styles import EDGE_STYLES, NODE_STYLES, SUPPORT_TAGS, EdgeGroup, arrowhead, spaced

__all__ = ["HEAD_GLYPHS", "LINE_GLYPHS", "legend_entries", "title_and_legend"]


def legend_entries(
    kb: KnowledgeBase, claims: Sequence[Claim]
) -> tuple[list[SupportClass], dict[str, list[Predicate]], list[EntityType], bool]:
    """What the legend must explain: the support classes, arrowheads (with their predicates),
    entity types and whether a no-effect/refuted claim occur in ``claims``, in a fixed order."""
    return _entries(kb, [EdgeGroup((c,)) for c in claims])


def _entries(
    kb: KnowledgeBase, groups: Sequence[EdgeGroup]
) -> tuple[list[SupportClass], dict[str, list[Predicate]], list[EntityType], bool]:
    """:func:`legend_entries` of the edges drawn."""
    drawn = {g.support for g in groups}
    supports = [s for s in EDGE_STYLES if s in drawn]
    heads: dict[str, list[Predicate]] = {}
    used_heads = {g.head for g in groups}
    for pred in Predicate:  # enum order, so the rows do not depend on the claim order
        head = arrowhead(pred)
        if head in used_heads and any(g.head == head and any(c.predicate is pred for c in g.claims) for g in groups):
            heads.setdefault(head, []).append(pred)
    if any(g.head == "odot" and len({c.predicate for c in g.claims}) > 1 for g in groups):
        heads.setdefault("odot", [])
    used = {kb.entities[e].type for g in groups for c in g.claims for e in (c.subject, c.object)}
    types = [t for t in NODE_STYLES if t in used]
    negated = any(c.direction is not Direction.SUPPORTS for g in groups for c in g.claims)
    return supports, heads, types, negated


#: Text stand-ins for line styles and arrowheads in the legend (an HTML-like label).
LINE_GLYPHS = {"solid": "\u2501" * 4, "dashed": "\u2013 " * 3, "dotted": "\u00b7 " * 5}


HEAD_GLYPHS = {
    "normal": "\u25b6",
    "tee": "\u2524",
    "empty": "\u25b7",
    "teeodot": "\u25cb\u2524",
    "none": "\u2500",
    "odot": "\u25cb",
    "diamond": "\u25c6",
    "odiamond": "\u25c7",
    "obox": "\u25a1",
}


def _html(text: str) -> str:
    """Text escaped for an HTML-like label."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def title_and_legend(kb: KnowledgeBase, groups: Sequence[EdgeGroup], title: str, cap_note: str) -> str:
    """The diagram's title and a compact legend as one HTML-like label: a row per kind (support
    class: coloured line glyph, tag and name; arrowhead; node type), only what is drawn."""
    supports, heads, types, negated = _entries(kb, groups)

    def row(heading: str, cells: list[str]) -> str:
        inner = "".join(cells)
        return (
            f'<TR><TD ALIGN="LEFT"><TABLE BORDER="0" CELLSPACING="0" CELLPADDING="1"><TR>'
            f'<TD ALIGN="LEFT"><B>{_html(heading)}</B></TD>{inner}</TR></TABLE></TD></TR>'
        )

    lines = [f'<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="15"><B>{_html(title)}</B></FONT></TD></TR>']
    if cap_note:
        lines.append(f'<TR><TD ALIGN="LEFT"><FONT COLOR="#c0392b">{_html(cap_note)}</FONT></TD></TR>')
    cells = []
    for support in supports:
        colour, style = EDGE_STYLES[support]
        cells.append(
            f'<TD ALIGN="LEFT"> <FONT COLOR="{colour}"><B>{_html(LINE_GLYPHS[style])}</B></FONT> '
            f"<B>{_html(SUPPORT_TAGS[support])}</B> {_html(spaced(support.value))} </TD>"
        )
    lines.append(row("Support (colour, line, tag):", cells))
    cells = []
    for head, preds in heads.items():
        names = ", ".join(spaced(p.value) for p in preds) or "mixed predicates"
        cells.append(f'<TD ALIGN="LEFT"> <B>{_html(HEAD_GLYPHS.get(head, "?"))}</B> {_html(names)} </TD>')
    if negated:
        cells.append(f'<TD ALIGN="LEFT"> <B>{HEAD_GLYPHS["obox"]}</B> no effect / refuted (red label) </TD>')
    lines.append(row("Arrowhead:", cells))
    cells = []
    for etype in types:
        shape, fill, style = NODE_STYLES[etype]
        parts = [shape, *(p for p in style.split(",") if p != "filled")]
        if etype is EntityType.PROTEIN_FAMILY:
            parts.append("double border")
        cells.append(
            f'<TD BGCOLOR="{fill}" BORDER="1" ALIGN="LEFT"> {_html(spaced(etype.value))} '
            f'<FONT POINT-SIZE="8">({_html(", ".join(parts))})</FONT> </TD><TD> </TD>'
        )
    lines.append(row("Node:", cells))
    lines.append(
        '<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">pen width: independent works; edge label: tag · citations '
        "(or claims, when merged) [context]</FONT></TD></TR>"
    )
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">'
    return "<" + table + "".join(lines) + "</TABLE>>"
