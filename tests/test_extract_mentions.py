"""kg.extract.mentions: the mentions of a statement refined (symptoms and functions named by a word,
shared head nouns, the compound's written name, class nouns after "the")."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.mentions import class_anaphors, name_mentions, shared_head_names, symptom_mentions


def test_a_word_before_a_head_noun_names_the_disorder_or_process(reader_ex: Extractor) -> None:
    text = "It eased depressive symptoms and improved immune function."
    got = {m.entity for m in symptom_mentions(reader_ex, text, reader_ex.matcher.find(text))}
    assert {"MESH:D003863", "MESH:D007109"} <= got


def test_two_names_sharing_a_head_noun_are_two_names(reader_ex: Extractor) -> None:
    text = "It blocks AMPA and kainate glutamate receptors."
    got = [(m.surface, m.entity) for m in shared_head_names(reader_ex, text, reader_ex.matcher.find(text))]
    assert got == [("AMPA", "FPLX:GRIA"), ("kainate glutamate receptors", "FPLX:Kainate_family")]


def test_the_written_name_of_the_compound_wins_over_names_inside_it(reader_ex: Extractor) -> None:
    texts = ["Alpha-GPC raised acetylcholine."]
    [mentions] = name_mentions(texts, [reader_ex.matcher.find(texts[0])], "alpha-GPC", "MESH:D005997")
    assert (mentions[0].surface, mentions[0].entity) == ("Alpha-GPC", "MESH:D005997")


def test_a_class_noun_after_the_is_the_compound(reader_ex: Extractor) -> None:
    texts = ["The mushroom raises NGF. Mushrooms are fungi."]
    [mentions] = class_anaphors(reader_ex, texts, [reader_ex.matcher.find(texts[0])], "MESH:C000679167")
    surfaces = {m.surface: m.entity for m in mentions}
    assert surfaces["mushroom"] == "MESH:C000679167" and surfaces.get("Mushrooms") != "MESH:C000679167"
