"""kg.extract.triggers: where trigger phrases may stand (the long forms of short forms here)."""

from __future__ import annotations

from kg.extract.mention import Mention
from kg.extract.triggers import long_forms
from kg.model import EntityType


def _mention(text: str, surface: str) -> Mention:
    start = text.index(surface)
    return Mention(start, start + len(surface), "X:1", EntityType.PROTEIN, surface, False)


def test_the_words_before_a_short_form_in_parentheses_are_its_long_form() -> None:
    text = "lowers inducible nitric oxide synthase (iNOS) and activating protein-1 (AP-1) in cells"
    spans = long_forms(text, [_mention(text, "iNOS"), _mention(text, "AP-1")])
    assert [text[a:b].strip() for a, b in spans] == ["inducible nitric oxide synthase", "activating protein-1"]


def test_initials_that_do_not_spell_the_short_form_give_no_long_form() -> None:
    text = "raises the level of the kinase (AKT1) here"
    assert long_forms(text, [_mention(text, "AKT1")]) == []
    text = "AP-1 is named alone"
    assert long_forms(text, [_mention(text, "AP-1")]) == []
