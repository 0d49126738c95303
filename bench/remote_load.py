"""Remote engine figures: the same synthetic claims loaded into the Oxigraph server and into Virtuoso.

Prints the machine, then for each size: triples, and for each server (a fresh one, started
here on 127.0.0.1 with a temporary store): load time (chunked Graph Store uploads + count
check + MOVE), requests, server peak memory, and the weak-support query through the SPARQL
protocol (cold, then the median of 3 warm runs) beside the Python answer. Checks that every
server's answer equals the Python one. Ends with one Markdown table of the run. Not a test:
numbers vary with the machine's load.

Virtuoso is Debian's ``virtuoso-opensource`` (``virtuoso-t``), started as the tests start it
(``tests/virtuoso_server.py``) with a larger page cache (``--virtuoso-buffers``, 8 kB pages);
it is left out, saying why, when it is not installed.

Usage: .venv/bin/python bench/remote_load.py [--claims N ...] [--chunk N] [--engine NAME ...]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.model import KnowledgeBase  # noqa: E402
from kg.query import weak_support  # noqa: E402
from kg.seeds.load import load_knowledge_base  # noqa: E402
from kg.seeds.synth import synthesize  # noqa: E402
from kg.store.engine import engine_claims  # noqa: E402
from kg.store.remote import RemoteEngine  # noqa: E402
from kg.store.serve import oxigraph_binary, stop, wait_ready  # noqa: E402
from tests.virtuoso_server import missing_virtuoso, virtuoso_server, virtuoso_version  # noqa: E402

ENGINES = ("oxigraph", "virtuoso")
GRAPH = "https://example.org/mechkg-bench"


@dataclass
class Figures:
    """One server's figures at one size."""

    engine: str
    claims: int
    triples: int
    load_s: float
    requests: int
    server_mb: float
    cold_s: float
    warm_s: float
    same: bool


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _vm_hwm_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


@contextmanager
def _server(engine: str, buffers: int) -> Iterator[tuple[str, str, int]]:
    """A fresh server: yields (query URL, server kind, process id)."""
    if engine == "oxigraph":
        port = _free_port()
        command = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(server, f"http://127.0.0.1:{port}/query")
            yield f"http://127.0.0.1:{port}/query", "oxigraph", server.pid
        finally:
            stop(server)
    else:
        with virtuoso_server(buffers=buffers, max_rows=10_000_000, txn_bytes=2_000_000_000, timeout=120) as running:
            yield f"{running.base}/sparql", "virtuoso", running.process.pid


def run(engine: str, kb: KnowledgeBase, claims: int, chunk: int, buffers: int) -> Figures:
    """Load kb into a fresh server of one kind, query it; print one block."""
    with _server(engine, buffers) as (url, kind, pid):
        remote = RemoteEngine(url, server_kind=kind, graph=GRAPH, chunk_triples=chunk, timeout=3600)
        stats = remote.load(kb)
        times = []
        for _ in range(4):
            start = time.perf_counter()
            found = engine_claims(remote, kb, "weak-support")
            times.append(time.perf_counter() - start)
        server_mb = _vm_hwm_mb(pid)
    same = [c.id for c in found] == [c.id for c in weak_support(kb)]
    warm = statistics.median(times[1:])
    print(f"  {engine}: load {stats.seconds:.1f} s, {stats.requests} requests, ", end="")
    print(f"{stats.triples / stats.seconds:,.0f} triples/s; server peak {server_mb:,.0f} MB")
    print(f"    weak-support via server: cold {times[0]:.2f} s, warm {warm:.2f} s ", end="")
    print(f"({len(found):,} claims); same: {same}")
    return Figures(engine, claims, stats.triples, stats.seconds, stats.requests, server_mb, times[0], warm, same)


def _memory_gb() -> float:
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="sizes (repeatable; default 100000)")
    parser.add_argument("--chunk", type=int, default=50_000, help="N-Triples lines per upload request")
    parser.add_argument("--engine", choices=ENGINES, action="append", help="servers (repeatable; default both)")
    parser.add_argument("--virtuoso-buffers", type=int, default=250_000, help="Virtuoso NumberOfBuffers (8 kB pages)")
    args = parser.parse_args()
    engines = list(args.engine or ENGINES)
    if "virtuoso" in engines and missing_virtuoso():
        print(f"virtuoso left out: {missing_virtuoso()}")
        engines.remove("virtuoso")
    version = subprocess.run([str(oxigraph_binary()), "--version"], capture_output=True, text=True, check=False)
    oxigraph = version.stdout.strip() or "oxigraph"
    virtuoso = f"Virtuoso {virtuoso_version()}" if "virtuoso" in engines else ""
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC")
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, {_memory_gb():.0f} GB RAM, "
        f"Python {platform.python_version()}; servers: {', '.join(x for x in (oxigraph, virtuoso) if x)}"
    )
    rows: list[Figures] = []
    for n in args.claims or [100_000]:
        with tempfile.TemporaryDirectory(prefix="mechkg-bench-") as tmp:
            synthesize(n, seed=1, out=Path(tmp), lexicon_from=ROOT / "ontology")
            kb = load_knowledge_base(Path(tmp) / "seeds", Path(tmp) / "ontology", None)
        start = time.perf_counter()
        weak_support(kb)
        python_s = time.perf_counter() - start
        print(f"claims {n:,}, chunk {args.chunk:,} lines; weak-support in Python {python_s:.3f} s")
        for engine in engines:
            rows.append(run(engine, kb, n, args.chunk, args.virtuoso_buffers))
    client_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"client peak memory {client_mb:,.0f} MB (cumulative)\n")
    print("| claims | triples | server | load | requests | triples/s | server peak | weak-support cold / warm | same |")
    print("|---:|---:|---|---:|---:|---:|---:|---:|---|")
    for f in rows:
        print(
            f"| {f.claims:,} | {f.triples:,} | {f.engine} | {f.load_s:.1f} s | {f.requests} | "
            f"{f.triples / f.load_s:,.0f} | {f.server_mb / 1024:.1f} GB | {f.cold_s:.1f} / {f.warm_s:.1f} s | "
            f"{'yes' if f.same else 'NO'} |"
        )


if __name__ == "__main__":
    main()
