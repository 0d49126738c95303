"""kg.extract.document: one document read and drafted (the compound's mentions, statements, vendor
assertions, warnings), and a batch of paths."""

from __future__ import annotations

from pathlib import Path

from kg.extract.document import extract_document, extract_paths
from kg.extract.extractor import Extractor
from kg.read.reader import read_text

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology"


def test_a_shop_page_vouches_for_its_uncited_claims(reader_ex: Extractor) -> None:
    text = "Noventide 10 mg\nAdd to cart\nPrice: $45.00\nFor research use only.\n\nNoventide lowers TNF in rats.\n"
    result = extract_document(read_text(text, "shop.txt"), reader_ex)
    assert result.document["compound"] == "mechkg:noventide"
    [claim] = result.claims
    [vendor] = [r for r in result.references if r["level"] == "vendor_assertion"]
    assert claim.cites == (vendor["n"],) and claim.object == "HGNC:11892"


def test_a_page_naming_no_compound_drafts_the_placeholder_with_a_warning(reader_ex: Extractor) -> None:
    result = extract_document(read_text("Notes\n\nTNF raises IL-6.\n", "notes.txt"), reader_ex)
    assert any("no compound of interest" in w for w in result.warnings)
    assert [(c.subject, c.object) for c in result.claims] == [("HGNC:11892", "HGNC:6018")]


def test_a_batch_reads_each_path_and_says_what_it_skipped(tmp_path: Path) -> None:
    good = tmp_path / "a.txt"
    good.write_text("Quercetin\n\nQuercetin lowers TNF.\n", encoding="utf-8")
    empty = tmp_path / "b.txt"
    empty.write_text("", encoding="utf-8")
    results = extract_paths([good, empty], ONTOLOGY)
    by_name = {Path(r.path).name: r for r in results}
    assert [c.object for c in by_name["a.txt"].claims] == ["HGNC:11892"]
    assert "b.txt" not in by_name or not by_name["b.txt"].claims
