"""The alternation of defined short forms finds what the plain alternation finds."""

from __future__ import annotations

import re

from kg.extract.mentions import _word_alternation


def test_same_matches_as_the_plain_alternation() -> None:
    words = sorted(["ABC", "AB", "A1", "Q", "x-y", "K+", "QR"], key=len, reverse=True)
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    grouped = _word_alternation(words)
    for text in ["ABC AB A1 ABx xAB -AB AB- (AB) Q QR QRS", "x-y x-yz K+ K+x A1,AB;Q", "", "A", "QQR Q-R"]:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text
