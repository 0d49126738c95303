"""Exports: Turtle, N-Triples, JSON-LD, GraphML and a claims TSV, written as one atomic set.

Every writer takes the knowledge base and returns the file's bytes (or streams them);
:func:`write_exports` writes the set through temporary files renamed into place only after all
were written, under a rename journal: a failure or a kill leaves the previous set, except a kill
in the middle of the renames, whose journal the next writer (or :func:`recover_exports`) uses to
complete the new set before anything else. Same input gives byte-identical output at every
size, whatever store was loaded: N-Triples are always the sorted lines of :func:`kg.rdf.triples`;
above :data:`RDFLIB_EXPORT_LIMIT` claims Turtle and JSON-LD are derived from them
(:mod:`kg.canonical`), below it rdflib writes them.

What the formats cannot hold: GraphML and TSV keep list values as ``|``-joined text and keep
references as ``document#number`` keys (titles and grades are in the RDF formats); the TSV has
one row per claim and no evidence spans.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import io
import json
import os
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

from kg.canonical import SortedNTriples, write_jsonld, write_turtle
from kg.errors import OutputError, UnknownFormatError
from kg.graph import SEP
from kg.graphml import to_graphml_bytes, write_graphml
from kg.locks import release, wait_lock
from kg.model import Claim, Finding, KnowledgeBase
from kg.query import weak_support
from kg.rdf import ntriples_line, to_rdf, triples

#: Columns of the claims TSV, in order (documented in the README).
TSV_COLUMNS = (
    "claim_id",
    "subject_id",
    "subject_label",
    "predicate",
    "object_id",
    "object_label",
    "context",
    "support",
    "levels",
    "citations",
    "documents",
    "direction",
    "hedged",
    "evidence",
    "origin",
    "withdrawn",
)

#: Columns of findings.tsv, in order.
FINDING_COLUMNS = (
    "finding_id",
    "severity",
    "category",
    "message",
    "document",
    "claims",
    "references",
    "locators",
)

Writer = Callable[[KnowledgeBase, Sequence[Finding]], bytes]


def to_turtle(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """Turtle (rdflib's serializer sorts subjects and predicates)."""
    return to_rdf(kb, findings).serialize(format="turtle", encoding="utf-8")


def to_ntriples(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """N-Triples, lines sorted (by code point) and each once: the canonical order at every size."""
    return "".join(sorted({ntriples_line(t) for t in triples(kb, findings)})).encode("utf-8")


def _sort_jsonld(value: object) -> object:
    if isinstance(value, dict):
        return {k: _sort_jsonld(v) for k, v in sorted(value.items())}
    if isinstance(value, list):
        items = [_sort_jsonld(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True, ensure_ascii=False))
    return value


def to_jsonld(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """JSON-LD (expanded form with a context of the bound prefixes), nodes and values sorted."""
    graph = to_rdf(kb, findings)
    raw = json.loads(graph.serialize(format="json-ld", auto_compact=False))
    from kg.vocab import PREFIXES

    doc = {"@context": dict(sorted(PREFIXES.items())), "@graph": _sort_jsonld(raw)}
    return (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def to_graphml(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """GraphML of the graph view (scalar attributes; lists joined with ``|``), streamed from the claims."""
    return to_graphml_bytes(kb)


def _tsv(rows: Iterable[Iterable[str]], header: Iterable[str]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def claim_row(kb: KnowledgeBase, claim: Claim) -> list[str]:
    """One TSV row for a claim, in TSV_COLUMNS order."""
    return [
        claim.id,
        claim.subject,
        kb.label(claim.subject),
        claim.predicate.value,
        claim.object,
        kb.label(claim.object),
        claim.context,
        claim.support.value,
        SEP.join(level.value for level in claim.levels),
        SEP.join(ref.key for ref in claim.references),
        SEP.join(claim.documents),
        claim.direction.value,
        str(all(ev.hedged for ev in claim.evidence)).lower(),
        SEP.join(ev.id for ev in claim.evidence),
        _origin(claim),
        str(claim.withdrawn).lower(),
    ]


def _origin(claim: Claim) -> str:
    """``curated``, ``extracted`` (every record drafted by ``kg extract``) or ``both``."""
    kinds = {ev.extracted for ev in claim.evidence}
    return "both" if len(kinds) > 1 else ("extracted" if True in kinds else "curated")


def to_claims_tsv(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """All claims, one row each, sorted by claim key."""
    return _tsv((claim_row(kb, c) for c in kb.claims), TSV_COLUMNS)


def to_weak_tsv(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """The weak-support claims (no clinical support), weakest first, same columns."""
    return _tsv((claim_row(kb, c) for c in weak_support(kb)), TSV_COLUMNS)


def finding_row(finding: Finding) -> list[str]:
    """One findings.tsv row, in FINDING_COLUMNS order."""
    return [
        finding.id,
        finding.severity.value,
        finding.category.value,
        finding.message,
        finding.document,
        SEP.join(finding.claims),
        SEP.join(finding.references),
        SEP.join(f"{loc.file}:{loc.start}-{loc.end}" for loc in finding.locators),
    ]


def to_findings_tsv(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """Audit findings, most serious first."""
    return _tsv((finding_row(f) for f in findings), FINDING_COLUMNS)


#: Format name → (file name in the exports folder, writer).
EXPORTERS: dict[str, tuple[str, Writer]] = {
    "turtle": ("mechkg.ttl", to_turtle),
    "ntriples": ("mechkg.nt", to_ntriples),
    "jsonld": ("mechkg.jsonld", to_jsonld),
    "graphml": ("mechkg.graphml", to_graphml),
    "tsv": ("claims.tsv", to_claims_tsv),
    "weak-tsv": ("weak-support.tsv", to_weak_tsv),
    "findings-tsv": ("findings.tsv", to_findings_tsv),
}

#: File suffix → format name, for ``export(..., path)`` without an explicit format.
SUFFIXES = {".ttl": "turtle", ".nt": "ntriples", ".jsonld": "jsonld", ".graphml": "graphml", ".tsv": "tsv"}

#: A writer of several files: knowledge base → {file name in the exports folder: bytes}.
Bundle = Callable[[KnowledgeBase, Sequence[Finding]], dict[str, bytes]]


def _bundle(module: str, function: str) -> Bundle:
    """A bundle writer whose module is imported only when the format is asked for."""

    def write(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
        import importlib

        files: dict[str, bytes] = getattr(importlib.import_module(module), function)(kb, findings)
        return files

    return write


#: Opt-in interchange formats (never written by default): format name → bundle writer.
INTERCHANGE: dict[str, Bundle] = {
    "indra": _bundle("kg.indra", "indra_files"),
    "kgx": _bundle("kg.kgx", "kgx_tsv_files"),
    "kgx-jsonl": _bundle("kg.kgx", "kgx_jsonl_files"),
    "nanopub": _bundle("kg.nanopub", "nanopub_files"),
    "cx2": _bundle("kg.cx2", "cx2_files"),
    "cytoscape": _bundle("kg.cx2", "cytoscape_graphml_files"),
}
SUFFIXES |= {".trig": "nanopub", ".cx2": "cx2"}


def format_for(path: Path, fmt: str | None = None) -> str:
    """Resolve a format name from an explicit name or the file suffix."""
    if fmt is not None:
        if fmt not in EXPORTERS and fmt not in INTERCHANGE:
            raise UnknownFormatError(fmt, [*EXPORTERS, *INTERCHANGE])
        return fmt
    if path.suffix in SUFFIXES:
        return SUFFIXES[path.suffix]
    raise UnknownFormatError(path.suffix or str(path), list(SUFFIXES))


#: Seconds a writer waits for another process writing into the same folder before giving up.
LOCK_TIMEOUT = float(os.environ.get("MECHKG_LOCK_TIMEOUT", "120"))
#: Fault-injection hook for the tests: when set, atomic_write_many creates this file once every
#: temporary file is written, then waits (so a test can kill the process at that point).
PAUSE_ENV = "MECHKG_TEST_PAUSE_BEFORE_RENAME"
#: Fault-injection hook for the tests: as PAUSE_ENV, but after the first of several renames.
PAUSE_MID_RENAME_ENV = "MECHKG_TEST_PAUSE_MID_RENAME"
#: The rename journal of a set of files: written (atomically) once every temporary file is
#: complete, removed once every rename is done; the next writer completes the renames it lists.
JOURNAL = ".mechkg-exports.journal"


@contextlib.contextmanager
def _folder_locks(folders: Iterable[Path], timeout: float) -> Iterator[None]:
    """Hold an exclusive flock on each folder (in a fixed order); wait up to ``timeout`` seconds."""
    fds: list[int] = []
    try:
        for folder in sorted(set(folders)):
            fd = wait_lock(folder, timeout, directory=True)
            if fd is None:
                raise OutputError(
                    f"{folder} is being written by another mechkg process; "
                    f"gave up after {timeout:g} s (try again when it has finished)"
                )
            fds.append(fd)
        yield
    finally:
        for fd in fds:
            release(fd)


def _remove_stale_temps(path: Path) -> None:
    """Delete temporary files a killed writer left for ``path`` (called with the folder locked)."""
    for stale in path.parent.glob(f".{glob.escape(path.name)}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _replay_journal(folder: Path) -> list[Path]:
    """Complete the renames an interrupted writer journalled in ``folder``; return the files renamed.

    Called with the folder locked. Every temporary file a journal lists was complete and synced
    before the journal was written, so the interrupted set is completed (never left mixed).
    """
    journal = folder / JOURNAL
    if not journal.exists():
        return []
    try:
        entries = json.loads(journal.read_text(encoding="utf-8"))["renames"]
        pairs = [(folder / str(tmp), folder / str(final)) for tmp, final in entries]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise OutputError(f"{journal}: unreadable rename journal ({exc}); remove it and build again") from None
    done = []
    for tmp, final in pairs:
        if tmp.exists():
            os.replace(tmp, final)
            done.append(final)
    for parent in {final.parent for _, final in pairs}:
        _fsync_dir(parent)
    journal.unlink()
    _fsync_dir(folder)
    return done


def _known_names(folder: Path, files: Iterable[Path]) -> set[Path]:
    """The files whose stale temporaries a writer into ``folder`` removes: its own and every export's."""
    return {*files, folder / JOURNAL, *(folder / name for name, _ in EXPORTERS.values())}


def recover_exports(folder: Path) -> list[Path]:
    """Finish an export set a killed writer left half-renamed in ``folder``, and remove its temporaries.

    Every writer does this first (with the folder locked); this function does it alone, e.g.
    before reading a folder that may have been written by a killed process.
    """
    if not folder.is_dir():
        return []
    try:
        with _folder_locks([folder], LOCK_TIMEOUT):
            done = _replay_journal(folder)
            for path in _known_names(folder, ()):
                _remove_stale_temps(path)
            return done
    except OSError as exc:
        raise OutputError(f"cannot recover {folder}: {exc.strerror or exc}") from exc


#: A file's content: its bytes, or a function that streams them into the open file.
Content = bytes | Callable[[BinaryIO], None]


def _pause(variable: str) -> None:
    if os.environ.get(variable):
        Path(os.environ[variable]).write_text(str(os.getpid()), encoding="utf-8")
        time.sleep(3600)


def atomic_write_many(files: Mapping[Path, Content]) -> None:
    """Write a set of files atomically: all temporary files first, renamed only when all were written.

    A content given as a function is called with the open temporary file, so a large export can
    be streamed instead of held in memory.

    Writers into the same folder take turns (an exclusive ``flock`` on the folder). Each writer
    first completes a set a killed writer left half-renamed (the rename journal, :data:`JOURNAL`,
    in the folder the files share) and removes the temporary files killed writers left. A set of
    several files is renamed under a journal: after a kill at any point the folder holds the
    complete previous set or, once the next writer (or :func:`recover_exports`) has run, the
    complete new one. A write that fails (full disk, read-only or missing folder, an error while
    producing a file) removes its temporary files, leaves the previous files as they were and
    raises OutputError (or the producer's error).
    """
    temps: list[tuple[Path, Path]] = []
    journalled = False
    umask = os.umask(0)
    os.umask(umask)
    current: Path | None = None
    if not files:
        return
    try:
        for path in files:
            current = path.parent
            path.parent.mkdir(parents=True, exist_ok=True)
        home = Path(os.path.commonpath([str(p.parent) for p in files]))
        with _folder_locks({*(p.parent for p in files), home}, LOCK_TIMEOUT):
            current = home / JOURNAL
            _replay_journal(home)
            for path in _known_names(home, files):
                current = path
                _remove_stale_temps(path)
            for path, data in files.items():
                current = path
                fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
                tmp = Path(name)
                temps.append((tmp, path))
                os.fchmod(fd, 0o666 & ~umask)  # mkstemp creates 0600; exports are ordinary files
                with os.fdopen(fd, "wb") as fh:
                    if isinstance(data, bytes):
                        fh.write(data)
                    else:
                        data(fh)
                    fh.flush()
                    os.fsync(fh.fileno())
            _pause(PAUSE_ENV)
            journal = home / JOURNAL
            if len(temps) > 1:
                current = journal
                entries = [[os.path.relpath(t, home), os.path.relpath(p, home)] for t, p in temps]
                fd, name = tempfile.mkstemp(prefix=f".{JOURNAL}.", suffix=".tmp", dir=home)
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    json.dump({"renames": entries}, fh)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(name, journal)
                _fsync_dir(home)
                journalled = True
            for i, (tmp, path) in enumerate(temps):
                current = path
                os.replace(tmp, path)
                if i == 0 and len(temps) > 1:
                    _pause(PAUSE_MID_RENAME_ENV)
            temps.clear()
            for parent in {p.parent for p in files}:
                _fsync_dir(parent)
            if journal.exists():
                journal.unlink()
                _fsync_dir(home)
    except OSError as exc:
        if journalled and temps:
            raise OutputError(
                f"cannot rename {current}: {exc.strerror or exc}; the new files wait beside it and the next "
                f"export into {current.parent if current else 'the folder'} completes the set"
            ) from exc
        raise OutputError(f"cannot write {current or exc.filename or 'output'}: {exc.strerror or exc}") from exc
    finally:
        if not journalled:  # after the journal the renames are completed by the next writer
            for tmp, _ in temps:
                with contextlib.suppress(OSError):
                    os.unlink(tmp)


#: Above this many claims, Turtle and JSON-LD are derived from the sorted N-Triples (streamed,
#: bounded memory: rdflib's Turtle takes 29 s at 10k claims); at or below it rdflib writes them,
#: which keeps the seeds' exports byte-identical to earlier builds. N-Triples are the same
#: canonical sorted lines at every size.
RDFLIB_EXPORT_LIMIT = 5_000

#: RDF formats whose large form is derived from the sorted N-Triples.
_STREAMED = {
    "ntriples": lambda nt: nt.write_ntriples,
    "turtle": lambda nt: lambda out: write_turtle(nt.lines(), out, _prefixes()),
    "jsonld": lambda nt: lambda out: write_jsonld(nt.lines(), out, _jsonld_context()),
}


def _prefixes() -> dict[str, str]:
    """Turtle prefixes of large exports: mechkg's and rdf, rdfs, xsd, as rdflib binds them."""
    from kg.vocab import PREFIXES

    core = {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    return {**core, **PREFIXES}


def _jsonld_context() -> dict[str, str]:
    from kg.vocab import PREFIXES

    return dict(PREFIXES)


def is_large(kb: KnowledgeBase) -> bool:
    """True when Turtle and JSON-LD are derived from the sorted N-Triples instead of rdflib."""
    return len(kb.claims) > RDFLIB_EXPORT_LIMIT


def export(kb: KnowledgeBase, path: Path, fmt: str | None = None, findings: Sequence[Finding] = ()) -> Path:
    """Write one export to ``path`` (format from ``fmt`` or the suffix)."""
    name = format_for(path, fmt)
    if name in INTERCHANGE:
        files = INTERCHANGE[name](kb, findings)
        if len(files) != 1:
            raise OutputError(f"format {name!r} writes {len(files)} files ({', '.join(files)}); use --out FOLDER")
        atomic_write_many({path: next(iter(files.values()))})
        return path
    with SortedNTriples(partial(triples, kb, findings), path.parent) as nt:
        atomic_write_many({path: content(name, kb, findings, nt)})
    return path


def content(
    name: str, kb: KnowledgeBase, findings: Sequence[Finding] = (), nt: SortedNTriples | None = None
) -> Content:
    """What :func:`atomic_write_many` writes for export ``name``.

    N-Triples always come from ``nt`` (the sorted lines); Turtle and JSON-LD too when the graph
    is large (:func:`is_large`); GraphML is streamed; the others are bytes.
    """
    if name == "graphml":
        return partial(write_graphml, kb)
    if name in _STREAMED and nt is not None and (name == "ntriples" or is_large(kb)):
        return _STREAMED[name](nt)
    return EXPORTERS[name][1](kb, findings)


def write_exports(
    kb: KnowledgeBase,
    folder: Path,
    formats: Iterable[str] | None = None,
    findings: Sequence[Finding] = (),
) -> list[Path]:
    """Write the chosen formats (default: all) into ``folder`` as one atomic set; return the paths.

    Audit findings, when given, go into the RDF formats and findings.tsv. The same input gives the
    same bytes whatever store was loaded: nothing here reads a store.
    """
    names = list(formats) if formats is not None else list(EXPORTERS)
    for name in names:
        format_for(folder, name)
    with SortedNTriples(partial(triples, kb, findings), folder) as nt:
        files: dict[Path, Content] = {
            folder / EXPORTERS[name][0]: content(name, kb, findings, nt) for name in names if name in EXPORTERS
        }
        for name in names:
            if name in INTERCHANGE:
                files |= {inside(folder, file): data for file, data in INTERCHANGE[name](kb, findings).items()}
        atomic_write_many(files)
    return sorted(files)


def inside(folder: Path, name: str) -> Path:
    """``folder / name`` for a file name a format chose, refusing any name that leaves the folder."""
    relative = Path(name)
    if not name or relative.is_absolute() or ".." in relative.parts or "\x00" in name:
        raise OutputError(f"refusing to write {name!r}: an export file name must stay inside {folder}")
    path = folder / relative
    if not path.resolve().is_relative_to(folder.resolve()):
        raise OutputError(f"refusing to write {name!r}: it resolves outside {folder}")
    return path


__all__ = [
    "EXPORTERS",
    "FINDING_COLUMNS",
    "INTERCHANGE",
    "JOURNAL",
    "PAUSE_ENV",
    "PAUSE_MID_RENAME_ENV",
    "RDFLIB_EXPORT_LIMIT",
    "SUFFIXES",
    "TSV_COLUMNS",
    "Content",
    "atomic_write_many",
    "claim_row",
    "content",
    "export",
    "finding_row",
    "format_for",
    "inside",
    "is_large",
    "recover_exports",
    "to_claims_tsv",
    "to_findings_tsv",
    "to_graphml",
    "to_jsonld",
    "to_ntriples",
    "to_turtle",
    "to_weak_tsv",
    "write_exports",
]
