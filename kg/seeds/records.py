"""One load of seeds and ontology data: the errors it collects, each record parsed against its
field spec, and what its messages use (a file's label, close names suggested)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from kg.errors import SeedError
from kg.seeds.cache import SeedCache
from kg.seeds.specs import Spec
from kg.seeds.yamlio import LineDict, LineList, line_of, read_yaml, show

__all__ = ["Run", "file_label", "suggest", "yaml_files"]


class Run:
    """Collects the errors of one load; reads YAML through the parsed-seed cache when given one."""

    def __init__(self, cache: SeedCache | None = None) -> None:
        self.errors: list[SeedError] = []
        self.read_yaml = cache.read if cache is not None else read_yaml

    def error(self, path: str, line: int | None, message: str) -> None:
        """Record one problem at ``path:line`` (a folder's when ``line`` is None)."""
        self.errors.append(SeedError(path, line, message))

    def record(self, data: Any, spec: Spec, path: str, what: str) -> dict[str, Any] | None:
        """Parse one mapping against a spec; None when it has errors (they are recorded)."""
        if not isinstance(data, LineDict):
            self.error(path, line_of(data, 0), f"{what} must be a mapping of keys to values")
            return None
        out: dict[str, Any] = {}
        ok = True
        for key in data:
            if key not in spec:
                allowed = ", ".join(spec)
                self.error(path, line_of(data, key), f"unknown key {show(key)} in {what} (allowed: {allowed})")
                ok = False
        for key, (required, parse) in spec.items():
            if key not in data:
                if required:
                    self.error(path, data.line, f"{what} is missing required key {key!r}")
                    ok = False
                continue
            try:
                out[key] = parse(data[key])
            except ValueError as exc:
                self.error(path, line_of(data, key), f"{key}: {exc}")
                ok = False
        return out if ok else None

    def items(self, data: Any, path: str, what: str) -> Iterable[tuple[int, Any]]:
        """Yield (line, item) of a YAML list, recording an error when it is not a list."""
        if data is None:
            return []
        if not isinstance(data, LineList):
            self.error(path, line_of(data, 0), f"{what} must be a list")
            return []
        return zip(data.lines, data, strict=True)


def yaml_files(folder: Path) -> list[Path]:
    """The YAML files of a folder, sorted by name."""
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def file_label(path: Path) -> str:
    """A file as its messages name it: relative to the current folder when inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def suggest(name: str, choices: Iterable[str], labels: dict[str, str] | None = None) -> str:
    """`` (did you mean: ...)`` naming close choices and entities labelled ``name``; empty when none."""
    pool = list(choices)
    close = difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
    if labels:
        folded = name.casefold()
        close += [i for i, label in labels.items() if label.casefold() == folded and i not in close]
    return f" (did you mean: {', '.join(close)})" if close else ""
