"""One seed document file read against the ontology: its document, reference list and claims,
every problem recorded as ``file:line`` on the load's :class:`~kg.seeds.records.Run`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.model import Context, Direction, Document, Entity, Evidence, LevelBasis, Locator, Reference
from kg.seeds.assemble import Statement
from kg.seeds.records import Run, file_label, suggest
from kg.seeds.specs import CLAIM_SPEC, DOCUMENT_SPEC, ENTITY_SPEC, LOCAL_ID, REFERENCE_SPEC
from kg.seeds.yamlio import LineDict, line_of, show

__all__ = ["SeedFile", "load_seed_file"]


class SeedFile:
    """What one seed document file yields."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.document_line = 1
        self.references: dict[int, Reference] = {}
        self.statements: list[tuple[int, Statement]] = []


#: Top-level keys of a seed file; ``entities`` holds grounded entities a draft uses that the
#: ontology's curated entities lack (kg extract writes it).
_SEED_KEYS = ("document", "entities", "references", "claims")


def _file_entities(data: Any, name: str, run: Run, entities: dict[str, Entity]) -> None:
    """Add a seed file's own entity records; an id the ontology (or an earlier file) defines wins."""
    for _line, item in run.items(data, name, "the entities block"):
        rec = run.record(item, ENTITY_SPEC, name, "entity")
        if rec is not None and rec["id"] not in entities:
            entities[rec["id"]] = Entity(**rec)


def load_seed_file(
    path: Path,
    run: Run,
    entities: dict[str, Entity],
    contexts: dict[str, Context],
    claim_ids: dict[str, str],
    adjust: Callable[[Reference], Reference] = lambda ref: ref,
) -> SeedFile:
    """Read one seed file: its entities block, document, references and claims; problems go to ``run``."""
    name = file_label(path)
    out = SeedFile()
    data, errors = run.read_yaml(path, name)
    run.errors.extend(errors)
    if data is None:
        return out
    if not isinstance(data, LineDict):
        run.error(name, line_of(data, 0), "a seed file must be a mapping with keys document, references, claims")
        return out
    for key in data:
        if key not in _SEED_KEYS:
            run.error(
                name,
                line_of(data, key),
                f"unknown top-level key {show(key)} (allowed: {', '.join(_SEED_KEYS)})",
            )
    _file_entities(data.get("entities"), name, run, entities)
    key = path.stem
    if not LOCAL_ID.fullmatch(key):
        run.error(name, 1, f"file name {show(key)} (the document key) may hold only letters, digits, '_', '.' and '-'")
    labels = {i: e.label for i, e in entities.items()}

    reading = _Reading(run, name, key, entities, labels)
    _seed_document(data, reading, out)
    invalid_refs = _seed_references(data, reading, adjust, out)
    _seed_claims(data, reading, contexts, claim_ids, invalid_refs, out)
    return out


@dataclass(frozen=True)
class _Reading:
    """What reading one seed file's blocks needs: the run, the file's name and key, the entities."""

    run: Run
    name: str
    key: str
    entities: dict[str, Entity]
    labels: dict[str, str]


def _seed_document(data: LineDict, reading: _Reading, out: SeedFile) -> None:
    """The ``document`` block of a seed file, into ``out``."""
    run, name, key, entities, labels = reading.run, reading.name, reading.key, reading.entities, reading.labels
    if "document" not in data:
        run.error(name, data.line, "missing the 'document' block")
    else:
        out.document_line = line_of(data, "document")
        rec = run.record(data["document"], DOCUMENT_SPEC, name, "document")
        if rec is not None:
            if rec["compound"] not in entities:
                run.error(
                    name,
                    line_of(data["document"], "compound"),
                    f"unknown entity {rec['compound']!r}" + suggest(rec["compound"], entities, labels),
                )
            out.document = Document(key=key, **rec)


def _seed_references(
    data: LineDict, reading: _Reading, adjust: Callable[[Reference], Reference], out: SeedFile
) -> set[int]:
    """The reference list of a seed file, into ``out``; the numbers of the invalid entries."""
    run, name, key, entities = reading.run, reading.name, reading.key, reading.entities
    invalid_refs: set[int] = set()
    for line, item in run.items(data.get("references"), name, "references"):
        rec = run.record(item, REFERENCE_SPEC, name, "reference")
        if rec is None:
            if isinstance(item, dict) and isinstance(item.get("n"), int):
                invalid_refs.add(item["n"])  # reported already; do not report its citations too
            continue
        n = rec["n"]
        if n in out.references:
            run.error(name, line, f"duplicate reference number {n}")
            continue
        for about in rec.get("about", ()):
            if about not in entities:
                run.error(name, line_of(item, "about"), f"about: unknown entity {about!r}")
        if rec["basis"] in (LevelBasis.CURATOR_KNOWLEDGE, LevelBasis.CITING_CONTEXT) and not rec.get("note"):
            run.error(name, line, f"reference {n}: basis {rec['basis'].value!r} needs a note saying why")
        out.references[n] = adjust(Reference(document=key, **rec))
    return invalid_refs


def _seed_claims(
    data: LineDict,
    reading: _Reading,
    contexts: dict[str, Context],
    claim_ids: dict[str, str],
    invalid_refs: set[int],
    out: SeedFile,
) -> None:
    """The claim records of a seed file, into ``out`` as statements."""
    run, name = reading.run, reading.name
    for line, item in run.items(data.get("claims"), name, "claims"):
        rec = run.record(item, CLAIM_SPEC, name, "claim")
        if rec is None:
            continue
        cid = rec["id"]
        if cid in claim_ids:
            run.error(name, line, f"duplicate claim id {cid!r} (first used at {claim_ids[cid]})")
            continue
        claim_ids[cid] = f"{name}:{line}"
        names_ok = _claim_names_ok(rec, item, reading, contexts)
        refs = _claim_references(rec, item, reading, invalid_refs, out)
        span_ok = _claim_span_ok(rec, item, reading, out.document)
        if not names_ok or refs is None or not span_ok or out.document is None:
            continue
        out.statements.append((line, _statement(rec, reading.key, out.document, refs)))


def _claim_names_ok(rec: dict[str, Any], item: LineDict, reading: _Reading, contexts: dict[str, Context]) -> bool:
    """Whether a claim's subject, object and context are known; each unknown one is recorded."""
    run, name, entities, labels = reading.run, reading.name, reading.entities, reading.labels
    ok = True
    for role in ("subject", "object"):
        if rec[role] not in entities:
            run.error(
                name,
                line_of(item, role),
                f"{role}: unknown entity {rec[role]!r}" + suggest(rec[role], entities, labels),
            )
            ok = False
    if rec["context"] not in contexts:
        allowed = ", ".join(sorted(contexts))
        run.error(
            name,
            line_of(item, "context"),
            f"context: unknown context {rec['context']!r} (expected one of: {allowed})",
        )
        ok = False
    return ok


def _claim_references(
    rec: dict[str, Any], item: LineDict, reading: _Reading, invalid_refs: set[int], out: SeedFile
) -> list[Reference] | None:
    """The reference entries a claim cites; None when one is invalid or not listed (recorded)."""
    refs: list[Reference] = []
    ok = True
    for n in rec["cites"]:
        if n in invalid_refs:
            ok = False
        elif n not in out.references:
            listed = ", ".join(str(k) for k in sorted(out.references)) or "none"
            reading.run.error(
                reading.name,
                line_of(item, "cites"),
                f"cites: reference {n} is not in this document's reference list (listed: {listed})",
            )
            ok = False
        else:
            refs.append(out.references[n])
    return refs if ok else None


def _claim_span_ok(rec: dict[str, Any], item: LineDict, reading: _Reading, document: Document | None) -> bool:
    """Whether a claim's span lies inside its document (when the document's length is known)."""
    start, end = rec["span"]
    length = document.length if document else None
    if length is not None and end > length:
        reading.run.error(
            reading.name,
            line_of(item, "span"),
            f"span: [{start}, {end}] lies outside the document ({length} characters)",
        )
        return False
    return True


def _statement(rec: dict[str, Any], key: str, document: Document, refs: list[Reference]) -> Statement:
    """A valid claim record as a statement: its claim key and its evidence."""
    start, end = rec["span"]
    evidence = Evidence(
        id=rec["id"],
        document=key,
        locator=Locator(document.file, document.sha256, start, end),
        references=tuple(refs),
        hedged=rec.get("hedged", False),
        quantity=rec.get("quantity", ""),
        as_written=rec.get("as_written", ""),
        note=rec.get("note", ""),
        extracted=rec.get("extracted", False),
        confidence=rec.get("confidence"),
    )
    claim_key = (
        rec["subject"],
        rec["predicate"],
        rec["object"],
        rec["context"],
        rec.get("direction", Direction.SUPPORTS),
    )
    return claim_key, evidence
