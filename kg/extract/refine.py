"""Mentions refined after matching: names that share a word across a list ("cell proliferation, survival,
and migration"), suspended hyphens ("pro- and anti-apoptotic"), and "A/B pathway" joined into the
pathway named so; the proteins that name a pathway ("Shh pathway")."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

from kg.extract.mention import Mention
from kg.model import Entity, EntityType

__all__ = ["composite_map", "expand_ellipsis", "merge_composites", "pathway_map"]

#: The entity a whole name denotes, or None (the matcher's ``resolve``).
Resolve = Callable[[str], "str | None"]

_LIST_ITEM = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([A-Za-z][\w-]*)\b")
_SUSPENDED = re.compile(r"(?<![\w-])([A-Za-z]+-)\s+(?:and|or|and/or)\s+()(?=[A-Za-z]+-\w)")

_JOIN = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?/\s*")
_TAIL = re.compile(r"\s*(?:signal(?:l)?ing\s+)?(?:pathways?|signal(?:l)?ing|cascades?|axis)\b", re.IGNORECASE)


def expand_ellipsis(
    text: str, found: list[Mention], offset: int, entities: Mapping[str, Entity], resolve: Resolve
) -> list[Mention]:
    """Coordinated bare nouns share the first word of a listed name.

    "cell proliferation, survival, and migration": "survival" and "migration" are read as
    "cell survival" and "cell migration" when those names exist.
    """
    extra: list[Mention] = []
    occupied = bytearray(len(text) + 1)
    for m in found:
        occupied[m.start - offset : m.end - offset] = b"\x01" * (m.end - m.start)
    for m in found:
        words = m.surface.split()
        if len(words) != 2 or not words[0].isalpha():
            continue
        pos = m.end - offset
        while True:
            item = _LIST_ITEM.match(text, pos)
            if item is None:
                break
            start, end = item.span(1)
            if end - start < 3:
                break  # "Erinacine D, a compound": an article, not a listed item
            if occupied.find(1, start, end) != -1:
                pos = end  # the item is a name of its own; the list goes on
                continue
            ent = resolve(f"{words[0]} {item.group(1)}")
            if ent is None:
                break
            extra.append(Mention(start + offset, end + offset, ent, entities[ent].type, item.group(1), False))
            pos = end
    # "pro- and anti-apoptotic proteins": the stub before "and" takes the rest of the next name
    for stub in _SUSPENDED.finditer(text):
        start, end = stub.span(1)
        if occupied.find(1, start, end) != -1:
            continue
        full = next((m for m in found if m.start - offset == stub.end(2)), None)
        if full is None or "-" not in full.surface:
            continue
        ent = resolve(stub.group(1) + full.surface.split("-", 1)[1])
        if ent is not None and ent != full.entity:
            extra.append(Mention(start + offset, end + offset, ent, entities[ent].type, stub.group(1), False))
    return sorted([*found, *extra], key=lambda c: c.start) if extra else found


def merge_composites(
    text: str, found: list[Mention], offset: int, composites: Mapping[tuple[str, str], str]
) -> list[Mention]:
    """Join "A (abbr)/B pathway" into the pathway entity named "A/B …" when there is one."""
    if not composites:
        return found
    # "phosphatidylinositol 3-kinase (PI3K)": the abbreviation repeats the mention before it
    found = [
        m
        for k, m in enumerate(found)
        if not (
            k
            and found[k - 1].entity == m.entity
            and re.fullmatch(r"\s*\(", text[found[k - 1].end - offset : m.start - offset])
            and text[m.end - offset : m.end - offset + 1] == ")"
        )
    ]
    out: list[Mention] = []
    i = 0
    while i < len(found):
        m = found[i]
        merged = None
        for j in range(i + 1, min(i + 3, len(found))):
            n = found[j]
            pathway = composites.get((m.entity, n.entity))
            gap = text[m.end - offset : n.start - offset]
            if pathway and _JOIN.fullmatch(gap):
                tail = _TAIL.match(text, n.end - offset)
                end = tail.end() + offset if tail else n.end
                surface = text[m.start - offset : end - offset]
                merged = (Mention(m.start, end, pathway, EntityType.PATHWAY, surface, False), j)
                break
            if not (j == i + 1 and _JOIN.fullmatch(gap + "/")):
                break  # only an abbreviation in parentheses may stand between A and B
        if merged:
            out.append(merged[0])
            i = merged[1] + 1
            while i < len(found) and found[i].start < merged[0].end:
                i += 1
        else:
            out.append(m)
            i += 1
    return out


def pathway_map(entities: Mapping[str, Entity], resolve: Resolve) -> dict[str, str]:
    """Proteins that name a pathway ("Shh pathway", "BDNF signaling"): protein id -> pathway id."""
    out: dict[str, str] = {}
    tail = re.compile(r"\s+(?:signal(?:l)?ing(?:\s+pathway)?|pathway|cascade)$", re.IGNORECASE)
    for ent in sorted(entities.values(), key=lambda e: e.id):
        if ent.type is not EntityType.PATHWAY:
            continue
        for name in (ent.label, *ent.synonyms):
            head = tail.sub("", name)
            if head == name or "/" in head:
                continue
            protein = resolve(head)
            if protein and entities[protein].type in (EntityType.PROTEIN, EntityType.PROTEIN_FAMILY):
                out.setdefault(protein, ent.id)
    return out


def composite_map(entities: Mapping[str, Entity], resolve: Resolve) -> dict[tuple[str, str], str]:
    """Pathways named "A/B …" (PI3K/Akt pathway), keyed by the entities A and B resolve to."""
    out: dict[tuple[str, str], str] = {}
    for ent in sorted(entities.values(), key=lambda e: e.id):
        if ent.type is not EntityType.PATHWAY:
            continue
        for name in (ent.label, *ent.synonyms):
            left, sep, right = name.partition("/")
            if not sep or not right.split():
                continue
            a = resolve(left.strip())
            b = resolve(right.split()[0].strip())
            if a and b and a != b:
                out.setdefault((a, b), ent.id)
    return out
