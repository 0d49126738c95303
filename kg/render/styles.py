"""How a diagram looks: node styles by entity type, edge colour, line and tag by support class,
arrowheads by predicate, the layout program by size, the edges drawn (one per claim, or parallel
claims merged), and DOT's quoting."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import Claim, EntityType, Predicate, SupportClass

__all__ = [
    "DOT_EDGE_LIMIT",
    "EDGE_STYLES",
    "NODE_STYLES",
    "SUPPORT_TAGS",
    "EdgeGroup",
    "arrowhead",
    "edge_groups",
    "layout_engine",
    "quote",
    "spaced",
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


def _escape(text: str) -> str:
    """Backslashes and double quotes escaped for a DOT string."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def quote(*lines: str) -> str:
    """A quoted DOT string; each argument becomes one line (DOT's ``\\n``)."""
    return '"' + "\\n".join(_escape(line) for line in lines) + '"'


def spaced(value: str) -> str:
    """An enum value as words (underscores as spaces)."""
    return value.replace("_", " ")


@dataclass(frozen=True)
class EdgeGroup:
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


def edge_groups(claims: Iterable[Claim], merge: bool = False) -> list[EdgeGroup]:
    """The edges to draw, in key order: one per claim, or one per (subject, object) when ``merge``."""
    chosen = sorted({c.id: c for c in claims}.values(), key=lambda c: c.key)
    if not merge:
        return [EdgeGroup((c,)) for c in chosen]
    groups: dict[tuple[str, str], list[Claim]] = {}
    for claim in chosen:
        groups.setdefault((claim.subject, claim.object), []).append(claim)
    return [EdgeGroup(tuple(group)) for _, group in sorted(groups.items())]
