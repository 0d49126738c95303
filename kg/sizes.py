"""The size policy: every claim count or byte size at which mechkg changes how it works.

Read as ``sizes.NAME`` at call time (never imported by value), so one assignment here, in a test
or a benchmark, steers every layer the same way. The weak-chain audit has
no limit: it runs at every size.
"""

from __future__ import annotations

__all__ = [
    "CONCURRENT_EXPORTS",
    "EXPORT_WORKERS",
    "LARGE_READ",
    "MEMORY_STORE_LIMIT",
    "RDFLIB_EXPORT_LIMIT",
    "is_large",
]

#: Above this many claims, Turtle and JSON-LD are derived from the sorted N-Triples (streamed,
#: bounded memory: rdflib's Turtle takes 29 s at 10k claims); at or below it rdflib writes them,
#: which keeps the seeds' exports byte-identical to earlier builds. N-Triples are the same
#: canonical sorted lines at every size. A build above it reports each step on stderr.
RDFLIB_EXPORT_LIMIT = 5_000

#: Above this many claims the exports are produced in forked processes, side by side (the
#: non-RDF ones while the N-Triples are sorted, then the RDF dumps): same bytes, less waiting.
#: Below it forking costs more than it saves; the plain path writes one file after another.
CONCURRENT_EXPORTS = 10_000

#: At most this many export processes at once (and never more than the cores this process may use).
EXPORT_WORKERS = 2

#: Above this many claims a build without a store folder uses a temporary folder on disk: an
#: in-memory store needs about 350 B of RAM per triple (some 12 GB at a million claims).
MEMORY_STORE_LIMIT = 200_000

#: Seed folders larger than this (bytes of YAML) get a line on stderr before they are read.
LARGE_READ = 10_000_000


def is_large(claims: int) -> bool:
    """True when a graph of ``claims`` claims takes the streamed route (and a build reports its steps)."""
    return claims > RDFLIB_EXPORT_LIMIT
