"""The parsed-seed cache (issue 18): unchanged files are read from it with the same values and
line numbers; a corrupt, cut-short, foreign or hostile entry is ignored with a note, never trusted;
nothing is cached from a load that fails."""

from __future__ import annotations

import hashlib
import json
import pickle
import shutil
from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.seeds.cache import SeedCache
from kg.seeds.load import load_knowledge_base
from kg.seeds.synth import synthesize
from kg.seeds.yamlio import LineDict, read_yaml

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesize(300, seed=2, out=out, claims_per_file=100, lexicon_from=ROOT / "ontology")
    return out


def _entries(folder: Path) -> list[Path]:
    """The parsed-file entries."""
    return sorted(p for p in folder.rglob("*.pickle") if "valid" not in p.parts)


def _valid_entries(folder: Path) -> list[Path]:
    """The validated-file entries."""
    return sorted(p for p in folder.rglob("*.pickle") if "valid" in p.parts)


def _load(project: Path, cache: SeedCache) -> object:
    return load_knowledge_base(project / "seeds", project / "ontology", cache=cache)


def test_a_cached_load_equals_a_parse_with_the_same_lines(project: Path, tmp_path: Path) -> None:
    notes: list[str] = []
    plain = load_knowledge_base(project / "seeds", project / "ontology")
    first = SeedCache(tmp_path / "c", notes.append)
    assert _load(project, first) == plain
    assert first.hits == 0 and first.misses > 0 and len(_entries(tmp_path / "c")) == first.misses
    second = SeedCache(tmp_path / "c", notes.append)
    assert _load(project, second) == plain
    assert second.hits == first.misses and second.misses == 0 and notes == []
    path = project / "seeds" / "documents" / "doc-00001.yaml"
    cached, errors = second.read(path)
    parsed, _ = read_yaml(path)
    assert errors == [] and isinstance(cached, LineDict)
    assert cached == parsed and cached.lines == parsed.lines
    claims = cached["claims"]
    assert claims.lines == parsed["claims"].lines and claims[3].lines == parsed["claims"][3].lines


def _damage_all(folder: Path, change: object) -> None:
    for entry in sorted(folder.rglob("*.pickle")):
        entry.write_bytes(change(entry.read_bytes()))  # type: ignore[operator]


def _hostile(blob: bytes) -> bytes:
    """An entry whose header is sound but whose payload names a function (it would run code)."""
    head = blob.index(b"\n", blob.index(b"\n") + 1) + 1
    payload = pickle.dumps(print)
    header = blob[: head - 1].decode("utf-8")
    meta = json.loads(header.split("\n", 1)[1])
    meta["payload_bytes"] = len(payload)
    meta["payload_sha256"] = hashlib.sha256(payload).hexdigest()
    return header.split("\n", 1)[0].encode() + b"\n" + json.dumps(meta).encode() + b"\n" + payload


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        (lambda blob: blob[: len(blob) // 2], "cut short"),
        (lambda blob: blob[:-3] + bytes([blob[-3] ^ 0xFF]) + blob[-2:], "content is corrupt"),
        (lambda blob: blob.replace(b'"code": "', b'"code": "old-', 1), "another mechkg version"),
        (lambda blob: b"garbage" + blob, "not a mechkg cache entry"),
        (_hostile, "cannot be read back (UnpicklingError)"),
    ],
    ids=["half-written", "corrupt", "foreign version", "foreign file", "hostile"],
)
def test_a_bad_entry_is_ignored_with_a_note(project: Path, tmp_path: Path, change: object, reason: str) -> None:
    plain = load_knowledge_base(project / "seeds", project / "ontology")
    _load(project, SeedCache(tmp_path / "c"))
    _damage_all(tmp_path / "c", change)
    notes: list[str] = []
    again = SeedCache(tmp_path / "c", notes.append)
    assert _load(project, again) == plain
    assert again.hits == 0 and notes
    assert all(reason in note and "note: ignoring cache entry" in note for note in notes)
    assert SeedCache(tmp_path / "c").read(project / "seeds" / "documents" / "doc-00000.yaml")[0] is not None
    third = SeedCache(tmp_path / "c", notes.append)  # the bad entries were replaced by sound ones
    _load(project, third)
    assert third.misses == 0


def test_nothing_is_cached_from_a_load_that_fails(project: Path, tmp_path: Path) -> None:
    broken = tmp_path / "p"
    (broken / "seeds").mkdir(parents=True)
    for folder in ("seeds", "ontology"):
        shutil.copytree(project / folder, broken / folder, dirs_exist_ok=True)
    bad = broken / "seeds" / "documents" / "doc-00002.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("level: ", "level: rodent_", 1), encoding="utf-8")
    with pytest.raises(SeedErrors, match="rodent_"):
        _load(broken, SeedCache(tmp_path / "c"))
    assert not (tmp_path / "c").exists()


def test_entries_of_other_code_versions_are_removed_when_new_ones_are_written(project: Path, tmp_path: Path) -> None:
    stale = tmp_path / "c" / ("0" * 16) / "ab"
    stale.mkdir(parents=True)
    (stale / "old.pickle").write_bytes(b"from another code version")
    (tmp_path / "c" / "notes").mkdir()  # not a version folder: left alone
    cache = SeedCache(tmp_path / "c")
    _load(project, cache)
    assert cache.misses > 0
    assert not (tmp_path / "c" / ("0" * 16)).exists() and (tmp_path / "c" / "notes").is_dir()
    assert len(_entries(tmp_path / "c")) == cache.misses


def _copy(project: Path, to: Path) -> Path:
    for folder in ("seeds", "ontology"):
        shutil.copytree(project / folder, to / folder)
    return to


def _errors(project: Path, cache: SeedCache | None) -> list[str]:
    """The messages of a load that fails (with or without a cache)."""
    with pytest.raises(SeedErrors) as caught:
        load_knowledge_base(project / "seeds", project / "ontology", cache=cache)
    return [str(e) for e in caught.value.errors]


def test_validated_files_are_reused_in_the_same_context_only(project: Path, tmp_path: Path) -> None:
    """The second load takes every seed file's validation from the cache; another ontology (or
    works file, retractions, code) is another context, whose entries are made anew."""
    copy = _copy(project, tmp_path / "p")
    plain = load_knowledge_base(copy / "seeds", copy / "ontology")
    _load(copy, SeedCache(tmp_path / "c"))
    documents = len(list((copy / "seeds" / "documents").glob("*.yaml")))
    assert len(_valid_entries(tmp_path / "c")) == documents
    again = SeedCache(tmp_path / "c")
    assert _load(copy, again) == plain
    assert again.misses == 0 and again._validated == {}  # nothing validated again
    contexts = sorted((copy / "ontology" / "contexts").glob("*.yaml"))[0]
    contexts.write_text(contexts.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    _load(copy, SeedCache(tmp_path / "c"))
    assert len(_valid_entries(tmp_path / "c")) == 2 * documents


def test_a_cached_file_whose_entity_is_gone_is_validated_again(project: Path, tmp_path: Path) -> None:
    """doc-00001 uses an entity doc-00000's entities block defines; once the block is removed, the
    cached validation of doc-00001 is not trusted: the load fails as it does without a cache."""
    copy = _copy(project, tmp_path / "p")
    documents = copy / "seeds" / "documents"
    first = documents / "doc-00000.yaml"
    block = 'entities:\n  - {id: "mechkg:drafted-1", label: "drafted thing", type: protein}\n'
    first.write_text(block + first.read_text(encoding="utf-8"), encoding="utf-8")
    second = documents / "doc-00001.yaml"
    text = second.read_text(encoding="utf-8")
    at = text.index("    subject: ", text.index("claims:"))
    end = text.index("\n", at)
    second.write_text(text[:at] + '    subject: "mechkg:drafted-1"' + text[end:], encoding="utf-8")
    _load(copy, SeedCache(tmp_path / "c"))
    first.write_text(first.read_text(encoding="utf-8").replace(block, ""), encoding="utf-8")
    expected = _errors(copy, None)
    assert any("mechkg:drafted-1" in e for e in expected)
    assert _errors(copy, SeedCache(tmp_path / "c")) == expected


@pytest.mark.parametrize(("edited", "source"), [("doc-00002", "doc-00001"), ("doc-00000", "doc-00001")])
def test_a_claim_id_used_again_gives_the_message_of_a_load_without_cache(
    project: Path, tmp_path: Path, edited: str, source: str
) -> None:
    """A changed file reusing a claim id of a cached file (before or after it): the same messages."""
    copy = _copy(project, tmp_path / "p")
    _load(copy, SeedCache(tmp_path / "c"))
    path = copy / "seeds" / "documents" / f"{edited}.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f"  - id: {edited}-0000", f"  - id: {source}-0000", 1), encoding="utf-8")
    expected = _errors(copy, None)
    assert any("duplicate claim id" in e for e in expected)
    assert _errors(copy, SeedCache(tmp_path / "c")) == expected


def test_a_renamed_file_is_validated_under_its_new_name(project: Path, tmp_path: Path) -> None:
    """The same content under another file name is another document (its key is the file stem)."""
    copy = _copy(project, tmp_path / "p")
    _load(copy, SeedCache(tmp_path / "c"))
    documents = copy / "seeds" / "documents"
    (documents / "doc-00001.yaml").rename(documents / "doc-renamed.yaml")
    plain = load_knowledge_base(copy / "seeds", copy / "ontology")
    assert "doc-renamed" in plain.documents
    assert _load(copy, SeedCache(tmp_path / "c")) == plain
