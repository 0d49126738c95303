"""The export registry: every format's name, file and writer, and the export set written as one.

Every writer takes the knowledge base and returns the file's bytes (or streams them);
:func:`write_exports` writes the set through temporary files renamed into place only after all
were written, under a rename journal (:mod:`kg.output`): a failure or a kill leaves the previous
set, except a kill in the middle of the renames, whose journal the next writer (or
:func:`recover_exports`) uses to complete the new set before anything else. Same input gives
byte-identical output at every size, whatever store was loaded (:mod:`kg.formats.rdf`).

What the formats cannot hold: GraphML and TSV keep list values as ``|``-joined text and keep
references as ``document#number`` keys (titles and grades are in the RDF formats); the TSV has
one row per claim and no evidence spans.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import BinaryIO

import kg.sizes as sizes
from kg.errors import OutputError, UnknownFormatError
from kg.formats.cx2 import cx2_files, cytoscape_graphml_files
from kg.formats.graphml import to_graphml_bytes, write_graphml
from kg.formats.indra import indra_files
from kg.formats.kgx import kgx_jsonl_files, kgx_tsv_files
from kg.formats.nanopub import nanopub_files
from kg.formats.rdf import STREAMED, is_large, streamed_writer, to_jsonld, to_ntriples, to_turtle
from kg.formats.tsv import to_claims_tsv, to_findings_tsv, to_weak_tsv
from kg.model import Finding, KnowledgeBase
from kg.output import atomic_write_many, inside
from kg.output import recover_exports as _recover
from kg.rdf.canonical import SortedNTriples
from kg.rdf.triples import triples
from kg.tempfiles import Concurrent, Content

__all__ = [
    "DEFAULT_FORMATS",
    "EXPORTERS",
    "INTERCHANGE",
    "SUFFIXES",
    "Bundle",
    "Writer",
    "content",
    "export",
    "export_names",
    "export_plan",
    "format_for",
    "recover_exports",
    "reported",
    "to_graphml",
    "write_exports",
]

Writer = Callable[[KnowledgeBase, Sequence[Finding]], bytes]


def to_graphml(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """GraphML of the graph view (scalar attributes; lists joined with ``|``), streamed from the claims."""
    return to_graphml_bytes(kb)


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

#: The formats ``kg build`` and ``kg export`` write when none is named: every core format.
DEFAULT_FORMATS: tuple[str, ...] = tuple(EXPORTERS)

#: A writer of several files: knowledge base → {file name in the exports folder: bytes}.
Bundle = Callable[[KnowledgeBase, Sequence[Finding]], dict[str, bytes]]

#: Opt-in interchange formats (never written by default): format name → bundle writer.
INTERCHANGE: dict[str, Bundle] = {
    "indra": indra_files,
    "kgx": kgx_tsv_files,
    "kgx-jsonl": kgx_jsonl_files,
    "nanopub": nanopub_files,
    "cx2": cx2_files,
    "cytoscape": cytoscape_graphml_files,
}

#: File suffix → format name, for ``export(..., path)`` without an explicit format.
SUFFIXES = {
    ".ttl": "turtle",
    ".nt": "ntriples",
    ".jsonld": "jsonld",
    ".graphml": "graphml",
    ".tsv": "tsv",
    ".trig": "nanopub",
    ".cx2": "cx2",
}


def format_for(path: Path, fmt: str | None = None) -> str:
    """Resolve a format name from an explicit name or the file suffix."""
    if fmt is not None:
        if fmt not in EXPORTERS and fmt not in INTERCHANGE:
            raise UnknownFormatError(fmt, [*EXPORTERS, *INTERCHANGE])
        return fmt
    if path.suffix in SUFFIXES:
        return SUFFIXES[path.suffix]
    raise UnknownFormatError(path.suffix or str(path), list(SUFFIXES))


def recover_exports(folder: Path) -> list[Path]:
    """Finish an export set a killed writer left half-renamed in ``folder``; clear every export's temporaries."""
    return _recover(folder, export_names())


def export_names() -> list[str]:
    """Every export's file name: a writer into an exports folder clears their stale temporaries."""
    return [name for name, _ in EXPORTERS.values()]


def export(kb: KnowledgeBase, path: Path, fmt: str | None = None, findings: Sequence[Finding] = ()) -> Path:
    """Write one export to ``path`` (format from ``fmt`` or the suffix)."""
    name = format_for(path, fmt)
    if name in INTERCHANGE:
        files = INTERCHANGE[name](kb, findings)
        if len(files) != 1:
            raise OutputError(f"format {name!r} writes {len(files)} files ({', '.join(files)}); use --out FOLDER")
        atomic_write_many({path: next(iter(files.values()))}, export_names())
        return path
    with SortedNTriples(partial(triples, kb, findings), path.parent) as nt:
        atomic_write_many({path: content(name, kb, findings, nt)}, export_names())
    return path


def content(
    name: str,
    kb: KnowledgeBase,
    findings: Sequence[Finding] = (),
    nt: SortedNTriples | None = None,
    lazy: bool = False,
) -> Content:
    """What :func:`atomic_write_many` writes for export ``name``.

    N-Triples always come from ``nt`` (the sorted lines); Turtle and JSON-LD too when the graph
    is large (:func:`kg.formats.rdf.is_large`); GraphML is streamed; the others are bytes, or
    with ``lazy`` a function that makes and writes them when called (the same bytes).
    """
    if name == "graphml":
        return partial(write_graphml, kb)
    if name in STREAMED and nt is not None and _streamed(name, kb):
        return streamed_writer(name, nt)
    if lazy:
        return partial(_write_bytes, EXPORTERS[name][1], kb, findings)
    return EXPORTERS[name][1](kb, findings)


def _streamed(name: str, kb: KnowledgeBase) -> bool:
    """True when RDF format ``name`` is derived from the sorted N-Triples for ``kb``."""
    return name == "ntriples" or is_large(kb)


def _write_bytes(writer: Writer, kb: KnowledgeBase, findings: Sequence[Finding], out: BinaryIO) -> None:
    out.write(writer(kb, findings))


def write_exports(
    kb: KnowledgeBase,
    folder: Path,
    formats: Iterable[str] | None = None,
    findings: Sequence[Finding] = (),
    progress: Callable[[str], None] | None = None,
) -> list[Path]:
    """Write the chosen formats (default: :data:`DEFAULT_FORMATS`) into ``folder`` as one atomic set;
    return the paths.

    Audit findings, when given, go into the RDF formats and findings.tsv. The same input gives the
    same bytes whatever store was loaded: nothing here reads a store. Above
    :data:`kg.sizes.CONCURRENT_EXPORTS` claims the core formats are produced in forked processes
    (at most :data:`kg.sizes.EXPORT_WORKERS` at once): the non-RDF ones while the N-Triples are
    sorted, then the RDF dumps side by side; the bytes are the same. ``progress``, when given,
    gets a line as each core export is written, with the seconds it took.
    """
    names = list(dict.fromkeys(formats)) if formats is not None else list(DEFAULT_FORMATS)
    for name in names:
        format_for(folder, name)
    core = [name for name in names if name in EXPORTERS]
    plan = export_plan(len(kb.claims), len(core))
    if plan is not None:
        core.sort(key=_CONCURRENT_ORDER.index)
    with SortedNTriples(partial(triples, kb, findings), folder) as nt:
        files: dict[Path, Content] = {}
        for name in core:
            data = content(name, kb, findings, nt, lazy=plan is not None or progress is not None)
            files[folder / EXPORTERS[name][0]] = data if progress is None else reported(data, name, progress)
        needs = {folder / EXPORTERS[name][0] for name in core if name in STREAMED and _streamed(name, kb)}
        for name in names:
            if name in INTERCHANGE:
                files |= {inside(folder, file): data for file, data in INTERCHANGE[name](kb, findings).items()}
        if plan is not None:
            prepare = nt.prepare if progress is None else _reported_call(nt.prepare, "N-Triples sorted", progress)
            plan = Concurrent(plan.workers, prepare if needs else None, frozenset(needs))
        atomic_write_many(files, export_names(), plan)
    return sorted(files)


#: The order the concurrent path starts the core formats in: the longest RDF dumps first.
_CONCURRENT_ORDER = ["turtle", "jsonld", "ntriples", "graphml", "tsv", "findings-tsv", "weak-tsv"]


def export_plan(claims: int, files: int) -> Concurrent | None:
    """The concurrent plan for ``files`` core exports of ``claims`` claims, or None for the plain path."""
    from kg.read.parallel import available_workers

    workers = min(sizes.EXPORT_WORKERS, available_workers())
    if claims <= sizes.CONCURRENT_EXPORTS or workers < 2 or files < 2:
        return None
    return Concurrent(workers)


def _reported_call(work: Callable[[], None], done: str, progress: Callable[[str], None]) -> Callable[[], None]:
    """``work``, reporting ``done`` and its seconds once finished."""

    def run() -> None:
        start = time.perf_counter()
        work()
        progress(f"  {done} ({time.perf_counter() - start:.1f} s)")

    return run


def reported(data: Content, name: str, progress: Callable[[str], None]) -> Content:
    """``data`` (a writer function), reporting ``name`` and its seconds once written."""
    if isinstance(data, bytes):
        return data

    def write(out: BinaryIO) -> None:
        start = time.perf_counter()
        data(out)
        progress(f"  {name} written ({time.perf_counter() - start:.1f} s)")

    return write
