"""Tables in a document: Markdown and tab-separated rows, key-value rows, tables whose cells were run
together ('NameValueSource'), note rows, and a source column whose cells cite works."""

from __future__ import annotations

import re

from kg.read.lines import Page
from kg.read.spans import SegmentWriter
from kg.read.textrules import CAMEL, SOURCE_HEADERS, clean_markup, first_cell_cut, source_cut

__all__ = [
    "Row",
    "cells_of",
    "emit_table",
    "glued_header",
    "glued_start",
    "glued_table",
    "kv_table",
    "lone_tab_row",
    "table_rows",
]

#: One table row: its line and the working-text spans of its cells.
Row = tuple[int, list[tuple[int, int]]]


def table_rows(page: Page, ref_lines: set[int], i: int) -> tuple[list[Row], int]:
    """The rows of the Markdown or tab-separated table starting at line ``i``, and the line after it."""
    lines = page.lines
    n = len(lines)
    rows: list[Row] = []
    while i < n and i not in ref_lines and lines[i].kind in ("mdrow", "mdsep", "tabrow"):
        if lines[i].kind != "mdsep":
            rows.append((i, cells_of(page, i)))
        i += 1
    return rows, i


def lone_tab_row(page: Page, rows: list[Row]) -> bool:
    """Is the 'table' one tab-separated line with fewer than two filled cells (a paragraph, then)?"""
    return len(rows) == 1 and page.lines[rows[0][0]].kind == "tabrow" and sum(1 for c in rows[0][1] if c[1] > c[0]) < 2


def cells_of(page: Page, i: int) -> list[tuple[int, int]]:
    """Spans of the cells of table line ``i`` ('|' or tab separated), each trimmed."""
    ln = page.lines[i]
    t = page.lt(i)
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


def _note_rows(out: SegmentWriter, rows: list[Row]) -> tuple[set[int], list[int]]:
    """Note rows (only the first cell filled, carrying markers) and the citations they carry."""
    notes: set[int] = set()
    note_cites: list[int] = []
    for r, (li, cells) in enumerate(rows):
        filled = [c for c in cells if c[1] > c[0]]
        ln = out.page.lines[li]
        if (
            r > 0
            and len(cells) > 1
            and len(filled) == 1
            and filled[0] == cells[0]
            and out.cites.markers_in(ln.start, ln.end)
        ):
            notes.add(r)
            note_cites.extend(out.cites.resolve(out.cites.markers_in(ln.start, ln.end)))
    return notes, note_cites


def emit_table(out: SegmentWriter, rows: list[Row], section: str) -> None:
    """Segments of a table: one per row, note rows as sentences whose citations go to uncited rows."""
    if not rows:
        return
    page, cites = out.page, out.cites
    header_cells = rows[0][1]
    has_header = not cites.markers_in(page.lines[rows[0][0]].start, page.lines[rows[0][0]].end)
    src_col = None
    if has_header and len(rows) > 1:
        for k, (s, e) in enumerate(header_cells):
            if clean_markup(page.w[s:e]).lower().rstrip(":") in SOURCE_HEADERS:
                src_col = k
    notes, note_cites = _note_rows(out, rows)
    for r, (li, cells) in enumerate(rows):
        ln = page.lines[li]
        if r in notes:
            for s, e in out.sentences(cells[0][0], cells[0][1]):
                out.emit(s, e, "sentence", section)
            continue
        extra: tuple[int, ...] = ()
        if src_col is not None and r > 0 and src_col < len(cells):
            cs, ce = cells[src_col]
            if ce > cs and not cites.markers_in(cs, ce):
                extra = out.refs.source_entry(cs, ce)
        own = cites.resolve(cites.markers_in(ln.start, ln.end))
        if not own and not extra and note_cites and r > 0 and not (has_header and r == 0):
            extra = tuple(dict.fromkeys(note_cites))
        texts = tuple(out.clean(s, e) for s, e in cells)
        out.emit(ln.start, ln.end, "table_row", section, extra, texts)


def kv_table(out: SegmentWriter, i: int, section: str) -> int:
    """Key-value rows ('Name |' then 'Value |'), one segment per pair; returns the line after them."""
    page = out.page
    lines = page.lines
    n = len(lines)
    ref_lines = out.refs.ref_lines
    rows: list[int] = []
    while i < n and i not in ref_lines and lines[i].kind == "kvrow":
        rows.append(i)
        i += 1
    for k in range(0, len(rows), 2):
        pair = rows[k : k + 2]
        cells = tuple(clean_markup(page.lt(r).strip().rstrip("|")) for r in pair)
        out.emit(lines[pair[0]].start, lines[pair[-1]].end, "table_row", section, (), cells)
    return i


def glued_header(page: Page, i: int) -> list[str] | None:
    """The column names of line ``i`` when it is a header run together ('NameValueSource')."""
    t = page.lt(i).strip()
    if not t or len(t) > 80 or "\t" in t or "|" in t or re.search(r"[.,;:!?]", t):
        return None
    parts = CAMEL.split(t)
    if len(parts) < 2 or any(len(p) < 3 or not p[0].isupper() for p in parts):
        return None
    return parts


def glued_start(page: Page, i: int) -> bool:
    """Does a run-together table (header line plus at least one row) start at line i?"""
    parts = glued_header(page, i)
    if parts is None or i + 1 >= len(page.lines) or page.lines[i + 1].kind != "para":
        return False
    body = page.lt(i + 1).rstrip()
    src = parts[-1].lower() in SOURCE_HEADERS
    return (source_cut(body) if src else first_cell_cut(body)) is not None


def glued_table(out: SegmentWriter, i: int, section: str) -> int | None:
    """A table whose cells were run together when the page became text (header 'NameValueSource')."""
    page = out.page
    parts = glued_header(page, i)
    if parts is None:
        return None
    lines = page.lines
    n = len(lines)
    src = parts[-1].lower() in SOURCE_HEADERS
    rows: list[Row] = []
    j = i + 1
    while j < n and j not in out.refs.ref_lines and lines[j].kind == "para":
        t = page.lt(j)
        ln = lines[j]
        body = t.rstrip()
        cut = source_cut(body) if src else first_cell_cut(body)
        if cut is None:
            break
        rows.append((j, [(ln.start, ln.start + cut), (ln.start + cut + (1 if src else 0), ln.start + len(body))]))
        j += 1
    if not rows:
        return None
    out.emit(lines[i].start, lines[i].end, "table_row", section, (), tuple(clean_markup(p) for p in parts))
    for li, cells in rows:
        extra = out.refs.source_entry(*cells[1]) if src else ()
        texts = tuple(clean_markup(page.w[s:e]) for s, e in cells)
        out.emit(lines[li].start, lines[li].end, "table_row", section, extra, texts)
    return j
