"""The project root (:mod:`kg.project`): found upward from the current folder; defaults resolve against it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.project import MARKERS, find_project_root, project_path


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """A project folder (every marker folder present) with a nested working folder."""
    for name in MARKERS:
        (tmp_path / "proj" / name).mkdir(parents=True)
    (tmp_path / "proj" / "docs" / "inner").mkdir(parents=True)
    return (tmp_path / "proj").resolve()


def test_root_found_from_itself_and_from_below(root: Path) -> None:
    assert find_project_root(root) == root
    assert find_project_root(root / "docs" / "inner") == root


def test_no_root_without_every_marker(tmp_path: Path) -> None:
    (tmp_path / "lone" / MARKERS[0]).mkdir(parents=True)
    assert find_project_root(tmp_path / "lone") is None


def test_default_stays_relative_at_the_root(root: Path) -> None:
    assert project_path(Path("seeds"), root) == Path("seeds")


def test_default_resolves_against_the_root_from_below(root: Path) -> None:
    assert project_path(Path("seeds"), root / "docs" / "inner") == root / "seeds"


def test_absolute_default_is_kept_and_no_project_gives_none(tmp_path: Path) -> None:
    assert project_path(tmp_path / "elsewhere", tmp_path) == tmp_path / "elsewhere"
    assert project_path(Path("seeds"), tmp_path) is None


def test_current_folder_is_the_default_start(root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(root / "docs")
    assert find_project_root() == root
    assert project_path(Path("ontology")) == root / "ontology"
