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
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import RenderError
from kg.graph import to_networkx
from kg.model import Claim, Direction, EntityType, KnowledgeBase, slug
from kg.output import atomic_write_many
from kg.pathway import Pathway, pathway_claims
from kg.query import paths, resolve_entity
from kg.render.legend import title_and_legend
from kg.render.styles import (
    EDGE_STYLES,
    NODE_STYLES,
    SUPPORT_TAGS,
    EdgeGroup,
    arrowhead,
    edge_groups,
    layout_engine,
    quote,
)

if TYPE_CHECKING:
    import pydot

__all__ = [
    "DEFAULT_MAX_EDGES",
    "FORMATS",
    "diagram_jobs",
    "neighbourhood_claims",
    "to_dot",
    "write_diagram",
]

FORMATS = ("dot", "svg", "png")


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


def _wrap(text: str, width: int = 22) -> list[str]:
    """A label's words in lines of about ``width`` characters."""
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
        dot.set("label", title_and_legend(kb, groups, title, cap_note))
    else:
        dot.set("label", quote(title, *([cap_note] if cap_note else [])))
    dot.set_node_defaults(fontname="Helvetica", fontsize="11")
    dot.set_edge_defaults(fontname="Helvetica", fontsize="9")
    placed: set[str] = set()
    for pathway in pathways:
        inside = [n for n in nodes if n in pathway.members and n not in placed]
        if not inside:
            continue
        cluster = pydot.Cluster(re.sub(r"\W", "_", pathway.id), style="rounded", color="#aab7b8", fontname="Helvetica")
        # the title already names it: drawn once (an empty label, else the graph's is inherited)
        cluster.set("label", quote(pathway.label if pathway.label != title else ""))
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
    return pydot.Node(node_id, label=label, shape=shape, fillcolor=fill, style=quote(style), **attrs)


def _node(kb: KnowledgeBase, entity_id: str) -> pydot.Node:
    """An entity's node: its label wrapped, its id and type as the tooltip."""
    ent = kb.entities[entity_id]
    return _type_node(
        quote(entity_id), ent.type, quote(*_wrap(ent.label)), tooltip=quote(f"{ent.id} ({ent.type.value})")
    )


def _edge(claim: Claim) -> pydot.Edge:
    """One claim's edge, styled by its support class and predicate."""
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
        quote(claim.subject),
        quote(claim.object),
        color=colour,
        style=style,
        arrowhead=arrowhead(claim.predicate),
        penwidth=f"{1 + 0.6 * min(len(claim.works), 5):.1f}",
        label=quote(*label),
        tooltip=quote(f"{claim.id}: {claim.predicate.value} ({claim.support.value})"),
        **attrs,
    )


def _merged_edge(group: EdgeGroup) -> pydot.Edge:
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
        quote(first.subject),
        quote(first.object),
        color=colour,
        style=style,
        arrowhead=group.head,
        penwidth=f"{1 + 0.6 * min(group.works, 5):.1f}",
        label=quote(*label),
        tooltip=quote(tooltip),
        **attrs,
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
