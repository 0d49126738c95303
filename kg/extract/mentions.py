"""Entity mentions refined: abbreviations, ratios, peptides, residues, content words, compound aliases."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import replace

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.rules import SUBSTANCES
from kg.grounding.normalize import key_of
from kg.model import EntityType
from kg.read.textrules import TITLE_STOPWORDS

__all__ = [
    "apply_abbreviations",
    "compound_aliases",
    "content_mentions",
    "elided_names",
    "in_place_of",
    "label_of",
    "name_mentions",
    "opposite_mentions",
    "residue_mentions",
    "without_acronym_peptides",
    "without_foreign_short_forms",
    "without_ratios",
]


_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_AFFIX_BEFORE = re.compile(r"(?<![\w-])(?:anti|pro|non)-?$", re.IGNORECASE)
_ALSO = re.compile(
    r"\s{0,2}\((?:or|aka|a\.k\.a\.|also known as|also called|formerly|i\.e\.)\s+([^()]{1,80})\)", re.IGNORECASE
)
_ABBREVIATION = re.compile(r"\s{0,2}\(\s{0,2}([^\W_][^()\s;,]{0,14})\s{0,2}\)")


def apply_abbreviations(
    texts: Sequence[str], found: Sequence[list[Mention]], labels: Mapping[str, str] | None = None
) -> list[list[Mention]]:
    """A short form defined in the document ("nicotinamide mononucleotide (NMN)") names what its long
    form names, everywhere in the document: mentions of it are regrounded, and written-out
    occurrences the vocabularies missed become mentions. A name followed by its other names in
    parentheses ("MT1 (or MTNR1A)") takes the id of the one written as an official symbol
    (``labels``: id -> label)."""
    labels = labels or {}
    defined: dict[str, Mention] = {}
    for text, mentions in zip(texts, found, strict=True):
        for m in mentions:
            hit = _ABBREVIATION.match(text, m.end)
            if hit is None or not any(c.isalpha() for c in hit.group(1)):
                continue
            short = hit.group(1)
            if key_of(short) != key_of(m.surface) and len(short) < len(m.surface):
                defined.setdefault(short, m)
        for m in mentions:  # "MT1 (or Mel1A or MTNR1A)": other names of one thing, one an official symbol
            group = _ALSO.match(text, m.end)
            if group is None:
                continue
            inner = [x for x in mentions if group.start(1) <= x.start and x.end <= group.end(1)]
            official = next((x for x in inner if x.surface == labels.get(x.entity)), None)
            if official is not None and official.entity != m.entity:
                defined.setdefault(m.surface, official)
    if not defined:
        return [list(ms) for ms in found]
    by_key = {key_of(short): m for short, m in defined.items()}
    pattern = _word_alternation(sorted(defined, key=len, reverse=True))
    longs: dict[str, Mention | None] = {}  # surface -> the long form its key is defined by
    out = []
    for text, mentions in zip(texts, found, strict=True):
        kept = []
        for m in mentions:
            long = (
                longs[m.surface] if m.surface in longs else longs.setdefault(m.surface, by_key.get(key_of(m.surface)))
            )
            kept.append(replace(m, entity=long.entity, type=long.type) if long is not None else m)
        for hit in pattern.finditer(text):
            if not any(m.start < hit.end() and hit.start() < m.end for m in kept):
                long = defined[hit.group(0)]
                kept.append(Mention(hit.start(), hit.end(), long.entity, long.type, hit.group(0), False))
        out.append(sorted(kept, key=lambda m: m.start))
    return out


_MOLECULAR = (EntityType.PROTEIN, EntityType.PROTEIN_FAMILY, EntityType.CHEMICAL)


def without_foreign_short_forms(
    texts: Sequence[str], found: Sequence[list[Mention]], heads: re.Pattern[str]
) -> list[list[Mention]]:
    """A short form the document defines as a place, a condition or a method ("the suprachiasmatic
    nucleus (SCN)", "the blood-brain barrier (BBB)") names no molecule there, whatever symbol it
    spells: its molecular mentions are dropped everywhere in the document. ``heads`` matches the
    head noun of such a long form (data: ``short_form_heads`` in triggers.yaml)."""
    foreign: set[str] = set()
    for text in texts:
        for hit in _ABBREVIATION.finditer(text):
            short = hit.group(1)
            if sum(c.isupper() for c in short) < 2:
                continue
            long = _long_form(text[max(0, hit.start() - 120) : hit.start()].rstrip(), short)
            if long and heads.search(long):
                foreign.add(key_of(short))
    if not foreign:
        return [list(ms) for ms in found]
    return [[m for m in ms if not (m.type in _MOLECULAR and key_of(m.surface) in foreign)] for ms in found]


def _long_form(before: str, short: str) -> str:
    """The words before a parenthesis that a short form abbreviates, found the way Schwartz and
    Hearst (2003) do: the short form's letters and digits, read backwards, each found in turn in the
    words, the first at the start of a word. Empty when they are not all found."""
    letters = [c.lower() for c in short if c.isalnum()]
    words = before.split()[-(min(len(letters) + 5, 2 * len(letters))) :]
    long = " ".join(words).lower()
    i = len(long) - 1
    for k in range(len(letters) - 1, -1, -1):
        c = letters[k]
        while i >= 0 and (long[i] != c or (k == 0 and i > 0 and long[i - 1].isalnum())):
            i -= 1
        if i < 0:
            return ""
        i -= 1
    return long[i + 1 :]


def _word_alternation(words: Sequence[str]) -> re.Pattern[str]:
    r"""``(?<![\w-])(?:w1|w2|…)(?![\w-])``, written so the engine skips the places no word starts at.

    The words are grouped by their first character (their order kept within a group) and each group
    opens with that character, the word-start check made just after it: the same matches, but the
    compiled pattern begins with a set of characters the engine looks for before trying anything."""
    groups: dict[str, list[str]] = {}
    for w in words:
        groups.setdefault(w[0], []).append(w[1:])
    body = "|".join(
        rf"{re.escape(c)}(?<![\w-].)(?:{'|'.join(re.escape(r) for r in rests)})" for c, rests in groups.items()
    )
    return re.compile(f"(?:{body})(?![\\w-])")


#: "the Bcl-2/Bax ratio", "NAD+/NADH ratio": a ratio of two names is neither of them.
_RATIO = re.compile(
    r"[^\s/]{1,40}/[^\s/]{1,40}\s{1,3}ratios?\b|\bratios? of [^\s,;]{1,40} (?:to|and) [^\s,;.]{1,40}", re.I
)


def without_ratios(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names inside a ratio ("raised the Bcl-2/Bax ratio") are no objects: a ratio rising says
    nothing of either name on its own."""
    if "ratio" not in text.lower():
        return mentions
    spans = [(m.start(), m.end()) for m in _RATIO.finditer(text)]
    return [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in spans)]


def without_acronym_peptides(ex: Extractor, text: str, found: list[list[Mention]]) -> list[list[Mention]]:
    """A page that never speaks of peptides writes acronyms, not peptides in one-letter codes: its
    two- and three-letter capitals ("LDL", "CNS") grounded as peptides are dropped."""
    index = ex.matcher.index
    cues = getattr(index, "peptide_cues", None)
    if index is None or cues is None or cues.search(text):
        return found
    return [[m for m in ms if not index.short_peptide(m.surface, label_of(ex, m.entity))] for ms in found]


#: "MMP-2 and -9", "IL-1β, -6 and -8": numbers after a dash that take the name before them.
_ELIDED_ITEM = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)-\s?(\d{1,3}[a-zα-ω]?)(?![\w-])")
#: "ERK1/2", "CDK4/6": a number after a slash takes the letters of the name before it.
_SLASH_ITEM = re.compile(r"/(\d{1,2})(?![\w/-])")
#: "interleukin (IL) -1, -2": a family written out, its short form, then its numbers.
_STEM_FIRST = re.compile(r"\s*\((?P<stem>[A-Za-z]{1,8})\)\s*-\s?(?P<n>\d{1,3}[a-zα-ω]?)(?![\w-])")


def in_place_of(mentions: list[Mention], added: list[Mention]) -> list[Mention]:
    """``mentions`` with ``added`` in place of the names they overlap, in text order."""
    if not added:
        return mentions
    kept = [m for m in mentions if not any(a.start < m.end and m.start < a.end for a in added)]
    return sorted([*kept, *added], key=lambda m: m.start)


def opposite_mentions(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """Names written as the opposite of a vocabulary concept ("insulin sensitivity") become mentions
    of the concept (insulin resistance), in place of the names inside them; a verb on them is read
    with its sign turned (:func:`kg.extract.relations.opposite`)."""
    added: list[Mention] = []
    for eid, pattern in ex.rules.opposites:
        entity = ex.matcher.entity(eid)
        if entity is None:
            continue
        added.extend(Mention(m.start(), m.end(), eid, entity.type, m.group(0), True) for m in pattern.finditer(text))
    return in_place_of(mentions, added)


def elided_names(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """Names whose stem is left out after the first of a list ("MMP-2 and -9" names MMP-9;
    "interleukin (IL) -1, -6" names IL-1 and IL-6, not interleukins in general)."""
    if " -" not in text and ",-" not in text and "/" not in text:
        return mentions
    added: list[Mention] = []
    dropped: set[int] = set()
    for m in mentions:
        first = _STEM_FIRST.match(text, m.end)
        if first is not None:
            stem, end = first.group("stem"), first.end()
            item = _stem_mention(ex, stem, first.group("n"), first.start("n") - 1, end)
            if item is None:
                continue
            added.append(item)
            dropped.update(x.start for x in mentions if m.start <= x.start < item.start)  # family and short form
        elif "-" in m.surface and m.surface.rsplit("-", 1)[1][:1].isdigit():
            stem, end = m.surface.rsplit("-", 1)[0], m.end
        elif (slash := _SLASH_ITEM.match(text, m.end)) is not None and m.surface[-1:].isdigit():
            letters = m.surface.rstrip("0123456789")
            item = _stem_mention(ex, letters, slash.group(1), slash.start(1), slash.end()) if letters else None
            if item is not None and item.entity != m.entity:
                added.append(item)
            continue
        else:
            continue
        while (item_match := _ELIDED_ITEM.match(text, end)) is not None:
            item = _stem_mention(ex, stem, item_match.group(1), item_match.start(1) - 1, item_match.end())
            if item is None:
                break
            added.append(item)
            end = item_match.end()
    if not added:
        return mentions
    kept = [
        m for m in mentions if m.start not in dropped and not any(a.start < m.end and m.start < a.end for a in added)
    ]
    return sorted([*kept, *added], key=lambda m: (m.start, m.end))


def _stem_mention(ex: Extractor, stem: str, number: str, start: int, end: int) -> Mention | None:
    """The mention of ``stem-number`` at [start, end) when a vocabulary names it."""
    ident = ex.matcher.resolve(f"{stem}-{number}")
    entity = ex.matcher.entity(ident) if ident else None
    return Mention(start, end, entity.id, entity.type, f"{stem}-{number}", False) if entity is not None else None


def residue_mentions(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """A peptide written as its residues after a "contain" trigger ("composed of Ala-Glu-Asp-Gly"):
    one mention per residue (its amino acid) in place of whatever named the whole sequence."""
    codes = ex.rules.residues
    if not codes or "-" not in text:
        return mentions
    contain = next((k for k in ex.rules.kinds if k.name == "contain"), None)
    out = mentions
    for seq in ex.rules.residue_sequence.finditer(text):
        if contain is None or not contain.pattern.search(text, max(0, seq.start() - 60), seq.start()):
            continue
        residues = []
        at = seq.start()
        for code in seq.group().split("-"):
            ident = ex.matcher.resolve(codes[code])
            entity = ex.matcher.entity(ident) if ident else None
            if entity is not None:
                residues.append(Mention(at, at + len(code), entity.id, entity.type, code, True))
            at += len(code) + 1
        if residues:
            kept = [m for m in out if m.end <= seq.start() or m.start >= seq.end()]
            out = sorted([*kept, *residues], key=lambda m: (m.start, m.end))
    return out


def label_of(ex: Extractor, ident: str) -> str:
    """The label of an entity id, or "" when the matcher does not know it."""
    ent = ex.matcher.entities.get(ident)
    return ent.label if ent is not None else ""


def name_mentions(texts: Sequence[str], found: Sequence[list[Mention]], name: str, ident: str) -> list[list[Mention]]:
    """Mentions of the compound of interest wherever the text writes the name it was found by (a name
    the vocabularies do not know, or know by another name); the longer name wins over names inside it
    ("GPC" of "alpha-GPC"), a name that only overlaps it is kept."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.IGNORECASE)
    out = []
    for text, mentions in zip(texts, found, strict=True):
        kept = list(mentions)
        extra = []
        for m in pattern.finditer(text):
            s, e = m.start(), m.end()
            if any(x.start < e and s < x.end and not (s <= x.start and x.end <= e) for x in kept):
                continue
            if any(x.start == s and x.end == e and x.entity == ident for x in kept):
                continue
            kept = [x for x in kept if not (s <= x.start and x.end <= e)]
            extra.append(Mention(s, e, ident, EntityType.COMPOUND, m.group(0), m.group(0) == name))
        out.append(sorted([*kept, *extra], key=lambda m: m.start) if extra else list(mentions))
    return out


#: "Moravil (ML-204)", "ML-204 (Moravil)": a name and another name of the same thing in brackets.
_ALIAS = re.compile(r"(?P<a>[A-Za-z][\w-]{2,40})\s{0,2}\((?P<b>[A-Za-z][\w-]{2,40})\)")


def compound_aliases(ex: Extractor, texts: Sequence[str], found: Sequence[list[Mention]], compound: str) -> list[str]:
    """Other names the text gives the compound of interest in brackets beside one of its mentions
    ("Moravil (ML-204)"): a name no vocabulary knows as something else, read as the compound."""
    aliases: dict[str, None] = {}
    for text, mentions in zip(texts, found, strict=True):
        ours = [(m.start, m.end) for m in mentions if m.entity == compound]
        if not ours:
            continue
        for m in _ALIAS.finditer(text):
            for mine, other in (("a", "b"), ("b", "a")):
                if (m.start(mine), m.end(mine)) not in ours:
                    continue
                name = m.group(other)
                if any(x.start < m.end(other) and m.start(other) < x.end for x in mentions):
                    continue  # grounded as something (or the same thing) already
                if name.lower() in TITLE_STOPWORDS or not (name[0].isupper() or any(c.isdigit() for c in name)):
                    continue
                aliases.setdefault(name)
    return list(aliases)


_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s{1,2}$", re.IGNORECASE)


_LIST_JOIN = re.compile(r"(?:\s{0,3},\s{0,3}[a-z-]+){0,3}\s{0,3},?\s{0,3}(?:(?:and|or)\s{1,3})?")  # ", proteins, and "


def content_mentions(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions that name things: a vocabulary name that the rules read as grammar ("the peptide",
    "phosphorylation", "signalling") is dropped, and so is a disease or phenotype named as the
    setting of a statement ("in stroke", "patients with diabetes"). Curated names always stay."""
    curated = ex.matcher.curated
    out = []
    harmed_end = -1  # where the last name harmed ("damage to DNA, proteins") ended
    for k, m in enumerate(mentions):
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if ex.rules.harmed_before.search(text, max(0, m.start - 40), m.start) or (
            harmed_end >= 0 and _LIST_JOIN.fullmatch(text, harmed_end, m.start)
        ):
            harmed_end = m.end
            continue  # "oxidative damage to DNA": what is harmed is no object of the verb before
        harmed_end = -1
        if (
            nxt is not None
            and m.surface.replace(" ", "").replace("-", "").isalpha()
            and m.surface.islower()
            and nxt.entity != m.entity
            and re.fullmatch(r"[ \t]{1,2}", text[m.end : nxt.start])
            and _DETERMINER_BEFORE.search(text, max(0, m.start - 6), m.start)
        ):
            continue  # "the neuropeptide orexin", "the enzyme NAMPT": a class word naming what the next name is
        if _AFFIX_BEFORE.search(text, max(0, m.start - 6), m.start):
            continue  # "anti-aging", "pro-inflammatory": the name is part of an adjective
        if m.type in SUBSTANCES and ex.rules.other_substance.match(text, m.end):
            continue  # "curcumin analogs": another substance, named after this one
        if ex.rules.property_heads.match(text, m.end):
            continue  # "insulin sensitivity": a property of a tissue or a person, not the name's thing
        if m.type in (EntityType.PROCESS, EntityType.PHENOTYPE) and ex.rules.setting_heads.match(text, m.end):
            continue  # "in the aging brain": the name says which brain, it is not acted on
        if m.entity not in curated:
            before = _WORD_BEFORE.search(text, max(0, m.start - 16), m.start)
            if ex.rules.grammar.fullmatch(m.surface) or (
                before and ex.rules.grammar.fullmatch(f"{before.group(1)} {m.surface}")
            ):
                continue
            if m.type is EntityType.PHENOTYPE and ex.rules.context_before.search(text, max(0, m.start - 40), m.start):
                continue
        out.append(m)
    return out
