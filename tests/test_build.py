"""The build pipeline as a library: ``kg.build`` does what ``kg build`` does, without click."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import kg
import kg.sizes
from kg.build import build_graph
from kg.cli import main
from kg.errors import SeedErrors


def test_kg_build_writes_the_same_exports_as_the_command(project: Path, tmp_path: Path) -> None:
    built, published = kg.build(project / "seeds", project / "ontology", tmp_path / "lib", documents=project / "docs")
    assert published is None and built.where == "in memory" and built.store.triples > 0
    assert {p.name for p in built.written} >= {"mechkg.ttl", "mechkg.nt", "claims.tsv", "findings.tsv"}
    args = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    result = CliRunner().invoke(
        main, ["build", "--quiet", *args, "--documents", str(project / "docs"), "--out", str(tmp_path / "cli")]
    )
    assert result.exit_code == 0, result.output
    for path in built.written:
        assert path.read_bytes() == (tmp_path / "cli" / path.name).read_bytes(), path.name


def test_steps_are_reported_in_order(kb: kg.KnowledgeBase, project: Path, tmp_path: Path) -> None:
    steps: list[str] = []
    build_graph(kb, project / "ontology", tmp_path / "out", project / "docs", progress=steps.append)
    assert steps == [
        f"auditing {len(kb.claims)} claims",
        "loading the store",
        f"writing the exports into {tmp_path / 'out'}",
        "done",
    ]


def test_invalid_seeds_raise_before_anything_is_written(project: Path, tmp_path: Path) -> None:
    (project / "seeds" / "documents" / "broken.yaml").write_text("document: [\n", encoding="utf-8")
    with pytest.raises(SeedErrors):
        kg.build(project / "seeds", project / "ontology", tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_sizes_decide_which_builds_are_large(monkeypatch: pytest.MonkeyPatch) -> None:
    assert not kg.sizes.is_large(kg.sizes.RDFLIB_EXPORT_LIMIT)
    monkeypatch.setattr(kg.sizes, "RDFLIB_EXPORT_LIMIT", 0)
    assert kg.sizes.is_large(1)


def test_the_documented_api_is_importable() -> None:
    import kg.formats
    import kg.query

    assert callable(kg.build) and callable(kg.load_knowledge_base)
    assert callable(kg.formats.export) and callable(kg.formats.write_exports)
    assert all(callable(f) for f in (kg.query.weak_support, kg.query.paths, kg.query.preclinical_or_vendor_only))


def test_sparql_answers_as_text() -> None:
    from kg.render.present import rows_text

    rows = [("a", None), ("b", "2")]
    assert rows_text(["x", "y"], rows, "tsv") == "x\ty\na\t\nb\t2\n"
    assert rows_text(["x", "y"], rows, "table") == "x  y\na  \nb  2\n"
    assert rows_text(["x", "y"], rows, "json").startswith('[\n  {\n    "x": "a",\n    "y": ""')
