"""The HTML report: numbers, diagrams, weak-support rows and links, findings, scorecards, escaping,
self-containment, determinism, the CLI, and a real browser (headless Chromium) opening it."""

from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg import report as report_module
from kg.audit import audit
from kg.cli import main
from kg.errors import OutputError
from kg.load import load_knowledge_base
from kg.model import KnowledgeBase, SupportClass
from kg.present import summary
from kg.query import weak_support
from kg.render import load_pathways, pathway_claims
from kg.report import build_report, report_path, scorecards, write_report

from .conftest import DOC_TEXT, seed_yaml

HAS_DOT = shutil.which("dot") is not None
CHROMIUM = next((shutil.which(n) for n in ("chromium", "chromium-browser") if shutil.which(n)), None)

PATHWAYS = (
    '- {id: pi3k, label: PI3K/Akt test, members: ["FPLX:PI3K", "FPLX:AKT", "GO:0043491"]}\n'
    '- {id: trophic, label: Trophic test, members: ["HGNC:1033"]}\n'
    '- {id: empty, label: Nothing here, members: ["HGNC:11892"]}\n'
)
PMID, PMCID, DOI = "PMID:12345678", "PMCID:PMC7654321", "doi:10.1000/xyz.1"
HOSTILE_LABEL = "Widgetol <script>alert(1)</script>"
HOSTILE_TITLE = "BDNF <img src=x onerror=alert(2)> in rats"


def _add_ids(project: Path) -> None:
    """Give reference 1 a PMID, a PMCID and a DOI, and reference 2 a javascript: URL (must not become a link)."""
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    text = seed.read_text(encoding="utf-8")
    ids = f'ids: ["{PMID}", "{PMCID}", "{DOI}"]'
    text = text.replace("level: animal, basis: title", f"level: animal, basis: title, {ids}")
    text = text.replace("level: vendor_assertion,", 'level: vendor_assertion, url: "javascript:alert(3)",')
    seed.write_text(text, encoding="utf-8")


def _second_document(project: Path) -> None:
    """A second document asserting the same statements, only one of them cited."""
    text = DOC_TEXT.replace("Widgetol product notes", "Widgetol notes, second issue")
    (project / "docs" / "gadget.txt").write_text(text, encoding="utf-8")
    seed = seed_yaml(text, "gadget.txt").replace("id: w-", "id: g-").replace("test notes on Widgetol", "second notes")
    seed = seed.replace("cites: [2]", "cites: []").replace("cites: [3]", "cites: []")
    (project / "seeds" / "documents" / "gadget.yaml").write_text(seed, encoding="utf-8")


@pytest.fixture
def prepared(project: Path) -> Path:
    (project / "ontology" / "pathways.yaml").write_text(PATHWAYS, encoding="utf-8")
    with (project / "ontology" / "entities" / "test.yaml").open("a", encoding="utf-8") as fh:
        fh.write('- {id: "HGNC:11892", label: TNF, type: protein}\n')  # in no claim
    _add_ids(project)
    _second_document(project)
    return project


def _load(project: Path) -> KnowledgeBase:
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs")


def _build(project: Path, kb: KnowledgeBase | None = None) -> str:
    kb = kb or _load(project)
    pathways = list(load_pathways(project / "ontology" / "pathways.yaml", kb).values())
    findings = audit(kb, project / "ontology", project / "docs")
    return build_report(kb, findings, pathways, project / "docs")


def _row(html: str, claim_id: str) -> str:
    match = re.search(rf'<tr id="claim-{claim_id}".*?</tr>', html, flags=re.DOTALL)
    assert match, f"no weak-support row for {claim_id}"
    return match.group(0)


def test_summary_numbers_match_kg_summary(prepared: Path) -> None:
    kb = _load(prepared)
    html = _build(prepared, kb)
    first, classes = summary(kb).splitlines()
    found = re.findall(r"(\d+) (documents|references|distinct works|evidence records|claims)", first)
    numbers = {what: int(n) for n, what in found}
    assert numbers == {
        "documents": 2,
        "references": 6,
        "distinct works": 4,  # shared ids and titles merge; the two bare vendor hosts do not
        "evidence records": 8,
        "claims": 4,
    }
    for what, n in numbers.items():
        assert f'<span class="n">{n}</span><span class="what">{what}</span>' in html
    for name, n in re.findall(r"(\w+) (\d+)", classes.split(": ", 1)[1]):
        badge = f'>{name.replace("_", " ")}</span></td><td class="num">{n}</td>'
        assert badge in html, name
    assert '<span class="n">2</span><span class="what">documents</span>' in html
    assert '<span class="n">3</span><span class="what">without clinical support</span>' in html


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed (apt-get install graphviz)")
def test_one_inline_svg_per_pathway_with_claims(prepared: Path) -> None:
    kb = _load(prepared)
    html = _build(prepared, kb)
    pathways = load_pathways(prepared / "ontology" / "pathways.yaml", kb)
    drawn = [p for p in pathways.values() if pathway_claims(kb, p)]
    assert [p.id for p in drawn] == ["pi3k", "trophic"]
    assert html.count("<svg") == len(drawn)
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<!--" not in html
    assert "No claims fall in this pathway." in html  # the empty pathway says so
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique across the diagrams"
    assert 'id="pi3k-node1"' in html and 'id="trophic-node1"' in html


def test_report_still_written_without_graphviz(prepared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(report_module.shutil, "which", lambda name: None)
    html = _build(prepared)
    assert "<svg" not in html
    assert html.count("could not be drawn") == 2
    assert "apt-get install graphviz" in html
    assert 'class="weak-claim"' in html


def test_weak_support_rows_with_reference_links(prepared: Path) -> None:
    kb = _load(prepared)
    html = _build(prepared, kb)
    weak = weak_support(kb)
    assert len(weak) == 3
    assert html.count('class="weak-claim"') == len(weak)
    for claim in kb.claims:
        if claim.support is SupportClass.CLINICAL:
            assert f'id="claim-{claim.id}"' not in html
    animal = next(c for c in weak if c.support is SupportClass.PRECLINICAL_ONLY)
    row = _row(html, animal.id)
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/12345678/" rel="noopener noreferrer">PubMed</a>' in row
    assert '<a href="https://pmc.ncbi.nlm.nih.gov/articles/PMC7654321/" rel="noopener noreferrer">PMC</a>' in row
    assert '<a href="https://doi.org/10.1000/xyz.1" rel="noopener noreferrer">DOI</a>' in row
    assert ">preclinical only</span>" in row and ">animal</span>" in row
    assert "Widgetol raised BDNF protein in rat cortex after stroke [1]." in row  # span read at run time
    vendor = _row(html, next(c for c in weak if c.support is SupportClass.VENDOR_ONLY).id)
    assert "javascript:alert(3)" in vendor  # shown as text ...
    assert 'href="javascript' not in html  # ... never as a link
    assert ">uncited</span>" in _row(html, next(c for c in weak if c.support is SupportClass.UNCITED).id)


def test_findings_listed_and_linked(prepared: Path) -> None:
    kb = _load(prepared)
    findings = audit(kb, prepared / "ontology", prepared / "docs")
    assert findings, "the test project should give at least one finding"
    html = _build(prepared, kb)
    assert html.count('<tr class="finding">') == len(findings)
    weak_ids = {c.id for c in weak_support(kb)}
    for f in findings:
        assert f">{f.id}</span>" in html
        assert f'sev-{f.severity.value}">{f.severity.value}</span>' in html
        for claim in f.claims[:8]:
            if claim in weak_ids:
                assert f'<a href="#claim-{claim}"' in html


def test_scorecard_row_per_document(prepared: Path) -> None:
    kb = _load(prepared)
    html = _build(prepared, kb)
    rows = re.findall(r'<tr class="scorecard">.*?</tr>', html, flags=re.DOTALL)
    assert len(rows) == len(kb.documents) == 2
    cards = {c.document.key: c for c in scorecards(kb)}
    assert (cards["widgetol"].statements, cards["widgetol"].cited) == (4, 3)
    assert (cards["gadget"].statements, cards["gadget"].cited) == (4, 1)
    gadget = next(r for r in rows if "second notes" in r)
    assert '<td class="num">25&#8239;%</td>' in gadget
    assert ">animal 1</span>" in gadget and "vendor assertion" not in gadget
    widgetol = next(r for r in rows if "test notes on Widgetol" in r)
    assert '<td class="num">75&#8239;%</td>' in widgetol
    assert ">animal 1</span>" in widgetol and ">vendor assertion 1</span>" in widgetol


@pytest.fixture
def hostile(prepared: Path) -> Path:
    """Seeds and documents whose texts carry markup: a label, a reference title, a document line."""
    entities = prepared / "ontology" / "entities" / "test.yaml"
    entities.write_text(entities.read_text().replace("label: Widgetol,", f'label: "{HOSTILE_LABEL}",'))
    text = DOC_TEXT.replace("PI3K turns on Akt.", 'PI3K turns on Akt.<script src="https://x.example/a.js"></script>')
    (prepared / "docs" / "widgetol.txt").write_text(text, encoding="utf-8")
    seed = prepared / "seeds" / "documents" / "widgetol.yaml"
    seed.write_text(
        seed_yaml(text)
        .replace("title: Widgetol and BDNF in the rat brain after ischemia", f'title: "{HOSTILE_TITLE}"')
        .replace("label: test notes on Widgetol", 'label: "notes <b onmouseover=alert(4)>bold</b>"'),
        encoding="utf-8",
    )
    _add_ids(prepared)
    return prepared


def test_text_from_seeds_and_documents_is_escaped(hostile: Path) -> None:
    html = _build(hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # entity label (table and diagram)
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # reference title
    assert "&lt;b onmouseover=alert(4)&gt;" in html  # document label
    assert "&lt;script src=&quot;https://x.example/a.js&quot;&gt;" in html  # span text read from the document
    assert "<script" not in html.lower()
    assert "<img" not in html.lower()
    assert not re.search(r"<[^>]*\s(onerror|onmouseover)=", html), "an event handler attribute leaked into a tag"


def test_self_contained(prepared: Path) -> None:
    html = _build(prepared)
    lower = html.lower()
    for tag in ("<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(http", "@font-face"):
        assert tag not in lower, tag
    assert "default-src 'none'" in html  # the page forbids fetching anything
    # Every http(s) URL is either a namespace declaration (never fetched) or a plain link.
    for match in re.finditer(r"([\w:-]+)=\"https?://", html):
        assert match.group(1) in {"href", "xmlns", "xmlns:xlink"}, match.group(0)
        if match.group(1) == "href":
            tag_start = html.rfind("<", 0, match.start())
            assert html[tag_start : tag_start + 3] == "<a ", html[tag_start : match.end() + 20]


def test_deterministic(prepared: Path, tmp_path: Path) -> None:
    first = _build(prepared)
    second = _build(prepared)  # a fresh load, fresh audit, fresh Graphviz run
    assert first == second
    a = write_report(first, tmp_path / "out", "a.html")
    b = write_report(second, tmp_path / "out", "b.html")
    assert a.read_bytes() == b.read_bytes()
    kb = _load(prepared)
    stamped = build_report(kb, [], [], generated="2026-01-31")
    assert "2026-01-31" in stamped and "2026-01-31" not in first


@pytest.mark.parametrize("name", ["../escape.html", "/tmp/abs.html", "a/../../x.html", "..\\x.html", "r.txt", ""])
def test_report_path_refuses_names_leaving_the_folder(tmp_path: Path, name: str) -> None:
    with pytest.raises(OutputError):
        report_path(tmp_path / "reports", name)


def test_report_path_refuses_symlink_out(tmp_path: Path) -> None:
    (tmp_path / "reports").mkdir()
    (tmp_path / "outside").mkdir()
    (tmp_path / "reports" / "link").symlink_to(tmp_path / "outside")
    with pytest.raises(OutputError):
        report_path(tmp_path / "reports", "link/r.html")
    assert report_path(tmp_path / "reports", "sub/r.html") == tmp_path / "reports" / "sub" / "r.html"


@pytest.fixture
def run(prepared: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(prepared)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    runner = CliRunner()
    return lambda *args: runner.invoke(main, [*args], catch_exceptions=False)


def test_cli_writes_report(run, prepared: Path) -> None:
    result = run("report", "--documents", "docs")
    assert result.exit_code == 0, result.output
    target = prepared / "reports" / "report.html"
    assert target.is_file()
    assert f"wrote {Path('reports') / 'report.html'}" in result.output
    assert target.read_text(encoding="utf-8") == _build(prepared)
    again = run("report", "--documents", "docs", "--out", "elsewhere", "--name", "r.html", "--date", "today")
    assert again.exit_code == 0, again.output
    assert "today" in (prepared / "elsewhere" / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", ["../escape.html", "/tmp/mechkg-abs.html", "report.txt"])
def test_cli_refuses_bad_name(run, prepared: Path, name: str) -> None:
    result = run("report", "--name", name)
    assert result.exit_code == 2
    assert "--name" in result.output
    assert not (prepared.parent / "escape.html").exists()
    assert not (prepared / "reports").exists()


# --- headless Chromium --------------------------------------------------------------------------


def decode_png(data: bytes) -> tuple[int, int, int, bytes]:
    """(width, height, channels, pixel bytes) of an 8-bit RGB/RGBA, non-interlaced PNG."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG file"
    pos, idat, header = 8, [], b""
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kind, body = data[pos + 4 : pos + 8], data[pos + 8 : pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = body
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header)
    assert depth == 8 and colour in (2, 6) and interlace == 0, "unsupported PNG variant"
    bpp = 3 if colour == 2 else 4
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    out = bytearray()
    prev = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        if kind == 1:
            for i in range(bpp, stride):
                row[i] = (row[i] + row[i - bpp]) & 0xFF
        elif kind == 2:
            row = bytearray((a + b) & 0xFF for a, b in zip(row, prev, strict=True))
        elif kind == 3:
            for i in range(stride):
                left = row[i - bpp] if i >= bpp else 0
                row[i] = (row[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif kind == 4:
            for i in range(stride):
                a = row[i - bpp] if i >= bpp else 0
                b, c = prev[i], prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                row[i] = (row[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 0xFF
        out += row
        prev = row
    return width, height, bpp, bytes(out)


class _DomCounter(HTMLParser):
    """Counts elements of the DOM Chromium dumps: tags, and table rows by class."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: dict[str, int] = {}
        self.rows: dict[str, int] = {}

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags[tag] = self.tags.get(tag, 0) + 1
        if tag == "tr":
            cls = dict(attrs).get("class") or ""
            self.rows[cls] = self.rows.get(cls, 0) + 1


def _chromium(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    assert CHROMIUM is not None
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        f"--user-data-dir={cwd / 'profile'}",
        *args,
    ]
    return subprocess.run(command, cwd=cwd, capture_output=True, timeout=180, check=False)


@pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (Debian: apt-get install chromium; `make test` installs it)"
)
@pytest.mark.skipif(not HAS_DOT, reason="Graphviz 'dot' is not installed (apt-get install graphviz)")
def test_headless_chromium_renders_the_report(hostile: Path, tmp_path: Path) -> None:
    kb = _load(hostile)
    target = write_report(_build(hostile, kb), tmp_path, "report.html")
    url = target.resolve().as_uri()

    shot = tmp_path / "shot.png"
    result = _chromium(f"--screenshot={shot}", "--window-size=1200,2000", url, cwd=tmp_path)
    assert shot.is_file(), result.stderr.decode("utf-8", "replace")[-2000:]
    width, height, bpp, pixels = decode_png(shot.read_bytes())
    assert (width, height) == (1200, 2000)
    step = bpp * 7  # every 7th pixel is plenty for the statistics
    colours = {pixels[i : i + 3] for i in range(0, len(pixels), step)}
    ink = sum(1 for i in range(0, len(pixels), step) if sum(pixels[i : i + 3]) < 600)
    assert len(colours) > 50, "the page looks blank (too few colours)"
    assert ink > 0.01 * (len(pixels) // step), "the page looks blank (almost no dark pixels)"
    clinical = bytes.fromhex(report_module.EDGE_STYLES[SupportClass.CLINICAL][0].lstrip("#"))
    assert clinical in colours, "the inline styles (support colours) were not applied"

    dom = _chromium("--dump-dom", url, cwd=tmp_path)
    assert dom.returncode == 0, dom.stderr.decode("utf-8", "replace")[-2000:]
    counter = _DomCounter()
    counter.feed(dom.stdout.decode("utf-8"))
    assert counter.tags.get("svg", 0) == 2  # the two pathways with claims, parsed as SVG
    assert counter.tags.get("g", 0) > 10  # nodes and edges inside them
    assert counter.rows.get("weak-claim", 0) == len(weak_support(kb))
    assert counter.rows.get("scorecard", 0) == len(kb.documents)
    assert counter.tags.get("script", 0) == 0 and counter.tags.get("img", 0) == 0  # escaping held in the browser
