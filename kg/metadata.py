"""Bibliographic metadata of cited works: the project's ``seeds/metadata/works.jsonl`` file and
the grade it gives (basis ``bibliographic_metadata``).

This module owns the file's format (one JSON object per line, sorted, written atomically;
``file:line`` errors on bad lines), the mapping of PubMed publication types and MeSH check tags
to evidence levels (data in ``ontology/classifier/publication-types.yaml``) and the rules that
apply it. ``kg build`` reads the file and never touches the network; ``kg resolve`` writes it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml

from kg.classify import Classification
from kg.errors import SeedError, SeedErrors
from kg.model import EvidenceLevel, LevelBasis, Reference, SourceType

__all__ = [
    "MAPPING_FILE",
    "WORKS_FILE",
    "MetadataMapping",
    "Update",
    "UpdateKind",
    "WorkMetadata",
    "Works",
    "grade",
    "load_mapping",
    "load_works",
    "title_key",
    "works_path",
    "write_works",
]

#: The metadata file, relative to the seeds folder.
WORKS_FILE = Path("metadata") / "works.jsonl"
#: The mapping file, relative to the ontology folder.
MAPPING_FILE = Path("classifier") / "publication-types.yaml"

_WORD = re.compile(r"[a-z0-9]+")


def title_key(title: str) -> str:
    """The identity key of a title as :meth:`kg.model.Reference.identity_keys` makes it ('' if too short)."""
    words = _WORD.findall(title.lower())
    return "title:" + " ".join(words) if len(words) >= 4 else ""


_PMID = re.compile(r"[1-9][0-9]{0,8}")
_PMCID = re.compile(r"PMC[0-9]+")
_DOI = re.compile(r"10\.\d{4,9}/\S+")


class UpdateKind(StrEnum):
    """Kinds of publisher update notices (Crossref ``update-to`` types mechkg reads)."""

    RETRACTION = "retraction"
    EXPRESSION_OF_CONCERN = "expression_of_concern"
    CORRECTION = "correction"


@dataclass(frozen=True)
class Update:
    """One update notice about a work: its kind, the notice's DOI and where it was read."""

    kind: UpdateKind
    doi: str = ""
    source: str = ""


@dataclass(frozen=True)
class WorkMetadata:
    """What the literature databases say about one work."""

    pmid: str = ""
    pmcid: str = ""
    doi: str = ""
    title: str = ""
    publication_types: tuple[str, ...] = ()
    mesh: tuple[str, ...] = ()
    updates: tuple[Update, ...] = ()
    source: str = ""
    cited_as: tuple[str, ...] = ()

    def id_keys(self) -> list[str]:
        """Identity keys, as :meth:`kg.model.Reference.identity_keys` writes identifiers and titles.

        ``cited_as`` holds the titles under which a reference list cites the work when it gives
        no identifier (``kg resolve`` found the work by that title).
        """
        keys = [key for title in self.cited_as if (key := title_key(title))]
        if self.pmid:
            keys.append(f"pmid:{self.pmid}")
        if self.pmcid:
            keys.append(f"pmcid:{self.pmcid}".lower())
        if self.doi:
            keys.append(f"doi:{self.doi}".lower())
        return keys

    @property
    def sort_key(self) -> tuple[int, str, str, str]:
        """Works sort by PMID (as a number), then PMCID, then DOI."""
        return (int(self.pmid) if self.pmid else 10**10, self.pmcid, self.doi.lower(), self.title)

    def retraction(self) -> str:
        """Where the metadata says the work is retracted ('' when it does not)."""
        if "Retracted Publication" in self.publication_types:
            return "PubMed publication type Retracted Publication (works.jsonl)"
        for update in self.updates:
            if update.kind is UpdateKind.RETRACTION:
                notice = f" {update.doi}" if update.doi else ""
                return f"retraction notice{notice} ({update.source or 'works.jsonl'})"
        return ""

    def to_json(self) -> str:
        """The work as one line of works.jsonl (keys sorted, empty values left out)."""
        record: dict[str, Any] = {
            "pmid": self.pmid,
            "pmcid": self.pmcid,
            "doi": self.doi,
            "title": self.title,
            "publication_types": list(self.publication_types),
            "mesh": list(self.mesh),
            "updates": [
                {k: v for k, v in (("kind", u.kind.value), ("doi", u.doi), ("source", u.source)) if v}
                for u in self.updates
            ],
            "source": self.source,
            "cited_as": list(self.cited_as),
        }
        return json.dumps({k: v for k, v in record.items() if v}, sort_keys=True, ensure_ascii=False)


@dataclass(frozen=True)
class Works:
    """The works of a metadata file, found by any of their identifiers."""

    by_key: Mapping[str, WorkMetadata] = field(default_factory=dict)

    def find(self, ref: Reference) -> WorkMetadata | None:
        """The metadata of the work a reference entry names by PMID, PMCID, DOI or cited title (None: none)."""
        return self.find_keys(ref.identity_keys())

    def find_keys(self, keys: Iterable[str]) -> WorkMetadata | None:
        """The metadata of the first work known under one of ``keys`` (:func:`kg.model.work_keys`)."""
        for key in keys:
            meta = self.by_key.get(key)
            if meta is not None:
                return meta
        return None

    def all(self) -> list[WorkMetadata]:
        """Every distinct work, sorted."""
        unique = {id(m): m for m in self.by_key.values()}
        return sorted(unique.values(), key=lambda m: m.sort_key)


# --- the mapping ------------------------------------------------------------------------------


@dataclass(frozen=True)
class _TypeRule:
    name: str
    level: EvidenceLevel
    source_type: SourceType
    animals_only: EvidenceLevel | None = None


@dataclass(frozen=True)
class _TagRule:
    tag: str
    level: EvidenceLevel
    source_type: SourceType
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class MetadataMapping:
    """Publication-type and check-tag rules, in the order they are tried."""

    types: tuple[_TypeRule, ...]
    tags: tuple[_TagRule, ...]
    animal_tags: frozenset[str] = frozenset({"Animals"})
    human_tag: str = "Humans"

    @property
    def type_names(self) -> tuple[str, ...]:
        """Every publication type the mapping names."""
        return tuple(r.name for r in self.types)

    @property
    def tag_names(self) -> tuple[str, ...]:
        """Every check tag the mapping names."""
        names = dict.fromkeys([r.tag for r in self.tags] + sorted(self.animal_tags) + [self.human_tag])
        return tuple(names)


def load_mapping(ontology: Path) -> MetadataMapping:
    """Read ``classifier/publication-types.yaml`` of an ontology folder; SeedErrors on bad entries."""
    path = ontology / MAPPING_FILE
    name = str(path)
    if not path.is_file():
        raise SeedErrors([SeedError(name, None, "publication-type mapping not found")])
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    errors: list[SeedError] = []

    def enum(kind: type[EvidenceLevel] | type[SourceType], value: Any, what: str) -> Any:
        try:
            return kind(value)
        except ValueError:
            allowed = ", ".join(m.value for m in kind)
            errors.append(SeedError(name, None, f"{what}: unknown value {value!r} (expected one of: {allowed})"))
            return None

    types = []
    for entry in data.get("publication_types") or []:
        level = enum(EvidenceLevel, entry.get("level"), f"publication type {entry.get('type')!r}")
        source = enum(SourceType, entry.get("source_type"), f"publication type {entry.get('type')!r}")
        animals = entry.get("animals_only")
        animals_level = enum(EvidenceLevel, animals, "animals_only") if animals else None
        if level is not None and source is not None:
            types.append(_TypeRule(str(entry["type"]), level, source, animals_level))
    tags = []
    for entry in data.get("check_tags") or []:
        level = enum(EvidenceLevel, entry.get("level"), f"check tag {entry.get('tag')!r}")
        source = enum(SourceType, entry.get("source_type"), f"check tag {entry.get('tag')!r}")
        if level is not None and source is not None:
            tags.append(_TagRule(str(entry["tag"]), level, source, tuple(entry.get("unless") or ())))
    if errors:
        raise SeedErrors(errors)
    return MetadataMapping(
        tuple(types),
        tuple(tags),
        frozenset(data.get("animal_tags") or ("Animals",)),
        str(data.get("human_tag") or "Humans"),
    )


def grade(meta: WorkMetadata, mapping: MetadataMapping) -> Classification | None:
    """The level a work's publication types and check tags give it, or None when they do not decide."""
    tags = set(meta.mesh)
    animals_only = bool(tags & mapping.animal_tags) and mapping.human_tag not in tags
    types = set(meta.publication_types)
    for rule in mapping.types:
        if rule.name in types:
            level = rule.animals_only if animals_only and rule.animals_only else rule.level
            why = f"publication type {rule.name}" + (" (animal check tags only)" if level is not rule.level else "")
            source = SourceType.PRIMARY_RESEARCH if level is not rule.level else rule.source_type
            return Classification(source, level, LevelBasis.BIBLIOGRAPHIC_METADATA, why)
    for tag_rule in mapping.tags:
        if tag_rule.tag in tags and not tags & set(tag_rule.unless):
            why = f"check tag {tag_rule.tag}"
            return Classification(tag_rule.source_type, tag_rule.level, LevelBasis.BIBLIOGRAPHIC_METADATA, why)
    return None


# --- the file ---------------------------------------------------------------------------------

_KEYS = ("pmid", "pmcid", "doi", "title", "publication_types", "mesh", "updates", "source", "cited_as")


def works_path(seeds: Path) -> Path:
    """Where a project keeps its metadata file."""
    return seeds / WORKS_FILE


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValueError(f"{what}: expected a list of non-empty strings, got {value!r}")
    return tuple(value)


def _parse(record: Any) -> WorkMetadata:
    """One line's object as WorkMetadata; ValueError naming the bad key."""
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    unknown = [k for k in record if k not in _KEYS]
    if unknown:
        raise ValueError(f"unknown key {unknown[0]!r} (allowed: {', '.join(_KEYS)})")
    for key in ("pmid", "pmcid", "doi", "title", "source"):
        if key in record and not isinstance(record[key], str):
            raise ValueError(f"{key}: expected a string, got {record[key]!r}")
    pmid, pmcid, doi = (record.get(k, "") for k in ("pmid", "pmcid", "doi"))
    if not (pmid or pmcid or doi):
        raise ValueError("a work needs at least one of pmid, pmcid, doi")
    if pmid and not _PMID.fullmatch(pmid):
        raise ValueError(f"pmid: {pmid!r} is not a PMID")
    if pmcid and not _PMCID.fullmatch(pmcid):
        raise ValueError(f"pmcid: {pmcid!r} is not a PMCID (PMC followed by digits)")
    if doi and not _DOI.fullmatch(doi):
        raise ValueError(f"doi: {doi!r} is not a DOI (10.NNNN/...)")
    updates = []
    raw_updates = record.get("updates", [])
    if not isinstance(raw_updates, list):
        raise ValueError(f"updates: expected a list, got {raw_updates!r}")
    for item in raw_updates:
        if not isinstance(item, dict) or set(item) - {"kind", "doi", "source"}:
            raise ValueError(f"updates: expected objects with kind, doi, source, got {item!r}")
        try:
            kind = UpdateKind(item.get("kind"))
        except ValueError:
            allowed = ", ".join(k.value for k in UpdateKind)
            raise ValueError(f"updates: unknown kind {item.get('kind')!r} (expected one of: {allowed})") from None
        updates.append(Update(kind, str(item.get("doi", "")), str(item.get("source", ""))))
    return WorkMetadata(
        pmid=pmid,
        pmcid=pmcid,
        doi=doi,
        title=record.get("title", ""),
        publication_types=_strings(record.get("publication_types", []), "publication_types"),
        mesh=_strings(record.get("mesh", []), "mesh"),
        updates=tuple(updates),
        source=record.get("source", ""),
        cited_as=_strings(record.get("cited_as", []), "cited_as"),
    )


def load_works(path: Path, label: str | None = None) -> Works:
    """Read a works.jsonl file (a missing file: no works); SeedErrors listing every bad line."""
    if not path.is_file():
        return Works()
    name = label or str(path)
    errors: list[SeedError] = []
    by_key: dict[str, WorkMetadata] = {}
    where: dict[str, int] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedErrors([SeedError(name, None, f"cannot read the metadata file: {exc}")]) from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            meta = _parse(json.loads(line))
        except json.JSONDecodeError as exc:
            errors.append(SeedError(name, number, f"not valid JSON: {exc.msg} (column {exc.colno})"))
            continue
        except ValueError as exc:
            errors.append(SeedError(name, number, str(exc)))
            continue
        for key in meta.id_keys():
            if key in where:
                errors.append(SeedError(name, number, f"{key} is also the work of line {where[key]}"))
                break
        else:
            for key in meta.id_keys():
                where[key] = number
                by_key[key] = meta
    if errors:
        raise SeedErrors(errors)
    return Works(by_key)


def write_works(path: Path, works: Iterable[WorkMetadata]) -> None:
    """Write works.jsonl atomically: one work a line, sorted by PMID, PMCID, DOI."""
    from kg.output import atomic_write_many

    lines = [w.to_json() + "\n" for w in sorted(works, key=lambda w: w.sort_key)]
    atomic_write_many({path: "".join(lines).encode("utf-8")})
