"""One document to an ExtractionResult, and many paths extracted (``kg extract``)."""

from __future__ import annotations

import gc
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.extract.extractor import ExtractionResult, Extractor, load_extractor
from kg.extract.headnouns import class_anaphors, shared_head_names, symptom_mentions
from kg.extract.mention import Mention
from kg.extract.mentions import (
    apply_abbreviations,
    compound_aliases,
    elided_names,
    label_of,
    name_mentions,
    opposite_mentions,
    residue_mentions,
    without_acronym_peptides,
    without_foreign_short_forms,
    without_ratios,
)
from kg.extract.page import UNKNOWN_COMPOUND, compound_of_interest, document_kind, self_reference, without_furniture
from kg.extract.records import dedupe, entity_records, reference_records, safe_stem
from kg.extract.rules import COMPOUNDS
from kg.extract.walk import statement_jobs
from kg.extract.workers import drafter, grounder, shared_work, workers_for
from kg.metadata import load_mapping, load_works
from kg.model import Entity, EntityType, IdSource, SourceType
from kg.read.compound import CompoundChoice
from kg.read.kind import KindVerdict, normalise_host
from kg.read.sources import url_for

__all__ = ["LARGE_DOCUMENT", "extract_document", "extract_paths"]

if TYPE_CHECKING:
    from kg.read.parsed import ParsedDocument

# --- one document ------------------------------------------------------------------------------


def _mentions(extractor: Extractor, whole: str, texts: list[str], workers: int) -> list[list[Mention]]:
    """The names of each statement, grounded (a statement repeated word for word once) and refined
    by what the whole document says: abbreviations, acronyms, ratios, elided stems."""
    distinct = list(dict.fromkeys(texts))
    grounded = dict(zip(distinct, shared_work(extractor, grounder(extractor), distinct, workers), strict=True))
    found = [list(grounded[t]) for t in texts]
    found = apply_abbreviations(texts, found, {m.entity: label_of(extractor, m.entity) for ms in found for m in ms})
    found = without_acronym_peptides(extractor, whole, found)
    found = without_foreign_short_forms(texts, found, extractor.rules.short_form_heads)
    found = [without_ratios(t, ms) for t, ms in zip(texts, found, strict=True)]
    found = [opposite_mentions(extractor, t, ms) for t, ms in zip(texts, found, strict=True)]
    found = [symptom_mentions(extractor, t, ms) for t, ms in zip(texts, found, strict=True)]
    found = [elided_names(extractor, t, ms) for t, ms in zip(texts, found, strict=True)]
    return [shared_head_names(extractor, t, ms) for t, ms in zip(texts, found, strict=True)]


def extract_document(
    parsed: ParsedDocument,
    extractor: Extractor,
    progress: Callable[[int, int], None] | None = None,
    url: str | None = None,
    kind: str = "",
) -> ExtractionResult:
    """Draft claim and reference records for one parsed document (deterministic).

    ``progress(done, total)`` is told how many statements have been read, about twenty times.
    ``url``, where the document was retrieved from when known, helps say what kind of page it is
    and gives the draft's host; ``kind``, when the user declares it, is the kind of page.
    """
    warnings = list(parsed.warnings)
    stem = safe_stem(parsed.path)
    parsed = without_furniture(parsed, extractor, warnings)
    texts = [
        unicodedata.normalize("NFC", " | ".join(seg.cells) if seg.kind == "table_row" and seg.cells else seg.text)
        for seg in parsed.segments
    ]  # mention offsets index these normalised texts
    workers = workers_for(extractor, len(parsed.text))
    found = _mentions(extractor, parsed.text, texts, workers)
    choice = compound_of_interest(extractor, parsed, texts, found)
    placeholder = len(warnings)
    if choice is None:
        warnings.append(
            f"{parsed.path}: no compound of interest found (title and text name none); "
            f"the draft names the placeholder {UNKNOWN_COMPOUND} and drafts no claim about it"
        )  # completed below with the number of claims the draft holds
    elif not choice.grounded:
        warnings.append(
            f"{parsed.path}: compound of interest {choice.written!r} is in no vocabulary; "
            f"drafted as the ungrounded project id {choice.id}"
        )
    registry = extractor.matcher.entities
    before = registry.get(choice.id) if choice is not None else None
    if choice is not None and (before is None or before.type not in COMPOUNDS):
        # for this document the compound of interest is a compound, whatever its vocabulary calls it
        registry[choice.id] = Entity(
            choice.id,
            before.label if before else choice.written,
            EntityType.COMPOUND,
            id_source=before.id_source if before else IdSource.PROJECT,
        )
    try:
        result = _extract(parsed, extractor, warnings, stem, texts, found, choice, progress, url, workers, kind)
        if choice is None:  # say what the draft holds: claims about other subjects may be there
            n = len(result.claims)
            warnings[placeholder] += f"; {n} claim{'s' if n != 1 else ''} about other subjects drafted"
        return result
    finally:
        if choice is not None:
            if before is None:
                registry.pop(choice.id, None)
            else:
                registry[choice.id] = before


def _extract(
    parsed: ParsedDocument,
    extractor: Extractor,
    warnings: list[str],
    stem: str,
    texts: list[str],
    found: list[list[Mention]],
    choice: CompoundChoice | None,
    progress: Callable[[int, int], None] | None = None,
    url: str | None = None,
    workers: int = 1,
    declared: str = "",
) -> ExtractionResult:
    """The result for a read document whose mentions are found: statements drafted, references graded."""
    compound = choice.id if choice else None
    compound_written = choice.written if choice else ""
    found = _with_compound(extractor, texts, found, choice)
    walk = statement_jobs(parsed, extractor, texts, found, compound, compound_written)
    drafted = shared_work(extractor, drafter(extractor), walk.jobs, workers, progress)
    claims = [c for cs in drafted for c in cs]
    if walk.repeated:
        warnings.append(f"{parsed.path}: {walk.repeated} statements repeat an earlier one word for word; read once")
    if walk.dangling:
        listed = ", ".join(str(n) for n in sorted(walk.dangling))
        warnings.append(f"{parsed.path}: citation markers with no reference entry dropped: {listed}")
    claims = dedupe(claims)
    references = reference_records(extractor, parsed, walk.citing, warnings)
    names = [n for n in (compound_written, label_of(extractor, compound) if compound else "") if n]
    kind = document_kind(parsed, extractor, url, names, declared)
    host = normalise_host(url)
    vendor = kind is not None and kind.kind == "vendor"
    if vendor and any(not c.cites for c in claims):
        own = self_reference(parsed, kind, references, host)
        references.append(own)
        claims = [c if c.cites else replace(c, cites=(own["n"],)) for c in claims]
    return ExtractionResult(
        path=parsed.path,
        stem=stem,
        document=_document_record(parsed, stem, compound, compound_written, kind, vendor, host),
        entities=entity_records(extractor, choice, claims),
        references=references,
        claims=claims,
        markers_found=parsed.markers_found,
        markers_resolved=parsed.markers_resolved,
        warnings=warnings,
    )


def _with_compound(
    extractor: Extractor, texts: list[str], found: list[list[Mention]], choice: CompoundChoice | None
) -> list[list[Mention]]:
    """The mentions with the compound of interest typed as a compound and found by its other names, and residues."""
    compound = choice.id if choice else None
    if compound:
        found = [[replace(m, type=EntityType.COMPOUND) if m.entity == compound else m for m in ms] for ms in found]
        if choice is not None and choice.written and extractor.matcher.resolve(choice.written) != compound:
            found = name_mentions(texts, found, choice.written, compound)  # minted, or grounded by another name
        for alias in compound_aliases(extractor, texts, found, compound):
            found = name_mentions(texts, found, alias, compound)
        found = class_anaphors(extractor, texts, found, compound)
    return [residue_mentions(extractor, t, ms) for t, ms in zip(texts, found, strict=True)]


def _document_record(
    parsed: ParsedDocument,
    stem: str,
    compound: str | None,
    compound_written: str,
    kind: KindVerdict | None,
    vendor: bool,
    host: str,
) -> dict[str, Any]:
    """The draft record of the document itself: file, hash, label, source type, compound, note."""
    note = "extracted automatically (kg extract); source type and compound to be checked by a curator"
    if kind is not None:
        note += f"; document kind {kind.rationale}"
    document: dict[str, Any] = {
        "file": Path(parsed.path).name,
        "sha256": parsed.sha256,
        "length": len(parsed.text),
        "label": (parsed.title or stem)[:200],
        "source_type": _document_source_type(kind, vendor).value,
        "compound_as_written": compound_written or "unknown",
        "compound": compound or UNKNOWN_COMPOUND,
        "references_numbered": bool(parsed.references_numbered),
        "note": note,
    }
    if host:
        document["host"] = host
    return document


def _document_source_type(kind: KindVerdict | None, vendor: bool) -> SourceType:
    """What kind of work the document itself is: a vendor's page, a web page (an encyclopedia
    article, an explainer), or not known from the page alone (a scientific text may be a study,
    a review or a trial report)."""
    if vendor:
        return SourceType.VENDOR_SITE
    if kind is not None and kind.kind in ("encyclopedic", "explainer"):
        return SourceType.WEB_PAGE
    return SourceType.UNKNOWN_HOST


def extract_paths(
    paths: Iterable[Path],
    ontology: Path,
    progress: bool = False,
    sources: Mapping[str, str] | None = None,
    workers: int = 0,
    works: Path | None = None,
    kinds: Mapping[str, str] | None = None,
) -> list[ExtractionResult]:
    """Read and extract every file (folders expanded, sorted); bad files become warnings.

    ``sources`` maps file names (or paths as given) to the URLs the documents came from.
    ``workers`` processes share the work of a large document (0: every core; 1: this process only);
    the drafts are the same whatever the number. ``works`` is a metadata file (``kg resolve``
    writes it): a reference whose work it holds is graded from its publication types. ``kinds``
    maps file names to the kind of page the user declares (``kg.read.sources.PAGE_KINDS``).
    """
    from kg.read.reader import read_many

    extractor = replace(load_extractor(ontology), workers=workers)
    if works is not None:
        known = load_works(works)
        if known.by_key:
            extractor = replace(extractor, works=known, metadata=load_mapping(ontology))
    frozen = gc.get_freeze_count()
    gc.freeze()  # the vocabularies live to the end: the collector need not walk them again and again
    try:
        return _extract_all(read_many(paths, progress=progress), extractor, progress, sources, kinds)
    finally:
        if not frozen:
            gc.unfreeze()


def _extract_all(
    documents: Iterable[ParsedDocument],
    extractor: Extractor,
    progress: bool,
    sources: Mapping[str, str] | None,
    kinds: Mapping[str, str] | None = None,
) -> list[ExtractionResult]:
    """One result per document, in order, with progress on stderr for large documents."""
    results = []
    for parsed in documents:
        if not parsed.text.strip():
            # unreadable or empty: nothing to draft, but report why
            results.append(
                ExtractionResult(parsed.path, safe_stem(parsed.path), {}, [], [], warnings=list(parsed.warnings))
            )
            continue
        report = None
        if progress and len(parsed.text) >= LARGE_DOCUMENT:
            name = parsed.path
            print(
                f"{name}: {len(parsed.text):,} characters, {len(parsed.segments):,} statements read; "
                "grounding names and drafting claims",
                file=sys.stderr,
                flush=True,
            )

            def report(done: int, total: int, name: str = name) -> None:
                print(f"{name}: {done:,}/{total:,} statements drafted", file=sys.stderr, flush=True)

        url = url_for(sources, parsed.path) if sources else None
        kind = (url_for(kinds, parsed.path) or "") if kinds else ""
        results.append(extract_document(parsed, extractor, report, url, kind))
    return results


#: Documents at least this long (characters) report their progress on stderr.
LARGE_DOCUMENT = 1_000_000
