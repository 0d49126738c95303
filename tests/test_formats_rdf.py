"""The RDF dumps (:mod:`kg.formats.rdf`): rdflib's Turtle and JSON-LD, and the forms streamed from sorted lines."""

from __future__ import annotations

import io
import json
from functools import partial
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import kg.sizes as sizes
from kg.formats.rdf import STREAMED, is_large, streamed_writer, to_jsonld, to_ntriples, to_turtle, turtle_prefixes
from kg.model import KnowledgeBase
from kg.rdf.canonical import SortedNTriples
from kg.rdf.triples import triples
from kg.vocab.iris import PREFIXES


def test_turtle_prefixes_are_mechkg_and_rdflib_core_ones() -> None:
    prefixes = turtle_prefixes()
    assert {"rdf", "rdfs", "xsd"} <= set(prefixes)
    assert all(prefixes[name] == iri for name, iri in PREFIXES.items())


def test_jsonld_context_and_order_are_fixed(kb: KnowledgeBase) -> None:
    data = to_jsonld(kb)
    assert data == to_jsonld(kb) and data.endswith(b"\n")
    doc = json.loads(data)
    assert list(doc["@context"]) == sorted(PREFIXES)
    nodes = doc["@graph"]
    assert nodes == sorted(nodes, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    assert all(list(node) == sorted(node) for node in nodes)


def test_is_large_follows_the_size_policy(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not is_large(kb)
    monkeypatch.setattr(sizes, "RDFLIB_EXPORT_LIMIT", 0)
    assert is_large(kb)


@pytest.mark.parametrize("name", STREAMED)
def test_streamed_forms_hold_the_same_graph_as_rdflibs(kb: KnowledgeBase, tmp_path: Path, name: str) -> None:
    rdflib_form = {"ntriples": (to_ntriples, "nt"), "turtle": (to_turtle, "turtle"), "jsonld": (to_jsonld, "json-ld")}
    write, syntax = rdflib_form[name]
    with SortedNTriples(partial(triples, kb, ()), tmp_path) as nt:
        out = io.BytesIO()
        streamed_writer(name, nt)(out)
    streamed = Graph().parse(data=out.getvalue(), format=syntax)
    assert len(streamed) > 0
    assert isomorphic(streamed, Graph().parse(data=write(kb), format=syntax))
