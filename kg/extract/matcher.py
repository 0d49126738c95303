"""The entity matcher: finds ontology entities in running text by label and synonym.

Owns surface-form normalisation (Unicode NFC, Greek letters and their spelled-out and one-letter
Latin forms, optional hyphens and spaces between tokens, case) and longest-match-wins mention
finding on word boundaries. The variant rules are data in ``ontology/extraction/variants.yaml``;
the names come from ``ontology/entities/*.yaml``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from kg.errors import SeedError, SeedErrors
from kg.model import Entity, EntityType, IdSource
from kg.read.rulefile import read_rules

__all__ = [
    "EntityMatcher",
    "Mention",
    "Variants",
    "entity_ids",
    "load_matcher",
    "load_variants",
]

if TYPE_CHECKING:
    from kg.grounding import GroundingIndex

_TOKEN = re.compile(r"[A-Za-z]+|[0-9]+|[^\sA-Za-z0-9]")


@dataclass(frozen=True)
class Variants:
    """Greek-letter spellings, separators and forms never matched alone."""

    greek: dict[str, tuple[str, ...]] = field(default_factory=dict)
    latin: dict[str, str] = field(default_factory=dict)
    latin_min_context: int = 3
    separators: str = " -"
    stop_forms: frozenset[str] = frozenset()
    fold: dict[str, str] = field(default_factory=dict)
    inverted_endings: tuple[str, ...] = ()


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


def load_variants(folder: Path) -> Variants:
    """Read ``variants.yaml`` from ``folder`` (``ontology/extraction``); SeedErrors when malformed."""
    path = folder / "variants.yaml"
    raw = read_rules(path, "variant rules")
    greek: dict[str, tuple[str, ...]] = {}
    latin: dict[str, str] = {}
    for letter, spec in (raw.get("greek") or {}).items():
        if not isinstance(spec, dict) or not spec.get("names"):
            raise SeedErrors([SeedError(str(path), 1, f"greek letter {letter!r} needs a list of names")])
        letter = unicodedata.normalize("NFC", str(letter))
        greek[letter] = tuple(str(n).lower() for n in spec["names"])
        if spec.get("latin"):
            latin[letter] = str(spec["latin"]).lower()
    return Variants(
        greek=greek,
        latin=latin,
        latin_min_context=int(raw.get("latin_min_context", 3)),
        separators=str(raw.get("separators", " -")),
        stop_forms=frozenset(str(s).casefold() for s in raw.get("stop_forms") or ()),
        fold={str(k): str(v) for k, v in (raw.get("fold") or {}).items() if len(str(k)) == len(str(v)) == 1},
        inverted_endings=tuple(str(e).lower() for e in raw.get("inverted_endings") or ()),
    )


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
        sep = re.escape(variants.separators)
        self._sep = f"[{sep}]*"
        self._sep_required = f"[{sep}]+"
        # an abbreviation in parentheses may stand between two words: "Sonic hedgehog (Shh) signaling"
        self._abbrev = rf"(?:[{sep}]*\([^()]{{1,12}}\)[{sep}]*)?"
        self._fold = str.maketrans(variants.fold) if variants.fold else {}
        forms: dict[str, list[tuple[str, str]]] = {}
        for ent in sorted(self.entities.values(), key=lambda e: e.id):
            for name in (ent.label, *ent.synonyms):
                name = unicodedata.normalize("NFC", name.strip())
                if not name or name.casefold() in variants.stop_forms:
                    continue
                pattern = self._pattern(name)
                forms.setdefault(pattern, []).append((ent.id, name))
                inverted = self._inverted(name, ent.type)
                if inverted:
                    forms.setdefault(self._inverted_pattern(inverted), []).append((ent.id, inverted))
        # patterns are compiled on first use: a document needs only the few whose anchor it contains
        self._patterns: list[tuple[str, str, str, str]] = []
        self._compiled: dict[str, re.Pattern[str]] = {}
        for pattern, owners in sorted(forms.items()):
            ent_id, name = owners[0]  # same surface pattern for two entities: the first id wins
            self._patterns.append((pattern, ent_id, name, self._anchor(name)))
        self._composites = self._composite_map()
        self.pathway_of = self._pathway_map()

    def entity(self, curie: str) -> Entity | None:
        """The entity an id denotes: a curated one, or one of the grounding index (then registered)."""
        if curie not in self.entities and self.index is not None:
            row = self.index.row(curie)
            if row is not None:
                self.entities[curie] = Entity(curie, row[1], EntityType(row[2]), id_source=IdSource.STANDARDS)
        return self.entities.get(curie)

    def _token_pattern(self, token: str, alone: bool, context: int) -> str:
        """Regex for one token: a Greek letter becomes its spellings, other text is literal."""
        v = self.variants
        if token in v.greek:
            options = [re.escape(token.lower()), *(re.escape(n) for n in v.greek[token])]
            if token in v.latin and not alone and context >= v.latin_min_context:
                options.append(re.escape(v.latin[token]))
            return "(?:" + "|".join(options) + ")"
        lowered = token.lower()
        for letter, names in v.greek.items():  # a spelled-out Greek name also matches the letter
            if lowered in names:
                return "(?:" + "|".join([re.escape(lowered), re.escape(letter)]) + ")"
        return re.escape(lowered)

    def _inverted(self, name: str, kind: EntityType) -> str | None:
        """ "neuron migration" -> "migration of neuron" for process names ending in a nominalisation."""
        words = name.split()
        if kind not in (EntityType.PROCESS, EntityType.PHENOTYPE) or len(words) < 2:
            return None
        head = words[-1].lower()
        if not head.isalpha() or not head.endswith(self.variants.inverted_endings):
            return None
        rest = " ".join(words[:-1])
        if not rest.replace("-", "").replace(" ", "").isalpha():
            return None
        return f"{words[-1]} of {rest}"

    _LEFT = r"(?<![A-Za-z0-9])"

    def _inverted_pattern(self, inverted: str) -> str:
        """Regex for "<noun> of <what>", allowing "the" and up to two plain words before <what>."""
        noun, _, rest = inverted.partition(" of ")
        body = self._pattern(rest)[len(self._LEFT) :]
        return rf"{self._LEFT}{re.escape(noun.lower())}[ \t]+of[ \t]+(?:the[ \t]+)?(?:[a-z-]+[ \t]+){{0,2}}?{body}"

    def _anchor(self, name: str) -> str:
        """The longest plain token of a name (lowercase): a text without it cannot match."""
        plain = [t.lower() for t in _TOKEN.findall(name) if t.isalnum() and not self._is_greek(t)]
        return max(plain, key=len) if plain else ""

    def _is_greek(self, token: str) -> bool:
        lowered = token.lower()
        return token in self.variants.greek or any(lowered in names for names in self.variants.greek.values())

    def _pattern(self, name: str) -> str:
        """Regex for one name: tokens joined by optional separators, bounded by non-word characters."""
        spans = [(m.group(0), m.start()) for m in _TOKEN.finditer(name) if m.group(0) not in self.variants.separators]
        tokens = [t for t, _ in spans]
        context = sum(len(t) for t in tokens if not self._is_greek(t))
        parts: list[str] = []
        for i, (token, start) in enumerate(spans):
            piece = self._token_pattern(token, len(tokens) == 1, context)
            if parts:
                prev, prev_start = spans[i - 1]
                gap = name[prev_start + len(prev) : start]
                # two words written apart ("free radicals") keep a separator; hyphens and joins are optional
                words = prev.isalpha() and token.isalpha() and not self._is_greek(prev) and not self._is_greek(token)
                joint = self._sep_required if words and gap.strip() == "" and gap else self._sep
                if len(prev) >= 3 and prev.isalnum() and token.isalnum():
                    joint = f"(?:{joint}|{self._abbrev.replace(')?', ')')})"
                parts.append(joint)
            parts.append(piece)
        last = tokens[-1] if tokens else ""
        plural = ""
        if len(last) > 3 and last.isalpha() and last.islower():
            plural = "(?:es)?" if last.endswith("s") else "(?:e?s)?"
        return r"(?<![A-Za-z0-9])" + "".join(parts) + plural + r"(?![A-Za-z0-9])"

    def _pathway_map(self) -> dict[str, str]:
        """Proteins that name a pathway ("Shh pathway", "BDNF signaling"): protein id -> pathway id."""
        out: dict[str, str] = {}
        tail = re.compile(r"\s+(?:signal(?:l)?ing(?:\s+pathway)?|pathway|cascade)$", re.IGNORECASE)
        for ent in sorted(self.entities.values(), key=lambda e: e.id):
            if ent.type is not EntityType.PATHWAY:
                continue
            for name in (ent.label, *ent.synonyms):
                head = tail.sub("", name)
                if head == name or "/" in head:
                    continue
                protein = self.resolve(head)
                if protein and self.entities[protein].type in (EntityType.PROTEIN, EntityType.PROTEIN_FAMILY):
                    out.setdefault(protein, ent.id)
        return out

    def _composite_map(self) -> dict[tuple[str, str], str]:
        """Pathways named "A/B …" (PI3K/Akt pathway), keyed by the entities A and B resolve to."""
        out: dict[tuple[str, str], str] = {}
        for ent in sorted(self.entities.values(), key=lambda e: e.id):
            if ent.type is not EntityType.PATHWAY:
                continue
            for name in (ent.label, *ent.synonyms):
                left, sep, right = name.partition("/")
                if not sep or not right.split():
                    continue
                a = self.resolve(left.strip())
                b = self.resolve(right.split()[0].strip())
                if a and b and a != b:
                    out.setdefault((a, b), ent.id)
        return out

    def find(self, text: str, offset: int = 0) -> list[Mention]:
        """Every mention in ``text``, longest match first, no overlaps, in text order."""
        text = unicodedata.normalize("NFC", text)
        if self._fold:
            text = text.translate(self._fold)
        lowered = text.lower()
        same_length = len(lowered) == len(text)
        candidates: list[Mention] = []
        named: dict[int, int] = {}  # id(candidate) -> length of the name it matched (more specific first)
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
            for m in self._anchored(compiled, lowered if same_length else text, lowered, anchor, name):
                surface = text[m.start() : m.end()]
                cand = Mention(
                    m.start() + offset, m.end() + offset, ent_id, self.entities[ent_id].type, surface, surface == name
                )
                named[id(cand)] = len(name)
                candidates.append(cand)
        if self.index is not None:
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
        merged = self._merge_composites(text, sorted(taken, key=lambda c: c.start), offset)
        return self._expand_ellipsis(text, merged, offset)

    @staticmethod
    def _anchored(
        compiled: re.Pattern[str], subject: str, lowered: str, anchor: str, name: str
    ) -> Iterable[re.Match[str]]:
        """Matches of one name's pattern, searched only around the places its anchor occurs.

        A name cannot match where its longest plain token is absent, so the pattern runs on windows
        around the anchor's occurrences (found by a plain substring search) instead of the whole
        text: the same matches, in time that grows with the occurrences, not with the text.
        """
        if not anchor or len(subject) < 4096:
            yield from compiled.finditer(subject)
            return
        reach = 3 * len(name) + 40  # how far a match may extend on either side of its anchor
        for start, end in _windows(lowered, anchor, reach, len(subject)):
            for m in compiled.finditer(subject, start, end):
                if m.end() < end or end == len(subject):  # never a match cut short by the window's end
                    yield m

    _LIST_ITEM = re.compile(r"(?:\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+)([A-Za-z][\w-]*)\b")

    def _expand_ellipsis(self, text: str, found: list[Mention], offset: int) -> list[Mention]:
        """Coordinated bare nouns share the first word of a listed name.

        "cell proliferation, survival, and migration": "survival" and "migration" are read as
        "cell survival" and "cell migration" when those names exist.
        """
        extra: list[Mention] = []
        occupied = bytearray(len(text) + 1)
        for m in found:
            occupied[m.start - offset : m.end - offset] = b"\x01" * (m.end - m.start)
        for m in found:
            words = m.surface.split()
            if len(words) != 2 or not words[0].isalpha():
                continue
            pos = m.end - offset
            while True:
                item = self._LIST_ITEM.match(text, pos)
                if item is None:
                    break
                start, end = item.span(1)
                if end - start < 3:
                    break  # "Erinacine D, a compound": an article, not a listed item
                if occupied.find(1, start, end) != -1:
                    pos = end  # the item is a name of its own; the list goes on
                    continue
                ent = self.resolve(f"{words[0]} {item.group(1)}")
                if ent is None:
                    break
                extra.append(Mention(start + offset, end + offset, ent, self.entities[ent].type, item.group(1), False))
                pos = end
        # "pro- and anti-apoptotic proteins": the stub before "and" takes the rest of the next name
        for stub in self._SUSPENDED.finditer(text):
            start, end = stub.span(1)
            if occupied.find(1, start, end) != -1:
                continue
            full = next((m for m in found if m.start - offset == stub.end(2)), None)
            if full is None or "-" not in full.surface:
                continue
            ent = self.resolve(stub.group(1) + full.surface.split("-", 1)[1])
            if ent is not None and ent != full.entity:
                extra.append(Mention(start + offset, end + offset, ent, self.entities[ent].type, stub.group(1), False))
        return sorted([*found, *extra], key=lambda c: c.start) if extra else found

    _SUSPENDED = re.compile(r"(?<![\w-])([A-Za-z]+-)\s+(?:and|or|and/or)\s+()(?=[A-Za-z]+-\w)")

    _JOIN = re.compile(r"\s*(?:\([^()]{1,15}\)\s*)?/\s*")
    _TAIL = re.compile(r"\s*(?:signal(?:l)?ing\s+)?(?:pathways?|signal(?:l)?ing|cascades?|axis)\b", re.IGNORECASE)

    def _merge_composites(self, text: str, found: list[Mention], offset: int) -> list[Mention]:
        """Join "A (abbr)/B pathway" into the pathway entity named "A/B …" when there is one."""
        if not getattr(self, "_composites", None):
            return found
        # "phosphatidylinositol 3-kinase (PI3K)": the abbreviation repeats the mention before it
        found = [
            m
            for k, m in enumerate(found)
            if not (
                k
                and found[k - 1].entity == m.entity
                and re.fullmatch(r"\s*\(", text[found[k - 1].end - offset : m.start - offset])
                and text[m.end - offset : m.end - offset + 1] == ")"
            )
        ]
        out: list[Mention] = []
        i = 0
        while i < len(found):
            m = found[i]
            merged = None
            for j in range(i + 1, min(i + 3, len(found))):
                n = found[j]
                pathway = self._composites.get((m.entity, n.entity))
                gap = text[m.end - offset : n.start - offset]
                if pathway and self._JOIN.fullmatch(gap):
                    tail = self._TAIL.match(text, n.end - offset)
                    end = tail.end() + offset if tail else n.end
                    surface = text[m.start - offset : end - offset]
                    merged = (Mention(m.start, end, pathway, EntityType.PATHWAY, surface, False), j)
                    break
                if not (j == i + 1 and self._JOIN.fullmatch(gap + "/")):
                    break  # only an abbreviation in parentheses may stand between A and B
            if merged:
                out.append(merged[0])
                i = merged[1] + 1
                while i < len(found) and found[i].start < merged[0].end:
                    i += 1
            else:
                out.append(m)
                i += 1
        return out

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


def _windows(lowered: str, anchor: str, reach: int, size: int) -> list[tuple[int, int]]:
    """The spans ``reach`` characters either side of each occurrence of ``anchor``, overlapping ones joined.

    A span is grown by jumping to the last occurrence it reaches (the occurrences in between cannot
    end it sooner), so a frequent anchor costs one search per joined span, not one per occurrence."""
    windows: list[tuple[int, int]] = []
    pos = lowered.find(anchor)
    while pos != -1:
        start, end = max(0, pos - reach), min(size, pos + len(anchor) + reach)
        while True:  # the last occurrence whose span touches this one's end extends it
            last = lowered.rfind(anchor, pos + 1, end + reach + len(anchor))
            if last == -1:
                break
            pos, end = last, min(size, last + len(anchor) + reach)
        windows.append((start, end))
        pos = lowered.find(anchor, pos + 1)
    return windows


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


def entity_ids(mentions: Iterable[Mention]) -> list[str]:
    """Entity ids of mentions, in order, without repeats."""
    seen: dict[str, None] = {}
    for m in mentions:
        seen.setdefault(m.entity, None)
    return list(seen)
