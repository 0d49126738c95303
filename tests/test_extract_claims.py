"""kg.extract.claims: the draft claims of one statement (running text, table rows, list items)."""

from __future__ import annotations

from dataclasses import replace

from kg.extract.claims import statement_claims
from kg.extract.extractor import Extractor
from tests.extract_steps import QUERCETIN, statement_of


def _claims(ex: Extractor, text: str, table: bool = False) -> set[tuple[str, str, str, str]]:
    st = statement_of(ex, text)
    return {(c.subject, c.predicate.value, c.object, c.direction) for c in statement_claims(ex, st, (), (0, 9), table)}


def test_a_sentence_gives_one_claim_per_object_with_its_span(reader_ex: Extractor) -> None:
    st = statement_of(reader_ex, "Quercetin lowers TNF and IL-6.")
    claims = statement_claims(reader_ex, st, (2,), (10, 40), False)
    assert {(c.subject, c.predicate.value, c.object) for c in claims} == {
        (QUERCETIN, "decreases_amount", "HGNC:11892"),
        (QUERCETIN, "decreases_amount", "HGNC:6018"),
    }
    assert all(c.span == (10, 40) and c.cites == (2,) for c in claims)


def test_questions_and_plans_give_nothing(reader_ex: Extractor) -> None:
    assert _claims(reader_ex, "Does quercetin lower TNF?") == set()
    assert _claims(reader_ex, "In this review we describe how quercetin lowers TNF.") == set()


def test_a_table_row_reads_its_cells(reader_ex: Extractor) -> None:
    got = _claims(reader_ex, "TNF | decreased", table=True)
    assert got == {(QUERCETIN, "decreases_amount", "HGNC:11892", "supports")}


def test_a_list_item_keeps_only_the_claims_on_its_own_names(reader_ex: Extractor) -> None:
    text = "Quercetin blocks NF-kB and lowers the release of IL-6"
    st = replace(statement_of(reader_ex, text), list_start=text.index("IL-6"))
    got = {(c.predicate.value, c.object) for c in statement_claims(reader_ex, st, (), (0, 9), False)}
    assert got == {("decreases_amount", "HGNC:6018")}
