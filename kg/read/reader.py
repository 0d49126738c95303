"""The document reader: text, Markdown or HTML into title, compound, segments and resolved citations.

``read_document`` / ``read_text`` / ``read_many`` never raise on bad content: binary or empty
files, odd encodings, unbalanced brackets, markers without a reference list and the like become
warnings (``file: what was skipped and why``). All spans index into ``ParsedDocument.text``, the
decoded file contents (for HTML, the raw HTML source).

Reading runs in steps, each in its own module: the working text and its lines
(:mod:`kg.read.lines`), the reference list (:mod:`kg.read.reflist`), the body's citation markers
(:mod:`kg.read.citations`, their syntax in :mod:`kg.read.markers`), the layout walked into segments
(:mod:`kg.read.segments`, tables in :mod:`kg.read.tables`, sentences in :mod:`kg.read.spans`) and
the title and compound (:mod:`kg.read.title`). The records returned are in :mod:`kg.read.parsed`.

A citation marker is never dropped: a number or author-year key that no reference list names (no
list at all, or a list cut short) becomes a :class:`~kg.read.parsed.RefEntry` with ``listed`` False and no title,
host or ids, and the segments citing it carry its number like any other.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

from kg.errors import UnknownFormatError
from kg.read.citations import Citations
from kg.read.lines import Page
from kg.read.parsed import ParsedDocument
from kg.read.pdf import PDF_SUFFIXES, is_pdf, pdf_text
from kg.read.reflist import References
from kg.read.segments import build_segments
from kg.read.spans import SegmentWriter
from kg.read.textrules import FORMATS, SUFFIXES, decode, sniff_format
from kg.read.title import title_and_compound

__all__ = [
    "LARGE_FILE",
    "expand_paths",
    "read_document",
    "read_many",
    "read_structure",
    "read_text",
]


def read_structure(page: Page) -> SegmentWriter:
    """The steps after the page's lines: its reference list, the body's markers, unlisted entries
    for citations no list names, and the segments (``.segments``, with ``.refs`` and ``.cites``)."""
    refs = References(page)
    refs.find()
    cites = Citations(page, refs)
    cites.find()
    refs.add_unlisted(cites.markers)
    out = SegmentWriter(page, refs, cites)
    build_segments(out)
    return out


def _read(text: str, name: str, fmt: str, sha: str) -> ParsedDocument:
    """Every step of reading one decoded document, in order; the counts and warnings at the end."""
    page = Page(text, name, fmt)
    out = read_structure(page)
    refs, cites = out.refs, out.cites
    found, resolved, unlisted, warnings = _tally(name, refs, cites)
    title, compound = title_and_compound(page, refs.ref_lines)
    return ParsedDocument(
        path=name,
        sha256=sha,
        text=text,
        title=title,
        compound=compound,
        segments=tuple(out.segments),
        references=tuple(refs.refs),
        references_numbered=refs.numbered,
        markers_found=found,
        markers_resolved=resolved,
        warnings=tuple(warnings),
        markers_unlisted=unlisted,
    )


def _tally(name: str, refs: References, cites: Citations) -> tuple[int, int, int, list[str]]:
    """Citations found, resolved and resolved to unlisted entries, and the warnings about them."""
    markers = cites.markers
    marker_found = sum(len(m.numbers) + len(m.keys) for m in markers)
    found = refs.source_found + marker_found
    resolved = refs.source_resolved
    unlisted = 0
    listed = {r.n: r.listed for r in refs.refs}
    for m in markers:
        cited = [] if m.too_wide else [n for n in m.numbers if n in listed]
        cited.extend(refs.key_to_n[k] for k in m.keys if k in refs.key_to_n)
        resolved += len(cited)
        unlisted += sum(1 for n in cited if not listed.get(n, True))
    warnings = list(cites.warnings)
    if markers and not refs.listed_count:
        warnings.append(f"{name}: {marker_found} citation markers but no reference list; read as unlisted references")
    elif refs.refs and not found:
        warnings.append(f"{name}: reference list of {len(refs.refs)} entries but no citation markers in the body")
    missing = [r.label for r in refs.refs if not r.listed] if refs.listed_count else []
    if missing:
        shown = ", ".join(missing[:10]) + (", ..." if len(missing) > 10 else "")
        warnings.append(f"{name}: citations not in the reference list: {shown}; read as unlisted references")
    return found, resolved, unlisted, warnings


# --------------------------------------------------------------------------------------- API


def read_text(text: str, name: str = "<text>", fmt: str | None = None, sha256: str | None = None) -> ParsedDocument:
    """Read a decoded document; ``fmt`` is 'text', 'markdown', 'html' or None (sniffed).

    Bad content gives warnings, never an exception; an unknown ``fmt`` is a caller's error
    (:class:`kg.errors.UnknownFormatError`).
    """
    if fmt is not None and fmt not in FORMATS:
        raise UnknownFormatError(fmt, FORMATS)
    fmt = fmt or sniff_format(text, name)
    sha = sha256 or hashlib.sha256(text.encode("utf-8", errors="surrogatepass")).hexdigest()
    return _read(text, name, fmt, sha)


def _empty(name: str, sha: str, text: str, warnings: list[str]) -> ParsedDocument:
    return ParsedDocument(name, sha, text, "", "", (), (), False, 0, 0, tuple(warnings))


def read_document(path: Path) -> ParsedDocument:
    """Read one file; unreadable, binary or empty files give a document with a warning, never an error.

    A PDF (``.pdf`` or bytes opening with ``%PDF-``) is read as the text of its text layer
    (:func:`kg.read.pdf.pdf_text`): spans index that text, the sha256 is of the file's bytes.
    """
    path = Path(path)
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return _empty(name, "", "", [f"{name}: cannot be read ({exc.strerror or exc}); skipped"])
    sha = hashlib.sha256(raw).hexdigest()
    if is_pdf(raw, name):  # spans index the extracted text layer; the sha256 is of the PDF bytes
        text, warnings, _ = pdf_text(raw, name)
        fmt: str | None = "text"
    else:
        text, warnings = decode(raw, name)
        fmt = SUFFIXES.get(path.suffix.lower())
    if text is None:
        return _empty(name, sha, "", warnings)
    try:
        doc = read_text(text, name, fmt, sha256=sha)
    except (RecursionError, MemoryError) as exc:  # pragma: no cover - a last guard so a batch goes on
        return _empty(name, sha, text, [*warnings, f"{name}: could not be read ({exc.__class__.__name__}); skipped"])
    return replace(doc, warnings=(*warnings, *doc.warnings)) if warnings else doc


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files given, with folders expanded recursively (readable suffixes only), in sorted order."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            readable = SUFFIXES.keys() | PDF_SUFFIXES
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in readable))
        else:
            out.append(p)
    return out


def read_many(paths: Iterable[Path], progress: bool = False) -> Iterator[ParsedDocument]:
    """Read every file (folders expanded); one bad file gives a warning and the others go on."""
    files = expand_paths(paths)
    if progress and len(files) > 1 and sys.stderr.isatty():
        import click

        with click.progressbar(files, label="reading", file=sys.stderr) as bar:
            for f in bar:
                yield read_document(f)
        return
    for f in files:
        if progress and _size(f) >= LARGE_FILE:
            print(f"{f}: reading {_size(f):,} bytes", file=sys.stderr, flush=True)
        yield read_document(f)


#: Files at least this large (bytes) say when their reading starts.
LARGE_FILE = 1_000_000


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0
