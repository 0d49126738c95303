"""Assembly: evidence with the same five values is one claim; entries naming one work share its id."""

from __future__ import annotations

from kg.model import Direction, Evidence, EvidenceLevel, LevelBasis, Locator, Predicate, Reference, SourceType
from kg.seeds.assemble import assemble, group_works


def _ref(doc: str, n: int, level: EvidenceLevel = EvidenceLevel.ANIMAL, **kw: object) -> Reference:
    return Reference(doc, n, SourceType.PRIMARY_RESEARCH, level, LevelBasis.TITLE, **kw)  # type: ignore[arg-type]


def _ev(ident: str, refs: tuple[Reference, ...] = ()) -> Evidence:
    return Evidence(id=ident, document="d", locator=Locator("d.txt", "0" * 64, 0, 1), references=refs)


def test_entries_sharing_an_identifier_or_title_are_one_work() -> None:
    a = _ref("d1", 1, ids=("PMID:1",))
    b = _ref("d2", 4, ids=("PMID:1",), title="Another title of four words")
    c = _ref("d3", 2, title="Another title of four words")
    alone = _ref("d1", 2, host="example.org")
    works = group_works([a, b, c, alone])
    assert works[a.key] == works[b.key] == works[c.key]
    assert works[alone.key] != works[a.key]
    assert group_works([alone, c, b, a]) == works  # order of input does not matter


def test_statements_with_one_key_become_one_claim() -> None:
    animal, rct = _ref("d", 1), _ref("d", 2, EvidenceLevel.HUMAN_CLINICAL_RCT, title="A trial")
    key = ("CAS:1", Predicate.ACTIVATES, "HGNC:1", "unspecified", Direction.SUPPORTS)
    other = ("CAS:1", Predicate.INHIBITS, "HGNC:1", "unspecified", Direction.SUPPORTS)
    works = group_works([animal, rct])
    claims = assemble([(key, _ev("e2", (rct,))), (other, _ev("e3")), (key, _ev("e1", (animal,)))], works)
    assert len(claims) == 2
    merged = next(c for c in claims if c.predicate is Predicate.ACTIVATES)
    assert [e.id for e in merged.evidence] == ["e1", "e2"]
    assert merged.levels == (EvidenceLevel.HUMAN_CLINICAL_RCT, EvidenceLevel.ANIMAL)
    assert len(merged.works) == 2
    assert [c.key for c in claims] == sorted(c.key for c in claims)
