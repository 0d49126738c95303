"""The page-kind cues of ``ontology/reading/kinds.yaml`` (and the host lists of
``ontology/classifier/hosts.yaml`` it names, read and never written): read, checked (``file:line``
errors, bounded patterns only) into :class:`KindCues` for :mod:`kg.read.kind`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.classify import HOST_CATEGORIES
from kg.errors import SeedError, SeedErrors
from kg.read.rulefile import compile_bounded, line_of, read_rules, unknown_keys

__all__ = [
    "KINDS",
    "HostHint",
    "KindCue",
    "KindCues",
    "load_kind_cues",
    "normalise_host",
]

#: The kinds of page, in tie-break order; ``other`` is the verdict when no cue scores.
KINDS = ("vendor", "encyclopedic", "scientific", "explainer")


@dataclass(frozen=True)
class KindCue:
    """One text cue: a bounded pattern that counts for a kind."""

    kind: str
    name: str
    pattern: re.Pattern[str]
    weight: float
    strong: bool = False
    cap: int = 3


@dataclass(frozen=True)
class HostHint:
    """A source cue: a pattern on the host name, a listed host (``listed``) and its suffix, or a
    pattern on the URL's path (``on_path``)."""

    kind: str
    name: str
    weight: float
    strong: bool = False
    decisive: bool = False
    pattern: re.Pattern[str] | None = None
    listed: str = ""
    on_path: bool = False

    def matches(self, host: str, path: str = "") -> bool:
        """Whether ``host`` (normalised) is the listed host, a subdomain of it, or fits the pattern
        (for a path hint: whether ``path``, lowercased, fits it)."""
        if self.listed:
            return host == self.listed or host.endswith("." + self.listed)
        if self.on_path:
            return bool(self.pattern and path and self.pattern.search(path.lower()))
        return bool(self.pattern and self.pattern.search(host))


@dataclass(frozen=True)
class KindCues:
    """Text cues and host hints by kind, and the scoring settings."""

    cues: tuple[KindCue, ...] = ()
    hosts: tuple[HostHint, ...] = ()
    #: (kind, weight) for a commercial host whose name holds the compound's name (a brand's site)
    named_host: tuple[str, float] | None = None
    #: top-level domains of non-commercial hosts (a named host there is no brand's site)
    noncommercial: tuple[str, ...] = ()
    min_score: float = 2.0
    length_unit: int = 2000
    head: int = 100_000
    tail: int = 20_000


def normalise_host(host: str | None) -> str:
    """Lowercase host without ``www.`` or a trailing dot; a URL is reduced to its host."""
    if not host:
        return ""
    host = host.strip().lower()
    if "/" in host or ":" in host:
        try:
            host = urlsplit(host if "://" in host else "//" + host).hostname or ""
        except ValueError:
            return ""
    return host.rstrip(".").removeprefix("www.")


# --- loading -----------------------------------------------------------------------------------

_TOP_KEYS = frozenset(
    {"min_score", "length_unit", "head", "tail", "kinds", "hosts", "host_lists", "named_host", "noncommercial"}
)
_CUE_KEYS = frozenset({"name", "pattern", "weight", "strong", "cap", "case"})
_HOST_KEYS = frozenset({"kind", "name", "pattern", "path", "host", "weight", "strong", "decisive"})


def _number(value: Any, default: float) -> float | None:
    """A non-negative number of the cue file, ``default`` when absent, None when bad."""
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def _cue(kind: str, spec: Any, path: Path, file_text: str, errors: list[SeedError]) -> KindCue | None:
    """One text cue of ``kind``; None (and an error) when it is bad."""
    if not isinstance(spec, Mapping) or not isinstance(spec.get("pattern"), str) or not spec.get("name"):
        where = line_of(file_text, str(spec.get("name", "")) if isinstance(spec, Mapping) else f"{kind}:")
        errors.append(SeedError(str(path), where, f"a cue of {kind} needs a name and a pattern"))
        return None
    name, pattern = str(spec["name"]), str(spec["pattern"])
    line = line_of(file_text, f"name: {name}")
    unknown = sorted(set(spec) - _CUE_KEYS)
    if unknown:
        errors.append(SeedError(str(path), line, f"unknown key(s) {', '.join(unknown)} in cue {name!r}"))
    weight, cap = _number(spec.get("weight"), 1.0), _number(spec.get("cap"), 3)
    if weight is None or cap is None or cap < 1:
        errors.append(SeedError(str(path), line, f"cue {name!r}: weight and cap must be numbers (cap >= 1)"))
        return None
    try:
        compiled = compile_bounded(pattern, re.MULTILINE | (0 if spec.get("case") else re.IGNORECASE))
    except ValueError as exc:
        errors.append(SeedError(str(path), line, f"cue {name!r} of {kind}: {exc}"))
        return None
    return KindCue(kind, name, compiled, weight, bool(spec.get("strong", False)), int(cap))


def _host_hint(spec: Any, path: Path, file_text: str, errors: list[SeedError]) -> HostHint | None:
    """One host hint (a host, a host pattern or a path pattern); None (and an error) when it is bad."""
    if not isinstance(spec, Mapping):
        errors.append(SeedError(str(path), line_of(file_text, "hosts:"), "a host hint must be a mapping"))
        return None
    name = str(spec.get("name") or spec.get("host") or "")
    line = line_of(file_text, str(spec.get("host") or spec.get("pattern") or spec.get("path") or name or "hosts:"))
    unknown = sorted(set(spec) - _HOST_KEYS)
    kind = spec.get("kind")
    weight = _number(spec.get("weight"), 3.0)
    given = [key for key in ("host", "pattern", "path") if spec.get(key)]
    if unknown or kind not in KINDS or weight is None or len(given) != 1:
        errors.append(
            SeedError(
                str(path),
                line,
                f"host hint {name!r} needs kind (one of {', '.join(KINDS)}), a weight and one of host, pattern or path"
                + (f"; unknown key(s) {', '.join(unknown)}" if unknown else ""),
            )
        )
        return None
    compiled = None
    if spec.get("pattern") or spec.get("path"):
        try:
            compiled = compile_bounded(str(spec.get("pattern") or spec["path"]))
        except ValueError as exc:
            errors.append(SeedError(str(path), line, f"host hint {name!r}: {exc}"))
            return None
    return HostHint(
        str(kind),
        name or str(spec.get("pattern") or spec.get("path")),
        weight,
        bool(spec.get("strong", False)),
        bool(spec.get("decisive", False)),
        compiled,
        normalise_host(str(spec["host"])) if spec.get("host") else "",
        bool(spec.get("path")),
    )


def _listed_hosts(spec: Any, folder: Path, path: Path, file_text: str, errors: list[SeedError]) -> list[HostHint]:
    """Host hints from another file's host lists (``ontology/classifier/hosts.yaml``), read only."""
    line = line_of(file_text, "host_lists:")
    if not isinstance(spec, Mapping) or not isinstance(spec.get("file"), str):
        errors.append(SeedError(str(path), line, "host_lists needs file and categories"))
        return []
    categories = spec.get("categories") or {}
    if not isinstance(categories, Mapping):
        errors.append(SeedError(str(path), line, "host_lists.categories must be a mapping"))
        return []
    hosts_raw = read_rules((folder / spec["file"]).resolve(), "host list")
    hints: list[HostHint] = []
    for category, rule in categories.items():
        if category not in HOST_CATEGORIES or not isinstance(rule, Mapping) or rule.get("kind") not in KINDS:
            errors.append(
                SeedError(
                    str(path),
                    line_of(file_text, f"{category}:"),
                    f"host list category {category!r} needs a kind (one of {', '.join(KINDS)})",
                )
            )
            continue
        weight = _number(rule.get("weight"), 3.0) or 0.0
        for entry in hosts_raw.get(category) or []:
            host = entry.get("host") if isinstance(entry, Mapping) else entry
            if not host:
                continue
            hints.append(
                HostHint(
                    str(rule["kind"]),
                    f"host listed as {category}",
                    weight,
                    bool(rule.get("strong", False)),
                    bool(rule.get("decisive", False)),
                    None,
                    normalise_host(str(host)),
                )
            )
    return hints


def _text_cues(raw: Mapping[str, Any], path: Path, file_text: str, errors: list[SeedError]) -> list[KindCue]:
    """The text cues of every kind, in file order."""
    cues: list[KindCue] = []
    kinds = raw.get("kinds") or {}
    if not isinstance(kinds, Mapping):
        errors.append(SeedError(str(path), line_of(file_text, "kinds:"), "kinds must be a mapping"))
        kinds = {}
    for kind, specs in kinds.items():
        if kind not in KINDS:
            errors.append(
                SeedError(
                    str(path), line_of(file_text, f"{kind}:"), f"unknown kind {kind!r} (allowed: {', '.join(KINDS)})"
                )
            )
            continue
        if not isinstance(specs, list):
            errors.append(SeedError(str(path), line_of(file_text, f"{kind}:"), f"{kind} must be a list of cues"))
            continue
        for spec in specs:
            cue = _cue(str(kind), spec, path, file_text, errors)
            if cue:
                cues.append(cue)
    return cues


def _named_host(spec: Any, path: Path, file_text: str, errors: list[SeedError]) -> tuple[str, float] | None:
    """The (kind, weight) of the brand-site hint, or None when absent or bad (an error then)."""
    if spec is None:
        return None
    weight = _number(spec.get("weight"), 3.0) if isinstance(spec, Mapping) else None
    if not isinstance(spec, Mapping) or spec.get("kind") not in KINDS or weight is None:
        errors.append(
            SeedError(
                str(path),
                line_of(file_text, "named_host:"),
                f"named_host needs kind (one of {', '.join(KINDS)}) and a weight",
            )
        )
        return None
    return (str(spec["kind"]), weight)


def _settings(raw: Mapping[str, Any], path: Path, file_text: str, errors: list[SeedError]) -> dict[str, float]:
    """The scoring settings, each its default when absent or bad (an error then)."""
    settings: dict[str, float] = {}
    for key, default in (("min_score", 2.0), ("length_unit", 2000), ("head", 100_000), ("tail", 20_000)):
        value = _number(raw.get(key), default)
        if value is None or (key != "min_score" and value < 1):
            errors.append(SeedError(str(path), line_of(file_text, f"{key}:"), f"{key} must be a positive number"))
            value = default
        settings[key] = value
    return settings


def load_kind_cues(folder: Path) -> KindCues:
    """Read ``kinds.yaml`` from ``folder`` (``ontology/reading``) and the host lists it names.

    Raises ``SeedErrors`` naming ``file:line`` for a missing file, bad YAML, an unknown kind or key,
    a bad number, or a pattern that does not compile or has an unbounded quantifier.
    """
    path = folder / "kinds.yaml"
    raw = read_rules(path, "page-kind cues")
    file_text = path.read_text(encoding="utf-8")
    errors = unknown_keys(raw, _TOP_KEYS, path, file_text)
    cues = _text_cues(raw, path, file_text, errors)
    hosts: list[HostHint] = []
    for spec in raw.get("hosts") or []:
        hint = _host_hint(spec, path, file_text, errors)
        if hint:
            hosts.append(hint)
    if raw.get("host_lists") is not None:
        hosts.extend(_listed_hosts(raw["host_lists"], folder, path, file_text, errors))
    named_host = _named_host(raw.get("named_host"), path, file_text, errors)
    noncommercial = raw.get("noncommercial") or []
    if not isinstance(noncommercial, list) or not all(isinstance(x, str) and x for x in noncommercial):
        errors.append(
            SeedError(str(path), line_of(file_text, "noncommercial:"), "noncommercial must be a list of host endings")
        )
        noncommercial = []
    settings = _settings(raw, path, file_text, errors)
    if errors:
        raise SeedErrors(errors)
    return KindCues(
        cues=tuple(cues),
        hosts=tuple(hosts),
        named_host=named_host,
        noncommercial=tuple(str(x).lower() for x in noncommercial),
        min_score=settings["min_score"],
        length_unit=int(settings["length_unit"]),
        head=int(settings["head"]),
        tail=int(settings["tail"]),
    )
