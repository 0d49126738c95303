"""The ``kg`` command line: a thin layer over the library.

Library errors (KGError) become exit status 1 with the message on stderr; usage errors are
click's, exit status 2.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

import kg.sizes as sizes
from kg.audit import audit
from kg.build import load_inputs
from kg.errors import KGError
from kg.formats.registry import EXPORTERS, INTERCHANGE, SUFFIXES, export, write_exports
from kg.graph import to_networkx
from kg.load import load_knowledge_base
from kg.model import FindingCategory, KnowledgeBase, Severity, SupportClass, slug
from kg.query import paths, preclinical_or_vendor_only, resolve_entity, weak_support
from kg.render.present import as_json, as_table, as_tsv, findings_json, findings_summary, findings_table, summary
from kg.resolve import Services

__all__ = [
    "EPILOG_DOCS",
    "EPILOG_PROJECT",
    "EPILOG_REMOTE",
    "FORMAT",
    "answers_from_store",
    "audit_command",
    "build_command",
    "endpoint_options",
    "export_command",
    "extract_command",
    "folder_option",
    "import_group",
    "import_indra_command",
    "input_options",
    "main",
    "paths_command",
    "query_about_command",
    "query_group",
    "query_weak_command",
    "read_command",
    "render_command",
    "report_command",
    "resolve_command",
    "serve_command",
    "sparql_command",
    "synth_command",
    "validate_command",
]

EPILOG_PROJECT = (
    "Default folders are under the project root <project>: the nearest folder, from the current one "
    "upward, that holds seeds/ and ontology/; folders given as options stay relative to the current folder."
)
EPILOG_DOCS = (
    f"{EPILOG_PROJECT} Source documents: --documents, else $MECHKG_DOCUMENTS, "
    "else <project>/../shared/seeds if present."
)


def folder_option(*names: str, **kwargs: Any) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A click option whose value is a folder path (``Path``; need not exist unless ``exists=True``).

    A relative default is a folder of the project (:func:`kg.project.find_project_root`): it
    resolves against the project root, and its help says ``[default: <project>/NAME]``.
    """
    exists = kwargs.pop("exists", False)
    default = kwargs.get("default")
    if isinstance(default, Path) and not default.is_absolute():
        kwargs["cls"] = _ProjectFolder
        if kwargs.pop("show_default", False):
            kwargs["help"] = f"{kwargs.get('help', '')} [default: <project>/{default.as_posix()}]".lstrip()
    return click.option(*names, type=click.Path(path_type=Path, file_okay=False, exists=exists), **kwargs)


class _ProjectFolder(click.Option):
    """A folder option whose default resolves against the project root; a usage error outside any project."""

    def consume_value(self, ctx: click.Context, opts: Any) -> tuple[Any, Any]:
        """The value and its source, the default made a folder of the project."""
        from click.core import ParameterSource

        from kg.project import MARKERS, project_path

        value, source = super().consume_value(ctx, opts)
        if source is not ParameterSource.DEFAULT or not isinstance(value, Path) or ctx.resilient_parsing:
            return value, source
        resolved = project_path(value)
        if resolved is not None:
            return resolved, source
        marks = " and ".join(f"{m}/" for m in MARKERS)
        problem = click.UsageError(
            f"not inside a mechkg project (no folder holding {marks} here or above {Path.cwd()}): "
            f"run kg in a project, or give {self.opts[0]} FOLDER",
            ctx,
        )
        if getattr(ctx.command.callback, "answers_from_store", False):  # needed only without --store
            ctx.meta.setdefault(_NO_PROJECT, []).append(problem)
            return value, source
        raise problem


#: ctx.meta key: usage errors of folder defaults outside a project, raised when the folder is needed.
_NO_PROJECT = "mechkg.no_project"


def _default_documents() -> Path | None:
    """$MECHKG_DOCUMENTS, else ../shared/seeds beside the project root if present, else None."""
    from kg.project import project_path

    env = os.environ.get("MECHKG_DOCUMENTS")
    if env:
        return Path(env)
    default = project_path(Path("..") / "shared" / "seeds")
    return default if default is not None and default.is_dir() else None


def _announce_large_read(seeds: Path) -> None:
    """Say on stderr that a large seed folder is being read (about 100 s per million claim records)."""
    files = list(seeds.rglob("*.yaml")) if seeds.is_dir() else []
    size = sum(f.stat().st_size for f in files if f.is_file())
    if size > sizes.LARGE_READ:
        click.echo(f"reading {len(files)} seed files ({size / 1e6:.0f} MB) from {seeds} ...", err=True)


def _progress(show: bool) -> Callable[[str], None]:
    """A step reporter for long work: each call prints the step and the time since the last, on stderr."""
    import time

    last = [time.perf_counter(), ""]

    def step(label: str) -> None:
        now = time.perf_counter()
        if show:
            took = f" ({last[1]}: {now - float(last[0]):.1f} s)" if last[1] else ""
            click.echo(f"{label}{'' if label == 'done' else ' ...'}{took}", err=True)
        last[0], last[1] = now, label

    return step


def _note(text: str) -> None:
    """A note on stderr."""
    click.echo(text, err=True)


def _chains_note(kb: KnowledgeBase) -> None:
    """Say on stderr when the weak-chain audit was left out for size."""
    from kg.build import chains_note

    note = chains_note(kb)
    if note is not None:
        _note(note)


def _ontology_dir() -> Path:
    """The --ontology folder of the command being run."""
    value = click.get_current_context().params.get("ontology")
    return value if isinstance(value, Path) else Path("ontology")


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --seeds, --ontology and --documents to a command and load the knowledge base."""

    @folder_option(
        "--seeds",
        default=Path("seeds"),
        show_default=True,
        envvar="MECHKG_SEEDS",
        help="Folder of curated seed files.",
    )
    @folder_option(
        "--ontology",
        default=Path("ontology"),
        show_default=True,
        envvar="MECHKG_ONTOLOGY",
        help="Folder with entities/ and contexts/.",
    )
    @folder_option(
        "--documents",
        default=None,
        help="Folder of the source documents (checks hashes; shows cited text).",
    )
    @folder_option(
        "--extracted",
        default=None,
        envvar="MECHKG_EXTRACTED",
        help="Also load the records `kg extract` wrote into this folder (marked extracted).",
    )
    @click.option(
        "--retractions",
        type=click.Path(path_type=Path, dir_okay=False, exists=True),
        default=None,
        envvar="MECHKG_RETRACTIONS",
        help="A Retraction Watch CSV: its retracted works count as not_evidence "
        "(PubMed's list shipped by INDRA is always used).",
    )
    @functools.wraps(func)
    def wrapper(
        seeds: Path,
        ontology: Path,
        documents: Path | None,
        extracted: Path | None,
        retractions: Path | None,
        **kwargs: Any,
    ) -> Any:
        docs = documents if documents is not None else _default_documents()
        if docs is not None and not docs.is_dir():
            raise click.BadParameter(f"folder not found: {docs}", param_hint="--documents")
        if extracted is not None and not extracted.is_dir():
            raise click.BadParameter(f"folder not found: {extracted}", param_hint="--extracted")
        if kwargs.get("store") is not None and getattr(func, "answers_from_store", False):
            try:
                return func(kb=None, documents=docs, **kwargs)  # the built store holds the graph
            except KGError as exc:
                raise click.ClickException(str(exc)) from exc
        for problem in click.get_current_context().meta.get(_NO_PROJECT, [])[:1]:
            raise problem
        try:
            _announce_large_read(seeds)
            kb = load_inputs(seeds, ontology, docs, extracted, retractions)
            return func(kb=kb, documents=docs, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


def answers_from_store(func: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a command that needs no seeds when given --store (it asks the built store)."""
    func.answers_from_store = True  # type: ignore[attr-defined]
    return func


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


EPILOG_REMOTE = (
    "SPARQL server: --endpoint URL, else $MECHKG_ENDPOINT, else [endpoint] url in ./mechkg.toml "
    "(or $MECHKG_CONFIG); --endpoint none works locally."
)


def endpoint_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --endpoint, --server-kind, --graph, --update-url, --gsp-url; pass ``remote`` settings (or None)."""
    from kg.store.remote import KIND_CHOICES

    @click.option(
        "--endpoint",
        default=None,
        metavar="URL",
        envvar="MECHKG_ENDPOINT",
        help="SPARQL query URL of a server to ask instead of the local graph (build: load it there too).",
    )
    @click.option(
        "--server-kind",
        type=click.Choice(KIND_CHOICES),
        default=None,
        help="Server preset that derives the update and graph-store URLs from --endpoint [default: auto].",
    )
    @click.option(
        "--graph", "graph_iri", default=None, metavar="IRI", help="Named graph on the server [default: default graph]."
    )
    @click.option("--update-url", default=None, metavar="URL", help="SPARQL Update URL, if the preset cannot tell.")
    @click.option("--gsp-url", default=None, metavar="URL", help="Graph Store Protocol URL, if the preset cannot tell.")
    @functools.wraps(func)
    def wrapper(
        *args: Any,
        endpoint: str | None,
        server_kind: str | None,
        graph_iri: str | None,
        update_url: str | None,
        gsp_url: str | None,
        **kwargs: Any,
    ) -> Any:
        from kg.store.remote import remote_settings

        cli = {"endpoint": endpoint, "server_kind": server_kind, "graph": graph_iri}
        cli |= {"update_url": update_url, "gsp_url": gsp_url}
        try:
            settings = remote_settings(cli)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc
        return func(*args, remote=settings, **kwargs)

    return wrapper


def _remote_engine(settings: dict[str, Any]) -> Any:
    """The remote engine for settings from :func:`endpoint_options`."""
    from kg.store.embedded import open_engine

    options = dict(settings)
    return open_engine(endpoint=options.pop("endpoint"), **options)


def _print_claims(kb: KnowledgeBase, claims: list[Any], fmt: str, documents: Path | None) -> None:
    if fmt == "json":
        click.echo(as_json(kb, claims, documents))
    elif fmt == "tsv":
        click.echo(as_tsv(kb, claims), nl=False)
    else:
        click.echo(as_table(kb, claims, documents), nl=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EPILOG_DOCS)
@click.version_option(package_name="mechkg")
def main() -> None:
    """mechkg: biomedical mechanism claims, graded by the evidence they cite.

    \b
    Typical session:
      kg validate                      check seeds/ and ontology/
      kg build                         write exports/ and list weak-support claims
      kg query weak --format json      claims with no clinical support
      kg paths Cerebrolysin SMO        chains of claims, with their weakest link
      kg sparql weak-support           run a shipped SPARQL query
    """


@main.command("validate", epilog=EPILOG_DOCS)
@input_options
@click.option("--shacl", is_flag=True, help="Also check the RDF view against ontology/shapes.ttl.")
@click.pass_context
def validate_command(ctx: click.Context, kb: KnowledgeBase, documents: Path | None, shacl: bool) -> None:
    """Check every seed and ontology file; report all problems as file:line.

    Exit status 1 when any record is invalid (all problems are listed) or, with --shacl, when the
    RDF view does not conform to the shapes.

    \b
    Examples:
      kg validate --documents ../shared/seeds
      kg validate --shacl
    """
    click.echo(summary(kb), nl=False)
    if documents is None:
        click.echo("note: source documents not found; hashes and spans not checked against files")
    if shacl:
        from kg.rdf.shacl import validate_graph
        from kg.rdf.triples import to_rdf

        findings = audit(kb, _ontology_dir(), documents)  # the view with its findings, as exported
        conforms, report = validate_graph(to_rdf(kb, findings), _ontology_dir())
        if not conforms:
            raise click.ClickException("SHACL: the RDF view does not conform\n" + report)
        click.echo("SHACL: the RDF view conforms to ontology/shapes.ttl")


@main.command("build", epilog=f"{EPILOG_DOCS} {EPILOG_REMOTE}")
@input_options
@endpoint_options
@folder_option(
    "--out",
    default=Path("exports"),
    show_default=True,
    help="Folder to write the exports into.",
)
@click.option("--quiet", is_flag=True, help="Print the summary only, not the weak-support list.")
@folder_option(
    "--store",
    default=None,
    envvar="MECHKG_STORE",
    help="Keep the graph in an on-disk pyoxigraph store in this folder, e.g. .mechkg/store "
    "(replaced only when complete) [default: in memory, not kept].",
)
def build_command(
    kb: KnowledgeBase,
    documents: Path | None,
    out: Path,
    quiet: bool,
    remote: dict[str, Any] | None,
    store: Path | None = None,
) -> None:
    """Build the graph, write every export, and list the weak-support claims.

    Nothing is written when any input is invalid. Exports are written atomically and are
    byte-identical for the same input. With --endpoint the graph is also loaded into a SPARQL
    server, replacing the target graph only when every chunk has arrived. Builds over 5,000
    claims report each step on stderr; over 200,000 the weak-chain audit is left out (kg audit
    --category weak_chain runs it).

    \b
    Examples:
      kg build --out exports
      kg build --endpoint http://127.0.0.1:7878/query
      kg build --endpoint http://localhost:3030/ds --server-kind fuseki --graph https://example.org/g
      kg build --store .mechkg/store && kg sparql weak-support --store .mechkg/store
    """
    from kg.build import build_graph, publish

    progress = _progress(sizes.is_large(len(kb.claims)))
    built = build_graph(kb, _ontology_dir(), out, documents, store, progress, notes=_note)
    click.echo(summary(kb), nl=False)
    click.echo("audit: " + findings_summary(built.findings))
    click.echo("wrote " + ", ".join(str(p) for p in built.written))
    click.echo(f"store: {built.store.triples} triples {built.where} ({built.store.seconds:.1f} s)")
    if remote is not None:
        sent = publish(built, remote)
        click.echo(
            f"loaded {sent.stats.triples} triples into {sent.target} "
            f"({sent.stats.requests} requests, {sent.stats.seconds:.1f} s)"
        )
    if not quiet:
        claims = preclinical_or_vendor_only(kb)
        click.echo(
            f"\nClaims resting only on preclinical or vendor sources (or on nothing): "
            f"{len(claims)} of {len(kb.claims)}\n"
        )
        click.echo(as_table(kb, claims, documents), nl=False)


@main.command("audit", epilog=EPILOG_DOCS)
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
    and disagreements between the reference classifier and the curated grades. Above 200,000
    claims the weak-chain search (its time grows with compounds × claims) runs only when asked
    for with --category weak_chain.

    \b
    Examples:
      kg audit
      kg audit --min-severity high
      kg audit --category level_inflation --format json
    """
    limit = Severity(min_severity).rank
    chains: bool | None = None  # everything asked for: the weak-chain search only up to the size limit
    if categories:
        chains = FindingCategory.WEAK_CHAIN.value in categories
    else:
        _chains_note(kb)
    findings = [
        f
        for f in audit(kb, _ontology_dir(), documents, chains)
        if f.severity.rank <= limit and (not categories or f.category.value in categories)
    ]
    if fmt == "json":
        click.echo(findings_json(findings))
    elif fmt == "tsv":
        from kg.formats.tsv import FINDING_COLUMNS, finding_row, tsv_bytes

        click.echo(tsv_bytes((finding_row(f) for f in findings), FINDING_COLUMNS).decode("utf-8"), nl=False)
    else:
        click.echo(findings_table(findings), nl=False)


@main.group("query")
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
        from kg.store.remote import engine_claims

        name = "preclinical-or-vendor-only" if preclinical_or_vendor else "weak-support"
        wanted = [SupportClass(c) for c in classes] if classes and not preclinical_or_vendor else None
        claims = engine_claims(_remote_engine(remote), kb, name, wanted)
    elif preclinical_or_vendor:
        claims = preclinical_or_vendor_only(kb)
    else:
        claims = weak_support(kb, [SupportClass(c) for c in classes] if classes else None)
    _print_claims(kb, claims, fmt, documents)


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

    _print_claims(kb, claims_about(kb, resolve_entity(kb, entity)), fmt, documents)


@main.command("paths", epilog=EPILOG_DOCS)
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
    if not found:
        click.echo(f"no chain of at most {max_length} supporting claims from {src} to {dst}")
    for path in found:
        chain = " -> ".join(kb.label(n) for n in path.nodes)
        links = ", ".join(f"{c}:{s.value}" for c, s in zip(path.claims, path.supports, strict=True))
        click.echo(f"[weakest: {path.weakest.value}] {chain}\n    {links}")


@main.command("render", epilog=EPILOG_DOCS)
@input_options
@click.option("--pathway", default=None, metavar="NAME", help="A named pathway from ontology/pathways.yaml, or 'all'.")
@click.option("--entity", default=None, help="Draw this entity's neighbourhood (CURIE, label or synonym).")
@click.option("--depth", type=click.IntRange(1, 4), default=1, show_default=True, help="Neighbourhood depth.")
@click.option(
    "--path",
    "path_ends",
    nargs=2,
    default=None,
    metavar="SOURCE TARGET",
    help="Draw the chains of supporting claims from SOURCE to TARGET.",
)
@click.option("--max-length", type=click.IntRange(1, 6), default=3, show_default=True, help="Longest chain for --path.")
@click.option(
    "--max-edges",
    type=click.IntRange(1),
    default=40,
    show_default=True,
    help="For --entity and --path: parallel claims merge into one edge, and at most this many edges "
    "are drawn (the strongest first; the diagram says how many were left out).",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["dot", "svg", "png"]),
    help="Formats to write (repeatable; default dot and svg).",
)
@folder_option(
    "--out",
    default=Path("exports/diagrams"),
    show_default=True,
    help="Folder for the diagrams.",
)
def render_command(
    kb: KnowledgeBase,
    documents: Path | None,
    pathway: str | None,
    entity: str | None,
    depth: int,
    path_ends: tuple[str, str] | None,
    max_length: int,
    max_edges: int,
    formats: tuple[str, ...],
    out: Path,
) -> None:
    """Draw evidence-styled diagrams: a pathway, a neighbourhood or a path query.

    Edge colour, line style and a short tag show the support class (solid green CLIN clinical,
    dashed blue PRE preclinical, dotted orange VEND vendor-only, dotted black UNVER, dotted
    vermilion UNCITED...; colour-blind-safe), the arrowhead the predicate (normal activates, tee
    inhibits, none binds, hollow expression), pen width the number of independent works.
    Neighbourhoods and paths merge parallel claims and draw at most --max-edges edges. The DOT
    file is always written; SVG and PNG need Graphviz.

    \b
    Examples:
      kg render --pathway shh --format svg --format png
      kg render --pathway all
      kg render --entity Cerebrolysin --depth 1
      kg render --path SHH "Gli transcription factors"
    """
    from kg.pathway import load_pathways, pathway_claims
    from kg.render.diagram import neighbourhood_claims, to_dot, write_diagram

    if sum(x is not None for x in (pathway, entity, path_ends)) != 1:
        raise click.UsageError("give exactly one of --pathway, --entity or --path")
    pathways = load_pathways(_ontology_dir() / "pathways.yaml", kb)
    jobs: list[tuple[str, str, list[Any]]] = []
    if pathway is not None:
        names = sorted(pathways) if pathway == "all" else [pathway]
        for name in names:
            if name not in pathways:
                raise click.ClickException(
                    f"unknown pathway {name!r} (expected one of: {', '.join(sorted(pathways))}, all)"
                )
            jobs.append((name, pathways[name].label, pathway_claims(kb, pathways[name])))
    elif entity is not None:
        node = resolve_entity(kb, entity)
        jobs.append(
            (slug(node), f"{kb.label(node)}: neighbourhood, depth {depth}", neighbourhood_claims(kb, node, depth))
        )
    else:
        assert path_ends is not None
        src, dst = (resolve_entity(kb, e) for e in path_ends)
        found = paths(to_networkx(kb), src, dst, max_length)
        ids = {c for p in found for c in p.claims}
        jobs.append(
            (
                f"path-{slug(src)}-{slug(dst)}",
                f"{kb.label(src)} to {kb.label(dst)}",
                [c for c in kb.claims if c.id in ids],
            )
        )
    compact = pathway is None  # neighbourhoods and paths: merged and capped
    for stem, title, claims in jobs:
        if not claims:
            click.echo(f"{stem}: no claims to draw", err=True)
            continue
        dot = to_dot(
            kb, claims, title, list(pathways.values()), merge=compact, max_edges=max_edges if compact else None
        )
        for written in write_diagram(dot, out / stem, formats or ("dot", "svg")):
            click.echo(f"wrote {written}")


@main.command("report", epilog=EPILOG_DOCS)
@input_options
@folder_option(
    "--out",
    default=Path("reports"),
    show_default=True,
    help="Folder for the report (not exports/, which `kg build` regenerates).",
)
@click.option(
    "--name",
    default="report.html",
    show_default=True,
    help="File name inside --out: relative, no '..', ending in .html or .htm.",
)
@click.option("--title", default=None, help="Page title (default: 'mechkg evidence report').")
@click.option("--date", "stamp", default=None, help="A date or note for the footer (none by default).")
def report_command(
    kb: KnowledgeBase, documents: Path | None, out: Path, name: str, title: str | None, stamp: str | None
) -> None:
    """Write one self-contained HTML report (no network request; scripts inline): summary
    numbers, every claim in one filterable, sortable table (evidence records, sentences and linked
    references in each row; the view kept in the URL fragment), charts, an interactive graph
    (Cytoscape.js, inlined), each pathway diagram as inline SVG, the audit findings, a scorecard
    per source document and every reference entry.

    The same input gives a byte-identical file. Without Graphviz the report is still written and
    says where a diagram could not be drawn.

    \b
    Examples:
      kg report                                  writes reports/report.html
      kg report --out /tmp/site --name cerebrolysin.html --date 2026-01-31
    """
    from kg.errors import OutputError
    from kg.pathway import load_pathways
    from kg.render.report import DEFAULT_TITLE, build_report, draw_pathways, report_path, write_report

    try:
        report_path(out, name)
    except OutputError as exc:
        raise click.BadParameter(str(exc), param_hint="--name") from exc
    pathway_file = _ontology_dir() / "pathways.yaml"
    pathways = list(load_pathways(pathway_file, kb).values()) if pathway_file.is_file() else []
    diagrams = draw_pathways(kb, pathways)
    for d in diagrams:
        if d.svg is None and d.claims:
            click.echo(f"warning: pathway {d.pathway.id}: {d.problem}", err=True)
    findings = audit(kb, _ontology_dir(), documents)
    text = build_report(
        kb,
        findings,
        pathways,
        documents,
        title=title or DEFAULT_TITLE,
        generated=stamp,
        diagrams=diagrams,
        link_from=out,  # evidence links to the documents, relative to the report's folder
    )
    target = write_report(text, out, name)
    drawn = sum(1 for d in diagrams if d.svg is not None)
    click.echo(f"wrote {target} ({drawn} of {len(diagrams)} pathway diagrams, {len(findings)} findings)")


@main.command("sparql", epilog=f"{EPILOG_DOCS} {EPILOG_REMOTE}")
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
@folder_option(
    "--store",
    default=None,
    envvar="MECHKG_STORE",
    help="Ask the on-disk store written by kg build --store (the seeds are not read) "
    "[default: load the seeds into an in-memory store].",
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
    import json

    from kg.store.embedded import EmbeddedEngine

    bindings = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    try:
        bindings = _resolve_bindings(kb, bindings)
        if remote is not None:
            names, rows = _remote_engine(remote).query(query, bindings)
        else:
            with EmbeddedEngine(store) as engine:
                if store is None:
                    assert kb is not None
                    engine.load(kb, audit(kb, _ontology_dir(), documents))  # findings: as in every RDF view
                names, rows = engine.query(query, bindings)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        click.echo(json.dumps([dict(zip(names, r, strict=True)) for r in cells], indent=2))
    else:
        sep = "\t" if fmt == "tsv" else "  "
        click.echo(sep.join(names))
        for r in cells:
            click.echo(sep.join(r))


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
    from kg.load import load_vocabulary

    entities, _ = load_vocabulary(_ontology_dir(), with_contexts=False)
    return resolve_bindings(bindings, entities) if entities else bindings


@main.command("synth", epilog=EPILOG_PROJECT)
@click.option("--claims", type=click.IntRange(1), required=True, help="Number of claim records to write.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same files).")
@folder_option(
    "--out",
    required=True,
    help="Folder to write seeds/documents/ and ontology/ into.",
)
@click.option(
    "--claims-per-file", type=click.IntRange(1), default=1000, show_default=True, help="Claim records per document."
)
@folder_option(
    "--ontology",
    default=Path("ontology"),
    show_default=True,
    help="Ontology whose classifier/ lexicon is copied, so kg build and kg audit run on the result.",
)
def synth_command(claims: int, seed: int, out: Path, claims_per_file: int, ontology: Path) -> None:
    """Write synthetic claim records in the seeds format, for scale tests and benchmarks.

    Entity degrees follow a power law, each cited claim cites 1-5 references of its document, a
    share cite nothing, and levels and source types follow a fixed realistic mix. The records are
    made up (no source document exists, so spans and hashes are not checked against files).

    \b
    Examples:
      kg synth --claims 500 --seed 1 --out /tmp/synth
      kg build --seeds /tmp/synth/seeds --ontology /tmp/synth/ontology \\
               --store /tmp/synth/store --out /tmp/synth/exports --quiet
    """
    from kg.synth import synthesize

    if not (ontology / "classifier").is_dir():
        raise click.BadParameter(
            f"{ontology / 'classifier'} not found: give the project's ontology folder "
            "(kg build and kg audit need its classifier lexicon)",
            param_hint="--ontology",
        )
    try:
        stats = synthesize(claims, seed, out, claims_per_file, lexicon_from=ontology)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(
        f"wrote {stats.claims} claim records ({stats.uncited} uncited) in {stats.files} files, "
        f"{stats.entities} entities and {stats.references} references into {out}"
    )


@main.command("export", epilog=EPILOG_DOCS)
@input_options
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted([*EXPORTERS, *INTERCHANGE])),
    help="Formats to write (repeatable; default: every core format; interchange formats only when named).",
)
@folder_option(
    "--out",
    default=Path("exports"),
    show_default=True,
    help="Folder for the exports.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help=f"Write one file instead; format from --format or suffix ({', '.join(SUFFIXES)}).",
)
def export_command(
    kb: KnowledgeBase, documents: Path | None, formats: tuple[str, ...], out: Path, output: Path | None
) -> None:
    """Write exports (Turtle, N-Triples, JSON-LD, GraphML, TSV) atomically.

    Interchange formats are written only when named: indra (INDRA statement JSON), kgx and
    kgx-jsonl (Biolink KGX nodes and edges), nanopub (TriG, one nanopublication per claim; set
    $MECHKG_NP_CREATED and $MECHKG_NP_CREATOR for its publication info), cx2 (Cytoscape CX2)
    and cytoscape (GraphML with Cytoscape's name and interaction columns).

    \b
    Examples:
      kg export --format turtle --format graphml
      kg export -o /tmp/claims.graphml
      kg export --format kgx --format indra --out /tmp/interchange
      kg export --format nanopub -o /tmp/claims.trig
    """
    if output is not None:
        if len(formats) > 1:
            raise click.UsageError("-o/--output takes at most one --format")
        findings = audit(kb, _ontology_dir(), documents)
        click.echo(f"wrote {export(kb, output, formats[0] if formats else None, findings)}")
        return
    for path in write_exports(kb, out, formats or None, audit(kb, _ontology_dir(), documents)):
        click.echo(f"wrote {path}")


@main.group("import")
def import_group() -> None:
    """Bring claims from other tools into a mechkg project folder (INDRA statement JSON)."""


@import_group.command("indra", epilog=EPILOG_PROJECT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@folder_option(
    "--out",
    required=True,
    help="Project folder to write seeds/documents/ and ontology/ into.",
)
@folder_option(
    "--ontology",
    default=Path("ontology"),
    show_default=True,
    envvar="MECHKG_ONTOLOGY",
    help="Project ontology to reuse groundings from and copy into --out.",
)
@click.option("--compound", default=None, metavar="CURIE", help="Entity the file is about [default: its main subject].")
@folder_option(
    "--seeds",
    exists=True,
    default=None,
    help="Curated seeds whose grades are reused for the same cited works (e.g. --seeds seeds).",
)
def import_indra_command(file: Path, out: Path, ontology: Path, compound: str | None, seeds: Path | None) -> None:
    """Import INDRA statement JSON (FILE) as graded claims in a self-contained project folder.

    Every evidence object becomes an evidence record pointing into FILE by name, sha256 and
    character span; the paper it cites becomes a reference graded by the classifier. Unknown
    statement types, agents without groundings and evidence citing nothing are imported or
    skipped with a warning and counted in the summary. Malformed JSON exits with status 1 and
    names FILE:line.

    \b
    Examples:
      kg import indra statements.json --out imported
      kg import indra statements.json --out imported --seeds seeds
      kg build --seeds imported/seeds --ontology imported/ontology --documents . --out imported/exports
    """
    from kg.formats.indra import import_indra, write_import

    try:
        result = import_indra(file, out, ontology, compound, seeds)
        written = write_import(result)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    for line in result.warnings:
        click.echo(line, err=True)
    for line in result.summary.lines():
        click.echo(line)
    click.echo(f"wrote {len(written)} files into {out}")


@main.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@folder_option(
    "--out",
    default=Path("extracted"),
    show_default=True,
    help="Folder to write one record file per document into (x-<file stem>.yaml).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: the seeds format that --extracted loads; json: the same records for other tools.",
)
@folder_option(
    "--ontology",
    default=Path("ontology"),
    show_default=True,
    envvar="MECHKG_ONTOLOGY",
    help="Folder with entities/, contexts/, extraction/ and classifier/.",
)
@click.option(
    "--url",
    metavar="URL",
    help="Where the one document given was retrieved from (its host and path help tell a vendor page).",
)
@click.option(
    "--sources",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="CSV or TSV file whose header names the columns file and url: where each document came from "
    "(an optional kind column declares what kind of page each is).",
)
@click.option(
    "--kind",
    "page_kind",
    type=click.Choice(["vendor", "encyclopedic", "scientific", "explainer", "other"]),
    help="What kind of page the one document given is, when you know it (else read from its text and URL).",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=0),
    default=0,
    show_default=True,
    help="Processes that share a large document's work (0: every core; 1: one). The drafts are the same.",
)
@click.option(
    "--metadata",
    "works",
    type=click.Path(path_type=Path, exists=True, dir_okay=False),
    help="Metadata of cited works (kg resolve writes it) [default: <project>/seeds/metadata/works.jsonl "
    "when present]: a reference whose work it holds is graded from its publication types.",
)
def extract_command(
    paths: tuple[Path, ...],
    out: Path,
    fmt: str,
    ontology: Path,
    url: str | None,
    sources: Path | None,
    jobs: int,
    works: Path | None,
    page_kind: str | None,
) -> None:
    """Draft claim records from text, Markdown, HTML or PDF documents (files or folders).

    Each document gives one file in the seeds/ format: references graded by the classifier and
    claims marked extracted, with a confidence, a span and their citations, ready for a curator
    to accept, fix or drop. Bad files give a warning and are skipped; the others are processed
    (exit status 0). Load the drafts beside the curated seeds with --extracted.

    \b
    Examples:
      kg extract ../shared/seeds --out extracted
      kg extract guide.html notes.md --format json
      kg extract page.txt --url https://shop.example.com/products/x
      kg extract pages/ --sources sources.csv
      kg extract page.txt --kind vendor
      kg build --extracted extracted
    """
    from kg.extract import extract_paths, write_records
    from kg.reading.sources import check_url, load_kinds, load_sources

    if url is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise click.UsageError("--url names the source of one document; give one file, or use --sources")
    if page_kind is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise click.UsageError("--kind names the kind of one document; give one file, or a kind column in --sources")
    try:
        listed = load_sources(sources) if sources is not None else None
        kinds = load_kinds(sources) if sources is not None else {}
        if page_kind is not None:
            kinds = {str(paths[0]): page_kind}
        if url is not None:
            listed = {str(paths[0]): url}
            problem = check_url(url)
            if problem:
                raise click.BadParameter(f"{url!r}: {problem}", param_hint="--url")
        if works is None:  # the project's metadata file, when there is one
            from kg.metadata import works_path
            from kg.project import project_path

            seeds = project_path(Path("seeds"))
            works = works_path(seeds) if seeds is not None and works_path(seeds).is_file() else None
        results = extract_paths(
            paths, ontology, progress=True, sources=listed, workers=jobs, works=works, kinds=kinds or None
        )
        written = write_records(results, out, fmt, workers=jobs)
    except KGError as exc:
        raise click.ClickException(str(exc)) from exc
    for r in results:
        click.echo(
            f"{r.path}: {len(r.claims)} claims, {len(r.references)} references, "
            f"markers {r.markers_resolved}/{r.markers_found} resolved"
        )
        for w in r.warnings:
            click.echo(f"warning: {w}", err=True)
    click.echo(f"wrote {len(written)} file(s) into {out}")


@main.command("read")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
def read_command(paths: tuple[Path, ...], fmt: str) -> None:
    """Show how the reader splits documents: segments, citations, reference entries, warnings.

    A debugging aid for `kg extract`: every sentence, bullet, table row and heading with its
    character span and resolved citations, then the reference entries with their identifiers.
    Bad files give a warning on stderr; the others are still shown (exit status 0).

    \b
    Examples:
      kg read ../shared/seeds/001_4e2aa857499d6852.txt
      kg read guide.html --format json
    """
    from kg.reader import read_many
    from kg.readview import document_lines, documents_json

    docs = list(read_many(paths, progress=True))
    if fmt == "json":
        click.echo(documents_json(docs), nl=False)
    else:
        for doc in docs:
            for line in document_lines(doc):
                click.echo(line)
    for doc in docs:
        for w in doc.warnings:
            click.echo(f"warning: {w}", err=True)


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt


@main.command("serve", epilog=EPILOG_DOCS)
@input_options
@folder_option(
    "--store",
    default=None,
    help="Store folder written by `kg build --store` [default: .mechkg/store if built, else a temporary store].",
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
    import contextlib
    import signal

    from kg.project import project_path
    from kg.store import serve
    from kg.store.embedded import DEFAULT_STORE, MARKER, read_marker
    from kg.store.serveguard import TemporaryStore, check_port, sweep_stale

    if not serve.is_loopback(host):
        if not allow_remote:
            raise click.UsageError(f"--host {host} is not a loopback address; add --allow-remote to serve it")
        click.echo(f"warning: serving on {host}: anyone who can reach it can read the whole graph", err=True)
    check_port(host, port)  # before any store is built: a busy port is named, not a bare status 1
    for folder in sweep_stale():
        click.echo(f"removed {folder}: temporary store of a server that is gone", err=True)
    if store is None:  # the project's store, wherever in the project the command runs
        built = project_path(DEFAULT_STORE) or DEFAULT_STORE
        store = built if (built / MARKER).is_file() else None
    with contextlib.ExitStack() as temporary:
        if store is not None:
            info = read_marker(store)
            click.echo(f"serving store {store} ({info.get('triples', '?')} triples)")
        else:  # removed on exit; if this process is killed, by the next kg serve (sweep_stale)
            store = temporary.enter_context(TemporaryStore()) / "store"
            n = serve.write_store(kb, audit(kb, _ontology_dir(), documents), store)
            click.echo(f"serving a temporary store built from the seeds ({n} triples)")
        previous = signal.signal(signal.SIGTERM, _interrupt)  # so `kill` also stops the server
        process = None
        try:
            process = serve.start(store, host, port)
            base = f"http://{serve.bind_address(host, port)}"
            click.echo(f"SPARQL endpoint (read-only): {base}/query\nquery page: {base}/\nCtrl-C to stop")
            process.wait()
            raise click.ClickException(f"the Oxigraph server on port {port} stopped ({serve.exit_reason(process)})")
        except KeyboardInterrupt:
            click.echo("stopping")
        finally:
            if process is not None:
                serve.stop(process)
            signal.signal(signal.SIGTERM, previous)


@main.command("resolve", epilog=EPILOG_PROJECT)
@folder_option(
    "--seeds", default=Path("seeds"), show_default=True, envvar="MECHKG_SEEDS", help="Folder of curated seed files."
)
@folder_option(
    "--ontology",
    default=Path("ontology"),
    show_default=True,
    envvar="MECHKG_ONTOLOGY",
    help="Folder with entities/ and contexts/.",
)
@click.option("--api-key", default="", envvar="NCBI_API_KEY", help="NCBI API key: 10 requests a second instead of 3.")
@click.option("--email", default="", envvar="MECHKG_EMAIL", help="Contact address sent to NCBI and Crossref.")
@click.option("--refresh", is_flag=True, help="Ask again for works already in the metadata file.")
@click.option(
    "--retries", type=click.IntRange(0, 10), default=3, show_default=True, help="Retries on HTTP 429 and 5xx."
)
@click.option(
    "--eutils-url", default=Services.eutils, envvar="MECHKG_EUTILS_URL", show_default=True, help="E-utilities base URL."
)
@click.option(
    "--europepmc-url",
    default=Services.europepmc,
    envvar="MECHKG_EUROPEPMC_URL",
    show_default=True,
    help="Europe PMC REST base URL.",
)
@click.option(
    "--crossref-url",
    default=Services.crossref,
    envvar="MECHKG_CROSSREF_URL",
    show_default=True,
    help="Crossref REST base URL.",
)
def resolve_command(
    seeds: Path,
    ontology: Path,
    api_key: str,
    email: str,
    refresh: bool,
    retries: int,
    eutils_url: str,
    europepmc_url: str,
    crossref_url: str,
) -> None:
    """Fill seeds/metadata/works.jsonl for the cited works (the one command that goes online).

    PMIDs are fetched from PubMed in batches of 200 (EFetch); PMCIDs, DOIs and titles are looked
    up with ESearch and Europe PMC's search; Crossref gives update notices (retraction,
    expression of concern, correction). Ambiguous titles are listed, never guessed. The file is
    written atomically after every batch: a run resumes where the last one stopped, and a run
    without network leaves it as it was. Progress goes to stderr. Exit status 1 when a service
    cannot be reached or an error remains (the works that resolved are kept).

    \b
    Examples:
      kg resolve
      kg resolve --email me@example.org --api-key YOUR-NCBI-KEY
      kg resolve --refresh && kg build
    """
    from kg.metadata import works_path
    from kg.resolve import Resolver, cited_works

    services = Services(
        eutils=_slash(eutils_url),
        europepmc=_slash(europepmc_url),
        crossref=_slash(crossref_url),
        api_key=api_key,
        email=email,
    )
    try:
        kb = load_knowledge_base(seeds, ontology)
        resolver = Resolver(services, works_path(seeds), progress=lambda m: click.echo(m, err=True), retries=retries)
        report = resolver.run(cited_works(kb), refresh=refresh)
    except KGError as exc:
        raise click.ClickException(f"{exc}; {works_path(seeds)} was left as it was before this batch") from exc
    for line in report.lines():
        click.echo(line)
    if report.errors:
        raise click.ClickException(f"{len(report.errors)} errors; the works that resolved were written")


def _slash(url: str) -> str:
    """A base URL ending in '/'."""
    return url if url.endswith("/") else url + "/"
