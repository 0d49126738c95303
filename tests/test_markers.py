"""Citation markers on pages nobody curated: styles read only as a pattern, and markers without a list.

Every document here is invented for the tests (made-up compounds and studies). A marker is never
dropped: a number or author-year key that no reference list names becomes an unlisted entry.
"""

from __future__ import annotations

import time

import pytest

from kg.read.authormarkers import note_markers
from kg.read.loosemarkers import (
    bare_number_markers,
    citation_sequence,
    flattened_superscripts,
    paren_citations,
    roman_markers,
    roman_value,
)
from kg.read.parsed import ParsedDocument, Segment
from kg.read.reader import read_text
from kg.read.refparse import looks_like_reference, numbered_section_heading, section_entry, strip_backlinks


def seg_with(doc: ParsedDocument, words: str) -> Segment:
    found = [s for s in doc.segments if words in s.text]
    assert len(found) == 1, [s.text for s in doc.segments]
    return found[0]


def cited(doc: ParsedDocument) -> list[tuple[int, ...]]:
    return [s.citations for s in doc.segments if s.kind != "heading"]


def unlisted(doc: ParsedDocument) -> list[tuple[int, str]]:
    return [(r.n, r.label) for r in doc.references if not r.listed]


# ------------------------------------------------------------------------- markers without a list


def test_bracket_markers_without_a_list_become_unlisted_entries() -> None:
    text = "Frobamine lowers IL-6 in rats [1]. It raises Nrf2 [3][6] and calms glia [2, 3].\n"
    doc = read_text(text, "f.txt")
    assert cited(doc) == [(1,), (3, 6, 2)]
    assert [(r.n, r.listed, r.label, r.title, r.host, r.url, r.ids) for r in doc.references] == [
        (1, False, "1", "", "", "", ()),
        (2, False, "2", "", "", "", ()),
        (3, False, "3", "", "", "", ()),
        (6, False, "6", "", "", "", ()),
    ]
    r3 = doc.references[2]
    assert doc.text[r3.start : r3.end] == "[3]"  # the span of the first marker citing it
    assert doc.markers_found == doc.markers_resolved == doc.markers_unlisted == 5
    assert doc.warnings == ("f.txt: 5 citation markers but no reference list; read as unlisted references",)
    assert not doc.references_numbered


def test_space_separated_brackets_and_a_comma_run_stay_with_their_sentence() -> None:
    text = "Frobamine binds TrkB. [4] [5] It was weaker in mice.[6],[7] A third line follows here.\n"
    doc = read_text(text, "f.txt")
    assert cited(doc) == [(4, 5), (6, 7), ()]
    assert seg_with(doc, "weaker").text == "It was weaker in mice."


# ------------------------------------------------------------------------------- roman numerals


def test_roman_numerals_in_brackets() -> None:
    numerals = ("i", "iv", "ix", "xiv", "xl", "iiii", "vx", "c")
    assert [roman_value(x) for x in numerals] == [1, 4, 9, 14, 40, None, None, None]
    text = (
        "Blivet extract lowered a stress score in adults.[i],[ii],[iii] Its roots hold lactones.[iv]\n\n"
        "Blivet also lowered a hormone in rats.[v]\n"
    )
    doc = read_text(text, "b.txt")
    assert cited(doc) == [(1, 2, 3), (4,), (5,)]
    assert unlisted(doc) == [(1, "i"), (2, "ii"), (3, "iii"), (4, "iv"), (5, "v")]
    assert seg_with(doc, "stress score").text == "Blivet extract lowered a stress score in adults."


def test_a_lone_index_in_brackets_is_no_roman_citation() -> None:
    doc = read_text("Set x[i] to y[i] for each index, then read z[i] again.\n", "c.txt")
    assert doc.markers_found == 0 and doc.references == ()
    assert roman_markers("a [i] b", 0, 7)[0].labels == ("i",)


# ------------------------------------------------------------------------ parenthesised numbers


def test_parenthesised_numbers_without_a_list() -> None:
    text = (
        "Zentide is a short peptide made from four amino acids.(1) Trials(2) have shown that it binds histones.\n\n"
        "Zentide raises an enzyme in old rats (3).\n"
    )
    doc = read_text(text, "z.txt")
    assert cited(doc) == [(1,), (2,), (3,)]
    assert seg_with(doc, "histones").text == "Trials have shown that it binds histones."
    assert doc.markers_unlisted == 3


def test_parenthesised_numbers_after_names_ending_in_a_digit() -> None:
    text = "Zentide\n\nIt lowers TNF (1). It activates VEGFR2 (2). It lowers IL-6 (3).\n"
    doc = read_text(text, "z.txt")
    assert cited(doc) == [(1,), (2,), (3,)]
    assert seg_with(doc, "VEGFR2").text == "It activates VEGFR2."


def test_parenthesised_quantities_enumerations_and_lone_numbers_are_no_citations() -> None:
    text = (
        "Zentide was given at a low dose (2 mg) to rats (n = 12) in a study from (2019).\n"
        "It works by (1) binding a receptor and (2) blocking a channel.\n"
    )
    doc = read_text(text, "z.txt")
    assert doc.markers_found == 0 and doc.references == ()
    assert read_text("Zentide lowers a marker in mice.(1)\n", "z.txt").markers_found == 0  # one alone: no pattern
    assert paren_citations("see Fig.(2) and Eq.(3)", 0, 22) == []  # abbreviations


# ---------------------------------------------------------------------- flattened superscripts


def test_superscripts_flattened_after_punctuation() -> None:
    text = (
        "Plants make many protective molecules called polyphenols.1-4 Eating them moves that benefit to us!5 "
        "One of them, gallidin, is widely studied.6 Worms fed gallidin lived longer.6--9 Yeast cells did too,6,8-9 "
        "and the dose was 2.5 mg per kg. See Fig.3 for details.\n"
    )
    doc = read_text(text, "g.txt")
    assert cited(doc) == [(1, 2, 3, 4), (5,), (6,), (6, 7, 8, 9), (6, 8, 9)]
    assert seg_with(doc, "polyphenols").text == "Plants make many protective molecules called polyphenols."
    assert "2.5 mg per kg. See Fig.3 for details." in seg_with(doc, "Yeast cells").text


def test_nature_style_digits_glued_to_words_but_not_gene_names() -> None:
    text = (
        "The cofactor declines with age in many tissues, which drives several pathologies1,2,3. "
        "Its synthesis is limited by one enzyme in mammals4, while SIRT1 and mTORC1 respond to it. "
        "Slc12a8, IL6, H2O and CD4 are unchanged, and sirt1 activity drops in polymerases5 (ref. 6).\n"
    )
    doc = read_text(text, "n.txt")
    assert [r.n for r in doc.references] == [1, 2, 3, 4, 5, 6]
    assert seg_with(doc, "pathologies").text.endswith("several pathologies.")
    assert seg_with(doc, "mammals").citations == (4,)
    last = seg_with(doc, "Slc12a8")
    assert last.citations == (5, 6) and "sirt1 activity" in last.text  # 'SIRT1' elsewhere: 'sirt1' is a name
    assert "IL6, H2O and CD4" in last.text


def test_a_number_far_beyond_the_sequence_is_left_out() -> None:
    found = flattened_superscripts("cells.1 mice.2 rats.3 in connexin43 and again dogs.4", 0, 52)
    assert [m.numbers for m in citation_sequence(found, 500)] == [(1,), (2,), (3,), (4,)]
    assert citation_sequence(flattened_superscripts("omega3 only once", 0, 16), 500) == []


# ------------------------------------------------------------------------------- bare numbers


def test_bare_numbers_closing_a_clause() -> None:
    text = (
        "The kinase forms two complexes, termed complexes 1 and 2. Each controls cellular regulation 1, 2.\n"
        "One complex drives protein synthesis 1. It also suppresses autophagy 3, both by blocking its start "
        "and by lowering lysosome production 3.\n"
    )
    doc = read_text(text, "k.txt")
    assert seg_with(doc, "cellular regulation").citations == (1, 2)
    assert seg_with(doc, "cellular regulation").text == "Each controls cellular regulation."
    assert seg_with(doc, "termed complexes 1 and 2").citations == ()
    assert seg_with(doc, "autophagy").citations == (3,)
    assert doc.markers_found == doc.markers_resolved == 5


def test_bare_numbers_that_are_quantities_labels_or_affiliations_are_no_citations() -> None:
    text = (
        "Jane Doe 1, Rui Wang 1,2, Ann Lee 2\n\n"
        "The drug entered phase 3. Mice were aged 3, 6. The effect was seen in group 2, not in others.\n"
    )
    assert read_text(text, "q.txt").markers_found == 0
    two = "Each controls cellular regulation 1, 2. It drives growth 3.\n"
    assert read_text(two, "q.txt").markers_found == 0  # two are not enough for this style
    assert bare_number_markers(two, 0, len(two))[0].numbers == (1, 2)


# ------------------------------------------------------------------------------- author-year


def test_author_year_without_a_list_numbered_by_first_appearance() -> None:
    text = (
        "Vexamol needs SIRT1 to raise mitochondrial biogenesis (Price et al., 2012). In mice it improved "
        "metabolic function (Lagouge et al., 2006) (Pearson et al., 2008). A later screen agreed (Price et al 2012). "
        "Rats were studied in spring (March 2019), and the Act (2018) was cited.\n"
    )
    doc = read_text(text, "v.txt")
    assert unlisted(doc) == [(1, "Price 2012"), (2, "Lagouge 2006"), (3, "Pearson 2008")]
    assert cited(doc) == [(1,), (2, 3), (1,), ()]
    assert doc.markers_found == doc.markers_resolved == doc.markers_unlisted == 4


def test_one_author_year_mention_without_et_al_is_not_enough() -> None:
    assert read_text("The shop opened here (Paris, 2019).\n", "p.txt").markers_found == 0
    assert read_text("A screen found it first (Doe et al., 2003).\n", "p.txt").markers_found == 1


# ------------------------------------------------------------------------- reference lists


def test_numbered_section_headings_are_no_reference_list() -> None:
    text = (
        "Contents\n\n1. Introduction\n2. Methods\n3. References\n4. Appendix\n\n"
        "Introduction\n\nNoxamine lowers IL-6 in rats [1].\n"
    )
    doc = read_text(text, "toc.txt")
    assert [r.listed for r in doc.references] == [False] and seg_with(doc, "Noxamine").citations == (1,)
    text2 = "Noxamine lowers IL-6 [1].\n\nReferences\n\n1.1 Background\n2 Methods\n"
    assert [r.listed for r in read_text(text2, "toc.txt").references] == [False]
    assert section_entry("1.1 Background") and section_entry("Introduction") and not section_entry("A study of X")
    assert numbered_section_heading("2 Methods") and not numbered_section_heading("2. Doe J (2019). A title. J Foo.")


def test_a_list_without_heading_is_read_when_its_entries_look_like_references() -> None:
    text = (
        "Noxamine raises NGF in cells. [1] It helped mice with memory loss. [2] It lifted mood in rats. [3]\n\n"
        "These claims are not evaluated.\n\n\n"
        "[1] Doe J, Roe K. (2019). Noxamine and NGF. J Neuro Foo 12: 3-9, https://example.org/nox\n\n"
        "[2] Poe A, et al. Noxamine in ageing mice. Int. J. Foo Sci. 2020, 19, 341.\n\n"
        "[3] Moe, B. (2021). Mood and noxamine. Vol. 2, Issue 1, P. 51-54\n"
    )
    doc = read_text(text, "nox.txt")
    assert [(r.n, r.listed) for r in doc.references] == [(1, True), (2, True), (3, True)]
    assert doc.references_numbered and doc.references[0].host == "example.org"
    assert cited(doc) == [(1,), (2,), (3,), ()]
    assert doc.markers_found == doc.markers_resolved == 3 and doc.markers_unlisted == 0 and doc.warnings == ()


def test_a_plain_numbered_list_is_no_reference_list() -> None:
    text = "Noxamine helps [1].\n\nHow to take it:\n\n1. Take one capsule with food.\n2. Drink water.\n"
    doc = read_text(text, "howto.txt")
    assert [r.listed for r in doc.references] == [False]
    assert seg_with(doc, "one capsule").kind == "bullet"


def test_wiki_partial_list_with_back_links() -> None:
    text = (
        "Glimmerol is a stilbenoid.[1] It occurs in nuts,[2] berries[3] and leaves [1][4].\n\n"
        "See also[edit]\n\n\n"
        '  1. ^ a b Doe, J.; Roe, K. (1999). "A new class of defence compounds". Planta. 33 (2): 151–2. PMID 844529.\n'
        '  2. ^ "Glimmerol in nuts - Nut Facts". NutFacts. 2017-04-10. Retrieved 2018-01-04.\n'
        '  3. ^ Poe A (2004). "Stilbenes in berri'
    )
    doc = read_text(text, "wiki.txt")
    assert [(r.n, r.listed) for r in doc.references] == [(1, True), (2, True), (3, True), (4, False)]
    r1 = doc.references[0]
    assert r1.title.startswith("Doe, J.; Roe, K. (1999)") and r1.ids == ("PMID:844529",)
    assert seg_with(doc, "occurs in nuts").citations == (2, 3, 1, 4)
    assert doc.markers_found == doc.markers_resolved == 5 and doc.markers_unlisted == 1
    assert any("not in the reference list: 4; read as unlisted references" in w for w in doc.warnings)
    assert strip_backlinks("^ a b Doe J (2019)") == "Doe J (2019)"
    assert looks_like_reference("^ Anything") and not looks_like_reference("Take one capsule daily")


def test_unlisted_author_year_keys_next_to_a_list() -> None:
    text = (
        "Quillitol blocks TNF in rats (Smith et al., 2019) and in dogs (Lee et al., 2021).\n\n"
        "Sources\n\nSmith, J., Brown, K. (2019). Quillitol and TNF in rat sepsis. Shock 12: 3-9.\n"
    )
    doc = read_text(text, "q.txt")
    assert [(r.n, r.listed, r.label) for r in doc.references] == [(1, True, ""), (2, False, "Lee 2021")]
    assert cited(doc)[0] == (1, 2)


# ---------------------------------------------------------------------------------- linear time


@pytest.mark.parametrize(
    "unit",
    [
        "cells.1 ",
        "pathways1,",
        "regulation 1, ",
        "[i],",
        "(1)(",
        "word(2) ",
        "(Doe et al., 2012) ",
        "aaaa",
        "1. ^ a b Doe, J. (2019). T. J. 1: 2-3.\n",
    ],
)
def test_marker_patterns_stay_linear(unit: str) -> None:
    text = unit * (1_000_000 // len(unit))
    t0 = time.perf_counter()
    doc = read_text(text, "big.txt")
    assert time.perf_counter() - t0 < 30
    assert all(0 <= r.start <= r.end <= len(text) for r in doc.references)


@pytest.mark.parametrize(
    ("text", "labels"),
    [
        ("Zorbatide[a] is a peptide.", ["a"]),
        ("It lowers TNF.[b] It binds TrkB.[note 2]", ["b", "note 2"]),
        ("A claim,[nb 1] and another.", ["nb 1"]),
        ("Benzo[a]pyrene and dibenz[a-h] are names.", []),  # a word or name goes on after the bracket
        ("- [x] done, and [a] alone after a space", []),
        ("See [a](https://example.org) for more.", []),  # a Markdown link
    ],
)
def test_note_markers_are_glued_letters_or_numbered_notes(text: str, labels: list[str]) -> None:
    assert [m.labels[0] for m in note_markers(text, 0, len(text))] == labels


def test_a_note_becomes_an_unlisted_reference_and_the_sentence_cites_it() -> None:
    doc = read_text("Zorbatide[a] lowers TNF in rats.[1]\n\nReferences\n1. Smith J. A rat study. J Biol. 2001;3:4.\n")
    notes = [r for r in doc.references if r.label == "a"]
    assert len(notes) == 1 and not notes[0].listed
    assert notes[0].n in seg_with(doc, "lowers TNF").citations
    assert "[a]" not in seg_with(doc, "lowers TNF").text


# ------------------------------------------------------------------ studies named by their authors

AUTHOR_MENTIONS = (
    "Quorvane notes\n\n"
    "Quorvane is a made-up peptide. Work by Halloran et al. showed that it lowers IL-6 in rats. "
    "Later, Brisk et. Al reported that quorvane raises IL-10. Okafor and colleagues found no effect on TNF. "
    "Tamsin et al. (2019) saw the same. The March study was small.\n"
)


def test_authors_named_without_a_year_are_markers_kept_in_the_sentence() -> None:
    doc = read_text(AUTHOR_MENTIONS, "a.txt")
    labels = {r.n: r.label for r in doc.references}
    first = seg_with(doc, "lowers IL-6")
    assert "Halloran et al." in first.text  # the names stay words of the sentence
    assert [labels[n] for n in first.citations] == ["Halloran et al."]
    # 'et. Al' ends no sentence, and the sentence before a mention keeps none of it
    second = seg_with(doc, "raises IL-10")
    assert second.text.startswith("Later, Brisk et. Al") and [labels[n] for n in second.citations] == ["Brisk et al."]
    assert [labels[n] for n in seg_with(doc, "no effect").citations] == ["Okafor et al."]
    assert seg_with(doc, "made-up peptide").citations == ()
    assert seg_with(doc, "March study").citations == ()  # a capitalised word is no author
    assert all(not r.listed for r in doc.references)


def test_author_mentions_are_not_read_beside_numbered_markers() -> None:
    doc = read_text("Notes\n\nWork by Halloran et al. showed that it lowers IL-6 [1].\n", "b.txt")
    assert [r.n for r in doc.references] == [1] and seg_with(doc, "IL-6").citations == (1,)


def test_a_reference_list_numbered_in_brackets_is_read_with_its_titles() -> None:
    text = (
        "Notes\n\nQuorvane lowers IL-6 (1). It raises IL-10 (2).\n\nReferences\n"
        "(1) Doe J, et al. A randomised trial of quorvane. J Test. 2015.\n"
        "(2) Roe P, et al. Quorvane in the rat. Test Lett. 2012.\n"
    )
    doc = read_text(text, "c.txt")
    assert [(r.n, r.title.split(".")[0]) for r in doc.references if r.listed] == [
        (1, "Doe J, et al"),
        (2, "Roe P, et al"),
    ]
    assert seg_with(doc, "IL-6").citations == (1,) and seg_with(doc, "IL-10").citations == (2,)


def test_markdown_footnotes_are_markers_and_their_definitions_a_reference_list() -> None:
    text = (
        "# Notes\n\nQuorvane lowers IL-6.[^1] It raises IL-10 in rats.[^2]\n\n"
        "[^1]: Doe J, et al. A randomised trial of quorvane. J Test. 2015.\n"
        "[^2]: Roe P, et al. Quorvane in the rat. Test Lett. 2012.\n"
    )
    doc = read_text(text, "d.md")
    assert [(r.n, r.listed) for r in doc.references] == [(1, True), (2, True)]
    assert seg_with(doc, "IL-6").citations == (1,) and seg_with(doc, "IL-10").citations == (2,)
    assert doc.references[0].title.startswith("Doe J")


def test_a_flattened_superscript_after_a_greek_letter_ending_a_name_is_a_marker() -> None:
    text = "It lowered the release of TNF-α.6 In neurons it acts. See e.g.4 later."
    found = flattened_superscripts(text, 0, len(text))
    assert [text[m.start : m.end] for m in found] == ["6"]  # 'e.g.' is an abbreviation, its '4' no marker
