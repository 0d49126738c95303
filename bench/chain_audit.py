"""Weak-chain audit benchmark: the search for all compounds at once against the old per-compound one.

For each size: ``kg synth`` data (seed 1) under ``--work``, then each measurement in a fresh Python
subprocess, so ``ru_maxrss`` is that process's own peak: the knowledge base loaded from the YAML
(``load_knowledge_base``, timed apart), then ``kg.audit.weak_chains`` (the new search, building its
findings). Up to ``--old-max`` claims another subprocess times the old search
(``tests/chains_oracle.py``) and checks the two give the same findings in the same order.

    .venv/bin/python bench/chain_audit.py --sizes 10000,100000,1000000

Prints the machine, then one line per size and search: claims, compounds, findings, wall and CPU
seconds of the search, the 1-minute load average when it started (the machine may be shared), the
knowledge-base load time, and the peak RSS after the load and after the search (both include the
loaded knowledge base).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _machine() -> str:
    mem = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        total = next(line for line in meminfo.read_text().splitlines() if line.startswith("MemTotal"))
        mem = f", {int(total.split()[1]) / 1024 / 1024:.1f} GiB"
    return f"{os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()} {platform.machine()}"


def task(data: Path, which: str) -> None:
    """In a subprocess: load the knowledge base, time one search, print a RESULT line."""
    from kg.audit import weak_chains
    from kg.model import EntityType
    from kg.seeds.load import load_knowledge_base

    start = time.perf_counter()
    kb = load_knowledge_base(data / "seeds", data / "ontology")
    load_s = time.perf_counter() - start
    rss_load = _rss_mb()
    compounds = len({c.subject for c in kb.claims if kb.entities[c.subject].type is EntityType.COMPOUND})
    record: dict[str, Any] = {"claims": len(kb.claims), "compounds_with_claims": compounds, "load_s": load_s}
    if which == "old":
        sys.path.insert(0, str(ROOT / "tests"))
        from chains_oracle import weak_chains_reference

        search = weak_chains_reference
    else:
        search = weak_chains
    record["load_average"] = os.getloadavg()[0]
    start, cpu = time.perf_counter(), time.process_time()
    found = search(kb)
    record["seconds"] = time.perf_counter() - start
    record["cpu_s"] = time.process_time() - cpu
    if which == "old":
        record["equal_to_new"] = weak_chains(kb) == found
    record.update(findings=len(found), peak_rss_after_load_mb=round(rss_load), peak_rss_mb=round(_rss_mb()))
    print("RESULT " + json.dumps(record), flush=True)


def _run(data: Path, which: str, limit: float) -> dict[str, Any]:
    cmd = [sys.executable, __file__, "--task", which, "--data", str(data)]
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, timeout=limit, env=env, check=False)
    except subprocess.TimeoutExpired:
        return {"error": f"over {limit:.0f} s"}
    for line in proc.stdout.splitlines():
        if line.startswith("RESULT "):
            return json.loads(line[7:])
    return {"error": proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else f"exit {proc.returncode}"}


def main() -> None:
    """Synthesize each size, then time the new (and, when small enough, the old) search."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--old-max", type=int, default=100_000, help="time the old search up to this size")
    parser.add_argument("--work", type=Path, default=Path("/tmp/mechkg-chain-bench"))
    parser.add_argument("--limit", type=float, default=3600, help="seconds per subprocess")
    parser.add_argument("--task", choices=["new", "old"], help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.task:
        task(args.data, args.task)
        return
    from kg.seeds.synth import synthesize

    print(f"machine: {_machine()}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    header = (
        "size\tsearch\tclaims\tcompounds\tfindings\tseconds\tcpu_s\tload_avg\tkb_load_s\t"
        "peak_rss_load_MB\tpeak_rss_MB\tequal"
    )
    print(header, flush=True)
    for size in (int(s) for s in args.sizes.split(",")):
        data = args.work / f"synth-{size}"
        if not (data / "seeds").is_dir():
            synthesize(size, seed=1, out=data, lexicon_from=ROOT / "ontology")
        for which in ("old", "new") if size <= args.old_max else ("new",):
            r = _run(data, which, args.limit)
            if "error" in r:
                print(f"{size}\t{which}\terror: {r['error']}", flush=True)
                continue
            print(
                f"{size}\t{which}\t{r['claims']}\t{r['compounds_with_claims']}\t{r['findings']}\t"
                f"{r['seconds']:.2f}\t{r['cpu_s']:.2f}\t{r['load_average']:.1f}\t{r['load_s']:.1f}\t"
                f"{r['peak_rss_after_load_mb']}\t{r['peak_rss_mb']}\t"
                f"{r.get('equal_to_new', '')}",
                flush=True,
            )


if __name__ == "__main__":
    main()
