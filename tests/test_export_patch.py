"""The streamed RDF dumps patched by subject (:mod:`kg.formats.patch`) equal the dumps written in full.

Two knowledge bases differ by edited, added and removed documents; the exports of the first are
patched with the change of the RDF view and compared byte for byte with the second's, written
in full; changes at either end of a dump are patched too. A plan that cannot hold (a unit
missing from the old file) is refused, so the caller writes in full.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import kg.sizes as sizes
from kg.audit import audit
from kg.formats.patch import PATCHED, SubjectChange, patch_writer, plan_patch, write_patched
from kg.formats.rdf import turtle_prefixes
from kg.formats.registry import EXPORTERS, write_exports
from kg.incremental import changed_subjects, digest_lines
from kg.model import Finding, KnowledgeBase
from kg.rdf.canonical import write_jsonld, write_turtle
from kg.rdf.triples import triples
from kg.seeds.load import load_knowledge_base
from kg.seeds.synth import synthesize
from kg.vocab.iris import PREFIXES

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(autouse=True, scope="module")
def _streamed_rdf() -> Iterator[None]:
    """Turtle and JSON-LD derived from the sorted N-Triples (as above 5,000 claims)."""
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(sizes, "RDFLIB_EXPORT_LIMIT", 50)
        yield


def _load(project: Path) -> tuple[KnowledgeBase, list[Finding]]:
    kb = load_knowledge_base(project / "seeds", project / "ontology")
    return kb, audit(kb, project / "ontology")


def _digests(kb: KnowledgeBase, findings: list[Finding]) -> dict[str, int]:
    digests: dict[str, int] = {}
    for _line in digest_lines(triples(kb, findings), digests):
        pass
    return digests


def _change(old: dict[str, int], kb: KnowledgeBase, findings: list[Finding]) -> SubjectChange:
    affected = changed_subjects(old, _digests(kb, findings))
    lines = [line for line in digest_lines(triples(kb, findings), {}) if line[1 : line.index("> ")] in affected]
    return SubjectChange.of(old, affected, lines)


@pytest.fixture(scope="module")
def edited(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, int], KnowledgeBase, list[Finding]]:
    """Exports of a 400-record project, then the project edited (a grade, a new and a removed document)."""
    tmp = tmp_path_factory.mktemp("patch")
    project = tmp / "p"
    synthesize(400, seed=3, out=project, claims_per_file=100, lexicon_from=ROOT / "ontology")
    kb, findings = _load(project)
    write_exports(kb, tmp / "old", None, findings)
    old = _digests(kb, findings)
    docs = project / "seeds" / "documents"
    text = (docs / "doc-00001.yaml").read_text(encoding="utf-8")
    (docs / "doc-00001.yaml").write_text(text.replace("level: animal", "level: in_vitro", 1), encoding="utf-8")
    copy = (docs / "doc-00002.yaml").read_text(encoding="utf-8").replace("id: doc-00002-", "id: doc-extra-")
    (docs / "doc-extra.yaml").write_text(copy, encoding="utf-8")
    (docs / "doc-00003.yaml").unlink()
    new_kb, new_findings = _load(project)
    return tmp / "old", old, new_kb, new_findings


@pytest.mark.parametrize("forked", [False, True], ids=["one process", "forked writers"])
def test_patched_dumps_equal_dumps_written_in_full(
    edited: tuple[Path, dict[str, int], KnowledgeBase, list[Finding]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    forked: bool,
) -> None:
    old_out, old, kb, findings = edited
    if forked:  # the exports written side by side, as above 10,000 claims
        monkeypatch.setattr(sizes, "CONCURRENT_EXPORTS", 10)
    out = tmp_path / "out"
    shutil.copytree(old_out, out)
    change = _change(old, kb, findings)
    assert any(s not in old for s in change.affected) and any(s not in change.lines for s in change.affected)
    written = write_patched(kb, out, list(EXPORTERS), findings, change)
    assert written is not None
    full = write_exports(kb, tmp_path / "full", None, findings)
    for path in full:
        assert (out / path.name).read_bytes() == path.read_bytes(), path.name


def _written(name: str, lines: list[str]) -> bytes:
    """Export ``name`` of sorted N-Triples ``lines`` as a full writer makes it."""
    out = io.BytesIO()
    if name == "ntriples":
        out.write("".join(lines).encode("utf-8"))
    elif name == "turtle":
        write_turtle(lines, out, turtle_prefixes())
    else:
        write_jsonld(lines, out, dict(PREFIXES))
    return out.getvalue()


def _subject(line: str) -> str:
    return line[1 : line.index("> ")]


#: Edits of the old lines at the ends of the dump: (subject to drop, lines to add).
ENDS = {
    "first removed": (0, []),
    "first changed": (0, ['<{first}> <http://x/p> "changed" .\n']),
    "one before the first": (None, ['<http://a/0> <http://x/p> "new" .\n', '<http://a/1> <http://x/p> "new" .\n']),
    "first replaced by one before it": (0, ['<http://a/0> <http://x/p> "new" .\n']),
    "last removed": (-1, []),
    "one after the last": (None, ['<zzz:last> <http://x/p> "new" .\n']),
}


@pytest.mark.parametrize("name", PATCHED)
@pytest.mark.parametrize("case", ENDS)
def test_changes_at_either_end_of_a_dump_are_patched(
    edited: tuple[Path, dict[str, int], KnowledgeBase, list[Finding]], tmp_path: Path, name: str, case: str
) -> None:
    old_out = edited[0]
    old_lines = (old_out / "mechkg.nt").read_text(encoding="utf-8").splitlines(keepends=True)
    order = list(dict.fromkeys(_subject(line) for line in old_lines))
    drop, add = ENDS[case]
    gone = {order[drop]} if drop is not None else set()
    add = [line.format(first=order[0]) for line in add]
    new_lines = sorted({*(line for line in old_lines if _subject(line) not in gone), *add})
    (tmp_path / "old").write_bytes(_written(name, old_lines))
    change = SubjectChange.of(order, gone | {_subject(line) for line in add}, add)
    edits = plan_patch(name, tmp_path / "old", change)
    assert edits is not None
    out = io.BytesIO()
    patch_writer(name, tmp_path / "old", edits)(out)
    assert out.getvalue() == _written(name, new_lines)


@pytest.mark.parametrize("name", PATCHED)
def test_a_dump_missing_a_changed_subject_is_not_patched(
    edited: tuple[Path, dict[str, int], KnowledgeBase, list[Finding]], tmp_path: Path, name: str
) -> None:
    old_out, old, kb, findings = edited
    change = _change(old, kb, findings)
    data = (old_out / EXPORTERS[name][0]).read_bytes()
    third = len(data) // 3
    damaged = tmp_path / EXPORTERS[name][0]
    damaged.write_bytes(data[:third] + data[2 * third :])  # the middle third's subjects are missing
    assert plan_patch(name, old_out / EXPORTERS[name][0], change) is not None
    assert plan_patch(name, damaged, change) is None
