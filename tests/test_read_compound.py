"""The compound of interest: scoring grounded mentions, title words and headings (pure function)."""

from __future__ import annotations

import re

from kg.read.compound import Candidate, choose_compound, defined_names, mint_id, slug, title_head, title_names


def cands(*pairs: tuple[str, int]) -> list[Candidate]:
    return [Candidate(ident, start, ident.split(":")[1]) for ident, start in pairs]


def test_slugs_and_minted_ids() -> None:
    assert slug("GHK-Cu") == "ghk-cu"
    assert slug("Émile's  Tonic") == "emile-s-tonic"
    assert mint_id("Quixotol") == "mechkg:quixotol"
    assert mint_id("!!!") == "mechkg:unnamed-compound"


def test_title_head_and_name_shaped_words() -> None:
    assert title_head("Velnorin: a review of its actions") == "Velnorin"
    assert title_head("Velnorin - what it does") == "Velnorin"
    assert title_head("Velnorin-7 in ageing") == "Velnorin-7 in ageing"  # a hyphen inside a name stays
    assert title_names("BPC-157 and SkQ1 Research: Notes") == ["BPC-157", "SkQ1"]
    assert title_names("Research and Clinical Studies") == []


def test_the_most_named_compound_wins_and_the_title_weighs() -> None:
    mentions = cands(("CHEBI:1", 10), ("CHEBI:2", 900), ("CHEBI:2", 950), ("CHEBI:1", 990))
    # equal counts: the one named first (and in the opening) wins
    assert choose_compound("", "", mentions, [], "").id == "CHEBI:1"
    # the title names the other: it wins
    choice = choose_compound("All about two", "", mentions, ["CHEBI:2"], "")
    assert choice.id == "CHEBI:2" and choice.grounded and "in the title" in choice.rationale


def test_a_subtopic_after_the_colon_weighs_less_than_the_title_head() -> None:
    mentions = cands(*[("CHEBI:1", 500 + i) for i in range(5)], *[("CHEBI:2", 900 + i) for i in range(5)])
    choice = choose_compound("One: notes on two", "", mentions, ["CHEBI:1", "CHEBI:2"], "", title_head_ids=["CHEBI:1"])
    assert choice.id == "CHEBI:1"


def test_a_title_name_in_no_vocabulary_is_minted_when_the_text_backs_it() -> None:
    body = "Zorvatide raises collagen. Trials of Zorvatide vary, and doses of Zorvatide too. Collagen is named once."
    mentions = cands(("CHEBI:3815", 20))
    choice = choose_compound("Zorvatide: Research", "", mentions, [], body)
    assert choice.id == "mechkg:zorvatide" and not choice.grounded
    # a plain title word the text does not write as a name inside sentences is no candidate
    plain = choose_compound("Effects: Research", "", mentions, [], "Effects vary. The effects of doses vary.")
    assert plain.id == "CHEBI:3815"
    # a title word the vocabularies name as something else (a gene) is no candidate
    gene = choose_compound(
        "SIRT1 Activators", "", mentions, [], "SIRT1 SIRT1 SIRT1 SIRT1", known=lambda w: w == "SIRT1"
    )
    assert gene.id == "CHEBI:3815"


def test_nothing_named_gives_none() -> None:
    assert choose_compound("", "", [], [], "plain words only") is None


def test_a_title_name_that_is_part_of_a_grounded_name_is_not_minted() -> None:
    mentions = [Candidate("MESH:C1", 0, "Hericium erinaceus"), Candidate("MESH:C1", 50, "Hericium erinaceus")]
    choice = choose_compound("Hericium erinaceus", "erinaceus", mentions, ["MESH:C1"], "Hericium erinaceus x2")
    assert choice.id == "MESH:C1"


def test_a_pack_size_is_no_name_and_a_defined_name_may_be_written_in_lower_case() -> None:
    assert title_names("Noventide 10mg") == [] and title_names("Velnorin 5 ml 60ct 2x") == []
    assert title_names("BPC-157 5mg") == ["BPC-157"]
    classes = re.compile("peptides?|pentapeptides?|flavonoids?")
    body = "Noventide is a synthetic pentapeptide. In mice, noventide raised collagen. Doses of noventide vary."
    mentions = cands(("CHEBI:3815", 60))
    choice = choose_compound("Noventide 10mg", "", mentions, [], body, classes=classes)
    assert choice.id == "mechkg:noventide" and not choice.grounded
    # without a definition as a compound, a word the text writes in lower case stays no name
    assert choose_compound("Effects 10mg", "", mentions, [], "Effects vary. The effects vary.", classes=classes).id == (
        "CHEBI:3815"
    )


def test_a_name_the_text_defines_as_a_compound_is_a_candidate_without_a_title() -> None:
    classes = re.compile("macrolides?|peptides?")
    body = "Trelomycin, a macrolide, slows ageing. Here trelomycin inhibits mTORC1. Trelomycin lowers p62."
    assert defined_names(body, classes) == ["Trelomycin"]
    assert defined_names("This is a peptide. The study, a macrolide trial.", classes) == []
    mentions = cands(("CHEBI:25106", 14))  # the class word grounded once ("macrolide")
    choice = choose_compound("Abstract", "", mentions, [], body, classes=classes)
    assert choice.id == "mechkg:trelomycin"
    # named fewer than three times, a defined name does not outweigh the grounded mentions
    assert choose_compound("Abstract", "", mentions, [], "Trelomycin, a macrolide, works.", classes=classes).id == (
        "CHEBI:25106"
    )
