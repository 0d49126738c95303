"""The HTML pieces every part of the report is made of: escaped text, a section, support and level
badges."""

from __future__ import annotations

import html

from kg.model import (
    EvidenceLevel,
    SupportClass,
)
from kg.render.styles import EDGE_STYLES, SUPPORT_TAGS

__all__ = [
    "esc",
    "level_badge",
    "section",
    "support_badge",
]


def esc(text: object) -> str:
    """HTML-escape any value (quotes included, so the result is safe in attributes too)."""
    return html.escape(str(text), quote=True)


#: Text colour that stays legible on each support-class colour.
_TEXT_ON = {"#009e73": "#fff", "#0072b2": "#fff", "#000000": "#fff", "#d55e00": "#fff"}


def support_badge(support: SupportClass) -> str:
    """A support class as a coloured badge: its words and its tag, legible on the class colour."""
    colour = EDGE_STYLES[support][0]
    label = support.value.replace("_", " ")
    text = _TEXT_ON.get(colour, "#111")
    return (
        f'<span class="support" style="background:{colour};color:{text}">{esc(label)} · {SUPPORT_TAGS[support]}</span>'
    )


def level_badge(level: EvidenceLevel, count: int | None = None) -> str:
    """An evidence level as a badge in words, with a count when given."""
    text = level.value.replace("_", " ") + ("" if count is None else f" {count}")
    return f'<span class="level">{esc(text)}</span>'


def section(anchor: str, title: str, body: str) -> str:
    """A report section: ``anchor`` as its id, ``title`` escaped as its heading, ``body`` as given."""
    return f'<section id="{anchor}">\n<h2>{esc(title)}</h2>\n{body}\n</section>'
