"""KGX exports: nodes and edges in TSV and JSON Lines, checked by the real kgx validator."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from click.testing import CliRunner

from kg.cli import main
from kg.formats.kgx import EDGE_COLUMNS, LIST_COLUMNS, NODE_COLUMNS, kgx_jsonl_files, kgx_tsv_files
from kg.formats.registry import EXPORTERS, write_exports
from kg.model import Direction, KnowledgeBase
from kg.vocab.iris import PREDICATE_BIOLINK
from tests.interchange_tools import checker_python, run_checker

#: Prefixes mechkg must use that the Biolink prefix map does not hold (FamPlex; project ids).
PREFIXES_UNKNOWN_TO_BIOLINK = {"FPLX", "mechkg"}


def _rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(data.decode("utf-8").splitlines(), delimiter="\t"))


def test_edges_carry_biolink_predicates_qualifiers_publications_and_grades(seeds_kb: KnowledgeBase) -> None:
    files = kgx_tsv_files(seeds_kb)
    edges = _rows(files["mechkg_edges.tsv"])
    assert tuple(edges[0]) == EDGE_COLUMNS
    assert len(edges) == len(seeds_kb.claims)
    by_id = {row["id"].rsplit("/", 1)[1]: row for row in edges}
    for claim in seeds_kb.claims:
        row = by_id[claim.id]
        predicate, aspect, direction = PREDICATE_BIOLINK[claim.predicate]
        assert (row["subject"], row["predicate"], row["object"]) == (claim.subject, predicate, claim.object)
        assert row["object_aspect_qualifier"] == (aspect or "")
        assert row["object_direction_qualifier"] == (direction or "")
        assert row["qualified_predicate"] == ("biolink:causes" if direction else "")
        assert row["negated"] == str(claim.direction is not Direction.SUPPORTS)
        assert row["support_class"] == claim.support.value
        assert row["evidence_level"] == (claim.best_level.value if claim.best_level else "")
        cited = {i for r in claim.references for i in r.ids if i.split(":")[0] in ("PMID", "PMCID", "doi")}
        assert set(filter(None, row["publications"].split("|"))) == cited
        assert (row["knowledge_level"], row["agent_type"]) == ("knowledge_assertion", "manual_agent")
        assert row["primary_knowledge_source"] == "infores:mechkg"
    assert any(row["publications"] for row in edges)
    nodes = _rows(files["mechkg_nodes.tsv"])
    assert tuple(nodes[0]) == NODE_COLUMNS
    assert {n["id"] for n in nodes} == {c.subject for c in seeds_kb.claims} | {c.object for c in seeds_kb.claims}
    assert all(n["category"].startswith("biolink:") for n in nodes)


def test_jsonl_holds_the_same_records_as_tsv(seeds_kb: KnowledgeBase) -> None:
    tsv, jsonl = kgx_tsv_files(seeds_kb), kgx_jsonl_files(seeds_kb)
    for kind in ("nodes", "edges"):
        rows = _rows(tsv[f"mechkg_{kind}.tsv"])
        records = [json.loads(line) for line in jsonl[f"mechkg_{kind}.jsonl"].decode("utf-8").splitlines()]
        assert len(rows) == len(records)
        for row, rec in zip(rows, records, strict=True):
            for key, cell in row.items():
                value = rec.get(key, [] if key in LIST_COLUMNS else "")
                if key in LIST_COLUMNS:
                    assert (cell.split("|") if cell else []) == value
                else:
                    assert cell == str(value)


def test_kgx_formats_are_opt_in_and_deterministic(kb: KnowledgeBase, tmp_path: Path) -> None:
    default = write_exports(kb, tmp_path / "default")
    assert sorted(p.name for p in default) == sorted(name for name, _ in EXPORTERS.values())
    written = write_exports(kb, tmp_path / "kgx", ["kgx", "kgx-jsonl"])
    assert sorted(p.name for p in written) == [
        "mechkg_edges.jsonl",
        "mechkg_edges.tsv",
        "mechkg_nodes.jsonl",
        "mechkg_nodes.tsv",
    ]
    assert kgx_tsv_files(kb) == kgx_tsv_files(kb)


def test_cli_refuses_a_multi_file_format_into_one_file(project: Path, tmp_path: Path) -> None:
    args = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology"), "--documents"]
    args += [str(project / "docs")]
    done = CliRunner().invoke(main, ["export", *args, "--format", "kgx", "-o", str(tmp_path / "x.tsv")])
    assert done.exit_code == 1
    assert "writes 2 files" in done.output
    done = CliRunner().invoke(main, ["export", *args, "--format", "kgx", "--out", str(tmp_path / "k")])
    assert done.exit_code == 0, done.output
    assert (tmp_path / "k" / "mechkg_edges.tsv").is_file()


def _validate(seeds_kb: KnowledgeBase, tmp_path: Path, fmt: str) -> dict[str, object]:
    python = checker_python("kgx")
    files = kgx_tsv_files(seeds_kb) if fmt == "tsv" else kgx_jsonl_files(seeds_kb)
    paths = []
    for name, data in sorted(files.items(), key=lambda kv: "edges" in kv[0]):
        (tmp_path / name).write_bytes(data)
        paths.append(str(tmp_path / name))
    return run_checker(python, "kgx_check.py", fmt, *paths)


def test_kgx_validator_accepts_the_tsv_export(seeds_kb: KnowledgeBase, tmp_path: Path) -> None:
    report = _validate(seeds_kb, tmp_path, "tsv")
    errors = report["errors"]
    assert isinstance(errors, list)
    unexpected = [e for e in errors if not any(f"prefix '{p}'" in e["message"] for p in PREFIXES_UNKNOWN_TO_BIOLINK)]
    assert unexpected == []  # categories, predicates and required properties all valid
    assert report["bad_enum_values"] == []
    used = {c.subject for c in seeds_kb.claims} | {c.object for c in seeds_kb.claims}
    assert report["nodes"] == len(used)
    # KGX keys edges by subject, predicate and object: claims that differ only in context,
    # direction or qualifiers merge when kgx loads them (our file keeps one row per claim).
    triples = {(c.subject, PREDICATE_BIOLINK[c.predicate][0], c.object) for c in seeds_kb.claims}
    assert report["edges"] == len(triples)
    publications = ("PMID:", "PMCID:", "doi:")
    cited = {i for c in seeds_kb.claims for r in c.references for i in r.ids if i.startswith(publications)}
    assert set(report["publications"]) == cited


def test_kgx_validator_accepts_the_jsonl_export(seeds_kb: KnowledgeBase, tmp_path: Path) -> None:
    report = _validate(seeds_kb, tmp_path, "jsonl")
    errors = report["errors"]
    assert isinstance(errors, list)
    assert [e for e in errors if not any(f"prefix '{p}'" in e["message"] for p in PREFIXES_UNKNOWN_TO_BIOLINK)] == []
    assert report["bad_enum_values"] == []


def test_interchange_exports_are_byte_identical_across_processes(project: Path, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    formats = ["indra", "kgx", "kgx-jsonl", "nanopub", "cx2", "cytoscape"]
    args = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        cmd = [sys.executable, "-m", "kg", "export", *args, "--out", str(out)]
        cmd += [x for f in formats for x in ("--format", f)]
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(cmd, env=env, check=True, capture_output=True)
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert len(outs[0]) == 8
