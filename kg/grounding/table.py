"""The key table: the grounding rules read, and every vocabulary name compiled into one table of
lookup keys (pure; :mod:`kg.grounding.cache` keeps its result on disk)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from kg.grounding.normalize import TOKEN, fold, key_of, symbol_shaped
from kg.grounding.sources import Term

__all__ = ["HEAD", "Table", "compile_terms", "read_rules"]

#: Length of the key beginnings kept to stop a window early: once the words read spell a key
#: beginning no name has, no longer window can spell a name (nor a singular of one).
HEAD = 6


def read_rules(folder: Path) -> dict[str, Any]:
    """The grounding rules and stop-lists of an ontology folder (``ontology/grounding``)."""
    import yaml

    rules: dict[str, Any] = yaml.safe_load((folder / "sources.yaml").read_text(encoding="utf-8")) or {}
    for name, key in (("ambiguous-symbols.txt", "ambiguous"), ("common-words.txt", "common")):
        path = folder / name
        lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
        words = {w.replace("_", " ") for line in lines if not line.startswith("#") for w in line.split()}
        rules[key] = sorted({key_of(w) for w in words})
    return rules


#: The compiled table: entity rows; key -> candidate codes (entity index * 4 + symbol bit + 2 when
#: the name is written in several words, so "progress in" never spells "progressin"); and the first
#: words of all names (a text position whose word starts no name and spells none is skipped).
Table = tuple[list[tuple[str, str, str, int]], dict[str, int | tuple[int, ...]], frozenset[str]]


def compile_terms(
    terms: Iterable[Term], rules: Mapping[str, Any], equivalents: Mapping[str, str] | None = None
) -> Table:
    """Compile term rows into the key table (pure; the cache stores its result).

    ``equivalents`` maps ids of one vocabulary to those of another (MeSH -> HGNC/ChEBI); it only
    orders the candidates of ambiguous names.
    """
    priority = {name: i for i, name in enumerate(rules.get("priority", ()))}
    min_len = int(rules.get("min_key_length", 3))
    common = set(rules.get("common", ()))
    rows: list[tuple[str, str, str, int]] = []
    row_of: dict[str, int] = {}
    table: dict[str, Any] = {}
    firsts: set[str] = set()
    for term in terms:
        key = key_of(term.name)
        if len(key) < min_len or key.isdigit() or key in common:
            continue
        rank = priority.get(term.source, len(priority))
        idx = row_of.get(term.curie)
        if idx is None and term.source == "famplex_map" and not term.curie.startswith(("FPLX:", "HGNC:")):
            continue  # the map points at an id the kept vocabularies leave out (a role, an obsolete id)
        if idx is None:
            idx = row_of[term.curie] = len(rows)
            rows.append((term.curie, term.label, term.entity_type, rank))
        elif term.source == "famplex_map":  # the map's label and type are guesses: the vocabulary's stay
            rows[idx] = (*rows[idx][:3], min(rank, rows[idx][3]))
        elif rank < rows[idx][3] or (
            term.name == term.label and rows[idx][1] != term.label and term.source != "famplex"
        ):
            rows[idx] = (term.curie, term.label, term.entity_type, min(rank, rows[idx][3]))
        spaced = any(ch.isspace() for ch in term.name.strip())
        code = idx * 4 + (1 if term.symbol or symbol_shaped(term.name) else 0) + (2 if spaced else 0)
        words = [w.casefold() for w in TOKEN.findall(fold(term.name))[:3]]
        for k in range(1, len(words) + 1):  # a text may write the first words as one ("GABAA")
            firsts.add("".join(words[:k]))
        have = table.get(key)
        if have is None:
            table[key] = code
        elif isinstance(have, int):
            if have // 4 == idx:
                table[key] = _merge_codes(have, code)
            else:
                table[key] = (have, code)
        elif all(c // 4 != idx for c in have):
            table[key] = (*have, code)
        else:
            table[key] = tuple(_merge_codes(c, code) if c // 4 == idx else c for c in have)
    _prefer_agreed(rows, table, equivalents or {})
    return rows, table, frozenset(firsts)


def _merge_codes(a: int, b: int) -> int:
    """One id written two ways under one key: a plain name beats a symbol, a spaced name a closed one."""
    idx = a // 4
    symbol = (a & 1) and (b & 1)
    spaced = (a & 2) or (b & 2)
    return idx * 4 + (1 if symbol else 0) + (2 if spaced else 0)


def _prefer_agreed(
    rows: list[tuple[str, str, str, int]], table: dict[str, Any], equivalents: Mapping[str, str]
) -> None:
    """Where one name has several candidates, put first those another vocabulary agrees on.

    "COX-2" is an alias of two genes, and a MeSH entry term of a descriptor that MeSH's own mapping
    ties to one of them: that gene is put first among its equals.
    """
    for key, codes in table.items():
        if isinstance(codes, int):
            continue
        ids = {rows[c // 4][0] for c in codes}
        agreed = {equivalents[i] for i in ids if i in equivalents} & ids
        if agreed:
            table[key] = tuple(sorted(codes, key=lambda c: rows[c // 4][0] not in agreed))
