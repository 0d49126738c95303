"""Markers that name authors (with or without a year) and explanatory notes, read from small texts."""

from __future__ import annotations

from kg.read.authormarkers import (
    MAX_NOTE_USES,
    NOT_SURNAMES,
    author_mention_markers,
    author_year_citation_like,
    author_year_markers,
    note_markers,
)


def test_parenthetical_groups_and_narrative_years() -> None:
    text = "Widgetol lowers X (Smith et al., 2019; Lee 2020). Doe and Roe (2018) saw it too."
    found = author_year_markers(text, 0, len(text))
    assert [m.keys for m in found] == [(("smith", "2019"), ("lee", "2020")), (("doe", "2018"),)]
    assert found[0].labels == ("Smith 2019", "Lee 2020")
    assert text[found[1].start : found[1].end] == "(2018)"
    assert author_year_citation_like(text, found)


def test_words_that_are_no_surnames_and_strict_reading() -> None:
    text = "Updated (March 2019). The Act (2019) applies."
    assert "march" in NOT_SURNAMES
    assert [m.keys for m in author_year_markers(text, 0, len(text))] == [(("act", "2019"),)]
    assert author_year_markers(text, 0, len(text), strict=True) == []
    one = author_year_markers("as shown (Lee 2020).", 0, 20)
    assert not author_year_citation_like("as shown (Lee 2020).", one)


def test_authors_named_without_a_year_are_inline() -> None:
    text = "Smith et al. found that Widgetol works; Lee and colleagues agreed."
    found = author_mention_markers(text, 0, len(text))
    assert [(m.keys, m.labels, m.inline) for m in found] == [
        ((("smith", ""),), ("Smith et al.",), True),
        ((("lee", ""),), ("Lee et al.",), True),
    ]


def test_notes_glued_to_words_and_indexes_left_out() -> None:
    text = "Widgetol[a] is sold.[note 2] benzo[a]pyrene"
    assert [m.keys for m in note_markers(text, 0, len(text))] == [(("note", "a"),), (("note", "note 2"),)]
    index = "x".join("item[i] " for _ in range(MAX_NOTE_USES + 1))
    assert note_markers(index, 0, len(index)) == []
