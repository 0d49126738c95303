"""A pattern searched only around its anchor finds what a search of the whole text finds."""

from __future__ import annotations

import re

from kg.extract.anchors import anchored_matches, windows


def test_windows_join_overlapping_reaches() -> None:
    text = "x" * 50 + "ab" + "x" * 5 + "ab" + "x" * 100 + "ab"
    assert windows(text, "ab", 10, len(text)) == [(40, 69), (149, 161)]
    assert windows(text, "zz", 10, len(text)) == []


def test_anchored_matches_equal_a_whole_search_on_a_long_text() -> None:
    text = ("filler words here " * 300 + "tnf alpha and tnf-alpha. ") * 3
    pattern = re.compile(r"(?<![a-z0-9])tnf[ -]?alpha(?![a-z0-9])")
    whole = [m.span() for m in pattern.finditer(text)]
    assert len(text) >= 4096 and len(whole) == 6
    assert [m.span() for m in anchored_matches(pattern, text, text, "alpha", "tnf-alpha")] == whole
    short = "tnf alpha"
    assert [m.span() for m in anchored_matches(pattern, short, short, "alpha", "tnf-alpha")] == [(0, 9)]
