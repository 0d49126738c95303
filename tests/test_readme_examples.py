"""README.md's console examples run, and print what the README shows (a doctest for the shell).

Each fenced ``console`` block is a session: ``$ `` lines are commands (a trailing ``\\``
continues one), the lines after a command are its expected output. A block whose fence has
``<!-- illustrative: reason -->`` on the line just before it is not run (the reason says why).

The commands run as ``kg`` (``.venv/bin/kg`` and ``kg`` alike) in a copy of the project, with
the source documents beside it (``../shared/seeds``) as ``make run`` has them; blocks are skipped
when the documents are absent. One pipe is understood, ``| head [-N]``. Output is compared
after normalisation:

- whitespace: each line's runs of spaces and tabs count as one space; blank lines are ignored;
- paths: this test's folder for ``/tmp/`` is written back as ``/tmp/``;
- quoted sentences (lines starting with ``“``, read from the source documents at run time) are
  left out of the output, as the README says it leaves them out;
- a line ``...`` in the expected output stands for any number of lines (none included).
Everything else must match line for line, in order, to the end of the output.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from tests.conftest import ROOT, SHARED_SEEDS

README = ROOT / "README.md"
_ILLUSTRATIVE = re.compile(r"^<!--\s*illustrative:\s*(?P<reason>.+?)\s*-->$")


@dataclass(frozen=True)
class Step:
    """One ``$`` command of a console block and the output the README shows for it."""

    command: str
    expected: tuple[str, ...]


@dataclass(frozen=True)
class Block:
    """A fenced console block: its line in README.md, its steps, and why it is not run (if so)."""

    line: int
    steps: tuple[Step, ...]
    illustrative: str | None


def console_blocks(text: str) -> list[Block]:
    """The console blocks of a Markdown text, in order."""
    lines = text.splitlines()
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        if lines[i].strip() != "```console":
            i += 1
            continue
        marker = _ILLUSTRATIVE.match(lines[i - 1].strip()) if i else None
        start = i + 1
        end = start
        while end < len(lines) and lines[end].strip() != "```":
            end += 1
        steps: list[Step] = []
        body = lines[start:end]
        j = 0
        while j < len(body):
            if not body[j].startswith("$ "):
                raise AssertionError(f"README.md:{start + j + 1}: console output before any $ command")
            command = body[j][2:]
            while command.endswith("\\") and j + 1 < len(body):
                j += 1
                command = command[:-1].rstrip() + " " + body[j].strip()
            j += 1
            output: list[str] = []
            while j < len(body) and not body[j].startswith("$ "):
                output.append(body[j])
                j += 1
            steps.append(Step(command, tuple(output)))
        blocks.append(Block(i + 1, tuple(steps), marker.group("reason") if marker else None))
        i = end + 1
    return blocks


BLOCKS = console_blocks(README.read_text(encoding="utf-8"))


def _normal(lines: list[str] | tuple[str, ...]) -> list[str]:
    """Lines compared: inner whitespace collapsed, blank lines and quoted source sentences dropped."""
    out = [" ".join(line.split()) for line in lines]
    return [line for line in out if line and not line.startswith("“")]


def matches(expected: list[str], actual: list[str]) -> bool:
    """True when ``actual`` is ``expected`` line for line, a ``...`` line standing for any lines."""
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and actual[0] == expected[0] and matches(expected[1:], actual[1:])


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the project (seeds/, ontology/, tests/data/) with the source documents beside it."""
    if not SHARED_SEEDS.is_dir():
        pytest.skip("the source documents (../shared/seeds) are not beside this checkout")
    base = tmp_path_factory.mktemp("readme")
    proj = base / "mechkg"
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, proj / name)
    shutil.copytree(ROOT / "tests" / "data", proj / "tests" / "data")
    (base / "shared").mkdir()
    (base / "shared" / "seeds").symlink_to(SHARED_SEEDS)
    (base / "tmp").mkdir()
    return proj


def run_step(command: str, proj: Path) -> list[str]:
    """Run one README command in ``proj``; its output lines (stdout and stderr, as a terminal shows them)."""
    tmp = f"{proj.parent / 'tmp'}/"
    command, _, pipe = command.replace("/tmp/", tmp).partition(" | ")
    argv = shlex.split(command)
    assert argv[0] in ("kg", ".venv/bin/kg"), f"not a kg command: {command}"
    old = Path.cwd()
    os.chdir(proj)
    try:
        result = CliRunner().invoke(main, argv[1:])
    finally:
        os.chdir(old)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    lines = result.output.replace(tmp, "/tmp/").splitlines()
    if pipe:
        head = shlex.split(pipe)
        assert head[0] == "head" and len(head) <= 2, f"unsupported pipe: {pipe}"
        lines = lines[: int(head[1].lstrip("-")) if len(head) == 2 else 10]
    return lines


def test_readme_has_console_examples_and_each_is_run_or_marked() -> None:
    assert len(BLOCKS) >= 8
    assert all(block.steps for block in BLOCKS)
    assert sum(block.illustrative is None for block in BLOCKS) >= 6


def test_markers_are_read() -> None:
    text = "x\n<!-- illustrative: needs a server -->\n```console\n$ kg serve\nout\n```\n"
    text += "```console\n$ kg a \\\n  --b\n```\n"
    first, second = console_blocks(text)
    assert first.illustrative == "needs a server" and first.steps == (Step("kg serve", ("out",)),)
    assert second.illustrative is None and second.steps == (Step("kg a --b", ()),)
    assert matches(["a", "...", "d"], ["a", "b", "c", "d"]) and not matches(["a", "d"], ["a", "b", "d"])


@pytest.mark.parametrize("block", BLOCKS, ids=[f"README.md:{b.line}" for b in BLOCKS])
def test_readme_console_block(block: Block, project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if block.illustrative is not None:
        pytest.skip(f"illustrative: {block.illustrative}")
    for key in [k for k in os.environ if k.startswith("MECHKG_")]:
        monkeypatch.delenv(key)
    for step in block.steps:
        actual = _normal(run_step(step.command, project))
        expected = _normal(step.expected)
        assert matches(expected, actual), (
            f"README.md:{block.line}: $ {step.command}\n--- README shows:\n"
            + "\n".join(expected)
            + "\n--- kg prints:\n"
            + "\n".join(actual)
        )
