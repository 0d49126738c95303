"""The pages written for the purpose (bench/reading/written/, our own words) each give a draft that
builds, about the compound the page is about, with at least one claim."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.extract import ExtractionResult, extract_paths, write_records
from kg.seeds.load import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
WRITTEN = ROOT / "bench" / "reading" / "written"

#: page -> the compound it is about (a shop page, an encyclopedia article, two abstracts, a review).
COMPOUND = {
    "bpc.txt": "MESH:C083833",
    "ginkgo.txt": "MESH:D020441",  # the plant the title names
    "rhod.txt": "MESH:D029771",
    "sulf.txt": "CHEBI:47807",
    "mag.txt": "MESH:D008274",
    "nac.txt": "MESH:D000111",
    "lionsmane.html": "MESH:C000679167",  # named "Lion's mane" in the title, grounded by its Latin name
}


@pytest.fixture(scope="module")
def drafts() -> dict[str, ExtractionResult]:
    results = extract_paths([WRITTEN / name for name in sorted(COMPOUND)], ROOT / "ontology")
    return {Path(r.path).name: r for r in results}


@pytest.mark.parametrize("name", sorted(COMPOUND))
def test_a_written_page_gives_a_draft_about_its_compound_that_builds(
    drafts: dict[str, ExtractionResult], name: str, tmp_path: Path
) -> None:
    result = drafts[name]
    assert result.document["compound"] == COMPOUND[name]
    assert result.claims
    write_records([result], tmp_path)
    kb = load_knowledge_base(ROOT / "seeds", ROOT / "ontology", extracted=tmp_path)
    assert any(c.subject == COMPOUND[name] for c in kb.claims)
