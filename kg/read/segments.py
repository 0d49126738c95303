"""The document's layout walked into segments: headings and the sections they open, paragraphs
(rejoined across page breaks), bullet and numbered items, and the tables among them."""

from __future__ import annotations

import re

from kg.read.lines import Page
from kg.read.spans import SegmentWriter
from kg.read.tables import emit_table, glued_header, glued_start, glued_table, kv_table, lone_tab_row, table_rows
from kg.read.textrules import BULLET, MD_HEADING, NUMBERED_ITEM, clean_markup, ends_sentence, heading_like

__all__ = [
    "build_segments",
]


def build_segments(out: SegmentWriter) -> None:
    """Walk the document's lines outside the reference list (its heading kept) into ``out.segments``."""
    _Layout(out).walk()


class _Layout:
    """One walk over the lines: which are headings (cached), and each block read into segments."""

    def __init__(self, out: SegmentWriter) -> None:
        self.out = out
        self.page = out.page
        self.ref_lines = out.refs.ref_lines
        self._heading_cache: dict[int, bool] = {}

    def walk(self) -> None:
        """Every line once: headings set the section, each block gives its segments."""
        page, out = self.page, self.out
        lines = page.lines
        n = len(lines)
        section = ""
        i = 0
        while i < n:
            if i in self.ref_lines:
                if i == self.out.refs.ref_heading:
                    section = clean_markup(page.lt(i).strip())
                    out.emit(lines[i].start, lines[i].end, "heading", section)
                i += 1
                continue
            kind = lines[i].kind
            t = page.lt(i)
            if kind == "blank":
                i += 1
                continue
            if kind == "mdheading":
                m = MD_HEADING.match(t)
                section = clean_markup(m.group(2)) if m else t.strip()
                out.emit(lines[i].start, lines[i].end, "heading", section)
                i += 1
                continue
            if kind in ("mdrow", "mdsep", "tabrow"):
                i = self.table(i, section)
                continue
            if kind == "kvrow":
                i = kv_table(out, i, section)
                continue
            if kind == "bullet":
                i = self.bullet(i, section)
                continue
            glued = glued_table(out, i, section)
            if glued is not None:
                i = glued
                continue
            if self.is_heading(i):
                section = clean_markup(t.strip())
                out.emit(lines[i].start, lines[i].end, "heading", section)
                i += 1
                continue
            if NUMBERED_ITEM.match(t):
                i = self.bullet(i, section, numbered=True)
                continue
            i = self.paragraph(i, section)

    def table(self, i: int, section: str) -> int:
        """The table starting at line ``i`` (a lone tab-separated line is a paragraph); the line after it."""
        rows, after = table_rows(self.page, self.ref_lines, i)
        if lone_tab_row(self.page, rows):
            return self.paragraph(rows[0][0], section)
        emit_table(self.out, rows, section)
        return after

    def is_heading(self, i: int) -> bool:
        """Is line ``i`` a heading (title-like, no markers, not the end of an unfinished sentence)?"""
        cached = self._heading_cache.get(i)
        if cached is None:
            cached = self._heading_cache[i] = self._is_heading(i)
        return cached

    def _is_heading(self, i: int) -> bool:
        """:meth:`is_heading` without the cache."""
        page = self.page
        t = page.lt(i).strip()
        if not heading_like(t) or self.out.cites.markers_in(page.lines[i].start, page.lines[i].end):
            return False
        if i > 0 and page.lines[i - 1].kind == "para" and (i - 1) not in self.ref_lines:
            prev = page.lt(i - 1).rstrip()
            if prev and not ends_sentence(prev) and not heading_like(prev.strip()):
                return False
        # a wrapped line ('Curcumin reduces inflam-' then 'mation and …') is no heading
        return not (t.endswith("-") or (i + 1 < len(page.lines) and _continues(page, i + 1)))

    def paragraph(self, i: int, section: str) -> int:
        """The paragraph starting at line ``i`` as sentences; returns the line after it."""
        page = self.page
        lines = page.lines
        ref_lines = self.ref_lines
        n = len(lines)
        start = lines[i].start
        end = lines[i].end
        i += 1
        while i < n:
            if i in ref_lines:
                break
            ln = lines[i]
            if (
                ln.kind == "para"
                and not NUMBERED_ITEM.match(page.lt(i))
                and not self.is_heading(i)
                and not glued_start(page, i)
            ):
                end = ln.end
                i += 1
                continue
            if ln.kind == "blank":
                j = i
                while j < n and lines[j].kind == "blank" and j not in ref_lines:
                    j += 1
                if j < n and j not in ref_lines and self.continues(start, end, j):
                    end = lines[j].end
                    i = j + 1
                    continue
            break
        for s, e in self.out.sentences(start, end):
            self.out.emit(s, e, "sentence", section)
        return i

    def continues(self, start: int, end: int, j: int) -> bool:
        """Does the paragraph at line j continue the one in w[start:end] (split by blank lines)?"""
        page = self.page
        ln = page.lines[j]
        if ln.kind != "para":
            return False
        nxt = page.lt(j).lstrip()
        first = ln.start + len(page.lt(j)) - len(nxt)
        if self.out.cites.marker_at(first) is not None:
            return True
        prev = page.w[max(start, end - 400) : end].rstrip()  # the tail is enough (and keeps this linear)
        if ends_sentence(prev) or end - start < 90 or glued_header(page, j) is not None:
            return False
        return nxt[:1].islower() or not heading_like(nxt.strip())

    def bullet(self, i: int, section: str, numbered: bool = False) -> int:
        """The bullet (or numbered) item at line ``i`` with its wrapped lines, as sentences; the line after it."""
        page = self.page
        lines = page.lines
        n = len(lines)
        t = page.lt(i)
        if numbered:
            m = NUMBERED_ITEM.match(t)
            assert m is not None
            start = lines[i].start + m.start(1)
        else:
            bm = BULLET.match(t)
            assert bm is not None
            if bm.group(3) is None:  # a lone bullet mark: the item is on the next line
                j = i + 1
                while j < n and lines[j].kind == "blank":
                    j += 1
                if j >= n or j in self.ref_lines or lines[j].kind != "para":
                    return i + 1
                i = j
                t = page.lt(i)
                start = lines[i].start + len(t) - len(t.lstrip())
            else:
                start = lines[i].start + bm.start(3)
        end = lines[i].end
        i += 1
        while i < n and i not in self.ref_lines and lines[i].kind == "para":
            nt = page.lt(i)
            if not (nt[:1].isspace() or nt.lstrip()[:1].islower()) or NUMBERED_ITEM.match(nt):
                break
            end = lines[i].end
            i += 1
        for s, e in self.out.sentences(start, end):
            self.out.emit(s, e, "bullet", section)
        return i


def _continues(page: Page, i: int) -> bool:
    """Does line ``i`` go on with the sentence of the line before (a paragraph line opening with two
    lower-case letters: 'mation and lowers …'; 'mTOR' may open a sentence)?"""
    ln = page.lines[i]
    return ln.kind == "para" and re.match(r"\s*[a-z]{2}", page.w[ln.start : ln.end]) is not None
