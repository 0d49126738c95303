from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.formats.registry import EXPORTERS


@pytest.fixture
def run(project: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    runner = CliRunner()

    def invoke(*args: str):
        return runner.invoke(main, [*args], catch_exceptions=False)

    return invoke


DOCS = ("--documents", "docs")


def test_build_writes_exports_and_prints_weak_claims(run, project: Path) -> None:
    result = run("build", *DOCS)
    assert result.exit_code == 0, result.output
    assert "1 documents, 3 references" in result.output
    assert "== uncited (1) ==" in result.output
    assert "== vendor_only (1) ==" in result.output
    assert "PI3K turns on Akt." in result.output  # the span is read from the document at run time
    assert sorted(p.name for p in (project / "exports").iterdir()) == [
        "claims.tsv",
        "findings.tsv",
        "mechkg.graphml",
        "mechkg.jsonld",
        "mechkg.nt",
        "mechkg.ttl",
        "weak-support.tsv",
    ]


def test_bad_seed_exits_1_with_file_line_and_writes_nothing(run, project: Path) -> None:
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    seed.write_text(seed.read_text().replace("level: vendor_assertion", "level: vendor"))
    result = run("build", *DOCS)
    assert result.exit_code == 1
    assert "seeds/documents/widgetol.yaml:" in result.output
    assert "unknown evidence level 'vendor'" in result.output
    assert not (project / "exports").exists()


def test_small_build_is_quiet_and_large_build_reports_its_steps(
    run, project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import kg.sizes

    quiet = run("build", "--quiet", *DOCS)
    assert quiet.exit_code == 0 and "auditing" not in quiet.output and "reading" not in quiet.output
    monkeypatch.setattr(kg.sizes, "RDFLIB_EXPORT_LIMIT", 0)  # every build counts as large (progress)
    monkeypatch.setattr(kg.sizes, "LARGE_READ", 0)
    loud = run("build", "--quiet", *DOCS)
    assert loud.exit_code == 0, loud.output
    lines = loud.output.splitlines()
    assert lines[0].startswith("reading 1 seed files (") and lines[0].endswith(" ...")
    steps = [line.split(" ...")[0] for line in lines[1:4]]
    assert steps == ["auditing 4 claims", "loading the store", "writing the exports into exports"]
    exports = [line for line in lines[4:] if line.startswith("  ")]  # a line per export, with its seconds
    assert sorted(line.split()[0] for line in exports) == sorted(EXPORTERS)
    assert all(" written (" in line and line.endswith(" s)") for line in exports)
    assert lines[4 + len(exports)].startswith("done (writing the exports into exports: ")
    assert "(auditing 4 claims: " in lines[2]  # each step says how long the previous one took


def test_usage_error_exits_2(run) -> None:
    result = run("query", "weak", "--class", "nonsense")
    assert result.exit_code == 2
    assert "uncited" in result.output  # the allowed values are listed


def test_query_weak_json(run) -> None:
    result = run("query", "weak", "--format", "json", *DOCS)
    assert result.exit_code == 0
    records = json.loads(result.output)
    assert [r["support"] for r in records] == ["uncited", "vendor_only", "preclinical_only"]
    bdnf = records[-1]
    assert bdnf["references"][0]["level"] == "animal"
    assert bdnf["evidence"][0]["text"].startswith("Widgetol raised BDNF")


def test_query_weak_tsv_filtered(run) -> None:
    result = run("query", "weak", "--class", "vendor_only", "--format", "tsv")
    lines = result.output.strip().splitlines()
    assert lines[0].startswith("claim_id\tsubject_id")
    assert len(lines) == 2
    assert "\tvendor_only\t" in lines[1]


def test_query_about_unknown_entity(run) -> None:
    result = run("query", "about", "Gizmo")
    assert result.exit_code == 1
    assert "unknown entity 'Gizmo'" in result.output


def test_sparql_named_and_bound(run) -> None:
    result = run("sparql", "claims-about", "--bind", "entity=FPLX:AKT", "--format", "tsv")
    assert result.exit_code == 0
    rows = result.output.strip().splitlines()
    assert rows[0].split("\t") == ["claim", "id", "label", "support"]  # one row per claim: ?entity not selected
    assert len(rows) == 2
    assert "PI3K activates AKT" in rows[1]


def test_sparql_bad_bind_is_usage_error(run) -> None:
    assert run("sparql", "weak-support", "--bind", "novalue").exit_code == 2


def test_paths_prints_weakest_link(run) -> None:
    result = run("paths", "PI3K", "Akt")
    assert result.exit_code == 0
    assert "[weakest: uncited] PI3K -> AKT" in result.output


def test_export_single_file(run, project: Path) -> None:
    result = run("export", "-o", "out/claims.graphml")
    assert result.exit_code == 0
    assert (project / "out" / "claims.graphml").read_bytes().startswith(b"<?xml")


def test_validate_with_shacl(run) -> None:
    result = run("validate", "--shacl", *DOCS)
    assert result.exit_code == 0, result.output
    assert "conforms" in result.output


def test_help_teaches_with_examples(run) -> None:
    for args in (["--help"], ["build", "--help"], ["query", "weak", "--help"], ["sparql", "--help"]):
        out = run(*args).output
        assert "Example" in out or "Typical session" in out


def test_documents_env_var(run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MECHKG_DOCUMENTS", os.path.join("docs"))
    result = run("query", "weak", "--format", "json")
    assert "text" in json.loads(result.output)[0]["evidence"][0]
