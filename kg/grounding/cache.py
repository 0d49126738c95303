"""The grounding cache file: the compiled key table kept beside the vocabularies it is compiled from
(``<venv>/share/mechkg/``, or ``$MECHKG_CACHE``).

Its header holds a stamp of the source files, the rules, the compiler's code and this module's
format version, and a sha256 of the payload: a missing or stale cache is rebuilt with a message,
a corrupt one is replaced, never trusted.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from kg.grounding import normalize as normalize_module
from kg.grounding import sources as sources_module
from kg.grounding import table as table_module
from kg.grounding.sources import mesh_equivalents, source_files, vocabulary_terms
from kg.grounding.table import Table, compile_terms

__all__ = ["FORMAT", "cache_path", "cached_table", "stamp"]

#: Version of the cache layout; bump when the compiled table changes meaning.
FORMAT = 4
_MAGIC = b"MECHKG-GROUNDING\n"


def cache_path() -> Path:
    """Where the compiled index is kept: ``$MECHKG_CACHE`` or ``<sys.prefix>/share/mechkg``."""
    env = os.environ.get("MECHKG_CACHE")
    if env:
        return Path(env) / f"grounding-v{FORMAT}.pickle"
    base = Path(sys.prefix) / "share" / "mechkg"
    if not os.access(base if base.exists() else base.parent if base.parent.exists() else Path(sys.prefix), os.W_OK):
        base = Path.home() / ".cache" / "mechkg"
    return base / f"grounding-v{FORMAT}.pickle"


def stamp(folder: Path, rules: Mapping[str, Any]) -> str:
    """The stamp a cache must carry to be used: format, compiler code, source files, rules."""
    h = hashlib.sha256(f"format {FORMAT}\n".encode())
    for module in (__file__, table_module.__file__, sources_module.__file__, normalize_module.__file__):
        h.update(Path(module).read_bytes())  # the compiler's own code: a change rebuilds the cache
    for path in source_files(folder):
        st = path.stat()
        h.update(f"{path.name} {st.st_size} {st.st_mtime_ns}\n".encode())
    h.update(repr(sorted((k, repr(v)) for k, v in rules.items())).encode())
    return h.hexdigest()


def _build(folder: Path, rules: Mapping[str, Any], stamp: str, path: Path, say: Callable[[str], None]) -> Table:
    say(f"compiling the grounding index from {folder} (once; cached in {path})")
    table = compile_terms(vocabulary_terms(folder, dict(rules)), rules, mesh_equivalents(folder))
    payload = pickle.dumps(table, protocol=pickle.HIGHEST_PROTOCOL)
    header = _MAGIC + stamp.encode() + b"\n" + hashlib.sha256(payload).hexdigest().encode() + b"\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".grounding-", dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            fh.write(header)
            fh.write(payload)
        os.replace(tmp, path)
    except OSError as exc:
        say(f"warning: could not write the grounding cache {path}: {exc}; it will be compiled again next time")
    return table


def _read_cache(path: Path, stamp: str, say: Callable[[str], None]) -> Table | None:
    try:
        with path.open("rb") as fh:
            magic = fh.readline()
            got_stamp = fh.readline().strip().decode("ascii", "replace")
            digest = fh.readline().strip().decode("ascii", "replace")
            payload = fh.read()
    except FileNotFoundError:
        return None
    except OSError as exc:
        say(f"grounding cache {path} unreadable ({exc}); rebuilding it")
        return None
    if magic != _MAGIC:
        say(f"grounding cache {path} is not a mechkg index; replacing it")
        return None
    if got_stamp != stamp:
        say(f"grounding cache {path} is stale (vocabularies or rules changed); rebuilding it")
        return None
    if hashlib.sha256(payload).hexdigest() != digest:
        say(f"grounding cache {path} is corrupt (checksum mismatch); replacing it")
        return None
    try:
        table: Table = pickle.loads(payload)
    except Exception:
        say(f"grounding cache {path} is corrupt; replacing it")
        return None
    return table


def cached_table(folder: Path, rules: Mapping[str, Any], say: Callable[[str], None]) -> Table:
    """The key table of ``folder``'s vocabularies under ``rules``: read from the cache when it is
    current, else compiled and written there."""
    current = stamp(folder, rules)
    path = cache_path()
    table = _read_cache(path, current, say)
    if table is None:
        table = _build(folder, rules, current, path, say)
    return table
