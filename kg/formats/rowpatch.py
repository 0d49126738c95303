"""GraphML and the claims TSVs of the last build, reused claim by claim (incremental rebuilds, issue 18).

A claim is one row of ``claims.tsv`` and of ``weak-support.tsv`` and one edge element of the
GraphML, and its text reads only the claim and its entities' labels (and, in the GraphML, the key
ids of the document's head). A rebuild that knows which claims can have changed
(:meth:`kg.claimdigests.Recount.redone_ids`: the claims whose triples were generated again;
a changed entity label, works file, retraction list or extracted folder makes that every claim)
takes the other claims' text from the previous file and writes the changed ones with the same
writers, in the order a full writer gives: the same bytes. Nodes, the weak-support selection and
its order are computed again (they are cheap). When the previous file is not what a full writer
of the last build wrote (another header or head, a quoted row, another claim count), the file is
written in full.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from kg.formats.graphml import attribute_text, graphml_head, write_graphml
from kg.formats.tsv import TSV_COLUMNS, claim_row, tsv_bytes, tsv_line
from kg.model import Claim, KnowledgeBase
from kg.selection import weak_support

__all__ = ["ROW_PATCHED", "ClaimChange", "old_edges", "old_rows", "row_writer"]

#: The formats whose previous text is reused claim by claim.
ROW_PATCHED = ("graphml", "tsv", "weak-tsv")

_EDGE = re.compile(r'\n    <edge source="[^"]*" target="[^"]*" id="([^"]*)">.*?\n    </edge>', re.DOTALL)

Writer = Callable[[BinaryIO], None]


@dataclass(frozen=True)
class ClaimChange:
    """The claims whose text may differ from the last build's (by id; new claims need not be
    named), and how many claims the last build had."""

    redone: frozenset[str]
    claims: int


def old_rows(path: Path, claims: int) -> dict[str, bytes] | None:
    """Each claim's row (without its line end) in the previous ``claims.tsv``, by claim id, or
    None when the file is not a plain claims table of ``claims`` rows."""
    data = path.read_bytes()
    head = tsv_bytes((), TSV_COLUMNS)
    lines = data[len(head) :].split(b"\n")
    if not data.startswith(head) or lines[-1] != b"" or len(lines) != claims + 1:
        return None
    rows: dict[str, bytes] = {}
    tabs = len(TSV_COLUMNS) - 1
    for line in lines[:-1]:
        if line.count(b"\t") != tabs or b'"' in line:  # a quoted field may hold a line end: not split safely
            return None
        rows[line[: line.index(b"\t")].decode("utf-8")] = line
    return rows if len(rows) == claims else None


def old_edges(path: Path, kb: KnowledgeBase, claims: int) -> dict[str, str] | None:
    """Each edge element's text (with the newline and indent before it) in the previous GraphML, by
    its escaped claim id, or None when the file's head differs from the new one's (the key ids an
    edge reads) or it does not hold ``claims`` edges."""
    text = path.read_bytes().decode("utf-8")
    if not text.startswith(graphml_head(kb)):
        return None
    edges = {match.group(1): match.group(0) for match in _EDGE.finditer(text)}
    return edges if len(edges) == claims else None


def _tsv_writer(
    kb: KnowledgeBase,
    select: Callable[[KnowledgeBase], Iterable[Claim]],
    rows: dict[str, bytes],
    redone: frozenset[str],
) -> Writer:
    """A writer of the claims table of ``select(kb)``: kept rows, the others written again."""

    def write(out: BinaryIO) -> None:
        body = []
        for claim in select(kb):
            cid = claim.id  # hashed from the key: once per claim
            kept = rows.get(cid) if cid not in redone else None
            body.append(kept if kept is not None else tsv_line(claim_row(kb, claim)))
        out.write(tsv_bytes((), TSV_COLUMNS) + b"\n".join(body) + (b"\n" if body else b""))

    return write


def _all_claims(kb: KnowledgeBase) -> list[Claim]:
    return kb.claims


def row_writer(name: str, kb: KnowledgeBase, folder: Path, change: ClaimChange) -> Writer | None:
    """A writer of export ``name`` (of :data:`ROW_PATCHED`) from the previous file in ``folder``,
    or None when that file cannot be reused (then write it in full)."""
    if name == "graphml":
        path = folder / "mechkg.graphml"
        edges = old_edges(path, kb, change.claims) if path.is_file() else None
        if edges is None:
            return None

        def kept(claim: Claim) -> str | None:
            cid = claim.id
            return None if cid in change.redone else edges.get(attribute_text(cid))

        return lambda out: write_graphml(kb, out, kept)
    path = folder / "claims.tsv"
    rows = old_rows(path, change.claims) if path.is_file() else None
    if rows is None:
        return None
    return _tsv_writer(kb, _all_claims if name == "tsv" else weak_support, rows, change.redone)
