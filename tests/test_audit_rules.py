"""Each audit on small hand-written projects: a positive and a negative case."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.audit import audit
from kg.model import FindingCategory as C
from kg.model import Severity
from kg.seeds.load import load_knowledge_base

from .conftest import DOC_TEXT, span

SPAN = "[{}, {}]".format(*span(DOC_TEXT, "raised BDNF"))
HUMAN_SPAN = "[{}, {}]".format(*span(DOC_TEXT, "In a trial"))


def _extend(project: Path, refs: str = "", claims: str = "", replace: tuple[str, str] | None = None) -> None:
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    text = seed.read_text(encoding="utf-8")
    if replace:
        assert replace[0] in text
        text = text.replace(*replace)
    text = text.replace("claims:\n", refs + "claims:\n") + claims
    seed.write_text(text, encoding="utf-8")


def _findings(project: Path, category: C | None = None):
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    found = audit(kb, project / "ontology", project / "docs")
    return [f for f in found if category is None or f.category is category]


def _claim(
    cid: str, subject: str, predicate: str, obj: str, context: str, cites: str, extra: str = "", s: str = SPAN
) -> str:
    return (
        f'  - {{id: {cid}, subject: "{subject}", predicate: {predicate}, object: "{obj}", '
        f"context: {context}, cites: {cites}, span: {s}{extra}}}\n"
    )


def test_base_project_has_only_expected_findings(project: Path) -> None:
    kinds = sorted(f.category.value for f in _findings(project))
    # ref 2 is a bare unlisted shop host (classifier: unknown, curator: vendor); the vendor
    # document cites that shop; PI3K -> Akt is stated without a citation
    assert kinds == ["classifier_disagreement", "self_citation", "uncited_claims"]


def test_subject_mismatch(project: Path) -> None:
    entities = project / "ontology" / "entities" / "test.yaml"
    entities.write_text(entities.read_text() + '- {id: "mechkg:gadgetine", label: Gadgetine, type: compound}\n')
    assert not _findings(project, C.SUBJECT_MISMATCH)
    _extend(
        project,
        refs="  - {n: 4, title: Gadgetine raises BDNF in the rat brain, source_type: primary_research, "
        "level: animal, basis: title}\n",
        claims=_claim("w-5", "mechkg:widgetol", "increases_amount", "HGNC:1033", "unspecified", "[4]"),
    )
    (finding,) = _findings(project, C.SUBJECT_MISMATCH)
    assert finding.severity is Severity.HIGH
    assert "Gadgetine" in finding.message
    assert finding.references == ("widgetol#4",)


def test_contradiction_opposite_polarity_and_null_finding(project: Path) -> None:
    assert not _findings(project, C.CONTRADICTION)
    _extend(
        project,
        replace=("context: stroke-patients, cites: [3]", "context: stroke-patients, cites: [2]"),
        claims=_claim("w-5", "mechkg:widgetol", "decreases_amount", "HGNC:1033", "rat-stroke", "[1]")
        + _claim(
            "w-7",
            "mechkg:widgetol",
            "decreases_process",
            "GO:0051402",
            "stroke-patients",
            "[3]",
            ", direction: no_effect",
            s=HUMAN_SPAN,
        ),
    )
    found = _findings(project, C.CONTRADICTION)
    messages = " | ".join(f.message for f in found)
    assert "both decreases_amount and increases_amount" in messages
    null = [f for f in found if "no_effect finding" in f.message]
    assert null
    assert null[0].severity is Severity.HIGH  # the null finding rests on an RCT, the effect does not


def test_contradiction_in_values(project: Path) -> None:
    entities = project / "ontology" / "entities" / "test.yaml"
    entities.write_text(
        entities.read_text() + '- {id: "mechkg:peptides", label: peptides, type: chemical}\n'
        '- {id: "mechkg:acme", label: Acme, type: organization}\n'
        '- {id: "mechkg:zenith", label: Zenith, type: organization}\n'
    )
    _extend(
        project,
        claims=_claim("w-5", "mechkg:widgetol", "has_part", "mechkg:peptides", "unspecified", "[]", ', quantity: "20%"')
        + _claim("w-6", "mechkg:widgetol", "has_part", "mechkg:peptides", "unspecified", "[]", ', quantity: "35%"')
        + _claim("w-7", "mechkg:widgetol", "manufactured_by", "mechkg:acme", "unspecified", "[]")
        + _claim("w-8", "mechkg:widgetol", "manufactured_by", "mechkg:zenith", "unspecified", "[]"),
    )
    messages = [f.message for f in _findings(project, C.CONTRADICTION)]
    assert any("conflicting quantities" in m and "20%" in m and "35%" in m for m in messages)
    assert any("different manufacturers" in m and "Acme" in m and "Zenith" in m for m in messages)


def test_level_inflation(project: Path) -> None:
    assert not _findings(project, C.LEVEL_INFLATION)  # the patients statement cites an RCT
    _extend(
        project,
        claims=_claim(
            "w-5", "mechkg:widgetol", "increases_amount", "HGNC:1033", "stroke-patients", "[1]", s=HUMAN_SPAN
        ),
    )
    (finding,) = _findings(project, C.LEVEL_INFLATION)
    assert "cites only animal work" in finding.message
    assert finding.severity is Severity.HIGH


def test_non_evidence_citation(project: Path) -> None:
    assert not _findings(project, C.NON_EVIDENCE_CITATION)
    _extend(
        project,
        refs="  - {n: 4, title: 'Widgetol in stroke: study protocol', "
        "source_type: trial_protocol_or_registry, level: not_evidence, basis: title}\n",
        claims=_claim("w-5", "mechkg:widgetol", "decreases_process", "GO:0051402", "unspecified", "[4]"),
    )
    (finding,) = _findings(project, C.NON_EVIDENCE_CITATION)
    assert finding.references == ("widgetol#4",)


def test_textbook_step_cited_only_to_vendor(project: Path) -> None:
    assert not _findings(project, C.TEXTBOOK_VENDOR_ONLY)  # PI3K -> Akt is uncited, not vendor-cited
    _extend(
        project,
        replace=(
            'predicate: activates, object: "FPLX:AKT",\n      context: unspecified, cites: []',
            'predicate: activates, object: "FPLX:AKT",\n      context: unspecified, cites: [2]',
        ),
    )
    (finding,) = _findings(project, C.TEXTBOOK_VENDOR_ONLY)
    assert "PI3K activates AKT" in finding.message


def test_duplicate_references(project: Path) -> None:
    assert not _findings(project, C.DUPLICATE_REFERENCE)
    _extend(
        project,
        refs="  - {n: 4, title: Widgetol and BDNF in the rat brain after ischemia, "
        "source_type: primary_research, level: animal, basis: title}\n",
    )
    (finding,) = _findings(project, C.DUPLICATE_REFERENCE)
    assert finding.references == ("widgetol#1", "widgetol#4")


def test_uncited_and_self_citation(project: Path) -> None:
    (uncited,) = _findings(project, C.UNCITED_CLAIMS)
    assert "1 statements" in uncited.message
    (self_cite,) = _findings(project, C.SELF_CITATION)
    assert self_cite.severity is Severity.MEDIUM
    _extend(
        project,
        replace=(
            "  label: test notes on Widgetol\n",
            "  label: test notes on Widgetol\n  host: widgetol-shop.example\n",
        ),
    )
    (own,) = _findings(project, C.SELF_CITATION)
    assert own.severity is Severity.HIGH
    assert "cites itself" in own.message


def test_weak_chain(project: Path) -> None:
    assert not _findings(project, C.WEAK_CHAIN)
    _extend(project, claims=_claim("w-5", "GO:0043491", "activates", "FPLX:AKT", "unspecified", "[1]"))
    (finding,) = _findings(project, C.WEAK_CHAIN)
    assert "Widgetol -> PI3K/Akt signalling -> AKT" in finding.message
    assert "vendor_only" in finding.message


def test_weak_chain_search_runs_at_every_size(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    _extend(project, claims=_claim("w-5", "GO:0043491", "activates", "FPLX:AKT", "unspecified", "[1]"))
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    assert [f.category for f in audit(kb, project / "ontology", chains=False)].count(C.WEAK_CHAIN) == 0
    assert [f.category for f in audit(kb, project / "ontology")].count(C.WEAK_CHAIN) == 1
    assert [f.category for f in audit(kb, project / "ontology", chains=True)].count(C.WEAK_CHAIN) == 1
    monkeypatch.chdir(project)
    built = CliRunner().invoke(main, ["build", "--quiet", "--out", "out"])
    assert built.exit_code == 0, built.output
    assert "left out" not in built.output
    asked = CliRunner().invoke(main, ["audit", "--category", "weak_chain", "--format", "tsv"])
    assert asked.exit_code == 0 and "weak_chain" in asked.output
    assert "left out" not in asked.output


@pytest.mark.parametrize("fmt", ["table", "json", "tsv"])
def test_cli_audit_formats(project: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    monkeypatch.chdir(project)
    result = CliRunner().invoke(main, ["audit", "--documents", "docs", "--format", fmt])
    assert result.exit_code == 0, result.output
    assert "self_citation" in result.output
    high = CliRunner().invoke(main, ["audit", "--documents", "docs", "--min-severity", "high", "--format", fmt])
    assert "uncited_claims" not in high.output
