"""`kg extract` and `kg read`: drafting claim records from documents, and what the reader made of them."""

from __future__ import annotations

from pathlib import Path

import click

from kg.cli.options import ontology_option, out_option

__all__ = [
    "extract_command",
    "read_command",
]


@click.command("extract")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@out_option("Folder to write one record file per document into (x-<file stem>.yaml).", Path("extracted"))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["yaml", "json"]),
    default="yaml",
    show_default=True,
    help="yaml: the seeds format that --extracted loads; json: the same records for other tools.",
)
@ontology_option("Folder with entities/, contexts/, extraction/ and classifier/.")
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

    listed, kinds = _origins(paths, url, sources, page_kind)
    results = extract_paths(
        paths, ontology, progress=True, sources=listed, workers=jobs, works=works or _project_works(), kinds=kinds
    )
    written = write_records(results, out, fmt, workers=jobs)
    for r in results:
        click.echo(
            f"{r.path}: {len(r.claims)} claims, {len(r.references)} references, "
            f"markers {r.markers_resolved}/{r.markers_found} resolved"
        )
        for w in r.warnings:
            click.echo(f"warning: {w}", err=True)
    click.echo(f"wrote {len(written)} file(s) into {out}")


def _origins(
    paths: tuple[Path, ...], url: str | None, sources: Path | None, page_kind: str | None
) -> tuple[dict[str, str] | None, dict[str, str] | None]:
    """Where each document came from and what kind of page it is: --sources, or --url/--kind for one file."""
    from kg.read.sources import check_url, load_kinds, load_sources

    if url is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise click.UsageError("--url names the source of one document; give one file, or use --sources")
    if page_kind is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise click.UsageError("--kind names the kind of one document; give one file, or a kind column in --sources")
    listed = load_sources(sources) if sources is not None else None
    kinds = load_kinds(sources) if sources is not None else {}
    if page_kind is not None:
        kinds = {str(paths[0]): page_kind}
    if url is not None:
        listed = {str(paths[0]): url}
        problem = check_url(url)
        if problem:
            raise click.BadParameter(f"{url!r}: {problem}", param_hint="--url")
    return listed, kinds or None


def _project_works() -> Path | None:
    """The project's metadata file of cited works, when there is one."""
    from kg.metadata import works_path
    from kg.project import project_path

    seeds = project_path(Path("seeds"))
    return works_path(seeds) if seeds is not None and works_path(seeds).is_file() else None


@click.command("read")
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
    from kg.read.reader import read_many
    from kg.read.readview import document_lines, documents_json

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
