"""The one exception hierarchy of mechkg.

KGError                      base; the CLI converts it at the boundary (exit 1)
├── SeedError                one problem in one input file (``path:line: message``) or folder (``path: message``)
├── SeedErrors               every SeedError of one load, reported together
├── DocumentError            a source document that cannot be read or does not match its record
├── UnknownEntityError       a query names an entity the graph does not hold
├── UnknownFormatError       an export format or file suffix mechkg does not write
├── QueryError               a SPARQL query that cannot be read or run
├── OutputError              an output file or folder that cannot be written
├── RenderError              a diagram that cannot be drawn (e.g. Graphviz missing)
├── StoreError               a store folder that is missing, locked, from another version or broken
├── RemoteError              a SPARQL server that cannot be reached, times out or answers an error
├── ConfigError              a settings file (mechkg.toml) that cannot be read or holds bad values
├── ServeError               the read-only SPARQL server cannot be started (binary missing, port taken)
└── ResolveError             a literature service (E-utilities, Europe PMC, Crossref) cannot be reached or answers badly
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "ConfigError",
    "DocumentError",
    "KGError",
    "OutputError",
    "QueryError",
    "RemoteError",
    "RenderError",
    "ResolveError",
    "SeedError",
    "SeedErrors",
    "ServeError",
    "StoreError",
    "UnknownEntityError",
    "UnknownFormatError",
]


class KGError(Exception):
    """Base of every error mechkg raises on purpose."""


class SeedError(KGError, ValueError):
    """One problem in one input file, located by path and line, or in a folder (``line`` None).

    A folder has no lines, so its problems render ``path: message``, never ``path:1: message``.
    """

    def __init__(self, path: str, line: int | None, message: str) -> None:
        self.path = path
        self.line = line
        self.message = message
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.message}"


class SeedErrors(KGError):  # noqa: N818 (a collection of SeedError)
    """All problems found in one load, so a curator can fix them in one pass."""

    def __init__(self, errors: Iterable[SeedError]) -> None:
        self.errors: list[SeedError] = sorted(errors, key=lambda e: (e.path, e.line or 0, e.message))
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [str(e) for e in self.errors]
        n = len(lines)
        lines.append(f"{n} error{'s' if n != 1 else ''} found; nothing was written")
        return "\n".join(lines)


class DocumentError(KGError):
    """A source document that is missing, unreadable or differs from its seed record."""


class UnknownEntityError(KGError, KeyError):
    """A query names an entity that is not in the graph."""

    def __init__(self, name: str, suggestions: Sequence[str] = (), reason: str = "") -> None:
        self.name = name
        self.suggestions = list(suggestions)
        self.reason = reason
        super().__init__(name)

    def __str__(self) -> str:
        if self.reason:
            return f"entity {self.name!r} {self.reason}"
        hint = f" (did you mean: {', '.join(self.suggestions)})" if self.suggestions else ""
        return f"unknown entity {self.name!r}{hint}"


class UnknownFormatError(KGError, ValueError):
    """An export format name or file suffix that mechkg does not write."""

    def __init__(self, name: str, choices: Sequence[str]) -> None:
        self.name = name
        self.choices = sorted(choices)
        super().__init__(f"unknown format {name!r} (expected one of: {', '.join(self.choices)})")


class QueryError(KGError):
    """A SPARQL query that cannot be found, parsed or run."""


class OutputError(KGError):
    """An output path that cannot be written."""


class RenderError(KGError):
    """A diagram that cannot be drawn, e.g. because Graphviz is not installed."""


class StoreError(KGError):
    """A store folder that is missing, locked by another process, from another version, or broken."""


class RemoteError(KGError):
    """A SPARQL server that cannot be reached, does not answer in time, or answers with an error.

    ``status`` is the HTTP status when the server answered with one.
    """

    def __init__(self, message: str, status: int | None = None) -> None:
        self.status = status
        super().__init__(message)


class ConfigError(KGError):
    """A settings file (``mechkg.toml``) that cannot be read or holds an unknown key or bad value."""


class ServeError(KGError):
    """The read-only SPARQL server cannot be started: binary missing, port taken, store unreadable."""


class ResolveError(KGError):
    """A literature service that cannot be reached, keeps answering 429/5xx, or answers in a form not understood.

    ``service`` names the service; ``unreachable`` is True when no answer came at all (no network).
    """

    def __init__(self, service: str, message: str, unreachable: bool = False) -> None:
        self.service = service
        self.unreachable = unreachable
        super().__init__(f"{service}: {message}")
