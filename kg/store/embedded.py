"""Query engines over the RDF view: the embedded pyoxigraph store (in memory or on disk).

An :class:`~kg.store.engine.Engine` loads a knowledge base and answers SPARQL SELECT queries with plain strings.
:class:`EmbeddedEngine` feeds pyoxigraph N-Triples bytes produced straight from
:func:`kg.rdf.triples.triples` (no rdflib terms), streamed into ``bulk_load``. On disk (a RocksDB folder)
a load is built into a fresh sibling folder and renamed into place only when complete, so an
interrupted build leaves the previous store as it was. A marker file records the store format;
a folder from another format, or one held by another process, gives a clear :class:`StoreError`.
:func:`open_engine` chooses the embedded store or a remote SPARQL endpoint (``kg.store.remote``).
The store folder (marker, locks) is :mod:`kg.store.folder`, a folder built aside and renamed into place
:mod:`kg.store.building`, the N-Triples byte stream :mod:`kg.store.bulk`, materialised views :mod:`kg.store.views`.
"""

from __future__ import annotations

import io
import re
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, BinaryIO

import pyoxigraph as ox

import kg.sizes as sizes
from kg.errors import QueryError, StoreError
from kg.model import Finding, KnowledgeBase
from kg.rdf.ntriples import ntriples_chunks
from kg.rdf.sparql import bind_values, query_text
from kg.rdf.triples import triples
from kg.store.building import build_aside
from kg.store.bulk import bulk_load, chunk_stream, line_chunks
from kg.store.engine import Engine, LoadStats
from kg.store.folder import (
    FolderLock,
    read_marker,
)
from kg.store.views import MATERIALISED, VIEWS, Rows, read_view
from kg.vocab.iris import PREFIXES as _MECHKG_PREFIXES

#: Prefixes every query may use without declaring them (mechkg's plus rdf, rdfs, xsd, owl).
PREFIXES: dict[str, str] = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    **_MECHKG_PREFIXES,
}


_ORDER_BY = re.compile(r"\bORDER\s+BY\b", re.IGNORECASE)


def _cell(term: Any) -> str | None:
    """A query answer's term as plain text (IRI text, literal value), None when unbound."""
    if term is None:
        return None
    value = getattr(term, "value", None)
    return value if isinstance(value, str) else str(term)


class EmbeddedEngine:
    """A pyoxigraph store: in memory when ``path`` is None, else a RocksDB folder at ``path``.

    Examples
    --------
    >>> engine = EmbeddedEngine()  # doctest: +SKIP
    >>> engine.load(kb)  # doctest: +SKIP
    >>> names, rows = engine.query("weak-support")  # doctest: +SKIP
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.removed_stale: list[Path] = []
        self._lock: FolderLock | None = None
        self._store: ox.Store | None = ox.Store() if path is None else None
        self._views: dict[str, tuple[list[str], Rows]] = {}
        #: Use materialised views for shipped queries (False: always ask the store).
        self.use_views = True

    # --- reading -----------------------------------------------------------------------
    def _open(self) -> ox.Store:
        if self._store is not None:
            return self._store
        assert self.path is not None
        read_marker(self.path)
        lock = FolderLock(self.path)
        lock.acquire(exclusive=False)
        try:
            self._store = ox.Store.read_only(str(self.path))
        except OSError as exc:
            lock.release()
            raise StoreError(f"store {self.path} cannot be opened: {exc}") from exc
        self._lock = lock
        return self._store

    def query(
        self, text: str, bindings: Mapping[str, str] | None = None
    ) -> tuple[list[str], list[tuple[str | None, ...]]]:
        """Run a SELECT query (shipped name, .rq path or text); values are bound, never spliced.

        Rows hold IRI text or literal lexical values (None when unbound), in the query's ORDER BY
        order, or sorted when the query has none.
        """
        if self.use_views and not bindings and text in MATERIALISED:
            view = self._view(text)
            if view is not None:
                return view[0], list(view[1])
        body = query_text(text)
        store = self._open()
        # a VALUES block (terms serialised by Oxigraph) rather than substitutions: Oxigraph 0.5
        # applies substitutions after matching, which made a bound point query ~100x slower
        body = bind_values(body, {k.lstrip("?"): v for k, v in (bindings or {}).items()})
        try:
            result = store.query(body, prefixes=PREFIXES)
        except (SyntaxError, ValueError, OSError) as exc:
            raise QueryError(f"query failed: {exc}") from exc
        except RuntimeError as exc:  # e.g. a bound variable that is not selected
            raise QueryError(f"query failed: {exc} (a bound variable must appear after SELECT)") from exc
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("only SELECT queries are supported here")
        names = [v.value for v in result.variables]
        width = range(len(names))
        try:
            rows = [tuple(_cell(sol[i]) for i in width) for sol in result]
        except (OSError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from exc
        if not _ORDER_BY.search(body):
            rows.sort(key=lambda r: tuple("" if v is None else v for v in r))
        return names, rows

    def _view(self, name: str) -> tuple[list[str], Rows] | None:
        if name in self._views:
            return self._views[name]
        if self.path is None:
            return None
        self._open()
        file = self.path / VIEWS / f"{name}.tsv"
        if not file.is_file():
            return None
        self._views[name] = read_view(file)
        return self._views[name]

    def dump(self, fmt: str) -> bytes:
        """The whole store serialised by pyoxigraph: ``turtle``, ``ntriples`` or ``jsonld``."""
        out = io.BytesIO()
        self.dump_into(fmt, out)
        return out.getvalue()

    def dump_into(self, fmt: str, output: BinaryIO) -> None:
        """Stream the store's serialisation (as :meth:`dump`) into a binary file."""
        formats = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES, "jsonld": ox.RdfFormat.JSON_LD}
        if fmt not in formats:
            raise QueryError(f"cannot dump {fmt!r} (expected one of: {', '.join(formats)})")
        prefixes = PREFIXES if fmt != "ntriples" else None
        try:
            self._open().dump(output, format=formats[fmt], from_graph=ox.DefaultGraph(), prefixes=prefixes)
        except OSError as exc:
            raise StoreError(f"cannot dump the store: {exc}") from exc

    def __len__(self) -> int:
        return len(self._open())

    # --- writing -----------------------------------------------------------------------
    def load(
        self,
        kb: KnowledgeBase,
        findings: Sequence[Finding] = (),
        lines: Iterable[str] | None = None,
        extra: Callable[[], Mapping[str, bytes]] | None = None,
        before: Callable[[], None] | None = None,
    ) -> LoadStats:
        """Replace the store's content with the RDF view of ``kb`` (and audit ``findings``).

        ``lines``, when given, are the N-Triples lines of that view to load (e.g. passed through a
        digest). On disk, ``before`` runs once the new store is complete but not yet in place (a
        failure there leaves the previous store), then the files ``extra()`` returns are written
        into its folder beside the marker.
        On disk the new store is built in ``.<name>.building-<pid>`` beside the target and
        renamed into place only when complete; on any failure or interrupt it is removed and the
        previous store is left as it was.
        """
        start = time.perf_counter()
        chunks = line_chunks(lines) if lines is not None else ntriples_chunks(triples(kb, findings))
        reader = chunk_stream(chunks)
        views = {name: make(kb) for name, make in MATERIALISED.items()}
        if self.path is None:
            self._store = ox.Store()
            self._bulk_load(self._store, reader)
            count = len(self._store)
        else:

            def fill(building: Path) -> int:
                store = ox.Store(str(building))
                try:
                    self._bulk_load(store, reader)
                    store.flush()
                    return len(store)  # the one count: what COUNT(*) on the store answers
                finally:
                    del store

            count = self._replace(kb, fill, views, extra, before)
        self._views = views
        return LoadStats(triples=count, seconds=time.perf_counter() - start)

    def patch(
        self,
        kb: KnowledgeBase,
        remove: Iterable[str],
        add: Iterable[str],
        extra: Callable[[], Mapping[str, bytes]] | None = None,
        before: Callable[[], None] | None = None,
        check: Callable[[Path], None] | None = None,
    ) -> LoadStats:
        """Update an on-disk store to the view of ``kb``: delete every triple whose subject is an
        IRI of ``remove``, then insert the N-Triples lines ``add`` (triples of those subjects only).

        The change is made on a copy (a RocksDB checkpoint: hard links) built beside the store and
        renamed into place only when complete, with ``before`` and ``extra`` as in :meth:`load`;
        ``check(folder)`` runs first, under the lock (e.g. to refuse a store another build replaced
        meanwhile). The caller guarantees that the result equals a full load of ``kb``.
        """
        start = time.perf_counter()
        assert self.path is not None, "only an on-disk store is patched"
        previous = read_marker(self.path)
        views = {name: make(kb) for name, make in MATERIALISED.items()}

        def fill(building: Path) -> int:
            assert self.path is not None
            if check is not None:
                check(self.path)
            source = ox.Store.read_only(str(self.path))
            try:
                source.backup(str(building))
            finally:
                del source
            store = ox.Store(str(building))
            try:
                removed = 0
                for subject in remove:
                    quads = list(store.quads_for_pattern(ox.NamedNode(subject), None, None, ox.DefaultGraph()))
                    for quad in quads:
                        store.remove(quad)
                    removed += len(quads)
                new = sorted(set(add))
                self._bulk_load(store, chunk_stream(line_chunks(new)))
                store.flush()
                return int(previous["triples"]) - removed + len(new)
            finally:
                del store

        count = self._replace(kb, fill, views, extra, before)
        self._views = views
        return LoadStats(triples=count, seconds=time.perf_counter() - start)

    @staticmethod
    def _bulk_load(store: ox.Store, reader: io.BufferedReader) -> None:
        bulk_load(store, reader)

    def _replace(
        self,
        kb: KnowledgeBase,
        fill: Callable[[Path], int],
        views: dict[str, tuple[list[str], Rows]],
        extra: Callable[[], Mapping[str, bytes]] | None = None,
        before: Callable[[], None] | None = None,
    ) -> int:
        """The store closed, then built aside and renamed into place (:func:`build_aside`); the count."""
        assert self.path is not None
        self.close()
        count, self.removed_stale = build_aside(self.path, len(kb.claims), fill, views, extra, before)
        return count

    def close(self) -> None:
        """Release the store (and the folder lock of an on-disk store)."""
        if self.path is not None:
            self._store = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    def __enter__(self) -> EmbeddedEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@contextmanager
def build_engine(store: Path | None, claims: int) -> Iterator[EmbeddedEngine]:
    """The engine ``kg build`` loads: ``store`` on disk, else memory, else a temporary folder."""
    if store is None and claims > sizes.MEMORY_STORE_LIMIT:
        with tempfile.TemporaryDirectory(prefix="mechkg-store-") as tmp, EmbeddedEngine(Path(tmp) / "store") as engine:
            yield engine
    else:
        with EmbeddedEngine(store) as engine:
            yield engine


def open_engine(store: Path | None = None, endpoint: str | None = None, **options: Any) -> Engine:
    """The remote engine when ``endpoint`` is given, else the embedded store (memory or ``store``)."""
    if endpoint is not None:
        from kg.store.remote import RemoteEngine  # type: ignore[import-not-found,unused-ignore]

        engine: Engine = RemoteEngine(endpoint, **options)
        return engine
    return EmbeddedEngine(store)


__all__ = [
    "PREFIXES",
    "EmbeddedEngine",
    "build_engine",
    "open_engine",
]
