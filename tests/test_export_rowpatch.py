"""GraphML and the claim TSVs of an incremental build, reused claim by claim (:mod:`kg.formats.rowpatch`),
equal the files a full build writes: a document edited, added or removed; a previous file that
cannot be reused is written in full."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import kg.sizes as sizes
from kg.build import build
from kg.formats import rowpatch
from kg.formats.rowpatch import ROW_PATCHED, ClaimChange, old_edges, old_rows, row_writer
from kg.seeds.load import load_knowledge_base
from kg.seeds.synth import synthesize
from tests.conftest import ROOT

FILES = {"graphml": "mechkg.graphml", "tsv": "claims.tsv", "weak-tsv": "weak-support.tsv"}


@pytest.fixture(autouse=True)
def _streamed_rdf(monkeypatch: pytest.MonkeyPatch) -> None:
    """The patched route of a large graph (above 5,000 claims) at 600 records."""
    monkeypatch.setattr(sizes, "RDFLIB_EXPORT_LIMIT", 100)


@pytest.fixture
def built(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A 600-record project (6 documents) built once into a store and an exports folder."""
    project = tmp_path / "p"
    synthesize(600, seed=7, out=project, claims_per_file=100, lexicon_from=ROOT / "ontology")
    store, out = tmp_path / "store", tmp_path / "out"
    made, _ = build(project / "seeds", project / "ontology", out, store=store, cache=project / "cache")
    assert made.how == "full build"
    return project, store, out


def _change(documents: Path, how: str) -> None:
    """Edit a grade and a predicate, add a document repeating another's claims, or remove one."""
    if how == "edit":
        path = documents / "doc-00001.yaml"
        text = path.read_text(encoding="utf-8").replace("level: animal", "level: human_clinical_rct", 1)
        first = re.search(r"predicate: (\w+)", text)
        assert first is not None
        other = "binds" if first.group(1) != "binds" else "activates"
        path.write_text(text[: first.start(1)] + other + text[first.end(1) :], encoding="utf-8")
    elif how == "add":
        text = (documents / "doc-00003.yaml").read_text(encoding="utf-8").replace("id: doc-00003-", "id: doc-copy-")
        (documents / "doc-copy.yaml").write_text(text, encoding="utf-8")
    else:
        (documents / "doc-00004.yaml").unlink()


@pytest.mark.parametrize("how", ["edit", "add", "remove"])
def test_reused_rows_and_edges_equal_a_full_write(
    built: tuple[Path, Path, Path], tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    project, store, out = built
    used: dict[str, bool] = {}

    def spy(name: str, *args: object) -> object:
        writer = row_writer(name, *args)  # type: ignore[arg-type]
        used[name] = writer is not None
        return writer

    monkeypatch.setattr("kg.formats.patch.row_writer", spy)
    _change(project / "seeds" / "documents", how)
    again, _ = build(project / "seeds", project / "ontology", out, store=store, cache=project / "cache")
    assert again.how.startswith("incremental: 1 seed files changed")
    assert used == dict.fromkeys(ROW_PATCHED, True)
    fresh = tmp_path / "fresh-out"
    full, _ = build(project / "seeds", project / "ontology", fresh, store=tmp_path / "fresh-store", cache=False)
    assert full.how == "full build"
    for name in FILES.values():
        assert (out / name).read_bytes() == (fresh / name).read_bytes(), name


def test_a_claim_named_as_changed_is_written_again(built: tuple[Path, Path, Path], tmp_path: Path) -> None:
    """Rows of the previous file are taken only for claims not named: a row edited by hand stays
    when its claim is not named, and is written again when it is."""
    project, _, out = built
    kb = load_knowledge_base(project / "seeds", project / "ontology")
    first = kb.claims[0].id
    text = (out / "claims.tsv").read_text(encoding="utf-8")
    (out / "claims.tsv").write_text(text.replace(f"\n{first}\t", f"\n{first}\tX", 1), encoding="utf-8")
    for redone, kept in ((frozenset(), True), (frozenset({first}), False)):
        writer = row_writer("tsv", kb, out, ClaimChange(redone, len(kb.claims)))
        assert writer is not None
        with open(tmp_path / "claims.tsv", "wb") as fh:
            writer(fh)
        assert (f"\n{first}\tX" in (tmp_path / "claims.tsv").read_text(encoding="utf-8")) is kept
    assert (tmp_path / "claims.tsv").read_bytes() == text.encode("utf-8")


def test_previous_files_that_cannot_be_reused(built: tuple[Path, Path, Path]) -> None:
    """Another claim count, a quoted row, another GraphML head or a missing file: written in full."""
    project, _, out = built
    kb = load_knowledge_base(project / "seeds", project / "ontology")
    count = len(kb.claims)
    assert old_rows(out / "claims.tsv", count) is not None
    assert old_rows(out / "claims.tsv", count + 1) is None
    assert old_edges(out / "mechkg.graphml", kb, count) is not None
    assert old_edges(out / "mechkg.graphml", kb, count - 1) is None
    text = (out / "claims.tsv").read_text(encoding="utf-8")
    (out / "claims.tsv").write_text(text.replace("\t", '\t"', 20), encoding="utf-8")
    assert old_rows(out / "claims.tsv", count) is None
    graphml = (out / "mechkg.graphml").read_text(encoding="utf-8")
    (out / "mechkg.graphml").write_text(graphml.replace('attr.name="label"', 'attr.name="name2"', 1), encoding="utf-8")
    assert old_edges(out / "mechkg.graphml", kb, count) is None
    (out / "mechkg.graphml").unlink()
    assert row_writer("graphml", kb, out, ClaimChange(frozenset(), count)) is None
    assert tuple(FILES) == rowpatch.ROW_PATCHED
