"""GraphML of the graph view, written straight from the claim list.

The output is byte for byte what ``networkx.write_graphml_xml(to_networkx(kb), prettyprint=True)``
writes (a test holds the two equal), without building the networkx graph or the ElementTree of
the whole document first: at a million claims those two took 8 GB; this writer holds one text
chunk per element.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import BinaryIO

from kg.graph import GRAPH_NAME, edge_attributes, node_attributes, used_entities
from kg.model import Claim, KnowledgeBase

NAMESPACE = "http://graphml.graphdrawing.org/xmlns"
_HEADER = (
    "<?xml version='1.0' encoding='utf-8'?>\n"
    f'<graphml xmlns="{NAMESPACE}" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    f'xsi:schemaLocation="{NAMESPACE} {NAMESPACE}/1.0/graphml.xsd">'
)


#: What ElementTree escapes in element text, and in attribute values (in this order).
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTR_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escape(value: str, table: tuple[tuple[str, str], ...]) -> str:
    for raw, entity in table:
        if raw in value:
            value = value.replace(raw, entity)
    return value


def _text(value: str) -> str:
    """Escape element text as ElementTree does."""
    return _escape(value, _TEXT_ESCAPES)


def _attr(value: str) -> str:
    """Escape an attribute value as ElementTree does."""
    return _escape(value, _ATTR_ESCAPES)


def attribute_text(value: str) -> str:
    """An attribute value as written in the document (escaped as ElementTree does)."""
    return _attr(value)


def _data(indent: str, key: str, value: str) -> str:
    if not value:
        return f'{indent}<data key="{key}" />'
    return f'{indent}<data key="{key}">{_text(value)}</data>'


def _edge_order(kb: KnowledgeBase, nodes: list[str]) -> Iterator[Claim]:
    """Claims in the order a MultiDiGraph built claim by claim lists its edges.

    By source node (the sorted node order), then by target in the order each (source, target)
    pair first occurs, then in claim order.
    """
    by_source: dict[str, dict[str, list[Claim]]] = {}
    for claim in kb.claims:
        by_source.setdefault(claim.subject, {}).setdefault(claim.object, []).append(claim)
    for node in nodes:
        for claims in by_source.get(node, {}).values():
            yield from claims


def _kind(value: str | bool) -> str:
    return "boolean" if isinstance(value, bool) else "string"


#: The previous build's text of a claim's edge element, or None to write it again.
Kept = Callable[[Claim], str | None]


def _keys(kb: KnowledgeBase, nodes: list[str]) -> list[tuple[str, str, str]]:
    """The GraphML keys: (attribute, for, type), in first-seen order."""
    keys: list[tuple[str, str, str]] = [("name", "graph", "string")]
    if nodes:
        keys += [(attr, "node", _kind(v)) for attr, v in node_attributes(kb, nodes[0]).items()]
    if kb.claims:
        keys += [(attr, "edge", _kind(v)) for attr, v in edge_attributes(kb.claims[0]).items()]
    return keys


def graphml_head(kb: KnowledgeBase) -> str:
    """The document up to the graph element's start tag (the keys): an edge element's text reads
    the key ids declared here."""
    keys = _keys(kb, used_entities(kb))
    declared = "".join(
        f'\n  <key id="d{i}" for="{scope}" attr.name="{_attr(attr)}" attr.type="{kind}" />'
        for i, (attr, scope, kind) in reversed(list(enumerate(keys)))  # networkx inserts each new key first
    )
    return _HEADER + declared + EDGES_START


#: The graph element's start tag, after the keys.
EDGES_START = '\n  <graph edgedefault="directed">'


def graphml_chunks(kb: KnowledgeBase, name: str = GRAPH_NAME, kept: Kept | None = None) -> Iterator[str]:
    """The GraphML document in text chunks (one per element), in output order; an edge's text is
    ``kept(claim)`` when that gives one (the previous build's, for an unchanged claim)."""
    nodes = used_entities(kb)
    ids = {(attr, scope): f"d{i}" for i, (attr, scope, _) in enumerate(_keys(kb, nodes))}
    yield graphml_head(kb)
    for node in nodes:
        data = "".join(_data("\n      ", ids[a, "node"], str(v)) for a, v in node_attributes(kb, node).items())
        yield f'\n    <node id="{_attr(node)}">{data}\n    </node>'
    for claim in _edge_order(kb, nodes):
        text = kept(claim) if kept is not None else None
        yield text if text is not None else _edge(ids, claim)
    yield _data("\n    ", ids["name", "graph"], name)
    yield "\n  </graph>\n</graphml>\n"


def _edge(ids: dict[tuple[str, str], str], claim: Claim) -> str:
    """A claim's edge element, with the newline and indent before it."""
    data = "".join(_data("\n      ", ids[a, "edge"], str(v)) for a, v in edge_attributes(claim).items())
    return (
        f'\n    <edge source="{_attr(claim.subject)}" target="{_attr(claim.object)}" id="{_attr(claim.id)}">'
        f"{data}\n    </edge>"
    )


def write_graphml(kb: KnowledgeBase, output: BinaryIO, kept: Kept | None = None) -> None:
    """Stream the GraphML document into a binary file (edges of ``kept`` as :func:`graphml_chunks`)."""
    for chunk in graphml_chunks(kb, kept=kept):
        output.write(chunk.encode("utf-8"))


def to_graphml_bytes(kb: KnowledgeBase) -> bytes:
    """The whole GraphML document as UTF-8 bytes."""
    return b"".join(chunk.encode("utf-8") for chunk in graphml_chunks(kb))


__all__ = [
    "EDGES_START",
    "Kept",
    "attribute_text",
    "graphml_chunks",
    "graphml_head",
    "to_graphml_bytes",
    "write_graphml",
]
