"""One document to an ExtractionResult, and many paths extracted (``kg extract``)."""

from __future__ import annotations

import gc
import re
import sys
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.extract.extractor import ExtractionResult, Extractor, load_extractor
from kg.extract.listlead import LeadIn, continuation, lead_in, list_item_text
from kg.extract.matcher import Mention
from kg.extract.mentions import (
    apply_abbreviations,
    class_anaphors,
    compound_aliases,
    elided_names,
    label_of,
    name_mentions,
    opposite_mentions,
    residue_mentions,
    shared_head_names,
    symptom_mentions,
    without_acronym_peptides,
    without_foreign_short_forms,
    without_ratios,
)
from kg.extract.page import UNKNOWN_COMPOUND, compound_of_interest, document_kind, self_reference, without_furniture
from kg.extract.records import dedupe, entity_records, reference_records, safe_stem
from kg.extract.rules import COMPOUNDS, Rules
from kg.extract.statement import Statement
from kg.extract.triggers import find_triggers
from kg.extract.workers import Job, drafter, grounder, shared_work, workers_for
from kg.metadata import load_mapping, load_works
from kg.model import Entity, EntityType, IdSource, SourceType
from kg.read.compound import CompoundChoice
from kg.read.kind import KindVerdict, normalise_host
from kg.read.sources import url_for

__all__ = ["LARGE_DOCUMENT", "extract_document", "extract_paths"]

if TYPE_CHECKING:
    from kg.read.parsed import ParsedDocument, Segment

_LABEL = re.compile(r"^\s*[-*•]?\s*([^:.;]{1,60}):\s+")


# --- one document ------------------------------------------------------------------------------


def _other_compounds(mentions: Iterable[Mention], compound: str | None) -> bool:
    return any(m.type is EntityType.COMPOUND and m.entity != compound for m in mentions)


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
    walk = _statement_jobs(parsed, extractor, texts, found, compound, compound_written)
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


@dataclass
class _Walk:
    """What walking a document's segments gathers and carries from one segment to the next."""

    jobs: list[Job] = field(default_factory=list)  # the statements to draft claims from, in order
    citing: dict[int, list[str]] = field(default_factory=dict)  # reference number -> the texts citing it
    dangling: set[int] = field(default_factory=set)  # markers with no reference entry
    repeated: int = 0  # statements that repeat an earlier one word for word
    previous_mentions: list[Mention] = field(default_factory=list)
    header_compound: str | None = None
    recent: list[list[Mention]] = field(default_factory=list)
    in_table: bool = False
    part_rows: bool = False  # the table's header names its rows as the compound's parts ("Ingredient")
    lead_hedged: bool = False  # the list items that follow stand under a hedged lead-in ending in ":"
    lead_in: LeadIn | None = None  # the list items that follow complete a relation their lead-in began
    previous: tuple[str, list[Mention], int, tuple[int, ...]] | None = None  # the sentence before
    seen: set[tuple[str, tuple[int, ...]]] = field(default_factory=set)


def _statement_jobs(
    parsed: ParsedDocument,
    extractor: Extractor,
    texts: list[str],
    found: list[list[Mention]],
    compound: str | None,
    compound_written: str,
) -> _Walk:
    """The statements of a document to draft claims from, with the citations they make."""
    walk = _Walk()
    ref_numbers = {r.n for r in parsed.references}
    for seg, text, mentions in zip(parsed.segments, texts, found, strict=True):
        if seg.kind in ("sentence", "bullet"):
            # a statement repeated word for word (with the same citations) is one statement: its
            # first place stands for all
            said = (" ".join(text.split()), tuple(seg.citations))
            if said in walk.seen:
                walk.repeated += 1
                walk.previous_mentions = mentions
                continue
            walk.seen.add(said)
        if _list_item(walk, extractor, seg, text, mentions, ref_numbers, compound, compound_written):
            continue
        if seg.kind == "heading":
            walk.previous_mentions = []
            walk.in_table = False
            if _claim_heading(extractor.rules, text, mentions):
                # "Quercetin Lowers Cholesterol": a heading that names its subject before a verb is a claim
                st = Statement(text, mentions, compound, compound is not None, compound_written)
                walk.jobs.append((st, (), (seg.start, seg.end), False))
            continue
        _segment_job(walk, extractor, seg, text, mentions, ref_numbers, compound, compound_written)
    return walk


def _list_item(
    walk: _Walk,
    extractor: Extractor,
    seg: Segment,
    text: str,
    mentions: list[Mention],
    ref_numbers: set[int],
    compound: str | None,
    compound_written: str,
) -> bool:
    """A list item, or a "This includes …" sentence, read with the lead-in before it
    (:mod:`kg.extract.listlead`): its job queued, True; else the lead-in state kept up to date, False."""
    rules = extractor.rules
    lead, start = None, -1
    if seg.kind == "bullet" and walk.lead_in is not None and mentions and not find_triggers(rules, text, mentions):
        lead, start = walk.lead_in, 0
    elif seg.kind == "sentence" and walk.previous is not None and (at := continuation(text)) is not None:
        lead, start = lead_in(rules, *walk.previous, colon=False), at
    if seg.kind != "bullet":  # "Studies suggest it may:" hedges the list items under it
        walk.lead_hedged = text.rstrip().endswith(":") and bool(rules.hedges.search(text))
        colon = seg.kind in ("sentence", "heading") and text.rstrip().endswith(":")
        walk.lead_in = lead_in(rules, text, mentions, seg.start, tuple(seg.citations)) if colon else None
        walk.previous = (text, mentions, seg.start, tuple(seg.citations)) if seg.kind == "sentence" else None
    if lead is None:
        return False
    items = [replace(m, start=m.start - start, end=m.end - start) for m in mentions if m.start >= start]
    joined, joined_mentions, item_start = list_item_text(lead, text[start:], items)
    seg = replace(seg, start=lead.start, citations=(*lead.cites, *seg.citations))
    _segment_job(walk, extractor, seg, joined, joined_mentions, ref_numbers, compound, compound_written, item_start)
    return True


def _segment_job(
    walk: _Walk,
    extractor: Extractor,
    seg: Segment,
    text: str,
    mentions: list[Mention],
    ref_numbers: set[int],
    compound: str | None,
    compound_written: str,
    list_start: int = -1,
) -> None:
    """One sentence, bullet or table row: its citations noted and, when it can say something, its job
    (``list_start``: a list item joined to its lead-in, :mod:`kg.extract.listlead`)."""
    if seg.kind == "table_row" and not walk.in_table:
        # the header row of a table may name the compound its rows are about
        names = [m for m in mentions if m.type is EntityType.COMPOUND]
        walk.header_compound = names[0].entity if names else None
        walk.part_rows = extractor.rules.part_headers.search(text) is not None
    walk.in_table = seg.kind == "table_row"
    cites = tuple(sorted({n for n in seg.citations if n in ref_numbers}))
    walk.dangling.update(n for n in seg.citations if n not in ref_numbers)
    for n in cites:
        walk.citing.setdefault(n, []).append(seg.text)
    subject_compound, subject_written = compound, compound_written
    if seg.kind == "table_row" and walk.header_compound:
        subject_compound = walk.header_compound
        subject_written = extractor.matcher.entities[walk.header_compound].label
    ok = subject_compound is not None and not _other_compounds([*mentions, *walk.previous_mentions], subject_compound)
    label = _LABEL.match(text) if seg.kind != "table_row" else None
    rules = extractor.rules
    if not mentions and not (subject_compound and (rules.implied_words.search(text) or rules.against.search(text))):
        walk.previous_mentions = mentions
        walk.recent = [*walk.recent[-2:], mentions]
        return  # names nothing and no effect adjective: no claim can come of it
    st = Statement(
        text,
        mentions,
        subject_compound,
        ok,
        subject_written,
        walk.previous_mentions,
        label.end() if label else 0,
        [m for ms in walk.recent for m in ms],
        seg.kind == "sentence",
        seg.kind == "bullet" and walk.lead_hedged,
        list_start,
        seg.kind == "table_row" and walk.part_rows,
    )
    walk.jobs.append((st, cites, (seg.start, seg.end), seg.kind == "table_row"))
    walk.previous_mentions = mentions
    walk.recent = [*walk.recent[-2:], mentions]  # demonstratives may point up to three statements back


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


def _claim_heading(rules: Rules, text: str, mentions: Sequence[Mention]) -> bool:
    """A heading that states a relation: a name, then a trigger, then another name."""
    triggers = find_triggers(rules, text, mentions)
    return any(any(m.end <= t.start for m in mentions) and any(m.start >= t.end for m in mentions) for t in triggers)


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
