"""Incremental rebuild against a full build: ``kg build --store`` after one changed seed file.

On ``kg synth`` data (default 100,000 claim records, 1,000 per file), each build a fresh
``kg build --quiet`` process (wall time and its peak RSS):

1. full build into a new store, empty parsed-seed cache (what one waits without either);
2. rebuild with no change (incremental: the store copy and the exports are kept);
3. one 1,000-record file edited (a grade and a claim's predicate), incremental rebuild;
4. full build of the same edited input into a new store and exports folder (warm cache);

then the exports of 3 and 4 are compared byte for byte, and the two stores as sorted N-Quads.

    .venv/bin/python bench/incremental.py [--claims N] [--work DIR]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import platform
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def timed_build(data: Path, store: Path, out: Path, cache: Path) -> tuple[float, float, str, float]:
    """Run one ``kg build --quiet --store``; return its wall time, peak RSS (MB), what it did and
    its CPU time (user and system, with the export writers it forked)."""
    command = [sys.executable, "-m", "kg", "build", "--quiet", "--seeds", str(data / "seeds")]
    command += ["--ontology", str(data / "ontology"), "--store", str(store), "--out", str(out)]
    env = {**os.environ, "MECHKG_CACHE": str(cache), "PYTHONPATH": str(ROOT)}
    start = time.perf_counter()
    child = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, status, usage = os.wait4(child.pid, 0)  # --quiet: the pipes hold the little it prints
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    took = time.perf_counter() - start
    stdout, stderr = child.stdout.read(), child.stderr.read()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"kg build failed:\n{stdout}\n{stderr}")
    how = next((line[7:] for line in stderr.splitlines() if line.startswith("build: ")), "?")
    return took, usage.ru_maxrss / 1024, how, cpu


def _build(data: Path, store: Path, out: Path, cache: Path, label: str) -> tuple[float, float]:
    """Run one ``kg build``; print and return its wall and CPU times."""
    took, peak, how, cpu = timed_build(data, store, out, cache)
    print(f"{label:<46} {took:7.1f} s wall {cpu:7.1f} s CPU  {peak:6.0f} MB  [{how}]", flush=True)
    return took, cpu


def _quads_digest(store: Path) -> str:
    """sha256 of the store's quads as sorted N-Quads lines (in a child: it needs some memory)."""
    code = (
        "import hashlib, sys, pyoxigraph as ox\n"
        "s = ox.Store.read_only(sys.argv[1])\n"
        "lines = sorted(s.dump(format=ox.RdfFormat.N_QUADS).splitlines())\n"
        "print(hashlib.sha256(b'\\n'.join(lines)).hexdigest(), len(lines))\n"
    )
    return subprocess.run([sys.executable, "-c", code, str(store)], capture_output=True, text=True, check=True).stdout


def files_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file of ``folder`` by name."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def edit_one_file(path: Path) -> None:
    """Change one grade and one claim's predicate in a seed file."""
    text = path.read_text(encoding="utf-8").replace("level: animal", "level: human_clinical_rct", 1)
    first = re.search(r"predicate: (\w+)", text)
    assert first is not None
    other = "binds" if first.group(1) != "binds" else "activates"
    path.write_text(text[: first.start(1)] + other + text[first.end(1) :], encoding="utf-8")


def main() -> None:
    """Run the four builds, compare the results, print the figures with the machine's facts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None, help="folder for the data [default: a temporary one]")
    args = parser.parse_args()
    import pyoxigraph

    from kg.seeds.synth import synthesize

    work = args.work or Path(tempfile.mkdtemp(prefix="mechkg-incremental-"))
    data = work / "synth"
    shutil.rmtree(work / "cache", ignore_errors=True)
    for name in ("store", "out", "fresh-store", "fresh-out"):
        shutil.rmtree(work / name, ignore_errors=True)
    shutil.rmtree(data, ignore_errors=True)
    stats = synthesize(args.claims, seed=1, out=data, claims_per_file=1000, lexicon_from=ROOT / "ontology")
    mem = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    print(
        f"{stats.claims:,} claim records in {stats.files} files; {platform.machine()}, {os.cpu_count()} cores, "
        f"{mem:.1f} GiB, Python {platform.python_version()}, pyoxigraph {pyoxigraph.__version__}; "
        f"load average {os.getloadavg()[0]:.1f}; {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}"
    )
    cache, store, out = work / "cache", work / "store", work / "out"
    full = _build(data, store, out, cache, "1. full build, empty cache")
    _build(data, store, out, cache, "2. rebuild, nothing changed")
    edit_one_file(sorted((data / "seeds" / "documents").glob("*.yaml"))[stats.files // 2])
    incremental = _build(data, store, out, cache, "3. one 1,000-record file changed, incremental")
    fresh = _build(data, work / "fresh-store", work / "fresh-out", cache, "4. the same input, full build (warm cache)")
    same_exports = files_digest(out) == files_digest(work / "fresh-out")
    same_store = _quads_digest(store) == _quads_digest(work / "fresh-store")
    print(f"exports byte-identical: {same_exports}; store quads identical: {same_store}")
    print(
        f"incremental / full build (empty cache): {incremental[0] / full[0]:.1%}; "
        f"incremental / full build (warm cache): {incremental[0] / fresh[0]:.1%} wall, "
        f"{incremental[1] / fresh[1]:.1%} CPU; load average {os.getloadavg()[0]:.1f}"
    )
    if not (same_exports and same_store):
        raise SystemExit("the incremental build differs from the full build")


if __name__ == "__main__":
    main()
