"""A build into a kept on-disk store (``kg build --store``): full, or incremental when its record allows.

:func:`build_kept` reads the store's build record (:mod:`kg.incremental`), then takes one of three
routes: a full load (no record to trust), nothing to change (the same inputs), or a patch of the
subjects whose triples changed, with the streamed RDF dumps patched the same way
(:mod:`kg.formats.patch`). The exports are written (or kept) before the store is renamed into
place, so a failure leaves the previous store and exports.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import kg.sizes as sizes
from kg.claimdigests import ClaimParts, entity_digest, parts_of, recount, view_lines
from kg.errors import StoreError
from kg.incremental import (
    PARTS,
    RECORD,
    SUBJECTS,
    BuildRecord,
    Inputs,
    changed_documents,
    changed_subjects,
    contributions,
    export_stats,
    exports_intact,
    read_parts,
    read_record,
    subjects_bytes,
)
from kg.model import Finding, KnowledgeBase
from kg.store.engine import LoadStats

if TYPE_CHECKING:
    from kg.formats.patch import SubjectChange
    from kg.formats.rowpatch import ClaimChange
    from kg.store.embedded import EmbeddedEngine

__all__ = ["Kept", "Prior", "build_kept", "read_prior"]

Progress = Callable[[str], None]


@dataclass(frozen=True)
class Prior:
    """The previous build of a store: its record, subject digests and claims' shares (None, {},
    None when not to be trusted, with ``why``) and the record's bytes as read."""

    record: BuildRecord | None
    digests: dict[str, int]
    seen: bytes
    why: str
    parts: ClaimParts | None = None


def read_prior(store: Path, inputs: Inputs) -> Prior:
    """The build record of ``store``, read under its build lock; not trusted (with the reason) when
    missing, corrupt, unfinished, or of another code version or ontology than ``inputs``."""
    from kg.store.folder import MARKER, hold_for_building, read_marker

    record, old, why, seen, parts = None, {}, "", b"", None
    if (store / MARKER).is_file():
        lock = hold_for_building(store)  # a build replacing the store now: refused, as a full build is
        try:
            read_marker(store)
            record, old, why = read_record(store)
            seen = (store / RECORD).read_bytes() if record is not None else b""
            parts, why = read_parts(store, record, len(old)) if record is not None else (None, why)
            record = record if parts is not None else None
        except StoreError as exc:
            why = str(exc)
        finally:
            lock.release()
    if record is not None and record.code != inputs.code:
        record, why = None, f"the code version changed ({record.code} -> {inputs.code})"
    elif record is not None and record.ontology != inputs.ontology:
        record, why = None, "the ontology changed"
    if record is None:
        return Prior(None, {}, seen, why)
    return Prior(record, old, seen, why, parts)


@dataclass
class Kept:
    """One build into a kept store: what it reads, and what it made so far."""

    kb: KnowledgeBase
    findings: list[Finding]
    out: Path
    store: Path
    inputs: Inputs
    names: list[str]
    prior: Prior
    step: Progress
    notes: Progress | None = None
    digests: dict[str, int] = field(default_factory=dict)
    written: list[Path] = field(default_factory=list)
    spent: list[float] = field(default_factory=list)
    outcome: list[str] = field(default_factory=list)
    change: SubjectChange | None = None  # set when the RDF dumps may be patched
    rows: ClaimChange | None = None  # set when GraphML and the claims TSVs may be reused by claim
    shares: list[dict[str, int]] = field(default_factory=list)  # each claim's share (a full load)
    parts: ClaimParts | None = None

    def same_exports(self) -> bool:
        """True when the previous exports are this build's folder and formats, untouched since."""
        record = self.prior.record
        return (
            record is not None
            and record.formats == self.names
            and record.out == str(self.out.resolve())
            and exports_intact(record.exports)
        )

    def exports(self) -> None:
        """Write (or keep) the exports, timing it apart from the store's own time."""
        started = time.perf_counter()
        try:
            self._write()
        finally:
            self.spent.append(time.perf_counter() - started)

    def _write(self) -> None:
        from kg.formats.patch import write_patched
        from kg.formats.registry import write_exports

        record = self.prior.record
        if record is not None and record.files == self.inputs.files and self.same_exports():
            self.written.extend(Path(name) for name in record.exports)
            self.outcome.append("exports unchanged, kept")
            return
        self.step(f"writing the exports into {self.out}")
        if self.change is not None:
            patched = write_patched(self.kb, self.out, self.names, self.findings, self.change, self.notes, self.rows)
            if patched is not None:
                self.written.extend(patched)
                self.outcome.append(
                    "RDF dumps patched, GraphML and the claim TSVs reused by claim where intact"
                    if self.rows
                    else "RDF dumps patched, other exports written"
                )
                return
        self.written.extend(write_exports(self.kb, self.out, self.names, self.findings, self.notes))

    def unchanged(self, folder: Path) -> None:
        """Refuse a store another build replaced since its record was read."""
        if (folder / RECORD).read_bytes() != self.prior.seen:
            raise StoreError(f"store {folder} was replaced by another build meanwhile; build again")

    def extra(self) -> dict[str, bytes]:
        """The build record and subject digests written into the new store."""
        blob = subjects_bytes(self.digests)
        if self.parts is None:
            self.parts = parts_of(self.kb, sorted(self.digests), self.shares, self.findings)
        parts = self.parts.to_bytes()
        made = BuildRecord(
            code=self.inputs.code,
            ontology=self.inputs.ontology,
            files=self.inputs.files,
            formats=self.names,
            out=str(self.out.resolve()),
            documents=contributions(self.kb),
            subjects_sha256=hashlib.sha256(blob).hexdigest(),
            exports=export_stats(self.written),
            claims=len(self.kb.claims),
            entities=entity_digest(self.kb),
            parts_sha256=hashlib.sha256(parts).hexdigest(),
        )
        return {SUBJECTS: blob, PARTS: parts, RECORD: made.to_bytes()}


def _full(kept: Kept, engine: EmbeddedEngine) -> LoadStats:
    """Load the whole view into a new store."""
    kept.step("loading the store")
    lines = view_lines(kept.kb, kept.findings, kept.digests, kept.shares)
    return engine.load(kept.kb, kept.findings, lines, kept.extra, kept.exports)


def _same_inputs(kept: Kept, engine: EmbeddedEngine) -> LoadStats:
    """The inputs, code and ontology of the last build: the same graph; keep the store (and the
    exports when intact), or copy it with the exports written again."""
    from kg.store.folder import hold_for_building, read_marker

    kept.digests.update(kept.prior.digests)
    kept.parts = kept.prior.parts
    kept.outcome[0] = "incremental: no input changed, store kept"
    if not kept.same_exports():
        return engine.patch(kept.kb, set(), (), kept.extra, kept.exports, kept.unchanged)
    lock = hold_for_building(kept.store)
    try:
        kept.unchanged(kept.store)
        kept.exports()
        return LoadStats(int(read_marker(kept.store)["triples"]), 0.0)
    finally:
        lock.release()


def _changed(kept: Kept, engine: EmbeddedEngine) -> LoadStats:
    """Patch the store (and the streamed RDF dumps) for the subjects whose triples changed."""
    from kg.formats.patch import SubjectChange
    from kg.formats.rowpatch import ClaimChange

    record, parts = kept.prior.record, kept.prior.parts
    assert record is not None and parts is not None
    kept.step("comparing with the last build")
    documents = changed_documents(record.files, kept.inputs.files)
    if record.entities != entity_digest(kept.kb):
        documents = None  # a claim's label may have changed: every claim generated again
    counted = recount(kept.kb, kept.findings, kept.prior.digests, parts, documents)
    kept.digests.update(counted.digests)
    kept.parts = counted.parts
    affected = changed_subjects(kept.prior.digests, kept.digests)
    old, new = record.files["seeds"], kept.inputs.files["seeds"]
    changed = sorted(k for k in {*old, *new} if old.get(k) != new.get(k))
    kept.outcome[0] = (
        f"incremental: {len(changed)} seed files changed, {len(affected)} of {len(kept.digests)} "
        f"subjects rewritten in the store (the triples of {counted.redone} of {len(kept.kb.claims)} claims "
        "generated)"
    )
    kept.step("updating the store")
    add = counted.lines(kept.kb, kept.findings, affected) if affected else []
    if kept.same_exports() and sizes.is_large(record.claims):
        kept.change = SubjectChange.of(kept.prior.digests, affected, add)
        if documents is not None:  # else every claim was generated again: nothing to reuse
            kept.rows = ClaimChange(counted.redone_ids(kept.kb), record.claims)
    return engine.patch(kept.kb, affected, add, kept.extra, kept.exports, kept.unchanged)


def build_kept(
    kb: KnowledgeBase,
    findings: list[Finding],
    out: Path,
    store: Path,
    inputs: Inputs,
    step: Progress,
    formats: Sequence[str] | None,
    notes: Progress | None,
    warn: Progress | None,
) -> tuple[list[Path], LoadStats, str]:
    """Build into the kept ``store``: patched when its record allows, else loaded in full; return
    the exports written (or kept), the store's load figures (its own time) and what was done."""
    from kg.formats.registry import DEFAULT_FORMATS
    from kg.store.embedded import EmbeddedEngine

    names = list(dict.fromkeys(formats)) if formats is not None else list(DEFAULT_FORMATS)
    prior = read_prior(store, inputs)
    if prior.why and warn is not None:
        warn(f"full build: {prior.why}")
    kept = Kept(kb, findings, out, store, inputs, names, prior, step, notes)
    kept.outcome.append(f"full build ({prior.why})" if prior.why else "full build")
    engine = EmbeddedEngine(store)
    try:
        if prior.record is None:
            stats = _full(kept, engine)
        elif prior.record.files == inputs.files:
            stats = _same_inputs(kept, engine)
        else:
            stats = _changed(kept, engine)
    finally:
        engine.close()
    step("done")
    stats = dataclasses.replace(stats, seconds=stats.seconds - sum(kept.spent))
    return kept.written, stats, "; ".join(kept.outcome)
