"""kg.extract.objects: the objects of a trigger in running text."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.objects import trigger_objects
from kg.extract.triggers import find_triggers
from tests.extract_steps import statement_of


def _objects(ex: Extractor, text: str, i: int = 0) -> list[str]:
    st = statement_of(ex, text)
    triggers = find_triggers(ex.rules, text, st.mentions)
    breaks = [m.start() for m in ex.rules.breaks.finditer(text)]
    return [m.surface for m in trigger_objects(ex, st, st.mentions, triggers, i, breaks)]


def test_the_names_up_to_the_next_break_are_the_objects(reader_ex: Extractor) -> None:
    assert _objects(reader_ex, "Quercetin lowers TNF and IL-6; IL-1 rose.") == ["TNF", "IL-6"]


def test_an_apposition_describes_its_object_and_is_none(reader_ex: Extractor) -> None:
    described: set[int] = set()
    text = "Quercetin raises IL-6, a cytokine linked to fever."
    st = statement_of(reader_ex, text)
    triggers = find_triggers(reader_ex.rules, text, st.mentions)
    got = trigger_objects(reader_ex, st, st.mentions, triggers, 0, [], described)
    assert [m.surface for m in got] == ["IL-6"] and described


def test_an_aspect_word_heading_a_phrase_is_no_object(reader_ex: Extractor) -> None:
    assert _objects(reader_ex, "Quercetin blocks phosphorylation of the cells.") == []


def test_a_class_modifier_before_its_members_is_no_object(reader_ex: Extractor) -> None:
    # "adhesion" names the class of "molecules", whose members are lowered; not cell adhesion
    assert _objects(reader_ex, "It lowers the adhesion molecules VCAM-1 and ICAM-1.") == ["VCAM-1", "ICAM-1"]
    # a class before "such as" stays: curators record the class and its members
    assert _objects(reader_ex, "It activates sirtuins, such as SIRT1.") == ["sirtuins", "SIRT1"]
