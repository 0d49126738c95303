"""The weak-chain search for every compound at once: a layered search whose state is kept as bitsets.

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
the number of causal pairs × ``max_length`` × the classes present at an entity (a few), not
compounds × claims. Each accepted improvement is logged (which compounds, from where, through
which claim); a chain is rebuilt by walking that log backwards, and only for the chains asked
for. The strongest-link-first rule is not plain reachability (a shorter but weaker chain may be
kept and travel on, and in-layer order matters), which is why this is a bounded layered
search, linear in pairs × ``max_length``, rather than a condensation and topological pass.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Collection
from dataclasses import dataclass

from kg.model import Claim

__all__ = ["Chain", "strongest_chains"]

_LEN_BITS = 20  # a class key is (rank + 1) << _LEN_BITS | length: ordered as (rank, length)
_LEN_MASK = (1 << _LEN_BITS) - 1


@dataclass(frozen=True)
class Chain:
    """The strongest chain found from a compound to an entity: its weakest-link rank and claim ids."""

    compound: str
    target: str
    rank: int
    claims: tuple[str, ...]


def _causal_pairs(
    claims: Collection[Claim], causal: Callable[[Claim], bool]
) -> tuple[list[str], list[list[tuple[int, int, tuple[tuple[int, str], ...]]]]]:
    """Entities in sorted order and, for each, its causal out-pairs in the order the search visits them.

    A pair is (target index, lowest rank, links) where links are the claims that lowered the rank
    so far in claim order (rank, claim id): the first one at or below a rank is what the search
    takes. Targets keep the order of their first claim from the entity (of any kind).
    """
    adjacency: dict[str, dict[str, list[tuple[int, str]]]] = {}
    for claim in claims:
        links = adjacency.setdefault(claim.subject, {}).setdefault(claim.object, [])
        adjacency.setdefault(claim.object, {})
        if causal(claim):
            links.append((claim.support.rank, claim.id))
    nodes = sorted(adjacency)
    index = {n: i for i, n in enumerate(nodes)}
    out: list[list[tuple[int, int, tuple[tuple[int, str], ...]]]] = []
    for u in nodes:
        pairs = []
        for v, links in adjacency[u].items():
            if not links or v == u:  # a loop never improves a chain (its end is already on it)
                continue
            lowered: list[tuple[int, str]] = []
            for rank, key in links:
                if not lowered or rank < lowered[-1][0]:
                    lowered.append((rank, key))
            pairs.append((index[v], lowered[-1][0], tuple(lowered)))
        out.append(pairs)
    return nodes, out


def strongest_chains(
    claims: Collection[Claim],
    is_compound: Callable[[str], bool],
    causal: Callable[[Claim], bool],
    wanted: Callable[[str, int, int], bool],
    max_length: int = 3,
) -> list[Chain]:
    """The strongest chain from each compound to each entity where ``wanted(entity, rank, length)`` holds.

    Chains come sorted by compound, then entity; the search is the per-compound one described in
    the module docstring, for all compounds at once.
    """
    nodes, out = _causal_pairs(claims, causal)
    compounds = [i for i, n in enumerate(nodes) if is_compound(n)]
    bit_of = {node: 1 << b for b, node in enumerate(compounds)}
    classes: list[dict[int, int]] = [{} for _ in nodes]  # class key -> compounds
    log_seq: list[list[int]] = [[] for _ in nodes]  # per entity, the improvements in order
    log_bits: list[list[int]] = [[] for _ in nodes]
    log_from: list[list[int]] = [[] for _ in nodes]
    log_claim: list[list[str]] = [[] for _ in nodes]
    start = 0 << _LEN_BITS  # rank -1, length 0: the compound itself
    frontier: dict[int, int] = {}
    for node, bit in bit_of.items():
        classes[node][start] = bit
        frontier[node] = bit
    seq = 0
    for _ in range(max_length):
        nxt: dict[int, int] = {}
        for u in sorted(frontier):
            here = frontier[u]
            groups = [(key, bits & here) for key, bits in classes[u].items() if bits & here]
            for v, lowest, lowered in out[u]:
                at_v = classes[v]
                for key, bits in groups:
                    rank = max((key >> _LEN_BITS) - 1, lowest)
                    cand = (rank + 1) << _LEN_BITS | ((key & _LEN_MASK) + 1)
                    taken = bits
                    for k, b in at_v.items():
                        if k <= cand:
                            taken &= ~b
                            if not taken:
                                break
                    if not taken:
                        continue
                    for k in [k for k in at_v if k > cand]:
                        left = at_v[k] & ~taken
                        if left:
                            at_v[k] = left
                        else:
                            del at_v[k]
                    at_v[cand] = at_v.get(cand, 0) | taken
                    nxt[v] = nxt.get(v, 0) | taken
                    seq += 1
                    log_seq[v].append(seq)
                    log_bits[v].append(taken)
                    log_from[v].append(u)
                    log_claim[v].append(next(c for r, c in lowered if r <= rank))
        frontier = nxt

    def rebuild(compound: int, node: int) -> tuple[str, ...]:
        bit = bit_of[compound]
        path: list[str] = []
        bound = seq + 1
        while node != compound:
            i = bisect_left(log_seq[node], bound) - 1
            while not log_bits[node][i] & bit:
                i -= 1
            path.append(log_claim[node][i])
            bound = log_seq[node][i]
            node = log_from[node][i]
        return tuple(reversed(path))

    found: list[tuple[int, int, int]] = []  # (compound bit position, entity, rank)
    for node, at in enumerate(classes):
        for key, bits in at.items():
            rank, length = (key >> _LEN_BITS) - 1, key & _LEN_MASK
            if length == 0 or not wanted(nodes[node], rank, length):
                continue
            while bits:
                low = bits & -bits
                found.append((low.bit_length() - 1, node, rank))
                bits ^= low
    found.sort()
    return [Chain(nodes[compounds[b]], nodes[node], rank, rebuild(compounds[b], node)) for b, node, rank in found]
