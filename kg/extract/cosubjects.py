"""Names coordinated with a chosen subject ("TLR2 and TLR4 proteins, which …"): more subjects of the
same relation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from kg.extract.mention import Mention
from kg.extract.rules import SMALL_MOLECULES
from kg.extract.statement import Statement, Subject
from kg.extract.triggers import Trigger

__all__ = ["co_subjects"]


def co_subjects(st: Statement, mentions: Sequence[Mention], subj: Subject | None, trig: Trigger) -> list[Subject]:
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
        if (m.type in SMALL_MOLECULES) != (current.type in SMALL_MOLECULES):
            break  # "quercetin and resveratrol" share a verb; "quercetin and TNF" are no pair of agents
        joined = joined or bool(re.search(r"\b(?:and|or|nor)\b", gap))
        out.append((m.entity, m.surface, subj[2]))
        current = m
    return out if joined else []
