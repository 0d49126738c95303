"""N-Triples into pyoxigraph's bulk_load: chunking, the chunk stream, load failures as StoreError."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.errors import StoreError
from kg.store.bulk import bulk_load, chunk_stream, line_chunks

LINES = [f"<http://example.org/s{i}> <http://example.org/p> <http://example.org/o> .\n" for i in range(5)]


def test_line_chunks_group_lines_and_keep_every_byte() -> None:
    chunks = list(line_chunks(LINES, lines_per_chunk=2))
    assert len(chunks) == 3
    assert b"".join(chunks) == "".join(LINES).encode("utf-8")
    assert list(line_chunks([])) == []


def test_chunk_stream_reads_back_what_the_chunks_hold() -> None:
    stream = chunk_stream(iter([b"ab", b"", b"cde", b"f"]))
    assert stream.read(3) == b"abc"
    assert stream.read() == b"def"
    assert stream.read() == b""


def test_bulk_load_fills_the_store() -> None:
    store = ox.Store()
    bulk_load(store, chunk_stream(line_chunks(LINES, lines_per_chunk=2)))
    assert len(store) == 5


def test_a_bad_term_is_a_store_error() -> None:
    with pytest.raises(StoreError, match="bad term"):
        bulk_load(ox.Store(), chunk_stream(iter([b"<not an iri> <http://example.org/p> 1 .\n"])))
