"""Shared fixtures: a small hand-written project (document, entities, contexts, seeds)."""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

from kg.extract.extractor import Extractor
from kg.model import KnowledgeBase
from kg.seeds.load import load_knowledge_base

ROOT = Path(__file__).resolve().parent.parent
SHARED_SEEDS = ROOT.parent / "shared" / "seeds"

# Hypothesis profiles for the property-based tests (marked ``fuzz``): ``ci`` is the default
# short run; ``fuzz`` (``make fuzz``, or HYPOTHESIS_PROFILE=fuzz) runs >= 10,000 cases per target.
_FUZZ_DB = DirectoryBasedExampleDatabase(str(ROOT / ".hypothesis" / "examples"))
_QUIET_CHECKS = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture, HealthCheck.data_too_large]
# Under CI (CI=true) the short profile is derandomised so a landing is never decided by luck;
# developers' runs stay random and `make fuzz` explores long.
_IN_CI = os.environ.get("CI", "").lower() == "true"
settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    database=None if _IN_CI else _FUZZ_DB,
    derandomize=_IN_CI,
    suppress_health_check=_QUIET_CHECKS,
)
_FUZZ_EXAMPLES = int(os.environ.get("HYPOTHESIS_FUZZ_EXAMPLES", "10000"))  # to run the long profile in chunks
settings.register_profile(
    "fuzz", max_examples=_FUZZ_EXAMPLES, deadline=None, database=_FUZZ_DB, suppress_health_check=_QUIET_CHECKS
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

#: A short document written for the tests (not taken from any source document).
DOC_TEXT = (
    "Widgetol product notes\n"
    "Widgetol raised BDNF protein in rat cortex after stroke [1].\n"
    "Widgetol switches on the PI3K/Akt pathway [2].\n"
    "In a trial, Widgetol lowered neuronal apoptosis in stroke patients [3].\n"
    "PI3K turns on Akt.\n"
    "References\n"
    "1. Widgetol and BDNF in the rat brain after ischemia\n"
    "2. widgetol-shop.example\n"
    "3. Widgetol in acute stroke: a randomized, placebo-controlled trial\n"
)

ENTITIES = """\
- {id: "mechkg:widgetol", label: Widgetol, type: compound, synonyms: [widgetol]}
- {id: "HGNC:1033", label: BDNF, type: protein, id_source: standards}
- {id: "FPLX:PI3K", label: PI3K, type: protein_family}
- {id: "FPLX:AKT", label: AKT, type: protein_family, synonyms: [Akt]}
- {id: "GO:0043491", label: PI3K/Akt signalling, type: pathway}
- {id: "GO:0051402", label: neuron apoptotic process, type: process}
"""

CONTEXTS = """\
- {id: unspecified, label: not stated, system: unspecified}
- {id: rat-stroke, label: rat stroke, species: "NCBITaxon:10116", system: in_vivo}
- {id: stroke-patients, label: stroke patients, species: "NCBITaxon:9606", system: human}
"""


def span(text: str, needle: str) -> tuple[int, int]:
    """[start, end) of the line of ``text`` that contains ``needle``."""
    i = text.index(needle)
    start = text.rfind("\n", 0, i) + 1
    end = text.index("\n", i)
    return start, end


def seed_yaml(text: str = DOC_TEXT, file: str = "widgetol.txt") -> str:
    """A valid seed file for the test document."""
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    s1, s2, s3, s4 = (span(text, n) for n in ("raised BDNF", "switches on", "In a trial", "PI3K turns"))
    return f"""\
document:
  file: {file}
  sha256: {sha}
  length: {len(text)}
  label: test notes on Widgetol
  source_type: vendor_site
  compound: mechkg:widgetol
  compound_as_written: Widgetol
references:
  - {{n: 1, title: Widgetol and BDNF in the rat brain after ischemia, source_type: primary_research,
      level: animal, basis: title}}
  - {{n: 2, host: widgetol-shop.example, source_type: vendor_site, level: vendor_assertion,
      basis: host}}
  - {{n: 3, title: "Widgetol in acute stroke: a randomized, placebo-controlled trial",
      source_type: clinical_trial_report, level: human_clinical_rct, basis: title}}
claims:
  - {{id: w-1, subject: "mechkg:widgetol", predicate: increases_amount, object: "HGNC:1033",
      context: rat-stroke, cites: [1], span: [{s1[0]}, {s1[1]}]}}
  - {{id: w-2, subject: "mechkg:widgetol", predicate: activates, object: "GO:0043491",
      context: unspecified, cites: [2], span: [{s2[0]}, {s2[1]}]}}
  - {{id: w-3, subject: "mechkg:widgetol", predicate: decreases_process, object: "GO:0051402",
      context: stroke-patients, cites: [3], span: [{s3[0]}, {s3[1]}]}}
  - {{id: w-4, subject: "FPLX:PI3K", predicate: activates, object: "FPLX:AKT",
      context: unspecified, cites: [], span: [{s4[0]}, {s4[1]}]}}
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A folder with ontology/, seeds/documents/ and docs/ holding the test document."""
    (tmp_path / "ontology" / "entities").mkdir(parents=True)
    (tmp_path / "ontology" / "contexts").mkdir(parents=True)
    (tmp_path / "seeds" / "documents").mkdir(parents=True)
    (tmp_path / "docs").mkdir()
    (tmp_path / "ontology" / "entities" / "test.yaml").write_text(ENTITIES, encoding="utf-8")
    (tmp_path / "ontology" / "contexts" / "test.yaml").write_text(CONTEXTS, encoding="utf-8")
    (tmp_path / "docs" / "widgetol.txt").write_text(DOC_TEXT, encoding="utf-8")
    (tmp_path / "seeds" / "documents" / "widgetol.yaml").write_text(seed_yaml(), encoding="utf-8")
    for name in ("mechkg.ttl", "vocabularies.ttl", "shapes.ttl"):
        (tmp_path / "ontology" / name).write_bytes((ROOT / "ontology" / name).read_bytes())
    shutil.copytree(ROOT / "ontology" / "classifier", tmp_path / "ontology" / "classifier")
    return tmp_path


@pytest.fixture
def extraction_project(project: Path) -> Path:
    """The test project with the extraction data and the project's contexts in its ontology."""
    shutil.copytree(ROOT / "ontology" / "extraction", project / "ontology" / "extraction")
    contexts = project / "ontology" / "contexts"
    own = [
        line for line in (contexts / "test.yaml").read_text(encoding="utf-8").splitlines() if "unspecified" not in line
    ]
    (contexts / "test.yaml").write_text("\n".join(own) + "\n", encoding="utf-8")
    for path in (ROOT / "ontology" / "contexts").glob("*.yaml"):
        shutil.copy(path, contexts / f"project-{path.name}")
    return project


@pytest.fixture
def kb(project: Path) -> KnowledgeBase:
    """The test project loaded."""
    return load_knowledge_base(project / "seeds", project / "ontology", project / "docs")


@pytest.fixture(scope="session")
def seeds_kb() -> KnowledgeBase:
    """The real curated seeds (checked against the source documents when they are present)."""
    docs = SHARED_SEEDS if SHARED_SEEDS.is_dir() else None
    return load_knowledge_base(ROOT / "seeds", ROOT / "ontology", docs)


@pytest.fixture(scope="session")
def reader_ex() -> Extractor:
    """The project's extractor (vocabularies, rules, cues) loaded once for the reading tests."""
    from kg.extract import load_extractor

    return load_extractor(Path(__file__).resolve().parent.parent / "ontology")
