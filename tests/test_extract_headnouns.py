"""kg.extract.headnouns: names read from a head noun (symptoms and functions named by a word, shared
head nouns, class nouns after "the")."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.headnouns import class_anaphors, shared_head_names, symptom_mentions


def test_a_word_before_a_head_noun_names_the_disorder_or_process(reader_ex: Extractor) -> None:
    text = "It eased depressive symptoms and improved immune function."
    got = {m.entity for m in symptom_mentions(reader_ex, text, reader_ex.matcher.find(text))}
    assert {"MESH:D003863", "MESH:D007109"} <= got


def test_two_names_sharing_a_head_noun_are_two_names(reader_ex: Extractor) -> None:
    text = "It blocks AMPA and kainate glutamate receptors."
    got = [(m.surface, m.entity) for m in shared_head_names(reader_ex, text, reader_ex.matcher.find(text))]
    assert got == [("AMPA", "FPLX:GRIA"), ("kainate glutamate receptors", "FPLX:Kainate_family")]


def test_a_class_noun_after_the_is_the_compound(reader_ex: Extractor) -> None:
    texts = ["The mushroom raises NGF. Mushrooms are fungi."]
    [mentions] = class_anaphors(reader_ex, texts, [reader_ex.matcher.find(texts[0])], "MESH:C000679167")
    surfaces = {m.surface: m.entity for m in mentions}
    assert surfaces["mushroom"] == "MESH:C000679167" and surfaces.get("Mushrooms") != "MESH:C000679167"
