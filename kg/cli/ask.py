"""`kg audit`, `kg query`, `kg paths`, `kg sparql`, `kg serve`: asking the graph."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import click

from kg.audit import audit, audit_selected
from kg.cli.options import (
    EPILOG_DOCS,
    EPILOG_REMOTE,
    FORMAT,
    answers_from_store,
    endpoint_options,
    input_options,
    ontology_dir,
    print_claims,
    remote_engine,
    store_option,
)
from kg.graph import to_networkx
from kg.model import FindingCategory, KnowledgeBase, Severity, SupportClass
from kg.query import paths, preclinical_or_vendor_only, resolve_entity, weak_support
from kg.render.present import findings_text, paths_text

__all__ = [
    "audit_command",
    "paths_command",
    "query_about_command",
    "query_group",
    "query_weak_command",
    "serve_command",
    "sparql_command",
]


@click.command("audit", epilog=EPILOG_DOCS)
@input_options
@click.option(
    "--category",
    "categories",
    multiple=True,
    type=click.Choice([c.value for c in FindingCategory]),
    help="Only these categories (repeatable).",
)
@click.option(
    "--min-severity",
    type=click.Choice([s.value for s in Severity]),
    default="info",
    show_default=True,
    help="Hide findings less serious than this.",
)
@FORMAT
def audit_command(
    kb: KnowledgeBase, documents: Path | None, categories: tuple[str, ...], min_severity: str, fmt: str
) -> None:
    """Find where the mechanism story is weaker than it looks.

    Rules: subject mismatch, contradiction, level inflation, non-evidence citation, textbook
    step cited only to vendors, duplicate references, uncited claims, self-citation, weak chain,
    and disagreements between the reference classifier and the curated grades. The weak-chain
    search runs at every size (about a minute at a million claims).

    \b
    Examples:
      kg audit
      kg audit --min-severity high
      kg audit --category level_inflation --format json
    """
    findings = audit_selected(kb, ontology_dir(), documents, categories, min_severity)
    click.echo(findings_text(findings, fmt), nl=False)


@click.group("query")
def query_group() -> None:
    """Ask questions of the claims (weak support, claims about an entity)."""


@query_group.command("weak", epilog=f"{EPILOG_DOCS} {EPILOG_REMOTE}")
@input_options
@endpoint_options
@click.option(
    "--class",
    "classes",
    multiple=True,
    type=click.Choice([s.value for s in SupportClass if s.is_weak]),
    help="Only these support classes (repeatable).",
)
@click.option(
    "--preclinical-or-vendor",
    is_flag=True,
    help="Only claims resting on preclinical work and/or vendor pages (or nothing).",
)
@FORMAT
def query_weak_command(
    kb: KnowledgeBase,
    documents: Path | None,
    classes: tuple[str, ...],
    preclinical_or_vendor: bool,
    fmt: str,
    remote: dict[str, Any] | None,
) -> None:
    """List claims without clinical support, weakest first.

    With --endpoint the claims are selected by the shipped SPARQL query on the server (which
    must hold the graph of the same seeds: kg build --endpoint URL).

    \b
    Examples:
      kg query weak
      kg query weak --class vendor_only --class uncited --format tsv
      kg query weak --preclinical-or-vendor --format json
      kg query weak --endpoint http://127.0.0.1:7878/query
    """
    if remote is not None:
        from kg.store.engine import engine_claims

        name = "preclinical-or-vendor-only" if preclinical_or_vendor else "weak-support"
        wanted = [SupportClass(c) for c in classes] if classes and not preclinical_or_vendor else None
        claims = engine_claims(remote_engine(remote), kb, name, wanted)
    elif preclinical_or_vendor:
        claims = preclinical_or_vendor_only(kb)
    else:
        claims = weak_support(kb, [SupportClass(c) for c in classes] if classes else None)
    print_claims(kb, claims, fmt, documents)


@query_group.command("about", epilog=EPILOG_DOCS)
@input_options
@click.argument("entity")
@FORMAT
def query_about_command(kb: KnowledgeBase, documents: Path | None, entity: str, fmt: str) -> None:
    """Claims whose subject or object is ENTITY (a CURIE, label or synonym).

    \b
    Examples:
      kg query about TNF-alpha
      kg query about Cerebrolysin --format tsv
    """
    from kg.query import claims_about

    print_claims(kb, claims_about(kb, resolve_entity(kb, entity)), fmt, documents)


@click.command("paths", epilog=EPILOG_DOCS)
@input_options
@click.argument("source")
@click.argument("target")
@click.option("--max-length", type=click.IntRange(1, 8), default=4, show_default=True, help="Longest chain, in claims.")
def paths_command(kb: KnowledgeBase, documents: Path | None, source: str, target: str, max_length: int) -> None:
    """Chains of supporting claims from SOURCE to TARGET, with the support of the weakest link.

    \b
    Examples:
      kg paths Cerebrolysin SMO
      kg paths Cerebrolysin "Gli transcription factors" --max-length 4
    """
    src, dst = resolve_entity(kb, source), resolve_entity(kb, target)
    found = paths(to_networkx(kb), src, dst, max_length)
    click.echo(paths_text(kb, found, src, dst, max_length), nl=False)


@click.command("sparql", epilog=f"{EPILOG_DOCS} {EPILOG_REMOTE}")
@input_options
@endpoint_options
@click.argument("query")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable to a value (CURIE, IRI or text); repeatable. "
    "?entity, ?subject and ?object take an entity's CURIE, label or synonym.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default="table", show_default=True)
@store_option(
    "Ask the on-disk store written by kg build --store (the seeds are not read) "
    "[default: load the seeds into an in-memory store]."
)
@answers_from_store
def sparql_command(
    kb: KnowledgeBase | None,
    documents: Path | None,
    query: str,
    binds: tuple[str, ...],
    fmt: str,
    remote: dict[str, Any] | None,
    store: Path | None = None,
) -> None:
    """Run a SPARQL SELECT QUERY: a shipped name, a .rq file, or query text.

    With --endpoint the query runs on that SPARQL server; bound values travel as a VALUES block
    of serialised RDF terms, never as raw text.

    \b
    Shipped queries: weak-support, preclinical-or-vendor-only, claims-by-level,
    claims-about, references-by-source-type.
    \b
    Examples:
      kg sparql weak-support
      kg sparql claims-about --bind entity=HGNC:11892
      kg sparql claims-about --bind entity=TNF-alpha --format tsv
      kg sparql claims-by-level --bind level=mechkg:level_animal --format tsv
      kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?c a mechkg:Claim }'
      kg sparql weak-support --endpoint http://127.0.0.1:7878/query
      kg sparql weak-support --store .mechkg/store
    """
    from kg.render.present import rows_text
    from kg.store.embedded import EmbeddedEngine

    bindings = _resolve_bindings(kb, _parse_binds(binds))
    if remote is not None:
        names, rows = remote_engine(remote).query(query, bindings)
    else:
        with EmbeddedEngine(store) as engine:
            if store is None:
                assert kb is not None
                engine.load(kb, audit(kb, ontology_dir(), documents))  # findings: as in every RDF view
            names, rows = engine.query(query, bindings)
    click.echo(rows_text(names, rows, fmt), nl=False)


def _parse_binds(binds: tuple[str, ...]) -> dict[str, str]:
    """--bind NAME=VALUE items as {name: value} (a leading ? dropped); a usage error otherwise."""
    bindings = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    return bindings


def _resolve_bindings(kb: KnowledgeBase | None, bindings: dict[str, str]) -> dict[str, str]:
    """Entity variables' values (a CURIE, label or synonym) resolved to entity ids.

    With --store the seeds are not read, so names resolve against the ontology's entities; with
    no ontology there, values pass unchanged.
    """
    from kg.rdf.sparql import ENTITY_VARIABLES, resolve_bindings

    if not any(name in ENTITY_VARIABLES for name in bindings):
        return bindings
    if kb is not None:
        return resolve_bindings(bindings, kb.entities)
    from kg.seeds.load import load_vocabulary

    entities, _ = load_vocabulary(ontology_dir(), with_contexts=False)
    return resolve_bindings(bindings, entities) if entities else bindings


@click.command("serve", epilog=EPILOG_DOCS)
@input_options
@store_option(
    "Store folder written by `kg build --store` [default: .mechkg/store if built, else a temporary store].",
    envvar=None,
)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=7878, show_default=True, help="Port to listen on.")
@click.option("--allow-remote", is_flag=True, help="Allow a --host that is not a loopback address (with a warning).")
def serve_command(
    kb: KnowledgeBase, documents: Path | None, store: Path | None, host: str, port: int, allow_remote: bool
) -> None:
    """Serve the built graph as a read-only SPARQL endpoint (Oxigraph server) until Ctrl-C.

    Queries go to http://HOST:PORT/query (SPARQL 1.1 Protocol); http://HOST:PORT/ is the
    server's query page. Updates are refused. Without --store, the store `kg build --store`
    wrote to <project>/.mechkg/store is served if present, else one built now from the seeds into a
    temporary folder (removed on exit; the next start removes one a killed server left). A
    port already in use is refused (exit 1); the server dies with this command, even on kill -9.

    \b
    Examples:
      kg serve
      kg serve --store .mechkg/store --port 8000
      kg sparql weak-support --endpoint http://127.0.0.1:7878/query
    """
    from kg.store.serve import is_loopback, serve_until_stopped

    if not is_loopback(host):
        if not allow_remote:
            raise click.UsageError(f"--host {host} is not a loopback address; add --allow-remote to serve it")
        click.echo(f"warning: serving on {host}: anyone who can reach it can read the whole graph", err=True)
    findings = functools.partial(audit, kb, ontology_dir(), documents)
    serve_until_stopped(kb, findings, store, host, port, say=click.echo, warn=lambda m: click.echo(m, err=True))
