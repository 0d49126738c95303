"""Line-aware YAML reading for seed and ontology files.

PyYAML composes the file into nodes that know their line; this module turns them into plain
dicts and lists that remember the line of every value, so validation errors can name
``file:line``. Duplicate mapping keys, which YAML would silently overwrite, are reported.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from kg.errors import SeedError


class LineDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each value (1-based)."""

    line: int
    lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int
    lines: list[int]


def read_yaml(path: Path, label: str | None = None) -> tuple[Any, list[SeedError]]:
    """Read one YAML file into LineDict/LineList values; return (data, errors)."""
    name = label or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return None, [SeedError(name, 1, f"cannot read file: {exc}")]
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        return None, [SeedError(name, line, f"YAML syntax error: {exc.problem or exc}")]
    except yaml.YAMLError as exc:
        return None, [SeedError(name, 1, f"YAML error: {exc}")]
    if node is None:
        return None, [SeedError(name, 1, "file is empty")]
    errors: list[SeedError] = []
    data = _convert(node, name, errors, SafeConstructor())
    return data, errors


def _convert(node: yaml.Node, name: str, errors: list[SeedError], cons: SafeConstructor) -> Any:
    if isinstance(node, yaml.MappingNode):
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.lines = {}
        for key_node, value_node in node.value:
            key = _convert(key_node, name, errors, cons)
            if not isinstance(key, str):
                errors.append(SeedError(name, key_node.start_mark.line + 1, f"key {key!r} is not text"))
                continue
            if key in out:
                errors.append(SeedError(name, key_node.start_mark.line + 1, f"duplicate key {key!r}"))
            out[key] = _convert(value_node, name, errors, cons)
            out.lines[key] = value_node.start_mark.line + 1
        return out
    if isinstance(node, yaml.SequenceNode):
        seq = LineList(_convert(item, name, errors, cons) for item in node.value)
        seq.line = node.start_mark.line + 1
        seq.lines = [item.start_mark.line + 1 for item in node.value]
        return seq
    try:
        return cons.construct_object(node, deep=True)
    except yaml.constructor.ConstructorError as exc:
        errors.append(SeedError(name, node.start_mark.line + 1, f"bad value: {exc.problem}"))
        return None


def line_of(container: Any, key: str | int, default: int = 1) -> int:
    """Line of a value inside a LineDict/LineList (falls back to the container's line)."""
    if isinstance(container, LineDict):
        return container.lines.get(str(key), container.line)
    if isinstance(container, LineList) and isinstance(key, int) and 0 <= key < len(container.lines):
        return container.lines[key]
    return getattr(container, "line", default)
