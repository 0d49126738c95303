"""Extraction results as records in the seeds format: references, entities, claims; the output files."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.classify import classify, parse_identifier
from kg.extract.extractor import ExtractedClaim, ExtractionResult, Extractor
from kg.extract.page import UNKNOWN_COMPOUND
from kg.metadata import grade
from kg.model import EntityType, work_keys
from kg.read.compound import CompoundChoice
from kg.read.parallel import available_workers
from kg.seeds.writer import DRAFT, seed_text

__all__ = [
    "dedupe",
    "entity_records",
    "output_name",
    "reference_records",
    "render_records",
    "safe_stem",
    "to_records",
    "write_records",
]

if TYPE_CHECKING:
    from kg.read.parsed import ParsedDocument


def reference_records(
    ex: Extractor, parsed: ParsedDocument, citing: dict[int, list[str]], warnings: list[str]
) -> list[dict[str, Any]]:
    """The reference records of a document, each graded, with the statements that cite it."""
    records = []
    seen: set[int] = set()
    for ref in parsed.references:
        if ref.n in seen:
            warnings.append(f"{parsed.path}: reference number {ref.n} listed twice; the second entry is skipped")
            continue
        seen.add(ref.n)
        ids = []
        for ident in ref.ids:
            if isinstance(parse_identifier(ident), str):
                warnings.append(f"{parsed.path}: reference {ref.n}: identifier {ident!r} is malformed; skipped")
            else:
                ids.append(ident)
        unlisted = not getattr(ref, "listed", True)
        context = _words_before(parsed, ref.start) if unlisted else " ".join(citing.get(ref.n, []))
        meta = ex.works.find_keys(work_keys(ids, ref.title)) if ex.works is not None else None
        graded = grade(meta, ex.metadata) if meta is not None and ex.metadata is not None else None
        verdict = classify(
            ex.classifier, ref.title, ref.host, ids, ref.url, context, unlisted=unlisted, metadata=graded
        )
        rec: dict[str, Any] = {"n": ref.n, "title": ref.title, "host": ref.host}
        if ids:
            rec["ids"] = ids
        if ref.url:
            rec["url"] = ref.url
        rec["source_type"] = verdict.source_type.value
        rec["level"] = verdict.level.value
        rec["basis"] = verdict.basis.value
        rec["note"] = f"graded by the classifier: {verdict.rationale}"
        if not getattr(ref, "listed", True):
            shown = getattr(ref, "label", "") or str(ref.n)
            rec["note"] = f"cited as {shown!r} with no entry in a reference list; " + rec["note"]
        records.append(rec)
    return records


def _words_before(parsed: ParsedDocument, at: int) -> str:
    """The words of a statement before a citation marker at ``at`` (what the citing text says the
    cited work found: "in rats", "in a randomised trial"); back to the statement's start or the
    previous marker group, at most 400 characters. A marker right after another ("[3][6]", "2, 5")
    shares the words of the group."""
    start = max(0, at - 400)
    for seg in parsed.segments:
        if seg.start <= at <= seg.end + 2:
            start = max(start, seg.start)
            break
    window = parsed.text[start:at]
    group = _MARKER_GROUP_END.search(window)
    if group is not None:
        window = window[: group.start()]  # the words before the first marker of the group
    cut = max(window.rfind("]"), window.rfind(")") if window.rstrip().endswith(")") is False else -1)
    return window[cut + 1 :] if cut >= 0 else window


# the end of the words before a marker: earlier markers of the same group ("[3]", "[3], ", "(1,2)")
_MARKER_GROUP_END = re.compile(r"(?:\s{0,2}[\[(][^\[\]()]{1,20}[\])][\s,;]{0,3})+$")


_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]+")


def safe_stem(path: str) -> str:
    """The document's file stem made safe for record ids and file names (letters, digits, ``_.-``)."""
    stem = _UNSAFE.sub("-", unicodedata.normalize("NFKD", Path(path).stem).encode("ascii", "ignore").decode())
    return stem.strip("-.") or "document"


def entity_records(
    ex: Extractor, choice: CompoundChoice | None, claims: Sequence[ExtractedClaim]
) -> list[dict[str, Any]]:
    """Entity records for the ids the draft uses that the ontology's curated entities lack."""
    used = {c.subject for c in claims} | {c.object for c in claims}
    if choice is not None:
        used.add(choice.id)
    else:
        used.add(UNKNOWN_COMPOUND)
    out = []
    for ident in sorted(used - ex.matcher.curated):
        if choice is not None and ident == choice.id:
            rec: dict[str, Any] = {"id": ident, "label": choice.written or ident, "type": EntityType.COMPOUND.value}
            if choice.grounded:
                known = ex.matcher.entities.get(ident)
                if known is not None and known.label != rec["label"]:
                    rec["synonyms"] = [known.label]
                rec["id_source"] = "standards"
                rec["note"] = f"compound of interest, {choice.rationale}"
            else:
                rec["id_source"] = "project"
                rec["note"] = "compound of interest, ungrounded: in no vocabulary the grounder knows"
        elif ident == UNKNOWN_COMPOUND:
            rec = {"id": ident, "label": "unknown compound", "type": EntityType.COMPOUND.value, "id_source": "project"}
            rec["note"] = "placeholder: the document names no compound of interest"
        else:
            ent = ex.matcher.entities[ident]
            rec = {"id": ident, "label": ent.label, "type": ent.type.value, "id_source": "standards"}
        out.append(rec)
    return out


def dedupe(claims: Sequence[ExtractedClaim]) -> list[ExtractedClaim]:
    """One record per (subject, predicate, object, context, direction) and statement; best confidence kept."""
    best: dict[tuple[Any, ...], ExtractedClaim] = {}
    for c in claims:
        key = (c.subject, c.predicate, c.object, c.context, c.direction, c.span)
        if key not in best or c.confidence > best[key].confidence:
            best[key] = c
    return sorted(best.values(), key=lambda c: (c.span, c.subject, c.predicate.value, c.object, c.context))


# --- output ------------------------------------------------------------------------------------


def to_records(result: ExtractionResult) -> dict[str, Any]:
    """The seed-format mapping (document, references, claims) of one extraction result."""
    claims = []
    for i, c in enumerate(result.claims, start=1):
        rec: dict[str, Any] = {"id": f"x-{result.stem}-{i:03d}", "subject": c.subject}
        if c.as_written:
            rec["as_written"] = c.as_written
        rec.update(
            {
                "predicate": c.predicate.value,
                "object": c.object,
                "context": c.context,
                "direction": c.direction,
                "hedged": c.hedged,
                "cites": list(c.cites),
                "span": list(c.span),
            }
        )
        if c.quantity:
            rec["quantity"] = c.quantity
        rec["extracted"] = True
        rec["confidence"] = c.confidence
        claims.append(rec)
    out: dict[str, Any] = {"document": result.document}
    if result.entities:
        out["entities"] = result.entities
    out.update({"references": result.references, "claims": claims})
    return out


def render_records(result: ExtractionResult, fmt: str = "yaml", workers: int = 1) -> str:
    """The text of one output file (YAML in the seeds format, or JSON), deterministic.

    The YAML is written by the one seeds writer in its draft style (:data:`kg.seeds.writer.DRAFT`):
    a long claim list is written in chunks (across ``workers`` processes) and joined."""
    data = to_records(result)
    if fmt == "json":
        return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    header = (
        f"# Extracted by kg extract from {result.document['file']} (draft: every claim has extracted: true\n"
        "# and a confidence; a curator accepts, fixes or drops each record). Spans index the document text.\n"
    )
    return seed_text(data, DRAFT, header, workers)


def output_name(result: ExtractionResult, fmt: str = "yaml") -> str:
    """File name of one result: ``x-<document stem>.yaml`` (the ``x-`` keeps keys apart from curated ones)."""
    return f"x-{result.stem}.{'json' if fmt == 'json' else 'yaml'}"


def write_records(results: Sequence[ExtractionResult], out: Path, fmt: str = "yaml", workers: int = 0) -> list[Path]:
    """Write every result into ``out`` atomically (all files or none); return the paths.

    ``workers`` processes share the writing of a very long draft (0: every core)."""
    from kg.output import atomic_write_many

    jobs = workers or available_workers()
    files = {out / output_name(r, fmt): render_records(r, fmt, jobs).encode("utf-8") for r in results if r.document}
    atomic_write_many(files)
    return sorted(files)
