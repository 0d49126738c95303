"""The self-contained HTML report: summary, every claim (filterable), charts, graph, diagrams,
findings, scorecards and references.

One HTML file that needs nothing from the network: the CSS is inline (``kg/render/templates/report.css``),
the data of the claims table and graph are a JSON block (``<``, ``>`` and ``&`` escaped), and two
inline scripts (``kg/render/templates/report.js`` and the vendored Cytoscape.js) are the only ones the
Content-Security-Policy allows, by hash; they write data into the page as text nodes only. Charts
are inline SVG, and each pathway diagram is inline SVG drawn by Graphviz from
:func:`kg.render.diagram.to_dot`. Every other text taken from seeds, ontology or source documents is
HTML-escaped, and only ``http(s)`` URLs become links. The same input gives byte-identical HTML:
nothing is dated unless a date is passed in.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath

from kg.errors import OutputError
from kg.model import Finding, KnowledgeBase
from kg.output import atomic_write_many
from kg.pathway import Pathway
from kg.render.charts import charts_section
from kg.render.markup import esc
from kg.render.pathwaysvg import Diagram, draw_pathways
from kg.render.reportdata import json_for_script, report_data
from kg.render.sections import (
    claims_section,
    diagram_section,
    findings_section,
    graph_section,
    references_section,
    scorecard_section,
    scorecards,
    summary_section,
)

__all__ = [
    "CYTOSCAPE_VERSION",
    "DEFAULT_TITLE",
    "Written",
    "build_report",
    "report_path",
    "write_project_report",
    "write_report",
]

DEFAULT_TITLE = "mechkg evidence report"


#: The Cytoscape.js build inlined into the page (kg/render/templates/vendor/, MIT licence).
CYTOSCAPE_VERSION = "3.35.0"


def _css() -> str:
    return resources.files("kg.render").joinpath("templates/report.css").read_text(encoding="utf-8")


def _script_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _template(name: str) -> str:
    return resources.files("kg.render").joinpath(f"templates/{name}").read_text(encoding="utf-8")


def build_report(
    kb: KnowledgeBase,
    findings: Sequence[Finding],
    pathways: Sequence[Pathway],
    documents: Path | None = None,
    *,
    title: str = DEFAULT_TITLE,
    generated: str | None = None,
    diagrams: Sequence[Diagram] | None = None,
    link_from: Path | None = None,
) -> str:
    """The whole report as one HTML string (byte-identical for the same input).

    ``diagrams`` are drawn from ``pathways`` with Graphviz unless given; ``documents`` (the source
    files) adds the text of each cited span and, with ``link_from`` (the report's folder), a link
    to each document relative to the report; ``generated`` is shown in the footer when given.
    The data of the claims table and the graph go in as JSON; the two inline scripts (the page's
    own and Cytoscape.js) are allowed by their hashes in the Content-Security-Policy, and nothing
    may be fetched.
    """
    if diagrams is None:
        diagrams = draw_pathways(kb, pathways)
    docs_note = (
        "Cited spans are quoted from the source documents."
        if documents is not None
        else "Source documents were not given: spans are shown as file:start-end only."
    )
    footer = "Written by mechkg" + (f" · {esc(generated)}" if generated else "") + "."
    footer += " Graph drawn with Cytoscape.js " + esc(CYTOSCAPE_VERSION) + " (MIT licence)."
    scripts = [_template("vendor/cytoscape.min.js"), _template("report.js")] if kb.claims else []
    csp = _policy(scripts)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be fetched; only the page's own two scripts (by hash) may run.
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{_css()}</style>",
        "</head>",
        "<body>",
        f'<header>\n<h1>{esc(title)}</h1>\n<p class="lead">Mechanism claims graded by the evidence they cite. '
        f"{esc(docs_note)}</p>\n<nav><ol>{_nav()}</ol></nav>\n</header>",
        "<main>",
        *_sections(kb, findings, pathways, diagrams),
        "</main>",
        f"<footer>{footer}</footer>",
    ]
    if scripts:
        data = json_for_script(report_data(kb, pathways, documents, link_from))
        parts.append(f'<script type="application/json" id="kg-data">{data}</script>')
        parts += [f"<script>{code}</script>" for code in scripts]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


def _sections(
    kb: KnowledgeBase, findings: Sequence[Finding], pathways: Sequence[Pathway], diagrams: Sequence[Diagram]
) -> list[str]:
    """The page's sections, in the order of its table of contents."""
    return [
        summary_section(kb, findings),
        claims_section(kb),
        charts_section(kb, pathways),
        graph_section(kb),
        diagram_section(diagrams),
        findings_section(findings, {c.id for c in kb.claims}),
        scorecard_section(scorecards(kb)),
        references_section(kb),
    ]


def _nav() -> str:
    """The page's table of contents: a link to each section."""
    return "".join(
        f'<li><a href="#{a}">{esc(t)}</a></li>'
        for a, t in (
            ("summary", "Summary"),
            ("claims", "All claims"),
            ("charts", "Charts"),
            ("graph", "Graph"),
            ("diagrams", "Pathway diagrams"),
            ("findings", "Audit findings"),
            ("scorecards", "Source documents"),
            ("references", "References"),
        )
    )


def _policy(scripts: Sequence[str]) -> str:
    """The Content-Security-Policy: nothing fetched; only ``scripts`` (by hash) may run."""
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    if scripts:
        csp += "; script-src " + " ".join(_script_hash(code) for code in scripts)
    return csp


def report_path(folder: Path, name: str) -> Path:
    """``folder / name``, refusing names that could leave the folder or are not ``.html`` files."""
    if not name or PurePosixPath(name).is_absolute() or PureWindowsPath(name).is_absolute() or name[:1] in "/\\":
        raise OutputError(f"report name {name!r} must be a relative file name inside the output folder")
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if ".." in parts:
        raise OutputError(f"report name {name!r} must not contain '..'")
    if PurePosixPath(name).suffix.lower() not in (".html", ".htm"):
        raise OutputError(f"report name {name!r} must end in .html or .htm")
    target = folder / name
    try:
        target.resolve().relative_to(folder.resolve())
    except ValueError as exc:
        raise OutputError(f"report name {name!r} leads outside {folder}") from exc
    return target


def write_report(text: str, folder: Path, name: str = "report.html") -> Path:
    """Write the report atomically to ``folder / name`` (validated by :func:`report_path`)."""
    target = report_path(folder, name)
    atomic_write_many({target: text.encode("utf-8")})
    return target


@dataclass(frozen=True)
class Written:
    """What :func:`write_project_report` wrote: the file, the pathway diagrams and the findings."""

    target: Path
    diagrams: list[Diagram]
    findings: list[Finding]

    @property
    def drawn(self) -> int:
        """How many pathway diagrams were drawn (Graphviz may be missing)."""
        return sum(1 for d in self.diagrams if d.svg is not None)


def write_project_report(
    kb: KnowledgeBase,
    findings: Callable[[], Sequence[Finding]],
    pathway_file: Path,
    documents: Path | None,
    out: Path,
    name: str = "report.html",
    title: str | None = None,
    generated: str | None = None,
    warn: Callable[[str], None] = lambda _message: None,
) -> Written:
    """``kg report``: draw the pathways of ``pathway_file`` (when present), audit, write the page.

    A pathway Graphviz could not draw is passed to ``warn``; evidence links point to the
    documents relative to ``out``.
    """
    from kg.pathway import load_pathways

    pathways = list(load_pathways(pathway_file, kb).values()) if pathway_file.is_file() else []
    diagrams = draw_pathways(kb, pathways)
    for d in diagrams:
        if d.svg is None and d.claims:
            warn(f"warning: pathway {d.pathway.id}: {d.problem}")
    found = list(findings())
    text = build_report(
        kb,
        found,
        pathways,
        documents,
        title=title or DEFAULT_TITLE,
        generated=generated,
        diagrams=diagrams,
        link_from=out,  # evidence links to the documents, relative to the report's folder
    )
    return Written(write_report(text, out, name), diagrams, found)
