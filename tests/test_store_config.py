"""kg.store.config: server presets from a query URL, and the [endpoint] table of mechkg.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import ConfigError, RemoteError
from kg.store.config import read_config, remote_settings, resolve_endpoints


def test_presets_derive_update_and_graph_store_urls() -> None:
    ox = resolve_endpoints("http://127.0.0.1:7878/query")
    assert (ox.kind, ox.update, ox.gsp) == ("oxigraph", "http://127.0.0.1:7878/update", "http://127.0.0.1:7878/store")
    fuseki = resolve_endpoints("http://h:3030/ds/sparql")
    assert (fuseki.kind, fuseki.update, fuseki.gsp) == ("fuseki", "http://h:3030/ds/update", "http://h:3030/ds/data")
    based = resolve_endpoints("http://h:8890", "virtuoso")
    assert (based.query, based.gsp) == ("http://h:8890/sparql", "http://h:8890/sparql-graph-crud")


def test_an_ambiguous_url_leaves_writes_unknown_unless_given() -> None:
    plain = resolve_endpoints("http://h/sparql")
    assert (plain.kind, plain.update, plain.gsp) == ("unknown", None, None)
    given = resolve_endpoints("http://h/sparql", update_url="http://h/u", gsp_url="http://h/g")
    assert (given.update, given.gsp) == ("http://h/u", "http://h/g")


def test_bad_urls_and_kinds_are_refused() -> None:
    with pytest.raises(RemoteError, match="is not an http"):
        resolve_endpoints("ftp://h/query")
    with pytest.raises(RemoteError, match="unknown server kind"):
        resolve_endpoints("http://h/query", "blazegraph")


def test_read_config(tmp_path: Path) -> None:
    good = tmp_path / "mechkg.toml"
    good.write_text('[endpoint]\nurl = "http://h/query"\ntimeout = 5\n', encoding="utf-8")
    assert read_config(good) == {"url": "http://h/query", "timeout": 5}
    bad = tmp_path / "bad.toml"
    bad.write_text("[endpoint]\nport = 1\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="unknown key 'port'"):
        read_config(bad)
    typed = tmp_path / "typed.toml"
    typed.write_text("[endpoint]\ntimeout = true\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="timeout must be a number"):
        read_config(typed)


def test_command_line_values_win_over_the_file() -> None:
    config = {"url": "http://file/query", "timeout": 5}
    assert remote_settings({"endpoint": "http://cli/query", "timeout": None}, config) == {
        "endpoint": "http://cli/query",
        "timeout": 5,
    }
    assert remote_settings({}, config) == {"endpoint": "http://file/query", "timeout": 5}
    assert remote_settings({"endpoint": "none"}, config) is None
    assert remote_settings({}, {}) is None
