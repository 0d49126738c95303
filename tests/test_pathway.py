"""kg.pathway: named pathways read from YAML (errors as file:line) and the claims in each."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.model import Claim, Direction, Entity, EntityType, KnowledgeBase, Predicate
from kg.pathway import Pathway, load_pathways, pathway_claims

ENTITIES = {
    "c:1": Entity("c:1", "Widgetol", EntityType.COMPOUND),
    "p:1": Entity("p:1", "Widgetase", EntityType.PROTEIN),
    "p:2": Entity("p:2", "Gadgetase", EntityType.PROTEIN),
    "p:3": Entity("p:3", "Outside", EntityType.PROTEIN),
}


def _claim(subject: str, obj: str) -> Claim:
    return Claim(subject, Predicate.ACTIVATES, obj, "ctx", Direction.SUPPORTS)


CLAIMS = (_claim("p:1", "p:2"), _claim("c:1", "p:1"), _claim("p:2", "p:3"), _claim("c:1", "p:3"))
KB = KnowledgeBase(ENTITIES, {}, {}, (), CLAIMS)


def test_load_pathways(tmp_path: Path) -> None:
    path = tmp_path / "pathways.yaml"
    path.write_text("- id: wid\n  label: Widget pathway\n  members: [p:1, p:2]\n", encoding="utf-8")
    assert load_pathways(path, KB) == {"wid": Pathway("wid", "Widget pathway", ("p:1", "p:2"))}


def test_bad_pathways_are_file_line_errors(tmp_path: Path) -> None:
    path = tmp_path / "pathways.yaml"
    path.write_text(
        "- id: a\n  label: A\n  members: [p:1]\n- id: a\n  label: again\n  members: [p:9]\n- id: b\n",
        encoding="utf-8",
    )
    with pytest.raises(SeedErrors) as caught:
        load_pathways(path, KB)
    text = str(caught.value)
    assert f"{path}:6" in text and "unknown entity 'p:9'" in text
    assert f"{path}:4" in text and "duplicate pathway id 'a'" in text
    assert f"{path}:7" in text and "a pathway needs id, label and members" in text


def test_pathway_claims_keep_inner_steps_and_compounds_touching_them() -> None:
    pathway = Pathway("wid", "Widget pathway", ("p:1", "p:2"))
    assert pathway_claims(KB, pathway) == [CLAIMS[0], CLAIMS[1]]
