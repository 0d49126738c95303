"""The command line tells the truth: one heading per class, one row per claim, names resolved, honest locators."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from kg.cli import main
from tests.conftest import ROOT


def _kg(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def at_root(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run from the project root, with no folder given by the environment."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    monkeypatch.delenv("MECHKG_SEEDS", raising=False)
    monkeypatch.delenv("MECHKG_ONTOLOGY", raising=False)


def _blocks(table: str) -> dict[str, tuple[int, int]]:
    """Each ``== class (N) ==`` heading of a claim table: (N, claims listed under it); a repeat fails."""
    blocks: dict[str, tuple[int, int]] = {}
    current = ""
    for line in table.splitlines():
        heading = re.fullmatch(r"== (\w+) \((\d+)\) ==", line)
        if heading:
            assert heading.group(1) not in blocks, f"heading {line!r} printed twice"
            current = heading.group(1)
            blocks[current] = (int(heading.group(2)), 0)
        elif re.match(r"C[0-9a-f]{12}  ", line):
            count, listed = blocks[current]
            blocks[current] = (count, listed + 1)
    return blocks


def test_query_about_prints_each_class_heading_once_with_true_counts(at_root: None) -> None:
    result = _kg("query", "about", "Cerebrolysin")
    assert result.exit_code == 0, result.output
    blocks = _blocks(result.output)
    assert all(count == listed for count, listed in blocks.values()), blocks
    tsv = _kg("query", "about", "Cerebrolysin", "--format", "tsv").output.splitlines()
    header = tsv[0].split("\t")
    supports = Counter(row.split("\t")[header.index("support")] for row in tsv[1:])
    assert {k: v[0] for k, v in blocks.items()} == dict(supports)
    assert sum(supports.values()) > 100  # the seeds hold well over a hundred claims about it


def _tsv_rows(result: Result) -> list[list[str]]:
    assert result.exit_code == 0, result.output
    return [line.split("\t") for line in result.output.splitlines()]


def test_sparql_claims_about_lists_each_claim_once(at_root: None) -> None:
    rows = _tsv_rows(_kg("sparql", "claims-about", "--format", "tsv"))
    assert rows[0] == ["claim", "id", "label", "support"]
    ids = [r[1] for r in rows[1:]]
    assert len(ids) == len(set(ids)) == 218  # every claim of the seeds, once (kg validate: 218 claims)


@pytest.mark.parametrize("name", ["TNF", "tnf", "TNF-alpha", "HGNC:11892"])
def test_sparql_bind_takes_a_label_or_synonym_like_the_other_commands(at_root: None, name: str) -> None:
    rows = _tsv_rows(_kg("sparql", "claims-about", "--bind", f"entity={name}", "--format", "tsv"))
    about = _tsv_rows(_kg("query", "about", "TNF", "--format", "tsv"))
    assert sorted(r[1] for r in rows[1:]) == sorted(r[0] for r in about[1:])
    assert len(rows) > 1


def test_sparql_bind_of_an_unknown_name_is_a_clear_error(at_root: None) -> None:
    result = _kg("sparql", "claims-about", "--bind", "entity=TNFF")
    assert result.exit_code == 1
    assert "unknown entity 'TNFF' (did you mean: TNF" in result.output
    assert "Traceback" not in result.output


def test_sparql_bind_label_with_store(at_root: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    store = tmp_path / "store"
    assert _kg("build", "--quiet", "--out", str(tmp_path / "exports"), "--store", str(store)).exit_code == 0
    rows = _tsv_rows(_kg("sparql", "claims-about", "--bind", "entity=TNF", "--store", str(store), "--format", "tsv"))
    assert len(rows) == 3  # header and the two claims about TNF
    # outside any project a store still answers (it needs no seeds); without one, a usage error
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    monkeypatch.chdir(outside)
    assert _tsv_rows(_kg("sparql", "weak-support", "--store", str(store), "--format", "tsv"))[0][0] == "claim"
    result = _kg("sparql", "weak-support")
    assert result.exit_code == 2 and "not inside a mechkg project" in result.output


# --- folder defaults resolve against the project root; folders have no lines --------------------


def test_defaults_resolve_against_the_project_root_from_a_subfolder(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("MECHKG_SEEDS", raising=False)
    monkeypatch.delenv("MECHKG_ONTOLOGY", raising=False)
    monkeypatch.setenv("MECHKG_DOCUMENTS", str(project / "docs"))
    (project / "docs" / "deeper").mkdir()
    monkeypatch.chdir(project / "docs" / "deeper")
    result = _kg("build", "--quiet")
    assert result.exit_code == 0, result.output
    assert (project / "exports" / "mechkg.ttl").is_file()  # <project>/exports, not ./exports
    assert not (project / "docs" / "deeper" / "exports").exists()


def test_outside_any_project_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MECHKG_SEEDS", raising=False)
    monkeypatch.delenv("MECHKG_ONTOLOGY", raising=False)
    monkeypatch.chdir(tmp_path)
    result = _kg("validate")
    assert result.exit_code == 2
    assert "not inside a mechkg project (no folder holding seeds/ and ontology/" in result.output
    assert "give --seeds FOLDER" in result.output
    assert ":1:" not in result.output


def test_help_says_defaults_are_project_folders() -> None:
    text = _kg("build", "--help").output
    assert "[default: <project>/exports]" in " ".join(text.split())
    assert "project root <project>: the nearest folder" in " ".join(text.split())


def test_a_missing_folder_is_named_without_a_line(tmp_path: Path) -> None:
    from kg.errors import SeedErrors
    from kg.seeds.load import load_knowledge_base

    with pytest.raises(SeedErrors) as caught:
        load_knowledge_base(tmp_path / "seeds", tmp_path / "ontology")
    lines = str(caught.value).splitlines()
    assert f"{tmp_path / 'seeds'}: folder not found" in lines
    assert f"{tmp_path / 'ontology' / 'entities'}: folder not found" in lines
    assert not any(re.search(r":\d+: folder", line) for line in lines)
    (tmp_path / "seeds").mkdir()
    (tmp_path / "ontology" / "entities").mkdir(parents=True)
    (tmp_path / "ontology" / "contexts").mkdir()
    with pytest.raises(SeedErrors, match=r"seeds: no seed files \(\*\.yaml\) found"):
        load_knowledge_base(tmp_path / "seeds", tmp_path / "ontology")
