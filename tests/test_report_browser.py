"""The interactive report in a real browser (headless Chromium over the DevTools pipe): search,
class and document filters with their counts, the URL fragment, expanding a row, clicking a graph
node, hostile text staying text, and no network request at all."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from kg.model import KnowledgeBase, SupportClass
from kg.render.report import build_report, write_report
from kg.render.reportdata import report_data

from .browser import CHROMIUM, Browser, file_url
from .test_report import HOSTILE_LABEL, HOSTILE_TITLE, _build, _load, make_hostile, make_prepared

pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium; `make test` installs it)"
)


@pytest.fixture
def prepared(project: Path) -> Path:
    return make_prepared(project)


@pytest.fixture
def hostile(prepared: Path) -> Path:
    return make_hostile(prepared)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with Browser(width=1280, height=900) as b:
        yield b


def _open(browser: Browser, project: Path, tmp_path: Path, fragment: str = "") -> tuple[KnowledgeBase, Path]:
    kb = _load(project)
    page = write_report(_build(project, kb), tmp_path, "report.html")
    browser.goto(file_url(page, fragment))
    return kb, page


def _rows(browser: Browser) -> list[str]:
    return browser.js("Array.from(document.querySelectorAll('tr.claim-row')).map(r => r.dataset.id)")


def _choose(browser: Browser, name: str, value: str) -> None:
    """Pick an option of a filter select as a user would (the value, then a change event)."""
    browser.js(
        f"(() => {{ const s = document.getElementById('filter-{name}'); s.value = {json.dumps(value)};"
        " s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )


def _claim(kb: KnowledgeBase, support: SupportClass) -> str:
    return next(c.id for c in kb.claims if c.support is support)


def test_search_keeps_the_right_rows(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, prepared, tmp_path)
    assert sorted(_rows(browser)) == sorted(c.id for c in kb.claims)
    browser.type_into("#claim-search", "apoptosis")
    assert _rows(browser) == [_claim(kb, SupportClass.CLINICAL)]
    assert browser.js("location.hash") == "#q=apoptosis"
    browser.js("document.getElementById('filter-reset').click()")
    assert len(_rows(browser)) == len(kb.claims)
    browser.type_into("#claim-search", "placebo-controlled")  # a word of a cited title only
    assert _rows(browser) == [_claim(kb, SupportClass.CLINICAL)]
    browser.js("document.getElementById('filter-reset').click()")
    browser.type_into("#claim-search", "no such words")
    assert _rows(browser) == []
    assert browser.js("document.getElementById('claim-count').textContent").startswith("Showing 0 of 0")


def test_class_and_document_filters_update_counts(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, prepared, tmp_path)
    chips = (
        "Object.fromEntries(Array.from(document.querySelectorAll('#class-counts span'))"
        ".map(s => [s.dataset.support, +s.dataset.count]))"
    )
    assert browser.js(chips) == {s.value: sum(1 for c in kb.claims if c.support is s) for s in SupportClass}
    _choose(browser, "sc", "uncited")
    assert _rows(browser) == [_claim(kb, SupportClass.UNCITED)]
    assert browser.js("document.getElementById('claim-count').textContent") == (
        f"Showing 1 of 1 matching claims ({len(kb.claims)} in all)."
    )
    assert browser.js(chips) == {s.value: int(s is SupportClass.UNCITED) for s in SupportClass}
    # the other filters' options count what they would give with this class kept
    options = browser.js("Array.from(document.getElementById('filter-doc').options).map(o => o.textContent)")
    assert options == ["any document", "second notes (1)", "test notes on Widgetol (1)"]
    _choose(browser, "sc", "")
    _choose(browser, "lv", "animal")
    assert _rows(browser) == [_claim(kb, SupportClass.PRECLINICAL_ONLY)]
    assert "lv=animal" in browser.js("location.hash")
    _choose(browser, "lv", "")
    _choose(browser, "ent", "FPLX:AKT")
    assert _rows(browser) == [next(c.id for c in kb.claims if c.object == "FPLX:AKT")]


def test_fragment_restores_the_view(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, prepared, tmp_path, "sc=vendor_only&q=widgetol&sort=object&dir=desc")
    assert _rows(browser) == [_claim(kb, SupportClass.VENDOR_ONLY)]
    assert browser.js("document.getElementById('filter-sc').value") == "vendor_only"
    assert browser.js("document.getElementById('claim-search').value") == "widgetol"
    assert browser.js("document.querySelector('th[data-sort=object]').getAttribute('aria-sort')") == "descending"
    browser.reload()
    assert _rows(browser) == [_claim(kb, SupportClass.VENDOR_ONLY)]
    # a finding's link opens its claim: the row alone, expanded
    target = browser.js(
        "(() => { const a = document.querySelector('tr.finding a[href^=\"#claim=\"]'); a.click();"
        " return a.getAttribute('href').slice(7); })()"
    )
    assert target in {c.id for c in kb.claims}
    assert _rows(browser) == [target]
    assert browser.js("document.querySelectorAll('tr.claim-details').length") == 1
    assert browser.js("location.hash") == f"#q={target}"


def test_expanded_row_shows_evidence_sentences_and_links(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, prepared, tmp_path)
    animal = _claim(kb, SupportClass.PRECLINICAL_ONLY)
    box = browser.js(
        f"(() => {{ const b = document.querySelector('tr.claim-row[data-id={animal}] button.expand');"
        " b.scrollIntoView({block: 'center'}); const r = b.getBoundingClientRect();"
        " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
    )
    browser.click_at(*box)  # a real mouse click
    details = f"document.querySelector('tr.claim-details[data-id={animal}]')"
    text = browser.js(f"{details}.textContent")
    assert "Widgetol raised BDNF protein in rat cortex after stroke [1]." in text
    assert "basis: title" in text and "primary research" in text and "animal" in text
    links = browser.js(f"Array.from({details}.querySelectorAll('a')).map(a => [a.textContent, a.href])")
    assert ["PubMed", "https://pubmed.ncbi.nlm.nih.gov/12345678/"] in links
    assert ["PMC", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7654321/"] in links
    assert ["DOI", "https://doi.org/10.1000/xyz.1"] in links
    browser.click_at(*box)
    assert browser.js(f"{details} === null")


def _click_node(browser: Browser, node: str) -> None:
    point = browser.js(
        "(() => { const g = document.getElementById('graph-canvas'); g.scrollIntoView({block: 'center'});"
        f" const n = kgGraph.$id({json.dumps(node)}).renderedPosition(); const r = g.getBoundingClientRect();"
        " return [r.x + n.x, r.y + n.y]; })()"
    )
    browser.click_at(*point)


def test_graph_node_click_lists_its_claims(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, prepared, tmp_path)
    assert browser.js("kgGraph.edges().length") == len(kb.claims)
    _click_node(browser, "FPLX:PI3K")
    listed = browser.js("Array.from(document.querySelectorAll('#node-claim-list li')).map(li => li.dataset.id)")
    assert sorted(listed) == sorted(c.id for c in kb.claims if "FPLX:PI3K" in (c.subject, c.object))
    assert browser.js("document.getElementById('node-title').textContent").startswith("PI3K (")
    # filter edges by support class
    browser.js("document.getElementById('graph-sc-uncited').click()")
    shown = browser.js("kgGraph.edges().filter(e => e.style('display') !== 'none').length")
    assert shown == sum(1 for c in kb.claims if c.support is not SupportClass.UNCITED)
    browser.js("document.getElementById('node-to-table').click()")
    assert sorted(_rows(browser)) == sorted(listed)


def test_no_network_request_and_the_csp_holds(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    _, page = _open(browser, prepared, tmp_path)
    url = file_url(page)
    assert browser.requests() == [url]
    assert browser.console_errors() == []  # no script was refused by the CSP
    refused = browser.js("fetch('https://example.org/x').then(() => 'fetched', e => 'refused: ' + e.name)")
    assert refused.startswith("refused")
    assert browser.requests() == [url]


def test_hostile_text_stays_text_in_table_and_graph(browser: Browser, hostile: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, hostile, tmp_path)
    browser.js("document.querySelectorAll('button.expand').forEach(b => b.click())")
    cells = browser.js("Array.from(document.querySelectorAll('#claims-table td')).map(td => td.textContent).join('|')")
    assert HOSTILE_LABEL in cells and HOSTILE_TITLE in cells
    widgetol = next(e for e in kb.entities if kb.entities[e].label == HOSTILE_LABEL)
    assert browser.js(f"kgGraph.$id({json.dumps(widgetol)}).data('label')") == HOSTILE_LABEL
    _click_node(browser, widgetol)
    assert browser.js("document.getElementById('node-title').textContent").startswith(HOSTILE_LABEL)
    assert browser.js("document.scripts.length") == 3
    assert browser.js("document.querySelectorAll('img').length") == 0
    handlers = browser.js(
        "Array.from(document.querySelectorAll('*')).flatMap(e => Array.from(e.attributes))"
        ".filter(a => a.name.startsWith('on')).length"
    )
    assert handlers == 0
    dialogs = [e for e in browser.events if e["method"] == "Page.javascriptDialogOpening"]
    assert dialogs == []
    assert browser.console_errors() == []


def test_header_click_sorts_and_is_kept(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb, _ = _open(browser, prepared, tmp_path)
    label = {c.id: kb.label(c.object).lower() for c in kb.claims}
    browser.js("document.querySelector('th[data-sort=object]').click()")
    ascending = _rows(browser)
    assert [label[i] for i in ascending] == sorted(label[i] for i in ascending)
    browser.js("document.querySelector('th[data-sort=object]').click()")
    assert _rows(browser) == list(reversed(ascending))
    assert browser.js("location.hash") == "#sort=object&dir=desc"
    browser.reload()
    assert _rows(browser) == list(reversed(ascending))


def test_origin_filter_curated_or_extracted(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    kb = _load(prepared)
    claims = list(kb.claims)
    mixed = claims[0]  # one of its two records drafted by `kg extract`: both origins
    claims[0] = replace(mixed, evidence=(replace(mixed.evidence[0], extracted=True), *mixed.evidence[1:]))
    only = claims[1]  # every record extracted
    claims[1] = replace(only, evidence=tuple(replace(ev, extracted=True) for ev in only.evidence))
    kb = replace(kb, claims=tuple(claims))
    data = report_data(kb)
    origins = {c["id"]: c["or"] for c in data["claims"]}
    assert origins[mixed.id] == "both" and origins[only.id] == "extracted"
    page = write_report(build_report(kb, [], [], prepared / "docs", diagrams=[]), tmp_path, "report.html")
    browser.goto(file_url(page, "or=extracted"))
    assert sorted(_rows(browser)) == sorted([mixed.id, only.id])
    _choose(browser, "or", "curated")
    assert sorted(_rows(browser)) == sorted(c.id for c in claims if c.id != only.id)


def test_the_graph_lays_out_by_pathway_on_request(browser: Browser, prepared: Path, tmp_path: Path) -> None:
    _open(browser, prepared, tmp_path)
    browser.js(
        "(() => { const s = document.getElementById('graph-layout'); s.value = 'pathway';"
        " s.dispatchEvent(new Event('change', {bubbles: true})); })()"
    )
    # every pathway's members sit in a block of their own: no two pathways' x ranges overlap
    ranges = browser.js(
        "(() => { const r = {}; kgGraph.nodes().forEach(n => { if (n.data('kind') === 'pathway') return;"
        " const p = n.data('parent') || '~none'; const x = n.position('x');"
        " r[p] = r[p] ? [Math.min(r[p][0], x), Math.max(r[p][1], x)] : [x, x]; });"
        " return Object.keys(r).sort().map(k => r[k]); })()"
    )
    assert len(ranges) >= 2
    for (_, right), (left, _) in pairwise(ranges):
        assert right < left


def test_an_evidence_record_links_to_its_document_relative_to_the_report(
    browser: Browser, prepared: Path, tmp_path: Path
) -> None:
    kb = _load(prepared)
    out = tmp_path / "reports"
    html = build_report(kb, [], [], prepared / "docs", link_from=out)
    page = write_report(html, out, "report.html")
    claim = kb.claims[0]
    browser.goto(file_url(page, f"#claim={claim.id}"))
    browser.js(f"document.querySelector('tr.claim-row[data-id=\"{claim.id}\"] button.expand').click()")
    hrefs = browser.js("Array.from(document.querySelectorAll('ul.evidence a')).map(a => a.href)")
    expected = {(prepared / "docs" / ev.locator.file).resolve().as_uri() for ev in claim.evidence}
    assert set(hrefs) == expected  # the relative link resolves to the document file
    assert "file://" not in html  # the page itself holds no absolute path
