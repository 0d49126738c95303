"""The data of the report's interactive parts (claims table and graph) as JSON-ready values, the
links of each reference, and JSON text safe inside a script element."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import quote, urlsplit

from kg.model import (
    Claim,
    EvidenceLevel,
    KnowledgeBase,
    Reference,
    SupportClass,
)
from kg.pathway import Pathway
from kg.render.styles import EDGE_STYLES, SUPPORT_TAGS
from kg.seeds.documents import span_text

__all__ = [
    "identifier_links",
    "json_for_script",
    "report_data",
]


def identifier_links(ref: Reference) -> list[tuple[str, str]]:
    """(name, URL) links for a reference: PubMed, PMC, DOI, Cochrane, ClinicalTrials.gov, its own URL.

    Only ``http(s)`` URLs are returned; identifier values are percent-quoted into the path.
    """
    links: list[tuple[str, str]] = []
    for ident in ref.ids:
        prefix, _, local = ident.partition(":")
        local = quote(local.strip(), safe="/.-_()")
        kind = prefix.lower()
        if not local:
            continue
        if kind == "pmid":
            links.append(("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{local}/"))
        elif kind == "pmcid":
            links.append(("PMC", f"https://pmc.ncbi.nlm.nih.gov/articles/{local}/"))
        elif kind == "doi":
            links.append(("DOI", f"https://doi.org/{local}"))
        elif kind == "cochrane":
            links.append(("Cochrane", f"https://www.cochranelibrary.com/cdsr/doi/10.1002/14651858.{local}/full"))
        elif kind == "nct":
            links.append(("ClinicalTrials.gov", f"https://clinicaltrials.gov/study/{local}"))
    if ref.url and _is_web(ref.url):
        links.append((urlsplit(ref.url).netloc.lower(), ref.url))
    return links


def _is_web(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme.lower() in ("http", "https") and bool(parts.netloc) and url == url.strip()


def report_data(
    kb: KnowledgeBase,
    pathways: Sequence[Pathway] = (),
    documents: Path | None = None,
    link_from: Path | None = None,
) -> dict[str, object]:
    """Everything the interactive table and graph show, as JSON-ready data (deterministic order).

    Claims refer to documents, entities and references by index or id; every reference entry of
    every document is present, cited or not. With ``documents`` and ``link_from`` (the folder the
    report is written into), each evidence record links to its document by a path relative to the
    report, so the link works wherever the project is checked out.
    """
    doc_keys = sorted(kb.documents)
    doc_index = {k: i for i, k in enumerate(doc_keys)}
    refs = sorted(kb.references, key=lambda r: (r.document, r.n))
    ref_index = {r.key: i for i, r in enumerate(refs)}
    used = sorted({e for c in kb.claims for e in (c.subject, c.object)})
    claims = [
        _claim_data(claim, doc_index, ref_index, documents, link_from)
        for claim in sorted(kb.claims, key=lambda c: c.id)
    ]
    return {
        "classes": [
            [s.value, s.value.replace("_", " "), EDGE_STYLES[s][0], EDGE_STYLES[s][1], SUPPORT_TAGS[s]]
            for s in SupportClass
        ],
        "levels": [lv.value for lv in EvidenceLevel],
        "documents": [[k, kb.documents[k].label, kb.documents[k].file] for k in doc_keys],
        "entities": {e: [kb.label(e), kb.entities[e].type.value if e in kb.entities else ""] for e in used},
        "pathways": [[p.id, p.label, sorted(set(p.members) & set(used))] for p in pathways],
        "references": [_reference_data(r, doc_index) for r in refs],
        "claims": claims,
        "sentences": documents is not None,
    }


def _claim_data(
    claim: Claim,
    doc_index: dict[str, int],
    ref_index: dict[str, int],
    documents: Path | None,
    link_from: Path | None,
) -> dict[str, object]:
    """One claim of :func:`report_data`, its evidence records with their spans (and text, links)."""
    evidence = []
    for ev in claim.evidence:
        text = span_text(ev.locator, documents)
        evidence.append(
            [
                doc_index.get(ev.document, -1),
                ev.locator.file,
                ev.locator.start,
                ev.locator.end,
                int(ev.hedged),
                int(ev.extracted),
                text,
                _document_link(documents, ev.locator.file, link_from),
            ]
        )
    extracted = {ev.extracted for ev in claim.evidence}
    origin = "both" if len(extracted) > 1 else ("extracted" if True in extracted else "curated")
    record: dict[str, object] = {
        "id": claim.id,
        "s": claim.subject,
        "p": claim.predicate.value,
        "o": claim.object,
        "c": claim.context,
        "d": claim.direction.value,
        "sc": claim.support.value,
        "lv": [lv.value for lv in claim.levels],
        "r": [ref_index[r.key] for r in claim.references if r.key in ref_index],
        "w": len(claim.works),
        "e": evidence,
        "or": origin,
    }
    if claim.withdrawn:
        record["wd"] = 1  # its only support is a retracted work
    return record


def _reference_data(r: Reference, doc_index: dict[str, int]) -> dict[str, object]:
    """One reference entry of :func:`report_data`, with its links."""
    return {
        "k": r.key,
        "d": doc_index.get(r.document, -1),
        "t": r.title,
        "h": r.host,
        "ids": list(r.ids),
        "lv": r.level.value,
        "st": r.source_type.value,
        "b": r.basis.value,
        "n": r.note,
        "l": [list(link) for link in identifier_links(r)],
        **({"rt": r.retracted} if r.retracted else {}),
    }


def json_for_script(data: object) -> str:
    """JSON text safe inside ``<script type="application/json">``: sorted keys, and ``<``, ``>``,
    ``&`` and the JavaScript line separators escaped, so no ``</script>`` or ``<!--`` can occur."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for char, code in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(char, code)
    return text


def _document_link(documents: Path | None, file: str, link_from: Path | None) -> str:
    """The source document's path relative to the report's folder, as a URL path ('' when unknown)."""
    if documents is None or link_from is None or not (documents / file).is_file():
        return ""
    import os
    import urllib.parse

    relative = os.path.relpath((documents / file).resolve(), link_from.resolve())
    return urllib.parse.quote(Path(relative).as_posix())
