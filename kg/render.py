"""Pathway diagrams whose styling shows the strength of the evidence (pydot → DOT, SVG, PNG).

Node shape and fill follow the entity type, the arrowhead the predicate, and the edge colour and
line style the claim's support class; pen width grows with the number of independent works and
the label gives the citation count. Pathway membership is data (``ontology/pathways.yaml``).
The same claims always give the same DOT text. SVG and PNG need Graphviz's ``dot``; without it a
RenderError says how to install it, after the DOT file has been written.
"""

from __future__ import annotations

import itertools
import re
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import RenderError, SeedError, SeedErrors
from kg.export import atomic_write_many
from kg.graph import to_networkx
from kg.model import Claim, Direction, EntityType, KnowledgeBase, Predicate, SupportClass
from kg.yamlio import LineDict, line_of, read_yaml

if TYPE_CHECKING:
    import pydot

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
    SupportClass.UNCITED: "NONE",
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


@dataclass(frozen=True)
class Pathway:
    """A named pathway: an id used on the command line, a label and its member entities."""

    id: str
    label: str
    members: tuple[str, ...]


def load_pathways(path: Path, kb: KnowledgeBase) -> dict[str, Pathway]:
    """Read ``pathways.yaml``; unknown member ids and malformed records are file:line errors."""
    data, errors = read_yaml(path)
    pathways: dict[str, Pathway] = {}
    if isinstance(data, list):
        for i, item in enumerate(data):
            line = line_of(data, i)
            if not isinstance(item, LineDict) or not {"id", "label", "members"} <= set(item):
                errors.append(SeedError(str(path), line, "a pathway needs id, label and members"))
                continue
            members = item["members"] if isinstance(item["members"], list) else []
            for member in members:
                if member not in kb.entities:
                    errors.append(
                        SeedError(
                            str(path), line_of(item, "members"), f"pathway {item['id']!r}: unknown entity {member!r}"
                        )
                    )
            if item["id"] in pathways:
                errors.append(SeedError(str(path), line, f"duplicate pathway id {item['id']!r}"))
            pathways[str(item["id"])] = Pathway(str(item["id"]), str(item["label"]), tuple(map(str, members)))
    elif data is not None:
        errors.append(SeedError(str(path), 1, "the pathway file must be a list of pathways"))
    if errors:
        raise SeedErrors(errors)
    return pathways


def pathway_claims(kb: KnowledgeBase, pathway: Pathway) -> list[Claim]:
    """Claims with both ends in the pathway, or one end in it and the other a compound."""
    members = set(pathway.members)
    compounds = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND}

    def inside(e: str) -> bool:
        return e in members

    return [
        c
        for c in kb.claims
        if (inside(c.subject) and inside(c.object))
        or (inside(c.object) and kb.entities[c.subject].type in compounds)
        or (inside(c.subject) and kb.entities[c.object].type in compounds)
    ]


def neighbourhood_claims(kb: KnowledgeBase, entity: str, depth: int = 1) -> list[Claim]:
    """Claims among the entities within ``depth`` steps of ``entity`` (either direction)."""
    import networkx as nx

    graph = to_networkx(kb).to_undirected(as_view=True)
    if entity not in graph:
        return []
    near = set(nx.single_source_shortest_path_length(graph, entity, cutoff=depth))
    return [c for c in kb.claims if c.subject in near and c.object in near]


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


def to_dot(
    kb: KnowledgeBase,
    claims: Iterable[Claim],
    title: str,
    pathways: Sequence[Pathway] = (),
    legend: bool = True,
) -> pydot.Dot:
    """Build the styled diagram of ``claims``; nodes and edges are added in sorted order."""
    import pydot

    chosen = sorted({c.id: c for c in claims}.values(), key=lambda c: c.key)
    nodes = sorted({c.subject for c in chosen} | {c.object for c in chosen})
    dot = pydot.Dot(
        "mechkg",
        graph_type="digraph",
        rankdir="LR",
        fontname="Helvetica",
        labelloc="t",
        label=_quote(title),
        newrank="true",
    )
    dot.set_node_defaults(fontname="Helvetica", fontsize="11")
    dot.set_edge_defaults(fontname="Helvetica", fontsize="9")
    if legend and chosen:  # first in the DOT text, so dot stacks it below the diagram (rankdir=LR)
        if layout_engine(len(chosen)) == "dot":
            dot.add_subgraph(_legend(kb, chosen))
        else:  # sfdp ignores ranks: one table node instead
            dot.add_node(_table_legend(kb, chosen))
    placed: set[str] = set()
    for pathway in pathways:
        inside = [n for n in nodes if n in pathway.members and n not in placed]
        if not inside:
            continue
        cluster = pydot.Cluster(
            re.sub(r"\W", "_", pathway.id),
            label=_quote(pathway.label),
            style="rounded",
            color="#aab7b8",
            fontname="Helvetica",
        )
        for node in inside:
            cluster.add_node(_node(kb, node))
            placed.add(node)
        dot.add_subgraph(cluster)
    for node in nodes:
        if node not in placed:
            dot.add_node(_node(kb, node))
    for claim in chosen:
        dot.add_edge(_edge(claim))
    return dot


def _type_node(node_id: str, etype: EntityType, label: str, **attrs: str) -> pydot.Node:
    """A node drawn in the style of its entity type (shared by the diagram and the legend)."""
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
    label = [f"{n} ref{'s' if n != 1 else ''}" if n else "uncited"]
    attrs = {}
    if claim.direction is not Direction.SUPPORTS:
        label.append("no effect" if claim.direction is Direction.NO_EFFECT else "refuted")
        attrs = {"fontcolor": "#c0392b", "arrowtail": "obox", "dir": "both"}
    if claim.context != "unspecified":
        label.append(f"[{claim.context}]")
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


#: Legend sample edges are drawn a little thicker than a single-work edge so the dash shows.
_LEGEND_PEN = "2.0"


def _label(value: str) -> str:
    return value.replace("_", " ")


def legend_entries(
    kb: KnowledgeBase, claims: Sequence[Claim]
) -> tuple[list[SupportClass], dict[str, list[Predicate]], list[EntityType], bool]:
    """What the legend must explain: the support classes, arrowheads (with their predicates),
    entity types and whether a no-effect/refuted claim occur in ``claims``, in a fixed order."""
    supports = [s for s in EDGE_STYLES if any(c.support is s for c in claims)]
    heads: dict[str, list[Predicate]] = {}
    for pred in Predicate:  # enum order, so the rows do not depend on the claim order
        if any(c.predicate is pred for c in claims):
            heads.setdefault(arrowhead(pred), []).append(pred)
    used = {kb.entities[e].type for c in claims for e in (c.subject, c.object)}
    types = [t for t in NODE_STYLES if t in used]
    negated = any(c.direction is not Direction.SUPPORTS for c in claims)
    return supports, heads, types, negated


def _stack(column: pydot.Subgraph, ids: Sequence[str]) -> None:
    """Invisible edges that keep the nodes of a ``rank=same`` column in order, top to bottom.

    With ``rankdir=LR`` a flat edge puts its tail below its head, so the chain runs upwards;
    ``minlen=0`` keeps dot from adding a second ``nodesep`` between the stacked nodes.
    """
    import pydot

    for upper, lower in itertools.pairwise(ids):
        column.add_edge(pydot.Edge(lower, upper, style="invis", minlen="0"))


@dataclass(frozen=True)
class _Row:
    """One legend row: a sample edge (None for a heading or a note) and its label lines."""

    id: str
    lines: tuple[str, ...]
    sample: tuple[tuple[str, str], ...] | None = None
    bold: bool = False


def _legend_sections(kb: KnowledgeBase, claims: Sequence[Claim]) -> tuple[list[list[_Row]], list[EntityType]]:
    """The rows of the edge part of the legend, one list per section, and the entity types."""
    supports, heads, types, negated = legend_entries(kb, claims)
    sections: list[list[_Row]] = []
    if supports:
        rows = [_Row("h_support", ("Support (edge colour, line)",), bold=True)]
        for support in supports:
            colour, style = EDGE_STYLES[support]
            sample = (("color", _quote(colour)), ("style", style), ("arrowhead", "none"))
            rows.append(_Row(support.value, (_label(support.value),), sample))
        sections.append(rows)
    if heads:
        rows = [_Row("h_predicate", ("Predicate (arrowhead)",), bold=True)]
        for head, preds in heads.items():
            lines = tuple(_wrap(", ".join(_label(p.value) for p in preds), 36))
            rows.append(_Row(f"head_{head}", lines, (("arrowhead", head),)))
        if negated:
            sample = (("arrowhead", "normal"), ("arrowtail", "obox"), ("dir", "both"))
            rows.append(_Row("negated", ("no effect / refuted", "(label in red)"), sample))
        sections.append(rows)
    if sections:
        sections[-1].append(_Row("note", ("pen width: independent works", "edge label: citations [context]")))
    return sections, types


def _depth(claims: Sequence[Claim]) -> int:
    """Columns the diagram will roughly take: the longest chain of claims (cycles collapsed) + 1."""
    import networkx as nx

    graph = nx.DiGraph((c.subject, c.object) for c in claims)
    if not graph:
        return 0
    return int(nx.dag_longest_path_length(nx.condensation(graph))) + 1


def _legend(kb: KnowledgeBase, claims: Sequence[Claim]) -> pydot.Cluster:
    """Samples of the support styles, arrowheads and node types that occur in ``claims`` (dot).

    Each row is a short straight edge from an invisible point to a left-aligned label node.
    A section (support classes, then arrowheads) is a pair of ``rank=same`` columns whose nodes
    are stacked in order by invisible edges; the sections and the column of node-type samples
    sit side by side, chained by invisible edges between their headings (when the diagram is
    too shallow to lend that many columns, both sections share one pair). The legend shares no
    edge with the diagram, so it cannot pull the diagram's nodes about.
    """
    import pydot

    sections, types = _legend_sections(kb, claims)
    if _depth(claims) < 2 * len(sections) + 1:  # too few columns: stack the sections instead
        sections = [[row for rows in sections for row in rows]]
    legend = pydot.Cluster(
        "legend", label='"Legend"', style="rounded", color="#566573", fontname="Helvetica", fontsize="12"
    )
    previous: str | None = None  # heading node of the section to the left
    for rows in sections:
        width = max(len(line) for row in rows for line in row.lines) * 0.07 + 0.3
        tails, texts = pydot.Subgraph(rank="same"), pydot.Subgraph(rank="same")
        samples = []
        for row in rows:
            tail, text = _quote(f"legend:{row.id}:tail"), _quote(f"legend:{row.id}:text")
            tails.add_node(pydot.Node(tail, shape="point", width="0.01", style="invis"))
            texts.add_node(
                pydot.Node(
                    text,
                    shape="plaintext",
                    label='"' + "".join(_escape(line) + "\\l" for line in row.lines) + '"',
                    width=f"{width:.2f}",
                    height="0.3" if row.bold else "0.2",
                    labelloc="b",
                    margin="0.1,0.02",  # a gap between the arrowhead and the text
                    fontsize="10",
                    fontname="Helvetica-Bold" if row.bold else "Helvetica",
                )
            )
            attrs = dict(row.sample) if row.sample is not None else {"style": "invis"}
            samples.append(pydot.Edge(tail, text, weight="10", penwidth=_LEGEND_PEN, **attrs))
        # the visible label nodes come first in the DOT text, so Graphviz's first node id is drawn
        for column, part in ((texts, "text"), (tails, "tail")):
            _stack(column, [_quote(f"legend:{row.id}:{part}") for row in rows])
            legend.add_subgraph(column)
        for edge in samples:
            legend.add_edge(edge)
        if previous is not None:
            legend.add_edge(pydot.Edge(previous, _quote(f"legend:{rows[0].id}:tail"), style="invis"))
        previous = _quote(f"legend:{rows[0].id}:text")
    if types:
        column = pydot.Subgraph(rank="same")
        ids = [_quote("legend:types")] + [_quote(f"legend:type:{t.value}") for t in types]
        column.add_node(
            pydot.Node(
                ids[0],
                shape="plaintext",
                label=_quote("Entity type (node)"),
                fontsize="10",
                fontname="Helvetica-Bold",
                height="0.3",
                labelloc="b",
            )
        )
        for etype, node_id in zip(types, ids[1:], strict=True):
            column.add_node(_type_node(node_id, etype, _quote(_label(etype.value)), fontsize="10"))
        _stack(column, ids)
        legend.add_subgraph(column)
        if previous is not None:
            legend.add_edge(pydot.Edge(previous, ids[0], style="invis"))
    return legend


#: Text stand-ins for line styles and arrowheads in the table legend drawn for ``sfdp``.
_LINE_GLYPHS = {"solid": "\u2501" * 6, "dashed": "\u2013 " * 4, "dotted": "\u00b7 " * 6}
_HEAD_GLYPHS = {
    "normal": "\u25b6",
    "tee": "\u2524",
    "empty": "\u25b7",
    "teeodot": "\u25cb\u2524",
    "none": "",
    "odot": "\u25cb",
    "diamond": "\u25c6",
    "odiamond": "\u25c7",
    "obox": "\u25a1",
}


def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def _table_legend(kb: KnowledgeBase, claims: Sequence[Claim]) -> pydot.Node:
    """The legend as one node with an HTML-like table, for layouts without ranks (``sfdp``):
    coloured text stands in for line styles and arrowheads, cell fill for the node types."""
    import pydot

    sections, types = _legend_sections(kb, claims)
    cells = ['<TR><TD COLSPAN="2"><B>Legend</B></TD></TR>']
    for row in (r for rows in sections for r in rows):
        text = '<BR ALIGN="LEFT"/>'.join(_html(line) for line in row.lines) + '<BR ALIGN="LEFT"/>'
        if row.sample is None:
            cells.append(f'<TR><TD COLSPAN="2" ALIGN="LEFT">{f"<B>{text}</B>" if row.bold else text}</TD></TR>')
            continue
        attrs = dict(row.sample)
        glyph = _LINE_GLYPHS[attrs.get("style", "solid")] + _HEAD_GLYPHS.get(attrs["arrowhead"], "")
        if "arrowtail" in attrs:
            glyph = _HEAD_GLYPHS[attrs["arrowtail"]] + glyph
        colour = attrs.get("color", '"#000000"').strip('"')
        cells.append(
            f'<TR><TD ALIGN="LEFT"><FONT COLOR="{colour}"><B>{_html(glyph)}</B></FONT></TD>'
            f'<TD ALIGN="LEFT">{text}</TD></TR>'
        )
    if types:
        cells.append('<TR><TD COLSPAN="2" ALIGN="LEFT"><B>Entity type (node fill)</B></TD></TR>')
    for etype in types:
        shape, fill, style = NODE_STYLES[etype]
        parts = [shape, *(p for p in style.split(",") if p != "filled")]
        if etype is EntityType.PROTEIN_FAMILY:
            parts.append("double border")
        cells.append(
            f'<TR><TD BGCOLOR="{fill}" BORDER="1"> </TD>'
            f'<TD ALIGN="LEFT">{_html(_label(etype.value))} ({_html(", ".join(parts))})</TD></TR>'
        )
    table = '<TABLE BORDER="1" CELLBORDER="0" CELLSPACING="2" STYLE="rounded" COLOR="#566573">'
    return pydot.Node(
        _quote("legend"), shape="plaintext", fontsize="10", label="<" + table + "".join(cells) + "</TABLE>>"
    )


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
