"""Page furniture in saved page text: which lines are navigation, shop widgets, banners, footers,
infobox labels or index-page residue rather than content.

Owns the line-level verdict ``boilerplate_lines`` and the whole-document verdict
``only_boilerplate``. The cue phrases and patterns are data (``ontology/reading/boilerplate.yaml``);
this module holds the shape rules and their order:

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import SeedError, SeedErrors
from kg.read.rulefile import read_rules

__all__ = [
    "BoilerplateCues",
    "boilerplate_lines",
    "compile_bounded",
    "line_of",
    "load_boilerplate_cues",
    "only_boilerplate",
]

#: Characters of one line looked at by the word and cue rules (longer lines are judged on their head).
_LINE_READ = 1000
_WORD = re.compile(r"[^\W\d_][\w'’\-]{0,60}")
_LETTER = re.compile(r"[^\W\d_]")
_BULLETS = " \t\u00a0•·*-–—>#›»|▪◦●○■□"
_SPACES = re.compile(r"\s{1,50}")
_FUNCTION_WORD_LIST = (
    "a an the of to in on at by for with from and or but is are was were be been being has have had can may might "
    "will would should could do does did that which who this these those it its as than then when while not no into"
)
_FUNCTION_WORDS = frozenset(_FUNCTION_WORD_LIST.split())
_SENTENCE_END = (".", "!", "?", ";")


def compile_bounded(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a cue pattern, refusing unbounded quantifiers (``*``, ``+``, ``{n,}``).

    Cue files are data that anyone may edit and the inputs can be 20 MB, so every repetition must
    have an upper bound. Raises ``ValueError`` with the reason.
    """
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]" or pattern[i + 1 : i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif c in "*+":
            raise ValueError(f"unbounded quantifier {c!r} at {i} (write a bound such as {{1,20}})")
        elif c == "{":
            close = pattern.find("}", i)
            body = pattern[i + 1 : close] if close > i else ""
            if re.fullmatch(r"\d{1,6},", body):
                raise ValueError(f"unbounded quantifier {{{body}}} at {i} (give an upper bound)")
        i += 1
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in a file's text (1 when absent)."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def _normalise(line: str) -> str:
    """A line for phrase lookup: bullets and trailing colons off, spaces collapsed, casefolded."""
    return _SPACES.sub(" ", line.strip(_BULLETS).rstrip(" :\t")).casefold()


@dataclass(frozen=True)
class BoilerplateCues:
    """Cue phrases and patterns by reason, and the thresholds of the shape rules.

    ``phrases`` and ``sections`` map a normalised line to its reason; ``starts``, ``patterns`` and
    ``banners`` are one alternation each, whose named groups ``groups`` maps to reasons (the
    reason listed first wins when two match at the same place).
    """

    reasons: tuple[str, ...] = ()
    headings: frozenset[str] = frozenset()
    phrases: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)
    starts: re.Pattern[str] | None = None
    patterns: re.Pattern[str] | None = None
    later_patterns: re.Pattern[str] | None = None  # the alternatives of ``patterns`` not anchored at ^
    banners: re.Pattern[str] | None = None
    groups: Mapping[str, str] = field(default_factory=dict)
    max_short_words: int = 8
    banner_max_words: int = 60
    nav_words: frozenset[str] = frozenset()
    separators: re.Pattern[str] | None = None
    menu_min_run: int = 4
    menu_max_words: int = 3
    block_min_share: float = 0.4


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
    norm = "" if prose else _normalise(head)
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
        reason = _reason_of(cues.banners, cues, stripped.lstrip(_BULLETS), anchored=True)
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
    s = line.text.strip().lstrip(_BULLETS).strip()
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


# --- loading -----------------------------------------------------------------------------------


def _strings(raw: Any, path: Path, file_text: str, where: str, errors: list[SeedError]) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        errors.append(SeedError(str(path), line_of(file_text, where), f"{where} must be a list of non-empty strings"))
        return []
    return [x for x in raw if isinstance(x, str)]


def _checked(patterns: list[str], path: Path, file_text: str, where: str, errors: list[SeedError]) -> list[str]:
    good: list[str] = []
    for p in patterns:
        try:
            compile_bounded(p)
        except ValueError as exc:
            errors.append(SeedError(str(path), line_of(file_text, p), f"bad pattern {p!r} in {where}: {exc}"))
            continue
        good.append(p)
    return good


def _grouped(alternatives: list[tuple[str, str]], groups: dict[str, str]) -> re.Pattern[str] | None:
    """One alternation of (reason, pattern) pairs, each alternative a named group for its reason."""
    if not alternatives:
        return None
    parts = []
    for reason, pattern in alternatives:
        name = f"g{len(groups)}"
        groups[name] = reason
        parts.append(f"(?P<{name}>{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


def _anchored_at_start(pattern: str) -> bool:
    """True when every match of ``pattern`` begins at the start of the text (a leading ``^``)."""
    from re import _constants, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern)
    return len(parsed.data) > 0 and parsed.data[0] == (_constants.AT, _constants.AT_BEGINNING)


_REASON_KEYS = frozenset({"lines", "starts", "patterns", "banners", "sections"})
_TOP_KEYS = frozenset(
    {
        "reasons",
        "headings",
        "max_short_words",
        "banner_max_words",
        "nav_words",
        "separators",
        "menu_min_run",
        "menu_max_words",
        "block_min_share",
    }
)


def load_boilerplate_cues(folder: Path) -> BoilerplateCues:
    """Read ``boilerplate.yaml`` from ``folder`` (``ontology/reading``).

    Raises ``SeedErrors`` naming ``file:line`` for a missing file, bad YAML, an unknown key, a list
    that is not a list of strings, or a pattern that does not compile or has an unbounded quantifier.
    """
    path = folder / "boilerplate.yaml"
    raw = read_rules(path, "boilerplate cues")
    file_text = path.read_text(encoding="utf-8")
    errors: list[SeedError] = []
    for key in raw:
        if key not in _TOP_KEYS:
            errors.append(SeedError(str(path), line_of(file_text, f"{key}:"), f"unknown key {key!r}"))
    names: list[str] = []
    phrases: dict[str, str] = {}
    sections: dict[str, str] = {}
    starts: list[tuple[str, str]] = []
    patterns: list[tuple[str, str]] = []
    banners: list[tuple[str, str]] = []
    raw_reasons = raw.get("reasons") or {}
    if not isinstance(raw_reasons, Mapping):
        errors.append(SeedError(str(path), line_of(file_text, "reasons:"), "reasons must be a mapping"))
        raw_reasons = {}
    for reason, spec in raw_reasons.items():
        where = f"{reason}:"
        if not isinstance(spec, Mapping):
            errors.append(SeedError(str(path), line_of(file_text, where), f"reason {reason!r} must be a mapping"))
            continue
        for key in spec:
            if key not in _REASON_KEYS:
                allowed = ", ".join(sorted(_REASON_KEYS))
                errors.append(
                    SeedError(str(path), line_of(file_text, f"{key}:"), f"unknown key {key!r} in {reason} ({allowed})")
                )
        reason = str(reason)
        names.append(reason)
        for x in _strings(spec.get("lines"), path, file_text, where, errors):
            phrases.setdefault(_normalise(x), reason)
        for x in _strings(spec.get("sections"), path, file_text, where, errors):
            sections.setdefault(_normalise(x), reason)
        ordered = sorted({_normalise(x) for x in _strings(spec.get("starts"), path, file_text, where, errors)})
        ordered.sort(key=len, reverse=True)
        if ordered:
            starts.append((reason, "(?:" + "|".join(re.escape(x) for x in ordered) + r")(?![^\W\d_])"))
        for key, into in (("patterns", patterns), ("banners", banners)):
            found = _checked(_strings(spec.get(key), path, file_text, where, errors), path, file_text, key, errors)
            into.extend((reason, p) for p in found)
    nav_words = _strings(raw.get("nav_words"), path, file_text, "nav_words:", errors)
    headings = _strings(raw.get("headings"), path, file_text, "headings:", errors)
    separators = _strings(raw.get("separators"), path, file_text, "separators:", errors)
    numbers: dict[str, float] = {}
    for key, default in (
        ("max_short_words", 8),
        ("banner_max_words", 60),
        ("menu_min_run", 4),
        ("menu_max_words", 3),
        ("block_min_share", 0.4),
    ):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            errors.append(SeedError(str(path), line_of(file_text, f"{key}:"), f"{key} must be a positive number"))
            value = default
        numbers[key] = value
    if errors:
        raise SeedErrors(errors)
    sep = "|".join(re.escape(s) for s in sorted(separators, key=lambda s: (-len(s), s)))
    groups: dict[str, str] = {}
    starts_re = _grouped(starts, groups)
    first = len(groups)
    patterns_re = _grouped(patterns, groups)
    later = [(f"g{first + i}", p) for i, (_, p) in enumerate(patterns) if not _anchored_at_start(p)]
    return BoilerplateCues(
        reasons=tuple(names),
        headings=frozenset(_normalise(h) for h in headings),
        phrases=phrases,
        sections=sections,
        starts=starts_re,
        patterns=patterns_re,
        later_patterns=re.compile("|".join(f"(?P<{n}>{p})" for n, p in later), re.IGNORECASE) if later else None,
        banners=_grouped(banners, groups),
        groups=groups,
        max_short_words=int(numbers["max_short_words"]),
        banner_max_words=int(numbers["banner_max_words"]),
        nav_words=frozenset(w.casefold() for w in nav_words),
        separators=re.compile(sep) if sep else None,
        menu_min_run=int(numbers["menu_min_run"]),
        menu_max_words=int(numbers["menu_max_words"]),
        block_min_share=float(numbers["block_min_share"]),
    )
