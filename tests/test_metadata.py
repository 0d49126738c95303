"""Bibliographic metadata: the publication-type mapping, works.jsonl and the grades it gives."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.audit import audit
from kg.cli import main
from kg.errors import SeedErrors
from kg.metadata import Update, UpdateKind, WorkMetadata, grade, load_mapping, load_works, write_works
from kg.model import EvidenceLevel, FindingCategory, LevelBasis, SourceType, SupportClass
from kg.seeds.load import load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
L = EvidenceLevel

#: Every publication type the mapping names -> (level, level when only animal check tags are set).
TYPES = {
    "Retracted Publication": (L.NOT_EVIDENCE, L.NOT_EVIDENCE),
    "Clinical Trial Protocol": (L.NOT_EVIDENCE, L.NOT_EVIDENCE),
    "Meta-Analysis": (L.META_ANALYSIS, L.ANIMAL),
    "Systematic Review": (L.META_ANALYSIS, L.ANIMAL),
    "Randomized Controlled Trial": (L.HUMAN_CLINICAL_RCT, L.ANIMAL),
    "Controlled Clinical Trial": (L.HUMAN_CLINICAL_OTHER, L.HUMAN_CLINICAL_OTHER),
    "Clinical Trial": (L.HUMAN_CLINICAL_OTHER, L.HUMAN_CLINICAL_OTHER),
    "Clinical Trial, Phase I": (L.HUMAN_CLINICAL_OTHER, L.HUMAN_CLINICAL_OTHER),
    "Clinical Trial, Phase II": (L.HUMAN_CLINICAL_OTHER, L.HUMAN_CLINICAL_OTHER),
    "Clinical Trial, Phase III": (L.HUMAN_CLINICAL_OTHER, L.HUMAN_CLINICAL_OTHER),
    "Clinical Trial, Phase IV": (L.HUMAN_CLINICAL_OTHER, L.HUMAN_CLINICAL_OTHER),
    "Observational Study": (L.HUMAN_CLINICAL_OTHER, L.ANIMAL),
    "Case Reports": (L.HUMAN_CLINICAL_OTHER, L.ANIMAL),
    "Review": (L.REVIEW_SECONDARY, L.REVIEW_SECONDARY),
}
#: Every check tag the mapping names -> level of a plain journal article carrying only that tag.
TAGS = {
    "In Vitro Techniques": L.IN_VITRO,
    "Animals": L.ANIMAL,
    "Rats": L.ANIMAL,
    "Mice": L.ANIMAL,
    "Humans": L.HUMAN_CLINICAL_OTHER,
}


@pytest.fixture(scope="module")
def mapping():
    return load_mapping(ROOT / "ontology")


def test_mapping_names_exactly_the_tested_types_and_tags(mapping) -> None:
    assert set(mapping.type_names) == set(TYPES)
    assert set(mapping.tag_names) == set(TAGS)


@pytest.mark.parametrize("name", sorted(TYPES))
def test_every_publication_type(mapping, name: str) -> None:
    level, animals = TYPES[name]
    plain = grade(WorkMetadata(pmid="1", publication_types=("Journal Article", name)), mapping)
    assert plain is not None and plain.level is level
    assert plain.basis is LevelBasis.BIBLIOGRAPHIC_METADATA
    assert name in plain.rationale
    rat = grade(WorkMetadata(pmid="1", publication_types=(name,), mesh=("Animals", "Rats")), mapping)
    assert rat is not None and rat.level is animals
    people = grade(WorkMetadata(pmid="1", publication_types=(name,), mesh=("Animals", "Humans")), mapping)
    assert people is not None and people.level is level  # animals and people: the type decides


@pytest.mark.parametrize("tag", sorted(TAGS))
def test_every_check_tag(mapping, tag: str) -> None:
    graded = grade(WorkMetadata(pmid="1", publication_types=("Journal Article",), mesh=(tag,)), mapping)
    assert graded is not None and graded.level is TAGS[tag]
    assert graded.source_type is SourceType.PRIMARY_RESEARCH


def test_check_tag_rules_and_precedence(mapping) -> None:
    article = ("Journal Article",)
    mixed = grade(WorkMetadata(pmid="1", publication_types=article, mesh=("Animals", "Humans")), mapping)
    assert mixed is None  # animals and people, no design type: metadata does not decide
    cells = grade(WorkMetadata(pmid="1", publication_types=article, mesh=("Humans", "In Vitro Techniques")), mapping)
    assert cells is not None and cells.level is L.IN_VITRO
    assert grade(WorkMetadata(pmid="1", publication_types=article), mapping) is None
    # publication types are tried in the mapping's order: a retracted RCT is no evidence
    both = grade(
        WorkMetadata(pmid="1", publication_types=("Randomized Controlled Trial", "Retracted Publication")), mapping
    )
    assert both is not None and both.level is L.NOT_EVIDENCE
    meta_rct = grade(
        WorkMetadata(pmid="1", publication_types=("Randomized Controlled Trial", "Meta-Analysis")), mapping
    )
    assert meta_rct is not None and meta_rct.level is L.META_ANALYSIS


# --- the file and the build -----------------------------------------------------------------


def _with_ids(project: Path, ids: dict[int, str], curated: int | None = None) -> None:
    path = project / "seeds" / "documents" / "widgetol.yaml"
    text = path.read_text(encoding="utf-8")
    for n, ident in ids.items():
        text = text.replace(f"  - {{n: {n}, ", f'  - {{n: {n}, ids: ["{ident}"], ', 1)
    if curated is not None:
        old = "level: animal, basis: title}"
        assert old in text
        text = text.replace(old, 'level: animal, basis: curator_knowledge, note: "read the methods"}')
    path.write_text(text, encoding="utf-8")


def _works(project: Path, *lines: str) -> Path:
    path = project / "seeds" / "metadata" / "works.jsonl"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(line + "\n" for line in lines), encoding="utf-8")
    return path


def _load(project: Path):
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs")


def _ref(kb, n: int):
    return next(r for r in kb.references if r.n == n)


RCT = (
    '{"pmid": "11111111", "publication_types": ["Journal Article", "Randomized Controlled Trial"], "mesh": ["Humans"]}'
)


def test_metadata_outranks_a_title_rule(project: Path) -> None:
    _with_ids(project, {1: "PMID:11111111"})
    assert _ref(_load(project), 1).level is L.ANIMAL  # no metadata file: the title grade
    _works(project, RCT)
    kb = _load(project)
    ref = _ref(kb, 1)
    assert (ref.level, ref.basis) == (L.HUMAN_CLINICAL_RCT, LevelBasis.BIBLIOGRAPHIC_METADATA)
    assert ref.source_type is SourceType.CLINICAL_TRIAL_REPORT
    assert next(c for c in kb.claims if c.object == "HGNC:1033").support is SupportClass.CLINICAL
    assert not [f for f in audit(kb, project / "ontology") if f.category is FindingCategory.METADATA_DISAGREEMENT]


def test_curator_grade_outranks_metadata_and_disagreement_is_a_finding(project: Path) -> None:
    _with_ids(project, {1: "PMID:11111111"}, curated=1)
    _works(project, RCT)
    kb = _load(project)
    ref = _ref(kb, 1)
    assert (ref.level, ref.basis) == (L.ANIMAL, LevelBasis.CURATOR_KNOWLEDGE)
    assert kb.metadata_grades[ref.key][0] is L.HUMAN_CLINICAL_RCT
    found = [f for f in audit(kb, project / "ontology") if f.category is FindingCategory.METADATA_DISAGREEMENT]
    assert len(found) == 1
    assert found[0].references == ("widgetol#1",)
    assert "curated animal (curator_knowledge), bibliographic metadata human_clinical_rct" in found[0].message


def test_pmcid_and_doi_find_the_work_and_retractions_come_through(project: Path) -> None:
    _with_ids(project, {1: "PMCID:PMC1234", 3: "doi:10.1000/Trial.9"})
    _works(
        project,
        '{"pmcid": "PMC1234", "publication_types": ["Retracted Publication", "Journal Article"]}',
        '{"doi": "10.1000/trial.9", "publication_types": ["Randomized Controlled Trial"],'
        ' "updates": [{"kind": "retraction", "doi": "10.1000/notice.1", "source": "crossref"}]}',
    )
    kb = _load(project)
    assert _ref(kb, 1).level is L.NOT_EVIDENCE
    assert "Retracted Publication" in _ref(kb, 1).retracted
    assert _ref(kb, 3).retracted == "retraction notice 10.1000/notice.1 (crossref)"
    assert next(c for c in kb.claims if c.object == "GO:0051402").withdrawn
    assert {f.category for f in audit(kb, project / "ontology")} >= {FindingCategory.RETRACTED_CITATION}


def test_bad_lines_are_reported_with_file_and_line(project: Path) -> None:
    _works(
        project,
        RCT,
        "{not json",
        '{"pmid": "12ab"}',
        '{"pmid": "3", "colour": "red"}',
        '{"title": "no identifier"}',
        '{"pmid": "4", "updates": [{"kind": "erratum"}]}',
        '{"pmid": "11111111"}',
    )
    with pytest.raises(SeedErrors) as info:
        _load(project)
    text = str(info.value)
    for line, message in (
        (2, "not valid JSON"),
        (3, "pmid: '12ab' is not a PMID"),
        (4, "unknown key 'colour'"),
        (5, "a work needs at least one of pmid, pmcid, doi"),
        (6, "updates: unknown kind 'erratum'"),
        (7, "pmid:11111111 is also the work of line 1"),
    ):
        assert f"works.jsonl:{line}: {message}" in text
    assert "6 errors found; nothing was written" in text


def test_cli_build_with_bad_metadata_writes_nothing(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    _works(project, '{"pmid": "x"}')
    result = CliRunner().invoke(main, ["build", "--out", "out"])
    assert result.exit_code == 1
    assert "seeds/metadata/works.jsonl:1: pmid: 'x' is not a PMID" in result.output
    assert not (project / "out").exists()


def test_write_works_is_sorted_atomic_and_round_trips(tmp_path: Path) -> None:
    works = [
        WorkMetadata(pmid="200", title="B", publication_types=("Review",)),
        WorkMetadata(doi="10.1000/x", updates=(Update(UpdateKind.CORRECTION, "10.1000/c", "crossref"),)),
        WorkMetadata(pmid="30", pmcid="PMC9", mesh=("Humans",), title="Ä title"),
    ]
    path = tmp_path / "metadata" / "works.jsonl"
    write_works(path, works)
    first = path.read_bytes()
    lines = first.decode("utf-8").splitlines()
    assert [json.loads(line).get("pmid") for line in lines] == ["30", "200", None]
    assert "Ä title" in lines[0]  # written as UTF-8, not escaped
    loaded = load_works(path)
    assert loaded.all() == sorted(works, key=lambda w: w.sort_key)
    write_works(path, reversed(loaded.all()))
    assert path.read_bytes() == first
    assert not [p for p in path.parent.iterdir() if p.name != "works.jsonl"]  # no temporary files left


def test_build_with_metadata_is_byte_identical(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    monkeypatch.delenv("MECHKG_DOCUMENTS", raising=False)
    _with_ids(project, {1: "PMID:11111111"})
    _works(project, RCT)
    runner = CliRunner()
    for out in ("a", "b"):
        assert runner.invoke(main, ["build", "--quiet", "--out", out]).exit_code == 0
    for path in sorted((project / "a").iterdir()):
        assert path.read_bytes() == (project / "b" / path.name).read_bytes(), path.name
    assert "basis_bibliographic_metadata" in (project / "a" / "mechkg.ttl").read_text(encoding="utf-8")
