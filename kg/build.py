"""The build pipeline as a library: load → audit → store → exports (→ a SPARQL server).

``kg.build(seeds, ontology, out)`` does what ``kg build`` does and returns what it did; the CLI
only prints it. Which route each step takes at which size is :mod:`kg.sizes`; the CLI reports
the steps of a large build (:func:`kg.sizes.is_large`).
"""

from __future__ import annotations

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
        from kg.rebuild import build_kept

        written, stats, how = build_kept(kb, findings, out, store, inputs, step, formats, notes, warn)
        return Built(kb, findings, written, stats, f"in {store}", how)
    step("loading the store")
    stats, where = _load_store(kb, findings, store)
    step(f"writing the exports into {out}")
    written = write_exports(kb, out, formats, findings, notes)
    step("done")
    return Built(kb, findings, written, stats, where)


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
