"""The grounding index: every vocabulary name compiled once into a cached key table
(:mod:`kg.grounding.table`, :mod:`kg.grounding.cache`), matched in linear time over the tokens of a
text (:mod:`kg.grounding.scan`), an alias several genes share read by its siblings
(:mod:`kg.grounding.siblings`).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from kg.grounding.cache import FORMAT, cache_path, cached_table
from kg.grounding.lookup import Hit, KeyTable
from kg.grounding.normalize import symbol_shaped
from kg.grounding.scan import BLOCK, find_block
from kg.grounding.siblings import by_siblings
from kg.grounding.sources import resources_folder
from kg.grounding.table import compile_terms, read_rules

__all__ = [
    "FORMAT",
    "GroundingIndex",
    "Hit",
    "cache_path",
    "compile_terms",
    "load_index",
    "read_rules",
    "symbol_shaped",
]


class GroundingIndex(KeyTable):
    """Finds vocabulary names in text; curated entities (an overlay) win over the vocabularies."""

    def find(self, text: str, offset: int = 0) -> list[Hit]:
        """Longest vocabulary names in ``text``, left to right, not overlapping (offsets + ``offset``).

        No name runs across a line break, so a long text is read in blocks of whole lines: the
        same hits, with the per-word work held to one block at a time.
        """
        if len(text) <= BLOCK:
            return by_siblings(self, find_block(self, text, offset))
        hits: list[Hit] = []
        start = 0
        while start < len(text):
            end = text.find("\n", start + BLOCK)
            end = len(text) if end == -1 else end + 1
            hits.extend(by_siblings(self, find_block(self, text[start:end], offset + start)))
            start = end
        return hits


def load_index(
    ontology: Path | None = None,
    curated: Mapping[str, Sequence[str]] | None = None,
    say: Callable[[str], None] | None = None,
    resources: Path | None = None,
) -> GroundingIndex:
    """Load the cached index (compiling it first when missing, stale or corrupt)."""
    say = say or (lambda msg: print(msg, file=sys.stderr))
    rules = read_rules((ontology or Path("ontology")) / "grounding")
    folder = resources or resources_folder()
    return GroundingIndex(cached_table(folder, rules, say), rules, curated)
