"""Each claim's share of the subject digests (issue 18): an incremental build generates the triples
only of the claims that can have changed, and its digests, claim shares and changed lines equal
those of the whole view generated again, including claims of unchanged documents whose works
changed because another document's reference joined their work."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.audit.run import audit
from kg.claimdigests import ClaimParts, finding_marks, parts_of, recount, view_lines
from kg.incremental import affected_lines, changed_documents, changed_subjects
from kg.model import Finding, KnowledgeBase
from kg.rdf.triples import triples
from kg.seeds.load import load_knowledge_base
from kg.seeds.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


def _whole(kb: KnowledgeBase, findings: list[Finding]) -> tuple[dict[str, int], ClaimParts, list[str]]:
    """The sorted digests, claim parts and lines of the whole view."""
    digests: dict[str, int] = {}
    shares: list[dict[str, int]] = []
    lines = list(view_lines(kb, findings, digests, shares))
    digests = dict(sorted(digests.items()))
    return digests, parts_of(kb, list(digests), shares, findings), lines


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("claimdigests") / "p"
    synthesize(600, seed=5, out=out, claims_per_file=100, lexicon_from=ROOT / "ontology")
    return out


def _load(project: Path) -> tuple[KnowledgeBase, list[Finding]]:
    kb = load_knowledge_base(project / "seeds", project / "ontology")
    return kb, audit(kb, project / "ontology")


def test_view_lines_are_the_views_triples(project: Path) -> None:
    from kg.rdf.ntriples import ntriples_line

    kb, findings = _load(project)
    _, parts, lines = _whole(kb, findings)
    assert lines == [ntriples_line(t) for t in triples(kb, findings)]
    assert ClaimParts.from_bytes(parts.to_bytes(), len(parts.sums)) == parts


def _join_works(kb: KnowledgeBase, documents: Path) -> str:
    """Give doc-00001's first reference the identifiers of two works a doc-00000 claim cites:
    that claim's two works become one (its work count changes though its document did not).
    Return the claim's node IRI."""
    import re

    from kg.rdf.nodes import claim_iri_text

    claim = next(c for c in kb.claims if len(c.works) >= 2 and all(e.document == "doc-00000" for e in c.evidence))
    one, two = (next(r for r in claim.references if kb.work_of(r) == w) for w in claim.works[:2])
    text = (documents / "doc-00001.yaml").read_text(encoding="utf-8")
    target = re.search(r"ids: \[[^]]*\]", text)
    assert target is not None
    joined = "ids: [" + ", ".join(f'"{i}"' for i in (*one.ids, *two.ids)) + "]"
    (documents / "doc-00001.yaml").write_text(text[: target.start()] + joined + text[target.end() :], encoding="utf-8")
    return claim_iri_text(claim.id)


@pytest.mark.parametrize("every", [False, True], ids=["changed documents", "every claim"])
def test_recount_equals_the_whole_view_after_a_work_joins_another_document(
    project: Path, tmp_path: Path, every: bool
) -> None:
    import shutil

    copy = tmp_path / "p"
    shutil.copytree(project, copy)
    kb, findings = _load(copy)
    old_digests, old_parts, _ = _whole(kb, findings)
    node = _join_works(kb, copy / "seeds" / "documents")
    kb2, findings2 = _load(copy)
    digests, parts, lines = _whole(kb2, findings2)
    counted = recount(kb2, findings2, old_digests, old_parts, None if every else {"doc-00001"})
    assert counted.digests == digests
    assert counted.parts == parts
    touched = sum(1 for c in kb2.claims if any(e.document == "doc-00001" for e in c.evidence))
    if every:
        assert counted.redone == len(kb2.claims)
    else:  # claims of doc-00000 whose work id changed were generated again, the others reused
        assert touched < counted.redone < len(kb2.claims)
    before, after = finding_marks(findings)[1], finding_marks(findings2)[1]
    assert any(before.get(iri) == mark for iri, mark in after.items())  # findings reused ...
    assert any(before.get(iri) != mark for iri, mark in after.items())  # ... and generated again
    affected = changed_subjects(old_digests, counted.digests)
    assert node in affected  # a claim of an unchanged document whose triples changed
    wanted = sorted({line for line in lines if line[1 : line.index("> ")] in affected})
    assert sorted(set(affected_lines(kb2, findings2, affected, counted.owners(affected)))) == wanted
    assert sorted(set(counted.lines(kb2, findings2, affected))) == wanted


def test_changed_documents_names_seed_files_only() -> None:
    old = {"seeds": {"documents/a.yaml": "1", "documents/b.yaml": "2"}, "extracted": {}}
    assert changed_documents(old, old) == set()
    new = {"seeds": {"documents/a.yaml": "9", "documents/c.yaml": "3"}, "extracted": {}}
    assert changed_documents(old, new) == {"a", "b", "c"}
    works = {"seeds": {**old["seeds"], "metadata/works.jsonl": "4"}, "extracted": {}}
    assert changed_documents(old, works) is None
    assert changed_documents(old, {**old, "extracted": {"x.yaml": "5"}}) is None


def test_claim_parts_that_do_not_fit_are_refused(project: Path) -> None:
    kb, findings = _load(project)
    _, parts, _ = _whole(kb, findings)
    blob = parts.to_bytes()
    with pytest.raises(ValueError, match="cut short"):
        ClaimParts.from_bytes(blob[:100], len(parts.sums))
    with pytest.raises(ValueError, match="do not fit"):
        ClaimParts.from_bytes(blob, len(parts.sums) - 1)
