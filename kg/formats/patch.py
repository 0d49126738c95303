"""The streamed RDF dumps of the last build, patched by subject (incremental rebuilds, issue 18).

Above :data:`kg.sizes.RDFLIB_EXPORT_LIMIT` claims the N-Triples, Turtle and JSON-LD exports are
one unit of text per subject IRI, in the order of the sorted N-Triples lines (the subject followed
by ``>``, by code point), and each unit depends only on that subject's lines
(:mod:`kg.rdf.canonical`). A rebuild that knows which subjects changed copies every other unit
from the previous file and writes the changed ones with the same writers: the bytes a full
writer gives, for a copy of the file. When a unit cannot be found where it should be,
:func:`plan_patch` says so and the caller writes in full.
"""

from __future__ import annotations

import bisect
import io
import json
import mmap
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import BinaryIO

from kg.errors import OutputError
from kg.formats.rdf import STREAMED, is_large, turtle_prefixes
from kg.formats.rowpatch import ROW_PATCHED, ClaimChange, row_writer
from kg.model import Finding, KnowledgeBase
from kg.output import atomic_write_many, inside
from kg.rdf.canonical import write_jsonld, write_turtle
from kg.tempfiles import Content
from kg.vocab.iris import PREFIXES

__all__ = ["PATCHED", "Edit", "SubjectChange", "patch_writer", "plan_patch", "subject_key", "write_patched"]

#: The formats patched by subject: the streamed RDF dumps.
PATCHED = STREAMED
_JSONLD_END = b"\n ]\n}\n"
_CHUNK = 1 << 22

#: One change to the previous file: replace bytes [start, end) by ``text``.
Edit = tuple[int, int, bytes]


def subject_key(subject: str) -> str:
    """The order of a subject's unit in every streamed dump (its N-Triples lines' order)."""
    return subject + ">"


@dataclass(frozen=True)
class SubjectChange:
    """What changed in the RDF view: the previous subjects in dump order, the subjects whose
    triples changed, appeared or vanished, and the new sorted N-Triples lines of each of them
    still present."""

    before: Sequence[str]
    keys: Sequence[str]
    affected: frozenset[str]
    lines: Mapping[str, list[str]]

    @classmethod
    def of(cls, before: Iterable[str], affected: Iterable[str], lines: Iterable[str]) -> SubjectChange:
        """The change from the previous subjects ``before`` (any order), the ``affected`` subjects
        and the new N-Triples lines of the affected subjects (any order, duplicates dropped)."""
        order = sorted(before, key=subject_key)
        grouped: dict[str, list[str]] = {}
        for line in sorted(set(lines)):
            grouped.setdefault(line[1 : line.index("> ")], []).append(line)
        return cls(order, [subject_key(s) for s in order], frozenset(affected), grouped)


@cache
def _head(name: str) -> bytes:
    """What precedes the first unit in an export of format ``name``."""
    buffer = io.BytesIO()
    if name == "turtle":
        write_turtle([], buffer, turtle_prefixes())
        return buffer.getvalue()
    if name == "jsonld":
        write_jsonld([], buffer, dict(PREFIXES))
        return buffer.getvalue()[: -len(b"]\n}\n")]
    return b""


def _unit(name: str, lines: list[str]) -> bytes:
    """The text one subject's sorted lines make in export ``name`` (JSON-LD: without its comma)."""
    if name == "ntriples":
        return "".join(lines).encode("utf-8")
    buffer = io.BytesIO()
    if name == "turtle":
        write_turtle(lines, buffer, turtle_prefixes())
        return buffer.getvalue()[len(_head(name)) :]
    write_jsonld(lines, buffer, dict(PREFIXES))
    return buffer.getvalue()[len(_head(name)) : -len(_JSONLD_END)]


def _needle(name: str, subject: str) -> bytes:
    """Bytes found only where ``subject``'s unit starts (the unit starts after their first byte)."""
    if name == "ntriples":
        return b"\n<" + subject.encode("utf-8") + b"> "
    if name == "turtle":
        unit = _unit(name, [f"<{subject}> <urn:x> <urn:x> .\n"])
        return b"\n" + unit[: unit.index(b"\n") + 1]
    return b'\n  {\n   "@id": ' + json.dumps(subject, ensure_ascii=False).encode("utf-8")


class _UnpatchableError(Exception):
    """The previous file is not what the plan expects: write in full."""


class _Finder:
    """Locates subjects' units in the previous file, moving forward only."""

    def __init__(self, name: str, data: mmap.mmap) -> None:
        self.name, self.data, self.cursor = name, data, 0
        self.first = len(_head(name))  # where the first unit starts
        self.found: dict[str, tuple[int, int]] = {}

    def span(self, subject: str) -> tuple[int, int]:
        """[start, end) of ``subject``'s unit with the comma before it (JSON-LD, but the first)."""
        if subject not in self.found:
            self.found[subject] = self._locate(subject)
            self.cursor = self.found[subject][0]
        return self.found[subject]

    def _locate(self, subject: str) -> tuple[int, int]:
        data, needle = self.data, _needle(self.name, subject)
        at = data.find(needle, self.cursor)
        if self.name == "ntriples" and self.cursor == 0 and data[: len(needle) - 1] == needle[1:]:
            at = -1  # the first line
        elif at < 0:
            raise _UnpatchableError(subject)
        start = at + 1
        if self.name == "ntriples":
            end, prefix = start, needle[1:]
            while data[end : end + len(prefix)] == prefix:
                end = data.find(b"\n", end) + 1
                if end <= 0:
                    raise _UnpatchableError(subject)
        elif self.name == "turtle":
            end = data.find(b"\n\n", start) + 2
        else:
            end, after = data.find(b"\n  }", at) + 4, data[at + len(needle) : at + len(needle) + 1]
            start = at if at == self.first else at - 1
            if after not in (b",", b"\n") or (start != self.first and data[start : start + 1] != b","):
                raise _UnpatchableError(subject)
        if end <= start:
            raise _UnpatchableError(subject)
        return start, end


def plan_patch(name: str, old: Path, change: SubjectChange) -> list[Edit] | None:
    """The edits that turn ``old`` (the previous export of ``name``) into the new one, or None when
    it cannot be patched (a subject not found where it should be, or no subject left)."""
    if not change.before or (not change.lines and change.affected.issuperset(change.before)):
        return None
    with open(old, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as data:
        head = _head(name)
        if data[: len(head)] != head or (name == "jsonld" and data[-len(_JSONLD_END) :] != _JSONLD_END):
            return None
        tail = len(data) - (len(_JSONLD_END) if name == "jsonld" else 0)
        try:
            edits = _edits(name, _Finder(name, data), change, tail)
        except _UnpatchableError:
            return None
    if name == "jsonld" and change.before[0] not in change.affected:
        inserted = [i for i, (start, end, _) in enumerate(edits) if start == end == len(head)]
        if inserted:  # units put before the old first one: a comma before the old first one
            start, end, text = edits[inserted[-1]]
            edits[inserted[-1]] = (start, end, text + b",")
    return edits


def _edits(name: str, finder: _Finder, change: SubjectChange, tail: int) -> list[Edit]:
    """The edits of :func:`plan_patch`, subject after subject in dump order (``tail``: where the
    units end in the old file, for subjects after the last one). JSON-LD units are written each
    with a comma before it; the writer drops the one that would come first."""
    before, keys = change.before, change.keys
    joiner = b"," if name == "jsonld" else b""
    edits: list[Edit] = []
    for subject in sorted(change.affected, key=subject_key):
        text = joiner + _unit(name, change.lines[subject]) if subject in change.lines else b""
        index = bisect.bisect_left(keys, subject_key(subject))
        if index < len(keys) and keys[index] == subject_key(subject):
            start, end = finder.span(subject)
        else:
            start = end = finder.span(before[index])[0] if index < len(keys) else tail
        edits.append((start, end, text))
    return edits


def patch_writer(name: str, old: Path, edits: list[Edit]) -> Callable[[BinaryIO], None]:
    """A writer of export ``name``: ``old`` with ``edits`` applied (ranges in order, none
    overlapping); in JSON-LD the comma before what comes first after the head is dropped."""
    size, head = old.stat().st_size, len(_head(name))

    def write(out: BinaryIO) -> None:
        with open(old, "rb") as fh:
            if fh.seek(0, 2) != size:
                raise OutputError(f"{old} changed while the exports were patched; build again")
            _copy(fh, out, 0, head)
            sink = _FirstComma(out) if name == "jsonld" else out
            position = head
            for start, end, text in edits:
                _copy(fh, sink, position, start)
                sink.write(text)
                position = end
            _copy(fh, sink, position, size)

    return write


class _FirstComma:
    """A writer that drops a comma opening the first bytes written through it."""

    def __init__(self, out: BinaryIO) -> None:
        self.out, self.started = out, False

    def write(self, data: bytes) -> int:
        """Write ``data`` (without its first byte, when it opens the text and is a comma)."""
        if not self.started and data:
            self.started = True
            if data[:1] == b",":
                data = data[1:]
        return self.out.write(data)


def _copy(source: BinaryIO, out: BinaryIO | _FirstComma, start: int, end: int) -> None:
    source.seek(start)
    left = end - start
    while left > 0:
        block = source.read(min(left, _CHUNK))
        if not block:
            raise OutputError("the previous export ended early; build again")
        out.write(block)
        left -= len(block)


def write_patched(
    kb: KnowledgeBase,
    folder: Path,
    formats: Sequence[str],
    findings: Sequence[Finding],
    change: SubjectChange,
    progress: Callable[[str], None] | None = None,
    rows: ClaimChange | None = None,
) -> list[Path] | None:
    """Write the export set of ``formats`` into ``folder`` as one atomic set, the streamed RDF dumps
    patched from the previous files there, GraphML and the claims TSVs too when ``rows`` names the
    claims that can have changed (:mod:`kg.formats.rowpatch`; a file that cannot be reused is
    written in full, as the others are); return the paths, or None, with nothing written, when a
    dump cannot be patched (then write the set in full).

    The caller guarantees that the files in ``folder`` are the previous build's, of a large graph
    (:func:`kg.formats.rdf.is_large`), and that ``change`` is the change of the RDF view since.
    """
    from kg.formats.registry import EXPORTERS, INTERCHANGE, content, export_names, export_plan, reported

    if not is_large(kb):
        return None
    files: dict[Path, Content] = {}
    for name in sorted(formats, key=lambda name: name in PATCHED):  # the copies last: they are quick
        if name in PATCHED:
            path = folder / EXPORTERS[name][0]
            edits = plan_patch(name, path, change) if path.is_file() else None
            if edits is None:
                return None
            files[path] = patch_writer(name, path, edits)
        elif name in ROW_PATCHED and rows is not None and (kept := row_writer(name, kb, folder, rows)) is not None:
            files[folder / EXPORTERS[name][0]] = kept
        elif name in EXPORTERS:
            files[folder / EXPORTERS[name][0]] = content(name, kb, findings, None, lazy=True)
        else:
            files |= {inside(folder, file): data for file, data in INTERCHANGE[name](kb, findings).items()}
    if progress is not None:
        files = {path: reported(data, path.name, progress) for path, data in files.items()}
    atomic_write_many(files, export_names(), export_plan(len(kb.claims), len(files)))
    return sorted(files)
