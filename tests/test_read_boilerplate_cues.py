"""The page-furniture cue file (:mod:`kg.read.boilerplate_cues`): loaded and compiled, errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.read.boilerplate_cues import BoilerplateCues, load_boilerplate_cues, normalise_line

CUES = """reasons:
  shop:
    lines: [Add to cart]
    starts: [Free shipping]
    patterns: ['^sale ends \\d{1,2}']
  notes:
    sections: [Related articles]
    banners: ['this page was last edited']
headings: [Abstract]
separators: ['|']
nav_words: [Home]
menu_min_run: 5
"""


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "boilerplate.yaml").write_text(body, encoding="utf-8")
    return tmp_path


def test_normalise_line() -> None:
    assert normalise_line("  • Add   to Cart: ") == "add to cart"


def test_the_cues_load_into_lookups_and_patterns(tmp_path: Path) -> None:
    cues = load_boilerplate_cues(_write(tmp_path, CUES))
    assert isinstance(cues, BoilerplateCues)
    assert cues.reasons == ("shop", "notes")
    assert cues.phrases == {"add to cart": "shop"} and cues.sections == {"related articles": "notes"}
    assert cues.headings == frozenset({"abstract"}) and cues.nav_words == frozenset({"home"})
    assert cues.menu_min_run == 5 and cues.max_short_words == 8
    assert cues.starts is not None and cues.starts.match("free shipping today")
    m = cues.patterns.match("Sale ends 12 May") if cues.patterns else None
    assert m is not None and cues.groups[m.lastgroup or ""] == "shop"
    assert cues.later_patterns is None  # the one pattern is anchored at the start
    assert cues.banners is not None and cues.banners.search("This page was last edited on")


def test_bad_cues_are_errors_at_their_line(tmp_path: Path) -> None:
    body = "reasons:\n  shop:\n    patterns: ['a+']\n    colour: red\nmenu_min_run: -1\nbogus: 1\n"
    with pytest.raises(SeedErrors) as caught:
        load_boilerplate_cues(_write(tmp_path, body))
    found = {(e.line, e.message.split(" (")[0].split(":")[0]) for e in caught.value.errors}
    assert (6, "unknown key 'bogus'") in found
    assert (4, "unknown key 'colour' in shop") in found
    assert (5, "menu_min_run must be a positive number") in found
    assert any(e.line == 3 and "unbounded quantifier" in e.message for e in caught.value.errors)
