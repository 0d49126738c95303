"""kg.extract.patterns: the regular expressions reading rules compile into."""

from __future__ import annotations

from kg.extract.patterns import head_words, name_cues, shared_heads, words


def test_words_match_whole_phrases_in_any_case() -> None:
    pattern = words(["may", "is thought to"])
    assert pattern.search("It IS THOUGHT TO act") and not pattern.search("mayor")


def test_a_head_word_pattern_gives_the_word_before_it() -> None:
    hit = head_words(["symptoms?"]).search("it eased depressive symptoms")
    assert hit is not None and hit.group("word") == "depressive"
    assert head_words(None).search("depressive symptoms") is None


def test_a_shared_head_pattern_gives_both_names_and_the_head() -> None:
    hit = shared_heads(["receptors"]).search("binds AMPA and kainate glutamate receptors")
    assert hit is not None and (hit.group("a"), hit.group("b"), hit.group("head")) == (
        "AMPA",
        "kainate",
        "glutamate receptors",
    )


def test_name_cues_compile_with_defaults_for_missing_lists() -> None:
    cues = name_cues({})
    assert cues["outline"].match("In this review we describe") is None
    assert name_cues({"outline_leads": ["in this review,? we"]})["outline"].match("In this review we describe")
