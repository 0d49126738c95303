"""Where each document came from: a list of file names and the URLs they were retrieved from.

Owns ``load_sources`` (a CSV or tab-separated file with a header naming ``file`` and ``url``
columns, other columns ignored), ``load_kinds`` (the optional ``kind`` column of the same file:
what kind of page the user knows each to be) and ``url_for`` (the value for one document, looked
up by its path as given or by its file name). A user who saved pages knows where they came from; the URL's host
and path then help say what kind of page each is (``kg.read.kind``) and are written into the
draft as the document's host.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from pathlib import Path
from urllib.parse import urlsplit

from kg.errors import SeedError, SeedErrors

__all__ = ["PAGE_KINDS", "check_url", "load_kinds", "load_sources", "url_for"]

#: The kinds a user may declare for a page (``kg.read.kind``'s kinds and "other").
PAGE_KINDS = ("vendor", "encyclopedic", "scientific", "explainer", "other")


def check_url(url: str) -> str | None:
    """Why ``url`` is no web address, or None when it is one."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"not a URL ({exc})"
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return "not an http(s) URL with a host"
    return None


def load_sources(path: Path) -> dict[str, str]:
    """File name (or path as written) -> URL, from a CSV or TSV file with ``file`` and ``url`` columns.

    Raises ``SeedErrors`` naming ``file:line`` for a missing column, an empty cell, a malformed URL
    or a file listed twice with different URLs.
    """
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedErrors([SeedError(str(path), 1, f"cannot read the sources list: {exc}")]) from exc
    lines = text.splitlines()
    if not lines:
        raise SeedErrors([SeedError(str(path), 1, "empty sources list; expected a header with file and url")])
    delimiter = "\t" if "\t" in lines[0] else ","
    rows = list(csv.reader(lines, delimiter=delimiter))
    header = [cell.strip().lower() for cell in rows[0]]
    if "file" not in header or "url" not in header:
        raise SeedErrors(
            [SeedError(str(path), 1, f"the header must name the columns file and url (found: {', '.join(header)})")]
        )
    at_file, at_url = header.index("file"), header.index("url")
    sources: dict[str, str] = {}
    errors: list[SeedError] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[at_file].strip() if at_file < len(row) else ""
        url = row[at_url].strip() if at_url < len(row) else ""
        if not name or not url:
            errors.append(SeedError(str(path), number, "each row needs a file and a url"))
            continue
        problem = check_url(url)
        if problem:
            errors.append(SeedError(str(path), number, f"url {url!r}: {problem}"))
            continue
        if sources.get(name, url) != url:
            errors.append(SeedError(str(path), number, f"file {name!r} is listed twice with different URLs"))
            continue
        sources[name] = url
    if errors:
        raise SeedErrors(errors)
    return sources


def load_kinds(path: Path) -> dict[str, str]:
    """File name (or path as written) -> page kind, from the optional ``kind`` column of a sources
    file (rows with an empty cell are left out); ``file:line`` errors name the allowed kinds."""
    text = path.read_text(encoding="utf-8-sig").splitlines()  # readable: load_sources read it first
    delimiter = "\t" if text and "\t" in text[0] else ","
    rows = list(csv.reader(text, delimiter=delimiter))
    if not rows:
        return {}
    header = [cell.strip().lower() for cell in rows[0]]
    if "kind" not in header or "file" not in header:
        return {}
    at_file, at_kind = header.index("file"), header.index("kind")
    kinds: dict[str, str] = {}
    errors: list[SeedError] = []
    for number, row in enumerate(rows[1:], start=2):
        name = row[at_file].strip() if at_file < len(row) else ""
        kind = row[at_kind].strip().lower() if at_kind < len(row) else ""
        if not name or not kind:
            continue
        if kind not in PAGE_KINDS:
            errors.append(SeedError(str(path), number, f"kind {kind!r} is none of: {', '.join(PAGE_KINDS)}"))
            continue
        kinds[name] = kind
    if errors:
        raise SeedErrors(errors)
    return kinds


def url_for(sources: Mapping[str, str], document: str) -> str | None:
    """The value (URL or kind) listed for ``document``: by its path as given, else by its file name."""
    return sources.get(document) or sources.get(Path(document).name)
