"""kg.render.charts and kg.render.markup: the report's SVG charts and HTML pieces, on small inputs."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from kg.model import EvidenceLevel, KnowledgeBase, SupportClass
from kg.render.charts import LEVEL_COLOURS, charts_section, share_bars, stacked_bars
from kg.render.markup import esc, level_badge, section, support_badge

SVG = "{http://www.w3.org/2000/svg}"


def test_stacked_bars_draw_one_segment_per_nonzero_value() -> None:
    svg = stacked_bars(
        "t <1>", [("doc a", [2, 0, 1]), ("doc b", [0, 0, 0])], [("x", "#111"), ("y", "#222"), ("z", "#333")], "claims"
    )
    root = ET.fromstring(svg)
    assert root.get("aria-label") == "t <1>"
    segments = [r for r in root.iter(SVG + "rect") if r.find(SVG + "title") is not None]
    assert [r.find(SVG + "title").text for r in segments] == ["doc a: x 2 claims", "doc a: z 1 claims"]
    assert [r.get("width") for r in segments] == ["293.3", "146.7"]  # of 440, the longest bar (3) at full width


def test_share_bars_say_part_of_whole() -> None:
    svg = share_bars("share", [("p", 1, 4), ("q", 0, 0)], "#0f0")
    assert "1 of 4 (25&#8239;%)" in svg and "0 of 0 (0&#8239;%)" in svg
    ET.fromstring(svg)


def test_charts_section_without_claims_says_so() -> None:
    empty = KnowledgeBase({}, {}, {}, (), ())
    html = charts_section(empty, [])
    assert html.startswith('<section id="charts">') and "No claims, so nothing to chart." in html


def test_every_level_has_a_colour() -> None:
    assert set(LEVEL_COLOURS) == set(EvidenceLevel)
    assert all(re.fullmatch(r"#[0-9a-f]{6}", c) for c in LEVEL_COLOURS.values())


def test_markup_escapes_and_wraps() -> None:
    assert esc('<a href="x">&') == "&lt;a href=&quot;x&quot;&gt;&amp;"
    assert section("s", "A & B", "<p>x</p>") == '<section id="s">\n<h2>A &amp; B</h2>\n<p>x</p>\n</section>'
    assert level_badge(EvidenceLevel.IN_VITRO, 3) == '<span class="level">in vitro 3</span>'
    badge = support_badge(SupportClass.VENDOR_ONLY)
    assert badge.startswith('<span class="support" style="background:#') and "vendor only" in badge
