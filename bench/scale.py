"""Scale benchmark: embedded pyoxigraph store against plain rdflib, on synthetic claims.

For each size: ``kg synth`` data, then every measurement in a fresh Python subprocess (so
``ru_maxrss`` is that operation's own peak), time-limited. Prints one table per size, the ratios
and the targets with pass/fail, and appends the raw records to ``--results`` (JSON Lines).

    .venv/bin/python bench/scale.py --sizes 10000,100000
    .venv/bin/python bench/scale.py --sizes 1000000 --skip-rdflib-above 100000

Operations (seeds-format YAML in, the same for both paths):

* build: load and validate the YAML (``load_knowledge_base``), then the RDF view into the store
  (on disk, the shipped path for large graphs; in memory too up to ``--memory-max``); for rdflib
  the same load then ``to_rdf`` (an rdflib Graph).
* raw bulk load: ``Store(path).bulk_load`` of the equivalent N-Triples file (written beforehand).
* queries, on a reopened on-disk store: weak support through the materialised view (what
  ``kg sparql weak-support --store`` does) and through SPARQL only, cold (first query of the
  process) and warm (median of 3 more); a point query (claims about one entity); a path query
  (two-claim supporting chains between two entities). rdflib runs the same query texts.
* exports: Turtle, N-Triples and JSON-LD dumped by the store; GraphML and the TSVs from the
  claim list (one subprocess, after loading the YAML, times each writer); rdflib's serialisers.
* ``kg build --store`` end to end (a child process each): full with an empty parsed-seed cache,
  incremental after one 1,000-record file edited, full with a warm cache (exports compared).

The report ends with one table of every size: time, peak RSS and the ratio to the raw bulk load.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PATH_QUERY = """
PREFIX mechkg: <https://w3id.org/mechkg/vocab#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
SELECT ?source ?target ?c1 ?mid ?c2 WHERE {
  ?c1 rdf:subject ?source ; rdf:object ?mid ; mechkg:direction mechkg:direction_supports .
  ?c2 rdf:subject ?mid ; rdf:object ?target ; mechkg:direction mechkg:direction_supports .
}
ORDER BY ?mid ?c1 ?c2
"""


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn()
    return time.perf_counter() - start, value


def _emit(**record: Any) -> None:
    record["peak_rss_mb"] = round(_rss_mb(), 1)
    print("RESULT " + json.dumps(record), flush=True)


# --- tasks: each runs in its own process ------------------------------------------------------


def _kb(data: Path) -> Any:
    from kg.seeds.load import load_knowledge_base

    return load_knowledge_base(data / "seeds", data / "ontology")


def _ends(kb: Any) -> tuple[str, str, str]:
    """The 10th most connected entity (point query; also the path source) and the 20th (path target)."""
    from collections import Counter

    degree: Counter[str] = Counter()
    for c in kb.claims:
        degree[c.subject] += 1
        degree[c.object] += 1
    ranked = [e for e, _ in degree.most_common(30)]
    return ranked[9], ranked[9], ranked[19]


def _prepare(data: Path, kb: Any) -> None:
    """Write the equivalent N-Triples file and the query endpoints (not a measurement)."""
    from kg.rdf.ntriples import ntriples_chunks
    from kg.rdf.triples import triples

    point, source, target = _ends(kb)
    start = time.perf_counter()
    count = 0
    with (data / "graph.nt").open("wb") as fh:
        for chunk in ntriples_chunks(triples(kb)):
            fh.write(chunk)
            count += chunk.count(b"\n")
    (data / "ends.json").write_text(json.dumps({"point": point, "source": source, "target": target}))
    _emit(task="prepare", nt_s=time.perf_counter() - start, triples=count, claims=len(kb.claims))


def task_build(data: Path, where: str) -> None:
    """YAML → KnowledgeBase → store (disk or memory)."""
    from kg.store.embedded import EmbeddedEngine

    store = data / "store" if where == "disk" else None
    if store is not None:
        shutil.rmtree(store, ignore_errors=True)
    t_load, kb = _timed(lambda: _kb(data))
    rss_kb = _rss_mb()
    engine = EmbeddedEngine(store)
    t_store, stats = _timed(lambda: engine.load(kb))
    engine.close()
    _emit(
        task=f"build_{where}",
        seconds=t_load + t_store,
        load_s=t_load,
        store_s=t_store,
        triples=stats.triples,
        claims=len(kb.claims),
        rss_after_yaml_mb=round(rss_kb, 1),
    )
    if where == "disk":  # after the measurement, reuse the loaded claims (saves a YAML load)
        _prepare(data, kb)
        _kb_exports(kb, data)


def task_raw(data: Path) -> None:
    """pyoxigraph bulk_load of the equivalent N-Triples into a fresh on-disk store."""
    import pyoxigraph as ox

    folder = data / "raw-store"
    shutil.rmtree(folder, ignore_errors=True)

    def load() -> None:
        store = ox.Store(str(folder))
        store.bulk_load(path=str(data / "graph.nt"), format=ox.RdfFormat.N_TRIPLES)
        store.flush()

    seconds, _ = _timed(load)
    shutil.rmtree(folder, ignore_errors=True)
    _emit(task="raw_bulk_load", seconds=seconds)


def task_raw_memory(data: Path) -> None:
    """pyoxigraph bulk_load of the equivalent N-Triples into an in-memory store: the floor of any build."""
    import pyoxigraph as ox

    blob = (data / "graph.nt").read_bytes()  # read first: the floor is parse + insert, not disk reads
    store = ox.Store()
    seconds, _ = _timed(lambda: store.bulk_load(input=blob, format=ox.RdfFormat.N_TRIPLES))
    _emit(task="raw_bulk_load_memory", seconds=seconds, triples=len(store))


def task_paths(data: Path) -> None:
    """`kg paths` on the networkx graph projection: build it, then chains of ≤ 2 supporting claims."""
    from kg.graph import to_networkx
    from kg.query import paths

    ends = json.loads((data / "ends.json").read_text())
    kb = _kb(data)
    seconds, graph = _timed(lambda: to_networkx(kb))
    series = _query_series(lambda: paths(graph, ends["source"], ends["target"], max_length=2), warm=3)
    _emit(task="paths_networkx", projection_s=seconds, path=series)


def _query_series(run: Callable[[], Any], warm: int = 3) -> dict[str, Any]:
    cold, rows = _timed(run)
    times = [_timed(run)[0] for _ in range(warm)]
    return {"cold_s": cold, "warm_s": statistics.median(times), "rows": len(rows)}


def task_queries(data: Path) -> None:
    """Weak support (view and SPARQL), point and path queries on the reopened on-disk store.

    Each query family is emitted as soon as it is measured, so a time limit keeps the rest.
    """
    from kg.store.embedded import EmbeddedEngine

    ends = json.loads((data / "ends.json").read_text())
    engine = EmbeddedEngine(data / "store")

    def from_view() -> Any:  # a fresh engine each time, as each `kg sparql --store` run is
        with EmbeddedEngine(data / "store") as fresh:
            return fresh.query("weak-support")[1]

    _emit(task="queries_disk", weak_view=_query_series(from_view))
    engine.use_views = False
    _emit(task="queries_disk_sparql", weak_sparql=_query_series(lambda: engine.query("weak-support")[1], warm=2))
    point = _query_series(lambda: engine.query("claims-about", {"entity": ends["point"]})[1], warm=3)
    _emit(task="queries_disk_point", point=point)
    bind = {"source": ends["source"], "target": ends["target"]}
    _emit(task="queries_disk_path", path=_query_series(lambda: engine.query(PATH_QUERY, bind)[1], warm=1))
    engine.close()


def task_queries_memory(data: Path) -> None:
    """The same queries on an in-memory store built in this process (build not timed here)."""
    from kg.store.embedded import EmbeddedEngine

    ends = json.loads((data / "ends.json").read_text())
    kb = _kb(data)
    engine = EmbeddedEngine()
    engine.load(kb)
    del kb
    out: dict[str, Any] = {}
    engine.use_views = False
    out["weak_sparql"] = _query_series(lambda: engine.query("weak-support")[1])
    out["point"] = _query_series(lambda: engine.query("claims-about", {"entity": ends["point"]})[1], warm=5)
    bind = {"source": ends["source"], "target": ends["target"]}
    out["path"] = _query_series(lambda: engine.query(PATH_QUERY, bind)[1], warm=3)
    _emit(task="queries_memory", **out)


def task_dump(data: Path, fmt: str) -> None:
    """One RDF export dumped from the on-disk store, streamed into a file as `kg build` writes it."""
    from kg.store.embedded import EmbeddedEngine

    engine = EmbeddedEngine(data / "store")
    target = data / f"dump.{fmt}"
    with target.open("wb") as fh:
        seconds, _ = _timed(lambda: engine.dump_into(fmt, fh))
    engine.close()
    size = target.stat().st_size
    target.unlink()
    _emit(task=f"export_{fmt}", seconds=seconds, bytes=size)


def _kb_exports(kb: Any, data: Path) -> None:
    """GraphML and the TSV exports from the claim list, as `kg build` writes them (peak RSS includes the build)."""
    from kg.formats.graphml import write_graphml
    from kg.formats.tsv import to_claims_tsv, to_weak_tsv

    out: dict[str, Any] = {}
    for name, writer in (("claims_tsv", to_claims_tsv), ("weak_tsv", to_weak_tsv)):
        seconds, blob = _timed(lambda w=writer: w(kb, ()))
        out[name] = {"seconds": seconds, "bytes": len(blob)}
        del blob
    target = data / "dump.graphml"
    with target.open("wb") as fh:
        seconds, _ = _timed(lambda: write_graphml(kb, fh))
    out["graphml"] = {"seconds": seconds, "bytes": target.stat().st_size}
    target.unlink()
    _emit(task="exports_kb", **out)


def task_kg_build(data: Path) -> None:
    """``kg build --store`` end to end (audit, store on disk, every default export), each a fresh
    process: a full build (empty parsed-seed cache), one 1,000-record file edited and the
    incremental rebuild, then a full build of the edited input (warm cache), checked identical."""
    from bench.incremental import edit_one_file, files_digest, timed_build

    work = data / "kg-build"
    shutil.rmtree(work, ignore_errors=True)
    seeds = work / "input"
    shutil.copytree(data, seeds, ignore=shutil.ignore_patterns("store", "raw-store", "graph.nt", "kg-build", "dump.*"))
    cache, store, out = work / "cache", work / "store", work / "out"
    for task, run in (("kg_build_full", (store, out)), ("kg_build_incremental", (store, out))):
        if task == "kg_build_incremental":
            documents = _documents(seeds)
            edit_one_file(documents[len(documents) // 2])
        seconds, peak, how = timed_build(seeds, *run, cache)
        _emit(task=task, seconds=seconds, child_peak_rss_mb=round(peak, 1), how=how)
    seconds, peak, how = timed_build(seeds, work / "fresh-store", work / "fresh-out", cache)
    same = files_digest(out) == files_digest(work / "fresh-out")
    _emit(task="kg_build_full_warm", seconds=seconds, child_peak_rss_mb=round(peak, 1), how=how, identical=same)
    shutil.rmtree(work, ignore_errors=True)


def _documents(data: Path) -> list[Path]:
    return sorted((data / "seeds" / "documents").glob("*.yaml"))


def task_rdflib(data: Path) -> None:
    """rdflib path: YAML → KnowledgeBase → rdflib Graph, then the same queries and serialisers."""
    from kg.rdf.sparql import run_query
    from kg.rdf.triples import to_rdf

    ends = json.loads((data / "ends.json").read_text())
    t_load, kb = _timed(lambda: _kb(data))
    t_graph, graph = _timed(lambda: to_rdf(kb))
    _emit(task="rdflib_build", seconds=t_load + t_graph, load_s=t_load, graph_s=t_graph, triples=len(graph))
    out: dict[str, Any] = {}
    out["weak_sparql"] = _query_series(lambda: run_query(graph, "weak-support")[1], warm=1)
    out["point"] = _query_series(lambda: run_query(graph, "claims-about", {"entity": ends["point"]})[1], warm=3)
    _emit(task="rdflib_queries", **out)
    for fmt, name in (("nt", "ntriples"), ("turtle", "turtle"), ("json-ld", "jsonld")):
        seconds, blob = _timed(lambda f=fmt: graph.serialize(format=f, encoding="utf-8"))
        _emit(task=f"rdflib_export_{name}", seconds=seconds, bytes=len(blob))
        del blob
    # last: rdflib applies bindings after matching, so this can run into the time limit
    bind = {"source": ends["source"], "target": ends["target"]}
    _emit(task="rdflib_path", path=_query_series(lambda: run_query(graph, PATH_QUERY, bind)[1], warm=1))


TASKS: dict[str, Callable[[Path], None]] = {
    "build_disk": lambda d: task_build(d, "disk"),
    "build_memory": lambda d: task_build(d, "memory"),
    "raw": task_raw,
    "raw_memory": task_raw_memory,
    "paths": task_paths,
    "queries": task_queries,
    "queries_memory": task_queries_memory,
    "dump_turtle": lambda d: task_dump(d, "turtle"),
    "dump_ntriples": lambda d: task_dump(d, "ntriples"),
    "dump_jsonld": lambda d: task_dump(d, "jsonld"),
    "rdflib": task_rdflib,
    "kg_build": task_kg_build,
}


# --- driver -----------------------------------------------------------------------------------


def _run_task(task: str, data: Path, timeout: float) -> list[dict[str, Any]]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--task", task, "--data", str(data)]
    start = time.perf_counter()
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, cwd=ROOT, check=False)
    except subprocess.TimeoutExpired as exc:
        out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else (exc.stdout or "")
        done = [json.loads(line[7:]) for line in out.splitlines() if line.startswith("RESULT ")]
        return [*done, {"task": f"{task} (rest)", "status": f"stopped after the {timeout:.0f} s limit"}]
    records = [json.loads(line[7:]) for line in proc.stdout.splitlines() if line.startswith("RESULT ")]
    if proc.returncode != 0:
        tail = proc.stderr.strip().splitlines()[-3:]
        records.append({"task": task, "status": f"failed (exit {proc.returncode}): {' | '.join(tail)}"})
    for r in records:
        r.setdefault("wall_s", round(time.perf_counter() - start, 2))
    return records


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "–"
    return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"


def _machine() -> str:
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    import pyoxigraph
    import rdflib

    return (
        f"{platform.node()}: {os.cpu_count()} cores, {mem:.0f} GiB RAM, Python {platform.python_version()}, "
        f"pyoxigraph {pyoxigraph.__version__}, rdflib {rdflib.__version__}, "
        f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )


def run_size(n: int, args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """Every task for one size; returns records by task name."""
    from kg.seeds.synth import synthesize

    data = args.work / f"claims-{n}"
    if not (data / "seeds").is_dir():
        seconds, stats = _timed(lambda: synthesize(n, args.seed, data, lexicon_from=ROOT / "ontology"))
        print(f"[{n}] synth: {stats.claims} records, {stats.files} files in {seconds:.1f} s", flush=True)
    plan = ["build_disk", "raw", "queries", "paths", "dump_turtle", "dump_ntriples", "dump_jsonld", "kg_build"]
    if n <= args.memory_max:
        plan[1:1] = ["build_memory", "raw_memory", "queries_memory"]
    plan = [t for t in plan if t not in args.skip.split(",")]
    if n <= args.skip_rdflib_above:
        plan.append("rdflib")
    got: dict[str, dict[str, Any]] = {}
    for task in plan:
        timeout = args.rdflib_timeout if task == "rdflib" else args.timeout
        for rec in _run_task(task, data, timeout):
            rec["claims_requested"] = n
            got[rec["task"]] = rec
            with args.results.open("a", encoding="utf-8") as fh:
                fh.write(json.dumps(rec) + "\n")
            print(f"[{n}] {json.dumps(rec)}", flush=True)
    if not args.keep:
        for name in ("graph.nt", "store", "raw-store"):
            target = data / name
            if target.is_dir():
                shutil.rmtree(target, ignore_errors=True)
            elif target.exists():
                target.unlink()
    return got


def _get(rec: dict[str, Any] | None, *keys: str) -> Any:
    value: Any = rec
    for key in keys:
        if not isinstance(value, dict):
            return None
        value = value.get(key)
    return value


def report(results: dict[int, dict[str, dict[str, Any]]], args: argparse.Namespace) -> None:
    """Print the per-size tables, the ratios and the targets."""
    print("\n# machine: " + _machine())
    for n, got in results.items():
        prep = got.get("prepare", {})
        print(f"\n## {n:,} claim records ({prep.get('claims', '?'):,} claims, {prep.get('triples', '?'):,} triples)")
        print("| operation | embedded (pyoxigraph) | peak RSS | rdflib | peak RSS | ratio |")
        print("|---|---|---|---|---|---|")
        rd = got.get("rdflib_build")
        rq = {**got.get("rdflib_queries", {}), **got.get("rdflib_path", {})}

        def row(label: str, emb: float | None, emb_rss: Any, rdf: float | None, rdf_rss: Any) -> None:
            ratio = "–"
            if emb and rdf:
                ratio = f"{rdf / emb:.1f}× faster" if rdf >= emb else f"{emb / rdf:.1f}× slower"
            print(
                f"| {label} | {_fmt_s(emb)} | {f'{emb_rss:.0f} MB' if emb_rss else '–'} | {_fmt_s(rdf)} "
                f"| {f'{rdf_rss:.0f} MB' if rdf_rss else '–'} | {ratio} |"
            )

        bd, bm = got.get("build_disk"), got.get("build_memory")
        row(
            "build: YAML → store (disk)",
            _get(bd, "seconds"),
            _get(bd, "peak_rss_mb"),
            _get(rd, "seconds"),
            _get(rd, "peak_rss_mb"),
        )
        if bm:
            row(
                "build: YAML → store (memory)",
                _get(bm, "seconds"),
                _get(bm, "peak_rss_mb"),
                _get(rd, "seconds"),
                _get(rd, "peak_rss_mb"),
            )
        row("  of which YAML → claims", _get(bd, "load_s"), None, _get(rd, "load_s"), None)
        row(
            "  of which claims → graph (disk store / rdflib Graph)",
            _get(bd, "store_s"),
            None,
            _get(rd, "graph_s"),
            None,
        )
        if bm:
            row("  of which claims → graph (memory store)", _get(bm, "store_s"), None, _get(rd, "graph_s"), None)
        raw = got.get("raw_bulk_load")
        row("raw bulk_load of the N-Triples (disk)", _get(raw, "seconds"), _get(raw, "peak_rss_mb"), None, None)
        rawm = got.get("raw_bulk_load_memory")
        if rawm:
            row(
                "raw bulk_load of the N-Triples (memory; floor of any build)",
                _get(rawm, "seconds"),
                _get(rawm, "peak_rss_mb"),
                _get(rd, "seconds"),
                None,
            )
        q = {
            **got.get("queries_disk", {}),
            **got.get("queries_disk_sparql", {}),
            **got.get("queries_disk_point", {}),
            **got.get("queries_disk_path", {}),
        }
        qm = got.get("queries_memory")
        rdf_weak = _get(rq, "weak_sparql", "cold_s")
        for label, key in (("weak support, view", "weak_view"), ("weak support, SPARQL", "weak_sparql")):
            row(
                f"{label}, disk, cold",
                _get(q, key, "cold_s"),
                _get(q, "peak_rss_mb"),
                rdf_weak,
                _get(rq, "peak_rss_mb"),
            )
            row(f"{label}, disk, warm", _get(q, key, "warm_s"), None, _get(rq, "weak_sparql", "warm_s"), None)
        if qm:
            row(
                "weak support, SPARQL, memory, warm",
                _get(qm, "weak_sparql", "warm_s"),
                _get(qm, "peak_rss_mb"),
                _get(rq, "weak_sparql", "warm_s"),
                None,
            )
        for label, key in (
            ("point query (claims about the 10th entity)", "point"),
            ("path query (2-claim chains)", "path"),
        ):
            row(f"{label}, disk, warm", _get(q, key, "warm_s"), None, _get(rq, key, "warm_s"), None)
            if qm:
                row(f"{label}, memory, warm", _get(qm, key, "warm_s"), None, None, None)
        pn = got.get("paths_networkx")
        if pn:
            rows = _get(pn, "path", "rows")
            row("`kg paths`: build the networkx projection", _get(pn, "projection_s"), None, None, None)
            rss = _get(pn, "peak_rss_mb")
            row(f"`kg paths` (≤ 2 claims), cold ({rows} paths)", _get(pn, "path", "cold_s"), rss, None, None)
            row("`kg paths` query, warm", _get(pn, "path", "warm_s"), None, None, None)
        for fmt in ("turtle", "ntriples", "jsonld"):
            e, r = got.get(f"export_{fmt}"), got.get(f"rdflib_export_{fmt}")
            row(
                f"export {fmt} (store dump / rdflib)",
                _get(e, "seconds"),
                _get(e, "peak_rss_mb"),
                _get(r, "seconds"),
                _get(r, "peak_rss_mb"),
            )
        kx = got.get("exports_kb")
        for name in ("graphml", "claims_tsv", "weak_tsv"):
            row(f"export {name} (from the claims)", _get(kx, name, "seconds"), _get(kx, "peak_rss_mb"), None, None)
        for task, rec in got.items():
            if "status" in rec:
                print(f"  note: {task}: {rec['status']}")
    summary(results)
    _targets(results)


#: The rows of the one table: label, task, keys to the seconds, keys to the peak RSS (MB).
SUMMARY: list[tuple[str, str, tuple[str, ...], tuple[str, ...]]] = [
    ("`kg build --store`, full, empty parsed-seed cache", "kg_build_full", ("seconds",), ("child_peak_rss_mb",)),
    ("`kg build --store`, full, warm cache", "kg_build_full_warm", ("seconds",), ("child_peak_rss_mb",)),
    (
        "`kg build --store`, incremental after one changed 1,000-record file",
        "kg_build_incremental",
        ("seconds",),
        ("child_peak_rss_mb",),
    ),
    ("build: YAML → claims → on-disk store (no audit, no exports)", "build_disk", ("seconds",), ("peak_rss_mb",)),
    ("raw bulk load of the same N-Triples, on disk", "raw_bulk_load", ("seconds",), ("peak_rss_mb",)),
    ("raw bulk load, in memory (the floor)", "raw_bulk_load_memory", ("seconds",), ("peak_rss_mb",)),
    ("weak support from the view, warm", "queries_disk", ("weak_view", "warm_s"), ("peak_rss_mb",)),
    ("weak support, SPARQL only, warm", "queries_disk_sparql", ("weak_sparql", "warm_s"), ("peak_rss_mb",)),
    ("point query, warm", "queries_disk_point", ("point", "warm_s"), ("peak_rss_mb",)),
    ("SPARQL path query, warm", "queries_disk_path", ("path", "warm_s"), ("peak_rss_mb",)),
    ("`kg paths` (networkx), warm", "paths_networkx", ("path", "warm_s"), ("peak_rss_mb",)),
    ("export Turtle (store dump)", "export_turtle", ("seconds",), ("peak_rss_mb",)),
    ("export N-Triples (store dump)", "export_ntriples", ("seconds",), ("peak_rss_mb",)),
    ("export JSON-LD (store dump)", "export_jsonld", ("seconds",), ("peak_rss_mb",)),
    ("export GraphML (from the claims)", "exports_kb", ("graphml", "seconds"), ("peak_rss_mb",)),
    ("export claims.tsv", "exports_kb", ("claims_tsv", "seconds"), ("peak_rss_mb",)),
    ("export weak-support.tsv", "exports_kb", ("weak_tsv", "seconds"), ("peak_rss_mb",)),
]


def summary(results: dict[int, dict[str, dict[str, Any]]]) -> None:
    """One table of every size: seconds, peak RSS and the ratio to the raw on-disk bulk load."""
    sizes = sorted(results)
    print("\n## one table (time, peak RSS, × the raw on-disk bulk load of the same size)")
    print("| operation | " + " | ".join(f"{n:,}: time | peak | × raw" for n in sizes) + " |")
    print("|---|" + "---:|---:|---:|" * len(sizes))
    for label, task, keys, rss in SUMMARY:
        cells = []
        for n in sizes:
            got = results[n]
            seconds, peak = _get(got.get(task), *keys), _get(got.get(task), *rss)
            raw = _get(got.get("raw_bulk_load"), "seconds")
            ratio = f"{seconds / raw:.2f}×" if seconds and raw else "–"
            cells.append(f"{_fmt_s(seconds)} | {f'{peak:,.0f} MB' if peak else '–'} | {ratio}")
        print(f"| {label} | " + " | ".join(cells) + " |")
    for n in sizes:
        inc, warm = _get(results[n].get("kg_build_incremental"), "seconds"), results[n].get("kg_build_full_warm")
        if inc and _get(warm, "seconds"):
            same = "byte-identical" if _get(warm, "identical") else "NOT identical"
            print(f"- {n:,}: incremental / full build (warm cache) = {inc / warm['seconds']:.1%}; exports {same}")


def _verdict(ok: bool | None) -> str:
    return "n/a" if ok is None else ("PASS" if ok else "FAIL")


def _targets(results: dict[int, dict[str, dict[str, Any]]]) -> None:
    print("\n## targets")
    big = results.get(max(results)) if results else None
    n_big = max(results) if results else 0
    lines = []
    if big is not None and n_big >= 1_000_000:
        b, raw = _get(big.get("build_disk"), "seconds"), _get(big.get("raw_bulk_load"), "seconds")
        ratio = b / raw if b and raw else None
        lines.append(
            (
                f"1M build ≤ 2× raw bulk load: {ratio:.2f}×" if ratio else "1M build ≤ 2× raw bulk load: –",
                ratio is not None and ratio <= 2 if ratio else None,
            )
        )
        w = _get(big.get("queries_disk"), "weak_view", "warm_s")
        ws = _get(big.get("queries_disk_sparql"), "weak_sparql", "warm_s")
        lines.append(
            (f"1M weak support ≤ 2 s warm: view {_fmt_s(w)} (SPARQL only: {_fmt_s(ws)})", w <= 2 if w else None)
        )
        rss = _get(big.get("build_disk"), "peak_rss_mb")
        lines.append((f"1M build peak memory ≤ 6 GB: {rss} MB", rss <= 6144 if rss else None))
    small = results.get(10_000)
    if small is not None:
        b, r = _get(small.get("build_disk"), "seconds"), _get(small.get("rdflib_build"), "seconds")
        bm = _get(small.get("build_memory"), "seconds")
        lines.append(
            (
                f"10k build ≥ 20× faster than rdflib: disk {r / b:.1f}×, memory {r / bm:.1f}×"
                if b and r and bm
                else "10k build vs rdflib: –",
                (r / min(b, bm) >= 20) if b and r and bm else None,
            )
        )
        floor = _get(small.get("raw_bulk_load_memory"), "seconds")
        if floor and r:
            lines.append(
                (
                    f"  (ceiling: pyoxigraph's in-memory bulk_load of the finished N-Triples alone takes "
                    f"{_fmt_s(floor)}, {r / floor:.1f}× faster than the rdflib build; 20× needs ≤ {_fmt_s(r / 20)})",
                    None,
                )
            )
        gs, gr = _get(small.get("build_memory"), "store_s"), _get(small.get("rdflib_build"), "graph_s")
        if gs and gr:
            lines.append((f"  (graph step alone, claims → memory store vs rdflib Graph: {gr / gs:.1f}×)", None))
        w = _get(small.get("queries_disk"), "weak_view", "warm_s")
        ws = _get(small.get("queries_memory"), "weak_sparql", "warm_s")
        wr = _get(small.get("rdflib_queries"), "weak_sparql", "warm_s")
        if w and wr:
            extra = f", SPARQL only (memory) {wr / ws:.0f}×" if ws else ""
            lines.append((f"10k weak support ≥ 20× faster than rdflib: view {wr / w:.0f}×{extra}", wr / w >= 20))
    if 100_000 in results and n_big >= 1_000_000 and big is not None:

        def per_claim(rec: dict[str, Any] | None) -> float | None:
            s, c = _get(rec, "seconds"), _get(rec, "claims")
            return s / c if s and c else None

        a, z = per_claim(results[100_000].get("build_disk")), per_claim(big.get("build_disk"))
        growth = z / a if a and z else None
        lines.append(
            (
                f"build time per claim at 1M ≤ 1.5× at 100k: {growth:.2f}×" if growth else "growth: –",
                growth <= 1.5 if growth else None,
            )
        )
    for text, ok in lines:
        print(f"- [{_verdict(ok)}] {text}")


def main() -> None:
    """Parse arguments; run one task (child) or the whole benchmark (parent)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10000,100000,1000000", help="Comma-separated claim counts.")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mechkg-bench"), help="Folder for data and stores.")
    parser.add_argument("--results", type=Path, default=None, help="JSON Lines file to append records to.")
    parser.add_argument("--timeout", type=float, default=3600, help="Seconds allowed per embedded task.")
    parser.add_argument("--rdflib-timeout", type=float, default=600, help="Seconds allowed for the rdflib task.")
    parser.add_argument("--skip-rdflib-above", type=int, default=100_000, help="No rdflib run above this size.")
    parser.add_argument("--memory-max", type=int, default=100_000, help="No in-memory store above this size.")
    parser.add_argument("--keep", action="store_true", help="Keep the N-Triples file and stores.")
    parser.add_argument("--previous", type=Path, default=None, help="Also report sizes from this results file.")
    parser.add_argument("--skip", default="", help="Comma-separated tasks to leave out, e.g. dump_jsonld.")
    parser.add_argument("--task", choices=sorted(TASKS), help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        TASKS[args.task](args.data)
        return
    args.work.mkdir(parents=True, exist_ok=True)
    args.results = args.results or args.work / "results.jsonl"
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    print("# machine: " + _machine(), flush=True)
    results: dict[int, dict[str, dict[str, Any]]] = {}
    if args.previous is not None and args.previous.is_file():
        for line in args.previous.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line)
            results.setdefault(rec["claims_requested"], {})[rec["task"]] = rec
    for n in sizes:
        results[n] = run_size(n, args)
    report(dict(sorted(results.items())), args)


if __name__ == "__main__":
    main()
