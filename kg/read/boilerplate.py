"""Page furniture in saved page text: which lines are navigation, shop widgets, banners, footers,
infobox labels or index-page residue rather than content.

Owns the line-level verdict ``boilerplate_lines`` and the whole-document verdict
``only_boilerplate``. The cue phrases and patterns are data (``ontology/reading/boilerplate.yaml``,
loaded by :mod:`kg.read.boilerplate_cues`); this module holds the shape rules and their order:

1. a line of real prose (more than ``max_short_words`` words, with function words and mostly
   lowercase words) is never boilerplate, unless it *is* a banner: a banner pattern matches at
   the start of the line (cookie notices, revision banners, the infobox standard-state note);
2. a short line is boilerplate when a cue fires: a whole-line phrase, a line-start phrase or a
   pattern, or when its shape says so: items between link separators (``|``, ``›``, ``»``),
   only navigation words, or only punctuation;
3. a heading that opens a furniture section (``MeSH terms``, ``Similar articles``) marks the short
   lines after it, up to the next prose line or content heading;
4. within a block of consecutive non-blank lines, a run of short capitalised items is a menu, and a
   block without unmarked prose whose lines are largely furniture is furniture throughout.

A content heading (``headings`` in the cue file: Abstract, Results, References …) is never furniture.

Every pattern is compiled with bounded quantifiers only (checked when loading), and lines are read
at most ``_LINE_READ`` characters deep, so the work is linear in the length of the text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from kg.read.boilerplate_cues import LINE_BULLETS, BoilerplateCues, load_boilerplate_cues, normalise_line

__all__ = [
    "BoilerplateCues",
    "boilerplate_lines",
    "load_boilerplate_cues",
    "only_boilerplate",
]

#: Characters of one line looked at by the word and cue rules (longer lines are judged on their head).
_LINE_READ = 1000
_WORD = re.compile(r"[^\W\d_][\w'’\-]{0,60}")
_LETTER = re.compile(r"[^\W\d_]")
_FUNCTION_WORD_LIST = (
    "a an the of to in on at by for with from and or but is are was were be been being has have had can may might "
    "will would should could do does did that which who this these those it its as than then when while not no into"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
_SENTENCE_END = (".", "!", "?", ";")


@dataclass(frozen=True)
class _Line:
    start: int
    end: int
    text: str  # at most _LINE_READ characters
    words: int
    prose: bool
    norm: str  # normalised for phrase lookup; empty for prose
    heading: bool  # a content heading: never furniture, closes a furniture section


def _lines(text: str) -> Iterator[tuple[int, int]]:
    """[start, end) of every line, without its line break (``\\n``, ``\\r\\n`` or ``\\r``)."""
    pos, n = 0, len(text)
    for m in re.finditer(r"\r\n|\n|\r", text):
        yield pos, m.start()
        pos = m.end()
    if pos < n:
        yield pos, n


def _shape(text: str, start: int, end: int, cues: BoilerplateCues) -> _Line:
    head = text[start : min(end, start + _LINE_READ)]
    words = _WORD.findall(head)
    prose = False
    if len(words) > cues.max_short_words:
        lower = sum(1 for w in words if w[0].islower())
        function = sum(1 for w in words if w.casefold() in _FUNCTION_WORDS)
        prose = function >= 2 and lower >= 0.4 * len(words)
    norm = "" if prose else normalise_line(head)
    return _Line(start, end, head, len(words), prose, norm, norm in cues.headings)


def _reason_of(pattern: re.Pattern[str] | None, cues: BoilerplateCues, text: str, anchored: bool) -> str | None:
    if pattern is None:
        return None
    if anchored:
        m = pattern.match(text)
    elif pattern is cues.patterns:
        # at the line start every alternative may match; after it only the unanchored ones can, so
        # they alone are searched there (the same leftmost match, found in a fraction of the time)
        m = pattern.match(text)
        if m is None and cues.later_patterns is not None:
            m = cues.later_patterns.search(text, 1)
    else:
        m = pattern.search(text)
    return cues.groups[m.lastgroup] if m and m.lastgroup else None


def _cue_reason(line: _Line, cues: BoilerplateCues) -> str | None:
    """The reason a single line is furniture by its cues or shape, or None."""
    stripped = line.text.strip()
    if not stripped:
        return None
    if line.words <= cues.banner_max_words:
        reason = _reason_of(cues.banners, cues, stripped.lstrip(LINE_BULLETS), anchored=True)
        if reason:
            return reason
    if line.prose or line.heading:
        return None
    short = line.words <= cues.max_short_words
    if short:
        reason = cues.phrases.get(line.norm) or cues.sections.get(line.norm)
        reason = reason or _reason_of(cues.starts, cues, line.norm, anchored=True)
        if reason:
            return reason
    if short or line.words <= 2 * cues.max_short_words:
        reason = _reason_of(cues.patterns, cues, stripped if short else stripped[:200], anchored=False)
        if reason:
            return reason
    if not _LETTER.search(stripped) and not any(ch.isdigit() for ch in stripped):
        return "separator"
    if cues.separators is not None:
        items = [p.strip() for p in cues.separators.split(stripped)]
        table = stripped.startswith("|") and stripped.endswith("|")  # a markdown table row is content
        if not table and len(items) >= 3 and all(0 < len(p.split()) <= 4 for p in items):
            return "breadcrumb" if re.search(r"[›»>/]", stripped) else "navigation"
    if short and cues.nav_words:
        ws = [w.casefold() for w in _WORD.findall(stripped)]
        nav = sum(1 for w in ws if w in cues.nav_words)
        if nav >= 2 and nav * 2 >= len(ws):
            return "navigation"
    return None


def _section_of(line: _Line, cues: BoilerplateCues) -> str | None:
    """The reason of a furniture section this line opens, or None."""
    return cues.sections.get(line.norm) if line.words <= cues.max_short_words else None


def _is_menu_item(line: _Line, cues: BoilerplateCues, content: re.Pattern[str] | None = None) -> bool:
    s = line.text.strip().lstrip(LINE_BULLETS).strip()
    words = s.split()
    if content is not None and len(words) >= 2 and words[1][:1].islower() and content.match(s):
        return False  # "Reduces inflammation": a statement with its subject left out, not a menu entry
    return (
        not line.heading
        and 0 < line.words <= cues.menu_max_words
        and s[:1].isupper()
        and not s.endswith((*_SENTENCE_END, ":", ","))
        and len(s) <= 40
    )


def boilerplate_lines(
    text: str, cues: BoilerplateCues, content: re.Pattern[str] | None = None
) -> list[tuple[int, int, str]]:
    """(start, end, reason) of every line of ``text`` that is page furniture, in text order.

    Offsets are character offsets into ``text``; ``end`` excludes the line break. Blank lines are
    never reported. See the module docstring for the rules and their order. A short line that
    ``content`` matches at its start (after a bullet) is a statement, never a menu entry: the
    reader passes the verbs it reads relations from ("Reduces inflammation", "Supports sleep").
    """
    lines = [_shape(text, s, e, cues) for s, e in _lines(text)]
    marks: list[str | None] = [_cue_reason(ln, cues) for ln in lines]

    # 3. sections opened by a furniture heading run to the next prose line
    open_reason: str | None = None
    for i, ln in enumerate(lines):
        if ln.prose or ln.heading:
            open_reason = None
            continue
        opened = _section_of(ln, cues)
        if opened:
            open_reason = opened
            continue
        if open_reason and marks[i] is None and ln.text.strip() and ln.words <= 2 * cues.max_short_words:
            marks[i] = open_reason

    # 4. blocks of consecutive non-blank lines: menus and furniture blocks
    own = list(marks)
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].text.strip():
            i += 1
            continue
        j = i
        while j < n and lines[j].text.strip():
            j += 1
        _judge_block(lines, marks, i, j, cues, content)
        i = j
    first = next((k for k, ln in enumerate(lines) if ln.text.strip()), None)
    if first is not None and own[first] is None and marks[first] != "menu":
        marks[first] = None  # the page's first line names it ("X Extract 500 mg"), whatever block it opens
    return [(ln.start, ln.end, m) for ln, m in zip(lines, marks, strict=True) if m]


def _judge_block(
    lines: list[_Line],
    marks: list[str | None],
    i: int,
    j: int,
    cues: BoilerplateCues,
    content: re.Pattern[str] | None = None,
) -> None:
    """Mostly-furniture blocks and menus (runs of short capitalised items) within lines[i:j]."""
    if _fill_block(lines, marks, i, j, cues):
        return
    k = i
    while k < j:
        if _is_menu_item(lines[k], cues, content):
            r = k
            while r < j and _is_menu_item(lines[r], cues, content):
                r += 1
            if r - k >= cues.menu_min_run:
                for x in range(k, r):
                    marks[x] = marks[x] or "menu"
            k = r
        else:
            k += 1
    _fill_block(lines, marks, i, j, cues)


def _fill_block(lines: list[_Line], marks: list[str | None], i: int, j: int, cues: BoilerplateCues) -> bool:
    """Mark the rest of a block without unmarked prose whose lines are largely furniture already,
    with the block's most frequent reason (the first seen on a tie). True when the block is done."""
    size = j - i
    marked = [m for m in marks[i:j] if m]
    if len(marked) == size:
        return True
    if size < 3 or len(marked) < cues.block_min_share * size:
        return False
    if any(marks[x] is None and lines[x].prose for x in range(i, j)):
        return False
    reason = Counter(marked).most_common(1)[0][0]
    for x in range(i, j):
        if marks[x] is None and not lines[x].heading:
            marks[x] = reason
    return True


def only_boilerplate(text: str, cues: BoilerplateCues, spans: list[tuple[int, int, str]] | None = None) -> bool:
    """True when a document has furniture and nothing else: no unmarked prose line and at most a
    fifth of its non-space characters outside furniture lines ("page of only navigation").

    An empty or blank text is not "only boilerplate" (it has no furniture either). Pass ``spans``
    when ``boilerplate_lines`` was already run on the text.
    """
    if not text.strip():
        return False
    spans = boilerplate_lines(text, cues) if spans is None else spans
    if not spans:
        return False
    total = sum(len(w) for w in text.split())
    marked = sum(len(w) for s, e, _ in spans for w in text[s:e].split())
    covered = {s for s, _, _ in spans}
    for s, e in _lines(text):
        if s not in covered and _shape(text, s, e, cues).prose:
            return False
    return total - marked <= 0.2 * total
