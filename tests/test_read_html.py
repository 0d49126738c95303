"""HTML main content (:mod:`kg.read.htmltext`, :mod:`kg.read.html`): furniture dropped, offsets kept.

The pages in ``tests/data/reading/`` (a shop page, an encyclopedia article, a journal article) and
the snippets here are invented for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kg.errors import SeedErrors
from kg.read.html import HtmlCues, blank_boilerplate, default_cues, load_html_cues, main_text
from kg.read.htmltext import html_to_work
from kg.read.parsed import ParsedDocument
from kg.read.reader import read_document, read_text

DATA = Path(__file__).parent / "data" / "reading"


def page(name: str) -> ParsedDocument:
    """A test page read from its file."""
    return read_document(DATA / name)


def all_text(doc: ParsedDocument) -> str:
    return "\n".join(s.text for s in doc.segments) + "\n" + "\n".join(r.title for r in doc.references)


def converted(source: str) -> str:
    """The project's own conversion of an HTML fragment, whitespace collapsed (no filtering)."""
    return " ".join(html_to_work(source, HtmlCues(), main_content=False).text.split())


def assert_spans_index_the_file(doc: ParsedDocument) -> None:
    """Every segment's span, converted, gives the segment (citation markers aside)."""
    assert doc.text == Path(doc.path).read_text(encoding="utf-8")
    for seg in doc.segments:
        assert 0 <= seg.start < seg.end <= len(doc.text)
        if seg.kind in ("sentence", "bullet") and not seg.citations:
            assert converted(doc.text[seg.start : seg.end]) == seg.text
        elif seg.kind == "sentence":
            words = converted(doc.text[seg.start : seg.end]).split()
            assert all(w.rstrip(".,") in " ".join(words) for w in seg.text.split())


# --------------------------------------------------------------------------------- the three pages


def test_shop_page_keeps_the_description_and_drops_the_shop() -> None:
    doc = page("shop.html")
    text = all_text(doc)
    for kept in (
        "In cultured muscle cells, Zelorin activates AMPK and increases the uptake of glucose.",
        "Zelorin also inhibits the mTOR complex, which lowers protein synthesis in aged fibroblasts.",
        "Early work suggests that it reduces the release of interleukin 6 from stimulated macrophages.",
        "Purity | 99.2 percent by HPLC",
    ):
        assert kept in text
    for dropped in (
        "cookies",
        "Accept all",
        "Shop all",
        "cart is empty",
        "Add to cart",
        "Customers also bought",
        "Varnatide",
        "Share on Facebook",
        "newsletter",
        "ten percent off",
        "Copyright",
        "Privacy policy",
        "Brightpeak",
    ):
        assert dropped not in text, dropped
    assert doc.title == "Zelorin 10 mg capsules" and doc.compound == "Zelorin"
    assert len(doc.references) == 2 and doc.markers_found == doc.markers_resolved == 2
    assert_spans_index_the_file(doc)
    ampk = next(s for s in doc.segments if "activates AMPK" in s.text)
    assert doc.text[ampk.start : ampk.end].endswith("glucose [1].") and ampk.citations == (1,)


def test_encyclopedia_page_keeps_infobox_body_and_references() -> None:
    doc = page("encyclopedia.html")
    text = all_text(doc)
    assert "Routes of administration | Oral" in text  # the infobox is content
    assert (
        "Corvastatin inhibits HMG-CoA reductase in the liver and thereby lowers the synthesis of cholesterol." in text
    )
    for dropped in (
        "Main page",
        "Random article",
        "Contents",
        "[edit]",
        "Categories",
        "last edited",
        "About Freepedia",
    ):
        assert dropped not in text, dropped
    headings = [s.text for s in doc.segments if s.kind == "heading"]
    assert headings[-3:] == ["Pharmacology", "Research", "References"]  # no "[edit]" links
    assert len(doc.references) == 4 and doc.references[1].ids == ("PMID:24455667",)
    assert doc.markers_found == doc.markers_resolved == 4
    assert_spans_index_the_file(doc)


def test_journal_page_keeps_the_article_its_caption_and_references() -> None:
    doc = page("journal.html")
    text = all_text(doc)
    assert doc.title == "Nemaxil suppresses NF-kB signalling in activated microglia"  # the h1 in the article header
    for kept in (
        "Here we show that nemaxil blocks the phosphorylation of IkB kinase",
        "Nemaxil reduces nuclear NF-kB staining in BV2 cells.",  # a caption trafilatura leaves out
        "Pretreatment with nemaxil lowered nitric oxide production",
    ):
        assert kept in text
    for dropped in ("Current issue", "Search", "Most read", "Altmetric", "Share this article", "ISSN", "Cookie"):
        assert dropped not in text, dropped
    assert len(doc.references) == 3 and doc.markers_resolved == doc.markers_found == 4
    assert_spans_index_the_file(doc)


# ------------------------------------------------------------------------------- the two signals


def test_trafilatura_decides_lines_of_pages_without_furniture_markup() -> None:
    src = (
        "<html><body>"
        "<div><a href='/'>Home</a> | <a href='/a'>About us</a> | <a href='/s'>Store locator</a></div>"
        "<div><h1>Quorafen notes</h1>"
        "<p>Quorafen tightens the junctions between intestinal epithelial cells and raises the expression "
        "of occludin in colon tissue of mice fed a high fat diet.</p>"
        "<p>In a second model the compound lowered the release of tumour necrosis factor from intestinal "
        "macrophages, an effect that vanished when its receptor was blocked.</p></div>"
        "<div><a href='/x'>Quorafen gummies</a> <a href='/y'>Quorafen powder</a> <a href='/z'>Gift cards</a></div>"
        "</body></html>"
    )
    work = html_to_work(src)
    assert work.blanked == 2 and work.dropped == 0
    assert "Store locator" not in work.text and "Gift cards" not in work.text
    plain = html_to_work(src, main_content=False)
    assert len(work.text) == len(plain.text) and work.omap == plain.omap  # blanking moves nothing
    doc = read_text(src, "q.html")
    assert [s.text for s in doc.segments][1].startswith("Quorafen tightens the junctions")
    assert not any("Home" in s.text or "gummies" in s.text for s in doc.segments)


def test_short_pages_are_kept_whole() -> None:
    assert main_text("<p>Widgetol.</p>") is None
    assert main_text("<li>Widgetol lowers X in rats and mice of both sexes." * 3001) is None  # too many items
    doc = read_text("<div class='x'><p>Widgetol lowers X.</p><p>See the shop.</p></div>", "s.html")
    assert [s.text for s in doc.segments] == ["Widgetol lowers X.", "See the shop."]
    assert blank_boilerplate("a\nb", None) == ("a\nb", 0)


def test_wrappers_with_furniture_names_are_kept() -> None:
    wrapped = (
        "<div class='layout has-sidebar'><main><p>Widgetol lowers X in mice.</p></main>"
        "<div class='sidebar'>Popular posts</div></div>"
    )
    assert converted_work(wrapped) == "Widgetol lowers X in mice."
    aspnet = "<form id='aspnetForm'><h2>Widgetol</h2><p>Widgetol lowers X in mice.</p></form>"
    assert converted_work(aspnet) == "## Widgetol Widgetol lowers X in mice."
    header = "<header class='top'><h1>Widgetol</h1><nav>Home Shop</nav></header><p>It lowers X.</p>"
    assert converted_work(header) == "# Widgetol It lowers X."
    unclosed = "<ul class='menu'><li>Home<li>Shop</ul><p>Widgetol lowers X.<p>It raises Y."
    assert converted_work(unclosed) == "Widgetol lowers X. It raises Y."
    everything = "<nav><p>Widgetol lowers X.</p></nav>"  # nothing would be left: the page is read whole
    assert converted_work(everything) == "Widgetol lowers X."


def converted_work(source: str) -> str:
    """The working text with furniture dropped (no main-content filter), whitespace collapsed."""
    return " ".join(html_to_work(source, main_content=False).text.split())


def test_furniture_cues_match_whole_words_of_class_and_id() -> None:
    cues = default_cues()
    for attrs in (
        [("class", "site-footer")],
        [("id", "cookieBanner")],
        [("class", "x mini_cart")],
        [("class", "breadcrumbs-wrap")],
        [("role", "navigation")],
        [("class", "mw-editsection")],
    ):
        assert cues.furniture(attrs), attrs
    for attrs in (
        [("class", "cartilage-notes")],
        [("class", "shared-content")],
        [("id", "mechanism")],
        [("class", None)],
        [("href", "/cart")],
    ):
        assert not cues.furniture(attrs), attrs


def test_cue_file_is_checked(tmp_path: Path) -> None:
    path = tmp_path / "html.yaml"
    path.write_text("words: [promo]\nprefixes: [cookie]\nroles: [search]\n", encoding="utf-8")
    cues = load_html_cues(path)
    assert cues.furniture([("class", "promo-box")]) and cues.furniture([("id", "cookiewall")])
    assert not cues.furniture([("class", "menu")])
    path.write_text("words: promo\n", encoding="utf-8")
    with pytest.raises(SeedErrors, match="words must be a list"):
        load_html_cues(path)
    path.write_text("colours: [red]\n", encoding="utf-8")
    with pytest.raises(SeedErrors, match=r"html\.yaml"):
        load_html_cues(path)


def test_blanking_keeps_length_newlines_headings_and_reference_lists() -> None:
    work = (
        "# Title\nA line trafilatura never saw at all here.\nThe sentence it kept about widgetol and mice.\n"
        "## References\n1. Any entry at all\n\n\n\nFooter words nobody kept."
    )
    main = "Title. The sentence it kept about widgetol and mice. Nothing else in this text matters."
    out, blanked = blank_boilerplate(work, main)
    assert len(out) == len(work) and [i for i, c in enumerate(out) if c == "\n"] == [
        i for i, c in enumerate(work) if c == "\n"
    ]
    assert blanked == 2
    assert [line for line in out.split("\n") if line.strip()] == [
        "# Title",
        "The sentence it kept about widgetol and mice.",
        "## References",
        "1. Any entry at all",
    ]
    kept, _ = blank_boilerplate(work, main, protected=[(10, 12)])
    assert "A line trafilatura never saw" in kept


def test_odd_html_never_raises() -> None:
    for src in (
        "<div class='menu'>" * 500 + "<p>Widgetol lowers X.</p>",
        "</div>" * 100 + "<p>Widgetol.</p>",
        "<b>" * 5000 + "text" + "</i>" * 5000,
        "<div class='cookie'><p>unclosed",
        "<?xml version='1.0' encoding='utf-8'?><html><body><p>Widgetol lowers X in rats.</p></body></html>",
    ):
        doc = read_text(src, "odd.html")
        assert all(0 <= s.start < s.end <= len(src) for s in doc.segments)


_PIECES = [
    "<nav>",
    "</nav>",
    "<header>",
    "</header>",
    "<div class='menu'>",
    "<div class='cookie-bar'>",
    "<div role='main'>",
    "</div>",
    "<main>",
    "</main>",
    "<article>",
    "</article>",
    "<form>",
    "</form>",
    "<ul>",
    "<li>",
    "</ul>",
    "<h1>",
    "</h1>",
    "<h2>References</h2>",
    "<p>",
    "</p>",
    "<figcaption>",
    "</figcaption>",
    "<sup>1</sup>",
    "<a href='https://doi.org/10.1000/x1'>",
    "</a>",
    "<table><tr><td>",
    "</td></tr></table>",
    "<input class='cart'>",
    "&amp;",
    "\n",
    "Widgetol lowers X in rats [1]. ",
    "It raises Y in mice of both sexes. ",
    "1. A study of widgetol, 2019.",
]


@pytest.mark.fuzz
@given(st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=6)), max_size=60))
def test_any_page_gives_spans_inside_the_source(pieces: list[str]) -> None:
    src = "".join(pieces)
    doc = read_text(src, "f.html")
    work = html_to_work(src)
    assert len(work.text) == len(html_to_work(src, main_content=False).text)
    for seg in doc.segments:
        assert 0 <= seg.start <= seg.end <= len(src)
    assert all(0 <= r.start <= r.end <= len(src) for r in doc.references)
