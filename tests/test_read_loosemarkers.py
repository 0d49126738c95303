"""Marker styles read only as a citation pattern: roman numerals, flattened superscripts, bare numbers,
numbered parentheses without a list, and the sequence test that admits them."""

from __future__ import annotations

from kg.read.loosemarkers import (
    MAX_UNLISTED,
    NUMBER_WORDS,
    SEQUENCE_SLACK,
    bare_number_markers,
    citation_sequence,
    flattened_superscripts,
    paren_citations,
    roman_markers,
    roman_value,
)
from kg.read.markers import Marker


def _numbers(found: list[Marker]) -> list[tuple[int, ...]]:
    return [m.numbers for m in found]


def test_roman_numerals() -> None:
    assert roman_value("iv") == 4 and roman_value("xlix") == 49 and roman_value("iiii") is None
    text = "Widgetol lowers X [i],[ii] and Y [iii][iii]."
    found = roman_markers(text, 0, len(text))
    assert _numbers(found) == [(1, 2), (3,)] and found[0].labels == ("i", "ii")


def test_flattened_superscripts_but_not_names_or_abbreviations() -> None:
    text = "in flavonoids.1-4 and mammals5, unlike Sirt1 and sirt1, see Fig.2 here"
    assert _numbers(flattened_superscripts(text, 0, len(text))) == [(1, 2, 3, 4), (5,)]


def test_bare_numbers_closing_a_clause() -> None:
    assert "phase" in NUMBER_WORDS
    text = "regulation 1, 2. It was phase 3. Then autophagy 4,"
    assert _numbers(bare_number_markers(text, 0, len(text))) == [(1, 2), (4,)]


def test_numbered_parentheses_without_a_list() -> None:
    text = "studies(2) show it in mice (3). (1) inhibits X at (2 mg)."
    assert _numbers(paren_citations(text, 0, len(text))) == [(2,), (3,)]


def test_a_citation_sequence_runs_upwards() -> None:
    marks = [Marker(i, i + 1, (n,)) for i, n in enumerate((1, 2, 3, 43, 4))]
    assert _numbers(citation_sequence(marks, MAX_UNLISTED)) == [(1,), (2,), (3,), (4,)]
    assert SEQUENCE_SLACK < 40
    jumpy = [Marker(i, i + 1, (n,)) for i, n in enumerate((1, 40, 80, 120))]
    assert citation_sequence(jumpy, MAX_UNLISTED) == []
