"""SPARQL over the RDF view: the named queries shipped in ``kg/queries/*.rq`` or any query text.

User values are bound as RDF terms through ``initBindings``, never spliced into query text.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.errors import QueryError
from kg.vocab import CURIE_PREFIXES, PREFIXES

_NAME = re.compile(r"^[a-z0-9-]+$")


def query_names() -> list[str]:
    """Names of the queries shipped with the package."""
    folder = resources.files("kg") / "queries"
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def query_text(name_or_text: str) -> str:
    """Text of a named query, of a .rq file path, or the argument itself when it is a query."""
    if _NAME.match(name_or_text):
        if name_or_text not in query_names():
            choices = ", ".join(query_names())
            raise QueryError(f"unknown query {name_or_text!r} (expected one of: {choices})")
        return (resources.files("kg") / "queries" / f"{name_or_text}.rq").read_text("utf-8")
    path = Path(name_or_text)
    if name_or_text.endswith(".rq"):
        try:
            return path.read_text(encoding="utf-8")
        except OSError as exc:
            raise QueryError(f"cannot read query file {name_or_text}: {exc}") from exc
    return name_or_text


#: Local names under ``mechkg:`` that are vocabulary terms rather than entities.
_VOCAB_TERM = re.compile(r"^([A-Z]|(predicate|direction|level|source|basis|support|system|type|finding|severity)_)")


def to_term(value: str) -> Node:
    """Turn a command-line value into an RDF term: IRI, CURIE of a known prefix, or literal.

    ``mechkg:`` names a vocabulary term when the local name is a class (capitalised) or an enum
    individual (``level_animal``, ``support_vendor_only``, ...), and an entity otherwise.
    """
    if value.startswith(("http://", "https://")):
        return URIRef(value)
    prefix, sep, local = value.partition(":")
    if sep and prefix == "mechkg" and _VOCAB_TERM.match(local):
        return URIRef(PREFIXES["mechkg"] + local)
    if sep and prefix in PREFIXES and prefix not in CURIE_PREFIXES:
        return URIRef(PREFIXES[prefix] + local)
    if sep and prefix in CURIE_PREFIXES:
        return URIRef(CURIE_PREFIXES[prefix] + local)
    return Literal(value)


def run_query(
    graph: Graph, name_or_text: str, bindings: dict[str, str] | None = None
) -> tuple[list[str], list[tuple[Node | None, ...]]]:
    """Run a SELECT query; return (variable names, rows)."""
    text = query_text(name_or_text)
    init = {k: to_term(v) for k, v in (bindings or {}).items()}
    try:
        result = graph.query(text, initBindings=init, initNs=PREFIXES)
    except (ParseException, ValueError, TypeError, KeyError) as exc:
        raise QueryError(f"query failed: {exc}") from exc
    if result.type != "SELECT":
        raise QueryError(f"only SELECT queries are supported here, got {result.type}")
    names = [str(v) for v in result.vars or []]
    rows = [tuple(row) for row in result if isinstance(row, ResultRow)]
    return names, rows
