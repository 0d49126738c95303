"""The body's citation markers (:mod:`kg.read.citations`): found outside the reference list,
looked up by span and position, resolved to entry numbers."""

from __future__ import annotations

from tests.read_steps import citations_of

TEXT = """Alpha raises beta [1]. Gamma lowers delta [2, 3].

References

1. Smith J. A study. J Test. 2001.
2. Lee K. Another study. J Test. 2002.
3. Park H. Third study. J Test. 2003.
"""


def test_markers_of_the_body_only() -> None:
    cites = citations_of(TEXT)
    assert [m.numbers for m in cites.markers] == [(1,), (2, 3)]
    assert all(m.end <= TEXT.index("References") for m in cites.markers)


def test_lookups_and_resolution() -> None:
    cites = citations_of(TEXT)
    second = TEXT.index("[2, 3]")
    assert cites.marker_at(second) is cites.markers[1]
    assert cites.marker_at(second + 1) is None
    assert cites.markers_in(0, second) == cites.markers[:1]
    assert cites.resolve(cites.markers) == (1, 2, 3)


def test_an_unbalanced_bracket_is_warned_with_its_line() -> None:
    cites = citations_of("First line.\nA bracket [12 never closes.\n")
    assert cites.markers == []
    assert len(cites.warnings) == 1
    assert cites.warnings[0].startswith("t.txt:2: unbalanced bracket")
