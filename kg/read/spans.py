"""Spans of the working text made into segments: sentence boundaries (citation markers after a full
stop stay with their sentence), the visible text without markers, and the :class:`Segment` record
with its citations resolved and its span mapped back into the file."""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.read.citations import Citations
from kg.read.lines import Page
from kg.read.markers import Marker
from kg.read.parsed import Segment
from kg.read.reflist import References
from kg.read.textrules import ABBREVIATIONS, SPACE_BEFORE_PUNCT, TERMINAL, abbreviation_before, clean_markup

__all__ = [
    "SegmentWriter",
    "sentence_spans",
]

#: A word that starts in lower case and goes on in capitals ('mTORC1', 'iNOS', 'cAMP'), not a continuation.
_MIXED_CASE_START = re.compile(r"[a-z]{1,3}[A-Z]")
#: A full stop glued to the next sentence: a lowercase word, the stop, then a capitalised word with
#: no further stop in it ("... activation.NF-κB is ..."); not "e.g.The", "Fig.A", "example.Com/x".
_GLUED_BEFORE = re.compile(r"[a-z]{3,}")
_GLUED_AFTER = re.compile(r"[A-Z][^\s.]*(?=[\s,;:])")


def _glued_sentence_end(w: str, dot: int, after: int, floor: int) -> bool:
    """Does the full stop at ``dot``, with no space after it, end a sentence ("activation.NF-κB was")?"""
    if w[dot] != "." or after - dot != 1:
        return False
    t = dot
    while t > floor and t > dot - 40 and w[t - 1].isalpha():
        t -= 1
    if t > floor and not (w[t - 1].isspace() or w[t - 1] in "(\"'“‘"):
        return False  # part of a longer token: "www.example.Com", "3.Five"
    word = w[t:dot]
    if not _GLUED_BEFORE.fullmatch(word) or word in ABBREVIATIONS:
        return False
    return _GLUED_AFTER.match(w, after) is not None


def _after_markers(w: str, j: int, e: int, marker_at: Callable[[int], Marker | None]) -> int:
    """End of the citation markers that follow a full stop ending at ``j`` ('.[1],[2]' belongs to the sentence)."""
    stop = j
    while True:
        k = j
        while k < e and w[k].isspace():
            k += 1
        mk = marker_at(k) if k < e else None
        if mk is None and j > stop and k < e and w[k] == ",":  # '.[1],[2]': the run goes on
            k += 1
            while k < e and w[k].isspace():
                k += 1
            mk = marker_at(k) if k < e else None
        if mk is None or mk.end > e or mk.inline:  # 'Smith et al. showed' opens the next one
            return j
        j = mk.end


def sentence_spans(w: str, s: int, e: int, marker_at: Callable[[int], Marker | None]) -> list[tuple[int, int]]:
    """The sentences of w[s:e]; ``marker_at`` gives the citation marker starting at an offset."""
    out: list[tuple[int, int]] = []
    cur = s
    for m in TERMINAL.finditer(w, s, e):
        j = _after_markers(w, m.end(), e, marker_at)
        if j < e and not w[j].isspace():
            if j == m.end() and _glued_sentence_end(w, m.start(), j, s):
                if j > cur:
                    out.append((cur, j))
                cur = j
            continue
        k = j
        while k < e and w[k].isspace():
            k += 1
        if k >= e:
            break
        lower = w[k].islower() and not _MIXED_CASE_START.match(w, k)  # 'mTOR', 'iNOS' may open a sentence
        if lower or (j == m.end() and abbreviation_before(w, m.start(), s, k)):
            continue
        if j > cur:
            out.append((cur, j))
        cur = k
    if e > cur:
        out.append((cur, e))
    return out


class SegmentWriter:
    """The segments made so far (``segments``), and what makes them from spans of the working text."""

    def __init__(self, page: Page, refs: References, cites: Citations) -> None:
        self.page = page
        self.refs = refs
        self.cites = cites
        self.segments: list[Segment] = []

    def emit(
        self, ws: int, we: int, kind: str, section: str, cites: tuple[int, ...] = (), cells: tuple[str, ...] = ()
    ) -> None:
        """Add the segment of w[ws:we] (trimmed; nothing when empty), citing its own markers and ``cites``."""
        w = self.page.w
        while ws < we and w[ws].isspace():
            ws += 1
        while we > ws and w[we - 1].isspace():
            we -= 1
        if we <= ws:
            return
        inside = self.cites.markers_in(ws, we)
        text = " | ".join(c for c in cells if c) if cells else self.clean(ws, we, inside)
        if not text:
            return
        if inside:
            own = self.cites.resolve(inside)
            cites = tuple(dict.fromkeys([*own, *cites])) if cites else own
        s, e = self.page.src(ws, we)
        self.segments.append(Segment(s, e, text, kind, section, cites, cells))

    def clean(self, ws: int, we: int, inside: list[Marker] | None = None) -> str:
        """Visible text of w[ws:we] without its citation markers."""
        w = self.page.w
        if inside is None:
            inside = self.cites.markers_in(ws, we)
        inside = [m for m in inside if not m.inline]  # 'Smith et al. showed' stays words of the sentence
        if not inside:
            return clean_markup(w[ws:we])
        parts = []
        pos = ws
        for k, m in enumerate(inside):
            gap = w[pos : m.start]
            if not (k and gap.strip(", ") == ""):  # ',' between two markers ('[6],[7]') goes with them
                parts.append(gap)
            pos = m.end
            if pos < we and w[pos].isalpha() and m.start > ws and w[m.start - 1].isalnum():
                parts.append(" ")  # 'inflammation[9]and': the marker stood for the space
        parts.append(w[pos:we])
        text = clean_markup("".join(parts))
        return SPACE_BEFORE_PUNCT.sub(r"\1", text) if " " in text else text

    def sentences(self, s: int, e: int) -> list[tuple[int, int]]:
        """The sentences of w[s:e] (:func:`sentence_spans`)."""
        return sentence_spans(self.page.w, s, e, self.cites.marker_at)
