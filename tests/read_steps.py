"""Test helpers: one document's reading steps run up to a given one (:mod:`kg.read.reader`'s order)."""

from __future__ import annotations

from kg.read.citations import Citations
from kg.read.lines import Page
from kg.read.reflist import References
from kg.read.spans import SegmentWriter


def citations_of(text: str, fmt: str = "text", name: str = "t.txt") -> Citations:
    """The page, its reference list found and the body's markers found."""
    page = Page(text, name, fmt)
    refs = References(page)
    refs.find()
    cites = Citations(page, refs)
    cites.find()
    return cites


def writer_of(text: str, fmt: str = "text", name: str = "t.txt") -> SegmentWriter:
    """A segment writer over the page, its reference list and markers, with no segment made yet."""
    cites = citations_of(text, fmt, name)
    return SegmentWriter(cites.page, cites.refs, cites)
