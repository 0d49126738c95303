"""The weak-chain search as it stood before issue 18 (one search per compound): the oracle that
``kg.audit.weak_chains`` must match finding for finding. Copied unchanged apart from this header
and its imports; do not "fix" it, it defines the expected output."""

from __future__ import annotations

from kg.audit.chains import CHAIN_TARGETS as _CHAIN_TARGETS
from kg.audit.chains import WEAK_LINKS as _WEAK_LINKS
from kg.audit.common import COMPOUND_TYPES as _COMPOUNDS
from kg.audit.common import sorted_locators as _locs
from kg.model import Finding, FindingCategory, KnowledgeBase, Severity, SupportClass
from kg.query import is_causal_link

__all__ = ["weak_chains_reference"]


def weak_chains_reference(kb: KnowledgeBase, max_length: int = 3) -> list[Finding]:
    """Compound-to-target chains whose strongest version still has a vendor-only or uncited link."""
    # the causal view as plain adjacency, in the order a MultiDiGraph of the claims lists its edges:
    # targets by their first claim from u (of any kind), then claims in order
    adjacency: dict[str, dict[str, list[tuple[str, int]]]] = {}
    for claim in kb.claims:
        links = adjacency.setdefault(claim.subject, {}).setdefault(claim.object, [])
        adjacency.setdefault(claim.object, {})
        if is_causal_link(claim.predicate, claim.direction):
            links.append((claim.id, claim.support.rank))
    by_id = {c.id: c for c in kb.claims}
    findings = []
    for compound in sorted(n for n in adjacency if kb.entities[n].type in _COMPOUNDS):
        # best[v] = (weakest-link rank, path of claim ids): minimise the weakest link, then length
        best: dict[str, tuple[int, tuple[str, ...]]] = {compound: (-1, ())}
        frontier = {compound}
        for _ in range(max_length):
            nxt: set[str] = set()
            for u in sorted(frontier):
                rank_u, path_u = best[u]
                for v, links in adjacency[u].items():
                    if v == compound or any(by_id[c].object == v for c in path_u):
                        continue
                    for key, rank in links:
                        cand = (max(rank_u, rank), (*path_u, key))
                        if v not in best or (cand[0], len(cand[1])) < (best[v][0], len(best[v][1])):
                            best[v] = cand
                            nxt.add(v)
            frontier = nxt
        for target, (rank, path) in sorted(best.items()):
            if len(path) < 2 or kb.entities[target].type not in _CHAIN_TARGETS:
                continue
            weakest = list(SupportClass)[rank]
            if weakest not in _WEAK_LINKS:
                continue
            chain = " -> ".join([kb.label(compound)] + [kb.label(by_id[c].object) for c in path])
            findings.append(
                Finding(
                    FindingCategory.WEAK_CHAIN,
                    Severity.MEDIUM,
                    f"the strongest chain {chain} has a {weakest.value} link",
                    path,
                    (),
                    _locs(e for c in path for e in by_id[c].evidence),
                )
            )
    return findings
