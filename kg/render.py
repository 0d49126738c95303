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

#: Support class → (colour, line style).
EDGE_STYLES: dict[SupportClass, tuple[str, str]] = {
    SupportClass.CLINICAL: ("#1e8449", "solid"),
    SupportClass.PRECLINICAL_ONLY: ("#2e86c1", "dashed"),
    SupportClass.PRECLINICAL_AND_VENDOR: ("#7d3c98", "dashed"),
    SupportClass.SECONDARY_ONLY: ("#7f8c8d", "dashed"),
    SupportClass.VENDOR_ONLY: ("#e67e22", "dotted"),
    SupportClass.UNVERIFIABLE: ("#95a5a6", "dotted"),
    SupportClass.UNCITED: ("#c0392b", "dotted"),
}

#: Above this many edges `dot` stalls; the layout switches to `sfdp`.
DOT_EDGE_LIMIT = 1000
FORMATS = ("dot", "svg", "png")


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
    if legend:
        dot.add_subgraph(_legend(kb, chosen))
    return dot


def _node(kb: KnowledgeBase, entity_id: str) -> pydot.Node:
    import pydot

    ent = kb.entities[entity_id]
    shape, fill, style = NODE_STYLES[ent.type]
    extra = {"peripheries": "2"} if ent.type is EntityType.PROTEIN_FAMILY else {}
    return pydot.Node(
        _quote(entity_id),
        label=_quote(*_wrap(ent.label)),
        shape=shape,
        fillcolor=fill,
        style=_quote(style),
        tooltip=_quote(f"{ent.id} ({ent.type.value})"),
        **extra,
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


def _legend(kb: KnowledgeBase, claims: Sequence[Claim]) -> pydot.Cluster:
    """Samples of the support styles, the arrowheads and the node types used in the diagram."""
    import pydot

    legend = pydot.Cluster("legend", label='"Legend"', style="rounded", color="#566573", fontname="Helvetica")
    for support, (colour, style) in EDGE_STYLES.items():
        a, b = f'"legend_{support.value}_a"', f'"legend_{support.value}_b"'
        legend.add_node(pydot.Node(a, shape="point", width="0.05"))
        legend.add_node(pydot.Node(b, shape="point", width="0.05"))
        legend.add_edge(pydot.Edge(a, b, color=colour, style=style, label=_quote(support.value.replace("_", " "))))
    heads = sorted({c.predicate for c in claims}, key=lambda p: p.value) or [Predicate.ACTIVATES, Predicate.INHIBITS]
    for pred in heads:
        a, b = f'"legend_{pred.value}_a"', f'"legend_{pred.value}_b"'
        legend.add_node(pydot.Node(a, shape="point", width="0.05"))
        legend.add_node(pydot.Node(b, shape="point", width="0.05"))
        legend.add_edge(pydot.Edge(a, b, arrowhead=arrowhead(pred), label=_quote(pred.value.replace("_", " "))))
    types = sorted({kb.entities[e].type for c in claims for e in (c.subject, c.object)}, key=lambda t: t.value)
    for etype in types:
        shape, fill, style = NODE_STYLES[etype]
        legend.add_node(
            pydot.Node(
                f'"legend_type_{etype.value}"',
                label=_quote(etype.value.replace("_", " ")),
                shape=shape,
                fillcolor=fill,
                style=_quote(style),
            )
        )
    legend.add_node(
        pydot.Node(
            '"legend_note"',
            shape="plaintext",
            label=_quote("pen width: independent works", "label: citations [context]"),
        )
    )
    return legend


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
    engine = "dot" if len(dot.get_edges()) <= DOT_EDGE_LIMIT else "sfdp"
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
