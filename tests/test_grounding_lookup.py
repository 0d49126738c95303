"""One name asked of the key table: symbols written as symbols, singulars, curated names, peptides."""

from __future__ import annotations

from kg.grounding.lookup import Hit, KeyTable
from kg.grounding.sources import Term
from kg.grounding.table import compile_terms

RULES = {
    "priority": ["hgnc", "chebi"],
    "ambiguous": ["cat"],
    "amino_acids": {"G": "Gly", "H": "His", "K": "Lys"},
}
TERMS = [
    Term("HGNC:1516", "CAT", "CAT", "protein", "hgnc", symbol=True),
    Term("HGNC:1516", "CAT", "catalase", "protein", "hgnc"),
    Term("CHEBI:1", "cytokine", "cytokine", "chemical", "chebi"),
    Term("CHEBI:2", "Gly-His-Lys", "Gly-His-Lys", "chemical", "chebi"),
]


def _keys() -> KeyTable:
    return KeyTable(compile_terms(TERMS, RULES), RULES, {"X:1": ("curcumin", "chemical", "diferuloylmethane")})


def test_lookup_prefers_curated_names_and_keeps_symbols_to_their_shape() -> None:
    keys = _keys()
    assert keys.lookup("Diferuloylmethane") == [("X:1", "curcumin", "chemical")]
    assert keys.lookup("CAT")[0][0] == "HGNC:1516"
    assert keys.lookup("cat") == []  # an English word too: only written in capitals
    assert keys.row("HGNC:1516") == ("HGNC:1516", "CAT", "protein", 0) and keys.row("nope") is None


def test_a_window_hits_through_its_singular() -> None:
    keys = _keys()
    assert keys.plural("cytokines") and not keys.plural("houses")
    hit = keys.hit("cytokines", 4, 13, False, 100, False)
    assert hit == Hit(104, 113, "CHEBI:1", "cytokine", "chemical", "chebi")
    assert keys.hit("catalases", 0, 9, False, 0, True) is None  # written apart: no closed name


def test_a_short_peptide_in_one_letter_codes() -> None:
    keys = _keys()
    found = keys.peptide("the GHK peptide", (4, 7), 0)
    assert found is not None and found[1].curie == "CHEBI:2"
    assert keys.peptide("type MI here", (5, 7), 0) is None  # a roman numeral
    assert keys.short_peptide("GHK", "Gly-His-Lys") and not keys.short_peptide("GHK", "glycine")
