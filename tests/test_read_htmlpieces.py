"""One HTML page parsed into pieces (:mod:`kg.read.htmlpieces`): spans in the source, added
structure at zero width, furniture and wrappers, captions, links, the title."""

from __future__ import annotations

from kg.read.html import default_cues
from kg.read.htmlpieces import PieceParser, parse_pieces


def _parse(source: str) -> PieceParser:
    return parse_pieces(source, default_cues())


def test_raw_text_keeps_its_span_and_structure_has_zero_width() -> None:
    source = "<h2>Part</h2><p>Alpha &amp; beta</p>"
    parser = _parse(source)
    for text, start, end, raw, _inside in parser.pieces:
        if raw:
            assert source[start:end] == text
        elif text.startswith(("\n", "#")):
            assert start == end
    entity = next(p for p in parser.pieces if p[0] == "&")
    assert source[entity[1] : entity[2]] == "&amp;"
    assert "".join(str(p[0]) for p in parser.pieces).split() == ["##", "Part", "Alpha", "&", "beta"]


def test_numeric_sup_is_bracketed_as_a_marker() -> None:
    parser = _parse("<p>IL-6 falls<sup>1,2</sup>.</p>")
    assert "IL-6 falls^[1,2]." in "".join(str(p[0]) for p in parser.pieces)


def test_furniture_and_the_wrapper_that_holds_the_page() -> None:
    parser = _parse("<nav>Home</nav><header><h1>Title</h1></header><p>Body</p>")
    assert parser.kinds == ["nav", "header"]
    assert parser.wrapper == [False, True]  # the header holds the h1: a wrapper, kept
    assert parser.first_h1 == "Title"


def test_links_captions_and_the_title_element() -> None:
    source = (
        "<title> A  page </title><a href='https://x.org/1'>one</a><a href='#top'>two</a><figcaption>Fig</figcaption>"
    )
    parser = _parse(source)
    assert " ".join(parser.title.split()) == "A page"
    assert [href for _a, _b, href in parser.link_spans] == ["https://x.org/1"]
    (start, end) = parser.protected[0]
    assert "".join(str(p[0]) for p in parser.pieces[start:end]).strip() == "Fig"
