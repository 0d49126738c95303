"""The counts of one ``kg import indra``: what was read, written, skipped (by reason) and warned about."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

__all__ = ["ImportSummary"]


@dataclass
class ImportSummary:
    """Counts of one import: what was read, written, skipped (by reason) and warned about."""

    file: str
    statements: int = 0
    imported: int = 0
    records: int = 0
    claims: int = 0
    references: int = 0
    new_entities: int = 0
    new_contexts: int = 0
    reused_grades: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    warned: Counter[str] = field(default_factory=Counter)

    def lines(self) -> list[str]:
        """The summary as printable lines."""
        out = [
            f"{self.file}: imported {self.imported} of {self.statements} statements as {self.records} "
            f"evidence records ({self.claims} claims, {self.references} references, "
            f"{self.new_entities} new entities, {self.new_contexts} new contexts)"
        ]
        if self.reused_grades:
            out.append(f"{self.reused_grades} references graded as the same work is in the curated seeds")
        skipped = sum(self.skipped.values())
        out.append(
            f"skipped {skipped} statements"
            + (": " + "; ".join(f"{k}: {v}" for k, v in sorted(self.skipped.items())) if skipped else "")
        )
        warned = sum(self.warned.values())
        out.append(
            f"warnings {warned}"
            + (": " + "; ".join(f"{k}: {v}" for k, v in sorted(self.warned.items())) if warned else "")
        )
        return out
