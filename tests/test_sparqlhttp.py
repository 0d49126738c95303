"""kg.store.sparqlhttp: query text with prefixes, SPARQL JSON answers, cut answers refused."""

from __future__ import annotations

import json

import pytest

from kg.errors import RemoteError
from kg.store.sparqlhttp import add_prefixes, check_whole, form_body, parse_results, prefix_declarations, user_positions


def test_prefixes_go_on_the_first_line_and_errors_point_into_the_users_text() -> None:
    text = "SELECT ?c WHERE { ?c a mechkg:Claim }"
    full = add_prefixes(text)
    assert "\n" not in full and full.endswith(text)
    assert "PREFIX mechkg:" in full
    head = prefix_declarations(text)
    shift = len(head) + 1
    assert user_positions(f"parse error at 1:{shift + 7}", text) == "parse error at 1:7"
    assert user_positions("line 2, column 3", text) == "line 2, column 3"
    declared = "PREFIX mechkg: <http://x/> " + text
    assert "PREFIX mechkg:" not in prefix_declarations(declared)


def test_parse_results_reads_select_and_ask() -> None:
    select = {
        "head": {"vars": ["s", "o"]},
        "results": {"bindings": [{"s": {"type": "uri", "value": "http://x"}, "o": {"type": "bnode", "value": "b0"}}]},
    }
    assert parse_results(json.dumps(select).encode(), "u") == (["s", "o"], [("http://x", "_:b0")])
    assert parse_results(b'{"boolean": true}', "u") is True
    with pytest.raises(RemoteError, match="did not answer with SPARQL JSON"):
        parse_results(b"<html>", "u")
    with pytest.raises(RemoteError, match="not SPARQL results"):
        parse_results(b"{}", "u")


def test_a_cut_answer_is_refused() -> None:
    check_whole({}, 10, "u")
    check_whole({"X-SPARQL-MaxRows": "100"}, 99, "u")
    with pytest.raises(RemoteError, match="cut its answer at 100 rows"):
        check_whole({"X-SPARQL-MaxRows": "100"}, 100, "u")
    with pytest.raises(RemoteError, match="partial result"):
        check_whole({"X-SQL-State": "S1TAT"}, 1, "u")


def test_form_body_leaves_out_none_and_dashes_names() -> None:
    assert form_body(query="ASK {}", default_graph_uri=None) == b"query=ASK+%7B%7D"
    assert form_body(default_graph_uri="urn:g") == b"default-graph-uri=urn%3Ag"
