"""HTML to a working text that keeps every character's place in the HTML source.

The working text is plain text with a little Markdown-like structure added (``# `` before a
heading, ``- `` or ``N. `` before a list item, a tab between table cells, ``^[…]`` around a
numeric ``<sup>``), so the reader treats HTML like the other formats. :class:`OffsetMap` turns
working-text offsets back into offsets of the raw HTML; added characters map to the tag they
stand for (zero width), an entity maps to its whole ``&…;`` text.

Page furniture is left out without moving any offset (see :mod:`kg.read.html`): the elements
nav, header, footer, aside and form, and elements whose class, id or role the cue data names, give
no working text (unless they hold the page's main, article or h1: then they are wrappers); then
lines that trafilatura does not count as main content are blanked (turned into spaces). The page
is parsed into pieces by :mod:`kg.read.htmlpieces`; here they are assembled and mapped.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from kg.read.html import HtmlCues, blank_boilerplate, default_cues, main_text
from kg.read.htmlpieces import PieceParser, parse_pieces

__all__ = ["HtmlText", "OffsetMap", "html_to_work"]


@dataclass
class OffsetMap:
    """Maps working-text offsets to source offsets through runs (raw runs map one to one)."""

    w_starts: list[int] = field(default_factory=list)
    src: list[tuple[int, int, bool]] = field(default_factory=list)  # (src_start, src_end, raw)

    def start(self, i: int) -> int:
        """Source offset where working character ``i`` begins."""
        if not self.w_starts:
            return i
        k = max(bisect_right(self.w_starts, i) - 1, 0)
        s, e, raw = self.src[k]
        return min(s + (i - self.w_starts[k]), e) if raw else s

    def end(self, j: int) -> int:
        """Source offset where the working range ending (exclusively) at ``j`` ends."""
        if not self.w_starts or j <= 0:
            return self.start(j)
        k = max(bisect_right(self.w_starts, j - 1) - 1, 0)
        s, e, raw = self.src[k]
        return min(s + (j - self.w_starts[k]), e) if raw else e


@dataclass(frozen=True)
class HtmlText:
    """The working text of a page, its offset map, its title and its links (working offsets, href).

    ``dropped`` counts the furniture elements left out, ``blanked`` the lines the main-content
    filter turned into spaces.
    """

    text: str
    omap: OffsetMap
    title: str
    links: tuple[tuple[int, int, str], ...]
    dropped: int = 0
    blanked: int = 0


def _assemble(conv: PieceParser, drop: frozenset[int]) -> tuple[str, OffsetMap, list[int], list[bool]]:
    """Working text and offset map from the pieces outside the ``drop`` elements.

    Also gives each piece's working offset and whether it was kept. Where left-out pieces were, a
    zero-width line break keeps the text on both sides apart.
    """
    parts: list[str] = []
    omap = OffsetMap()
    w = 0
    piece_w: list[int] = []
    kept: list[bool] = []
    gap = False
    for text, s, e, raw, inside in conv.pieces:
        t = str(text)
        piece_w.append(w)
        if drop and not drop.isdisjoint(inside):  # type: ignore[arg-type]
            kept.append(False)
            gap = True
            continue
        kept.append(True)
        if not t:
            continue
        if gap and w:
            omap.w_starts.append(w)
            omap.src.append((int(s), int(s), False))  # type: ignore[call-overload]
            parts.append("\n")
            w += 1
            piece_w[-1] = w
        gap = False
        if raw and len(t) != int(e) - int(s):  # type: ignore[call-overload]
            raw = False
        omap.w_starts.append(w)
        omap.src.append((int(s), int(e), bool(raw)))  # type: ignore[call-overload]
        parts.append(t)
        w += len(t)
    piece_w.append(w)
    kept.append(True)
    return "".join(parts), omap, piece_w, kept


def html_to_work(source: str, cues: HtmlCues | None = None, main_content: bool = True) -> HtmlText:
    """Working text, its offset map into ``source``, the page title (first h1, else <title>) and links.

    Furniture elements (by tag, or by class, id or role per ``cues``, the project's cue data by
    default) are left out; with ``main_content`` the lines trafilatura does not count as the
    page's main text are blanked (:func:`kg.read.html.blank_boilerplate`). Should that leave
    no text at all, the page is read whole.
    """
    conv = parse_pieces(source, default_cues() if cues is None else cues)
    drop = frozenset(i for i, wraps in enumerate(conv.wrapper) if not wraps)
    text, omap, piece_w, kept = _assemble(conv, drop)
    if drop and not text.strip():
        drop = frozenset()
        text, omap, piece_w, kept = _assemble(conv, drop)
    title = conv.first_h1 or " ".join(conv.title.split())
    links = tuple(
        (piece_w[a], piece_w[b], href)
        for a, b, href in conv.link_spans
        if a < len(piece_w) and b < len(piece_w) and kept[a]
    )
    blanked = 0
    if main_content and text.strip():
        protected = [(piece_w[a], piece_w[b]) for a, b in conv.protected if a < len(piece_w) and b < len(piece_w)]
        text, blanked = blank_boilerplate(text, main_text(source), protected)
    return HtmlText(text, omap, title, links, len(drop), blanked)
