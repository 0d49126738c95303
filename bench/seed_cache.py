"""Reading seed YAML at scale: the line-keeping event builder, libyaml's full loader, the cache.

On ``kg synth`` data (default 100,000 claim records), each in turn, in this process:

* ``read_yaml``: what the loader uses (libyaml's C parser, values built from its events with
  their line numbers, no node tree);
* ``yaml.load(CSafeLoader)``: libyaml's whole safe loader (node tree, no line numbers);
* a cache hit: the entry of each file read back (:class:`kg.seeds.cache.SeedCache`);
* ``load_knowledge_base`` without and with a warm cache (YAML plus validation and assembly).

    .venv/bin/python bench/seed_cache.py [--claims N] [--work DIR]
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.seeds.cache import SeedCache  # noqa: E402
from kg.seeds.load import load_knowledge_base  # noqa: E402
from kg.seeds.synth import synthesize  # noqa: E402
from kg.seeds.yamlio import read_yaml  # noqa: E402


def _timed(label: str, work: object) -> float:
    start = time.perf_counter()
    work()  # type: ignore[operator]
    took = time.perf_counter() - start
    print(f"{label:<44} {took:7.2f} s", flush=True)
    return took


def main() -> None:
    """Run the comparison and print it with the machine's facts."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--claims", type=int, default=100_000)
    parser.add_argument("--work", type=Path, default=None, help="folder for the data [default: a temporary one]")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="mechkg-seed-cache-"))
    data = work / f"synth-{args.claims}"
    if not data.exists():
        synthesize(args.claims, seed=1, out=data, claims_per_file=1000, lexicon_from=ROOT / "ontology")
    files = sorted((data / "seeds" / "documents").glob("*.yaml"))
    size = sum(f.stat().st_size for f in files)
    print(
        f"{args.claims:,} claim records in {len(files)} files ({size / 1e6:.1f} MB of YAML); "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"PyYAML {yaml.__version__} (libyaml: {hasattr(yaml, 'CSafeLoader')}), "
        f"load average {os.getloadavg()[0]:.1f}"
    )
    folder = work / "cache"
    _timed("read_yaml (events, line numbers)", lambda: [read_yaml(f) for f in files])
    _timed("yaml.load, CSafeLoader (node tree)", lambda: [yaml.load(f.read_bytes(), yaml.CSafeLoader) for f in files])
    cold = SeedCache(folder)
    _timed("cache: parse and write the entries", lambda: ([cold.read(f) for f in files], cold.flush()))
    warm = SeedCache(folder)
    _timed("cache: read the entries back", lambda: [warm.read(f) for f in files])
    assert warm.hits == len(files)
    entries = sum(p.stat().st_size for p in folder.rglob("*.pickle"))
    print(f"{'cache size on disk':<44} {entries / 1e6:7.1f} MB")
    _timed("load_knowledge_base, no cache", lambda: load_knowledge_base(data / "seeds", data / "ontology"))
    _timed(
        "load_knowledge_base, warm cache",
        lambda: load_knowledge_base(data / "seeds", data / "ontology", cache=SeedCache(folder)),
    )


if __name__ == "__main__":
    main()
