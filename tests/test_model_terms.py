"""The enums of the claim model (:mod:`kg.model.terms`): the support class cited levels give,
support ranks and weakness, predicate polarity and family."""

from __future__ import annotations

import pytest

from kg.model import EvidenceLevel as L
from kg.model import Predicate, SupportClass, support_class


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        (set(), SupportClass.UNCITED),
        ({L.HUMAN_CLINICAL_RCT, L.ANIMAL}, SupportClass.CLINICAL),
        ({L.META_ANALYSIS}, SupportClass.CLINICAL),
        ({L.HUMAN_CLINICAL_OTHER, L.VENDOR_ASSERTION}, SupportClass.CLINICAL),
        ({L.ANIMAL, L.IN_VITRO}, SupportClass.PRECLINICAL_ONLY),
        ({L.ANIMAL, L.NOT_EVIDENCE, L.UNKNOWN}, SupportClass.PRECLINICAL_ONLY),
        ({L.IN_VITRO, L.REVIEW_SECONDARY}, SupportClass.PRECLINICAL_ONLY),
        ({L.IN_VITRO, L.VENDOR_ASSERTION}, SupportClass.PRECLINICAL_AND_VENDOR),
        ({L.VENDOR_ASSERTION, L.UNKNOWN}, SupportClass.VENDOR_ONLY),
        ({L.VENDOR_ASSERTION, L.REVIEW_SECONDARY}, SupportClass.VENDOR_ONLY),
        ({L.REVIEW_SECONDARY, L.UNKNOWN}, SupportClass.SECONDARY_ONLY),
        ({L.NOT_EVIDENCE}, SupportClass.UNVERIFIABLE),
        ({L.UNKNOWN, L.NOT_EVIDENCE}, SupportClass.UNVERIFIABLE),
    ],
)
def test_support_class_from_levels(levels: set[L], expected: SupportClass) -> None:
    assert support_class(levels) is expected


def test_only_clinical_is_strong() -> None:
    assert [s for s in SupportClass if not s.is_weak] == [SupportClass.CLINICAL]
    assert SupportClass.UNCITED.preclinical_or_vendor
    assert not SupportClass.SECONDARY_ONLY.preclinical_or_vendor


def test_support_ranks_run_from_strong_to_weak() -> None:
    assert SupportClass.CLINICAL.rank < SupportClass.PRECLINICAL_ONLY.rank < SupportClass.UNCITED.rank


def test_predicate_polarity_and_family() -> None:
    assert Predicate.ACTIVATES.polarity == 1
    assert Predicate.DECREASES_AMOUNT.polarity == -1
    assert Predicate.BINDS.polarity == 0
    assert Predicate.INCREASES_EXPRESSION.family == "expression"
    assert not Predicate.HAS_PART.is_causal
