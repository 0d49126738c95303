"""The entity matcher: Greek-letter, hyphen, space and case variants; longest match; boundaries."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.extract.matcher import EntityMatcher, load_matcher
from kg.extract.variants import Variants, load_variants
from kg.model import Entity, EntityType

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def matcher() -> EntityMatcher:
    return load_matcher(ROOT / "ontology", grounding=False)  # the curated layer's own surface rules


def ids(matcher: EntityMatcher, text: str) -> list[str]:
    return [m.entity for m in matcher.find(text)]


@pytest.mark.parametrize(
    ("text", "entity"),
    [
        ("NF-κB", "FPLX:NFkappaB"),
        ("NF-kB", "FPLX:NFkappaB"),
        ("NFkB", "FPLX:NFkappaB"),
        ("NF-kappaB", "FPLX:NFkappaB"),
        ("NF- κ B", "FPLX:NFkappaB"),
        ("TNF-α", "HGNC:11892"),
        ("TNF-alpha", "HGNC:11892"),
        ("TNFa", "HGNC:11892"),
        ("tnf alpha", "HGNC:11892"),
        ("IL-1β", "HGNC:5992"),
        ("IL-1beta", "HGNC:5992"),
        ("IL1b", "HGNC:5992"),
        ("GSK-3β", "HGNC:4617"),
        ("GSK3B", "HGNC:4617"),
        ("GSK-3 beta", "HGNC:4617"),
        ("β-amyloid", "CHEBI:64645"),
        ("beta amyloid", "CHEBI:64645"),
    ],
)
def test_greek_spelled_out_and_latin_forms_match_one_entity(matcher: EntityMatcher, text: str, entity: str) -> None:
    assert ids(matcher, f"levels of {text} fell") == [entity]


def test_unicode_is_normalised_to_nfc() -> None:
    ents = {"X:1": Entity("X:1", "Caf\u00e9-kinase", EntityType.PROTEIN)}  # precomposed é
    m = EntityMatcher(ents, Variants())
    assert [x.entity for x in m.find("the Cafe\u0301-kinase level")] == ["X:1"]  # e + combining accent


def test_longest_match_wins(matcher: EntityMatcher) -> None:
    found = matcher.find("the PI3K/Akt pathway and cell death")
    assert [m.entity for m in found] == ["GO:0043491", "GO:0008219"]
    assert found[0].surface == "PI3K/Akt pathway"


def test_word_boundaries_and_short_forms(matcher: EntityMatcher) -> None:
    assert ids(matcher, "across the rose garden") == []  # ROS inside words
    assert ids(matcher, "ROS rose") == ["MESH:D017382"]
    assert ids(matcher, "an Ab titre") == []  # "Aβ" is too short to get a one-letter Latin form
    assert ids(matcher, "free radicals") == ["MESH:D005609"]
    assert ids(matcher, "freeradicals") == []  # two words written apart need a separator


def test_hyphen_and_case_variants(matcher: EntityMatcher) -> None:
    assert ids(matcher, "proinflammatory cytokines") == ["mechkg:pro-inflammatory-cytokines"]
    assert ids(matcher, "PRO-INFLAMMATORY CYTOKINES") == ["mechkg:pro-inflammatory-cytokines"]
    assert ids(matcher, "Caspase 3") == ["HGNC:1504"]


def test_mentions_carry_offsets_and_exactness(matcher: EntityMatcher) -> None:
    text = "xx TNFa yy"
    (m,) = matcher.find(text, offset=100)
    assert (m.start, m.end, m.surface, m.exact) == (103, 107, "TNFa", False)
    assert matcher.find("TNF-α")[0].exact


def test_resolve_whole_names(matcher: EntityMatcher) -> None:
    assert matcher.resolve("cerebrolysin") == "CAS:12656-61-0"
    assert matcher.resolve("Cerebrocrast") == "MESH:C073838"
    assert matcher.resolve("HGNC:1033") == "HGNC:1033"
    assert matcher.resolve("Zedaprine tablets") is None


def test_stop_forms_are_not_matched_alone() -> None:
    ents = {"X:1": Entity("X:1", "death", EntityType.PHENOTYPE), "X:2": Entity("X:2", "cell death", EntityType.PROCESS)}
    m = EntityMatcher(ents, Variants(stop_forms=frozenset({"death"})))
    assert [x.entity for x in m.find("death and cell death")] == ["X:2"]


def test_missing_variant_file_is_a_seed_error(tmp_path: Path) -> None:
    with pytest.raises(SeedErrors, match="variant rules file not found"):
        load_variants(tmp_path)


def test_abbreviation_in_parentheses_and_composite_pathways(matcher: EntityMatcher) -> None:
    assert ids(matcher, "the Sonic hedgehog (Shh) signaling pathway") == ["GO:0007224"]
    (m,) = matcher.find("activates the phosphatidylinositol 3-kinase (PI3K)/Akt pathway in neurons")
    assert m.entity == "GO:0043491" and m.surface.endswith("Akt pathway")
    assert ids(matcher, "PI3K and Akt") == ["FPLX:PI3K", "FPLX:AKT"]  # no slash: two proteins


def test_superscripts_plurals_inversions_and_ellipsis(matcher: EntityMatcher) -> None:
    assert ids(matcher, "Ca²⁺ homeostasis") == ["GO:0055074"]
    assert ids(matcher, "apoptotic processes") == ["GO:0006915"]
    assert ids(matcher, "the peroxidation of lipids") == ["MESH:D015227"]
    assert ids(matcher, "cell proliferation, survival, and migration") == [
        "GO:0008283",
        "mechkg:cell-survival",
        "GO:0016477",
    ]
    assert ids(matcher, "survival and migration") == []  # no listed name lends its first word
