"""What the document reader returns: the parsed document, its segments and its reference entries."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ParsedDocument",
    "RefEntry",
    "Segment",
]


@dataclass(frozen=True)
class RefEntry:
    """One entry of a document's reference list (or one source named in a table's source column).

    An entry with ``listed`` False is no entry of a list: the text cites it (a marker whose number or
    author-year key no list names) and the reader made it so that no marker is dropped. Its title,
    host, url and ids are empty, ``label`` is how the text cites it ('3', 'ii', 'Price 2012') and its
    span is that of the first marker citing it.
    """

    n: int
    start: int
    end: int
    title: str
    host: str
    url: str
    ids: tuple[str, ...]
    listed: bool = True
    label: str = ""


@dataclass(frozen=True)
class Segment:
    """A unit a claim can come from.

    ``kind`` is 'sentence' (of a paragraph or a table note), 'bullet' (a sentence of a list item),
    'table_row' (one row, its cells in ``cells``) or 'heading' (whose ``section`` is itself).
    """

    start: int
    end: int
    text: str
    kind: str
    section: str
    citations: tuple[int, ...]
    cells: tuple[str, ...] = ()


@dataclass(frozen=True)
class ParsedDocument:
    """A document read into structure; every span indexes ``text``."""

    path: str
    sha256: str
    text: str
    title: str
    compound: str
    segments: tuple[Segment, ...]
    references: tuple[RefEntry, ...]
    references_numbered: bool
    markers_found: int
    markers_resolved: int
    warnings: tuple[str, ...]
    #: Of ``markers_resolved``, the citations resolved to entries that no list names (``listed`` False).
    markers_unlisted: int = 0
