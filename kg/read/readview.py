"""Showing what the reader made of a document: JSON records and readable lines (``kg read``)."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from kg.read.parsed import ParsedDocument

__all__ = [
    "document_lines",
    "document_record",
    "documents_json",
]


def document_record(doc: ParsedDocument) -> dict[str, Any]:
    """The parsed document as plain data, without the document text itself."""
    record = asdict(doc)
    del record["text"]
    for seg in record["segments"]:
        seg["citations"] = list(seg["citations"])
        seg["cells"] = list(seg["cells"])
    for ref in record["references"]:
        ref["ids"] = list(ref["ids"])
    record["warnings"] = list(doc.warnings)
    return record


def documents_json(docs: list[ParsedDocument]) -> str:
    """JSON array of :func:`document_record`, keys sorted, one trailing newline."""
    return json.dumps([document_record(d) for d in docs], indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def document_lines(doc: ParsedDocument, width: int = 100) -> list[str]:
    """A readable listing: summary, then every segment and reference with its span."""
    lines = [
        f"{doc.path}  sha256 {doc.sha256[:12]}",
        f"  title: {doc.title!r}  compound: {doc.compound!r}",
        f"  segments {len(doc.segments)}, references {len(doc.references)}"
        f" ({'numbered' if doc.references_numbered else 'unnumbered'}),"
        f" markers {doc.markers_resolved}/{doc.markers_found} resolved",
    ]
    section = None
    for seg in doc.segments:
        if seg.section != section and seg.kind != "heading":
            section = seg.section
            lines.append(f"  [{section or '(no section)'}]")
        if seg.kind == "heading":
            section = seg.section
        cites = ",".join(map(str, seg.citations)) or "-"
        text = seg.text if len(seg.text) <= width else seg.text[: width - 1] + "…"
        lines.append(f"  {seg.start:>7}-{seg.end:<7} {seg.kind:<9} cites {cites:<8} {text}")
    for ref in doc.references:
        ids = " ".join(ref.ids) or "-"
        lines.append(f"  ref {ref.n:>3} {ref.start}-{ref.end} host {ref.host or '-'} ids {ids} title {ref.title!r}")
    lines.extend(f"  warning: {w}" for w in doc.warnings)
    return lines
