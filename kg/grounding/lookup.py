"""One written name asked of the key table: its candidates (symbols written as symbols, words
written apart only for names written apart), singulars of plurals, short peptides in one-letter
codes, curated names overlaid. :mod:`kg.grounding.scan` reads whole texts with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.grounding.normalize import TOKEN, fold, key_of, shape_of
from kg.grounding.table import HEAD, Table

__all__ = ["Hit", "KeyTable"]


@dataclass(frozen=True, slots=True)
class Hit:
    """One grounded mention: ``text[start:end]`` names ``curie`` (``alternatives`` also fit)."""

    start: int
    end: int
    curie: str
    label: str
    entity_type: str
    source: str
    alternatives: tuple[str, ...] = ()


class KeyTable:
    """The compiled table with its rules and a curated overlay, asked one name (or window) at a time."""

    def __init__(self, table: Table, rules: Mapping[str, Any], curated: Mapping[str, Sequence[str]] | None = None):
        self.rows, self.table, self.firsts = table
        self.ambiguous = frozenset(rules.get("ambiguous", ()))
        self.any_case_above = int(rules.get("symbol_any_case_above", 6))
        self.sources = tuple(rules.get("priority", ()))
        self._by_id: dict[str, int] | None = None
        self.amino_acids = {str(k): str(v) for k, v in (rules.get("amino_acids") or {}).items() if len(str(k)) == 1}
        cues = [str(c) for c in rules.get("peptide_cues") or ()]
        #: Words that say a page speaks of peptides: without them, a two- or three-letter name in
        #: one-letter codes ("LDL", "CNS") is an acronym, not a peptide (see ``short_peptide``).
        self.peptide_cues = re.compile("|".join(cues), re.IGNORECASE) if cues else None
        words = [str(w) for w in rules.get("instrument_words", ())]
        self.instrument_words = (
            re.compile(r"[\s-]{0,2}(?:" + "|".join(re.escape(w) for w in words) + r")\b", re.IGNORECASE)
            if words
            else None
        )
        self.curated: dict[str, tuple[str, str, str]] = {}
        self.curated_firsts: set[str] = set()
        #: The first HEAD characters of every key (vocabularies and curated names).
        self.heads: set[str] = {k[:HEAD] for k in self.table if len(k) >= HEAD}
        self._absent: set[str] = set()  # keys none of whose variants is a name (plurals met in text)
        self.overlay(curated or {})

    def overlay(self, curated: Mapping[str, Sequence[str]]) -> None:
        """Add curated entities: ``{id: (label, type, name, name, …)}``; their names win."""
        self._absent.clear()
        for curie, (label, etype, *names) in curated.items():
            for name in (label, *names):
                key = key_of(name)
                if key:
                    self.curated.setdefault(key, (curie, label, etype))
                    if len(key) >= HEAD:
                        self.heads.add(key[:HEAD])
                    words = [w.casefold() for w in TOKEN.findall(fold(name))[:3]]
                    self.curated_firsts.update("".join(words[:k]) for k in range(1, len(words) + 1))

    def _candidates(
        self, key: str, shape: str, caps_line: bool, spaced: bool = False
    ) -> list[tuple[int, tuple[str, str, str, int]]]:
        have = self.table.get(key)
        if have is None:
            return []
        codes = (have,) if isinstance(have, int) else have
        out = []
        for pos, code in enumerate(codes):
            row = self.rows[code // 4]
            if code & 1 and (spaced or not self._symbol_ok(key, shape, caps_line)):
                continue  # a symbol is one written word ("NF-κB"), never words apart ("as B")
            if spaced and not code & 2:
                continue  # words written apart only spell a name that is written apart too
            out.append((pos, row))
        return out

    def _symbol_ok(self, key: str, shape: str, caps_line: bool) -> bool:
        if key in self.ambiguous:  # an English word too: only as no word is written ("CAMP", "cAMP")
            return (shape.isupper() or _lower_then_caps(shape)) and not caps_line
        if len(key) > self.any_case_above:
            return True
        return shape != shape.lower() or any(c.isdigit() for c in shape)  # "Akt", "mTOR", "p53"

    def row(self, curie: str) -> tuple[str, str, str, int] | None:
        """The (curie, label, type, rank) row of an id, or None (an id-to-row map is made on first use)."""
        if self._by_id is None:
            self._by_id = {r[0]: i for i, r in enumerate(self.rows)}
        i = self._by_id.get(curie)
        return self.rows[i] if i is not None else None

    def short_peptide(self, surface: str, label: str) -> bool:
        """Is this a two- or three-letter name read in one-letter codes ("GHK" for Gly-His-Lys)?"""
        return 2 <= len(surface) <= 3 and surface.isupper() and bool(_SEQUENCE_LABEL.fullmatch(label))

    def peptide(self, text: str, span: tuple[int, int], offset: int) -> tuple[int, Hit] | None:
        """A short peptide in one-letter codes ("GHK", "KE") grounded by its three-letter form; two
        letters that read as a roman numeral, end a hyphenated name or label a variant are none."""
        if not 2 <= span[1] - span[0] <= 6:
            return None
        word = text[span[0] : span[1]]
        if len(word) == 2 and (
            set(word) <= set("IVXLCDM") or text[span[0] - 1 : span[0]] == "-" or text[span[1] : span[1] + 1] == "/"
        ):
            return None  # "LC3-II", "MI", "HI/6": a numeral, the end of a name, a label
        if not word.isupper() or not self.amino_acids or not all(c in self.amino_acids for c in word):
            return None
        key = "".join(self.amino_acids[c] for c in word).casefold()
        have = self.table.get(key)
        if have is None:
            return None
        code = have if isinstance(have, int) else have[0]
        row = self.rows[code // 4]
        return -1, Hit(span[0] + offset, span[1] + offset, row[0], row[1], row[2], self.source_of(row[3]))

    def instrument_after(self, text: str, end: int) -> bool:
        """A gene-like symbol named as a scale or test ("ADAS-cog", "CARS score") is no gene."""
        return bool(self.instrument_words) and bool(self.instrument_words.match(text, end))

    def source_of(self, rank: int) -> str:
        """The vocabulary of a row's rank ("" past the ranked ones)."""
        return self.sources[rank] if rank < len(self.sources) else ""

    def lookup(self, name: str) -> list[tuple[str, str, str]]:
        """Every (curie, label, type) a written name grounds to, best first (a curated id first)."""
        key = key_of(name)
        out = [self.curated[key]] if key in self.curated else []
        cands = self._candidates(key, shape_of(name), caps_line=False)
        cands.sort(key=lambda c: (c[1][3], c[0], c[1][0]))
        out += [(row[0], row[1], row[2]) for _, row in cands if row[0] not in {o[0] for o in out}]
        return out

    def _variants(self, key: str) -> list[str]:
        """The key and its singular forms ("cytokines", "therapies", "boxes")."""
        out = [key]
        if len(key) > 4 and key.endswith("s") and not key.endswith(("ss", "us", "is")):
            if key.endswith("ies"):
                out.append(key[:-3] + "y")
            elif key.endswith(("ses", "xes", "zes", "ches", "shes")):
                out.append(key[:-2])
            out.append(key[:-1])
        return out

    def plural(self, key: str) -> bool:
        """May a key ending in "s" spell a name in the singular (else it is remembered as absent)?"""
        if key in self._absent:
            return False
        if any(v in self.table or v in self.curated for v in self._variants(key)):
            return True
        self._absent.add(key)
        return False

    def hit(
        self, shape: str, start: int, end: int, caps_line: bool | Callable[[int], bool], offset: int, spaced: bool
    ) -> Hit | None:
        """The hit a window of text spells (its words folded as ``shape``), or None: a curated name
        first, then the best candidate of the key or one of its singulars."""
        key = shape.casefold()
        if key in self._absent:
            return None
        present = False
        for variant in self._variants(key):
            if variant in self.curated:
                curie, label, etype = self.curated[variant]
                return Hit(start + offset, end + offset, curie, label, etype, "curated")
            if variant not in self.table:
                continue
            present = True
            caps = caps_line(start) if callable(caps_line) else caps_line
            cands = self._candidates(variant, shape, caps, spaced)
            if cands:
                # "cAMP", "cGMP": a small letter before capitals writes a chemical, not a gene symbol
                chemical_first = _lower_then_caps(shape)
                cands.sort(key=lambda c: (chemical_first and c[1][2] != "chemical", c[1][3], c[0], c[1][0]))
                row = cands[0][1]
                alts = tuple(sorted({r[0] for _, r in cands[1:]} - {row[0]}))
                return Hit(start + offset, end + offset, row[0], row[1], row[2], self.source_of(row[3]), alts)
        if not present:
            self._absent.add(key)
        return None


#: The label of a peptide written as its residues' three-letter codes ("Gly-His-Lys").
_SEQUENCE_LABEL = re.compile(r"[A-Z][a-z]{2}(?:-[A-Z][a-z]{2}){1,5}")


def _lower_then_caps(shape: str) -> bool:
    """A small letter, then only capitals and digits: "cAMP", "cGMP" (never an English word)."""
    return len(shape) >= 3 and shape[0].islower() and shape[1:].isupper()
