"""Every example in every command's ``--help`` runs, on the seeds, as a user would type it.

The examples are parsed from the help text (the lines under ``Examples:``, ``Example:`` and
``Typical session:``; a trailing ``\\`` continues a line, two spaces start a comment, ``&&``
chains commands) and run in order, one command's examples after another, in a copy of the
project with the source documents beside it (``../shared/seeds``), like a user's session. What
the examples name is there: ``guide.html``, ``notes.md``, ``page.txt``, ``pages/`` with
``sources.csv`` (small test documents) and ``statements.json`` (INDRA statements).

Only addresses change, and only because tests run side by side: ``/tmp/`` becomes a folder of
this test, the SPARQL server at ``127.0.0.1:7878`` is a real Oxigraph server on a free port
holding the seeds' graph, ``localhost:3030/ds`` (a Fuseki dataset) is that server behind a proxy
that speaks Fuseki's paths, and ``kg serve`` listens on a free port (its examples run in the
background until the command's other examples are done, then get SIGTERM).
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
import shutil
import signal
import subprocess
import sys
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.seeds.load import load_knowledge_base
from kg.store.remote import RemoteEngine
from tests.conftest import ROOT, SHARED_SEEDS
from tests.servers import HOST, forward, free_port, oxigraph_server, stub_server, wait_for

DATA = Path(__file__).resolve().parent / "data"
_HEADING = re.compile(r"^\s*(Examples?|Typical session):\s*$")


def _commands(group: click.Group = main, path: tuple[str, ...] = ("kg",)) -> Iterator[tuple[str, click.Command]]:
    """Every command and group under ``group``, with its name as typed (``kg query weak``)."""
    yield " ".join(path), group
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            yield from _commands(command, (*path, name))
        else:
            yield " ".join((*path, name)), command


def help_examples(command: click.Command) -> list[str]:
    """The example command lines of a command's help, continuations joined, comments dropped."""
    found: list[str] = []
    inside = False
    for raw in (command.help or "").splitlines():
        text = raw.strip()
        if _HEADING.match(raw):
            inside = True
        elif found and found[-1].endswith("\\"):  # a continued line
            found[-1] = found[-1][:-1].rstrip() + " " + text
        elif inside and text.startswith("kg "):
            found.append(text)
        elif text != "\b":  # a blank line or prose ends the examples
            inside = False
    return [re.split(r"\s{2,}", line)[0] for line in found]


COMMANDS = {name: help_examples(cmd) for name, cmd in _commands()}


def test_every_command_has_examples_and_they_name_seed_entities() -> None:
    leaves = [name for name, cmd in _commands() if not isinstance(cmd, click.Group)]
    assert [name for name in leaves if not COMMANDS[name]] == []
    assert "kg paths Cerebrolysin SMO" in COMMANDS["kg"]
    assert sum(len(v) for v in COMMANDS.values()) > 40


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A project copy with the example inputs, its built store, and servers holding its graph."""
    base = tmp_path_factory.mktemp("help-examples")
    proj = base / "proj"
    proj.mkdir()
    for name in ("seeds", "ontology"):
        shutil.copytree(ROOT / name, proj / name)
    if SHARED_SEEDS.is_dir():
        (base / "shared").mkdir()
        (base / "shared" / "seeds").symlink_to(SHARED_SEEDS)
    (base / "tmp").mkdir()
    shutil.copy(DATA / "extract" / "quoralin-page.html", proj / "guide.html")
    shutil.copy(DATA / "extract" / "velnorin-summary.md", proj / "notes.md")
    shutil.copy(DATA / "extract" / "zedaprine-notes.txt", proj / "page.txt")
    (proj / "pages").mkdir()
    shutil.copy(DATA / "extract" / "zedaprine-notes.txt", proj / "pages" / "zedaprine-notes.txt")
    (proj / "sources.csv").write_text(
        "file,url\nzedaprine-notes.txt,https://zedaprine-shop.example.com/products/zedaprine\n", encoding="utf-8"
    )
    shutil.copy(DATA / "indra" / "cascade.json", proj / "statements.json")
    kb = load_knowledge_base(proj / "seeds", proj / "ontology")
    with oxigraph_server() as server:
        RemoteEngine(f"{server}/query").load(kb)

        def fuseki(handler: BaseHTTPRequestHandler, body: bytes) -> tuple[int, str, bytes]:
            path = handler.path
            for fuseki_path, oxigraph_path in (
                ("/ds/sparql", "/query"),
                ("/ds/update", "/update"),
                ("/ds/data", "/store"),
            ):
                if path.startswith(fuseki_path):
                    path = oxigraph_path + path[len(fuseki_path) :]
            return forward(server, handler, body, path)

        with stub_server(fuseki) as proxy:
            built = _invoke(proj, ["build", "--quiet", "--store", ".mechkg/store"])
            assert built.exit_code == 0, built.output
            yield {"base": base, "proj": proj, "server": server, "proxy": proxy}


def _invoke(proj: Path, argv: list[str]) -> click.testing.Result:
    old = Path.cwd()
    os.chdir(proj)
    try:
        return CliRunner().invoke(main, argv)
    finally:
        os.chdir(old)


def _addresses(example: str, site: dict[str, object], ports: dict[str, str]) -> str:
    """The example with this test's addresses (see the module docstring)."""
    text = example.replace("/tmp/", f"{site['base']}/tmp/")
    text = text.replace("http://localhost:3030/ds", f"{site['proxy']}/ds")
    text = re.sub(rf"{re.escape(HOST)}:(\d+)", lambda m: f"{HOST}:{ports.get(m.group(1), m.group(1))}", text)
    return re.sub(r"--port (\d+)", lambda m: f"--port {ports.get(m.group(1), m.group(1))}", text)


def _serve(argv: list[str], proj: Path, ports: dict[str, str]) -> tuple[subprocess.Popen[bytes], Path]:
    """Start one `kg serve` example in the background; wait until its endpoint answers."""
    if "--port" not in argv:
        argv = [*argv, "--port", ports["7878"]]
    port = argv[argv.index("--port") + 1]
    log = proj / f"serve-{port}.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("MECHKG_")} | {"PYTHONPATH": str(ROOT)}
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "kg", *argv], cwd=proj, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    wait_for(f"http://{HOST}:{port}/query?query=ASK%7B%7D", process, timeout=60)
    return process, log


@pytest.mark.parametrize("command", [name for name, examples in COMMANDS.items() if examples])
def test_help_examples_run(command: str, site: dict[str, object], monkeypatch: pytest.MonkeyPatch) -> None:
    with contextlib.ExitStack() as stack:
        _run_examples(command, site, monkeypatch, stack)


def _run_examples(
    command: str, site: dict[str, object], monkeypatch: pytest.MonkeyPatch, stack: contextlib.ExitStack
) -> None:
    for key in [k for k in os.environ if k.startswith("MECHKG_")]:
        monkeypatch.delenv(key)
    proj = site["proj"]
    assert isinstance(proj, Path)
    if command == "kg resolve":  # never the internet: a local stand-in that knows no work
        from tests.literature_server import Literature, literature_server

        urls = stack.enter_context(literature_server(Literature()))
        for name, url in urls.items():
            monkeypatch.setenv(f"MECHKG_{name.upper()}_URL", url)
        monkeypatch.setattr("kg.resolve.Services.eutils_rate", property(lambda _: 1000.0))
    server_port = str(site["server"]).rsplit(":", 1)[1]
    ports = {"7878": server_port}
    if command == "kg serve":
        ports = {"7878": str(free_port()), "8000": str(free_port())}
    background: list[tuple[subprocess.Popen[bytes], Path]] = []
    try:
        for example in COMMANDS[command]:
            if "../shared/seeds" in example and not SHARED_SEEDS.is_dir():
                continue  # the source documents are not beside this checkout
            for part in _addresses(example, site, ports).split(" && "):
                argv = shlex.split(part)
                assert argv[0] == "kg", example
                if argv[1] == "serve":
                    background.append(_serve(argv[1:], proj, ports))
                    continue
                result = _invoke(proj, argv[1:])
                assert result.exit_code == 0, f"{example}\n{result.output}"
                assert result.exception is None or isinstance(result.exception, SystemExit), example
                if argv[1] == "paths":
                    assert "[weakest:" in result.output, f"{example}: no chain\n{result.output}"
                if argv[1:3] == ["query", "about"] or "claims-about" in argv:
                    assert len(result.output.splitlines()) > 2, f"{example}: no claims\n{result.output}"
    finally:
        for process, _log in background:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
    for process, log in background:
        text = log.read_text(encoding="utf-8", errors="replace")
        assert process.returncode == 0, text
        assert "SPARQL endpoint (read-only)" in text and "Traceback" not in text
