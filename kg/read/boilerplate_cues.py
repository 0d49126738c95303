"""The page-furniture cues of ``ontology/reading/boilerplate.yaml``: read, checked (``file:line``
errors, bounded patterns only) and compiled into :class:`BoilerplateCues` for
:mod:`kg.read.boilerplate`; and the normalised form of a line that its phrases are looked up by."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import SeedError, SeedErrors
from kg.read.rulefile import compile_bounded, line_of, read_rules, unknown_keys

__all__ = [
    "LINE_BULLETS",
    "BoilerplateCues",
    "load_boilerplate_cues",
    "normalise_line",
]

#: Bullet and separator characters stripped from the ends of a line before its phrase lookup.
LINE_BULLETS = " \t\u00a0•·*-–—>#›»|▪◦●○■□"
_SPACES = re.compile(r"\s{1,50}")


def normalise_line(line: str) -> str:
    """A line for phrase lookup: bullets and trailing colons off, spaces collapsed, casefolded."""
    return _SPACES.sub(" ", line.strip(LINE_BULLETS).rstrip(" :\t")).casefold()


@dataclass(frozen=True)
class BoilerplateCues:
    """Cue phrases and patterns by reason, and the thresholds of the shape rules.

    ``phrases`` and ``sections`` map a normalised line to its reason; ``starts``, ``patterns`` and
    ``banners`` are one alternation each, whose named groups ``groups`` maps to reasons (the
    reason listed first wins when two match at the same place).
    """

    reasons: tuple[str, ...] = ()
    headings: frozenset[str] = frozenset()
    phrases: Mapping[str, str] = field(default_factory=dict)
    sections: Mapping[str, str] = field(default_factory=dict)
    starts: re.Pattern[str] | None = None
    patterns: re.Pattern[str] | None = None
    later_patterns: re.Pattern[str] | None = None  # the alternatives of ``patterns`` not anchored at ^
    banners: re.Pattern[str] | None = None
    groups: Mapping[str, str] = field(default_factory=dict)
    max_short_words: int = 8
    banner_max_words: int = 60
    nav_words: frozenset[str] = frozenset()
    separators: re.Pattern[str] | None = None
    menu_min_run: int = 4
    menu_max_words: int = 3
    block_min_share: float = 0.4


# --- loading -----------------------------------------------------------------------------------


def _strings(raw: Any, path: Path, file_text: str, where: str, errors: list[SeedError]) -> list[str]:
    """A list of non-empty strings of the cue file (none, and an error, when it is something else)."""
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(x, str) and x.strip() for x in raw):
        errors.append(SeedError(str(path), line_of(file_text, where), f"{where} must be a list of non-empty strings"))
        return []
    return [x for x in raw if isinstance(x, str)]


def _checked(patterns: list[str], path: Path, file_text: str, where: str, errors: list[SeedError]) -> list[str]:
    """The patterns that compile with bounded quantifiers; an error for each other one."""
    good: list[str] = []
    for p in patterns:
        try:
            compile_bounded(p)
        except ValueError as exc:
            errors.append(SeedError(str(path), line_of(file_text, p), f"bad pattern {p!r} in {where}: {exc}"))
            continue
        good.append(p)
    return good


def _grouped(alternatives: list[tuple[str, str]], groups: dict[str, str]) -> re.Pattern[str] | None:
    """One alternation of (reason, pattern) pairs, each alternative a named group for its reason."""
    if not alternatives:
        return None
    parts = []
    for reason, pattern in alternatives:
        name = f"g{len(groups)}"
        groups[name] = reason
        parts.append(f"(?P<{name}>{pattern})")
    return re.compile("|".join(parts), re.IGNORECASE)


def _anchored_at_start(pattern: str) -> bool:
    """True when every match of ``pattern`` begins at the start of the text (a leading ``^``)."""
    from re import _constants, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(pattern)
    return len(parsed.data) > 0 and parsed.data[0] == (_constants.AT, _constants.AT_BEGINNING)


_REASON_KEYS = frozenset({"lines", "starts", "patterns", "banners", "sections"})
_TOP_KEYS = frozenset(
    {
        "reasons",
        "headings",
        "max_short_words",
        "banner_max_words",
        "nav_words",
        "separators",
        "menu_min_run",
        "menu_max_words",
        "block_min_share",
    }
)


@dataclass
class _ReasonCues:
    """What the ``reasons`` of the cue file give, in file order, before compiling."""

    names: list[str] = field(default_factory=list)
    phrases: dict[str, str] = field(default_factory=dict)
    sections: dict[str, str] = field(default_factory=dict)
    starts: list[tuple[str, str]] = field(default_factory=list)
    patterns: list[tuple[str, str]] = field(default_factory=list)
    banners: list[tuple[str, str]] = field(default_factory=list)


def _read_reasons(raw: Mapping[str, Any], path: Path, file_text: str, errors: list[SeedError]) -> _ReasonCues:
    """The cues of every reason: whole-line phrases, section headings, line starts, patterns, banners."""
    out = _ReasonCues()
    raw_reasons = raw.get("reasons") or {}
    if not isinstance(raw_reasons, Mapping):
        errors.append(SeedError(str(path), line_of(file_text, "reasons:"), "reasons must be a mapping"))
        raw_reasons = {}
    for reason, spec in raw_reasons.items():
        where = f"{reason}:"
        if not isinstance(spec, Mapping):
            errors.append(SeedError(str(path), line_of(file_text, where), f"reason {reason!r} must be a mapping"))
            continue
        for key in spec:
            if key not in _REASON_KEYS:
                allowed = ", ".join(sorted(_REASON_KEYS))
                errors.append(
                    SeedError(str(path), line_of(file_text, f"{key}:"), f"unknown key {key!r} in {reason} ({allowed})")
                )
        reason = str(reason)
        out.names.append(reason)
        for x in _strings(spec.get("lines"), path, file_text, where, errors):
            out.phrases.setdefault(normalise_line(x), reason)
        for x in _strings(spec.get("sections"), path, file_text, where, errors):
            out.sections.setdefault(normalise_line(x), reason)
        ordered = sorted({normalise_line(x) for x in _strings(spec.get("starts"), path, file_text, where, errors)})
        ordered.sort(key=len, reverse=True)
        if ordered:
            out.starts.append((reason, "(?:" + "|".join(re.escape(x) for x in ordered) + r")(?![^\W\d_])"))
        for key, into in (("patterns", out.patterns), ("banners", out.banners)):
            found = _checked(_strings(spec.get(key), path, file_text, where, errors), path, file_text, key, errors)
            into.extend((reason, p) for p in found)
    return out


def _read_numbers(raw: Mapping[str, Any], path: Path, file_text: str, errors: list[SeedError]) -> dict[str, float]:
    """The thresholds of the shape rules, each a positive number (its default when absent or bad)."""
    numbers: dict[str, float] = {}
    for key, default in (
        ("max_short_words", 8),
        ("banner_max_words", 60),
        ("menu_min_run", 4),
        ("menu_max_words", 3),
        ("block_min_share", 0.4),
    ):
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            errors.append(SeedError(str(path), line_of(file_text, f"{key}:"), f"{key} must be a positive number"))
            value = default
        numbers[key] = value
    return numbers


def load_boilerplate_cues(folder: Path) -> BoilerplateCues:
    """Read ``boilerplate.yaml`` from ``folder`` (``ontology/reading``).

    Raises ``SeedErrors`` naming ``file:line`` for a missing file, bad YAML, an unknown key, a list
    that is not a list of strings, or a pattern that does not compile or has an unbounded quantifier.
    """
    path = folder / "boilerplate.yaml"
    raw = read_rules(path, "boilerplate cues")
    file_text = path.read_text(encoding="utf-8")
    errors = unknown_keys(raw, _TOP_KEYS, path, file_text)
    read = _read_reasons(raw, path, file_text, errors)
    nav_words = _strings(raw.get("nav_words"), path, file_text, "nav_words:", errors)
    headings = _strings(raw.get("headings"), path, file_text, "headings:", errors)
    separators = _strings(raw.get("separators"), path, file_text, "separators:", errors)
    numbers = _read_numbers(raw, path, file_text, errors)
    if errors:
        raise SeedErrors(errors)
    sep = "|".join(re.escape(s) for s in sorted(separators, key=lambda s: (-len(s), s)))
    groups: dict[str, str] = {}
    starts_re = _grouped(read.starts, groups)
    first = len(groups)
    patterns_re = _grouped(read.patterns, groups)
    later = [(f"g{first + i}", p) for i, (_, p) in enumerate(read.patterns) if not _anchored_at_start(p)]
    return BoilerplateCues(
        reasons=tuple(read.names),
        headings=frozenset(normalise_line(h) for h in headings),
        phrases=read.phrases,
        sections=read.sections,
        starts=starts_re,
        patterns=patterns_re,
        later_patterns=re.compile("|".join(f"(?P<{n}>{p})" for n, p in later), re.IGNORECASE) if later else None,
        banners=_grouped(read.banners, groups),
        groups=groups,
        max_short_words=int(numbers["max_short_words"]),
        banner_max_words=int(numbers["banner_max_words"]),
        nav_words=frozenset(w.casefold() for w in nav_words),
        separators=re.compile(sep) if sep else None,
        menu_min_run=int(numbers["menu_min_run"]),
        menu_max_words=int(numbers["menu_max_words"]),
        block_min_share=float(numbers["block_min_share"]),
    )
