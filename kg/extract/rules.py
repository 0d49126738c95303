"""The extraction rules: trigger kinds, context rules and the cue patterns loaded from ``ontology/extraction``."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import SeedError, SeedErrors
from kg.extract.patterns import name_cues, words
from kg.model import EntityType, Predicate
from kg.read.rulefile import read_rules

__all__ = [
    "COMPOUNDS",
    "MOLECULAR",
    "SMALL_MOLECULES",
    "SUBSTANCES",
    "ContextRule",
    "E",
    "Rules",
    "TriggerKind",
    "contexts_of",
    "load_rules",
    "noun_forms",
]


MOLECULAR = {EntityType.PROTEIN, EntityType.PROTEIN_FAMILY, EntityType.CHEMICAL}
COMPOUNDS = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND}
SMALL_MOLECULES = {*COMPOUNDS, EntityType.CHEMICAL}
SUBSTANCES = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND, EntityType.CHEMICAL}


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
    elided_lead: re.Pattern[str] = re.compile(r"\s*(?:\w+ly\s+)?")  # "- Helps reduce X": no subject written
    symptom_heads: re.Pattern[str] = re.compile(r"(?!)")  # "depressive symptoms": the word before names it
    function_heads: re.Pattern[str] = re.compile(r"(?!)")  # "immune function": the word before names the process
    opposites: tuple[tuple[str, re.Pattern[str]], ...] = ()  # ("MESH:D007333", "insulin sensitivity")
    harmed_before: re.Pattern[str] = re.compile(r"(?!)")  # "damage to": the name after it is harmed, not acted on
    steadying: re.Pattern[str] = re.compile(r"(?!)")  # "healthy": "supports healthy X levels" steadies X
    short_form_heads: re.Pattern[str] = re.compile(r"(?!)")  # "nucleus": "suprachiasmatic nucleus (SCN)" is no molecule
    setting_adjectives: tuple[tuple[str, re.Pattern[str]], ...] = ()  # "age-related decline in": ageing's doing
    change_gap: re.Pattern[str] = re.compile(r"(?!)")  # words between a name and the verb of its change
    compound_classes: re.Pattern[str] | None = None  # "peptide", "flavonoid": what a compound is defined as
    loss_after: re.Pattern[str] = re.compile(r"(?!)")  # "SIRT1 knockdown …": the name's effect is turned
    loss_before: re.Pattern[str] = re.compile(r"(?!)")  # "inhibition of SIRT1 …": likewise, written before
    treated_by: re.Pattern[str] = re.compile(r"(?!)")  # "… fell after": the substance given comes next
    more: re.Pattern[str] = re.compile(r"(?!)")  # "higher", "more": one side of a comparison
    less: re.Pattern[str] = re.compile(r"(?!)")  # "lower", "less": the other
    comparative_links: re.Pattern[str] = re.compile(r"(?!)")  # "higher X means more Y"
    adjective_nouns: tuple[tuple[str, str], ...] = ()  # ("atory", "ation"): the noun an adjective's ending names
    outline: re.Pattern[str] = re.compile(r"(?!)")  # "In this review we describe …": a plan, not a finding
    shared_heads: re.Pattern[str] = re.compile(r"(?!)")  # "AMPA and kainate receptors": one head, two names
    #: between a modifier and the members of its class ("the adhesion molecules X"): the modifier is no object
    member_gap: re.Pattern[str] = re.compile(r"(?!)")
    no_difference: re.Pattern[str] = re.compile(r"(?!)")  # "were similar across the groups": nothing changed
    part_headers: re.Pattern[str] = re.compile(r"(?!)")  # "Ingredient": a table whose rows are the compound's parts


# --- loading -----------------------------------------------------------------------------------


E = TypeVar("E", bound=StrEnum)


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
        groups = tuple(words([g]) for g in item.get("all", []))
        rules.append(ContextRule(ctx, groups, tuple(item.get("unless", ()))))
    return tuple(rules)


def _trigger_kinds(data: dict[str, Any], tpath: Path) -> list[TriggerKind]:
    """The named trigger kinds of ``triggers.yaml`` with their predicate mapping."""
    mapping = data.get("mapping") or {}
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
                words(spec.get("patterns") or []),
                by_aspect,
                by_type,
                bool(spec.get("breaks", name != "bind")),
                spec.get("default_subject") == "compound",
            )
        )
    return kinds


def _implied_kinds(data: dict[str, Any], tpath: Path, kinds: list[TriggerKind], follower: str) -> list[TriggerKind]:
    """Effect adjectives that name their own object ("anti-inflammatory effects"), as trigger kinds."""
    by_name = {k.name: k for k in kinds}
    predicative = data.get("implied_predicative") or ""
    phrase_end = data.get("implied_phrase_end") or r"\s*[.,;:]"
    implied = []
    for item in data.get("implied") or []:
        base = by_name.get(str(item.get("kind")))
        if base is None:
            raise SeedErrors([SeedError(str(tpath), 1, f"implied: unknown kind {item.get('kind')!r}")])
        pattern = re.compile(rf"(?<![\w-])(?:{item['pattern']})(?:-like)?(?={follower})", re.IGNORECASE)
        implied.append(TriggerKind(base.name, 0.7, pattern, {}, base.by_type, False, True, str(item["object"])))
        if predicative:
            # "X is a potent antioxidant", "X is neuroprotective": said of the subject, with no follower
            pattern = re.compile(rf"(?<![\w-]){predicative}(?:{item['pattern']})s?(?={phrase_end})", re.IGNORECASE)
            implied.append(TriggerKind(base.name, 0.6, pattern, {}, base.by_type, False, True, str(item["object"])))
    return implied


def _cue_patterns(
    data: dict[str, Any], kinds: list[TriggerKind], residues: dict[str, str], against: re.Pattern[str]
) -> dict[str, Any]:
    """The Rules fields read around names and triggers: context, companions, settings, heads, residues."""
    heads = "|".join(data.get("member_class_heads") or ["(?!)"])
    return {
        "member_gap": re.compile(rf"\s+(?:{heads})\s+(?:\(\s*)?", re.IGNORECASE),
        "context_before": re.compile(
            r"(?:^|\W)(?:" + "|".join(data.get("context_before") or ["(?!)"]) + r")\W{1,3}$", re.IGNORECASE
        ),
        "residues": residues,
        "residue_sequence": _residue_sequence(residues),
        "trigger_starts": _trigger_starts(kinds),
        "against": against,
        "not_negations": words(data.get("not_negations") or ["(?!)"]),
        "companions": re.compile(
            r",\s{0,3}(?:" + "|".join(data.get("companions") or ["(?!)"]) + r")\s{1,3}[^,;]{1,80}$", re.IGNORECASE
        ),
        "settings": tuple(
            (
                str(item["entity"]),
                re.compile(rf"{_UP_TO_3_WORDS}(?P<setting>{item['pattern']})(?![\w-])", re.IGNORECASE),
            )
            for item in data.get("change_settings") or ()
            if isinstance(item, dict)
        ),
        "change_gap": re.compile(
            r"(?:\s{1,3}(?:" + "|".join(data.get("change_gap_words") or ["(?!)"]) + r")){0,4}\s{1,3}", re.IGNORECASE
        ),
        "setting_heads": re.compile(
            r"\s{1,2}(?:" + "|".join(data.get("setting_heads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
        "property_heads": re.compile(
            r"[+⁺]?\s{1,2}(?:" + "|".join(data.get("property_heads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
        "loss_after": re.compile(
            r"(?:\s*-\s*|\s+)(?:" + "|".join(data.get("loss_after") or ["(?!)"]) + r")\b[^.;]{0,80}$", re.IGNORECASE
        ),
        "loss_before": re.compile(
            r"(?<![\w-])(?:" + "|".join(data.get("loss_before") or ["(?!)"]) + r")\s+of\s+(?:the\s+)?$", re.IGNORECASE
        ),
        "treated_by": re.compile(
            r"\s{1,3}(?:[a-z]+ly\s{1,3})?(?:"
            + "|".join(sorted(data.get("treated_by") or ["(?!)"], key=len, reverse=True))
            + r")\s{1,3}"
            r"(?:(?:the|a|an|oral|daily|chronic|acute)\s{1,3}){0,2}",
            re.IGNORECASE,
        ),
        "adjective_nouns": tuple((str(k), str(v)) for k, v in (data.get("adjective_nouns") or {}).items()),
        "more": words(data.get("comparative_more") or ["(?!)"]),
        "less": words(data.get("comparative_less") or ["(?!)"]),
        "comparative_links": words(data.get("comparative_links") or ["(?!)"]),
        "other_substance": re.compile(
            r"[\s-]{0,2}(?:" + "|".join(data.get("other_substance_heads") or ["(?!)"]) + r")(?![\w-])", re.IGNORECASE
        ),
        **name_cues(data),
    }


def noun_forms(rules: Rules, stem: str) -> list[str]:
    """The stem of an "anti-" adjective and the nouns its ending points to ("neuroinflammatory" →
    "neuroinflammation", "fibrotic" → "fibrosis", "arrhythmic" → "arrhythmia")."""
    forms = [stem]
    for adjective, noun in rules.adjective_nouns:
        if stem.lower().endswith(adjective) and len(stem) > len(adjective) + 2:
            forms.append(stem[: len(stem) - len(adjective)] + noun)
    return forms


def load_rules(folder: Path, contexts: frozenset[str] = frozenset()) -> Rules:
    """Read ``triggers.yaml`` and ``contexts.yaml``; SeedErrors name the file and the bad value."""
    tpath, cpath = folder / "triggers.yaml", folder / "contexts.yaml"
    data, cues = read_rules(tpath, "extraction data"), read_rules(cpath, "extraction data")
    residues = {str(k): str(v) for k, v in (data.get("residues") or {}).items()}
    kinds = _trigger_kinds(data, tpath)
    follower = data.get("implied_followers") or r"\s+effects?"
    against = re.compile(rf"(?<![\w-])anti-?(?P<stem>[a-z]{{4,24}})(?:-like)?(?={follower})", re.IGNORECASE)
    kinds += _implied_kinds(data, tpath, kinds, follower)
    order = data.get("aspect_order") or list((data.get("aspects") or {}).keys())
    aspects = tuple((a, words(data["aspects"][a])) for a in order)
    return Rules(
        kinds=tuple(kinds),
        aspects=aspects,
        compound_subject_only=frozenset(data.get("compound_subject_only") or ()),
        compound_classes=re.compile("|".join(data["compound_classes"])) if data.get("compound_classes") else None,
        negation=words(data.get("negation") or ["not"]),
        hedges=words(data.get("hedges") or ["may"]),
        anaphors=words(data.get("anaphors") or ["it"]),
        breaks=re.compile("|".join(data.get("clause_breaks") or [";"]), re.IGNORECASE),
        demonstratives=tuple(
            (_entity_type(t, tpath, "demonstratives").value, words(p))
            for t, p in (data.get("demonstratives") or {}).items()
        ),
        causal_links=words(data.get("causal_links") or ["leads to"]),
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
        **_cue_patterns(data, kinds, residues, against),
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
