"""Property-based test: ``kg sparql --bind entity=VALUE`` takes any value a user may type.

An entity's id, label or synonym (in any case or Unicode form) lists exactly the claims
``kg query about`` lists for that entity; any other name ends in a clear ``unknown entity``
message with exit status 1; nothing ends in a traceback or in every claim.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import example, given

from kg.cli import main
from kg.seeds.load import load_knowledge_base

from .conftest import seed_yaml
from .fuzz_strategies import BIND_VALUES, base_project

pytestmark = pytest.mark.fuzz


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The hand-written test project (four claims about six entities)."""
    folder = base_project(tmp_path_factory.mktemp("bind"))
    (folder / "seeds" / "documents" / "widgetol.yaml").write_text(seed_yaml(), encoding="utf-8")
    return folder


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())


def _entity_named(root: Path, value: str) -> str | None:
    """The entity a name denotes (its id, or a label or synonym, case and Unicode form ignored)."""
    kb = load_knowledge_base(root / "seeds", root / "ontology")
    if value in kb.entities:
        return value
    for ent in kb.entities.values():
        if _fold(value) in {_fold(ent.label), *(_fold(s) for s in ent.synonyms)}:
            return ent.id
    return None


@given(BIND_VALUES)
@example("Akt")
@example("pi3k/akt SIGNALLING")
@example("nope")
def test_bind_takes_a_label_or_refuses_clearly(root: Path, value: str) -> None:
    folders = ["--seeds", str(root / "seeds"), "--ontology", str(root / "ontology"), "--documents", str(root / "docs")]
    result = CliRunner().invoke(
        main, ["sparql", "claims-about", *folders, "--bind", f"entity={value}", "--format", "tsv"]
    )
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    rows = [line.split("\t") for line in result.output.splitlines()[1:]]
    if value.startswith(("http://", "https://")):  # an IRI is bound as it is: a valid one, or a clear error
        assert result.exit_code in (0, 1), result.output
        assert len(rows) < 4 or result.exit_code == 1
        return
    entity = _entity_named(root, value)
    if entity is None:
        assert result.exit_code == 1, result.output
        assert result.output.startswith(f"Error: unknown entity {value!r}"), result.output
        return
    assert result.exit_code == 0, result.output
    kb = load_knowledge_base(root / "seeds", root / "ontology")
    assert sorted(r[1] for r in rows) == sorted(c.id for c in kb.claims if entity in (c.subject, c.object))
