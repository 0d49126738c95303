"""Remote engine figures: load synthetic claims into a real Oxigraph server, then query it.

Prints, for each size: triples, load time (chunked Graph Store uploads + count check + MOVE),
requests, client and server peak memory, and the weak-support query through the SPARQL
protocol (cold, then the median of 3 warm runs) beside the Python answer. Checks that the
server's answer equals the Python one. Not a test: numbers vary with the machine's load.

Usage: .venv/bin/python bench/remote_load.py [--claims N ...] [--chunk N]
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import statistics
import subprocess
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from kg.load import load_knowledge_base
from kg.query import weak_support
from kg.store.remote import RemoteEngine, engine_claims
from kg.store.serve import oxigraph_binary, stop, wait_ready
from kg.synth import synthesize

ROOT = Path(__file__).resolve().parent.parent


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


def run(claims: int, chunk: int) -> None:
    """Synthesize, load into a fresh in-memory Oxigraph server, query; print one block."""
    with tempfile.TemporaryDirectory(prefix="mechkg-bench-") as tmp:
        synthesize(claims, seed=1, out=Path(tmp), lexicon_from=ROOT / "ontology")
        kb = load_knowledge_base(Path(tmp) / "seeds", Path(tmp) / "ontology", None)
        port = _free_port()
        command = [str(oxigraph_binary()), "serve", "--bind", f"127.0.0.1:{port}"]
        server = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            wait_ready(server, f"http://127.0.0.1:{port}/query")
            engine = RemoteEngine(f"http://127.0.0.1:{port}/query", chunk_triples=chunk, timeout=600)
            stats = engine.load(kb)
            server_mb = _vm_hwm_mb(server.pid)
            times = []
            for _ in range(4):
                start = time.perf_counter()
                found = engine_claims(engine, kb, "weak-support")
                times.append(time.perf_counter() - start)
            start = time.perf_counter()
            expected = weak_support(kb)
            python_s = time.perf_counter() - start
        finally:
            stop(server)
    client_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    same = [c.id for c in found] == [c.id for c in expected]
    print(f"claims {claims:,}  triples {stats.triples:,}  chunk {chunk:,} lines")
    print(f"  load: {stats.seconds:.1f} s, {stats.requests} requests, {stats.triples / stats.seconds:,.0f} triples/s")
    print(f"  peak memory: client {client_mb:,.0f} MB (cumulative), server {server_mb:,.0f} MB")
    warm = statistics.median(times[1:])
    print(f"  weak-support via server: cold {times[0]:.2f} s, warm {warm:.2f} s ({len(found):,} claims)")
    print(f"  weak-support in Python: {python_s:.3f} s; same answer: {same}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, action="append", help="sizes (repeatable; default 10000)")
    parser.add_argument("--chunk", type=int, default=50_000, help="N-Triples lines per upload request")
    args = parser.parse_args()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC, {machine}")
    for n in args.claims or [10_000]:
        run(n, args.chunk)


if __name__ == "__main__":
    main()
