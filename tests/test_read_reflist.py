"""The reference list (:mod:`kg.read.reflist`): found after its heading or without one, kept only
when it reads as references, and the entries beside it (source cells, unlisted citations)."""

from __future__ import annotations

from kg.read.lines import Page
from kg.read.markers import bracket_markers
from kg.read.reflist import References

LISTED = """Body text cites a study [1] and another [2].

References

1. Smith J. A study of the compound. J Test. 2001. doi:10.1000/abc
2. Lee K. Another study. J Test. 2002. PMID: 11111111
"""


def _refs(text: str) -> References:
    refs = References(Page(text, "t.txt", "text"))
    refs.find()
    return refs


def test_a_numbered_list_after_its_heading() -> None:
    refs = _refs(LISTED)
    assert [r.n for r in refs.refs] == [1, 2]
    assert refs.numbered and refs.listed_count == 2
    assert refs.ref_heading == 2 and refs.ref_lines == {2, 4, 5}
    assert refs.refs[0].ids == ("doi:10.1000/abc",)
    assert refs.refs[1].ids == ("PMID:11111111",)
    assert LISTED[refs.refs[0].start : refs.refs[0].end].startswith("1. Smith J.")


def test_numbered_sections_are_no_reference_list() -> None:
    refs = _refs("Intro.\n\n1. Introduction\n2. Methods\n3. Results\n")
    assert refs.refs == [] and refs.ref_lines == set()


def test_unlisted_citations_get_entries_of_their_own() -> None:
    text = "A claim [1] and one beyond the list [4].\n\nReferences\n\n1. Smith J. A study. J Test. 2001.\n"
    refs = _refs(text)
    refs.add_unlisted(bracket_markers(text, 0, text.index("References")))
    assert [(r.n, r.listed, r.label) for r in refs.refs] == [(1, True, ""), (4, False, "4")]
    assert refs.listed_count == 1


def test_a_source_cell_matches_the_list_by_identifier() -> None:
    text = LISTED + "\nPMID: 11111111 | PMID: 99999999\n"
    refs = _refs(text)
    at = text.index("PMID: 11111111 |")
    assert refs.source_entry(at, at + len("PMID: 11111111")) == (2,)
    other = text.index("PMID: 99999999")
    assert refs.source_entry(other, other + len("PMID: 99999999")) == ()
    assert (refs.source_found, refs.source_resolved) == (2, 1)
    assert refs.ref_numbers() == {1, 2}
