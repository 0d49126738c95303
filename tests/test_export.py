from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import BinaryIO

import networkx as nx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.errors import OutputError, UnknownFormatError
from kg.formats import registry as export_module
from kg.formats.registry import EXPORTERS, export, write_exports
from kg.formats.tsv import TSV_COLUMNS
from kg.graph import CITATIONS, CLAIM_ID, LEVELS, split
from kg.model import KnowledgeBase
from kg.output import atomic_write_many
from kg.rdf.triples import to_rdf

ROOT = Path(__file__).resolve().parent.parent


def test_writes_every_format(kb: KnowledgeBase, tmp_path: Path) -> None:
    written = write_exports(kb, tmp_path)
    assert sorted(p.name for p in written) == sorted(name for name, _ in EXPORTERS.values())
    assert not list(tmp_path.glob(".*.tmp"))


def test_graphml_round_trip_keeps_claims_levels_and_citations(seeds_kb: KnowledgeBase, tmp_path: Path) -> None:
    path = export(seeds_kb, tmp_path / "g.graphml")
    g = nx.read_graphml(path, force_multigraph=True)
    edges = {d[CLAIM_ID]: d for _, _, d in g.edges(data=True)}
    assert set(edges) == {c.id for c in seeds_kb.claims}
    for claim in seeds_kb.claims:
        assert split(edges[claim.id][LEVELS]) == [lv.value for lv in claim.levels]
        assert split(edges[claim.id][CITATIONS]) == [r.key for r in claim.references]


@pytest.mark.parametrize(("fmt", "parser"), [("turtle", "turtle"), ("ntriples", "nt"), ("jsonld", "json-ld")])
def test_rdf_exports_parse_back_to_the_same_graph(
    seeds_kb: KnowledgeBase, tmp_path: Path, fmt: str, parser: str
) -> None:
    name = EXPORTERS[fmt][0]
    write_exports(seeds_kb, tmp_path, [fmt])
    back = Graph().parse(tmp_path / name, format=parser)
    assert isomorphic(back, to_rdf(seeds_kb))


def test_tsv_columns_and_rows(kb: KnowledgeBase, tmp_path: Path) -> None:
    write_exports(kb, tmp_path, ["tsv"])
    with (tmp_path / "claims.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    assert tuple(rows[0]) == TSV_COLUMNS
    assert {r["claim_id"] for r in rows} == {c.id for c in kb.claims}
    bdnf = next(r for r in rows if r["object_id"] == "HGNC:1033")
    assert bdnf["support"] == "preclinical_only"
    assert bdnf["levels"] == "animal"
    assert bdnf["citations"] == "widgetol#1"


def test_exports_are_byte_identical_across_processes(tmp_path: Path) -> None:
    outs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run{seed}"
        env = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kg", "export", "--out", str(out)],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
        outs.append({p.name: p.read_bytes() for p in sorted(out.iterdir())})
    assert outs[0] == outs[1]
    assert len(outs[0]) == len(EXPORTERS)


def test_failed_write_leaves_previous_exports(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    write_exports(kb, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def boom(_kb: KnowledgeBase, _findings: object = ()) -> bytes:
        raise OSError(28, "No space left on device")

    monkeypatch.setitem(export_module.EXPORTERS, "tsv", ("claims.tsv", boom))
    with pytest.raises(OSError, match="No space"):
        write_exports(kb, out)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


@pytest.mark.parametrize("error", [OSError(28, "No space left on device"), ValueError("bad term")])
def test_streamed_write_that_fails_midway_leaves_the_previous_file(tmp_path: Path, error: Exception) -> None:
    target = tmp_path / "big.nt"
    target.write_bytes(b"previous\n")

    def half_then_fail(fh: BinaryIO) -> None:
        fh.write(b"<a> <b> <c> .\n" * 1000)
        raise error

    with pytest.raises((OutputError, ValueError)) as caught:
        atomic_write_many({target: half_then_fail})
    assert isinstance(caught.value, OutputError) == isinstance(error, OSError)  # OSError becomes OutputError
    assert target.read_bytes() == b"previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.nt"]  # no temporary file left
    atomic_write_many({target: lambda fh: fh.write(b"new\n")})
    assert target.read_bytes() == b"new\n"


def test_unwritable_folder_is_a_clear_error(kb: KnowledgeBase, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(OutputError, match="cannot write"):
        write_exports(kb, blocker / "sub")


def test_unknown_format(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(UnknownFormatError, match="expected one of"):
        export(kb, tmp_path / "x.xlsx")


def test_jsonld_has_context_and_claims(kb: KnowledgeBase, tmp_path: Path) -> None:
    write_exports(kb, tmp_path, ["jsonld"])
    doc = json.loads((tmp_path / "mechkg.jsonld").read_text(encoding="utf-8"))
    assert doc["@context"]["mechkg"] == "https://w3id.org/mechkg/vocab#"
    claims = [n for n in doc["@graph"] if "https://w3id.org/mechkg/vocab#Claim" in n.get("@type", [])]
    assert len(claims) == len(kb.claims)
