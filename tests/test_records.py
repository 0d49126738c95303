"""One load's run (:mod:`kg.seeds.records`): records checked against a field spec, lists, labels, suggestions."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.seeds.records import Run, file_label, suggest, yaml_files
from kg.seeds.specs import CONTEXT_SPEC
from kg.seeds.yamlio import read_yaml


def _yaml(text: str) -> object:
    data, errors = read_yaml(Path("t.yaml"), raw=text.encode("utf-8"))
    assert not errors
    return data


def test_record_parsed_when_every_key_is_known_and_present() -> None:
    run = Run()
    rec = run.record(_yaml("id: rat\nlabel: rat model\n"), CONTEXT_SPEC, "t.yaml", "context")
    assert rec is not None and rec["id"] == "rat" and not run.errors


def test_record_errors_name_the_line_of_the_key() -> None:
    run = Run()
    data = _yaml("id: rat\nlabel: rat model\ncolour: red\n")
    assert run.record(data, CONTEXT_SPEC, "t.yaml", "context") is None
    assert [(e.line, e.message.split(" (")[0]) for e in run.errors] == [(3, "unknown key 'colour' in context")]
    run = Run()
    assert run.record(_yaml("label: rat model\n"), CONTEXT_SPEC, "t.yaml", "context") is None
    assert str(run.errors[0]) == "t.yaml:1: context is missing required key 'id'"


def test_items_of_a_list_with_their_lines_and_a_non_list_refused() -> None:
    run = Run()
    assert list(run.items(_yaml("- a\n- b\n"), "t.yaml", "claims")) == [(1, "a"), (2, "b")]
    assert list(run.items(None, "t.yaml", "claims")) == []
    assert list(run.items(_yaml("a: 1\n"), "t.yaml", "claims")) == []
    assert [e.message for e in run.errors] == ["claims must be a list"]


def test_yaml_files_sorted_and_labels_relative_inside_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("b.yaml", "a.yaml", "c.txt"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "d.yaml").mkdir()
    assert [p.name for p in yaml_files(tmp_path)] == ["a.yaml", "b.yaml"]
    monkeypatch.chdir(tmp_path)
    assert file_label(tmp_path / "a.yaml") == "a.yaml"
    assert file_label(Path("/elsewhere/a.yaml")) == "/elsewhere/a.yaml"


def test_suggest_close_ids_and_entities_labelled_the_name() -> None:
    assert suggest("HGNC:1034", ["HGNC:1033", "GO:0001"]) == " (did you mean: HGNC:1033)"
    assert suggest("bdnf", ["HGNC:1033"], {"HGNC:1033": "BDNF"}) == " (did you mean: HGNC:1033)"
    assert suggest("zzz", ["HGNC:1033"]) == ""
