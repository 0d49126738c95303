"""Citation markers: finding them in text and turning them into reference numbers or author-year keys.

Styles: ``[1]``, ``[1][2]``, ``[1, 3-5]``, ``[1–3]``, ``^{[1][2]}``, ``^[9]^``, ``[\\[8\\]](#)``,
``[1](#ref1)``, ``<sup>1,2</sup>``; Unicode superscript digits ``¹²`` and numbered ``(1)`` / ``(1, 2)``
(only when asked for, because a superscript or parenthesised number is often not a citation);
author-year ``(Smith et al., 2019; Lee 2020)`` and ``Smith et al. (2019)``. All patterns are
bounded, so a 10 MB input is scanned in linear time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

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
    r"|(?<!\\)\[(?P<f>" + NUMLIST + r")\](?:\([^()\s]{0,300}\))?"  # [1], [1, 3-5], [1](#r1)
)
_PAREN_NUM = re.compile(r"(?<=[\w.,;:)\]’'\"%])\s{0,2}\((?P<p>" + NUMLIST + r")\)")
_SUPERSCRIPT_DIGITS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUPERSCRIPT_TO_ASCII = str.maketrans(_SUPERSCRIPT_DIGITS + "⁻", "0123456789-")
# after a word of 3+ letters or after punctuation ('stroke¹²', 'rats.³⁻⁵'), never 'mm²', 'Ca²⁺' or '10⁻³'
_UNICODE_SUP = re.compile(
    r"(?:(?<=[A-Za-z]{3})|(?<=[.,;:)\]]))(?P<u>[⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}(?:[,⁻–][⁰¹²³⁴⁵⁶⁷⁸⁹]{1,3}){0,20})(?![⁺⁻⁰¹²³⁴⁵⁶⁷⁸⁹])"
)
_SURNAME = r"[A-Z][A-Za-z'’-]{1,40}(?:\s(?:van|von|de|der|da|di|le|la|del)\s[A-Z][A-Za-z'’-]{1,40})?"
_AY_PART = re.compile(
    r"^(?:(?:see|e\.g\.|cf\.)\s{1,3},?)?(?P<sur>" + _SURNAME + r")"
    r"(?:\s{1,3}et\s{1,3}al\.?|\s{1,3}(?:and|&)\s{1,3}" + _SURNAME + r")?,?\s{1,3}(?P<year>(?:19|20)\d{2})[a-z]?$"
)
_AY_PAREN = re.compile(r"\((?P<body>[^()\n]{6,300})\)")
_AY_NARRATIVE = re.compile(
    r"(?P<sur>" + _SURNAME + r")(?:\s{1,3}et\s{1,3}al\.?|\s{1,3}(?:and|&)\s{1,3}" + _SURNAME + r")?"
    r"\s{1,3}\((?P<year>(?:19|20)\d{2})[a-z]?\)"
)
_UNCLOSED = re.compile(r"(?<![\w\]\\])\[\d{1,4}(?:\s{0,3}[-–—,;]\s{0,3}\d{1,4}){0,40}(?=\s*(?:$|[^\d\s,;\-–—\]]))")


@dataclass(frozen=True)
class Marker:
    """One citation marker: where it is and what it points at (numbers or author-year keys)."""

    start: int
    end: int
    numbers: tuple[int, ...] = ()
    keys: tuple[tuple[str, str], ...] = ()
    too_wide: bool = False


def expand_numbers(spec: str) -> tuple[tuple[int, ...], bool]:
    """'1, 3-5' -> (1, 3, 4, 5); the flag is True when a range was too wide or reversed."""
    out: list[int] = []
    bad = False
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


def author_year_markers(text: str, start: int, end: int) -> list[Marker]:
    """Author-year markers: parenthetical groups split on ';' and narrative 'Smith et al. (2019)'."""
    found: list[Marker] = []
    for m in _AY_PAREN.finditer(text, start, end):
        keys: list[tuple[str, str]] = []
        for part in m.group("body").split(";"):
            pm = _AY_PART.match(part.strip())
            if pm is None:
                keys = []
                break
            keys.append((pm.group("sur").split()[-1].lower(), pm.group("year")))
        if keys:
            found.append(Marker(m.start(), m.end(), keys=tuple(keys)))
    taken = [(mk.start, mk.end) for mk in found]
    for m in _AY_NARRATIVE.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        found.append(
            Marker(m.start("year") - 1, m.end(), keys=((m.group("sur").split()[-1].lower(), m.group("year")),))
        )
    return sorted(found, key=lambda mk: mk.start)


def unclosed_brackets(text: str, start: int, end: int) -> list[int]:
    """Offsets of citation-like brackets that are opened but never closed ('[1, 2' then text)."""
    return [m.start() for m in _UNCLOSED.finditer(text, start, end)]
