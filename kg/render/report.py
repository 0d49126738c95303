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
import html
import json
import re
import shutil
import subprocess
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING
from urllib.parse import quote, urlsplit

from kg.errors import OutputError, RenderError
from kg.model import (
    Claim,
    Document,
    EvidenceLevel,
    Finding,
    KnowledgeBase,
    Reference,
    Severity,
    SupportClass,
    slug,
)
from kg.output import atomic_write_many
from kg.pathway import Pathway, pathway_claims
from kg.render.diagram import DOT_EDGE_LIMIT, EDGE_STYLES, SUPPORT_TAGS, to_dot
from kg.seeds.documents import span_text
from kg.vocab.definitions import FINDING_MEANINGS, SUPPORT_CRITERIA

if TYPE_CHECKING:
    import pydot

__all__ = [
    "CYTOSCAPE_VERSION",
    "DEFAULT_TITLE",
    "LEVEL_COLOURS",
    "Diagram",
    "Scorecard",
    "Written",
    "build_report",
    "draw_pathways",
    "embeddable_svg",
    "identifier_links",
    "json_for_script",
    "report_data",
    "report_path",
    "scorecards",
    "share_bars",
    "stacked_bars",
    "summary_counts",
    "svg_text",
    "write_project_report",
    "write_report",
]

DEFAULT_TITLE = "mechkg evidence report"
#: The Cytoscape.js build inlined into the page (kg/render/templates/vendor/, MIT licence).
CYTOSCAPE_VERSION = "3.35.0"
INSTALL_HINT = "Install Graphviz (Debian: apt-get install graphviz, or run `make setup`) and build the report again."


def esc(text: object) -> str:
    """HTML-escape any value (quotes included, so the result is safe in attributes too)."""
    return html.escape(str(text), quote=True)


# --- numbers -----------------------------------------------------------------------------------


def summary_counts(kb: KnowledgeBase) -> dict[str, int]:
    """The counts ``kg.render.present.summary`` prints: documents, references, works, evidence, claims."""
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
            svg = embeddable_svg(draw(to_dot(kb, claims, pathway.label, list(pathways))), slug(pathway.id, "x") + "-")
        except RenderError as exc:
            diagrams.append(Diagram(pathway, len(claims), None, str(exc)))
            continue
        diagrams.append(Diagram(pathway, len(claims), svg))
    return diagrams


# --- HTML pieces -------------------------------------------------------------------------------


def _css() -> str:
    return resources.files("kg.render").joinpath("templates/report.css").read_text(encoding="utf-8")


def _support_badge(support: SupportClass) -> str:
    colour = EDGE_STYLES[support][0]
    label = support.value.replace("_", " ")
    text = _TEXT_ON.get(colour, "#111")
    return (
        f'<span class="support" style="background:{colour};color:{text}">{esc(label)} · {SUPPORT_TAGS[support]}</span>'
    )


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
        anchor = f"pathway-{slug(d.pathway.id, 'x')}"
        count = f"{d.claims} claim{'' if d.claims == 1 else 's'}"
        out.append(f'<h3 id="{anchor}">{esc(d.pathway.label)} <span class="muted">({count})</span></h3>')
        if d.svg is not None:
            caption = f"{esc(d.pathway.label)}: {count}, styled by the evidence they cite."
            out.append(f'<figure class="diagram">\n{d.svg}\n<figcaption>{caption}</figcaption>\n</figure>')
        else:
            out.append(f'<p class="missing">{esc(d.problem)}</p>')
    return _section("diagrams", "Pathway diagrams", "\n".join(out))


def _claim_ref(claim_id: str, linked: bool) -> str:
    if linked:
        return f'<a href="#claim={esc(claim_id)}" class="claim-id">{esc(claim_id)}</a>'
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


# --- data for the interactive parts --------------------------------------------------------------

#: Text colour that stays legible on each support-class colour.
_TEXT_ON = {"#009e73": "#fff", "#0072b2": "#fff", "#000000": "#fff", "#d55e00": "#fff"}

#: Evidence level → fill of its bar segment (dark for clinical, lighter down the ladder).
LEVEL_COLOURS: dict[EvidenceLevel, str] = {
    EvidenceLevel.META_ANALYSIS: "#004d40",
    EvidenceLevel.HUMAN_CLINICAL_RCT: "#00796b",
    EvidenceLevel.HUMAN_CLINICAL_OTHER: "#4db6ac",
    EvidenceLevel.ANIMAL: "#0072b2",
    EvidenceLevel.IN_VITRO: "#56b4e9",
    EvidenceLevel.REVIEW_SECONDARY: "#9e9e9e",
    EvidenceLevel.VENDOR_ASSERTION: "#e69f00",
    EvidenceLevel.NOT_EVIDENCE: "#795548",
    EvidenceLevel.UNKNOWN: "#d55e00",
}


def identifier_links(ref: Reference) -> list[tuple[str, str]]:
    """(name, URL) links for a reference: PubMed, PMC, DOI, Cochrane, ClinicalTrials.gov, its own URL.

    Only ``http(s)`` URLs are returned; identifier values are percent-quoted into the path.
    """
    links: list[tuple[str, str]] = []
    for ident in ref.ids:
        prefix, _, local = ident.partition(":")
        local = quote(local.strip(), safe="/.-_()")
        kind = prefix.lower()
        if not local:
            continue
        if kind == "pmid":
            links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{local}/"))
        elif kind == "pmcid":
            links.append(("PMC", f"https://pmc.ncbi.nlm.nih.gov/articles/{local}/"))
        elif kind == "doi":
            links.append(("DOI", f"https://doi.org/{local}"))
        elif kind == "cochrane":
            links.append(("Cochrane", f"https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.{local}/full"))
        elif kind == "nct":
            links.append(("ClinicalTrials.gov", f"https://clinicaltrials.gov/study/{local}"))
    if ref.url and _is_web(ref.url):
        links.append((urlsplit(ref.url).netloc.lower(), ref.url))
    return links


def _is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()


def report_data(
    kb: KnowledgeBase,
    pathways: Sequence[Pathway] = (),
    documents: Path | None = None,
    link_from: Path | None = None,
) -> dict[str, object]:
    """Everything the interactive table and graph show, as JSON-ready data (deterministic order).

    Claims refer to documents, entities and references by index or id; every reference entry of
    every document is present, cited or not. With ``documents`` and ``link_from`` (the folder the
    report is written into), each evidence record links to its document by a path relative to the
    report, so the link works wherever the project is checked out.
    """
    doc_keys = sorted(kb.documents)
    doc_index = {k: i for i, k in enumerate(doc_keys)}
    refs = sorted(kb.references, key=lambda r: (r.document, r.n))
    ref_index = {r.key: i for i, r in enumerate(refs)}
    used = sorted({e for c in kb.claims for e in (c.subject, c.object)})
    claims = []
    for claim in sorted(kb.claims, key=lambda c: c.id):
        evidence = []
        for ev in claim.evidence:
            text = span_text(ev.locator, documents)
            evidence.append(
                [
                    doc_index.get(ev.document, -1),
                    ev.locator.file,
                    ev.locator.start,
                    ev.locator.end,
                    int(ev.hedged),
                    int(ev.extracted),
                    text,
                    _document_link(documents, ev.locator.file, link_from),
                ]
            )
        extracted = {ev.extracted for ev in claim.evidence}
        origin = "both" if len(extracted) > 1 else ("extracted" if True in extracted else "curated")
        record: dict[str, object] = {
            "id": claim.id,
            "s": claim.subject,
            "p": claim.predicate.value,
            "o": claim.object,
            "c": claim.context,
            "d": claim.direction.value,
            "sc": claim.support.value,
            "lv": [lv.value for lv in claim.levels],
            "r": [ref_index[r.key] for r in claim.references if r.key in ref_index],
            "w": len(claim.works),
            "e": evidence,
            "or": origin,
        }
        if claim.withdrawn:
            record["wd"] = 1  # its only support is a retracted work
        claims.append(record)
    return {
        "classes": [
            [s.value, s.value.replace("_", " "), EDGE_STYLES[s][0], EDGE_STYLES[s][1], SUPPORT_TAGS[s]]
            for s in SupportClass
        ],
        "levels": [lv.value for lv in EvidenceLevel],
        "documents": [[k, kb.documents[k].label, kb.documents[k].file] for k in doc_keys],
        "entities": {e: [kb.label(e), kb.entities[e].type.value if e in kb.entities else ""] for e in used},
        "pathways": [[p.id, p.label, sorted(set(p.members) & set(used))] for p in pathways],
        "references": [
            {
                "k": r.key,
                "d": doc_index.get(r.document, -1),
                "t": r.title,
                "h": r.host,
                "ids": list(r.ids),
                "lv": r.level.value,
                "st": r.source_type.value,
                "b": r.basis.value,
                "n": r.note,
                "l": [list(link) for link in identifier_links(r)],
                **({"rt": r.retracted} if r.retracted else {}),
            }
            for r in refs
        ],
        "claims": claims,
        "sentences": documents is not None,
    }


def json_for_script(data: object) -> str:
    """JSON text safe inside ``<script type="application/json">``: sorted keys, and ``<``, ``>``,
    ``&`` and the JavaScript line separators escaped, so no ``</script>`` or ``<!--`` can occur."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def _script_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def _template(name: str) -> str:
    return resources.files("kg.render").joinpath(f"templates/{name}").read_text(encoding="utf-8")


# --- charts (inline SVG) -----------------------------------------------------------------------


def _svg_legend(items: Sequence[tuple[str, str]], width: int) -> tuple[list[str], int]:
    """Swatches and names of a chart's series, wrapped to ``width``; returns them and their height."""
    out: list[str] = []
    x, y = 0, 12
    for label, colour in items:
        w = 18 + 7 * len(label)
        if x + w > width:
            x, y = 0, y + 18
        out.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}" stroke="#555" stroke-width="0.5"/>'
        )
        out.append(f'<text x="{x + 16}" y="{y}">{esc(label)}</text>')
        x += w + 10
    return out, y + 10


def stacked_bars(
    title: str, rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[tuple[str, str]], unit: str
) -> str:
    """A horizontal stacked-bar chart as inline SVG: one bar per row, one segment per series."""
    width, label_w, bar_w, row_h = 760, 230, 440, 24
    legend, top = _svg_legend(series, width)
    height = top + 8 + row_h * len(rows) + 4
    out = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="11" '
        'font-family="system-ui, sans-serif">',
        f"<title>{esc(title)}</title>",
        *legend,
    ]
    biggest = max((sum(v) for _, v in rows), default=0) or 1
    for i, (label, values) in enumerate(rows):
        y = top + 8 + i * row_h
        short = label if len(label) <= 34 else label[:33] + "\u2026"
        out.append(f'<text x="0" y="{y + 15}">{esc(short)}<title>{esc(label)}</title></text>')
        x = float(label_w)
        for (name, colour), value in zip(series, values, strict=True):
            if not value:
                continue
            w = bar_w * value / biggest
            out.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" fill="{colour}">'
                f"<title>{esc(label)}: {esc(name)} {value} {esc(unit)}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(values)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def share_bars(title: str, rows: Sequence[tuple[str, int, int]], colour: str) -> str:
    """Horizontal bars of a share (part of whole) per row, as inline SVG, with 'part of whole (x %)'."""
    width, label_w, bar_w, row_h = 760, 230, 380, 24
    height = row_h * len(rows) + 6
    out = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="11" '
        'font-family="system-ui, sans-serif">',
        f"<title>{esc(title)}</title>",
    ]
    for i, (label, part, whole) in enumerate(rows):
        y = 3 + i * row_h
        share = part / whole if whole else 0.0
        out.append(f'<text x="0" y="{y + 15}">{esc(label if len(label) <= 34 else label[:33] + chr(0x2026))}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 7}" fill="#eceff1"/>')
        if part:
            out.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * share:.1f}" height="{row_h - 7}" fill="{colour}"/>'
            )
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{part} of {whole} ({100 * share:.0f}&#8239;%)</text>')
    out.append("</svg>")
    return "\n".join(out)


def _charts_section(kb: KnowledgeBase, pathways: Sequence[Pathway]) -> str:
    if not kb.claims:
        return _section("charts", "Charts", '<p class="note">No claims, so nothing to chart.</p>')
    classes = list(SupportClass)
    per_doc: dict[str, dict[str, Claim]] = {k: {} for k in kb.documents}
    works: dict[str, dict[str, EvidenceLevel]] = {k: {} for k in kb.documents}
    for claim in kb.claims:
        for ev in claim.evidence:
            per_doc.setdefault(ev.document, {})[claim.id] = claim
            for ref in ev.references:
                works.setdefault(ev.document, {})[kb.works.get(ref.key, ref.key)] = ref.level
    docs = sorted(per_doc)
    label = {k: (kb.documents[k].label if k in kb.documents else k) for k in docs}
    support_rows = [(label[k], [sum(1 for c in per_doc[k].values() if c.support is s) for s in classes]) for k in docs]
    level_rows = [
        (label[k], [sum(1 for lv in works[k].values() if lv is level) for level in EvidenceLevel]) for k in docs
    ]
    out = [
        "<h3>Support class of the claims each document asserts</h3>",
        stacked_bars(
            "claims per support class, per document",
            support_rows,
            [(s.value.replace("_", " "), EDGE_STYLES[s][0]) for s in classes],
            "claims",
        ),
        "<h3>Evidence levels of the works each document cites</h3>",
        stacked_bars(
            "cited works per evidence level, per document",
            level_rows,
            [(lv.value.replace("_", " "), LEVEL_COLOURS[lv]) for lv in EvidenceLevel],
            "works",
        ),
    ]
    steps = [(p.label, pathway_claims(kb, p)) for p in pathways]
    steps = [(name, claims) for name, claims in steps if claims]
    out.append("<h3>Share of each pathway's steps with clinical support</h3>")
    if steps:
        rows = [
            (name, sum(1 for c in claims if c.support is SupportClass.CLINICAL), len(claims)) for name, claims in steps
        ]
        out.append(share_bars("pathway steps with clinical support", rows, EDGE_STYLES[SupportClass.CLINICAL][0]))
    else:
        out.append('<p class="note">No named pathway has claims.</p>')
    return _section(
        "charts",
        "Charts",
        "\n".join(f'<figure class="chart">{part}</figure>' if part.startswith("<svg") else part for part in out),
    )


def _claims_section(kb: KnowledgeBase) -> str:
    if not kb.claims:
        return _section("claims", "All claims", '<p class="note empty">This project has no claims.</p>')
    intro = (
        f'<p class="note">All {len(kb.claims)} claims and {len(kb.references)} reference entries. Filter, search and '
        "sort; open a row for its evidence records (with the sentence when the source document was given) and "
        "its graded references. The view is kept in the address (after #), so it can be shared.</p>"
    )
    body = (
        '<div id="claims-app"><noscript><p class="missing">The claims table needs JavaScript; '
        "the data are in the page as JSON (script element kg-data).</p></noscript></div>"
    )
    return _section("claims", "All claims", intro + "\n" + body)


def _graph_section(kb: KnowledgeBase) -> str:
    if not kb.claims:
        return _section("graph", "Graph", '<p class="note empty">This project has no claims to draw.</p>')
    intro = (
        '<p class="note">Every claim as an edge (Cytoscape.js, inlined). Drag to pan, scroll to zoom, click a node '
        "to list its claims. Entities are grouped by pathway. Tick the support classes to show.</p>"
    )
    return _section("graph", "Graph", intro + '\n<div id="graph-app"></div>')


def _ids_line(ids: str) -> str:
    return f'<br><span class="where">{esc(ids)}</span>' if ids else ""


def _references_section(kb: KnowledgeBase) -> str:
    if not kb.references:
        return _section("references", "References", '<p class="note">No reference entries.</p>')
    cited = {r.key for c in kb.claims for r in c.references}
    intro = (
        f'<p class="note">Every entry of every reference list ({len(kb.references)}; {len(cited)} cited by a claim), '
        "with its graded level, source type and the basis of the grade, linked from its identifiers.</p>"
    )
    rows = []
    for ref in sorted(kb.references, key=lambda r: (r.document, r.n)):
        links = " ".join(
            f'<a href="{esc(url)}" rel="noopener noreferrer">{esc(name)}</a>' for name, url in identifier_links(ref)
        )
        ids = ", ".join(ref.ids)
        rows.append(
            f'<tr class="reference" id="ref-{esc(slug(ref.key, "x"))}"><td class="where">{esc(ref.key)}</td>'
            f"<td>{esc(ref.title or ref.host or '(no title)')}{_ids_line(ids)}</td>"
            f"<td>{_level_badge(ref.level)}</td><td>{esc(ref.source_type.value.replace('_', ' '))}</td>"
            f"<td>{esc(ref.basis.value.replace('_', ' '))}</td><td>{links}</td>"
            f'<td class="num">{"yes" if ref.key in cited else "no"}</td></tr>'
        )
    table = (
        '<table class="references"><thead><tr><th>entry</th><th>title or host</th><th>level</th>'
        '<th>source type</th><th>basis</th><th>links</th><th class="num">cited</th></tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )
    return _section("references", "References", intro + "\n" + table)


# --- the page ----------------------------------------------------------------------------------


def _document_link(documents: Path | None, file: str, link_from: Path | None) -> str:
    """The source document's path relative to the report's folder, as a URL path ('' when unknown)."""
    if documents is None or link_from is None or not (documents / file).is_file():
        return ""
    import os
    import urllib.parse

    relative = os.path.relpath((documents / file).resolve(), link_from.resolve())
    return urllib.parse.quote(Path(relative).as_posix())


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
    nav = "".join(
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
    footer = "Written by mechkg" + (f" · {esc(generated)}" if generated else "") + "."
    footer += " Graph drawn with Cytoscape.js " + esc(CYTOSCAPE_VERSION) + " (MIT licence)."
    scripts = [_template("vendor/cytoscape.min.js"), _template("report.js")] if kb.claims else []
    csp = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; form-action 'none'"
    if scripts:
        csp += "; script-src " + " ".join(_script_hash(code) for code in scripts)
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
        f"{esc(docs_note)}</p>\n<nav><ol>{nav}</ol></nav>\n</header>",
        "<main>",
        _summary_section(kb, findings),
        _claims_section(kb),
        _charts_section(kb, pathways),
        _graph_section(kb),
        _diagram_section(diagrams),
        _findings_section(findings, {c.id for c in kb.claims}),
        _scorecard_section(scorecards(kb)),
        _references_section(kb),
        "</main>",
        f"<footer>{footer}</footer>",
    ]
    if scripts:
        data = json_for_script(report_data(kb, pathways, documents, link_from))
        parts.append(f'<script type="application/json" id="kg-data">{data}</script>')
        parts += [f"<script>{code}</script>" for code in scripts]
    parts += ["</body>", "</html>", ""]
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
