"""The exports of a large build are produced side by side in forked processes (issue 18), and
``kg build --format`` writes only the formats named: the same bytes as the plain path, one
atomic set, whatever the subset.

The size thresholds are lowered (``kg.sizes``) so that a few hundred synthetic claims take the
concurrent and the streamed routes; the forked children inherit the lowered values.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import kg.sizes as sizes
from kg.audit import audit
from kg.build import load_inputs
from kg.cli import main
from kg.errors import OutputError
from kg.formats import registry
from kg.formats.registry import DEFAULT_FORMATS, EXPORTERS, write_exports
from kg.model import Finding, KnowledgeBase
from kg.seeds.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent
CLAIMS = 400


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesize(CLAIMS, seed=3, out=out, claims_per_file=100, lexicon_from=ROOT / "ontology")
    return out


@pytest.fixture(scope="module")
def loaded(project: Path) -> tuple[KnowledgeBase, list[Finding]]:
    kb = load_inputs(project / "seeds", project / "ontology")
    return kb, audit(kb, project / "ontology", None)


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("streamed", [False, True], ids=["rdflib-route", "streamed-route"])
def test_the_concurrent_path_writes_the_same_bytes_as_the_plain_path(
    loaded: tuple[KnowledgeBase, list[Finding]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, streamed: bool
) -> None:
    kb, findings = loaded
    if streamed:
        monkeypatch.setattr(sizes, "RDFLIB_EXPORT_LIMIT", CLAIMS // 4)
    monkeypatch.setattr(sizes, "CONCURRENT_EXPORTS", 10**9)
    assert registry.export_plan(len(kb.claims), len(EXPORTERS)) is None
    write_exports(kb, tmp_path / "plain", findings=findings)
    monkeypatch.setattr(sizes, "CONCURRENT_EXPORTS", CLAIMS // 4)
    assert registry.export_plan(len(kb.claims), len(EXPORTERS)) is not None
    log = tmp_path / "progress.log"

    def note(line: str) -> None:  # called in the children too: a file sees every line
        with log.open("a", encoding="utf-8") as fh:
            fh.write(line + "\n")

    write_exports(kb, tmp_path / "concurrent", findings=findings, progress=note)
    plain, concurrent = _files(tmp_path / "plain"), _files(tmp_path / "concurrent")
    assert sorted(concurrent) == sorted(name for name, _ in EXPORTERS.values())
    assert concurrent == plain
    lines = log.read_text(encoding="utf-8").splitlines()
    assert sorted(line.split()[0] for line in lines if " written (" in line) == sorted(EXPORTERS)  # one per export


def test_a_failing_export_in_a_child_leaves_the_previous_set(
    loaded: tuple[KnowledgeBase, list[Finding]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kb, findings = loaded
    out = tmp_path / "out"
    write_exports(kb, out, findings=findings)
    before = _files(out)

    def broken(_kb: KnowledgeBase, _findings: Any = ()) -> bytes:
        raise OutputError("the weak-support writer broke")

    monkeypatch.setattr(sizes, "CONCURRENT_EXPORTS", CLAIMS // 4)
    monkeypatch.setitem(EXPORTERS, "weak-tsv", ("weak-support.tsv", broken))
    with pytest.raises(OutputError, match="weak-support writer broke"):
        write_exports(kb, out, findings=findings)
    assert _files(out) == before  # the old set, no temporary file left


def test_build_format_writes_only_the_named_formats_with_the_same_bytes(project: Path, tmp_path: Path) -> None:
    inputs = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    runner = CliRunner()
    full = runner.invoke(main, ["build", "--quiet", *inputs, "--out", str(tmp_path / "all")])
    assert full.exit_code == 0, full.output
    assert sorted(_files(tmp_path / "all")) == sorted(EXPORTERS[name][0] for name in DEFAULT_FORMATS)
    some = tmp_path / "some"
    some.mkdir()
    (some / "mechkg.nt").write_bytes(b"an older dump, not asked for\n")
    chosen = runner.invoke(
        main, ["build", "--quiet", *inputs, "--out", str(some), "--format", "turtle", "--format", "tsv"]
    )
    assert chosen.exit_code == 0, chosen.output
    files = _files(some)
    assert sorted(files) == ["claims.tsv", "mechkg.nt", "mechkg.ttl"]
    assert files["mechkg.nt"] == b"an older dump, not asked for\n"  # formats not named are left alone
    assert files["mechkg.ttl"] == (tmp_path / "all" / "mechkg.ttl").read_bytes()
    assert files["claims.tsv"] == (tmp_path / "all" / "claims.tsv").read_bytes()


def test_build_help_states_the_default_formats() -> None:
    result = CliRunner().invoke(main, ["build", "--help"], terminal_width=200)
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "default: every core format: " + ", ".join(DEFAULT_FORMATS) in text
