"""The document reader: structure, citation markers, reference entries and bad input.

Every document here is written for the tests (invented compounds, invented studies); the real
source documents are only read by the last tests, from ``../shared/seeds``, and skipped without them.
"""

from __future__ import annotations

import codecs
import json
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import UnknownFormatError
from kg.read.markers import bracket_markers, expand_numbers
from kg.read.parsed import ParsedDocument, Segment
from kg.read.reader import read_document, read_many, read_text
from kg.read.refparse import parse_entry, parse_ids

from .conftest import ROOT, SHARED_SEEDS


def seg_with(doc: ParsedDocument, words: str) -> Segment:
    """The one segment whose text contains ``words``."""
    found = [s for s in doc.segments if words in s.text]
    assert len(found) == 1, [s.text for s in found]
    return found[0]


def assert_spans(doc: ParsedDocument) -> None:
    """Every segment's span lies in the text, in order, and holds the segment's first and last words."""
    last = -1
    for s in doc.segments:
        assert 0 <= s.start < s.end <= len(doc.text)
        assert s.start >= last
        last = s.start
        raw = doc.text[s.start : s.end]
        words = [w.strip(".,;:()") for w in s.text.split()]
        words = [w for w in words if w.isalpha()]
        if words and doc.path.endswith((".txt", ".md")):
            assert words[0] in raw and words[-1] in raw, (s.text, raw)


# ------------------------------------------------------------------------------ bracket styles

BRACKETS = """\
# Widgetol: a technical note

Compound Name: Widgetol

## Signalling

Widgetol raises BDNF protein in rat cortex [1]. It switches on PI3K, e.g. in cultured cells, \
and vs. vehicle the effect was 2.5 times larger.[2][3] Smith et al. reported the same \
in Fig. 2 of their paper [1, 3-4]. J. R. Doe found it too [2–3].

- **Akt:** Widgetol increases Akt phosphorylation.[4] This needs PI3K.
- Unrelated bullet without a citation

Table 1: Outcomes

| Outcome | Model | Reference |
|---|---|---|
| BDNF up | rat | [1] |
| Akt up | cells | [4] |

References

1. Widgetol raises BDNF in the ischemic rat brain - PubMed [pubmed.ncbi.nlm.nih.gov]
2. [2] should not appear here; Widgetol and PI3K in neurons. PMID: 31234567 doi:10.1016/j.neuro.2019.04.005
3. widgetol-shop.example [widgetol-shop.example]
4. Akt activation by widgetol in cultured cells - PMC [pmc.ncbi.nlm.nih.gov] PMC6543210
"""


def test_numbered_brackets_segments_sections_and_citations() -> None:
    doc = read_text(BRACKETS, "note.md")
    assert doc.title == "Widgetol: a technical note"
    assert doc.compound == "Widgetol"
    assert doc.references_numbered and [r.n for r in doc.references] == [1, 2, 3, 4]
    first = seg_with(doc, "raises BDNF")
    assert first.kind == "sentence" and first.section == "Signalling" and first.citations == (1,)
    assert first.text == "Widgetol raises BDNF protein in rat cortex."
    second = seg_with(doc, "switches on PI3K")
    assert second.citations == (2, 3)  # 'e.g.', 'vs.' and '2.5' do not end the sentence
    assert "2.5 times larger." in second.text and "[2]" not in second.text
    assert seg_with(doc, "Smith et al.").citations == (1, 3, 4)  # 'et al.' and 'Fig.' do not end it
    assert seg_with(doc, "Doe found").citations == (2, 3)  # initials do not end it; en dash range
    bullet = seg_with(doc, "Akt phosphorylation")
    assert bullet.kind == "bullet" and bullet.citations == (4,) and bullet.text.startswith("Akt: Widgetol")
    assert seg_with(doc, "This needs PI3K").kind == "bullet"
    assert seg_with(doc, "Unrelated bullet").citations == ()
    rows = [s for s in doc.segments if s.kind == "table_row"]
    assert rows[0].cells == ("Outcome", "Model", "Reference")
    assert rows[1].cells[:2] == ("BDNF up", "rat") and rows[1].citations == (1,)
    assert rows[2].citations == (4,)
    assert doc.markers_found == doc.markers_resolved == 11
    assert [s for s in doc.segments if s.kind == "heading" and s.text == "References"]
    assert not any("should not appear" in s.text for s in doc.segments)
    assert doc.warnings == ()
    assert_spans(doc)


def test_reference_entries_parsed() -> None:
    doc = read_text(BRACKETS, "note.md")
    r1, r2, r3, r4 = doc.references
    assert r1.title == "Widgetol raises BDNF in the ischemic rat brain" and r1.host == "pubmed.ncbi.nlm.nih.gov"
    assert r2.ids == ("PMID:31234567", "doi:10.1016/j.neuro.2019.04.005")
    assert r3.title == "" and r3.host == "widgetol-shop.example"
    assert r4.ids == ("PMCID:PMC6543210",) and r4.host == "pmc.ncbi.nlm.nih.gov"
    assert doc.text[r1.start : r1.end].startswith("1. Widgetol raises BDNF")


@pytest.mark.parametrize("style", ["[{n}] ", "{n}) ", "{n}. ", "- {n}. "])
def test_numbering_styles_of_reference_lists(style: str) -> None:
    entries = "".join(style.format(n=n) + f"Study {n} of gizmol. PMID: 1000000{n}\n" for n in (1, 2))
    text = f"Gizmol lowers X.<sup>1</sup> It raises Y.<sup>1,2</sup>\n\nBibliography\n\n{entries}"
    doc = read_text(text, "g.md")
    assert doc.references_numbered and [r.ids for r in doc.references] == [("PMID:10000001",), ("PMID:10000002",)]
    assert [r.title for r in doc.references] == ["Study 1 of gizmol", "Study 2 of gizmol"]
    assert [s.citations for s in doc.segments if s.kind == "sentence"] == [(1,), (1, 2)]


def test_the_last_reference_list_wins_over_a_contents_entry() -> None:
    text = "Contents\n\nReferences\n\nIntroduction\n\nWidgetol lowers X [1].\n\nReferences\n\n1. A study of X\n"
    doc = read_text(text, "toc.txt")
    assert [r.title for r in doc.references] == ["A study of X"]
    assert seg_with(doc, "lowers X").citations == (1,) and seg_with(doc, "lowers X").section == "Introduction"


def test_wrapped_numbered_entries_are_joined() -> None:
    text = (
        "Foo lowers X [1]. Foo raises Y [2].\n\nReferences\n\n"
        "1. Smith J, Lee K. A title that wraps\n   onto an indented line. J Foo. 2019. PMID: 1234567\n"
        "2. Doe A. Another wrapped title\nonto an unindented line. doi:10.1000/abc\n\n"
        "A closing paragraph after the list, which is body text again.\n"
    )
    doc = read_text(text, "wrapped.txt")
    assert [r.ids for r in doc.references] == [("PMID:1234567",), ("doi:10.1000/abc",)]
    assert doc.references[0].title == "Smith J, Lee K. A title that wraps onto an indented line. J Foo. 2019"
    assert doc.text[doc.references[1].start : doc.references[1].end].endswith("doi:10.1000/abc")
    assert seg_with(doc, "closing paragraph").section == "References"


def test_entry_fields_and_identifiers() -> None:
    f = parse_entry("Doe J. Gizmol trial. Lancet. https://doi.org/10.1000/xyz.12. NCT01234567; Cochrane CD001234")
    assert f.ids == ("doi:10.1000/xyz.12", "NCT:NCT01234567", "cochrane:CD001234")
    assert f.url == "https://doi.org/10.1000/xyz.12" and f.host == "doi.org"
    assert f.title.startswith("Doe J. Gizmol trial. Lancet")
    assert parse_ids("PubMed 26564102 and PMC 4689177") == ("PMID:26564102", "PMCID:PMC4689177")
    assert parse_ids("CD12345 NCT123 PMC12") == ()  # malformed: too short for their patterns
    link = parse_entry("Gizmol review - PMC [[pmc.ncbi.nlm.nih.gov](https://pubmed.ncbi.nlm.nih.gov/)]")
    assert link.host == "pmc.ncbi.nlm.nih.gov" and link.url == "https://pubmed.ncbi.nlm.nih.gov/"
    assert link.title == "Gizmol review"


def test_marker_number_lists() -> None:
    assert expand_numbers("1, 3-5") == ((1, 3, 4, 5), False)
    assert expand_numbers("2–4;7") == ((2, 3, 4, 7), False)
    assert expand_numbers("5-1")[1] and expand_numbers("1-500")[1]  # reversed or too wide
    found = bracket_markers("a [1] b [2025] c [0] d mouse[3] e \\[4]")
    assert [m.numbers for m in found] == [(1,), (3,)]  # a year, 0 and an escaped bracket are not markers


# ------------------------------------------------------------------ superscripts and link styles

SUPERSCRIPTS = """\
Gadgetin guide

Gadgetin lowers caspase-3 in mice.^{[1][2]} It raises Bcl-2 as well.^[3]^ It blocks TLR4.^[2] \
Gadgetin promotes neurogenesis.[\\[1\\]](#)[\\[3\\]](#) Its effect on spines was large.[[2]](#)

Gadgetin also calms microglia, reducing their activation over the whole of the first two weeks \
after the injury in the

Ca2+ model of the disease.

[1][3] The same held in cultured cells.

References

- 1. Gadgetin and caspase-3 in mouse TBI - PubMed [pubmed.ncbi.nlm.nih.gov]
- 2. Gadgetin and TLR4 signalling - PMC [pmc.ncbi.nlm.nih.gov]
- 3. gadget-vendor.example [gadget-vendor.example]
- To cite this page: a vendor line that is not an entry.
"""


def test_superscript_and_markdown_link_markers() -> None:
    doc = read_text(SUPERSCRIPTS, "guide.txt")
    assert seg_with(doc, "caspase-3").citations == (1, 2)
    assert seg_with(doc, "Bcl-2").citations == (3,)
    assert seg_with(doc, "TLR4").citations == (2,)
    assert seg_with(doc, "neurogenesis").citations == (1, 3)
    assert seg_with(doc, "spines").citations == (2,)
    calm = seg_with(doc, "calms microglia")  # a paragraph broken twice by blank lines, its markers after the last
    assert calm.citations == (1, 3) and "in the Ca2+ model" in calm.text
    assert seg_with(doc, "cultured cells").citations == ()
    assert len(doc.references) == 3 and doc.markers_found == doc.markers_resolved == 9
    assert seg_with(doc, "To cite this page").kind == "bullet"  # the list ended before it
    assert_spans(doc)


# ---------------------------------------------------------------------- (1) numbered and author-year

PAREN = """\
# Zorbamine and the kidney

Zorbamine lowers renal IL-6 in mice (1). It also raises Nrf2 in cultured cells (2, 3).
The dose was 5 mg (n = 12) in 2019 (2019), and (4) is out of range.

## References

1. Doe J, Roe K. Zorbamine in mice. J Kid Res. 2019;12:1-9. doi:10.1000/jkr.2019.12
2. Poe A. Nrf2 and zorbamine. PMID: 31234567
3. Moe B. A cell study. https://example.org/paper
"""


def test_parenthesised_numbers_only_when_citation_like() -> None:
    doc = read_text(PAREN, "zorb.md")
    assert doc.compound == "Zorbamine"
    assert seg_with(doc, "renal IL-6").citations == (1,)
    assert seg_with(doc, "renal IL-6").text == "Zorbamine lowers renal IL-6 in mice."
    assert seg_with(doc, "Nrf2").citations == (2, 3)
    assert seg_with(doc, "The dose").citations == ()  # (n = 12), (2019) and an out-of-range (4)
    assert doc.markers_found == doc.markers_resolved == 3
    assert doc.references[2].host == "example.org" and doc.references[2].url == "https://example.org/paper"


def test_unicode_superscript_digits_but_not_units_or_charges() -> None:
    text = (
        "Gizmol lowers IL-6 in rats.¹ It raises Nrf2 in cells²,³ over 5 mm² of cortex with Ca²⁺ and 10⁻³ M. "
        "It was tested twice.¹⁻³\n\nReferences\n\n1. A\n2. B\n3. C\n"
    )
    doc = read_text(text, "g.txt")
    assert [s.citations for s in doc.segments if s.kind == "sentence"] == [(1,), (2, 3), (1, 2, 3)]
    assert "mm² of cortex with Ca²⁺ and 10⁻³ M." in seg_with(doc, "Nrf2").text
    assert doc.markers_found == doc.markers_resolved == 6


def test_parenthesised_numbers_ignored_when_brackets_are_used() -> None:
    text = "Quux raises X [1]. Quux (2) lowers Y.\n\nReferences\n\n1. A study\n2. Another\n"
    doc = read_text(text, "q.txt")
    assert seg_with(doc, "lowers Y").citations == ()
    assert doc.markers_found == 1


AUTHOR_YEAR = """\
Quillitol notes

Quillitol blocks TNF-alpha in rats (Smith et al., 2019). In people it was tried once \
(Lee and Park 2020; Smith et al., 2019). Garcia (2018) saw nothing. Nobody (2021) else looked.

Sources

Smith, J., Brown, K. (2019). Quillitol and TNF in rat sepsis. Shock 12: 3-9.
Lee, H., Park, S. (2020). A pilot trial of quillitol. NCT01234567.
Garcia, M. (2018). Null results with quillitol. https://doi.org/10.1234/abc.5
"""


def test_author_year_citations_resolve_by_surname_and_year() -> None:
    doc = read_text(AUTHOR_YEAR, "q.txt")
    assert not doc.references_numbered and [r.n for r in doc.references] == [1, 2, 3]
    assert doc.references[1].ids == ("NCT:NCT01234567",)
    assert seg_with(doc, "TNF-alpha").citations == (1,)
    assert seg_with(doc, "tried once").citations == (2, 1)
    assert seg_with(doc, "saw nothing").citations == (3,)
    # a year after a single capitalised word is read only when the list names that author and year
    assert seg_with(doc, "else looked").citations == ()
    assert doc.markers_found == doc.markers_resolved == 4 and doc.markers_unlisted == 0


# ------------------------------------------------------------------------------------------ HTML

HTML = """<!doctype html>
<html><head><title>Vexofen | Shop</title><style>p { color: red }</style></head><body>
<h1>Vexofen &amp; the brain</h1>
<p>Vexofen activates AMPK in rat neurons.<sup>1,2</sup> It inhibits mTOR by &gt; 50&#37;.<sup>3</sup></p>
<h2>Uses</h2>
<ul><li>Vexofen binds TrkB.<sup>[2]</sup></li><li>No citation here.</li></ul>
<table><tr><th>Outcome</th><th>Model</th><th>Source</th></tr>
<tr><td>AMPK up</td><td>rat</td><td><sup>1</sup></td></tr></table>
<h2>References</h2>
<ol><li>Vexofen and AMPK in rats. PMID 12345678</li><li>TrkB binding by vexofen. PMC1234567</li>
<li>mTOR &amp; vexofen. <a href="https://doi.org/10.1016/j.x.2020.01.002">doi:10.1016/j.x.2020.01.002</a></li></ol>
</body></html>"""


def test_html_page_with_sup_markers_and_table() -> None:
    doc = read_text(HTML, "page.html")
    assert doc.title == "Vexofen & the brain" and doc.compound == "Vexofen"
    ampk = seg_with(doc, "activates AMPK")
    assert ampk.citations == (1, 2) and ampk.text == "Vexofen activates AMPK in rat neurons."
    assert doc.text[ampk.start : ampk.end].startswith("Vexofen activates AMPK in rat neurons.<sup>1,2")
    mtor = seg_with(doc, "mTOR")
    assert mtor.text == "It inhibits mTOR by > 50%." and mtor.citations == (3,)
    assert "&gt;" in doc.text[mtor.start : mtor.end]  # spans index the raw HTML
    trkb = seg_with(doc, "TrkB")
    assert trkb.kind == "bullet" and trkb.section == "Uses" and trkb.citations == (2,)
    rows = [s for s in doc.segments if s.kind == "table_row"]
    assert rows[0].cells == ("Outcome", "Model", "Source") and rows[1].citations == (1,)
    assert [r.ids for r in doc.references] == [
        ("PMID:12345678",),
        ("PMCID:PMC1234567",),
        ("doi:10.1016/j.x.2020.01.002",),
    ]
    assert doc.references[2].title == "mTOR & vexofen"
    assert doc.references_numbered and doc.markers_found == doc.markers_resolved == 5
    assert "color" not in " ".join(s.text for s in doc.segments)  # style content skipped


def test_html_links_give_identifiers_and_cell_breaks_keep_rows() -> None:
    page = (
        "<h1>Nootrop</h1><p>Nootrop raises BDNF<a href='#r1'><sup>1</sup></a>.</p>"
        "<table><tr><th>Effect</th><th>Model</th></tr><tr><td>BDNF <b>up</b></td><td>mouse<br>cortex</td></tr></table>"
        "<h2>References</h2><ol><li>Doe J. Nootrop in mice. <a href='https://pubmed.ncbi.nlm.nih.gov/33333333/'>"
        "PubMed</a></li></ol>"
    )
    doc = read_text(page, "n.html")
    assert doc.references[0].ids == ("PMID:33333333",) and doc.references[0].host == "pubmed.ncbi.nlm.nih.gov"
    assert seg_with(doc, "raises BDNF").citations == (1,)
    rows = [s.cells for s in doc.segments if s.kind == "table_row"]
    assert rows == [("Effect", "Model"), ("BDNF up", "mouse cortex")]


# --------------------------------------------------------------------- source columns and tables

SOURCE_TABLE = """\
Dolorex evidence

Dolorex eases pain.

Outcome\tEffect\tSource
Pain\tlower in a trial\tPain 2018 (PMC7654321)
Sleep\tbetter\tPubMed 29876543
Mood\tno change\tCochrane CD001234
Energy\tunclear\tSleep Med Rev 2020
"""


def test_source_column_creates_entries_without_a_reference_list() -> None:
    doc = read_text(SOURCE_TABLE, "dolorex.txt")
    assert [r.ids for r in doc.references] == [("PMCID:PMC7654321",), ("PMID:29876543",), ("cochrane:CD001234",), ()]
    assert [r.title for r in doc.references][3] == "Sleep Med Rev 2020"
    rows = [s for s in doc.segments if s.kind == "table_row"]
    assert [r.citations for r in rows] == [(), (1,), (2,), (3,), (4,)]
    assert rows[1].cells == ("Pain", "lower in a trial", "Pain 2018 (PMC7654321)")
    ref = doc.references[0]
    assert doc.text[ref.start : ref.end] == "Pain 2018 (PMC7654321)"
    assert not doc.references_numbered and doc.markers_found == doc.markers_resolved == 4


def test_source_column_resolves_against_a_reference_list_by_identifier() -> None:
    text = SOURCE_TABLE + "\nReferences\n\n1. Dolorex sleep trial. PMID: 29876543\n2. Dolorex pain RCT, PMC7654321\n"
    doc = read_text(text, "dolorex.txt")
    rows = [s for s in doc.segments if s.kind == "table_row"]
    assert [r.citations for r in rows] == [(), (2,), (1,), (), ()]
    assert len(doc.references) == 2 and doc.markers_found == 4 and doc.markers_resolved == 2


def test_run_together_table_with_a_source_column() -> None:
    text = (
        "Fizzex facts\n\nMetricResultSource\n"
        "Pain score Lower by 2 points Pain 2019 (PMC1111111)\n"
        "Sleep quality No change PubMed 22222222\n"
        "Mood Better in one trial Psychiatry Res\n"
        "Read this with care\n"
    )
    doc = read_text(text, "fizzex.txt")
    rows = [s for s in doc.segments if s.kind == "table_row"]
    assert rows[0].cells == ("Metric", "Result", "Source")
    assert [r.cells[-1] for r in rows[1:]] == ["Pain 2019 (PMC1111111)", "PubMed 22222222", "Psychiatry Res"]
    assert [r.citations for r in rows[1:]] == [(1,), (2,), (3,)]
    assert seg_with(doc, "Read this").kind in ("heading", "sentence")


def test_table_note_citations_go_to_uncited_rows_and_kv_tables() -> None:
    text = (
        "Blorp data\n\nGroup\tCount\nVehicle\t10\nBlorp\t20\nData from a rat study.[1]\t\n\n"
        "Product Name |\nBlorp |\nMaker |\nBlorp Labs |\n\nReferences\n\n1. Blorp in rats\n"
    )
    doc = read_text(text, "blorp.txt")
    rows = [s for s in doc.segments if s.kind == "table_row"]
    assert [(r.cells, r.citations) for r in rows[:3]] == [
        (("Group", "Count"), ()),
        (("Vehicle", "10"), (1,)),
        (("Blorp", "20"), (1,)),
    ]
    assert seg_with(doc, "Data from a rat study").kind == "sentence"
    assert [r.cells for r in rows[3:]] == [("Product Name", "Blorp"), ("Maker", "Blorp Labs")]
    assert doc.compound == "Blorp"


def test_plain_text_structure_lone_bullets_and_numbered_headings() -> None:
    text = (
        "Product Name |\nFoobarin |\nMechanism of Action\nFoobarin is a peptide. It lowers IL-1β.\n"
        "-\nNeuroprotection: Lowers ROS in cells.\n-\nRepair: Helps axons grow.\n"
        "2. Therapeutic Uses\nStroke: improves outcomes.\n"
        "References: Some Society, Cochrane Reviews, and journals in two fields.\n"
    )
    doc = read_text(text, "foo.txt")
    assert doc.compound == "Foobarin"
    kinds = [(s.kind, s.text) for s in doc.segments]
    assert ("heading", "Mechanism of Action") in kinds and ("heading", "2. Therapeutic Uses") in kinds
    assert ("bullet", "Neuroprotection: Lowers ROS in cells.") in kinds and (
        "bullet",
        "Repair: Helps axons grow.",
    ) in kinds
    assert seg_with(doc, "IL-1β").section == "Mechanism of Action"
    assert seg_with(doc, "improves outcomes").section == "2. Therapeutic Uses"
    assert [doc.text[r.start : r.end] for r in doc.references] == [
        "Some Society",
        "Cochrane Reviews",
        "journals in two fields",
    ]
    assert not doc.references_numbered
    assert any("no citation markers" in w for w in doc.warnings)


# ------------------------------------------------------------------------------------ bad input


def test_bad_files_warn_and_never_raise(tmp_path: Path) -> None:
    cases = {
        "binary.txt": b"\x00\x01\x02PNG\x00" * 50,
        "empty.txt": b"",
        "blank.md": b"  \n\n\t\n",
        "latin.txt": "Caf\u00e9 Widgetol lowers X [1].\n\nReferences\n\n1. A study\n".encode("cp1252"),
        "bom8.txt": codecs.BOM_UTF8 + b"Widgetol notes\n\nWidgetol lowers X [1].\n\nReferences\n\n1. A study\n",
        "bom16.txt": "Widgetol lowers X [1].\n\nReferences\n\n1. A study\n".encode("utf-16"),
        "unbalanced.md": b"Widgetol lowers X [1, 2 and raises Y [3.\n\nReferences\n\n1. A\n2. B\n3. C\n",
        "nolist.txt": b"Widgetol lowers X [1]. It raises Y [2].\n",
        "nomarkers.txt": b"Widgetol lowers X.\n\nReferences\n\n1. A study\n",
        "outofrange.txt": b"Widgetol lowers X [1][7].\n\nReferences\n\n1. A study\n",
        "tags.html": b"<p>Widgetol <b>lowers <i>X</p></div></table> [1]<sup>2",
    }
    for name, raw in cases.items():
        (tmp_path / name).write_bytes(raw)
    docs = {Path(d.path).name: d for d in read_many([tmp_path])}
    assert sorted(docs) == sorted(cases)
    w = {name: " ".join(d.warnings) for name, d in docs.items()}
    assert "binary" in w["binary.txt"] and docs["binary.txt"].segments == ()
    assert "empty" in w["empty.txt"] and "empty" in w["blank.md"]
    assert "cp1252" in w["latin.txt"] and seg_with(docs["latin.txt"], "Café").citations == (1,)
    bom = docs["bom8.txt"]
    assert bom.text.startswith("\ufeff") and seg_with(bom, "lowers X").citations == (1,) and w["bom8.txt"] == ""
    assert bom.title == "Widgetol notes" and bom.compound == "Widgetol"
    assert "UTF-16" in w["bom16.txt"] and seg_with(docs["bom16.txt"], "lowers X").citations == (1,)
    assert "unbalanced.md:1: unbalanced bracket" in w["unbalanced.md"]
    assert docs["unbalanced.md"].markers_found == 0
    assert "no reference list; read as unlisted references" in w["nolist.txt"]
    nolist = docs["nolist.txt"]
    assert nolist.markers_found == nolist.markers_resolved == nolist.markers_unlisted == 2
    assert [(r.n, r.listed, r.label, r.title) for r in nolist.references] == [(1, False, "1", ""), (2, False, "2", "")]
    assert "no citation markers" in w["nomarkers.txt"]
    out = docs["outofrange.txt"]
    assert "not in the reference list: 7; read as unlisted references" in w["outofrange.txt"]
    assert out.markers_found == out.markers_resolved == 2 and out.markers_unlisted == 1
    assert [(r.n, r.listed) for r in out.references] == [(1, True), (7, False)]
    assert all(name in msg for name, msg in w.items() if msg)  # every warning names its file
    assert seg_with(docs["tags.html"], "lowers X").citations == ()


def test_unreadable_path_and_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "b.txt"
    good.write_text("Widgetol lowers X.\n", encoding="utf-8")
    docs = list(read_many([tmp_path / "missing.txt", good], progress=True))
    assert "cannot be read" in docs[0].warnings[0] and docs[0].segments == ()
    assert docs[1].segments[0].text == "Widgetol lowers X."
    doc = read_document(tmp_path)  # a folder given as a file
    assert "cannot be read" in doc.warnings[0]


def test_folders_expand_recursively_in_sorted_order(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    for name in ("sub/c.md", "a.html", "b.txt", "notes.yaml"):
        (tmp_path / name).write_text("<p>Widgetol.</p>" if name.endswith("html") else "Widgetol.\n", encoding="utf-8")
    names = [Path(d.path).relative_to(tmp_path).as_posix() for d in read_many([tmp_path])]
    assert names == ["a.html", "b.txt", "sub/c.md"]


def test_huge_and_pathological_inputs_are_read() -> None:
    broken = ("words that run on without any full stop at all " * 3 + "\n\n") * 5_000  # one paragraph
    for text in (
        "[" * 200_000,
        "(" * 100_000 + "a)" * 50_000,
        "x\t" * 100_000,
        "a. " * 50_000,
        "[1, " * 50_000,
        broken,
    ):
        doc = read_text(text, "big.txt")
        assert all(0 <= s.start < s.end <= len(text) for s in doc.segments)
    many = read_text("Widgetol lowers X [1].\n" * 20_000 + "\nReferences\n\n1. A study\n", "many.txt")
    assert len(many.segments) == 20_001 and many.markers_found == many.markers_resolved == 20_000


def test_same_input_same_output_and_formats_checked() -> None:
    assert read_text(BRACKETS, "n.md") == read_text(BRACKETS, "n.md")
    with pytest.raises(UnknownFormatError, match="expected one of: html, markdown, text"):
        read_text("Widgetol.", "w.pdf", fmt="pdf")
    assert read_text(HTML, "p.html") == read_text(HTML, "p.html")


# ------------------------------------------------------------------------ the real documents


def _seed_records() -> list[dict]:
    return [
        yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "seeds" / "documents").glob("*.yaml"))
    ]


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="source documents (../shared/seeds) not present")
def test_real_documents_markers_references_and_claim_citations() -> None:
    agree = total = 0
    for record in _seed_records():
        meta = record["document"]
        doc = read_document(SHARED_SEEDS / meta["file"])
        assert doc.sha256 == meta["sha256"] and len(doc.text) == meta["length"]
        assert doc.compound.lower() == meta["compound_as_written"].strip("*").lower()
        assert doc.references_numbered == meta["references_numbered"]
        if doc.markers_found:
            assert doc.markers_resolved / doc.markers_found >= 0.95, meta["file"]
        curated = {r["n"]: sorted(r.get("ids") or []) for r in record["references"]}
        assert {r.n: sorted(r.ids) for r in doc.references} == curated, meta["file"]
        hosts = {r["n"]: r.get("host") or "" for r in record["references"]}
        assert {r.n: r.host for r in doc.references} == hosts, meta["file"]
        for claim in record["claims"]:
            start, end = claim["span"]
            cited = {n for s in doc.segments if s.start < end and s.end > start for n in s.citations}
            total += 1
            agree += cited == set(claim["cites"])
        print(f"{meta['file']}: markers {doc.markers_resolved}/{doc.markers_found}, references {len(doc.references)}")
    print(f"claim citations equal to the overlapping segments' citations: {agree}/{total} ({agree / total:.1%})")
    assert agree / total >= 0.97


# ------------------------------------------------------------------------------ property-based

_PIECES = st.sampled_from(
    [
        "Widgetol",
        " raises ",
        "X",
        ".",
        ". ",
        "\n",
        "\n\n",
        "\t",
        " | ",
        "|",
        "- ",
        "# ",
        "1. ",
        "[1]",
        "[2, 3-5]",
        "[",
        "]",
        "(",
        ")",
        "(1)",
        "(Smith et al., 2019)",
        "^{[1][2]}",
        "^[3]^",
        "[\\[4\\]](#)",
        "<sup>1</sup>",
        "<p>",
        "</p>",
        "<table><tr><td>",
        "&amp;",
        "&#",
        "References\n",
        "Sources: A, B",
        "PMID: 123456",
        "PMC12345",
        "10.1000/x",
        "CD001234",
        "e.g.",
        " et al.",
        "Source",
        "\ufeff",
        "\r\n",
        "**",
        "é",
        "¹²",
        "⁻³",
        "β",
        "[ii]",
        "[iii],[iv]",
        "(ref. 2)",
        "cells.1-3 ",
        "pathways2,3",
        " autophagy 4, 5.",
        "Studies(2)",
        "(Price et al 2012)",
        "  1. ^ a b ",
        "[3] Doe, J. (2019). A title. J Foo. 1: 2-3.\n",
        "1.1 Background\n",
    ]
)


@pytest.mark.fuzz
@given(st.lists(st.one_of(_PIECES, st.text(max_size=8)), max_size=60), st.sampled_from(["t.txt", "t.md", "t.html"]))
def test_any_text_gives_consistent_structure(pieces: list[str], name: str) -> None:
    text = "".join(pieces)
    doc = read_text(text, name)
    numbers = {r.n for r in doc.references}
    assert 0 <= doc.markers_resolved <= doc.markers_found
    assert all(0 <= r.start <= r.end <= len(text) for r in doc.references)
    for s in doc.segments:
        assert 0 <= s.start < s.end <= len(text) and s.kind in ("sentence", "bullet", "table_row", "heading")
        assert set(s.citations) <= numbers and len(set(s.citations)) == len(s.citations)
        assert s.text == " ".join(s.text.split())


def test_kg_read_command_lists_segments_and_warnings(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    (tmp_path / "a.md").write_text(BRACKETS, encoding="utf-8")
    (tmp_path / "z.txt").write_bytes(b"\x00\x00binary")
    result = CliRunner().invoke(main, ["read", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "markers 11/11 resolved" in result.output
    assert "sentence  cites 2,3" in result.output and "ref   2" in result.output
    assert "z.txt: binary content" in result.stderr
    data = json.loads(CliRunner().invoke(main, ["read", "--format", "json", str(tmp_path / "a.md")]).output)
    assert data[0]["compound"] == "Widgetol" and "text" not in data[0]
    assert data[0]["references"][1]["ids"] == ["PMID:31234567", "doi:10.1016/j.neuro.2019.04.005"]


def test_a_heading_after_a_sentence_closed_by_a_marker_stays_a_heading() -> None:
    doc = read_text("Notes\n\nQuorvane lowers IL-6 in rats.[4]\n1.2. Inflammation\nIt also lowers TNF.\n", "h.txt")
    kinds = [(s.kind, s.text) for s in doc.segments]
    assert ("heading", "1.2. Inflammation") in kinds and ("sentence", "It also lowers TNF.") in kinds


def test_a_full_stop_glued_to_a_capitalised_word_ends_the_sentence() -> None:
    text = "Zorbin lowers the activation.NF-kB, a factor, drives inflammation. Next one."
    doc = read_text(text)
    assert [seg.text for seg in doc.segments] == [
        "Zorbin lowers the activation.",
        "NF-kB, a factor, drives inflammation.",
        "Next one.",
    ]


def test_a_glued_full_stop_inside_a_token_or_after_an_abbreviation_does_not() -> None:
    text = "See e.g.Tables here. The site www.example.Com is one. Fig.A shows it. Values 3.Five here."
    assert [seg.text for seg in read_text(text).segments] == [
        "See e.g.Tables here.",
        "The site www.example.Com is one.",
        "Fig.A shows it.",
        "Values 3.Five here.",
    ]
