"""Tab-separated exports: the claims table, the weak-support table and the audit findings.

List values are ``|``-joined text and references are ``document#number`` keys (titles and grades
are in the RDF formats); one row per claim, no evidence spans.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from kg.graph import SEP
from kg.model import Claim, Finding, KnowledgeBase
from kg.selection import weak_support

__all__ = [
    "FINDING_COLUMNS",
    "TSV_COLUMNS",
    "claim_row",
    "finding_row",
    "to_claims_tsv",
    "to_findings_tsv",
    "to_weak_tsv",
    "tsv_bytes",
    "tsv_line",
]

#: Columns of the claims TSV, in order (documented in the README).
TSV_COLUMNS = (
    "claim_id",
    "subject_id",
    "subject_label",
    "predicate",
    "object_id",
    "object_label",
    "context",
    "support",
    "levels",
    "citations",
    "documents",
    "direction",
    "hedged",
    "evidence",
    "origin",
    "withdrawn",
)

#: Columns of findings.tsv, in order.
FINDING_COLUMNS = (
    "finding_id",
    "severity",
    "category",
    "message",
    "document",
    "claims",
    "references",
    "locators",
)


def tsv_bytes(rows: Iterable[Iterable[str]], header: Iterable[str]) -> bytes:
    """A header and rows as UTF-8 TSV (minimal quoting, ``\\n`` line ends)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def tsv_line(row: Iterable[str]) -> bytes:
    """One row as :func:`tsv_bytes` writes it, without its line end."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL).writerow(row)
    return out.getvalue()[:-1].encode("utf-8")


def claim_row(kb: KnowledgeBase, claim: Claim) -> list[str]:
    """One TSV row for a claim, in TSV_COLUMNS order."""
    return [
        claim.id,
        claim.subject,
        kb.label(claim.subject),
        claim.predicate.value,
        claim.object,
        kb.label(claim.object),
        claim.context,
        claim.support.value,
        SEP.join(level.value for level in claim.levels),
        SEP.join(ref.key for ref in claim.references),
        SEP.join(claim.documents),
        claim.direction.value,
        str(all(ev.hedged for ev in claim.evidence)).lower(),
        SEP.join(ev.id for ev in claim.evidence),
        _origin(claim),
        str(claim.withdrawn).lower(),
    ]


def _origin(claim: Claim) -> str:
    """``curated``, ``extracted`` (every record drafted by ``kg extract``) or ``both``."""
    kinds = {ev.extracted for ev in claim.evidence}
    return "both" if len(kinds) > 1 else ("extracted" if True in kinds else "curated")


def to_claims_tsv(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """All claims, one row each, sorted by claim key."""
    return tsv_bytes((claim_row(kb, c) for c in kb.claims), TSV_COLUMNS)


def to_weak_tsv(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """The weak-support claims (no clinical support), weakest first, same columns."""
    return tsv_bytes((claim_row(kb, c) for c in weak_support(kb)), TSV_COLUMNS)


def finding_row(finding: Finding) -> list[str]:
    """One findings.tsv row, in FINDING_COLUMNS order."""
    return [
        finding.id,
        finding.severity.value,
        finding.category.value,
        finding.message,
        finding.document,
        SEP.join(finding.claims),
        SEP.join(finding.references),
        SEP.join(f"{loc.file}:{loc.start}-{loc.end}" for loc in finding.locators),
    ]


def to_findings_tsv(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """Audit findings, most serious first."""
    return tsv_bytes((finding_row(f) for f in findings), FINDING_COLUMNS)
