"""One seed file (:mod:`kg.seeds.seedfile`): its document, references and claims, or its problems by line."""

from __future__ import annotations

from pathlib import Path

from kg.model import KnowledgeBase
from kg.seeds.records import Run
from kg.seeds.seedfile import load_seed_file


def _read(project: Path, kb: KnowledgeBase, text: str | None = None) -> tuple[Run, object]:
    path = project / "seeds" / "documents" / "widgetol.yaml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    run = Run()
    seed = load_seed_file(path, run, dict(kb.entities), dict(kb.contexts), {})
    return run, seed


def test_a_valid_file_gives_its_document_references_and_statements(project: Path, kb: KnowledgeBase) -> None:
    run, seed = _read(project, kb)
    assert not run.errors
    assert seed.document is not None and seed.document.key == "widgetol"
    assert sorted(seed.references) == [1, 2, 3]
    ids = [evidence.id for _, (_, evidence) in seed.statements]
    assert ids == sorted({ev.id for c in kb.claims for ev in c.evidence})


def test_problems_are_recorded_with_their_lines(project: Path, kb: KnowledgeBase) -> None:
    path = project / "seeds" / "documents" / "widgetol.yaml"
    text = path.read_text(encoding="utf-8").replace("cites: [2]", "cites: [7]").replace("rat-stroke", "rat-strok")
    run, seed = _read(project, kb, text)
    messages = [e.message for e in run.errors]
    assert any(m.startswith("context: unknown context 'rat-strok'") for m in messages)
    assert any(m.startswith("cites: reference 7 is not in this document's reference list") for m in messages)
    assert all(e.line and e.line > 1 for e in run.errors)
    assert len(seed.statements) == 2


def test_duplicate_claim_ids_across_files_are_refused(project: Path, kb: KnowledgeBase) -> None:
    path = project / "seeds" / "documents" / "widgetol.yaml"
    run = Run()
    claim_ids: dict[str, str] = {}
    load_seed_file(path, run, dict(kb.entities), dict(kb.contexts), claim_ids)
    again = load_seed_file(path, run, dict(kb.entities), dict(kb.contexts), claim_ids)
    assert again.statements == []
    assert {e.message.split(" (")[0] for e in run.errors} == {f"duplicate claim id {i!r}" for i in claim_ids}
