"""kg.extract.cosubjects: names coordinated with a chosen subject."""

from __future__ import annotations

from kg.extract.cosubjects import co_subjects
from kg.extract.extractor import Extractor
from kg.extract.triggers import find_triggers
from tests.extract_steps import statement_of


def test_names_joined_by_and_before_the_subject_share_its_verb(reader_ex: Extractor) -> None:
    text = "TNF and IL-6 raise IL-1."
    st = statement_of(reader_ex, text)
    [trig] = find_triggers(reader_ex.rules, text, st.mentions)
    assert [s[0] for s in co_subjects(st, st.mentions, ("HGNC:6018", "IL-6", 1.0), trig)] == ["HGNC:11892"]


def test_a_name_without_and_is_no_co_subject(reader_ex: Extractor) -> None:
    text = "Unlike TNF, IL-6 raises IL-1."
    st = statement_of(reader_ex, text)
    [trig] = find_triggers(reader_ex.rules, text, st.mentions)
    assert co_subjects(st, st.mentions, ("HGNC:6018", "IL-6", 1.0), trig) == []
