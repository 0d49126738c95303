"""Reading INDRA statement JSON with the character span of every statement and evidence object,
so that an imported record can point back into the file instead of copying its text."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from json.decoder import scanstring
from pathlib import Path
from typing import Any

from kg.errors import SeedError, SeedErrors

__all__ = ["RawStatement", "read_statements"]

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")


def _skip(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _members(text: str, start: int) -> dict[str, tuple[int, int]]:
    """Spans of the member values of the JSON object starting at ``start`` (valid JSON only)."""
    out: dict[str, tuple[int, int]] = {}
    pos = _skip(text, start + 1)
    if text[pos] == "}":
        return out
    while True:
        key, pos = scanstring(text, pos + 1)
        pos = _skip(text, _skip(text, pos) + 1)  # past ':'
        _, end = _DECODER.raw_decode(text, pos)
        out[key] = (pos, end)
        pos = _skip(text, end)
        if text[pos] != ",":
            return out
        pos = _skip(text, pos + 1)


def _items(text: str, start: int) -> list[tuple[int, int]]:
    """Spans of the items of the JSON array starting at ``start`` (valid JSON only)."""
    out: list[tuple[int, int]] = []
    pos = _skip(text, start + 1)
    if text[pos] == "]":
        return out
    while True:
        _, end = _DECODER.raw_decode(text, pos)
        out.append((pos, end))
        pos = _skip(text, end)
        if text[pos] != ",":
            return out
        pos = _skip(text, pos + 1)


@dataclass(frozen=True)
class RawStatement:
    """One statement of the input with its span and the spans of its evidence objects."""

    index: int
    data: Any
    span: tuple[int, int]
    evidence_spans: tuple[tuple[int, int], ...]


def read_statements(path: Path, label: str | None = None) -> tuple[str, list[RawStatement]]:
    """Read INDRA statement JSON; malformed input raises SeedErrors naming file:line."""
    name = label or str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise SeedErrors([SeedError(name, 1, f"cannot read file: {exc.strerror or exc}")]) from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise SeedErrors([SeedError(name, line, f"not UTF-8 text: {exc.reason}")]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SeedErrors([SeedError(name, exc.lineno, f"column {exc.colno}: invalid JSON: {exc.msg}")]) from exc
    start = _skip(text, 0)
    if isinstance(data, dict):  # a single statement
        data, spans = [data], [(start, _DECODER.raw_decode(text, start)[1])]
    elif isinstance(data, list):
        spans = _items(text, start)
    else:
        raise SeedErrors([SeedError(name, 1, f"expected a list of INDRA statements, got {type(data).__name__}")])
    out = []
    for i, (item, span) in enumerate(zip(data, spans, strict=True)):
        ev_spans: tuple[tuple[int, int], ...] = ()
        if isinstance(item, dict) and isinstance(item.get("evidence"), list):
            members = _members(text, span[0])
            ev_spans = tuple(_items(text, members["evidence"][0]))
        out.append(RawStatement(i, item, span, ev_spans))
    return text, out
