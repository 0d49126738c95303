"""kg.extract.workers: how many processes a document gets, and work shared across them in order."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from kg.extract.extractor import Extractor
from kg.extract.workers import PARALLEL_DOCUMENT, grounder, shared_work, workers_for


def _double(items: Sequence[int]) -> list[int]:
    return [2 * i for i in items]


def test_a_short_document_gets_one_process(reader_ex: Extractor) -> None:
    assert workers_for(reader_ex, 1000) == 1
    assert workers_for(replace(reader_ex, workers=2), PARALLEL_DOCUMENT) == 2


def test_shared_work_keeps_the_order_and_reports_progress(reader_ex: Extractor) -> None:
    seen: list[tuple[int, int]] = []
    items = list(range(50))
    one = shared_work(reader_ex, _double, items, 1, lambda done, total: seen.append((done, total)))
    two = shared_work(reader_ex, _double, items, 2)
    assert one == two == [2 * i for i in items]
    assert seen and seen[-1] == (50, 50)


def test_the_grounder_finds_the_names_of_each_text(reader_ex: Extractor) -> None:
    ground = grounder(reader_ex)
    [first, second] = ground(["TNF rose.", "Nothing here."])
    assert [m.entity for m in first] == ["HGNC:11892"] and second == []
