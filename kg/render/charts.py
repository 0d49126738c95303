"""The report's charts as inline SVG: stacked bars and share bars, and the charts section (support
classes and evidence levels per document, clinical share per pathway)."""

from __future__ import annotations

from collections.abc import Sequence

from kg.model import (
    Claim,
    EvidenceLevel,
    KnowledgeBase,
    SupportClass,
)
from kg.pathway import Pathway, pathway_claims
from kg.render.markup import esc, section
from kg.render.styles import EDGE_STYLES

__all__ = [
    "LEVEL_COLOURS",
    "charts_section",
    "share_bars",
    "stacked_bars",
]

#: Evidence level → fill of its bar segment (dark for clinical, lighter down the ladder).
LEVEL_COLOURS: dict[EvidenceLevel, str] = {
    EvidenceLevel.META_ANALYSIS: "#004d40",
    EvidenceLevel.HUMAN_CLINICAL_RCT: "#00796b",
    EvidenceLevel.HUMAN_CLINICAL_OTHER: "#4db6ac",
    EvidenceLevel.ANIMAL: "#0072b2",
    EvidenceLevel.IN_VITRO: "#56b4e9",
    EvidenceLevel.REVIEW_SECONDARY: "#9e9e9e",
    EvidenceLevel.VENDOR_ASSERTION: "#e69f00",
    EvidenceLevel.NOT_EVIDENCE: "#795548",
    EvidenceLevel.UNKNOWN: "#d55e00",
}


def _svg_legend(items: Sequence[tuple[str, str]], width: int) -> tuple[list[str], int]:
    """Swatches and names of a chart's series, wrapped to ``width``; returns them and their height."""
    out: list[str] = []
    x, y = 0, 12
    for label, colour in items:
        w = 18 + 7 * len(label)
        if x + w > width:
            x, y = 0, y + 18
        out.append(
            f'<rect x="{x}" y="{y - 10}" width="12" height="12" fill="{colour}" stroke="#555" stroke-width="0.5"/>'
        )
        out.append(f'<text x="{x + 16}" y="{y}">{esc(label)}</text>')
        x += w + 10
    return out, y + 10


def stacked_bars(
    title: str, rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[tuple[str, str]], unit: str
) -> str:
    """A horizontal stacked-bar chart as inline SVG: one bar per row, one segment per series."""
    width, label_w, bar_w, row_h = 760, 230, 440, 24
    legend, top = _svg_legend(series, width)
    height = top + 8 + row_h * len(rows) + 4
    out = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="11" '
        'font-family="system-ui, sans-serif">',
        f"<title>{esc(title)}</title>",
        *legend,
    ]
    biggest = max((sum(v) for _, v in rows), default=0) or 1
    for i, (label, values) in enumerate(rows):
        y = top + 8 + i * row_h
        short = label if len(label) <= 34 else label[:33] + "\u2026"
        out.append(f'<text x="0" y="{y + 15}">{esc(short)}<title>{esc(label)}</title></text>')
        x = float(label_w)
        for (name, colour), value in zip(series, values, strict=True):
            if not value:
                continue
            w = bar_w * value / biggest
            out.append(
                f'<rect x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_h - 7}" fill="{colour}">'
                f"<title>{esc(label)}: {esc(name)} {value} {esc(unit)}</title></rect>"
            )
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(values)}</text>')
    out.append("</svg>")
    return "\n".join(out)


def share_bars(title: str, rows: Sequence[tuple[str, int, int]], colour: str) -> str:
    """Horizontal bars of a share (part of whole) per row, as inline SVG, with 'part of whole (x %)'."""
    width, label_w, bar_w, row_h = 760, 230, 380, 24
    height = row_h * len(rows) + 6
    out = [
        f'<svg class="chart" role="img" aria-label="{esc(title)}" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {width} {height}" width="{width}" height="{height}" font-size="11" '
        'font-family="system-ui, sans-serif">',
        f"<title>{esc(title)}</title>",
    ]
    for i, (label, part, whole) in enumerate(rows):
        y = 3 + i * row_h
        share = part / whole if whole else 0.0
        out.append(f'<text x="0" y="{y + 15}">{esc(label if len(label) <= 34 else label[:33] + chr(0x2026))}</text>')
        out.append(f'<rect x="{label_w}" y="{y + 3}" width="{bar_w}" height="{row_h - 7}" fill="#eceff1"/>')
        if part:
            out.append(
                f'<rect x="{label_w}" y="{y + 3}" width="{bar_w * share:.1f}" height="{row_h - 7}" fill="{colour}"/>'
            )
        out.append(f'<text x="{label_w + bar_w + 8}" y="{y + 15}">{part} of {whole} ({100 * share:.0f}&#8239;%)</text>')
    out.append("</svg>")
    return "\n".join(out)


def charts_section(kb: KnowledgeBase, pathways: Sequence[Pathway]) -> str:
    """The charts: support classes and cited levels per document, clinical support per pathway."""
    if not kb.claims:
        return section("charts", "Charts", '<p class="note">No claims, so nothing to chart.</p>')
    classes = list(SupportClass)
    per_doc: dict[str, dict[str, Claim]] = {k: {} for k in kb.documents}
    works: dict[str, dict[str, EvidenceLevel]] = {k: {} for k in kb.documents}
    for claim in kb.claims:
        for ev in claim.evidence:
            per_doc.setdefault(ev.document, {})[claim.id] = claim
            for ref in ev.references:
                works.setdefault(ev.document, {})[kb.works.get(ref.key, ref.key)] = ref.level
    docs = sorted(per_doc)
    label = {k: (kb.documents[k].label if k in kb.documents else k) for k in docs}
    support_rows = [(label[k], [sum(1 for c in per_doc[k].values() if c.support is s) for s in classes]) for k in docs]
    level_rows = [
        (label[k], [sum(1 for lv in works[k].values() if lv is level) for level in EvidenceLevel]) for k in docs
    ]
    out = [
        "<h3>Support class of the claims each document asserts</h3>",
        stacked_bars(
            "claims per support class, per document",
            support_rows,
            [(s.value.replace("_", " "), EDGE_STYLES[s][0]) for s in classes],
            "claims",
        ),
        "<h3>Evidence levels of the works each document cites</h3>",
        stacked_bars(
            "cited works per evidence level, per document",
            level_rows,
            [(lv.value.replace("_", " "), LEVEL_COLOURS[lv]) for lv in EvidenceLevel],
            "works",
        ),
    ]
    steps = [(p.label, pathway_claims(kb, p)) for p in pathways]
    steps = [(name, claims) for name, claims in steps if claims]
    out.append("<h3>Share of each pathway's steps with clinical support</h3>")
    if steps:
        rows = [
            (name, sum(1 for c in claims if c.support is SupportClass.CLINICAL), len(claims)) for name, claims in steps
        ]
        out.append(share_bars("pathway steps with clinical support", rows, EDGE_STYLES[SupportClass.CLINICAL][0]))
    else:
        out.append('<p class="note">No named pathway has claims.</p>')
    return section(
        "charts",
        "Charts",
        "\n".join(f'<figure class="chart">{part}</figure>' if part.startswith("<svg") else part for part in out),
    )
