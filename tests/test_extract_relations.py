"""kg.extract.relations: the records one trigger gives (negation, inversion, opposite names, aspect
words after the object)."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.relations import AFTER_OBJECT, opposite, relation_claims
from kg.extract.statement import Parse
from kg.extract.triggers import find_triggers
from kg.model import EntityType, Predicate
from tests.extract_steps import QUERCETIN, statement_of


def test_the_words_after_an_object_stop_at_the_next_list_item_or_phrase() -> None:
    assert AFTER_OBJECT.match(" activation by blocking X").group(0) == " activation "  # type: ignore[union-attr]
    assert AFTER_OBJECT.match(" levels and IL-6").group(0) == " levels "  # type: ignore[union-attr]


def test_a_name_written_as_the_opposite_of_its_concept(reader_ex: Extractor) -> None:
    text = "improves insulin sensitivity"
    m = Mention(9, len(text), "MESH:D007333", EntityType.PHENOTYPE, "insulin sensitivity", False)
    assert opposite(reader_ex.rules, text, m)
    assert not opposite(
        reader_ex.rules,
        "raises insulin resistance",
        Mention(7, 25, "MESH:D007333", EntityType.PHENOTYPE, "insulin resistance", True),
    )


def test_a_denied_relation_is_no_effect_and_each_object_one_record(reader_ex: Extractor) -> None:
    text = "Quercetin did not lower TNF or IL-6."
    st = statement_of(reader_ex, text)
    [trig] = find_triggers(reader_ex.rules, text, st.mentions)
    objects = [m for m in st.mentions if m.start > trig.end]
    claims = relation_claims(
        reader_ex,
        st,
        trig,
        (QUERCETIN, "Quercetin", 1.0),
        objects,
        Parse(),
        [],
        "",
        False,
        ((), (0, 9), ["unspecified"], False),
    )
    assert {(c.predicate, c.object, c.direction) for c in claims} == {
        (Predicate.DECREASES_AMOUNT, "HGNC:11892", "no_effect"),
        (Predicate.DECREASES_AMOUNT, "HGNC:6018", "no_effect"),
    }
