"""What every engine offers (:mod:`kg.store.engine`): the claims a query on an engine selects."""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from kg.errors import QueryError, RemoteError
from kg.model import KnowledgeBase, SupportClass
from kg.selection import weak_support
from kg.store.engine import LoadStats, engine_claims
from kg.vocab.iris import enum_iri


class _Answers:
    """An engine that answers every query with the same columns and rows."""

    def __init__(self, names: list[str], rows: list[tuple[str | None, ...]]) -> None:
        self.names, self.rows = names, rows

    def query(
        self, text: str, bindings: Mapping[str, str] | None = None
    ) -> tuple[list[str], list[tuple[str | None, ...]]]:
        return self.names, self.rows


def _rows(kb: KnowledgeBase) -> list[tuple[str | None, ...]]:
    return [(enum_iri(c.support), c.id) for c in sorted(kb.claims, key=lambda c: c.id)]


def test_claims_come_back_weakest_first_and_narrowed(kb: KnowledgeBase) -> None:
    engine = _Answers(["support", "id"], _rows(kb))
    assert engine_claims(engine, kb, "q") == weak_support(kb, list(SupportClass))
    one = kb.claims[0].support
    narrowed = engine_claims(engine, kb, "q", [one])
    assert narrowed and all(c.support is one for c in narrowed)


def test_a_query_without_id_and_support_is_refused(kb: KnowledgeBase) -> None:
    with pytest.raises(QueryError, match=r"must select \?id and \?support"):
        engine_claims(_Answers(["id"], [("C1",)]), kb, "q")


def test_a_claim_the_seeds_lack_means_the_engine_is_out_of_date(kb: KnowledgeBase) -> None:
    rows = [*_rows(kb), (enum_iri(SupportClass.CLINICAL), "C000000000000")]
    with pytest.raises(RemoteError, match="1 claims that differ from the local seeds"):
        engine_claims(_Answers(["support", "id"], rows), kb, "q")


def test_load_stats_are_plain_values() -> None:
    assert LoadStats(triples=3, seconds=0.5) == LoadStats(3, 0.5)
