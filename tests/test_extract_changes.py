"""kg.extract.changes: comparisons, changes a setting or a treatment brings about, groups that did not
differ, and contrasted claims."""

from __future__ import annotations

from kg.extract.changes import comparison, contrasted, group_parity
from kg.extract.extractor import ExtractedClaim, Extractor
from kg.model import Predicate
from tests.extract_steps import QUERCETIN, statement_of


def test_a_comparison_says_the_first_name_raises_or_lowers_the_second(reader_ex: Extractor) -> None:
    st = statement_of(reader_ex, "Higher TNF levels mean more IL-6 release.")
    [claim] = comparison(reader_ex, st, st.mentions, (), (0, 9))
    assert (claim.subject, claim.predicate, claim.object) == ("HGNC:11892", Predicate.INCREASES_AMOUNT, "HGNC:6018")
    st = statement_of(reader_ex, "TNF and IL-6 are cytokines.")
    assert comparison(reader_ex, st, st.mentions, (), (0, 9)) == []


def test_names_similar_across_groups_are_unchanged_by_the_compound(reader_ex: Extractor) -> None:
    st = statement_of(reader_ex, "Levels of TNF and IL-6 did not differ between the groups.")
    got = {
        (c.subject, c.predicate, c.object, c.direction) for c in group_parity(reader_ex, st, st.mentions, (), (0, 9))
    }
    assert got == {
        (QUERCETIN, Predicate.REGULATES, "HGNC:11892", "no_effect"),
        (QUERCETIN, Predicate.REGULATES, "HGNC:6018", "no_effect"),
    }
    none = statement_of(reader_ex, "Levels of TNF did not differ between the groups.", compound=None)
    assert group_parity(reader_ex, none, none.mentions, (), (0, 9)) == []


def test_a_denied_unsigned_effect_takes_the_sign_asserted_beside_it() -> None:
    def claim(predicate: Predicate, direction: str) -> ExtractedClaim:
        return ExtractedClaim("A", predicate, "B", "unspecified", direction, False, (), (0, 1), 0.5)

    out = contrasted([claim(Predicate.INCREASES_AMOUNT, "supports"), claim(Predicate.REGULATES, "no_effect")])
    assert [(c.predicate, c.direction) for c in out] == [
        (Predicate.INCREASES_AMOUNT, "supports"),
        (Predicate.INCREASES_AMOUNT, "no_effect"),
    ]
    alone = [claim(Predicate.REGULATES, "no_effect")]
    assert contrasted(alone) == alone
