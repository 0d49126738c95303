"""The first-letter index of trigger kinds finds what scanning each kind's pattern finds."""

from __future__ import annotations

import random
import re
from pathlib import Path

from kg.extract.rules import load_rules
from kg.extract.trigger_index import build_index, fold, kind_starts
from kg.extract.triggers import _matches_at

ROOT = Path(__file__).resolve().parents[1]

_W = r"(?<![\w-])"
PATTERNS = [
    re.compile(_W + r"(?:(?:increas(?:e|es|ed))|(?:(?:\w+ )?drivers? of)|(?:(?<=\| )up(?= \||$)))(?![\w-])", re.I),
    re.compile(_W + r"(?:(?:is |are )?(?:rich|high) in|(?:a |the )*(?:parts?) of|stabili[sz]es)(?![\w-])", re.I),
    re.compile(_W + r"(?:is|be)\s+(?:an?\s+)?(?:[a-z]+\s+){0,2}?(?:anti-?oxidant)s?(?=\s*[.,;]|$)", re.I),
    re.compile(_W + r"(?:skin|kelvin|[\w-]+ase)", re.I),  # the last phrase may start with any word
]

SENTENCES = [
    "Quercetin increases the level of X and is rich in Y.",
    "The molecule is a potent antioxidant, and key drivers of Z are the parts of W.",
    "| Q | up |",
    "It stabilises the membrane; the main parts of it are two.",
    "A kinase and a \u212aELVIN scale; \u017fkin care; \u0130NCREASED by x.",  # Kelvin sign, long s, dotted I
    "THE DRIVERS OF growth IS AN ANTIOXIDANT.",
    "increased increased increasedincreased -increases x-increase",
]


def _scan(patterns: list[re.Pattern[str]], text: str) -> list[list[tuple[int, int]]]:
    index = build_index(patterns)
    assert index is not None
    out = []
    places = kind_starts(index, text)
    for k, pattern in enumerate(patterns):
        starts = places.get(k, [])
        found = pattern.finditer(text) if starts is None else _matches_at(pattern, text, starts)
        out.append([m.span() for m in found])
    return out


def test_fold_keeps_length_and_folds_as_the_engine() -> None:
    assert fold("ABC") == "abc"
    for text in ("\u0130x", "\u212a", "\u017f", "Stra\u00dfe", "\u03a3\u03c2"):
        assert len(fold(text)) == len(text)
    assert fold("\u212a") == "k" and fold("\u017f") == fold("s")


def test_same_matches_as_scanning_each_pattern() -> None:
    for text in SENTENCES:
        assert _scan(PATTERNS, text) == [[m.span() for m in p.finditer(text)] for p in PATTERNS], text


def test_a_phrase_without_first_letters_is_scanned_where_its_words_are() -> None:
    index = build_index(PATTERNS)
    assert index is not None
    assert kind_starts(index, "key drivers of growth")[0] is None  # 'driver' is there: scan the kind whole
    assert 0 not in kind_starts(index, "nothing here")
    assert kind_starts(index, "a kinase")[3] is None  # '[\w-]+ase' has no word it cannot do without


def test_shipped_triggers_on_mangled_sentences() -> None:
    rules = load_rules(ROOT / "ontology" / "extraction")
    patterns = [k.pattern for k in rules.kinds]
    rng = random.Random(7)
    odd = "\u212a\u017f\u0130\u0131\u03a3\u03c2\u2192\u2191|\u2014\u201c\u2019\u03ba- ,.()"
    for text in [
        *SENTENCES,
        "Compound X is a potent anti-inflammatory agent that inhibits NF-kB and up-regulates Nrf2.",
        "It acts as a neuroprotective compound; the main constituents of the extract are flavonoids.",
        "The phosphorylation of Akt is required for survival, as key mediators of the effect show.",
        "| Marker | \u2191 |",
    ]:
        variants = [text, text.upper(), text.swapcase()]
        for _ in range(20):
            chars = list(text)
            chars[rng.randrange(len(chars))] = rng.choice(odd)
            variants.append("".join(chars))
        for v in variants:
            assert _scan(patterns, v) == [[m.span() for m in p.finditer(v)] for p in patterns], v
