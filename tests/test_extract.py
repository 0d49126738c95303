"""Claim extraction: predicates, negation, hedging, anaphora, context, output and integration.

The three documents in tests/data/extract were written for these tests in styles the seed
documents do not use (numbered "(1)" citations, author-year citations, an HTML page); their
expected claims are in tests/data/extract/expected.yaml.
"""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.extract import (
    Extractor,
    contexts_of,
    extract_document,
    load_extractor,
    render_records,
    to_records,
    write_records,
)
from kg.extract.matcher import EntityMatcher
from kg.extract.variants import load_variants
from kg.model import Predicate
from kg.read.reader import read_document, read_text
from kg.seeds.load import load_knowledge_base, load_vocabulary

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "extract"
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture(scope="module")
def extractor() -> Extractor:
    """The project's extractor, with the fictional compounds of the test documents added."""
    base = load_extractor(ROOT / "ontology")
    extra, _ = load_vocabulary(DATA, with_contexts=False)  # DATA/entities; SeedErrors if any is bad
    matcher = EntityMatcher({**base.matcher.entities, **extra}, load_variants(ROOT / "ontology" / "extraction"))
    return Extractor(matcher, base.rules, base.classifier, base.contexts)


def claims_of(extractor: Extractor, text: str, name: str = "t.txt") -> set[tuple[str, str, str, str]]:
    result = extract_document(read_text(text, name), extractor)
    return {(c.subject, c.predicate.value, c.object, c.direction) for c in result.claims}


EXPECTED = yaml.safe_load((DATA / "expected.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_own_documents_give_the_expected_claims(extractor: Extractor, name: str) -> None:
    spec = EXPECTED[name]
    result = extract_document(read_document(DATA / name), extractor)
    assert result.document["compound"] == spec["compound"]
    got = {(c.subject, c.predicate.value, c.object, c.direction): c for c in result.claims}
    want = {(e["subject"], e["predicate"], e["object"], e["direction"]): e for e in spec["claims"]}
    assert set(got) == set(want)  # nothing missed, nothing extra
    for key, exp in want.items():
        c = got[key]
        assert list(c.cites) == exp["cites"], key
        assert c.hedged is exp.get("hedged", False), key
        assert c.context == exp.get("context", "unspecified"), key
        assert c.quantity == exp.get("quantity", ""), key
        assert 0 < c.confidence <= 1
    levels = {r["n"]: r["level"] for r in result.references}
    for n, level in spec["levels"].items():
        assert levels[n] == level, n


def test_negation_gives_no_effect(extractor: Extractor) -> None:
    text = "Zedaprine notes\n\nZedaprine failed to lower IL-6 in rats. Zedaprine lowered TNF-alpha in rats.\n"
    got = claims_of(extractor, text)
    assert ("mechkg:zedaprine", "decreases_amount", "HGNC:6018", "no_effect") in got
    assert ("mechkg:zedaprine", "decreases_amount", "HGNC:11892", "supports") in got


def test_hedging_is_flagged(extractor: Extractor) -> None:
    text = "Zedaprine notes\n\nZedaprine is believed to activate Akt. Zedaprine activates PI3K.\n"
    result = extract_document(read_text(text, "t.txt"), extractor)
    hedged = {c.object: c.hedged for c in result.claims}
    assert hedged == {"FPLX:AKT": True, "FPLX:PI3K": False}


def test_pronoun_resolves_to_the_compound_only_when_unambiguous(extractor: Extractor) -> None:
    clear = "Zedaprine notes\n\nZedaprine is a small molecule. It activates Akt.\n"
    assert ("mechkg:zedaprine", "activates", "FPLX:AKT", "supports") in claims_of(extractor, clear)
    other = "Zedaprine notes\n\nZedaprine was compared with Velnorin. It activates Akt.\n"
    assert not any(c[2] == "FPLX:AKT" for c in claims_of(extractor, other))


def test_one_record_per_object(extractor: Extractor) -> None:
    text = "Zedaprine notes\n\nZedaprine reduced TNF-alpha, IL-1beta and IL-6 in mice.\n"
    got = claims_of(extractor, text)
    assert {c[2] for c in got} == {"HGNC:11892", "HGNC:5992", "HGNC:6018"}
    assert {c[1] for c in got} == {"decreases_amount"}


@pytest.mark.parametrize(
    ("sentence", "predicate"),
    [
        ("Zedaprine raises BDNF mRNA.", "increases_expression"),
        ("Zedaprine raises BDNF protein levels.", "increases_amount"),
        ("Zedaprine increases the phosphorylation of Akt.", "increases_phosphorylation"),
        ("Zedaprine turns on Akt.", "activates"),
        ("Zedaprine blocks Akt.", "inhibits"),
        ("Zedaprine binds TLR4.", "binds"),
        ("Zedaprine promotes neurogenesis.", "increases_process"),
        ("Zedaprine protects against neuronal apoptosis.", "decreases_process"),
        ("Zedaprine mimics BDNF.", "mimics"),
        ("Zedaprine has anti-inflammatory effects.", "decreases_process"),
        ("Zedaprine is made by EVER Pharma.", "manufactured_by"),
        ("Zedaprine contains free amino acids.", "has_part"),
    ],
)
def test_trigger_phrases_map_to_predicates(extractor: Extractor, sentence: str, predicate: str) -> None:
    got = claims_of(extractor, f"Zedaprine notes\n\n{sentence}\n")
    assert {c[1] for c in got} == {predicate}


def test_context_cues() -> None:
    rules = load_extractor(ROOT / "ontology").rules
    assert contexts_of(rules, "in mice with TBI and in TBI patients") == ["mouse-tbi", "tbi-patients"]
    assert contexts_of(rules, "in rats after MCAo") == ["rat-mcao"]
    assert contexts_of(rules, "after stroke") == ["stroke-general"]
    assert contexts_of(rules, "in cultured cells") == ["in-vitro-general"]
    assert contexts_of(rules, "it is a peptide") == ["unspecified"]


def test_records_use_the_seed_format_and_are_deterministic(extractor: Extractor, tmp_path: Path) -> None:
    parsed = read_document(DATA / "zedaprine-notes.txt")
    result = extract_document(parsed, extractor)
    data = to_records(result)
    assert set(data) == {"document", "references", "claims"}
    assert data["document"]["sha256"] == parsed.sha256
    first = data["claims"][0]
    assert first["id"] == "x-zedaprine-notes-001"
    assert first["extracted"] is True
    assert Predicate(first["predicate"])
    assert render_records(result) == render_records(extract_document(parsed, extractor))
    (path,) = write_records([result], tmp_path / "a")
    (again,) = write_records([extract_document(parsed, extractor)], tmp_path / "b")
    assert path.read_bytes() == again.read_bytes()
    assert yaml.safe_load(path.read_text(encoding="utf-8")) == data


def test_cli_extract_then_build_keeps_extracted_apart(
    extraction_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(extraction_project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    (extraction_project / "docs" / "broken.txt").write_bytes(b"\x00\x01\x02 not text")
    runner = CliRunner()
    result = runner.invoke(main, ["extract", "docs", "--out", "drafts"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "broken.txt" in result.output and "binary" in result.output  # warned, not fatal
    assert "widgetol.txt: " in result.output and "markers 3/3 resolved" in result.output
    assert sorted(p.name for p in (extraction_project / "drafts").iterdir()) == ["x-widgetol.yaml"]

    kb = load_knowledge_base(extraction_project / "seeds", extraction_project / "ontology", extraction_project / "docs")
    both = load_knowledge_base(
        extraction_project / "seeds",
        extraction_project / "ontology",
        extraction_project / "docs",
        extraction_project / "drafts",
    )
    assert set(both.documents) == {"widgetol", "x-widgetol"}  # same source document, two keys
    extracted = [ev for c in both.claims for ev in c.evidence if ev.extracted]
    assert extracted and all(ev.document == "x-widgetol" and ev.confidence is not None for ev in extracted)
    assert len(both.claims) >= len(kb.claims)

    result = runner.invoke(
        main, ["build", "--documents", "docs", "--extracted", "drafts", "--quiet"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    with (extraction_project / "exports" / "claims.tsv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    origins = {r["origin"] for r in rows}
    assert "curated" in origins or "both" in origins
    assert origins & {"extracted", "both"}
    assert "mechkg:extracted" in (extraction_project / "exports" / "mechkg.ttl").read_text(encoding="utf-8")


def test_extracted_key_clashing_with_a_curated_file_is_an_error(extraction_project: Path) -> None:
    drafts = extraction_project / "drafts"
    drafts.mkdir()
    shutil.copy(extraction_project / "seeds" / "documents" / "widgetol.yaml", drafts / "widgetol.yaml")
    from kg.errors import SeedErrors

    with pytest.raises(SeedErrors, match="also a curated seed file"):
        load_knowledge_base(extraction_project / "seeds", extraction_project / "ontology", None, drafts)


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="source documents not present")
def test_records_extracted_from_the_seed_documents_load(tmp_path: Path) -> None:
    ex = load_extractor(ROOT / "ontology")
    results = [extract_document(read_document(p), ex) for p in sorted(SHARED_SEEDS.glob("*.txt"))]
    write_records(results, tmp_path)
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology", SHARED_SEEDS, tmp_path)
    assert sum(1 for c in kb.claims for ev in c.evidence if ev.extracted) == sum(len(r.claims) for r in results)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "X-induced A and B": the modifier raises every coordinated name
        (
            "Zedaprine-induced neurogenesis and angiogenesis were seen.",
            {("mechkg:zedaprine", "GO:0022008"), ("mechkg:zedaprine", "GO:0001525")},
        ),
        # "activation of X leads to activation of Y": X activates Y
        ("Activation of Smo leads to activation of Gli1.", {("HGNC:11119", "HGNC:4317")}),
        # a relative clause speaks of the name before it
        (
            "Zedaprine raises Gli1, which promotes neurogenesis.",
            {("mechkg:zedaprine", "HGNC:4317"), ("HGNC:4317", "GO:0022008")},
        ),
        # coordinated verbs share the subject
        (
            "Zedaprine lowers IL-6 and raises BDNF.",
            {("mechkg:zedaprine", "HGNC:6018"), ("mechkg:zedaprine", "HGNC:1033")},
        ),
        # what follows "and subsequent" is downstream of the object before it
        (
            "Zedaprine activates Gli1 and subsequent gene expression for neurogenesis.",
            {("mechkg:zedaprine", "HGNC:4317"), ("HGNC:4317", "GO:0022008")},
        ),
        # a stub before "and" borrows the rest of the next name
        (
            "Zedaprine shifts the balance of pro- and anti-apoptotic proteins.",
            set(),
        ),
        (
            "Zedaprine lowers pro- and anti-apoptotic proteins.",
            {
                ("mechkg:zedaprine", "mechkg:pro-apoptotic-mediators"),
                ("mechkg:zedaprine", "mechkg:anti-apoptotic-mediators"),
            },
        ),
        # a demonstrative points back to the last pathway named
        (
            "Zedaprine binds TLR4. TLR4 feeds the TLR signaling pathway. Zedaprine blocks this pathway.",
            {("mechkg:zedaprine", "HGNC:11850"), ("mechkg:zedaprine", "GO:0002224")},
        ),
    ],
)
def test_subject_rules(extractor: Extractor, text: str, expected: set[tuple[str, str]]) -> None:
    got = {(c[0], c[2]) for c in claims_of(extractor, f"Zedaprine notes\n\n{text}\n")}
    assert got == expected


def test_table_rows_use_the_compound_named_in_the_header(extractor: Extractor) -> None:
    text = (
        "Zedaprine notes\n\nCompound Name: Zedaprine\n\nResults\n\n"
        "| Parameter | Velnorin effect | Source |\n|---|---|---|\n| Serum IL-6 | Reduced | [1] |\n\n"
        "References\n\n1. Lee A. Velnorin lowers IL-6 in rats. 2020.\n"
    )
    result = extract_document(read_text(text, "t.md"), extractor)
    assert {(c.subject, c.predicate.value, c.object, c.cites) for c in result.claims} == {
        ("mechkg:velnorin", "decreases_amount", "HGNC:6018", (1,))
    }


def test_a_compound_in_no_vocabulary_gets_a_flagged_project_id() -> None:
    ex = load_extractor(ROOT / "ontology")
    text = "Quixotol notes\n\nCompound Name: Quixotol\n\nIt activates Akt. Cerebrolysin is mentioned once.\n"
    result = extract_document(read_text(text, "q.txt"), ex)
    assert any("'Quixotol' is in no vocabulary" in w for w in result.warnings)
    assert result.document["compound"] == "mechkg:quixotol"
    minted = next(e for e in result.entities if e["id"] == "mechkg:quixotol")
    assert minted["id_source"] == "project" and "ungrounded" in minted["note"]
    got = {(c.subject, c.predicate.value, c.object) for c in result.claims}
    assert ("mechkg:quixotol", "activates", "FPLX:AKT") in got
    assert not any(c.subject == "CAS:12656-61-0" and c.object == "FPLX:AKT" for c in result.claims)


def test_a_document_naming_no_compound_still_gives_a_draft_that_builds(tmp_path: Path) -> None:
    from kg.extract import write_records
    from kg.seeds.load import load_knowledge_base

    ex = load_extractor(ROOT / "ontology")
    result = extract_document(read_text("Notes\n\nTNF raises IL-6 in cultured cells.\n", "n.txt"), ex)
    assert result.document["compound"] == "mechkg:unknown-compound"
    assert any("no compound of interest" in w for w in result.warnings)
    write_records([result], tmp_path)
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology", extracted=tmp_path)
    assert "x-n" in kb.documents and kb.documents["x-n"].compound == "mechkg:unknown-compound"


def test_unsafe_file_names_give_loadable_ids() -> None:
    from kg.extract import safe_stem

    assert safe_stem("dir/My Guide (v2) é.txt") == "My-Guide-v2-e"
    assert safe_stem("../..txt") == "document"
