"""The report's HTML pieces (:mod:`kg.render.markup`): escaping, a section, support and level badges."""

from __future__ import annotations

from kg.model import EvidenceLevel, SupportClass
from kg.render.markup import esc, level_badge, section, support_badge
from kg.render.styles import SUPPORT_TAGS


def test_esc_escapes_markup_and_quotes() -> None:
    assert esc('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    assert esc(3) == "3"


def test_section_escapes_its_title_not_its_body() -> None:
    assert section("refs", "A & B", "<p>x</p>") == '<section id="refs">\n<h2>A &amp; B</h2>\n<p>x</p>\n</section>'


def test_badges_name_the_class_or_level_in_words() -> None:
    badge = support_badge(SupportClass.PRECLINICAL_ONLY)
    assert badge.startswith('<span class="support" style="background:#')
    assert f"preclinical only · {SUPPORT_TAGS[SupportClass.PRECLINICAL_ONLY]}</span>" in badge
    assert level_badge(EvidenceLevel.HUMAN_CLINICAL_RCT) == '<span class="level">human clinical rct</span>'
    assert level_badge(EvidenceLevel.HUMAN_CLINICAL_RCT, 2) == '<span class="level">human clinical rct 2</span>'
