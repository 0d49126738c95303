"""Plain triples and their N-Triples text: a triple is IRIs as ``str`` and a literal as :class:`Lit`
(a value and its datatype); each becomes the N-Triples line rdflib would write, without building
rdflib terms, one by one or in chunks for streaming loads."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

from rdflib import Literal, URIRef

__all__ = [
    "XSD_ANYURI",
    "XSD_BOOLEAN",
    "XSD_DECIMAL",
    "XSD_INTEGER",
    "XSD_NNI",
    "Lit",
    "Triple",
    "decimal_text",
    "ntriples_chunks",
    "ntriples_line",
]

_XSD = "http://www.w3.org/2001/XMLSchema#"
XSD_INTEGER = _XSD + "integer"
XSD_NNI = _XSD + "nonNegativeInteger"
XSD_DECIMAL = _XSD + "decimal"
XSD_ANYURI = _XSD + "anyURI"
XSD_BOOLEAN = _XSD + "boolean"


class Lit(NamedTuple):
    """A literal: a Python value (text, whole number, truth value or fraction) and its datatype.

    No datatype means a plain string (or, for ``bool``, ``xsd:boolean`` as rdflib infers it).
    """

    value: str | int | float | bool
    datatype: str | None = None


#: One triple: subject IRI, predicate IRI, object IRI (``str``) or literal (:class:`Lit`).
Triple = tuple[str, str, "str | Lit"]


def decimal_text(value: float) -> str:
    """Plain ``xsd:decimal`` text of a number, always with a point (never ``1e-07``, never ``1``)."""
    text = format(Decimal(repr(value)).normalize(), "f")
    return text if "." in text else text + ".0"


def _escape(text: str) -> str:
    """Escape a literal's lexical form for N-Triples (ECHAR for \\\\, \\", \\n, \\r)."""
    if "\\" in text:
        text = text.replace("\\", "\\\\")
    if '"' in text:
        text = text.replace('"', '\\"')
    if "\n" in text:
        text = text.replace("\n", "\\n")
    if "\r" in text:
        text = text.replace("\r", "\\r")
    return text


def ntriples_line(triple: Triple) -> str:
    """One N-Triples line (with its newline) for a triple, as rdflib would type its literal."""
    s, p, o = triple
    if type(o) is str:
        return f"<{s}> <{p}> <{o}> .\n"
    assert isinstance(o, Lit)
    value, datatype = o.value, o.datatype
    if isinstance(value, bool):
        return f'<{s}> <{p}> "{"true" if value else "false"}"^^<{datatype or XSD_BOOLEAN}> .\n'
    if isinstance(value, float):
        lexical = str(Literal(value, datatype=URIRef(datatype) if datatype else None))
    else:
        lexical = _escape(str(value))
    if datatype:
        return f'<{s}> <{p}> "{lexical}"^^<{datatype}> .\n'
    return f'<{s}> <{p}> "{lexical}" .\n'


def ntriples_chunks(source: Iterable[Triple], lines_per_chunk: int = 50_000) -> Iterator[bytes]:
    """N-Triples bytes for triples, in chunks of about ``lines_per_chunk`` lines (for streaming loads)."""
    buffer: list[str] = []
    line = ntriples_line
    for triple in source:
        buffer.append(line(triple))
        if len(buffer) >= lines_per_chunk:
            yield "".join(buffer).encode("utf-8")
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode("utf-8")
