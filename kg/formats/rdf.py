"""The RDF dumps: Turtle, N-Triples and JSON-LD of the RDF view.

N-Triples are always the sorted lines of :func:`kg.rdf.triples.triples`. Above
:data:`kg.sizes.RDFLIB_EXPORT_LIMIT` claims Turtle and JSON-LD are derived from those lines
(:mod:`kg.rdf.canonical`, bounded memory); at or below it rdflib writes them.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import BinaryIO

import kg.sizes as sizes
from kg.model import Finding, KnowledgeBase
from kg.rdf.canonical import SortedNTriples, write_jsonld, write_turtle
from kg.rdf.triples import to_ntriples, to_rdf
from kg.vocab.iris import PREFIXES

__all__ = ["STREAMED", "is_large", "streamed_writer", "to_jsonld", "to_ntriples", "to_turtle", "turtle_prefixes"]


def to_turtle(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """Turtle (rdflib's serializer sorts subjects and predicates)."""
    return to_rdf(kb, findings).serialize(format="turtle", encoding="utf-8")


def _sort_jsonld(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sort_jsonld(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """JSON-LD (expanded form with a context of the bound prefixes), nodes and values sorted."""
    graph = to_rdf(kb, findings)
    raw = json.loads(graph.serialize(format="json-ld", auto_compact=False))
    doc = {"@context": dict(sorted(PREFIXES.items())), "@graph": _sort_jsonld(raw)}
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def is_large(kb: KnowledgeBase) -> bool:
    """True when Turtle and JSON-LD are derived from the sorted N-Triples instead of rdflib."""
    return sizes.is_large(len(kb.claims))


def turtle_prefixes() -> dict[str, str]:
    """Turtle prefixes of large exports: mechkg's and rdf, rdfs, xsd, as rdflib binds them."""
    core = {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    return {**core, **PREFIXES}


#: RDF formats whose large form is derived from the sorted N-Triples.
STREAMED = ("ntriples", "turtle", "jsonld")


def streamed_writer(name: str, nt: SortedNTriples) -> Callable[[BinaryIO], None]:
    """The writer of format ``name`` (one of :data:`STREAMED`) from the sorted lines ``nt``."""
    if name == "ntriples":
        return nt.write_ntriples
    if name == "turtle":
        return lambda out: write_turtle(nt.lines(), out, turtle_prefixes())
    return lambda out: write_jsonld(nt.lines(), out, dict(PREFIXES))
