"""Table rows: which cell acts on which ("Citicoline | 250 mg | Raises acetylcholine", "TNF | decreased"),
and the parts a table of ingredients lists."""

from __future__ import annotations

from collections.abc import Sequence

from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.mention import Mention
from kg.extract.rules import COMPOUNDS, SUBSTANCES, contexts_of
from kg.extract.statement import Statement, Subject, confidence_of
from kg.model import Predicate

__all__ = ["part_claims", "table_row_parts"]


def part_claims(ex: Extractor, st: Statement, cites: tuple[int, ...], span: tuple[int, int]) -> list[ExtractedClaim]:
    """The compound has the substance a row of its ingredient table names first ("Citicoline | 250 mg")."""
    first = st.mentions[0] if st.mentions else None
    if first is None or first.type not in SUBSTANCES or not st.compound or not st.compound_ok:
        return []
    if first.entity == st.compound or " | " in st.text[: first.start]:
        return []  # the first cell names no part
    conf = confidence_of(next(k for k in ex.rules.kinds if k.name == "contain"), 0.9, first, 0, False)
    return [
        ExtractedClaim(
            st.compound,
            Predicate.HAS_PART,
            first.entity,
            ctx,
            "supports",
            False,
            cites,
            span,
            conf,
            st.compound_as_written,
        )
        for ctx in contexts_of(ex.rules, st.text)
    ]


def table_row_parts(st: Statement, mentions: Sequence[Mention]) -> tuple[list[Mention], Subject | None, str]:
    """A table row's object, subject and aspect text (objects, subject, aspect text)."""
    # a table row: the entity of the first cell is the object, a compound (or the document's) the subject;
    # a substance in the first cell and a name in a later one ("Citicoline | 250 mg | Raises acetylcholine"):
    # the substance acts on the name
    text = st.text
    if len(mentions) > 1 and mentions[0].type in SUBSTANCES and " | " in text[mentions[0].end : mentions[1].start]:
        first, later = mentions[0], mentions[1]
        return [later], (first.entity, first.surface, 0.9), text[later.start - 30 : later.end + 40]
    objects = [m for m in mentions if m.type not in COMPOUNDS][:1]
    subject = next((m for m in mentions if m.type in COMPOUNDS), None)
    subj: Subject | None = (subject.entity, subject.surface, 1.0) if subject else None
    if subj is None and st.compound and st.compound_ok:
        subj = (st.compound, st.compound_as_written, 0.8)
    aspect_text = text[: objects[0].end + 40] if objects else ""
    return objects, subj, aspect_text
