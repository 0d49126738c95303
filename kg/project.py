"""The project folder: where the command line's default folders (seeds/, ontology/, exports/...) live.

The project root is the nearest folder, from the current one upward, that holds both ``seeds/``
and ``ontology/``. Folders given on the command line or by the environment stay relative to the
current folder; only the defaults resolve against the root.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["MARKERS", "find_project_root", "project_path"]

#: Folders whose presence side by side marks a project root.
MARKERS = ("seeds", "ontology")


def find_project_root(start: Path | None = None) -> Path | None:
    """The nearest folder at or above ``start`` (default: the current folder) holding every MARKERS folder."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if all((folder / name).is_dir() for name in MARKERS):
            return folder
    return None


def project_path(default: Path, start: Path | None = None) -> Path | None:
    """``default`` (a relative folder) under the project root, as a path relative to ``start`` when
    the root is ``start`` itself (so messages keep naming ``seeds/``); None outside any project.
    """
    if default.is_absolute():
        return default
    root = find_project_root(start)
    if root is None:
        return None
    here = (start or Path.cwd()).resolve()
    return default if root == here else root / default
