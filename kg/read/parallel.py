"""Share the per-statement work of one large document across the machine's cores.

Grounding names and drafting claims are done statement by statement, and each statement's result
depends only on the statement (and on read-only vocabularies loaded before). A large document is
cut into chunks in order, the chunks are worked in forked processes (which share the loaded
vocabularies with the parent instead of loading them again), and the results are joined back in
order: the same output as one process, byte for byte. Where ``fork`` is not available, or one
core is, the chunks are worked in this process.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

__all__ = ["available_workers", "chunked_map"]

T = TypeVar("T")
R = TypeVar("R")

#: The job the forked workers run: set just before the pool is made, read by ``_work``.
_JOB: tuple[Callable[[Sequence[Any]], Any], list[Sequence[Any]]] | None = None


def available_workers() -> int:
    """Cores this process may use (its CPU affinity where the system tells it)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


def _work(index: int) -> Any:
    assert _JOB is not None
    fn, chunks = _JOB
    return fn(chunks[index])


def chunked_map(
    fn: Callable[[Sequence[T]], R],
    items: Sequence[T],
    workers: int = 1,
    chunks_per_worker: int = 4,
    progress: Callable[[int, int], None] | None = None,
    chunks: int = 0,
) -> list[R]:
    """``fn`` applied to consecutive chunks of ``items``; the chunk results, in order.

    With ``workers`` > 1 and ``fork`` available, the chunks are worked in that many forked
    processes; ``fn`` may then be any callable (it is inherited, never pickled), but its results
    are pickled back and any change it makes to this process's objects is lost: ``fn`` must return
    all it learns. ``progress(done, total)`` is told the number of items done after each chunk.
    ``chunks`` fixes the number of chunks (default: ``chunks_per_worker`` per worker; in this process
    one, or 20 when progress is reported).
    """
    global _JOB
    n = len(items)
    workers = max(1, min(workers, n))
    serial = 20 if progress is not None else 1  # in this process, chunks only to report progress
    count = max(1, min(n, chunks or (workers * chunks_per_worker if workers > 1 else serial)))
    bounds = [n * k // count for k in range(count + 1)]
    parts = [items[bounds[k] : bounds[k + 1]] for k in range(count)]
    results: list[R] = []
    done = 0
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        for part in parts:
            results.append(fn(part))
            done += len(part)
            if progress is not None:
                progress(done, n)
        return results
    _JOB = (fn, parts)
    frozen = gc.get_freeze_count()
    gc.freeze()  # the collector in a child then leaves the shared objects' pages alone
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            for k, result in enumerate(pool.imap(_work, range(count))):
                results.append(result)
                done += len(parts[k])
                if progress is not None:
                    progress(done, n)
    finally:
        _JOB = None
        if not frozen:  # a caller that froze the heap itself keeps it frozen
            gc.unfreeze()
    return results
