"""The grounding cache file: written once, reused while its stamp holds, rebuilt when stale or damaged."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.grounding import cache
from kg.grounding.cache import FORMAT, cache_path, cached_table, stamp
from kg.grounding.sources import source_files

RULES = {"priority": ["hgnc"]}


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MECHKG_CACHE", str(tmp_path / "cache"))
    resources = tmp_path / "resources"
    resources.mkdir()
    for path in source_files(resources):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("", encoding="utf-8")
    # the compiler itself is stood in for: these tests are about the file, not the vocabularies
    monkeypatch.setattr(cache, "vocabulary_terms", lambda folder, rules: [])
    monkeypatch.setattr(cache, "mesh_equivalents", lambda folder: {})
    return resources


def test_the_cache_path_names_the_format(folder: Path) -> None:
    assert cache_path().name == f"grounding-v{FORMAT}.pickle"


def test_written_then_reused_then_rebuilt_when_stale(folder: Path) -> None:
    said: list[str] = []
    assert cached_table(folder, RULES, said.append) == ([], {}, frozenset())
    assert any("compiling" in s for s in said) and cache_path().is_file()
    said.clear()
    cached_table(folder, RULES, said.append)
    assert said == []
    before = stamp(folder, RULES)
    assert stamp(folder, {"priority": ["mesh"]}) != before  # other rules: another stamp
    cached_table(folder, {"priority": ["mesh"]}, said.append)
    assert any("stale" in s for s in said)


def test_a_damaged_or_foreign_file_is_replaced(folder: Path) -> None:
    cached_table(folder, RULES, lambda msg: None)
    path = cache_path()
    raw = bytearray(path.read_bytes())
    raw[-3] ^= 0xFF
    path.write_bytes(bytes(raw))
    said: list[str] = []
    cached_table(folder, RULES, said.append)
    assert any("corrupt" in s for s in said)
    path.write_bytes(b"something else\n")
    said.clear()
    cached_table(folder, RULES, said.append)
    assert any("not a mechkg index" in s for s in said)
