"""Small helpers for the tests of kg.extract's modules: a statement of invented text, read as the
drafting pass reads it (grounded mentions, the document's compound)."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.statement import Statement

__all__ = ["QUERCETIN", "statement_of"]

QUERCETIN = "CHEBI:16243"


def statement_of(ex: Extractor, text: str, compound: str | None = QUERCETIN, written: str = "quercetin") -> Statement:
    """The statement of ``text`` with its mentions, about ``compound`` (None: no compound known)."""
    return Statement(text, ex.matcher.find(text), compound, compound is not None, written if compound else "")
