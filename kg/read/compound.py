"""The compound of interest: what a page is about, from its title and the compounds its text names.

Candidates are the grounded compound and chemical mentions of the document's content (never of
navigation, cart, infobox or reference-list lines, which the reader and the boilerplate filter
leave out), and the name the reader took from the title. A candidate scores by how often the text
names it, with a bonus when the title or the opening names it. A title name found in no
vocabulary becomes a project id (``mechkg:`` + slug), flagged as ungrounded.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from kg.grounding.normalize import key_of
from kg.read.textrules import TITLE_STOPWORDS

__all__ = [
    "CompoundChoice",
    "choose_compound",
    "defined_names",
    "mint_id",
    "proper_names",
    "slug",
    "title_head",
    "title_names",
]

#: Extra weight of a candidate named in the title, and in the opening of the text.
TITLE_BONUS = 5
OPENING_BONUS = 1
#: Extra weight per heading (at most three) that names a candidate.
HEADING_BONUS = 2
#: Extra weight of the compound the first content sentence names first (its usual subject).
FIRST_BONUS = 1
#: A word of a title that looks like a product or compound name: a capital, digit or hyphen after
#: its first letter ("GHK-Cu", "NAD+", "SkQ1", "BPC-157").
_NAME_LIKE = re.compile(r"[A-Za-z0-9][A-Za-z0-9+]*(?:-[A-Za-z0-9+]+)*")
#: Characters counted as the opening of a document.
OPENING = 400
#: A word of a title that is an amount or a pack size, not a name ("10mg", "5 ml", "60ct", "2x").
_QUANTITY = re.compile(r"\d+(?:[.,]\d+)?(?:mg|mcg|µg|ug|g|kg|ml|l|iu|ct|caps|pcs|pack|x|%)?", re.IGNORECASE)


@dataclass(frozen=True)
class CompoundChoice:
    """The compound of interest: its id, its name as written, and whether a vocabulary knows it."""

    id: str
    written: str
    grounded: bool
    score: float
    rationale: str


def slug(name: str) -> str:
    """A name as an id part: ASCII letters and digits, other runs as one hyphen ("GHK-Cu" → "ghk-cu")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def mint_id(name: str) -> str:
    """The project id of a compound found in no vocabulary (``mechkg:`` + slug)."""
    return "mechkg:" + (slug(name) or "unnamed-compound")


@dataclass(frozen=True)
class Candidate:
    """One grounded compound mention: id, where it stands, how it is written."""

    id: str
    start: int
    written: str
    weight: float = 1.0


def choose_compound(
    title: str,
    title_name: str,
    mentions: Sequence[Candidate],
    title_ids: Iterable[str],
    body_text: str,
    heading_ids: Iterable[str] = (),
    known: Callable[[str], bool] | None = None,
    heading_texts: Sequence[str] = (),
    title_head_ids: Iterable[str] | None = None,
    classes: re.Pattern[str] | None = None,
) -> CompoundChoice | None:
    """Pick the compound of interest; None when neither the text nor the title names one.

    ``mentions`` are the grounded compound/chemical mentions of the content (offsets into the
    document; a mention that opens its statement weighs more), ``title_ids`` the ids grounded in
    the title, ``heading_ids`` those named in headings (once per heading), ``known`` tells whether a
    vocabulary names a word of the title as something else (a gene: not a compound candidate),
    ``heading_texts`` are the headings an ungrounded title name is looked for in,
    ``title_head_ids`` the ids named before the title's first colon or dash (its head; all of
    ``title_ids`` when None), ``title_name`` the reader's guess of the
    compound's name from the title (may be empty), ``body_text`` the content the name is counted in,
    ``classes`` a pattern of class nouns ("peptide", "flavonoid"): a plain title word the text
    defines as one ("Noventide is a synthetic pentapeptide") is a name however the text cases it.
    """
    in_title = set(title_ids)
    in_head = set(title_head_ids) if title_head_ids is not None else in_title
    counts: Counter[str] = Counter(m.id for m in mentions)
    scores, first, written = _grounded_scores(mentions, counts, Counter(heading_ids), in_title, in_head)
    best = sorted(scores.items(), key=lambda kv: (-kv[1], first.get(kv[0], 1 << 60), kv[0]))
    grounded_keys = {key_of(m.written) for m in mentions}  # each written form once
    title_name = title_name if title_name and not _grounded_name(title_name, grounded_keys) else ""
    ungrounded, title_name = _best_ungrounded(
        title, title_name, grounded_keys, body_text, known, heading_texts, classes
    )
    if best and best[0][1] >= ungrounded:
        ident, score = best[0]
        name = written[ident].most_common(1)[0][0] if written[ident] else title_name or ident
        why = f"named {counts.get(ident, 0)} times" + (", in the title" if ident in in_title else "")
        return CompoundChoice(ident, name, True, score, why)
    if ungrounded > 0:
        return CompoundChoice(
            mint_id(title_name), title_name, False, ungrounded, "named in the title, in no vocabulary"
        )
    return None


def _grounded_scores(
    mentions: Sequence[Candidate],
    counts: Counter[str],
    in_headings: Counter[str],
    in_title: set[str],
    in_head: set[str],
) -> tuple[dict[str, float], dict[str, int], dict[str, Counter[str]]]:
    """Each grounded candidate's score, its first offset, and how it is written (ids named only in
    the title score the title bonus, with no writing)."""
    weighted: Counter[str] = Counter()
    for m in mentions:
        weighted[m.id] += m.weight
    written: dict[str, Counter[str]] = {}
    for m in mentions:
        written.setdefault(m.id, Counter())[m.written] += 1
    first: dict[str, int] = {}
    for m in sorted(mentions, key=lambda m: m.start):
        first.setdefault(m.id, m.start)
    start = min(first.values(), default=0)
    scores: dict[str, float] = {}
    for ident in counts:
        score = weighted[ident] + HEADING_BONUS * min(in_headings[ident], 3)
        if ident in in_head:
            score += TITLE_BONUS
        elif ident in in_title:
            score += TITLE_BONUS / 2  # named only after the title's colon: a subtopic
        if first[ident] - start < OPENING:
            score += OPENING_BONUS
        if first[ident] == start:
            score += FIRST_BONUS
        scores[ident] = score
    for ident in in_title - set(scores):
        scores[ident] = float(TITLE_BONUS)
        written.setdefault(ident, Counter())
    return scores, first, written


def _best_ungrounded(
    title: str,
    title_name: str,
    grounded_keys: set[str],
    body_text: str,
    known: Callable[[str], bool] | None,
    heading_texts: Sequence[str],
    classes: re.Pattern[str] | None,
) -> tuple[float, str]:
    """The best-scoring name that no vocabulary grounds (from the title's shape, its proper names, or
    a definition in the text) and its score; (0.0, ``title_name``) when none scores."""
    ungrounded = 0.0
    shaped = [title_name, *title_names(title)]
    defined = defined_names(body_text, classes) if classes is not None else []
    for name in [*shaped, *proper_names(title), *defined]:
        if classes is not None and classes.fullmatch(name.lower()):
            continue  # "Blend" of "Calm Blend": a class noun names what kind of thing, never which
        if name and not _grounded_name(name, grounded_keys) and not (known is not None and known(name)):
            if name in shaped:
                score = _title_name_score(name, body_text)
            elif name in defined and name not in title:
                score = _defined_name_score(name, body_text)
            else:
                score = _proper_name_score(name, body_text, classes)
            if score:
                score += HEADING_BONUS * min(sum(_names(name, h) for h in heading_texts), 3)
            if score > ungrounded:
                ungrounded, title_name = score, name
    return ungrounded, title_name


def title_head(title: str) -> str:
    """The part of a title before its first colon, bar or spaced dash ("X: a review" → "X")."""
    return re.split(r"\s*[:|]\s+|\s+[-–—]\s+", title, maxsplit=1)[0]


def title_names(title: str) -> list[str]:
    """Words of a title shaped like a product or compound name (capitals, digits or hyphens inside)."""
    out = []
    for m in _NAME_LIKE.finditer(title):
        word = m.group(0)
        inner = word[1:]
        if _QUANTITY.fullmatch(word):
            continue  # "Noventide 10mg": the pack size is no name
        if any(c.isalpha() for c in word) and (inner != inner.lower() or "-" in word or any(c.isdigit() for c in word)):
            out.append(word)
    return out


def proper_names(title: str) -> list[str]:
    """Capitalised words of a title (four letters or more): a product name may be a plain word. A
    word before a possessive ("Lion's Mane") is only the first part of a name, never one."""
    return [w for w in re.findall(r"\b[A-Z][a-z]{3,}\b(?!['’]s\b)", title) if w.lower() not in TITLE_STOPWORDS]


def _proper_name_score(name: str, body: str, classes: re.Pattern[str] | None = None) -> float:
    """A plain title word counts as a name when the text writes it at least twice, and either always
    capitalised (a product name; "Effects" of a title is "effects" in the text) or defined as a
    member of a class of compounds ("Noventide is a synthetic pentapeptide")."""
    word = r"(?<![\w-])" + re.escape(name) + r"(?![\w-])"
    n = len(re.findall(word, body))
    lower = re.search(r"(?<![\w-])" + re.escape(name.lower()) + r"(?![\w-])", body)
    if lower is not None and classes is not None and _defined(name, body, classes):
        n = len(re.findall(word, body, re.IGNORECASE))
        lower = None
    return float(n + TITLE_BONUS) if n >= 2 and lower is None else 0.0


def defined_names(body: str, classes: re.Pattern[str]) -> list[str]:
    """Capitalised words the text defines as a member of a class of compounds, by a copula or an
    apposition ("Trelomycin, a macrolide,", "Velnorin is a synthetic peptide"), in order of first use."""
    pattern = re.compile(
        r"(?<![\w-])(?P<name>[A-Z][A-Za-z0-9]{3,}(?:-[A-Za-z0-9]+)*)(?:\s*\([^()\n]{1,60}\))?"
        r"(?:\s*,\s*|\s+(?:is|was)\s+)(?:a|an)\s+(?:[\w-]+\s+){0,4}?(?:" + classes.pattern + r")(?![\w-])"
    )
    out: dict[str, None] = {}
    for m in pattern.finditer(body):
        name = m.group("name")
        if name.lower() not in TITLE_STOPWORDS:
            out.setdefault(name)
    return list(out)


def _defined_name_score(name: str, body: str) -> float:
    """A name the text defines as a compound counts when the text uses it three times or more (in
    any case): the subject the text keeps coming back to, without the title's bonus."""
    n = len(re.findall(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", body, re.IGNORECASE))
    return float(n + OPENING_BONUS) if n >= 3 else 0.0


def _defined(name: str, body: str, classes: re.Pattern[str]) -> bool:
    """Does the text define ``name`` as a member of a class of compounds ("X is a synthetic peptide")?"""
    pattern = re.compile(
        r"(?<![\w-])" + re.escape(name) + r"(?:\s*\([^()\n]{1,60}\))?\s+(?:is|was)\s+(?:a|an|the)\s+"
        r"(?:[\w-]+\s+){0,4}?(?:" + classes.pattern + r")(?![\w-])",
        re.IGNORECASE,
    )
    return pattern.search(body) is not None


def _grounded_name(name: str, grounded_keys: Iterable[str]) -> bool:
    """The title name is (part of) a name the vocabularies grounded ("erinaceus" of "H. erinaceus");
    ``grounded_keys`` are the keys of the grounded mentions as written."""
    key = key_of(name)
    return bool(key) and any(key in written for written in grounded_keys)


def _names(name: str, text: str) -> bool:
    return re.search(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", text, re.IGNORECASE) is not None


def _title_name_score(name: str, body: str) -> float:
    """How strongly the text backs a title name: its occurrences plus the title bonus."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.IGNORECASE)
    n = sum(1 for _ in pattern.finditer(body))
    return float(n + TITLE_BONUS) if n else 0.0
