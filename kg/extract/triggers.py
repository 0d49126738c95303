"""Trigger phrases in a statement: finding them, passives with their agent, chained and arrow links."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import pairwise

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.rules import Rules, TriggerKind, noun_forms
from kg.extract.trigger_index import TriggerIndex, build_index, kind_starts
from kg.model import EntityType

__all__ = [
    "NOMINAL",
    "PARTICIPLE",
    "PASSIVE_BY",
    "Trigger",
    "against_triggers",
    "arrow_links",
    "chain_triggers",
    "find_triggers",
    "long_forms",
    "passive_agents",
]


@dataclass(frozen=True)
class Trigger:
    """One trigger phrase found in a statement: where it is, its kind and its text."""

    start: int
    end: int
    kind: TriggerKind
    text: str


_ADJECTIVE_BEFORE = re.compile(
    r"(?:^|\b(?:the|a|an|this|that|these|those|of|in|on|with|total|its|their))\W*(?:[a-z]+ly\s+)?$", re.IGNORECASE
)  # "the activated Akt", "a naturally produced polyphenol"


def _adjectival(text: str, start: int, end: int, mentions: Sequence[Mention], links: re.Pattern[str]) -> bool:
    """A participle used as an adjective ("activated Akt", "the phosphorylated form of")."""
    word = text[start:end]
    if not word.lower().endswith("ed") or " " in word:
        return False
    nxt = next((m for m in mentions if m.start >= end), None)
    if nxt is None or text[end : nxt.start].strip() != "" or not _ADJECTIVE_BEFORE.search(text[:start]):
        return False
    ends = [m.end() for m in links.finditer(text, max(0, start - 40), start)]
    if ends and not text[ends[-1] : start].strip():
        return False  # "results in reduced TNF": after a causal link the participle is the result
    # "Withaferin A inhibited NF-kB": the 'A' ends a name, the participle is the verb of that name
    return not any(m.end <= start and text[m.end : start].strip() == "" for m in mentions)


def _matches_at(pattern: re.Pattern[str], text: str, starts: Sequence[int]) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` yields, trying only at ``starts`` (where any match must begin)."""
    end = 0
    for p in starts:
        if p < end:
            continue
        m = pattern.match(text, p)
        if m is not None:
            end = max(m.end(), p + 1)
            yield m


_WORD_PIECE = re.compile(r"[^\W\d_]+", re.UNICODE)


def long_forms(text: str, mentions: Sequence[Mention]) -> list[tuple[int, int]]:
    """Spans of the words a short form in parentheses spells out: the initials of the words before
    "(AP-1)" are its letters ("activating protein-1", "inducible nitric oxide synthase (iNOS)")."""
    out: list[tuple[int, int]] = []
    for m in mentions:
        open_at = text.rfind("(", max(0, m.start - 2), m.start)
        if open_at < 0 or text[open_at + 1 : m.start].strip():
            continue
        letters = [c.lower() for c in m.surface if c.isalpha()]
        if not 2 <= len(letters) <= 8:
            continue
        pieces = list(_WORD_PIECE.finditer(text, max(0, open_at - 120), open_at))
        if len(pieces) < len(letters):
            continue
        tail = pieces[-len(letters) :]
        if [p.group(0)[0].lower() for p in tail] == letters:
            out.append((tail[0].start(), open_at))
    return out


#: The first-letter index of each Rules object's trigger kinds (built once per Rules; see trigger_index).
_INDEXES: dict[int, tuple[Rules, TriggerIndex | None]] = {}


def _kind_starts(rules: Rules, text: str) -> dict[int, list[int] | None]:
    """The kinds (by position) to try in ``text`` and where (None: scan the whole text with it)."""
    held = _INDEXES.get(id(rules))
    if held is None or held[0] is not rules:
        if len(_INDEXES) > 16:  # tests load many rule sets: keep the last few
            _INDEXES.clear()
        held = _INDEXES[id(rules)] = (rules, build_index([k.pattern for k in rules.kinds]))
    if held[1] is not None:
        return kind_starts(held[1], text)
    starts = [m.start() for m in rules.trigger_starts.finditer(text)] if rules.trigger_starts else None
    return dict.fromkeys(range(len(rules.kinds)), starts)


def find_triggers(rules: Rules, text: str, mentions: Sequence[Mention]) -> list[Trigger]:
    """Trigger phrases in a statement, longest first, none inside an entity name or used as adjective."""
    found: list[Trigger] = []
    places = _kind_starts(rules, text)
    for k in sorted(places):
        kind, starts = rules.kinds[k], places[k]
        for m in kind.pattern.finditer(text) if starts is None else _matches_at(kind.pattern, text, starts):
            if _adjectival(text, m.start(), m.end(), mentions, rules.causal_links):
                continue
            found.append(Trigger(m.start(), m.end(), kind, m.group(0)))
    spelled = long_forms(text, mentions)
    if spelled:  # "activating protein-1 (AP-1)": the words a short form abbreviates are a name
        found = [t for t in found if not any(a <= t.start < b for a, b in spelled)]
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    taken: list[Trigger] = []
    for t in found:
        first_end = t.start + len(t.text.split(" ", 1)[0])
        last_start = t.start + t.text.rfind(" ") + 1
        if any((m.start < first_end and t.start < m.end) or (m.start < t.end and last_start < m.end) for m in mentions):
            continue  # a trigger's own words are not a name (names inside "protect X from" may be)
        if any(t.start < o.end and o.start < t.end for o in taken):
            continue
        taken.append(t)
    return sorted(taken, key=lambda t: t.start)


def against_triggers(ex: Extractor, text: str, start: int, found: list[Trigger]) -> list[Trigger]:
    """``found`` with the effect adjectives no list names but a vocabulary does: "antiulcer activity"
    and "anti-fatigue effects" lower the disease or phenotype their stem names."""
    rules = ex.rules
    template = next((k for k in rules.kinds if k.implied and k.name == "decrease"), None)
    if template is None or "anti" not in text.lower():
        return found
    extra: list[Trigger] = []
    for m in rules.against.finditer(text, start):
        if any(t.start < m.end() and m.start() < t.end for t in found):
            continue  # a listed adjective ("anti-inflammatory") reads it already
        entity = next(filter(None, map(ex.matcher.resolve, noun_forms(rules, m.group("stem")))), None)
        kind = ex.matcher.entities[entity].type if entity else None
        if entity and kind in (EntityType.PHENOTYPE, EntityType.PROCESS):
            extra.append(Trigger(m.start(), m.end(), replace(template, implied=entity), m.group(0)))
    return sorted([*found, *extra], key=lambda t: t.start) if extra else found


#: The opposite of each polar trigger kind: "suppresses the increase in X" lowers X.
_OPPOSITE = {"increase": "decrease", "decrease": "increase", "activate": "inhibit", "inhibit": "activate"}


def chain_triggers(rules: Rules, text: str, triggers: list[Trigger], mentions: Sequence[Mention]) -> list[Trigger]:
    """Fold a polar trigger into the next one when nothing is named between them.

    "suppresses stress-induced increases in X" and "abrogates the uptake of X" speak of one change
    of X whose sign is the product of the two: the first trigger is dropped and the second takes
    the opposite kind when the first is a decrease.
    """
    if len(triggers) < 2:
        return triggers
    by_name = {k.name: k for k in rules.kinds if not k.implied}
    out: list[Trigger] = []
    i = 0
    while i < len(triggers):
        t = triggers[i]
        nxt = triggers[i + 1] if i + 1 < len(triggers) else None
        if nxt is not None and _modulated(rules, text, t, nxt, mentions):
            out.append(t)  # "regulates activation of X": X is regulated, in neither direction
            i += 2
            continue
        if nxt is not None and t.kind.name in _OPPOSITE and nxt.kind.name in _OPPOSITE and not t.kind.implied:
            gap = text[t.end : nxt.start]
            named = [m for m in mentions if t.end <= m.start and m.end <= nxt.start]
            plain = all(rules.modifiers.match(text[m.end : m.end + 14]) for m in named)
            if (
                len(gap) <= 40
                and plain
                and not t.text.lower().endswith(" of")  # "activation of X leads to…": two relations
                and not PASSIVE_BY.match(text, nxt.end)  # "X release mediated by Y": a passive, read as such
                and not rules.breaks.search(gap)
                and not rules.causal_links.search(gap)
                and not any(p.search(gap) for _, p in rules.demonstratives)
                and not re.search(r"[,;:.]|\band\b|\bor\b", gap)
            ):
                negative = t.kind.name in {"decrease", "inhibit"}
                kind = by_name.get(_OPPOSITE[nxt.kind.name]) if negative else nxt.kind
                if kind is not None:  # the verb stands, with the sign of both
                    out.append(Trigger(t.start, t.end, kind, t.text))
                    i += 2
                    continue
        out.append(t)
        i += 1
    return out


#: Kinds that change something without saying which way ("regulates", "affects").
_UNSIGNED = {"regulate", "effect"}


def _modulated(rules: Rules, text: str, t: Trigger, nxt: Trigger, mentions: Sequence[Mention]) -> bool:
    """Is ``nxt`` a signed noun the unsigned verb ``t`` acts on ("modulates the activation of")?"""
    if t.kind.name not in _UNSIGNED or t.kind.implied or nxt.kind.name not in _OPPOSITE:
        return False
    if not nxt.text.lower().endswith(" of"):
        return False
    gap = text[t.end : nxt.start]
    return (
        re.fullmatch(r"\s{1,3}(?:the\s{1,3})?(?:[a-z-]+\s{1,3})?", gap) is not None
        and not any(t.end <= m.start and m.end <= nxt.start for m in mentions)
        and not rules.breaks.search(gap)
    )


PASSIVE_BY = re.compile(r"\s{1,3}(?:\w+ly\s{1,3})?by\s{1,3}(?:the\s{1,3}|a\s{1,3}|an\s{1,3})?", re.IGNORECASE)
_BE_BEFORE = re.compile(
    r"\b(?:is|are|was|were|be|been|being|get|gets|got)\s{1,3}(?:(?:\w+ly|also|not|further)\s{1,3}){0,2}"
    r"(?:(?:\w+ed|\w+en)\s{1,3}(?:and|or)\s{1,3})?$",
    re.IGNORECASE,
)
#: Between a name and a participle of a reduced relative: nothing, or the aspect of the name
#: ("NF-κB activation mediated by TNF").
_REDUCED_GAP = re.compile(
    r"[\s,]{0,3}|\s+(?:activation|activity|expression|production|release|secretion|synthesis|"
    r"phosphorylation|signal(?:l)?ing|levels?|uptake|accumulation|degradation)[\s,]{1,3}",
    re.IGNORECASE,
)
#: Words between "by" and the agent's name: modifiers or other listed agents, never an act.
_AGENT_GAP = re.compile(
    r"(?:(?!(?:its|their|his|her|of|the)\b)[\w-]+(?:\s*,\s*(?:and\s+|or\s+)?|\s+)){0,6}"
    r"(?:(?:including|such\s+as|like|notably|namely|e\.g\.,?)\s+(?:the\s+)?)?",
    re.IGNORECASE,
)  # "by several oncogenic X", "by glutamate, iodoacetate and X", "by several pathways, including the X";
# never "by its modulation of X"
PARTICIPLE = re.compile(r"[A-Za-z-]{2,}(?:ed|en|wn)$")
#: A trigger noun whose agent "by" names ("AMPK activation by berberine"): a passive in a noun phrase.
NOMINAL = re.compile(r"[A-Za-z-]{4,}(?:tion|sion|ment)$")


def passive_agents(
    rules: Rules, text: str, trig: Trigger, mentions: Sequence[Mention], breaks: Sequence[int]
) -> tuple[list[Mention], Mention] | None:
    """A verb in the passive with its agent: (the names after "by", the name it acts on) or None.

    "X is activated by Y and Z" and the reduced "X mediated by Y" both give Y (and Z) acting on X.
    """
    nominal = NOMINAL.search(trig.text) is not None  # "AMPK activation by berberine"
    if " " in trig.text.strip() or not (nominal or PARTICIPLE.search(trig.text)):
        return None
    by = PASSIVE_BY.match(text, trig.end)
    if by is None:
        return None
    clause_start = max([b for b in breaks if b < trig.start], default=0)
    before = [m for m in mentions if clause_start <= m.start and m.end <= trig.start]
    if not before:
        return None
    patient = before[-1]
    gap = text[patient.end : trig.start]
    if nominal and not re.fullmatch(r"[\s-]{1,2}", gap):
        return None  # the noun's patient is written right before it
    if not nominal and not (_BE_BEFORE.search(text, patient.end, trig.start) or _REDUCED_GAP.fullmatch(gap)):
        return None
    stop = next((b for b in breaks if b > by.end()), len(text))
    agents = [m for m in mentions if by.end() <= m.start and m.end <= stop and m.type not in rules.never_subjects]
    if not agents or not _AGENT_GAP.fullmatch(text, by.end(), agents[0].start):
        return None  # "mediated by its modulation of X": the agent is an act, not X
    listed = [agents[0]]
    for m in agents[1:]:  # "by A, B and C": the coordinated agents
        between = text[listed[-1].end : m.start]
        if re.fullmatch(
            r"(?:\s+(?:pathways?|signal(?:l)?ing|cascades?|axis))?\s*(?:,\s*)?(?:and|or)?\s*(?:,\s*)?"
            r"(?:the\s+)?",
            between,
            re.IGNORECASE,
        ):
            listed.append(m)
        else:
            break
    return listed, patient


#: An arrow drawn between two names, with a word of the first's activity before it ("BDNF → TrkB",
#: "PI3K/Akt signaling -> mTOR").
_ARROW = re.compile(
    r"\s*(?:(?:signal(?:l)?ing|pathway|activation|activity|expression|release)\s*)?"
    r"(?P<arrow>→|⟶|➔|➝|⇒|=>|-{1,2}>|—>)\s*(?:the\s+)?"
)


def arrow_links(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, Mention, tuple[int, int]]]:
    """Pairs of names joined by an arrow, in order, with the arrow's span: a chain drawn in text."""
    if not any(a in text for a in ("→", "⟶", "➔", "➝", "⇒", "=>", "->", "—>")):
        return []
    out = []
    for a, b in pairwise(mentions):
        m = _ARROW.fullmatch(text, a.end, b.start)
        if m is not None and a.entity != b.entity:
            out.append((a, b, (m.start("arrow"), m.end("arrow"))))
    return out
