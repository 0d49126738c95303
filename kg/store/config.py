"""Where a remote SPARQL server is and how it is reached: server presets (the update and
graph-store URLs a query URL implies, per server kind) and the ``[endpoint]`` table of
``mechkg.toml``.

Server presets (``server_kind``) derive the update and graph-store URLs from the query URL
(query URL -> update URL, graph-store URL; see :data:`SERVER_KINDS`):

- oxigraph: ``BASE/query`` -> ``BASE/update``, ``BASE/store``
- fuseki: ``BASE/DATASET/sparql`` (or ``/query``) -> ``BASE/DATASET/update``, ``BASE/DATASET/data``
- graphdb: ``BASE/repositories/ID`` -> ``…/ID/statements``, ``…/ID/rdf-graphs/service``
- virtuoso: ``BASE/sparql`` -> ``BASE/sparql``, ``BASE/sparql-graph-crud``
- neptune: ``BASE/sparql`` -> ``BASE/sparql``, ``BASE/sparql/gsp/``
"""

from __future__ import annotations

import os
import re
import tomllib
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import ConfigError, RemoteError

__all__ = [
    "CONFIG_FILE",
    "CONFIG_KEYS",
    "KIND_CHOICES",
    "NEEDS_NAMED_GRAPH",
    "SERVER_KINDS",
    "WRITE_GRANTS",
    "Endpoints",
    "read_config",
    "remote_settings",
    "resolve_endpoints",
]

#: Server presets: accepted query-URL suffixes, then the update and graph-store suffixes that
#: replace them. An empty query suffix means the query URL is the base itself (GraphDB).
SERVER_KINDS: dict[str, tuple[tuple[str, ...], str, str]] = {
    "oxigraph": (("/query",), "/update", "/store"),
    "fuseki": (("/sparql", "/query"), "/update", "/data"),
    "graphdb": (("",), "/statements", "/rdf-graphs/service"),
    "virtuoso": (("/sparql",), "/sparql", "/sparql-graph-crud"),
    "neptune": (("/sparql",), "/sparql", "/sparql/gsp/"),
}
#: Where a base URL (no query suffix) puts its query endpoint, per kind.
_DEFAULT_QUERY_SUFFIX = {
    "oxigraph": "/query",
    "fuseki": "/sparql",
    "graphdb": "",
    "virtuoso": "/sparql",
    "neptune": "/sparql",
}
KIND_CHOICES = ("auto", *SERVER_KINDS)
#: Kinds with no plain default graph: a query's default graph is the union of every graph
#: (Virtuoso: ``MOVE ... TO DEFAULT`` fails with SP031), so a load there needs a named graph.
NEEDS_NAMED_GRAPH = frozenset({"virtuoso"})
#: What a kind's server needs before it accepts writes, for the message when it refuses one.
WRITE_GRANTS = {
    "virtuoso": 'its SPARQL user needs the SPARQL_UPDATE role; as dba in isql: grant SPARQL_UPDATE to "SPARQL";',
}

#: Keys of the ``[endpoint]`` table of ``mechkg.toml``, with their types.
CONFIG_KEYS: dict[str, type | tuple[type, ...]] = {
    "url": str,
    "server_kind": str,
    "update_url": str,
    "gsp_url": str,
    "graph": str,
    "timeout": (int, float),
    "chunk_triples": int,
}
CONFIG_FILE = "mechkg.toml"


@dataclass(frozen=True)
class Endpoints:
    """The three URLs of one server: SPARQL query, SPARQL update, graph store (None: unknown)."""

    query: str
    update: str | None
    gsp: str | None
    kind: str


def _check_url(url: str, what: str) -> str:
    """``url`` when it is an http(s) URL; else a RemoteError naming ``what`` it was meant to be."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise RemoteError(f"{what}: {url!r} is not an http(s) URL (expected e.g. http://127.0.0.1:7878/query)")
    return url


def _guess_kind(path: str) -> str | None:
    """The server kind a query-URL path unambiguously names, if any."""
    if path == "/query":
        return "oxigraph"
    if re.fullmatch(r"/repositories/[^/]+", path):
        return "graphdb"
    if re.fullmatch(r"/[^/]+/(sparql|query)", path) and not path.startswith("/sparql/"):
        return "fuseki"
    return None


def resolve_endpoints(
    endpoint: str, server_kind: str = "auto", update_url: str | None = None, gsp_url: str | None = None
) -> Endpoints:
    """Query, update and graph-store URLs of a server from its URL, preset and explicit URLs.

    ``endpoint`` is the query URL, or for a preset the base URL (``http://host:7878`` for
    Oxigraph, ``http://host:3030/ds`` for Fuseki). ``auto`` recognises ``/query`` (Oxigraph),
    ``/repositories/ID`` (GraphDB) and ``/DATASET/sparql`` (Fuseki); ``/sparql`` alone is Virtuoso
    or Neptune, so loads there need ``server_kind`` or explicit URLs.
    """
    if server_kind not in KIND_CHOICES:
        raise RemoteError(f"unknown server kind {server_kind!r} (expected one of: {', '.join(KIND_CHOICES)})")
    query = _check_url(endpoint, "endpoint")
    if urllib.parse.urlsplit(query).path not in ("", "/"):
        query = query.rstrip("/")
    path = urllib.parse.urlsplit(query).path.rstrip("/")
    kind = _guess_kind(path) if server_kind == "auto" else server_kind
    update = gsp = None
    if kind is not None:
        suffixes, update_suffix, gsp_suffix = SERVER_KINDS[kind]
        matched = next((s for s in suffixes if s and path.endswith(s)), None)
        if matched is not None:
            base = query[: len(query) - len(matched)]
        else:
            base = query.rstrip("/")
            query = base + _DEFAULT_QUERY_SUFFIX[kind]
        update, gsp = base + update_suffix, base + gsp_suffix
    if update_url:
        update = _check_url(update_url, "update URL")
    if gsp_url:
        gsp = _check_url(gsp_url, "graph-store URL")
    return Endpoints(query, update, gsp, kind or "unknown")


# --- configuration -----------------------------------------------------------------------------


def read_config(path: Path | None = None) -> dict[str, Any]:
    """The ``[endpoint]`` table of ``mechkg.toml`` (``$MECHKG_CONFIG``, else ./mechkg.toml), or {}.

    Unknown keys and wrong types are errors naming the file and the allowed keys.
    """
    if path is None:
        env = os.environ.get("MECHKG_CONFIG")
        path = Path(env) if env else Path(CONFIG_FILE)
        if not env and not path.is_file():
            return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the settings file: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML: {exc}") from exc
    table = data.get("endpoint", {})
    if not isinstance(table, dict):
        raise ConfigError(f"{path}: [endpoint] must be a table")
    for key, value in table.items():
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{path}: [endpoint] unknown key {key!r} (expected one of: {', '.join(CONFIG_KEYS)})")
        expected = CONFIG_KEYS[key]
        if isinstance(value, bool) or not isinstance(value, expected):
            names = "number" if isinstance(expected, tuple) else expected.__name__
            raise ConfigError(f"{path}: [endpoint] {key} must be a {names}, got {value!r}")
    if "server_kind" in table and table["server_kind"] not in KIND_CHOICES:
        raise ConfigError(
            f"{path}: [endpoint] server_kind {table['server_kind']!r} (expected one of: {', '.join(KIND_CHOICES)})"
        )
    return dict(table)


def remote_settings(cli: Mapping[str, Any], config: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """Settings for :class:`kg.store.remote.RemoteEngine`: command-line values (incl. env vars) over the config file.

    Returns None when no endpoint is set anywhere (or it is ``none``): work locally.
    """
    config = read_config() if config is None else config
    merged = {key: config[key] for key in CONFIG_KEYS if key in config}
    merged.update({key: value for key, value in cli.items() if value is not None})
    url = merged.pop("url", None)
    if "endpoint" in merged:
        url = merged.pop("endpoint")
    if not url or str(url).lower() == "none":
        return None
    merged["endpoint"] = url
    return merged
