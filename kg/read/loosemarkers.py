"""Citation marker styles that are often not citations, read only when a document uses them as a
citation pattern (several markers whose new numbers mostly run upwards, see :func:`citation_sequence`):
lower-case roman numerals in brackets ``[ii]``, superscripts flattened onto the text (``word.1-4``,
``word,5`` after punctuation, Nature-style ``word1,2`` glued to a lower-case word), bare numbers closing
a clause (``word 1, 2.``) and numbered ``(1)`` with no reference list to check them against. All
patterns are bounded, so a 10 MB input is scanned in linear time.

The word list here is a convention of written English (words that take a number as a label or a
quantity), not domain data.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from kg.read.markers import NUMLIST, Marker, expand_numbers, word_set
from kg.read.textrules import ABBREVIATIONS

__all__ = [
    "MAX_UNLISTED",
    "NUMBER_WORDS",
    "SEQUENCE_SLACK",
    "bare_number_markers",
    "citation_sequence",
    "flattened_superscripts",
    "paren_citations",
    "roman_markers",
    "roman_value",
]

#: Largest number read as a citation when no numbered reference list bounds the numbers.
MAX_UNLISTED = 500
#: How far the smallest new number of a marker may run ahead of the largest number cited before it.
SEQUENCE_SLACK = 5


#: Words after which a bare number is a quantity or a label ('phase 3.', 'aged 3, 6.'), not a citation.
NUMBER_WORDS = word_set(
    "about above after aged almost among and approximately around below between beyond by circa "
    "class cohort complex complexes count day days dose doses each equal equals every exactly except "
    "experiment experiments figure figures fold from grade grades group groups hour hours isoform "
    "isoforms item items lane lanes least less level levels line lines minus minute minutes model "
    "models month months more nearly number numbers only over page pages panel panels part parts "
    "patient patients phase phases plus point points range ranging ratio round rounds sample samples "
    "score scores second seconds section sections stage stages step steps subject subjects table "
    "tables than times total trial trials type types under unit units until version versus visit "
    "visits volume week weeks were with within year years chapter case cases lead leads arm arms "
    "approx roughly just some another further"
)


# digits as a superscript flattened onto the text: no spaces, '-' '--' '–' ranges and ',' lists
_TIGHT = r"\d{1,3}(?:(?:--?|[–—])\d{1,3})?(?:,\d{1,3}(?:(?:--?|[–—])\d{1,3})?){0,30}"
# 'flavonoids.1-4 ', 'lives,6 ': digits glued after the punctuation that follows a word
# (a Greek letter too: 'TNF-α.6 In neurons')
_AFTER_PUNCT = re.compile(r"(?:(?<=[^\W\d_][.!?,;])|(?<=[)\]”’\"][.!?,;]))(?P<n>" + _TIGHT + r")(?=[\s)\]”’\"]|$)")
# 'pathophysiologies1,2', 'mammals5,': digits glued to the end of a lower-case word of 4+ letters
_GLUED_WORD = re.compile(r"(?<![\w-])(?P<w>[a-z]{4,40})(?P<n>" + _TIGHT + r")(?=[\s.,;:)\]!?”’\"]|$)(?![.,]\d)")
# 'sirt-1', 'Sirt1', 'SIRT1': a name written with a number, so the same letters and digits are no citation
_NAMED_NUMBER = re.compile(r"(?<![\w-])([A-Za-z]{2,40})(-?)(\d{1,3})(?![\w-])")
# 'regulation 1, 2.' and 'autophagy 3,': bare numbers after a lower-case word, closing a clause
_BARE = re.compile(
    r"(?<![\w-])(?P<w>[a-z]{4,40}) (?P<n>\d{1,3}(?:\s?[-–]\s?\d{1,3})?(?:,\s?\d{1,3}(?:\s?[-–]\s?\d{1,3})?){0,20})"
    r"(?=[.,;](?:\s|$))"
)
# '(1)' glued to a word of 3+ letters or to the punctuation after a word: 'studies(2)', 'retina.(1)'
_PAREN_GLUED = re.compile(r"(?:(?<=[A-Za-z]{3})|(?<=[A-Za-z)\]”’\"][.!?,;:]))\((?P<p>" + NUMLIST + r")\)(?![\w(])")
# ' (1).' after a word or a name ending in a digit ('VEGFR2 (2).'), closing a clause or a line; never
# '(1) inhibits' (an enumeration)
_PAREN_SPACED = re.compile(r"(?<=[A-Za-z0-9)\]”’\"%] )\((?P<p>" + NUMLIST + r")\)(?=[.,;:]|[ \t]{0,8}(?:[\r\n]|$))")
# lower-case roman numerals in brackets, a run of them: '[i]', '[ii],[iii]', '[iv][v]'
_ROMAN = r"\[[ivxl]{1,7}\]"
_ROMAN_RUN = re.compile(r"(?<![\\\[])" + _ROMAN + r"(?:\s{0,2},?\s{0,2}" + _ROMAN + r"){0,40}(?!\()")
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10, "l": 50}


def roman_value(numeral: str) -> int | None:
    """'iv' -> 4 for a well-formed lower-case roman numeral up to 89, else None."""
    total = 0
    prev = 0
    for ch in reversed(numeral):
        v = _ROMAN_VALUE.get(ch)
        if v is None:
            return None
        total = total - v if v < prev else total + v
        prev = max(prev, v)
    return total if 0 < total < 90 and _roman(total) == numeral else None


def _roman(n: int) -> str:
    out = ""
    for v, sym in ((50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
        while n >= v:
            out += sym
            n -= v
    return out


def roman_markers(text: str, start: int, end: int) -> list[Marker]:
    """Runs of lower-case roman numerals in brackets ('[i],[ii]'), one marker per run, labels kept."""
    found: list[Marker] = []
    for m in _ROMAN_RUN.finditer(text, start, end):
        labels = re.findall(r"\[([ivxl]{1,7})\]", m.group(0))
        values = [roman_value(x) for x in labels]
        if any(v is None for v in values):
            continue
        nums = tuple(v for v in values if v is not None)
        keep = [k for k, v in enumerate(nums) if v not in nums[:k]]
        found.append(Marker(m.start(), m.end(), tuple(nums[k] for k in keep), labels=tuple(labels[k] for k in keep)))
    return found


def _word_before(text: str, pos: int) -> str:
    """The run of letters and dots that ends at ``pos`` (at most 24 characters), lowercased."""
    t = pos
    while t > 0 and t > pos - 24 and (text[t - 1].isalpha() or text[t - 1] == "."):
        t -= 1
    return text[t:pos].lower()


def _abbreviated(text: str, punct: int) -> bool:
    """Is the full stop at ``punct`` the end of an abbreviation ('Fig.', 'e.g.'), other than 'et al.'?"""
    if text[punct] != ".":
        return False
    word = _word_before(text, punct)
    joined = punct - len(word) > 0 and text[punct - len(word) - 1] in "-–"  # 'TNF-α.': the end of a name
    return word != "al" and (
        word in ABBREVIATIONS or (len(word) == 1 and not joined) or ("." in word and len(word) <= 6)
    )


def flattened_superscripts(text: str, start: int, end: int) -> list[Marker]:
    """Superscript numbers that lost their formatting: 'word.1-4', 'word,5' and Nature-style 'word1,2'.

    A word glued to digits is left alone when the document also writes the same letters and number as
    a name elsewhere ('Sirt1', 'SIRT1', 'sirt-1'), or the letters are a word that takes a number.
    """
    found: list[Marker] = []
    for m in _AFTER_PUNCT.finditer(text, start, end):
        if _abbreviated(text, m.start() - 1):
            continue
        nums, bad = expand_numbers(m.group("n"))
        if nums and not bad:
            found.append(Marker(m.start(), m.end(), nums))
    glued = [m for m in _GLUED_WORD.finditer(text, start, end) if m.group("w") not in NUMBER_WORDS]
    if glued:
        names = {
            (nm.group(1).lower(), nm.group(3))
            for nm in _NAMED_NUMBER.finditer(text, start, end)
            if nm.group(2) or not nm.group(1).islower()
        }
        for m in glued:
            first = re.match(r"\d{1,3}", m.group("n"))
            if first is None or (m.group("w"), first.group(0)) in names:
                continue
            nums, bad = expand_numbers(m.group("n"))
            if nums and not bad:
                found.append(Marker(m.start("n"), m.end(), nums))
    return sorted(found, key=lambda mk: mk.start)


def bare_number_markers(text: str, start: int, end: int) -> list[Marker]:
    """Bare numbers closing a clause after a lower-case word ('regulation 1, 2.', 'autophagy 3,')."""
    found: list[Marker] = []
    for m in _BARE.finditer(text, start, end):
        if m.group("w") in NUMBER_WORDS:
            continue
        nums, bad = expand_numbers(m.group("n"))
        if nums and not bad:
            found.append(Marker(m.start("n"), m.end(), nums))
    return found


def paren_citations(text: str, start: int, end: int) -> list[Marker]:
    """Numbered '(1)' markers that look like citations without a list to check them against.

    Glued to a word or to the punctuation after it ('studies(2)', 'retina.(1)'), or after a space when
    a clause or line ends right after ('in mice (1).'); never an enumeration '(1) inhibits', a quantity
    '(2 mg)', '(n = 12)' or a year (numbers stop at :data:`MAX_UNLISTED`).
    """
    found: list[Marker] = []
    for pattern in (_PAREN_GLUED, _PAREN_SPACED):
        for m in pattern.finditer(text, start, end):
            open_at = m.start("p") - 1
            if open_at > 0 and _abbreviated(text, open_at - 1):
                continue
            nums, bad = expand_numbers(m.group("p"))
            if nums and not bad:
                found.append(Marker(open_at, m.end(), nums))
    return sorted(found, key=lambda mk: mk.start)


def citation_sequence(markers: Iterable[Marker], limit: int, min_markers: int = 2) -> list[Marker]:
    """The markers of one doubtful style that form a citation pattern, or [] when they do not.

    Citation numbers are given in order of first citation, so each marker's new numbers start at most
    :data:`SEQUENCE_SLACK` above the largest number cited before it (the first marker may start
    anywhere, for an excerpt). A marker that jumps further is left out ('connexin43' among citations
    1-5); the style is dropped when fewer than ``min_markers`` markers and two distinct numbers stay,
    or when more than a quarter of the candidates had to be left out.
    """
    kept: list[Marker] = []
    seen: set[int] = set()
    top = 0
    dropped = 0
    for m in sorted(markers, key=lambda mk: mk.start):
        if m.too_wide or not m.numbers or min(m.numbers) < 1 or max(m.numbers) > limit:
            dropped += 1
            continue
        new = [n for n in m.numbers if n not in seen]
        if new and kept and min(new) > top + SEQUENCE_SLACK:
            dropped += 1
            continue
        kept.append(m)
        seen.update(m.numbers)
        top = max(top, *m.numbers)
    if len(kept) < min_markers or len(seen) < 2 or dropped * 4 > len(kept) + dropped:
        return []
    return kept
