"""Exports: Turtle, N-Triples, JSON-LD, GraphML and a claims TSV, written as one atomic set.

Every writer takes the knowledge base and returns the file's bytes (or streams them);
:func:`write_exports` writes the set through temporary files renamed into place only after all
were written, under a rename journal: a failure or a kill leaves the previous set, except a kill
in the middle of the renames, whose journal the next writer (or :func:`recover_exports`) uses to
complete the new set before anything else. Same input gives byte-identical output at every
size, whatever store was loaded: N-Triples are always the sorted lines of :func:`kg.rdf.triples.triples`;
above :data:`RDFLIB_EXPORT_LIMIT` claims Turtle and JSON-LD are derived from them
(:mod:`kg.rdf.canonical`), below it rdflib writes them.

What the formats cannot hold: GraphML and TSV keep list values as ``|``-joined text and keep
references as ``document#number`` keys (titles and grades are in the RDF formats); the TSV has
one row per claim and no evidence spans.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path

from kg.errors import OutputError, UnknownFormatError
from kg.formats.graphml import to_graphml_bytes, write_graphml
from kg.graph import SEP
from kg.model import Claim, Finding, KnowledgeBase
from kg.output import (
    JOURNAL,
    PAUSE_ENV,
    PAUSE_MID_RENAME_ENV,
    Content,
    atomic_write_many,
    inside,
)
from kg.output import recover_exports as _recover
from kg.query import weak_support
from kg.rdf.canonical import SortedNTriples, write_jsonld, write_turtle
from kg.rdf.triples import ntriples_line, to_rdf, triples

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
    from kg.vocab.iris import PREFIXES

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
    "indra": _bundle("kg.formats.indra", "indra_files"),
    "kgx": _bundle("kg.formats.kgx", "kgx_tsv_files"),
    "kgx-jsonl": _bundle("kg.formats.kgx", "kgx_jsonl_files"),
    "nanopub": _bundle("kg.formats.nanopub", "nanopub_files"),
    "cx2": _bundle("kg.formats.cx2", "cx2_files"),
    "cytoscape": _bundle("kg.formats.cx2", "cytoscape_graphml_files"),
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
    from kg.vocab.iris import PREFIXES

    core = {
        "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
        "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
        "xsd": "http://www.w3.org/2001/XMLSchema#",
    }
    return {**core, **PREFIXES}


def _jsonld_context() -> dict[str, str]:
    from kg.vocab.iris import PREFIXES

    return dict(PREFIXES)


def recover_exports(folder: Path) -> list[Path]:
    """Finish an export set a killed writer left half-renamed in ``folder``; clear every export's temporaries."""
    return _recover(folder, _export_names())


def _export_names() -> list[str]:
    """Every export's file name: a writer into an exports folder clears their stale temporaries."""
    return [name for name, _ in EXPORTERS.values()]


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
        atomic_write_many({path: next(iter(files.values()))}, _export_names())
        return path
    with SortedNTriples(partial(triples, kb, findings), path.parent) as nt:
        atomic_write_many({path: content(name, kb, findings, nt)}, _export_names())
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
        atomic_write_many(files, _export_names())
    return sorted(files)


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
