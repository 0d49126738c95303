"""Plain triples as N-Triples text (:mod:`kg.rdf.ntriples`): the lines rdflib would write, in chunks."""

from __future__ import annotations

from rdflib import Graph

from kg.rdf.ntriples import XSD_BOOLEAN, XSD_DECIMAL, XSD_INTEGER, Lit, ntriples_chunks, ntriples_line

S, P = "https://example.org/s", "https://example.org/p"


def test_lines_for_iris_and_literals() -> None:
    assert ntriples_line((S, P, "https://example.org/o")) == f"<{S}> <{P}> <https://example.org/o> .\n"
    assert ntriples_line((S, P, Lit('a "quoted"\nline\\'))) == f'<{S}> <{P}> "a \\"quoted\\"\\nline\\\\" .\n'
    assert ntriples_line((S, P, Lit(3, XSD_INTEGER))) == f'<{S}> <{P}> "3"^^<{XSD_INTEGER}> .\n'
    assert ntriples_line((S, P, Lit(True))) == f'<{S}> <{P}> "true"^^<{XSD_BOOLEAN}> .\n'
    assert ntriples_line((S, P, Lit("0.5", XSD_DECIMAL))) == f'<{S}> <{P}> "0.5"^^<{XSD_DECIMAL}> .\n'


def test_lines_parse_back_with_rdflib() -> None:
    triples = [(S, P, Lit("text")), (S, P, Lit(7, XSD_INTEGER)), (S, P, Lit(False))]
    graph = Graph().parse(data="".join(ntriples_line(t) for t in triples), format="nt")
    assert sorted(str(o) for _, _, o in graph) == ["7", "false", "text"]


def test_chunks_hold_every_line_once() -> None:
    triples = [(S, P, Lit(str(k))) for k in range(5)]
    chunks = list(ntriples_chunks(triples, lines_per_chunk=2))
    assert len(chunks) == 3
    assert b"".join(chunks).decode() == "".join(ntriples_line(t) for t in triples)
