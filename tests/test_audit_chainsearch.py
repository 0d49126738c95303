"""kg.audit.chainsearch: the strongest chain from each compound to each target, on graphs written here.

(The search's equality with the old per-compound one is checked in ``tests/test_audit_chains.py``.)
"""

from __future__ import annotations

import gc

import pytest

from kg.audit.chainsearch import Chain, collector_paused, strongest_chains
from kg.model import Claim, Direction, EvidenceLevel, Predicate, SupportClass

#: Levels giving a claim the support class whose rank is the key.
LEVEL_OF_RANK = {0: (EvidenceLevel.HUMAN_CLINICAL_RCT,), 1: (EvidenceLevel.ANIMAL,), 6: ()}


def _claim(subject: str, obj: str, rank: int) -> Claim:
    return Claim(subject, Predicate.ACTIVATES, obj, "ctx", Direction.SUPPORTS, (), (), LEVEL_OF_RANK[rank])


def _search(claims: list[Claim], reported: set[int], max_length: int = 3, min_claims: int = 2) -> list[Chain]:
    return strongest_chains(
        claims,
        lambda n: n.startswith("c"),
        lambda n: n.startswith("t"),
        lambda c: True,
        reported,
        max_length,
        min_claims,
    )


def test_ranks_follow_the_support_classes() -> None:
    assert [_claim("a", "b", r).support.rank for r in sorted(LEVEL_OF_RANK)] == [0, 1, 6]
    assert SupportClass.UNCITED.rank == 6


def test_the_strongest_chain_wins_and_its_weakest_link_decides() -> None:
    weak = [_claim("c1", "m", 0), _claim("m", "t1", 6)]
    strong = [_claim("c1", "n", 0), _claim("n", "t1", 1)]
    every = {0, 1, 6}
    [chain] = _search(weak + strong, every)
    assert (chain.compound, chain.target, chain.rank) == ("c1", "t1", 1)
    assert chain.claims == tuple(strong)
    assert _search(weak + strong, {6}) == []  # the strongest chain is not weak: nothing reported


def test_short_and_long_chains_are_cut() -> None:
    direct = [_claim("c1", "t1", 6)]
    assert _search(direct, {6}) == []  # one claim is not a chain
    assert [c.claims for c in _search(direct, {6}, min_claims=1)] == [tuple(direct)]
    long = [_claim("c1", "a", 6), _claim("a", "b", 6), _claim("b", "t1", 6)]
    assert _search(long, {6}, max_length=2) == []
    assert len(_search(long, {6}, max_length=3)) == 1


def test_chains_come_sorted_by_compound_then_target() -> None:
    claims = [_claim("c2", "m", 6), _claim("m", "t2", 6), _claim("m", "t1", 6), _claim("c1", "m", 6)]
    found = [(c.compound, c.target) for c in _search(claims, {6})]
    assert found == [("c1", "t1"), ("c1", "t2"), ("c2", "t1"), ("c2", "t2")]


def _fail_paused() -> None:
    with collector_paused():
        assert not gc.isenabled()
        raise RuntimeError("boom")


def test_collector_paused_restores_even_on_error() -> None:
    assert gc.isenabled()
    with pytest.raises(RuntimeError, match="boom"):
        _fail_paused()
    assert gc.isenabled()
