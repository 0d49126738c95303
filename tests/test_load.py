from __future__ import annotations

import re
from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.model import Direction, SupportClass
from kg.seeds.load import load_knowledge_base

from .conftest import DOC_TEXT, seed_yaml


def _load(project: Path, docs: bool = True):
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs" if docs else None)


def _write(project: Path, text: str, name: str = "widgetol.yaml") -> Path:
    path = project / "seeds" / "documents" / name
    path.write_text(text, encoding="utf-8")
    return path


def _errors(project: Path) -> list[str]:
    with pytest.raises(SeedErrors) as info:
        _load(project)
    return [str(e) for e in info.value.errors]


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def test_valid_project_loads(project: Path) -> None:
    kb = _load(project)
    assert len(kb.claims) == 4
    assert len(kb.references) == 3
    by_object = {c.object: c for c in kb.claims}
    assert by_object["HGNC:1033"].support is SupportClass.PRECLINICAL_ONLY
    assert by_object["GO:0043491"].support is SupportClass.VENDOR_ONLY
    assert by_object["GO:0051402"].support is SupportClass.CLINICAL
    assert by_object["FPLX:AKT"].support is SupportClass.UNCITED
    assert all(c.direction is Direction.SUPPORTS for c in kb.claims)


def test_unknown_predicate_names_line_and_allowed_values(project: Path) -> None:
    text = seed_yaml().replace('predicate: activates, object: "GO', 'predicate: activatez, object: "GO')
    _write(project, text)
    (msg,) = _errors(project)
    line = _line_of(text, "activatez")
    assert msg.startswith(f"seeds/documents/widgetol.yaml:{line}:") or f"widgetol.yaml:{line}:" in msg
    assert "unknown predicate 'activatez'" in msg
    assert "expected one of: activates, inhibits" in msg


def test_unknown_level_and_source_type_are_reported_together(project: Path) -> None:
    text = (
        seed_yaml()
        .replace("level: animal", "level: rodent")
        .replace("source_type: clinical_trial_report", "source_type: trial_paper")
    )
    _write(project, text)
    messages = _errors(project)
    assert len(messages) == 2
    assert any(f":{_line_of(text, 'rodent')}:" in m and "unknown evidence level 'rodent'" in m for m in messages)
    assert any("unknown source type 'trial_paper'" in m and "vendor_site" in m for m in messages)


def test_unknown_entity_suggests_close_ids(project: Path) -> None:
    text = seed_yaml().replace('object: "HGNC:1033"', 'object: "HGNC:1034"')
    _write(project, text)
    (msg,) = _errors(project)
    assert f":{_line_of(text, 'HGNC:1034')}:" in msg
    assert "unknown entity 'HGNC:1034'" in msg and "HGNC:1033" in msg


def test_bad_curie_prefix_lists_known_prefixes(project: Path) -> None:
    _write(project, seed_yaml().replace('object: "HGNC:1033"', 'object: "GENE:1033"'))
    (msg,) = _errors(project)
    assert "not a CURIE with a known prefix" in msg and "HGNC" in msg


def test_duplicate_claim_id_across_files(project: Path) -> None:
    other = seed_yaml().replace("id: w-2,", "id: w-9,").replace("id: w-3,", "id: w-8,").replace("id: w-4,", "id: w-7,")
    _write(project, other, "copy.yaml")
    (msg,) = _errors(project)
    assert "duplicate claim id 'w-1'" in msg
    assert "first used at" in msg


def test_citation_of_unlisted_reference(project: Path) -> None:
    text = seed_yaml().replace("cites: [2]", "cites: [2, 7]")
    _write(project, text)
    (msg,) = _errors(project)
    assert f":{_line_of(text, '[2, 7]')}:" in msg
    assert "reference 7 is not in this document's reference list (listed: 1, 2, 3)" in msg


def test_span_outside_document(project: Path) -> None:
    text = re.sub(
        r"span: \[\d+, \d+\]\}\n  - \{id: w-2",
        f"span: [5, {len(DOC_TEXT) + 10}]}}\n  - {{id: w-2",
        seed_yaml(),
    )
    _write(project, text)
    (msg,) = _errors(project)
    assert "lies outside the document" in msg and str(len(DOC_TEXT)) in msg


def test_sha256_mismatch_with_document_on_disk(project: Path) -> None:
    (project / "docs" / "widgetol.txt").write_text(DOC_TEXT + "edited\n", encoding="utf-8")
    (msg,) = _errors(project)
    assert "sha256 of widgetol.txt is" in msg
    _load(project, docs=False)  # without the documents the records alone are consistent


def test_malformed_yaml_reports_line(project: Path) -> None:
    text = seed_yaml().replace("label: test notes on Widgetol", "label: [unclosed")
    _write(project, text)
    (msg,) = _errors(project)
    assert "YAML syntax error" in msg
    assert re.search(r"widgetol\.yaml:\d+:", msg)


def test_all_errors_of_a_file_in_one_run(project: Path) -> None:
    text = (
        seed_yaml()
        .replace("predicate: increases_amount", "predicate: boosts")
        .replace("context: unspecified, cites: [2]", "context: nowhere, cites: [2]")
        .replace("direction", "direction")
        .replace("cites: [3]", "cites: [3], colour: red")
    )
    _write(project, text)
    messages = _errors(project)
    assert len(messages) == 3
    assert any("unknown predicate 'boosts'" in m for m in messages)
    assert any("unknown context 'nowhere'" in m and "rat-stroke" in m for m in messages)
    assert any("unknown key 'colour'" in m for m in messages)
    assert [int(m.split(":")[1]) for m in messages] == sorted(int(m.split(":")[1]) for m in messages)


def test_duplicate_yaml_key_is_an_error(project: Path) -> None:
    text = seed_yaml().replace("  label: test notes on Widgetol\n", "  label: a\n  label: b\n")
    _write(project, text)
    (msg,) = _errors(project)
    assert "duplicate key 'label'" in msg


def test_curator_basis_needs_a_note(project: Path) -> None:
    _write(project, seed_yaml().replace("level: animal, basis: title", "level: animal, basis: curator_knowledge"))
    (msg,) = _errors(project)
    assert "needs a note" in msg


def test_entity_defined_twice(project: Path) -> None:
    extra = project / "ontology" / "entities" / "more.yaml"
    extra.write_text('- {id: "HGNC:1033", label: BDNF again, type: protein}\n', encoding="utf-8")
    (msg,) = _errors(project)
    assert "test.yaml:2:" in msg and "duplicate entity id 'HGNC:1033'" in msg
    assert "first defined at" in msg and "more.yaml:1" in msg


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(SeedErrors, match="folder not found"):
        load_knowledge_base(tmp_path / "nope", tmp_path / "ontology")


def test_greek_letters_are_normalised(project: Path) -> None:
    # "κ" typed as a precomposed letter and NFC-equivalent input give the same label
    entities = project / "ontology" / "entities" / "test.yaml"
    entities.write_text(
        entities.read_text(encoding="utf-8") + '- {id: "FPLX:NFkappaB", label: "NF-\u03baB", type: protein_family}\n',
        encoding="utf-8",
    )
    kb = _load(project)
    assert kb.entities["FPLX:NFkappaB"].label == "NF-κB"
