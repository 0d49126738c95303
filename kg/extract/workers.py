"""A large document's statements grounded and drafted across processes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from kg.extract.claims import statement_claims
from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.mention import Mention
from kg.extract.mentions import content_mentions
from kg.extract.statement import Statement
from kg.model import Entity
from kg.read.parallel import available_workers, chunked_map

__all__ = ["PARALLEL_DOCUMENT", "Job", "R", "T", "drafter", "grounder", "shared_work", "workers_for"]

T = TypeVar("T")
R = TypeVar("R")


#: One statement to draft claims from: the statement, its citations, its span, whether a table row.
Job = tuple[Statement, tuple[int, ...], tuple[int, int], bool]

#: Documents at least this long (characters) share their per-statement work across the cores.
PARALLEL_DOCUMENT = 500_000


def workers_for(ex: Extractor, length: int) -> int:
    """How many processes work a document of ``length`` characters (one below PARALLEL_DOCUMENT)."""
    if length < PARALLEL_DOCUMENT:
        return 1
    return max(1, min(ex.workers or available_workers(), 8))


def grounder(ex: Extractor) -> Callable[[Sequence[str]], list[list[Mention]]]:
    """A picklable function from statement texts to their mentions, for the workers."""

    def ground(texts: Sequence[str]) -> list[list[Mention]]:
        return [content_mentions(ex, t, ms) for t, ms in zip(texts, ex.matcher.find_many(texts), strict=True)]

    return ground


def drafter(ex: Extractor) -> Callable[[Sequence[Job]], list[list[ExtractedClaim]]]:
    """A picklable function from statement jobs to their draft claims, for the workers."""

    def draft(jobs: Sequence[Job]) -> list[list[ExtractedClaim]]:
        return [statement_claims(ex, st, cites, span, table) for st, cites, span, table in jobs]

    return draft


def shared_work(
    ex: Extractor,
    fn: Callable[[Sequence[T]], list[R]],
    items: Sequence[T],
    workers: int,
    progress: Callable[[int, int], None] | None = None,
) -> list[R]:
    """``fn`` over ``items`` in chunks (across ``workers`` processes when more than one), one result
    per item, in order. Entities the vocabularies register while a chunk is worked are carried
    back, in the order they were first met, so the registry ends as one process would leave it."""
    registry = ex.matcher.entities

    def chunk(part: Sequence[T]) -> tuple[list[R], dict[str, Entity]]:
        known = set(registry)
        out = fn(part)
        return out, {k: v for k, v in registry.items() if k not in known}

    results: list[R] = []
    for out, learned in chunked_map(chunk, items, workers, progress=progress):
        results.extend(out)
        for k, v in learned.items():
            registry.setdefault(k, v)
    return results
