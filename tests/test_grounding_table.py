"""The key table: rules read, term rows compiled into keys and candidate codes."""

from __future__ import annotations

from pathlib import Path

from kg.grounding.normalize import symbol_shaped
from kg.grounding.sources import Term
from kg.grounding.table import HEAD, compile_terms, read_rules

ROOT = Path(__file__).resolve().parents[1]
RULES = {"priority": ["hgnc", "mesh"], "min_key_length": 3, "common": ["family"]}


def test_symbol_shapes() -> None:
    assert symbol_shaped("IL6") and symbol_shaped("NF-kB") and symbol_shaped("CaN")
    assert not symbol_shaped("curcumin") and not symbol_shaped("tumor necrosis factor")
    assert HEAD == 6


def test_terms_become_keys_with_candidate_codes() -> None:
    terms = [
        Term("HGNC:11892", "TNF", "TNF", "protein", "hgnc", symbol=True),
        Term("HGNC:11892", "TNF", "tumor necrosis factor", "protein", "hgnc"),
        Term("MESH:D005190", "Family", "Family", "concept", "mesh"),  # a common word: left out
        Term("MESH:D1", "ab", "ab", "chemical", "mesh"),  # shorter than min_key_length: left out
    ]
    rows, table, firsts = compile_terms(terms, RULES)
    assert rows == [("HGNC:11892", "TNF", "protein", 0)]
    assert table["tnf"] == 1  # row 0, a symbol
    assert table["tumornecrosisfactor"] == 2  # row 0, written in several words
    assert "family" not in table and "ab" not in table
    assert {"tumor", "tumornecrosis", "tnf"} <= firsts


def test_a_name_of_several_ids_lists_the_agreed_one_first() -> None:
    terms = [
        Term("HGNC:7421", "MT-CO2", "COX-2", "protein", "hgnc", symbol=True),
        Term("HGNC:9605", "PTGS2", "COX-2", "protein", "hgnc", symbol=True),
    ]
    rows, table, _ = compile_terms(terms, RULES, {"MESH:D051546": "HGNC:9605", "HGNC:9605": "HGNC:9605"})
    codes = table["cox2"]
    assert isinstance(codes, tuple) and rows[codes[0] // 4][0] == "HGNC:9605"


def test_the_shipped_rules_are_read() -> None:
    rules = read_rules(ROOT / "ontology" / "grounding")
    assert rules["priority"] and "cat" in rules["ambiguous"]


def test_the_grounding_map_keeps_the_vocabularys_label_and_type() -> None:
    """A grounding-map row names an id by its code and guesses its type from the database;
    the vocabulary that defines the id keeps its label and type, the map only adds the name."""
    rules = {"priority": ["famplex_map", "mesh"], "min_key_length": 3}
    terms = [
        Term("MESH:D001794", "Blood Pressure", "Blood Pressure", "process", "mesh"),
        Term("MESH:D001794", "D001794", "blood pressures", "chemical", "famplex_map"),
    ]
    rows, table, _ = compile_terms(terms, rules)
    assert rows == [("MESH:D001794", "Blood Pressure", "process", 0)]
    assert table["bloodpressures"] // 4 == 0


def test_british_spellings_become_keys_of_the_same_id() -> None:
    """sources.yaml's ``spellings`` respell every name that is not a symbol; the index then holds
    both, and a symbol is never respelled."""
    from kg.grounding.sources import _with_spellings, respelled, spelling_rules

    rules = read_rules(ROOT / "ontology" / "grounding")
    pairs = spelling_rules(rules)
    for american, british in (
        ("Hemoglobins", "haemoglobins"),
        ("Aging", "ageing"),
        ("Ischemic Stroke", "ischaemic stroke"),
        ("tumor necrosis factor", "tumour necrosis factor"),
        ("Dietary Fiber", "dietary fibre"),
        ("Signaling", "signalling"),
    ):
        assert (respelled(american, pairs) or "").casefold() == british  # keys are case-folded
    assert respelled("curcumin", pairs) is None and respelled("HEMO1", pairs) is None
    terms = [Term("MESH:D000375", "Aging", "Aging", "process", "mesh")]
    rows, table, _ = compile_terms(_with_spellings(iter(terms), rules), {"priority": ["mesh"]})
    assert table["ageing"] // 4 == table["aging"] // 4 == 0 and len(rows) == 1
