"""Sharing a large document's work across processes: same drafts, in order, whatever the count."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest

import kg.extract
import kg.extract.workers
from kg.extract import extract_document, load_extractor, render_records
from kg.read.parallel import available_workers, chunked_map
from kg.read.reader import read_document, read_text

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"

#: A document written for this test: statements about a made-up compound, with citations.
PAGE = """Zorbatide: how it works

Zorbatide raises BDNF expression in the hippocampus [1]. It inhibits TNF and lowers IL-6 [2].
Zorbatide activates AMPK, which phosphorylates ACC [1]. In rats, zorbatide reduced oxidative stress [3].
The peptide binds the TrkB receptor. Zorbatide does not inhibit COX-2 [2].
"""


def test_chunks_come_back_in_order_with_progress() -> None:
    seen: list[tuple[int, int]] = []
    items = list(range(103))
    out = chunked_map(lambda part: [x * x for x in part], items, workers=2, progress=lambda d, t: seen.append((d, t)))
    assert [y for part in out for y in part] == [x * x for x in items]
    assert seen[-1] == (103, 103) and [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_a_worker_sees_this_process_state_but_cannot_change_it() -> None:
    state = {"seen": os.getpid()}

    def work(part: list[int]) -> list[int]:
        state["changed"] = True  # lost: the worker is a forked copy
        return [state["seen"]] * len(part)

    out = chunked_map(work, [1, 2, 3, 4], workers=2)
    assert {pid for part in out for pid in part} == {os.getpid()}
    assert "changed" not in state


def test_one_worker_works_in_this_process() -> None:
    state: dict[str, bool] = {}

    def work(part: list[int]) -> list[int]:
        state["changed"] = True
        return list(part)

    assert [x for part in chunked_map(work, [1, 2, 3], workers=1) for x in part] == [1, 2, 3]
    assert state == {"changed": True}


def test_an_error_in_a_worker_reaches_the_caller() -> None:
    def work(part: list[int]) -> list[int]:
        raise ValueError(f"bad chunk {part}")

    with pytest.raises(ValueError, match="bad chunk"):
        chunked_map(work, [1, 2, 3, 4], workers=2)


def test_available_workers_is_at_least_one() -> None:
    assert available_workers() >= 1


@pytest.fixture(scope="module")
def extractor() -> kg.extract.Extractor:
    return load_extractor(ROOT / "ontology")


def _draft(extractor: kg.extract.Extractor, parsed: object, workers: int, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(kg.extract.workers, "PARALLEL_DOCUMENT", 0)  # share the work of even a small document
    ex = replace(extractor, workers=workers)
    return render_records(extract_document(parsed, ex))  # type: ignore[arg-type]


def test_drafts_are_byte_identical_with_one_or_two_workers(
    extractor: kg.extract.Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    parsed = read_text(PAGE * 3, "zorbatide.txt")
    one = _draft(extractor, parsed, 1, monkeypatch)
    assert "BDNF" in one or "HGNC:1033" in one  # the page gives claims, so the comparison means something
    assert _draft(extractor, parsed, 2, monkeypatch) == one
    assert _draft(extractor, parsed, 3, monkeypatch) == one


@pytest.mark.skipif(not (SHARED / "corpus-dev").is_dir(), reason="../shared/corpus-dev is absent")
def test_real_pages_give_the_same_drafts_with_two_workers(
    extractor: kg.extract.Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    for path in sorted((SHARED / "corpus-dev").glob("*.txt"))[:6]:
        parsed = read_document(path)
        assert _draft(extractor, parsed, 2, monkeypatch) == _draft(extractor, parsed, 1, monkeypatch), path.name


def test_a_long_claim_list_written_in_chunks_is_the_same_text(
    extractor: kg.extract.Extractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = PAGE + "".join(f"In trial {i}, zorbatide lowered IL-6 and raised BDNF [1].\n" for i in range(12))
    result = extract_document(read_text(text, "zorbatide.txt"), extractor)
    assert len(result.claims) > 12
    monkeypatch.setattr(kg.extract, "RECORDS_PER_CHUNK", 10**9)
    whole = render_records(result)
    monkeypatch.setattr(kg.extract, "RECORDS_PER_CHUNK", 5)
    assert render_records(result) == whole
    monkeypatch.setattr(kg.extract, "PARALLEL_RECORDS", 0)
    assert render_records(result, workers=2) == whole
