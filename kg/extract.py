"""Claim extraction: from a parsed document (``kg.read.reader``) to draft seed records.

Owns everything after reading: entity mentions (through :mod:`kg.lexicon`), predicates from
trigger phrases, subject and object choice, negation and hedging, context cues, reference
grading (through :mod:`kg.classify`), confidence, and writing the records in the ``seeds/``
format with ``extracted: true``. Trigger phrases, aspect words, cue tables and anaphors are data
in ``ontology/extraction/``; this module holds the rules that apply them.
"""

from __future__ import annotations

import bisect
import gc
import json
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from kg.classify import Lexicon as ClassifierLexicon
from kg.classify import classify, load_lexicon, parse_identifier
from kg.errors import SeedError, SeedErrors
from kg.grounding.normalize import key_of
from kg.lexicon import EntityMatcher, Mention, load_matcher, read_rules
from kg.metadata import MetadataMapping, Works, grade, load_mapping, load_works
from kg.model import Entity, EntityType, EvidenceLevel, IdSource, LevelBasis, Predicate, SourceType, work_keys
from kg.read.boilerplate import BoilerplateCues, boilerplate_lines, load_boilerplate_cues, only_boilerplate
from kg.read.compound import Candidate, CompoundChoice, choose_compound, title_head
from kg.read.kind import KindCues, KindVerdict, classify_kind, load_kind_cues, normalise_host
from kg.read.parallel import available_workers, chunked_map
from kg.read.sources import url_for
from kg.read.textrules import TITLE_STOPWORDS
from kg.seeds.writer import DRAFT, PARALLEL_RECORDS, RECORDS_PER_CHUNK, seed_text

__all__ = [
    "LARGE_DOCUMENT",
    "PARALLEL_DOCUMENT",
    "PARALLEL_RECORDS",
    "RECORDS_PER_CHUNK",
    "SUBJECT_LEAD",
    "UNKNOWN_COMPOUND",
    "ContextRule",
    "E",
    "ExtractedClaim",
    "ExtractionResult",
    "Extractor",
    "R",
    "Rules",
    "Subject",
    "T",
    "TriggerKind",
    "contexts_of",
    "extract_document",
    "extract_paths",
    "load_extractor",
    "load_rules",
    "output_name",
    "render_records",
    "safe_stem",
    "to_records",
    "write_records",
]

if TYPE_CHECKING:
    from kg.read.reader import ParsedDocument

_MOLECULAR = {EntityType.PROTEIN, EntityType.PROTEIN_FAMILY, EntityType.CHEMICAL}
_COMPOUNDS = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND}
_SMALL_MOLECULES = {*_COMPOUNDS, EntityType.CHEMICAL}
_SUBSTANCES = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND, EntityType.CHEMICAL}


def _words(patterns: Iterable[str]) -> re.Pattern[str]:
    """One case-insensitive alternation of phrases, bounded by non-word characters."""
    body = "|".join(f"(?:{p})" for p in patterns)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class TriggerKind:
    """One kind of trigger (increase, inhibit, bind…) with its phrases and predicate mapping."""

    name: str
    strength: float
    pattern: re.Pattern[str]
    by_aspect: dict[str, Predicate]
    by_type: dict[EntityType, Predicate]
    breaks: bool = True
    default_subject: bool = False
    implied: str = ""  # an effect adjective names its own object ("anti-inflammatory")


@dataclass(frozen=True)
class ContextRule:
    """A context id given to statements that contain every cue group."""

    context: str
    groups: tuple[re.Pattern[str], ...]
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Rules:
    """Everything read from ``ontology/extraction``: triggers, aspects, cues, context rules."""

    kinds: tuple[TriggerKind, ...]
    aspects: tuple[tuple[str, re.Pattern[str]], ...]
    compound_subject_only: frozenset[str]
    negation: re.Pattern[str]
    hedges: re.Pattern[str]
    anaphors: re.Pattern[str]
    breaks: re.Pattern[str]
    demonstratives: tuple[tuple[str, re.Pattern[str]], ...]
    causal_links: re.Pattern[str]
    non_molecular_subjects: frozenset[EntityType]
    modifiers: re.Pattern[str]
    specific: tuple[ContextRule, ...]
    general: tuple[ContextRule, ...]
    grammar: re.Pattern[str] = re.compile(r"(?!)")
    never_subjects: frozenset[EntityType] = frozenset()
    implied_words: re.Pattern[str] = re.compile(r"(?!)")
    context_before: re.Pattern[str] = re.compile(r"(?!)")
    residues: Mapping[str, str] = field(default_factory=dict)  # three-letter code -> amino-acid name
    residue_sequence: re.Pattern[str] = re.compile(r"(?!)")  # two or more codes joined by hyphens
    trigger_starts: re.Pattern[str] | None = None  # where any trigger may start (one scan for all kinds)
    other_substance: re.Pattern[str] = re.compile(r"(?!)")  # "analogs": the name before is another substance
    property_heads: re.Pattern[str] = re.compile(r"(?!)")  # "sensitivity": the name before is no mention
    setting_heads: re.Pattern[str] = re.compile(r"(?!)")  # "brain": "aging brain" says which brain
    against: re.Pattern[str] = re.compile(r"(?!)")  # "antiulcer activity": anti- before a named disease
    not_negations: re.Pattern[str] = re.compile(r"(?!)")  # "not only": a negation word that denies nothing
    companions: re.Pattern[str] = re.compile(r"(?!)")  # ", along with Y,": Y goes with the subject
    settings: tuple[tuple[str, re.Pattern[str]], ...] = ()  # (entity id, phrase): "declines with age" is ageing's doing
    change_gap: re.Pattern[str] = re.compile(r"(?!)")  # words between a name and the verb of its change
    compound_classes: re.Pattern[str] | None = None  # "peptide", "flavonoid": what a compound is defined as


@dataclass(frozen=True)
class Extractor:
    """The loaded resources one extraction run needs."""

    matcher: EntityMatcher
    rules: Rules
    classifier: ClassifierLexicon
    contexts: frozenset[str] = frozenset()
    furniture: BoilerplateCues | None = None
    kinds: KindCues | None = None
    workers: int = 0  # processes for a large document; 0: every core this process may use
    works: Works | None = None  # bibliographic metadata of cited works (seeds/metadata/works.jsonl)
    metadata: MetadataMapping | None = None  # publication types and check tags -> levels


@dataclass(frozen=True)
class ExtractedClaim:
    """One draft claim record: a relation found in one statement."""

    subject: str
    predicate: Predicate
    object: str
    context: str
    direction: str
    hedged: bool
    cites: tuple[int, ...]
    span: tuple[int, int]
    confidence: float
    as_written: str = ""
    quantity: str = ""


@dataclass
class ExtractionResult:
    """What extraction yields for one document: the records and what went wrong."""

    path: str
    stem: str
    document: dict[str, Any]
    references: list[dict[str, Any]]
    claims: list[ExtractedClaim]
    entities: list[dict[str, Any]] = field(default_factory=list)
    markers_found: int = 0
    markers_resolved: int = 0
    warnings: list[str] = field(default_factory=list)


# --- loading -----------------------------------------------------------------------------------


E = TypeVar("E", bound=StrEnum)
T = TypeVar("T")
R = TypeVar("R")


def _member(kind: type[E], value: str, path: Path, where: str, what: str) -> E:
    """``kind(value)``, or SeedErrors naming the file, the key and the allowed values."""
    try:
        return kind(value)
    except ValueError:
        allowed = ", ".join(m.value for m in kind)
        raise SeedErrors(
            [SeedError(str(path), 1, f"{where}: unknown {what} {value!r} (expected one of: {allowed})")]
        ) from None


def _predicate(value: str, path: Path, where: str) -> Predicate:
    return _member(Predicate, value, path, where, "predicate")


def _entity_type(value: str, path: Path, where: str) -> EntityType:
    return _member(EntityType, value, path, where, "entity type")


def _context_rules(items: Any, path: Path, known: frozenset[str]) -> tuple[ContextRule, ...]:
    rules = []
    for item in items or []:
        ctx = str(item.get("context", ""))
        if known and ctx not in known:
            raise SeedErrors([SeedError(str(path), 1, f"context rule names unknown context {ctx!r}")])
        groups = tuple(_words([g]) for g in item.get("all", []))
        rules.append(ContextRule(ctx, groups, tuple(item.get("unless", ()))))
    return tuple(rules)


def load_rules(folder: Path, contexts: frozenset[str] = frozenset()) -> Rules:
    """Read ``triggers.yaml`` and ``contexts.yaml``; SeedErrors name the file and the bad value."""
    tpath, cpath = folder / "triggers.yaml", folder / "contexts.yaml"
    data, cues = read_rules(tpath, "extraction data"), read_rules(cpath, "extraction data")
    mapping = data.get("mapping") or {}
    residues = {str(k): str(v) for k, v in (data.get("residues") or {}).items()}
    kinds = []
    for name, spec in (data.get("triggers") or {}).items():
        m = mapping.get(name) or {}
        by_aspect = {k: _predicate(v, tpath, f"mapping.{name}") for k, v in (m.get("aspect") or {}).items()}
        by_type = {
            _entity_type(k, tpath, f"mapping.{name}"): _predicate(v, tpath, f"mapping.{name}")
            for k, v in (m.get("type") or {}).items()
        }
        kinds.append(
            TriggerKind(
                name,
                float(spec.get("strength", 0.8)),
                _words(spec.get("patterns") or []),
                by_aspect,
                by_type,
                bool(spec.get("breaks", name != "bind")),
                spec.get("default_subject") == "compound",
            )
        )
    by_name = {k.name: k for k in kinds}
    follower = data.get("implied_followers") or r"\s+effects?"
    predicative = data.get("implied_predicative") or ""
    against = re.compile(rf"(?<![\w-])anti-?(?P<stem>[a-z]{{4,24}})(?:-like)?(?={follower})", re.IGNORECASE)
    phrase_end = data.get("implied_phrase_end") or r"\s*[.,;:]"
    for item in data.get("implied") or []:
        base = by_name.get(str(item.get("kind")))
        if base is None:
            raise SeedErrors([SeedError(str(tpath), 1, f"implied: unknown kind {item.get('kind')!r}")])
        pattern = re.compile(rf"(?<![\w-])(?:{item['pattern']})(?:-like)?(?={follower})", re.IGNORECASE)
        kinds.append(TriggerKind(base.name, 0.7, pattern, {}, base.by_type, False, True, str(item["object"])))
        if predicative:
            # "X is a potent antioxidant", "X is neuroprotective": said of the subject, with no follower
            pattern = re.compile(rf"(?<![\w-]){predicative}(?:{item['pattern']})s?(?={phrase_end})", re.IGNORECASE)
            kinds.append(TriggerKind(base.name, 0.6, pattern, {}, base.by_type, False, True, str(item["object"])))
    order = data.get("aspect_order") or list((data.get("aspects") or {}).keys())
    aspects = tuple((a, _words(data["aspects"][a])) for a in order)
    return Rules(
        kinds=tuple(kinds),
        aspects=aspects,
        compound_subject_only=frozenset(data.get("compound_subject_only") or ()),
        compound_classes=re.compile("|".join(data["compound_classes"])) if data.get("compound_classes") else None,
        negation=_words(data.get("negation") or ["not"]),
        hedges=_words(data.get("hedges") or ["may"]),
        anaphors=_words(data.get("anaphors") or ["it"]),
        breaks=re.compile("|".join(data.get("clause_breaks") or [";"]), re.IGNORECASE),
        demonstratives=tuple(
            (_entity_type(t, tpath, "demonstratives").value, _words(p))
            for t, p in (data.get("demonstratives") or {}).items()
        ),
        causal_links=_words(data.get("causal_links") or ["leads to"]),
        modifiers=re.compile(r"^-(?:" + "|".join(data.get("modifier_suffixes") or ["induced"]) + r")\b", re.IGNORECASE),
        non_molecular_subjects=frozenset(
            _entity_type(t, tpath, "non_molecular_subjects") for t in data.get("non_molecular_subjects") or ()
        ),
        specific=_context_rules(cues.get("specific"), cpath, contexts),
        general=_context_rules(cues.get("general"), cpath, contexts),
        grammar=_grammar(data, kinds),
        implied_words=re.compile(
            "|".join(f"(?:{item['pattern']})" for item in data.get("implied") or () if isinstance(item, dict))
            or "(?!)",
            re.IGNORECASE,
        ),
        never_subjects=frozenset(_entity_type(t, tpath, "never_subjects") for t in data.get("never_subjects") or ()),
        context_before=re.compile(
            r"(?:^|\W)(?:" + "|".join(data.get("context_before") or ["(?!)"]) + r")\W{1,3}$", re.IGNORECASE
        ),
        residues=residues,
        residue_sequence=_residue_sequence(residues),
        trigger_starts=_trigger_starts(kinds),
        against=against,
        not_negations=_words(data.get("not_negations") or ["(?!)"]),
        companions=re.compile(
            r",\s{0,3}(?:" + "|".join(data.get("companions") or ["(?!)"]) + r")\s{1,3}[^,;]{1,80}$", re.IGNORECASE
        ),
        settings=tuple(
            (
                str(item["entity"]),
                re.compile(rf"{_UP_TO_3_WORDS}(?P<setting>{item['pattern']})(?![\w-])", re.IGNORECASE),
            )
            for item in data.get("change_settings") or ()
            if isinstance(item, dict)
        ),
        change_gap=re.compile(
            r"(?:\s{1,3}(?:" + "|".join(data.get("change_gap_words") or ["(?!)"]) + r")){0,4}\s{1,3}", re.IGNORECASE
        ),
        setting_heads=re.compile(
            r"\s{1,2}(?:" + "|".join(data.get("setting_heads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
        property_heads=re.compile(
            r"\s{1,2}(?:" + "|".join(data.get("property_heads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
        other_substance=re.compile(
            r"[\s-]{0,2}(?:" + "|".join(data.get("other_substance_heads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
    )


_WORD_START = r"(?<![\w-])"
_UP_TO_3_WORDS = r"\s{1,3}(?:[\w-]+\s{1,3}){0,3}?"


def _trigger_starts(kinds: Sequence[TriggerKind]) -> re.Pattern[str] | None:
    """One pattern whose (empty) matches are the places where some trigger kind matches.

    Scanning a statement once for all kinds and trying each kind only there finds the same matches
    as scanning once per kind, in a third of the time. None when the kinds do not all start at a
    word start with the same flags (then each kind scans on its own)."""
    flags = {k.pattern.flags for k in kinds}
    if not kinds or len(flags) != 1 or not all(k.pattern.pattern.startswith(_WORD_START) for k in kinds):
        return None
    body = "|".join(f"(?:{k.pattern.pattern[len(_WORD_START) :]})" for k in kinds)
    return re.compile(f"{_WORD_START}(?=(?:{body}))", flags.pop())


def _residue_sequence(residues: Mapping[str, str]) -> re.Pattern[str]:
    """A peptide written in three-letter codes joined by hyphens ("Ala-Glu-Asp-Gly")."""
    if not residues:
        return re.compile(r"(?!)")
    codes = "|".join(sorted(map(re.escape, residues)))
    return re.compile(rf"(?<![\w-])(?:{codes})(?:-(?:{codes})){{1,40}}(?![\w-])")


def _grammar(data: dict[str, Any], kinds: list[TriggerKind]) -> re.Pattern[str]:
    """Words the rules read as grammar (triggers, aspects, anaphors, demonstratives): never entities."""
    words = [p for ps in (data.get("aspects") or {}).values() for p in ps]
    words += list(data.get("anaphors") or [])
    words += [p for ps in (data.get("demonstratives") or {}).values() for p in ps]
    words += [k.pattern.pattern for k in kinds if not k.implied]
    words += [str(item["pattern"]) for item in data.get("implied") or () if isinstance(item, dict)]
    return re.compile(r"(?:(?:the|this|these|that|its|their)\s+)?(?:" + "|".join(f"(?:{w})" for w in words) + ")", re.I)


def load_extractor(ontology: Path) -> Extractor:
    """Load the matcher, the rules and the reference classifier from an ontology folder."""
    from kg.seeds.load import load_vocabulary

    entities, contexts = load_vocabulary(ontology)
    known = frozenset(contexts)
    reading = ontology / "reading"
    return Extractor(
        matcher=load_matcher(ontology, entities),
        rules=load_rules(ontology / "extraction", known),
        classifier=load_lexicon(ontology / "classifier"),
        contexts=known,
        furniture=load_boilerplate_cues(reading) if (reading / "boilerplate.yaml").is_file() else None,
        kinds=load_kind_cues(reading) if (reading / "kinds.yaml").is_file() else None,
    )


# --- one statement -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Trigger:
    start: int
    end: int
    kind: TriggerKind
    text: str


_ADJECTIVE_BEFORE = re.compile(
    r"(?:^|\b(?:the|a|an|this|that|these|those|of|in|on|with|total|its|their))\W*$", re.IGNORECASE
)


def _adjectival(text: str, start: int, end: int, mentions: Sequence[Mention]) -> bool:
    """A participle used as an adjective ("activated Akt", "the phosphorylated form of")."""
    word = text[start:end]
    if not word.lower().endswith("ed") or " " in word:
        return False
    nxt = next((m for m in mentions if m.start >= end), None)
    if nxt is None or text[end : nxt.start].strip() != "" or not _ADJECTIVE_BEFORE.search(text[:start]):
        return False
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


def _triggers(rules: Rules, text: str, mentions: Sequence[Mention]) -> list[_Trigger]:
    """Trigger phrases in a statement, longest first, none inside an entity name or used as adjective."""
    found: list[_Trigger] = []
    starts = [m.start() for m in rules.trigger_starts.finditer(text)] if rules.trigger_starts else None
    for kind in rules.kinds:
        for m in kind.pattern.finditer(text) if starts is None else _matches_at(kind.pattern, text, starts):
            if _adjectival(text, m.start(), m.end(), mentions):
                continue
            found.append(_Trigger(m.start(), m.end(), kind, m.group(0)))
    found.sort(key=lambda t: (-(t.end - t.start), t.start))
    taken: list[_Trigger] = []
    for t in found:
        first_end = t.start + len(t.text.split(" ", 1)[0])
        last_start = t.start + t.text.rfind(" ") + 1
        if any((m.start < first_end and t.start < m.end) or (m.start < t.end and last_start < m.end) for m in mentions):
            continue  # a trigger's own words are not a name (names inside "protect X from" may be)
        if any(t.start < o.end and o.start < t.end for o in taken):
            continue
        taken.append(t)
    return sorted(taken, key=lambda t: t.start)


def _against_triggers(ex: Extractor, text: str, start: int, found: list[_Trigger]) -> list[_Trigger]:
    """``found`` with the effect adjectives no list names but a vocabulary does: "antiulcer activity"
    and "anti-fatigue effects" lower the disease or phenotype their stem names."""
    rules = ex.rules
    template = next((k for k in rules.kinds if k.implied and k.name == "decrease"), None)
    if template is None or "anti" not in text.lower():
        return found
    extra: list[_Trigger] = []
    for m in rules.against.finditer(text, start):
        if any(t.start < m.end() and m.start() < t.end for t in found):
            continue  # a listed adjective ("anti-inflammatory") reads it already
        entity = ex.matcher.resolve(m.group("stem"))
        kind = ex.matcher.entities[entity].type if entity else None
        if entity and kind in (EntityType.PHENOTYPE, EntityType.PROCESS):
            extra.append(_Trigger(m.start(), m.end(), replace(template, implied=entity), m.group(0)))
    return sorted([*found, *extra], key=lambda t: t.start) if extra else found


#: The opposite of each polar trigger kind: "suppresses the increase in X" lowers X.
_OPPOSITE = {"increase": "decrease", "decrease": "increase", "activate": "inhibit", "inhibit": "activate"}


def _chain_triggers(rules: Rules, text: str, triggers: list[_Trigger], mentions: Sequence[Mention]) -> list[_Trigger]:
    """Fold a polar trigger into the next one when nothing is named between them.

    "suppresses stress-induced increases in X" and "abrogates the uptake of X" speak of one change
    of X whose sign is the product of the two: the first trigger is dropped and the second takes
    the opposite kind when the first is a decrease.
    """
    if len(triggers) < 2:
        return triggers
    by_name = {k.name: k for k in rules.kinds if not k.implied}
    out: list[_Trigger] = []
    i = 0
    while i < len(triggers):
        t = triggers[i]
        nxt = triggers[i + 1] if i + 1 < len(triggers) else None
        if nxt is not None and t.kind.name in _OPPOSITE and nxt.kind.name in _OPPOSITE and not t.kind.implied:
            gap = text[t.end : nxt.start]
            named = [m for m in mentions if t.end <= m.start and m.end <= nxt.start]
            plain = all(rules.modifiers.match(text[m.end : m.end + 14]) for m in named)
            if (
                len(gap) <= 40
                and plain
                and not t.text.lower().endswith(" of")  # "activation of X leads to…": two relations
                and not _PASSIVE_BY.match(text, nxt.end)  # "X release mediated by Y": a passive, read as such
                and not rules.breaks.search(gap)
                and not rules.causal_links.search(gap)
                and not any(p.search(gap) for _, p in rules.demonstratives)
                and not re.search(r"[,;:.]|\band\b|\bor\b", gap)
            ):
                negative = t.kind.name in {"decrease", "inhibit"}
                kind = by_name.get(_OPPOSITE[nxt.kind.name]) if negative else nxt.kind
                if kind is not None:  # the verb stands, with the sign of both
                    out.append(_Trigger(t.start, t.end, kind, t.text))
                    i += 2
                    continue
        out.append(t)
        i += 1
    return out


_PASSIVE_BY = re.compile(r"\s{1,3}(?:\w+ly\s{1,3})?by\s{1,3}(?:the\s{1,3}|a\s{1,3}|an\s{1,3})?", re.IGNORECASE)
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
_PARTICIPLE = re.compile(r"[A-Za-z-]{2,}(?:ed|en|wn)$")


def _passive(
    rules: Rules, text: str, trig: _Trigger, mentions: Sequence[Mention], breaks: Sequence[int]
) -> tuple[list[Mention], Mention] | None:
    """A verb in the passive with its agent: (the names after "by", the name it acts on) or None.

    "X is activated by Y and Z" and the reduced "X mediated by Y" both give Y (and Z) acting on X.
    """
    if " " in trig.text.strip() or not _PARTICIPLE.search(trig.text):
        return None
    by = _PASSIVE_BY.match(text, trig.end)
    if by is None:
        return None
    clause_start = max([b for b in breaks if b < trig.start], default=0)
    before = [m for m in mentions if clause_start <= m.start and m.end <= trig.start]
    if not before:
        return None
    patient = before[-1]
    gap = text[patient.end : trig.start]
    if not (_BE_BEFORE.search(text, patient.end, trig.start) or _REDUCED_GAP.fullmatch(gap)):
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


def contexts_of(rules: Rules, text: str) -> list[str]:
    """Context ids the words of a statement name; ``['unspecified']`` when none."""
    hits = [r.context for r in rules.specific if all(g.search(text) for g in r.groups)]
    hits = [c for c in hits if not any(u in hits for r in rules.specific if r.context == c for u in r.unless)]
    if hits:
        return list(dict.fromkeys(hits))
    for rule in rules.general:
        if all(g.search(text) for g in rule.groups):
            return [rule.context]
    return ["unspecified"]


_QUANTITY = re.compile(r"^\s*\(?\s*(~?\d+(?:\.\d+)?\s*%)")


@dataclass
class _Statement:
    """Working state for one statement."""

    text: str
    mentions: list[Mention]
    compound: str | None
    compound_ok: bool
    compound_as_written: str
    previous: list[Mention] = field(default_factory=list)
    body_start: int = 0
    recent: list[Mention] = field(default_factory=list)
    sentence: bool = False  # a sentence of running text (not a bullet, heading or table row)


def _aspect(rules: Rules, text: str) -> str | None:
    for name, pattern in rules.aspects:
        if pattern.search(text):
            return name
    return None


#: "the (beneficial) effects of", "the actions of" right before a compound: what is changed is the effect.
_EFFECTS_OF = re.compile(r"\b(?:effects?|actions?|benefits?|activity|activities|properties|efficacy) of\s+$", re.I)


def _map(kind: TriggerKind, obj: Mention, aspect: str | None) -> Predicate | None:
    """The predicate a trigger gives with this object: by the aspect word, else by the object's type
    (the compound of interest as an object is a chemical: "NAMPT produces NMN", "CD38 degrades it")."""
    otype = obj.type
    if otype in _COMPOUNDS and otype not in kind.by_type:
        otype = EntityType.CHEMICAL
    if otype in _MOLECULAR and aspect and aspect in kind.by_aspect:
        return kind.by_aspect[aspect]
    return kind.by_type.get(otype)


def _confidence(kind: TriggerKind, subj_quality: float, obj: Mention, distance: int, hedged: bool) -> float:
    """Transparent product of features: trigger strength, name match, distance, hedge."""
    score = kind.strength * subj_quality * (1.0 if obj.exact else 0.9)
    score *= 1.0 - min(distance, 200) / 400
    if hedged:
        score *= 0.85
    return round(max(0.05, min(score, 1.0)), 2)


_AFTER_OBJECT = re.compile(r"^(?:(?!\b(?:and|or)\b)[^,;.()\[\]]){0,40}")  # up to the next list item
_NOT_OBJECT = re.compile(r"^-(?:dependent|related|associated|like|positive|negative)\b", re.IGNORECASE)
_LABEL = re.compile(r"^\s*[-*•]?\s*([^:.;]{1,60}):\s+")

Subject = tuple[str, str, float]


@dataclass
class _Parse:
    """What has been read of a statement so far: per trigger, its subject and objects."""

    subjects: list[Subject | None] = field(default_factory=list)
    objects: list[list[Mention]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    triggers: Sequence[_Trigger] = ()  # every trigger of the statement, in text order
    extra: list[ExtractedClaim] = field(default_factory=list)  # claims read before the main pass

    @property
    def previous_subject(self) -> Subject | None:
        return next((s for s in reversed(self.subjects) if s is not None), None)


def _statement_claims(
    ex: Extractor, st: _Statement, cites: tuple[int, ...], span: tuple[int, int], table_row: bool
) -> list[ExtractedClaim]:
    rules = ex.rules
    text = st.text
    mentions = [m for m in st.mentions if m.start >= st.body_start]
    found = [t for t in _triggers(rules, text, st.mentions) if t.start >= st.body_start]
    triggers = _chain_triggers(rules, text, _against_triggers(ex, text, st.body_start, found), st.mentions)
    modifiers = [m for m in mentions if rules.modifiers.match(text[m.end : m.end + 14])]
    roles = [] if table_row else [(m, r) for m in mentions if (r := _ROLE_NOUN.match(text, m.end))]
    arrows = [] if table_row else _arrow_links(text, mentions)
    if not triggers and not modifiers and not roles and not arrows:
        return []  # nothing said of anything: the common case, decided before the costlier cues
    hedged = bool(rules.hedges.search(text))
    contexts = contexts_of(rules, text)
    breaks = [m.start() for m in rules.breaks.finditer(text)]
    out: list[ExtractedClaim] = []
    parse = _Parse(triggers=triggers)
    increase_kind = next((k for k in rules.kinds if k.name == "increase" and not k.implied), None)
    parse.used.update(m.start for m in modifiers)
    if not table_row:
        out.extend(_modifier_claims(ex, st, mentions, modifiers, breaks, cites, span, contexts, hedged))
        out.extend(_role_claims(ex, st, mentions, roles, cites, span, contexts, hedged))
    where = (cites, span, contexts, hedged)
    activate = next((k for k in rules.kinds if k.name == "activate" and not k.implied), None)
    for a, b, arrow in arrows if activate else ():
        # "X → TrkB → PI3K → Akt": each step of a drawn chain activates the next
        trig = _Trigger(arrow[0], arrow[1], activate, text[arrow[0] : arrow[1]])
        subj = (a.entity, a.surface, 0.85)
        out.extend(_relation_claims(ex, st, trig, subj, [b], parse, breaks, "", False, where))
    if not triggers:
        return out
    settled = set() if table_row else _setting_changes(ex, st, mentions, triggers, parse, breaks, where)
    for i, trig in enumerate(triggers):
        if i in settled:
            continue
        passive = None if table_row else _passive(rules, text, trig, mentions, breaks)
        if passive is not None:
            # "mTORC1 is activated by Ras", "NAD+ biosynthesis mediated by NAMPT": the agent after
            # "by" acts on the name before the verb
            agents, patient = passive
            parse.subjects.append(None)  # the agent of a passive is not the subject later clauses inherit
            parse.objects.append([patient])
            parse.used.update(m.start for m in [patient, *agents])
            for agent in agents:
                out.extend(
                    _relation_claims(
                        ex, st, trig, (agent.entity, agent.surface, 0.9), [patient], parse, breaks, "", False,
                        (cites, span, contexts, hedged),
                    )
                )  # fmt: skip
            continue
        if table_row:
            # a table row: the entity of the first cell is the object, a compound (or the document's) the subject
            objects = [m for m in mentions if m.type not in _COMPOUNDS][:1]
            subject = next((m for m in mentions if m.type in _COMPOUNDS), None)
            subj: Subject | None = (subject.entity, subject.surface, 1.0) if subject else None
            if subj is None and st.compound and st.compound_ok:
                subj = (st.compound, st.compound_as_written, 0.8)
            aspect_text = text[: objects[0].end + 40] if objects else ""
        else:
            end = len(text)
            for b in breaks:
                if b >= trig.end:
                    end = min(end, b)
                    break
            for nxt in triggers[i + 1 :]:
                if nxt.kind.breaks:
                    end = min(end, nxt.start)
                    break
            objects = [m for m in mentions if trig.end <= m.start and m.end <= end]
            following_verb = triggers[i + 1] if i + 1 < len(triggers) else None
            if objects and following_verb is not None:
                last = objects[-1]
                lead_in = text[objects[-2].end if len(objects) > 1 else trig.end : last.start]
                gap = text[last.end : following_verb.start]
                if (
                    _SUBJECT_GAP.fullmatch(gap)
                    and not gap.strip().startswith((",", ")"))
                    and not following_verb.text.lower().endswith((" of", " in", " on"))
                    and re.fullmatch(r"[^()]*,\s*", lead_in)
                    and not _PASSIVE_BY.match(text, following_verb.end)
                ):
                    objects = objects[:-1]  # "By blocking X, Y lowers Z": Y opens the next clause
            if trig.kind.implied:
                implied = ex.matcher.entity(trig.kind.implied)
                objects = [Mention(trig.start, trig.end, implied.id, implied.type, trig.text, False)] if implied else []
            following = triggers[i + 1] if i + 1 < len(triggers) else None
            if (
                not objects
                and following
                and re.fullmatch(r"[\s,]*(?:and|or|and/or)\s*", text[trig.end : following.start])
            ):
                # "phosphorylates and activates Akt": coordinated verbs share their objects
                stop = next((b for b in breaks if b >= following.end), len(text))
                objects = [m for m in mentions if following.end <= m.start and m.end <= stop]
            if not objects and not trig.kind.implied:
                objects = _demonstrative_objects(rules, st, mentions, text, trig.end, end)
            subj = _choose_subject(ex, st, mentions, trig, triggers[:i], parse)
            if trig.text.lower().endswith(" of") and objects:
                agent = re.match(r"\s*(?:by|with|using)\s+", text[objects[0].end :], re.IGNORECASE)
                start = objects[0].end + agent.end() if agent else -1
                after = [
                    m
                    for m in mentions
                    if agent
                    and m.start >= start
                    and re.fullmatch(r"(?:the\s+)?(?:[a-z-]+\s+){0,2}", text[start : m.start])
                ][:1]
                if after:  # "activation of X by Y": Y is the subject
                    subj, objects = (after[0].entity, after[0].surface, 0.9), [objects[0]]
                    parse.used.add(after[0].start)
            aspect_text = ""
        # "oxidative stress-induced apoptosis": a name used as a modifier is not an object
        objects = [
            m
            for m in objects
            if not rules.modifiers.match(text[m.end : m.end + 14]) and not _NOT_OBJECT.match(text[m.end : m.end + 14])
        ]
        # "pathways like PI3K/Akt and Shh", "BDNF and NGF signaling": a protein listed with a pathway
        # stands for the pathway it names
        if any(m.type is EntityType.PATHWAY for m in objects):
            objects = [_as_pathway(ex, m) for m in objects]
        # "activation of A and subsequent expression of genes for B": B is downstream of A, not of the subject
        consequences: list[Mention] = []
        if not table_row:
            for k in range(1, len(objects)):
                if _DOWNSTREAM.search(text, objects[k - 1].end, objects[k].start):
                    objects, consequences = objects[:k], objects[k:]
                    break
        parse.subjects.append(subj)
        parse.objects.append(objects)
        parse.used.update(m.start for m in [*objects, *consequences])
        if consequences and increase_kind is not None:
            cause = objects[-1]
            out.extend(
                _relation_claims(
                    ex,
                    st,
                    _Trigger(cause.end, cause.end, increase_kind, ""),
                    (cause.entity, cause.surface, 0.7),
                    consequences,
                    parse,
                    breaks,
                    "",
                    False,
                    (cites, span, contexts, hedged),
                )
            )
        if subj is None:
            continue
        subjects = [subj, *_co_subjects(st, mentions, subj, trig)]
        if objects and not table_row:
            # "promotes angiogenesis via VEGF and Ang-1 pathways": the named routes do it too
            subjects += [(m.entity, m.surface, 0.7) for m in _routes(ex, st, mentions, objects[-1].end, breaks)]
        for subj_id, subj_written, subj_quality in subjects:
            out.extend(
                _relation_claims(
                    ex,
                    st,
                    trig,
                    (subj_id, subj_written, subj_quality),
                    objects,
                    parse,
                    breaks,
                    aspect_text,
                    table_row,
                    (cites, span, contexts, hedged),
                )
            )
        if table_row:
            break
    return [*out, *parse.extra]


#: An arrow drawn between two names, with a word of the first's activity before it ("BDNF → TrkB",
#: "PI3K/Akt signaling -> mTOR").
_ARROW = re.compile(
    r"\s*(?:(?:signal(?:l)?ing|pathway|activation|activity|expression|release)\s*)?"
    r"(?P<arrow>→|⟶|➔|➝|⇒|=>|-{1,2}>|—>)\s*(?:the\s+)?"
)


def _arrow_links(text: str, mentions: Sequence[Mention]) -> list[tuple[Mention, Mention, tuple[int, int]]]:
    """Pairs of names joined by an arrow, in order, with the arrow's span: a chain drawn in text."""
    if not any(a in text for a in ("→", "⟶", "➔", "➝", "⇒", "=>", "->", "—>")):
        return []
    out = []
    for a, b in pairwise(mentions):
        m = _ARROW.fullmatch(text, a.end, b.start)
        if m is not None and a.entity != b.entity:
            out.append((a, b, (m.start("arrow"), m.end("arrow"))))
    return out


#: Text between two triggers across which a negation before the first also denies the second.
_NEGATION_CARRIES = re.compile(r"[^,;]{0,80}?\b(?:or|nor)\b[^,;]{0,40}", re.IGNORECASE)


_CHARGE = "+⁺-⁻"  # a charge written after a name ("NAD+") is not part of the mention


def _setting_changes(
    ex: Extractor,
    st: _Statement,
    mentions: Sequence[Mention],
    triggers: Sequence[_Trigger],
    parse: _Parse,
    breaks: Sequence[int],
    where: tuple[tuple[int, ...], tuple[int, int], Sequence[str], bool],
) -> set[int]:
    """Changes a setting brings about: "NAD+ declines with age", "declining NAD+ levels during ageing",
    "X expression is upregulated in aged mice" say that ageing lowers or raises the name, not that the
    subject of the sentence does. Claims go to ``parse.extra``; returns the indices of the triggers read."""
    rules = ex.rules
    text = st.text
    done: set[int] = set()
    for i, trig in enumerate(triggers):
        if trig.kind.name not in ("increase", "decrease") or trig.kind.implied or not trig.text:
            continue
        before = [m for m in mentions if m.end <= trig.start]
        after = [m for m in mentions if m.start >= trig.end]
        target: Mention | None = None
        rest = trig.end
        if before and rules.change_gap.fullmatch(" " + text[before[-1].end : trig.start].lstrip(_CHARGE)):
            target = before[-1]  # "NAD+ levels decline with age"
        elif (
            after
            and re.fullmatch(r"\s{1,3}", text[trig.end : after[0].start])
            and trig.text.endswith(("ing", "ed"))
            and not _agent_before(rules, text, st.body_start, trig.start, before)
        ):
            target = after[0]  # "declining NAD+ levels during ageing"
            charge = text[target.end : target.end + 2]
            end = target.end + len(charge) - len(charge.lstrip(_CHARGE))
            gap = rules.change_gap.match(text, end)
            rest = gap.end() - 1 if gap else end
        if target is None:
            continue
        if target.type in _COMPOUNDS:
            target = replace(target, type=EntityType.CHEMICAL)  # the compound of interest, changed as a chemical
        found = next(((eid, m) for eid, pattern in rules.settings if (m := pattern.match(text, rest))), None)
        entity = ex.matcher.entity(found[0]) if found else None
        if entity is None or found is None:
            continue
        if target.start < trig.start and any(trig.end <= m.start < found[1].start("setting") for m in after):
            continue  # "X raised Y in aged mice": X acts on Y there; ageing changes nothing
        done.add(i)
        parse.used.add(target.start)
        aspect = text[min(target.start, trig.start) : max(target.end, trig.end) + 30]
        parse.extra.extend(
            _relation_claims(
                ex, st, trig, (entity.id, entity.label, 0.8), [target], parse, breaks, aspect, False, where, True
            )
        )
    return done


def _agent_before(rules: Rules, text: str, start: int, at: int, before: Sequence[Mention]) -> bool:
    """Does the clause before ``at`` name an agent ("X supplementation improved Y", "it raised Y")?
    Then the verb is X's doing, not a change that a setting ("in older adults") brings about."""
    stop = max((m.end() for m in rules.breaks.finditer(text, start, at)), default=start)
    return any(m.start >= stop for m in before) or rules.anaphors.search(text, stop, at) is not None


def _relation_claims(
    ex: Extractor,
    st: _Statement,
    trig: _Trigger,
    subj: Subject,
    objects: Sequence[Mention],
    parse: _Parse,
    breaks: Sequence[int],
    aspect_text: str,
    table_row: bool,
    where: tuple[tuple[int, ...], tuple[int, int], Sequence[str], bool],
    setting: bool = False,
) -> list[ExtractedClaim]:
    """The records one trigger gives for one subject: one per object and context. A ``setting``
    (ageing) may change molecules, which other processes named as subjects may not."""
    subj_id, subj_written, subj_quality = subj
    cites, span, contexts, hedged = where
    rules = ex.rules
    text = st.text
    if hedged and trig.text and not table_row:
        # a hedge speaks of what follows it: "X does not inhibit A, and it may lower B" hedges B only
        hedged = bool(rules.hedges.search(text, 0, trig.start))
    out: list[ExtractedClaim] = []
    subj_type = ex.matcher.entities[subj_id].type
    if trig.kind.name in rules.compound_subject_only and subj_type not in _COMPOUNDS:
        return out
    invert = bool(
        subj_written
        and re.search(re.escape(subj_written) + _LOSS_OF_FUNCTION.pattern, text[: trig.start], re.IGNORECASE)
    )
    # negation: a cue between the clause start and the trigger, or "no effect" right after it; a cue
    # before an earlier trigger is that trigger's ("does not inhibit A, and it lowers B"), unless the
    # two are joined by "or"/"nor" ("does not inhibit A or activate B")
    clause_start = max([b for b in breaks if b < trig.start], default=0)
    before = [t for t in parse.triggers if t.text and t.end <= trig.start]
    if before and not _NEGATION_CARRIES.fullmatch(text[before[-1].end : trig.start]):
        clause_start = max(clause_start, before[-1].end)
    window = text[clause_start : trig.start]
    if table_row:
        window = text[objects[0].end :] if objects else text
    window = rules.not_negations.sub(" ", window)  # "not only … but also" denies nothing
    negated = bool(rules.negation.search(window if table_row else window[-40:])) or bool(
        re.match(r"\W*(?:had |has |have |showed |shows )?no\b", text[trig.end : trig.end + 20], re.IGNORECASE)
    )
    for obj in objects:
        if obj.entity == subj_id:
            continue
        if (
            not setting
            and subj_type in rules.non_molecular_subjects
            and (obj.type in _MOLECULAR or obj.type is EntityType.PATHWAY)
        ):
            continue
        if aspect_text:
            aspect = _aspect(rules, aspect_text)
        else:
            after = _AFTER_OBJECT.match(text[obj.end :])
            aspect = _aspect(rules, text[trig.start : obj.start] + " | " + (after.group(0) if after else ""))
        if obj.type in _COMPOUNDS and _EFFECTS_OF.search(text, max(trig.end, obj.start - 40), obj.start):
            continue  # "reverses the beneficial effects of X": the effects are the object, not X
        pred = _map(trig.kind, obj, aspect)
        if pred is None:
            continue
        if invert:
            pred = _INVERSE.get(pred, pred)  # "X knockdown lowers Y": X raises Y
        parse.used.add(obj.start)
        quantity = ""
        if pred is Predicate.HAS_PART:
            q = _QUANTITY.match(text[obj.end : obj.end + 12])
            quantity = q.group(1).replace(" ", "") if q else ""
        distance = 0 if table_row else max(0, obj.start - trig.end)
        conf = _confidence(trig.kind, subj_quality, obj, distance, hedged)
        for ctx in contexts:
            out.append(
                ExtractedClaim(
                    subject=subj_id,
                    predicate=pred,
                    object=obj.entity,
                    context=ctx,
                    direction="no_effect" if negated else "supports",
                    hedged=hedged,
                    cites=cites,
                    span=span,
                    confidence=conf,
                    as_written=subj_written if subj_type in _COMPOUNDS else "",
                    quantity=quantity,
                )
            )
    return out


#: Words after a subject that say it was removed or blocked: the effect seen is the opposite of its role.
_LOSS_OF_FUNCTION = re.compile(
    r"(?:\s*-\s*|\s+)(?:deficiency|deficient|knock-?down|knock-?out|loss|depletion|deletion|silencing|ablation|"
    r"null|inhibition|blockade|-/-)\b[^.;]{0,80}$"
)
_INVERSE = {
    Predicate.ACTIVATES: Predicate.INHIBITS,
    Predicate.INHIBITS: Predicate.ACTIVATES,
    Predicate.INCREASES_EXPRESSION: Predicate.DECREASES_EXPRESSION,
    Predicate.DECREASES_EXPRESSION: Predicate.INCREASES_EXPRESSION,
    Predicate.INCREASES_AMOUNT: Predicate.DECREASES_AMOUNT,
    Predicate.DECREASES_AMOUNT: Predicate.INCREASES_AMOUNT,
    Predicate.INCREASES_PHOSPHORYLATION: Predicate.DECREASES_PHOSPHORYLATION,
    Predicate.DECREASES_PHOSPHORYLATION: Predicate.INCREASES_PHOSPHORYLATION,
    Predicate.INCREASES_PROCESS: Predicate.DECREASES_PROCESS,
    Predicate.DECREASES_PROCESS: Predicate.INCREASES_PROCESS,
}
#: An apposition between two names: "resveratrol, a small polyphenol".
_APPOSITION = re.compile(r"\s*,\s*(?:a|an|the)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE)
# "X is a synthetic tetrapeptide composed of…", "X is a flavonol that inhibits…": the class named
# after the copula is what X is, so the clause after it speaks of X
_COPULA_NOMINAL = re.compile(
    r"\s+(?:(?:is|was)\s+(?:a|an|one)|(?:are|were)(?:\s+(?:the|two|several|many))?)\s+(?:[\w-]+\s+){0,3}", re.IGNORECASE
)
#: Words that open a clause of its own, with a subject of its own.
_CLAUSE_START = re.compile(r"[;:]|\b(?:that|which|who|whereas|while|because|since|although|when|where|if)\b", re.I)
#: What may stand between a subject and its verb: commas, auxiliaries, modals, adverbs, raising verbs.
_SUBJECT_GAP = re.compile(
    r"\s*(?:[,)]\s*)?(?:(?:also|further|then|thus|therefore|significantly|strongly|markedly|reportedly|directly|"
    r"indirectly|potently|may|might|can|could|will|would|does|do|did|has|have|had|is|are|was|were|be|been|being|"
    r"to|shown|found|reported|known|thought|suggested|believed|proposed|demonstrated|able|not|helps?|helped|"
    r"appears?|seems?|in\s+turn|in\s+part|further|both|itself|themselves|each)\s+){0,8}",
    re.IGNORECASE,
)
# "It scavenges X, inhibits Y, and lowers Z": a finite verb after "X," opens another verb phrase of
# the same subject (X is the object of the phrase before)
_VERB_LIST = re.compile(r"\s*,\s*(?:and\s+|as well as\s+)?(?:\w+ly\s+)?")
_FINITE = re.compile(r"[a-z]{3,}(?:s|ed)\b")
_DOWNSTREAM = re.compile(r"\b(?:subsequent(?:ly)?|downstream|in turn)\b", re.IGNORECASE)
_ROUTE = re.compile(r"\s*(?:via|through|by way of)\s+(?:the\s+)?", re.IGNORECASE)


def _routes(
    ex: Extractor, st: _Statement, mentions: Sequence[Mention], end: int, breaks: Sequence[int]
) -> list[Mention]:
    """Molecules or pathways named after "via"/"through" right after a relation's objects."""
    route = _ROUTE.match(st.text, end)
    if route is None:
        return []
    stop = next((b for b in breaks if b > route.end()), len(st.text))
    named = [
        m for m in mentions if route.end() <= m.start and m.end <= stop and m.type in (*_MOLECULAR, EntityType.PATHWAY)
    ]
    if not named or named[0].start - route.end() > 3:
        return []
    if re.match(r"\s*(?:signal(?:l)?ing\s+)?(?:pathways?|signal(?:l)?ing|cascades?)", st.text[named[-1].end :], re.I):
        named = [_as_pathway(ex, m) for m in named]
    return named


def _co_subjects(st: _Statement, mentions: Sequence[Mention], subj: Subject | None, trig: _Trigger) -> list[Subject]:
    """Names coordinated with the subject ("TLR2 and TLR4 proteins, which…"): more subjects."""
    if subj is None:
        return []
    chosen = [m for m in mentions if m.entity == subj[0] and m.surface == subj[1] and m.end <= trig.start]
    if not chosen:
        return []
    out: list[Subject] = []
    joined = False  # a list of agents has its "and" / "or"; "Unlike X, Y activates Z" has none
    current = chosen[-1]
    for m in reversed([m for m in mentions if m.end <= current.start]):
        gap = st.text[m.end : current.start]
        if not re.fullmatch(r"\s*(?:,\s*)?(?:and|or|nor)?\s*", gap) or not gap.strip(" "):
            break
        if (m.type in _SMALL_MOLECULES) != (current.type in _SMALL_MOLECULES):
            break  # "quercetin and resveratrol" share a verb; "quercetin and TNF" are no pair of agents
        joined = joined or bool(re.search(r"\b(?:and|or|nor)\b", gap))
        out.append((m.entity, m.surface, subj[2]))
        current = m
    return out if joined else []


def _modifier_claims(
    ex: Extractor,
    st: _Statement,
    mentions: Sequence[Mention],
    modifiers: Sequence[Mention],
    breaks: Sequence[int],
    cites: tuple[int, ...],
    span: tuple[int, int],
    contexts: Sequence[str],
    hedged: bool,
) -> list[ExtractedClaim]:
    """ "ERK-driven CREB phosphorylation", "stress-induced apoptosis": the first name raises the second."""
    kind = next((k for k in ex.rules.kinds if k.name == "increase"), None)
    if kind is None:
        return []
    out = []
    text = st.text
    for mod in modifiers:
        suffix = ex.rules.modifiers.match(text[mod.end : mod.end + 14])
        start = mod.end + (suffix.end() if suffix else 0)
        first = next((m for m in mentions if m.start >= start), None)
        if first is None or first.start - start > 40 or any(start <= b < first.start for b in breaks):
            continue
        targets = [first]
        for m in mentions:  # "X-induced A, B and C": every coordinated name
            if m.start >= targets[-1].end and re.fullmatch(r"\s*,?\s*(?:and|or)?\s*", text[targets[-1].end : m.start]):
                targets.append(m)
        subject_type = ex.matcher.entities[mod.entity].type
        for target in targets:
            if subject_type in ex.rules.non_molecular_subjects and target.type in _MOLECULAR:
                continue
            after = _AFTER_OBJECT.match(text[target.end :])
            aspect = _aspect(ex.rules, text[start : target.start] + " | " + (after.group(0) if after else ""))
            pred = _map(kind, target, aspect)
            if pred is None or target.entity == mod.entity:
                continue
            conf = _confidence(kind, 0.8, target, target.start - start, hedged)
            written = mod.surface if subject_type in _COMPOUNDS else ""
            for ctx in contexts:
                out.append(
                    ExtractedClaim(mod.entity, pred, target.entity, ctx, "supports", hedged, cites, span, conf, written)
                )
    return out


#: A role noun after a name: "an mTOR inhibitor", "a melatonin receptor agonist", "COX-2 blockers".
_ROLE_NOUN = re.compile(
    r"[\s-]{1,2}(?P<role>inhibitors?|blockers?|antagonists?|suppressors?|agonists?|activators?|stimulators?|"
    r"inducers?|enhancers?|modulators?|ligands?)\b",
    re.IGNORECASE,
)
_ROLE_PREDICATE = {
    "inhibitor": Predicate.INHIBITS, "blocker": Predicate.INHIBITS, "antagonist": Predicate.INHIBITS,
    "suppressor": Predicate.INHIBITS, "agonist": Predicate.ACTIVATES, "activator": Predicate.ACTIVATES,
    "stimulator": Predicate.ACTIVATES, "inducer": Predicate.ACTIVATES, "enhancer": Predicate.ACTIVATES,
    "modulator": Predicate.REGULATES, "ligand": Predicate.BINDS,
}  # fmt: skip


def _role_claims(
    ex: Extractor,
    st: _Statement,
    mentions: Sequence[Mention],
    roles: Sequence[tuple[Mention, re.Match[str]]],
    cites: tuple[int, ...],
    span: tuple[int, int],
    contexts: Sequence[str],
    hedged: bool,
) -> list[ExtractedClaim]:
    """ "Rapamycin is an mTOR inhibitor": the compound the statement is about acts on the named target.

    The subject is the nearest compound or chemical named before the target, else the document's
    compound when the statement speaks of it ("it", "the compound", or no other subject).
    """
    out = []
    for target, role in roles:
        if target.type not in _MOLECULAR and target.type is not EntityType.PATHWAY:
            continue
        pred = _ROLE_PREDICATE[role.group("role").lower().rstrip("s")]
        before = [m for m in mentions if m.end <= target.start and m.type in {*_COMPOUNDS, EntityType.CHEMICAL}]
        if before:
            subj, written, quality = before[-1].entity, before[-1].surface, 0.85
        elif st.compound and st.compound_ok:
            subj, written, quality = st.compound, st.compound_as_written, 0.7
        else:
            continue
        if subj == target.entity:
            continue
        conf = round(max(0.05, min(0.9 * quality * (0.85 if hedged else 1.0), 1.0)), 2)
        subject_type = ex.matcher.entities[subj].type if subj in ex.matcher.entities else EntityType.COMPOUND
        for ctx in contexts:
            out.append(
                ExtractedClaim(
                    subj, pred, target.entity, ctx, "supports", hedged, cites, span, conf,
                    written if subject_type in _COMPOUNDS else "",
                )
            )  # fmt: skip
    return out


def _as_pathway(ex: Extractor, m: Mention) -> Mention:
    pathway = ex.matcher.pathway_of.get(m.entity)
    if pathway is None:
        return m
    return Mention(m.start, m.end, pathway, EntityType.PATHWAY, m.surface, False)


def _demonstrative_objects(
    rules: Rules, st: _Statement, mentions: Sequence[Mention], text: str, start: int, end: int
) -> list[Mention]:
    """Objects named by a demonstrative ("stimulating this pathway"): the last entity of that type.

    The returned mention has the referent's entity but the demonstrative's place in this statement.
    """
    for type_name, pattern in rules.demonstratives:
        found = pattern.search(text, start, end)
        if found:
            pool = [
                m for m in [*st.recent, *(m for m in mentions if m.end <= found.start())] if m.type.value == type_name
            ]
            if pool:
                ref = pool[-1]
                return [Mention(found.start(), found.end(), ref.entity, ref.type, ref.surface, False)]
    return []


def _choose_subject(
    ex: Extractor,
    st: _Statement,
    mentions: Sequence[Mention],
    trig: _Trigger,
    earlier: Sequence[_Trigger],
    parse: _Parse,
) -> Subject | None:
    """The subject of a trigger: (entity id, as written, quality), or None.

    Rules, in order: a nominal relation ("its receptors") takes the entity right before it; a
    causal link ("activation of X leads to activation of Y") takes the object of the first
    relation; a relative pronoun ("which", "that") refers to the nearest entity before it; a
    gerund after a comma, "by", "through" or "and", or a verb coordinated with the previous one,
    inherits the previous subject; otherwise the nearest entity before the trigger that is not
    already an object; otherwise a demonstrative ("this pathway") names the last entity of that
    type; otherwise an anaphor ("it", "the compound") or an elided subject at the start of a
    bullet stands for the document's compound when that is unambiguous.
    """
    rules = ex.rules
    text = st.text
    before = [m for m in mentions if m.end <= trig.start]
    lead = text[before[-1].end : trig.start] if before else text[st.body_start : trig.start]
    if trig.kind.implied:  # "X has anti-inflammatory effects": the compound named or referred to before
        named = [m for m in before if m.type in _COMPOUNDS]
        if named:
            return (named[-1].entity, named[-1].surface, 0.9)
        if st.compound and st.compound_ok and rules.anaphors.search(text[st.body_start : trig.start]):
            return (st.compound, st.compound_as_written, 0.7)
    by_gerund = trig.text.lower().split()[0].endswith("ing") and re.search(
        r"\b(?:by|through|via|thereby)\s*$", text[: trig.start], re.IGNORECASE
    )
    defined = (
        len(before) > 1
        and re.fullmatch(r"\s*(?:which|that)\s+(?:\w+\s+){0,2}", lead, re.IGNORECASE) is not None
        and _COPULA_NOMINAL.fullmatch(text, before[-2].end, before[-1].start) is not None
    )  # "X are G protein-coupled receptors that bind Y": X binds Y
    if not trig.kind.breaks and before and not by_gerund and not defined:  # "by binding X": the clause's subject
        m = before[-1]
        return (m.entity, m.surface, 0.9)
    if earlier and parse.objects:
        prev_trig, prev_objects = earlier[-1], parse.objects[-1]
        link = text[prev_objects[-1].end if prev_objects else prev_trig.end : trig.start]
        if rules.causal_links.search(link) and re.fullmatch(r"[^.;]{0,60}", link):
            if prev_trig.text.lower().endswith(" of") and prev_objects:
                m = prev_objects[0]  # "activation of X leads to activation of Y"
                return (m.entity, m.surface, 0.85)
            if parse.previous_subject is not None:
                return parse.previous_subject  # "X activates Y, leading to phosphorylation of Z"
    if trig.text.lower().endswith(" of") and re.search(r"\bby\s+(?:the\s+)?$", text[: trig.start], re.IGNORECASE):
        return None  # "is initiated by the activation of X": X is the agent of another verb
    relative = re.search(r"\b(?:which|that)\b", lead, re.IGNORECASE)
    pronoun = rules.anaphors.search(lead) if before else None
    if pronoun and st.compound and st.compound_ok and (relative is None or pronoun.start() > relative.start()):
        return (st.compound, st.compound_as_written, 0.8)  # "…X; that the peptide raises Y": the pronoun is nearer
    if (
        before
        and relative
        and len(before) > 1
        and (
            _APPOSITION.fullmatch(text, before[-2].end, before[-1].start)
            or _COPULA_NOMINAL.fullmatch(text, before[-2].end, before[-1].start)
        )
    ):
        m = before[-2]  # "X, a small polyphenol that improves Y": the apposition stands for X
        return (m.entity, m.surface, 0.9)
    if (
        len(before) > 1
        and re.fullmatch(r"(?:\s+[\w-]+){0,2}\s*,\s*(?:\w+ly\s+)?", lead)
        and _APPOSITION.fullmatch(text, before[-2].end, before[-1].start)
        and not re.search(r"[;:]|\b(?:and|or)\b", text[before[-2].start : before[-1].start])
    ):
        m = before[-2]  # "X, a natural flavonoid, inhibits Y": the apposition closes and X acts
        return (m.entity, m.surface, 0.9)
    if before and (relative or re.fullmatch(r"\s*,\s*(?:an?|the)\s(?:(?!\band\b)[^,;])*", lead)):
        # a relative clause or an apposition ("NF-κB, a regulator of…") speaks of the name before it
        m = before[-1]
        return (m.entity, m.surface, 0.9)
    if trig.kind.default_subject:
        if before and before[-1].type in _COMPOUNDS:
            m = before[-1]
            return (m.entity, m.surface, 0.9)
        return (st.compound, st.compound_as_written, 0.6) if st.compound and st.compound_ok else None
    if before and st.compound and st.compound_ok and rules.anaphors.search(lead):
        return (st.compound, st.compound_as_written, 0.8)  # "…X, it activates Y": the pronoun is nearer
    fronted = _fronted_subject(rules, st, mentions, trig)
    if fronted is not None:
        return fronted
    previous = parse.previous_subject
    gerund_after = re.search(
        r"(?:,|\bby|\bthrough|\bvia|\bthereby|\bthus)\s*$", text[st.body_start : trig.start], re.IGNORECASE
    )
    if previous is None and gerund_after and trig.text.lower().split()[0].endswith("ing"):
        # "X provides protection by inhibiting Y": the subject of the main clause
        head = text[st.body_start : trig.start]
        first = next((m for m in before if m.start < st.body_start + 15), None)
        named = next((m for m in before if m.type in _COMPOUNDS), None)
        pronoun = rules.anaphors.search(head)
        if first is not None and not (pronoun and pronoun.start() < first.start - st.body_start):
            return (first.entity, first.surface, 0.85)
        if named is not None and not (pronoun and pronoun.start() < named.start - st.body_start):
            return (named.entity, named.surface, 0.85)
        if st.compound and st.compound_ok:
            return (st.compound, st.compound_as_written, 0.75)
    if earlier and previous is not None:
        gerund = trig.text.lower().split()[0].endswith("ing")
        head = text[: trig.start]
        if gerund and re.search(r"(?:,|\bby|\bthrough|\bvia|\band|\bthereby|\bwhile|\bthus)\s*$", head, re.IGNORECASE):
            return previous
        if re.search(r"(?:,|\band|\bor|\bthen)\s*(?:\w+ly\s+)?$", lead, re.IGNORECASE) and (
            not before or before[-1].start in parse.used
        ):
            return previous
    if before and _VERB_LIST.fullmatch(lead) and _FINITE.match(trig.text) and " " not in trig.text.strip():
        shared = _clause_subject(ex, st, before, text)
        if shared is not None:
            return shared
    free = [
        m
        for m in before
        if m.start not in parse.used
        and m.type not in rules.never_subjects
        and not rules.companions.search(text, st.body_start, m.end)  # "X, along with Y,": Y is not the subject
    ]
    nominal = trig.text.lower().endswith((" of", " with"))
    listed = bool(before) and bool(re.fullmatch(r"\s*,\s*(?:and\s+)?", text[before[-1].end : trig.start]))
    if nominal and listed:
        return previous  # "effects on X, Y, modulation of Z": the relation before speaks for the list
    if (
        free
        and free[-1] is before[-1]
        and len(before) > 1
        and not lead.strip()
        and _PARTICIPLE.search(trig.text.split()[0])
        and _COPULA_NOMINAL.fullmatch(text, before[-2].end, before[-1].start)
    ):
        m = before[-2]  # "X is a tetrapeptide composed of Y": the participle speaks of X
        return (m.entity, m.surface, 0.85)
    if free:
        m = free[-1]
        named = next((c for c in before if c.type in _COMPOUNDS and c.entity == st.compound), None)
        if (
            named is not None
            and named.start < m.start
            and st.compound_ok
            and not _SUBJECT_GAP.fullmatch(text[m.end : trig.start])
            and not _CLAUSE_START.search(text, named.end, m.start)
        ):
            # "X is said to be protective against tumours and also to lower Y": the name before the
            # verb is part of the predicate, the compound named first is the subject
            return (named.entity, named.surface, 0.85)
        return (m.entity, m.surface, 1.0 if m.exact else 0.95)
    if (
        earlier
        and parse.objects
        and parse.objects[0]
        and earlier[0].text.lower().endswith(" of")
        and re.fullmatch(r"\s*(?:the\s+)?", text[st.body_start : earlier[0].start], re.IGNORECASE)
    ):
        m = parse.objects[0][0]  # "The activation of X (by Y) is thought to inhibit Z": X inhibits Z
        return (m.entity, m.surface, 0.8)
    for type_name, pattern in rules.demonstratives:
        if pattern.search(lead if before else text[st.body_start : trig.start]):
            pool = [m for m in [*st.recent, *before] if m.type.value == type_name]
            if pool:
                m = pool[-1]
                return (m.entity, m.surface, 0.75)
    if not st.compound or not st.compound_ok:
        return None
    if rules.anaphors.search(text[st.body_start : trig.start]):
        return (st.compound, st.compound_as_written, 0.8)
    if st.sentence and not st.body_start and trig.text.split()[0].lower().endswith("ing"):
        return None  # "Inhibiting X has attracted attention": a gerund that opens a sentence is its subject
    if not trig.text.lower().endswith(" of") and re.fullmatch(r"\s*(?:\w+ly\s+)?", text[st.body_start : trig.start]):
        return (st.compound, st.compound_as_written, 0.7)  # elided subject of a bullet or label
    return None


#: A sentence that opens with the means: "Through activation of X, Y …", "By inhibiting X, Y …".
_FRONTED = re.compile(r"\s*(?:by|through|via|upon|after)\s+(?:the\s+|its\s+)?", re.IGNORECASE)


def _fronted_subject(rules: Rules, st: _Statement, mentions: Sequence[Mention], trig: _Trigger) -> Subject | None:
    """The subject of a relation in a fronted phrase of means ("Through activation of Nrf2, quercetin
    raises HO-1"; "By inhibiting NF-κB, resveratrol lowers IL-6"): the subject of the main clause,
    the first name after the phrase's comma, or the compound when a pronoun stands there."""
    text = st.text
    head = text[st.body_start : trig.start]
    gerund = trig.text.lower().split()[0].endswith("ing")
    if not _FRONTED.fullmatch(head) or not (gerund or trig.text.lower().endswith(" of")):
        return None
    comma = text.find(",", trig.end)
    if comma < 0:
        return None
    after = [m for m in mentions if m.start > comma]
    if after and re.fullmatch(r"[\s,]*(?:the\s+)?", text[comma : after[0].start], re.IGNORECASE):
        m = after[0]
        return (m.entity, m.surface, 0.85)
    if st.compound and st.compound_ok and rules.anaphors.match(text[comma + 1 :].lstrip()):
        return (st.compound, st.compound_as_written, 0.8)
    return None


def _clause_subject(ex: Extractor, st: _Statement, before: Sequence[Mention], text: str) -> Subject | None:
    """The subject a list of verb phrases shares ("It scavenges X, inhibits Y"): a name or an
    anaphor at the start of the statement followed by a finite verb before the last name; None
    when the statement does not open that way."""
    last = before[-1]
    head = text[st.body_start : last.start].lstrip()
    pronoun = ex.rules.anaphors.match(head)
    if pronoun is not None:
        rest = head[pronoun.end() :]
        if st.compound and st.compound_ok and _FINITE.search(rest) and not _CLAUSE_START.search(rest):
            return (st.compound, st.compound_as_written, 0.8)
        return None
    first = before[0]
    if first is last or first.start > st.body_start + 25 or first.type in ex.rules.never_subjects:
        return None
    if not _FINITE.search(text, first.end, last.start) or _CLAUSE_START.search(text, first.end, last.start):
        return None
    return (first.entity, first.surface, 0.85)


# --- one document ------------------------------------------------------------------------------


def _other_compounds(mentions: Iterable[Mention], compound: str | None) -> bool:
    return any(m.type is EntityType.COMPOUND and m.entity != compound for m in mentions)


def _reference_records(
    ex: Extractor, parsed: ParsedDocument, citing: dict[int, list[str]], warnings: list[str]
) -> list[dict[str, Any]]:
    records = []
    seen: set[int] = set()
    for ref in parsed.references:
        if ref.n in seen:
            warnings.append(f"{parsed.path}: reference number {ref.n} listed twice; the second entry is skipped")
            continue
        seen.add(ref.n)
        ids = []
        for ident in ref.ids:
            if isinstance(parse_identifier(ident), str):
                warnings.append(f"{parsed.path}: reference {ref.n}: identifier {ident!r} is malformed; skipped")
            else:
                ids.append(ident)
        unlisted = not getattr(ref, "listed", True)
        context = _words_before(parsed, ref.start) if unlisted else " ".join(citing.get(ref.n, []))
        meta = ex.works.find_keys(work_keys(ids, ref.title)) if ex.works is not None else None
        graded = grade(meta, ex.metadata) if meta is not None and ex.metadata is not None else None
        verdict = classify(
            ex.classifier, ref.title, ref.host, ids, ref.url, context, unlisted=unlisted, metadata=graded
        )
        rec: dict[str, Any] = {"n": ref.n, "title": ref.title, "host": ref.host}
        if ids:
            rec["ids"] = ids
        if ref.url:
            rec["url"] = ref.url
        rec["source_type"] = verdict.source_type.value
        rec["level"] = verdict.level.value
        rec["basis"] = verdict.basis.value
        rec["note"] = f"graded by the classifier: {verdict.rationale}"
        if not getattr(ref, "listed", True):
            shown = getattr(ref, "label", "") or str(ref.n)
            rec["note"] = f"cited as {shown!r} with no entry in a reference list; " + rec["note"]
        records.append(rec)
    return records


def _words_before(parsed: ParsedDocument, at: int) -> str:
    """The words of a statement before a citation marker at ``at`` (what the citing text says the
    cited work found: "in rats", "in a randomised trial"); back to the statement's start or the
    previous marker group, at most 400 characters. A marker right after another ("[3][6]", "2, 5")
    shares the words of the group."""
    start = max(0, at - 400)
    for seg in parsed.segments:
        if seg.start <= at <= seg.end + 2:
            start = max(start, seg.start)
            break
    window = parsed.text[start:at]
    group = _MARKER_GROUP_END.search(window)
    if group is not None:
        window = window[: group.start()]  # the words before the first marker of the group
    cut = max(window.rfind("]"), window.rfind(")") if window.rstrip().endswith(")") is False else -1)
    return window[cut + 1 :] if cut >= 0 else window


# the end of the words before a marker: earlier markers of the same group ("[3]", "[3], ", "(1,2)")
_MARKER_GROUP_END = re.compile(r"(?:\s{0,2}[\[(][^\[\]()]{1,20}[\])][\s,;]{0,3})+$")


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_stem(path: str) -> str:
    """The document's file stem made safe for record ids and file names (letters, digits, ``_.-``)."""
    stem = _UNSAFE.sub("-", unicodedata.normalize("NFKD", Path(path).stem).encode("ascii", "ignore").decode())
    return stem.strip("-.") or "document"


def extract_document(
    parsed: ParsedDocument,
    extractor: Extractor,
    progress: Callable[[int, int], None] | None = None,
    url: str | None = None,
    kind: str = "",
) -> ExtractionResult:
    """Draft claim and reference records for one parsed document (deterministic).

    ``progress(done, total)`` is told how many statements have been read, about twenty times.
    ``url``, where the document was retrieved from when known, helps say what kind of page it is
    and gives the draft's host; ``kind``, when the user declares it, is the kind of page.
    """
    warnings = list(parsed.warnings)
    stem = safe_stem(parsed.path)
    parsed = _without_furniture(parsed, extractor, warnings)
    texts = [
        unicodedata.normalize("NFC", " | ".join(seg.cells) if seg.kind == "table_row" and seg.cells else seg.text)
        for seg in parsed.segments
    ]  # mention offsets index these normalised texts
    distinct = list(dict.fromkeys(texts))  # a statement repeated word for word is grounded once
    workers = _workers_for(extractor, len(parsed.text))
    grounded = dict(zip(distinct, _shared_work(extractor, _grounder(extractor), distinct, workers), strict=True))
    found = [list(grounded[t]) for t in texts]
    found = _apply_abbreviations(texts, found, {m.entity: _label(extractor, m.entity) for ms in found for m in ms})
    found = _without_acronym_peptides(extractor, parsed.text, found)
    found = [_without_ratios(t, ms) for t, ms in zip(texts, found, strict=True)]
    choice = _compound_of_interest(extractor, parsed, texts, found)
    placeholder = len(warnings)
    if choice is None:
        warnings.append(
            f"{parsed.path}: no compound of interest found (title and text name none); "
            f"the draft names the placeholder {UNKNOWN_COMPOUND} and drafts no claim about it"
        )  # completed below with the number of claims the draft holds
    elif not choice.grounded:
        warnings.append(
            f"{parsed.path}: compound of interest {choice.written!r} is in no vocabulary; "
            f"drafted as the ungrounded project id {choice.id}"
        )
    registry = extractor.matcher.entities
    before = registry.get(choice.id) if choice is not None else None
    if choice is not None and (before is None or before.type not in _COMPOUNDS):
        # for this document the compound of interest is a compound, whatever its vocabulary calls it
        registry[choice.id] = Entity(
            choice.id,
            before.label if before else choice.written,
            EntityType.COMPOUND,
            id_source=before.id_source if before else IdSource.PROJECT,
        )
    try:
        result = _extract(parsed, extractor, warnings, stem, texts, found, choice, progress, url, workers, kind)
        if choice is None:  # say what the draft holds: claims about other subjects may be there
            n = len(result.claims)
            warnings[placeholder] += f"; {n} claim{'s' if n != 1 else ''} about other subjects drafted"
        return result
    finally:
        if choice is not None:
            if before is None:
                registry.pop(choice.id, None)
            else:
                registry[choice.id] = before


def _extract(
    parsed: ParsedDocument,
    extractor: Extractor,
    warnings: list[str],
    stem: str,
    texts: list[str],
    found: list[list[Mention]],
    choice: CompoundChoice | None,
    progress: Callable[[int, int], None] | None = None,
    url: str | None = None,
    workers: int = 1,
    declared: str = "",
) -> ExtractionResult:
    compound = choice.id if choice else None
    compound_written = choice.written if choice else ""
    if compound:
        found = [[replace(m, type=EntityType.COMPOUND) if m.entity == compound else m for m in ms] for ms in found]
        if choice is not None and not choice.grounded and choice.written:
            found = _name_mentions(texts, found, choice.written, compound)
        for alias in _compound_aliases(extractor, texts, found, compound):
            found = _name_mentions(texts, found, alias, compound)
    found = [_residue_mentions(extractor, t, ms) for t, ms in zip(texts, found, strict=True)]
    ref_numbers = {r.n for r in parsed.references}
    citing: dict[int, list[str]] = {}
    jobs: list[_Job] = []  # the statements to draft claims from, in order
    previous_mentions: list[Mention] = []
    dangling: set[int] = set()
    header_compound: str | None = None
    recent: list[list[Mention]] = []
    in_table = False
    seen: set[tuple[str, tuple[int, ...]]] = set()
    repeated = 0
    for seg, text, mentions in zip(parsed.segments, texts, found, strict=True):
        if seg.kind in ("sentence", "bullet"):
            # a statement repeated word for word (with the same citations) is one statement: its
            # first place stands for all
            said = (" ".join(text.split()), tuple(seg.citations))
            if said in seen:
                repeated += 1
                previous_mentions = mentions
                continue
            seen.add(said)
        if seg.kind == "heading":
            previous_mentions = []
            in_table = False
            if _claim_heading(extractor.rules, text, mentions):
                # "Quercetin Lowers Cholesterol": a heading that names its subject before a verb is a claim
                st = _Statement(text, mentions, compound, compound is not None, compound_written)
                jobs.append((st, (), (seg.start, seg.end), False))
            continue
        if seg.kind == "table_row" and not in_table:
            # the header row of a table may name the compound its rows are about
            names = [m for m in mentions if m.type is EntityType.COMPOUND]
            header_compound = names[0].entity if names else None
        in_table = seg.kind == "table_row"
        cites = tuple(sorted({n for n in seg.citations if n in ref_numbers}))
        dangling.update(n for n in seg.citations if n not in ref_numbers)
        for n in cites:
            citing.setdefault(n, []).append(seg.text)
        subject_compound, subject_written = compound, compound_written
        if seg.kind == "table_row" and header_compound:
            subject_compound = header_compound
            subject_written = extractor.matcher.entities[header_compound].label
        ok = subject_compound is not None and not _other_compounds([*mentions, *previous_mentions], subject_compound)
        label = _LABEL.match(text) if seg.kind != "table_row" else None
        rules = extractor.rules
        if not mentions and not (subject_compound and (rules.implied_words.search(text) or rules.against.search(text))):
            previous_mentions = mentions
            recent = [*recent[-2:], mentions]
            continue  # names nothing and no effect adjective: no claim can come of it
        st = _Statement(
            text,
            mentions,
            subject_compound,
            ok,
            subject_written,
            previous_mentions,
            label.end() if label else 0,
            [m for ms in recent for m in ms],
            seg.kind == "sentence",
        )
        jobs.append((st, cites, (seg.start, seg.end), seg.kind == "table_row"))
        previous_mentions = mentions
        recent = [*recent[-2:], mentions]  # demonstratives may point up to three statements back
    drafted = _shared_work(extractor, _drafter(extractor), jobs, workers, progress)
    claims = [c for cs in drafted for c in cs]
    if repeated:
        warnings.append(f"{parsed.path}: {repeated} statements repeat an earlier one word for word; read once")
    if dangling:
        listed = ", ".join(str(n) for n in sorted(dangling))
        warnings.append(f"{parsed.path}: citation markers with no reference entry dropped: {listed}")
    claims = _dedupe(claims)
    references = _reference_records(extractor, parsed, citing, warnings)
    names = [n for n in (compound_written, _label(extractor, compound) if compound else "") if n]
    kind = _document_kind(parsed, extractor, url, names, declared)
    host = normalise_host(url)
    vendor = kind is not None and kind.kind == "vendor"
    if vendor and any(not c.cites for c in claims):
        own = _self_reference(parsed, kind, references, host)
        references.append(own)
        claims = [c if c.cites else replace(c, cites=(own["n"],)) for c in claims]
    note = "extracted automatically (kg extract); source type and compound to be checked by a curator"
    if kind is not None:
        note += f"; document kind {kind.rationale}"
    document = {
        "file": Path(parsed.path).name,
        "sha256": parsed.sha256,
        "length": len(parsed.text),
        "label": (parsed.title or stem)[:200],
        "source_type": SourceType.VENDOR_SITE.value if vendor else SourceType.UNKNOWN_HOST.value,
        "compound_as_written": compound_written or "unknown",
        "compound": compound or UNKNOWN_COMPOUND,
        "references_numbered": bool(parsed.references_numbered),
        "note": note,
    }
    if host:
        document["host"] = host
    return ExtractionResult(
        path=parsed.path,
        stem=stem,
        document=document,
        entities=_entity_records(extractor, choice, claims),
        references=references,
        claims=claims,
        markers_found=parsed.markers_found,
        markers_resolved=parsed.markers_resolved,
        warnings=warnings,
    )


#: One statement to draft claims from: the statement, its citations, its span, whether a table row.
_Job = tuple[_Statement, tuple[int, ...], tuple[int, int], bool]

#: Documents at least this long (characters) share their per-statement work across the cores.
PARALLEL_DOCUMENT = 500_000


def _workers_for(ex: Extractor, length: int) -> int:
    """How many processes work a document of ``length`` characters (one below PARALLEL_DOCUMENT)."""
    if length < PARALLEL_DOCUMENT:
        return 1
    return max(1, min(ex.workers or available_workers(), 8))


def _grounder(ex: Extractor) -> Callable[[Sequence[str]], list[list[Mention]]]:
    def ground(texts: Sequence[str]) -> list[list[Mention]]:
        return [_content_mentions(ex, t, ms) for t, ms in zip(texts, ex.matcher.find_many(texts), strict=True)]

    return ground


def _drafter(ex: Extractor) -> Callable[[Sequence[_Job]], list[list[ExtractedClaim]]]:
    def draft(jobs: Sequence[_Job]) -> list[list[ExtractedClaim]]:
        return [_statement_claims(ex, st, cites, span, table) for st, cites, span, table in jobs]

    return draft


def _shared_work(
    ex: Extractor,
    fn: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``fn`` over ``items`` in chunks (across ``workers`` processes when more than one), one result
    per item, in order. Entities the vocabularies register while a chunk is worked are carried
    back, in the order they were first met, so the registry ends as one process would leave it."""
    registry = ex.matcher.entities

    def chunk(part: Sequence[T]) -> tuple[list[R], dict[str, Entity]]:
        known = set(registry)
        out = fn(part)
        return out, {k: v for k, v in registry.items() if k not in known}

    results: list[R] = []
    for out, learned in chunked_map(chunk, items, workers, progress=progress):
        results.extend(out)
        for k, v in learned.items():
            registry.setdefault(k, v)
    return results


_WORD_BEFORE = re.compile(r"(\w+)\s+$")
_AFFIX_BEFORE = re.compile(r"(?<![\w-])(?:anti|pro|non)-?$", re.IGNORECASE)
_ALSO = re.compile(
    r"\s{0,2}\((?:or|aka|a\.k\.a\.|also known as|also called|formerly|i\.e\.)\s+([^()]{1,80})\)", re.IGNORECASE
)
_ABBREVIATION = re.compile(r"\s{0,2}\(\s{0,2}([^\W_][^()\s;,]{0,14})\s{0,2}\)")


def _apply_abbreviations(
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
    pattern = re.compile(
        r"(?<![\w-])(?:" + "|".join(re.escape(s) for s in sorted(defined, key=len, reverse=True)) + r")(?![\w-])"
    )
    out = []
    for text, mentions in zip(texts, found, strict=True):
        kept = []
        for m in mentions:
            long = by_key.get(key_of(m.surface))
            kept.append(replace(m, entity=long.entity, type=long.type) if long is not None else m)
        for hit in pattern.finditer(text):
            if not any(m.start < hit.end() and hit.start() < m.end for m in kept):
                long = defined[hit.group(0)]
                kept.append(Mention(hit.start(), hit.end(), long.entity, long.type, hit.group(0), False))
        out.append(sorted(kept, key=lambda m: m.start))
    return out


#: "the Bcl-2/Bax ratio", "NAD+/NADH ratio": a ratio of two names is neither of them.
_RATIO = re.compile(
    r"[^\s/]{1,40}/[^\s/]{1,40}\s{1,3}ratios?\b|\bratios? of [^\s,;]{1,40} (?:to|and) [^\s,;.]{1,40}", re.I
)


def _without_ratios(text: str, mentions: list[Mention]) -> list[Mention]:
    """Names inside a ratio ("raised the Bcl-2/Bax ratio") are no objects: a ratio rising says
    nothing of either name on its own."""
    if "ratio" not in text.lower():
        return mentions
    spans = [(m.start(), m.end()) for m in _RATIO.finditer(text)]
    return [m for m in mentions if not any(a <= m.start and m.end <= b for a, b in spans)]


def _without_acronym_peptides(ex: Extractor, text: str, found: list[list[Mention]]) -> list[list[Mention]]:
    """A page that never speaks of peptides writes acronyms, not peptides in one-letter codes: its
    two- and three-letter capitals ("LDL", "CNS") grounded as peptides are dropped."""
    index = ex.matcher.index
    cues = getattr(index, "peptide_cues", None)
    if index is None or cues is None or cues.search(text):
        return found
    return [[m for m in ms if not index.short_peptide(m.surface, _label(ex, m.entity))] for ms in found]


def _residue_mentions(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
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


def _label(ex: Extractor, ident: str) -> str:
    ent = ex.matcher.entities.get(ident)
    return ent.label if ent is not None else ""


def _name_mentions(texts: Sequence[str], found: Sequence[list[Mention]], name: str, ident: str) -> list[list[Mention]]:
    """Mentions of a compound the vocabularies do not know, wherever the text writes its name."""
    pattern = re.compile(r"(?<![\w-])" + re.escape(name) + r"(?![\w-])", re.IGNORECASE)
    out = []
    for text, mentions in zip(texts, found, strict=True):
        extra = [
            Mention(m.start(), m.end(), ident, EntityType.COMPOUND, m.group(0), m.group(0) == name)
            for m in pattern.finditer(text)
            if not any(x.start < m.end() and m.start() < x.end for x in mentions)
        ]
        out.append(sorted([*mentions, *extra], key=lambda m: m.start) if extra else list(mentions))
    return out


#: "Moravil (ML-204)", "ML-204 (Moravil)": a name and another name of the same thing in brackets.
_ALIAS = re.compile(r"(?P<a>[A-Za-z][\w-]{2,40})\s{0,2}\((?P<b>[A-Za-z][\w-]{2,40})\)")


def _compound_aliases(ex: Extractor, texts: Sequence[str], found: Sequence[list[Mention]], compound: str) -> list[str]:
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


def _claim_heading(rules: Rules, text: str, mentions: Sequence[Mention]) -> bool:
    """A heading that states a relation: a name, then a trigger, then another name."""
    triggers = _triggers(rules, text, mentions)
    return any(any(m.end <= t.start for m in mentions) and any(m.start >= t.end for m in mentions) for t in triggers)


_DETERMINER_BEFORE = re.compile(r"\b(?:the|a|an)\s{1,2}$", re.IGNORECASE)


def _content_mentions(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """Mentions that name things: a vocabulary name that the rules read as grammar ("the peptide",
    "phosphorylation", "signalling") is dropped, and so is a disease or phenotype named as the
    setting of a statement ("in stroke", "patients with diabetes"). Curated names always stay."""
    curated = ex.matcher.curated
    out = []
    for k, m in enumerate(mentions):
        nxt = mentions[k + 1] if k + 1 < len(mentions) else None
        if (
            nxt is not None
            and m.surface.isalpha()
            and m.surface.islower()
            and nxt.entity != m.entity
            and re.fullmatch(r"[ \t]{1,2}", text[m.end : nxt.start])
            and _DETERMINER_BEFORE.search(text, max(0, m.start - 6), m.start)
        ):
            continue  # "the neuropeptide orexin", "the enzyme NAMPT": a class word naming what the next name is
        if _AFFIX_BEFORE.search(text, max(0, m.start - 6), m.start):
            continue  # "anti-aging", "pro-inflammatory": the name is part of an adjective
        if m.type in _SUBSTANCES and ex.rules.other_substance.match(text, m.end):
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


def _without_furniture(parsed: ParsedDocument, ex: Extractor, warnings: list[str]) -> ParsedDocument:
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


def _document_kind(
    parsed: ParsedDocument, ex: Extractor, url: str | None = None, names: Sequence[str] = (), declared: str = ""
) -> KindVerdict | None:
    """The kind of page: as the user declared it, else read from its text and URL."""
    if declared:
        return KindVerdict(declared, basis="declared")
    if ex.kinds is None or not parsed.text:
        return None
    return classify_kind(parsed.text, None, ex.kinds, url=url, names=names)


def _self_reference(
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


def _compound_of_interest(
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
    for seg, ms in zip(parsed.segments, found, strict=True):
        named = [m for m in ms if m.type in _COMPOUND_CANDIDATES]
        for k, m in enumerate(named):
            lead = k == 0 and m.start < SUBJECT_LEAD  # named first, at the start: the statement's subject
            candidates.append(Candidate(canonical[m.entity], seg.start + m.start, m.surface, 1.5 if lead else 1.0))
        if seg.kind == "heading":
            headings.extend(canonical[m.entity] for m in named)
    title = parsed.title or _first_line(parsed)
    title_ids = [canonical.get(m.entity, m.entity) for m in ex.matcher.find(title) if m.type in _COMPOUND_CANDIDATES]
    heading_texts = [seg.text for seg in parsed.segments if seg.kind == "heading"]

    def known(name: str) -> bool:
        return any(m.end - m.start >= len(name.strip()) for m in ex.matcher.find(name))

    head = title_head(title)
    head_ids = [canonical.get(m.entity, m.entity) for m in ex.matcher.find(head) if m.type in _COMPOUND_CANDIDATES]
    return choose_compound(
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


#: Characters from a statement's start within which a name counts as its subject.
SUBJECT_LEAD = 40


def _first_line(parsed: ParsedDocument) -> str:
    """The first line of the content: a saved page's title when the reader found no other."""
    for seg in parsed.segments[:3]:
        line = seg.text.strip().split("\n", 1)[0]
        if line:
            return line[:200]
    return ""


def _entity_records(
    ex: Extractor, choice: CompoundChoice | None, claims: Sequence[ExtractedClaim]
) -> list[dict[str, Any]]:
    """Entity records for the ids the draft uses that the ontology's curated entities lack."""
    used = {c.subject for c in claims} | {c.object for c in claims}
    if choice is not None:
        used.add(choice.id)
    else:
        used.add(UNKNOWN_COMPOUND)
    out = []
    for ident in sorted(used - ex.matcher.curated):
        if choice is not None and ident == choice.id:
            rec: dict[str, Any] = {"id": ident, "label": choice.written or ident, "type": EntityType.COMPOUND.value}
            if choice.grounded:
                known = ex.matcher.entities.get(ident)
                if known is not None and known.label != rec["label"]:
                    rec["synonyms"] = [known.label]
                rec["id_source"] = "standards"
                rec["note"] = f"compound of interest, {choice.rationale}"
            else:
                rec["id_source"] = "project"
                rec["note"] = "compound of interest, ungrounded: in no vocabulary the grounder knows"
        elif ident == UNKNOWN_COMPOUND:
            rec = {"id": ident, "label": "unknown compound", "type": EntityType.COMPOUND.value, "id_source": "project"}
            rec["note"] = "placeholder: the document names no compound of interest"
        else:
            ent = ex.matcher.entities[ident]
            rec = {"id": ident, "label": ent.label, "type": ent.type.value, "id_source": "standards"}
        out.append(rec)
    return out


def _dedupe(claims: Sequence[ExtractedClaim]) -> list[ExtractedClaim]:
    """One record per (subject, predicate, object, context, direction) and statement; best confidence kept."""
    best: dict[tuple[Any, ...], ExtractedClaim] = {}
    for c in claims:
        key = (c.subject, c.predicate, c.object, c.context, c.direction, c.span)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.span, c.subject, c.predicate.value, c.object, c.context))


# --- output ------------------------------------------------------------------------------------


def to_records(result: ExtractionResult) -> dict[str, Any]:
    """The seed-format mapping (document, references, claims) of one extraction result."""
    claims = []
    for i, c in enumerate(result.claims, start=1):
        rec: dict[str, Any] = {"id": f"x-{result.stem}-{i:03d}", "subject": c.subject}
        if c.as_written:
            rec["as_written"] = c.as_written
        rec.update(
            {
                "predicate": c.predicate.value,
                "object": c.object,
                "context": c.context,
                "direction": c.direction,
                "hedged": c.hedged,
                "cites": list(c.cites),
                "span": list(c.span),
            }
        )
        if c.quantity:
            rec["quantity"] = c.quantity
        rec["extracted"] = True
        rec["confidence"] = c.confidence
        claims.append(rec)
    out: dict[str, Any] = {"document": result.document}
    if result.entities:
        out["entities"] = result.entities
    out.update({"references": result.references, "claims": claims})
    return out


def render_records(result: ExtractionResult, fmt: str = "yaml", workers: int = 1) -> str:
    """The text of one output file (YAML in the seeds format, or JSON), deterministic.

    The YAML is written by the one seeds writer in its draft style (:data:`kg.seeds.writer.DRAFT`):
    a long claim list is written in chunks (across ``workers`` processes) and joined."""
    data = to_records(result)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    header = (
        f"# Extracted by kg extract from {result.document['file']} (draft: every claim has extracted: true\n"
        "# and a confidence; a curator accepts, fixes or drops each record). Spans index the document text.\n"
    )
    return seed_text(data, DRAFT, header, workers)


def output_name(result: ExtractionResult, fmt: str = "yaml") -> str:
    """File name of one result: ``x-<document stem>.yaml`` (the ``x-`` keeps keys apart from curated ones)."""
    return f"x-{result.stem}.{'json' if fmt == 'json' else 'yaml'}"


def write_records(results: Sequence[ExtractionResult], out: Path, fmt: str = "yaml", workers: int = 0) -> list[Path]:
    """Write every result into ``out`` atomically (all files or none); return the paths.

    ``workers`` processes share the writing of a very long draft (0: every core)."""
    from kg.output import atomic_write_many

    jobs = workers or available_workers()
    files = {out / output_name(r, fmt): render_records(r, fmt, jobs).encode("utf-8") for r in results if r.document}
    atomic_write_many(files)
    return sorted(files)


def extract_paths(
    paths: Iterable[Path],
    ontology: Path,
    progress: bool = False,
    sources: Mapping[str, str] | None = None,
    workers: int = 0,
    works: Path | None = None,
    kinds: Mapping[str, str] | None = None,
) -> list[ExtractionResult]:
    """Read and extract every file (folders expanded, sorted); bad files become warnings.

    ``sources`` maps file names (or paths as given) to the URLs the documents came from.
    ``workers`` processes share the work of a large document (0: every core; 1: this process only);
    the drafts are the same whatever the number. ``works`` is a metadata file (``kg resolve``
    writes it): a reference whose work it holds is graded from its publication types. ``kinds``
    maps file names to the kind of page the user declares (``kg.read.sources.PAGE_KINDS``).
    """
    from kg.read.reader import read_many

    extractor = replace(load_extractor(ontology), workers=workers)
    if works is not None:
        known = load_works(works)
        if known.by_key:
            extractor = replace(extractor, works=known, metadata=load_mapping(ontology))
    frozen = gc.get_freeze_count()
    gc.freeze()  # the vocabularies live to the end: the collector need not walk them again and again
    try:
        return _extract_all(read_many(paths, progress=progress), extractor, progress, sources, kinds)
    finally:
        if not frozen:
            gc.unfreeze()


def _extract_all(
    documents: Iterable[ParsedDocument],
    extractor: Extractor,
    progress: bool,
    sources: Mapping[str, str] | None,
    kinds: Mapping[str, str] | None = None,
) -> list[ExtractionResult]:
    """One result per document, in order, with progress on stderr for large documents."""
    results = []
    for parsed in documents:
        if not parsed.text.strip():
            # unreadable or empty: nothing to draft, but report why
            results.append(
                ExtractionResult(parsed.path, safe_stem(parsed.path), {}, [], [], warnings=list(parsed.warnings))
            )
            continue
        report = None
        if progress and len(parsed.text) >= LARGE_DOCUMENT:
            name = parsed.path
            print(
                f"{name}: {len(parsed.text):,} characters, {len(parsed.segments):,} statements read; "
                "grounding names and drafting claims",
                file=sys.stderr,
                flush=True,
            )

            def report(done: int, total: int, name: str = name) -> None:
                print(f"{name}: {done:,}/{total:,} statements drafted", file=sys.stderr, flush=True)

        url = url_for(sources, parsed.path) if sources else None
        kind = (url_for(kinds, parsed.path) or "") if kinds else ""
        results.append(extract_document(parsed, extractor, report, url, kind))
    return results


#: Documents at least this long (characters) report their progress on stderr.
LARGE_DOCUMENT = 1_000_000
