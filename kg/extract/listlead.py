"""Lists whose lead-in holds the verb: "It lowers the production of:" then "- TNF-α", "- IL-6".

A sentence that ends in a colon right after a relation with no object hands that relation to the
list items under it, and any sentence to a next one that lists what it spoke of ("… in almost every
chronic disease. This includes heart disease, cancer …"): each item is read as the lead-in followed
by the item, and only the names of the item are taken as objects (the lead-in's own claims are
drafted once, from the lead-in itself).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from kg.extract.extractor import ExtractedClaim
from kg.extract.mention import Mention
from kg.extract.rules import Rules
from kg.extract.triggers import find_triggers

__all__ = ["LeadIn", "lead_in", "list_item_objects", "list_item_text"]


@dataclass(frozen=True)
class LeadIn:
    """A lead-in sentence whose relation waits for the list under it."""

    text: str  # the sentence without its closing colon
    mentions: tuple[Mention, ...]
    start: int  # where the sentence starts in the document
    cites: tuple[int, ...]


def lead_in(
    rules: Rules, text: str, mentions: Sequence[Mention], start: int, cites: tuple[int, ...], colon: bool = True
) -> LeadIn | None:
    """The lead-in a sentence is when it ends in a colon (or, with ``colon`` false, a full stop before a
    sentence that goes on with "This includes …") right after a relation with no named object."""
    body = text.rstrip()
    if not body.endswith(":" if colon else (".", "!")):
        return None
    body = body[:-1].rstrip()
    triggers = find_triggers(rules, body, mentions)
    if not triggers or (colon and any(m.start >= triggers[-1].end for m in mentions)):
        return None  # no relation, or its object is written before the colon (a class the next sentence may list)
    if len(body) - triggers[-1].end > _MAX_TAIL:
        return None
    return LeadIn(body, tuple(mentions), start, cites)


#: Characters allowed between the lead-in's last verb and its colon ("lowers the production of",
#: "plays a role in almost every chronic disease").
_MAX_TAIL = 50


def continuation(text: str) -> int | None:
    """Where the items begin in a sentence that lists what the sentence before left unnamed ("This
    includes heart disease, cancer …", "These include …", "Examples are …"), else None."""
    m = _CONTINUES.match(text)
    return m.end() if m else None


_CONTINUES = re.compile(
    r"\s*(?:this|these|they|such (?:[a-z]+ ){0,2}?[a-z]+s|examples?)\s+(?:includes?|including|comprises?|are|is)"
    r"(?:,?\s+(?:among others|for example|e\.g\.),?)?\s*:?\s+",
    re.IGNORECASE,
)


def list_item_text(lead: LeadIn, item: str, mentions: Sequence[Mention]) -> tuple[str, list[Mention], int]:
    """One list item read under its lead-in: the joined text, its mentions, and where the item begins."""
    offset = len(lead.text) + 1
    shifted = [replace(m, start=m.start + offset, end=m.end + offset) for m in mentions]
    return f"{lead.text} {item}", [*lead.mentions, *shifted], offset


def list_item_objects(
    claims: Sequence[ExtractedClaim], mentions: Sequence[Mention], item_start: int
) -> list[ExtractedClaim]:
    """The claims of a joined list item whose object the item names (and the lead-in does not)."""
    lead = {m.entity for m in mentions if m.start < item_start}
    item = {m.entity for m in mentions if m.start >= item_start} - lead
    return [c for c in claims if c.object in item]
