"""Options declared once (:mod:`kg.cli.options`): project folder defaults, the step reporter and
the notes on stderr."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli.options import note, ontology_dir, ontology_option, out_option, progress, seeds_option, warn


@click.command()
@seeds_option()
@ontology_option()
@out_option("Where to write.", default=Path("exports"))
def _show(seeds: Path, ontology: Path, out: Path) -> None:
    click.echo(f"{seeds}|{ontology}|{out}|{ontology_dir()}")


def _project(root: Path) -> Path:
    for name in ("seeds", "ontology"):
        (root / name).mkdir(parents=True)
    (root / "deep" / "er").mkdir(parents=True)
    return root


def test_defaults_resolve_against_the_project_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _project(tmp_path / "proj").resolve()
    monkeypatch.chdir(root / "deep" / "er")
    result = CliRunner().invoke(_show, [], env={"MECHKG_SEEDS": None, "MECHKG_ONTOLOGY": None})
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{root}/seeds|{root}/ontology|{root}/exports|{root}/ontology"
    given = CliRunner().invoke(_show, ["--seeds", "mine"], env={"MECHKG_SEEDS": None, "MECHKG_ONTOLOGY": None})
    assert given.output.startswith("mine|")  # a folder given stays relative to the current folder


def test_outside_a_project_a_default_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(_show, [], env={"MECHKG_SEEDS": None, "MECHKG_ONTOLOGY": None})
    assert result.exit_code == 2
    assert "not inside a mechkg project" in result.output and "--seeds FOLDER" in result.output


def test_help_names_the_project_default() -> None:
    result = CliRunner().invoke(_show, ["--help"])
    assert "[default: <project>/seeds]" in result.output
    assert "[default: <project>/exports]" in result.output


def test_progress_notes_and_warnings_go_to_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    step = progress(True)
    step("loading")
    step("done")
    quiet = progress(False)
    quiet("loading")
    note(None)
    note("a note")
    warn("a warning")
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert lines[0] == "loading ..."
    assert lines[1].startswith("done (loading: ") and lines[1].endswith(" s)")
    assert lines[2:] == ["a note", "a warning"]
