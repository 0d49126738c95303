"""Sibling disambiguation: an alias several genes share is read as the sibling of a gene named
beside it without doubt."""

from __future__ import annotations

import re
from collections import Counter

from kg.grounding.lookup import Hit, KeyTable

__all__ = ["by_siblings"]

#: Sources whose choice among several ids is a decision, not a default: curated names and FamPlex's
#: grounding map (written for text mining).
_DECIDED = frozenset({"curated", "famplex_map"})


def by_siblings(index: KeyTable, hits: list[Hit]) -> list[Hit]:
    """An alias several genes share takes the one whose symbol is a sibling of a gene named beside
    it without doubt (one id, or FamPlex's curated grounding map): "COX-1 and COX-2" are PTGS1 and
    PTGS2, not MT-CO1 (symbols differing only in their final number or letter are siblings)."""
    if not any(h.alternatives for h in hits):
        return hits
    fixed = [h for h in hits if not h.alternatives or h.source in _DECIDED]
    stems = Counter(_stem(h.label) for h in fixed if h.curie.startswith("HGNC:"))
    out = []
    for h in hits:
        open_choice = h.alternatives and h.source not in _DECIDED
        if open_choice and h.curie.startswith("HGNC:") and not stems[_stem(h.label)]:
            rows = [r for a in h.alternatives if a.startswith("HGNC:") and (r := index.row(a)) is not None]
            fits = [r for r in rows if stems[_stem(r[1])] >= 1]
            if len(fits) == 1:
                r = fits[0]
                alts = tuple(sorted({*h.alternatives, h.curie} - {r[0]}))
                h = Hit(h.start, h.end, r[0], r[1], r[2], index.source_of(r[3]), alts)
        out.append(h)
    return out


def _stem(symbol: str) -> str:
    """A gene symbol without its final number or letter ("PTGS2" -> "PTGS", "IL1B" -> "IL1")."""
    return re.sub(r"(?:\d+[A-Z]?|[A-Z])$", "", symbol) or symbol
