"""Pathway diagrams whose styling shows the strength of the evidence (pydot → DOT, SVG, PNG).

Node shape and fill follow the entity type, the arrowhead the predicate, and the edge colour and
line style the claim's support class; pen width grows with the number of independent works and
the label gives the citation count. Pathway membership is data (``ontology/pathways.yaml``).
The same claims always give the same DOT text. SVG and PNG need Graphviz's ``dot``; without it a
RenderError says how to install it, after the DOT file has been written.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import RenderError
from kg.graph import to_networkx
from kg.model import Claim, Direction, EntityType, KnowledgeBase, Predicate, SupportClass, slug
from kg.output import atomic_write_many
from kg.pathway import Pathway, pathway_claims
from kg.query import paths, resolve_entity

if TYPE_CHECKING:
    import pydot

__all__ = [
    "DEFAULT_MAX_EDGES",
    "DOT_EDGE_LIMIT",
    "EDGE_STYLES",
    "FORMATS",
    "NODE_STYLES",
    "SUPPORT_TAGS",
    "arrowhead",
    "diagram_jobs",
    "edge_groups",
    "layout_engine",
    "legend_entries",
    "neighbourhood_claims",
    "to_dot",
    "write_diagram",
]

#: Entity type → (shape, fill colour, extra style).
NODE_STYLES: dict[EntityType, tuple[str, str, str]] = {
    EntityType.COMPOUND: ("box", "#fde2b8", "rounded,filled,bold"),
    EntityType.TOOL_COMPOUND: ("box", "#eeeeee", "rounded,filled,dashed"),
    EntityType.CHEMICAL: ("hexagon", "#f3e5f5", "filled"),
    EntityType.PROTEIN: ("ellipse", "#d6eaf8", "filled"),
    EntityType.PROTEIN_FAMILY: ("ellipse", "#aed6f1", "filled"),  # drawn with a double border
    EntityType.PATHWAY: ("component", "#d5f5e3", "filled"),
    EntityType.PROCESS: ("parallelogram", "#fcf3cf", "filled"),
    EntityType.PHENOTYPE: ("octagon", "#fadbd8", "filled"),
    EntityType.CELL_TYPE: ("egg", "#e8daef", "filled"),
    EntityType.ORGANIZATION: ("folder", "#f2f3f4", "filled"),
}

#: Support class → (colour, line style). Colours from the Okabe-Ito palette, safe for colour-blind
#: readers; the line style and the short tag (:data:`SUPPORT_TAGS`) keep the classes apart in greyscale.
EDGE_STYLES: dict[SupportClass, tuple[str, str]] = {
    SupportClass.CLINICAL: ("#009e73", "solid"),
    SupportClass.PRECLINICAL_ONLY: ("#0072b2", "dashed"),
    SupportClass.PRECLINICAL_AND_VENDOR: ("#cc79a7", "dashed"),
    SupportClass.SECONDARY_ONLY: ("#56b4e9", "dashed"),
    SupportClass.VENDOR_ONLY: ("#e69f00", "dotted"),
    SupportClass.UNVERIFIABLE: ("#000000", "dotted"),
    SupportClass.UNCITED: ("#d55e00", "dotted"),
}

#: Support class → a short tag written on each edge and in the legend (readable without colour).
SUPPORT_TAGS: dict[SupportClass, str] = {
    SupportClass.CLINICAL: "CLIN",
    SupportClass.PRECLINICAL_ONLY: "PRE",
    SupportClass.PRECLINICAL_AND_VENDOR: "PRE+V",
    SupportClass.SECONDARY_ONLY: "SEC",
    SupportClass.VENDOR_ONLY: "VEND",
    SupportClass.UNVERIFIABLE: "UNVER",
    SupportClass.UNCITED: "UNCITED",
}

#: Above this many edges `dot` stalls; the layout switches to `sfdp`.
DOT_EDGE_LIMIT = 1000
FORMATS = ("dot", "svg", "png")


def layout_engine(edge_count: int) -> str:
    """The Graphviz program that lays out a diagram of ``edge_count`` claims."""
    return "dot" if edge_count <= DOT_EDGE_LIMIT else "sfdp"


def arrowhead(predicate: Predicate) -> str:
    """Arrowhead for a predicate: increase normal, decrease tee, binding none, expression distinct."""
    if predicate is Predicate.BINDS:
        return "none"
    if predicate.family == "expression":
        return "empty" if predicate.polarity > 0 else "teeodot"
    if predicate.polarity > 0:
        return "normal"
    if predicate.polarity < 0:
        return "tee"
    if predicate.family == "activity":
        return "odot"  # regulates, direction not stated
    return {"composition": "diamond", "similarity": "odiamond"}.get(predicate.family, "obox")


def neighbourhood_claims(kb: KnowledgeBase, entity: str, depth: int = 1) -> list[Claim]:
    """Claims among the entities within ``depth`` steps of ``entity`` (either direction)."""
    import networkx as nx

    graph = to_networkx(kb).to_undirected(as_view=True)
    if entity not in graph:
        return []
    near = set(nx.single_source_shortest_path_length(graph, entity, cutoff=depth))
    return [c for c in kb.claims if c.subject in near and c.object in near]


def diagram_jobs(
    kb: KnowledgeBase,
    pathways: Mapping[str, Pathway],
    pathway: str | None = None,
    entity: str | None = None,
    depth: int = 1,
    path_ends: tuple[str, str] | None = None,
    max_length: int = 3,
) -> list[tuple[str, str, list[Claim]]]:
    """The diagrams ``kg render`` draws, as (file stem, title, claims): a named pathway (or
    ``all``), an entity's neighbourhood, or the chains between two entities (give one of the three).
    """
    if pathway is not None:
        names = sorted(pathways) if pathway == "all" else [pathway]
        for name in names:
            if name not in pathways:
                raise RenderError(f"unknown pathway {name!r} (expected one of: {', '.join(sorted(pathways))}, all)")
        return [(name, pathways[name].label, pathway_claims(kb, pathways[name])) for name in names]
    if entity is not None:
        node = resolve_entity(kb, entity)
        return [(slug(node), f"{kb.label(node)}: neighbourhood, depth {depth}", neighbourhood_claims(kb, node, depth))]
    if path_ends is None:
        raise RenderError("give exactly one of a pathway, an entity or a path")
    src, dst = (resolve_entity(kb, e) for e in path_ends)
    ids = {c for p in paths(to_networkx(kb), src, dst, max_length) for c in p.claims}
    title = f"{kb.label(src)} to {kb.label(dst)}"
    return [(f"path-{slug(src)}-{slug(dst)}", title, [c for c in kb.claims if c.id in ids])]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def _quote(*lines: str) -> str:
    """A quoted DOT string; each argument becomes one line (DOT's ``\\n``)."""
    return '"' + "\\n".join(_escape(line) for line in lines) + '"'


def _wrap(text: str, width: int = 22) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        if line and len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    return lines


#: Neighbourhood and path diagrams draw at most this many edges (the strongest first) by default.
DEFAULT_MAX_EDGES = 40


@dataclass(frozen=True)
class _EdgeGroup:
    """The claims drawn as one edge: one claim, or parallel claims merged (same subject and object)."""

    claims: tuple[Claim, ...]

    @property
    def support(self) -> SupportClass:
        """The strongest support class among the claims."""
        return min((c.support for c in self.claims), key=lambda s: s.rank)

    @property
    def works(self) -> int:
        """Most independent works cited by one of the claims."""
        return max(len(c.works) for c in self.claims)

    @property
    def head(self) -> str:
        """The arrowhead: the claims' own when they agree, a ring (mixed) otherwise."""
        heads = {arrowhead(c.predicate) for c in self.claims}
        return heads.pop() if len(heads) == 1 else "odot"

    @property
    def strength(self) -> tuple[int, int, int, tuple[str, ...]]:
        """Sort key, strongest first: support class, then works, then number of claims."""
        return (self.support.rank, -self.works, -len(self.claims), self.claims[0].key)


def edge_groups(claims: Iterable[Claim], merge: bool = False) -> list[_EdgeGroup]:
    """The edges to draw, in key order: one per claim, or one per (subject, object) when ``merge``."""
    chosen = sorted({c.id: c for c in claims}.values(), key=lambda c: c.key)
    if not merge:
        return [_EdgeGroup((c,)) for c in chosen]
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in chosen:
        groups.setdefault((claim.subject, claim.object), []).append(claim)
    return [_EdgeGroup(tuple(group)) for _, group in sorted(groups.items())]


def to_dot(
    kb: KnowledgeBase,
    claims: Iterable[Claim],
    title: str,
    pathways: Sequence[Pathway] = (),
    legend: bool = True,
    *,
    merge: bool = False,
    max_edges: int | None = None,
) -> pydot.Dot:
    """Build the styled diagram of ``claims``; nodes and edges are added in sorted order.

    With ``merge`` parallel claims (same subject and object) become one edge labelled with their
    count; with ``max_edges`` only that many edges are drawn, the strongest first, and the title
    says so. The title and a compact legend form one label above the diagram.
    """
    import pydot

    groups = edge_groups(claims, merge)
    total = len(groups)
    cap_note = ""
    if max_edges is not None and total > max_edges:
        kept = {id(g) for g in sorted(groups, key=lambda g: g.strength)[:max_edges]}
        groups = [g for g in groups if id(g) in kept]
        cap_note = f"showing the {max_edges} strongest of {total} edges (strongest support first)"
    nodes = sorted({e for g in groups for c in g.claims for e in (c.subject, c.object)})
    dot = pydot.Dot(
        "mechkg",
        graph_type="digraph",
        rankdir="LR",
        fontname="Helvetica",
        labelloc="t",
        labeljust="l",
        newrank="true",
    )
    if legend and groups:
        dot.set("label", _title_and_legend(kb, groups, title, cap_note))
    else:
        dot.set("label", _quote(title, *([cap_note] if cap_note else [])))
    dot.set_node_defaults(fontname="Helvetica", fontsize="11")
    dot.set_edge_defaults(fontname="Helvetica", fontsize="9")
    placed: set[str] = set()
    for pathway in pathways:
        inside = [n for n in nodes if n in pathway.members and n not in placed]
        if not inside:
            continue
        cluster = pydot.Cluster(re.sub(r"\W", "_", pathway.id), style="rounded", color="#aab7b8", fontname="Helvetica")
        # the title already names it: drawn once (an empty label, else the graph's is inherited)
        cluster.set("label", _quote(pathway.label if pathway.label != title else ""))
        for node in inside:
            cluster.add_node(_node(kb, node))
            placed.add(node)
        dot.add_subgraph(cluster)
    for node in nodes:
        if node not in placed:
            dot.add_node(_node(kb, node))
    for group in groups:
        dot.add_edge(_edge(group.claims[0]) if len(group.claims) == 1 else _merged_edge(group))
    return dot


def _type_node(node_id: str, etype: EntityType, label: str, **attrs: str) -> pydot.Node:
    """A node drawn in the style of its entity type."""
    import pydot

    shape, fill, style = NODE_STYLES[etype]
    if etype is EntityType.PROTEIN_FAMILY:
        attrs = {"peripheries": "2", **attrs}
    return pydot.Node(node_id, label=label, shape=shape, fillcolor=fill, style=_quote(style), **attrs)


def _node(kb: KnowledgeBase, entity_id: str) -> pydot.Node:
    ent = kb.entities[entity_id]
    return _type_node(
        _quote(entity_id), ent.type, _quote(*_wrap(ent.label)), tooltip=_quote(f"{ent.id} ({ent.type.value})")
    )


def _edge(claim: Claim) -> pydot.Edge:
    import pydot

    colour, style = EDGE_STYLES[claim.support]
    n = len(claim.references)
    tag = SUPPORT_TAGS[claim.support]
    label = [f"{tag} · {n} ref{'s' if n != 1 else ''}" if n else tag]
    attrs = {}
    if claim.direction is not Direction.SUPPORTS:
        label.append("no effect" if claim.direction is Direction.NO_EFFECT else "refuted")
        attrs = {"fontcolor": "#c0392b", "arrowtail": "obox", "dir": "both"}
    if claim.context != "unspecified":
        label.append(f"[{claim.context}]")
    if claim.withdrawn:
        label.append("WITHDRAWN (retracted source)")
    return pydot.Edge(
        _quote(claim.subject),
        _quote(claim.object),
        color=colour,
        style=style,
        arrowhead=arrowhead(claim.predicate),
        penwidth=f"{1 + 0.6 * min(len(claim.works), 5):.1f}",
        label=_quote(*label),
        tooltip=_quote(f"{claim.id}: {claim.predicate.value} ({claim.support.value})"),
        **attrs,
    )


def _merged_edge(group: _EdgeGroup) -> pydot.Edge:
    """One edge for parallel claims: the strongest class's style, the count of claims on the label."""
    import pydot

    first = group.claims[0]
    colour, style = EDGE_STYLES[group.support]
    label = [f"{SUPPORT_TAGS[group.support]} · {len(group.claims)} claims"]
    attrs = {}
    if any(c.direction is not Direction.SUPPORTS for c in group.claims):
        label.append("some no effect/refuted")
        attrs = {"fontcolor": "#c0392b", "arrowtail": "obox", "dir": "both"}
    withdrawn = sum(1 for c in group.claims if c.withdrawn)
    if withdrawn:
        label.append(f"{withdrawn} WITHDRAWN (retracted source)")
    tooltip = "; ".join(f"{c.id}: {c.predicate.value} ({c.support.value})" for c in group.claims)
    return pydot.Edge(
        _quote(first.subject),
        _quote(first.object),
        color=colour,
        style=style,
        arrowhead=group.head,
        penwidth=f"{1 + 0.6 * min(group.works, 5):.1f}",
        label=_quote(*label),
        tooltip=_quote(tooltip),
        **attrs,
    )


def _label(value: str) -> str:
    return value.replace("_", " ")


def legend_entries(
    kb: KnowledgeBase, claims: Sequence[Claim]
) -> tuple[list[SupportClass], dict[str, list[Predicate]], list[EntityType], bool]:
    """What the legend must explain: the support classes, arrowheads (with their predicates),
    entity types and whether a no-effect/refuted claim occur in ``claims``, in a fixed order."""
    return _entries(kb, [_EdgeGroup((c,)) for c in claims])


def _entries(
    kb: KnowledgeBase, groups: Sequence[_EdgeGroup]
) -> tuple[list[SupportClass], dict[str, list[Predicate]], list[EntityType], bool]:
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
_LINE_GLYPHS = {"solid": "\u2501" * 4, "dashed": "\u2013 " * 3, "dotted": "\u00b7 " * 5}
_HEAD_GLYPHS = {
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
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _title_and_legend(kb: KnowledgeBase, groups: Sequence[_EdgeGroup], title: str, cap_note: str) -> str:
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
            f'<TD ALIGN="LEFT"> <FONT COLOR="{colour}"><B>{_html(_LINE_GLYPHS[style])}</B></FONT> '
            f"<B>{_html(SUPPORT_TAGS[support])}</B> {_html(_label(support.value))} </TD>"
        )
    lines.append(row("Support (colour, line, tag):", cells))
    cells = []
    for head, preds in heads.items():
        names = ", ".join(_label(p.value) for p in preds) or "mixed predicates"
        cells.append(f'<TD ALIGN="LEFT"> <B>{_html(_HEAD_GLYPHS.get(head, "?"))}</B> {_html(names)} </TD>')
    if negated:
        cells.append(f'<TD ALIGN="LEFT"> <B>{_HEAD_GLYPHS["obox"]}</B> no effect / refuted (red label) </TD>')
    lines.append(row("Arrowhead:", cells))
    cells = []
    for etype in types:
        shape, fill, style = NODE_STYLES[etype]
        parts = [shape, *(p for p in style.split(",") if p != "filled")]
        if etype is EntityType.PROTEIN_FAMILY:
            parts.append("double border")
        cells.append(
            f'<TD BGCOLOR="{fill}" BORDER="1" ALIGN="LEFT"> {_html(_label(etype.value))} '
            f'<FONT POINT-SIZE="8">({_html(", ".join(parts))})</FONT> </TD><TD> </TD>'
        )
    lines.append(row("Node:", cells))
    lines.append(
        '<TR><TD ALIGN="LEFT"><FONT POINT-SIZE="9">pen width: independent works; edge label: tag · citations '
        "(or claims, when merged) [context]</FONT></TD></TR>"
    )
    table = '<TABLE BORDER="0" CELLBORDER="0" CELLSPACING="1" CELLPADDING="1">'
    return "<" + table + "".join(lines) + "</TABLE>>"


def write_diagram(dot: pydot.Dot, stem: Path, formats: Iterable[str] = ("dot", "svg")) -> list[Path]:
    """Write the diagram as ``stem.<format>``; the DOT file is always written first.

    Raises RenderError when SVG or PNG is asked for and Graphviz is missing (the DOT file stays).
    """
    wanted = [f for f in FORMATS if f in set(formats)]
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise RenderError(f"unknown diagram format {sorted(unknown)[0]!r} (expected one of: {', '.join(FORMATS)})")
    text = dot.to_string().encode("utf-8")
    dot_path = stem.with_suffix(".dot")
    atomic_write_many({dot_path: text})
    written = [dot_path] if "dot" in wanted else []
    images = [f for f in wanted if f != "dot"]
    if not images:
        if "dot" not in wanted:
            dot_path.unlink()
        return written
    engine = layout_engine(len(dot.get_edges()))
    binary = shutil.which(engine)
    if binary is None:
        raise RenderError(
            f"Graphviz '{engine}' was not found, so {'/'.join(images).upper()} cannot be drawn; "
            f"the DOT file was written to {dot_path}. Install Graphviz (Debian: apt-get install graphviz, "
            "or run `make setup`) and render again."
        )
    outputs = {}
    for fmt in images:
        result = subprocess.run([binary, f"-T{fmt}"], input=text, capture_output=True, check=False, timeout=600)
        if result.returncode != 0:
            raise RenderError(f"Graphviz failed on {dot_path}: {result.stderr.decode('utf-8', 'replace').strip()}")
        outputs[stem.with_suffix(f".{fmt}")] = result.stdout
    atomic_write_many(outputs)
    if "dot" not in wanted:
        dot_path.unlink()
    return written + sorted(outputs)
