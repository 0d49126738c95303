"""INDRA interchange: import of statement JSON (hand-written fixtures), export, and round trips
through the real ``indra`` package."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import SeedErrors
from kg.formats.indra import import_indra, indra_statements, to_indra_json, write_import
from kg.model import Direction, EvidenceLevel, KnowledgeBase, Predicate, SupportClass
from kg.seeds.load import load_knowledge_base
from kg.vocab.iris import PREDICATE_INDRA

DATA = Path(__file__).resolve().parent / "data" / "indra"
ROOT = Path(__file__).resolve().parent.parent


def _import(project: Path, name: str, out: Path) -> tuple[KnowledgeBase, object]:
    result = import_indra(DATA / name, out, project / "ontology")
    write_import(result)
    kb = load_knowledge_base(out / "seeds", out / "ontology", DATA)
    return kb, result


def test_import_maps_types_groundings_epistemics_and_contexts(project: Path, tmp_path: Path) -> None:
    kb, _ = _import(project, "cascade.json", tmp_path / "out")
    keys = {c.key: c for c in kb.claims}
    assert set(keys) == {
        ("mechkg:widgetol", "activates", "FPLX:PI3K", "taxon-10116", "supports"),
        ("mechkg:widgetol", "activates", "FPLX:PI3K", "unspecified", "supports"),
        ("FPLX:AKT", "phosphorylates", "HGNC:4617", "unspecified", "supports"),
        ("mechkg:widgetol", "increases_amount", "HGNC:1033", "unspecified", "refutes"),
        ("HGNC:1033", "binds", "HGNC:8032", "unspecified", "supports"),
        ("mechkg:widgetol", "decreases_process", "GO:0006915", "unspecified", "supports"),
    }
    hedged = keys[("mechkg:widgetol", "activates", "FPLX:PI3K", "unspecified", "supports")]
    assert all(ev.hedged for ev in hedged.evidence)
    # new groundings became entities; the species context was created from the evidence
    assert kb.entities["HGNC:8032"].xrefs == ("UniProtKB:Q16620",)
    assert kb.entities["GO:0006915"].type.value == "process"
    assert kb.contexts["taxon-10116"].species == "NCBITaxon:10116"
    doc = next(iter(kb.documents.values()))
    assert doc.compound == "mechkg:widgetol"
    assert doc.sha256 == hashlib.sha256((DATA / "cascade.json").read_bytes()).hexdigest()


def test_every_record_points_at_its_evidence_object_and_copies_no_text(project: Path, tmp_path: Path) -> None:
    kb, _ = _import(project, "cascade.json", tmp_path / "out")
    text = (DATA / "cascade.json").read_text(encoding="utf-8")
    evidence = [ev for stmt in json.loads(text) for ev in stmt["evidence"]]
    pointed = [json.loads(text[ev.locator.start : ev.locator.end]) for c in kb.claims for ev in c.evidence]
    assert sorted(map(json.dumps, pointed)) == sorted(map(json.dumps, evidence))
    written = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "out" / "seeds").rglob("*.yaml"))
    for ev in evidence:
        if "text" in ev:
            assert ev["text"] not in written


def test_cited_papers_become_graded_references(project: Path, tmp_path: Path) -> None:
    kb, _ = _import(project, "cascade.json", tmp_path / "out")
    by_ids = {ref.ids: ref for ref in kb.references}
    rat = by_ids[("PMID:11111111", "doi:10.1234/widget.2001")]
    assert rat.level is EvidenceLevel.ANIMAL  # the citing evidence speaks of rat neurons
    assert rat.basis.value == "citing_context"
    bare = by_ids[("PMID:22222222",)]
    assert bare.level is EvidenceLevel.UNKNOWN and bare.basis.value == "identifier"
    assert ("PMCID:PMC1234567",) in by_ids
    claim = next(c for c in kb.claims if c.context == "taxon-10116")
    assert claim.support is SupportClass.PRECLINICAL_ONLY


def test_bad_input_is_imported_or_counted_never_dropped(project: Path, tmp_path: Path) -> None:
    kb, result = _import(project, "bad_input.json", tmp_path / "out")
    summary = result.summary
    assert summary.statements == 5
    assert summary.imported == 2
    assert dict(summary.skipped) == {
        "unknown statement type 'Translocation'": 1,
        "no subj agent": 1,
        "malformed statement": 1,
    }
    assert summary.imported + sum(summary.skipped.values()) == summary.statements
    assert summary.warned["ungrounded agent"] == 2
    assert summary.warned["uncited evidence"] == 1
    assert summary.warned["statement without evidence"] == 1
    assert kb.entities["mechkg:Frobnicin"].id_source.value == "project"
    assert {c.support for c in kb.claims} == {SupportClass.UNCITED}
    assert any("bad_input.json:2: skipped" in w and "Translocation" in w for w in result.warnings)
    text = "\n".join(summary.lines())
    assert "skipped 3 statements" in text and "ungrounded agent: 2" in text


def test_malformed_json_names_file_line_and_column(project: Path, tmp_path: Path) -> None:
    with pytest.raises(SeedErrors) as info:
        import_indra(DATA / "malformed.json", tmp_path / "out", project / "ontology")
    assert "malformed.json:5: column 4: invalid JSON" in str(info.value)
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("42", "expected a list of INDRA statements"),
        ('[{"type": "Translocation", "agent": {"name": "X"}}]', "no statement could be imported"),
        (b"[\xff]", "not UTF-8"),
    ],
)
def test_unusable_files_are_errors(project: Path, tmp_path: Path, content: str | bytes, message: str) -> None:
    path = tmp_path / "in.json"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SeedErrors, match=message):
        import_indra(path, tmp_path / "out", project / "ontology")
    assert not (tmp_path / "out").exists()


def test_cli_import_then_build(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "imported"
    runner = CliRunner()
    done = runner.invoke(
        main,
        ["import", "indra", str(DATA / "bad_input.json"), "--out", str(out), "--ontology", str(project / "ontology")],
    )
    assert done.exit_code == 0, done.output
    assert "imported 2 of 5 statements" in done.stdout
    assert "skipped: type 'Translocation'" in done.stderr
    built = runner.invoke(
        main,
        [
            "build",
            "--seeds",
            str(out / "seeds"),
            "--ontology",
            str(out / "ontology"),
            "--documents",
            str(DATA),
            "--out",
            str(tmp_path / "exports"),
            "--quiet",
        ],
    )
    assert built.exit_code == 0, built.output
    assert "2 claims" in built.stdout
    bad = runner.invoke(
        main,
        ["import", "indra", str(DATA / "malformed.json"), "--out", str(out), "--ontology", str(project / "ontology")],
    )
    assert bad.exit_code == 1
    assert "malformed.json:5" in bad.output


def test_second_import_into_the_same_folder_keeps_both(project: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_import(import_indra(DATA / "cascade.json", out, project / "ontology"))
    write_import(import_indra(DATA / "bad_input.json", out, project / "ontology"))
    write_import(import_indra(DATA / "cascade.json", out, project / "ontology"))  # re-import: no duplicates
    kb = load_knowledge_base(out / "seeds", out / "ontology", DATA)
    assert len(kb.documents) == 2
    assert len(kb.claims) == 8


def test_export_writes_mappable_claims_with_grades_and_no_text(kb: KnowledgeBase) -> None:
    statements = list(indra_statements(kb))
    mappable = [c for c in kb.claims if c.predicate in PREDICATE_INDRA]
    assert len(statements) == len(mappable) == 4
    by_claim = {s["evidence"][0]["annotations"]["mechkg"]["claim"]: s for s in statements}
    bdnf = next(c for c in kb.claims if c.object == "HGNC:1033")
    stmt = by_claim[bdnf.id]
    assert stmt["type"] == "IncreaseAmount"
    assert stmt["obj"] == {"name": "BDNF", "db_refs": {"HGNC": "1033"}}
    ev = stmt["evidence"][0]
    assert ev["source_api"] == "mechkg"
    assert ev["annotations"]["mechkg"]["support_class"] == "preclinical_only"
    assert ev["annotations"]["mechkg"]["evidence_levels"] == ["animal"]
    assert "text" not in ev
    assert to_indra_json(kb) == to_indra_json(kb)


def test_negated_and_hedged_records_get_epistemics(project: Path, tmp_path: Path) -> None:
    kb, _ = _import(project, "cascade.json", tmp_path / "out")
    statements = {s["evidence"][0]["annotations"]["mechkg"]["claim"]: s for s in indra_statements(kb)}
    for claim in kb.claims:
        epistemics = statements[claim.id]["evidence"][0].get("epistemics", {})
        assert epistemics.get("negated", False) is (claim.direction is not Direction.SUPPORTS)
        assert epistemics.get("hypothesis", False) is claim.evidence[0].hedged
        assert epistemics.get("direct", False) is (claim.predicate is Predicate.PHOSPHORYLATES)


def _round_trip(kb: KnowledgeBase, ontology: Path, tmp_path: Path) -> KnowledgeBase:
    statements = pytest.importorskip("indra.statements")
    objects = statements.stmts_from_json(json.loads(to_indra_json(kb)))
    assert len(objects) == sum(1 for c in kb.claims if c.predicate in PREDICATE_INDRA)
    docs = tmp_path / "docs"
    docs.mkdir(parents=True)
    (docs / "back.json").write_text(json.dumps(statements.stmts_to_json(objects), indent=1), encoding="utf-8")
    write_import(import_indra(docs / "back.json", tmp_path / "out", ontology))
    return load_knowledge_base(tmp_path / "out" / "seeds", tmp_path / "out" / "ontology", docs)


def _citations(kb: KnowledgeBase) -> dict[tuple[str, ...], list[tuple[object, ...]]]:
    return {c.key: sorted({(r.ids, r.title, r.host, r.url, r.level.value) for r in c.references}) for c in kb.claims}


@pytest.mark.parametrize("which", ["small", "seeds"])
def test_round_trip_through_indra_keeps_every_claim_and_citation(
    which: str, kb: KnowledgeBase, seeds_kb: KnowledgeBase, project: Path, tmp_path: Path
) -> None:
    source, ontology = (kb, project / "ontology") if which == "small" else (seeds_kb, ROOT / "ontology")
    back = _round_trip(source, ontology, tmp_path / "round-trip")
    mappable = {c.key for c in source.claims if c.predicate in PREDICATE_INDRA}
    assert {c.key for c in back.claims} == mappable
    before, after = _citations(source), _citations(back)
    assert {k: before[k] for k in mappable} == after
    support = {c.key: c.support for c in source.claims}
    assert all(support[c.key] is c.support for c in back.claims)


def test_indra_reads_statements_of_every_mapped_type(project: Path, tmp_path: Path) -> None:
    statements = pytest.importorskip("indra.statements")
    imported, _ = _import(project, "cascade.json", tmp_path / "out")
    objects = statements.stmts_from_json(json.loads(to_indra_json(imported)))
    assert sorted(type(o).__name__ for o in objects) == sorted(
        ["Activation", "Activation", "Phosphorylation", "IncreaseAmount", "Complex", "Inhibition"]
    )
    negated = [o for o in objects if o.evidence[0].epistemics.get("negated")]
    assert [type(o).__name__ for o in negated] == ["IncreaseAmount"]


def test_complex_of_three_gives_one_record_per_pair(project: Path, tmp_path: Path) -> None:
    members = [{"name": n, "db_refs": {"HGNC": h}} for n, h in (("BDNF", "1033"), ("TrkB", "8032"), ("p75", "7809"))]
    stmts = [
        {"type": "Complex", "members": members, "evidence": [{"source_api": "biopax", "pmid": "1"}]},
        {"type": "Gef", "gef": members[1], "ras": members[2], "evidence": [{"source_api": "signor", "pmid": "2"}]},
    ]
    docs = tmp_path / "in"
    docs.mkdir()
    (docs / "complex.json").write_text(json.dumps(stmts), encoding="utf-8")
    write_import(import_indra(docs / "complex.json", tmp_path / "out", project / "ontology"))
    kb = load_knowledge_base(tmp_path / "out" / "seeds", tmp_path / "out" / "ontology", docs)
    assert {c.key[:3] for c in kb.claims} == {
        ("HGNC:1033", "binds", "HGNC:8032"),
        ("HGNC:1033", "binds", "HGNC:7809"),
        ("HGNC:8032", "binds", "HGNC:7809"),
        ("HGNC:8032", "activates", "HGNC:7809"),
    }
    spans = {ev.locator.start for c in kb.claims if c.predicate is Predicate.BINDS for ev in c.evidence}
    assert len(spans) == 1  # the three pair records point at the same evidence object


def test_grades_of_works_already_curated_are_reused(project: Path, tmp_path: Path) -> None:
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    text = seed.read_text(encoding="utf-8")
    seed.write_text(text.replace("basis: title}", "basis: title, ids: [PMID:22222222]}", 1), encoding="utf-8")
    result = import_indra(DATA / "cascade.json", tmp_path / "out", project / "ontology", seeds=project / "seeds")
    write_import(result)
    assert result.summary.reused_grades == 1
    kb = load_knowledge_base(tmp_path / "out" / "seeds", tmp_path / "out" / "ontology", DATA)
    (ref,) = [r for r in kb.references if "PMID:22222222" in r.ids]
    assert ref.level is EvidenceLevel.ANIMAL  # the curated grade, not the classifier's "unknown"
    assert ref.title == "Widgetol and BDNF in the rat brain after ischemia"
    assert "widgetol#1" in ref.note
    without = import_indra(DATA / "cascade.json", tmp_path / "out2", project / "ontology")
    assert without.summary.reused_grades == 0
