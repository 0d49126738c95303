"""The strongest-chain search for every compound at once (what :func:`kg.audit.chains.weak_chains`
runs): a layered search whose state is kept as bitsets.

The search it reproduces (``kg.audit.weak_chains`` before issue 18, kept in the tests as the
oracle) runs from each compound on its own. It keeps, for every entity, one best chain: the
lowest weakest-link rank, then the fewest claims, the first one found winning ties. It relaxes
``max_length`` layers; each layer visits the entities updated in the layer before (the
frontier) in sorted order and reads each entity's chain at the moment it is visited, so a
chain improved earlier in the same layer travels on at once (chains can be longer than
``max_length``; the result depends on that order, and this module keeps it exactly).

Here every compound is a bit of a Python int. For each entity the module keeps, per chain
class (weakest-link rank, length), the set of compounds whose best chain there has that class,
and the frontier as a set too. One pass over the sorted entities per layer relaxes every causal
pair for all compounds with a handful of bitwise operations per class present, so the work is
the number of causal pairs × ``max_length`` × the classes present at an entity (a few), each
operation on compounds / 64 machine words, not compounds × claims. In the last layer only
chains that still travel on (in-layer) or may be reported are kept up to date.

Each accepted improvement is logged per entity and class (which compounds, from which entity
and class, through which claim); a compound enters a class at most once, so the log names its
chain unambiguously. The reported chains are rebuilt from it: longest first, each class's log
is scanned once for all the compounds looked up in it; then, shortest first, each (compound,
entity, class) gets its claims from the class it came from.

The strongest-link-first rule is not plain reachability (a shorter but weaker chain may be kept
and travel on, and in-layer order matters), so a condensation and topological pass would not
give the same findings: this is a bounded layered search, linear in pairs × ``max_length``.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from typing import NamedTuple

from kg.model import Claim, Direction, EvidenceLevel, Predicate, SupportClass

__all__ = ["Chain", "collector_paused", "strongest_chains"]

#: Slots per entity: rank -1 (the compound itself), then each support rank.
_RANKS = len(SupportClass) + 1


class Chain(NamedTuple):
    """The strongest chain found from a compound to an entity: its weakest-link rank and claims."""

    compound: str
    target: str
    rank: int
    claims: tuple[Claim, ...]


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector (restored after): the search allocates millions of small
    acyclic objects, and each full collection would walk the whole loaded knowledge base again."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _positions(bits: int) -> list[int]:
    """The positions of the set bits of a non-negative int."""
    text = bin(bits)
    top = len(text) - 1
    found = []
    i = text.find("1")
    while i >= 0:
        found.append(top - i)
        i = text.find("1", i + 1)
    return found


def _causal_pairs(
    claims: Collection[Claim], causal: Callable[[Claim], bool]
) -> tuple[list[str], list[list[tuple[int, int, tuple[tuple[int, Claim], ...]]]]]:
    """Entities in sorted order and, for each, its causal out-pairs in the order the search visits them.

    A pair is (target index, lowest rank + 1, links) where links are the claims that lowered the
    rank so far in claim order (rank, claim): the first one at or below a rank is what the search
    takes. Targets keep the order of their first claim from the entity (of any kind).
    """
    adjacency: dict[str, dict[str, list[tuple[int, Claim]]]] = {}
    rank_of: dict[tuple[EvidenceLevel, ...], int] = {}  # the support rank of a set of levels
    chains: dict[tuple[Predicate, Direction], bool] = {}  # whether a (predicate, direction) chains
    for claim in claims:
        subject, obj = claim.subject, claim.object
        by_object = adjacency.get(subject)
        if by_object is None:
            by_object = adjacency[subject] = {}
        links = by_object.get(obj)
        if links is None:
            links = by_object[obj] = []
            if obj not in adjacency:
                adjacency[obj] = {}
        kind = (claim.predicate, claim.direction)
        chains_here = chains.get(kind)
        if chains_here is None:
            chains_here = chains[kind] = causal(claim)
        if chains_here:
            rank = rank_of.get(claim.levels)
            if rank is None:
                rank = rank_of[claim.levels] = claim.support.rank
            links.append((rank, claim))
    nodes = sorted(adjacency)
    index = {n: i for i, n in enumerate(nodes)}
    out: list[list[tuple[int, int, tuple[tuple[int, Claim], ...]]]] = []
    for u in nodes:
        pairs = []
        for v, links in adjacency[u].items():
            if not links or v == u:  # a loop never improves a chain (its end is already on it)
                continue
            lowered = [links[0]]
            for link in links:
                if link[0] < lowered[-1][0]:
                    lowered.append(link)
            pairs.append((index[v], lowered[-1][0] + 1, tuple(lowered)))
        out.append(pairs)
    return nodes, out


def strongest_chains(
    claims: Collection[Claim],
    is_compound: Callable[[str], bool],
    is_target: Callable[[str], bool],
    causal: Callable[[Claim], bool],
    reported: Collection[int],
    max_length: int = 3,
    min_claims: int = 2,
) -> list[Chain]:
    """The strongest chain from each compound to each target whose weakest-link rank is in ``reported``.

    ``causal(claim)`` says which claims chain (it is asked once per predicate and direction);
    chains of fewer than ``min_claims`` claims are not reported. Chains come sorted by compound,
    then target; the search is the per-compound one of the module docstring, for all compounds at
    once.
    """
    with collector_paused():
        return _search(claims, is_compound, is_target, causal, reported, max_length, min_claims)


#: A chain class's log entry: (compounds, from entity, claim, slot there, length there).
_Entry = tuple[int, int, Claim, int, int]


def _search(
    claims: Collection[Claim],
    is_compound: Callable[[str], bool],
    is_target: Callable[[str], bool],
    causal: Callable[[Claim], bool],
    reported: Collection[int],
    max_length: int,
    min_claims: int,
) -> list[Chain]:
    """:func:`strongest_chains` with the collector paused: relax the layers, then rebuild the chains."""
    nodes, out = _causal_pairs(claims, causal)
    # compounds with no causal claim of their own reach nothing: they get no bit
    compounds = [i for i, n in enumerate(nodes) if out[i] and is_compound(n)]
    target = [is_target(n) for n in nodes]
    lengths, log = _relax(len(nodes), out, compounds, target, reported, max_length)
    reported_at, wanted = _reported_classes(lengths, target, reported, min_claims)
    claims_of = _claims_of(_traced(log, wanted))
    size = len(nodes)
    chains: dict[int, tuple[int, tuple[Claim, ...]]] = {}  # bit position * size + entity -> (rank, claims)
    for node, slot, length, bits in reported_at:
        for p in _positions(bits):
            chains[p * size + node] = (slot - 1, claims_of[(p, node, slot, length)])
    found = []
    for key in sorted(chains):
        rank, path = chains[key]
        b, node = divmod(key, size)
        found.append(Chain(nodes[compounds[b]], nodes[node], rank, path))
    return found


def _relax(
    size: int,
    out: list[list[tuple[int, int, tuple[tuple[int, Claim], ...]]]],
    compounds: list[int],
    target: list[bool],
    reported: Collection[int],
    max_length: int,
) -> tuple[list[list[dict[int, int]]], list[dict[tuple[int, int], list[_Entry]]]]:
    """The layered search from every compound: per entity, the compounds in each chain class and its log."""
    ranks = _RANKS
    # a compound whose chain at an entity has a slot below this is never reported there
    kept_slot = min(reported, default=ranks - 1) + 1
    # per entity, with slot = rank + 1: below[k] = compounds whose chain there has a slot < k
    # (below[ranks]: every compound with a chain there); lengths[slot] = {length: compounds}
    below: list[list[int]] = [[0] * (ranks + 1) for _ in range(size)]
    lengths: list[list[dict[int, int]]] = [[{} for _ in range(ranks)] for _ in range(size)]
    # per entity and class (slot, length): the improvements that put compounds there, each as
    # (compounds, from entity, claim, class there); a compound enters one class at most once
    log: list[dict[tuple[int, int], list[_Entry]]] = [{} for _ in range(size)]
    frontier: dict[int, int] = {}
    for b, node in enumerate(compounds):  # the compound itself: rank -1 (slot 0), length 0
        bit = 1 << b
        lengths[node][0][0] = bit
        for k in range(1, ranks + 1):
            below[node][k] |= bit
        frontier[node] = bit
    for layer in range(max_length):
        frontier = _relax_layer(frontier, layer == max_length - 1, out, target, kept_slot, below, lengths, log)
    return lengths, log


def _groups(lengths_u: list[dict[int, int]], here: int) -> tuple[list[tuple[int, int, int]], int]:
    """The chain classes (slot, length, compounds) at an entity that hold compounds of ``here``, and their union."""
    groups = [
        (slot, length, bits & here)
        for slot, by_length in enumerate(lengths_u)
        for length, bits in by_length.items()
        if bits & here
    ]
    reaching = 0
    for _, _, bits in groups:
        reaching |= bits
    return groups, reaching


def _relax_layer(
    frontier: dict[int, int],
    last: bool,
    out: list[list[tuple[int, int, tuple[tuple[int, Claim], ...]]]],
    target: list[bool],
    kept_slot: int,
    below: list[list[int]],
    lengths: list[list[dict[int, int]]],
    log: list[dict[tuple[int, int], list[_Entry]]],
) -> dict[int, int]:
    """One layer: the frontier's chains carried over every causal pair; the next frontier."""
    nxt: dict[int, int] = {}
    for u in sorted(frontier):
        groups, reaching = _groups(lengths[u], frontier[u])
        for v, low, lowered in out[u]:
            below_v = below[v]
            if last:
                # in the last layer a chain matters where it still travels on in this layer
                # (v comes later in the order) or may be reported at a target
                relevant = frontier.get(v, 0) if v > u else 0
                if target[v]:
                    relevant |= ~below_v[kept_slot]
                if not reaching & relevant & ~below_v[low]:
                    continue
            elif not reaching & ~below_v[low]:  # every compound is already stronger at v
                continue
            lengths_v = lengths[v]
            for slot_u, length_u, bits in groups:
                slot = slot_u if slot_u > low else low
                length = length_u + 1
                taken = bits & ~below_v[slot]  # not already stronger at v
                if last:
                    taken &= relevant
                if not taken:
                    continue
                for other, b in lengths_v[slot].items():  # as strong: only a shorter chain wins
                    if other <= length:
                        taken &= ~b
                if not taken:
                    continue
                had = taken & below_v[_RANKS]
                if had:
                    _leave(lengths_v, below_v, had, slot)
                same = lengths_v[slot]
                same[length] = same.get(length, 0) | taken
                for k in range(slot + 1, _RANKS + 1):
                    below_v[k] |= taken
                if not last:
                    nxt[v] = nxt.get(v, 0) | taken
                claim = lowered[0][1]
                if lowered[0][0] >= slot:
                    claim = next(c for r, c in lowered if r < slot)
                log[v].setdefault((slot, length), []).append((taken, u, claim, slot_u, length_u))
    return nxt


def _leave(lengths_v: list[dict[int, int]], below_v: list[int], had: int, slot: int) -> None:
    """Take the compounds ``had`` out of the (weaker or longer) classes they were in at an entity."""
    r = slot
    while had:
        there = had & below_v[r + 1]
        if there:
            by_length = lengths_v[r]
            for other in [o for o, b in by_length.items() if b & there]:
                left = by_length[other] & ~there
                if left:
                    by_length[other] = left
                else:
                    del by_length[other]
            had ^= there
        r += 1


# The reported chains, then their claims. A chain of length L at an entity was logged with the
# class it came from, of length L - 1; so first, longest first, collect which compounds are
# looked up in each class (one scan of its log for all of them), then, shortest first, give
# each (compound, entity, class) looked up its claims from the one before.


def _reported_classes(
    lengths: list[list[dict[int, int]]], target: list[bool], reported: Collection[int], min_claims: int
) -> tuple[list[tuple[int, int, int, int]], dict[tuple[int, int, int], int]]:
    """The classes reported at targets, as (entity, slot, length, compounds), and the same as a lookup."""
    reported_at: list[tuple[int, int, int, int]] = []  # (entity, slot, length, compounds)
    wanted: dict[tuple[int, int, int], int] = {}  # (entity, slot, length) -> compounds looked up
    for node, by_slot in enumerate(lengths):
        if not target[node]:
            continue
        for slot, by_length in enumerate(by_slot):
            if slot - 1 not in reported:
                continue
            for length, bits in by_length.items():
                if length >= min_claims:
                    reported_at.append((node, slot, length, bits))
                    wanted[(node, slot, length)] = bits
    return reported_at, wanted


def _traced(
    log: list[dict[tuple[int, int], list[_Entry]]], wanted: dict[tuple[int, int, int], int]
) -> dict[int, list[tuple[int, int, int, list[tuple[int, _Entry]]]]]:
    """Longest first, the log entries of every class looked up, by length (``wanted`` grows as it goes)."""
    by_length_first: dict[int, list[tuple[int, int]]] = {}
    for node, slot, length in wanted:
        by_length_first.setdefault(length, []).append((node, slot))
    hits: dict[int, list[tuple[int, int, int, list[tuple[int, _Entry]]]]] = {}
    for length in range(max(by_length_first, default=0), 0, -1):
        for node, slot in by_length_first.get(length, ()):
            bits = wanted[(node, slot, length)]
            found_here = []
            for entry in log[node][(slot, length)]:
                got = entry[0] & bits
                if got:
                    found_here.append((got, entry))
                    if entry[3]:  # from another entity's class, of length - 1
                        key = (entry[1], entry[3], length - 1)
                        before = wanted.get(key)
                        if before is None:
                            wanted[key] = got
                            by_length_first.setdefault(length - 1, []).append((entry[1], entry[3]))
                        else:
                            wanted[key] = before | got
                    bits ^= got
                    if not bits:
                        break
            hits.setdefault(length, []).append((node, slot, length, found_here))
    return hits


def _claims_of(
    hits: dict[int, list[tuple[int, int, int, list[tuple[int, _Entry]]]]],
) -> dict[tuple[int, int, int, int], tuple[Claim, ...]]:
    """Shortest first, the claims of each (compound bit, entity, slot, length) looked up."""
    claims_of: dict[tuple[int, int, int, int], tuple[Claim, ...]] = {}
    for length in sorted(hits):
        for node, slot, _, found_here in hits[length]:
            for got, (_, u, claim, slot_u, length_u) in found_here:
                for p in _positions(got) if got & (got - 1) else (got.bit_length() - 1,):
                    before = claims_of[(p, u, slot_u, length_u)] if slot_u else ()
                    claims_of[(p, node, slot, length)] = (*before, claim)
    return claims_of
