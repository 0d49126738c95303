"""The counts of one INDRA import (:mod:`kg.formats.indra.summary`) as printable lines."""

from __future__ import annotations

from collections import Counter

from kg.formats.indra.summary import ImportSummary


def test_lines_of_an_import_with_nothing_skipped() -> None:
    summary = ImportSummary("stmts.json", statements=3, imported=3, records=4, claims=2, references=1)
    assert summary.lines() == [
        "stmts.json: imported 3 of 3 statements as 4 evidence records (2 claims, 1 references, "
        "0 new entities, 0 new contexts)",
        "skipped 0 statements",
        "warnings 0",
    ]


def test_skips_and_warnings_are_listed_by_reason_in_order() -> None:
    summary = ImportSummary(
        "s.json",
        reused_grades=2,
        skipped=Counter({"unmapped type": 2, "no agents": 1}),
        warned=Counter({"bad grade": 1}),
    )
    lines = summary.lines()
    assert lines[1] == "2 references graded as the same work is in the curated seeds"
    assert lines[2] == "skipped 3 statements: no agents: 1; unmapped type: 2"
    assert lines[3] == "warnings 1: bad grade: 1"
