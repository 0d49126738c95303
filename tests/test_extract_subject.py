"""kg.extract.subject: who does what a trigger says (the name before it, a gerund's clause subject,
a relative pronoun's antecedent, an anaphor's compound)."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.statement import Parse
from kg.extract.subject import choose_subject
from kg.extract.triggers import find_triggers
from tests.extract_steps import QUERCETIN, statement_of


def _subjects(ex: Extractor, text: str) -> list[str | None]:
    st = statement_of(ex, text)
    triggers = find_triggers(ex.rules, text, st.mentions)
    parse = Parse(triggers=triggers)
    out = []
    for i, trig in enumerate(triggers):
        subj = choose_subject(ex, st, st.mentions, trig, triggers[:i], parse)
        parse.subjects.append(subj)
        parse.objects.append([])
        out.append(subj[0] if subj else None)
    return out


def test_the_name_before_the_verb_acts(reader_ex: Extractor) -> None:
    assert _subjects(reader_ex, "TNF raises IL-6.") == ["HGNC:11892"]


def test_an_anaphor_stands_for_the_compound(reader_ex: Extractor) -> None:
    assert _subjects(reader_ex, "It lowers IL-6.") == [QUERCETIN]


def test_a_gerund_after_by_takes_the_clause_subject(reader_ex: Extractor) -> None:
    assert _subjects(reader_ex, "Quercetin lowers IL-6 by blocking TNF.") == [QUERCETIN, QUERCETIN]


def test_which_after_a_cell_type_speaks_of_the_clause(reader_ex: Extractor) -> None:
    got = _subjects(reader_ex, "Quercetin blocks TNF in macrophages, which lowers IL-6.")
    assert got == [QUERCETIN, QUERCETIN]


def test_infinitives_of_one_chain_share_the_subject_before_it(reader_ex: Extractor) -> None:
    # not the object of the infinitive before ("apoptosis"), nor the name after "through" ("p53")
    text = "In mice it was shown to raise IL-6, to promote apoptosis through p53 and to inhibit TNF."
    got = _subjects(reader_ex, text)
    assert got == [QUERCETIN, QUERCETIN, QUERCETIN]
    assert _subjects(reader_ex, "BDNF is able to raise IL-6 and to lower TNF.") == ["HGNC:1033", "HGNC:1033"]


def test_a_disease_after_for_or_with_is_a_setting_not_a_subject(reader_ex: Extractor) -> None:
    assert _subjects(reader_ex, "A gel for dry eye disease lowered IL-6.") == [None]
    assert _subjects(reader_ex, "Obesity raises IL-6.") == ["MESH:D009765"]
