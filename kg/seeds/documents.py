"""Source documents at run time: finding them and reading the text a locator points at.

The repository never stores document sentences; when the user has the documents (by default the
folder given with ``--documents``), the text of a span is read from the file itself, after its
sha256 has been checked against the seed record.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from kg.model import Locator
from kg.read.pdf import is_pdf, pdf_text
from kg.read.textrules import decode

__all__ = ["document_text", "read_checked", "span_text"]


def document_text(raw: bytes, name: str) -> str | None:
    """The text a document's spans index, read as ``kg extract`` reads it (None: a PDF without text).

    A PDF gives its text layer; other bytes are decoded as the reader decodes them (UTF-8,
    UTF-16 with a byte-order mark, else cp1252), so the length and spans of a draft made from a
    file that is not UTF-8 match when it is validated.
    """
    if is_pdf(raw, name):  # a PDF's spans index its extracted text layer
        return pdf_text(raw, name)[0]
    text, _ = decode(raw, name)
    return text if text is not None else raw.decode("utf-8", errors="replace")


def read_checked(path: Path, sha256: str) -> tuple[str | None, str]:
    """Read a source document and check it against the sha256 its record names (OSError when unreadable).

    Returns the text its spans index (None when the file's sha256 differs, or for a PDF without a
    text layer) and the file's own sha256."""
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    return (document_text(raw, path.name) if digest == sha256 else None), digest


@lru_cache(maxsize=64)
def _checked_text(path: Path, sha256: str) -> str | None:
    try:
        return read_checked(path, sha256)[0]
    except OSError:
        return None


def span_text(locator: Locator, folder: Path | None) -> str | None:
    """Text of a locator's span, or None when the document is absent or differs from the record."""
    if folder is None:
        return None
    text = _checked_text(folder / locator.file, locator.sha256)
    if text is None or locator.end > len(text):
        return None
    return " ".join(text[locator.start : locator.end].split())
