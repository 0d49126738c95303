"""The walk over a read document's segments: which statements to draft claims from, with their
citations, and what carries from one segment to the next (the previous names, a list's lead-in, a
table's header, statements already read)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from kg.extract.extractor import Extractor
from kg.extract.listlead import LeadIn, continuation, lead_in, list_item_text
from kg.extract.mention import Mention
from kg.extract.rules import Rules
from kg.extract.statement import Statement
from kg.extract.triggers import find_triggers
from kg.extract.workers import Job
from kg.model import EntityType

if TYPE_CHECKING:
    from kg.read.parsed import ParsedDocument, Segment

__all__ = ["Walk", "statement_jobs"]

#: A label opening a bullet or line ("Anti-stress effects: …"): the statement's body starts after it.
_LABEL = re.compile(r"^\s*[-*•]?\s*([^:.;]{1,60}):\s+")


@dataclass
class Walk:
    """What walking a document's segments gathers and carries from one segment to the next."""

    jobs: list[Job] = field(default_factory=list)  # the statements to draft claims from, in order
    citing: dict[int, list[str]] = field(default_factory=dict)  # reference number -> the texts citing it
    dangling: set[int] = field(default_factory=set)  # markers with no reference entry
    repeated: int = 0  # statements that repeat an earlier one word for word
    previous_mentions: list[Mention] = field(default_factory=list)
    header_compound: str | None = None
    recent: list[list[Mention]] = field(default_factory=list)
    in_table: bool = False
    part_rows: bool = False  # the table's header names its rows as the compound's parts ("Ingredient")
    lead_hedged: bool = False  # the list items that follow stand under a hedged lead-in ending in ":"
    lead_in: LeadIn | None = None  # the list items that follow complete a relation their lead-in began
    previous: tuple[str, list[Mention], int, tuple[int, ...]] | None = None  # the sentence before
    seen: set[tuple[str, tuple[int, ...]]] = field(default_factory=set)


def statement_jobs(
    parsed: ParsedDocument,
    extractor: Extractor,
    texts: list[str],
    found: list[list[Mention]],
    compound: str | None,
    compound_written: str,
) -> Walk:
    """The statements of a document to draft claims from, with the citations they make."""
    walker = _Walker(extractor, {r.n for r in parsed.references}, compound, compound_written)
    for seg, text, mentions in zip(parsed.segments, texts, found, strict=True):
        walker.segment(seg, text, mentions)
    return walker.walk


@dataclass
class _Walker:
    """One walk: the document's compound and reference numbers, and the state it carries."""

    ex: Extractor
    ref_numbers: set[int]
    compound: str | None
    written: str
    walk: Walk = field(default_factory=Walk)

    def segment(self, seg: Segment, text: str, mentions: list[Mention]) -> None:
        """One segment: a repeat skipped, a list item joined to its lead-in, a heading, or a statement."""
        walk = self.walk
        if seg.kind in ("sentence", "bullet"):
            # a statement repeated word for word (with the same citations) is one statement: its
            # first place stands for all
            said = (" ".join(text.split()), tuple(seg.citations))
            if said in walk.seen:
                walk.repeated += 1
                walk.previous_mentions = mentions
                return
            walk.seen.add(said)
        if self._list_item(seg, text, mentions):
            return
        if seg.kind == "heading":
            walk.previous_mentions = []
            walk.in_table = False
            if _claim_heading(self.ex.rules, text, mentions):
                # "Quercetin Lowers Cholesterol": a heading that names its subject before a verb is a claim
                st = Statement(text, mentions, self.compound, self.compound is not None, self.written)
                walk.jobs.append((st, (), (seg.start, seg.end), False))
            return
        self._job(seg, text, mentions)

    def _list_item(self, seg: Segment, text: str, mentions: list[Mention]) -> bool:
        """A list item, or a "This includes …" sentence, read with the lead-in before it
        (:mod:`kg.extract.listlead`): its job queued, True; else the lead-in state kept up to date, False."""
        walk, rules = self.walk, self.ex.rules
        lead, start = None, -1
        if seg.kind == "bullet" and walk.lead_in is not None and mentions and not find_triggers(rules, text, mentions):
            lead, start = walk.lead_in, 0
        elif seg.kind == "sentence" and walk.previous is not None and (at := continuation(text)) is not None:
            lead, start = lead_in(rules, *walk.previous, colon=False), at
        if seg.kind != "bullet":  # "Studies suggest it may:" hedges the list items under it
            walk.lead_hedged = text.rstrip().endswith(":") and bool(rules.hedges.search(text))
            colon = seg.kind in ("sentence", "heading") and text.rstrip().endswith(":")
            walk.lead_in = lead_in(rules, text, mentions, seg.start, tuple(seg.citations)) if colon else None
            walk.previous = (text, mentions, seg.start, tuple(seg.citations)) if seg.kind == "sentence" else None
        if lead is None:
            return False
        items = [replace(m, start=m.start - start, end=m.end - start) for m in mentions if m.start >= start]
        joined, joined_mentions, item_start = list_item_text(lead, text[start:], items)
        seg = replace(seg, start=lead.start, citations=(*lead.cites, *seg.citations))
        self._job(seg, joined, joined_mentions, item_start)
        return True

    def _job(self, seg: Segment, text: str, mentions: list[Mention], list_start: int = -1) -> None:
        """One sentence, bullet or table row: its citations noted and, when it can say something, its job
        (``list_start``: a list item joined to its lead-in, :mod:`kg.extract.listlead`)."""
        walk, rules = self.walk, self.ex.rules
        table = seg.kind == "table_row"
        if table and not walk.in_table:  # the header row may name the compound its rows are about, or parts
            names = [m for m in mentions if m.type is EntityType.COMPOUND]
            walk.header_compound = names[0].entity if names else None
            walk.part_rows = rules.part_headers.search(text) is not None
        walk.in_table = table
        cites = tuple(sorted({n for n in seg.citations if n in self.ref_numbers}))
        walk.dangling.update(n for n in seg.citations if n not in self.ref_numbers)
        for n in cites:
            walk.citing.setdefault(n, []).append(seg.text)
        compound, written = self.compound, self.written
        if table and walk.header_compound:
            compound, written = walk.header_compound, self.ex.matcher.entities[walk.header_compound].label
        if mentions or (compound and (rules.implied_words.search(text) or rules.against.search(text))):
            ok = compound is not None and not _other_compounds([*mentions, *walk.previous_mentions], compound)
            label = None if table else _LABEL.match(text)
            recent = [m for ms in walk.recent for m in ms]
            lead_hedged = seg.kind == "bullet" and walk.lead_hedged
            st = Statement(
                text,
                mentions,
                compound,
                ok,
                written,
                walk.previous_mentions,
                label.end() if label else 0,
                recent,
                seg.kind == "sentence",
                lead_hedged,
                list_start,
                table and walk.part_rows,
            )
            walk.jobs.append((st, cites, (seg.start, seg.end), table))
        # else: names nothing and no effect adjective, no claim can come of it
        walk.previous_mentions = mentions
        walk.recent = [*walk.recent[-2:], mentions]  # demonstratives may point up to three statements back


def _other_compounds(mentions: Iterable[Mention], compound: str | None) -> bool:
    """Does a statement (or the one before) name another compound than the document's?"""
    return any(m.type is EntityType.COMPOUND and m.entity != compound for m in mentions)


def _claim_heading(rules: Rules, text: str, mentions: Sequence[Mention]) -> bool:
    """A heading that states a relation: a name, then a trigger, then another name."""
    triggers = find_triggers(rules, text, mentions)
    return any(any(m.end <= t.start for m in mentions) and any(m.start >= t.end for m in mentions) for t in triggers)
