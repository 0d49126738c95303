"""The citation markers of a document's body (outside its reference list): which marker styles the
document uses, and each marker resolved to reference-entry numbers. The syntax of each style is in
:mod:`kg.read.markers`."""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable

from kg.read.authormarkers import author_mention_markers, author_year_citation_like, author_year_markers, note_markers
from kg.read.lines import Page
from kg.read.loosemarkers import (
    MAX_UNLISTED,
    bare_number_markers,
    citation_sequence,
    flattened_superscripts,
    paren_citations,
    roman_markers,
)
from kg.read.markers import (
    Marker,
    bracket_markers,
    paren_markers,
    ref_paren_markers,
    superscript_digit_markers,
    unclosed_brackets,
)
from kg.read.reflist import References

__all__ = [
    "Citations",
]


class Citations:
    """The body's markers in order (``markers``), with lookups by span and position and their resolution."""

    def __init__(self, page: Page, refs: References) -> None:
        self.page = page
        self.refs = refs
        self.markers: list[Marker] = []
        self.marker_starts: list[int] = []
        #: Unbalanced brackets met, as ``file:line: ...`` warnings.
        self.warnings: list[str] = []

    def find(self) -> None:
        """Find the body's markers: one style chosen per document, overlaps dropped, odd brackets warned."""
        body_ranges = self._body_ranges()
        w = self.page.w
        refs = self.refs
        found: list[Marker] = []
        for s, e in body_ranges:
            found.extend(bracket_markers(w, s, e))
        list_mode = bool(refs.refs) and refs.numbered
        limit = max(r.n for r in refs.refs) if list_mode else MAX_UNLISTED
        if list_mode and not found:  # no bracket markers: '(1)' and '¹²' styles, checked against the list
            for s, e in body_ranges:
                found.extend(paren_markers(w, s, e, limit))
                found.extend(superscript_digit_markers(w, s, e, limit))
        if not found:
            found.extend(self._pattern_markers(body_ranges, limit))
        for s, e in body_ranges:
            found.extend(ref_paren_markers(w, s, e))
        numeric = bool(found)
        for s, e in body_ranges:
            found.extend(note_markers(w, s, e))
        found.extend(self._author_year(body_ranges, numeric))
        found.sort(key=lambda m: (m.start, -m.end))
        kept: list[Marker] = []
        last_end = -1
        for m in found:
            if m.start >= last_end:
                kept.append(m)
                last_end = m.end
        self.markers = kept
        self.marker_starts = [m.start for m in kept]
        self._warn_unclosed(body_ranges)

    def _author_year(self, body_ranges: list[tuple[int, int]], numeric: bool) -> list[Marker]:
        """Author-year markers: those a list names, or (no list, no numbers) those read as a citation style."""
        w = self.page.w
        key_to_n = self.refs.key_to_n
        found: list[Marker] = []
        if key_to_n and (not self.refs.numbered or not numeric):  # an author-year list
            for s, e in body_ranges:
                strict = {(m.start, m.end) for m in author_year_markers(w, s, e, strict=True)}
                found.extend(
                    m
                    for m in author_year_markers(w, s, e)
                    if (m.start, m.end) in strict or all(k in key_to_n for k in m.keys)
                )
        elif not numeric:  # author-year citations that no list names
            ay: list[Marker] = []
            for s, e in body_ranges:
                ay.extend(author_year_markers(w, s, e, strict=True))
            if author_year_citation_like(w, ay):
                found.extend(ay)
            else:  # studies named by their authors alone ('Smith et al. showed')
                for s, e in body_ranges:
                    found.extend(author_mention_markers(w, s, e))
        return found

    def _warn_unclosed(self, body_ranges: list[tuple[int, int]]) -> None:
        """A warning for each unbalanced bracket of the body (20 per range at most)."""
        page = self.page
        for s, e in body_ranges:
            for off in unclosed_brackets(page.w, s, e)[:20]:
                snippet = page.w[off : off + 12].split("\n")[0]
                self.warnings.append(
                    f"{page.name}:{page.line_no(off)}: unbalanced bracket {snippet!r}; not read as a citation"
                )

    def _pattern_markers(self, ranges: list[tuple[int, int]], limit: int) -> list[Marker]:
        """Markers of the styles that are often no citation, each read only as a citation pattern.

        Roman numerals in brackets, superscripts flattened onto the text (with Unicode superscript
        digits) and numbered '(1)' compete: the style with the most markers that pass
        :func:`kg.read.markers.citation_sequence` wins. Bare numbers closing a clause come last and need three.
        """
        w = self.page.w

        def collect(find: Callable[[str, int, int], list[Marker]]) -> list[Marker]:
            out: list[Marker] = []
            for s, e in ranges:
                out.extend(find(w, s, e))
            return out

        superscripts = collect(flattened_superscripts)
        superscripts.extend(collect(lambda t, s, e: superscript_digit_markers(t, s, e, limit)))
        best: list[Marker] = []
        for candidates in (collect(roman_markers), superscripts, collect(paren_citations)):
            kept = citation_sequence(candidates, limit)
            if len(kept) > len(best):
                best = kept
        return best or citation_sequence(collect(bare_number_markers), limit, min_markers=3)

    def _body_ranges(self) -> list[tuple[int, int]]:
        """Spans of the working text outside the reference list's lines."""
        ref_lines = self.refs.ref_lines
        ranges: list[tuple[int, int]] = []
        cur: int | None = None
        for i, ln in enumerate(self.page.lines):
            if i in ref_lines:
                if cur is not None:
                    ranges.append((cur, ln.start))
                    cur = None
            elif cur is None:
                cur = ln.start
        if cur is not None:
            ranges.append((cur, len(self.page.w)))
        return ranges

    def markers_in(self, s: int, e: int) -> list[Marker]:
        """The markers wholly inside w[s:e]."""
        markers = self.markers
        k = bisect_left(self.marker_starts, s)
        out = []
        while k < len(markers) and markers[k].start < e:
            if markers[k].end <= e:
                out.append(markers[k])
            k += 1
        return out

    def marker_at(self, pos: int) -> Marker | None:
        """The marker starting at ``pos``, if any."""
        k = bisect_left(self.marker_starts, pos)
        if k < len(self.markers) and self.markers[k].start == pos:
            return self.markers[k]
        return None

    def resolve(self, markers: Iterable[Marker]) -> tuple[int, ...]:
        """Entry numbers the markers cite, in order, each once (numbers a marker range spans too widely skipped)."""
        nums = self.refs.ref_numbers()
        key_to_n = self.refs.key_to_n
        out: list[int] = []
        for m in markers:
            for n in m.numbers:
                if n in nums and not m.too_wide and n not in out:
                    out.append(n)
            for key in m.keys:
                n2 = key_to_n.get(key)
                if n2 is not None and n2 not in out:
                    out.append(n2)
        return tuple(out)
