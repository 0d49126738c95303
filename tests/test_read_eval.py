"""The reading benchmark's matcher and metrics (bench/reading/evaluate.py) on hand-made claims.

No document of the corpus is read here: gold and predicted claims are written for the tests, with
made-up spans.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml

from kg.model import (
    Claim,
    Direction,
    Evidence,
    EvidenceLevel,
    KnowledgeBase,
    LevelBasis,
    Locator,
    Predicate,
    Reference,
    SourceType,
)

ROOT = Path(__file__).resolve().parent.parent


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("reading_evaluate", ROOT / "bench" / "reading" / "evaluate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


ev = _load()

EQ = ev.Equivalence({"MESH:D000001": "HGNC:1", "HGNC:1": "MESH:D000001", "MESH:D000002": "CHEBI:2"})
COMPOUND = ("CHEBI:100",)


def gold_claim(
    subject: Any = "compound",
    predicate: str = "activates",
    obj: Any = ("HGNC:1",),
    span: tuple[int, int] = (0, 50),
    support: str | None = "uncited",
) -> Any:
    """A gold claim; ``obj`` / ``subject`` as an id tuple or "compound"."""

    def end(x: Any) -> Any:
        return ev.End("compound", compound=True) if x == "compound" else ev.End("thing", tuple(x))

    return ev.GoldClaim(end(subject), Predicate(predicate), end(obj), span, support=support)


def pred(
    subject: str = "CHEBI:100",
    predicate: str = "activates",
    obj: str = "HGNC:1",
    span: tuple[int, int] = (0, 50),
    support: str | None = "uncited",
) -> Any:
    return ev.Predicted(subject, Predicate(predicate), obj, span, "supports", support)


def gold(claims: list[Any], markers: tuple[Any, ...] = (), ids: tuple[str, ...] = COMPOUND, **kw: Any) -> Any:
    return ev.Gold("doc.txt", "0" * 64, "vendor", kw.pop("label", "widgetol"), ids, markers, tuple(claims), **kw)


def score(g: Any, predicted: list[Any], compound: str | None = "CHEBI:100", **kw: Any) -> Any:
    return ev.score_document(
        ev.DocScore("doc.txt", build_ok=True),
        g,
        predicted,
        compound,
        kw.get("refs", set()),
        kw.get("segments", []),
        kw.get("labelled", {}),
        EQ,
    )


# --- matching ----------------------------------------------------------------------------------


def test_exact_match_counts_once() -> None:
    d = score(gold([gold_claim()]), [pred()])
    assert (d.gold, d.predicted, d.matched) == (1, 1, 1)
    assert d.recall == d.precision == 1.0


def test_same_polarity_matches_opposite_does_not() -> None:
    assert score(gold([gold_claim()]), [pred(predicate="increases_amount")]).matched == 1
    d = score(gold([gold_claim()]), [pred(predicate="inhibits")])
    assert (d.matched, d.recall, d.precision) == (0, 0.0, 0.0)


def test_ids_compared_modulo_mesh_equivalence() -> None:
    assert score(gold([gold_claim(obj=("MESH:D000001",))]), [pred(obj="HGNC:1")]).matched == 1
    assert score(gold([gold_claim(obj=("HGNC:1",))]), [pred(obj="MESH:D000001")]).matched == 1
    assert score(gold([gold_claim(obj=("HGNC:1",))]), [pred(obj="HGNC:3")]).matched == 0


def test_object_among_every_acceptable_id() -> None:
    g = gold([gold_claim(obj=("FPLX:X", "HGNC:7"))])
    assert score(g, [pred(obj="HGNC:7")]).matched == 1


def test_subject_must_match_too() -> None:
    g = gold([gold_claim(subject=("HGNC:5",))])
    assert score(g, [pred(subject="HGNC:5")]).matched == 1
    assert score(g, [pred(subject="HGNC:6")]).matched == 0


def test_compound_subject_takes_the_drafts_compound_only_when_right() -> None:
    g = gold([gold_claim()], ids=("MESH:D000002",))
    # the draft names the compound by the ChEBI id MeSH maps to: right, and its claims match
    assert score(g, [pred(subject="CHEBI:2")], compound="CHEBI:2").matched == 1
    # a wrong compound of interest does not make its claims right
    d = score(g, [pred(subject="CHEBI:999")], compound="CHEBI:999")
    assert d.compound_right is False
    assert d.matched == 0


def test_minted_compound_when_the_gold_has_no_id() -> None:
    g = gold([gold_claim()], ids=(), label="Widget-ol peptide")
    d = score(g, [pred(subject="mechkg:widget-ol-peptide")], compound="mechkg:widget-ol-peptide")
    assert d.compound_right is True
    assert d.matched == 1
    # a minted id for something else is wrong
    assert score(g, [pred(subject="mechkg:other")], compound="mechkg:other").compound_right is False
    # the reverse containment counts: the slug of the label contains the minted one
    assert ev.minted_for("mechkg:widget-ol", "widget-ol peptide")


def test_compound_right() -> None:
    g = gold([], ids=("MESH:D000002",))
    assert ev.compound_right("CHEBI:2", g, EQ)
    assert ev.compound_right("MESH:D000002", g, EQ)
    assert not ev.compound_right("unknown", g, EQ)
    assert not ev.compound_right(None, g, EQ)
    assert not ev.compound_right("mechkg:widgetol", g, EQ)  # gold has ids: a minted one is wrong


def test_each_gold_claim_matches_once() -> None:
    g = gold([gold_claim()])
    d = score(g, [pred(), pred(predicate="increases_amount")])
    assert (d.gold, d.predicted, d.matched) == (1, 2, 1)
    assert d.precision == 0.5
    matched = [x for x in d.details if x["status"] == "matched"]
    assert matched[0]["predicted"]["predicate"] == "activates"  # the exact predicate is preferred


def test_duplicates_count_once_for_precision() -> None:
    d = score(gold([gold_claim()]), [pred(span=(0, 50)), pred(span=(80, 120)), pred(span=(0, 50))])
    assert (d.predicted, d.matched, d.precision) == (1, 1, 1.0)


def test_two_gold_claims_two_predictions_greedy_by_span() -> None:
    g = gold([gold_claim(span=(0, 50)), gold_claim(predicate="increases_amount", span=(100, 150))])
    d = score(g, [pred(predicate="increases_expression", span=(100, 150)), pred(span=(0, 50))])
    assert d.matched == 2
    pairs = {(x["gold"]["span"][0], x["predicted"]["span"][0]) for x in d.details if x["status"] == "matched"}
    assert pairs == {(0, 0), (100, 100)}


def test_matching_is_deterministic() -> None:
    g = gold([gold_claim(span=(0, 10)), gold_claim(span=(20, 30))])
    predicted = [pred(span=(20, 30), predicate="increases_amount"), pred(span=(0, 10))]
    runs = {str(score(g, list(order)).details) for order in (predicted, predicted[::-1])}
    assert len(runs) == 1


def test_ungrounded_statements_are_not_false_positives() -> None:
    g = gold([gold_claim()], ungrounded=(ev.Ungrounded((200, 260), Predicate.INCREASES_PROCESS),))
    extra = pred(obj="mechkg:skin-firmness", predicate="increases_process", span=(200, 260))
    d = score(g, [pred(), extra])
    assert (d.predicted, d.precision) == (1, 1.0)
    assert [x["status"] for x in d.details if "predicted" in x] == ["matched", "ignored"]
    # an opposite relation at the same place is still a false positive
    d = score(g, [pred(), pred(obj="HGNC:9", predicate="inhibits", span=(200, 260))])
    assert d.predicted == 2


# --- support -----------------------------------------------------------------------------------


def test_support_agreement_on_matched_claims() -> None:
    g = gold([gold_claim(span=(0, 10), support="vendor_only"), gold_claim(obj=("HGNC:2",), span=(20, 30))])
    d = score(g, [pred(span=(0, 10), support="uncited"), pred(obj="HGNC:2", span=(20, 30), support="uncited")])
    assert (d.matched, d.support_agree, d.support) == (2, 1, 0.5)


def test_support_unknown_when_the_draft_does_not_build() -> None:
    d = score(gold([gold_claim()]), [pred(support=None)])
    assert (d.matched, d.support_agree, d.support_unknown) == (1, 0, 1)


def _reference(doc: str, n: int, level: EvidenceLevel) -> Reference:
    return Reference(doc, n, SourceType.PRIMARY_RESEARCH, level, LevelBasis.TITLE)


def _evidence(doc: str, start: int, refs: tuple[Reference, ...]) -> Evidence:
    return Evidence(f"{doc}-{start}", doc, Locator(f"{doc}.txt", "0" * 64, start, start + 10), refs)


def test_built_claims_give_the_support_of_this_document_alone() -> None:
    trial = _reference("seed", 1, EvidenceLevel.HUMAN_CLINICAL_RCT)
    animal = _reference("x-doc", 1, EvidenceLevel.ANIMAL)
    claim = Claim(
        "CHEBI:100",
        Predicate.ACTIVATES,
        "HGNC:1",
        "unspecified",
        Direction.SUPPORTS,
        (_evidence("seed", 0, (trial,)), _evidence("x-doc", 40, (animal,)), _evidence("x-doc", 90, ())),
        levels=(EvidenceLevel.HUMAN_CLINICAL_RCT, EvidenceLevel.ANIMAL),
    )
    assert claim.support.value == "clinical"
    assert ev.doc_support(claim, "x-doc") == "preclinical_only"
    kb = KnowledgeBase({}, {}, {}, (), (claim,))
    got = ev.built_predictions(kb, "x-doc")
    assert [(p.span, p.support, p.cites) for p in got] == [
        ((40, 50), "preclinical_only", (1,)),
        ((90, 100), "preclinical_only", ()),
    ]
    assert ev.built_predictions(kb, "other") == []


# --- markers -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "numbers"),
    [("3", {3}), ("[12]", {12}), ("1-4", {1, 2, 3, 4}), ("6,8-12", {6, 8, 9, 10, 11, 12}), ("1–2", {1, 2}),
     ("iv", {4}), ("viii", {8}), ("p", set()), ("Smith et al., 2010", set())],
)  # fmt: skip
def test_label_numbers(label: str, numbers: set[int]) -> None:
    assert ev.label_numbers(label) == numbers


def test_marker_kept_needs_a_reference_and_a_citing_segment() -> None:
    marker = ev.GoldMarker("2", (48, 51))
    segments = [((0, 48), (2,)), ((52, 90), ())]  # the marker is glued after the first sentence
    assert ev.marker_kept(marker, {1, 2}, segments, {})
    assert not ev.marker_kept(marker, {1}, segments, {})  # no reference entry 2 in the draft
    assert not ev.marker_kept(marker, {2}, [((0, 40), (2,)), ((52, 90), ())], {})  # no segment there cites it
    assert not ev.marker_kept(marker, {2}, [((0, 48), (1,))], {})  # the segment there cites another


class _Ref:
    def __init__(self, n: int, label: str | None = None) -> None:
        self.n = n
        if label is not None:
            self.label = label


def test_marker_labels_resolved_through_the_readers_labels() -> None:
    labelled = ev.reference_labels([_Ref(1, "Price et al., 2012"), _Ref(2)])
    labelled |= ev.reference_labels([{"n": 3, "label": "p"}, {"n": 4}])
    marker = ev.GoldMarker("Price et al 2012", (10, 30))
    assert ev.marker_numbers(marker.label, labelled) == {1}
    assert ev.marker_kept(marker, {1}, [((0, 40), (1,))], labelled)
    assert ev.marker_numbers("p", labelled) == {3}
    assert ev.marker_numbers("2", labelled) == {2}  # no label field: the number as written
    # a study named by its authors: 'Morozov et al.' in the draft is the gold's 'Morozov'
    named = ev.reference_labels([{"n": 5, "label": "Morozov et al."}])
    assert ev.marker_numbers("Morozov", named) == {5}


def test_markers_counted_per_document() -> None:
    g = gold([], markers=(ev.GoldMarker("1", (10, 13)), ev.GoldMarker("2", (30, 33))))
    d = score(g, [], refs={1}, segments=[((0, 40), (1,))])
    assert (d.markers_kept, d.markers_gold) == (1, 2)
    assert [x["status"] for x in d.details] == ["marker_kept", "marker_dropped"]


# --- gold files --------------------------------------------------------------------------------

GOLD = {
    "document": "doc.txt",
    "sha256": "0" * 64,
    "kind": "vendor",
    "compound": {"label": "widgetol", "ids": ["CHEBI:100"]},
    "markers": [{"label": "1", "span": [5, 8]}],
    "references": [{"label": "1", "level": "unknown", "basis": "none", "listed": False}],
    "claims": [
        {
            "subject": "compound",
            "predicate": "activates",
            "object": {"label": "thing", "ids": ["HGNC:1"]},
            "direction": "supports",
            "hedged": False,
            "span": [0, 20],
            "cites": ["1"],
            "support": "unverifiable",
        }
    ],
    "ungrounded": [{"subject": "compound", "predicate": "increases_process", "object": "firmness", "span": [30, 40]}],
}


def test_parse_gold() -> None:
    g = ev.parse_gold(GOLD)
    assert g.compound_ids == ("CHEBI:100",)
    assert g.claims[0].subject.compound and g.claims[0].object.ids == ("HGNC:1",)
    assert g.claims[0].support == "unverifiable" and g.claims[0].cites == ("1",)
    assert g.markers == (ev.GoldMarker("1", (5, 8)),)
    assert g.ungrounded == (ev.Ungrounded((30, 40), Predicate.INCREASES_PROCESS),)


@pytest.mark.parametrize(
    ("path", "value", "message"),
    [
        ("predicate", "makes", "unknown predicate"),
        ("span", [20, 0], "span start after end"),
        ("span", "0-20", "span must be"),
        ("support", "strong", "unknown support class"),
        ("object", "a thing", "expected 'compound'"),
    ],
)
def test_parse_gold_rejects_bad_claims(path: str, value: Any, message: str) -> None:
    data = {**GOLD, "claims": [{**GOLD["claims"][0], path: value}]}
    with pytest.raises(ev.GoldError, match=message):
        ev.parse_gold(data, "g.yaml")


def test_load_gold_names_unreadable_files(tmp_path: Path) -> None:
    bad = tmp_path / "g.yaml"
    bad.write_text("claims: [unclosed\n", encoding="utf-8")
    with pytest.raises(ev.GoldError, match=r"g\.yaml: cannot be read"):
        ev.load_gold(bad)


# --- overall figures and the report ------------------------------------------------------------


def _doc(name: str, gold_n: int | None, predicted: int, matched: int, **kw: Any) -> Any:
    return ev.DocScore(name, gold=gold_n, predicted=predicted, matched=matched, build_ok=kw.pop("build_ok", True), **kw)


def test_overall_micro_and_macro() -> None:
    docs = [
        _doc("a", 10, 5, 4, support_agree=4, markers_gold=3, markers_kept=3, compound_right=True),
        _doc("b", 2, 4, 2, support_agree=1, markers_gold=1, markers_kept=0, compound_right=False),
        _doc("c", None, 7, 0, build_ok=False),  # no gold: only its build counts
    ]
    t = ev.overall(docs)
    assert t["recall"] == pytest.approx(6 / 12)
    assert t["precision"] == pytest.approx(6 / 9)
    assert t["macro_recall"] == pytest.approx((0.4 + 1.0) / 2)
    assert t["macro_precision"] == pytest.approx((0.8 + 0.5) / 2)
    assert t["support_agreement"] == pytest.approx(5 / 6)
    assert (t["markers_kept"], t["markers_gold"]) == (3, 4)
    assert t["compound_rate"] == 0.5
    assert (t["build_failures"], t["drafts"]) == (1, 3)
    verdicts = {name: ok for name, _, ok in ev.targets(t)}
    assert verdicts == {
        "recall >= 60%": False,
        "precision >= 80%": False,
        "support agreement >= 80%": True,
        "compound right >= 95%": False,
        "0 build failures": False,
        "no marker dropped": False,
    }


def test_targets_pass() -> None:
    docs = [_doc("a", 10, 7, 7, support_agree=7, markers_gold=2, markers_kept=2, compound_right=True)]
    assert all(ok for _, _, ok in ev.targets(ev.overall(docs)))


def test_targets_without_gold_are_not_judged() -> None:
    verdicts = [ok for _, _, ok in ev.targets(ev.overall([_doc("a", None, 3, 0)]))]
    assert verdicts == [None, None, None, None, True, None]


def test_report_prints_spans_and_ids() -> None:
    g = gold(
        [gold_claim(span=(0, 10)), gold_claim(obj=("HGNC:2",), span=(20, 30))], markers=(ev.GoldMarker("1", (9, 12)),)
    )
    d = score(g, [pred(span=(0, 10)), pred(obj="HGNC:8", span=(40, 50))], refs={1}, segments=[((0, 12), (1,))])
    out = ev.render([d], "test", verbose=True)
    assert "matched" in out and "missed" in out and "false_positive" in out and "marker_kept" in out
    assert "[20, 30] compound -activates-> HGNC:2" in out
    assert "[40, 50] CHEBI:100 -activates-> HGNC:8" in out
    assert "FAIL  precision >= 80%" in out and "PASS  0 build failures" in out


def test_split_names(tmp_path: Path) -> None:
    split = tmp_path / "split.yaml"
    split.write_text("dev: [b.txt, a.txt]\ntest: [c.txt]\n", encoding="utf-8")
    assert ev.split_names(split, "dev") == ["b.txt", "a.txt"]
    assert ev.split_names(split, "test") == ["c.txt"]
    assert ev.split_names(split, "all") == ["a.txt", "b.txt", "c.txt"]


# --- the whole run on a made-up corpus -----------------------------------------------------------

#: A short document written for this test (not taken from any source).
TOY_TEXT = "Notes on curcumin\n\nCurcumin lowers TNF-alpha in mice [1].\n\nReferences\n1. Curcumin in a mouse study\n"


def test_evaluate_runs_end_to_end(tmp_path: Path) -> None:
    corpus, gold_dir = tmp_path / "corpus", tmp_path / "gold"
    corpus.mkdir()
    gold_dir.mkdir()
    for name in ("toy.txt", "stale.txt", "nogold.txt"):
        (corpus / name).write_text(TOY_TEXT, encoding="utf-8")
    sha = ev.hashlib.sha256(TOY_TEXT.encode("utf-8")).hexdigest()
    start = TOY_TEXT.index("Curcumin lowers")
    marker = TOY_TEXT.index("[1]")
    data = {
        **GOLD,
        "document": "toy.txt",
        "sha256": sha,
        "compound": {"label": "curcumin", "ids": ["CHEBI:3962", "MESH:D003474"]},
        "markers": [{"label": "1", "span": [marker, marker + 3]}],
        "claims": [
            {
                "subject": "compound",
                "predicate": "decreases_amount",
                "object": {"label": "TNF", "ids": ["HGNC:11892"]},
                "span": [start, TOY_TEXT.index("\n", start)],
                "cites": ["1"],
                "support": "preclinical_only",
            }
        ],
        "ungrounded": [],
    }
    (gold_dir / "toy.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    (gold_dir / "stale.yaml").write_text(yaml.safe_dump({**data, "sha256": "1" * 64}), encoding="utf-8")
    names = ["toy.txt", "stale.txt", "nogold.txt", "absent.txt"]
    scores = ev.evaluate(names, corpus, gold_dir, ROOT / "ontology", ROOT / "seeds", EQ)
    toy, stale, nogold, absent = scores
    assert toy.scored and toy.gold == 1 and toy.markers_gold == 1
    assert toy.matched <= 1 and toy.markers_kept <= 1 and isinstance(toy.build_ok, bool)
    if not toy.build_ok:
        assert toy.build_error and toy.support_unknown == toy.matched
    assert not stale.scored and "sha256 differs" in stale.note
    assert not nogold.scored and "no gold file" in nogold.note and isinstance(nogold.build_ok, bool)
    assert absent.build_ok is None and "not in the corpus" in absent.note
    report = ev.render(scores, "test")
    assert "Curcumin lowers" not in report  # spans and ids only


def test_build_draft_gives_built_claims_and_their_support() -> None:
    from kg.extract import ExtractedClaim, ExtractionResult

    document = {
        "file": "made-up.txt",
        "sha256": "a" * 64,
        "length": 400,
        "label": "made-up page",
        "source_type": "unknown_host",
        "compound_as_written": "Cerebrolysin",
        "compound": "CAS:12656-61-0",
        "references_numbered": True,
        "note": "written for a test",
    }
    refs = [{"n": 1, "title": "a rat study", "host": "", "source_type": "primary_research", "level": "animal",
             "basis": "title", "note": "test"}]  # fmt: skip
    claims = [
        ExtractedClaim("CAS:12656-61-0", Predicate.INCREASES_AMOUNT, "HGNC:1033", "unspecified", "supports", False,
                       (1,), (10, 60), 0.9),
        ExtractedClaim("CAS:12656-61-0", Predicate.INCREASES_AMOUNT, "HGNC:1033", "unspecified", "supports", False,
                       (), (70, 120), 0.9),
        ExtractedClaim("CAS:12656-61-0", Predicate.ACTIVATES, "HGNC:7808", "unspecified", "supports", False,
                       (), (130, 180), 0.8),
    ]  # fmt: skip
    result = ExtractionResult("made-up.txt", "made-up", document, refs, claims)
    kb, errors = ev.build_draft(result, ROOT / "seeds", ROOT / "ontology")
    assert errors == [] and kb is not None
    got = sorted((p.span, p.triple, p.support, p.cites) for p in ev.built_predictions(kb, "x-made-up"))
    bdnf = ("CAS:12656-61-0", "increases_amount", "HGNC:1033")
    assert got == [
        ((10, 60), bdnf, "preclinical_only", (1,)),
        ((70, 120), bdnf, "preclinical_only", ()),  # one claim: the support of all its statements here
        ((130, 180), ("CAS:12656-61-0", "activates", "HGNC:7808"), "uncited", ()),
    ]
    assert len(ev.group_predictions(ev.built_predictions(kb, "x-made-up"))) == 2


def test_build_draft_reports_the_first_errors() -> None:
    from kg.extract import ExtractionResult

    result = ExtractionResult("bad.txt", "bad", {"file": "bad.txt", "compound": "unknown"}, [], [])
    kb, errors = ev.build_draft(result, ROOT / "seeds", ROOT / "ontology")
    assert kb is None and 1 <= len(errors) <= 4
    assert all("/tmp" not in e and "reading-" not in e for e in errors)
