"""The embedded pyoxigraph engine: shipped queries equal the Python answers, binding, store safety."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.errors import StoreError
from kg.model import KnowledgeBase
from kg.query import claims_about, claims_by_level, preclinical_or_vendor_only, weak_support
from kg.store.embedded import EmbeddedEngine, open_engine
from kg.store.folder import MARKER

QUERIES = {"weak-support": weak_support, "preclinical-or-vendor-only": preclinical_or_vendor_only}


def _ids(engine: EmbeddedEngine, name: str, **bindings: str) -> list[str]:
    names, rows = engine.query(name, bindings)
    return [str(row[names.index("id")]) for row in rows]


@pytest.fixture(params=["memory", "disk"])
def where(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def _engine(kb: KnowledgeBase, where: str, tmp_path: Path) -> EmbeddedEngine:
    engine = EmbeddedEngine(None if where == "memory" else tmp_path / "store")
    engine.load(kb)
    return engine


@pytest.mark.parametrize("which", ["small", "seeds"])
def test_shipped_queries_equal_python(
    which: str, where: str, kb: KnowledgeBase, seeds_kb: KnowledgeBase, tmp_path: Path
) -> None:
    base = kb if which == "small" else seeds_kb
    with _engine(base, where, tmp_path) as engine:
        for name, python in QUERIES.items():
            expected = sorted(c.id for c in python(base))
            assert _ids(engine, name) == expected, name  # ORDER BY ?id: sorted, no duplicates
        engine.use_views = False
        assert _ids(engine, "weak-support") == sorted(c.id for c in weak_support(base))


def test_weak_support_view_equals_sparql_rows(where: str, seeds_kb: KnowledgeBase, tmp_path: Path) -> None:
    with _engine(seeds_kb, where, tmp_path) as engine:
        from_view = engine.query("weak-support")
        engine.use_views = False
        assert from_view == engine.query("weak-support")
        assert from_view[0] == ["claim", "id", "label", "support"]


def test_bound_queries_equal_python(where: str, kb: KnowledgeBase, tmp_path: Path) -> None:
    with _engine(kb, where, tmp_path) as engine:
        assert set(_ids(engine, "claims-about", entity="FPLX:AKT")) == {c.id for c in claims_about(kb, "FPLX:AKT")}
        level = "mechkg:level_human_clinical_rct"
        got = set(_ids(engine, "claims-by-level", level=level))
        assert got == {c.id for c in claims_by_level(kb, "human_clinical_rct")}
        assert got


def test_quote_laden_value_is_bound_as_a_value(kb: KnowledgeBase) -> None:
    hostile = 'x" } ?claim ?p ?o . FILTER("1"="1'
    text = "SELECT ?claim ?id WHERE { ?claim dct:identifier ?id }"
    with EmbeddedEngine() as engine:
        engine.load(kb)
        assert engine.query("claims-about", {"entity": hostile})[1] == []
        assert engine.query(text, {"id": hostile})[1] == []
        some = kb.claims[0].id
        assert [r[1] for r in engine.query(text, {"id": some})[1]] == [some]


def test_cli_bind_is_a_value_and_store_queries_need_no_seeds(project: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    store = tmp_path / "store"
    common = ["--seeds", str(project / "seeds"), "--ontology", str(project / "ontology")]
    common += ["--documents", str(project / "docs")]
    built = runner.invoke(main, ["build", *common, "--out", str(tmp_path / "out"), "--store", str(store), "--quiet"])
    assert built.exit_code == 0, built.output
    assert f"in {store}" in built.output
    hostile = 'x" } ?claim ?p ?o . FILTER("1"="1'
    text = "SELECT ?claim ?id WHERE { ?claim dct:identifier ?id }"
    result = runner.invoke(main, ["sparql", text, "--store", str(store), "--bind", f"id={hostile}", "--format", "tsv"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == ["claim\tid"]
    # an entity variable takes entity names only: the hostile text is no entity of the ontology
    result = runner.invoke(
        main, ["sparql", "claims-about", *common[:4], "--store", str(store), "--bind", "entity=" + hostile]
    )
    assert result.exit_code == 1 and "unknown entity" in result.output
    # --store answers from the store alone: a missing seeds folder does not matter
    gone = ["--seeds", str(tmp_path / "nowhere"), "--ontology", str(tmp_path / "nowhere")]
    result = runner.invoke(main, ["sparql", "weak-support", *gone, "--store", str(store), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert {r["support"].rsplit("_", 1)[-1] for r in json.loads(result.output)} == {"only", "uncited"}


def test_missing_store_and_foreign_folder_are_clear_errors(kb: KnowledgeBase, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no store at"):
        EmbeddedEngine(tmp_path / "absent").query("weak-support")
    foreign = tmp_path / "foreign"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(StoreError, match="not a mechkg store"):
        EmbeddedEngine(foreign).query("weak-support")
    with pytest.raises(StoreError, match="not a mechkg store"):
        EmbeddedEngine(foreign).load(kb)
    assert (foreign / "notes.txt").read_text(encoding="utf-8") == "mine"


def test_store_from_another_version_is_refused(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = tmp_path / "store"
    EmbeddedEngine(store).load(kb)
    marker = json.loads((store / MARKER).read_text(encoding="utf-8"))
    marker["store_format"] = 999
    (store / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    with pytest.raises(StoreError, match=r"store format 999.*rebuild"):
        EmbeddedEngine(store).query("weak-support")


def test_store_locked_by_another_process(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = tmp_path / "store"
    EmbeddedEngine(store).load(kb)
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, pyoxigraph; s = pyoxigraph.Store(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
            str(store),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
        with pytest.raises(StoreError, match="locked by another process"):
            EmbeddedEngine(store).load(kb)
    finally:
        holder.communicate("", timeout=30)
    assert _ids(EmbeddedEngine(store), "weak-support") == sorted(c.id for c in weak_support(kb))


def test_store_in_use_cannot_be_rebuilt(kb: KnowledgeBase, tmp_path: Path) -> None:
    store = tmp_path / "store"
    EmbeddedEngine(store).load(kb)
    with EmbeddedEngine(store) as reader:
        reader.query("weak-support")
        with pytest.raises(StoreError, match=r"locked: another process has it open \(reading"):
            EmbeddedEngine(store).load(kb)
    EmbeddedEngine(store).load(kb)  # free again once the reader closed


def test_interrupted_build_leaves_the_previous_store(
    kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = tmp_path / "store"
    EmbeddedEngine(store).load(kb)
    with EmbeddedEngine(store) as reader:
        before = reader.query("preclinical-or-vendor-only")

    def broken(*_args: object, **_kwargs: object) -> object:
        yield b"<https://example.org/a> <https://example.org/b> <https://example.org/c> .\n"
        raise KeyboardInterrupt

    monkeypatch.setattr("kg.store.embedded.ntriples_chunks", broken)
    with pytest.raises(KeyboardInterrupt):
        EmbeddedEngine(store).load(kb)
    assert not list(tmp_path.glob(".store.building-*"))
    with EmbeddedEngine(store) as reader:
        assert reader.query("preclinical-or-vendor-only") == before


def test_open_engine_defaults_to_memory(kb: KnowledgeBase) -> None:
    engine = open_engine()
    assert isinstance(engine, EmbeddedEngine) and engine.path is None
    stats = engine.load(kb)
    assert stats.triples > 0 and stats.seconds >= 0


def test_large_exports_are_streamed_complete_and_hold_what_the_store_holds(
    where: str, seeds_kb: KnowledgeBase, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pyoxigraph as ox

    import kg.rdf.canonical
    import kg.sizes
    from kg.formats.registry import EXPORTERS, write_exports

    monkeypatch.setattr(kg.sizes, "RDFLIB_EXPORT_LIMIT", 0)  # the large path (streamed from sorted N-Triples)
    monkeypatch.setattr(kg.rdf.canonical, "RUN_LINES", 1000)  # and the external sort, with several runs
    runs: list[int] = []
    write_run = kg.rdf.canonical.SortedNTriples._write_run
    monkeypatch.setattr(
        kg.rdf.canonical.SortedNTriples,
        "_write_run",
        lambda self, lines: runs.append(len(lines)) or write_run(self, lines),
    )
    engine = _engine(seeds_kb, where, tmp_path)
    out = tmp_path / "exports"
    written = write_exports(seeds_kb, out)
    assert len(runs) > 5  # sorted in runs on disk, then merged
    assert sorted(p.name for p in written) == sorted(name for name, _ in EXPORTERS.values())
    assert not list(out.glob(".*.tmp"))
    triples = len(engine)
    held = set(engine._open())
    for fmt, rdf_format in (
        ("turtle", ox.RdfFormat.TURTLE),
        ("ntriples", ox.RdfFormat.N_TRIPLES),
        ("jsonld", ox.RdfFormat.JSON_LD),
    ):
        data = (out / EXPORTERS[fmt][0]).read_bytes()
        back = ox.Store()
        back.load(data, format=rdf_format)
        assert len(back) == triples, fmt
        assert set(back) == held, fmt  # the same triples the store holds, not only as many
    nt = (out / "mechkg.nt").read_bytes()
    assert nt == EXPORTERS["ntriples"][1](seeds_kb, ())  # the same canonical N-Triples as the small path
    for fmt in ("graphml", "tsv", "weak-tsv", "findings-tsv"):
        name, writer = EXPORTERS[fmt]
        assert (out / name).read_bytes() == writer(seeds_kb, ()), fmt
    engine.close()
