"""kg.audit.run: the whole audit, and the cut kg audit makes by category and severity."""

from __future__ import annotations

from pathlib import Path

from kg.audit.run import audit, audit_selected, chains_searched
from kg.model import FindingCategory, KnowledgeBase, Severity
from kg.seeds.load import load_knowledge_base


def _kb(project: Path) -> KnowledgeBase:
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs")


def test_audit_is_sorted_by_severity_then_category_and_unique(project: Path) -> None:
    found = audit(_kb(project), project / "ontology", project / "docs")
    keys = [(f.severity.rank, f.category.value, f.id) for f in found]
    assert keys == sorted(keys) and len({f.id for f in found}) == len(found)


def test_audit_selected_cuts_by_category_and_severity(project: Path) -> None:
    kb, ontology = _kb(project), project / "ontology"
    everything = audit(kb, ontology, project / "docs")
    assert audit_selected(kb, ontology, project / "docs") == everything
    only = audit_selected(kb, ontology, project / "docs", ("uncited_claims",))
    assert only and {f.category for f in only} == {FindingCategory.UNCITED_CLAIMS}
    high = audit_selected(kb, ontology, project / "docs", min_severity="high")
    assert high == [f for f in everything if f.severity is Severity.HIGH]


def test_chains_are_searched_unless_left_out(project: Path) -> None:
    kb = _kb(project)
    assert chains_searched(kb) and chains_searched(kb, True) and not chains_searched(kb, False)
