"""One statement being read: its text and mentions, the parse state, predicate mapping and confidence."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from kg.extract.extractor import ExtractedClaim
from kg.extract.mention import Mention
from kg.extract.rules import COMPOUNDS, MOLECULAR, Rules, TriggerKind
from kg.extract.triggers import Trigger
from kg.model import EntityType, Predicate

__all__ = ["Parse", "Statement", "Subject", "aspect_of", "confidence_of", "predicate_for"]


@dataclass
class Statement:
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
    lead_hedged: bool = False  # a list item under a hedged lead-in ("Studies suggest it may:")
    list_start: int = -1  # a list item joined to its lead-in: where the item begins (its names are the objects)
    part_row: bool = False  # a row of a table of the compound's parts ("Ingredient | Amount | …")


def aspect_of(rules: Rules, text: str) -> str | None:
    """The first aspect (activity, level, expression…) whose words occur in ``text``, or None."""
    for name, pattern in rules.aspects:
        if pattern.search(text):
            return name
    return None


def predicate_for(kind: TriggerKind, obj: Mention, aspect: str | None) -> Predicate | None:
    """The predicate a trigger gives with this object: by the aspect word, else by the object's type
    (the compound of interest as an object is a chemical: "NAMPT produces NMN", "CD38 degrades it")."""
    otype = obj.type
    if otype in COMPOUNDS and otype not in kind.by_type:
        otype = EntityType.CHEMICAL
    if otype in MOLECULAR and aspect and aspect in kind.by_aspect:
        return kind.by_aspect[aspect]
    return kind.by_type.get(otype)


def confidence_of(kind: TriggerKind, subj_quality: float, obj: Mention, distance: int, hedged: bool) -> float:
    """Transparent product of features: trigger strength, name match, distance, hedge."""
    score = kind.strength * subj_quality * (1.0 if obj.exact else 0.9)
    score *= 1.0 - min(distance, 200) / 400
    if hedged:
        score *= 0.85
    return round(max(0.05, min(score, 1.0)), 2)


Subject = tuple[str, str, float]


@dataclass
class Parse:
    """What has been read of a statement so far: per trigger, its subject and objects."""

    subjects: list[Subject | None] = field(default_factory=list)
    objects: list[list[Mention]] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    triggers: Sequence[Trigger] = ()  # every trigger of the statement, in text order
    extra: list[ExtractedClaim] = field(default_factory=list)  # claims read before the main pass

    @property
    def previous_subject(self) -> Subject | None:
        """The subject of the last trigger that had one."""
        return next((s for s in reversed(self.subjects) if s is not None), None)
