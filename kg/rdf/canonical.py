"""Canonical RDF serialisations streamed from sorted N-Triples, for graphs of any size.

The RDF view (:func:`kg.rdf.triples.triples`) becomes N-Triples lines (:func:`kg.rdf.triples.ntriples_line`),
sorted by code point (the same order as UTF-8 bytes) with duplicates dropped: that is *the*
N-Triples export at every size. Large graphs are sorted externally (sorted runs of
:data:`RUN_LINES` lines in temporary files, then merged), so memory stays bounded. Turtle and
JSON-LD for large graphs are derived from the sorted lines, one subject after another, so they
depend only on the input (never on the store that was loaded, nor on its order).

The lines are those mechkg writes itself: ``<s> <p> <o> .`` or ``<s> <p> "lexical"[^^<dt>] .``
(IRIs hold no space or ``>``; the lexical form escapes ``\\``, ``"``, LF and CR).
"""

from __future__ import annotations

import contextlib
import heapq
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import IO, BinaryIO

from kg.rdf.ntriples import Triple, ntriples_line

#: Lines per sorted run: about 60-100 MB of text in memory at a time.
RUN_LINES = 400_000
#: Prefix of every work file the external sort writes (matches the stale-temp pattern of mechkg.nt).
WORK_PREFIX = ".mechkg.nt."

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_XSD = "http://www.w3.org/2001/XMLSchema#"
_UNESCAPE = re.compile(r"\\(.)")
_UNESCAPED = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def _unique(lines: Iterable[str]) -> Iterator[str]:
    previous = None
    for line in lines:
        if line != previous:
            yield line
            previous = line


class SortedNTriples:
    """The sorted, duplicate-free N-Triples lines of a triple stream, computed once, read many times.

    Small graphs stay in memory; larger ones are sorted into ``work_dir`` (temporary files named
    ``.mechkg.nt.*.tmp``, removed by :meth:`close` or, after a kill, by the next export run).
    """

    def __init__(self, source: Callable[[], Iterable[Triple]], work_dir: Path, run_lines: int | None = None) -> None:
        self._source = source
        self._work_dir = work_dir
        self._run_lines = run_lines or RUN_LINES
        self._memory: list[str] | None = None
        self._file: Path | None = None
        self.count = 0

    def _temp(self, kind: str) -> Path:
        fd, name = tempfile.mkstemp(prefix=f"{WORK_PREFIX}{kind}-", suffix=".tmp", dir=self._work_dir)
        os.close(fd)
        return Path(name)

    def prepare(self) -> None:
        """Sort the lines now (else the first reader does): readers forked after it share the result."""
        self._prepare()

    def _prepare(self) -> None:
        if self._memory is not None or self._file is not None:
            return
        runs: list[Path] = []
        buffer: list[str] = []
        try:
            for triple in self._source():
                buffer.append(ntriples_line(triple))
                if len(buffer) >= self._run_lines:
                    runs.append(self._write_run(buffer))
                    buffer = []
            if not runs:
                self._memory = list(_unique(sorted(buffer)))
                self.count = len(self._memory)
                return
            if buffer:
                runs.append(self._write_run(buffer))
            buffer = []
            target = self._temp("sorted")
            self._file = target
            with contextlib.ExitStack() as stack:
                inputs = [stack.enter_context(run.open(encoding="utf-8", newline="")) for run in runs]
                with target.open("w", encoding="utf-8", newline="") as out:
                    count = 0
                    for line in _unique(heapq.merge(*inputs)):
                        out.write(line)
                        count += 1
            self.count = count
        finally:
            for run in runs:
                with contextlib.suppress(OSError):
                    run.unlink()

    def _write_run(self, buffer: list[str]) -> Path:
        buffer.sort()
        path = self._temp("run")
        with path.open("w", encoding="utf-8", newline="") as fh:
            fh.writelines(_unique(buffer))
        return path

    def lines(self) -> Iterator[str]:
        """Every line (with its newline), sorted, each once."""
        self._prepare()
        if self._memory is not None:
            yield from self._memory
            return
        assert self._file is not None
        with self._file.open(encoding="utf-8", newline="") as fh:
            yield from fh

    def write_ntriples(self, out: BinaryIO) -> None:
        """Stream the N-Triples document into ``out``."""
        self._prepare()
        if self._memory is not None:
            out.write("".join(self._memory).encode("utf-8"))
            return
        assert self._file is not None
        with self._file.open("rb") as fh:
            shutil.copyfileobj(fh, out, 1 << 20)

    def close(self) -> None:
        """Remove the work file (if any)."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.unlink()
            self._file = None
        self._memory = None

    def __enter__(self) -> SortedNTriples:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def split_line(line: str) -> tuple[str, str, str]:
    """(subject IRI, predicate IRI, object as written in N-Triples) of one mechkg N-Triples line."""
    s_end = line.index("> ", 1)
    p_end = line.index("> ", s_end + 3)
    return line[1:s_end], line[s_end + 3 : p_end], line.rstrip("\n")[p_end + 2 : -2]


def _groups(lines: Iterable[str]) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(subject, [(predicate, object)]) per subject; the lines of one subject are contiguous."""
    subject: str | None = None
    pairs: list[tuple[str, str]] = []
    for line in lines:
        s, p, o = split_line(line)
        if s != subject:
            if subject is not None:
                yield subject, pairs
            subject, pairs = s, []
        pairs.append((p, o))
    if subject is not None:
        yield subject, pairs


class _Compactor:
    """IRI → prefixed name when the local part is a safe Turtle name, else ``<IRI>``."""

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        by_ns = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))
        self._ns = {ns: prefix for prefix, ns in by_ns}
        alternatives = "|".join(re.escape(ns) for _, ns in by_ns)
        self._pattern = re.compile(f"({alternatives})([A-Za-z0-9_][A-Za-z0-9_-]*)")
        self._cache: dict[str, str] = {}

    def __call__(self, iri: str) -> str:
        m = self._pattern.fullmatch(iri)
        return f"{self._ns[m.group(1)]}:{m.group(2)}" if m else f"<{iri}>"

    def cached(self, iri: str) -> str:
        """As calling, remembered (for the few predicate and datatype IRIs)."""
        text = self._cache.get(iri)
        if text is None:
            text = self._cache[iri] = "a" if iri == _RDF_TYPE else self(iri)
        return text


def _turtle_object(obj: str, compact: _Compactor) -> str:
    if obj.startswith("<"):
        return compact(obj[1:-1])
    cut = obj.rfind('"^^<')
    if cut > 0 and obj.endswith(">"):
        return obj[: cut + 3] + compact.cached(obj[cut + 4 : -1])
    return obj  # an N-Triples literal is a Turtle literal


def write_turtle(lines: Iterable[str], out: IO[bytes], prefixes: Mapping[str, str]) -> None:
    """Turtle from sorted N-Triples lines: the prefixes, then one block per subject."""
    compact = _Compactor(prefixes)
    head = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(prefixes.items())) + "\n"
    out.write(head.encode("utf-8"))
    chunk: list[str] = []
    for subject, pairs in _groups(lines):
        body = " ;\n    ".join(f"{compact.cached(p)} {_turtle_object(o, compact)}" for p, o in pairs)
        chunk.append(f"{compact(subject)}\n    {body} .\n\n")
        if len(chunk) >= 2000:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    out.write("".join(chunk).encode("utf-8"))


def _jsonld_value(obj: str) -> tuple[str, str]:
    """(sort key, text at value depth) of one object in expanded JSON-LD.

    The sort key is the value's compact JSON with sorted keys (as ``json.dumps(sort_keys=True)``
    writes it); the text is its ``indent=1`` form inside a node of the ``@graph`` list.
    """
    if obj.startswith("<"):
        iri = _json_text(obj[1:-1])
        return '{"@id": ' + iri + "}", '    {\n     "@id": ' + iri + "\n    }"
    datatype = None
    cut = obj.rfind('"^^<')
    if cut > 0 and obj.endswith(">"):
        datatype, lexical = obj[cut + 4 : -1], obj[1:cut]
    else:
        lexical = obj[1:-1]
    if "\\" in lexical:
        lexical = _UNESCAPE.sub(lambda m: _UNESCAPED.get(m.group(1), m.group(1)), lexical)
    if datatype is None:
        value = _json_text(lexical)
        return '{"@value": ' + value + "}", '    {\n     "@value": ' + value + "\n    }"
    if datatype == _XSD + "integer" and _INTEGER.fullmatch(lexical):
        value = str(int(lexical))
    elif datatype == _XSD + "boolean" and lexical in ("true", "false"):
        value = lexical
    else:
        value = _json_text(lexical)
    dt = _json_text(datatype)
    key = '{"@type": ' + dt + ', "@value": ' + value + "}"
    return key, '    {\n     "@type": ' + dt + ',\n     "@value": ' + value + "\n    }"


_INTEGER = re.compile(r"[+-]?[0-9]+")


def _json_text(text: str) -> str:
    """A JSON string literal, as ``json.dumps(ensure_ascii=False)`` writes it."""
    return _encode(text)


_encode: Callable[[str], str] = json.encoder.encode_basestring  # type: ignore[attr-defined]


def _node_text(subject: str, pairs: list[tuple[str, str]]) -> str:
    """One node of the ``@graph`` list, as ``json.dumps(node, indent=1)`` nested two levels deep."""
    types: list[str] = []
    props: dict[str, list[tuple[str, str]]] = {}
    for p, o in pairs:
        if p == _RDF_TYPE and o.startswith("<"):
            types.append(o[1:-1])
        else:
            props.setdefault(p, []).append(_jsonld_value(o))
    parts = ['  {\n   "@id": ' + _json_text(subject)]
    if types:
        items = sorted({_json_text(t) for t in types})
        parts.append('   "@type": [\n' + ",\n".join("    " + t for t in items) + "\n   ]")
    for p in sorted(props):
        values = props[p]
        if len(values) > 1:
            values = sorted(set(values))
        parts.append("   " + _json_text(p) + ": [\n" + ",\n".join(text for _, text in values) + "\n   ]")
    return ",\n".join(parts) + "\n  }"


def write_jsonld(lines: Iterable[str], out: IO[bytes], context: Mapping[str, str]) -> None:
    """Expanded JSON-LD from sorted N-Triples lines: one node per subject, keys and values sorted.

    The text is what ``json.dumps(document, indent=1, ensure_ascii=False)`` gives for the whole
    document, written node by node (memory stays bounded).
    """
    head = json.dumps({"@context": dict(sorted(context.items()))}, indent=1, ensure_ascii=False)
    out.write((head[:-2] + ',\n "@graph": [').encode("utf-8"))
    first = True
    chunk: list[str] = []
    for subject, pairs in _groups(lines):
        chunk.append(("\n" if first else ",\n") + _node_text(subject, pairs))
        first = False
        if len(chunk) >= 2000:
            out.write("".join(chunk).encode("utf-8"))
            chunk.clear()
    chunk.append("\n ]\n}\n" if not first else "]\n}\n")
    out.write("".join(chunk).encode("utf-8"))


__all__ = ["RUN_LINES", "WORK_PREFIX", "SortedNTriples", "split_line", "write_jsonld", "write_turtle"]
