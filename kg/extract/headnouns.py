"""Names read from the head noun that follows or precedes them: "depressive symptoms" and "immune
function" name a disorder or process, "AMPA and kainate glutamate receptors" two receptors, and "the
mushroom" the compound of interest."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.mentions import in_place_of
from kg.extract.rules import noun_forms
from kg.model import EntityType

__all__ = ["class_anaphors", "shared_head_names", "symptom_mentions"]


def symptom_mentions(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """ "Depressive symptoms", "anxiety symptoms" name the disorder or phenotype their first word
    names, and "immune function", "cognitive health" the process or trait (an adjective's ending read
    as its noun, ``adjective_nouns``): a mention of it over the phrase, when no name covers the word yet."""
    added: list[Mention] = []
    for heads, types in (
        (ex.rules.symptom_heads, (EntityType.PHENOTYPE, EntityType.PROCESS)),
        (ex.rules.function_heads, (EntityType.PROCESS, EntityType.PHENOTYPE)),
    ):
        if heads.pattern != "(?!)":
            added.extend(_word_named(ex, text, mentions, heads, types))
    return in_place_of(mentions, added) if added else mentions


def _word_named(
    ex: Extractor, text: str, mentions: list[Mention], heads: re.Pattern[str], types: tuple[EntityType, ...]
) -> list[Mention]:
    """Mentions of what the word before one of ``heads`` names, when it is of one of ``types``."""
    added: list[Mention] = []
    for hit in heads.finditer(text):
        word = hit.group("word")
        like = word.endswith("-like")  # "anxiety-like behaviour" of an animal model: anxiety
        word = word.removesuffix("-like")
        if not like and any(m.start < hit.end("word") and hit.start("word") < m.end for m in mentions):
            continue
        for form in noun_forms(ex.rules, word):
            eid = ex.matcher.resolve(form)
            entity = ex.matcher.entity(eid) if eid else None
            if entity is not None and entity.type in types:
                added.append(Mention(hit.start(), hit.end(), entity.id, entity.type, hit.group(0), False))
                break
    return added


def shared_head_names(ex: Extractor, text: str, mentions: list[Mention]) -> list[Mention]:
    """Two names sharing one head noun ("AMPA and kainate glutamate receptors", "NMDA or AMPA
    receptors"): each modifier with the head, when a vocabulary names it so, in place of the names
    inside the phrase (the chemical AMPA, glutamate receptors in general)."""
    pattern = ex.rules.shared_heads
    if pattern.pattern == "(?!)" or (" and " not in text and " or " not in text):
        return mentions
    added: list[Mention] = []
    for hit in pattern.finditer(text):
        head = hit.group("head")
        heads = [head, head.split()[-1]] if " " in head else [head]
        named = []
        for part in ("a", "b"):
            word = hit.group(part)
            eid = next((e for h in heads if (e := ex.matcher.resolve(f"{word} {h}")) is not None), None)
            entity = ex.matcher.entity(eid) if eid else None
            named.append(entity)
        if any(e is None or e.type not in _HEADED for e in named):
            continue
        first, second = named
        assert first is not None and second is not None
        added.append(Mention(hit.start("a"), hit.end("a"), first.id, first.type, hit.group("a"), False))
        added.append(
            Mention(hit.start("b"), hit.end(), second.id, second.type, text[hit.start("b") : hit.end()], False)
        )
    return in_place_of(mentions, added)


#: What a shared head may name: receptors, channels, enzymes and their families, cells, processes.
_HEADED = {EntityType.PROTEIN, EntityType.PROTEIN_FAMILY, EntityType.CELL_TYPE, EntityType.PROCESS, EntityType.PATHWAY}


#: A determiner right before a name: "the mushroom", "this herb".
_DETERMINER = re.compile(r"(?<![\w-])(?:the|this|that)\s{1,2}$", re.IGNORECASE)


def class_anaphors(
    ex: Extractor, texts: Sequence[str], found: Sequence[list[Mention]], compound: str
) -> list[list[Mention]]:
    """A class noun a vocabulary names, after "the" or "this" ("the mushroom", "this herb"), speaks
    of the compound of interest, not of the class."""
    classes = ex.rules.compound_classes
    if classes is None:
        return list(found)
    out = []
    for text, mentions in zip(texts, found, strict=True):
        out.append(
            [
                replace(m, entity=compound, type=EntityType.COMPOUND)
                if m.entity != compound
                and classes.fullmatch(m.surface.lower())
                and _DETERMINER.search(text, max(0, m.start - 8), m.start)
                else m
                for m in mentions
            ]
        )
    return out
