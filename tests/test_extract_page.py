"""kg.extract.page: the page around the statements: furniture left out, the kind of page, the page as
its own reference, and the compound of interest."""

from __future__ import annotations

from kg.extract.extractor import Extractor
from kg.extract.page import UNKNOWN_COMPOUND, compound_of_interest, document_kind, self_reference, without_furniture
from kg.read.kind import KindVerdict
from kg.read.reader import read_text


def _choice(ex: Extractor, text: str) -> tuple[str, str, bool] | None:
    parsed = read_text(text, "p.txt")
    texts = [s.text for s in parsed.segments]
    choice = compound_of_interest(ex, parsed, texts, ex.matcher.find_many(texts))
    return (choice.id, choice.written, choice.grounded) if choice else None


def test_the_compound_comes_from_the_title_and_the_text(reader_ex: Extractor) -> None:
    assert _choice(reader_ex, "Quercetin\n\nQuercetin lowers TNF. Quercetin is a flavonol.\n") == (
        "CHEBI:16243",
        "Quercetin",
        True,
    )


def test_a_name_no_vocabulary_knows_is_minted_and_a_class_noun_never_is(reader_ex: Extractor) -> None:
    got = _choice(reader_ex, "Noventide Blend\n\nNoventide Blend is a peptide blend. Noventide Blend lowers TNF.\n")
    assert got is not None and got[0].startswith("mechkg:") and got[0] != "mechkg:blend" and not got[2]
    assert UNKNOWN_COMPOUND.startswith("mechkg:")


def test_cart_lines_are_furniture_and_a_shop_page_is_a_vendor_page(reader_ex: Extractor) -> None:
    text = "Noventide 10 mg\nAdd to cart\nPrice: $45.00\nFor research use only.\n\nNoventide lowers TNF in rats.\n"
    parsed = read_text(text, "p.txt")
    kept = without_furniture(parsed, reader_ex, [])
    assert all("Add to cart" not in s.text for s in kept.segments)
    kind = document_kind(parsed, reader_ex)
    assert kind is not None and kind.kind == "vendor"
    assert document_kind(parsed, reader_ex, declared="encyclopedic").kind == "encyclopedic"  # type: ignore[union-attr]


def test_the_page_itself_is_a_vendor_reference_numbered_after_the_list() -> None:
    parsed = read_text("Noventide\n\nNoventide lowers TNF.\n", "p.txt")
    ref = self_reference(parsed, KindVerdict("vendor", basis="strong"), [{"n": 3}], host="shop.example")
    assert ref["n"] == 4 and ref["level"] == "vendor_assertion" and ref["host"] == "shop.example"
