"""Reference entries (:mod:`kg.read.refparse`): numbering, ids, host and title, the list's heading."""

from __future__ import annotations

from kg.read.refparse import (
    author_year_key,
    is_reference_heading,
    looks_like_reference,
    numbered_entry,
    parse_entry,
    parse_ids,
    section_entry,
)


def test_ids_of_an_entry() -> None:
    assert parse_ids("PMID: 123456 PMC7654321 doi:10.1000/xyz.1 NCT01234567") == (
        "PMID:123456",
        "PMCID:PMC7654321",
        "doi:10.1000/xyz.1",
        "NCT:NCT01234567",
    )


def test_title_host_and_url() -> None:
    fields = parse_entry("Smith J. A trial. https://www.journal.example.org/abs/1")
    assert (fields.title, fields.host, fields.url) == (
        "Smith J. A trial",
        "www.journal.example.org",
        "https://www.journal.example.org/abs/1",
    )


def test_numbering_headings_and_keys() -> None:
    assert numbered_entry("12. Smith J.") == (12, 4)
    assert numbered_entry("[3] Lee") == (3, 4)
    assert numbered_entry("Plain") is None
    assert is_reference_heading("References") and is_reference_heading("## Bibliography")
    assert not is_reference_heading("Results")
    assert author_year_key("Smith J, Lee K (2019). A study.") == ("smith", "2019")
    assert looks_like_reference("Smith J, Lee K. A study of mice. J Test. 2019;3:1-9.")
    assert section_entry("Introduction")
