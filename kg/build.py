"""The build pipeline as a library: load → audit → store → exports (→ a SPARQL server).

``kg.build(seeds, ontology, out)`` does what ``kg build`` does and returns what it did; the CLI
only prints it. Which route each step takes at which size is :mod:`kg.sizes`; the CLI reports
the steps of a large build (:func:`kg.sizes.is_large`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.model import Finding, KnowledgeBase
from kg.retractions import load_retraction_watch
from kg.seeds.cache import SeedCache, default_cache
from kg.seeds.load import load_knowledge_base

if TYPE_CHECKING:
    from kg.incremental import Inputs
    from kg.store.engine import LoadStats

# The audit, the exporters and the stores are imported where they are used, so that ``import kg``
# (which offers ``kg.build``) stays as quick as loading the seeds needs.

__all__ = ["Built", "Published", "build", "build_graph", "load_inputs", "publish"]

#: A reporter of progress: called with a step label before each step, and with "done" at the end.
Progress = Callable[[str], None]


@dataclass(frozen=True)
class Built:
    """What a build made: the knowledge base, its audit findings, the exports and the store load."""

    kb: KnowledgeBase
    findings: list[Finding]
    written: list[Path]
    store: LoadStats
    where: str  # "in memory", or "in FOLDER" of the store
    how: str = "full build"  # with a kept store: "full build (why)" or what the incremental build did


@dataclass(frozen=True)
class Published:
    """What a load into a SPARQL server sent (``stats``) and where (``target``)."""

    stats: Any
    target: str


def load_inputs(
    seeds: Path,
    ontology: Path,
    documents: Path | None = None,
    extracted: Path | None = None,
    retractions: Path | None = None,
    cache: SeedCache | None = None,
) -> KnowledgeBase:
    """The knowledge base of the seeds, with drafts from ``extracted`` and a Retraction Watch CSV
    (YAML read through the parsed-seed ``cache`` when given)."""
    retracted = load_retraction_watch(retractions) if retractions is not None else None
    return load_knowledge_base(seeds, ontology, documents, extracted, retracted, cache)


def build_graph(
    kb: KnowledgeBase,
    ontology: Path,
    out: Path,
    documents: Path | None = None,
    store: Path | None = None,
    progress: Progress | None = None,
    formats: Sequence[str] | None = None,
    notes: Progress | None = None,
    inputs: Inputs | None = None,
    warn: Progress | None = None,
) -> Built:
    """Audit ``kb``, load it into the store (``store`` on disk, else by size) and write the exports
    of ``formats`` (default: every core format, :data:`kg.formats.registry.DEFAULT_FORMATS`).

    Nothing is written when the audit fails; the exports are one atomic set, byte-identical for
    the same input whatever store was loaded and whichever formats are chosen. The store is
    released before the exports are written (they never read it). ``notes`` gets a line as each
    export is written. With a ``store`` folder and the digests of the ``inputs``, the build is
    incremental when the store's build record allows (:mod:`kg.incremental`); ``warn`` gets the
    reason of a fall-back to a full build.
    """
    from kg.audit import audit
    from kg.formats.registry import write_exports

    step = progress or (lambda _label: None)
    step(f"auditing {len(kb.claims)} claims")
    findings = audit(kb, ontology, documents)
    if store is not None and inputs is not None:
        return _build_kept(kb, findings, out, store, inputs, step, formats, notes, warn)
    step("loading the store")
    stats, where = _load_store(kb, findings, store)
    step(f"writing the exports into {out}")
    written = write_exports(kb, out, formats, findings, notes)
    step("done")
    return Built(kb, findings, written, stats, where)


def _build_kept(
    kb: KnowledgeBase,
    findings: list[Finding],
    out: Path,
    store: Path,
    inputs: Inputs,
    step: Progress,
    formats: Sequence[str] | None,
    notes: Progress | None,
    warn: Progress | None,
) -> Built:
    """A build into the kept ``store`` with its build record: patched when the record allows, else
    loaded in full; the exports are written (or kept, when nothing changed) before the store is
    renamed into place, so a failure leaves the previous store and exports."""
    from kg.errors import StoreError
    from kg.formats.registry import DEFAULT_FORMATS, write_exports
    from kg.incremental import RECORD as RECORD_FILE
    from kg.incremental import (
        SUBJECTS,
        BuildRecord,
        changed_subjects,
        contributions,
        digest_lines,
        export_stats,
        exports_intact,
        read_record,
        subjects_bytes,
    )
    from kg.rdf.triples import ntriples_line, triples
    from kg.store.embedded import MARKER, EmbeddedEngine, hold_for_building, read_marker
    from kg.store.engine import LoadStats

    names = list(dict.fromkeys(formats)) if formats is not None else list(DEFAULT_FORMATS)
    record, old, why, seen = None, {}, "", b""
    if (store / MARKER).is_file():
        lock = hold_for_building(store)  # a build replacing the store now: refused, as a full build is
        try:
            read_marker(store)
            record, old, why = read_record(store)
            seen = (store / RECORD_FILE).read_bytes() if record is not None else b""
        except StoreError as exc:
            why = str(exc)
        finally:
            lock.release()
    if record is not None and record.code != inputs.code:
        record, why = None, f"the code version changed ({record.code} -> {inputs.code})"
    elif record is not None and record.ontology != inputs.ontology:
        record, why = None, "the ontology changed"
    if why and warn is not None:
        warn(f"full build: {why}")
    digests: dict[str, int] = {}
    written: list[Path] = []
    spent: list[float] = []
    outcome = [f"full build ({why})" if why else "full build"]

    def exports() -> None:
        started = time.perf_counter()
        try:
            write()
        finally:
            spent.append(time.perf_counter() - started)

    keep = (
        record is not None
        and record.files == inputs.files
        and record.formats == names
        and record.out == str(out.resolve())
        and exports_intact(record.exports)
    )

    def write() -> None:
        if keep and record is not None:
            written.extend(Path(name) for name in record.exports)
            outcome.append("exports unchanged, kept")
        else:
            step(f"writing the exports into {out}")
            written.extend(write_exports(kb, out, formats, findings, notes))

    def unchanged(folder: Path) -> None:
        """Refuse a store another build replaced since its record was read."""
        if (folder / RECORD_FILE).read_bytes() != seen:
            raise StoreError(f"store {folder} was replaced by another build meanwhile; build again")

    def extra() -> dict[str, bytes]:
        blob = subjects_bytes(digests)
        made = BuildRecord(
            code=inputs.code,
            ontology=inputs.ontology,
            files=inputs.files,
            formats=names,
            out=str(out.resolve()),
            documents=contributions(kb),
            subjects_sha256=hashlib.sha256(blob).hexdigest(),
            exports=export_stats(written),
        )
        return {SUBJECTS: blob, RECORD_FILE: made.to_bytes()}

    engine = EmbeddedEngine(store)
    try:
        if record is None:
            step("loading the store")
            stats = engine.load(kb, findings, digest_lines(triples(kb, findings), digests), extra, exports)
        elif record.files == inputs.files:  # the same inputs, code and ontology make the same graph
            digests.update(old)
            outcome[0] = "incremental: no input changed, store kept"
            if keep:
                lock = hold_for_building(store)
                try:
                    unchanged(store)
                    write()
                    stats = LoadStats(int(read_marker(store)["triples"]), 0.0)
                finally:
                    lock.release()
            else:
                stats = engine.patch(kb, set(), (), extra, exports, unchanged)
        else:
            step("comparing with the last build")
            for _line in digest_lines(triples(kb, findings), digests):
                pass
            affected = changed_subjects(old, digests)
            changed = sorted(
                k
                for k in {*record.files["seeds"], *inputs.files["seeds"]}
                if record.files["seeds"].get(k) != inputs.files["seeds"].get(k)
            )
            outcome[0] = (
                f"incremental: {len(changed)} seed files changed, {len(affected)} of {len(digests)} "
                "subjects rewritten in the store"
            )
            step("updating the store")
            add = (ntriples_line(t) for t in triples(kb, findings) if t[0] in affected) if affected else ()
            stats = engine.patch(kb, affected, add, extra, exports, unchanged)
    finally:
        engine.close()
    step("done")
    stats = dataclasses.replace(stats, seconds=stats.seconds - sum(spent))  # the store's own time
    return Built(kb, findings, written, stats, f"in {store}", "; ".join(outcome))


def _load_store(kb: KnowledgeBase, findings: Sequence[Finding], store: Path | None) -> tuple[LoadStats, str]:
    """Load the store ``kg build`` keeps (or a throwaway one, by size); release it; say where it was."""
    from kg.store.embedded import build_engine

    with build_engine(store, len(kb.claims)) as engine:
        stats = engine.load(kb, findings)
        return stats, "in memory" if engine.path is None else f"in {store or 'a temporary folder'}"


def publish(built: Built, remote: Mapping[str, Any]) -> Published:
    """Load a build's graph into the SPARQL server of ``remote`` settings (``endpoint`` and options)."""
    from kg.store.embedded import open_engine

    options = dict(remote)
    engine = open_engine(endpoint=options.pop("endpoint"), **options)
    stats = engine.load(built.kb, built.findings)
    return Published(stats, engine.describe())  # type: ignore[attr-defined]


def build(
    seeds: Path,
    ontology: Path,
    out: Path,
    *,
    documents: Path | None = None,
    extracted: Path | None = None,
    retractions: Path | None = None,
    store: Path | None = None,
    remote: Mapping[str, Any] | None = None,
    progress: Progress | None = None,
    formats: Sequence[str] | None = None,
    cache: Path | bool = False,
    warn: Progress | None = None,
) -> tuple[Built, Published | None]:
    """``kg build`` from Python: load the seeds, audit, fill the store, write the exports (of
    ``formats``, default every core format), then load
    the graph into the server of ``remote`` settings when given. Invalid input raises
    :class:`~kg.errors.KGError` before anything is written.

    ``cache`` is a parsed-seed cache folder (True: :func:`kg.seeds.cache.default_cache`). With a
    ``store`` the build is incremental when its build record allows; ``warn`` gets the reason of
    a fall-back to a full build.
    """
    cache_folder = default_cache() if cache is True else (cache or None)
    seed_cache = SeedCache(cache_folder) if isinstance(cache_folder, Path) else None
    kb = load_inputs(seeds, ontology, documents, extracted, retractions, seed_cache)
    inputs = None
    if store is not None:
        from kg.incremental import Inputs

        inputs = Inputs.of(ontology, seeds, extracted, retractions, documents)
    built = build_graph(kb, ontology, out, documents, store, progress, formats, inputs=inputs, warn=warn)
    return built, (publish(built, remote) if remote is not None else None)
