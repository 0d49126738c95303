"""Retractions: INDRA's PubMed list, a Retraction Watch CSV, the support class, audit and outputs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef

from kg.audit import audit
from kg.cli import main
from kg.errors import SeedErrors
from kg.formats.tsv import TSV_COLUMNS, to_claims_tsv
from kg.model import EvidenceLevel, FindingCategory, Severity, SupportClass
from kg.rdf.sparql import run_query
from kg.rdf.triples import to_rdf
from kg.render.present import as_table, claim_record
from kg.retractions import INDRA_SOURCE, indra_retracted_pmids, load_retraction_watch
from kg.seeds.load import load_knowledge_base

#: Real retracted PMIDs, taken from indra/resources/pubmed_retractions.tsv.
RETRACTED = ("10660827", "10666572", "10667788")
#: A PMID that is not in INDRA's list (checked below), used for the Retraction Watch file.
NOT_LISTED = "12345678"

RW_HEADER = (
    "Record ID,Title,Subject,Institution,Journal,Publisher,Country,Author,URLS,ArticleType,RetractionDate,"
    "RetractionDOI,RetractionPubMedID,OriginalPaperDate,OriginalPaperDOI,OriginalPaperPubMedID,"
    "RetractionNature,Reason,Paywalled,Notes\n"
)


def _cite(project: Path, ref: int, pmid: str) -> None:
    """Give reference ``ref`` of the test seed file a PMID."""
    path = project / "seeds" / "documents" / "widgetol.yaml"
    text = path.read_text(encoding="utf-8")
    marker = f"  - {{n: {ref}, "
    assert marker in text
    text = text.replace(marker, f'{marker}ids: ["PMID:{pmid}"], ', 1)
    path.write_text(text, encoding="utf-8")


def _load(project: Path, **kwargs):
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs", **kwargs)


def _claim(kb, object_id: str):
    return next(c for c in kb.claims if c.object == object_id)


def test_indra_list_is_read_and_holds_real_retractions() -> None:
    pmids = indra_retracted_pmids()
    assert len(pmids) > 18_000
    assert set(RETRACTED) <= pmids
    assert NOT_LISTED not in pmids


def test_retracted_sole_citation_withdraws_the_claim(project: Path) -> None:
    _cite(project, 1, RETRACTED[0])
    kb = _load(project)
    claim = _claim(kb, "HGNC:1033")  # w-1 cites only reference 1 (graded animal)
    ref = claim.references[0]
    assert ref.retracted == INDRA_SOURCE
    assert ref.level is EvidenceLevel.ANIMAL  # the curated grade is kept ...
    assert claim.levels == (EvidenceLevel.NOT_EVIDENCE,)  # ... but counts as not_evidence
    assert claim.support is SupportClass.UNVERIFIABLE
    assert claim.withdrawn
    assert not _claim(kb, "GO:0051402").withdrawn

    findings = [
        f for f in audit(kb, project / "ontology", project / "docs") if f.category is FindingCategory.RETRACTED_CITATION
    ]
    assert len(findings) == 1
    assert findings[0].severity is Severity.HIGH
    assert findings[0].claims == (claim.id,)
    assert findings[0].references == ("widgetol#1",)
    assert "rest on it alone" in findings[0].message

    rows = list(csv.DictReader(io.StringIO(to_claims_tsv(kb).decode("utf-8")), delimiter="\t"))
    assert list(rows[0]) == list(TSV_COLUMNS)
    flags = {r["claim_id"]: r["withdrawn"] for r in rows}
    assert flags[claim.id] == "true"
    assert sorted(flags.values()).count("true") == 1

    graph = to_rdf(kb)
    cito = "http://purl.org/spar/cito/isRetractedBy"
    notices = list(graph.objects(URIRef("https://w3id.org/mechkg/reference/widgetol/1"), URIRef(cito)))
    assert len(notices) == 1
    assert (URIRef(f"https://w3id.org/mechkg/claim/{claim.id}"), None, Literal(True)) in graph
    withdrawn = URIRef("https://w3id.org/mechkg/vocab#supportWithdrawn")
    assert {s for s, _, _ in graph.triples((None, withdrawn, None))} == {
        URIRef(f"https://w3id.org/mechkg/claim/{claim.id}")
    }

    names, rows = run_query(graph, "withdrawn-claims", {})
    found = [dict(zip(names, map(str, row), strict=True)) for row in rows]
    assert [(r["id"], r["source"]) for r in found] == [(claim.id, INDRA_SOURCE)]
    assert found[0]["reference"] == "https://w3id.org/mechkg/reference/widgetol/1"

    table = as_table(kb, [claim], None)
    assert "[WITHDRAWN: its only support is retracted]" in table
    assert "[RETRACTED, was animal]" in table
    assert claim_record(kb, claim, None)["withdrawn"] is True


def test_retracted_beside_clinical_work_is_not_withdrawn(project: Path) -> None:
    path = project / "seeds" / "documents" / "widgetol.yaml"
    text = path.read_text(encoding="utf-8").replace("cites: [3]", "cites: [1, 3]")
    path.write_text(text, encoding="utf-8")
    _cite(project, 1, RETRACTED[1])
    kb = _load(project)
    claim = _claim(kb, "GO:0051402")
    assert claim.support is SupportClass.CLINICAL
    assert not claim.withdrawn
    assert _claim(kb, "HGNC:1033").withdrawn
    found = {f.severity for f in audit(kb, project / "ontology") if f.category is FindingCategory.RETRACTED_CITATION}
    assert found == {Severity.HIGH}  # one finding: reference 1 withdraws w-1 (and w-3 keeps its trial)


def test_unretracted_pmid_changes_nothing(project: Path) -> None:
    _cite(project, 1, NOT_LISTED)
    kb = _load(project)
    claim = _claim(kb, "HGNC:1033")
    assert claim.support is SupportClass.PRECLINICAL_ONLY
    assert not claim.withdrawn
    assert not any(f.category is FindingCategory.RETRACTED_CITATION for f in audit(kb, project / "ontology"))


def _rw_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "retraction-watch.csv"
    path.write_text(RW_HEADER + "".join(rows), encoding="utf-8")
    return path


def test_retraction_watch_csv(project: Path, tmp_path: Path) -> None:
    rw = _rw_file(
        tmp_path,
        [
            f'101,"A retracted rat study",(BLS),x,J,P,C,A,,Research Article;,1/2/2020 0:00,10.1/r,1,'
            f"1/1/2019 0:00,10.1000/Rat.1,{NOT_LISTED},Retraction,+Data;,No,\n",
            '102,"A corrected paper",(BLS),x,J,P,C,A,,Research Article;,1/2/2020 0:00,10.1/c,2,'
            "1/1/2019 0:00,10.1000/fixed.2,22222222,Correction,+Error;,No,\n",
        ],
    )
    retractions = load_retraction_watch(rw)
    assert dict(retractions.pmids) == {NOT_LISTED: "Retraction Watch record 101 (retraction-watch.csv)"}
    assert set(retractions.dois) == {"10.1000/rat.1"}  # DOIs compared in lower case

    _cite(project, 1, NOT_LISTED)
    assert not _claim(_load(project), "HGNC:1033").withdrawn
    claim = _claim(_load(project, retractions=retractions), "HGNC:1033")
    assert claim.withdrawn
    assert claim.references[0].retracted.startswith("Retraction Watch record 101")


def test_retraction_watch_bad_rows_name_file_and_line(tmp_path: Path) -> None:
    rw = _rw_file(
        tmp_path,
        [
            "1,t,s,i,j,p,c,a,,x,d,,,d,10.1/ok,123,Retraction,r,No,\n",
            "2,t,s,i,j,p,c,a,,x,d,,,d,,12ab,Retraction,r,No,\n",
        ],
    )
    with pytest.raises(SeedErrors) as info:
        load_retraction_watch(rw)
    assert f"{rw}:3: OriginalPaperPubMedID: '12ab' is not a PMID" in str(info.value)
    bad = tmp_path / "bad.csv"
    bad.write_text("Record ID,Title\n1,t\n", encoding="utf-8")
    with pytest.raises(SeedErrors, match=r"bad.csv:1: missing column\(s\) RetractionNature"):
        load_retraction_watch(bad)


def test_cli_retractions_option(project: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    runner = CliRunner()
    _cite(project, 1, NOT_LISTED)
    rw = _rw_file(tmp_path, [f"7,t,s,i,j,p,c,a,,x,d,,,d,,{NOT_LISTED},Retraction,r,No,\n"])

    result = runner.invoke(main, ["query", "weak", "--documents", "docs", "--retractions", str(rw)])
    assert result.exit_code == 0, result.output
    assert "[WITHDRAWN: its only support is retracted]" in result.output

    result = runner.invoke(main, ["build", "--quiet", "--retractions", str(rw), "--out", "out"])
    assert result.exit_code == 0, result.output
    assert "retracted_citation 1" in result.output
    assert "\ttrue\n" in (project / "out" / "claims.tsv").read_text(encoding="utf-8")

    bad = _rw_file(tmp_path, ["8,t,s,i,j,p,c,a,,x,d,,,d,,notapmid,Retraction,r,No,\n"])
    result = runner.invoke(main, ["build", "--retractions", str(bad), "--out", "out2"])
    assert result.exit_code == 1
    assert "retraction-watch.csv:2: OriginalPaperPubMedID" in result.output
    assert not (project / "out2").exists()

    result = runner.invoke(main, ["build", "--retractions", str(tmp_path / "missing.csv"), "--out", "out3"])
    assert result.exit_code == 2


def test_the_report_marks_withdrawn_claims_and_retracted_references(project: Path) -> None:
    from kg.render.reportdata import report_data

    _cite(project, 1, RETRACTED[0])
    kb = _load(project)
    claim = _claim(kb, "HGNC:1033")
    data = report_data(kb)
    rows = {c["id"]: c for c in data["claims"]}  # type: ignore[union-attr]
    assert rows[claim.id].get("wd") == 1
    assert sum(1 for c in rows.values() if c.get("wd")) == 1
    refs = {r["k"]: r for r in data["references"]}  # type: ignore[union-attr]
    assert refs["widgetol#1"]["rt"] == INDRA_SOURCE and "rt" not in refs["widgetol#2"]
    script = (Path(__file__).resolve().parent.parent / "kg" / "render" / "templates" / "report.js").read_text(
        encoding="utf-8"
    )
    assert '"WITHDRAWN"' in script and '"RETRACTED ("' in script  # shown as text beside the badge


def test_a_diagram_labels_a_withdrawn_claim(project: Path) -> None:
    from kg.render.diagram import to_dot

    _cite(project, 1, RETRACTED[0])
    kb = _load(project)
    claim = _claim(kb, "HGNC:1033")
    text = to_dot(kb, kb.claims, "test").to_string()
    line = next(x for x in text.splitlines() if x.startswith(f'"{claim.subject}" -> "{claim.object}"'))
    assert "WITHDRAWN" in line
    assert text.count("WITHDRAWN") == 1  # no other claim rests on a retracted work alone
