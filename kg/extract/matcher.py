"""The entity matcher: finds ontology entities in running text by label and synonym.

Owns longest-match-wins mention finding on word boundaries over two sources: the curated names of
``ontology/entities/*.yaml`` (their patterns under the variant rules of
``ontology/extraction/variants.yaml``: :mod:`kg.extract.variants`, searched around their anchors:
:mod:`kg.extract.anchors`) and the field's vocabularies (:mod:`kg.grounding`). The mentions taken
are then refined (:mod:`kg.extract.refine`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from kg.extract.anchors import anchored_matches
from kg.extract.mention import Mention
from kg.extract.refine import composite_map, expand_ellipsis, merge_composites, pathway_map
from kg.extract.variants import NamePatterns, Variants, load_variants
from kg.model import Entity, EntityType, IdSource

__all__ = ["EntityMatcher", "load_matcher"]

if TYPE_CHECKING:
    from kg.grounding import GroundingIndex


class EntityMatcher:
    """Find entity mentions by label and synonyms, tolerant of Greek, hyphen, space and case variants.

    Examples
    --------
    >>> m = EntityMatcher(entities, variants)  # doctest: +SKIP
    >>> [x.entity for x in m.find("NFkB and TNF-alpha")]  # doctest: +SKIP
    ['FPLX:NFkappaB', 'HGNC:11892']
    """

    def __init__(self, entities: Mapping[str, Entity], variants: Variants, index: GroundingIndex | None = None) -> None:
        self.entities = dict(entities)
        self.curated = frozenset(self.entities)
        self.variants = variants
        self.index = index
        self._fold = str.maketrans(variants.fold) if variants.fold else {}
        # patterns are compiled on first use: a document needs only the few whose anchor it contains
        self._patterns: list[tuple[str, str, str, str]] = NamePatterns(variants).forms(self.entities)
        self._compiled: dict[str, re.Pattern[str]] = {}
        self._composites: dict[tuple[str, str], str] = {}  # empty while the composites are resolved: names unmerged
        self._composites = composite_map(self.entities, self.resolve)
        self.pathway_of = pathway_map(self.entities, self.resolve)

    def entity(self, curie: str) -> Entity | None:
        """The entity an id denotes: a curated one, or one of the grounding index (then registered)."""
        if curie not in self.entities and self.index is not None:
            row = self.index.row(curie)
            if row is not None:
                self.entities[curie] = Entity(curie, row[1], EntityType(row[2]), id_source=IdSource.STANDARDS)
        return self.entities.get(curie)

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        """Every mention in ``text``, longest match first, no overlaps, in text order."""
        text = unicodedata.normalize("NFC", text)
        if self._fold:
            text = text.translate(self._fold)
        named: dict[int, int] = {}  # id(candidate) -> length of the name it matched (more specific first)
        candidates = self._curated_candidates(text, offset, named)
        if self.index is not None:
            candidates.extend(self._grounded_candidates(text, offset, named))
        taken = self._longest(text, candidates, offset, named)
        merged = merge_composites(text, sorted(taken, key=lambda c: c.start), offset, self._composites)
        return expand_ellipsis(text, merged, offset, self.entities, self.resolve)

    def _curated_candidates(self, text: str, offset: int, named: dict[int, int]) -> list[Mention]:
        """Every match of a curated name's pattern (overlapping ones too)."""
        lowered = text.lower()
        same_length = len(lowered) == len(text)
        candidates: list[Mention] = []
        for pattern, ent_id, name, anchor in self._patterns:
            if anchor not in lowered:
                continue
            compiled = self._compiled.get(pattern)
            if compiled is None:
                # patterns are lowercase and run on the lowercased text (no case-folding cost); the rare
                # text whose lowercase changes length is searched case-insensitively instead
                compiled = self._compiled[pattern] = re.compile(pattern)
            if not same_length:
                compiled = re.compile(pattern, re.IGNORECASE)
            for m in anchored_matches(compiled, lowered if same_length else text, lowered, anchor, name):
                surface = text[m.start() : m.end()]
                cand = Mention(
                    m.start() + offset, m.end() + offset, ent_id, self.entities[ent_id].type, surface, surface == name
                )
                named[id(cand)] = len(name)
                candidates.append(cand)
        return candidates

    def _grounded_candidates(self, text: str, offset: int, named: dict[int, int]) -> list[Mention]:
        """The grounding index's names in ``text``, their entities registered on first sight."""
        assert self.index is not None
        candidates: list[Mention] = []
        for hit in self.index.find(text):
            if hit.curie not in self.entities:
                self.entities[hit.curie] = Entity(
                    hit.curie, hit.label, EntityType(hit.entity_type), id_source=IdSource.STANDARDS
                )
            cand = Mention(
                hit.start + offset,
                hit.end + offset,
                hit.curie,
                self.entities[hit.curie].type,
                text[hit.start : hit.end],
                text[hit.start : hit.end] == hit.label,
            )
            named[id(cand)] = 0
            candidates.append(cand)
        return candidates

    def _longest(self, text: str, candidates: list[Mention], offset: int, named: dict[int, int]) -> list[Mention]:
        """The candidates taken, longest first, none overlapping one taken before it."""
        # longest first; at equal length a curated name wins over the general vocabularies
        candidates.sort(
            key=lambda c: (-c.length, c.entity not in self.curated, not c.exact, -named[id(c)], c.start, c.entity)
        )
        taken: list[Mention] = []
        occupied = bytearray(len(text) + 1)  # 1 where a longer name was already taken
        for cand in candidates:
            start, end = cand.start - offset, cand.end - offset
            if occupied.find(1, start, end) != -1:
                continue
            taken.append(cand)
            occupied[start:end] = b"\x01" * (end - start)
        return taken

    def find_many(self, texts: Sequence[str]) -> list[list[Mention]]:
        """Mentions of many short texts at once (one pass over their concatenation), per text."""
        texts = [unicodedata.normalize("NFC", t) for t in texts]
        starts: list[int] = []
        pos = 0
        for t in texts:
            starts.append(pos)
            pos += len(t) + 3
        found = self.find("\n\x00\n".join(texts))  # no name or list runs across a NUL
        out: list[list[Mention]] = [[] for _ in texts]
        i = 0
        for m in found:
            while i + 1 < len(starts) and m.start >= starts[i + 1]:
                i += 1
            base, end = starts[i], starts[i] + len(texts[i])
            if m.end <= end:
                out[i].append(Mention(m.start - base, m.end - base, m.entity, m.type, m.surface, m.exact))
        return out

    def resolve(self, name: str) -> str | None:
        """The entity a whole name denotes (exact id, or a mention covering all of it), else None."""
        name = unicodedata.normalize("NFC", name.strip())
        if name in self.entities:
            return name
        found = self.find(name)
        core = re.sub(r"[\W_]+", "", name)
        for m in found:
            if re.sub(r"[\W_]+", "", m.surface).casefold() == core.casefold():
                return m.entity
        return None


def load_matcher(ontology: Path, entities: Mapping[str, Entity] | None = None, grounding: bool = True) -> EntityMatcher:
    """Build the matcher from ``ontology/entities`` (or given entities) and ``ontology/extraction``.

    With ``grounding`` (and an ``ontology/grounding`` folder), names of the field's vocabularies
    (:mod:`kg.grounding`) are found too; the curated entities win where both name a span.
    """
    if entities is None:
        from kg.seeds.load import load_vocabulary

        entities = load_vocabulary(ontology, with_contexts=False)[0]
    index = None
    if grounding and (ontology / "grounding" / "sources.yaml").is_file():
        from kg.grounding import load_index

        index = load_index(ontology)
    return EntityMatcher(entities, load_variants(ontology / "extraction"), index)
