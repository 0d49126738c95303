"""kg.extract.rules: the reading rules loaded from ontology/extraction (errors name the file and the
value), adjective-to-noun forms, and contexts."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.extract.extractor import Extractor
from kg.extract.rules import contexts_of, load_rules, noun_forms

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def test_an_adjective_names_its_noun(reader_ex: Extractor) -> None:
    assert "inflammation" in noun_forms(reader_ex.rules, "inflammatory")
    assert "immunity" in noun_forms(reader_ex.rules, "immune")
    assert "reproduction" in noun_forms(reader_ex.rules, "reproductive")


def test_contexts_are_named_by_the_words_of_a_statement(reader_ex: Extractor) -> None:
    assert contexts_of(reader_ex.rules, "it lowered TNF") == ["unspecified"]
    assert contexts_of(reader_ex.rules, "in rats with a stroke") != ["unspecified"]


def test_a_bad_rule_file_names_the_file_and_the_value(tmp_path: Path) -> None:
    folder = tmp_path / "extraction"
    folder.mkdir()
    text = (ONTOLOGY / "extraction" / "triggers.yaml").read_text(encoding="utf-8")
    (folder / "triggers.yaml").write_text(
        text.replace("type: {process: increases_process", "type: {process: raises_a_lot", 1)
    )
    (folder / "contexts.yaml").write_text((ONTOLOGY / "extraction" / "contexts.yaml").read_text(encoding="utf-8"))
    with pytest.raises(SeedErrors, match=r"triggers\.yaml.*raises_a_lot"):
        load_rules(folder)
