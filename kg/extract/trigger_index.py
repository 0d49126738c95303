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
#: The kinds one key starts: those to try wherever it is, those to try where the statement holds a
#: word the phrase needs (with its need), and all their needs together (None when there are none).
Entry = tuple[tuple[int, ...], tuple[tuple[int, Need], ...], Need | None]


@dataclass(frozen=True)
class TriggerIndex:
    """The first letters of every kind's phrases, and how to find the places to try each kind."""

    keys: dict[str, Entry]  # folded first letters -> the kinds a phrase of which starts so
    scan: re.Pattern[str]  # the word starts whose first letter may begin a phrase
    gates: tuple[tuple[int, re.Pattern[str]], ...]  # (kind, gate): a statement matching the gate is scanned whole


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
    gates: list[tuple[int, re.Pattern[str]]] = []
    always = re.compile("(?:)")  # a kind whose phrases have no known words: scanned in every statement
    try:
        for k, pattern in enumerate(patterns):
            read = _kind_keys(pattern)
            if read is None:
                gates.append((k, always))
                continue
            for key, words in read[0].items():
                # a need the first letters already spell ("incr" for "increas") is not checked
                useful = words and not all(w.startswith(key) or key.startswith(w) for w in words)
                keys.setdefault(key, []).append((k, _need(words) if useful else None))
            if read[1] is not None:
                gates.append((k, read[1]))
    except (re.error, TypeError, ValueError, AttributeError, IndexError):
        return None
    return TriggerIndex({key: _entry(v) for key, v in keys.items()}, _scan(keys), tuple(gates))


def _entry(kinds: list[tuple[int, Need | None]]) -> Entry:
    free = tuple(k for k, need in kinds if need is None)
    needy = tuple((k, need) for k, need in kinds if need is not None)
    return free, needy, _need({w for _, need in needy for w in need[0]}) if needy else None


def _holds(need: Need, text: str, low: str | None) -> bool:
    """Does ``text`` (``low``: its lower case when it is ASCII) hold one of the words of ``need``?"""
    if low is None:
        return need[1].search(text) is not None
    return any(word in low for word in need[0])


def _passing(entry: Entry, text: str, low: str | None) -> tuple[int, ...]:
    """The kinds of one key worth trying in this statement (in the order of the kinds)."""
    free, needy, union = entry
    if union is None or not _holds(union, text, low):
        return free
    return tuple(sorted([*free, *(k for k, need in needy if _holds(need, text, low))]))


def _cased(chars: Iterable[str], beyond: bool = True) -> str:
    """A character class of the ASCII ``chars`` in both cases (and, with ``beyond``, every other character)."""
    both = sorted({v for c in chars if c.isascii() for v in (c, c.upper()) if v.isascii()})
    return "[" + "".join(re.escape(c) for c in both) + ("\\x80-\\U0010ffff]" if beyond else "]")


def _trie(keys: set[str], depth: int) -> str:
    """A pattern (never consuming past its first letter) that the next letters may begin one of ``keys``."""
    if depth == 0 or "" in keys:
        return ""
    firsts: dict[str, set[str]] = {}
    for key in keys:
        if key[0].isascii():
            firsts.setdefault(key[0], set()).add(key[1:])
    branches = ["[\\x80-\\U0010ffff]"]  # a letter beyond ASCII may fold to any: always tried
    for first, rest in sorted(firsts.items()):
        after = _trie(rest, depth - 1)
        branches.append(_cased(first, beyond=False) + (f"(?={after})" if after else ""))
    return "(?:" + "|".join(branches) + ")"


def _scan(keys: Iterable[str]) -> re.Pattern[str]:
    """The word starts whose first three letters begin some key (one scan, only the first letter consumed)."""
    return re.compile(_WORD_START + _trie(set(keys), 3))


def kind_starts(index: TriggerIndex, text: str) -> dict[int, list[int] | None]:
    """The kinds (by position) that may match in ``text``: the places to try each (in order), or None
    to scan the whole text with it. A kind left out matches nowhere."""
    starts: dict[int, list[int] | None] = {k: None for k, gate in index.gates if gate.search(text)}
    keys = index.keys
    low = text.lower() if text.isascii() else None
    passing: dict[str, tuple[int, ...]] = {}  # key -> its kinds worth trying in this statement
    for m in index.scan.finditer(text):
        p = m.start()
        head = low[p : p + KEY] if low is not None else fold(text[p : p + KEY])
        for n in range(1, len(head) + 1):
            sub = head[:n]
            entry = keys.get(sub)
            if entry is None:
                continue
            kinds = passing.get(sub)
            if kinds is None:
                kinds = passing[sub] = _passing(entry, text, low)
            for k in kinds:
                places = starts.get(k, ())
                if places is None or (places and places[-1] == p):
                    continue
                if places:
                    places.append(p)
                else:
                    starts[k] = [p]
    return starts
