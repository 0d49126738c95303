"""One HTML page parsed into pieces of working text, each with its span in the source.

A piece is ``[text, src_start, src_end, raw, furniture]``: raw text maps one to one onto the
source, added structure (``# `` before a heading, ``- ``/``N. `` before a list item, a tab between
cells, ``^[…]`` around a numeric ``<sup>``) has zero width at its tag, an entity spans its ``&…;``.
The parser also marks furniture elements (nav, header, footer, aside, form, and the cue data's
class, id or role) and the wrappers among them, captions, links and the page title; what is left
out is decided when the pieces are assembled (:mod:`kg.read.htmltext`).
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from kg.read.html import HtmlCues

__all__ = ["PieceParser", "parse_pieces"]

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
#: Elements that are page furniture by their tag alone.
_FURNITURE = frozenset(["nav", "header", "footer", "aside", "form"])
#: Elements never dropped for their class or id (they hold the page itself).
_NEVER_FURNITURE = frozenset(["html", "body", "main", "article"])
#: A furniture element holding one of these is a wrapper of the page, not furniture (a form, which
#: some sites wrap around the whole page, also when it holds a section or a lower heading).
_WRAPS = frozenset(["main", "article", "h1"])
_FORM_WRAPS = _WRAPS | {"section", "h2", "h3"}
#: Elements without content or end tag.
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "keygen",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)
#: Start tags that close an open element of the same kind (HTML's optional end tags).
_SELF_CLOSING = {
    "li": ("li",),
    "dt": ("dt", "dd"),
    "dd": ("dt", "dd"),
    "tr": ("tr", "td", "th"),
    "td": ("td", "th"),
    "th": ("td", "th"),
    "option": ("option",),
}
#: Furniture elements open at once beyond which no new one is marked (keeps odd pages linear).
_MAX_NESTED_FURNITURE = 64
#: Elements whose lines the main-content filter always keeps.
_PROTECTED = frozenset(["figcaption", "caption"])
_SUP_NUMBERS = re.compile(r"\s*\[?\s*\d{1,3}(?:\s*[-–,;]\s*\d{1,3}){0,30}\s*\]?\s*")


class PieceParser(HTMLParser):
    """Pieces of working text ``[text, src_start, src_end, raw, furniture]`` from one page.

    ``furniture`` is the tuple of furniture elements (indices into ``kinds``) the piece lies in;
    whether each is dropped is only known at the end (``wrapper``), when it is assembled.
    """

    def __init__(self, source: str, cues: HtmlCues) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.cues = cues
        self.open: list[tuple[str, int]] = []  # open elements: (tag, furniture index or -1)
        self.open_count: dict[str, int] = {}
        self.kinds: list[str] = []  # tag of each furniture element
        self.wrapper: list[bool] = []  # furniture element holds the page: kept
        self.active: tuple[int, ...] = ()  # furniture elements open now, outermost first
        self.protect_at: list[int] = []
        self.protected: list[tuple[int, int]] = []  # piece index ranges of captions
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
        self.pieces.append([text, p, p, False, self.active])

    def push(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Track an opened element: close what its start implies, mark furniture and wrappers."""
        if tag in _VOID:
            return
        if self.open and self.open[-1][0] == "p" and (tag in _BLOCK or tag in _HEADING or tag == "main"):
            self.pop_to(len(self.open) - 1)
        closes = _SELF_CLOSING.get(tag, ())
        while self.open and self.open[-1][0] in closes:
            self.pop_to(len(self.open) - 1)
        wraps = tag in _WRAPS or any(k == "role" and (v or "").strip().lower() == "main" for k, v in attrs)
        for i in self.active:
            if wraps or (self.kinds[i] == "form" and tag in _FORM_WRAPS):
                self.wrapper[i] = True
        furniture = -1
        if len(self.active) < _MAX_NESTED_FURNITURE and (
            tag in _FURNITURE or (tag not in _NEVER_FURNITURE and self.cues.furniture(attrs))
        ):
            furniture = len(self.kinds)
            self.kinds.append(tag)
            self.wrapper.append(False)
            self.active = (*self.active, furniture)
        self.open.append((tag, furniture))
        self.open_count[tag] = self.open_count.get(tag, 0) + 1

    def pop_to(self, index: int) -> None:
        """Close the open elements from the innermost down to ``index`` (inclusive)."""
        while len(self.open) > index:
            tag, furniture = self.open.pop()
            self.open_count[tag] -= 1
            if furniture >= 0:
                self.active = self.active[:-1]

    def parse_html_declaration(self, i: int) -> int:
        """A '<!' declaration; one the standard parser cannot read ("<![0", "<!DOCTYPE 0") is text.

        The standard library raises AssertionError on such input (fixed in later Pythons); -1 makes
        it read the characters as text when the page ends."""
        try:
            return super().parse_html_declaration(i)
        except AssertionError:
            return -1

    def close(self) -> None:
        """Finish parsing; a caption left open runs to the end of the page."""
        super().close()
        while self.protect_at:
            self.protected.append((self.protect_at.pop(), len(self.pieces)))

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP:
            self.skip += 1
            return
        if tag == "title":
            self.in_title = True
            return
        if self.skip:
            return
        self.push(tag, attrs)
        if tag in _PROTECTED:
            self.protect_at.append(len(self.pieces))
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
                inside = self.pieces[at][4] if at < len(self.pieces) else self.active
                self.pieces.insert(at, ["^" if bracketed else "^[", start, start, False, inside])
                if not bracketed:
                    self.synth("]")
        elif tag in ("p", "div", "tr", "li", "table", "blockquote", "pre", "dd", "dt", "caption", "figcaption"):
            self.synth("\n")
        if tag in _PROTECTED and self.protect_at:
            self.protected.append((self.protect_at.pop(), len(self.pieces)))
        if self.open_count.get(tag):
            k = len(self.open) - 1
            while self.open[k][0] != tag:
                k -= 1
            self.pop_to(k)

    def _text(self, text: str, src_start: int, src_end: int, raw: bool) -> None:
        if self.in_title:
            self.title += text
            return
        if self.skip:
            return
        if self.h_depth:
            self.h_text.append(text)
        self.pieces.append([text, src_start, src_end, raw, self.active])

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


def parse_pieces(source: str, cues: HtmlCues) -> PieceParser:
    """The pieces, furniture, captions, links and title of the page ``source``, parsed to its end."""
    parser = PieceParser(source, cues)
    parser.feed(source)
    parser.close()
    return parser
