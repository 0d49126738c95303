from __future__ import annotations

from pathlib import Path

import pytest

from kg.classify import classify, load_lexicon, parse_identifier
from kg.errors import SeedErrors
from kg.model import EvidenceLevel as L
from kg.model import LevelBasis, SourceType

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def lex():
    return load_lexicon(ROOT / "ontology" / "classifier")


@pytest.mark.parametrize(
    ("title", "host", "ids", "level", "source"),
    [
        ("", "", ["cochrane:CD000001"], L.META_ANALYSIS, SourceType.SYSTEMATIC_REVIEW),
        ("", "", ["NCT:NCT01234567"], L.NOT_EVIDENCE, SourceType.TRIAL_PROTOCOL_OR_REGISTRY),
        ("", "www.abcam.com", [], L.VENDOR_ASSERTION, SourceType.VENDOR_SITE),
        ("Product sheet", "shop.cerebrolysin.com", [], L.VENDOR_ASSERTION, SourceType.MANUFACTURER_SITE),
        ("", "clinicaltrials.gov", [], L.NOT_EVIDENCE, SourceType.TRIAL_PROTOCOL_OR_REGISTRY),
        (
            "Drug X in acute stroke: a randomized, double-blind trial",
            "",
            [],
            L.HUMAN_CLINICAL_RCT,
            SourceType.CLINICAL_TRIAL_REPORT,
        ),
        (
            "Drug X improves outcome in rats: a randomized, blinded study",
            "",
            [],
            L.ANIMAL,
            SourceType.PRIMARY_RESEARCH,
        ),
        (
            "Drug X for stroke: study protocol for an open-label trial",
            "",
            [],
            L.NOT_EVIDENCE,
            SourceType.TRIAL_PROTOCOL_OR_REGISTRY,
        ),
        (
            "Drug X in patients with TBI: systematic review and meta-analysis",
            "",
            [],
            L.META_ANALYSIS,
            SourceType.SYSTEMATIC_REVIEW,
        ),
        ("Drug X protects cultured cortical neurons", "", [], L.IN_VITRO, SourceType.PRIMARY_RESEARCH),
        (
            "Drug X: an open-label study in patients",
            "",
            [],
            L.HUMAN_CLINICAL_OTHER,
            SourceType.PRIMARY_RESEARCH,
        ),
        ("The pharmacology of drug X: a review", "", [], L.REVIEW_SECONDARY, SourceType.NARRATIVE_REVIEW),
        ("", "pubmed.ncbi.nlm.nih.gov", [], L.UNKNOWN, SourceType.UNKNOWN_HOST),
        ("", "researchgate.net", [], L.UNKNOWN, SourceType.WEB_PAGE),
    ],
)
def test_grades(lex, title, host, ids, level, source) -> None:
    verdict = classify(lex, title, host, ids)
    assert verdict.level is level, verdict.rationale
    assert verdict.source_type is source
    assert verdict.rationale


def test_context_grades_an_identified_work_only(lex) -> None:
    ctx = "In a mouse model of brain injury the drug lowered cytokines"
    verdict = classify(lex, "Drug X lowers cytokines after injury", "pmc.ncbi.nlm.nih.gov", context=ctx)
    assert verdict.level is L.ANIMAL
    assert verdict.basis is LevelBasis.CITING_CONTEXT
    assert classify(lex, "", "ahajournals.org", context=ctx).level is L.UNKNOWN


def test_patients_in_citing_text_do_not_make_a_work_clinical(lex) -> None:
    verdict = classify(lex, "Drug X lowers cytokines", "", context="in patients with TBI serum levels fell")
    assert verdict.level is L.UNKNOWN


@pytest.mark.parametrize(
    ("kwargs", "reason"),
    [
        ({}, "cannot be identified"),
        ({"ids": ["PMCID:12345"]}, "malformed"),
        ({"ids": ["10.1000/xyz"]}, "no prefix"),
        ({"ids": ["ISBN:123"]}, "not one of"),
        ({"url": "http://[broken"}, "does not parse"),
        ({"url": "not a url"}, "has no host"),
        ({"title": "Эффективность препарата при инсульте"}, "no design cue"),
    ],
)
def test_bad_input_is_unknown_with_a_reason(lex, kwargs, reason) -> None:
    verdict = classify(lex, **kwargs)
    assert verdict.level is L.UNKNOWN
    assert reason in verdict.rationale


def test_parse_identifier() -> None:
    assert parse_identifier("PMID:26564102") == ("PMID", "26564102")
    assert parse_identifier("doi:10.1161/STROKEAHA.115.009416") == ("doi", "10.1161/STROKEAHA.115.009416")
    assert isinstance(parse_identifier("PMID:abc"), str)


def test_bad_lexicon_names_the_file(tmp_path: Path) -> None:
    (tmp_path / "hosts.yaml").write_text("sellers: [a.com]\n")
    (tmp_path / "cues.yaml").write_text("animal: ['rats?']\n")
    with pytest.raises(SeedErrors, match=r"hosts\.yaml:1: unknown host category 'sellers'"):
        load_lexicon(tmp_path)


def test_an_unlisted_marker_is_graded_by_the_words_before_it(lex) -> None:
    verdict = classify(lex, "", "", context="the same fall was seen in aged rats", unlisted=True)
    assert verdict.level is L.ANIMAL and verdict.basis.value == "citing_context"
    assert classify(lex, "", "", context="the same fall was seen in aged rats").level is L.UNKNOWN  # a bare entry
    review = classify(lex, "", "", context="its roles are reviewed in", unlisted=True)
    assert review.level is L.REVIEW_SECONDARY
    assert classify(lex, "", "", context="levels were lower in patients", unlisted=True).level is L.UNKNOWN


@pytest.mark.parametrize(
    ("context", "level"),
    [
        ("autophagy rose in worms and flies", L.ANIMAL),
        ("lifespan was longer in C. elegans", L.ANIMAL),
        ("as in Drosophila", L.ANIMAL),
        ("in animal studies the compound protected neurons", L.ANIMAL),
        ("the same was seen in budding yeast", L.IN_VITRO),
        ("in lipopolysaccharide-stimulated macrophages it lowered TNF", L.IN_VITRO),
    ],
)
def test_model_organisms_and_stimulated_cells_grade_a_citing_context(lex, context: str, level: L) -> None:
    assert classify(lex, "", "", context=context, unlisted=True).level is level
