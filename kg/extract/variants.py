"""Curated names as regular expressions: the variant rules of ``ontology/extraction/variants.yaml``
(Greek letters and their spelled-out and one-letter Latin forms, optional hyphens and spaces between
tokens, plurals, inverted process names) and the pattern, with its anchor, of every name."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import SeedError, SeedErrors
from kg.model import Entity, EntityType
from kg.read.rulefile import read_rules

__all__ = ["NamePatterns", "Variants", "load_variants"]

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


class NamePatterns:
    """The regex of each curated name under the variant rules, and its anchor (a plain token it needs)."""

    def __init__(self, variants: Variants) -> None:
        self.variants = variants
        sep = re.escape(variants.separators)
        self._sep = f"[{sep}]*"
        self._sep_required = f"[{sep}]+"
        # an abbreviation in parentheses may stand between two words: "Sonic hedgehog (Shh) signaling"
        self._abbrev = rf"(?:[{sep}]*\([^()]{{1,12}}\)[{sep}]*)?"

    def forms(self, entities: Mapping[str, Entity]) -> list[tuple[str, str, str, str]]:
        """(pattern, entity id, name, anchor) of every name of the entities, sorted by pattern."""
        variants = self.variants
        forms: dict[str, list[tuple[str, str]]] = {}
        for ent in sorted(entities.values(), key=lambda e: e.id):
            for name in (ent.label, *ent.synonyms):
                name = unicodedata.normalize("NFC", name.strip())
                if not name or name.casefold() in variants.stop_forms:
                    continue
                pattern = self.pattern(name)
                forms.setdefault(pattern, []).append((ent.id, name))
                inverted = self.inverted(name, ent.type)
                if inverted:
                    forms.setdefault(self.inverted_pattern(inverted), []).append((ent.id, inverted))
        patterns: list[tuple[str, str, str, str]] = []
        for pattern, owners in sorted(forms.items()):
            ent_id, name = owners[0]  # same surface pattern for two entities: the first id wins
            patterns.append((pattern, ent_id, name, self.anchor(name)))
        return patterns

    def token_pattern(self, token: str, alone: bool, context: int) -> str:
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

    def inverted(self, name: str, kind: EntityType) -> str | None:
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

    def inverted_pattern(self, inverted: str) -> str:
        """Regex for "<noun> of <what>", allowing "the" and up to two plain words before <what>."""
        noun, _, rest = inverted.partition(" of ")
        body = self.pattern(rest)[len(self._LEFT) :]
        return rf"{self._LEFT}{re.escape(noun.lower())}[ \t]+of[ \t]+(?:the[ \t]+)?(?:[a-z-]+[ \t]+){{0,2}}?{body}"

    def anchor(self, name: str) -> str:
        """The longest plain token of a name (lowercase): a text without it cannot match."""
        plain = [t.lower() for t in _TOKEN.findall(name) if t.isalnum() and not self.is_greek(t)]
        return max(plain, key=len) if plain else ""

    def is_greek(self, token: str) -> bool:
        lowered = token.lower()
        return token in self.variants.greek or any(lowered in names for names in self.variants.greek.values())

    def pattern(self, name: str) -> str:
        """Regex for one name: tokens joined by optional separators, bounded by non-word characters."""
        spans = [(m.group(0), m.start()) for m in _TOKEN.finditer(name) if m.group(0) not in self.variants.separators]
        tokens = [t for t, _ in spans]
        context = sum(len(t) for t in tokens if not self.is_greek(t))
        parts: list[str] = []
        for i, (token, start) in enumerate(spans):
            piece = self.token_pattern(token, len(tokens) == 1, context)
            if parts:
                prev, prev_start = spans[i - 1]
                gap = name[prev_start + len(prev) : start]
                # two words written apart ("free radicals") keep a separator; hyphens and joins are optional
                words = prev.isalpha() and token.isalpha() and not self.is_greek(prev) and not self.is_greek(token)
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
