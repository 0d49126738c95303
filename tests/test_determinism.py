"""Determinism: the same input gives byte-identical exports, whatever the hash seed or the
Unicode normalisation form the input was typed in; a name typed two ways is one entity."""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import SeedErrors
from kg.formats.registry import EXPORTERS, INTERCHANGE, write_exports
from kg.query import resolve_entity
from kg.seeds.load import load_knowledge_base

from .conftest import ROOT, SHARED_SEEDS


def _available(fmt: str) -> bool:
    """True when the module behind an interchange format can be imported here."""
    module = {
        "indra": "kg.formats.indra",
        "kgx": "kg.formats.kgx",
        "kgx-jsonl": "kg.formats.kgx",
        "nanopub": "kg.formats.nanopub",
    }.get(fmt, "kg.formats.cx2")
    try:
        importlib.import_module(module)
    except ImportError:
        return False
    return True


ALL_FORMATS = [*EXPORTERS, *(f for f in INTERCHANGE if _available(f))]


def _export(out: Path, hash_seed: str) -> dict[str, bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MECHKG_")}
    env["PYTHONHASHSEED"] = hash_seed
    docs = ["--documents", str(SHARED_SEEDS)] if SHARED_SEEDS.is_dir() else []
    formats = [arg for fmt in ALL_FORMATS for arg in ("--format", fmt)]
    subprocess.run(
        [sys.executable, "-m", "kg", "export", *docs, *formats, "--out", str(out)],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        timeout=600,
    )
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def test_every_export_format_is_byte_identical_across_hash_seeds(tmp_path: Path) -> None:
    first = _export(tmp_path / "a", "1")
    second = _export(tmp_path / "b", "4242")
    assert set(first) == set(second)
    assert {name for name, _ in EXPORTERS.values()} <= set(first)
    for name in first:
        assert first[name] == second[name], f"{name} differs between two builds of the same seeds"


def _nfd_project(project: Path) -> None:
    """Rewrite every YAML file of the project in NFD and with compatibility-free decomposed text."""
    for path in [*project.glob("ontology/entities/*.yaml"), *project.glob("seeds/documents/*.yaml")]:
        path.write_text(unicodedata.normalize("NFD", path.read_text(encoding="utf-8")), encoding="utf-8")


def _with_accented_names(project: Path) -> None:
    path = project / "ontology" / "entities" / "test.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace(
        "label: Widgetol, type: compound, synonyms: [widgetol]",
        'label: "Widgétol", type: compound, synonyms: [widgétol, "NF-κB inhibitor Widgétol"]',
    )
    path.write_text(text, encoding="utf-8")


def test_input_typed_in_nfd_gives_the_same_exports_as_nfc(project: Path, tmp_path: Path) -> None:
    _with_accented_names(project)
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    nfc = {p.name: p.read_bytes() for p in write_exports(kb, tmp_path / "nfc")}
    _nfd_project(project)
    assert "e\u0301" in (project / "ontology" / "entities" / "test.yaml").read_text(encoding="utf-8")
    kb_nfd = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    nfd = {p.name: p.read_bytes() for p in write_exports(kb_nfd, tmp_path / "nfd")}
    assert nfd == nfc
    assert kb_nfd.entities["mechkg:widgetol"].label == "Widg\u00e9tol"


def test_nfd_name_in_the_data_resolves_from_an_nfc_query(project: Path) -> None:
    _with_accented_names(project)
    _nfd_project(project)
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    assert resolve_entity(kb, "Widg\u00e9tol") == "mechkg:widgetol"
    assert resolve_entity(kb, "nf-\u03bab inhibitor widg\u00e9tol") == "mechkg:widgetol"


@pytest.mark.parametrize(
    "typed", ["Widge\u0301tol", "\uff2e\uff26-\u03baB inhibitor Widgétol"], ids=["nfd", "fullwidth-compatibility"]
)
def test_name_typed_in_another_form_on_the_command_line_resolves(project: Path, typed: str) -> None:
    _with_accented_names(project)
    kb = load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    assert resolve_entity(kb, typed) == "mechkg:widgetol"


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("NF-\u03baB", "NF-\u03f0B"),  # Greek kappa and the kappa symbol (a compatibility form)
        ("Widg\u00e9tol", "WIDGE\u0301TOL"),  # composed and decomposed e-acute, other case
        ("TNF-\u03b1", "\uff34\uff2e\uff26-\u03b1"),  # fullwidth Latin letters
    ],
)
def test_two_entities_with_one_name_typed_two_ways_are_refused(project: Path, first: str, second: str) -> None:
    path = project / "ontology" / "entities" / "test.yaml"
    extra = (
        f'- {{id: "mechkg:one", label: "{first}", type: protein}}\n'
        f'- {{id: "mechkg:two", label: "x", type: protein, synonyms: ["{second}"]}}\n'
    )
    path.write_text(path.read_text(encoding="utf-8") + extra, encoding="utf-8")
    with pytest.raises(SeedErrors) as info:
        load_knowledge_base(project / "seeds", project / "ontology", project / "docs")
    [err] = info.value.errors
    assert err.path.endswith("test.yaml") and err.line == 8
    assert "is also a name of mechkg:one" in err.message and "mechkg:two" in err.message


def test_cli_query_with_nfc_name_finds_entity_written_in_nfd(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _with_accented_names(project)
    _nfd_project(project)
    monkeypatch.chdir(project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    result = CliRunner().invoke(main, ["query", "about", "Widg\u00e9tol", "--format", "tsv", "--documents", "docs"])
    assert result.exit_code == 0, result.output
    assert len(result.output.strip().splitlines()) == 1 + 3  # header + the three claims about it
