"""Source documents at run time: spans read from the file only when its sha256 matches the record."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from kg.model import Locator
from kg.seeds.documents import document_text, read_checked, span_text

TEXT = "Widgetol raised   BDNF\nin rats.\n"


def test_read_checked_gives_the_text_only_for_the_recorded_bytes(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    assert read_checked(path, digest) == (TEXT, digest)
    assert read_checked(path, "0" * 64) == (None, digest)
    with pytest.raises(FileNotFoundError):
        read_checked(tmp_path / "absent.txt", digest)


def test_span_text_joins_whitespace_and_refuses_other_files(tmp_path: Path) -> None:
    (tmp_path / "doc.txt").write_text(TEXT, encoding="utf-8")
    digest = hashlib.sha256(TEXT.encode()).hexdigest()
    assert span_text(Locator("doc.txt", digest, 0, 22), tmp_path) == "Widgetol raised BDNF"
    assert span_text(Locator("doc.txt", "1" * 64, 0, 22), tmp_path) is None
    assert span_text(Locator("doc.txt", digest, 0, 999), tmp_path) is None
    assert span_text(Locator("absent.txt", digest, 0, 5), tmp_path) is None
    assert span_text(Locator("doc.txt", digest, 0, 5), None) is None


def test_document_text_decodes_as_the_reader_does() -> None:
    assert document_text("caf\u00e9".encode(), "a.txt") == "caf\u00e9"
    assert document_text("caf\u00e9".encode("cp1252"), "a.txt") == "caf\u00e9"
