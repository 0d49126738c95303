"""What the reader returns (:mod:`kg.read.parsed`): frozen records, unlisted entries and their defaults."""

from __future__ import annotations

import dataclasses

import pytest

from kg.read.parsed import ParsedDocument, RefEntry, Segment


def test_records_are_frozen_with_their_defaults() -> None:
    entry = RefEntry(4, 10, 13, "", "", "", (), listed=False, label="4")
    seg = Segment(0, 5, "Text.", "sentence", "", (4,))
    doc = ParsedDocument("t.txt", "", "Text.", "", "", (seg,), (entry,), True, 1, 1, ())
    assert seg.cells == () and RefEntry(1, 0, 1, "t", "", "", ()).listed
    assert doc.markers_unlisted == 0
    with pytest.raises(dataclasses.FrozenInstanceError):
        doc.title = "changed"  # type: ignore[misc]
