"""The one writer of the seeds YAML format: seed files and entity and context files as text.

Every producer of seed records writes through :func:`seed_text`: ``kg extract``
(:mod:`kg.extract`), ``kg import indra`` (:mod:`kg.formats.indra`) and ``kg synth``
(:mod:`kg.seeds.synth`). Each passes records (plain mappings and lists, keys in the order of
:mod:`kg.seeds.specs`) and one of three styles, which keep the text each has always
written byte for byte; :func:`kg.seeds.load.load_knowledge_base` reads all three the same.

- :data:`DRAFT` (``kg extract``): block records, lists of short scalars (``cites``, ``span``,
  ``ids``) in flow style, libyaml when present; a long claim list is dumped in chunks, across
  processes when very long, and joined to the same text as one dump.
- :data:`IMPORT` (``kg import indra``): PyYAML's ``default_flow_style=None``, so every mapping
  or list that holds only scalars is in flow style.
- :data:`SYNTH` (``kg synth``): one line per value, written directly (no YAML library: millions
  of records), lists of records indented under their key, a blank line between top-level blocks,
  the values of chosen keys always double-quoted and list files one flow mapping per record.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import yaml

from kg.read.parallel import chunked_map

__all__ = [
    "DRAFT",
    "IMPORT",
    "PARALLEL_RECORDS",
    "RECORDS_PER_CHUNK",
    "SYNTH",
    "SYNTH_CONTEXTS",
    "SYNTH_ENTITIES",
    "Style",
    "seed_text",
]

#: Claim records written in one piece: one dump of a long list is slower than dumps of its chunks
#: (the collector walks every node of a large tree again and again).
RECORDS_PER_CHUNK = 1_000
#: Drafts with at least this many claims write their chunks across the cores.
PARALLEL_RECORDS = 20_000


@dataclass(frozen=True)
class Style:
    """How :func:`seed_text` lays records out.

    ``layout``: ``"yaml"`` (PyYAML or libyaml) or ``"lines"`` (written directly).
    ``flow`` (yaml): ``"short_lists"``, lists of scalars shorter than 60 characters each in flow
    style and all else block; or ``"scalar_collections"``, every collection of scalars in flow
    style. ``chunk`` (yaml): a claim list longer than this is dumped in chunks (0: never).
    ``quoted`` (lines): keys whose text values are always double-quoted.
    """

    layout: Literal["yaml", "lines"]
    flow: Literal["short_lists", "scalar_collections"] = "short_lists"
    chunk: int = 0
    quoted: frozenset[str] = frozenset()


DRAFT = Style("yaml", flow="short_lists", chunk=RECORDS_PER_CHUNK)
IMPORT = Style("yaml", flow="scalar_collections")
SYNTH = Style("lines", quoted=frozenset({"compound", "compound_as_written", "ids", "subject", "object"}))
SYNTH_ENTITIES = Style("lines", quoted=frozenset({"id", "label"}))
SYNTH_CONTEXTS = Style("lines", quoted=frozenset({"label", "species"}))


def seed_text(
    data: Mapping[str, Any] | Sequence[Mapping[str, Any]], style: Style, header: str = "", workers: int = 1
) -> str:
    """The text of one file: ``header`` (comment lines, each ending in a newline), then ``data``.

    ``data`` is a seed file's mapping (``document``, ``entities``, ``references``, ``claims``) or
    the list of records of an entity or context file. ``workers`` processes share the chunks of a
    draft with at least :data:`PARALLEL_RECORDS` claims.

    Examples
    --------
    >>> seed_text({"claims": [{"id": "c1", "cites": [1, 2]}]}, DRAFT)
    'claims:\\n- id: c1\\n  cites: [1, 2]\\n'
    >>> print(seed_text([{"id": "HGNC:1", "label": "BDNF", "type": "protein"}], SYNTH_ENTITIES), end="")
    - {id: "HGNC:1", label: "BDNF", type: protein}
    """
    if style.layout == "lines":
        return header + "\n".join(_lines(data, style.quoted)) + "\n"
    claims = data.get("claims") if isinstance(data, Mapping) else None
    if not style.chunk or not isinstance(claims, list) or len(claims) <= style.chunk or list(data)[-1] != "claims":
        return header + _dump(data, style)
    # the claims are the mapping's last key and a block list at the margin: the joined chunks are
    # the same text as one dump of the whole mapping
    assert isinstance(data, Mapping)
    head = _dump({k: v for k, v in data.items() if k != "claims"}, style)
    if len(claims) < PARALLEL_RECORDS:
        workers = 1
    parts = chunked_map(lambda part: _dump(list(part), style), claims, workers, chunks=-(-len(claims) // style.chunk))
    return header + head + "claims:\n" + "".join(parts)


# --- the yaml layout ---------------------------------------------------------------------------


class _ShortListDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Short lists (cites, span, ids) in flow style, everything else block style (libyaml when present)."""


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.Node:
    flow = all(isinstance(v, (int, str)) and len(str(v)) < 60 for v in data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


_ShortListDumper.add_representer(list, _represent_list)


def _dump(data: Any, style: Style) -> str:
    if style.flow == "short_lists":
        return yaml.dump(data, Dumper=_ShortListDumper, sort_keys=False, allow_unicode=True, width=110)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110, default_flow_style=None)


# --- the lines layout --------------------------------------------------------------------------

#: Text written without quotes when YAML reads it back as the same text (checked by the resolver).
_PLAIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 _./-]*(?<! )")
#: Text double-quoted by escaping only backslashes and quotes (printable ASCII).
_SIMPLE = re.compile(r"[ -~]*")
_RESOLVER = yaml.resolver.Resolver()
_STR = "tag:yaml.org,2002:str"


#: First characters of text that YAML may read as something else (a number, bool, null...).
_IMPLICIT_FIRST = frozenset(k for k in _RESOLVER.yaml_implicit_resolvers if k is not None)


def _text(value: str, quoted: bool) -> str:
    if (
        not quoted
        and _PLAIN.fullmatch(value)
        and (value[0] not in _IMPLICIT_FIRST or _RESOLVER.resolve(yaml.ScalarNode, value, (True, False)) == _STR)
    ):
        return value
    if _SIMPLE.fullmatch(value):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    out = yaml.dump(value, Dumper=yaml.SafeDumper, default_style='"', allow_unicode=True, width=1 << 30)
    return out.rstrip("\n")


def _scalar(value: Any, quoted: bool) -> str:
    kind = type(value)
    if kind is str:
        return _text(value, quoted)
    if kind is int:
        return str(value)
    if kind is list or kind is tuple:
        return "[" + ", ".join([_scalar(v, quoted) for v in value]) + "]"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    if isinstance(value, str):
        return _text(str(value), quoted)
    raise TypeError(f"cannot write {kind.__name__} in a seed record")


def _fields(record: Mapping[str, Any], quoted: frozenset[str]) -> list[str]:
    return [f"{key}: {_scalar(value, key in quoted)}" for key, value in record.items()]


def _lines(data: Mapping[str, Any] | Sequence[Mapping[str, Any]], quoted: frozenset[str]) -> list[str]:
    if not isinstance(data, Mapping):  # an entity or context file: one flow mapping per record
        return ["- {" + ", ".join(_fields(rec, quoted)) + "}" for rec in data]
    lines: list[str] = []
    for key, value in data.items():
        if lines:
            lines.append("")
        if isinstance(value, Mapping):
            lines.append(f"{key}:")
            lines += ["  " + field for field in _fields(value, quoted)]
        elif isinstance(value, list) and value and all(isinstance(v, Mapping) for v in value):
            lines.append(f"{key}:")
            for rec in value:
                fields = _fields(rec, quoted) or ["{}"]
                lines += ["  - " + fields[0], *("    " + field for field in fields[1:])]
        else:
            lines.append(f"{key}: {_scalar(value, key in quoted)}")
    return lines
