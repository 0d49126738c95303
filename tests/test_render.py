from __future__ import annotations

import re
import shlex
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest

from kg import render
from kg.errors import RenderError, SeedErrors
from kg.model import Direction, KnowledgeBase, Predicate, SupportClass
from kg.render import (
    EDGE_STYLES,
    arrowhead,
    load_pathways,
    neighbourhood_claims,
    pathway_claims,
    to_dot,
    write_diagram,
)

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
    assert 'label="uncited"' in _edge_line(text, "FPLX:PI3K", "FPLX:AKT")
    assert 'label="1 ref\\n[rat-stroke]"' in _edge_line(text, "mechkg:widgetol", "HGNC:1033")


def test_every_support_class_has_a_distinct_style() -> None:
    assert set(EDGE_STYLES) == set(SupportClass)
    assert len(set(EDGE_STYLES.values())) == len(SupportClass)


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
    assert "subgraph cluster_legend" in text
    assert "subgraph cluster_pi3k" in text
    assert 'label="PI3K/Akt test"' in text
    assert '"FPLX:PI3K"' in text  # CURIEs are quoted, never read as node:port
    assert 'label="vendor only\\l"' in text
    assert 'label="uncited\\l"' in text
    assert "clinical" not in text  # no clinical claim in this pathway, so no legend row for it


def _legend_rows(text: str) -> dict[str, dict[str, str]]:
    """Legend row id → attributes of its sample edge (rows without a sample are left out)."""
    rows = {}
    for match in re.finditer(r'^"legend:([^"]+):tail" -> "legend:\1:text" \[(.*)\];$', text, re.M):
        attrs = dict(pair.split("=", 1) for pair in match.group(2).split(", "))
        if attrs.get("style") != "invis":
            rows[match.group(1)] = {k: v.strip('"') for k, v in attrs.items()}
    return rows


def _legend_contents(text: str) -> tuple[set[str], set[str], set[str]]:
    """Support classes, arrowheads and entity types the DOT text's legend shows."""
    rows = _legend_rows(text)
    supports = {r for r in rows if r in {s.value for s in SupportClass}}
    for support in supports:  # the sample is drawn exactly as the diagram draws that class
        assert (rows[support]["color"], rows[support]["style"]) == EDGE_STYLES[SupportClass(support)]
    heads = {a["arrowhead"] for r, a in rows.items() if r.startswith("head_")}
    types = set(re.findall(r'^"legend:type:(\w+)" \[', text, re.M))
    return supports, heads, types


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
    assert "negated" not in _legend_rows(text)


def test_legend_groups_predicates_by_arrowhead_and_shows_negation(kb: KnowledgeBase) -> None:
    claims = list(kb.claims)
    claims[0] = replace(claims[0], direction=Direction.NO_EFFECT)
    text = to_dot(kb, claims, "t").to_string()
    rows = _legend_rows(text)
    assert rows["negated"]["arrowtail"] == "obox"
    normal = re.search(r'^"legend:head_normal:text" \[.*label="([^"]*)"', text, re.M)
    assert normal is not None
    assert normal.group(1) == "activates, increases amount\\l"  # one row per arrowhead
    assert "negated" not in _legend_rows(to_dot(kb, kb.claims, "t").to_string())


def test_no_legend_without_claims(kb: KnowledgeBase) -> None:
    assert "legend" not in to_dot(kb, [], "t").to_string()
    assert "legend" not in to_dot(kb, kb.claims, "t", legend=False).to_string()


def test_sfdp_gets_a_table_legend(kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(render, "DOT_EDGE_LIMIT", 1)
    claims = [c for c in kb.claims if (c.subject, c.object) in ALL_PAIRS[1::2]]
    text = to_dot(kb, claims, "t").to_string()
    assert "cluster_legend" not in text and '"legend" [' in text
    table = text[text.index('"legend" [') :]
    colour, _ = EDGE_STYLES[SupportClass.VENDOR_ONLY]
    assert f'<FONT COLOR="{colour}">' in table and "vendor only" in table and "uncited" in table
    assert "clinical" not in table and "preclinical" not in table
    assert "protein family (ellipse, double border)" in table and "process" not in table


def _plain_layout(text: str) -> dict[str, tuple[float, float, float, float]]:
    """Node name → (x, y, width, height) in inches, as laid out by dot (y grows upwards)."""
    out = subprocess.run(["dot", "-Tplain"], input=text.encode(), capture_output=True, check=True).stdout
    nodes = {}
    for line in out.decode().splitlines():
        fields = shlex.split(line)
        if fields[0] == "node":
            nodes[fields[1]] = (float(fields[2]), float(fields[3]), float(fields[4]), float(fields[5]))
    return nodes


@pytest.mark.skipif(not HAS_DOT, reason="Graphviz `dot` is not installed (make setup installs it)")
def test_legend_layout_is_tidy(kb: KnowledgeBase) -> None:
    text = to_dot(kb, kb.claims, "t").to_string()
    nodes = _plain_layout(text)
    rows = [m.group(1) for m in re.finditer(r'^"legend:([^"]+):tail" -> "legend:\1:text"', text, re.M)]
    assert rows[0] == "h_support" and rows[-1] == "note"
    ys = []
    for row in rows:
        tail, text_node = nodes[f"legend:{row}:tail"], nodes[f"legend:{row}:text"]
        assert tail[1] == pytest.approx(text_node[1], abs=0.01)  # a straight horizontal sample
        assert 0.3 < text_node[0] - text_node[2] / 2 - tail[0] < 2.5  # short, pointing right
        ys.append(tail[1])
    assert ys == sorted(ys, reverse=True)  # rows stacked top to bottom in their order
    type_ys = [nodes[n][1] for n in ["legend:types"] + [f"legend:type:{t}" for t in ("compound", "protein")]]
    assert type_ys == sorted(type_ys, reverse=True)
    legend_top = max(y + h / 2 for n, (_, y, _, h) in nodes.items() if n.startswith("legend:"))
    diagram_bottom = min(y - h / 2 for n, (_, y, _, h) in nodes.items() if not n.startswith("legend:"))
    assert legend_top < diagram_bottom  # the legend sits below the diagram, apart from it


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
