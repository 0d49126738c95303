"""The report's sections (:mod:`kg.render.sections`): counts and scorecards from the claims, and
each section's HTML, with its empty form when there is nothing to show."""

from __future__ import annotations

from kg.model import Finding, FindingCategory, KnowledgeBase, Locator, Severity
from kg.pathway import Pathway
from kg.render.pathwaysvg import Diagram
from kg.render.sections import (
    claims_section,
    diagram_section,
    findings_section,
    graph_section,
    references_section,
    scorecard_section,
    scorecards,
    summary_counts,
    summary_section,
)

EMPTY = KnowledgeBase(entities={}, contexts={}, documents={}, references=(), claims=())


def test_summary_counts_and_scorecards_follow_the_claims(kb: KnowledgeBase) -> None:
    counts = summary_counts(kb)
    assert counts["claims"] == len(kb.claims)
    assert counts["evidence records"] == sum(len(c.evidence) for c in kb.claims)
    cards = scorecards(kb)
    assert [c.document.key for c in cards] == sorted(kb.documents)
    assert sum(c.statements for c in cards) == counts["evidence records"]
    assert all(0.0 <= c.cited_share <= 1.0 and c.cited <= c.statements for c in cards)
    assert f'<span class="n">{len(kb.claims)}</span><span class="what">claims</span>' in summary_section(kb, [])
    assert scorecard_section(cards).count('<tr class="scorecard">') == len(cards)


def test_findings_link_only_the_claims_shown_and_escape_the_message() -> None:
    finding = Finding(
        FindingCategory.CONTRADICTION,
        Severity.HIGH,
        "A <b> contradicts B",
        claims=("C1", "C2"),
        locators=(Locator("doc.txt", "0" * 64, 3, 9),),
    )
    html = findings_section([finding], anchors={"C1"})
    assert '<a href="#claim=C1" class="claim-id">C1</a>' in html
    assert '<span class="claim-id">C2</span>' in html
    assert "A &lt;b&gt; contradicts B" in html and "doc.txt:3-9" in html
    assert "1 high" in html
    assert "The audit found nothing." in findings_section([], set())


def test_a_diagram_or_the_reason_it_is_missing() -> None:
    pathway = Pathway("p1", "Path & way", ("E1",))
    drawn = diagram_section([Diagram(pathway, 1, "<svg/>")])
    assert '<h3 id="pathway-p1">Path &amp; way <span class="muted">(1 claim)</span></h3>' in drawn
    assert "<svg/>" in drawn
    assert '<p class="missing">no graphviz</p>' in diagram_section([Diagram(pathway, 2, None, "no graphviz")])
    assert "No named pathways are defined" in diagram_section([])


def test_sections_say_when_there_is_nothing(kb: KnowledgeBase) -> None:
    assert "This project has no claims." in claims_section(EMPTY)
    assert "no claims to draw" in graph_section(EMPTY)
    assert "No reference entries." in references_section(EMPTY)
    assert references_section(kb).count('<tr class="reference"') == len(kb.references)
    assert '<div id="claims-app">' in claims_section(kb) and '<div id="graph-app">' in graph_section(kb)
