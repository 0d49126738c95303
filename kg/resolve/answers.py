"""The answers of the services ``kg resolve`` asks, parsed: PubMed EFetch XML, ESearch JSON,
Europe PMC search JSON and Crossref update notices; ``ValueError`` for an answer that is malformed."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

from kg.metadata import Update, UpdateKind, WorkMetadata

__all__ = [
    "CROSSREF_UPDATES",
    "parse_crossref_updates",
    "parse_efetch",
    "parse_esearch",
    "parse_europepmc",
]

#: Crossref update types and what they mean for mechkg (others are ignored).
CROSSREF_UPDATES = {
    "retraction": UpdateKind.RETRACTION,
    "partial_retraction": UpdateKind.RETRACTION,
    "withdrawal": UpdateKind.RETRACTION,
    "removal": UpdateKind.RETRACTION,
    "expression_of_concern": UpdateKind.EXPRESSION_OF_CONCERN,
    "correction": UpdateKind.CORRECTION,
    "corrigendum": UpdateKind.CORRECTION,
    "erratum": UpdateKind.CORRECTION,
}


def _text(node: ET.Element | None) -> str:
    """The text of an XML element, spaces collapsed ("" for none)."""
    return " ".join("".join(node.itertext()).split()) if node is not None else ""


def parse_efetch(body: bytes) -> dict[str, WorkMetadata]:
    """PubMed EFetch XML (``PubmedArticleSet``) as metadata by PMID; ValueError when malformed."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as exc:
        raise ValueError(f"malformed XML: {exc}") from exc
    if root.tag != "PubmedArticleSet":
        raise ValueError(f"expected a PubmedArticleSet, got <{root.tag}>")
    out = {}
    for article in root.iter("PubmedArticle"):
        pmid = _text(article.find("MedlineCitation/PMID"))
        if not pmid:
            raise ValueError("a PubmedArticle has no PMID")
        ids = {
            a.get("IdType", ""): _text(a)
            for a in article.findall("PubmedData/ArticleIdList/ArticleId")
            if a.get("IdType") in ("doi", "pmc")
        }
        out[pmid] = WorkMetadata(
            pmid=pmid,
            pmcid=ids.get("pmc", ""),
            doi=ids.get("doi", ""),
            title=_text(article.find("MedlineCitation/Article/ArticleTitle")),
            publication_types=tuple(
                sorted(
                    {_text(p) for p in article.findall("MedlineCitation/Article/PublicationTypeList/PublicationType")}
                )
            ),
            mesh=tuple(
                sorted(
                    {_text(d) for d in article.findall("MedlineCitation/MeshHeadingList/MeshHeading/DescriptorName")}
                )
            ),
            source="pubmed",
        )
    return out


def _json(body: bytes) -> Any:
    """An answer as JSON; ValueError when it is not."""
    try:
        return json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ValueError(f"malformed JSON: {exc}") from exc


def parse_esearch(body: bytes) -> tuple[int, list[str]]:
    """ESearch JSON: the hit count and the PMIDs listed."""
    data = _json(body)
    try:
        result = data["esearchresult"]
        return int(result["count"]), [str(i) for i in result["idlist"]]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"no esearchresult count/idlist ({exc})") from exc


def parse_europepmc(body: bytes) -> tuple[int, list[WorkMetadata]]:
    """Europe PMC search JSON (resultType core): the hit count and the results as metadata."""
    data = _json(body)
    try:
        hits = int(data["hitCount"])
        results = data["resultList"]["result"]
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"no hitCount/resultList ({exc})") from exc
    out = []
    for item in results:
        types = (item.get("pubTypeList") or {}).get("pubType") or []
        mesh = [m.get("descriptorName", "") for m in (item.get("meshHeadingList") or {}).get("meshHeading") or []]
        out.append(
            WorkMetadata(
                pmid=str(item.get("pmid", "")),
                pmcid=str(item.get("pmcid", "")),
                doi=str(item.get("doi", "")),
                title=" ".join(str(item.get("title", "")).split()),
                publication_types=tuple(sorted({str(t) for t in types})),
                mesh=tuple(sorted({m for m in mesh if m})),
                source="europepmc",
            )
        )
    return hits, out


def parse_crossref_updates(body: bytes) -> dict[str, list[Update]]:
    """Crossref ``/works?filter=updates:…`` JSON: update notices by the (lower-case) DOI they update."""
    data = _json(body)
    try:
        items = data["message"]["items"]
    except (KeyError, TypeError) as exc:
        raise ValueError(f"no message.items ({exc})") from exc
    out: dict[str, list[Update]] = {}
    for item in items:
        for target in item.get("update-to") or []:
            kind = CROSSREF_UPDATES.get(str(target.get("type", "")))
            if kind is not None and target.get("DOI"):
                update = Update(kind, str(item.get("DOI", "")), "crossref")
                out.setdefault(str(target["DOI"]).lower(), []).append(update)
    return out
