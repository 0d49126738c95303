#!/usr/bin/env python3
"""Speed and memory of `kg extract` on one large text (issue 13 target: 20 MB in <= 60 s, <= 1.5 GB).

    .venv/bin/python bench/reading/speed.py --mb 20 [--unique] [--jobs N]

The text is made at run time from the documents in ../shared (never stored): documents picked at
random (seeded) and joined. With --unique every sentence gets a distinct number, so no statement
repeats word for word and none is merged: the worst case. Without it the text repeats its sources,
as a long crawled file does, and repeated statements are read once. `kg extract` runs in a child
process; its wall time and peak memory are printed with the machine and the size: the largest
single process (RSS) and the whole tree with its forked workers (PSS, sampled every 0.2 s; pages
the workers share with the parent counted once). A fresh grounding cache is assumed (compile it
once with any `kg extract` run first). The machine should be otherwise idle.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"


def make_text(mb: float, unique: bool, seed: int = 1) -> str:
    """About ``mb`` million characters of real page text, joined from the shared documents."""
    sources = sorted([*SHARED.glob("corpus-dev/*.txt"), *SHARED.glob("seeds/*.txt")])
    if not sources:
        sys.exit(f"no documents under {SHARED}")
    docs = [p.read_text(encoding="utf-8") for p in sources]
    rng = random.Random(seed)
    parts: list[str] = []
    size = counter = 0
    while size < mb * 1_000_000:
        doc = rng.choice(docs)
        if unique:

            def number(m: re.Match[str]) -> str:
                nonlocal counter
                counter += 1
                return f" (item {counter}){m.group(0)}"

            doc = re.sub(r"\.(?=\s)", number, doc)
        parts.append(doc)
        size += len(doc) + 2
    return "\n\n".join(parts)


def tree_pss(pid: int) -> float:
    """Proportional set size (GB) of a process and its children (Linux; 0 where unreadable).

    PSS shares each page among the processes that map it, so forked workers that share the parent's
    vocabularies are not counted twice, as summing their RSS would."""
    pids = [pid]
    try:
        pids += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return 0.0
    total = 0
    for p in pids:
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total / 1e6


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=20.0, help="size of the text in millions of characters")
    parser.add_argument("--unique", action="store_true", help="make every sentence distinct (no merging)")
    parser.add_argument("--jobs", type=int, default=0, help="kg extract --jobs (0: every core)")
    args = parser.parse_args()
    text = make_text(args.mb, args.unique)
    kg = Path(sys.executable).with_name("kg")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "large.txt"
        path.write_text(text, encoding="utf-8")
        t0 = time.perf_counter()
        command = [str(kg), "extract", str(path), "--out", str(Path(tmp) / "out"), "--jobs", str(args.jobs)]
        with tempfile.TemporaryFile("w+") as err:
            child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, text=True)
            tree = 0.0
            while child.poll() is None:  # the whole tree's memory: the command and its workers
                tree = max(tree, tree_pss(child.pid))
                time.sleep(0.2)
            err.seek(0)
            stderr = err.read()
        wall = time.perf_counter() - t0
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak = usage.ru_maxrss / 1e6  # kB -> GB, largest one process
        cpu = usage.ru_utime + usage.ru_stime  # the command and its workers, once they are waited for
        drafts = list((Path(tmp) / "out").glob("*.yaml"))
        claims = sum(1 for line in drafts[0].read_text(encoding="utf-8").splitlines() if line.startswith("- id: x-"))
    load = os.getloadavg()[0]
    print(f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cpus, load {load:.2f}, "
          f"python {platform.python_version()}")  # fmt: skip
    print(f"text: {len(text):,} characters ({path.name}, {'unique sentences' if args.unique else 'repeating'})")
    print(f"kg extract --jobs {args.jobs}: exit {child.returncode}, {wall:.1f} s wall, {cpu:.1f} s CPU, "
          f"{claims:,} claims")  # fmt: skip
    print(f"memory: peak RSS of the largest process {peak:.2f} GB; peak PSS of the process tree {tree:.2f} GB")
    print("progress lines on stderr:", sum(1 for line in stderr.splitlines() if "statements" in line))
    ok = child.returncode == 0 and wall <= 60 and max(peak, tree) <= 1.5
    print(
        "target 20 MB in <= 60 s at <= 1.5 GB:",
        ("PASS" if ok else "FAIL") if args.mb >= 20 else "n/a (smaller than 20 MB)",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
