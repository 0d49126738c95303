"""Making the graph and its files: `kg validate`, `build`, `export`, `import indra`, `synth`, `resolve`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

import kg.sizes as sizes
from kg.audit import audit
from kg.build import load_inputs
from kg.cli.options import (
    EPILOG_DOCS,
    EPILOG_PROJECT,
    EPILOG_REMOTE,
    endpoint_options,
    input_options,
    ontology_dir,
    ontology_option,
    out_option,
    progress,
    seeds_option,
    store_option,
    uses_seed_cache,
    warn,
)
from kg.errors import KGError
from kg.formats.registry import DEFAULT_FORMATS, EXPORTERS, INTERCHANGE, SUFFIXES, export, write_exports
from kg.model import KnowledgeBase
from kg.render.present import built_text, summary, weak_support_text
from kg.resolve import Services

__all__ = [
    "build_command",
    "export_command",
    "import_group",
    "import_indra_command",
    "resolve_command",
    "synth_command",
    "validate_command",
]


@click.command("validate", epilog=EPILOG_DOCS)
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

        findings = audit(kb, ontology_dir(), documents)  # the view with its findings, as exported
        conforms, report = validate_graph(to_rdf(kb, findings), ontology_dir())
        if not conforms:
            raise click.ClickException("SHACL: the RDF view does not conform\n" + report)
        click.echo("SHACL: the RDF view conforms to ontology/shapes.ttl")


@click.command("build", epilog=f"{EPILOG_DOCS} {EPILOG_REMOTE}")
@input_options
@endpoint_options
@out_option("Folder to write the exports into.", Path("exports"))
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted([*EXPORTERS, *INTERCHANGE])),
    help=f"Formats to write (repeatable) [default: every core format: {', '.join(DEFAULT_FORMATS)}; "
    "interchange formats only when named].",
)
@click.option("--quiet", is_flag=True, help="Print the summary only, not the weak-support list.")
@store_option(
    "Keep the graph in an on-disk pyoxigraph store in this folder, e.g. .mechkg/store "
    "(replaced only when complete; the next build into it is incremental) [default: in memory, not kept]."
)
@uses_seed_cache
def build_command(
    kb: KnowledgeBase,
    documents: Path | None,
    out: Path,
    quiet: bool,
    remote: dict[str, Any] | None,
    formats: tuple[str, ...] = (),
    store: Path | None = None,
) -> None:
    """Build the graph, write the exports, and list the weak-support claims.

    Every core format is written (Turtle, N-Triples, JSON-LD, GraphML and the three TSVs) unless
    --format names the ones to write; those files are replaced and the others left as they were.
    Nothing is written when any input is invalid. Exports are written atomically and are
    byte-identical for the same input, whichever formats are chosen. With --endpoint the graph
    is also loaded into a SPARQL server, replacing the target graph only when every chunk has
    arrived. Builds over 5,000 claims report each step and each export on stderr; over 10,000
    the exports are written side by side in two processes.

    Parsed seed files are cached in .mechkg/cache ($MECHKG_CACHE; empty: no cache). With --store
    the next build into the same store is incremental: only the triples of what changed are
    replaced, the RDF dumps of a graph over 5,000 claims are patched the same way, and exports
    are kept when no input changed (same bytes as a full build). Another
    code version or ontology, or an unreadable build record, gives a full build, said on stderr.

    \b
    Examples:
      kg build --out exports
      kg build --format turtle --format tsv --out /tmp/exports
      kg build --endpoint http://127.0.0.1:7878/query
      kg build --endpoint http://localhost:3030/ds --server-kind fuseki --graph https://example.org/g
      kg build --store .mechkg/store && kg sparql weak-support --store .mechkg/store
    """
    from kg.build import build_graph

    large = sizes.is_large(len(kb.claims))
    notes = (lambda line: click.echo(line, err=True)) if large else None
    inputs = _kept_inputs(store, documents)
    built = build_graph(
        kb, ontology_dir(), out, documents, store, progress(large), formats or None, notes, inputs, warn
    )
    if store is not None:
        click.echo(f"build: {built.how}", err=True)
    click.echo(built_text(kb, built.findings, built.written, built.store, built.where), nl=False)
    if remote is not None:
        _publish(built, remote)
    if not quiet:
        click.echo(weak_support_text(kb, documents), nl=False)


def _publish(built: Any, remote: dict[str, Any]) -> None:
    """Load a build's graph into the SPARQL server of ``remote`` and say what was sent."""
    from kg.build import publish

    sent = publish(built, remote)
    n, s = sent.stats, sent.target
    click.echo(f"loaded {n.triples} triples into {s} ({n.requests} requests, {n.seconds:.1f} s)")


def _kept_inputs(store: Path | None, documents: Path | None) -> Any:
    """The input files an incremental build into ``store`` compares (None without a store)."""
    if store is None:
        return None
    from kg.incremental import Inputs

    params = click.get_current_context().params
    return Inputs.of(ontology_dir(), params["seeds"], params["extracted"], params["retractions"], documents)


@click.command("export", epilog=EPILOG_DOCS)
@input_options
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(sorted([*EXPORTERS, *INTERCHANGE])),
    help="Formats to write (repeatable; default: every core format; interchange formats only when named).",
)
@out_option("Folder for the exports.", Path("exports"))
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
        findings = audit(kb, ontology_dir(), documents)
        click.echo(f"wrote {export(kb, output, formats[0] if formats else None, findings)}")
        return
    for path in write_exports(kb, out, formats or None, audit(kb, ontology_dir(), documents)):
        click.echo(f"wrote {path}")


@click.group("import")
def import_group() -> None:
    """Bring claims from other tools into a mechkg project folder (INDRA statement JSON)."""


@import_group.command("indra", epilog=EPILOG_PROJECT)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@out_option("Project folder to write seeds/documents/ and ontology/ into.")
@ontology_option("Project ontology to reuse groundings from and copy into --out.")
@click.option("--compound", default=None, metavar="CURIE", help="Entity the file is about [default: its main subject].")
@seeds_option(
    exists=True,
    default=None,
    show_default=False,
    envvar=None,
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

    result = import_indra(file, out, ontology, compound, seeds)
    written = write_import(result)
    for line in result.warnings:
        click.echo(line, err=True)
    for line in result.summary.lines():
        click.echo(line)
    click.echo(f"wrote {len(written)} files into {out}")


@click.command("synth", epilog=EPILOG_PROJECT)
@click.option("--claims", type=click.IntRange(1), required=True, help="Number of claim records to write.")
@click.option("--seed", type=int, default=1, show_default=True, help="Random seed (same seed, same files).")
@out_option("Folder to write seeds/documents/ and ontology/ into.")
@click.option(
    "--claims-per-file", type=click.IntRange(1), default=1000, show_default=True, help="Claim records per document."
)
@ontology_option(
    "Ontology whose classifier/ lexicon is copied, so kg build and kg audit run on the result.", envvar=None
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
    from kg.seeds.synth import synthesize

    if not (ontology / "classifier").is_dir():
        raise click.BadParameter(
            f"{ontology / 'classifier'} not found: give the project's ontology folder "
            "(kg build and kg audit need its classifier lexicon)",
            param_hint="--ontology",
        )
    stats = synthesize(claims, seed, out, claims_per_file, lexicon_from=ontology)
    click.echo(
        f"wrote {stats.claims} claim records ({stats.uncited} uncited) in {stats.files} files, "
        f"{stats.entities} entities and {stats.references} references into {out}"
    )


@click.command("resolve", epilog=EPILOG_PROJECT)
@seeds_option()
@ontology_option()
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

    services = Services(_slash(eutils_url), _slash(europepmc_url), _slash(crossref_url), api_key, email)
    try:
        kb = load_inputs(seeds, ontology)
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
