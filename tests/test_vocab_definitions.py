"""kg.vocab.definitions: every vocabulary term has written criteria, in one sentence or more."""

from __future__ import annotations

import pytest

from kg.model import (
    Direction,
    EvidenceLevel,
    FindingCategory,
    LevelBasis,
    Predicate,
    Severity,
    SourceType,
    SupportClass,
)
from kg.vocab import definitions

TABLES = [
    (definitions.LEVEL_CRITERIA, EvidenceLevel),
    (definitions.SOURCE_CRITERIA, SourceType),
    (definitions.SUPPORT_CRITERIA, SupportClass),
    (definitions.PREDICATE_MEANINGS, Predicate),
    (definitions.DIRECTION_MEANINGS, Direction),
    (definitions.BASIS_MEANINGS, LevelBasis),
    (definitions.FINDING_MEANINGS, FindingCategory),
    (definitions.SEVERITY_MEANINGS, Severity),
]


@pytest.mark.parametrize(("table", "enum"), TABLES, ids=[e.__name__ for _, e in TABLES])
def test_every_member_is_defined(table: dict, enum: type) -> None:
    assert set(table) == set(enum)
    assert all(isinstance(text, str) and len(text.split()) >= 3 for text in table.values())


def test_definitions_are_distinct_within_a_table() -> None:
    for table, _ in TABLES:
        assert len(set(table.values())) == len(table)
