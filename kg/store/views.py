"""Materialised views: answers of shipped queries computed from the claim list at load time and
kept as TSV files in an on-disk store (``views/``), so the common questions need no SPARQL."""

from __future__ import annotations

import re
from pathlib import Path

from kg.model import KnowledgeBase
from kg.rdf.nodes import claim_iri_text, enum_iri_text
from kg.rdf.triples import claim_label
from kg.selection import weak_support

__all__ = ["MATERIALISED", "VIEWS", "Rows", "read_view", "view_bytes", "weak_support_view"]

#: Folder inside an on-disk store holding materialised answers of shipped queries.
VIEWS = "views"


Rows = list[tuple[str | None, ...]]


def weak_support_view(kb: KnowledgeBase) -> tuple[list[str], Rows]:
    """The answer of the shipped ``weak-support`` query, computed from the claim list.

    Same variables and rows (IRI text, literal values) in the same order (by id) as the SPARQL
    query over the store; the tests check the two agree.
    """
    claims = sorted(weak_support(kb), key=lambda c: c.id)
    rows: Rows = [(claim_iri_text(c.id), c.id, claim_label(kb, c), enum_iri_text(c.support)) for c in claims]
    return ["claim", "id", "label", "support"], rows


#: Shipped queries (without bindings) answered from a view materialised at load time.
MATERIALISED = {"weak-support": weak_support_view}


def _escape_cell(value: str | None) -> str:
    """A cell as TSV text: None empty; backslash, tab and newline escaped."""
    if value is None:
        return ""
    return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def view_bytes(names: list[str], rows: Rows) -> bytes:
    """A view as TSV bytes: the variable names, then one escaped line per row."""
    lines = ["\t".join(names)]
    lines += ["\t".join(_escape_cell(v) for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode("utf-8")


def _unescape(value: str) -> str:
    """A TSV cell's text with its escapes undone."""
    if "\\" not in value:
        return value
    return re.sub(r"\\(.)", lambda m: {"t": "\t", "n": "\n"}.get(m.group(1), m.group(1)), value)


def read_view(path: Path) -> tuple[list[str], Rows]:
    """A view read back from its TSV file (as :func:`view_bytes` wrote it)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    names = lines[0].split("\t")
    rows: Rows = [tuple(_unescape(v) for v in line.split("\t")) for line in lines[1:] if line]
    return names, rows
