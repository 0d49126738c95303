"""The weak-chain audit for all compounds at once gives exactly the findings of the old
per-compound search (``tests/chains_oracle.py``): same findings, same text, same order.

Checked on the seeds, on 10,000 synthetic claims, on hand-made graphs (a cycle, a diamond, a
chain longer than ``max_length``, a stronger chain found earlier in the same layer travelling
on, compounds chaining through each other), on 360 small random graphs with every
``max_length`` from 1 to 4, and on larger random graphs with hubs.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from kg.audit import audit, chains_searched, weak_chains
from kg.model import (
    Claim,
    Direction,
    Entity,
    EntityType,
    Evidence,
    EvidenceLevel,
    FindingCategory,
    KnowledgeBase,
    Locator,
    Predicate,
    SupportClass,
    support_class,
)
from kg.seeds.load import load_knowledge_base
from kg.seeds.synth import synthesize

from .chains_oracle import weak_chains_reference

ROOT = Path(__file__).resolve().parent.parent

#: Levels that give each support class (checked in ``test_levels_give_their_class``).
LEVELS: dict[SupportClass, tuple[EvidenceLevel, ...]] = {
    SupportClass.CLINICAL: (EvidenceLevel.HUMAN_CLINICAL_RCT,),
    SupportClass.PRECLINICAL_ONLY: (EvidenceLevel.ANIMAL,),
    SupportClass.PRECLINICAL_AND_VENDOR: (EvidenceLevel.ANIMAL, EvidenceLevel.VENDOR_ASSERTION),
    SupportClass.SECONDARY_ONLY: (EvidenceLevel.REVIEW_SECONDARY,),
    SupportClass.VENDOR_ONLY: (EvidenceLevel.VENDOR_ASSERTION,),
    SupportClass.UNVERIFIABLE: (EvidenceLevel.UNKNOWN,),
    SupportClass.UNCITED: (),
}
RANKED = list(SupportClass)
#: A claim for a hand-made graph: (subject, object, support rank[, predicate]).
Edge = tuple[str, str, int] | tuple[str, str, int, str]


def _kb(entities: dict[str, EntityType], edges: list[Edge]) -> KnowledgeBase:
    """A knowledge base of claims (subject, object, support rank[, predicate]) with one evidence record each."""
    claims = []
    for n, edge in enumerate(edges):
        subject, obj, rank = edge[:3]
        predicate = Predicate(edge[3]) if len(edge) > 3 else Predicate.ACTIVATES
        locator = Locator(f"doc{n % 3}.txt", "0" * 64, n * 10, n * 10 + 5)
        evidence = (Evidence(f"e{n}", f"doc{n % 3}", locator),)
        claims.append(Claim(subject, predicate, obj, f"ctx{n}", Direction.SUPPORTS, evidence, (), LEVELS[RANKED[rank]]))
    ents = {e: Entity(e, f"label {e}", t) for e, t in entities.items()}
    return KnowledgeBase(ents, {}, {}, (), tuple(claims))


def _same(kb: KnowledgeBase, max_length: int = 3) -> int:
    """Assert the new search equals the oracle; return how many findings there were."""
    new = weak_chains(kb, max_length)
    old = weak_chains_reference(kb, max_length)
    assert [f.message for f in new] == [f.message for f in old]
    assert new == old
    return len(new)


def test_levels_give_their_class() -> None:
    assert all(support_class(frozenset(levels)) is cls for cls, levels in LEVELS.items())


def test_seeds() -> None:
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology")
    assert _same(kb) > 0
    for length in (1, 2, 4):
        _same(kb, length)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    """10,000 synthetic claims (seed 1)."""
    out = tmp_path_factory.mktemp("synth10k")
    synthesize(10_000, seed=1, out=out, lexicon_from=ROOT / "ontology")
    return load_knowledge_base(out / "seeds", out / "ontology")


def test_ten_thousand_synthetic_claims(synthetic: KnowledgeBase) -> None:
    found = weak_chains(synthetic)
    assert found == weak_chains_reference(synthetic)
    assert len(found) > 1000
    assert max(len(f.claims) for f in found) > 3  # chains improved within a layer travel on: longer than 3


def test_ten_thousand_synthetic_claims_other_lengths(synthetic: KnowledgeBase) -> None:
    assert _same(synthetic, 2) > 0


P, C, W = EntityType.PROTEIN, EntityType.COMPOUND, EntityType.PATHWAY


def test_a_chain_longer_than_max_length_is_not_followed() -> None:
    kb = _kb({"c": C, "a": P, "b": P, "d": P, "e": P}, [("c", "a", 0), ("a", "b", 4), ("b", "d", 0), ("d", "e", 0)])
    assert _same(kb, 3) == 2  # b and d, not e
    assert _same(kb, 4) == 3
    assert _same(kb, 1) == 0


def test_a_cycle() -> None:
    kb = _kb(
        {"c": C, "a": P, "b": P, "x": W},
        [("c", "a", 6), ("a", "b", 0), ("b", "a", 0), ("b", "c", 0), ("b", "x", 1), ("x", "a", 0)],
    )
    assert _same(kb) == 2


def test_a_diamond_keeps_the_strongest_branch() -> None:
    kb = _kb(
        {"c": C, "l": P, "r": P, "t": P},
        [("c", "l", 5), ("c", "r", 1), ("l", "t", 0), ("r", "t", 4), ("l", "t", 1)],
    )
    (finding,) = weak_chains(kb)
    assert finding == weak_chains_reference(kb)[0]
    assert "label c -> label r -> label t" in finding.message and "vendor_only" in finding.message


def test_a_stronger_chain_found_earlier_in_the_same_layer_travels_on() -> None:
    # layer 1 visits a before b: a improves b (a longer, stronger chain), and b passes that on
    kb = _kb(
        {"c": C, "a": P, "b": P, "t": P, "u": P},
        [("c", "a", 0), ("c", "b", 6), ("a", "b", 0), ("b", "t", 5), ("t", "u", 0)],
    )
    _same(kb, 2)
    assert any(len(f.claims) == 3 for f in weak_chains(kb, 2))  # longer than max_length 2


def test_targets_keep_the_order_of_their_first_claim_and_ties_go_to_the_first() -> None:
    kb = _kb(
        {"c": C, "m": P, "n": P, "t": P},
        [("c", "n", 4, "binds"), ("c", "m", 4), ("c", "n", 4), ("m", "t", 4), ("n", "t", 4), ("c", "t", 6, "part_of")],
    )
    _same(kb)


def test_compounds_chain_through_each_other() -> None:
    kb = _kb(
        {"c1": C, "c2": C, "a": P, "b": W},
        [("c2", "c1", 4), ("c1", "a", 0), ("a", "c2", 0), ("c2", "b", 6), ("a", "b", 1)],
    )
    assert _same(kb) > 0


@pytest.mark.parametrize("seed", range(6))
def test_random_graphs(seed: int) -> None:
    rng = random.Random(seed)
    predicates = ["activates", "inhibits", "binds", "part_of", "increases_expression"]
    total = 0
    for _ in range(60):
        n = rng.randint(3, 12)
        kinds = [C, C, P, P, P, W, EntityType.PROCESS, EntityType.PROTEIN_FAMILY]
        names = rng.sample([f"{chr(97 + i)}{j}" for i in range(26) for j in range(3)], n)
        entities = {name: rng.choice(kinds) for name in names}
        entities[names[0]] = C
        ranks = [0, 0, 1, 1, 2, 3, 4, 4, 5, 6, 6]
        edges: list[Edge] = [
            (rng.choice(names), rng.choice(names), rng.choice(ranks), rng.choice(predicates))
            for _ in range(rng.randint(n, 4 * n))
        ]
        kb = _kb(entities, edges)
        for length in range(1, 5):
            total += _same(kb, length)
    assert total > 0


@pytest.mark.parametrize("seed", range(3))
def test_larger_random_graphs_with_hubs(seed: int) -> None:
    # a few hubs take most claims, so frontiers overlap and chains improve within a layer often
    rng = random.Random(100 + seed)
    names = [f"n{i:02d}" for i in range(40)]
    kinds = [C, P, P, P, W, EntityType.CHEMICAL]
    entities = {name: C if i % 5 == 0 else rng.choice(kinds) for i, name in enumerate(names)}
    weights = [1 / (i + 1) for i in range(len(names))]
    ranks = [0, 0, 1, 1, 2, 3, 4, 5, 6, 6]
    edges: list[Edge] = []
    for _ in range(250):
        subject, obj = rng.choices(names, weights, k=2)
        edges.append((subject, obj, rng.choice(ranks), rng.choice(["activates", "inhibits", "binds", "part_of"])))
    kb = _kb(entities, edges)
    assert sum(_same(kb, length) for length in (2, 3, 4)) > 0


def test_the_search_runs_at_every_size(synthetic: KnowledgeBase) -> None:
    assert chains_searched(synthetic)
    assert chains_searched(synthetic, True) and not chains_searched(synthetic, False)
    found = audit(synthetic, ROOT / "ontology")
    assert sum(f.category is FindingCategory.WEAK_CHAIN for f in found) == len(weak_chains(synthetic))


def test_the_collector_is_restored() -> None:
    import gc

    kb = _kb({"c": C, "a": P, "b": P}, [("c", "a", 0), ("a", "b", 6)])
    assert gc.isenabled()
    assert len(weak_chains(kb)) == 1
    assert gc.isenabled()
    gc.disable()
    try:
        weak_chains(kb)
        assert not gc.isenabled()
    finally:
        gc.enable()
