"""The reader's working page: the working text (for HTML, text made from it), offsets back into the
file, and the lines of the working text with their kinds (blank, heading, table row, bullet, para)."""

from __future__ import annotations

from dataclasses import dataclass

from kg.read.htmltext import OffsetMap, html_to_work
from kg.read.textrules import BULLET, MAX_CELLS, MAX_ROW_CHARS, MD_HEADING, MD_SEP

__all__ = [
    "Line",
    "Page",
    "line_kind",
    "split_lines",
]


@dataclass
class Line:
    """One line of the working text: its span (without the line break) and its kind."""

    start: int
    end: int
    kind: str = "para"


def split_lines(w: str) -> list[Line]:
    """The lines of ``w`` ('\\n' or '\\r\\n' ends), each with its kind (:func:`line_kind`)."""
    lines: list[Line] = []
    pos = 0
    n = len(w)
    while pos <= n:
        nl = w.find("\n", pos)
        end = n if nl < 0 else nl
        e = end - 1 if end > pos and w[end - 1] == "\r" else end
        lines.append(Line(pos, e))
        if nl < 0:
            break
        pos = nl + 1
    for ln in lines:
        ln.kind = line_kind(w[ln.start : ln.end])
    return lines


def line_kind(t: str) -> str:
    """What one line is: 'blank', 'mdheading', 'mdsep', 'mdrow', 'tabrow', 'kvrow', 'bullet' or 'para'."""
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


class Page:
    """One document's working text ``w``, its lines, and the map from working offsets to file offsets."""

    def __init__(self, text: str, name: str, fmt: str) -> None:
        self.name = name
        self.text = text
        self.fmt = fmt
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
        self.lines = split_lines(self.w)

    def src(self, s: int, e: int) -> tuple[int, int]:
        """The span of the file that the working span w[s:e] came from."""
        if self.omap is None:
            return s, e
        return self.omap.start(s), self.omap.end(e)

    def line_no(self, w_offset: int) -> int:
        """The file's line number (from 1) of a working offset."""
        s, _ = self.src(w_offset, w_offset)
        return self.text.count("\n", 0, s) + 1

    def lt(self, i: int) -> str:
        """The text of line ``i``."""
        ln = self.lines[i]
        return self.w[ln.start : ln.end]
