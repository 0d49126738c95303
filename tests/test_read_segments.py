"""The layout walked into segments (:mod:`kg.read.segments`): sections, paragraphs rejoined across
blank lines, bullet and numbered items, and the reference list's heading."""

from __future__ import annotations

from kg.read.lines import Page
from kg.read.parsed import Segment
from kg.read.reader import read_structure


def _segments(text: str) -> list[Segment]:
    return read_structure(Page(text, "t.txt", "text")).segments


def test_headings_open_sections() -> None:
    segs = _segments("## Effects\n\nAlpha raises beta. Gamma lowers delta.\n")
    assert [(s.kind, s.section, s.text) for s in segs] == [
        ("heading", "Effects", "Effects"),
        ("sentence", "Effects", "Alpha raises beta."),
        ("sentence", "Effects", "Gamma lowers delta."),
    ]


def test_a_paragraph_split_by_a_blank_line_mid_sentence_is_rejoined() -> None:
    head = "The first part of a long sentence that runs on and on across a page break in the saved text and"
    segs = _segments(head + "\n\ngoes on here.\n")
    assert [s.text for s in segs] == [head + " goes on here."]


def test_bullets_and_numbered_items() -> None:
    segs = _segments("Intro words here.\n\n- first item\n  wrapped on\n1. a numbered item\n")
    assert [(s.kind, s.text) for s in segs] == [
        ("sentence", "Intro words here."),
        ("bullet", "first item wrapped on"),
        ("bullet", "a numbered item"),
    ]


def test_the_reference_heading_is_a_segment_and_its_entries_are_not() -> None:
    segs = _segments("A claim [1].\n\nReferences\n\n1. Smith J. A study. J Test. 2001.\n")
    assert [(s.kind, s.section, s.citations) for s in segs] == [
        ("sentence", "", (1,)),
        ("heading", "References", ()),
    ]


def test_a_wrapped_line_is_no_heading_and_words_broken_at_line_ends_are_joined() -> None:
    segs = _segments(
        "Curcumin reduces inflam-\nmation and the expres-\nsion of IL-\n6 in mice.\n\nMethods\nmTOR was read.\n"
    )
    assert [(s.kind, s.text) for s in segs] == [
        ("sentence", "Curcumin reduces inflammation and the expression of IL-6 in mice."),
        ("heading", "Methods"),
        ("sentence", "mTOR was read."),
    ]
