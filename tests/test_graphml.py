"""The streamed GraphML writer: the same bytes as networkx's writer, and readable by networkx."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import pytest

from kg.formats.graphml import graphml_chunks, to_graphml_bytes
from kg.graph import CLAIM_ID, HEDGED, LABEL, to_networkx
from kg.model import KnowledgeBase
from kg.seeds.load import load_knowledge_base

from .conftest import DOC_TEXT, seed_yaml


def _networkx_bytes(kb: KnowledgeBase) -> bytes:
    out = io.BytesIO()
    nx.write_graphml_xml(to_networkx(kb), out, encoding="utf-8", prettyprint=True)
    return out.getvalue()


@pytest.mark.parametrize("which", ["kb", "seeds_kb"])
def test_same_bytes_as_networkx_writer(which: str, request: pytest.FixtureRequest) -> None:
    kb = request.getfixturevalue(which)
    assert to_graphml_bytes(kb) == _networkx_bytes(kb)


def test_markup_characters_in_labels_are_escaped_like_networkx(project: Path) -> None:
    entities = project / "ontology" / "entities" / "test.yaml"
    text = entities.read_text(encoding="utf-8")
    assert "label: neuron apoptotic process" in text
    # a label full of characters XML must escape (YAML double quotes: \" and \t)
    entities.write_text(
        text.replace("label: neuron apoptotic process", 'label: "cell \\"death\\" <b> & co\\tplus"'),
        encoding="utf-8",
    )
    kb = load_knowledge_base(project / "seeds", project / "ontology")
    data = to_graphml_bytes(kb)
    assert data == _networkx_bytes(kb)
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert 'cell "death" <b> & co\tplus' in {attrs[LABEL] for _, attrs in g.nodes(data=True)}


def test_a_graph_without_claims_declares_only_the_graph_key(project: Path) -> None:
    (project / "seeds" / "documents" / "widgetol.yaml").write_text(
        seed_yaml(DOC_TEXT).split("claims:")[0] + "claims: []\n", encoding="utf-8"
    )
    kb = load_knowledge_base(project / "seeds", project / "ontology")
    assert not kb.claims
    data = to_graphml_bytes(kb)
    assert data == _networkx_bytes(kb)
    assert data.count(b"<key ") == 1


def test_reads_back_with_booleans_and_one_edge_per_claim(kb: KnowledgeBase) -> None:
    g = nx.read_graphml(io.BytesIO(to_graphml_bytes(kb)), force_multigraph=True)
    edges = {d[CLAIM_ID]: d for _, _, d in g.edges(data=True)}
    assert set(edges) == {c.id for c in kb.claims}
    for claim in kb.claims:
        assert edges[claim.id][HEDGED] is all(ev.hedged for ev in claim.evidence)


def test_streams_one_chunk_per_element(kb: KnowledgeBase) -> None:
    chunks = list(graphml_chunks(kb))
    nodes = {c.subject for c in kb.claims} | {c.object for c in kb.claims}
    assert sum(chunk.lstrip().startswith("<edge ") for chunk in chunks) == len(kb.claims)
    assert sum(chunk.lstrip().startswith("<node ") for chunk in chunks) == len(nodes)
