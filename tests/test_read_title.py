"""A document's title and compound of interest (:mod:`kg.read.title`)."""

from __future__ import annotations

from kg.read.lines import Page
from kg.read.title import title_and_compound, title_compound


def _read(text: str, fmt: str = "markdown") -> tuple[str, str]:
    return title_and_compound(Page(text, "t.md", fmt), set())


def test_the_first_markdown_title_and_the_title_word_the_body_repeats() -> None:
    text = "# Zorbanol and the cell\n\nZorbanol raises beta. Zorbanol is studied in mice. The cell responds.\n"
    assert _read(text) == ("Zorbanol and the cell", "Zorbanol")


def test_a_compound_field_wins_over_the_title() -> None:
    text = "# A product page\n\nCompound: Quilatide\n\nSome words about the product.\n"
    assert _read(text) == ("A product page", "Quilatide")


def test_the_html_title() -> None:
    html = "<html><head><title>Quilatide facts</title></head><body><p>Quilatide is a peptide.</p></body></html>"
    assert _read(html, "html") == ("Quilatide facts", "Quilatide")


def test_a_two_word_name_repeated_as_a_pair() -> None:
    body = "Lion Mane grows on trees. Lion Mane extract was given. Lion Mane again."
    assert title_compound(body, "Lion Mane benefits") == "Lion Mane"


def test_a_question_standing_first_is_the_title_not_a_later_heading() -> None:
    text = (
        "What is Velnorin-12, and does the so-called repair peptide keep its many promises?\n\n"
        "Velnorin-12 is sold online. It is said to heal tendons.\n\n"
        "The takeaway\n"
        "Velnorin-12 has little human data.\n"
    )
    title, compound = _read(text, "text")
    assert title.startswith("What is Velnorin-12") and compound == "Velnorin-12"
    # a question that is not the first line is a section heading, never the title
    later = "Velnorin guide\n\nSome opening words here.\n\nWhat does Velnorin do?\n\nIt heals.\n"
    assert _read(later, "text")[0] == "Velnorin guide"
