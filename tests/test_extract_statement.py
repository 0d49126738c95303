"""kg.extract.statement: aspects, the predicate a trigger gives, confidence, and the parse state."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.mention import Mention
from kg.extract.statement import Parse, aspect_of, confidence_of, predicate_for
from kg.model import EntityType, Predicate


def _kind(ex: Extractor, name: str):
    return next(k for k in ex.rules.kinds if k.name == name and not k.implied)


def test_the_first_aspect_in_order_wins(reader_ex: Extractor) -> None:
    assert aspect_of(reader_ex.rules, "lowered the phosphorylation and the levels of") == "phosphorylation"
    assert aspect_of(reader_ex.rules, "raised the mRNA of") == "mrna"
    assert aspect_of(reader_ex.rules, "acts on") is None


def test_the_predicate_follows_the_kind_the_aspect_and_the_object_type(reader_ex: Extractor) -> None:
    protein = Mention(0, 3, "HGNC:11892", EntityType.PROTEIN, "TNF", True)
    process = Mention(0, 3, "GO:0006954", EntityType.PROCESS, "inflammation", True)
    decrease = _kind(reader_ex, "decrease")
    assert predicate_for(decrease, protein, None) is Predicate.DECREASES_AMOUNT
    assert predicate_for(decrease, protein, "mrna") is Predicate.DECREASES_EXPRESSION
    assert predicate_for(decrease, process, None) is Predicate.DECREASES_PROCESS


def test_confidence_falls_with_distance_and_hedging(reader_ex: Extractor) -> None:
    m = Mention(0, 3, "HGNC:11892", EntityType.PROTEIN, "TNF", True)
    kind = _kind(reader_ex, "decrease")
    near, far = confidence_of(kind, 1.0, m, 0, False), confidence_of(kind, 1.0, m, 200, False)
    assert 0 < far <= near <= 1 and confidence_of(kind, 1.0, m, 0, True) <= near


def test_the_previous_subject_is_the_last_one_found() -> None:
    parse = Parse()
    assert parse.previous_subject is None
    parse.subjects.extend([("A", "a", 1.0), None])
    assert parse.previous_subject == ("A", "a", 1.0)
