"""The reader's text rules (:mod:`kg.read.textrules`): decoding, format sniffing, markup, line shapes."""

from __future__ import annotations

from kg.read.textrules import clean_markup, decode, ends_sentence, first_cell_cut, heading_like, sniff_format


def test_decode() -> None:
    assert decode("café".encode(), "f.txt") == ("café", [])
    assert decode(b"", "f.txt") == (None, ["f.txt: empty document; nothing read"])
    assert decode(b"\x00\x01\x02" * 10, "f.txt") == (None, ["f.txt: binary content (NUL bytes); skipped"])
    text, [warning] = decode(b"caf\xe9", "f.txt")
    assert text == "café" and "decoded as cp1252" in warning


def test_sniff_format_by_suffix_and_content() -> None:
    assert sniff_format("# Title\n\ntext", "a.md") == "markdown"
    assert sniff_format("plain words", "a.txt") == "text"


def test_clean_markup_and_line_shapes() -> None:
    assert clean_markup("**bold**  and [link](http://x.org)") == "bold and link"
    assert heading_like("Results") and not heading_like("This is a sentence.")
    assert ends_sentence("it is done.") and not ends_sentence("and")
    assert first_cell_cut("Half-life4 hours") == 9


def test_a_hyphen_at_a_line_end_joins_the_word_or_keeps_a_prefix_hyphen() -> None:
    from kg.read.textrules import clean_markup

    text = "inflam-\nmation, anti-\ninflammatory, interleukin-\n6, TNF-\nalpha, a well-\nknown - \nitem"
    assert clean_markup(text) == "inflammation, anti-inflammatory, interleukin-6, TNF-alpha, a well-known - item"
