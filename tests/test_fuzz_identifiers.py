"""Property-based tests: identifier parsing, host extraction and the classifier never raise.

Arbitrary text (any Unicode, control characters, brackets, half-formed URLs and identifiers)
must give a valid answer: a parsed (prefix, local) pair that matches its pattern or a reason, a
lower-case host or a problem note, and a classification whose fields are vocabulary values.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from kg.classify import Classification, Lexicon, classify, host_of, load_lexicon, parse_identifier
from kg.model import EvidenceLevel, LevelBasis, SourceType
from kg.vocab.iris import REFERENCE_ID_PATTERNS

from .conftest import ROOT

pytestmark = pytest.mark.fuzz

LEXICON: Lexicon = load_lexicon(ROOT / "ontology" / "classifier")

#: Text built to hit the parsers' edges: prefixes, separators, brackets, schemes, controls.
_PIECES = st.sampled_from(
    [
        *REFERENCE_ID_PATTERNS,
        ":",
        "://",
        "http",
        "https",
        "www.",
        "[",
        "]",
        "[::1",
        "@",
        "%",
        "#",
        "?",
        "/",
        ".",
        "\x00",
        "\n",
        "\t",
        "\u200b",
        "\ufeff",
        "κ",
        "İ",
        "NCT",
        "CD",
        "PMC",
        "10.",
        "1234567",
        "cochrane.org",
        "example.com",
        " ",
    ]
)
TEXT = st.one_of(st.text(), st.lists(st.one_of(_PIECES, st.text(max_size=4)), max_size=12).map("".join))


@given(TEXT)
@example("PMID:123")
@example("doi:10.1000/x y")
@example("NCT:NCT0123456\n")
@example("cochrane:CD123456")
def test_parse_identifier_never_raises(text: str) -> None:
    result = parse_identifier(text)
    if isinstance(result, tuple):
        prefix, local = result
        assert prefix in REFERENCE_ID_PATTERNS
        assert re.fullmatch(REFERENCE_ID_PATTERNS[prefix], local)
        assert f"{prefix}:{local}" == text.strip()
    else:
        assert isinstance(result, str) and result


@given(st.one_of(st.none(), TEXT), st.one_of(st.none(), TEXT))
@example(None, "http://[::1")
@example(None, "https://exa mple.com/a")
@example("", "http://user@[v1.x]/")
@example("  ", "//example.com:99999/")
def test_host_of_never_raises(host: str | None, url: str | None) -> None:
    name, problem = host_of(host, url)
    assert isinstance(name, str) and isinstance(problem, str)
    assert name == name.lower()
    assert name == name.strip()
    if name:
        assert not problem
    if host and host.strip():
        assert name == host.strip().lower()


@given(TEXT)
def test_host_category_never_raises(host: str) -> None:
    category = LEXICON.host_category(host)
    assert category is None or category in LEXICON.hosts


@given(
    title=st.one_of(st.none(), TEXT),
    host=st.one_of(st.none(), TEXT),
    ids=st.lists(TEXT, max_size=3),
    url=st.one_of(st.none(), TEXT),
    context=TEXT,
)
def test_classify_never_raises(
    title: str | None, host: str | None, ids: list[str], url: str | None, context: str
) -> None:
    result = classify(LEXICON, title=title, host=host, ids=ids, url=url, context=context)
    assert isinstance(result, Classification)
    assert isinstance(result.source_type, SourceType)
    assert isinstance(result.level, EvidenceLevel)
    assert isinstance(result.basis, LevelBasis)
    assert isinstance(result.rationale, str) and result.rationale
