"""kg.formats.indra.spans: INDRA JSON read with the span of every statement and evidence object."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.formats.indra.spans import read_statements


def test_spans_point_at_each_statement_and_evidence(tmp_path: Path) -> None:
    path = tmp_path / "s.json"
    path.write_text(
        '[ {"type": "Activation", "evidence": [ {"pmid": "1"} , {"text": "x"}]},\n  {"type": "Complex"} ]',
        encoding="utf-8",
    )
    text, statements = read_statements(path)
    assert [s.index for s in statements] == [0, 1]
    first, second = statements
    assert json.loads(text[slice(*first.span)]) == first.data
    assert [json.loads(text[a:b]) for a, b in first.evidence_spans] == [{"pmid": "1"}, {"text": "x"}]
    assert second.evidence_spans == () and json.loads(text[slice(*second.span)]) == {"type": "Complex"}


def test_a_single_statement_object_is_a_list_of_one(tmp_path: Path) -> None:
    path = tmp_path / "one.json"
    path.write_text('  {"type": "Inhibition", "evidence": []}\n', encoding="utf-8")
    text, [only] = read_statements(path)
    assert only.span == (2, len(text.rstrip()))


@pytest.mark.parametrize(
    ("body", "where"),
    [
        (b'[\n{"type": }', "bad.json:2: column 10: invalid JSON"),
        (b"\n\n\xff", "bad.json:3: not UTF-8 text"),
        (b'"text"', "bad.json:1: expected a list of INDRA statements, got str"),
    ],
)
def test_malformed_input_names_file_and_line(tmp_path: Path, body: bytes, where: str) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(body)
    with pytest.raises(SeedErrors) as caught:
        read_statements(path, "bad.json")
    assert where in str(caught.value)
