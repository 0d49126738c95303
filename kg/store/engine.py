"""What every query engine offers: the :class:`Engine` protocol and the :class:`LoadStats` of a load.

The embedded pyoxigraph store (:mod:`kg.store.embedded`) and a remote SPARQL server
(:mod:`kg.store.remote`) both load the RDF view and answer SELECT queries with plain strings;
:func:`kg.store.embedded.open_engine` chooses one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from kg.model import Finding, KnowledgeBase

__all__ = ["Engine", "LoadStats"]


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
