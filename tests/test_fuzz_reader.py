"""Property-based tests of the document reader (:mod:`kg.read.reader`).

Random documents built from prose, citation markers of every style, unbalanced brackets,
reference lists, Markdown and HTML pieces, entities, any Unicode and control characters, read as
text, Markdown, HTML or sniffed, never raise, and every span they report lies within the text.
Random bytes (invalid UTF-8, byte-order marks, NULs) read from a file never raise either.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

reader = pytest.importorskip("kg.read.reader")

pytestmark = pytest.mark.fuzz

_PIECES = [
    "Widgetol raises BDNF in rats",
    " and lowers TNF-\u03b1 in patients",
    ". ",
    "\n",
    "\n\n",
    "[1]",
    "[2, 3]",
    "[1-4]",
    "[5\u20139]",
    "[12]",
    "(1)",
    "(2,3)",
    "\u00b9",
    "\u00b2\u00b3",
    "(Smith et al., 2019)",
    "(Lee and Kim 2020; Roe 2001a)",
    "[",
    "]",
    "((",
    "))",
    "[[",
    "[99999999999999999999]",
    "[1-99999999]",
    "References\n",
    "## References\n",
    "Sources:\n",
    "1. Widgetol and BDNF in rats. J Test. 2019. doi:10.1000/xyz123\n",
    "2. https://widgetol-shop.example/page\n",
    "3. PMID: 12345678 PMCID: PMC1234567\n",
    "- item one\n",
    "* bullet [1]\n",
    "| a | b |\n|---|---|\n| Widgetol | 1 [2] |\n",
    "# Title\n",
    "<p>",
    "</p>",
    "<sup>1</sup>",
    "<sup>",
    "<table><tr><td>x</td><td>",
    "</td></tr></table>",
    "<script>alert(1)</script>",
    "<!-- comment",
    "-->",
    "&amp;",
    "&#x1F600;",
    "&bogus;",
    "<h2>References</h2><ol><li>A title. 2020.</li></ol>",
    "\x00",
    "\x1b[31m",
    "\r\n",
    "\r",
    "\u2028",
    "\ufeff",
    "\u202e",
    "\t",
]
DOCS = st.lists(st.one_of(st.sampled_from(_PIECES), st.text(max_size=12)), max_size=40).map("".join)
FORMATS = st.sampled_from([None, "text", "markdown", "html"])


@given(DOCS, FORMATS)
def test_read_text_never_raises_and_spans_stay_in_the_text(text: str, fmt: str | None) -> None:
    doc = reader.read_text(text, "fuzz.txt", fmt)
    n = len(doc.text)
    assert doc.text == text
    for seg in doc.segments:
        assert 0 <= seg.start <= seg.end <= n, seg
        assert isinstance(seg.text, str) and isinstance(seg.section, str)
        assert all(isinstance(c, int) for c in seg.citations)
    for ref in doc.references:
        assert 0 <= ref.start <= ref.end <= n, ref
    assert 0 <= doc.markers_resolved <= doc.markers_found
    assert all(isinstance(w, str) for w in doc.warnings)


@given(st.one_of(st.binary(max_size=300), DOCS.map(lambda s: s.encode("utf-8", "surrogatepass"))))
def test_read_document_never_raises_on_any_bytes(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for suffix in (".txt", ".md", ".html"):
            path = Path(tmp) / f"doc{suffix}"
            path.write_bytes(raw)
            doc = reader.read_document(path)
            for seg in doc.segments:
                assert 0 <= seg.start <= seg.end <= len(doc.text)
            for ref in doc.references:
                assert 0 <= ref.start <= ref.end <= len(doc.text)
