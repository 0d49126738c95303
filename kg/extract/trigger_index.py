"""Where each trigger kind may start in a statement, found by the first letters of its phrases.

Trying every trigger pattern at every word start costs one pass of a few hundred alternatives per
word. Instead, the literal first letters (up to ``KEY``) of every phrase of every kind are read
once from the compiled patterns, and a statement's word starts are looked up by their own first
letters: each kind is then tried only where one of its phrases can begin. The places found are a
superset of the places where the kind matches, so trying the kind's pattern there finds what
scanning the whole statement with it finds (same matches, same order).

A phrase that may begin with any word ("(?:\\w+ )?mediators? of") has no first letters: its kind
is scanned whole, but only in statements holding one of the words the phrase cannot do without
("mediator"). Letters are compared case-folded as the regular-expression engine folds them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

__all__ = ["KEY", "TriggerIndex", "kind_starts"]

#: How many first letters of a phrase key it.
KEY = 4
_WORD_START = r"(?<![\w-])"
_MAX_KEYS = 4096  # prefixes of one phrase beyond this stop growing
_MAX_CLASS = 16  # a character class with more letters ends a prefix

try:  # the engine's own case folding (simple lower case, then its extra equivalences)
    import _sre
    from re import _casefix, _parser
    from re import _constants as C  # noqa: N812

    _CANON: dict[int, int] = {}
    for _lower, _others in _casefix._EXTRA_CASES.items():
        _CANON[_lower] = min(_lower, *_others)
    _AVAILABLE = True
except (ImportError, AttributeError):  # another Python: the caller scans the old way
    _AVAILABLE = False


def _fold_code(code: int) -> str:
    """One character as the case-insensitive engine compares it."""
    low = _sre.unicode_tolower(code)
    return chr(_CANON.get(low, low))


def fold(text: str) -> str:
    """``text`` case-folded character by character (same length) as the engine folds it."""
    if text.isascii():
        return text.lower()
    return "".join(_fold_code(ord(c)) for c in text)


_ZERO_WIDTH = frozenset({C.ASSERT, C.ASSERT_NOT, C.AT}) if _AVAILABLE else frozenset()
_REPEATS = frozenset({C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}) if _AVAILABLE else frozenset()


def _chars(op: Any, av: Any) -> set[str] | None:
    """The folded characters a LITERAL or a small IN matches; None for anything wider."""
    if op is C.LITERAL:
        return {_fold_code(av)}
    if op is not C.IN:
        return None
    out: set[str] = set()
    for item, value in av:
        if item is C.LITERAL:
            out.add(_fold_code(value))
        elif item is C.RANGE and value[1] - value[0] < _MAX_CLASS:
            out.update(_fold_code(c) for c in range(value[0], value[1] + 1))
        else:  # a category, a negation, a wide range
            return None
    return out if len(out) <= _MAX_CLASS else None


def _prefixes(items: Iterable[tuple[Any, Any]], open_: set[str], closed: set[str]) -> set[str]:
    """Walk a sequence of the parse tree: the prefixes still growing after it; finished ones go to ``closed``."""
    for op, av in items:
        if not open_:
            break
        if op in _ZERO_WIDTH:
            continue
        chars = _chars(op, av) if op in (C.LITERAL, C.IN) else None
        if chars is not None:
            open_ = {p + c for p in open_ for c in chars}
        elif op is C.SUBPATTERN:
            open_ = _prefixes(av[3].data, open_, closed)
        elif op is C.ATOMIC_GROUP:
            open_ = _prefixes(av.data, open_, closed)
        elif op is C.BRANCH:
            open_ = set().union(*(_prefixes(b.data, set(open_), closed) for b in av[1]))
        elif op in _REPEATS:
            open_ = _repeated(av, open_, closed)
        else:  # any character, a category, a back reference: the prefix ends here
            closed.update(open_)
            open_ = set()
        done = {p for p in open_ if len(p) >= KEY}
        if done or len(open_) > _MAX_KEYS:
            closed.update(done if len(open_) <= _MAX_KEYS else open_)
            open_ = set() if len(open_) > _MAX_KEYS else open_ - done
    return open_


def _repeated(av: Any, open_: set[str], closed: set[str]) -> set[str]:
    """The prefixes after a repeat: each count of passes through its body the pattern allows."""
    low, high, body = av
    after = set(open_) if low == 0 else set()
    current = open_
    passes = 0
    while current and passes < min(high, KEY + 1):  # every pass adds a letter or ends the prefix
        current = _prefixes(body.data, set(current), closed)
        passes += 1
        if passes >= low:
            after |= current
    if current and passes < high:  # more passes may follow: what is known so far is a prefix
        closed.update(current)
    return after


def _score(found: set[str]) -> tuple[int, int]:
    return (min(map(len, found)), -len(found))


def _factors(items: Iterable[tuple[Any, Any]]) -> set[str] | None:
    """Folded strings one of which every match of the sequence contains; None when none is known."""
    best: set[str] | None = None
    run: set[str] = {""}

    def offer(found: set[str] | None) -> None:
        nonlocal best
        if found and "" not in found and (best is None or _score(found) > _score(best)):
            best = found

    for op, av in items:
        if op in _ZERO_WIDTH:
            continue
        chars = _chars(op, av) if op in (C.LITERAL, C.IN) else None
        if chars is not None and len(run) * len(chars) <= 64:
            run = {r + c for r in run for c in chars}
            continue
        offer(run)
        run = {""}
        if op is C.SUBPATTERN:
            offer(_factors(av[3].data))
        elif op is C.BRANCH:
            parts = [_factors(b.data) for b in av[1]]
            offer(set().union(*parts) if all(parts) else None)  # type: ignore[arg-type]
        elif op in _REPEATS and av[0] > 0:
            offer(_factors(av[2].data))
    offer(run)
    return best


def _alternatives(items: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]]:
    """The top-level alternatives of a pattern's parse tree (assertions around them left out)."""
    core = [(op, av) for op, av in items if op not in _ZERO_WIDTH]
    if len(core) == 1 and core[0][0] is C.SUBPATTERN:
        return _alternatives(core[0][1][3].data)
    if len(core) == 1 and core[0][0] is C.BRANCH:
        return [a for b in core[0][1][1] for a in _alternatives(b.data)]
    return [items]


#: What a phrase cannot do without: (folded words, one of which it holds; the same as a pattern).
Need = tuple[tuple[str, ...], re.Pattern[str]]


@dataclass(frozen=True)
class TriggerIndex:
    """The first letters of every kind's phrases, and how to find the places to try each kind."""

    keys: dict[str, tuple[tuple[int, Need | None], ...]]  # folded first letters -> (kind, its phrase's need)
    scan: re.Pattern[str]  # the word starts whose first letter may begin a phrase
    gates: tuple[re.Pattern[str] | None, ...]  # per kind: a statement matching it is scanned whole


def _need(words: set[str]) -> Need:
    ordered = tuple(sorted(words))
    return ordered, re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE)


def _kind_keys(pattern: re.Pattern[str]) -> tuple[dict[str, set[str] | None], re.Pattern[str] | None] | None:
    """One kind's phrases: first letters with the words the phrase needs, and the gate of its phrases
    without first letters (None for the whole: always scan the kind)."""
    if not pattern.pattern.startswith(_WORD_START) or not pattern.flags & re.IGNORECASE:
        return None
    keys: dict[str, set[str] | None] = {}
    words: set[str] = set()
    for alternative in _alternatives(_parser.parse(pattern.pattern, pattern.flags).data):
        closed: set[str] = set()
        closed.update(_prefixes(alternative, {""}, closed))
        found = _factors(alternative)
        if "" in closed:
            if not found:
                return None
            words |= found
        for key in closed - {""}:
            held = keys.get(key, set())
            keys[key] = held | found if held is not None and found else None
    gate = re.compile("|".join(map(re.escape, sorted(words))), re.IGNORECASE) if words else None
    return keys, gate


def build_index(patterns: Sequence[re.Pattern[str]]) -> TriggerIndex | None:
    """The index of these kinds' patterns, or None when they cannot be read (scan the old way)."""
    if not _AVAILABLE or not patterns:
        return None
    keys: dict[str, list[tuple[int, Need | None]]] = {}
    gates: list[re.Pattern[str] | None] = []
    always = re.compile("(?:)")  # a kind whose phrases have no known words: scanned in every statement
    try:
        for k, pattern in enumerate(patterns):
            read = _kind_keys(pattern)
            if read is None:
                gates.append(always)
                continue
            for key, words in read[0].items():
                # a need the first letters already spell ("incr" for "increas") is not checked
                useful = words and not all(w.startswith(key) or key.startswith(w) for w in words)
                keys.setdefault(key, []).append((k, _need(words) if useful else None))
            gates.append(read[1])
    except (re.error, TypeError, ValueError, AttributeError, IndexError):
        return None
    first = sorted({c for key in keys for c in key[0] if c.isascii()})
    letters = sorted({v for c in first for v in (c, c.upper()) if v.isascii()})
    body = "".join(re.escape(c) for c in letters)
    scan = re.compile(rf"{_WORD_START}[{body}\x80-\U0010ffff]")
    return TriggerIndex({k: tuple(v) for k, v in keys.items()}, scan, tuple(gates))


def kind_starts(index: TriggerIndex, text: str) -> list[list[int] | None]:
    """Per kind, the places of ``text`` where it may match (in order), or None to scan it whole."""
    starts: list[list[int] | None] = [None if gate is not None and gate.search(text) else [] for gate in index.gates]
    keys = index.keys
    low = text.lower() if text.isascii() else None
    held: dict[int, bool] = {}  # need (by id) -> whether the text holds it
    for m in index.scan.finditer(text):
        p = m.start()
        head = low[p : p + KEY] if low is not None else fold(text[p : p + KEY])
        for n in range(1, len(head) + 1):
            for k, need in keys.get(head[:n], ()):
                places = starts[k]
                if places is None or (places and places[-1] == p):
                    continue
                if need is not None:
                    ok = held.get(id(need))
                    if ok is None:
                        ok = held[id(need)] = (
                            any(w in low for w in need[0]) if low is not None else need[1].search(text) is not None
                        )
                    if not ok:
                        continue
                places.append(p)
    return starts
