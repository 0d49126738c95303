"""The services' answers parsed (:mod:`kg.resolve.answers`); a malformed answer is a ValueError."""

from __future__ import annotations

import json

import pytest

from kg.metadata import Update, UpdateKind
from kg.resolve.answers import parse_crossref_updates, parse_efetch, parse_esearch, parse_europepmc

EFETCH = b"""<PubmedArticleSet><PubmedArticle>
<MedlineCitation><PMID>101</PMID><Article><ArticleTitle>A  made-up
 title.</ArticleTitle><PublicationTypeList><PublicationType>Review</PublicationType>
<PublicationType>Journal Article</PublicationType></PublicationTypeList></Article>
<MeshHeadingList><MeshHeading><DescriptorName>Mice</DescriptorName></MeshHeading></MeshHeadingList>
</MedlineCitation>
<PubmedData><ArticleIdList><ArticleId IdType="doi">10.1000/xyz</ArticleId><ArticleId IdType="pmc">PMC42</ArticleId>
<ArticleId IdType="pubmed">101</ArticleId></ArticleIdList></PubmedData>
</PubmedArticle></PubmedArticleSet>"""


def test_efetch() -> None:
    work = parse_efetch(EFETCH)["101"]
    assert (work.pmid, work.pmcid, work.doi, work.title) == ("101", "PMC42", "10.1000/xyz", "A made-up title.")
    assert work.publication_types == ("Journal Article", "Review") and work.mesh == ("Mice",)
    assert work.source == "pubmed"
    with pytest.raises(ValueError, match="malformed XML"):
        parse_efetch(b"<PubmedArticleSet>")
    with pytest.raises(ValueError, match="expected a PubmedArticleSet"):
        parse_efetch(b"<eSearchResult/>")


def test_esearch_and_europepmc() -> None:
    assert parse_esearch(json.dumps({"esearchresult": {"count": "2", "idlist": ["7", "8"]}}).encode()) == (
        2,
        ["7", "8"],
    )
    with pytest.raises(ValueError, match="no esearchresult"):
        parse_esearch(b"{}")
    body = {
        "hitCount": 1,
        "resultList": {
            "result": [{"pmid": "9", "title": "A  title", "pubTypeList": {"pubType": ["Review"]}, "doi": "10.1/a"}]
        },
    }
    hits, [work] = parse_europepmc(json.dumps(body).encode())
    assert hits == 1 and (work.pmid, work.title, work.publication_types, work.source) == (
        "9",
        "A title",
        ("Review",),
        "europepmc",
    )
    with pytest.raises(ValueError, match="malformed JSON"):
        parse_europepmc(b"not json")


def test_crossref_updates_by_the_doi_they_update() -> None:
    items = [
        {"DOI": "10.1/notice", "update-to": [{"type": "retraction", "DOI": "10.1/ORIGINAL"}]},
        {"DOI": "10.1/other", "update-to": [{"type": "new_edition", "DOI": "10.1/original"}]},
    ]
    parsed = parse_crossref_updates(json.dumps({"message": {"items": items}}).encode())
    assert parsed == {"10.1/original": [Update(UpdateKind.RETRACTION, "10.1/notice", "crossref")]}
