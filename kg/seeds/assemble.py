"""Assembly: evidence records with the same key become one claim; reference entries that
denote the same work share one work id.

Both steps are pure functions of their input and sort their output, so every derived view is
deterministic.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable

from kg.model import Claim, Direction, Evidence, Predicate, Reference

__all__ = [
    "Statement",
    "assemble",
    "group_works",
]

#: An evidence record with the claim key it asserts.
Statement = tuple[tuple[str, Predicate, str, str, Direction], Evidence]


def group_works(references: Iterable[Reference]) -> dict[str, str]:
    """Map each reference entry key to a work id; entries sharing an identifier or title join.

    Entries with no identifier and no usable title (a bare host) each stay a work of their own.
    """
    refs = sorted(references, key=lambda r: r.key)
    parent: dict[str, str] = {r.key: r.key for r in refs}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    owner: dict[str, str] = {}
    for ref in refs:
        for ident in ref.identity_keys():
            if ident in owner:
                a, b = find(owner[ident]), find(ref.key)
                if a != b:
                    parent[max(a, b)] = min(a, b)
            else:
                owner[ident] = ref.key
    members: dict[str, list[Reference]] = defaultdict(list)
    for ref in refs:
        members[find(ref.key)].append(ref)
    works: dict[str, str] = {}
    for group in members.values():
        keys = sorted({k for r in group for k in r.identity_keys()}) or [group[0].key]
        work = "W" + hashlib.sha256(keys[0].encode("utf-8")).hexdigest()[:12]
        for ref in group:
            works[ref.key] = work
    return works


def assemble(statements: Iterable[Statement], works: dict[str, str]) -> tuple[Claim, ...]:
    """Merge statements by (subject, predicate, object, context, direction) into claims."""
    grouped: dict[tuple[str, Predicate, str, str, Direction], list[Evidence]] = defaultdict(list)
    for key, ev in statements:
        grouped[key].append(ev)
    claims = []
    for (subj, pred, obj, ctx, direction), evidence in grouped.items():
        evidence.sort(key=lambda e: e.id)
        cited = [r for e in evidence for r in e.references]
        claims.append(
            Claim(
                subject=subj,
                predicate=pred,
                object=obj,
                context=ctx,
                direction=direction,
                evidence=tuple(evidence),
                works=tuple(sorted({works[r.key] for r in cited})),
                levels=tuple(sorted({r.counted_level for r in cited}, key=lambda lv: lv.rank)),
            )
        )
    claims.sort(key=lambda c: c.key)
    return tuple(claims)
