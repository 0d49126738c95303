"""One entity name found in a text (:class:`Mention`), what the entity matcher gives every later step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kg.model import EntityType

__all__ = ["Mention", "entity_ids"]


@dataclass(frozen=True)
class Mention:
    """One entity name found in a text: [start, end), the entity and how it matched."""

    start: int
    end: int
    entity: str
    type: EntityType
    surface: str
    exact: bool

    @property
    def length(self) -> int:
        """Characters covered."""
        return self.end - self.start


def entity_ids(mentions: Iterable[Mention]) -> list[str]:
    """Entity ids of mentions, in order, without repeats."""
    seen: dict[str, None] = {}
    for m in mentions:
        seen.setdefault(m.entity, None)
    return list(seen)
