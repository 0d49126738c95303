"""HTML to a working text that keeps every character's place in the HTML source.

The working text is plain text with a little Markdown-like structure added (``# `` before a
heading, ``- `` or ``N. `` before a list item, a tab between table cells, ``^[…]`` around a
numeric ``<sup>``), so the reader treats HTML like the other formats. :class:`OffsetMap` turns
working-text offsets back into offsets of the raw HTML; added characters map to the tag they
stand for (zero width), an entity maps to its whole ``&…;`` text. Standard library only.
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from dataclasses import dataclass, field
from html.parser import HTMLParser

_BLOCK = frozenset(
    [
        "p",
        "div",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "nav",
        "aside",
        "blockquote",
        "pre",
        "ul",
        "ol",
        "dl",
        "dt",
        "dd",
        "table",
        "thead",
        "tbody",
        "tfoot",
        "caption",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "address",
        "hr",
        "br",
        "li",
        "tr",
    ]
)
_SKIP = frozenset(["head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object"])
_HEADING = {f"h{i}": i for i in range(1, 7)}
_WHITESPACE = str.maketrans("\n\r\t\f\v", "     ")
_SUP_NUMBERS = re.compile(r"\s*\[?\s*\d{1,3}(?:\s*[-–,;]\s*\d{1,3}){0,30}\s*\]?\s*")


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


class _Converter(HTMLParser):
    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0]
        for m in re.finditer("\n", source):
            self.line_starts.append(m.end())
        self.pieces: list[list[object]] = []  # [text, src_start, src_end, raw]
        self.skip = 0
        self.in_title = False
        self.title = ""
        self.lists: list[list[int]] = []  # stack of [ordered, counter]
        self.cells_in_row = 0
        self.sup_at: list[int] = []
        self.first_h1 = ""
        self.h_depth = 0
        self.h_text: list[str] = []
        self.cell_depth = 0
        self.links: list[tuple[int, str]] = []  # (piece index where the link starts, href)
        self.link_spans: list[tuple[int, int, str]] = []  # (piece index start, piece index end, href)

    def pos(self) -> int:
        """Offset in the source of the construct being handled (getpos() as one number)."""
        return self.line_starts[self.lineno - 1] + self.offset

    def synth(self, text: str, at: int | None = None) -> None:
        if self.cell_depth and text.strip(" ") in ("\n", "\n\n"):
            text = " "  # line breaks inside a table cell keep the row on one line
        p = self.pos() if at is None else at
        self.pieces.append([text, p, p, False])

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "title":
            self.in_title = True
            return
        if self.skip:
            return
        if tag in _HEADING:
            self.synth("\n\n" + "#" * _HEADING[tag] + " ")
            self.h_depth += 1
            self.h_text = []
        elif tag in ("ul", "ol"):
            self.lists.append([tag == "ol", 0])
            self.synth("\n")
        elif tag == "li":
            if self.lists and self.lists[-1][0]:
                self.lists[-1][1] += 1
                self.synth(f"\n{self.lists[-1][1]}. ")
            else:
                self.synth("\n- ")
        elif tag == "tr":
            self.cells_in_row = 0
            self.cell_depth = 0
            self.synth("\n")
        elif tag in ("td", "th"):
            if self.cells_in_row:
                self.synth("\t")
            self.cells_in_row += 1
            self.cell_depth += 1
        elif tag == "a":
            href = dict(attrs).get("href") or ""
            if href.lower().startswith(("http://", "https://")):
                self.links.append((len(self.pieces), href))
        elif tag == "sup":
            self.sup_at.append(len(self.pieces))
        elif tag in _BLOCK:
            self.synth("\n\n" if tag == "p" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if not self.skip and tag in ("br", "hr"):
            self.synth("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP:
            self.skip = max(0, self.skip - 1)
            return
        if tag == "title":
            self.in_title = False
            return
        if self.skip:
            return
        if tag in _HEADING:
            self.synth("\n\n")
            self.h_depth = max(0, self.h_depth - 1)
            if tag == "h1" and not self.first_h1:
                self.first_h1 = " ".join("".join(self.h_text).split())
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            self.synth("\n")
        elif tag in ("td", "th"):
            self.cell_depth = max(0, self.cell_depth - 1)
        elif tag == "a" and self.links:
            start, href = self.links.pop()
            self.link_spans.append((start, len(self.pieces), href))
        elif tag == "sup" and self.sup_at:
            at = self.sup_at.pop()
            inner = "".join(str(p[0]) for p in self.pieces[at:])
            if _SUP_NUMBERS.fullmatch(inner) and any(ch.isdigit() for ch in inner):
                start = int(self.pieces[at][1]) if at < len(self.pieces) else self.pos()  # type: ignore[call-overload]
                bracketed = inner.strip().startswith("[")
                self.pieces.insert(at, ["^" if bracketed else "^[", start, start, False])
                if not bracketed:
                    self.synth("]")
        elif tag in ("p", "div", "tr", "li", "table", "blockquote", "pre", "dd", "dt", "caption", "figcaption"):
            self.synth("\n")

    def _text(self, text: str, src_start: int, src_end: int, raw: bool) -> None:
        if self.in_title:
            self.title += text
            return
        if self.skip:
            return
        if self.h_depth:
            self.h_text.append(text)
        self.pieces.append([text, src_start, src_end, raw])

    def handle_data(self, data: str) -> None:
        p = self.pos()
        self._text(data.translate(_WHITESPACE), p, p + len(data), True)

    def handle_entityref(self, name: str) -> None:
        p = self.pos()
        ref = f"&{name};" if self.source.startswith(f"&{name};", p) else f"&{name}"
        self._text(html.unescape(ref), p, p + len(ref), False)

    def handle_charref(self, name: str) -> None:
        p = self.pos()
        ref = f"&#{name};" if self.source.startswith(f"&#{name};", p) else f"&#{name}"
        self._text(html.unescape(ref), p, p + len(ref), False)


@dataclass(frozen=True)
class HtmlText:
    """The working text of a page, its offset map, its title and its links (working offsets, href)."""

    text: str
    omap: OffsetMap
    title: str
    links: tuple[tuple[int, int, str], ...]


def html_to_work(source: str) -> HtmlText:
    """Working text, its offset map into ``source``, the page title (first h1, else <title>) and links."""
    conv = _Converter(source)
    conv.feed(source)
    conv.close()
    parts: list[str] = []
    omap = OffsetMap()
    w = 0
    piece_w: list[int] = []
    for text, s, e, raw in conv.pieces:
        t = str(text)
        piece_w.append(w)
        if not t:
            continue
        if raw and len(t) != int(e) - int(s):  # type: ignore[call-overload]
            raw = False
        omap.w_starts.append(w)
        omap.src.append((int(s), int(e), bool(raw)))  # type: ignore[call-overload]
        parts.append(t)
        w += len(t)
    piece_w.append(w)
    title = conv.first_h1 or " ".join(conv.title.split())
    links = tuple(
        (piece_w[a], piece_w[b], href) for a, b, href in conv.link_spans if a < len(piece_w) and b < len(piece_w)
    )
    return HtmlText("".join(parts), omap, title, links)
