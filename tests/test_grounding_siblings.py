"""An alias several genes share takes the sibling of a gene named beside it without doubt."""

from __future__ import annotations

from kg.grounding.lookup import Hit, KeyTable
from kg.grounding.siblings import by_siblings
from kg.grounding.sources import Term
from kg.grounding.table import compile_terms

RULES = {"priority": ["hgnc"]}
TERMS = [
    Term("HGNC:9604", "PTGS1", "PTGS1", "protein", "hgnc", symbol=True),
    Term("HGNC:9605", "PTGS2", "PTGS2", "protein", "hgnc", symbol=True),
    Term("HGNC:7421", "MT-CO2", "MT-CO2", "protein", "hgnc", symbol=True),
]


def test_the_sibling_is_chosen_and_the_rest_left_alone() -> None:
    keys = KeyTable(compile_terms(TERMS, RULES), RULES)
    sure = Hit(0, 5, "HGNC:9604", "PTGS1", "protein", "hgnc")
    open_choice = Hit(10, 15, "HGNC:7421", "MT-CO2", "protein", "hgnc", ("HGNC:9605",))
    out = by_siblings(keys, [sure, open_choice])
    assert out[0] is sure
    assert (out[1].curie, out[1].label, out[1].alternatives) == ("HGNC:9605", "PTGS2", ("HGNC:7421",))
    assert by_siblings(keys, [open_choice]) == [open_choice]  # no sibling named: unchanged
    decided = Hit(10, 15, "HGNC:7421", "MT-CO2", "protein", "famplex_map", ("HGNC:9605",))
    assert by_siblings(keys, [sure, decided]) == [sure, decided]
