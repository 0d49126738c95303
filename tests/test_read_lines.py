"""The reader's working page (:mod:`kg.read.lines`): lines, their kinds, offsets back into the file."""

from __future__ import annotations

from kg.read.lines import Page, line_kind, split_lines


def test_line_kinds() -> None:
    assert line_kind("   ") == "blank"
    assert line_kind("## Methods") == "mdheading"
    assert line_kind("|---|---|") == "mdsep"
    assert line_kind("| a | b |") == "mdrow"
    assert line_kind("dose\t5 mg\tdaily") == "tabrow"
    assert line_kind("Molar mass |") == "kvrow"
    assert line_kind("* an item") == "bullet"
    assert line_kind("Plain words of a paragraph.") == "para"


def test_split_lines_drops_carriage_returns_and_keeps_a_last_line() -> None:
    lines = split_lines("one\r\ntwo\n\nthree")
    assert [(ln.start, ln.end, ln.kind) for ln in lines] == [
        (0, 3, "para"),
        (5, 8, "para"),
        (9, 9, "blank"),
        (10, 15, "para"),
    ]


def test_page_of_plain_text_maps_offsets_to_themselves() -> None:
    page = Page("first line\nsecond line\n", "t.txt", "text")
    assert page.w == page.text
    assert page.lt(1) == "second line"
    assert page.src(3, 7) == (3, 7)
    assert page.line_no(page.lines[1].start) == 2


def test_page_of_html_maps_working_text_back_into_the_source() -> None:
    source = "<html><head><title>Page title</title></head><body><p>Alpha beta.</p></body></html>"
    page = Page(source, "t.html", "html")
    assert page.html_title == "Page title"
    at = page.w.index("Alpha")
    s, e = page.src(at, at + len("Alpha beta."))
    assert source[s:e] == "Alpha beta."
