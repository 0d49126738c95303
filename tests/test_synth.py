"""Synthetic claims: deterministic, loadable, and of the promised shape."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from kg.cli import main
from kg.model import EvidenceLevel, SupportClass
from kg.seeds.load import load_knowledge_base
from kg.seeds.synth import UNCITED_SHARE, synthesize

N = 3000


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.yaml"))}


@pytest.fixture(scope="module")
def synth(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("synth")
    synthesize(N, seed=7, out=out, claims_per_file=500)
    return out


@pytest.fixture(scope="module")
def records(synth: Path) -> list[dict[str, object]]:
    claims: list[dict[str, object]] = []
    for path in sorted((synth / "seeds" / "documents").glob("*.yaml")):
        claims += yaml.safe_load(path.read_text(encoding="utf-8"))["claims"]
    return claims


def test_same_seed_same_bytes_other_seed_other_bytes(synth: Path, tmp_path: Path) -> None:
    synthesize(N, seed=7, out=tmp_path / "again", claims_per_file=500)
    assert _files(tmp_path / "again") == _files(synth)
    synthesize(N, seed=8, out=tmp_path / "other", claims_per_file=500)
    assert _files(tmp_path / "other") != _files(synth)


def test_split_over_files_and_accepted_by_the_loader(synth: Path, records: list[dict[str, object]]) -> None:
    assert len(list((synth / "seeds" / "documents").glob("*.yaml"))) == N // 500
    assert len(records) == N
    kb = load_knowledge_base(synth / "seeds", synth / "ontology")
    assert sum(len(c.evidence) for c in kb.claims) == N  # every record valid, none dropped
    assert len(kb.documents) == N // 500


def test_citations_per_claim_and_uncited_share(records: list[dict[str, object]]) -> None:
    counts = Counter(len(r["cites"]) for r in records)  # type: ignore[arg-type]
    assert set(counts) == {0, 1, 2, 3, 4, 5}
    uncited = counts[0] / len(records)
    assert UNCITED_SHARE / 2 < uncited < UNCITED_SHARE * 2


def test_entity_degrees_are_skewed(records: list[dict[str, object]]) -> None:
    degree = Counter([r["subject"] for r in records] + [r["object"] for r in records])
    ranked = sorted(degree.values(), reverse=True)
    median = ranked[len(ranked) // 2]
    top_share = sum(ranked[: max(1, len(ranked) // 100)]) / sum(ranked)
    assert ranked[0] >= 20 * median  # hubs, as a power law gives
    assert top_share > 0.15  # the top 1% of entities hold a large share of all endpoints


def test_mix_of_levels_and_support_classes(synth: Path) -> None:
    kb = load_knowledge_base(synth / "seeds", synth / "ontology")
    levels = Counter(r.level for r in kb.references)
    assert len(levels) == len(EvidenceLevel)
    assert max(levels.values()) / sum(levels.values()) < 0.4
    supports = Counter(c.support for c in kb.claims)
    assert {SupportClass.CLINICAL, SupportClass.PRECLINICAL_ONLY, SupportClass.UNCITED} <= set(supports)
    assert 0.3 < sum(n for s, n in supports.items() if s.is_weak) / len(kb.claims) < 0.9


def test_cli_synth_then_build_into_a_store(tmp_path: Path) -> None:
    runner = CliRunner()
    out = tmp_path / "s"
    result = runner.invoke(main, ["synth", "--claims", "300", "--seed", "3", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "wrote 300 claim records" in result.output
    assert (out / "ontology" / "classifier").is_dir()
    args = ["--seeds", str(out / "seeds"), "--ontology", str(out / "ontology")]
    store = tmp_path / "store"
    built = runner.invoke(main, ["build", *args, "--out", str(tmp_path / "x"), "--store", str(store), "--quiet"])
    assert built.exit_code == 0, built.output
    kb = load_knowledge_base(out / "seeds", out / "ontology")
    answer = runner.invoke(main, ["sparql", "weak-support", "--store", str(store), "--format", "tsv"])
    assert answer.exit_code == 0, answer.output
    assert len(answer.output.splitlines()) - 1 == sum(1 for c in kb.claims if c.support.is_weak)


def test_cli_synth_without_a_classifier_lexicon_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["synth", "--claims", "5", "--out", str(tmp_path / "s"), "--ontology", str(tmp_path / "none")]
    )
    assert result.exit_code == 2
    assert "classifier" in result.output
    assert not (tmp_path / "s").exists()
