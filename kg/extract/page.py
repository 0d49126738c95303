"""What the page is: furniture dropped, its kind, its own reference and its compound of interest."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.grounding.normalize import key_of
from kg.model import EntityType, EvidenceLevel, LevelBasis, SourceType
from kg.read.boilerplate import boilerplate_lines, only_boilerplate
from kg.read.compound import Candidate, CompoundChoice, choose_compound, title_head
from kg.read.kind import KindVerdict, classify_kind

__all__ = [
    "SUBJECT_LEAD",
    "UNKNOWN_COMPOUND",
    "compound_of_interest",
    "document_kind",
    "self_reference",
    "without_furniture",
]

if TYPE_CHECKING:
    from kg.read.parsed import ParsedDocument


def without_furniture(parsed: ParsedDocument, ex: Extractor, warnings: list[str]) -> ParsedDocument:
    """The document without segments on page-furniture lines (navigation, cart, cookie, footer,
    infobox labels); a title read from such a line is dropped too. Says when nothing is left."""
    if ex.furniture is None or not parsed.text:
        return parsed
    spans = boilerplate_lines(parsed.text, ex.furniture, ex.rules.trigger_starts)
    if not spans:
        return parsed
    if only_boilerplate(parsed.text, ex.furniture, spans):
        warnings.append(f"{parsed.path}: the page holds only navigation and other page furniture; nothing to read")
    starts = [s for s, _, _ in spans]

    def furniture(start: int, end: int) -> bool:
        k = bisect.bisect_right(starts, start) - 1
        return k >= 0 and spans[k][0] <= start and end <= spans[k][1]

    segments = tuple(seg for seg in parsed.segments if not furniture(seg.start, seg.end))
    title, compound = parsed.title, parsed.compound
    if title:
        at = parsed.text.find(title)
        if at >= 0 and furniture(at, at + len(title)):
            title, compound = "", ""  # "Skip to content" is not the page's title
    dropped = len(parsed.segments) - len(segments)
    if dropped:
        return replace(parsed, segments=segments, title=title, compound=compound)
    return replace(parsed, title=title, compound=compound)


def document_kind(
    parsed: ParsedDocument, ex: Extractor, url: str | None = None, names: Sequence[str] = (), declared: str = ""
) -> KindVerdict | None:
    """The kind of page: as the user declared it, else read from its text and URL."""
    if declared:
        return KindVerdict(declared, basis="declared")
    if ex.kinds is None or not parsed.text:
        return None
    return classify_kind(parsed.text, None, ex.kinds, url=url, names=names)


def self_reference(
    parsed: ParsedDocument, kind: KindVerdict, references: list[dict[str, Any]], host: str = ""
) -> dict[str, Any]:
    """The page itself as a reference: a vendor page vouches for what it states without a source."""
    n = max((r["n"] for r in references), default=0) + 1
    return {
        "n": n,
        "title": "",
        "host": host,
        "source_type": SourceType.VENDOR_SITE.value,
        "level": EvidenceLevel.VENDOR_ASSERTION.value,
        "basis": LevelBasis.HOST.value,
        "note": (
            f"the document itself, read as a vendor page ({kind.rationale}); its uncited claims are its own assertions"
        ),
    }


#: The compound a draft names when its document names none (a project id, flagged in the draft).
UNKNOWN_COMPOUND = "mechkg:unknown-compound"
_COMPOUND_CANDIDATES = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND, EntityType.CHEMICAL}


def compound_of_interest(
    ex: Extractor, parsed: ParsedDocument, texts: Sequence[str], found: Sequence[Sequence[Mention]]
) -> CompoundChoice | None:
    """The compound the document is about: a curated name the reader took from a labelled field or
    the title wins; otherwise :func:`kg.read.compound.choose_compound` over grounded mentions."""
    if parsed.compound:
        curated = ex.matcher.resolve(parsed.compound)
        if curated is not None and curated in ex.matcher.curated:
            return CompoundChoice(curated, parsed.compound, True, 0.0, "curated name in the title or a field")
    # one id per concept: ids whose labels spell the same name are counted together
    canonical: dict[str, str] = {}
    by_label: dict[str, str] = {}
    for ms in found:
        for m in ms:
            if m.type in _COMPOUND_CANDIDATES and m.entity not in canonical:
                ent = ex.matcher.entities.get(m.entity)
                label = key_of(ent.label) if ent is not None else m.entity
                canonical[m.entity] = by_label.setdefault(label, m.entity)
    candidates = []
    headings: list[str] = []
    for seg, text, ms in zip(parsed.segments, texts, found, strict=True):
        named = [m for m in ms if _candidate(ex, m, text)]
        first = _noun_phrase_head(seg.text, named)
        for k, m in enumerate(named):
            lead = k == first and named[0].start < SUBJECT_LEAD  # the head of the statement's subject
            candidates.append(Candidate(canonical[m.entity], seg.start + m.start, m.surface, 1.5 if lead else 1.0))
        if seg.kind == "heading":
            headings.extend(canonical[m.entity] for m in named)
    title = parsed.title or _first_line(parsed)
    title_ids = [canonical.get(m.entity, m.entity) for m in ex.matcher.find(title) if _candidate(ex, m, title)]
    heading_texts = [seg.text for seg in parsed.segments if seg.kind == "heading"]

    def known(name: str) -> bool:
        return any(m.end - m.start >= len(name.strip()) for m in ex.matcher.find(name))

    head = title_head(title)
    in_head = [m for m in ex.matcher.find(head) if _candidate(ex, m, head)]
    modifiers = in_head[: _noun_phrase_head(head, in_head)]  # "Copper peptide GHK-Cu": copper modifies
    head_ids = [canonical.get(m.entity, m.entity) for m in in_head if m not in modifiers]
    choice = choose_compound(
        title,
        parsed.compound,
        candidates,
        title_ids,
        "\n".join(texts),
        headings,
        known,
        heading_texts,
        head_ids,
        ex.rules.compound_classes,
    )
    return _named_in_parentheses(ex, choice, "\n".join(texts)) if choice is not None else None


def _candidate(ex: Extractor, m: Mention, text: str) -> bool:
    """Whether a mention in ``text`` may be the compound of interest: a compound or chemical not
    written as a class noun ("Lion's Mane Mushroom": "mushroom" names what kind of thing the compound
    is) and not a piece of a hyphenated chain ("Met-Glu-His" of a heptapeptide's sequence)."""
    classes = ex.rules.compound_classes
    if m.type not in _COMPOUND_CANDIDATES or (classes is not None and classes.fullmatch(m.surface.lower())):
        return False
    start, end = m.start, m.end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "-"):
        start -= 1
    while end < len(text) and (text[end].isalnum() or text[end] == "-"):
        end += 1
    return (start, end) == (m.start, m.end) or text[start:end].strip("-").count("-") < _CHAIN_HYPHENS


#: Hyphens in a word that make it a chain of parts (a peptide's residues), whose pieces name no compound.
_CHAIN_HYPHENS = 3


def _named_in_parentheses(ex: Extractor, choice: CompoundChoice, body: str) -> CompoundChoice:
    """An ungrounded compound the text names again in parentheses by a name a vocabulary knows
    ("Lion's mane (Hericium erinaceus)", "Ashwagandha (Withania somnifera)") is that name's entity."""
    if choice.grounded:
        return choice
    for hit in re.finditer(rf"(?<![\w-]){re.escape(choice.written)}\s{{0,2}}\(([^()\n]{{3,160}})\)", body, re.I):
        inner = re.split(r"[,;]", hit.group(1))[0].strip()  # "X (Y, also sold as Z)": Y
        if len(inner) < 3:
            continue
        found = [m for m in ex.matcher.find(inner) if m.type in _COMPOUND_CANDIDATES]
        if found and found[0].start == 0 and found[0].end >= len(inner.split()[0]):
            why = f"{choice.rationale}; named in parentheses as {found[0].surface!r}"
            return CompoundChoice(found[0].entity, choice.written, True, choice.score, why)
    return choice


#: Between two names of one noun phrase: lowercase class words only ("copper peptide GHK-Cu").
_NOUN_WORDS = re.compile(
    r"\s+(?:(?!(?:and|or|of|with|in|by|to|from|on|at|for|the|a|an|is|are|was|were)\b)[a-z]+\s+){0,2}"
)


def _noun_phrase_head(text: str, named: Sequence[Mention]) -> int:
    """Which of the names opening ``text`` heads its noun phrase: the last of those joined by class
    words only ("Copper peptide GHK-Cu is …": GHK-Cu; copper names what kind of peptide)."""
    k = 0
    while k + 1 < len(named) and _NOUN_WORDS.fullmatch(text, named[k].end, named[k + 1].start):
        k += 1
    return k


#: Characters from a statement's start within which a name counts as its subject.
SUBJECT_LEAD = 40


def _first_line(parsed: ParsedDocument) -> str:
    """The first line of the content: a saved page's title when the reader found no other."""
    for seg in parsed.segments[:3]:
        line = seg.text.strip().split("\n", 1)[0]
        if line:
            return line[:200]
    return ""
