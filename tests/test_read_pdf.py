"""PDF input (:mod:`kg.read.pdf`): the text layer with page offsets, and bad PDFs as warnings.

The PDFs are written by hand here (a few objects, Helvetica text drawn line by line), so the tests
need nothing but pypdf to read them back. All text is invented for the tests.
"""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.model import Locator
from kg.read.pdf import PAGE_BREAK, is_pdf, page_of, pdf_text
from kg.read.reader import expand_paths, read_document, read_many
from kg.seeds.documents import span_text
from kg.seeds.load import load_knowledge_base

#: Two pages: notes citing a reference, and the reference list on the second page.
PAGES = [
    ["Widgetol field notes", "Widgetol raised BDNF levels in cultured rat neurons [1].", "It was tested twice."],
    ["References", "1. Widgetol and BDNF in cultured neurons. Test J. 2020."],
]


def make_pdf(pages: list[list[str]]) -> bytes:
    """A minimal PDF: one page per list, each string drawn as one line (an empty list: no text)."""
    objs: list[bytes] = [b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>", b""]  # 1 font, 2 pages
    kids = []
    for lines in pages:
        ops = [b"0.5 g 72 600 200 100 re f"]  # a grey box, as a scan would have an image: no text
        if lines:
            ops.append(b"BT /F1 12 Tf 72 720 Td 14 TL")
            for line in lines:
                esc = line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                ops.append(b"(" + esc.encode("latin-1") + b") Tj T*")
            ops.append(b"ET")
        stream = b"\n".join(ops)
        objs.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objs.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 1 0 R >> >>"
            b" /Contents %d 0 R >>" % len(objs)
        )
        kids.append(len(objs))
    objs[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), len(kids))
    objs.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for n, body in enumerate(objs, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (n, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % o for o in offsets))
    out.write(b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, len(objs), xref))
    return out.getvalue()


def encrypted(raw: bytes, user_password: str) -> bytes:
    """The PDF encrypted with RC4 (pypdf needs no crypto library for it)."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(raw)))
    writer.encrypt(user_password=user_password, owner_password="owner", algorithm="RC4-128")
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


# ------------------------------------------------------------------------------------ pdf_text


def test_two_pages_give_text_with_page_offsets() -> None:
    text, warnings, starts = pdf_text(make_pdf(PAGES), "notes.pdf")
    assert warnings == [] and text is not None
    assert len(starts) == 2 and starts[0] == 0
    assert text[starts[1] - len(PAGE_BREAK) : starts[1]] == PAGE_BREAK  # pages joined by a form feed line
    assert text.startswith("Widgetol field notes") and text[starts[1] :].startswith("References")
    assert page_of(text.index("raised BDNF"), starts) == 1
    assert page_of(text.index("cultured neurons. Test J"), starts) == 2
    assert page_of(len(text), starts) == 2 and page_of(0, []) == 0
    assert pdf_text(make_pdf(PAGES), "notes.pdf") == (text, warnings, starts)  # same bytes, same text


def test_pages_without_text_are_named_or_skip_the_file() -> None:
    text, warnings, starts = pdf_text(make_pdf([[], []]), "scan.pdf")
    assert text is None and warnings == ["scan.pdf: no text layer (scanned?); skipped"]
    assert len(starts) == 2
    text, warnings, starts = pdf_text(make_pdf([PAGES[0], [], PAGES[1]]), "part.pdf")
    assert text is not None and "BDNF" in text
    assert warnings == ["part.pdf: page 2 has no text layer (scanned?); read the other pages"]
    assert page_of(text.index("References"), starts) == 3


@pytest.mark.parametrize(
    ("raw", "why"),
    [
        (b"%PDF-1.4\n1 0 obj << /Type /Catalog", "not a readable PDF"),
        (make_pdf(PAGES)[:300], "not a readable PDF"),
        (b"", "not a readable PDF"),
        (b"\x00\xff" * 500, "not a readable PDF"),
        (encrypted(make_pdf(PAGES), "secret"), "encrypted PDF that needs a password"),
    ],
)
def test_broken_and_locked_pdfs_give_a_warning_not_an_error(raw: bytes, why: str) -> None:
    text, warnings, starts = pdf_text(raw, "bad.pdf")
    assert text is None and starts == []
    assert len(warnings) == 1 and warnings[0].startswith("bad.pdf: ") and why in warnings[0]
    assert warnings[0].endswith("skipped")


def test_owner_password_only_pdf_is_read() -> None:
    text, warnings, _ = pdf_text(encrypted(make_pdf(PAGES), ""), "open.pdf")
    assert text is not None and "raised BDNF" in text and warnings == []


def test_repaired_pdf_is_read_with_a_note() -> None:
    raw = make_pdf(PAGES)
    bad = raw[: raw.rindex(b"startxref")] + b"startxref\n99999\n%%EOF\n"  # a wrong pointer to the xref table
    text, warnings, starts = pdf_text(bad, "moved.pdf")
    assert text is not None and len(starts) == 2
    assert len(warnings) == 1 and warnings[0].startswith("moved.pdf: PDF needed repairs: ")


def test_pdf_is_known_by_suffix_or_header() -> None:
    assert is_pdf(b"anything", "a.PDF") and is_pdf(b"  %PDF-1.7 ...", "a.bin")
    assert not is_pdf(b"A text on %PDF-1.7 files", "a.txt")


# ------------------------------------------------------------------------------------ the reader


def test_read_document_indexes_the_extracted_text(tmp_path: Path) -> None:
    raw = make_pdf(PAGES)
    path = tmp_path / "notes.pdf"
    path.write_bytes(raw)
    doc = read_document(path)
    text, _, starts = pdf_text(raw, str(path))
    assert doc.text == text and doc.sha256 == hashlib.sha256(raw).hexdigest() and doc.warnings == ()
    claim = next(s for s in doc.segments if "raised BDNF" in s.text)
    assert doc.text[claim.start : claim.end] == "Widgetol raised BDNF levels in cultured rat neurons [1]."
    assert claim.text == "Widgetol raised BDNF levels in cultured rat neurons."
    assert claim.citations == (1,) and page_of(claim.start, starts) == 1
    assert doc.references[0].n == 1 and page_of(doc.references[0].start, starts) == 2
    assert doc.title == "Widgetol field notes"


def test_pdf_bytes_under_another_suffix_and_folders(tmp_path: Path) -> None:
    (tmp_path / "saved.bin").write_bytes(make_pdf(PAGES))
    assert "raised BDNF" in read_document(tmp_path / "saved.bin").text
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.pdf").write_bytes(make_pdf(PAGES))
    (tmp_path / "a.txt").write_text("Widgetol.\n", encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["a.txt", "b.pdf"]


def test_bad_pdfs_in_a_batch_warn_and_the_rest_is_read(tmp_path: Path) -> None:
    files = {
        "a-scan.pdf": make_pdf([[]]),
        "b-broken.pdf": b"%PDF-1.5\n" + bytes(range(256)) * 4,
        "c-locked.pdf": encrypted(make_pdf(PAGES), "secret"),
        "d-not-a-pdf.pdf": b"<html><body>saved error page</body></html>",
        "e-good.txt": b"Widgetol lowers X.\n",
    }
    for name, raw in files.items():
        (tmp_path / name).write_bytes(raw)
    docs = {Path(d.path).name: d for d in read_many([tmp_path])}
    assert sorted(docs) == sorted(files)
    for name in files:
        if name != "e-good.txt":
            assert docs[name].segments == () and docs[name].text == ""
            assert docs[name].warnings and all(w.startswith(str(tmp_path / name)) for w in docs[name].warnings)
    assert "no text layer (scanned?); skipped" in docs["a-scan.pdf"].warnings[0]
    assert docs["e-good.txt"].segments[0].text == "Widgetol lowers X."


# ------------------------------------------------------------------------------- kg extract / load


def test_kg_extract_goes_on_past_scans_and_binaries_and_pdf_drafts_load(
    extraction_project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(extraction_project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    docs = extraction_project / "docs"
    (docs / "scan.pdf").write_bytes(make_pdf([[], []]))
    (docs / "junk.txt").write_bytes(b"\x00\x01\x02\x03 binary junk" * 10)
    (docs / "notes.pdf").write_bytes(make_pdf(PAGES))
    result = CliRunner().invoke(main, ["extract", "docs", "--out", "drafts"], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "scan.pdf: no text layer (scanned?); skipped" in result.output
    assert "junk.txt: binary content" in result.output
    assert "widgetol.txt: " in result.output and "markers 3/3 resolved" in result.output
    assert "notes.pdf: " in result.output and "markers 1/1 resolved" in result.output
    drafts = sorted(p.name for p in (extraction_project / "drafts").iterdir())
    assert drafts == ["x-notes.yaml", "x-widgetol.yaml"]

    kb = load_knowledge_base(
        extraction_project / "seeds", extraction_project / "ontology", docs, extraction_project / "drafts"
    )
    record = kb.documents["x-notes"]
    raw = (docs / "notes.pdf").read_bytes()
    text, _, _ = pdf_text(raw, "notes.pdf")
    assert record.sha256 == hashlib.sha256(raw).hexdigest() and record.length == len(text or "")
    evidence = [ev for c in kb.claims for ev in c.evidence if ev.document == "x-notes"]
    assert evidence, "the PDF's sentence gave no claim"
    shown = span_text(evidence[0].locator, docs)
    assert shown is not None and "raised BDNF" in shown


def test_load_checks_a_pdf_record_against_its_extracted_text(extraction_project: Path) -> None:
    from kg.errors import SeedErrors

    docs = extraction_project / "docs"
    raw = make_pdf(PAGES)
    (docs / "notes.pdf").write_bytes(raw)
    text, _, _ = pdf_text(raw, "notes.pdf")
    assert text is not None
    seed = extraction_project / "seeds" / "documents" / "notes.yaml"
    sha = hashlib.sha256(raw).hexdigest()
    body = (
        "document:\n  file: notes.pdf\n  sha256: {sha}\n  length: {length}\n  label: notes\n"
        "  source_type: vendor_site\n  compound: mechkg:widgetol\n  compound_as_written: Widgetol\n"
        "references: []\nclaims: []\n"
    )
    seed.write_text(body.format(sha=sha, length=len(text)), encoding="utf-8")
    kb = load_knowledge_base(extraction_project / "seeds", extraction_project / "ontology", docs)
    assert kb.documents["notes"].length == len(text)
    start = text.index("Widgetol raised")
    shown = span_text(Locator("notes.pdf", sha, start, text.index("\n", start)), docs)
    assert shown == "Widgetol raised BDNF levels in cultured rat neurons [1]."
    seed.write_text(body.format(sha=sha, length=len(raw)), encoding="utf-8")  # the byte count is not it
    with pytest.raises(SeedErrors, match=f"notes.pdf has {len(text)} characters"):
        load_knowledge_base(extraction_project / "seeds", extraction_project / "ontology", docs)
