"""Curated names as patterns: Greek letters and their spellings, optional separators, plurals,
inverted process names, anchors."""

from __future__ import annotations

import re
from pathlib import Path

from kg.extract.variants import NamePatterns, Variants, load_variants
from kg.model import Entity, EntityType

ROOT = Path(__file__).resolve().parent.parent
VARIANTS = Variants(
    greek={"α": ("alpha",)}, latin={"α": "a"}, stop_forms=frozenset({"death"}), inverted_endings=("tion",)
)


def _matches(pattern: str, text: str) -> bool:
    return re.search(pattern, text.lower()) is not None


def test_a_name_matches_its_variants_on_word_boundaries() -> None:
    pattern = NamePatterns(VARIANTS).pattern("TNF-α")
    assert all(_matches(pattern, t) for t in ("TNF-α", "TNF alpha", "tnfalpha", "TNFa"))
    assert not _matches(pattern, "xTNF-α") and not _matches(pattern, "TNF-αB")
    plural = NamePatterns(VARIANTS).pattern("cytokine")
    assert _matches(plural, "cytokines") and not _matches(plural, "cytokinex")


def test_forms_hold_anchors_inversions_and_leave_out_stop_forms() -> None:
    entities = {
        "GO:1": Entity("GO:1", "lipid peroxidation", EntityType.PROCESS),
        "X:2": Entity("X:2", "death", EntityType.PROCESS, synonyms=("TNF-α",)),
    }
    forms = NamePatterns(VARIANTS).forms(entities)
    assert {(ent, name, anchor) for _, ent, name, anchor in forms} == {
        ("GO:1", "lipid peroxidation", "peroxidation"),
        ("GO:1", "peroxidation of lipid", "peroxidation"),
        ("X:2", "TNF-α", "tnf"),
    }
    inverted = next(p for p, _, name, _ in forms if name == "peroxidation of lipid")
    assert _matches(inverted, "peroxidation of the membrane lipids")
    assert [p for p, *_ in forms] == sorted(p for p, *_ in forms)


def test_the_shipped_variant_rules_are_read() -> None:
    variants = load_variants(ROOT / "ontology" / "extraction")
    assert "kappa" in variants.greek["κ"] and "death" in variants.stop_forms
