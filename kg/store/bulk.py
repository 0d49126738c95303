"""N-Triples into pyoxigraph's ``bulk_load``: lines grouped into byte chunks, chunks read as one
binary stream (nothing held whole), and a load's failures as one-line :class:`StoreError`."""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from typing import Any

import pyoxigraph as ox

from kg.errors import StoreError
from kg.seeds.yamlio import MAX_VALUE_CHARS

__all__ = ["bulk_load", "chunk_stream", "line_chunks"]


class _ChunkReader(io.RawIOBase):
    """A binary file over an iterator of byte chunks, so pyoxigraph can stream-parse it."""

    def __init__(self, chunks: Iterator[bytes]) -> None:
        self._chunks = chunks
        self._pending = memoryview(b"")

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self._pending:
            chunk = next(self._chunks, None)
            if chunk is None:
                return 0
            self._pending = memoryview(chunk)
        n = min(len(buffer), len(self._pending))
        buffer[:n] = self._pending[:n]
        self._pending = self._pending[n:]
        return n


def chunk_stream(chunks: Iterator[bytes]) -> io.BufferedReader:
    """Byte chunks as one buffered binary file, read as pyoxigraph asks for it."""
    return io.BufferedReader(_ChunkReader(chunks), buffer_size=1 << 20)


def line_chunks(lines: Iterable[str], lines_per_chunk: int = 50_000) -> Iterator[bytes]:
    """N-Triples lines as byte chunks of about ``lines_per_chunk`` lines."""
    buffer: list[str] = []
    for line in lines:
        buffer.append(line)
        if len(buffer) >= lines_per_chunk:
            yield "".join(buffer).encode("utf-8")
            buffer.clear()
    if buffer:
        yield "".join(buffer).encode("utf-8")


def bulk_load(store: ox.Store, reader: io.BufferedReader) -> None:
    """Load N-Triples from ``reader`` into ``store``; a bad term, an overlong value or a failed
    write becomes a :class:`StoreError` that says which."""
    try:
        store.bulk_load(reader, format=ox.RdfFormat.N_TRIPLES)
    except SyntaxError as exc:
        raise StoreError(f"the RDF view could not be loaded (bad term): {exc}") from exc
    except MemoryError as exc:  # pyoxigraph's parser refuses a line over 16 MiB
        raise StoreError(
            f"the RDF view could not be loaded: {exc} (a single value is too long; seed values are "
            f"limited to {MAX_VALUE_CHARS:,} characters)"
        ) from exc
    except OSError as exc:
        raise StoreError(f"cannot write the store: {exc}") from exc
