"""The matcher over text: longest windows win, names share a head across "and"/"or", banners and
ions are told apart."""

from __future__ import annotations

from kg.grounding.lookup import KeyTable
from kg.grounding.scan import BLOCK, MAX_TOKENS, caps_lines, find_block
from kg.grounding.sources import Term
from kg.grounding.table import compile_terms

RULES = {"priority": ["hgnc", "doid"], "ambiguous": []}
TERMS = [
    Term("HGNC:11892", "TNF", "TNF", "protein", "hgnc", symbol=True),
    Term("HGNC:11892", "TNF", "tumor necrosis factor", "protein", "hgnc"),
    Term("DOID:1", "lung disease", "lung disease", "disease", "doid"),
    Term("DOID:2", "kidney disease", "kidney disease", "disease", "doid"),
    Term("DOID:3", "disease", "disease", "disease", "doid"),
    Term("HGNC:1", "CA2", "CA2", "protein", "hgnc", symbol=True),
    Term("HGNC:2874", "NQO1", "NAD(P)H quinone dehydrogenase 1", "protein", "hgnc"),
]


def _found(text: str) -> list[tuple[str, str]]:
    keys = KeyTable(compile_terms(TERMS, RULES), RULES)
    return [(text[h.start : h.end], h.curie) for h in find_block(keys, text, 0)]


def test_the_longest_window_wins() -> None:
    assert _found("TNF and tumor necrosis factor's role") == [
        ("TNF", "HGNC:11892"),
        ("tumor necrosis factor", "HGNC:11892"),
    ]
    assert BLOCK > 1000 and MAX_TOKENS >= 3


def test_names_sharing_a_head() -> None:
    assert _found("in lung and kidney diseases") == [("lung", "DOID:1"), ("kidney diseases", "DOID:2")]


def test_an_ion_is_no_gene_and_a_banner_line_is_told() -> None:
    assert _found("Ca2+ rises") == []
    assert _found("CA2 rises") == [("CA2", "HGNC:1")]
    test = caps_lines("A QUIET BANNER LINE\nsmall words here")
    assert test(3) and not test(25)


def test_a_name_with_brackets_inside_is_one_name_but_none_ends_inside_them() -> None:
    assert _found("raised NAD(P)H quinone dehydrogenase 1 levels") == [("NAD(P)H quinone dehydrogenase 1", "HGNC:2874")]
    assert _found("Ca(2+) entry and CA2 activity") == [("CA2", "HGNC:1")]  # "Ca(2" spells no gene
