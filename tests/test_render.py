from __future__ import annotations

import itertools
import re
import shlex
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from kg.errors import RenderError, SeedErrors
from kg.model import Direction, KnowledgeBase, Predicate, SupportClass
from kg.pathway import load_pathways, pathway_claims
from kg.render import diagram as render
from kg.render import styles
from kg.render.diagram import neighbourhood_claims, to_dot, write_diagram
from kg.render.legend import HEAD_GLYPHS, LINE_GLYPHS
from kg.render.styles import EDGE_STYLES, SUPPORT_TAGS, arrowhead, edge_groups

ROOT = Path(__file__).resolve().parent.parent
HAS_DOT = shutil.which("dot") is not None


def _edge_line(text: str, subject: str, obj: str) -> str:
    return next(line for line in text.splitlines() if line.startswith(f'"{subject}" -> "{obj}"'))


def test_edges_styled_by_support_and_predicate(kb: KnowledgeBase) -> None:
    text = to_dot(kb, kb.claims, "test").to_string()
    cases = {
        ("mechkg:widgetol", "HGNC:1033"): SupportClass.PRECLINICAL_ONLY,
        ("mechkg:widgetol", "GO:0043491"): SupportClass.VENDOR_ONLY,
        ("mechkg:widgetol", "GO:0051402"): SupportClass.CLINICAL,
        ("FPLX:PI3K", "FPLX:AKT"): SupportClass.UNCITED,
    }
    for (subject, obj), support in cases.items():
        line = _edge_line(text, subject, obj)
        colour, style = EDGE_STYLES[support]
        assert f'color="{colour}"' in line
        assert f"style={style}" in line
    assert "arrowhead=tee" in _edge_line(text, "mechkg:widgetol", "GO:0051402")
    assert "arrowhead=normal" in _edge_line(text, "FPLX:PI3K", "FPLX:AKT")
    assert 'label="UNCITED"' in _edge_line(text, "FPLX:PI3K", "FPLX:AKT")
    assert 'label="PRE · 1 ref\\n[rat-stroke]"' in _edge_line(text, "mechkg:widgetol", "HGNC:1033")


def test_every_support_class_has_a_distinct_style() -> None:
    assert set(EDGE_STYLES) == set(SupportClass)
    assert len(set(EDGE_STYLES.values())) == len(SupportClass)
    assert set(SUPPORT_TAGS) == set(SupportClass) and len(set(SUPPORT_TAGS.values())) == len(SupportClass)


def _luminance(colour: str) -> float:
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def test_palette_is_visible_and_distinct_in_greyscale() -> None:
    for support, (colour, _) in EDGE_STYLES.items():
        contrast = 1.05 / (_luminance(colour) + 0.05)  # against a white page
        assert contrast >= 2.0, f"{support.value} edges are too faint on white ({contrast:.2f}:1)"
    styles = {style for _, style in EDGE_STYLES.values()}
    for style in styles:  # classes that share a line style differ in grey level
        greys = sorted(_luminance(c) for c, s in EDGE_STYLES.values() if s == style)
        assert all(b - a > 0.08 for a, b in itertools.pairwise(greys)), style


@pytest.mark.parametrize(
    ("predicate", "head"),
    [
        (Predicate.ACTIVATES, "normal"),
        (Predicate.INCREASES_PROCESS, "normal"),
        (Predicate.INHIBITS, "tee"),
        (Predicate.DECREASES_AMOUNT, "tee"),
        (Predicate.BINDS, "none"),
        (Predicate.INCREASES_EXPRESSION, "empty"),
        (Predicate.DECREASES_EXPRESSION, "teeodot"),
        (Predicate.REGULATES, "odot"),
    ],
)
def test_arrowheads(predicate: Predicate, head: str) -> None:
    assert arrowhead(predicate) == head


def test_legend_clusters_and_quoting(kb: KnowledgeBase, project: Path) -> None:
    (project / "ontology" / "pathways.yaml").write_text(
        '- {id: pi3k, label: PI3K/Akt test, members: ["FPLX:PI3K", "FPLX:AKT", "GO:0043491"]}\n'
    )
    pathways = load_pathways(project / "ontology" / "pathways.yaml", kb)
    claims = pathway_claims(kb, pathways["pi3k"])
    assert {c.object for c in claims} == {"GO:0043491", "FPLX:AKT"}
    text = to_dot(kb, claims, "t", list(pathways.values())).to_string()
    assert "subgraph cluster_pi3k" in text
    assert 'label="PI3K/Akt test"' in text
    assert '"FPLX:PI3K"' in text  # CURIEs are quoted, never read as node:port
    assert "<B>VEND</B> vendor only" in text
    assert "<B>UNCITED</B> uncited" in text
    assert "clinical" not in text  # no clinical claim in this pathway, so no legend row for it
    # a pathway drawn under its own name: the title is drawn once, the cluster unlabelled
    titled = to_dot(kb, claims, "PI3K/Akt test", list(pathways.values())).to_string()
    assert titled.count("PI3K/Akt test") == 1
    cluster = titled[titled.index("subgraph cluster_pi3k {") :]
    assert 'label=""' in cluster[: cluster.index("\n}")]


def _legend_contents(text: str) -> tuple[set[str], set[str], set[str]]:
    """Support classes, arrowheads and entity types the DOT text's legend shows."""
    supports = set()
    for support in SupportClass:
        colour, style = EDGE_STYLES[support]
        glyph = LINE_GLYPHS[style]
        if f"<B>{SUPPORT_TAGS[support]}</B> {support.value.replace('_', ' ')} " in text:
            # the sample is drawn in that class's colour and line
            assert f'<FONT COLOR="{colour}"><B>{glyph}</B></FONT> <B>{SUPPORT_TAGS[support]}</B>' in text
            supports.add(support.value)
    heads = {h for h, glyph in HEAD_GLYPHS.items() if f'<TD ALIGN="LEFT"> <B>{glyph}</B> ' in text}
    types = set(re.findall(r'BORDER="1" ALIGN="LEFT"> (\w[\w ]*) <FONT', text))
    return supports, heads, {t.replace(" ", "_") for t in types}


ALL_PAIRS = (
    ("mechkg:widgetol", "HGNC:1033"),  # preclinical only, increases amount
    ("mechkg:widgetol", "GO:0043491"),  # vendor only, activates
    ("mechkg:widgetol", "GO:0051402"),  # clinical, decreases process
    ("FPLX:PI3K", "FPLX:AKT"),  # uncited, activates
)


@pytest.mark.parametrize(
    ("pairs", "supports", "heads", "types"),
    [
        (
            ALL_PAIRS,
            {"preclinical_only", "vendor_only", "clinical", "uncited"},
            {"normal", "tee"},
            {"compound", "protein", "pathway", "process", "protein_family"},
        ),
        (ALL_PAIRS[2:3], {"clinical"}, {"tee"}, {"compound", "process"}),
        (ALL_PAIRS[1::2], {"vendor_only", "uncited"}, {"normal"}, {"compound", "pathway", "protein_family"}),
    ],
)
def test_legend_lists_exactly_what_is_drawn(
    kb: KnowledgeBase, pairs: tuple[tuple[str, str], ...], supports: set[str], heads: set[str], types: set[str]
) -> None:
    claims = [c for c in kb.claims if (c.subject, c.object) in pairs]
    assert len(claims) == len(pairs)
    text = to_dot(kb, claims, "t").to_string()
    assert _legend_contents(text) == (supports, heads, types)  # nothing unused, nothing missing
    assert "no effect / refuted" not in text


def test_legend_groups_predicates_by_arrowhead_and_shows_negation(kb: KnowledgeBase) -> None:
    claims = list(kb.claims)
    claims[0] = replace(claims[0], direction=Direction.NO_EFFECT)
    text = to_dot(kb, claims, "t").to_string()
    assert "no effect / refuted (red label)" in text
    assert '<TD ALIGN="LEFT"> <B>\u25b6</B> activates, increases amount </TD>' in text  # one cell per arrowhead
    assert "no effect / refuted" not in to_dot(kb, kb.claims, "t").to_string()


def test_no_legend_without_claims(kb: KnowledgeBase) -> None:
    assert "Support (colour" not in to_dot(kb, [], "t").to_string()
    assert "Support (colour" not in to_dot(kb, kb.claims, "t", legend=False).to_string()


def test_large_diagrams_get_the_same_compact_legend(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(styles, "DOT_EDGE_LIMIT", 1)
    claims = [c for c in kb.claims if (c.subject, c.object) in ALL_PAIRS[1::2]]
    text = to_dot(kb, claims, "t").to_string()
    assert _legend_contents(text)[0] == {"vendor_only", "uncited"}
    assert "protein family <FONT" in text and "process" not in text


def _parallel(kb: KnowledgeBase) -> list:
    """The test claims plus two parallel ones (same ends, other context or predicate)."""
    base = next(c for c in kb.claims if c.object == "HGNC:1033")
    return [
        *kb.claims,
        replace(base, context="unspecified"),
        replace(base, predicate=Predicate.INCREASES_EXPRESSION),
    ]


def test_parallel_claims_merge_into_one_edge_with_a_count(kb: KnowledgeBase) -> None:
    claims = _parallel(kb)
    assert len(edge_groups(claims)) == 6
    merged = to_dot(kb, claims, "t", merge=True).to_string()
    lines = [ln for ln in merged.splitlines() if ln.startswith('"mechkg:widgetol" -> "HGNC:1033"')]
    assert len(lines) == 1
    assert 'label="PRE · 3 claims"' in lines[0]
    assert "arrowhead=odot" in lines[0]  # mixed predicates: a ring
    assert lines[0].count("C") >= 3  # every claim id in the tooltip
    assert len([ln for ln in merged.splitlines() if " -> " in ln]) == 4


def test_edge_cap_keeps_the_strongest_and_says_so(kb: KnowledgeBase) -> None:
    text = to_dot(kb, kb.claims, "t", max_edges=2).to_string()
    edges = [ln for ln in text.splitlines() if " -> " in ln]
    assert len(edges) == 2
    assert any("GO:0051402" in e for e in edges)  # the clinical claim
    assert any("HGNC:1033" in e for e in edges)  # then preclinical, before vendor-only and uncited
    assert "showing the 2 strongest of 4 edges" in text
    assert '"FPLX:AKT"' not in text  # nodes of dropped edges are not drawn
    assert "showing the" not in to_dot(kb, kb.claims, "t", max_edges=4).to_string()


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed (make setup installs it)")
def test_title_drawn_once_and_legend_compact(kb: KnowledgeBase, project: Path) -> None:
    (project / "ontology" / "pathways.yaml").write_text(
        '- {id: pi3k, label: PI3K/Akt test, members: ["FPLX:PI3K", "FPLX:AKT", "GO:0043491"]}\n'
    )
    pathways = list(load_pathways(project / "ontology" / "pathways.yaml", kb).values())
    dot = to_dot(kb, kb.claims, "PI3K/Akt test", pathways)
    svg = subprocess.run(["dot", "-Tsvg"], input=dot.to_string().encode(), capture_output=True, check=True).stdout
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", svg.decode())
    assert texts.count("PI3K/Akt test") == 1
    nodes = _plain_layout(dot.to_string())
    graph_height = float(subprocess.run(
        ["dot", "-Tplain"], input=dot.to_string().encode(), capture_output=True, check=True
    ).stdout.split()[3])  # fmt: skip
    drawn = max(y + h / 2 for _, y, _, h in nodes.values()) - min(y - h / 2 for _, y, _, h in nodes.values())
    assert graph_height - drawn < 2.0, "the title and legend take more than 2 in above the diagram"


def _plain_layout(text: str) -> dict[str, tuple[float, float, float, float]]:
    """Node name → (x, y, width, height) in inches, as laid out by dot (y grows upwards)."""
    out = subprocess.run(["dot", "-Tplain"], input=text.encode(), capture_output=True, check=True).stdout
    nodes = {}
    for line in out.decode().splitlines():
        fields = shlex.split(line)
        if fields[0] == "node":
            nodes[fields[1]] = (float(fields[2]), float(fields[3]), float(fields[4]), float(fields[5]))
    return nodes


def test_same_claims_same_dot(kb: KnowledgeBase) -> None:
    assert to_dot(kb, kb.claims, "t").to_string() == to_dot(kb, list(reversed(kb.claims)), "t").to_string()


def test_neighbourhood(kb: KnowledgeBase) -> None:
    near = neighbourhood_claims(kb, "FPLX:AKT", depth=1)
    assert [(c.subject, c.object) for c in near] == [("FPLX:PI3K", "FPLX:AKT")]


def test_pathway_file_errors_name_line(kb: KnowledgeBase, tmp_path: Path) -> None:
    path = tmp_path / "pathways.yaml"
    path.write_text('- {id: a, label: A, members: ["HGNC:1033"]}\n- {id: b, label: B, members: ["HGNC:99999"]}\n')
    with pytest.raises(SeedErrors, match=r"pathways\.yaml:2: pathway 'b': unknown entity 'HGNC:99999'"):
        load_pathways(path, kb)


def test_real_pathways_load(seeds_kb: KnowledgeBase) -> None:
    pathways = load_pathways(ROOT / "ontology" / "pathways.yaml", seeds_kb)
    assert {"shh", "pi3k-akt", "tlr-nfkb", "apoptosis", "trk-erk-creb"} <= set(pathways)
    assert all(pathway_claims(seeds_kb, p) for p in pathways.values())


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed (make setup installs it)")
def test_svg_and_png_written(kb: KnowledgeBase, tmp_path: Path) -> None:
    written = write_diagram(to_dot(kb, kb.claims, "t"), tmp_path / "d", ["dot", "svg", "png"])
    assert [p.suffix for p in written] == [".dot", ".png", ".svg"]
    assert (tmp_path / "d.svg").read_text().lstrip().startswith(("<?xml", "<svg"))
    assert (tmp_path / "d.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_missing_graphviz_keeps_dot_file(kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render.shutil, "which", lambda _name: None)
    with pytest.raises(RenderError, match="apt-get install graphviz"):
        write_diagram(to_dot(kb, kb.claims, "t"), tmp_path / "d", ["svg"])
    assert (tmp_path / "d.dot").read_text().startswith("digraph")
    assert not (tmp_path / "d.svg").exists()


def test_cli_render(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    from kg.cli import main

    monkeypatch.chdir(project)
    (project / "ontology" / "pathways.yaml").write_text(
        '- {id: pi3k, label: PI3K test, members: ["FPLX:PI3K", "FPLX:AKT", "GO:0043491"]}\n'
    )
    result = CliRunner().invoke(main, ["render", "--pathway", "pi3k", "--format", "dot", "--out", "d"])
    assert result.exit_code == 0, result.output
    assert (project / "d" / "pi3k.dot").is_file()
    bad = CliRunner().invoke(main, ["render", "--pathway", "nope"])
    assert bad.exit_code == 1
    assert "expected one of: pi3k" in bad.output
    assert CliRunner().invoke(main, ["render"]).exit_code == 2
    # a neighbourhood is merged and capped, and says so
    near = CliRunner().invoke(
        main, ["render", "--entity", "Widgetol", "--max-edges", "2", "--format", "dot", "--out", "d"]
    )
    assert near.exit_code == 0, near.output
    text = (project / "d" / "mechkg-widgetol.dot").read_text(encoding="utf-8")
    assert "showing the 2 strongest of 3 edges" in text
    assert len([ln for ln in text.splitlines() if " -> " in ln]) == 2
