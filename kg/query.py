"""Queries over the claim list and the graph view: weak support, entities, paths, neighbours.

The selections that need no graph live in :mod:`kg.selection` and are offered here too.

Functions take a KnowledgeBase or a graph from :func:`kg.graph.to_networkx` as first argument and
return plain values; nothing here prints.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from kg.errors import UnknownEntityError
from kg.graph import CLAIM_ID, DIRECTION, PREDICATE, SUPPORT
from kg.model import Direction, Predicate, SupportClass
from kg.selection import (
    claims_about,
    claims_by_level,
    preclinical_or_vendor_only,
    resolve_entity,
    resolve_name,
    weak_support,
)

__all__ = [
    "Path",
    "causal_view",
    "claims_about",
    "claims_by_level",
    "downstream",
    "is_causal_link",
    "paths",
    "preclinical_or_vendor_only",
    "resolve_entity",
    "resolve_name",
    "upstream",
    "weak_support",
]


@dataclass(frozen=True)
class Path:
    """A chain of claims from a source entity to a target entity."""

    nodes: tuple[str, ...]
    claims: tuple[str, ...]
    supports: tuple[SupportClass, ...]

    @property
    def weakest(self) -> SupportClass:
        """Support class of the weakest link of the chain."""
        return max(self.supports, key=lambda s: s.rank)


def is_causal_link(predicate: Predicate, direction: Direction) -> bool:
    """True for a claim that chains: a causal or binding relation asserted to hold."""
    return direction is Direction.SUPPORTS and (predicate.is_causal or predicate is Predicate.BINDS)


def causal_view(graph: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A read-only view with the edges that assert a causal or binding relation that holds (direction supports)."""

    def keep(u: str, v: str, k: str) -> bool:
        data = graph.edges[u, v, k]
        return is_causal_link(Predicate(data[PREDICATE]), Direction(data[DIRECTION]))

    return nx.subgraph_view(graph, filter_edge=keep)


def _require(graph: nx.MultiDiGraph, node: str) -> None:
    if node not in graph:
        raise UnknownEntityError(node, reason="is the subject or object of no claim")


def paths(graph: nx.MultiDiGraph, source: str, target: str, max_length: int = 4) -> list[Path]:
    """Every chain of supporting causal claims from source to target, up to max_length edges.

    Sorted strongest first (by weakest link), then shortest, then by claim ids.
    """
    for node in (source, target):
        _require(graph, node)
    view = causal_view(graph)
    found: list[Path] = []
    for edge_path in nx.all_simple_edge_paths(view, source, target, cutoff=max_length):
        nodes = (edge_path[0][0], *(v for _, v, _ in edge_path))
        data = [view.edges[u, v, k] for u, v, k in edge_path]
        found.append(
            Path(
                nodes=nodes,
                claims=tuple(d[CLAIM_ID] for d in data),
                supports=tuple(SupportClass(d[SUPPORT]) for d in data),
            )
        )
    return sorted(found, key=lambda p: (p.weakest.rank, len(p.claims), p.claims))


def downstream(graph: nx.MultiDiGraph, node: str, depth: int | None = None) -> set[str]:
    """Entities reachable from node along supporting causal claims (within depth edges)."""
    _require(graph, node)
    lengths = nx.single_source_shortest_path_length(causal_view(graph), node, cutoff=depth)
    return {n for n in lengths if n != node}


def upstream(graph: nx.MultiDiGraph, node: str, depth: int | None = None) -> set[str]:
    """Entities from which node is reachable along supporting causal claims (within depth)."""
    _require(graph, node)
    view = causal_view(graph).reverse(copy=False)
    lengths = nx.single_source_shortest_path_length(view, node, cutoff=depth)
    return {n for n in lengths if n != node}
