"""A document's reference list: finding it (after a heading, inline, or a numbered list with no
heading), reading its entries, the entries a table's source column names, and the unlisted entries
made for citations that no list names."""

from __future__ import annotations

import re
from bisect import bisect_left
from itertools import pairwise

from kg.read.lines import Page
from kg.read.markers import Marker, bracket_markers
from kg.read.parsed import RefEntry
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
from kg.read.textrules import BULLET, clean_markup, heading_like

__all__ = [
    "References",
]


def _ends_plain_list(t: str, count: int) -> bool:
    """Does line ``t`` end an unnumbered reference list (a heading, a numbered section, a long paragraph)?"""
    body = t.strip()
    return (
        is_reference_heading(t)
        or len(body) > 1500
        or (count > 0 and heading_like(body) and not re.search(r"[\d.]", body))
        or numbered_section_heading(t)
    )


class References:
    """The entries read so far (``refs``), the lines the list takes, its heading, numbering and keys."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.refs: list[RefEntry] = []
        self.ref_lines: set[int] = set()
        self.ref_heading = -1
        self.numbered = False
        self.key_to_n: dict[tuple[str, str], int] = {}
        #: Entries of the list itself (read by :meth:`find`), before source cells and unlisted entries.
        self.listed_count = 0
        #: Source-column cells read, and those that resolved to an entry.
        self.source_found = 0
        self.source_resolved = 0
        self._entry_bodies: list[str] = []
        self._max_n = 0
        self._ref_numbers: set[int] = set()
        self._ref_numbers_seen = 0
        self._source_refs = False
        self._id_index: dict[str, int] | None = None

    # the list ------------------------------------------------------------------------------
    def find(self) -> None:
        """Read the document's reference list, the last one in the document that reads as one."""
        self._find()
        self.listed_count = len(self.refs)

    def _find(self) -> None:
        """From the end: an inline list or a list under a reference heading, else a numbered list without one."""
        page = self.page
        for i in range(
            len(page.lines) - 1, -1, -1
        ):  # the last list wins: a "References" line near the top is often a contents entry
            kind = page.lines[i].kind
            if kind not in ("para", "mdheading", "bullet"):
                continue
            t = page.lt(i)
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
        """Add entry ``n`` read from w[ws:we], its title, host, url and ids parsed from ``body`` and its links."""
        page = self.page
        self._entry_bodies.append(body)
        body = strip_backlinks(body)
        hrefs: list[str] = []
        if page.links:
            k = bisect_left(page.link_starts, ws)
            while k < len(page.links) and page.links[k][0] < we:
                if page.links[k][1] <= we:
                    hrefs.append(page.links[k][2])
                k += 1
        f = parse_entry(" ".join([body, *hrefs]))
        s, e = page.src(ws, we)
        self.refs.append(RefEntry(n, s, e, f.title, f.host, f.url, f.ids))
        key = author_year_key(body)
        if key and key not in self.key_to_n:
            self.key_to_n[key] = n

    def _inline_refs(self, i: int, items: list[tuple[int, int]]) -> None:
        """A reference list run together on line ``i`` ('References: 1. ... 2. ...')."""
        base = self.page.lines[i].start
        for k, (s, e) in enumerate(items, 1):
            self._add_ref(k, base + s, base + e, self.page.w[base + s : base + e])
        self.ref_lines.add(i)
        self.numbered = False

    def _refs_after(self, h: int) -> None:
        """The list under the reference heading at line ``h``."""
        lines = self.page.lines
        i = h + 1
        while i < len(lines) and lines[i].kind == "blank":
            i += 1
        if i < len(lines):
            self._read_list(i, h)

    def _headingless_refs(self) -> None:
        """A numbered list with no heading, read when its entries look like references (a wiki's cut list)."""
        page = self.page
        lines = page.lines
        last = len(lines) - 1
        while last >= 0 and not (lines[last].kind in ("para", "bullet") and numbered_entry(page.lt(last))):
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
            if numbered_entry(page.lt(i)):
                first = i
                i -= 1
                continue
            j = i  # a wrapped entry: a numbered line above it with no blank line between
            while j > 0 and j > i - 30 and self._plain_line(j - 1):
                j -= 1
            if j > 0 and lines[j - 1].kind in ("para", "bullet") and numbered_entry(page.lt(j - 1)):
                first = j - 1
                i = j - 2
                continue
            break
        self._read_list(first, -1)

    def _plain_line(self, i: int) -> bool:
        """Is line ``i`` text that is no numbered entry (a wrapped entry's continuation)?"""
        return self.page.lines[i].kind in ("para", "bullet") and numbered_entry(self.page.lt(i)) is None

    def _read_list(self, i: int, h: int) -> bool:
        """Read the list whose first entry is line i, after the heading at line h (-1: no heading).

        The list is kept only when it reads as references (see :meth:`_list_ok`); otherwise nothing
        it added stays.
        """
        page = self.page
        lines = page.lines
        numbered = numbered_entry(page.lt(i)) is not None
        mark = len(self.refs)
        keys_before = set(self.key_to_n)
        self._entry_bodies = []
        taken: list[int] = [h] if h >= 0 else []
        count = 0
        blanks = 0
        pending: list[int] = []  # number, start, end, body start of the numbered entry being read
        while i < len(lines):
            ln = lines[i]
            t = page.lt(i)
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
                    self._add_ref(pending[0], pending[1], pending[2], page.w[pending[3] : pending[2]])
                num, off = ne
                count += 1
                ws = ln.start + len(t) - len(t.lstrip())
                pending = [num, ws, ln.start + len(t.rstrip()), ln.start + off]
            else:
                if _ends_plain_list(t, count):
                    break
                bm = BULLET.match(t)
                off = (len(t) - len(bm.group(3))) if bm and bm.group(3) else len(t) - len(t.lstrip())
                count += 1
                self._add_ref(count, ln.start + off, ln.start + len(t.rstrip()), t[off:])
            taken.append(i)
            blanks = 0
            i += 1
        if pending:
            self._add_ref(pending[0], pending[1], pending[2], page.w[pending[3] : pending[2]])
        return self._keep_list(count, numbered, h, mark, taken, keys_before)

    def _keep_list(
        self, count: int, numbered: bool, h: int, mark: int, taken: list[int], keys_before: set[tuple[str, str]]
    ) -> bool:
        """Keep the list just read (its lines, heading and numbering) or drop every entry and key it added."""
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
        w = self.page.w
        return not bracket_markers(w, self.page.lines[taken[-1]].end, len(w))

    # entries beside the list ---------------------------------------------------------------
    def add_unlisted(self, markers: list[Marker]) -> None:
        """No marker is dropped: each number or author-year key that no list names gets an unlisted entry.

        Numbers keep their own number; author-year keys are numbered after every other number, in
        the order the text first cites them.
        """
        listed = {r.n for r in self.refs}
        top = max(listed, default=0)
        for m in markers:
            if m.numbers and not m.too_wide:
                top = max(top, *m.numbers)
        first: dict[int, tuple[str, Marker]] = {}
        for m in markers:
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
            s, e = self.page.src(m.start, m.end)
            self.refs.append(RefEntry(n, s, e, "", "", "", (), listed=False, label=label))
        self.refs.sort(key=lambda r: r.n)

    def source_entry(self, cs: int, ce: int) -> tuple[int, ...]:
        """Citations of one source-column cell w[cs:ce]: matched to the list by identifier, else a new entry."""
        body = self.page.w[cs:ce]
        ids = parse_ids(body)
        self.source_found += 1
        if self.listed_count and not self._source_refs:
            if self._id_index is None:
                self._id_index = {}
                for r in self.refs:
                    for curie in r.ids:
                        self._id_index.setdefault(curie, r.n)
            for curie in ids:
                if curie in self._id_index:
                    self.source_resolved += 1
                    return (self._id_index[curie],)
            return ()
        self._source_refs = True
        self._max_n = n = max(self._max_n, len(self.refs)) + 1
        f = parse_entry(body)
        s, e = self.page.src(cs, ce)
        self.refs.append(RefEntry(n, s, e, clean_markup(body), f.host, f.url, ids))
        self.source_resolved += 1
        return (n,)

    def ref_numbers(self) -> set[int]:
        """Numbers of the reference entries read so far (the list only grows)."""
        if self._ref_numbers_seen != len(self.refs):
            self._ref_numbers.update(r.n for r in self.refs[self._ref_numbers_seen :])
            self._ref_numbers_seen = len(self.refs)
        return self._ref_numbers
