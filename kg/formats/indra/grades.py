"""The papers one ``kg import indra`` cites: each evidence's ``pmid`` and ``text_refs`` (or the
grades a mechkg export carried in its annotations) become numbered reference entries, graded by
:func:`kg.classify.classify`, or by the curated seeds when they hold the same work."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from kg.classify import Lexicon, classify
from kg.formats.indra.export import annotation
from kg.formats.indra.summary import ImportSummary
from kg.model import EvidenceLevel, LevelBasis, Reference, SourceType
from kg.vocab.iris import REFERENCE_ID_PATTERNS

__all__ = ["TEXT_REF_PREFIXES", "GradedReference", "References"]

#: INDRA ``text_refs`` key → reference identifier prefix.
TEXT_REF_PREFIXES = {"PMID": "PMID", "PMCID": "PMCID", "DOI": "doi"}


@dataclass
class GradedReference:
    """A reference entry of an import: the paper's identifiers, its grade and why."""

    ids: tuple[str, ...]
    title: str
    host: str
    url: str
    source_type: SourceType
    level: EvidenceLevel
    basis: LevelBasis
    note: str


class References:
    """The reference entries of one import, each cited paper once, numbered from 1 in first-cited order."""

    def __init__(
        self,
        lexicon: Lexicon,
        curated: dict[str, Reference],
        summary: ImportSummary,
        warn: Callable[[str, int, str], None],
    ) -> None:
        self.lexicon = lexicon
        self.curated = curated
        self.summary = summary
        self.warn = warn
        self.refs: dict[tuple[str, ...], int] = {}
        self.records: list[GradedReference] = []

    def cited(self, ev: dict[str, Any], pos: int) -> list[int]:
        """Reference numbers cited by one INDRA evidence (creating entries as needed)."""
        mk = annotation(ev)
        carried = mk.get("references")
        if isinstance(carried, list):
            return [n for item in carried if (n := self._carried(item, pos)) is not None]
        ids, url = self._identifiers(ev, pos)
        if not ids and not url:
            return []
        key = tuple(ids) if ids else ("url", url)
        curated = next((self.curated[i.lower()] for i in ids if i.lower() in self.curated), None)
        if key not in self.refs and curated is not None:
            note = f"grade of the same work curated as {curated.key}" + (f": {curated.note}" if curated.note else "")
            self.records.append(
                GradedReference(
                    (*ids, *(i for i in curated.ids if i not in ids)),
                    curated.title,
                    curated.host,
                    url or curated.url,
                    curated.source_type,
                    curated.level,
                    curated.basis,
                    note,
                )
            )
            self.refs[key] = len(self.records)
            self.summary.reused_grades += 1
        if key not in self.refs:
            context = ev.get("text") if isinstance(ev.get("text"), str) else ""
            result = classify(self.lexicon, ids=ids, url=url or None, context=context)
            basis, note = result.basis, result.rationale
            source = result.source_type
            if ids and result.level is EvidenceLevel.UNKNOWN:
                basis = LevelBasis.IDENTIFIER
                source = SourceType.PRIMARY_RESEARCH if source is SourceType.UNKNOWN_HOST else source
                note = (
                    f"identified by {ids[0]}, an indexed article (source type assumed); "
                    "its study design is not known offline: grade it by hand"
                )
            self.records.append(
                GradedReference(tuple(ids), "", "", url, source, result.level, basis, note or "classifier")
            )
            self.refs[key] = len(self.records)
        return [self.refs[key]]

    def _identifiers(self, ev: dict[str, Any], pos: int) -> tuple[list[str], str]:
        """The well-formed paper identifiers (``pmid``, ``text_refs``) of one evidence, and its URL."""
        ids: list[str] = []
        text_refs = ev.get("text_refs") if isinstance(ev.get("text_refs"), dict) else {}
        found = {"PMID": ev.get("pmid")} | {k.upper(): v for k, v in text_refs.items()}
        for key, prefix in TEXT_REF_PREFIXES.items():
            value = found.get(key)
            if value in (None, ""):
                continue
            local = str(value).strip()
            if prefix == "doi":
                local = local.lower().removeprefix("https://doi.org/").removeprefix("doi:")
            if prefix == "PMCID" and not local.upper().startswith("PMC"):
                local = "PMC" + local
            ident = f"{prefix}:{local}"
            if re.fullmatch(REFERENCE_ID_PATTERNS[prefix], local):
                if ident not in ids:
                    ids.append(ident)
            else:
                self.warn("malformed identifier dropped", pos, f"{key} {value!r} is malformed")
        return ids, str(found.get("URL") or "").strip()

    def _carried(self, item: Any, pos: int) -> int | None:
        """A reference graded by mechkg and carried in the annotations of its export."""
        if not isinstance(item, dict):
            return None
        ids = tuple(str(i) for i in item.get("ids", ()) if isinstance(i, str))
        title, host, url = (str(item.get(k) or "") for k in ("title", "host", "url"))
        try:
            level = EvidenceLevel(item.get("level"))
            source = SourceType(item.get("source_type"))
            basis = LevelBasis(item.get("basis"))
        except ValueError:
            self.warn("bad carried grade", pos, "a reference in the mechkg annotations has an unknown grade; ignored")
            return None
        key = ids if ids else ("title", title.casefold(), host, url)
        if key not in self.refs:
            note = str(item.get("note") or "") or "grade carried in the annotations of a mechkg export"
            self.records.append(GradedReference(ids, title, host, url, source, level, basis, note))
            self.refs[key] = len(self.records)
        return self.refs[key]
