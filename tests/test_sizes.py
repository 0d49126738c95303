"""The size policy (:mod:`kg.sizes`): its thresholds, read at call time by the layers it steers."""

from __future__ import annotations

import pytest

import kg.sizes as sizes
from kg.formats.rdf import is_large as rdf_is_large
from kg.formats.registry import export_plan
from kg.model import KnowledgeBase


def test_streamed_route_starts_above_the_rdflib_limit() -> None:
    assert not sizes.is_large(sizes.RDFLIB_EXPORT_LIMIT)
    assert sizes.is_large(sizes.RDFLIB_EXPORT_LIMIT + 1)
    assert not sizes.is_large(0)


def test_limit_is_read_at_call_time(monkeypatch: pytest.MonkeyPatch, kb: KnowledgeBase) -> None:
    assert not rdf_is_large(kb)
    monkeypatch.setattr(sizes, "RDFLIB_EXPORT_LIMIT", len(kb.claims) - 1)
    assert sizes.is_large(len(kb.claims))
    assert rdf_is_large(kb)


def test_no_concurrent_exports_at_or_below_their_threshold(monkeypatch: pytest.MonkeyPatch) -> None:
    assert export_plan(sizes.CONCURRENT_EXPORTS, files=7) is None
    monkeypatch.setattr(sizes, "EXPORT_WORKERS", 1)
    assert export_plan(sizes.CONCURRENT_EXPORTS + 1, files=7) is None


def test_thresholds_are_positive_whole_numbers() -> None:
    for name in ("RDFLIB_EXPORT_LIMIT", "CONCURRENT_EXPORTS", "EXPORT_WORKERS", "MEMORY_STORE_LIMIT", "LARGE_READ"):
        value = getattr(sizes, name)
        assert isinstance(value, int) and value > 0, name
