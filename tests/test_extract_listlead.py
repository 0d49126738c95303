"""kg.extract.listlead: a lead-in ending in a colon hands its open relation to the list items under it."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import load_extractor
from kg.extract.extractor import ExtractedClaim, Extractor
from kg.extract.listlead import continuation, lead_in, list_item_objects, list_item_text
from kg.extract.mention import Mention
from kg.model import EntityType, Predicate

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return load_extractor(ONTOLOGY)


def _mention(text: str, surface: str, entity: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), entity, EntityType.PROTEIN, surface, True)


def test_a_colon_right_after_a_relation_with_no_object_is_a_lead_in(ex: Extractor) -> None:
    text = "It blocks NF-kB and lowers the release of:"
    mentions = [_mention(text, "NF-kB", "FPLX:NFkappaB")]
    lead = lead_in(ex.rules, text, mentions, 100, (3,))
    assert lead is not None and lead.text == text[:-1] and lead.start == 100 and lead.cites == (3,)


def test_no_lead_in_without_a_colon_a_relation_or_with_the_object_before_the_colon(ex: Extractor) -> None:
    assert lead_in(ex.rules, "It lowers the release of TNF.", [], 0, ()) is None
    assert lead_in(ex.rules, "Other names:", [], 0, ()) is None
    text = "It lowers TNF in these cells:"
    assert lead_in(ex.rules, text, [_mention(text, "TNF", "HGNC:11892")], 0, ()) is None


def test_an_item_is_read_after_its_lead_in_and_only_its_names_are_objects(ex: Extractor) -> None:
    text = "It blocks NF-kB and lowers the release of:"
    lead = lead_in(ex.rules, text, [_mention(text, "NF-kB", "FPLX:NFkappaB")], 0, ())
    assert lead is not None
    joined, mentions, start = list_item_text(
        lead, "TNF", [Mention(0, 3, "HGNC:11892", EntityType.PROTEIN, "TNF", True)]
    )
    assert joined[start:] == "TNF" and [joined[m.start : m.end] for m in mentions] == ["NF-kB", "TNF"]

    def claim(obj: str) -> ExtractedClaim:
        return ExtractedClaim("S", Predicate.DECREASES_AMOUNT, obj, "", "supports", False, (), (0, 1), 0.5)

    kept = list_item_objects([claim("FPLX:NFkappaB"), claim("HGNC:11892")], mentions, start)
    assert [c.object for c in kept] == ["HGNC:11892"]


def test_a_sentence_that_lists_what_the_one_before_spoke_of_is_a_continuation() -> None:
    assert continuation("This includes heart disease and cancer.") == len("This includes ")
    assert continuation("These include, for example, IL-6 and TNF.") == len("These include, for example, ")
    assert continuation("Such conditions are asthma and eczema.") == len("Such conditions are ")
    assert continuation("This compound lowers TNF.") is None


def test_the_items_of_a_continuation_are_objects_of_the_relation_before(ex: Extractor) -> None:
    from kg.extract import extract_document
    from kg.read.reader import read_text

    text = (
        "Quercetin\n\nQuercetin is a flavonol. Quercetin lowers the risk of many chronic diseases. "
        "These include asthma and hypertension.\n"
    )
    result = extract_document(read_text(text, "p.txt"), ex)
    got = {(c.subject, c.predicate.value, c.object) for c in result.claims}
    assert ("CHEBI:16243", "decreases_process", "MESH:D001249") in got  # asthma
    assert ("CHEBI:16243", "decreases_process", "MESH:D006973") in got  # hypertension
