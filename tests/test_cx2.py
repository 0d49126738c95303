"""Cytoscape: CX2 JSON (checked with ndex2) and GraphML with typed evidence columns
(read back with networkx and igraph)."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import networkx as nx
import pytest

from kg.formats.cx2 import EDGE_TYPES, NODE_TYPES, to_cx2, to_cytoscape_graphml
from kg.formats.registry import to_graphml
from kg.model import KnowledgeBase
from tests.interchange_tools import checker_python, run_checker

GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"
#: attr.type values the GraphML specification allows.
GRAPHML_TYPES = {"boolean", "int", "long", "float", "double", "string"}
_PY = {
    "string": str,
    "boolean": bool,
    "integer": int,
    "list_of_string": list,
}


def _aspects(data: bytes) -> dict[str, list[dict[str, object]]]:
    doc = json.loads(data)
    assert isinstance(doc, list)
    assert doc[0] == {"CXVersion": "2.0", "hasFragments": False}
    assert doc[-1] == {"status": [{"error": "", "success": True}]}
    out: dict[str, list[dict[str, object]]] = {}
    for aspect in doc[1:-1]:
        ((name, items),) = aspect.items()
        out[name] = items
    return out


def test_cx2_aspects_declare_and_type_every_column(seeds_kb: KnowledgeBase) -> None:
    aspects = _aspects(to_cx2(seeds_kb))
    assert list(aspects) == ["metaData", "attributeDeclarations", "networkAttributes", "nodes", "edges"]
    counts = {m["name"]: m["elementCount"] for m in aspects["metaData"]}
    assert counts["nodes"] == len(aspects["nodes"]) and counts["edges"] == len(aspects["edges"]) == len(seeds_kb.claims)
    (declared,) = aspects["attributeDeclarations"]
    assert {k: v["d"] for k, v in declared["nodes"].items()} == NODE_TYPES
    assert {k: v["d"] for k, v in declared["edges"].items()} == EDGE_TYPES
    node_ids = {n["id"] for n in aspects["nodes"]}
    assert len(node_ids) == len(aspects["nodes"])
    for element, types in ((aspects["nodes"], NODE_TYPES), (aspects["edges"], EDGE_TYPES)):
        for item in element:
            assert set(item["v"]) == set(types)
            for key, value in item["v"].items():
                assert isinstance(value, _PY[types[key]]), (key, value)
                if types[key] == "integer":
                    assert not isinstance(value, bool)
    for edge in aspects["edges"]:
        assert edge["s"] in node_ids and edge["t"] in node_ids
    edges = {e["v"]["claim_id"]: e["v"] for e in aspects["edges"]}
    for claim in seeds_kb.claims:
        assert edges[claim.id]["levels"] == [lv.value for lv in claim.levels]
        assert edges[claim.id]["support_class"] == claim.support.value
        assert edges[claim.id]["interaction"] == claim.predicate.value


def test_ndex2_reads_the_cx2(seeds_kb: KnowledgeBase, tmp_path: Path) -> None:
    python = checker_python("ndex2.cx2")
    (tmp_path / "g.cx2").write_bytes(to_cx2(seeds_kb))
    report = run_checker(python, "cx2_check.py", str(tmp_path / "g.cx2"))
    assert report["edges"] == report["networkx_edges"] == report["rewritten_edges"] == len(seeds_kb.claims)
    assert report["claim_ids"] == sorted(c.id for c in seeds_kb.claims)
    assert report["declarations"]["edges"]["citation_count"] == {"d": "integer"}


def _keys(data: bytes) -> dict[str, tuple[str, str, str]]:
    root = ET.fromstring(data)
    keys = {}
    for key in root.iter(f"{GRAPHML}key"):
        assert key.get("id") not in keys, "GraphML key ids must be unique"
        keys[key.get("id")] = (key.get("for"), key.get("attr.name"), key.get("attr.type"))
    used = {d.get("key") for d in root.iter(f"{GRAPHML}data")}
    assert used <= set(keys)  # every value refers to a declared key
    return keys


@pytest.mark.parametrize("writer", [to_graphml, to_cytoscape_graphml])
def test_graphml_keys_are_declared_with_graphml_types(seeds_kb: KnowledgeBase, writer: object) -> None:
    keys = _keys(writer(seeds_kb))  # type: ignore[operator]
    assert {t for _, _, t in keys.values()} <= GRAPHML_TYPES


def test_cytoscape_graphml_has_name_label_interaction_and_typed_evidence(seeds_kb: KnowledgeBase) -> None:
    data = to_cytoscape_graphml(seeds_kb)
    keys = {(f, name): t for f, name, t in _keys(data).values()}
    assert keys[("node", "name")] == keys[("node", "label")] == "string"
    assert keys[("edge", "interaction")] == "string"
    assert keys[("edge", "citation_count")] in ("int", "long")
    assert keys[("edge", "negated")] == keys[("edge", "weak")] == "boolean"
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    edges = {d["claim_id"]: d for _, _, d in g.edges(data=True)}
    assert set(edges) == {c.id for c in seeds_kb.claims}
    for claim in seeds_kb.claims:
        d = edges[claim.id]
        assert d["interaction"] == claim.predicate.value
        assert d["citation_count"] == len(claim.references) and isinstance(d["citation_count"], int)
        assert d["weak"] is claim.support.is_weak
        assert (d["levels"].split("|") if d["levels"] else []) == [lv.value for lv in claim.levels]
    assert all(g.nodes[n]["name"] == seeds_kb.label(n) for n in g.nodes)


def test_igraph_reads_the_cytoscape_graphml(seeds_kb: KnowledgeBase, tmp_path: Path) -> None:
    igraph = pytest.importorskip("igraph")
    path = tmp_path / "c.graphml"
    path.write_bytes(to_cytoscape_graphml(seeds_kb))
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.ecount() == len(seeds_kb.claims)
    assert set(EDGE_TYPES) <= set(g.es.attributes())
    assert {"name", "label", "curie", "entity_type"} <= set(g.vs.attributes())
    by_claim = {e["claim_id"]: e for e in g.es}
    for claim in seeds_kb.claims:
        e = by_claim[claim.id]
        assert e["support_class"] == claim.support.value
        assert e["negated"] is (claim.direction.value != "supports")
        assert e["evidence_count"] == len(claim.evidence)
        assert g.vs[e.source]["curie"] == claim.subject and g.vs[e.target]["curie"] == claim.object
