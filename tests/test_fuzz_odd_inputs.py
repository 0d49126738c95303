"""Odd inputs end in a clear message and exit 0, 1 or 2, never in a traceback.

- An uncompressed PDF, named like a text file or not, its header after a byte-order mark or a junk
  line or missing, is read as PDF (never as text whose first line is ``1 0 obj<<…``); the draft
  ``kg extract`` writes validates, and a warning about a missing compound counts the claims the
  draft really holds.
- A seed value over 16 MiB gives ``kg validate``, ``kg build`` and ``kg sparql`` a normal run or a
  located error (exit 1), never a traceback.
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner, Result
from hypothesis import given, settings

from kg.cli import main

from .conftest import seed_yaml
from .fuzz_strategies import HUGE_FIELDS, OddPdf, pdfs_as_text, uncompressed_pdf, with_huge_value

pytestmark = pytest.mark.fuzz

_PDF_SYNTAX = re.compile(r"\d+ 0 obj|<<|/Type|endobj|%PDF")


def _no_traceback(result: Result, allowed: tuple[int, ...] = (0, 1, 2)) -> None:
    """The command ended on purpose: an allowed status, no exception escaped, no traceback printed."""
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    assert not escaped, f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
    assert result.exit_code in allowed, result.output
    assert "Traceback" not in result.output


@given(pdfs_as_text())
@settings(max_examples=min(15, settings().max_examples))
def test_a_pdf_is_read_as_pdf_whatever_its_name_and_its_draft_validates(extraction_project: Path, pdf: OddPdf) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        docs, out = Path(tmp) / "docs", Path(tmp) / "out"
        docs.mkdir()
        (docs / pdf.name).write_bytes(pdf.raw)
        ontology = str(extraction_project / "ontology")
        result = CliRunner().invoke(main, ["extract", str(docs / pdf.name), "--out", str(out), "--ontology", ontology])
        _no_traceback(result, (0,))
        drafts = sorted(out.glob("*.yaml")) if out.is_dir() else []
        if not pdf.lines:
            assert not drafts
            return
        assert len(drafts) == 1, result.output
        draft = yaml.safe_load(drafts[0].read_text(encoding="utf-8"))
        assert not _PDF_SYNTAX.search(str(draft["document"]["label"])), draft["document"]
        assert not _PDF_SYNTAX.search(str(draft["document"]["compound_as_written"])), draft["document"]
        n = len(draft.get("claims") or [])
        for line in result.output.splitlines():
            if "no compound of interest found" in line:
                assert line.endswith(f"; {n} claim{'s' if n != 1 else ''} about other subjects drafted"), line
        check = CliRunner().invoke(
            main,
            [
                *("validate", "--seeds", str(extraction_project / "seeds"), "--ontology", ontology),
                *("--documents", str(docs), "--extracted", str(out)),
            ],
        )
        _no_traceback(check, (0,))


@pytest.mark.parametrize(("section", "key"), HUGE_FIELDS, ids=[f"{s}.{k}" for s, k in HUGE_FIELDS])
def test_a_value_over_16_mib_ends_in_a_build_or_a_clear_error(project: Path, section: str, key: str) -> None:
    seed = project / "seeds" / "documents" / "widgetol.yaml"
    seed.write_text(with_huge_value(seed_yaml(), section, key), encoding="utf-8")
    inputs = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    inputs += ["--documents", str(project / "docs")]
    with tempfile.TemporaryDirectory() as tmp:
        for command in (["validate"], ["build", "--out", str(Path(tmp) / "out")], ["sparql", "weak-support"]):
            result = CliRunner().invoke(main, [*command, *inputs])
            _no_traceback(result, (0, 1))  # values over the documented limit are refused at load
            if result.exit_code == 1:
                assert re.search(r"widgetol\.yaml:\d+: ", result.output), result.output


@pytest.mark.parametrize("prefix", [b"", b"\xef\xbb\xbf", b"junk before the header\r\n"], ids=["plain", "bom", "junk"])
def test_a_draft_without_a_compound_says_how_many_claims_it_holds(extraction_project: Path, prefix: bytes) -> None:
    docs, out = extraction_project / "incoming", extraction_project / "drafts"
    docs.mkdir()
    (docs / "notes.txt").write_bytes(uncompressed_pdf([["PI3K turns on Akt.", "Akt turns on PI3K."]], prefix))
    result = CliRunner().invoke(
        main, ["extract", str(docs), "--out", str(out), "--ontology", str(extraction_project / "ontology")]
    )
    _no_traceback(result, (0,))
    draft = yaml.safe_load((out / "x-notes.yaml").read_text(encoding="utf-8"))
    assert draft["document"]["label"] == "notes" and len(draft["claims"]) == 2
    assert (
        f"{docs / 'notes.txt'}: no compound of interest found (title and text name none); the draft names "
        "the placeholder mechkg:unknown-compound and drafts no claim about it; 2 claims about other subjects drafted"
    ) in result.output


_TEXT = "Widgetol raised BDNF protein in rat cortex after stroke. Caf\u00e9 notes.\nPI3K turns on Akt.\n"


@pytest.mark.parametrize(
    "raw",
    [
        _TEXT.encode("utf-16"),
        b"\xef\xbb\xbf" + _TEXT.encode("cp1252"),
        _TEXT.encode("cp1252"),
        b"\xef\xbb\xbf" + _TEXT.encode("utf-8"),
    ],
    ids=["utf-16", "bom-then-cp1252", "cp1252", "utf-8-bom"],
)
def test_a_draft_of_text_that_is_not_plain_utf8_validates(extraction_project: Path, raw: bytes) -> None:
    docs, out = extraction_project / "incoming", extraction_project / "drafts"
    docs.mkdir()
    (docs / "notes.txt").write_bytes(raw)
    ontology = str(extraction_project / "ontology")
    result = CliRunner().invoke(main, ["extract", str(docs), "--out", str(out), "--ontology", ontology])
    _no_traceback(result, (0,))
    draft = yaml.safe_load((out / "x-notes.yaml").read_text(encoding="utf-8"))
    assert draft["claims"], result.output
    check = CliRunner().invoke(
        main,
        [
            *("validate", "--seeds", str(extraction_project / "seeds"), "--ontology", ontology),
            *("--documents", str(docs), "--extracted", str(out)),
        ],
    )
    _no_traceback(check, (0,))
