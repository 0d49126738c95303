"""Citation markers that name authors, and notes: author-year ``(Smith et al., 2019; Lee 2020)`` and
``Smith et al. (2019)``, studies named by their authors without a year ('Smith et al. found'), and
explanatory notes as encyclopedias mark them ('name[a]', 'text.[note 2]').

The word list here is a convention of written English (month names and words that stand before a
year), not domain data.
"""

from __future__ import annotations

import re
from collections import Counter

from kg.read.markers import Marker, word_set

__all__ = [
    "MAX_NOTE_USES",
    "NOT_SURNAMES",
    "author_mention_markers",
    "author_year_citation_like",
    "author_year_markers",
    "note_markers",
]

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
# explanatory notes as encyclopedias mark them, glued to a word or punctuation and ending a word:
# 'name[a]', 'text.[note 2]', '[nb 1]'; never 'benzo[a]pyrene' (a word goes on) or '- [x] done'
_NOTE = re.compile(
    r"\[(?:(?<=[A-Za-z]{3}\[)|(?<=[0-9.,;:)\]”’\"]\[))(?P<k>[a-z]|(?:[Nn]ote|nb|NB|[Nn]) ?\d{1,2})\](?![\w(\[-])"
)

#: A note label used more often than this in one text is an index or a name part, not a note.
MAX_NOTE_USES = 2


#: Capitalised words that stand before a year without being an author: '(March 2019)', '(Updated 2020)'.
NOT_SURNAMES = word_set(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec spring summer autumn fall winter "
    "updated published accessed retrieved revised posted copyright since until from in on at by for of "
    "the and or see before after circa about figure fig table version phase issue volume vol edition"
)


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
