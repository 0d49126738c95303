"""The matcher over text: the tokens of a text read left to right, every window of joined words
that may spell a name asked of the key table (the longest wins), and names that share a head across
"and"/"or"."""

from __future__ import annotations

import bisect
from collections.abc import Callable

from kg.grounding.lookup import Hit, KeyTable
from kg.grounding.normalize import TOKEN, fold
from kg.grounding.table import HEAD

__all__ = ["BLOCK", "MAX_TOKENS", "caps_lines", "find_block"]

#: Characters of a long text read at a time (whole lines).
BLOCK = 200_000
#: Longest name, in tokens, the matcher looks for.
MAX_TOKENS = 8
#: Characters that may join the tokens of one name ("NF-κB", "lion's mane", "TNF alpha").
_JOIN = frozenset(" -\u2010\u2011'\u2019+")
#: Every text between two tokens that may join them in one name, and those of them holding a space.
#: Brackets and a colon join tokens only when written tight ("NAD(P)H", "NAD(P)H:quinone").
_JOINING = frozenset(["", *_JOIN, *(a + b for a in _JOIN for b in _JOIN), "(", ")", ":", ")-"])
_SPACED = frozenset(sep for sep in _JOINING if any(ch.isspace() for ch in sep))


def find_block(index: KeyTable, text: str, offset: int) -> list[Hit]:
    """Longest names in one block of text, left to right, not overlapping, coordinated names added."""
    spans = [m.span() for m in TOKEN.finditer(text)]
    folded = [fold(text[s:e]) for s, e in spans]
    keys = [f.casefold() for f in folded]  # casefold works letter by letter: a window's key joins these
    # the text between token t and token t+1: may it join one name, and is it a space?
    seps = [text[spans[t][1] : spans[t + 1][0]] for t in range(len(spans) - 1)]
    joins = [sep in _JOINING for sep in seps]
    spacey = [sep in _SPACED for sep in seps]  # read only where the tokens join
    caps_line = caps_lines(text)
    hits: list[Hit] = []
    windows: list[tuple[int, bool]] = []  # (last token, written apart) of the windows that may spell a name
    i, n = 0, len(spans)
    firsts, curated_firsts, table, curated = index.firsts, index.curated_firsts, index.table, index.curated
    heads = index.heads
    while i < n:
        best: tuple[int, Hit] | None = None
        key = ""
        spaced = False
        depth = 0  # brackets opened inside the window ("NAD(P)H"): a name never ends inside one
        word = keys[i]
        last = i + MAX_TOKENS if word in firsts or word in curated_firsts else i + 1
        for j in range(i, min(n, last)):
            if j > i:
                if not joins[j - 1]:
                    break
                if len(key) >= HEAD + 2 and key[:HEAD] not in heads:
                    break  # every longer key, and its singulars, begins so: no name does
                spaced = spaced or spacey[j - 1]
                sep = seps[j - 1]
                if "(" in sep or ")" in sep:
                    depth += sep.count("(") - sep.count(")")
                    if depth < 0 or depth > 1:
                        break
            key += keys[j]
            if depth and not text.startswith(")", spans[j][1]):
                continue  # "Ca(2" of "Ca(2+)" is no name; "thymosin beta(4" closing here is
            if j > i and folded[j] == "s" and seps[j - 1] in ("'", "\u2019"):
                continue  # a possessive ending ("Curcumin's") is not part of a name
            if key not in table and key not in curated and not (key[-1:] == "s" and len(key) > 4 and index.plural(key)):
                continue  # the common case: no name spelled here, nothing to check
            windows.append((j, spaced))
        while windows and best is None:  # the longest window that spells a name wins
            j, spaced = windows.pop()
            hit = index.hit("".join(folded[i : j + 1]), spans[i][0], spans[j][1], caps_line, offset, spaced)
            if hit is not None and not (
                hit.entity_type == "protein"
                and (index.instrument_after(text, spans[j][1]) or _charged(text, spans[i][0], spans[j][1]))
            ):
                best = (j, hit)
        windows.clear()
        if best is None and 2 <= spans[i][1] - spans[i][0] <= 6:
            best = index.peptide(text, spans[i], offset)
        if best is None:
            i += 1
        else:
            hits.append(best[1])
            i = max(best[0], i) + 1
    return _coordinated(index, text, spans, folded, hits, offset)


def _coordinated(
    index: KeyTable, text: str, spans: list[tuple[int, int]], folded: list[str], hits: list[Hit], offset: int
) -> list[Hit]:
    """Names that share a head across "and"/"or": "lung and kidney diseases" names lung diseases
    and kidney diseases, "reactive oxygen and nitrogen species" two kinds of reactive species.

    For each coordinator, a left item (one or two words, with an optional shared modifier before
    it) and a right item (one or two words) are tried with the one or two words after the right
    item as their shared head; both must spell names. The two items replace the hits they cover.
    """
    n = len(spans)
    extra: list[Hit] = []
    for k in range(1, n - 2):
        if folded[k].lower() not in ("and", "or"):
            continue
        found = _shared_head(index, text, spans, folded, k, offset)
        if found:
            extra.extend(found)
    if not extra:
        return hits
    extra.sort(key=lambda h: h.start)
    starts = [h.start for h in extra]
    kept = []
    for h in hits:  # a hit the two items cover gives way to them
        k = bisect.bisect_left(starts, h.end)
        if k and extra[k - 1].end > h.start:
            continue
        kept.append(h)
    return sorted([*kept, *extra], key=lambda h: h.start)


def _shared_head(
    index: KeyTable, text: str, spans: list[tuple[int, int]], folded: list[str], k: int, offset: int
) -> list[Hit] | None:
    def plain(a: int, b: int) -> bool:  # tokens a..b joined by a space, hyphen or apostrophe
        return all(text[spans[t][1] : spans[t + 1][0]] in (" ", "-", "'", "\u2019") for t in range(a, b))

    def name(a: int, b: int, head: str) -> Hit | None:
        return index.hit("".join(folded[a:b]) + head, spans[a][0], spans[b - 1][1], False, offset, True)

    n = len(spans)
    if text[spans[k - 1][1] : spans[k][0]] != " " or text[spans[k][1] : spans[k + 1][0]] != " ":
        return None
    for right_len in (1, 2):
        for head_len in (1, 2):
            r0, h0, h1 = k + 1, k + 1 + right_len, k + 1 + right_len + head_len
            if h1 > n or not plain(r0, h1 - 1):
                continue
            head = "".join(folded[h0:h1])
            for left_len in (1, 2):
                l0 = k - left_len
                if l0 < 0 or not plain(l0, k - 1):
                    continue
                for m0 in (l0, l0 - 1):  # "reactive oxygen and nitrogen species": a shared modifier
                    if m0 < 0 or not plain(m0, k - 1):
                        continue
                    left = name(m0, k, head)
                    if left is None:
                        continue
                    modifier = "".join(folded[m0:l0])
                    right = index.hit(
                        modifier + "".join(folded[r0:h1]), spans[r0][0], spans[h1 - 1][1], False, offset, True
                    )
                    if right is not None:
                        return [left, right]
    return None


def _charged(text: str, start: int, end: int) -> bool:
    """A short name with a digit and a charge after it ("Ca2+", "Zn2+") writes an ion, not a gene."""
    return end - start <= 3 and text[end - 1 : end].isdigit() and text[end : end + 1] in ("+", "⁺")


def caps_lines(text: str) -> Callable[[int], bool]:
    """A test of whether the line holding a position is written all in capitals (a banner)."""
    cache: dict[int, bool] = {}

    def test(pos: int) -> bool:
        start = text.rfind("\n", 0, pos) + 1
        if start not in cache:
            end = text.find("\n", pos)
            line = text[start : end if end >= 0 else len(text)]
            if line.isascii() and line != line.upper():
                cache[start] = False  # the common case: a small letter
            else:
                letters = [c for c in line if c.isalpha()]
                cache[start] = len(letters) >= 6 and all(c.isupper() for c in letters)
        return cache[start]

    return test
