"""`kg extract` on pages nobody curated (issue 13): grounding in the field's vocabularies, the
compound of interest, page furniture, vendor pages, citations without a list and the relation
rules that unseen text needs. Every document here is invented for the test."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import Extractor, extract_document, load_extractor, to_records, write_records
from kg.read.reader import read_text
from kg.seeds.load import load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def ex() -> Extractor:
    return load_extractor(ROOT / "ontology")


def triples(ex: Extractor, text: str, name: str = "page.txt") -> set[tuple[str, str, str]]:
    result = extract_document(read_text(text, name), ex)
    return {(c.subject, c.predicate.value, c.object) for c in result.claims}


QUERCETIN, TNF, IL6, NFKB = "CHEBI:16243", "HGNC:11892", "HGNC:6018", "FPLX:NFkappaB"


def test_names_of_the_vocabularies_are_grounded_and_lists_give_one_claim_each(ex: Extractor) -> None:
    text = "Quercetin notes\n\nQuercetin lowers TNF-α, IL-6 and NF-κB in cultured cells.\n"
    assert {(QUERCETIN, "decreases_amount", TNF), (QUERCETIN, "decreases_amount", IL6)} <= triples(ex, text)
    assert any(t[2] == NFKB and t[0] == QUERCETIN for t in triples(ex, text))


def test_pronouns_and_the_compound_stand_for_the_compound_of_interest(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. It inhibits NF-κB. The compound also lowers IL-6.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "inhibits", NFKB) in got and (QUERCETIN, "decreases_amount", IL6) in got


def test_passive_voice_and_reduced_relatives(ex: Extractor) -> None:
    got = triples(ex, "Notes\n\nIn these cells mTOR is activated by AKT1. IL-6 release mediated by TNF rises.\n")
    assert ("HGNC:391", "activates", "HGNC:3942") in got
    assert (TNF, "increases_amount", IL6) in got


def test_a_loss_of_function_subject_turns_the_sign(ex: Extractor) -> None:
    got = triples(ex, "Notes\n\nSIRT1 knockdown lowers PPARGC1A expression in mice.\n")
    assert ("HGNC:14929", "increases_expression", "HGNC:9237") in got


def test_a_decrease_of_an_increase_is_a_decrease(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin suppresses the increase in IL-6 after injury.\n")
    assert (QUERCETIN, "decreases_amount", IL6) in got and (QUERCETIN, "increases_amount", IL6) not in got


def test_names_sharing_a_head_across_and(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin may ease lung and kidney diseases.\n")
    assert (QUERCETIN, "decreases_process", "MESH:D007674") in got  # kidney diseases
    assert (QUERCETIN, "decreases_process", "MESH:D008171") in got  # lung diseases


def test_a_disease_named_as_the_setting_is_no_object(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nIn patients with diabetes, quercetin lowers IL-6.\n")
    assert (QUERCETIN, "decreases_amount", IL6) in got
    assert not any(o == "MESH:D003920" for _, _, o in got)


def test_a_defined_abbreviation_keeps_the_long_forms_id(ex: Extractor) -> None:
    text = "Notes\n\nNicotinamide mononucleotide (NMN) is made by cells. NMN raises NAD+ levels.\n"
    got = triples(ex, text)
    assert ("CHEBI:50383", "increases_amount", "CHEBI:15846") in got or any(
        s == "CHEBI:50383" and p == "increases_amount" for s, p, _ in got
    )


def test_a_heading_that_states_a_relation_is_a_claim(ex: Extractor) -> None:
    got = triples(ex, "Quercetin Lowers IL-6\n\nSome text without any name.\n")
    assert (QUERCETIN, "decreases_amount", IL6) in got


def test_repeated_statements_are_read_once(ex: Extractor) -> None:
    sentence = "Quercetin lowers IL-6 in cultured cells."
    result = extract_document(read_text(f"Quercetin\n\n{sentence} {sentence} {sentence}\n", "r.txt"), ex)
    lowering = [c for c in result.claims if c.object == IL6]
    assert len(lowering) == 1 and lowering[0].span[0] == len("Quercetin\n\n")
    assert any("repeat an earlier one" in w for w in result.warnings)


SHOP = (
    "Skip to content\nHome | Shop | Cart (0)\n\nVelnorin Peptide 10 mg\n\n$49.99\nAdd to cart\n\n"
    "Velnorin lowers IL-6 and raises SIRT1 expression. It also inhibits NF-κB [1].\n\n"
    "For research use only. Not for human consumption.\n© 2026 Example Labs. All rights reserved.\n"
)


def test_a_vendor_page_vouches_for_its_uncited_claims(ex: Extractor, tmp_path: Path) -> None:
    result = extract_document(read_text(SHOP, "shop.txt"), ex)
    assert result.document["source_type"] == "vendor_site"
    assert result.document["compound"] == "mechkg:velnorin"
    own = [r for r in result.references if r["level"] == "vendor_assertion"]
    assert len(own) == 1
    unlisted = [r for r in result.references if r["n"] == 1]
    assert unlisted and unlisted[0]["level"] == "unknown" and "no entry in a reference list" in unlisted[0]["note"]
    by_object = {c.object: c.cites for c in result.claims}
    assert by_object[IL6] == (own[0]["n"],) and by_object[NFKB] == (1,)
    # the draft builds, and the claims get the support classes a reader expects
    write_records([result], tmp_path)
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology", extracted=tmp_path)
    support = {c.object: c.support.value for c in kb.claims if c.subject == "mechkg:velnorin"}
    assert support[IL6] == "vendor_only" and support[NFKB] == "unverifiable"


def test_page_furniture_is_not_read(ex: Extractor) -> None:
    result = extract_document(read_text(SHOP, "shop.txt"), ex)
    assert all(c.span[0] >= SHOP.index("Velnorin lowers") for c in result.claims)
    assert "skip" not in result.document["compound"]


def test_the_words_before_an_unlisted_marker_grade_it(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin lowered IL-6 in rats [1]. It raised SIRT1 in a randomised trial of adults [2].\n"
    result = extract_document(read_text(text, "c.txt"), ex)
    levels = {r["n"]: (r["level"], r["basis"]) for r in result.references}
    assert levels[1] == ("animal", "citing_context") and levels[2] == ("human_clinical_rct", "citing_context")


def test_the_draft_of_any_document_builds(ex: Extractor, tmp_path: Path) -> None:
    docs = {
        "empty-ish.txt": "Menu\nHome | About\n",
        "no-compound.txt": "Notes\n\nTNF raises IL-6.\n",
        "odd.txt": "GHK-Cu Research\n\nGHK-Cu raises collagen. GHK-Cu binds copper.\n",
    }
    results = [extract_document(read_text(t, n), ex) for n, t in docs.items()]
    write_records(results, tmp_path)
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology", extracted=tmp_path)
    assert {f"x-{Path(n).stem}" for n in docs} <= set(kb.documents)
    records = to_records(results[2])
    assert any(e["id"] == "CHEBI:75430" for e in records["entities"])  # GHK, from its one-letter codes


def test_a_page_of_only_navigation_says_so_and_still_builds(ex: Extractor, tmp_path: Path) -> None:
    page = (
        "Skip to content\nHome | Shop | About | Contact\nYour cart is empty\n"
        "© 2026 Example Labs. All rights reserved.\n"
    )
    result = extract_document(read_text(page, "nav.txt"), ex)
    assert any("only navigation" in w for w in result.warnings)
    assert result.claims == []
    write_records([result], tmp_path)
    assert "x-nav" in load_knowledge_base(ROOT / "seeds", ROOT / "ontology", extracted=tmp_path).documents


def test_a_role_noun_after_a_target_names_what_the_compound_does(ex: Extractor) -> None:
    got = triples(ex, "Sirolimus\n\nSirolimus is an mTOR inhibitor and a weak IL-6 suppressor.\n")
    assert {("CHEBI:9168", "inhibits", "HGNC:3942"), ("CHEBI:9168", "inhibits", "HGNC:6018")} <= got


def test_other_names_in_parentheses_take_the_official_symbols_id(ex: Extractor) -> None:
    got = triples(ex, "Notes\n\nThe MT1 (or MTNR1A) receptor is common. Activation of MT1 inhibits adenylyl cyclase.\n")
    assert ("HGNC:7463", "inhibits", "FPLX:ADCY") in got  # MT1 alone would be a metallothionein


def test_verb_phrases_listed_after_an_object_share_the_sentence_subject(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nIt scavenges superoxide, inhibits activation of NF-κB, and lowers TNF.\n")
    assert (QUERCETIN, "inhibits", NFKB) in got and (QUERCETIN, "decreases_amount", TNF) in got
    assert not any(s == "CHEBI:18421" for s, _, _ in got)  # superoxide is an object, never a subject
    named = triples(ex, "Notes\n\nSIRT1 raises NAD+ levels, inhibits NF-κB, and lowers TNF.\n")
    assert ("HGNC:14929", "inhibits", NFKB) in named and ("HGNC:14929", "decreases_amount", TNF) in named


def test_a_marker_after_another_shares_the_words_before_the_group(ex: Extractor) -> None:
    long_middle = "collagen and elastin in skin, " * 8
    text = f"Quercetin\n\nReviews report that quercetin lowers IL-6 and {long_middle}while raising SIRT1 [3][6].\n"
    result = extract_document(read_text(text, "r.txt"), ex)
    levels = {r["n"]: (r["level"], r["basis"]) for r in result.references}
    assert levels[3] == levels[6] == ("review_secondary", "citing_context")


def test_cell_cultures_are_graded_in_vitro_even_in_human_cells(ex: Extractor) -> None:
    text = "Quercetin\n\nIn human fibroblast cultures, quercetin lowered IL-6 [1].\n"
    result = extract_document(read_text(text, "v.txt"), ex)
    assert [(r["level"], r["basis"]) for r in result.references] == [("in_vitro", "citing_context")]


def test_the_source_url_tells_a_vendor_page_and_gives_the_host(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin lowers IL-6 levels.\n"
    plain = extract_document(read_text(text, "p.txt"), ex)
    assert plain.document["source_type"] == "unknown_host" and "host" not in plain.document
    shop = extract_document(read_text(text, "p.txt"), ex, url="https://www.example-naturals.com/products/quercetin")
    assert shop.document["source_type"] == "vendor_site" and shop.document["host"] == "example-naturals.com"
    own = [r for r in shop.references if r["level"] == "vendor_assertion"]
    assert own and own[0]["host"] == "example-naturals.com" and all(c.cites == (own[0]["n"],) for c in shop.claims)
    news = extract_document(read_text(text, "p.txt"), ex, url="https://example.org/news/quercetin-study")
    assert news.document["source_type"] == "web_page"  # an explainer or news page: a web page, not a shop


def test_a_gerund_opening_a_sentence_is_no_claim_about_the_compound(ex: Extractor) -> None:
    text = "Quercetin\n\nInhibiting NF-κB has drawn interest as a therapy.\n\n- Inhibiting TNF release\n"
    got = triples(ex, text)
    assert (QUERCETIN, "inhibits", NFKB) not in got  # the sentence says nothing of quercetin
    assert any(s == QUERCETIN and o == TNF for s, _, o in got)  # a bullet's elided subject is the compound


def test_a_peptide_written_as_its_residues_has_each_amino_acid_as_a_part(ex: Extractor) -> None:
    text = "Velnorin\n\nVelnorin is a synthetic tripeptide composed of Gly-His-Lys.\n"
    got = triples(ex, text)
    parts = {o for s, p, o in got if p == "has_part" and s.startswith("mechkg:")}
    assert {"CHEBI:15428", "CHEBI:27570", "CHEBI:25094"} <= parts  # glycine, histidine, lysine
    # a sequence not after "composed of", "contains"… is left as written
    assert not any(p == "has_part" for _, p, _ in triples(ex, "Notes\n\nThe Gly-His-Lys motif binds copper.\n"))


def test_the_class_after_is_a_stands_for_the_subject(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonoid that inhibits NF-κB.\n")
    assert (QUERCETIN, "inhibits", NFKB) in got


def test_passive_agents_listed_after_including(ex: Extractor) -> None:
    got = triples(ex, "Notes\n\nmTORC1 is activated by several pathways, including the MAPK pathway and AKT1.\n")
    assert {("FPLX:MAPK", "activates", "FPLX:mTORC1"), ("HGNC:391", "activates", "FPLX:mTORC1")} <= got


def test_agonists_and_antagonists_of_a_receptor(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin acts as an agonist of PPARG and an antagonist at ADORA1.\n")
    assert {(QUERCETIN, "activates", "HGNC:9236"), (QUERCETIN, "inhibits", "HGNC:262")} <= got


def _polarity(ex: Extractor, text: str) -> dict[tuple[str, str, str], tuple[str, bool]]:
    result = extract_document(read_text(text, "page.txt"), ex)
    return {(c.subject, c.predicate.value, c.object): (c.direction, c.hedged) for c in result.claims}


def test_negation_and_hedges_speak_of_the_clause_they_open(ex: Extractor) -> None:
    got = _polarity(ex, "Quercetin\n\nQuercetin does not inhibit COX-2, and it may lower IL-6.\n")
    assert got[(QUERCETIN, "inhibits", "HGNC:9605")] == ("no_effect", False)
    assert got[(QUERCETIN, "decreases_amount", IL6)] == ("supports", True)


def test_a_negation_carries_across_or(ex: Extractor) -> None:
    got = _polarity(ex, "Quercetin\n\nQuercetin does not inhibit COX-2 or activate AMPK.\n")
    assert got[(QUERCETIN, "inhibits", "HGNC:9605")][0] == "no_effect"
    assert got[(QUERCETIN, "activates", "FPLX:AMPK")][0] == "no_effect"


def test_a_hedge_before_both_verbs_hedges_both(ex: Extractor) -> None:
    text = "Quercetin\n\nStudies suggest that quercetin lowers TNF and raises IL-10. It lowers IL-6, which may\n"
    got = _polarity(ex, text)
    assert got[(QUERCETIN, "decreases_amount", TNF)] == ("supports", True)
    assert got[(QUERCETIN, "increases_amount", "HGNC:5962")] == ("supports", True)
    assert got[(QUERCETIN, "decreases_amount", IL6)] == ("supports", False)


def test_analogs_and_derivatives_of_a_chemical_are_other_substances(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nCurcumin analogs inhibit TNF. Resveratrol derivatives lower IL-6.\n")
    assert not any(s in ("CHEBI:3962", "CHEBI:27881") for s, _, _ in got)
    assert (QUERCETIN, "inhibits", TNF) not in got  # nor does the page's compound take the claim


def test_an_effect_word_said_of_the_subject_names_its_object(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a potent antioxidant. It acts as an anti-inflammatory agent.\n")
    assert (QUERCETIN, "decreases_process", "MESH:D018384") in got
    assert (QUERCETIN, "decreases_process", "GO:0006954") in got


def test_an_effect_word_after_a_participle_and_as_names_its_object(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is used in creams as a soothing and anti-aging ingredient. Quercetin activates "
        "SIRT1. SIRT1 has been described as an anti-inflammatory factor.\n"
    )
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_process", "MESH:D000375") in got
    assert ("HGNC:14929", "decreases_process", "GO:0006954") in got
    # a factor named after the effect word is the object's kind, not the subject's effect
    got = triples(ex, "Quercetin\n\nQuercetin lowers the pro-inflammatory factors TNF and IL-6.\n")
    assert (QUERCETIN, "increases_process", "GO:0006954") not in got and (QUERCETIN, "decreases_amount", IL6) in got


def test_a_property_of_a_tissue_is_no_mention_of_the_name_before_it(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin improves insulin sensitivity and inhibits tumor formation.\n")
    assert not any("HGNC:6081" in (s, o) for s, _, o in got)  # neither raised nor a subject
    assert any(s == QUERCETIN and p == "decreases_process" for s, p, _ in got)


def test_the_supplement_and_class_nouns_stand_for_the_compound(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is sold as a supplement. The supplement lowers IL-6. This flavonol inhibits TNF.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_amount", IL6) in got and (QUERCETIN, "inhibits", TNF) in got


AGEING = "MESH:D000375"


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("NAD+ levels gradually decline with age.", (AGEING, "decreases_amount", "CHEBI:13389")),
        ("Studies find declining NAD+ levels during ageing.", (AGEING, "decreases_amount", "CHEBI:13389")),
        ("SIRT1 expression is upregulated in aged mice.", (AGEING, "increases_expression", "HGNC:14929")),
        ("NAD+ levels fall in old age.", (AGEING, "decreases_amount", "CHEBI:13389")),
        ("The age-related decline in NAD+ levels is well known.", (AGEING, "decreases_amount", "CHEBI:13389")),
        ("Age-associated increases in IL-6 are common.", (AGEING, "increases_amount", IL6)),
    ],
)
def test_a_change_with_age_is_ageings_doing(ex: Extractor, sentence: str, expected: tuple[str, str, str]) -> None:
    got = triples(ex, f"Quercetin\n\nQuercetin is a flavonol. {sentence}\n")
    assert expected in got
    assert not any(s == QUERCETIN and o == expected[2] for s, _, o in got)  # not the page compound's doing


def test_a_use_of_the_name_and_a_value_below_a_limit_are_no_change_of_it(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol. The age-associated increase in NAD+ consumption is marked. "
        "Its amino acids fall below a 10,000 Da cut-off.\n"
    )
    got = triples(ex, text)
    assert not any(o == "CHEBI:13389" for _, _, o in got)  # NAD+ is used up, not raised
    assert not any(p == "decreases_amount" for _, p, _ in got)


def test_an_agent_acting_in_aged_animals_is_no_change_with_age(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin increased SIRT1 levels in aged mice.\n")
    assert (QUERCETIN, "increases_amount", "HGNC:14929") in got
    assert not any(s == AGEING for s, _, _ in got)  # the mice are old; ageing raises nothing here


def test_like_effects_and_angiogenic_properties_name_their_objects(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin had antidepressant-like effects in mice. It has angiogenic properties.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_process", "MESH:D003863") in got
    assert (QUERCETIN, "increases_process", "GO:0001525") in got


def test_anti_before_a_named_disease_lowers_it(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. It showed antiulcer activity. It has anti-fatigue effects.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_process", "MESH:D014456") in got  # ulcer
    assert (QUERCETIN, "decreases_process", "MESH:D005221") in got  # fatigue


def test_rich_in_and_a_source_of_give_the_parts_of_a_compound(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. Onions are rich in quercetin. Quercetin is a good source of rutin.\n"
    got = triples(ex, text)
    assert any(p in ("has_part", "part_of") and "CHEBI:28527" in (s, o) for s, p, o in got)  # rutin


def test_not_only_denies_nothing_and_a_companion_is_not_the_subject(ex: Extractor) -> None:
    got = _polarity(ex, "Quercetin\n\nQuercetin not only lowers IL-6 but also raises IL-10.\n")
    assert got[(QUERCETIN, "decreases_amount", IL6)][0] == "supports"
    text = "Quercetin\n\nQuercetin, along with curcumin, lowers TNF. It is effective against inflammation.\n"
    got2 = triples(ex, text)
    assert (QUERCETIN, "decreases_amount", TNF) in got2 and ("CHEBI:3962", "decreases_amount", TNF) not in got2
    assert (QUERCETIN, "decreases_process", "GO:0006954") in got2


def test_conversion_cofactors_and_consumption(ex: Extractor) -> None:
    text = (
        "Nicotinamide riboside\n\nNicotinamide riboside is converted to NMN. NAD+ is a cofactor for sirtuins. "
        "PARP1 consumes NAD+.\n"
    )
    got = triples(ex, text)
    assert ("MESH:C018613", "increases_amount", "CHEBI:14648") in got
    assert ("CHEBI:13389", "activates", "MESH:D037761") in got
    assert ("HGNC:270", "decreases_amount", "CHEBI:13389") in got


def test_a_cited_work_in_the_metadata_file_is_graded_from_its_publication_types(tmp_path: Path) -> None:
    import json

    from kg.extract import extract_paths

    page = tmp_path / "page.txt"
    page.write_text(
        "Quercetin\n\nQuercetin lowers IL-6 in adults [1]. It lowers TNF [2].\n\nReferences\n"
        "1. Smith J, Lee K. Quercetin and interleukin 6 in adults. J Nutr. 2001;3:4-9. PMID: 11111111\n"
        "2. Chan P. Quercetin and tumour necrosis factor. J Nutr. 2002;4:5-9. PMID: 22222222\n",
        encoding="utf-8",
    )
    works = tmp_path / "works.jsonl"
    record = {"pmid": "11111111", "publication_types": ["Randomized Controlled Trial"], "mesh": ["Humans"]}
    works.write_text(json.dumps(record) + "\n", encoding="utf-8")
    (result,) = extract_paths([page], ROOT / "ontology", works=works)
    refs = {r["n"]: r for r in result.references}
    assert (refs[1]["level"], refs[1]["basis"]) == ("human_clinical_rct", "bibliographic_metadata")
    assert refs[2]["basis"] != "bibliographic_metadata"  # not in the file: the title rules grade it
    (plain,) = extract_paths([page], ROOT / "ontology")
    assert {r["n"]: r for r in plain.references}[1]["basis"] != "bibliographic_metadata"


RESVERATROL, METFORMIN, AMPK, SIRT1 = "CHEBI:27881", "CHEBI:6801", "FPLX:AMPK", "HGNC:14929"


@pytest.mark.parametrize(
    ("sentence", "subjects"),
    [
        ("Both quercetin and metformin activate AMPK.", {QUERCETIN, METFORMIN}),
        ("Resveratrol and quercetin activate AMPK.", {QUERCETIN, RESVERATROL}),
        ("Metformin, resveratrol and quercetin activate AMPK.", {QUERCETIN, RESVERATROL, METFORMIN}),
        ("Unlike resveratrol, quercetin activates AMPK.", {QUERCETIN}),  # no "and": no list of agents
        ("Quercetin, a natural flavonoid, activates AMPK.", {QUERCETIN}),  # the apposition closes
    ],
)
def test_agents_listed_before_a_verb_each_act(ex: Extractor, sentence: str, subjects: set[str]) -> None:
    got = triples(ex, f"Quercetin\n\nQuercetin is a flavonol. {sentence}\n")
    assert {s for s, p, o in got if o == AMPK and p == "activates"} == subjects


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Quercetin relieves anxiety in mice.", (QUERCETIN, "decreases_process", "MESH:D001007")),
        ("Quercetin may help relieve symptoms of depression.", (QUERCETIN, "decreases_process", "MESH:D003863")),
        ("Quercetin is a positive allosteric modulator of GABA-A receptors.", (QUERCETIN, "activates", None)),
        ("Quercetin is an inverse agonist of CB1.", (QUERCETIN, "inhibits", "HGNC:2159")),
    ],
)
def test_relief_and_modulator_wording(ex: Extractor, sentence: str, expected: tuple[str, str, str | None]) -> None:
    got = triples(ex, f"Quercetin\n\nQuercetin is a flavonol. {sentence}\n")
    s, p, o = expected
    assert any(t[0] == s and t[1] == p and (o is None or t[2] == o) for t in got), got


def test_a_gerund_after_by_takes_the_clause_subject_and_two_letters_are_no_peptide(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin inhibits mTORC1 by binding FKBP12.\n")
    assert (QUERCETIN, "binds", "HGNC:3711") in got and (QUERCETIN, "inhibits", "FPLX:mTORC1") in got
    assert not any(s == "FPLX:mTORC1" for s, _, _ in got)
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin increased LC3-II in the liver.\n")
    assert {o for _, _, o in got} == {"FPLX:MAP1LC3"}  # "II" is no Ile-Ile dipeptide


def test_two_letter_peptides_are_read_unless_a_numeral_or_a_label(ex: Extractor) -> None:
    idx = ex.matcher.index
    assert idx is not None
    found = {
        text[h.start : h.end]
        for text in ("Its parts EW and KE act.", "LC3-II rose after MI; HI/6 bound.")
        for h in idx.find(text)
    }
    assert {"EW", "KE"} <= found and not found & {"II", "MI", "HI"}


def test_an_agent_named_before_a_participle_is_no_change_with_age(ex: Extractor) -> None:
    got = triples(
        ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin supplementation improved memory in older adults.\n"
    )
    assert (QUERCETIN, "increases_process", "GO:0007613") in got
    assert not any(s == AGEING for s, _, _ in got)


def test_acronyms_are_no_peptides_on_a_page_that_never_speaks_of_peptides(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin lowers LDL in rats.\n")
    labels = {(e.label if (e := ex.matcher.entity(o)) else o) for _, _, o in got}
    assert not any(label.startswith("Leu-") for label in labels)  # not the tripeptide Leu-Asp-Leu
    peptide_page = "GHK-Cu\n\nGHK-Cu is a copper peptide. GHK raises collagen in skin.\n"
    assert ("CHEBI:75430", "increases_amount", "CHEBI:3815") in triples(ex, peptide_page)


def test_another_name_in_brackets_beside_the_compound_is_the_compound(ex: Extractor) -> None:
    text = "Quercetin (Zelvaro) notes\n\nQuercetin is a flavonol. In rats, Zelvaro lowered IL-6.\n"
    assert (QUERCETIN, "decreases_amount", IL6) in triples(ex, text)


def test_action_similar_to_another_compound_is_mimicry(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin has effects similar to those of metformin.\n")
    assert (QUERCETIN, "mimics", METFORMIN) in got


def test_upregulation_is_a_relation_not_an_entity(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin causes upregulation of SOD1 and downregulation of TNF.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "increases_amount", "HGNC:11179") in got and (QUERCETIN, "decreases_amount", TNF) in got
    assert not any(o in ("MESH:D015854", "MESH:D015536") for _, _, o in got)


def test_the_compound_of_interest_as_an_object_and_what_an_enzyme_produces(ex: Extractor) -> None:
    nmn, slc12a8, nampt = "CHEBI:14648", "HGNC:15595", "HGNC:30092"
    text = (
        "NMN notes\n\nNMN is a nucleotide. Slc12a8 transports NMN. The enzyme NAMPT produces NMN from nicotinamide.\n"
    )
    got = triples(ex, text)
    assert (slc12a8, "increases_amount", nmn) in got and (nampt, "increases_amount", nmn) in got
    assert not any(o == "CHEBI:17154" for _, _, o in got)  # "from nicotinamide": the substrate is no object


def test_nominal_relations_after_a_possessive_take_the_compound(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. Its promotion of BDNF expression and its attenuation of IL-6 matter."
    got = triples(ex, text)
    assert (QUERCETIN, "increases_expression", "HGNC:1033") in got
    assert any(s == QUERCETIN and o == IL6 and p.startswith("decreases") for s, p, o in got)


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Through activation of Nrf2, quercetin raises HO-1.", (QUERCETIN, "activates", "HGNC:7782")),
        ("Via suppression of mTOR, it induces autophagy.", (QUERCETIN, "inhibits", "HGNC:3942")),
        ("By inhibiting NF-kB, resveratrol lowers IL-6.", (RESVERATROL, "inhibits", NFKB)),
    ],
)
def test_a_fronted_means_takes_the_main_clause_subject(ex: Extractor, sentence: str, expected: tuple) -> None:
    assert expected in triples(ex, f"Quercetin\n\nQuercetin is a flavonol. {sentence}\n")


def test_names_inside_a_ratio_are_no_objects(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin raised the Bcl-2/Bax ratio and lowered IL-6.\n")
    assert {o for _, _, o in got} == {IL6}


def test_a_name_ending_in_a_capital_letter_keeps_its_past_tense_verb(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. In mice, withaferin A inhibited NF-kB.\n")
    assert ("CHEBI:69120", "inhibits", NFKB) in got


def test_a_physiological_axis_is_no_gene(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin modulates the HPA axis.\n")
    assert not any(o.startswith("HGNC:") for _, _, o in got)


def test_restoring_a_loss_raises_and_an_adjective_of_the_setting_is_no_object(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol. Quercetin restored the age-related loss of SIRT1 in rats. "
        "It improves memory in the aging brain.\n"
    )
    got = triples(ex, text)
    assert (QUERCETIN, "increases_amount", SIRT1) in got
    assert not any(o == AGEING for _, _, o in got)


def test_the_effects_of_the_compound_are_no_compound_object(ex: Extractor) -> None:
    got = triples(
        ex, "Quercetin\n\nQuercetin is a flavonol. Blocking AMPK reverses the beneficial effects of quercetin.\n"
    )
    assert not any(o == QUERCETIN for _, _, o in got)


@pytest.mark.parametrize(
    "sentence",
    [
        "It remains unclear whether quercetin activates AMPK.",
        "Quercetin reportedly activates AMPK.",
        "There is no evidence that quercetin activates AMPK.",
    ],
)
def test_open_questions_and_hearsay_are_hedged(ex: Extractor, sentence: str) -> None:
    result = extract_document(read_text(f"Quercetin\n\nQuercetin is a flavonol. {sentence}\n", "p.txt"), ex)
    claims = [c for c in result.claims if c.object == AMPK]
    assert claims and all(c.hedged for c in claims)


def test_neither_nor_lists_both_agents_and_denies(ex: Extractor) -> None:
    result = extract_document(
        read_text("Quercetin\n\nQuercetin is a flavonol. Neither quercetin nor resveratrol altered AMPK.\n", "p.txt"),
        ex,
    )
    assert {(c.subject, c.direction) for c in result.claims if c.object == AMPK} == {
        (QUERCETIN, "no_effect"),
        (RESVERATROL, "no_effect"),
    }


def test_a_chain_drawn_with_arrows_gives_one_activation_per_step(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol.\n\nMechanism: quercetin → TrkB → PI3K -> Akt.\n")
    assert {(QUERCETIN, "activates", "HGNC:8032"), ("HGNC:8032", "activates", "FPLX:PI3K")} <= got
    assert ("FPLX:PI3K", "activates", "FPLX:AKT") in got
    assert not any(s == QUERCETIN and o == "FPLX:AKT" for s, _, o in got)  # only neighbours are linked


def test_a_table_cell_naming_the_effect_is_a_trigger(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol.\n\n| Target | Effect | Model |\n|---|---|---|\n"
        "| AMPK | activation | rat liver |\n| IL-6 | reduced | mice |\n"
    )
    got = triples(ex, text)
    assert (QUERCETIN, "activates", AMPK) in got
    assert any(s == QUERCETIN and o == IL6 and p.startswith("decreases") for s, p, o in got)
    assert not triples(ex, "Quercetin\n\nQuercetin is a flavonol. AMPK activation matters in muscle.\n")


def test_a_plural_definition_and_a_class_word_before_a_name(ex: Extractor) -> None:
    text = (
        "Orexin\n\nOrexin is a neuropeptide. The orexin receptors are G protein-coupled receptors "
        "that bind the neuropeptide orexin.\n"
    )
    got = triples(ex, text)
    # the ligand first: the neuropeptide binds its receptors
    assert {(s, o) for s, p, o in got if p == "binds"} == {("MESH:D000068797", "MESH:D064446")}


def test_a_process_naming_a_place_is_no_object(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin increases angiogenesis at injury sites.\n")
    assert (QUERCETIN, "increases_process", "GO:0001525") in got
    assert {o for _, _, o in got} == {"GO:0001525"}


def test_a_passive_made_or_synthesised_is_no_increase(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. A flavonol similar to rutin was synthesized and named quercetin.\n"
    assert not any(p == "increases_amount" for _, p, _ in triples(ex, text))


def test_a_name_written_as_blocked_before_it_turns_the_sign(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nSuppression of SIRT1 lowers PPARGC1A expression in mice.\n")
    assert ("HGNC:14929", "increases_expression", "HGNC:9237") in got
    got = triples(ex, "Quercetin\n\nInhibition of NF-κB activation reduces IL-6 levels.\n")
    assert (NFKB, "increases_amount", IL6) in got and (NFKB, "decreases_amount", IL6) not in got
    # the compound's own act on a name is no loss of the compound
    got = triples(ex, "Quercetin\n\nQuercetin's inhibition of NF-κB lowers IL-6.\n")
    assert (QUERCETIN, "decreases_amount", IL6) in got


def test_a_binding_names_the_ligand_first(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Melatonin receptors bind quercetin.\n")
    assert (QUERCETIN, "binds", "FPLX:MTNR") in got and ("FPLX:MTNR", "binds", QUERCETIN) not in got
    got = triples(ex, "Quercetin\n\nHistone H1 binds DNA.\n")  # two macromolecules keep their order
    assert ("FPLX:Histone_H1", "binds", "MESH:D004247") in got


def test_an_unsigned_verb_over_a_signed_noun_stays_unsigned(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin regulates activation of NF-κB and AP-1 in monocytes.\n")
    assert {(QUERCETIN, "regulates", NFKB), (QUERCETIN, "regulates", "FPLX:AP1")} <= got
    assert (QUERCETIN, "activates", NFKB) not in got
    got = triples(ex, "Quercetin\n\nQuercetin reduces activation of NF-κB.\n")
    assert (QUERCETIN, "inhibits", NFKB) in got


def test_a_use_against_a_disease_lowers_it_and_nothing_else(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin can be used for infections and asthma. It is often taken for energy production.\n"
    got = triples(ex, text)
    assert {(QUERCETIN, "decreases_process", "MESH:D007239"), (QUERCETIN, "decreases_process", "MESH:D001249")} <= got
    assert not any("energy" in o or o.startswith("GO:") for _, _, o in got)


def test_forming_a_complex_or_chelating_is_binding(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin acts by forming complexes with iron. Quercetin chelates copper.\n")
    assert {(QUERCETIN, "binds", "CHEBI:18248"), (QUERCETIN, "binds", "CHEBI:29036")} <= got


def test_an_effect_adjective_after_be_names_its_effect(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin has been found to be cancer chemopreventive as well as calming.\n"
    assert (QUERCETIN, "decreases_process", "MESH:D009369") in triples(ex, text)


def test_its_components_listed_after_it_are_its_parts(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nResearchers examined quercetin and its components, rutin and kaempferol.\n")
    assert {(QUERCETIN, "has_part", "CHEBI:28527"), (QUERCETIN, "has_part", "CHEBI:28499")} <= got
    got = triples(ex, "Quercetin\n\nQuercetin and its active ingredients lower IL-6.\n")
    assert not any(p == "has_part" for _, p, _ in got)


def test_a_participle_after_an_article_and_adverb_is_an_adjective(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a naturally produced flavonol found in onions.\n")
    assert not any(p == "increases_amount" for _, p, _ in got)
    got = triples(ex, "Quercetin\n\nIn cells, quercetin rapidly increased IL-6.\n")
    assert (QUERCETIN, "increases_amount", IL6) in got


def test_a_verb_inside_parentheses_takes_no_object_outside_them(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol (a compound produced by plants for defence) similar to kaempferol.\n"
    assert not any(o == "CHEBI:28499" for _, _, o in triples(ex, text))
    got = triples(ex, "Quercetin\n\nQuercetin (which lowers IL-6) raises TNF.\n")
    assert {(QUERCETIN, "decreases_amount", IL6), (QUERCETIN, "increases_amount", TNF)} <= got


def test_the_words_a_short_form_spells_out_are_no_trigger(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin regulates transcription factors such as activating protein-1 (AP-1).\n"
    got = triples(ex, text)
    assert (QUERCETIN, "regulates", "FPLX:AP1") in got and (QUERCETIN, "activates", "FPLX:AP1") not in got


def test_a_short_form_after_the_class_named_by_a_copula_keeps_the_defined_name_the_subject(ex: Extractor) -> None:
    text = "Melatonin\n\nMelatonin receptors are G protein-coupled receptors (GPCR) which bind melatonin.\n"
    got = triples(ex, text)
    assert ("CHEBI:16796", "binds", "FPLX:MTNR") in got
    assert not any(o == "FPLX:GPCR" or o.startswith("MESH:D04356") for _, _, o in got)


def test_a_key_player_in_a_process_regulates_it(ex: Extractor) -> None:
    text = "Melatonin\n\nMelatonin has been found to be a key player in the circadian rhythm.\n"
    assert ("CHEBI:16796", "regulates", "GO:0007623") in triples(ex, text)


def test_the_head_of_a_title_noun_phrase_is_the_compound_not_its_modifier(ex: Extractor) -> None:
    text = (
        "Zinc flavonol quercetin\n\nZinc flavonol quercetin is a complex of zinc and the flavonol. "
        "Quercetin lowers IL-6. Zinc ions are bound by it.\n"
    )
    result = extract_document(read_text(text, "page.txt"), ex)
    assert result.document["compound"] == QUERCETIN


def test_an_effect_denied_beside_a_change_is_that_change_denied(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin elevated IL-6 in old mice but had no effect on IL-6 in young mice.\n"
    result = extract_document(read_text(text, "page.txt"), ex)
    got = {(c.predicate.value, c.direction) for c in result.claims if c.object == IL6}
    assert got == {("increases_amount", "supports"), ("increases_amount", "no_effect")}
    result = extract_document(read_text("Quercetin\n\nQuercetin had no effect on IL-6.\n", "page.txt"), ex)
    assert {(c.predicate.value, c.direction) for c in result.claims} == {("regulates", "no_effect")}


def test_a_change_after_a_substance_is_given_is_that_substance_s_doing(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nIL-6 levels decreased after quercetin treatment.\n")
    assert (QUERCETIN, "decreases_amount", IL6) in got
    got = triples(ex, "Quercetin\n\nIL-6 levels increased following administration of NMN.\n")
    assert ("CHEBI:14648", "increases_amount", IL6) in got
    got = triples(ex, "Quercetin\n\nIL-6 levels decreased with age.\n")  # a setting, not a substance
    assert got == {("MESH:D000375", "decreases_amount", IL6)}


def test_a_participle_after_results_in_is_the_result(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin results in reduced TNF-α production.\n")
    assert got == {(QUERCETIN, "decreases_process", "GO:0032640")}
    got = triples(ex, "Quercetin\n\nQuercetin treatment led to increased IL-6 levels.\n")
    assert got == {(QUERCETIN, "increases_amount", IL6)}


def test_quench_lowers_and_speed_up_raises(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin quenches reactive oxygen species and speeds up wound healing.\n")
    assert {(QUERCETIN, "decreases_amount", "MESH:D017382"), (QUERCETIN, "increases_process", "GO:0042060")} <= got


def test_a_modifier_before_a_named_change_brings_that_change(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nKnockdown of AMPK abolished the quercetin-induced reduction in IL-6 levels.\n")
    assert (QUERCETIN, "decreases_amount", IL6) in got and (QUERCETIN, "increases_amount", IL6) not in got
    assert ("FPLX:AMPK", "decreases_amount", IL6) in got
    got = triples(ex, "Quercetin\n\nQuercetin blocks TNF-induced apoptosis.\n")
    assert (TNF, "increases_process", "GO:0006915") in got


def test_helpful_against_a_disease_lowers_it(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is effective in the treatment of insomnia and useful against asthma. "
        "It was effective in mice.\n"
    )
    got = triples(ex, text)
    assert {(QUERCETIN, "decreases_process", "HP:0100785"), (QUERCETIN, "decreases_process", "MESH:D001249")} == got


def test_list_items_under_a_hedged_lead_in_are_hedged(ex: Extractor) -> None:
    text = (
        "Quercetin Benefits\n\nResearch suggests that quercetin may:\n\n"
        "- lower IL-6 levels\n- increase SIRT1 activity\n\n"
        "Quercetin lowers TNF.\n\nQuercetin does:\n\n- raise BDNF\n"
    )
    result = extract_document(read_text(text, "page.txt"), ex)
    hedged = {c.object: c.hedged for c in result.claims}
    assert hedged == {IL6: True, "HGNC:14929": True, TNF: False, "HGNC:1033": False}


def test_numbers_after_a_dash_take_the_stem_of_the_first_name(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin inhibits the production of interleukin (IL) -1, -2, -6, -8, and -12.\n")
    assert {o for _, _, o in got} == {"FPLX:IL1", "HGNC:6001", IL6, "HGNC:6025", "FPLX:IL12"}
    got = triples(ex, "Quercetin\n\nQuercetin lowers MMP-2 and -9 and caspase-3 and -9 levels.\n")
    assert {o for _, _, o in got} == {"HGNC:7166", "HGNC:7176", "HGNC:1504", "HGNC:1511"}
    got = triples(ex, "Quercetin\n\nQuercetin inhibits CDK4/6 and lowers the NAD+/NADH ratio.\n")
    assert {o for _, _, o in got} == {"HGNC:1773", "HGNC:1777"}
    got = triples(ex, "Quercetin\n\nQuercetin lowers interleukin (IL) concentrations.\n")  # no numbers: the family
    assert {o for _, _, o in got} == {"MESH:D007378"}


def test_a_transporter_raises_what_it_carries(ex: Extractor) -> None:
    nmn, slc = "CHEBI:14648", "HGNC:15595"
    got = triples(ex, "NMN\n\nResearchers identified a gene called Slc12a8 that encodes a specific NMN transporter.\n")
    assert got == {(slc, "increases_amount", nmn)}
    assert triples(ex, "NMN\n\nSlc12a8 specifically transports NMN.\n") == {(slc, "increases_amount", nmn)}
    assert triples(ex, "NMN\n\nNMN is taken up by a transporter. The NMN transporter is unknown.\n") == set()


def test_a_comparison_of_two_amounts_says_the_first_moves_the_second(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Higher NAD+ levels mean more sirtuin activity.\n")
    assert got == {("CHEBI:13389", "activates", "MESH:D037761")}
    got = triples(ex, "Quercetin\n\nMore NAD+ means lower TNF levels.\n")
    assert got == {("CHEBI:13389", "decreases_amount", TNF)}
    assert triples(ex, "Quercetin\n\nHigher doses of quercetin were given with IL-6.\n") == set()


def test_coordinated_names_before_a_passive_verb_are_all_acted_on(ex: Extractor) -> None:
    text = "Curcumin\n\nThe phosphorylation of p38 MAPK and JNK was markedly suppressed by curcumin pretreatment.\n"
    assert triples(ex, text) == {
        ("CHEBI:3962", "decreases_phosphorylation", "FPLX:JNK"),
        ("CHEBI:3962", "decreases_phosphorylation", "FPLX:p38"),
    }


def test_an_anti_adjective_names_the_noun_its_ending_points_to(ex: Extractor) -> None:
    got = triples(ex, "Curcumin\n\nCurcumin exerts anti-neuroinflammatory effects and antiarrhythmic properties.\n")
    assert {
        ("CHEBI:3962", "decreases_process", "GO:0150076"),
        ("CHEBI:3962", "decreases_process", "MESH:D001145"),
    } <= got


def test_a_pronoun_before_a_passive_verb_is_the_compound_acted_on(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. It is metabolized by CYP3A4 in the liver. It was given by mouth.\n"
    assert triples(ex, text) == {("HGNC:2637", "decreases_amount", QUERCETIN)}


def test_a_short_form_defined_as_a_place_or_condition_names_no_molecule(ex: Extractor) -> None:
    text = (
        "Melatonin\n\nThe suprachiasmatic nucleus (SCN) sets the clock. Melatonin lowers SCN firing and "
        "activates MTNR1A. Melatonin activates silent information regulator 1 (SIRT1). SIRT1 lowers TNF.\n"
    )
    got = triples(ex, text)
    assert not any(o.startswith("FPLX:SCN") or s.startswith("FPLX:SCN") for s, _, o in got)  # no sodium channel
    assert ("CHEBI:16796", "activates", "HGNC:7463") in got
    assert ("HGNC:14929", "decreases_amount", TNF) in got  # a long form naming a molecule keeps its short form


def test_conversions_precursors_and_affinity(ex: Extractor) -> None:
    text = (
        "Genistein\n\nGenistein has high affinity for ESR2. NAMPT catalyses the conversion of nicotinamide and "
        "PRPP into NMN. Tryptophan is the precursor to serotonin.\n"
    )
    got = triples(ex, text)
    assert ("CHEBI:28088", "binds", "HGNC:3468") in got
    assert ("HGNC:30092", "increases_amount", "CHEBI:14648") in got
    assert not any(s == "HGNC:30092" and o == "CHEBI:17154" for s, _, o in got)  # the substrate is not raised
    assert ("CHEBI:27897", "increases_amount", "CHEBI:28790") in got


def test_a_class_phrase_of_several_words_before_names_says_what_they_are(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin inhibits the inflammatory cytokines TNF and IL-6.\n")
    assert {(QUERCETIN, "inhibits", TNF), (QUERCETIN, "inhibits", IL6)} <= got
    assert not any(o == "mechkg:pro-inflammatory-cytokines" for _, _, o in got)


def test_targets_of_a_name_listed_after_it_are_regulated_by_it(ex: Extractor) -> None:
    got = triples(
        ex, "Resveratrol\n\nResveratrol lowers IL-6. SIRT1 targets including FOXO3 and TP53 are deacetylated.\n"
    )
    assert {("HGNC:14929", "regulates", "HGNC:3821"), ("HGNC:14929", "regulates", "HGNC:11998")} <= got


def test_an_aspect_word_after_a_bare_list_is_said_of_every_name(ex: Extractor) -> None:
    got = triples(ex, "Genistein\n\nGenistein increases FAK and paxillin phosphorylation.\n")
    assert {("CHEBI:28088", "increases_phosphorylation", "HGNC:9611")} <= got
    assert ("CHEBI:28088", "increases_amount", "HGNC:9611") not in got
    got = triples(ex, "Genistein\n\nGenistein raises NAD+ and SIRT1 activity.\n")
    assert ("CHEBI:28088", "increases_amount", "CHEBI:13389") in got  # a charge ends the bare list


def test_an_encyclopedia_article_is_a_web_page(ex: Extractor) -> None:
    text = (
        "Quercetin\nFrom Wikipedia, the free encyclopedia\nJump to navigation Jump to search\n\n"
        "Quercetin lowers IL-6.[1]\n"
    )
    assert extract_document(read_text(text, "p.txt"), ex).document["source_type"] == "web_page"


@pytest.mark.parametrize(
    ("sentence", "context"),
    [
        ("In a randomized controlled trial in older adults, quercetin lowered IL-6.", "human-general"),
        ("In healthy volunteers, quercetin lowered IL-6.", "healthy-adults"),
        ("In rats, quercetin lowered IL-6.", "rat-general"),
        ("Quercetin lowered IL-6 in cultured cells.", "in-vitro-general"),
        ("Quercetin lowered IL-6.", "unspecified"),
        ("Quercetin lowered IL-6 in human keratinocytes.", "unspecified"),  # human cells are no people
    ],
)
def test_the_population_a_statement_names_is_its_context(ex: Extractor, sentence: str, context: str) -> None:
    result = extract_document(read_text(f"Quercetin\n\n{sentence}\n", "p.txt"), ex)
    assert [c.context for c in result.claims if c.object == IL6] == [context]


def test_supporting_healthy_levels_steadies_a_name(ex: Extractor) -> None:
    got = triples(ex, "Rhodiola\n\nRhodiola promotes balanced cortisol levels. It raises IL-6 in healthy adults.\n")
    assert ("MESH:D029771", "regulates", "CHEBI:17650") in got
    assert ("MESH:D029771", "increases_amount", "CHEBI:17650") not in got
    assert ("MESH:D029771", "increases_amount", IL6) in got  # healthy people are no steadied name


def test_a_bullet_opening_with_helps_or_may_leaves_out_the_compound(ex: Extractor) -> None:
    text = "Quercetin\n\nBenefits\n- Helps reduce fatigue\n- May lower IL-6\n- Naturally helps to lower TNF\n"
    got = triples(ex, text)
    assert {(QUERCETIN, "decreases_process", "MESH:D005221"), (QUERCETIN, "decreases_amount", IL6)} <= got
    assert (QUERCETIN, "decreases_amount", TNF) in got


def test_a_change_in_the_treated_group_is_the_substances_doing(ex: Extractor) -> None:
    text = (
        "Magnesium\n\nSleep efficiency improved in the magnesium group. Cortisol fell in the magnesium-treated "
        "group. IL-6 rose in the hippocampus.\n"
    )
    got = triples(ex, text)
    assert ("MESH:D008274", "increases_process", "GO:0030431") in got
    assert ("MESH:D008274", "decreases_amount", "CHEBI:17650") in got
    assert not any(o == "MESH:D008274" for _, _, o in got)  # the group's substance is no object


def test_these_molecules_stand_for_the_last_chemical_and_harmed_names_are_no_objects(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin scavenges reactive oxygen species. These molecules promote oxidative damage to "
        "DNA, proteins, and lipids and raise TNF.\n"
    )
    got = triples(ex, text)
    assert ("MESH:D017382", "increases_amount", TNF) in got
    assert not any(o in ("MESH:D004247", "MESH:D008055") for _, _, o in got)  # DNA and lipids are harmed


def test_a_name_written_as_the_opposite_of_a_concept_turns_the_sign(ex: Extractor) -> None:
    got = triples(ex, "Resveratrol\n\nResveratrol improves insulin sensitivity and lowers IL-6.\n")
    assert ("CHEBI:27881", "decreases_process", "MESH:D007333") in got  # lowers insulin resistance
    assert not any(o in ("HGNC:6081", "MESH:D007333") and p.startswith("increases") for _, p, o in got)


def test_a_noun_after_an_object_shares_no_object_with_the_next_verb(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin enhances dopamine release and attenuates oxidative stress.\n")
    assert (QUERCETIN, "decreases_process", "MESH:D018384") in got
    assert (QUERCETIN, "increases_process", "MESH:D018384") not in got
    got = triples(ex, "Quercetin\n\nPDK1 and mTORC2 phosphorylate and activate AKT1.\n")
    assert ("HGNC:8816", "activates", "HGNC:391") in got  # coordinated verbs still share theirs


def test_symptoms_named_by_an_adjective_are_the_disorder(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin had no effect on depressive symptoms. It lowered anxiety symptoms.\n")
    assert (QUERCETIN, "regulates", "MESH:D003863") in got  # denied, read as no_effect
    assert (QUERCETIN, "decreases_process", "MESH:D001007") in got


def test_a_function_named_by_an_adjective_is_the_process(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin improves immune function and reproductive capacity but not liver function.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "increases_process", "MESH:D007109") in got  # immune -> immunity
    assert (QUERCETIN, "increases_process", "GO:0000003") in got  # reproductive -> reproduction
    assert not any("liver" in o.lower() or o == "MESH:D008099" for _, _, o in got)  # an organ is no process


def test_an_implied_effect_on_a_list_of_gerunds_keeps_the_clause_subject(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol. Quercetin is active in raising melatonin levels, improving "
        "anti-inflammatory functions, and restoring reproductive function.\n"
    )
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_process", "GO:0006954") in got  # not melatonin's effect
    assert (QUERCETIN, "increases_process", "GO:0000003") in got
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin improves the anti-inflammatory functions of the gut.\n"
    assert (QUERCETIN, "decreases_process", "GO:0006954") in triples(ex, text)
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin raises melatonin, which has anti-inflammatory effects.\n"
    assert ("CHEBI:16796", "decreases_process", "GO:0006954") in triples(ex, text)


def test_a_class_noun_in_the_title_is_no_compound_and_the_name_grounded_in_brackets_is_found(ex: Extractor) -> None:
    text = (
        "Fox's Glove Mushroom Tea\n\nFox's glove (Withania somnifera) is a mushroom. Fox's glove lowers "
        "cortisol. The mushroom raises IL-6. Mushrooms are fungi.\n"
    )
    result = extract_document(read_text(text, "p.txt"), ex)
    assert result.document["compound"] == "MESH:D032341"  # not the order of mushrooms the class noun names
    got = {(c.subject, c.predicate.value, c.object) for c in result.claims}
    assert ("MESH:D032341", "decreases_amount", "CHEBI:17650") in got  # the name as written, grounded in brackets
    assert ("MESH:D032341", "increases_amount", "HGNC:6018") in got  # "the mushroom" is the compound


def test_a_piece_of_a_hyphenated_sequence_is_never_the_compound(ex: Extractor) -> None:
    text = (
        "Noventide 10 mg Vial\n\nNoventide is a synthetic heptapeptide (Met-Glu-His-Phe-Pro-Gly-Pro). "
        "Noventide raises BDNF in rats. Noventide lowers IL-6.\n"
    )
    result = extract_document(read_text(text, "p.txt"), ex)
    assert result.document["compound"] == "mechkg:noventide"  # not Met-Glu-His, a tripeptide of the sequence
    got = {(c.subject, c.predicate.value, c.object) for c in result.claims}
    assert ("mechkg:noventide", "increases_amount", "HGNC:1033") in got


def test_a_name_in_brackets_before_a_comma_grounds_the_title_name(ex: Extractor) -> None:
    text = (
        "Alpha-GPC Powder\n\nAlpha-GPC (L-alpha-glycerylphosphorylcholine, also sold under another name) is "
        "a choline compound. In rats, alpha-GPC raised acetylcholine in the hippocampus.\n"
    )
    result = extract_document(read_text(text, "p.txt"), ex)
    assert result.document["compound"] == "MESH:D005997"
    got = {(c.subject, c.predicate.value, c.object) for c in result.claims}
    assert ("MESH:D005997", "increases_amount", "CHEBI:15355") in got  # the gene GYPC ('GPC') is no subject
    assert not any(s.startswith("HGNC:") for s, _, _ in got)


def test_stopping_acting_without_causing_and_model_behaviour(ex: Extractor) -> None:
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. In cell lines quercetin stops cell division.\n")
    assert (QUERCETIN, "decreases_process", "GO:0051301") in got
    assert not triples(ex, "Quercetin\n\nQuercetin is a flavonol. Stop taking quercetin before surgery.\n")
    text = "Quercetin\n\nQuercetin is a flavonol. In mice it reduced anxiety-like behaviour without causing weight gain"
    result = extract_document(read_text(text, "p.txt"), ex)
    got = {(c.subject, c.predicate.value, c.object, c.direction) for c in result.claims}
    assert (QUERCETIN, "decreases_process", "MESH:D001007", "supports") in got  # anxiety-like behaviour: anxiety
    assert any(s == QUERCETIN and d == "no_effect" for s, _, _, d in got)  # without causing: no effect, same subject


def test_a_sentence_announcing_the_plan_of_a_review_gives_no_claim(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol. In this review we describe how quercetin acts on TNF and then "
        "summarise its actions on inflammation. Quercetin lowers IL-6.\n"
    )
    got = triples(ex, text)
    assert got == {(QUERCETIN, "decreases_amount", "HGNC:6018")}
    text = "Quercetin\n\nQ: Does quercetin lower TNF?\nA: Trials show it lowers IL-6.\n"
    assert triples(ex, text) == {(QUERCETIN, "decreases_amount", "HGNC:6018")}  # a question asserts nothing


def test_a_list_completes_the_relation_its_lead_in_leaves_open(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol. It blocks NF-kB and lowers the release of:\n- TNF\n- IL-6\n\n"
        "Also sold with:\n- IL-1 test strips\n"
    )
    result = extract_document(read_text(text, "p.txt"), ex)
    got = {(c.subject, c.predicate.value, c.object) for c in result.claims}
    assert {(QUERCETIN, "decreases_amount", "HGNC:11892"), (QUERCETIN, "decreases_amount", "HGNC:6018")} <= got
    assert [c.object for c in result.claims].count("FPLX:NFkappaB") == 1  # the lead-in's own claim, drafted once
    assert not any(c.object == "FPLX:IL1" for c in result.claims)  # a lead-in with no verb hands nothing on
    lead, item = text.index("It blocks"), text.index("- TNF")
    assert all(c.span[0] <= lead < item < c.span[1] for c in result.claims if c.object == "HGNC:11892")


def test_every_name_of_a_list_that_changed_in_a_treated_group_is_changed_by_the_treatment(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. IL-6 and TNF levels were lower in the quercetin groups.\n"
    got = triples(ex, text)
    assert {(QUERCETIN, "decreases_amount", "HGNC:6018"), (QUERCETIN, "decreases_amount", "HGNC:11892")} <= got


def test_an_apposition_after_an_object_describes_it_and_is_not_acted_on(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin raises IL-6 levels in muscle, a cytokine linked to fever.\n"
    assert triples(ex, text) == {(QUERCETIN, "increases_amount", "HGNC:6018")}
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin raises IL-6, TNF and IL-1.\n"
    assert len(triples(ex, text)) == 3  # a plain list is every object
    text = (
        "Quercetin\n\nQuercetin is a flavonol. Quercetin lowers IL-6, a cytokine of fever, and reduces the "
        "release of TNF.\n"
    )
    assert triples(ex, text) == {
        (QUERCETIN, "decreases_amount", "HGNC:6018"),
        (QUERCETIN, "decreases_amount", "HGNC:11892"),
    }


def test_an_aspect_word_heading_a_phrase_is_no_object_and_says_nothing_of_an_earlier_object(ex: Extractor) -> None:
    assert not triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin blocks phosphorylation of the cells.\n")
    got = triples(ex, "Quercetin\n\nQuercetin is a flavonol. Quercetin suppresses NF-kB activation by blocking TNF.\n")
    assert (QUERCETIN, "inhibits", "FPLX:NFkappaB") in got  # 'activation', not a word after 'by'
    text = (
        "Quercetin\n\nQuercetin is a flavonol. Quercetin suppresses NF-kB activation by blocking "
        "phosphorylation of TNF.\n"
    )
    got = triples(ex, text)
    assert (QUERCETIN, "inhibits", "FPLX:NFkappaB") in got and (
        QUERCETIN,
        "decreases_phosphorylation",
        "HGNC:11892",
    ) in got


def test_two_names_sharing_a_head_noun_and_them_after_a_second_verb(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin binds AMPA and kainate glutamate receptors and may block them.\n"
    got = triples(ex, text)
    assert {(QUERCETIN, "binds", "FPLX:GRIA"), (QUERCETIN, "binds", "FPLX:Kainate_family")} <= got
    assert {(QUERCETIN, "inhibits", "FPLX:GRIA"), (QUERCETIN, "inhibits", "FPLX:Kainate_family")} <= got
    assert not any(o == "CHEBI:31746" for _, _, o in got)  # not the chemical AMPA


def test_constituents_after_whose_building_blocks_and_scores(ex: Extractor) -> None:
    text = "Onion\n\nOnions are plants whose main active compounds, quercetin and kaempferol, are flavonols.\n"
    assert ("MESH:D019697", "has_part", QUERCETIN) in triples(ex, text)
    text = "Quercetin\n\nQuercetin is a flavonol. The freed choline is used by neurons to make acetylcholine.\n"
    assert ("CHEBI:15354", "increases_amount", "CHEBI:15355") in triples(ex, text)
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin improved reproductive scores in rats.\n"
    assert (QUERCETIN, "increases_process", "GO:0000003") in triples(ex, text)
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin mimics caloric restriction in yeast.\n"
    assert (QUERCETIN, "mimics", "MESH:D031204") in triples(ex, text)  # an intervention, a process


def test_names_similar_across_the_groups_of_a_trial_are_unchanged_by_the_compound(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. Levels of IL-6 and TNF were similar across the groups.\n"
    result = extract_document(read_text(text, "p.txt"), ex)
    got = {(c.subject, c.predicate.value, c.object, c.direction) for c in result.claims}
    assert got == {
        (QUERCETIN, "regulates", "HGNC:6018", "no_effect"),
        (QUERCETIN, "regulates", "HGNC:11892", "no_effect"),
    }
    assert not triples(ex, "Quercetin\n\nQuercetin is a flavonol. The two groups were similar in age.\n")


def test_a_stimulus_sets_the_scene_and_which_after_cells_speaks_of_the_clause(ex: Extractor) -> None:
    text = (
        "Quercetin\n\nQuercetin is a flavonol. Quercetin inhibits NF-kB in LPS-stimulated macrophages, which "
        "lowers the production of TNF and IL-6.\n"
    )
    got = triples(ex, text)
    assert {(QUERCETIN, "decreases_amount", "HGNC:11892"), (QUERCETIN, "decreases_amount", "HGNC:6018")} <= got
    assert not any(o == "CHEBI:16412" for _, _, o in got)  # LPS is the stimulus, not acted on


def test_the_release_of_after_a_verb_and_a_cotreatment_are_no_rise_of_their_names(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin suppresses NF-kB activation and the release of TNF.\n"
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_amount", "HGNC:11892") in got and (
        QUERCETIN,
        "increases_amount",
        "HGNC:11892",
    ) not in got
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin triggers the release of TNF.\n"
    assert (QUERCETIN, "increases_amount", "HGNC:11892") in triples(ex, text)
    text = "Quercetin\n\nQuercetin is a flavonol. Quercetin raises IL-6 when combined with caffeine.\n"
    assert triples(ex, text) == {(QUERCETIN, "increases_amount", "HGNC:6018")}


def test_a_substance_in_a_table_row_acts_on_the_name_in_a_later_cell(ex: Extractor) -> None:
    text = (
        "Calm Blend\n\n| Ingredient | Amount | What it does |\n|---|---|---|\n| Quercetin | 300 mg | Lowers TNF |\n"
        "| Caffeine | 50 mg | Raises dopamine |\n\nCalm Blend is a supplement blend.\n"
    )
    got = triples(ex, text)
    assert (QUERCETIN, "decreases_amount", "HGNC:11892") in got
    assert ("CHEBI:27732", "increases_amount", "CHEBI:18243") in got
    assert not any(o in (QUERCETIN, "CHEBI:27732") for s, p, o in got if p != "has_part")  # not acted on
    parts = {o for s, p, o in got if p == "has_part" and s == "mechkg:calm-blend"}  # not "Blend", a class noun
    assert parts == {QUERCETIN, "CHEBI:27732"}


def test_a_class_noun_after_the_copula_hands_its_clause_to_the_subject(ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin is a yellow flavonol found in onions.\n"
    assert (QUERCETIN, "part_of", "MESH:D019697") in triples(ex, text)


def test_a_noun_passive_names_its_agent_and_its_patient_acts_next(ex: Extractor) -> None:
    got = triples(ex, "Berberine\n\nAMPK activation by berberine suppresses gluconeogenesis.\n")
    assert ("CHEBI:16118", "activates", "FPLX:AMPK") in got
    assert ("FPLX:AMPK", "decreases_process", "GO:0006094") in got
    got = triples(ex, "Berberine\n\nNF-kB inhibition by berberine lowers TNF.\n")
    assert ("CHEBI:16118", "inhibits", "FPLX:NFkappaB") in got


def test_a_possessive_name_in_the_title_is_one_name_grounded_by_its_latin_name(ex: Extractor) -> None:
    text = (
        "Fox's Glove Tea Capsules\n\nFox's glove (Withania somnifera) is a shrub. Fox's glove lowers cortisol. "
        "Fox's glove raises IL-6.\n"
    )
    result = extract_document(read_text(text, "p.txt"), ex)
    assert result.document["compound_as_written"] == "Fox's Glove"
    assert result.document["compound"] == "MESH:D032341"  # the vocabulary's name given in parentheses (the genus)


def test_an_opening_phrase_then_an_anaphor_is_no_apposition(ex: Extractor) -> None:
    # "cell lines, the compound inhibits": the words after the comma hold a verb, so they are a
    # clause of the compound's, not an apposition naming the cell lines
    text = "Quercetin\n\nIn cancer cell lines, the compound inhibits STAT3, lowers IL-6, and induces apoptosis.\n"
    got = triples(ex, text)
    assert {(QUERCETIN, "inhibits", "HGNC:11364"), (QUERCETIN, "decreases_amount", IL6)} <= got
    assert (QUERCETIN, "increases_process", "GO:0006915") in got
    assert not any(s == "MESH:D002460" for s, _, _ in got)
