"""The document reader: text, Markdown or HTML into title, compound, segments and resolved citations.

``read_document`` / ``read_text`` / ``read_many`` never raise on bad content: binary or empty
files, odd encodings, unbalanced brackets, markers without a reference list and the like become
warnings (``file: what was skipped and why``). All spans index into ``ParsedDocument.text``, the
decoded file contents (for HTML, the raw HTML source). Marker syntax is in :mod:`kg.read.markers`,
reference entries in :mod:`kg.read.refparse`, HTML handling in :mod:`kg.read.htmltext`.

A citation marker is never dropped: a number or author-year key that no reference list names (no
list at all, or a list cut short) becomes a :class:`RefEntry` with ``listed`` False and no title,
host or ids, and the segments citing it carry its number like any other.
"""

from __future__ import annotations

import hashlib
import re
import sys
from bisect import bisect_left
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import pairwise
from pathlib import Path

from kg.errors import UnknownFormatError
from kg.read.htmltext import OffsetMap, html_to_work
from kg.read.markers import (
    MAX_UNLISTED,
    Marker,
    author_mention_markers,
    author_year_citation_like,
    author_year_markers,
    bare_number_markers,
    bracket_markers,
    citation_sequence,
    flattened_superscripts,
    note_markers,
    paren_citations,
    paren_markers,
    ref_paren_markers,
    roman_markers,
    superscript_digit_markers,
    unclosed_brackets,
)
from kg.read.pdf import PDF_SUFFIXES, is_pdf, pdf_text
from kg.read.refparse import (
    author_year_key,
    inline_reference_list,
    is_reference_heading,
    looks_like_reference,
    numbered_entry,
    numbered_section_heading,
    parse_entry,
    parse_ids,
    section_entry,
    strip_backlinks,
)
from kg.read.textrules import (
    ABBREVIATIONS,
    BULLET,
    CAMEL,
    FIELD,
    FORMATS,
    MAX_CELLS,
    MAX_ROW_CHARS,
    MD_HEADING,
    MD_SEP,
    NUMBERED_ITEM,
    SOURCE_HEADERS,
    SPACE_BEFORE_PUNCT,
    SUFFIXES,
    TERMINAL,
    TITLE_STOPWORDS,
    abbreviation_before,
    clean_markup,
    decode,
    ends_sentence,
    first_cell_cut,
    heading_like,
    sniff_format,
    source_cut,
)

__all__ = [
    "COUNT_SAMPLE",
    "LARGE_FILE",
    "ParsedDocument",
    "RefEntry",
    "Segment",
    "expand_paths",
    "read_document",
    "read_many",
    "read_text",
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


# ------------------------------------------------------------------------------------ the reader


@dataclass
class _Line:
    start: int
    end: int
    kind: str = "para"


#: A word that starts in lower case and goes on in capitals ('mTORC1', 'iNOS', 'cAMP'), not a continuation.
_MIXED_CASE_START = re.compile(r"[a-z]{1,3}[A-Z]")
#: A full stop glued to the next sentence: a lowercase word, the stop, then a capitalised word with
#: no further stop in it ("... activation.NF-κB is ..."); not "e.g.The", "Fig.A", "example.Com/x".
_GLUED_BEFORE = re.compile(r"[a-z]{3,}")
_GLUED_AFTER = re.compile(r"[A-Z][^\s.]*(?=[\s,;:])")

#: How much of a document is searched when counting how often a title word recurs.
COUNT_SAMPLE = 1_000_000


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


class _Reader:
    """One document's working state: working text ``w``, lines, markers, references, segments."""

    def __init__(self, text: str, name: str, fmt: str) -> None:
        self.name = name
        self.text = text
        self.fmt = fmt
        self.warnings: list[str] = []
        self.omap: OffsetMap | None = None
        self.html_title = ""
        self.links: tuple[tuple[int, int, str], ...] = ()
        if fmt == "html":
            page = html_to_work(text)
            self.w, self.omap, self.html_title = page.text, page.omap, page.title
            self.links = tuple(sorted(page.links))
        else:
            self.w = text
        self.link_starts = [a for a, _, _ in self.links]
        self.lines: list[_Line] = []
        self.refs: list[RefEntry] = []
        self.ref_lines: set[int] = set()
        self.ref_heading = -1
        self._heading_cache: dict[int, bool] = {}
        self._ref_numbers: set[int] = set()
        self._ref_numbers_seen = 0
        self.numbered = False
        self.markers: list[Marker] = []
        self.marker_starts: list[int] = []
        self.segments: list[Segment] = []
        self.found = 0
        self.resolved = 0
        self.unlisted = 0
        self.listed_count = 0
        self._entry_bodies: list[str] = []
        self._max_n = 0
        self.key_to_n: dict[tuple[str, str], int] = {}
        self.source_cells = 0
        self._source_refs = False
        self._id_index: dict[str, int] | None = None

    # offsets ------------------------------------------------------------------------------
    def src(self, s: int, e: int) -> tuple[int, int]:
        if self.omap is None:
            return s, e
        return self.omap.start(s), self.omap.end(e)

    def line_no(self, w_offset: int) -> int:
        s, _ = self.src(w_offset, w_offset)
        return self.text.count("\n", 0, s) + 1

    def lt(self, i: int) -> str:
        ln = self.lines[i]
        return self.w[ln.start : ln.end]

    # lines ---------------------------------------------------------------------------------
    def split_lines(self) -> None:
        w = self.w
        pos = 0
        n = len(w)
        while pos <= n:
            nl = w.find("\n", pos)
            end = n if nl < 0 else nl
            e = end - 1 if end > pos and w[end - 1] == "\r" else end
            self.lines.append(_Line(pos, e))
            if nl < 0:
                break
            pos = nl + 1
        for i, ln in enumerate(self.lines):
            ln.kind = self.classify(i)

    def classify(self, i: int) -> str:
        t = self.lt(i)
        s = t.strip()
        if not s:
            return "blank"
        if MD_HEADING.match(t):
            return "mdheading"
        if MD_SEP.match(t) and "|" in t:
            return "mdsep"
        if s.startswith("|") and s.endswith("|") and 2 <= s.count("|") <= MAX_CELLS and len(t) <= MAX_ROW_CHARS:
            return "mdrow"
        if "\t" in t.strip("\n\r ") and len(t) <= MAX_ROW_CHARS and t.count("\t") <= MAX_CELLS:
            return "tabrow"
        if s.endswith(" |") and s.count("|") == 1:
            return "kvrow"
        if BULLET.match(t):
            return "bullet"
        return "para"

    # references ----------------------------------------------------------------------------
    def find_references(self) -> None:
        n = len(self.lines)
        for i in range(n - 1, -1, -1):  # the last list wins: a "References" line near the top is often a contents entry
            kind = self.lines[i].kind
            if kind not in ("para", "mdheading", "bullet"):
                continue
            t = self.lt(i)
            inline = inline_reference_list(t) if kind != "bullet" else None
            if inline and len(t) < 2000:
                self._inline_refs(i, inline[1])
                if self.refs:
                    return
            if is_reference_heading(t):
                self._refs_after(i)
                if self.refs:
                    return
        self._headingless_refs()

    def _add_ref(self, n: int, ws: int, we: int, body: str) -> None:
        self._entry_bodies.append(body)
        body = strip_backlinks(body)
        hrefs: list[str] = []
        if self.links:
            k = bisect_left(self.link_starts, ws)
            while k < len(self.links) and self.links[k][0] < we:
                if self.links[k][1] <= we:
                    hrefs.append(self.links[k][2])
                k += 1
        f = parse_entry(" ".join([body, *hrefs]))
        s, e = self.src(ws, we)
        self.refs.append(RefEntry(n, s, e, f.title, f.host, f.url, f.ids))
        key = author_year_key(body)
        if key and key not in self.key_to_n:
            self.key_to_n[key] = n

    def _inline_refs(self, i: int, items: list[tuple[int, int]]) -> None:
        base = self.lines[i].start
        for k, (s, e) in enumerate(items, 1):
            self._add_ref(k, base + s, base + e, self.w[base + s : base + e])
        self.ref_lines.add(i)
        self.numbered = False

    def _refs_after(self, h: int) -> None:
        i = h + 1
        while i < len(self.lines) and self.lines[i].kind == "blank":
            i += 1
        if i < len(self.lines):
            self._read_list(i, h)

    def _headingless_refs(self) -> None:
        """A numbered list with no heading, read when its entries look like references (a wiki's cut list)."""
        lines = self.lines
        last = len(lines) - 1
        while last >= 0 and not (lines[last].kind in ("para", "bullet") and numbered_entry(self.lt(last))):
            last -= 1
        if last < 0:
            return
        first = last
        i = last - 1
        blanks = 0
        while i >= 0:  # back to the first entry of the block: entries, wrapped lines, at most two blank lines
            kind = lines[i].kind
            if kind == "blank":
                blanks += 1
                if blanks >= 3:
                    break
                i -= 1
                continue
            blanks = 0
            if kind not in ("para", "bullet"):
                break
            if numbered_entry(self.lt(i)):
                first = i
                i -= 1
                continue
            j = i  # a wrapped entry: a numbered line above it with no blank line between
            while j > 0 and j > i - 30 and self._plain_line(j - 1):
                j -= 1
            if j > 0 and lines[j - 1].kind in ("para", "bullet") and numbered_entry(self.lt(j - 1)):
                first = j - 1
                i = j - 2
                continue
            break
        self._read_list(first, -1)

    def _plain_line(self, i: int) -> bool:
        return self.lines[i].kind in ("para", "bullet") and numbered_entry(self.lt(i)) is None

    def _read_list(self, i: int, h: int) -> bool:
        """Read the list whose first entry is line i, after the heading at line h (-1: no heading).

        The list is kept only when it reads as references (see :meth:`_list_ok`); otherwise nothing
        it added stays.
        """
        lines = self.lines
        numbered = numbered_entry(self.lt(i)) is not None
        mark = len(self.refs)
        keys_before = set(self.key_to_n)
        self._entry_bodies = []
        taken: list[int] = [h] if h >= 0 else []
        count = 0
        blanks = 0
        pending: list[int] = []  # number, start, end, body start of the numbered entry being read
        while i < len(lines):
            ln = lines[i]
            t = self.lt(i)
            if ln.kind == "blank":
                blanks += 1
                if blanks >= 3 and count:
                    break
                i += 1
                continue
            if numbered:
                ne = numbered_entry(t)
                if ne is None:
                    wrapped = blanks == 0 and not BULLET.match(t) and not heading_like(t.strip())
                    if pending and (t[:1].isspace() or wrapped) and len(t) < 1500:  # a continuation line
                        pending[2] = ln.start + len(t.rstrip())
                        taken.append(i)
                        i += 1
                        continue
                    break
                if pending:
                    self._add_ref(pending[0], pending[1], pending[2], self.w[pending[3] : pending[2]])
                num, off = ne
                count += 1
                ws = ln.start + len(t) - len(t.lstrip())
                pending = [num, ws, ln.start + len(t.rstrip()), ln.start + off]
            else:
                body = t.strip()
                if (
                    is_reference_heading(t)
                    or len(body) > 1500
                    or (count and heading_like(body) and not re.search(r"[\d.]", body))
                    or numbered_section_heading(t)
                ):
                    break
                bm = BULLET.match(t)
                off = (len(t) - len(bm.group(3))) if bm and bm.group(3) else len(t) - len(t.lstrip())
                count += 1
                self._add_ref(count, ln.start + off, ln.start + len(t.rstrip()), t[off:])
            taken.append(i)
            blanks = 0
            i += 1
        if pending:
            self._add_ref(pending[0], pending[1], pending[2], self.w[pending[3] : pending[2]])
        if count and self._list_ok(numbered, h, mark, taken):
            self.ref_lines.update(taken)
            self.ref_heading = h
            self.numbered = numbered
            return True
        del self.refs[mark:]
        for key in set(self.key_to_n) - keys_before:
            del self.key_to_n[key]
        return False

    def _list_ok(self, numbered: bool, h: int, mark: int, taken: list[int]) -> bool:
        """Does the list just read hold references, not a paper's numbered sections or a plain numbered list?

        Never when half its entries are section names ('1. Introduction'); without a heading, only a
        numbered list of two or more entries, numbered upwards, most of which look like references
        (:func:`kg.read.refparse.looks_like_reference`), with no bracket markers after it.
        """
        bodies = self._entry_bodies
        if not bodies or sum(1 for b in bodies if section_entry(b)) * 2 >= len(bodies):
            return False
        if h >= 0:
            return True
        if not numbered or len(bodies) < 2 or sum(1 for b in bodies if looks_like_reference(b)) * 5 < len(bodies) * 3:
            return False
        nums = [r.n for r in self.refs[mark:]]
        if any(b <= a for a, b in pairwise(nums)):
            return False
        return not bracket_markers(self.w, self.lines[taken[-1]].end, len(self.w))

    # markers -------------------------------------------------------------------------------
    def find_markers(self) -> None:
        body_ranges = self._body_ranges()
        w = self.w
        found: list[Marker] = []
        for s, e in body_ranges:
            found.extend(bracket_markers(w, s, e))
        list_mode = bool(self.refs) and self.numbered
        limit = max(r.n for r in self.refs) if list_mode else MAX_UNLISTED
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
        if self.key_to_n and (not self.numbered or not numeric):  # an author-year list
            for s, e in body_ranges:
                strict = {(m.start, m.end) for m in author_year_markers(w, s, e, strict=True)}
                found.extend(
                    m
                    for m in author_year_markers(w, s, e)
                    if (m.start, m.end) in strict or all(k in self.key_to_n for k in m.keys)
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
        found.sort(key=lambda m: (m.start, -m.end))
        kept: list[Marker] = []
        last_end = -1
        for m in found:
            if m.start >= last_end:
                kept.append(m)
                last_end = m.end
        self.markers = kept
        self.marker_starts = [m.start for m in kept]
        for s, e in body_ranges:
            for off in unclosed_brackets(self.w, s, e)[:20]:
                snippet = self.w[off : off + 12].split("\n")[0]
                self.warnings.append(
                    f"{self.name}:{self.line_no(off)}: unbalanced bracket {snippet!r}; not read as a citation"
                )

    def _pattern_markers(self, ranges: list[tuple[int, int]], limit: int) -> list[Marker]:
        """Markers of the styles that are often no citation, each read only as a citation pattern.

        Roman numerals in brackets, superscripts flattened onto the text (with Unicode superscript
        digits) and numbered '(1)' compete: the style with the most markers that pass
        :func:`kg.read.markers.citation_sequence` wins. Bare numbers closing a clause come last and need three.
        """
        w = self.w

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

    def add_unlisted(self) -> None:
        """No marker is dropped: each number or author-year key that no list names gets an unlisted entry.

        Numbers keep their own number; author-year keys are numbered after every other number, in
        the order the text first cites them.
        """
        listed = {r.n for r in self.refs}
        top = max(listed, default=0)
        for m in self.markers:
            if m.numbers and not m.too_wide:
                top = max(top, *m.numbers)
        first: dict[int, tuple[str, Marker]] = {}
        for m in self.markers:
            if not m.too_wide:
                for k, n in enumerate(m.numbers):
                    if n not in listed and n not in first:
                        first[n] = (m.labels[k] if k < len(m.labels) else str(n), m)
            for k, key in enumerate(m.keys):
                if key not in self.key_to_n:
                    top += 1
                    self.key_to_n[key] = top
                    first[top] = (m.labels[k] if k < len(m.labels) else f"{key[0].title()} {key[1]}", m)
        self._max_n = top
        if not first:
            return
        for n, (label, m) in first.items():
            s, e = self.src(m.start, m.end)
            self.refs.append(RefEntry(n, s, e, "", "", "", (), listed=False, label=label))
        self.refs.sort(key=lambda r: r.n)

    def _body_ranges(self) -> list[tuple[int, int]]:
        ranges: list[tuple[int, int]] = []
        cur: int | None = None
        for i, ln in enumerate(self.lines):
            if i in self.ref_lines:
                if cur is not None:
                    ranges.append((cur, ln.start))
                    cur = None
            elif cur is None:
                cur = ln.start
        if cur is not None:
            ranges.append((cur, len(self.w)))
        return ranges

    def markers_in(self, s: int, e: int) -> list[Marker]:
        k = bisect_left(self.marker_starts, s)
        out = []
        while k < len(self.markers) and self.markers[k].start < e:
            if self.markers[k].end <= e:
                out.append(self.markers[k])
            k += 1
        return out

    def marker_at(self, pos: int) -> Marker | None:
        k = bisect_left(self.marker_starts, pos)
        if k < len(self.markers) and self.markers[k].start == pos:
            return self.markers[k]
        return None

    def ref_numbers(self) -> set[int]:
        """Numbers of the reference entries read so far (the list only grows)."""
        if self._ref_numbers_seen != len(self.refs):
            self._ref_numbers.update(r.n for r in self.refs[self._ref_numbers_seen :])
            self._ref_numbers_seen = len(self.refs)
        return self._ref_numbers

    def resolve(self, markers: Iterable[Marker]) -> tuple[int, ...]:
        nums = self.ref_numbers()
        out: list[int] = []
        for m in markers:
            for n in m.numbers:
                if n in nums and not m.too_wide and n not in out:
                    out.append(n)
            for key in m.keys:
                n2 = self.key_to_n.get(key)
                if n2 is not None and n2 not in out:
                    out.append(n2)
        return tuple(out)

    # segments ------------------------------------------------------------------------------
    def emit(
        self, ws: int, we: int, kind: str, section: str, cites: tuple[int, ...] = (), cells: tuple[str, ...] = ()
    ) -> None:
        while ws < we and self.w[ws].isspace():
            ws += 1
        while we > ws and self.w[we - 1].isspace():
            we -= 1
        if we <= ws:
            return
        inside = self.markers_in(ws, we)
        text = " | ".join(c for c in cells if c) if cells else self.clean(ws, we, inside)
        if not text:
            return
        if inside:
            own = self.resolve(inside)
            cites = tuple(dict.fromkeys([*own, *cites])) if cites else own
        s, e = self.src(ws, we)
        self.segments.append(Segment(s, e, text, kind, section, cites, cells))

    def clean(self, ws: int, we: int, inside: list[Marker] | None = None) -> str:
        """Visible text of w[ws:we] without its citation markers."""
        if inside is None:
            inside = self.markers_in(ws, we)
        inside = [m for m in inside if not m.inline]  # 'Smith et al. showed' stays words of the sentence
        if not inside:
            return clean_markup(self.w[ws:we])
        parts = []
        pos = ws
        for k, m in enumerate(inside):
            gap = self.w[pos : m.start]
            if not (k and gap.strip(", ") == ""):  # ',' between two markers ('[6],[7]') goes with them
                parts.append(gap)
            pos = m.end
        parts.append(self.w[pos:we])
        text = clean_markup("".join(parts))
        return SPACE_BEFORE_PUNCT.sub(r"\1", text) if " " in text else text

    def build_segments(self) -> None:
        lines = self.lines
        n = len(lines)
        section = ""
        i = 0
        while i < n:
            if i in self.ref_lines:
                if i == self.ref_heading:
                    section = clean_markup(self.lt(i).strip())
                    self.emit(lines[i].start, lines[i].end, "heading", section)
                i += 1
                continue
            kind = lines[i].kind
            t = self.lt(i)
            if kind == "blank":
                i += 1
                continue
            if kind == "mdheading":
                m = MD_HEADING.match(t)
                section = clean_markup(m.group(2)) if m else t.strip()
                self.emit(lines[i].start, lines[i].end, "heading", section)
                i += 1
                continue
            if kind in ("mdrow", "mdsep", "tabrow"):
                i = self.table(i, section)
                continue
            if kind == "kvrow":
                i = self.kv_table(i, section)
                continue
            if kind == "bullet":
                i = self.bullet(i, section)
                continue
            glued = self.glued_table(i, section)
            if glued is not None:
                i = glued
                continue
            if self.is_heading(i):
                section = clean_markup(t.strip())
                self.emit(lines[i].start, lines[i].end, "heading", section)
                i += 1
                continue
            nm = NUMBERED_ITEM.match(t)
            if nm:
                i = self.bullet(i, section, numbered=True)
                continue
            i = self.paragraph(i, section)

    def is_heading(self, i: int) -> bool:
        cached = self._heading_cache.get(i)
        if cached is None:
            cached = self._heading_cache[i] = self._is_heading(i)
        return cached

    def _is_heading(self, i: int) -> bool:
        t = self.lt(i).strip()
        if not heading_like(t) or self.markers_in(self.lines[i].start, self.lines[i].end):
            return False
        if i > 0 and self.lines[i - 1].kind == "para" and (i - 1) not in self.ref_lines:
            prev = self.lt(i - 1).rstrip()
            if prev and not ends_sentence(prev) and not heading_like(prev.strip()):
                return False
        return True

    def paragraph(self, i: int, section: str) -> int:
        lines = self.lines
        n = len(lines)
        start = lines[i].start
        end = lines[i].end
        i += 1
        while i < n:
            if i in self.ref_lines:
                break
            ln = lines[i]
            if (
                ln.kind == "para"
                and not NUMBERED_ITEM.match(self.lt(i))
                and not self.is_heading(i)
                and not self.glued_start(i)
            ):
                end = ln.end
                i += 1
                continue
            if ln.kind == "blank":
                j = i
                while j < n and lines[j].kind == "blank" and j not in self.ref_lines:
                    j += 1
                if j < n and j not in self.ref_lines and self.continues(start, end, j):
                    end = lines[j].end
                    i = j + 1
                    continue
            break
        for s, e in self.sentences(start, end):
            self.emit(s, e, "sentence", section)
        return i

    def continues(self, start: int, end: int, j: int) -> bool:
        """Does the paragraph at line j continue the one in w[start:end] (split by blank lines)?"""
        ln = self.lines[j]
        if ln.kind != "para":
            return False
        nxt = self.lt(j).lstrip()
        first = ln.start + len(self.lt(j)) - len(nxt)
        if self.marker_at(first) is not None:
            return True
        prev = self.w[max(start, end - 400) : end].rstrip()  # the tail is enough (and keeps this linear)
        if ends_sentence(prev) or end - start < 90 or self.glued_header(j) is not None:
            return False
        return nxt[:1].islower() or not heading_like(nxt.strip())

    def bullet(self, i: int, section: str, numbered: bool = False) -> int:
        lines = self.lines
        n = len(lines)
        t = self.lt(i)
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
                t = self.lt(i)
                start = lines[i].start + len(t) - len(t.lstrip())
            else:
                start = lines[i].start + bm.start(3)
        end = lines[i].end
        i += 1
        while i < n and i not in self.ref_lines and lines[i].kind == "para":
            nt = self.lt(i)
            if not (nt[:1].isspace() or nt.lstrip()[:1].islower()) or NUMBERED_ITEM.match(nt):
                break
            end = lines[i].end
            i += 1
        for s, e in self.sentences(start, end):
            self.emit(s, e, "bullet", section)
        return i

    # sentences -----------------------------------------------------------------------------
    def sentences(self, s: int, e: int) -> list[tuple[int, int]]:
        w = self.w
        out: list[tuple[int, int]] = []
        cur = s
        for m in TERMINAL.finditer(w, s, e):
            j = m.end()
            while True:  # citation markers after the full stop belong to this sentence
                k = j
                while k < e and w[k].isspace():
                    k += 1
                mk = self.marker_at(k) if k < e else None
                if mk is None and j > m.end() and k < e and w[k] == ",":  # '.[1],[2]': the run goes on
                    k += 1
                    while k < e and w[k].isspace():
                        k += 1
                    mk = self.marker_at(k) if k < e else None
                if mk is None or mk.end > e or mk.inline:  # 'Smith et al. showed' opens the next one
                    break
                j = mk.end
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

    # tables --------------------------------------------------------------------------------
    def table(self, i: int, section: str) -> int:
        lines = self.lines
        n = len(lines)
        rows: list[tuple[int, list[tuple[int, int]]]] = []
        while i < n and i not in self.ref_lines and lines[i].kind in ("mdrow", "mdsep", "tabrow"):
            ln = lines[i]
            if ln.kind != "mdsep":
                rows.append((i, self.cells_of(i)))
            i += 1
        if len(rows) == 1 and lines[rows[0][0]].kind == "tabrow" and sum(1 for c in rows[0][1] if c[1] > c[0]) < 2:
            return self.paragraph(rows[0][0], section)
        self.emit_table(rows, section)
        return i

    def cells_of(self, i: int) -> list[tuple[int, int]]:
        ln = self.lines[i]
        t = self.lt(i)
        sep = "\t" if ln.kind == "tabrow" else "|"
        cells: list[tuple[int, int]] = []
        pos = 0
        body = t
        if sep == "|":
            lead = len(t) - len(t.lstrip())
            body = t.rstrip()
            pos = lead + 1 if t.lstrip().startswith("|") else lead
            if body.endswith("|"):
                body = body[:-1]
        for piece in body[pos:].split(sep):
            s0 = pos
            e0 = pos + len(piece)
            while s0 < e0 and t[s0].isspace():
                s0 += 1
            while e0 > s0 and t[e0 - 1].isspace():
                e0 -= 1
            cells.append((ln.start + s0, ln.start + e0))
            pos += len(piece) + 1
        return cells

    def emit_table(self, rows: list[tuple[int, list[tuple[int, int]]]], section: str) -> None:
        if not rows:
            return
        header_cells = rows[0][1]
        has_header = not self.markers_in(self.lines[rows[0][0]].start, self.lines[rows[0][0]].end)
        src_col = None
        if has_header and len(rows) > 1:
            for k, (s, e) in enumerate(header_cells):
                if clean_markup(self.w[s:e]).lower().rstrip(":") in SOURCE_HEADERS:
                    src_col = k
        # note rows: only the first cell filled and carrying markers; their citations go to uncited rows
        notes: set[int] = set()
        note_cites: list[int] = []
        for r, (li, cells) in enumerate(rows):
            filled = [c for c in cells if c[1] > c[0]]
            ln = self.lines[li]
            if (
                r > 0
                and len(cells) > 1
                and len(filled) == 1
                and filled[0] == cells[0]
                and self.markers_in(ln.start, ln.end)
            ):
                notes.add(r)
                note_cites.extend(self.resolve(self.markers_in(ln.start, ln.end)))
        for r, (li, cells) in enumerate(rows):
            ln = self.lines[li]
            if r in notes:
                for s, e in self.sentences(cells[0][0], cells[0][1]):
                    self.emit(s, e, "sentence", section)
                continue
            extra: tuple[int, ...] = ()
            if src_col is not None and r > 0 and src_col < len(cells):
                cs, ce = cells[src_col]
                if ce > cs and not self.markers_in(cs, ce):
                    extra = self.source_cell(cs, ce)
            own = self.resolve(self.markers_in(ln.start, ln.end))
            if not own and not extra and note_cites and r > 0 and not (has_header and r == 0):
                extra = tuple(dict.fromkeys(note_cites))
            texts = tuple(self.clean(s, e) for s, e in cells)
            self.emit(ln.start, ln.end, "table_row", section, extra, texts)

    def source_cell(self, cs: int, ce: int) -> tuple[int, ...]:
        """Citations of one source-column cell: matched to the list by identifier, else a new entry."""
        body = self.w[cs:ce]
        ids = parse_ids(body)
        self.found += 1
        self.source_cells += 1
        if self.listed_count and not self._source_refs:
            if self._id_index is None:
                self._id_index = {}
                for r in self.refs:
                    for curie in r.ids:
                        self._id_index.setdefault(curie, r.n)
            for curie in ids:
                if curie in self._id_index:
                    self.resolved += 1
                    return (self._id_index[curie],)
            return ()
        self._source_refs = True
        self._max_n = n = max(self._max_n, len(self.refs)) + 1
        f = parse_entry(body)
        s, e = self.src(cs, ce)
        self.refs.append(RefEntry(n, s, e, clean_markup(body), f.host, f.url, ids))
        self.resolved += 1
        return (n,)

    def kv_table(self, i: int, section: str) -> int:
        lines = self.lines
        n = len(lines)
        rows: list[int] = []
        while i < n and i not in self.ref_lines and lines[i].kind == "kvrow":
            rows.append(i)
            i += 1
        for k in range(0, len(rows), 2):
            pair = rows[k : k + 2]
            cells = tuple(clean_markup(self.lt(r).strip().rstrip("|")) for r in pair)
            self.emit(lines[pair[0]].start, lines[pair[-1]].end, "table_row", section, (), cells)
        return i

    def glued_header(self, i: int) -> list[str] | None:
        t = self.lt(i).strip()
        if not t or len(t) > 80 or "\t" in t or "|" in t or re.search(r"[.,;:!?]", t):
            return None
        parts = CAMEL.split(t)
        if len(parts) < 2 or any(len(p) < 3 or not p[0].isupper() for p in parts):
            return None
        return parts

    def glued_start(self, i: int) -> bool:
        """Does a run-together table (header line plus at least one row) start at line i?"""
        parts = self.glued_header(i)
        if parts is None or i + 1 >= len(self.lines) or self.lines[i + 1].kind != "para":
            return False
        body = self.lt(i + 1).rstrip()
        src = parts[-1].lower() in SOURCE_HEADERS
        return (source_cut(body) if src else first_cell_cut(body)) is not None

    def glued_table(self, i: int, section: str) -> int | None:
        """A table whose cells were run together when the page became text (header 'NameValueSource')."""
        parts = self.glued_header(i)
        if parts is None:
            return None
        lines = self.lines
        n = len(lines)
        src = parts[-1].lower() in SOURCE_HEADERS
        rows: list[tuple[int, list[tuple[int, int]]]] = []
        j = i + 1
        while j < n and j not in self.ref_lines and lines[j].kind == "para":
            t = self.lt(j)
            ln = lines[j]
            body = t.rstrip()
            cut = source_cut(body) if src else first_cell_cut(body)
            if cut is None:
                break
            rows.append((j, [(ln.start, ln.start + cut), (ln.start + cut + (1 if src else 0), ln.start + len(body))]))
            j += 1
        if not rows:
            return None
        self.emit(lines[i].start, lines[i].end, "table_row", section, (), tuple(clean_markup(p) for p in parts))
        for li, cells in rows:
            extra = self.source_cell(*cells[1]) if src else ()
            texts = tuple(clean_markup(self.w[s:e]) for s, e in cells)
            self.emit(lines[li].start, lines[li].end, "table_row", section, extra, texts)
        return j

    # title and compound --------------------------------------------------------------------
    def title_and_compound(self) -> tuple[str, str]:
        title = self.html_title
        if not title:
            for i, ln in enumerate(self.lines):
                if ln.kind == "mdheading" and self.lt(i).lstrip().startswith("# "):
                    title = clean_markup(self.lt(i).lstrip()[2:])
                    break
        if not title:
            candidates = [
                clean_markup(self.lt(i))
                for i, ln in enumerate(self.lines[:400])
                if ln.kind == "para"
                and i not in self.ref_lines
                and heading_like(self.lt(i).strip())
                and clean_markup(self.lt(i))[:1].isalnum()
            ][:8]
            best = -1
            sample = self.w[:COUNT_SAMPLE]
            for c in candidates:
                count = sample.count(c)
                if count > best:
                    title, best = c, count
        compound = ""
        for k in range(min(len(self.lines), 200)):
            m = FIELD.match(self.lt(k).strip())
            if not m:
                continue
            value = clean_markup(m.group(2)).strip(" |")
            if not value and k + 1 < len(self.lines) and self.lines[k + 1].kind == "kvrow":
                value = clean_markup(self.lt(k + 1)).strip(" |")
            if value and len(value.split()) <= 5:
                compound = value
                break
        if not compound and title:
            compound = self.title_compound(title)
        return title, compound

    def title_compound(self, title: str) -> str:
        """The title word (or two-word name) that the body repeats most: the compound of interest."""
        words = re.findall(r"[A-Za-z0-9][\w+-]*", re.split(r"[’']s\b", title)[0] + " " + title)
        best, best_count = "", 0
        body = self.w[:COUNT_SAMPLE]
        seen: set[str] = set()
        for k, word in enumerate(words):
            if word.lower() in TITLE_STOPWORDS or len(word) < 3 or word in seen or not any(c.isalpha() for c in word):
                continue
            seen.add(word)
            count = len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", body, re.IGNORECASE))
            if count > best_count:
                best, best_count = word, count
                nxt = words[k + 1] if k + 1 < len(words) else ""
                if nxt[:1].isupper() and nxt.lower() not in TITLE_STOPWORDS:
                    pair = len(
                        re.findall(rf"(?<![\w-]){re.escape(word)}\s+{re.escape(nxt)}(?![\w-])", body, re.IGNORECASE)
                    )
                    if pair * 2 >= count:
                        best = f"{word} {nxt}"
        return best

    # all -----------------------------------------------------------------------------------
    def run(self) -> tuple[str, str]:
        self.split_lines()
        self.find_references()
        self.listed_count = len(self.refs)
        self.find_markers()
        self.add_unlisted()
        self.build_segments()
        marker_found = sum(len(m.numbers) + len(m.keys) for m in self.markers)
        self.found += marker_found
        listed = {r.n: r.listed for r in self.refs}
        for m in self.markers:
            cited = [] if m.too_wide else [n for n in m.numbers if n in listed]
            cited.extend(self.key_to_n[k] for k in m.keys if k in self.key_to_n)
            self.resolved += len(cited)
            self.unlisted += sum(1 for n in cited if not listed.get(n, True))
        if self.markers and not self.listed_count:
            self.warnings.append(
                f"{self.name}: {marker_found} citation markers but no reference list; read as unlisted references"
            )
        elif self.refs and not self.found:
            self.warnings.append(
                f"{self.name}: reference list of {len(self.refs)} entries but no citation markers in the body"
            )
        missing = [r.label for r in self.refs if not r.listed] if self.listed_count else []
        if missing:
            shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
            self.warnings.append(
                f"{self.name}: citations not in the reference list: {shown}; read as unlisted references"
            )
        return self.title_and_compound()


# --------------------------------------------------------------------------------------- API


def read_text(text: str, name: str = "<text>", fmt: str | None = None, sha256: str | None = None) -> ParsedDocument:
    """Read a decoded document; ``fmt`` is 'text', 'markdown', 'html' or None (sniffed).

    Bad content gives warnings, never an exception; an unknown ``fmt`` is a caller's error
    (:class:`kg.errors.UnknownFormatError`).
    """
    if fmt is not None and fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    fmt = fmt or sniff_format(text, name)
    sha = sha256 or hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    reader = _Reader(text, name, fmt)
    title, compound = reader.run()
    return ParsedDocument(
        path=name,
        sha256=sha,
        text=text,
        title=title,
        compound=compound,
        segments=tuple(reader.segments),
        references=tuple(reader.refs),
        references_numbered=reader.numbered,
        markers_found=reader.found,
        markers_resolved=reader.resolved,
        warnings=tuple(reader.warnings),
        markers_unlisted=reader.unlisted,
    )


def _empty(name: str, sha: str, text: str, warnings: list[str]) -> ParsedDocument:
    return ParsedDocument(name, sha, text, "", "", (), (), False, 0, 0, tuple(warnings))


def read_document(path: Path) -> ParsedDocument:
    """Read one file; unreadable, binary or empty files give a document with a warning, never an error.

    A PDF (``.pdf`` or bytes opening with ``%PDF-``) is read as the text of its text layer
    (:func:`kg.read.pdf.pdf_text`): spans index that text, the sha256 is of the file's bytes.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _empty(name, "", "", [f"{name}: cannot be read ({exc.strerror or exc}); skipped"])
    sha = hashlib.sha256(raw).hexdigest()
    if is_pdf(raw, name):  # spans index the extracted text layer; the sha256 is of the PDF bytes
        text, warnings, _ = pdf_text(raw, name)
        fmt: str | None = "text"
    else:
        text, warnings = decode(raw, name)
        fmt = SUFFIXES.get(path.suffix.lower())
    if text is None:
        return _empty(name, sha, "", warnings)
    try:
        doc = read_text(text, name, fmt, sha256=sha)
    except (RecursionError, MemoryError) as exc:  # pragma: no cover - a last guard so a batch goes on
        return _empty(name, sha, text, [*warnings, f"{name}: could not be read ({exc.__class__.__name__}); skipped"])
    return replace(doc, warnings=(*warnings, *doc.warnings)) if warnings else doc


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files given, with folders expanded recursively (readable suffixes only), in sorted order."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            readable = SUFFIXES.keys() | PDF_SUFFIXES
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in readable))
        else:
            out.append(p)
    return out


def read_many(paths: Iterable[Path], progress: bool = False) -> Iterator[ParsedDocument]:
    """Read every file (folders expanded); one bad file gives a warning and the others go on."""
    files = expand_paths(paths)
    if progress and len(files) > 1 and sys.stderr.isatty():
        import click

        with click.progressbar(files, label="reading", file=sys.stderr) as bar:
            for f in bar:
                yield read_document(f)
        return
    for f in files:
        if progress and _size(f) >= LARGE_FILE:
            print(f"{f}: reading {_size(f):,} bytes", file=sys.stderr, flush=True)
        yield read_document(f)


#: Files at least this large (bytes) say when their reading starts.
LARGE_FILE = 1_000_000


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
