"""Nanopublications: TriG that rdflib and Oxigraph parse, with the structure nanopubs require."""

from __future__ import annotations

import warnings
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import RDF, XSD, Dataset, Graph, Literal, URIRef

from kg.errors import OutputError
from kg.formats.indra import import_indra, write_import
from kg.formats.nanopub import CITO, DCT, NP, PROV, graph_iris, nanopub_iri, to_trig
from kg.model import Direction, KnowledgeBase
from kg.rdf.nodes import claim_iri, entity_iri, evidence_iri, reference_iri
from kg.seeds.load import load_knowledge_base
from kg.vocab.iris import PREDICATE_IRIS

DATA = Path(__file__).resolve().parent / "data" / "indra"


@pytest.fixture
def mixed_kb(project: Path, tmp_path: Path) -> KnowledgeBase:
    """A project with supporting and refuting claims (imported from the INDRA fixture)."""
    out = tmp_path / "mixed"
    write_import(import_indra(DATA / "cascade.json", out, project / "ontology"))
    return load_knowledge_base(out / "seeds", out / "ontology", DATA)


def _graphs(data: bytes) -> dict[URIRef, Graph]:
    ds = Dataset()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's own Dataset.parse internals
        ds.parse(data=data.decode("utf-8"), format="trig")
    return {g.identifier: g for g in ds.graphs() if len(g)}


def test_trig_parses_the_same_in_rdflib_and_oxigraph(mixed_kb: KnowledgeBase) -> None:
    data = to_trig(mixed_kb)
    graphs = _graphs(data)
    quads = list(ox.parse(data, format=ox.RdfFormat.TRIG))
    assert len(graphs) == 4 * len(mixed_kb.claims)
    assert {str(q.graph_name.value) for q in quads} == {str(g) for g in graphs}
    assert len(quads) == sum(len(g) for g in graphs.values())


def test_every_nanopub_has_the_required_structure(mixed_kb: KnowledgeBase) -> None:
    graphs = _graphs(to_trig(mixed_kb))
    for claim in mixed_kb.claims:
        np_iri, iris = nanopub_iri(claim), graph_iris(claim)
        assert len(set(iris.values())) == 4
        head = graphs[iris["Head"]]
        assert set(head) == {
            (np_iri, RDF.type, NP.Nanopublication),
            (np_iri, NP.hasAssertion, iris["assertion"]),
            (np_iri, NP.hasProvenance, iris["provenance"]),
            (np_iri, NP.hasPublicationInfo, iris["pubinfo"]),
        }
        assert len(graphs[iris["assertion"]]) > 0
        assert any(s == iris["assertion"] for s, _, _ in graphs[iris["provenance"]])
        created = list(graphs[iris["pubinfo"]].objects(np_iri, DCT.created))
        assert len(created) == 1 and created[0].datatype == XSD.dateTime
        assert list(graphs[iris["pubinfo"]].objects(np_iri, DCT.creator))


def test_assertion_is_the_plain_triple_only_for_supporting_claims(mixed_kb: KnowledgeBase) -> None:
    graphs = _graphs(to_trig(mixed_kb))
    directions = {c.direction for c in mixed_kb.claims}
    assert {Direction.SUPPORTS, Direction.REFUTES} <= directions
    for claim in mixed_kb.claims:
        assertion = graphs[graph_iris(claim)["assertion"]]
        plain = (entity_iri(claim.subject), URIRef(PREDICATE_IRIS[claim.predicate]), entity_iri(claim.object))
        if claim.direction is Direction.SUPPORTS:
            assert set(assertion) == {plain}
        else:
            assert plain not in assertion
            assert (claim_iri(claim), RDF.subject, entity_iri(claim.subject)) in assertion


def test_provenance_holds_evidence_spans_references_and_levels(mixed_kb: KnowledgeBase) -> None:
    graphs = _graphs(to_trig(mixed_kb))
    oa = "http://www.w3.org/ns/oa#"
    mk = "https://w3id.org/mechkg/vocab#"
    for claim in mixed_kb.claims:
        prov = graphs[graph_iris(claim)["provenance"]]
        here = graph_iris(claim)["assertion"]
        for ev in claim.evidence:
            assert (here, PROV.wasDerivedFrom, evidence_iri(ev)) in prov
            selector = URIRef(f"{evidence_iri(ev)}/selector")
            assert int(prov.value(selector, URIRef(oa + "start"))) == ev.locator.start
            assert int(prov.value(selector, URIRef(oa + "end"))) == ev.locator.end
        for ref in claim.references:
            assert (here, CITO.citesAsEvidence, reference_iri(ref)) in prov
            assert (reference_iri(ref), URIRef(mk + "evidenceLevel"), URIRef(f"{mk}level_{ref.level.value}")) in prov
        assert (claim_iri(claim), URIRef(mk + "supportClass"), URIRef(f"{mk}support_{claim.support.value}")) in prov


def test_output_is_deterministic_and_created_is_settable(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MECHKG_NP_CREATED", raising=False)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert to_trig(kb) == to_trig(kb)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    graphs = _graphs(to_trig(kb))
    claim = kb.claims[0]
    created = graphs[graph_iris(claim)["pubinfo"]].value(nanopub_iri(claim), DCT.created)
    assert created == Literal("2026-01-01T00:00:00Z", datatype=XSD.dateTime)
    monkeypatch.setenv("MECHKG_NP_CREATOR", "https://orcid.org/0000-0002-1825-0097")
    data = to_trig(kb, created="2026-02-03T04:05:06Z")
    graphs = _graphs(data)
    pubinfo = graphs[graph_iris(claim)["pubinfo"]]
    assert pubinfo.value(nanopub_iri(claim), DCT.creator) == URIRef("https://orcid.org/0000-0002-1825-0097")
    assert pubinfo.value(nanopub_iri(claim), DCT.created) == Literal("2026-02-03T04:05:06Z", datatype=XSD.dateTime)
    monkeypatch.setenv("MECHKG_NP_CREATED", "last tuesday")
    with pytest.raises(OutputError, match="MECHKG_NP_CREATED"):
        to_trig(kb)


def test_cli_writes_trig_by_suffix(project: Path, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    args = ["export", "--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    done = CliRunner().invoke(main, [*args, "--documents", str(project / "docs"), "-o", str(tmp_path / "c.trig")])
    assert done.exit_code == 0, done.output
    quads = list(ox.parse((tmp_path / "c.trig").read_bytes(), format=ox.RdfFormat.TRIG))
    assert len({q.graph_name for q in quads}) == 4 * 4  # four claims in the test project
