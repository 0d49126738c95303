"""PDF documents through pypdf: the text layer as one string, with where each page starts.

For a PDF the document text that evidence spans index is the text this module extracts (the
sha256 recorded is still that of the PDF bytes). Pages are joined with :data:`PAGE_BREAK`, a form
feed on a line of its own, so a page boundary is also a paragraph break; :func:`page_of` turns an
offset of that text into a page number. The same bytes give the same text for a given pypdf
version, which is what lets ``kg load`` check a record's length against the file later.

Bad input never raises: a PDF without a text layer (a scan), an encrypted PDF that needs a
password, or a broken file gives a warning naming the file and no text. pypdf's own log messages
about repairs are collected instead of being printed.
"""

from __future__ import annotations

import io
import logging
import re
from bisect import bisect_right
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

__all__ = ["PAGE_BREAK", "PDF_SUFFIXES", "is_pdf", "page_of", "pdf_text"]

#: File suffixes read as PDF when a folder is expanded.
PDF_SUFFIXES = frozenset({".pdf"})
#: What goes between the text of two pages: a form feed on a line of its own.
PAGE_BREAK = "\n\f\n"
#: Characters replaced by a space (one for one, so offsets stay put): controls other than tab and
#: newline, a form feed (it marks pages only), and lone surrogates a broken font map can give.
_CLEAN = dict.fromkeys((*range(0, 9), 11, 12, *range(14, 32), 0x7F), " ") | dict.fromkeys(
    range(0xD800, 0xE000), "\ufffd"
)
#: How many of pypdf's repair messages are passed on as warnings.
_MAX_NOTES = 3


#: PDF bytes whatever the suffix: ``%PDF-`` opening a line of the first 1,024 bytes (where PDF
#: readers accept the header, after a byte-order mark or junk), or a first object ``1 0 obj``.
_PDF_START = re.compile(rb"(?:\A(?:\xef\xbb\xbf)?\s*|[\r\n])%PDF-|\A\s*\d+\s+\d+\s+obj\b")


def is_pdf(raw: bytes, name: str = "") -> bool:
    """True when the file is to be read as PDF: a ``.pdf`` suffix or bytes that start as a PDF does.

    ``%PDF-`` opening the file or a line of its first 1,024 bytes, or a first PDF object
    (``1 0 obj``, a PDF without its header), is read as PDF whatever the suffix; never as text.
    """
    return Path(name).suffix.lower() in PDF_SUFFIXES or _PDF_START.search(raw[:1024]) is not None


def page_of(offset: int, page_starts: list[int]) -> int:
    """The page number (1-based) holding ``offset`` of the text :func:`pdf_text` gave; 0 without pages."""
    return bisect_right(page_starts, offset) if page_starts else 0


class _Notes(logging.Handler):
    """Collects pypdf's log messages while a file is read."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            self.messages.append(record.getMessage())


@contextmanager
def _pypdf_notes() -> Iterator[_Notes]:
    """Collect pypdf's log messages instead of letting them reach the terminal."""
    logger = logging.getLogger("pypdf")
    notes = _Notes()
    propagate = logger.propagate
    logger.addHandler(notes)
    logger.propagate = False
    try:
        yield notes
    finally:
        logger.removeHandler(notes)
        logger.propagate = propagate


def _why(exc: BaseException) -> str:
    """A short reason for a warning: the exception's class and the start of its message."""
    text = " ".join(str(exc).split())[:120]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def pdf_text(raw: bytes, name: str) -> tuple[str | None, list[str], list[int]]:
    """The text layer of a PDF, warnings naming ``name``, and the offset where each page starts.

    The text is None (with a warning) when the file cannot be opened, needs a password, or no
    page has any text (a scanned document). Pages without text still get a start offset, so
    ``page_starts[i]`` is where page ``i + 1`` begins whatever the other pages hold.
    """
    import warnings as py_warnings

    from pypdf import PdfReader

    out: list[str] = []
    with _pypdf_notes() as notes, py_warnings.catch_warnings():
        py_warnings.simplefilter("ignore")
        try:
            reader = PdfReader(io.BytesIO(raw), strict=False)
        except Exception as exc:  # a parser of untrusted bytes: any failure is a skip
            return None, [f"{name}: not a readable PDF ({_why(exc)}); skipped"], []
        try:
            if reader.is_encrypted and not reader.decrypt(""):
                return None, [f"{name}: encrypted PDF that needs a password; skipped"], []
        except Exception as exc:  # e.g. AES without a crypto library installed
            return None, [f"{name}: encrypted PDF that cannot be opened ({_why(exc)}); skipped"], []
        try:
            pages = list(reader.pages)
        except Exception as exc:  # a parser of untrusted bytes: any failure is a skip
            return None, [f"{name}: not a readable PDF ({_why(exc)}); skipped"], []
        texts: list[str] = []
        failed: list[int] = []
        for number, page in enumerate(pages, 1):
            try:
                texts.append((page.extract_text() or "").translate(_CLEAN))
            except Exception:  # one bad page must not lose the others
                texts.append("")
                failed.append(number)
    if not pages:
        return None, [f"{name}: PDF without pages; skipped"], []
    starts: list[int] = []
    pos = 0
    for text in texts:
        starts.append(pos)
        pos += len(text) + len(PAGE_BREAK)
    joined = PAGE_BREAK.join(texts)
    if failed:
        out.append(f"{name}: text of {_pages(failed)} could not be extracted; left out")
    empty = [n for n, t in enumerate(texts, 1) if not t.strip() and n not in failed]
    if not joined.strip():
        if failed:
            out.append(f"{name}: no text could be extracted from the PDF; skipped")
        else:
            out.append(f"{name}: no text layer (scanned?); skipped")
        return None, [*out, *_notes(name, notes.messages)], starts
    if empty:
        verb = "has" if len(empty) == 1 else "have"
        out.append(f"{name}: {_pages(empty)} {verb} no text layer (scanned?); read the other pages")
    return joined, [*out, *_notes(name, notes.messages)], starts


def _pages(numbers: list[int]) -> str:
    """'page 3' or 'pages 2, 5, 7' (the first ten)."""
    shown = ", ".join(map(str, numbers[:10]))
    more = f" and {len(numbers) - 10} more" if len(numbers) > 10 else ""
    return f"page {shown}" if len(numbers) == 1 else f"pages {shown}{more}"


def _notes(name: str, messages: list[str]) -> list[str]:
    """pypdf's repair messages as one warning (the first few, each once)."""
    unique = list(dict.fromkeys(" ".join(m.split())[:160] for m in messages))
    if not unique:
        return []
    more = f" (and {len(unique) - _MAX_NOTES} more)" if len(unique) > _MAX_NOTES else ""
    return [f"{name}: PDF needed repairs: {'; '.join(unique[:_MAX_NOTES])}{more}"]
