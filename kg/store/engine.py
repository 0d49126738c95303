"""What every query engine offers: the :class:`Engine` protocol, the :class:`LoadStats` of a load,
and the claims a query run on an engine selects (:func:`engine_claims`).

The embedded pyoxigraph store (:mod:`kg.store.embedded`) and a remote SPARQL server
(:mod:`kg.store.remote`) both load the RDF view and answer SELECT queries with plain strings;
:func:`kg.store.embedded.open_engine` chooses one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from kg.errors import QueryError, RemoteError
from kg.model import Claim, Finding, KnowledgeBase, SupportClass
from kg.selection import weak_support
from kg.vocab.iris import enum_iri

__all__ = ["Engine", "LoadStats", "engine_claims"]


@dataclass(frozen=True)
class LoadStats:
    """What a load did: the triples the store holds (``len``, what ``COUNT(*)`` answers) and seconds."""

    triples: int
    seconds: float


class Engine(Protocol):
    """Something that loads the RDF view and answers SPARQL SELECT queries."""

    def load(self, kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> LoadStats:
        """Replace the engine's content with the RDF view of ``kb`` (and ``findings``)."""
        ...

    def query(
        self, text: str, bindings: Mapping[str, str] | None = None
    ) -> tuple[list[str], list[tuple[str | None, ...]]]:
        """Run a SELECT (name, .rq path or text); rows of IRI text / literal values, stable order."""
        ...

    def close(self) -> None:
        """Release the store or connection."""
        ...


def engine_claims(
    engine: Any, kb: KnowledgeBase, query: str, classes: Iterable[SupportClass] | None = None
) -> list[Claim]:
    """The claims a query run on an engine selects (its ``?id`` and ``?support`` columns).

    Claims come back as the local claim records, in the order of :func:`kg.query.weak_support`
    (weakest first), narrowed to ``classes`` by the support class the engine holds. An engine
    holding a claim the local seeds lack, or with another support class, is out of date: that
    is an error, not a silent mix.
    """
    names, rows = engine.query(query)
    if "id" not in names or "support" not in names:
        raise QueryError(f"query {query!r} must select ?id and ?support to list claims")
    by_id = {c.id: c for c in kb.claims}
    by_iri = {enum_iri(s): s for s in SupportClass}
    wanted = set(classes) if classes is not None else set(SupportClass)
    i_id, i_support = names.index("id"), names.index("support")
    found: dict[str, Claim] = {}
    stale: list[str] = []
    for row in rows:
        claim_id, support = row[i_id] or "", by_iri.get(row[i_support] or "")
        claim = by_id.get(claim_id)
        if claim is None or support is not claim.support:
            stale.append(claim_id)
        elif support in wanted:
            found[claim_id] = claim
    if stale:
        shown = ", ".join(sorted(stale)[:5]) + (", ..." if len(stale) > 5 else "")
        raise RemoteError(
            f"the graph queried holds {len(stale)} claims that differ from the local seeds ({shown}); "
            "load the current graph first (kg build --endpoint URL)"
        )
    order = {c.id: n for n, c in enumerate(weak_support(kb, list(SupportClass)))}
    return sorted(found.values(), key=lambda c: order[c.id])
