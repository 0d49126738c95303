"""Citation markers: finding them in text and turning them into reference numbers or author-year keys.

Styles: ``[1]``, ``[1][2]``, ``[1, 3-5]``, ``[1–3]``, ``^{[1][2]}``, ``^[9]^``, ``[\\[8\\]](#)``,
``[1](#ref1)``, ``<sup>1,2</sup>``, ``(ref. 7)``; Unicode superscript digits ``¹²`` and numbered ``(1)`` /
``(1, 2)``; author-year ``(Smith et al., 2019; Lee 2020)`` and ``Smith et al. (2019)``. Styles that are
often not citations are only read when a document uses them as a citation pattern (several markers
whose new numbers mostly run upwards, see :func:`citation_sequence`): lower-case roman numerals in
brackets ``[ii]``, superscripts flattened onto the text (``word.1-4``, ``word,5`` after punctuation,
Nature-style ``word1,2`` glued to a lower-case word) and bare numbers closing a clause (``word 1, 2.``).
All patterns are bounded, so a 10 MB input is scanned in linear time.

The word lists here are conventions of written English (month names, words that take a number as a
label or a quantity), not domain data.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from kg.read.textrules import ABBREVIATIONS

__all__ = [
    "MAX_NOTE_USES",
    "MAX_NUMBER",
    "MAX_RANGE",
    "MAX_UNLISTED",
    "NOT_SURNAMES",
    "NUMBER_WORDS",
    "NUMLIST",
    "SEQUENCE_SLACK",
    "Marker",
    "author_mention_markers",
    "author_year_citation_like",
    "author_year_markers",
    "bare_number_markers",
    "bracket_markers",
    "citation_sequence",
    "expand_numbers",
    "flattened_superscripts",
    "note_markers",
    "paren_citations",
    "paren_markers",
    "ref_paren_markers",
    "roman_markers",
    "roman_value",
    "superscript_digit_markers",
    "unclosed_brackets",
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
# 'Smith et al. found', 'Morozov et. Al', 'Smith and colleagues': a study named by its authors with
# no year; never when a year follows ('Smith et al. (2019)', 'Smith et al., 2019': author-year)
_AUTHOR_MENTION = re.compile(
    r"(?<![\w-])(?P<sur>" + _SURNAME + r")(?:\s{1,3}(?:and|&)\s{1,3}" + _SURNAME + r")?"
    r"\s{1,3}(?:[Ee][Tt]\.?\s{1,3}[Aa][Ll]\b\.?|and\s{1,3}(?:colleagues|co-?workers|coworkers)\b)"
    r"(?![ \t]{0,3}[,(]?[ \t]{0,3}(?:19|20)\d{2})"
)
_UNCLOSED = re.compile(r"(?<![\w\]\\])\[\d{1,4}(?:\s{0,3}[-–—,;]\s{0,3}\d{1,4}){0,40}(?=\s*(?:$|[^\d\s,;\-–—\]]))")

#: A note label used more often than this in one text is an index or a name part, not a note.
MAX_NOTE_USES = 2
#: Largest number read as a citation when no numbered reference list bounds the numbers.
MAX_UNLISTED = 500
#: How far the smallest new number of a marker may run ahead of the largest number cited before it.
SEQUENCE_SLACK = 5


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


#: Capitalised words that stand before a year without being an author: '(March 2019)', '(Updated 2020)'.
NOT_SURNAMES = _words(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter "
    "updated published accessed retrieved revised posted copyright since until from in on at by for of "
    "the and or see before after circa about figure fig table version phase issue volume vol edition"
)
#: Words after which a bare number is a quantity or a label ('phase 3.', 'aged 3, 6.'), not a citation.
NUMBER_WORDS = _words(
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
# '(ref. 7)', '(refs 7, 8)', '(reference 3)'
_REF_PAREN = re.compile(r"\(\s{0,2}(?:[Rr]efs?\.?|[Rr]eferences?)\s{0,3}(?P<n>" + NUMLIST + r")\s{0,2}\)")
# explanatory notes as encyclopedias mark them, glued to a word or punctuation and ending a word:
# 'name[a]', 'text.[note 2]', '[nb 1]'; never 'benzo[a]pyrene' (a word goes on) or '- [x] done'
_NOTE = re.compile(
    r"\[(?:(?<=[A-Za-z]{3}\[)|(?<=[0-9.,;:)\]”’\"]\[))(?P<k>[a-z]|(?:[Nn]ote|nb|NB|[Nn]) ?\d{1,2})\](?![\w(\[-])"
)
# lower-case roman numerals in brackets, a run of them: '[i]', '[ii],[iii]', '[iv][v]'
_ROMAN = r"\[[ivxl]{1,7}\]"
_ROMAN_RUN = re.compile(r"(?<![\\\[])" + _ROMAN + r"(?:\s{0,2},?\s{0,2}" + _ROMAN + r"){0,40}(?!\()")
_ROMAN_VALUE = {"i": 1, "v": 5, "x": 10, "l": 50}


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


def note_markers(text: str, start: int, end: int) -> list[Marker]:
    """Explanatory-note markers ('name[a]', 'text.[note 2]'): each a key ('note', label) with its label.

    A note is no study, but it is where the page sends the reader for support: it becomes an unlisted
    reference of unknown level, like a numbered marker with no list."""
    found = list(_NOTE.finditer(text, start, end))
    uses = Counter(m.group("k") for m in found)
    return [
        Marker(m.start(), m.end(), keys=(("note", m.group("k")),), labels=(m.group("k"),))
        for m in found
        if uses[m.group("k")] <= MAX_NOTE_USES  # 'x[i] … y[i] … z[i]': an index, not a note
    ]


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


def author_year_markers(text: str, start: int, end: int, strict: bool = False) -> list[Marker]:
    """Author-year markers: parenthetical groups split on ';' and narrative 'Smith et al. (2019)'.

    Words that are no surnames ('(March 2019)') are never read. ``strict`` (used when no reference
    list confirms the keys) also leaves out a narrative year after a single capitalised word
    ('the Act (2019)'): only 'Smith et al. (2019)' and 'Smith and Lee (2019)' are read then.
    """
    found: list[Marker] = []
    for m in _AY_PAREN.finditer(text, start, end):
        keys: list[tuple[str, str]] = []
        labels: list[str] = []
        for part in m.group("body").split(";"):
            pm = _AY_PART.match(part.strip())
            if pm is None or pm.group("sur").split()[-1].lower() in NOT_SURNAMES:
                keys = []
                break
            surname = pm.group("sur").split()[-1]
            keys.append((surname.lower(), pm.group("year")))
            labels.append(f"{surname} {pm.group('year')}")
        if keys:
            found.append(Marker(m.start(), m.end(), keys=tuple(keys), labels=tuple(labels)))
    taken = [(mk.start, mk.end) for mk in found]
    for m in _AY_NARRATIVE.finditer(text, start, end):
        if any(s <= m.start() < e for s, e in taken):
            continue
        surname = m.group("sur").split()[-1]
        if surname.lower() in NOT_SURNAMES:
            continue
        if strict and not text[m.end("sur") : m.start("year") - 1].strip():  # no 'et al.' or second author
            continue
        found.append(
            Marker(
                m.start("year") - 1,
                m.end(),
                keys=((surname.lower(), m.group("year")),),
                labels=(f"{surname} {m.group('year')}",),
            )
        )
    return sorted(found, key=lambda mk: mk.start)


def author_mention_markers(text: str, start: int, end: int) -> list[Marker]:
    """Studies named by their authors without a year ('Smith et al. found', 'Lee and colleagues'):
    each an ``inline`` marker with the key (surname, '') and the label 'Smith et al.'.

    Read only when a page has no other citation markers: the name is then the page's only pointer
    to the study, and the claim it supports rests on a work nobody can look up (unverifiable)."""
    found: list[Marker] = []
    for m in _AUTHOR_MENTION.finditer(text, start, end):
        surname = m.group("sur").split()[-1]
        if surname.lower() in NOT_SURNAMES:
            continue
        found.append(
            Marker(m.start(), m.end(), keys=((surname.lower(), ""),), labels=(f"{surname} et al.",), inline=True)
        )
    return found


def author_year_citation_like(text: str, markers: list[Marker]) -> bool:
    """Are these author-year markers a citation pattern: two or more, or one naming 'et al.' or two authors?"""
    if len(markers) >= 2:
        return True
    return any(re.search(r"\bet\s{1,3}al\b|\s(?:and|&)\s", text[m.start : m.end]) for m in markers)


# ------------------------------------------------------------------ styles read only as a pattern


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


def ref_paren_markers(text: str, start: int, end: int) -> list[Marker]:
    """Markers that name themselves: '(ref. 7)', '(refs 3, 4)', '(reference 2)'."""
    found: list[Marker] = []
    for m in _REF_PAREN.finditer(text, start, end):
        nums, bad = expand_numbers(m.group("n"))
        if nums and min(nums) >= 1 and max(nums) <= MAX_NUMBER:
            found.append(Marker(m.start(), m.end(), nums, too_wide=bad))
    return found


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


def unclosed_brackets(text: str, start: int, end: int) -> list[int]:
    """Offsets of citation-like brackets that are opened but never closed ('[1, 2' then text)."""
    return [m.start() for m in _UNCLOSED.finditer(text, start, end)]
