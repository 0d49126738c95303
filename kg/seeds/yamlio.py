"""Line-aware YAML reading for seed and ontology files.

PyYAML's parser (libyaml when available) yields events that know their line; this module builds
plain dicts and lists from them that remember the line of every value, so validation errors can
name ``file:line``. Duplicate mapping keys, which YAML would silently overwrite, are reported.
Building from events skips PyYAML's node tree, which is what makes a million records loadable.
"""

from __future__ import annotations

import reprlib
from bisect import bisect_right
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor

from kg.errors import SeedError

__all__ = [
    "MAX_VALUE_CHARS",
    "LineDict",
    "LineList",
    "line_of",
    "read_yaml",
    "show",
]


class LineDict(dict[str, Any]):
    """A mapping that remembers its own line and the line of each value (1-based)."""

    line: int
    lines: dict[str, int]


class LineList(list[Any]):
    """A sequence that remembers its own line and the line of each item (1-based)."""

    line: int
    lines: list[int]


#: libyaml's parser when PyYAML was built with it (about 10x faster), else the pure-Python one.
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MISSING = object()

#: The longest single value (a scalar, in characters) a seed or ontology file may hold. Longer
#: values are refused with ``file:line``: a title, label or note is never near this long, and the
#: embedded store cannot parse one N-Triples line over 16 MiB.
MAX_VALUE_CHARS = 100_000


def read_yaml(path: Path, label: str | None = None, raw: bytes | None = None) -> tuple[Any, list[SeedError]]:
    """Read one YAML file (or its bytes ``raw``, already read) into LineDict/LineList values;
    return (data, errors)."""
    name = label or str(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as exc:
            return None, [SeedError(name, 1, f"cannot read file: {exc}")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return None, [SeedError(name, line, f"cannot read file: not UTF-8 ({exc.reason} at byte {exc.start})")]
    errors: list[SeedError] = []
    lines = _Lines(text)
    try:
        data, documents = _Builder(name, errors, lines).build(yaml.parse(text, Loader=_LOADER))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = lines.of(mark) if mark else 1
        return None, [SeedError(name, line, f"YAML syntax error: {exc.problem or exc}")]
    except yaml.reader.ReaderError as exc:
        # libyaml gives a byte offset, the pure-Python reader a character offset
        offset = exc.position if _LOADER is yaml.SafeLoader else len(raw[: exc.position].decode("utf-8", "replace"))
        line = lines.at(offset)
        char = f"U+{exc.character:04X}" if isinstance(exc.character, int) else repr(exc.character)
        return None, [SeedError(name, line, f"YAML error: character {char} is not allowed in YAML text")]
    except yaml.YAMLError as exc:
        return None, [SeedError(name, 1, f"YAML error: {exc}")]
    if documents == 0:
        return None, [SeedError(name, 1, "file is empty")]
    return data, errors


class _Lines:
    """Line numbers as an editor counts them (newlines only).

    YAML also breaks lines at U+0085, U+2028, U+2029 and a lone CR, so its marks can point past
    the line an editor shows; when the text holds any of those, lines are counted from the
    mark's character offset instead. Lines never point past the end of the file.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.last = max(1, text.count("\n") + (0 if text.endswith("\n") else 1))
        self.odd = any(c in text for c in "\x85\u2028\u2029") or "\r" in text.replace("\r\n", "")
        self._breaks: list[int] | None = None

    def at(self, offset: int) -> int:
        """1-based line of a character offset."""
        if self._breaks is None:
            self._breaks = [i for i, c in enumerate(self.text) if c == "\n"]
        return min(bisect_right(self._breaks, offset - 1) + 1, self.last)

    def of(self, mark: Any) -> int:
        """1-based line of a PyYAML mark."""
        return self.at(mark.index) if self.odd else min(mark.line + 1, self.last)


#: Short, bounded text of any value for messages (aliases can make huge or recursive values).
_SHOW = reprlib.Repr()
_SHOW.maxlevel, _SHOW.maxlist, _SHOW.maxdict, _SHOW.maxstring, _SHOW.maxother = 2, 4, 4, 60, 60
show = _SHOW.repr


class _Builder:
    """Builds LineDict/LineList values straight from parser events (no node tree).

    Each value remembers the line where its event starts, as the composed node would; scalars
    are resolved and constructed with PyYAML's safe rules.
    """

    def __init__(self, name: str, errors: list[SeedError], lines: _Lines | None = None) -> None:
        self.name = name
        self.errors = errors
        self.lines = lines or _Lines("")
        self.resolver = yaml.resolver.Resolver()
        self.cons = SafeConstructor()
        self.tags: dict[str, str] = {}
        self.anchors: dict[str, Any] = {}

    def build(self, events: Any) -> tuple[Any, int]:
        """Consume the events of one stream; return (root value, number of documents)."""
        root: Any = None
        documents = 0
        # frame: [container, pending key (or _MISSING), line of the pending key]
        stack: list[list[Any]] = []
        at = self.lines.at if self.lines.odd else None  # None: the mark's own line count is right
        for event in events:
            cls = type(event)
            if cls is yaml.ScalarEvent:
                value: Any = self.scalar(event)
            elif cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                value = self.container(event, at)
            elif cls is yaml.MappingEndEvent or cls is yaml.SequenceEndEvent:
                stack.pop()
                continue
            elif cls is yaml.AliasEvent:
                value = self.alias(event, stack)
            elif cls is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    raise yaml.composer.ComposerError(
                        "expected a single document in the stream",
                        None,
                        "but found another document",
                        event.start_mark,
                    )
                continue
            else:
                continue
            if getattr(event, "anchor", None) and cls is not yaml.AliasEvent:
                self.anchors[event.anchor] = value
            if not stack:
                root = value
            else:
                self.place(stack[-1], value, event.start_mark.line + 1 if at is None else at(event.start_mark.index))
            if cls is yaml.MappingStartEvent or cls is yaml.SequenceStartEvent:
                stack.append([value, _MISSING, 0])
        return root, documents

    def container(self, event: Any, at: Any) -> LineDict | LineList:
        """The empty LineDict or LineList a mapping or sequence start event opens, with its line."""
        line = event.start_mark.line + 1 if at is None else at(event.start_mark.index)
        if type(event) is yaml.MappingStartEvent:
            mapping = LineDict()
            mapping.line, mapping.lines = line, {}
            return mapping
        sequence = LineList()
        sequence.line, sequence.lines = line, []
        return sequence

    def alias(self, event: Any, stack: list[list[Any]]) -> Any:
        """The value an alias event refers to; a ComposerError when undefined or containing itself."""
        if event.anchor not in self.anchors:
            raise yaml.composer.ComposerError(None, None, f"found undefined alias {event.anchor!r}", event.start_mark)
        value = self.anchors[event.anchor]
        if any(frame[0] is value for frame in stack):
            raise yaml.composer.ComposerError(
                None, None, f"alias *{event.anchor} refers to a value that contains it", event.start_mark
            )
        return value

    def place(self, frame: list[Any], value: Any, line: int) -> None:
        """Put a value into the open container of ``frame``: a list item, a pending key or a key's value."""
        container = frame[0]
        if type(container) is LineList:
            container.append(value)
            container.lines.append(line)
        elif frame[1] is _MISSING:
            frame[1] = value
            frame[2] = line
        else:
            key, key_line = frame[1], frame[2]
            frame[1] = _MISSING
            if not isinstance(key, str):
                self.errors.append(SeedError(self.name, key_line, f"key {show(key)} is not text"))
            else:
                if key in container:
                    self.errors.append(SeedError(self.name, key_line, f"duplicate key {key!r}"))
                container[key] = value
                container.lines[key] = line

    def scalar(self, event: yaml.ScalarEvent) -> Any:
        """The Python value of a scalar event (str, int, bool, None, float, date...)."""
        value: str = event.value
        tag = event.tag
        if len(value) > MAX_VALUE_CHARS:
            message = f"value of {len(value):,} characters is too long (at most {MAX_VALUE_CHARS:,})"
            self.errors.append(SeedError(self.name, self.lines.of(event.start_mark), message))
            return ""
        if tag is None or tag == "!":
            if not event.implicit[0]:
                return value  # quoted: always text
            tag = self.tags.get(value)
            if tag is None:
                tag = self.resolver.resolve(yaml.ScalarNode, value, event.implicit)
                if len(self.tags) < 100_000:
                    self.tags[value] = tag
        if tag == _STR:
            return value
        try:
            if tag == _INT and value.isascii() and value.isdigit():
                return int(value)
            if tag == _BOOL and value.lower() in self.cons.bool_values:
                return self.cons.bool_values[value.lower()]
            if tag == _NULL:
                return None
            node = yaml.ScalarNode(tag, value, event.start_mark, event.end_mark, event.style)
            return self.cons.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            self.errors.append(SeedError(self.name, self.lines.of(event.start_mark), f"bad value: {exc.problem}"))
            return None
        except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as exc:
            # PyYAML's constructors raise these for values such as ``!!bool maybe``,
            # ``!!timestamp abc`` or an integer longer than Python converts
            problem = f"{tag.rsplit(':', 1)[-1]} value {show(value)} cannot be read ({type(exc).__name__})"
            self.errors.append(SeedError(self.name, self.lines.of(event.start_mark), f"bad value: {problem}"))
            return None


def line_of(container: Any, key: str | int, default: int = 1) -> int:
    """Line of a value inside a LineDict/LineList (falls back to the container's line)."""
    if isinstance(container, LineDict):
        return container.lines.get(str(key), container.line)
    if isinstance(container, LineList) and isinstance(key, int) and 0 <= key < len(container.lines):
        return container.lines[key]
    return getattr(container, "line", default)
