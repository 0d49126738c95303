"""Citation markers written as markers: finding them in text and turning them into reference numbers.

Styles: ``[1]``, ``[1][2]``, ``[1, 3-5]``, ``[1–3]``, ``^{[1][2]}``, ``^[9]^``, ``[\\[8\\]](#)``,
``[1](#ref1)``, ``<sup>1,2</sup>``, ``(ref. 7)``, Markdown footnotes ``[^1]``; Unicode superscript digits
``¹²`` and numbered ``(1)`` / ``(1, 2)`` bounded by a reference list. Author-year markers and notes are
in :mod:`kg.read.authormarkers`; styles that are often not citations, read only when a document uses
them as a citation pattern, in :mod:`kg.read.loosemarkers`. All patterns are bounded, so a 10 MB input
is scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "MAX_NUMBER",
    "MAX_RANGE",
    "NUMLIST",
    "Marker",
    "bracket_markers",
    "expand_numbers",
    "paren_markers",
    "ref_paren_markers",
    "superscript_digit_markers",
    "unclosed_brackets",
    "word_set",
]

#: Largest span of a range like ``3-50`` that is expanded; wider ranges are left unresolved.
MAX_RANGE = 60
#: Numbers at or above this in brackets are years or quantities, not citations.
MAX_NUMBER = 999

_N = r"\d{1,4}(?:\s{0,3}[-–—]\s{0,3}\d{1,4})?"
NUMLIST = rf"{_N}(?:\s{{0,3}}[,;]\s{{0,3}}{_N}){{0,40}}"

_BRACKET_STYLES = re.compile(
    r"\[\\\[(?P<a>" + NUMLIST + r")\\\]\]\([^()\s]{0,300}\)"  # [\[8\]](#)
    r"|\[\[(?P<b>" + NUMLIST + r")\]\]\([^()\s]{0,300}\)"  # [[8]](#)
    r"|\^\{(?P<c>(?:\s{0,3}\[" + NUMLIST + r"\]){1,40}\s{0,3})\}"  # ^{[1][2]}
    r"|\^\[(?P<d>" + NUMLIST + r")\]\^?"  # ^[9]^ and ^[9]
    r"|<sup>\s{0,3}\[?(?P<e>" + NUMLIST + r")\]?\s{0,3}</sup>"  # <sup>1,2</sup>
    r"|\[\^(?P<g>\d{1,4})\](?!:)"  # Markdown footnote [^1] (never its definition '[^1]:')
    r"|(?<!\\)\[(?P<f>" + NUMLIST + r")\](?:\([^()\s]{0,300}\))?"  # [1], [1, 3-5], [1](#r1)
)
_PAREN_NUM = re.compile(r"(?<=[\w.,;:)\]’'\"%])\s{0,2}\((?P<p>" + NUMLIST + r")\)")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_ASCII = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")
# after a word of 3+ letters or after punctuation ('stroke¹²', 'rats.³⁻⁵'), never 'mm²', 'Ca²⁺' or '10⁻³'
_UNICODE_SUP = re.compile(
    r"(?:(?<=[A-Za-z]{3})|(?<=[.,;:)\]]))(?P<u>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:[,⁻–][⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}){0,20})(?![⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹])"
)
_UNCLOSED = re.compile(r"(?<![\w\]\\])\[\d{1,4}(?:\s{0,3}[-–—,;]\s{0,3}\d{1,4}){0,40}(?=\s*(?:$|[^\d\s,;\-–—\]]))")
# '(ref. 7)', '(refs 7, 8)', '(reference 3)'
_REF_PAREN = re.compile(r"\(\s{0,2}(?:[Rr]efs?\.?|[Rr]eferences?)\s{0,3}(?P<n>" + NUMLIST + r")\s{0,2}\)")


@dataclass(frozen=True)
class Marker:
    """One citation marker: where it is and what it points at (numbers or author-year keys)."""

    start: int
    end: int
    numbers: tuple[int, ...] = ()
    keys: tuple[tuple[str, str], ...] = ()
    too_wide: bool = False
    #: How the page writes each number (roman 'ii') or key ('Price 2012'), parallel to numbers or keys;
    #: empty when the numbers are written in digits.
    labels: tuple[str, ...] = ()
    #: The marker is words of the sentence ('Smith et al. showed'): cited, but kept in its text.
    inline: bool = False


def expand_numbers(spec: str) -> tuple[tuple[int, ...], bool]:
    """'1, 3-5' -> (1, 3, 4, 5); the flag is True when a range was too wide or reversed."""
    out: list[int] = []
    bad = False
    spec = spec.replace("--", "-")
    for part in re.split(r"[,;]", spec):
        part = part.strip()
        if not part:
            continue
        bounds = re.split(r"\s*[-–—]\s*", part)
        if len(bounds) == 2:
            lo, hi = int(bounds[0]), int(bounds[1])
            if lo <= hi and hi - lo <= MAX_RANGE:
                out.extend(range(lo, hi + 1))
            else:
                bad = True
                out.extend([lo, hi])
        else:
            out.append(int(bounds[0]))
    unique = tuple(dict.fromkeys(out))
    return unique, bad


def bracket_markers(text: str, start: int = 0, end: int | None = None) -> list[Marker]:
    """Markers in bracket, superscript and Markdown-link styles in ``text[start:end]``."""
    end = len(text) if end is None else end
    found: list[Marker] = []
    for m in _BRACKET_STYLES.finditer(text, start, end):
        spec = next(g for g in m.groups() if g is not None)
        if m.group("c") is not None:
            spec = ",".join(re.findall(r"\[([^\[\]]*)\]", spec))
        numbers, bad = expand_numbers(spec)
        if not numbers or max(numbers) > MAX_NUMBER or min(numbers) < 1:
            continue
        found.append(Marker(m.start(), m.end(), numbers, too_wide=bad))
    return found


def paren_markers(text: str, start: int, end: int, limit: int) -> list[Marker]:
    """Numbered ``(1)`` / ``(1, 2)`` markers whose numbers all lie in 1..limit, after a word or punctuation."""
    found: list[Marker] = []
    for m in _PAREN_NUM.finditer(text, start, end):
        numbers, bad = expand_numbers(m.group("p"))
        if bad or not numbers or min(numbers) < 1 or max(numbers) > limit:
            continue
        found.append(Marker(m.start("p") - 1, m.end(), numbers))
    return found


def superscript_digit_markers(text: str, start: int, end: int, limit: int) -> list[Marker]:
    """Unicode superscript markers ('…stroke.¹²', '¹⁻³') whose numbers all lie in 1..limit."""
    found: list[Marker] = []
    for m in _UNICODE_SUP.finditer(text, start, end):
        spec = m.group("u").translate(_SUPERSCRIPT_TO_ASCII)
        numbers, bad = expand_numbers(spec)
        if bad or not numbers or min(numbers) < 1 or max(numbers) > limit:
            continue
        found.append(Marker(m.start(), m.end(), numbers))
    return found


def ref_paren_markers(text: str, start: int, end: int) -> list[Marker]:
    """Markers that name themselves: '(ref. 7)', '(refs 3, 4)', '(reference 2)'."""
    found: list[Marker] = []
    for m in _REF_PAREN.finditer(text, start, end):
        nums, bad = expand_numbers(m.group("n"))
        if nums and min(nums) >= 1 and max(nums) <= MAX_NUMBER:
            found.append(Marker(m.start(), m.end(), nums, too_wide=bad))
    return found


def unclosed_brackets(text: str, start: int, end: int) -> list[int]:
    """Offsets of citation-like brackets that are opened but never closed ('[1, 2' then text)."""
    return [m.start() for m in _UNCLOSED.finditer(text, start, end)]


def word_set(text: str) -> frozenset[str]:
    """The words of ``text`` as a set: the word lists of the marker styles, written as prose."""
    return frozenset(text.split())
