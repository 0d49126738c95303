"""Names compared and written (:mod:`kg.model.names`): identity folding and slugs."""

from __future__ import annotations

from kg.model import fold_name, slug


def test_slug_keeps_ascii_letters_and_digits() -> None:
    assert slug("Cerebrolysin: PI3K/Akt") == "cerebrolysin-pi3k-akt"
    assert slug("--") == "" and slug("--", "x") == "x"


def test_fold_name_unifies_compatibility_forms_and_case() -> None:
    assert fold_name("TNF-α") == fold_name("tnf-α") == fold_name("ＴＮＦ-α")
    assert fold_name("Straße") == fold_name("STRASSE")
    assert fold_name("BDNF") != fold_name("NGF")
