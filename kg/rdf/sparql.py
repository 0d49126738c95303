"""SPARQL over the RDF view: the named queries shipped in ``kg/rdf/queries/*.rq`` or any query text.

User values are bound as RDF terms through ``initBindings``, never spliced into query text.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from importlib import resources
from pathlib import Path

import pyoxigraph
from pyparsing import ParseException
from rdflib import Graph, Literal, URIRef
from rdflib.query import ResultRow
from rdflib.term import Node

from kg.errors import QueryError
from kg.model import Entity
from kg.vocab.iris import CURIE_PREFIXES, PREFIXES

__all__ = [
    "ENTITY_VARIABLES",
    "bind_values",
    "query_names",
    "query_text",
    "resolve_bindings",
    "run_query",
    "term_text",
    "to_term",
]

_NAME = re.compile(r"^[a-z0-9-]+$")
_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_VAR = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def query_names() -> list[str]:
    """Names of the queries shipped with the package."""
    folder = resources.files("kg.rdf") / "queries"
    return sorted(p.name[:-3] for p in folder.iterdir() if p.name.endswith(".rq"))


def query_text(name_or_text: str) -> str:
    """Text of a named query, of a .rq file path, or the argument itself when it is a query."""
    if _NAME.match(name_or_text):
        if name_or_text not in query_names():
            choices = ", ".join(query_names())
            raise QueryError(f"unknown query {name_or_text!r} (expected one of: {choices})")
        return (resources.files("kg.rdf") / "queries" / f"{name_or_text}.rq").read_text("utf-8")
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


#: Variables whose bound value names an entity: a CURIE, label or synonym, resolved to the CURIE.
ENTITY_VARIABLES = ("entity", "subject", "object")


def resolve_bindings(bindings: Mapping[str, str], entities: Mapping[str, Entity]) -> dict[str, str]:
    """The bindings with each entity variable's value (``?entity``, ...) resolved to its entity id.

    A value is resolved as the other commands resolve entity names (:func:`kg.selection.resolve_name`):
    an entity id stays, a label or synonym becomes its id, and anything else raises
    UnknownEntityError with suggestions. Full ``http(s)://`` IRIs and other variables pass unchanged.
    """
    from kg.selection import resolve_name

    out = dict(bindings)
    for name, value in bindings.items():
        if name.lstrip("?") in ENTITY_VARIABLES and not value.startswith(("http://", "https://")):
            out[name] = resolve_name(entities, value)
    return out


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


def _group_start(text: str) -> int:
    """Offset just after the first ``{`` outside comments, strings and IRIs (the WHERE group)."""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if ch == "<":
            m = _IRIREF.match(text, i)
            if m:
                i = m.end()
                continue
        if ch == "{":
            return i + 1
        i += 1
    raise QueryError("cannot bind values: the query has no { ... } group pattern")


def term_text(value: str) -> str:
    """SPARQL text of a command-line value, made a term by :func:`kg.rdf.sparql.to_term`.

    IRIs are validated and literals escaped by Oxigraph's own term serialiser; raw text is
    never spliced into a query.
    """
    term = to_term(value)
    if isinstance(term, URIRef):
        try:
            return str(pyoxigraph.NamedNode(str(term)))
        except ValueError as exc:
            raise QueryError(f"{value!r} is not a valid IRI: {exc}") from exc
    assert isinstance(term, Literal)
    if term.language:
        return str(pyoxigraph.Literal(str(term), language=term.language))
    if term.datatype:
        return str(pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(str(term.datatype))))
    return str(pyoxigraph.Literal(str(term)))


def bind_values(text: str, bindings: Mapping[str, str] | None) -> str:
    """The query with a ``VALUES`` block for the bindings at the start of its WHERE group."""
    if not bindings:
        return text
    names = []
    for name in bindings:
        if not _VAR.match(name):
            raise QueryError(f"cannot bind {name!r}: not a SPARQL variable name")
        names.append(name)
    row = " ".join(term_text(bindings[name]) for name in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({row}) }} "
    at = _group_start(text)
    return text[:at] + block + text[at:]
