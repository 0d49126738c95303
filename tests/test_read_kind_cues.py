"""The page-kind cue file (:mod:`kg.read.kind_cues`): cues, host hints and settings, errors at their line."""

from __future__ import annotations

from pathlib import Path

import pytest

from kg.errors import SeedErrors
from kg.read.kind_cues import KINDS, load_kind_cues, normalise_host

CUES = """min_score: 3
kinds:
  vendor:
    - {name: cart, pattern: 'add to cart', weight: 2, strong: true}
  scientific:
    - {name: methods, pattern: '^methods$', cap: 2, case: true}
hosts:
  - {kind: encyclopedic, name: wiki, pattern: 'wiki', weight: 4, decisive: true}
  - {kind: vendor, host: www.shop.example, weight: 3}
named_host: {kind: vendor, weight: 2}
noncommercial: [.org]
"""


def _write(tmp_path: Path, body: str) -> Path:
    (tmp_path / "kinds.yaml").write_text(body, encoding="utf-8")
    return tmp_path


def test_normalise_host() -> None:
    assert normalise_host("https://WWW.Shop.Example./item?x=1") == "shop.example"
    assert normalise_host(None) == ""


def test_the_cues_load(tmp_path: Path) -> None:
    cues = load_kind_cues(_write(tmp_path, CUES))
    assert [(c.kind, c.name, c.weight, c.strong, c.cap) for c in cues.cues] == [
        ("vendor", "cart", 2.0, True, 3),
        ("scientific", "methods", 1.0, False, 2),
    ]
    assert cues.cues[1].pattern.search("Intro\nMethods\n") is None  # case-sensitive
    wiki, shop = cues.hosts
    assert wiki.decisive and wiki.matches("en.wikipedia.org")
    assert shop.matches("store.shop.example") and not shop.matches("othershop.example")
    assert cues.named_host == ("vendor", 2.0) and cues.noncommercial == (".org",)
    assert (cues.min_score, cues.length_unit) == (3.0, 2000)
    assert set(KINDS) >= {c.kind for c in cues.cues}


def test_bad_cues_are_errors_at_their_line(tmp_path: Path) -> None:
    body = "kinds:\n  shopping:\n    - {name: x, pattern: y}\nhead: 0\nnamed_host: {kind: shop, weight: 2}\nextra: 1\n"
    with pytest.raises(SeedErrors) as caught:
        load_kind_cues(_write(tmp_path, body))
    messages = {(e.line, e.message.split(" (")[0]) for e in caught.value.errors}
    assert messages == {
        (6, "unknown key 'extra'"),
        (2, "unknown kind 'shopping'"),
        (5, "named_host needs kind"),
        (4, "head must be a positive number"),
    }
