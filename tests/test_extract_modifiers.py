"""kg.extract.modifiers: names that modify the next ("TNF-induced apoptosis"), role nouns, routes
("via AMPK"), pathways a protein stands for, and demonstrative objects."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.modifiers import demonstrative_objects, modifier_claims, routes
from kg.model import Predicate
from tests.extract_steps import statement_of


def test_a_name_before_induced_raises_the_next_name(reader_ex: Extractor) -> None:
    st = statement_of(reader_ex, "It blocked TNF-induced apoptosis.")
    modifiers = [m for m in st.mentions if st.text[m.end :].startswith("-induced")]
    claims = modifier_claims(reader_ex, st, st.mentions, modifiers, [], (), (0, 9), ["unspecified"], False)
    assert [(c.subject, c.predicate, c.object) for c in claims] == [
        ("HGNC:11892", Predicate.INCREASES_PROCESS, "GO:0006915")
    ]


def test_names_after_via_are_the_route(reader_ex: Extractor) -> None:
    text = "It lowered IL-6 via AMPK."
    st = statement_of(reader_ex, text)
    assert [m.entity for m in routes(reader_ex, st, st.mentions, text.index(" via"), [])] == ["FPLX:AMPK"]


def test_this_pathway_names_the_last_pathway(reader_ex: Extractor) -> None:
    text = "Quercetin acts on the mTOR signaling pathway. It blocks this pathway."
    st = statement_of(reader_ex, text)
    second = text.index("It blocks")
    earlier = [m for m in st.mentions if m.end <= second and m.type.value == "pathway"]
    [found] = demonstrative_objects(reader_ex.rules, st, st.mentions, text, second, len(text))
    assert text[found.start : found.end] == "this pathway" and found.entity == earlier[-1].entity
