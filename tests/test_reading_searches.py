"""Faster searches of the reader find what the plain ones find: short forms, anchor windows."""

from __future__ import annotations

import random
import re

from kg.extract.mentions import _word_alternation


def test_same_matches_as_the_plain_alternation() -> None:
    words = sorted(["ABC", "AB", "A1", "Q", "x-y", "K+", "QR"], key=len, reverse=True)
    plain = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, words)) + r")(?![\w-])")
    grouped = _word_alternation(words)
    for text in ["ABC AB A1 ABx xAB -AB AB- (AB) Q QR QRS", "x-y x-yz K+ K+x A1,AB;Q", "", "A", "QQR Q-R"]:
        assert [m.span() for m in grouped.finditer(text)] == [m.span() for m in plain.finditer(text)], text


def test_anchor_windows_join_as_one_occurrence_at_a_time() -> None:
    from kg.extract.anchors import windows as _windows

    def one_by_one(text: str, anchor: str, reach: int) -> list[tuple[int, int]]:
        out: list[list[int]] = []
        pos = text.find(anchor)
        while pos != -1:
            start, end = max(0, pos - reach), min(len(text), pos + len(anchor) + reach)
            if out and start <= out[-1][1]:
                out[-1][1] = end
            else:
                out.append([start, end])
            pos = text.find(anchor, pos + 1)
        return [(a, b) for a, b in out]

    rng = random.Random(5)
    for _ in range(3000):
        text = "".join(rng.choice("aab ") for _ in range(rng.randrange(0, 200)))
        anchor = rng.choice(["a", "aa", "ab", "b a"])
        reach = rng.randrange(0, 20)
        assert _windows(text, anchor, reach, len(text)) == one_by_one(text, anchor, reach)
