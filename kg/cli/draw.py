"""`kg render` and `kg report`: diagrams and the HTML report."""

from __future__ import annotations

import functools
from pathlib import Path

import click

from kg.audit import audit
from kg.cli.options import EPILOG_DOCS, input_options, ontology_dir, out_option, warn
from kg.model import KnowledgeBase

__all__ = [
    "render_command",
    "report_command",
]


@click.command("render", epilog=EPILOG_DOCS)
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
@out_option("Folder for the diagrams.", Path("exports/diagrams"))
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
    from kg.pathway import load_pathways
    from kg.render.diagram import diagram_jobs, to_dot, write_diagram

    if sum(x is not None for x in (pathway, entity, path_ends)) != 1:
        raise click.UsageError("give exactly one of --pathway, --entity or --path")
    pathways = load_pathways(ontology_dir() / "pathways.yaml", kb)
    cap = None if pathway is not None else max_edges  # neighbourhoods and paths: merged and capped
    for stem, title, claims in diagram_jobs(kb, pathways, pathway, entity, depth, path_ends, max_length):
        if not claims:
            click.echo(f"{stem}: no claims to draw", err=True)
            continue
        dot = to_dot(kb, claims, title, list(pathways.values()), merge=cap is not None, max_edges=cap)
        for written in write_diagram(dot, out / stem, formats or ("dot", "svg")):
            click.echo(f"wrote {written}")


@click.command("report", epilog=EPILOG_DOCS)
@input_options
@out_option("Folder for the report (not exports/, which `kg build` regenerates).", Path("reports"))
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
    from kg.render.report import report_path, write_project_report

    try:
        report_path(out, name)
    except OutputError as exc:
        raise click.BadParameter(str(exc), param_hint="--name") from exc
    findings = functools.partial(audit, kb, ontology_dir(), documents)
    pathway_file = ontology_dir() / "pathways.yaml"
    made = write_project_report(kb, findings, pathway_file, documents, out, name, title, stamp, warn=warn)
    click.echo(
        f"wrote {made.target} ({made.drawn} of {len(made.diagrams)} pathway diagrams, {len(made.findings)} findings)"
    )
