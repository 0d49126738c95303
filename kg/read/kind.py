"""What kind of page a document is: vendor, encyclopedic, scientific, explainer or other.

Owns ``classify_kind``: weighted cue counts per kind, normalised by length, with host hints, and the
order of the decision. The cues and host hints are data (``ontology/reading/kinds.yaml``, plus the
host lists of ``ontology/classifier/hosts.yaml``, read and never written); this module holds only
the rules:

1. a host in a *decisive* host list (a known vendor, literature index, publisher, encyclopedia)
   gives that kind;
2. otherwise a strong shop cue (cart, price, research-use-only, the supplement disclaimer, a
   listed vendor host) gives ``vendor``, unless another kind has more strong cues than vendor;
3. otherwise the kind with the highest score, when that score reaches ``min_score``; ties go to
   the first kind in ``KINDS`` order;
4. otherwise ``other``.

Length normalisation: with ``n = sqrt(max(1, characters / length_unit))``, each cue counts its
matches up to ``cap x n`` and adds ``weight x count / n``, so a long page scores by the density of
its cues, not their number; host hints add their weight once. Only the first ``head`` and the last
``tail`` characters are read, so a 20 MB text costs what a long page does.
Deterministic: the same text and host give the same verdict, cues in file order.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from kg.classify import HOST_CATEGORIES
from kg.errors import SeedError, SeedErrors
from kg.read.boilerplate import compile_bounded, line_of
from kg.read.rulefile import read_rules

__all__ = [
    "KINDS",
    "FiredCue",
    "HostHint",
    "KindCue",
    "KindCues",
    "KindVerdict",
    "classify_kind",
    "load_kind_cues",
    "normalise_host",
]

#: The kinds of page, in tie-break order; ``other`` is the verdict when no cue scores.
KINDS = ("vendor", "encyclopedic", "scientific", "explainer")
OTHER = "other"


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


@dataclass(frozen=True)
class FiredCue:
    """A cue that fired: its kind, name, matches counted (capped) and weight."""

    kind: str
    name: str
    count: int
    weight: float
    strong: bool

    def __str__(self) -> str:
        mark = "!" if self.strong else ""
        return f"{self.name}{mark}x{self.count}"


@dataclass(frozen=True)
class KindVerdict:
    """The kind of a page, a score per kind, the cues that fired and what decided."""

    kind: str
    scores: Mapping[str, float] = field(default_factory=dict)
    fired: tuple[FiredCue, ...] = ()
    basis: str = "none"  # host | strong | score | none | declared

    @property
    def rationale(self) -> str:
        """One line: the verdict, what decided it, and the cues per kind with their scores."""
        head = {
            "host": "the host is listed",
            "strong": "strong shop cues",
            "score": "highest cue score",
            "none": "no cue scored",
            "declared": "declared by the user",
        }[self.basis]
        parts = []
        for kind in KINDS:
            cues = [str(c) for c in self.fired if c.kind == kind]
            if cues:
                parts.append(f"{kind} {self.scores.get(kind, 0.0):.2f} ({', '.join(cues)})")
        return f"{self.kind}: {head}" + (f"; {'; '.join(parts)}" if parts else "")


def _url_path(url: str | None) -> str:
    """The path (and query) of ``url``, or "" for none or a malformed one."""
    if not url or "/" not in url:
        return ""
    try:
        parts = urlsplit(url if "://" in url else "//" + url)
    except ValueError:
        return ""
    return parts.path + ("?" + parts.query if parts.query else "")


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


def _window(text: str, cues: KindCues) -> str:
    """The part of the text that is read: the head and the tail."""
    if len(text) <= cues.head + cues.tail:
        return text
    return text[: cues.head] + "\n" + text[len(text) - cues.tail :]


def _letters(value: str) -> str:
    return "".join(ch for ch in value.lower() if ch.isascii() and ch.isalnum())


def _named_host(host: str, names: Sequence[str], cues: KindCues) -> bool:
    """Whether a commercial ``host`` holds one of the compound's ``names`` (letters and digits only,
    four or more) in its own name: a brand's site named for its product."""
    labels = host.split(".")
    if len(labels) < 2 or any(host.endswith(suffix) for suffix in cues.noncommercial):
        return False
    own = _letters("".join(labels[:-1]))
    return any(len(key) >= 4 and key in own for key in (_letters(n) for n in names))


def classify_kind(
    text: str, host: str | None, cues: KindCues, *, url: str | None = None, names: Sequence[str] = ()
) -> KindVerdict:
    """The kind of page ``text`` is (served from ``host``, or from ``url`` when known), with scores
    and fired cues. ``names`` are the compound's names, for the brand-site hint.

    See the module docstring for the scoring and the order of the decision.
    """
    window = _window(text, cues)
    norm = math.sqrt(max(1.0, len(window) / cues.length_unit))
    raw = dict.fromkeys(KINDS, 0.0)
    strong = dict.fromkeys(KINDS, 0)
    fired: list[FiredCue] = []
    decisive: str | None = None
    for cue in cues.cues:
        cap = math.ceil(cue.cap * norm)
        count = 0
        for _ in cue.pattern.finditer(window):
            count += 1
            if count >= cap:
                break
        if count:
            raw[cue.kind] += cue.weight * count / norm
            strong[cue.kind] += cue.strong
            fired.append(FiredCue(cue.kind, cue.name, count, cue.weight, cue.strong))
    name = normalise_host(host or url)
    path = _url_path(url)
    if name:
        listed = False  # one listed host counts: the first (own lists come before borrowed ones)
        for hint in cues.hosts:
            if (hint.listed and listed) or not hint.matches(name, path):
                continue
            listed = listed or bool(hint.listed)
            raw[hint.kind] += hint.weight
            strong[hint.kind] += hint.strong
            fired.append(FiredCue(hint.kind, hint.name, 1, hint.weight, hint.strong))
            if hint.decisive and decisive is None:
                decisive = hint.kind
        if cues.named_host is not None and names and _named_host(name, names, cues):
            kind, weight = cues.named_host
            raw[kind] += weight
            fired.append(FiredCue(kind, "host named for the compound", 1, weight, False))
    scores = {k: round(v, 4) for k, v in raw.items()}
    best = max(KINDS, key=lambda k: (scores[k], -KINDS.index(k)))
    if decisive:
        return KindVerdict(decisive, scores, tuple(fired), "host")
    if strong["vendor"] and all(strong[k] <= strong["vendor"] for k in KINDS):
        return KindVerdict("vendor", scores, tuple(fired), "strong")
    if scores[best] >= cues.min_score:
        return KindVerdict(best, scores, tuple(fired), "score")
    return KindVerdict(OTHER, scores, tuple(fired), "none")


# --- loading -----------------------------------------------------------------------------------

_TOP_KEYS = frozenset(
    {"min_score", "length_unit", "head", "tail", "kinds", "hosts", "host_lists", "named_host", "noncommercial"}
)
_CUE_KEYS = frozenset({"name", "pattern", "weight", "strong", "cap", "case"})
_HOST_KEYS = frozenset({"kind", "name", "pattern", "path", "host", "weight", "strong", "decisive"})


def _number(value: Any, default: float) -> float | None:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        return None
    return float(value)


def _cue(kind: str, spec: Any, path: Path, file_text: str, errors: list[SeedError]) -> KindCue | None:
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


def load_kind_cues(folder: Path) -> KindCues:
    """Read ``kinds.yaml`` from ``folder`` (``ontology/reading``) and the host lists it names.

    Raises ``SeedErrors`` naming ``file:line`` for a missing file, bad YAML, an unknown kind or key,
    a bad number, or a pattern that does not compile or has an unbounded quantifier.
    """
    path = folder / "kinds.yaml"
    raw = read_rules(path, "page-kind cues")
    file_text = path.read_text(encoding="utf-8")
    errors: list[SeedError] = []
    for key in raw:
        if key not in _TOP_KEYS:
            errors.append(SeedError(str(path), line_of(file_text, f"{key}:"), f"unknown key {key!r}"))
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
    hosts: list[HostHint] = []
    for spec in raw.get("hosts") or []:
        hint = _host_hint(spec, path, file_text, errors)
        if hint:
            hosts.append(hint)
    if raw.get("host_lists") is not None:
        hosts.extend(_listed_hosts(raw["host_lists"], folder, path, file_text, errors))
    named_host = None
    spec = raw.get("named_host")
    if spec is not None:
        weight = _number(spec.get("weight"), 3.0) if isinstance(spec, Mapping) else None
        if not isinstance(spec, Mapping) or spec.get("kind") not in KINDS or weight is None:
            errors.append(
                SeedError(
                    str(path),
                    line_of(file_text, "named_host:"),
                    f"named_host needs kind (one of {', '.join(KINDS)}) and a weight",
                )
            )
        else:
            named_host = (str(spec["kind"]), weight)
    noncommercial = raw.get("noncommercial") or []
    if not isinstance(noncommercial, list) or not all(isinstance(x, str) and x for x in noncommercial):
        errors.append(
            SeedError(str(path), line_of(file_text, "noncommercial:"), "noncommercial must be a list of host endings")
        )
        noncommercial = []
    settings: dict[str, float] = {}
    for key, default in (("min_score", 2.0), ("length_unit", 2000), ("head", 100_000), ("tail", 20_000)):
        value = _number(raw.get(key), default)
        if value is None or (key != "min_score" and value < 1):
            errors.append(SeedError(str(path), line_of(file_text, f"{key}:"), f"{key} must be a positive number"))
            value = default
        settings[key] = value
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
