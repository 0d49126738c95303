"""Every draft of the reading corpus (../shared/corpus-dev) builds: ``kg build --extracted`` accepts it.

The documents are third-party texts kept outside the project; the module is skipped when the
folder is absent. Nothing of their text is asserted or printed, only file names and load errors.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import KGError
from kg.extract import ExtractionResult, extract_paths, write_records
from kg.seeds.load import load_knowledge_base

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus-dev"

if not CORPUS.is_dir():
    pytest.skip(f"reading corpus not found: {CORPUS}", allow_module_level=True)

#: The corpus documents (its README describes them and is not one).
DOCUMENTS = sorted(p.name for p in CORPUS.iterdir() if p.is_file() and not p.name.upper().startswith("README"))


@pytest.fixture(scope="module")
def drafts() -> dict[str, ExtractionResult]:
    """One extraction run over every document, keyed by file name."""
    results = extract_paths([CORPUS / name for name in DOCUMENTS], ROOT / "ontology")
    return {Path(r.path).name: r for r in results}


def test_corpus_is_present() -> None:
    assert DOCUMENTS, f"no documents in {CORPUS}"


@pytest.mark.parametrize("name", DOCUMENTS)
def test_draft_builds(drafts: dict[str, ExtractionResult], name: str, tmp_path: Path) -> None:
    result = drafts[name]
    assert result.document, f"{name}: nothing drafted ({'; '.join(result.warnings[:2])})"
    write_records([result], tmp_path)
    try:
        load_knowledge_base(ROOT / "seeds", ROOT / "ontology", extracted=tmp_path)
    except KGError as exc:
        lines = str(exc).replace(f"{tmp_path}/", "").splitlines()
        shown = "\n".join(lines[:8] + ([f"... ({len(lines) - 8} more lines)"] if len(lines) > 8 else []))
        pytest.fail(f"{name}: the draft does not build:\n{shown}", pytrace=False)
