"""One YAML rules file of ``ontology/`` read as a mapping, with errors that name the file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from kg.errors import SeedError, SeedErrors

__all__ = ["read_rules"]


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
