"""The self-contained HTML report: summary, pathway diagrams, weak support, findings, scorecards.

One HTML file that needs nothing from the network: the CSS is inline (``kg/templates/report.css``),
there are no scripts, fonts or images, and each pathway diagram is inline SVG drawn by Graphviz
from :func:`kg.render.to_dot`. Every text taken from seeds, ontology or source documents is
HTML-escaped, and only ``http(s)`` URLs become links. The same input gives byte-identical HTML:
nothing is dated unless a date is passed in.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from kg.definitions import FINDING_MEANINGS, SUPPORT_CRITERIA
from kg.documents import span_text
from kg.errors import OutputError, RenderError
from kg.export import atomic_write_many
from kg.model import (
    Claim,
    Direction,
    Document,
    EvidenceLevel,
    Finding,
    KnowledgeBase,
    Reference,
    Severity,
    SupportClass,
)
from kg.present import reference_links
from kg.query import weak_support
from kg.render import DOT_EDGE_LIMIT, EDGE_STYLES, Pathway, pathway_claims, to_dot

if TYPE_CHECKING:
    import pydot

DEFAULT_TITLE = "mechkg evidence report"
INSTALL_HINT = "Install Graphviz (Debian: apt-get install graphviz, or run `make setup`) and build the report again."

#: Link text for the hosts of the identifier links built by kg.present.reference_links.
_LINK_NAMES = {"pubmed.ncbi.nlm.nih.gov": "PubMed", "pmc.ncbi.nlm.nih.gov": "PMC", "doi.org": "DOI"}


def esc(text: object) -> str:
    """HTML-escape any value (quotes included, so the result is safe in attributes too)."""
    return html.escape(str(text), quote=True)


# --- numbers -----------------------------------------------------------------------------------


def summary_counts(kb: KnowledgeBase) -> dict[str, int]:
    """The counts ``kg.present.summary`` prints: documents, references, works, evidence, claims."""
    return {
        "documents": len(kb.documents),
        "references": len(kb.references),
        "works": len(set(kb.works.values())),
        "evidence records": sum(len(c.evidence) for c in kb.claims),
        "claims": len(kb.claims),
    }


@dataclass(frozen=True)
class Scorecard:
    """How one source document supports what it says."""

    document: Document
    claims: int  #: distinct claims the document asserts
    statements: int  #: evidence records (one per asserted statement)
    cited: int  #: statements that cite at least one reference
    listed: int  #: entries in the document's reference list
    weak: int  #: asserted claims without clinical support (over all documents' evidence)
    levels: tuple[tuple[EvidenceLevel, int], ...]  #: distinct entries cited, per level, strongest first

    @property
    def cited_share(self) -> float:
        """Share of statements that cite something (0 when the document asserts nothing)."""
        return self.cited / self.statements if self.statements else 0.0


def scorecards(kb: KnowledgeBase) -> list[Scorecard]:
    """One scorecard per document, in document-key order."""
    cards = []
    for key in sorted(kb.documents):
        statements = [(c, ev) for c in kb.claims for ev in c.evidence if ev.document == key]
        claims = {c.id: c for c, _ in statements}
        cited_refs = {ref.key: ref for _, ev in statements for ref in ev.references}
        levels = Counter(ref.level for ref in cited_refs.values())
        cards.append(
            Scorecard(
                document=kb.documents[key],
                claims=len(claims),
                statements=len(statements),
                cited=sum(1 for _, ev in statements if ev.is_cited),
                listed=sum(1 for r in kb.references if r.document == key),
                weak=sum(1 for c in claims.values() if c.support.is_weak),
                levels=tuple((lv, levels[lv]) for lv in EvidenceLevel if levels[lv]),
            )
        )
    return cards


# --- diagrams ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Diagram:
    """One pathway diagram for the report: embeddable SVG, or the reason it could not be drawn."""

    pathway: Pathway
    claims: int
    svg: str | None
    problem: str = ""


def svg_text(dot: pydot.Dot) -> str:
    """Draw a diagram with Graphviz and return the SVG text; RenderError when Graphviz is missing."""
    engine = "dot" if len(dot.get_edges()) <= DOT_EDGE_LIMIT else "sfdp"
    binary = shutil.which(engine)
    if binary is None:
        raise RenderError(f"Graphviz '{engine}' was not found, so this diagram could not be drawn. {INSTALL_HINT}")
    result = subprocess.run(
        [binary, "-Tsvg"], input=dot.to_string().encode("utf-8"), capture_output=True, check=False, timeout=600
    )
    if result.returncode != 0:
        raise RenderError(f"Graphviz failed: {result.stderr.decode('utf-8', 'replace').strip()}")
    return result.stdout.decode("utf-8")


def embeddable_svg(svg: str, prefix: str) -> str:
    """SVG text ready to sit inside HTML: no XML prolog, DOCTYPE or comments; ids made unique.

    Graphviz numbers its ids (``node1``, ``edge1``…) afresh in every drawing, so each is given
    ``prefix`` to keep the ids of several diagrams in one page distinct.
    """
    start = svg.find("<svg")
    if start < 0:
        raise RenderError("Graphviz returned no SVG element")
    body = re.sub(r"<!--.*?-->\s*", "", svg[start:], flags=re.DOTALL).strip()
    body = re.sub(r'\bid="', f'id="{prefix}', body)
    return body.replace('href="#', f'href="#{prefix}').replace("url(#", f"url(#{prefix}")


def draw_pathways(
    kb: KnowledgeBase, pathways: Sequence[Pathway], draw: Callable[[pydot.Dot], str] = svg_text
) -> list[Diagram]:
    """Draw every pathway that has claims; a RenderError becomes the diagram's ``problem``."""
    diagrams = []
    for pathway in pathways:
        claims = pathway_claims(kb, pathway)
        if not claims:
            diagrams.append(Diagram(pathway, 0, None, "No claims fall in this pathway."))
            continue
        try:
            svg = embeddable_svg(draw(to_dot(kb, claims, pathway.label, list(pathways))), _slug(pathway.id) + "-")
        except RenderError as exc:
            diagrams.append(Diagram(pathway, len(claims), None, str(exc)))
            continue
        diagrams.append(Diagram(pathway, len(claims), svg))
    return diagrams


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower() or "x"


# --- HTML pieces -------------------------------------------------------------------------------


def _css() -> str:
    return resources.files("kg").joinpath("templates/report.css").read_text(encoding="utf-8")


def _link(url: str) -> str:
    """An anchor for an http(s) URL (text: PubMed, PMC, DOI or the host); other schemes as text."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return f'<span class="mono">{esc(url)}</span>'
    name = _LINK_NAMES.get(parts.netloc.lower(), parts.netloc.lower())
    return f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(name)}</a>'


def _support_badge(support: SupportClass) -> str:
    colour = EDGE_STYLES[support][0]
    label = support.value.replace("_", " ")
    return f'<span class="support" style="background:{colour}">{esc(label)}</span>'


def _level_badge(level: EvidenceLevel, count: int | None = None) -> str:
    text = level.value.replace("_", " ") + ("" if count is None else f" {count}")
    return f'<span class="level">{esc(text)}</span>'


def _section(anchor: str, title: str, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{esc(title)}</h2>\n{body}\n</section>'


def _summary_section(kb: KnowledgeBase, findings: Sequence[Finding]) -> str:
    numbers = summary_counts(kb)
    weak = sum(1 for c in kb.claims if c.support.is_weak)
    high = sum(1 for f in findings if f.severity is Severity.HIGH)
    cards = [
        (numbers["documents"], "documents"),
        (numbers["references"], "references"),
        (numbers["works"], "distinct works"),
        (numbers["evidence records"], "evidence records"),
        (numbers["claims"], "claims"),
        (weak, "without clinical support"),
        (len(findings), f"audit findings ({high} high)"),
    ]
    out = ['<div class="cards">']
    out += [f'<div class="card"><span class="n">{n}</span><span class="what">{esc(w)}</span></div>' for n, w in cards]
    out.append("</div>")
    counts = Counter(c.support for c in kb.claims)
    total = len(kb.claims) or 1
    out.append('<div class="bar" role="img" aria-label="claims per support class">')
    for support in SupportClass:
        if counts[support]:
            width = f"{100 * counts[support] / total:.2f}"
            out.append(
                f'<span style="width:{width}%;background:{EDGE_STYLES[support][0]}" '
                f'title="{esc(support.value)}: {counts[support]}"></span>'
            )
    out.append("</div>")
    out.append('<table class="classes"><thead><tr><th>support class</th><th class="num">claims</th>')
    out.append('<th class="num">share</th><th>rule</th></tr></thead><tbody>')
    for support in SupportClass:
        n = counts.get(support, 0)
        out.append(
            f'<tr><td>{_support_badge(support)}</td><td class="num">{n}</td>'
            f'<td class="num">{100 * n / total:.1f}&#8239;%</td><td>{esc(SUPPORT_CRITERIA[support])}</td></tr>'
        )
    out.append("</tbody></table>")
    return _section("summary", "Summary", "\n".join(out))


def _diagram_section(diagrams: Sequence[Diagram]) -> str:
    if not diagrams:
        note = '<p class="note">No named pathways are defined (ontology/pathways.yaml).</p>'
        return _section("diagrams", "Pathway diagrams", note)
    out = [
        '<p class="note">Edge colour and line: support class (legend in each diagram). Arrowhead: predicate. '
        "Pen width: number of independent works; label: citation count and context.</p>"
    ]
    for d in diagrams:
        anchor = f"pathway-{_slug(d.pathway.id)}"
        count = f"{d.claims} claim{'' if d.claims == 1 else 's'}"
        out.append(f'<h3 id="{anchor}">{esc(d.pathway.label)} <span class="muted">({count})</span></h3>')
        if d.svg is not None:
            caption = f"{esc(d.pathway.label)}: {count}, styled by the evidence they cite."
            out.append(f'<figure class="diagram">\n{d.svg}\n<figcaption>{caption}</figcaption>\n</figure>')
        else:
            out.append(f'<p class="missing">{esc(d.problem)}</p>')
    return _section("diagrams", "Pathway diagrams", "\n".join(out))


def _claim_cell(kb: KnowledgeBase, claim: Claim) -> str:
    flag = ""
    if claim.direction is not Direction.SUPPORTS:
        flag = f' <span class="flag">[{esc(claim.direction.value.replace("_", " "))}]</span>'
    context = "" if claim.context == "unspecified" else f' <span class="muted">({esc(claim.context)})</span>'
    return (
        f'{esc(kb.label(claim.subject))} <span class="arrow">&#8212;{esc(claim.predicate.value)}&#8594;</span> '
        f'{esc(kb.label(claim.object))}{context}{flag}<br><span class="claim-id">{esc(claim.id)}</span>'
    )


def _reference_item(ref: Reference) -> str:
    title = ref.title or ref.host or "(no title)"
    links = " ".join(_link(url) for url in reference_links(ref))
    return (
        f'<li>{_level_badge(ref.level)} {esc(title)} <span class="where">{esc(ref.key)}</span>'
        f"{' ' + links if links else ''}</li>"
    )


def _evidence_cell(kb: KnowledgeBase, claim: Claim, documents: Path | None) -> str:
    items = []
    for ev in claim.evidence:
        doc = kb.documents.get(ev.document)
        name = doc.label if doc else ev.document
        where = f"{ev.locator.file}:{ev.locator.start}-{ev.locator.end}"
        hedged = ", hedged" if ev.hedged else ""
        item = f'{esc(name)} <span class="where">{esc(where)}{hedged}</span>'
        text = span_text(ev.locator, documents)
        if text is not None:
            item += f'<q class="span">{esc(text)}</q>'
        items.append(f"<li>{item}</li>")
    return "<ul>" + "".join(items) + "</ul>"


def _weak_section(kb: KnowledgeBase, claims: Sequence[Claim], documents: Path | None) -> str:
    intro = (
        f'<p class="note">{len(claims)} of {len(kb.claims)} claims cite no human study or systematic review, '
        "weakest first. Each citation shows the graded level of the cited work and links to PubMed, PMC or "
        "the DOI when the reference gives an identifier.</p>"
    )
    if not claims:
        return _section("weak-support", "Claims without clinical support", intro)
    rows = []
    for claim in claims:
        refs = '<span class="flag">uncited</span>'
        if claim.references:
            refs = "<ul>" + "".join(_reference_item(r) for r in claim.references) + "</ul>"
        levels = "".join(_level_badge(lv) for lv in claim.levels) or '<span class="muted">none</span>'
        rows.append(
            f'<tr id="claim-{esc(claim.id)}" class="weak-claim"><td>{_claim_cell(kb, claim)}</td>'
            f"<td>{_support_badge(claim.support)}</td><td>{levels}</td>"
            f"<td>{refs}</td>"
            f"<td>{_evidence_cell(kb, claim, documents)}</td></tr>"
        )
    table = (
        '<table class="weak"><colgroup><col class="w-claim"><col class="w-support"><col class="w-levels">'
        '<col class="w-cites"><col class="w-where"></colgroup><thead><tr><th>claim</th><th>support</th>'
        "<th>levels cited</th><th>citations</th><th>asserted by</th></tr></thead><tbody>\n"
        + "\n".join(rows)
        + "\n</tbody></table>"
    )
    return _section("weak-support", "Claims without clinical support", intro + "\n" + table)


def _claim_ref(claim_id: str, linked: bool) -> str:
    if linked:
        return f'<a href="#claim-{esc(claim_id)}" class="claim-id">{esc(claim_id)}</a>'
    return f'<span class="claim-id">{esc(claim_id)}</span>'


def _findings_section(findings: Sequence[Finding], anchors: set[str]) -> str:
    if not findings:
        return _section("findings", "Audit findings", '<p class="note">The audit found nothing.</p>')
    by_severity = Counter(f.severity for f in findings)
    intro = '<p class="note">' + ", ".join(f"{by_severity.get(s, 0)} {s.value}" for s in Severity) + ".</p>"
    categories = sorted({f.category for f in findings}, key=lambda c: c.value)
    key = '<dl class="key">' + "".join(
        f"<dt><code>{esc(c.value)}</code></dt><dd>{esc(FINDING_MEANINGS[c])}</dd>" for c in categories
    )
    rows = []
    for f in findings:
        claims = ", ".join(_claim_ref(c, c in anchors) for c in f.claims[:8])
        if len(f.claims) > 8:
            claims += f" (+{len(f.claims) - 8} more)"
        refs = "<br>".join(f'<span class="where">{esc(r)}</span>' for r in f.references)
        where = "<br>".join(esc(f"{loc.file}:{loc.start}-{loc.end}") for loc in f.locators[:3])
        if len(f.locators) > 3:
            where += f"<br>(+{len(f.locators) - 3} more)"
        rows.append(
            f'<tr class="finding"><td><span class="sev sev-{esc(f.severity.value)}">{esc(f.severity.value)}</span></td>'
            f'<td><code>{esc(f.category.value)}</code><br><span class="claim-id">{esc(f.id)}</span></td>'
            f'<td>{esc(f.message)}</td><td>{claims}</td><td>{refs}</td><td class="where">{where}</td></tr>'
        )
    table = (
        '<table class="findings"><colgroup><col class="f-sev"><col class="f-cat"><col class="f-msg">'
        '<col class="f-claims"><col class="f-refs"><col class="f-where"></colgroup>'
        "<thead><tr><th>severity</th><th>category</th><th>finding</th><th>claims</th>"
        "<th>references</th><th>where</th></tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table>"
    )
    return _section("findings", "Audit findings", intro + "\n" + key + "</dl>\n" + table)


def _scorecard_section(cards: Sequence[Scorecard]) -> str:
    rows = []
    for card in cards:
        doc = card.document
        levels = "".join(_level_badge(lv, n) for lv, n in card.levels) or '<span class="muted">cites nothing</span>'
        rows.append(
            f'<tr class="scorecard"><td>{esc(doc.label)}<br><span class="where">{esc(doc.file)} · '
            f"{esc(doc.source_type.value.replace('_', ' '))} · about {esc(doc.compound_as_written)}</span></td>"
            f'<td class="num">{card.claims}</td><td class="num">{card.statements}</td>'
            f'<td class="num">{100 * card.cited_share:.0f}&#8239;%</td><td class="num">{card.weak}</td>'
            f'<td class="num">{card.listed}</td><td>{levels}</td></tr>'
        )
    table = (
        '<table class="scorecards"><thead><tr><th>document</th><th class="num">claims</th>'
        '<th class="num">statements</th><th class="num">cited</th><th class="num">no clinical support</th>'
        '<th class="num">references listed</th><th>levels of the entries cited</th></tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )
    intro = (
        '<p class="note">Per source document: the claims it asserts, its statements and the share that cite '
        "anything, how many of its claims lack clinical support, and the graded levels of the reference "
        "entries it actually cites.</p>"
    )
    return _section("scorecards", "Source documents", intro + "\n" + table)


# --- the page ----------------------------------------------------------------------------------


def build_report(
    kb: KnowledgeBase,
    findings: Sequence[Finding],
    pathways: Sequence[Pathway],
    documents: Path | None = None,
    *,
    title: str = DEFAULT_TITLE,
    generated: str | None = None,
    diagrams: Sequence[Diagram] | None = None,
) -> str:
    """The whole report as one HTML string (byte-identical for the same input).

    ``diagrams`` are drawn from ``pathways`` with Graphviz unless given; ``documents`` (the source
    files) adds the text of each cited span; ``generated`` is shown in the footer when given.
    """
    if diagrams is None:
        diagrams = draw_pathways(kb, pathways)
    weak = weak_support(kb)
    docs_note = (
        "Cited spans are quoted from the source documents."
        if documents is not None
        else "Source documents were not given: spans are shown as file:start-end only."
    )
    nav = "".join(
        f'<li><a href="#{a}">{esc(t)}</a></li>'
        for a, t in (
            ("summary", "Summary"),
            ("diagrams", "Pathway diagrams"),
            ("weak-support", "Claims without clinical support"),
            ("findings", "Audit findings"),
            ("scorecards", "Source documents"),
        )
    )
    footer = "Written by mechkg" + (f" · {esc(generated)}" if generated else "") + "."
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        # Nothing may be fetched or run: styles are inline, images are inline SVG.
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
        'img-src data:">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{_css()}</style>",
        "</head>",
        "<body>",
        f'<header>\n<h1>{esc(title)}</h1>\n<p class="lead">Mechanism claims graded by the evidence they cite. '
        f"{esc(docs_note)}</p>\n<nav><ol>{nav}</ol></nav>\n</header>",
        "<main>",
        _summary_section(kb, findings),
        _diagram_section(diagrams),
        _weak_section(kb, weak, documents),
        _findings_section(findings, {c.id for c in weak}),
        _scorecard_section(scorecards(kb)),
        "</main>",
        f"<footer>{footer}</footer>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(parts)


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
