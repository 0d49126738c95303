"""kg.extract.extractor: what reading needs loaded once (matcher, rules, classifier, page cues), and
the records it yields."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract.extractor import ExtractedClaim, ExtractionResult, Extractor, load_extractor
from kg.model import Predicate

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def test_the_project_ontology_loads_every_part(reader_ex: Extractor) -> None:
    assert reader_ex.matcher.resolve("quercetin") == "CHEBI:16243"
    assert reader_ex.rules.kinds and reader_ex.furniture is not None and reader_ex.kinds is not None
    assert reader_ex.contexts


def test_an_ontology_without_page_cues_reads_without_them(tmp_path: Path) -> None:
    copy = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, copy)
    shutil.rmtree(copy / "reading")
    ex = load_extractor(copy)
    assert ex.furniture is None and ex.kinds is None


def test_a_missing_rule_file_is_a_data_error_naming_it(tmp_path: Path) -> None:
    copy = tmp_path / "ontology"
    shutil.copytree(ONTOLOGY, copy)
    (copy / "extraction" / "triggers.yaml").unlink()
    with pytest.raises(KGError, match=r"triggers\.yaml"):
        load_extractor(copy)


def test_a_result_holds_its_claims_and_warnings() -> None:
    claim = ExtractedClaim("A", Predicate.INHIBITS, "B", "unspecified", "supports", False, (), (0, 1), 0.5)
    result = ExtractionResult("p.txt", "p", {}, [], [claim])
    assert result.claims == [claim] and result.warnings == [] and result.markers_found == 0
