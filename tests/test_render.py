from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from kg import render
from kg.errors import RenderError, SeedErrors
from kg.model import KnowledgeBase, Predicate, SupportClass
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
    for support in SupportClass:
        assert f'label="{support.value.replace("_", " ")}"' in text


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
