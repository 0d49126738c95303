"""The tab-separated exports (:mod:`kg.formats.tsv`): claims, weak support and findings tables."""

from __future__ import annotations

import csv
import io

from kg.formats.tsv import (
    FINDING_COLUMNS,
    TSV_COLUMNS,
    claim_row,
    finding_row,
    to_claims_tsv,
    to_findings_tsv,
    to_weak_tsv,
    tsv_bytes,
)
from kg.model import Finding, FindingCategory, KnowledgeBase, Locator, Severity
from kg.selection import weak_support


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8")), delimiter="\t"))


def test_tsv_bytes_quotes_only_what_needs_it() -> None:
    data = tsv_bytes([["a", "b\tc"], ["d", 'e"f']], ["x", "y"])
    assert data == b'x\ty\na\t"b\tc"\nd\t"e""f"\n'
    assert _rows(data) == [["x", "y"], ["a", "b\tc"], ["d", 'e"f']]


def test_claims_table_has_one_row_per_claim_in_column_order(kb: KnowledgeBase) -> None:
    rows = _rows(to_claims_tsv(kb))
    assert tuple(rows[0]) == TSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [c.id for c in kb.claims]
    claim = kb.claims[0]
    row = dict(zip(TSV_COLUMNS, claim_row(kb, claim), strict=True))
    assert row["subject_label"] == kb.label(claim.subject)
    assert row["origin"] == "curated"
    assert row["withdrawn"] == "false"


def test_weak_table_lists_the_weak_claims_weakest_first(kb: KnowledgeBase) -> None:
    rows = _rows(to_weak_tsv(kb))
    assert tuple(rows[0]) == TSV_COLUMNS
    assert [row[0] for row in rows[1:]] == [c.id for c in weak_support(kb)]


def test_findings_table_rows_and_locators(kb: KnowledgeBase) -> None:
    finding = Finding(
        FindingCategory.UNCITED_CLAIMS,
        Severity.MEDIUM,
        "two claims cite nothing",
        claims=("w-1", "w-4"),
        locators=(Locator("widgetol.txt", "0" * 64, 3, 9),),
        document="widgetol",
    )
    assert _rows(to_findings_tsv(kb)) == [list(FINDING_COLUMNS)]
    rows = _rows(to_findings_tsv(kb, [finding]))
    assert rows[1] == finding_row(finding)
    row = dict(zip(FINDING_COLUMNS, rows[1], strict=True))
    assert row["claims"] == "w-1|w-4" and row["locators"] == "widgetol.txt:3-9"
    assert row["finding_id"] == finding.id and row["severity"] == "medium"
