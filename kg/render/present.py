"""Presenting claims to people and programs: JSON-ready records, TSV and a readable table.

The CLI prints what these functions return; Python users can call them directly.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.formats.tsv import FINDING_COLUMNS, TSV_COLUMNS, claim_row, finding_row, tsv_bytes
from kg.model import Claim, Finding, KnowledgeBase, Reference, Severity, SupportClass
from kg.query import Path as ChainPath
from kg.query import preclinical_or_vendor_only
from kg.seeds.documents import span_text

__all__ = [
    "as_json",
    "as_table",
    "as_tsv",
    "built_text",
    "claim_record",
    "finding_record",
    "findings_json",
    "findings_summary",
    "findings_table",
    "findings_text",
    "paths_text",
    "reference_links",
    "reference_record",
    "rows_text",
    "summary",
    "weak_support_text",
]

_PUBMED = "https://pubmed.ncbi.nlm.nih.gov/{}/"
_PMC = "https://pmc.ncbi.nlm.nih.gov/articles/{}/"
_DOI = "https://doi.org/{}"


def reference_links(ref: Reference) -> list[str]:
    """Resolvable URLs for a reference's identifiers (PubMed, PMC, DOI) and its own URL."""
    links = []
    for ident in ref.ids:
        prefix, _, local = ident.partition(":")
        template = {"PMID": _PUBMED, "PMCID": _PMC, "doi": _DOI}.get(prefix)
        if template:
            links.append(template.format(local))
    if ref.url:
        links.append(ref.url)
    return links


def reference_record(kb: KnowledgeBase, ref: Reference) -> dict[str, Any]:
    """A reference entry as a JSON-ready dict."""
    return {
        "key": ref.key,
        "work": kb.work_of(ref),
        "title": ref.title,
        "host": ref.host,
        "ids": list(ref.ids),
        "links": reference_links(ref),
        "source_type": ref.source_type.value,
        "level": ref.level.value,
        "basis": ref.basis.value,
        "retracted": ref.retracted,
    }


def claim_record(kb: KnowledgeBase, claim: Claim, documents: Path | None = None) -> dict[str, Any]:
    """A claim with its evidence and graded references as a JSON-ready dict.

    When ``documents`` holds the source files, each evidence record carries the text of its span.
    """
    evidence = []
    for ev in claim.evidence:
        item: dict[str, Any] = {
            "id": ev.id,
            "document": ev.document,
            "file": ev.locator.file,
            "sha256": ev.locator.sha256,
            "span": [ev.locator.start, ev.locator.end],
            "hedged": ev.hedged,
            "references": [ref.key for ref in ev.references],
        }
        text = span_text(ev.locator, documents)
        if text is not None:
            item["text"] = text
        evidence.append(item)
    return {
        "claim_id": claim.id,
        "subject": {"id": claim.subject, "label": kb.label(claim.subject)},
        "predicate": claim.predicate.value,
        "object": {"id": claim.object, "label": kb.label(claim.object)},
        "context": claim.context,
        "direction": claim.direction.value,
        "support": claim.support.value,
        "withdrawn": claim.withdrawn,
        "levels": [lv.value for lv in claim.levels],
        "independent_works": len(claim.works),
        "references": [reference_record(kb, r) for r in claim.references],
        "evidence": evidence,
    }


def as_json(kb: KnowledgeBase, claims: Sequence[Claim], documents: Path | None = None) -> str:
    """Claims as a JSON array (stable key order)."""
    records = [claim_record(kb, c, documents) for c in claims]
    return json.dumps(records, indent=2, ensure_ascii=False, sort_keys=True)


def as_tsv(kb: KnowledgeBase, claims: Sequence[Claim]) -> str:
    """Claims as TSV with the documented claims.tsv columns."""
    return tsv_bytes((claim_row(kb, c) for c in claims), TSV_COLUMNS).decode("utf-8")


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def as_table(kb: KnowledgeBase, claims: Sequence[Claim], documents: Path | None = None, width: int = 100) -> str:
    """A readable listing grouped by support class, with each claim's graded citations.

    Each class gets one ``== class (N) ==`` heading over its N claims, classes in the order they
    first appear in ``claims`` and claims in their given order within a class.
    """
    lines: list[str] = []
    groups: dict[SupportClass, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(claim.support, []).append(claim)
    for support, members in groups.items():
        lines.append(f"\n== {support.value} ({len(members)}) ==")
        lines.extend(_claim_lines(kb, members, documents, width))
    return "\n".join(lines).lstrip("\n") + "\n"


def _claim_lines(kb: KnowledgeBase, claims: Sequence[Claim], documents: Path | None, width: int) -> list[str]:
    """The table lines of claims: the edge, its graded references, its evidence records."""
    lines: list[str] = []
    for claim in claims:
        flag = {"no_effect": " [no effect]", "refutes": " [refuted]"}.get(claim.direction.value, "")
        if claim.withdrawn:
            flag += " [WITHDRAWN: its only support is retracted]"
        lines.append(
            f"{claim.id}  {kb.label(claim.subject)} --{claim.predicate.value}--> "
            f"{kb.label(claim.object)}  ({claim.context}){flag}"
        )
        for ref in claim.references:
            title = ref.title or ref.host or "(no title)"
            mark = f"RETRACTED, was {ref.level.value}" if ref.retracted else ref.level.value
            lines.append(f"    [{mark}] {_short(title, width - 30)}  <{ref.key}>")
        for ev in claim.evidence:
            where = f"{ev.locator.file}:{ev.locator.start}-{ev.locator.end}"
            cited = "cites " + ", ".join(str(r.n) for r in ev.references) if ev.references else "uncited"
            line = f"    asserted by {ev.document} ({where}, {cited}{', hedged' if ev.hedged else ''})"
            lines.append(line)
            text = span_text(ev.locator, documents)
            if text is not None:
                lines.append(f"      “{_short(text, width - 8)}”")
    return lines


def built_text(kb: KnowledgeBase, findings: Sequence[Finding], written: Sequence[Path], store: Any, where: str) -> str:
    """What ``kg build`` says of a build: the graph's summary, the audit, the files written and the
    store load (``store`` has ``triples`` and ``seconds``)."""
    return (
        summary(kb)
        + "audit: " + findings_summary(findings) + "\n"
        + "wrote " + ", ".join(str(p) for p in written) + "\n"
        + f"store: {store.triples} triples {where} ({store.seconds:.1f} s)\n"
    )  # fmt: skip


def weak_support_text(kb: KnowledgeBase, documents: Path | None = None) -> str:
    """The claims resting only on preclinical or vendor sources (or on nothing), as a headed table."""
    claims = preclinical_or_vendor_only(kb)
    head = (
        f"\nClaims resting only on preclinical or vendor sources (or on nothing): {len(claims)} of {len(kb.claims)}\n\n"
    )
    return head + as_table(kb, claims, documents)


def summary(kb: KnowledgeBase) -> str:
    """Counts of documents, references, works, evidence records and claims per support class."""
    counts = Counter(c.support for c in kb.claims)
    evidence = sum(len(c.evidence) for c in kb.claims)
    lines = [
        f"{len(kb.documents)} documents, {len(kb.references)} references "
        f"({len(set(kb.works.values()))} distinct works), {evidence} evidence records, "
        f"{len(kb.claims)} claims",
        "support classes: " + ", ".join(f"{s.value} {counts.get(s, 0)}" for s in SupportClass),
    ]
    return "\n".join(lines) + "\n"


def finding_record(finding: Finding) -> dict[str, Any]:
    """A finding as a JSON-ready dict."""
    return {
        "id": finding.id,
        "category": finding.category.value,
        "severity": finding.severity.value,
        "message": finding.message,
        "document": finding.document,
        "claims": list(finding.claims),
        "references": list(finding.references),
        "locators": [
            {"file": loc.file, "sha256": loc.sha256, "span": [loc.start, loc.end]} for loc in finding.locators
        ],
    }


def findings_json(findings: Sequence[Finding]) -> str:
    """Findings as a JSON array."""
    return json.dumps([finding_record(f) for f in findings], indent=2, ensure_ascii=False, sort_keys=True)


def findings_table(findings: Sequence[Finding], width: int = 110) -> str:
    """Findings grouped by severity, one block each, with counts per category at the end."""
    lines: list[str] = []
    for finding in findings:
        lines.append(f"{finding.id}  {finding.severity.value:<6}  {finding.category.value}")
        lines.append(f"    {_short(finding.message, width - 4)}")
        if finding.claims:
            shown = ", ".join(finding.claims[:6]) + (" …" if len(finding.claims) > 6 else "")
            lines.append(f"    claims: {shown}")
        if finding.references:
            lines.append(f"    references: {', '.join(finding.references)}")
        if finding.locators:
            loc = finding.locators[0]
            more = f" (+{len(finding.locators) - 1} more)" if len(finding.locators) > 1 else ""
            lines.append(f"    at {loc.file}:{loc.start}-{loc.end}{more}")
    lines.append("")
    lines.append(findings_summary(findings))
    return "\n".join(lines) + "\n"


def findings_text(findings: Sequence[Finding], fmt: str) -> str:
    """Findings as ``kg audit`` prints them: a ``json`` array, ``tsv`` rows, or the ``table``."""
    if fmt == "json":
        return findings_json(findings) + "\n"
    if fmt == "tsv":
        return tsv_bytes((finding_row(f) for f in findings), FINDING_COLUMNS).decode("utf-8")
    return findings_table(findings)


def paths_text(kb: KnowledgeBase, found: Sequence[ChainPath], source: str, target: str, max_length: int) -> str:
    """Chains as ``kg paths`` prints them: each with its weakest link, then its claims and their support."""
    if not found:
        return f"no chain of at most {max_length} supporting claims from {source} to {target}\n"
    out = []
    for path in found:
        chain = " -> ".join(kb.label(n) for n in path.nodes)
        links = ", ".join(f"{c}:{s.value}" for c, s in zip(path.claims, path.supports, strict=True))
        out.append(f"[weakest: {path.weakest.value}] {chain}\n    {links}\n")
    return "".join(out)


def findings_summary(findings: Sequence[Finding]) -> str:
    """One line: finding counts per severity and per category."""
    by_severity = Counter(f.severity for f in findings)
    by_category = Counter(f.category.value for f in findings)
    severities = ", ".join(f"{s.value} {by_severity.get(s, 0)}" for s in Severity)
    categories = ", ".join(f"{k} {v}" for k, v in sorted(by_category.items()))
    return f"{len(findings)} findings ({severities}): {categories}"


def rows_text(names: Sequence[str], rows: Iterable[Sequence[object]], fmt: str) -> str:
    """SPARQL answers as text: ``json`` records, ``tsv``, or columns two spaces apart (``table``)."""
    cells = [["" if v is None else str(v) for v in row] for row in rows]
    if fmt == "json":
        return json.dumps([dict(zip(names, r, strict=True)) for r in cells], indent=2) + "\n"
    sep = "\t" if fmt == "tsv" else "  "
    return "".join(sep.join(line) + "\n" for line in [list(names), *cells])
