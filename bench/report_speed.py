"""Report benchmark: how fast the HTML report opens and filters in headless Chromium, and its size.

    .venv/bin/python bench/report_speed.py                 # 10,000 synthetic claims (kg synth)
    .venv/bin/python bench/report_speed.py --claims 2000 --keep /tmp/r

Steps: ``kg synth`` writes the claims; the report is built in this process (no audit findings
and no Graphviz diagrams, which do not depend on the claim count in the page's scripts); then
headless Chromium (over the DevTools pipe, ``tests/browser.py``) opens the file and the script
measures, inside the page: the time from navigation start to the end of the load event (the
table built), a search typed into the box, a support-class filter, a sort, and drawing the graph
(on request above 3,000 claims). Printed with the
machine, Chromium's version and the file size, against the targets (open and filter < 2 s,
file < 15 MB). Not a timed test: run it by hand.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.render.report import build_report, write_report  # noqa: E402
from kg.seeds.load import load_knowledge_base  # noqa: E402
from tests.browser import CHROMIUM, Browser, file_url  # noqa: E402

__all__ = ["main"]

OPEN_TARGET_S = 2.0
SIZE_TARGET_MB = 15.0

_FILTER = """(() => {
  const t0 = performance.now();
  const s = document.getElementById('filter-sc'); s.value = %r;
  s.dispatchEvent(new Event('change'));
  return [performance.now() - t0, document.querySelectorAll('tr.claim-row').length,
          document.getElementById('claim-count').dataset.matching];
})()"""
_SEARCH = """(() => {
  const t0 = performance.now();
  const q = document.getElementById('claim-search'); q.value = %r;
  q.dispatchEvent(new Event('input'));
  return [performance.now() - t0, document.getElementById('claim-count').dataset.matching];
})()"""
_GRAPH = """(() => {
  const t0 = performance.now();
  const b = document.getElementById('graph-draw');
  if (b) { b.click(); }
  return performance.now() - t0;
})()"""
_SORT = """(() => {
  const t0 = performance.now();
  document.querySelector('th[data-sort=object]').click();
  return performance.now() - t0;
})()"""


def _machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    version = subprocess.run([CHROMIUM or "chromium", "--version"], capture_output=True, text=True, check=False)
    return (
        f"{platform.system()} {platform.release()}, {cpu}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {version.stdout.strip() or 'Chromium ?'}"
    )


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the results; exit status 1 when a target is missed."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--claims", type=int, default=10_000, help="synthetic claims (default 10000)")
    parser.add_argument("--keep", type=Path, default=None, help="folder to keep the data and report in")
    args = parser.parse_args(argv)
    if CHROMIUM is None:
        print("Chromium is not installed (Debian: apt-get install chromium)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="mechkg-report-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        subprocess.run(
            [sys.executable, "-m", "kg", "synth", "--claims", str(args.claims), "--out", str(work / "synth"),
             "--ontology", str(ROOT / "ontology")],
            check=True, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        t0 = time.perf_counter()
        kb = load_knowledge_base(work / "synth" / "seeds", work / "synth" / "ontology", None)
        t1 = time.perf_counter()
        page = write_report(build_report(kb, [], [], None, diagrams=[]), work, "report.html")
        t2 = time.perf_counter()
        size_mb = page.stat().st_size / 1e6
        with Browser(width=1280, height=900, timeout=300) as browser:
            start = time.perf_counter()
            browser.goto(file_url(page))
            wall = time.perf_counter() - start
            opened = browser.js("performance.timing.loadEventEnd - performance.timing.navigationStart") / 1000
            rows = browser.js("document.querySelectorAll('tr.claim-row').length")
            filtered = browser.js(_FILTER % "vendor_only")
            term = kb.label(kb.claims[0].subject)
            searched = browser.js(_SEARCH % term)
            sorted_ms = browser.js(_SORT)
            graph_ms = browser.js(_GRAPH)
            errors = browser.console_errors()
            requests = browser.requests()
        print(f"machine: {_machine()}")
        print(f"claims: {len(kb.claims)} ({sum(len(c.evidence) for c in kb.claims)} evidence records, "
              f"{len(kb.references)} references); load {t1 - t0:.1f} s, build report {t2 - t1:.1f} s")  # fmt: skip
        print(f"file: {size_mb:.2f} MB (target < {SIZE_TARGET_MB:.0f} MB)")
        print(f"open (navigation start to load end, table built, {rows} rows drawn): {opened:.2f} s in the page, "
              f"{wall:.2f} s wall (target < {OPEN_TARGET_S:.0f} s)")  # fmt: skip
        print(f"filter support class = vendor_only: {filtered[0]:.0f} ms ({filtered[2]} claims match)")
        print(f"search {term!r}: {searched[0]:.0f} ms ({searched[1]} claims match)")
        print(f"sort by object: {sorted_ms:.0f} ms")
        print(f"graph of every claim, drawn on request (button, above 3,000 claims): {graph_ms / 1000:.2f} s")
        print(f"network requests besides the page: {len(requests) - 1}; console errors: {len(errors)}")
        ok = (
            size_mb < SIZE_TARGET_MB and opened < OPEN_TARGET_S and max(filtered[0], searched[0]) / 1000 < OPEN_TARGET_S
        )
        print("targets: " + ("met" if ok else "MISSED"))
        return 0 if ok and not errors and len(requests) == 1 else 1


if __name__ == "__main__":
    raise SystemExit(main())
