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
from kg.reading.pdf import is_pdf, pdf_text


@lru_cache(maxsize=64)
def _read_checked(path: Path, sha256: str) -> str | None:
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    if hashlib.sha256(raw).hexdigest() != sha256:
        return None
    if is_pdf(raw, path.name):  # a PDF's spans index its extracted text layer
        return pdf_text(raw, path.name)[0]
    return raw.decode("utf-8", errors="replace")


def span_text(locator: Locator, folder: Path | None) -> str | None:
    """Text of a locator's span, or None when the document is absent or differs from the record."""
    if folder is None:
        return None
    text = _read_checked(folder / locator.file, locator.sha256)
    if text is None or locator.end > len(text):
        return None
    return " ".join(text[locator.start : locator.end].split())
