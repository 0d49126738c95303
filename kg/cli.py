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

from kg.audit import audit
from kg.errors import KGError
from kg.export import EXPORTERS, SUFFIXES, export, write_exports
from kg.graph import to_networkx
from kg.load import load_knowledge_base
from kg.model import FindingCategory, KnowledgeBase, Severity, SupportClass
from kg.present import as_json, as_table, as_tsv, findings_json, findings_summary, findings_table, summary
from kg.query import paths, preclinical_or_vendor_only, resolve_entity, weak_support

EPILOG_DOCS = "Source documents: --documents, else $MECHKG_DOCUMENTS, else ../shared/seeds if present."


def _default_documents() -> Path | None:
    env = os.environ.get("MECHKG_DOCUMENTS")
    if env:
        return Path(env)
    default = Path("..") / "shared" / "seeds"
    return default if default.is_dir() else None


def _ontology_dir() -> Path:
    """The --ontology folder of the command being run."""
    value = click.get_current_context().params.get("ontology")
    return value if isinstance(value, Path) else Path("ontology")


def input_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Add --seeds, --ontology and --documents to a command and load the knowledge base."""

    @click.option(
        "--seeds",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("seeds"),
        show_default=True,
        envvar="MECHKG_SEEDS",
        help="Folder of curated seed files.",
    )
    @click.option(
        "--ontology",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("ontology"),
        show_default=True,
        envvar="MECHKG_ONTOLOGY",
        help="Folder with entities/ and contexts/.",
    )
    @click.option(
        "--documents",
        type=click.Path(path_type=Path, file_okay=False),
        default=None,
        help="Folder of the source documents (checks hashes; shows cited text).",
    )
    @functools.wraps(func)
    def wrapper(seeds: Path, ontology: Path, documents: Path | None, **kwargs: Any) -> Any:
        docs = documents if documents is not None else _default_documents()
        if docs is not None and not docs.is_dir():
            raise click.BadParameter(f"folder not found: {docs}", param_hint="--documents")
        try:
            kb = load_knowledge_base(seeds, ontology, docs)
            return func(kb=kb, documents=docs, **kwargs)
        except KGError as exc:
            raise click.ClickException(str(exc)) from exc

    return wrapper


FORMAT = click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "tsv", "json"]),
    default="table",
    show_default=True,
    help="Output format.",
)


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
      kg paths Cerebrolysin GLI1       chains of claims, with their weakest link
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
        from kg.rdf import to_rdf
        from kg.shacl import validate_graph

        conforms, report = validate_graph(to_rdf(kb), _ontology_dir())
        if not conforms:
            raise click.ClickException("SHACL: the RDF view does not conform\n" + report)
        click.echo("SHACL: the RDF view conforms to ontology/shapes.ttl")


@main.command("build", epilog=EPILOG_DOCS)
@input_options
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("exports"),
    show_default=True,
    help="Folder to write the exports into.",
)
@click.option("--quiet", is_flag=True, help="Print the summary only, not the weak-support list.")
def build_command(kb: KnowledgeBase, documents: Path | None, out: Path, quiet: bool) -> None:
    """Build the graph, write every export, and list the weak-support claims.

    Nothing is written when any input is invalid. Exports are written atomically and are
    byte-identical for the same input.

    \b
    Example:
      kg build --out exports
    """
    findings = audit(kb, _ontology_dir(), documents)
    written = write_exports(kb, out, findings=findings)
    click.echo(summary(kb), nl=False)
    click.echo("audit: " + findings_summary(findings))
    click.echo("wrote " + ", ".join(str(p) for p in written))
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
    and disagreements between the reference classifier and the curated grades.

    \b
    Examples:
      kg audit
      kg audit --min-severity high
      kg audit --category level_inflation --format json
    """
    limit = Severity(min_severity).rank
    findings = [
        f
        for f in audit(kb, _ontology_dir(), documents)
        if f.severity.rank <= limit and (not categories or f.category.value in categories)
    ]
    if fmt == "json":
        click.echo(findings_json(findings))
    elif fmt == "tsv":
        from kg.export import FINDING_COLUMNS, _tsv, finding_row

        click.echo(_tsv((finding_row(f) for f in findings), FINDING_COLUMNS).decode("utf-8"), nl=False)
    else:
        click.echo(findings_table(findings), nl=False)


@main.group("query")
def query_group() -> None:
    """Ask questions of the claims (weak support, claims about an entity)."""


@query_group.command("weak", epilog=EPILOG_DOCS)
@input_options
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
    kb: KnowledgeBase, documents: Path | None, classes: tuple[str, ...], preclinical_or_vendor: bool, fmt: str
) -> None:
    """List claims without clinical support, weakest first.

    \b
    Examples:
      kg query weak
      kg query weak --class vendor_only --class uncited --format tsv
      kg query weak --preclinical-or-vendor --format json
    """
    if preclinical_or_vendor:
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
    Example:
      kg query about TNF-alpha
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
    Example:
      kg paths Cerebrolysin GLI1 --max-length 4
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
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(["dot", "svg", "png"]),
    help="Formats to write (repeatable; default dot and svg).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
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
    formats: tuple[str, ...],
    out: Path,
) -> None:
    """Draw evidence-styled diagrams: a pathway, a neighbourhood or a path query.

    Edge colour and line style show the support class (solid green clinical, dashed blue
    preclinical, dotted orange vendor-only, dotted red uncited...), the arrowhead the predicate
    (normal activates, tee inhibits, none binds, hollow expression), pen width the number of
    independent works. The DOT file is always written; SVG and PNG need Graphviz.

    \b
    Examples:
      kg render --pathway shh --format svg --format png
      kg render --pathway all
      kg render --entity Cerebrolysin --depth 1
      kg render --path SHH "Gli transcription factors"
    """
    from kg.render import load_pathways, neighbourhood_claims, pathway_claims, to_dot, write_diagram

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
            (_slug(node), f"{kb.label(node)}: neighbourhood, depth {depth}", neighbourhood_claims(kb, node, depth))
        )
    else:
        assert path_ends is not None
        src, dst = (resolve_entity(kb, e) for e in path_ends)
        found = paths(to_networkx(kb), src, dst, max_length)
        ids = {c for p in found for c in p.claims}
        jobs.append(
            (
                f"path-{_slug(src)}-{_slug(dst)}",
                f"{kb.label(src)} to {kb.label(dst)}",
                [c for c in kb.claims if c.id in ids],
            )
        )
    for stem, title, claims in jobs:
        if not claims:
            click.echo(f"{stem}: no claims to draw", err=True)
            continue
        dot = to_dot(kb, claims, title, list(pathways.values()))
        for written in write_diagram(dot, out / stem, formats or ("dot", "svg")):
            click.echo(f"wrote {written}")


def _slug(text: str) -> str:
    import re

    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()


@main.command("sparql", epilog=EPILOG_DOCS)
@input_options
@click.argument("query")
@click.option(
    "--bind",
    "binds",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable to a value (CURIE, IRI or text); repeatable.",
)
@click.option("--format", "fmt", type=click.Choice(["table", "tsv", "json"]), default="table", show_default=True)
def sparql_command(kb: KnowledgeBase, documents: Path | None, query: str, binds: tuple[str, ...], fmt: str) -> None:
    """Run a SPARQL SELECT QUERY: a shipped name, a .rq file, or query text.

    \b
    Shipped queries: weak-support, preclinical-or-vendor-only, claims-by-level,
    claims-about, references-by-source-type.
    \b
    Examples:
      kg sparql weak-support
      kg sparql claims-about --bind entity=HGNC:11892
      kg sparql claims-by-level --bind level=mechkg:level_animal --format tsv
      kg sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?c a mechkg:Claim }'
    """
    import json

    from kg.rdf import to_rdf
    from kg.sparql import run_query

    bindings = {}
    for item in binds:
        name, sep, value = item.partition("=")
        if not sep or not name:
            raise click.BadParameter(f"expected NAME=VALUE, got {item!r}", param_hint="--bind")
        bindings[name.lstrip("?")] = value
    try:
        names, rows = run_query(to_rdf(kb), query, bindings)
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


@main.command("export", epilog=EPILOG_DOCS)
@input_options
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted(EXPORTERS)),
    help="Formats to write (repeatable; default all).",
)
@click.option(
    "--out",
    type=click.Path(path_type=Path, file_okay=False),
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

    \b
    Examples:
      kg export --format turtle --format graphml
      kg export -o /tmp/claims.graphml
    """
    if output is not None:
        if len(formats) > 1:
            raise click.UsageError("-o/--output takes at most one --format")
        findings = audit(kb, _ontology_dir(), documents)
        click.echo(f"wrote {export(kb, output, formats[0] if formats else None, findings)}")
        return
    for path in write_exports(kb, out, formats or None, audit(kb, _ontology_dir(), documents)):
        click.echo(f"wrote {path}")
