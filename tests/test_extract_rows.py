"""kg.extract.rows: table rows (which cell acts on which) and an ingredient table's parts."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.extractor import Extractor
from kg.extract.rows import part_claims, table_row_parts
from kg.model import Predicate
from tests.extract_steps import QUERCETIN, statement_of


def test_a_target_row_is_acted_on_by_the_document_compound(reader_ex: Extractor) -> None:
    st = statement_of(reader_ex, "TNF | decreased")
    objects, subj, _ = table_row_parts(st, st.mentions)
    assert [m.entity for m in objects] == ["HGNC:11892"] and subj is not None and subj[0] == QUERCETIN


def test_a_substance_row_acts_on_the_name_in_a_later_cell(reader_ex: Extractor) -> None:
    st = statement_of(reader_ex, "Caffeine | 50 mg | Raises dopamine")
    objects, subj, _ = table_row_parts(st, st.mentions)
    assert [m.entity for m in objects] == ["CHEBI:18243"] and subj is not None and subj[0] == "CHEBI:27732"


def test_an_ingredient_row_is_a_part_of_the_compound(reader_ex: Extractor) -> None:
    st = replace(
        statement_of(reader_ex, "Caffeine | 50 mg", compound="mechkg:calm-blend", written="Calm Blend"), part_row=True
    )
    [claim] = part_claims(reader_ex, st, (), (0, 9))
    assert (claim.subject, claim.predicate, claim.object) == ("mechkg:calm-blend", Predicate.HAS_PART, "CHEBI:27732")
