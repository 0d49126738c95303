"""Canonical serialisations from sorted N-Triples (:mod:`kg.rdf.canonical`): the external sort
equals the in-memory one, and Turtle and JSON-LD say what the lines say."""

from __future__ import annotations

import io
from pathlib import Path

from rdflib import Graph
from rdflib.compare import isomorphic

from kg.rdf.canonical import WORK_PREFIX, SortedNTriples, split_line, write_jsonld, write_turtle
from kg.rdf.ntriples import XSD_INTEGER, Lit, Triple

EX = "https://example.org/"
TRIPLES: list[Triple] = [
    (EX + "b", EX + "p", Lit('two "quoted"\nlines')),
    (EX + "a", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type", EX + "T"),
    (EX + "a", EX + "n", Lit(3, XSD_INTEGER)),
    (EX + "b", EX + "p", Lit('two "quoted"\nlines')),  # a duplicate, written once
    (EX + "a", EX + "q", EX + "b"),
]


def _lines(work: Path, run_lines: int | None = None) -> list[str]:
    with SortedNTriples(lambda: TRIPLES, work, run_lines) as sorted_lines:
        lines = list(sorted_lines.lines())
        assert sorted_lines.count == len(lines)
    return lines


def test_the_external_sort_equals_the_sort_in_memory(tmp_path: Path) -> None:
    in_memory = _lines(tmp_path)
    assert in_memory == sorted(set(in_memory)) and len(in_memory) == 4
    assert _lines(tmp_path, run_lines=2) == in_memory
    assert not list(tmp_path.glob(WORK_PREFIX + "*"))  # runs and the sorted file removed


def test_write_ntriples_writes_the_lines(tmp_path: Path) -> None:
    out = io.BytesIO()
    with SortedNTriples(lambda: TRIPLES, tmp_path, 2) as sorted_lines:
        sorted_lines.write_ntriples(out)
    assert out.getvalue().decode("utf-8") == "".join(_lines(tmp_path))


def test_split_line() -> None:
    assert split_line(f'<{EX}s> <{EX}p> "a b"^^<{XSD_INTEGER}> .\n') == (EX + "s", EX + "p", f'"a b"^^<{XSD_INTEGER}>')


def test_turtle_and_jsonld_hold_the_same_graph(tmp_path: Path) -> None:
    lines = _lines(tmp_path)
    expected = Graph().parse(data="".join(lines), format="nt")
    turtle, jsonld = io.BytesIO(), io.BytesIO()
    write_turtle(lines, turtle, {"ex": EX})
    write_jsonld(lines, jsonld, {"ex": EX})
    assert turtle.getvalue().startswith(f"@prefix ex: <{EX}> .\n".encode())
    assert isomorphic(Graph().parse(data=turtle.getvalue(), format="turtle"), expected)
    assert isomorphic(Graph().parse(data=jsonld.getvalue(), format="json-ld"), expected)
