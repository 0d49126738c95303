"""The HTML report: numbers, diagrams, weak-support rows and links, findings, scorecards, escaping,
self-containment, determinism, the CLI, and a real browser (headless Chromium) opening it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import struct
import subprocess
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.audit import audit
from kg.cli import main
from kg.errors import OutputError
from kg.model import EvidenceLevel, KnowledgeBase, LevelBasis, Reference, SourceType, SupportClass
from kg.pathway import load_pathways, pathway_claims
from kg.render import pathwaysvg
from kg.render.present import summary
from kg.render.report import build_report, report_path, write_report
from kg.render.reportdata import identifier_links, json_for_script
from kg.render.sections import scorecards
from kg.render.styles import EDGE_STYLES, SUPPORT_TAGS
from kg.seeds.load import load_knowledge_base

from .conftest import DOC_TEXT, ROOT, SHARED_SEEDS, seed_yaml

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
    return make_prepared(project)


def make_prepared(project: Path) -> Path:
    """The test project with pathways, identifiers, a second document and an unused entity."""
    (project / "ontology" / "pathways.yaml").write_text(PATHWAYS, encoding="utf-8")
    with (project / "ontology" / "entities" / "test.yaml").open("a", encoding="utf-8") as fh:
        fh.write('- {id: "HGNC:11892", label: TNF, type: protein}\n')  # in no claim
    _add_ids(project)
    _second_document(project)
    return project


def _load(project: Path) -> KnowledgeBase:
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs")


def _build(project: Path, kb: KnowledgeBase | None = None, link_from: Path | None = None) -> str:
    kb = kb or _load(project)
    pathways = list(load_pathways(project / "ontology" / "pathways.yaml", kb).values())
    findings = audit(kb, project / "ontology", project / "docs")
    return build_report(kb, findings, pathways, project / "docs", link_from=link_from)


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
        tag = SUPPORT_TAGS[SupportClass(name)]
        badge = f'>{name.replace("_", " ")} · {tag}</span></td><td class="num">{n}</td>'
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
    assert html.count("<svg") == len(drawn) + 3  # and the three charts
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html and "<!--" not in html
    assert "No claims fall in this pathway." in html  # the empty pathway says so
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "element ids must be unique across the diagrams"
    assert 'id="pi3k-node1"' in html and 'id="trophic-node1"' in html


def test_report_still_written_without_graphviz(prepared: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pathwaysvg.shutil, "which", lambda name: None)
    html = _build(prepared)
    assert '<figure class="diagram">' not in html
    assert html.count("could not be drawn") == 2
    assert "apt-get install graphviz" in html
    assert len(_data(html)["claims"]) == 4  # the claims table does not need Graphviz


def _data(html: str) -> dict:
    """The JSON data block of a report page."""
    match = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, flags=re.DOTALL)
    assert match, "no JSON data block"
    assert "<" not in match.group(1), "the JSON block must not hold a raw '<'"
    return json.loads(match.group(1))


def test_every_claim_in_the_data_with_evidence_and_links(prepared: Path) -> None:
    kb = _load(prepared)
    html = _build(prepared, kb)
    data = _data(html)
    assert sorted(c["id"] for c in data["claims"]) == sorted(c.id for c in kb.claims)  # not only weak ones
    assert {c["sc"] for c in data["claims"]} == {c.support.value for c in kb.claims}
    assert len(data["references"]) == len(kb.references)
    by_id = {c["id"]: c for c in data["claims"]}
    animal = next(c for c in kb.claims if c.support is SupportClass.PRECLINICAL_ONLY)
    record = by_id[animal.id]
    refs = [data["references"][i] for i in record["r"]]
    links = [tuple(link) for r in refs for link in r["l"]]
    assert ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/12345678/") in links
    assert ("PMC", "https://pmc.ncbi.nlm.nih.gov/articles/PMC7654321/") in links
    assert ("DOI", "https://doi.org/10.1000/xyz.1") in links
    assert {(r["lv"], r["st"], r["b"]) for r in refs} == {("animal", "primary_research", "title")}
    sentences = [e[6] for e in record["e"]]
    assert "Widgetol raised BDNF protein in rat cortex after stroke [1]." in sentences  # read at run time
    docs = {data["documents"][e[0]][0] for e in record["e"]}
    assert docs == {"widgetol", "gadget"}
    assert all(e[5] == 0 for e in record["e"]) and record["or"] == "curated"
    vendor = next(r for r in data["references"] if r["k"].startswith("widgetol#") and r["lv"] == "vendor_assertion")
    assert vendor["l"] == []  # a javascript: URL never becomes a link
    assert 'href="javascript' not in html
    without = build_report(kb, [], [], None, diagrams=[])
    assert all(e[6] is None for c in _data(without)["claims"] for e in c["e"])  # no documents: no sentences


def test_identifier_links_for_every_kind() -> None:
    ref = Reference(
        document="d",
        n=1,
        source_type=SourceType.SYSTEMATIC_REVIEW,
        level=EvidenceLevel.META_ANALYSIS,
        basis=LevelBasis.IDENTIFIER,
        ids=("PMID:1", "PMCID:PMC2", "doi:10.1/x y", "cochrane:CD007026", "NCT:NCT01234567"),
        url="https://example.org/a",
    )
    assert identifier_links(ref) == [
        ("PubMed", "https://pubmed.ncbi.nlm.nih.gov/1/"),
        ("PMC", "https://pmc.ncbi.nlm.nih.gov/articles/PMC2/"),
        ("DOI", "https://doi.org/10.1/x%20y"),
        ("Cochrane", "https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.CD007026/full"),
        ("ClinicalTrials.gov", "https://clinicaltrials.gov/study/NCT01234567"),
        ("example.org", "https://example.org/a"),
    ]
    assert (
        identifier_links(
            Reference("d", 2, SourceType.WEB_PAGE, EvidenceLevel.UNKNOWN, LevelBasis.HOST, url="javascript:alert(1)")
        )
        == []
    )


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="the five source documents are not beside the project")
def test_seed_targets_every_claim_and_reference_linked() -> None:
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology", SHARED_SEEDS)
    html = build_report(kb, [], [], SHARED_SEEDS, diagrams=[])
    data = _data(html)
    assert len(data["claims"]) == len(kb.claims) == 218
    assert len(data["references"]) == len(kb.references) == 61
    rows = re.findall(r'<tr class="reference".*?</tr>', html, flags=re.DOTALL)
    assert len(rows) == 61
    with_ids = [r for r in kb.references if r.ids or r.url]
    assert with_ids, "the seeds have identified references"
    for ref in with_ids:
        row = next(r for r in rows if f">{ref.key}</td>" in r)
        assert '<a href="https://' in row, ref.key
        assert data["references"][[x["k"] for x in data["references"]].index(ref.key)]["l"], ref.key
    assert html.count('<a href="https://www.cochranelibrary.com/') >= 1
    assert sum(1 for c in data["claims"] if all(e[6] for e in c["e"])) == 218  # every sentence read


def test_no_claims_says_so() -> None:
    kb = KnowledgeBase(entities={}, contexts={}, documents={}, references=(), claims=())
    html = build_report(kb, [], [], diagrams=[])
    assert "This project has no claims." in html
    assert "<script" not in html  # nothing to drive
    assert "No claims, so nothing to chart." in html


def test_charts_are_inline_svg(prepared: Path) -> None:
    kb = _load(prepared)
    html = _build(prepared, kb)
    charts = re.findall(r'<svg class="chart".*?</svg>', html, flags=re.DOTALL)
    assert len(charts) == 3
    per_doc, levels, pathways = charts
    assert "claims per support class, per document" in per_doc
    # widgetol asserts 4 claims: one of each of clinical, preclinical only, vendor only, uncited
    assert "test notes on Widgetol: clinical 1 claims" in per_doc
    assert "test notes on Widgetol: uncited 1 claims" in per_doc
    assert "second notes: animal 1 works" in levels
    assert "PI3K/Akt test" in pathways and "of" in pathways


def test_findings_listed_and_linked(prepared: Path) -> None:
    kb = _load(prepared)
    findings = audit(kb, prepared / "ontology", prepared / "docs")
    assert findings, "the test project should give at least one finding"
    html = _build(prepared, kb)
    assert html.count('<tr class="finding">') == len(findings)
    for f in findings:
        assert f">{f.id}</span>" in html
        assert f'sev-{f.severity.value}">{f.severity.value}</span>' in html
        for claim in f.claims[:8]:
            assert f'<a href="#claim={claim}"' in html


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
    return make_hostile(prepared)


def make_hostile(prepared: Path) -> Path:
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


def _scripts(html: str) -> list[tuple[str, str]]:
    """(attributes, body) of every script element of a page."""
    return re.findall(r"<script([^>]*)>(.*?)</script>", html, flags=re.DOTALL | re.IGNORECASE)


def _check_scripts(html: str) -> None:
    """Exactly the JSON block and the two known scripts, each allowed by its hash in the CSP."""
    scripts = _scripts(html)
    assert [attrs for attrs, _ in scripts] == [' type="application/json" id="kg-data"', "", ""]
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    allowed = re.search(r"script-src ([^;]+)", csp).group(1).split()
    own = [
        "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        for _, body in scripts[1:]
    ]
    assert allowed == own
    assert scripts[1][1] == (ROOT / "kg" / "render" / "templates" / "vendor" / "cytoscape.min.js").read_text(
        encoding="utf-8"
    )
    assert scripts[2][1] == (ROOT / "kg" / "render" / "templates" / "report.js").read_text(encoding="utf-8")
    assert "innerHTML" not in scripts[2][1] and "outerHTML" not in scripts[2][1]
    assert "insertAdjacentHTML" not in scripts[2][1] and "document.write" not in scripts[2][1]


def test_text_from_seeds_and_documents_is_escaped(hostile: Path) -> None:
    html = _build(hostile)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # entity label (findings, charts, diagram)
    assert "&lt;img src=x onerror=alert(2)&gt;" in html  # reference title (references table)
    assert "&lt;b onmouseover=alert(4)&gt;" in html  # document label
    _check_scripts(html)  # no script but the page's own
    data = _data(html)  # the JSON block holds the texts, with '<' escaped
    assert HOSTILE_LABEL in json.dumps(data, ensure_ascii=False)
    assert HOSTILE_TITLE in [r["t"] for r in data["references"]]
    assert any("<script src=" in (e[6] or "") for c in data["claims"] for e in c["e"])
    assert "<img" not in html.lower()
    assert not re.search(r"<[^>]*\s(onerror|onmouseover)=", html), "an event handler attribute leaked into a tag"


def test_json_block_escapes_script_ends() -> None:
    text = json_for_script({"a": "</script><!-- <script>x</script> & \u2028"})
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"a": "</script><!-- <script>x</script> & \u2028"}


def test_self_contained(prepared: Path) -> None:
    html = _build(prepared)
    lower = html.lower()
    for tag in ("<link", "<img", "<iframe", "<object", "<embed", "@import", "url(http", "@font-face", " src="):
        assert tag not in lower, tag
    assert "default-src 'none'" in html  # the page forbids fetching anything
    _check_scripts(html)
    page = re.sub(r"<script.*?</script>", "", html, flags=re.DOTALL)
    # Every http(s) URL is either a namespace declaration (never fetched) or a plain link.
    for match in re.finditer(r"([\w:-]+)=\"https?://", page):
        assert match.group(1) in {"href", "xmlns", "xmlns:xlink"}, match.group(0)
        if match.group(1) == "href":
            tag_start = page.rfind("<", 0, match.start())
            assert page[tag_start : tag_start + 3] == "<a ", page[tag_start : match.end() + 20]


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
    assert target.read_text(encoding="utf-8") == _build(prepared, link_from=prepared / "reports")
    assert '"../docs/widgetol.txt"' in target.read_text(encoding="utf-8")  # evidence links, relative
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
    clinical = bytes.fromhex(EDGE_STYLES[SupportClass.CLINICAL][0].lstrip("#"))
    assert clinical in colours, "the inline styles (support colours) were not applied"

    dom = _chromium("--dump-dom", url, cwd=tmp_path)
    assert dom.returncode == 0, dom.stderr.decode("utf-8", "replace")[-2000:]
    counter = _DomCounter()
    counter.feed(dom.stdout.decode("utf-8"))
    assert counter.tags.get("svg", 0) == 2 + 3  # the two pathways with claims and three charts, parsed as SVG
    assert counter.tags.get("g", 0) > 10  # nodes and edges inside them
    assert counter.rows.get("claim-row", 0) == len(kb.claims)  # built by the page's script
    assert counter.rows.get("scorecard", 0) == len(kb.documents)
    assert counter.tags.get("script", 0) == 3 and counter.tags.get("img", 0) == 0  # escaping held in the browser
