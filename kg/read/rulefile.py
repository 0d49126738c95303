"""Rules files of ``ontology/``: one YAML file read as a mapping with errors that name the file, the
line of a key for an error, and cue patterns compiled with bounded quantifiers only."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

from kg.errors import SeedError, SeedErrors

__all__ = [
    "compile_bounded",
    "line_of",
    "read_rules",
    "unknown_keys",
]


def read_rules(path: Path, what: str) -> dict[str, Any]:
    """One YAML rules file of ``ontology/extraction`` as a mapping; SeedErrors naming the file otherwise."""
    if not path.is_file():
        raise SeedErrors([SeedError(str(path), 1, f"{what} file not found")])
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise SeedErrors([SeedError(str(path), 1, f"not valid YAML: {exc}")]) from exc
    if not isinstance(data, dict):
        raise SeedErrors([SeedError(str(path), 1, "expected a mapping")])
    return data


def compile_bounded(pattern: str, flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """Compile a cue pattern, refusing unbounded quantifiers (``*``, ``+``, ``{n,}``).

    Cue files are data that anyone may edit and the inputs can be 20 MB, so every repetition must
    have an upper bound. Raises ``ValueError`` with the reason.
    """
    i, n, in_class = 0, len(pattern), False
    while i < n:
        c = pattern[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            if pattern[i + 1 : i + 2] == "]" or pattern[i + 1 : i + 3] == "^]":
                i += 2 if pattern[i + 1] == "]" else 3
                continue
        elif c in "*+":
            raise ValueError(f"unbounded quantifier {c!r} at {i} (write a bound such as {{1,20}})")
        elif c == "{":
            close = pattern.find("}", i)
            body = pattern[i + 1 : close] if close > i else ""
            if re.fullmatch(r"\d{1,6},", body):
                raise ValueError(f"unbounded quantifier {{{body}}} at {i} (give an upper bound)")
        i += 1
    try:
        return re.compile(pattern, flags)
    except re.error as exc:
        raise ValueError(f"not a valid regular expression: {exc}") from exc


def line_of(text: str, needle: str) -> int:
    """1-based line of the first occurrence of ``needle`` in a file's text (1 when absent)."""
    at = text.find(needle)
    return text.count("\n", 0, at) + 1 if at >= 0 else 1


def unknown_keys(raw: Iterable[Any], allowed: frozenset[str], path: Path, file_text: str) -> list[SeedError]:
    """An error at its line for each top-level key of a rules file that is not ``allowed``."""
    return [
        SeedError(str(path), line_of(file_text, f"{key}:"), f"unknown key {key!r}") for key in raw if key not in allowed
    ]
