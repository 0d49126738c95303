"""kg.extract.walk: the statements of a document to draft, their citations, repeats read once, list
items joined to their lead-in, headings that state a relation."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.walk import statement_jobs
from kg.read.reader import read_text
from tests.extract_steps import QUERCETIN


def _walk(ex: Extractor, text: str):
    parsed = read_text(text, "p.txt")
    texts = [s.text for s in parsed.segments]
    return statement_jobs(parsed, ex, texts, ex.matcher.find_many(texts), QUERCETIN, "quercetin")


def test_a_repeated_statement_is_read_once_and_markers_are_noted(reader_ex: Extractor) -> None:
    text = "Quercetin\n\nQuercetin lowers TNF [1]. Quercetin lowers TNF [1].\n\nReferences\n\n1. A. Trial. 2001.\n"
    walk = _walk(reader_ex, text)
    assert walk.repeated == 1 and len(walk.jobs) == 1
    st, cites, _, table = walk.jobs[0]
    assert cites == (1,) and not table and st.compound == QUERCETIN and 1 in walk.citing


def test_list_items_are_joined_to_their_lead_in(reader_ex: Extractor) -> None:
    walk = _walk(reader_ex, "Quercetin\n\nQuercetin lowers the release of:\n- TNF\n- IL-6\n")
    items = [st for st, _, _, _ in walk.jobs if st.list_start >= 0]
    assert [st.text[st.list_start :] for st in items] == ["TNF", "IL-6"]


def test_a_heading_that_states_a_relation_is_a_statement(reader_ex: Extractor) -> None:
    walk = _walk(reader_ex, "Quercetin Lowers TNF\n\nQuercetin is a flavonol.\n")
    assert any(st.text == "Quercetin Lowers TNF" for st, _, _, _ in walk.jobs)
