"""Where documents came from: the sources list of `kg extract --sources` (kg.read.sources)."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.read.sources import check_url, load_sources, url_for

ROOT = Path(__file__).resolve().parent.parent


def test_csv_and_tsv_lists_are_read_by_their_header(tmp_path: Path) -> None:
    csv_file = tmp_path / "s.csv"
    csv_file.write_text("note,file,url\nx,a.txt,https://shop.example.com/p/a\n,,\n", encoding="utf-8")
    tsv_file = tmp_path / "s.tsv"
    tsv_file.write_text("url\tfile\nhttp://example.org/b\tdocs/b.html\n", encoding="utf-8")
    assert load_sources(csv_file) == {"a.txt": "https://shop.example.com/p/a"}
    assert load_sources(tsv_file) == {"docs/b.html": "http://example.org/b"}


def test_a_document_is_found_by_its_path_or_its_file_name() -> None:
    sources = {"a.txt": "https://a.example.com/", "docs/b.txt": "https://b.example.com/"}
    assert url_for(sources, "/somewhere/a.txt") == "https://a.example.com/"
    assert url_for(sources, "docs/b.txt") == "https://b.example.com/"
    assert url_for(sources, "c.txt") is None


@pytest.mark.parametrize(
    ("content", "line", "words"),
    [
        ("name,link\na.txt,https://x.example.com\n", 1, "file and url"),
        ("file,url\na.txt,\n", 2, "needs a file and a url"),
        ("file,url\na.txt,ftp://x.example.com/a\n", 2, "not an http(s) URL"),
        ("file,url\na.txt,https://x.example.com/a\na.txt,https://y.example.com/a\n", 3, "listed twice"),
        ("", 1, "empty sources list"),
    ],
)
def test_bad_lists_name_file_and_line(tmp_path: Path, content: str, line: int, words: str) -> None:
    path = tmp_path / "s.csv"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(SeedErrors) as info:
        load_sources(path)
    assert f"s.csv:{line}:" in str(info.value) and words in str(info.value)


def test_check_url() -> None:
    assert check_url("https://example.com/a?b=1") is None
    assert check_url("example.com") and check_url("https://") and check_url("http://[::1")


def test_kg_extract_takes_a_url_or_a_sources_list(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    ontology = Path(__file__).resolve().parent.parent / "ontology"
    page = tmp_path / "page.txt"
    page.write_text("Quercetin\n\nQuercetin lowers IL-6 levels.\n", encoding="utf-8")
    runner = CliRunner()
    out = tmp_path / "out"
    args = ["extract", str(page), "--ontology", str(ontology), "--out", str(out)]
    done = runner.invoke(main, [*args, "--url", "https://example-naturals.com/products/q"])
    assert done.exit_code == 0, done.output
    assert "host: example-naturals.com" in (out / "x-page.yaml").read_text(encoding="utf-8")
    listing = tmp_path / "sources.csv"
    listing.write_text("file,url\npage.txt,not a url\n", encoding="utf-8")
    bad_args = ["extract", str(page), "--ontology", str(ontology), "--out", str(tmp_path / "o2")]
    bad = runner.invoke(main, [*bad_args, "--sources", str(listing)])
    assert bad.exit_code == 1 and "sources.csv:2:" in bad.output and not (tmp_path / "o2").exists()
    two = runner.invoke(main, [*args, str(listing), "--url", "https://example.com/"])
    assert two.exit_code == 2 and "one document" in two.output


def test_a_kind_column_declares_page_kinds_and_names_the_allowed_ones(tmp_path: Path) -> None:
    from kg.read.sources import PAGE_KINDS, load_kinds

    good = tmp_path / "sources.csv"
    good.write_text("file,url,kind\na.txt,https://a.example/x,vendor\nb.txt,https://b.example/y,\n", encoding="utf-8")
    assert load_kinds(good) == {"a.txt": "vendor"}
    bad = tmp_path / "bad.tsv"
    bad.write_text("file\turl\tkind\na.txt\thttps://a.example/x\tshop\n", encoding="utf-8")
    with pytest.raises(SeedErrors) as err:
        load_kinds(bad)
    assert f"{bad}:2:" in str(err.value) and all(k in str(err.value) for k in PAGE_KINDS)
    plain = tmp_path / "plain.csv"
    plain.write_text("file,url\na.txt,https://a.example/x\n", encoding="utf-8")
    assert load_kinds(plain) == {}


def test_a_declared_vendor_page_vouches_for_its_uncited_claims(tmp_path: Path) -> None:
    from kg.extract import extract_paths

    page = tmp_path / "page.txt"
    page.write_text("Quercetin\n\nQuercetin lowers IL-6 in adults.\n", encoding="utf-8")
    (plain,) = extract_paths([page], ROOT / "ontology")
    assert plain.document["source_type"] != "vendor_site" and all(not c.cites for c in plain.claims)
    (declared,) = extract_paths([page], ROOT / "ontology", kinds={"page.txt": "vendor"})
    assert declared.document["source_type"] == "vendor_site"
    assert declared.claims and all(c.cites for c in declared.claims)  # the page's own assertion
    assert "declared by the user" in declared.document["note"]
