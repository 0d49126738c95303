"""A mention: its span's length, and entity ids in order without repeats."""

from __future__ import annotations

from kg.extract.mention import Mention, entity_ids
from kg.model import EntityType


def test_length_and_entity_ids() -> None:
    a = Mention(3, 8, "HGNC:1", EntityType.PROTEIN, "SIRT1", True)
    b = Mention(10, 13, "CHEBI:2", EntityType.CHEMICAL, "NAD", False)
    assert a.length == 5
    assert entity_ids([a, b, a]) == ["HGNC:1", "CHEBI:2"]
