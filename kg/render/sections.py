"""The report's sections as HTML: summary numbers, pathway diagrams, audit findings, a scorecard per
source document, the claims table and graph placeholders, and every reference entry."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from kg.model import (
    Document,
    EvidenceLevel,
    Finding,
    KnowledgeBase,
    Severity,
    SupportClass,
    slug,
)
from kg.render.markup import esc, level_badge, section, support_badge
from kg.render.pathwaysvg import Diagram
from kg.render.reportdata import identifier_links
from kg.render.styles import EDGE_STYLES
from kg.vocab.definitions import FINDING_MEANINGS, SUPPORT_CRITERIA

__all__ = [
    "Scorecard",
    "claims_section",
    "diagram_section",
    "findings_section",
    "graph_section",
    "references_section",
    "scorecard_section",
    "scorecards",
    "summary_counts",
    "summary_section",
]


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


def summary_section(kb: KnowledgeBase, findings: Sequence[Finding]) -> str:
    """The summary: the counts as cards, the claims per support class as a bar and a table with each rule."""
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
            f'<tr><td>{support_badge(support)}</td><td class="num">{n}</td>'
            f'<td class="num">{100 * n / total:.1f}&#8239;%</td><td>{esc(SUPPORT_CRITERIA[support])}</td></tr>'
        )
    out.append("</tbody></table>")
    return section("summary", "Summary", "\n".join(out))


def diagram_section(diagrams: Sequence[Diagram]) -> str:
    """The pathway diagrams, each as a figure or the reason it could not be drawn."""
    if not diagrams:
        note = '<p class="note">No named pathways are defined (ontology/pathways.yaml).</p>'
        return section("diagrams", "Pathway diagrams", note)
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
    return section("diagrams", "Pathway diagrams", "\n".join(out))


def _claim_ref(claim_id: str, linked: bool) -> str:
    if linked:
        return f'<a href="#claim={esc(claim_id)}" class="claim-id">{esc(claim_id)}</a>'
    return f'<span class="claim-id">{esc(claim_id)}</span>'


def findings_section(findings: Sequence[Finding], anchors: set[str]) -> str:
    """The audit findings as a table, with the meaning of each category; claims in ``anchors`` are linked."""
    if not findings:
        return section("findings", "Audit findings", '<p class="note">The audit found nothing.</p>')
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
    return section("findings", "Audit findings", intro + "\n" + key + "</dl>\n" + table)


def scorecard_section(cards: Sequence[Scorecard]) -> str:
    """One table row per source document's scorecard."""
    rows = []
    for card in cards:
        doc = card.document
        levels = "".join(level_badge(lv, n) for lv, n in card.levels) or '<span class="muted">cites nothing</span>'
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
    return section("scorecards", "Source documents", intro + "\n" + table)


def claims_section(kb: KnowledgeBase) -> str:
    """The claims table's placeholder (filled by the page's script from its JSON data)."""
    if not kb.claims:
        return section("claims", "All claims", '<p class="note empty">This project has no claims.</p>')
    intro = (
        f'<p class="note">All {len(kb.claims)} claims and {len(kb.references)} reference entries. Filter, search and '
        "sort; open a row for its evidence records (with the sentence when the source document was given) and "
        "its graded references. The view is kept in the address (after #), so it can be shared.</p>"
    )
    body = (
        '<div id="claims-app"><noscript><p class="missing">The claims table needs JavaScript; '
        "the data are in the page as JSON (script element kg-data).</p></noscript></div>"
    )
    return section("claims", "All claims", intro + "\n" + body)


def graph_section(kb: KnowledgeBase) -> str:
    """The graph's placeholder (drawn by the page's script from its JSON data)."""
    if not kb.claims:
        return section("graph", "Graph", '<p class="note empty">This project has no claims to draw.</p>')
    intro = (
        '<p class="note">Every claim as an edge (Cytoscape.js, inlined). Drag to pan, scroll to zoom, click a node '
        "to list its claims. Entities are grouped by pathway. Tick the support classes to show.</p>"
    )
    return section("graph", "Graph", intro + '\n<div id="graph-app"></div>')


def _ids_line(ids: str) -> str:
    return f'<br><span class="where">{esc(ids)}</span>' if ids else ""


def references_section(kb: KnowledgeBase) -> str:
    """Every reference entry: its level, source type and grade basis, linked from its identifiers."""
    if not kb.references:
        return section("references", "References", '<p class="note">No reference entries.</p>')
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
            f"<td>{level_badge(ref.level)}</td><td>{esc(ref.source_type.value.replace('_', ' '))}</td>"
            f"<td>{esc(ref.basis.value.replace('_', ' '))}</td><td>{links}</td>"
            f'<td class="num">{"yes" if ref.key in cited else "no"}</td></tr>'
        )
    table = (
        '<table class="references"><thead><tr><th>entry</th><th>title or host</th><th>level</th>'
        '<th>source type</th><th>basis</th><th>links</th><th class="num">cited</th></tr></thead><tbody>\n'
        + "\n".join(rows)
        + "\n</tbody></table>"
    )
    return section("references", "References", intro + "\n" + table)
