"""How `kg resolve` plans a large run: requests and rate-limit waiting for N works (default 10,000).

Runs the resolver against the local stand-in of E-utilities, Europe PMC and Crossref
(tests/literature_server.py, 127.0.0.1 only; every PMID answers as a generated article) and
prints the requests per service and the time the rate limits made it wait. The mix of works:
PMIDs (fetched 200 per EFetch request) and, with --titles, title-only works (one ESearch each).
Waiting is measured on a simulated clock (the run does not sleep), so the figure is what the
real services' limits would cost: 3 E-utilities requests a second, 10 with an API key.

Usage: PYTHONPATH=. .venv/bin/python bench/resolve_plan.py [--works N] [--titles N] [--api-key]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kg.resolve import BATCH, CROSSREF_BATCH, Resolver, Services, WorkRequest  # noqa: E402
from tests.literature_server import Literature, literature_server  # noqa: E402

_ENDPOINTS = {"efetch": "efetch.fcgi", "esearch": "esearch.fcgi", "europepmc": "search", "crossref": "works"}


class _SimulatedTime:
    """A clock that advances by the time slept, plus the real time spent."""

    def __init__(self) -> None:
        self.offset = 0.0

    def clock(self) -> float:
        return time.monotonic() + self.offset

    def sleep(self, seconds: float) -> None:
        self.offset += seconds


def main() -> None:
    """Resolve N generated works against the local server and print the plan's figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--works", type=int, default=10_000, help="works with a PMID")
    parser.add_argument("--titles", type=int, default=0, help="extra works cited by title only")
    parser.add_argument("--api-key", action="store_true", help="plan with an NCBI API key (10 requests a second)")
    args = parser.parse_args()
    works = [WorkRequest(pmid=str(10_000_000 + i), references=(f"bench#{i}",)) for i in range(args.works)]
    works += [
        WorkRequest(title=f"Generated title number {i} for the plan", references=(f"t#{i}",))
        for i in range(args.titles)
    ]
    state = Literature(synthetic=True)
    clock = _SimulatedTime()
    with tempfile.TemporaryDirectory() as tmp, literature_server(state) as urls:
        services = Services(urls["eutils"], urls["europepmc"], urls["crossref"], api_key="KEY" if args.api_key else "")
        started = time.perf_counter()
        report = Resolver(services, Path(tmp) / "works.jsonl", sleep=clock.sleep, clock=clock.clock).run(works)
        took = time.perf_counter() - started
    total = sum(report.requests.values())
    print(f"works: {len(works)} ({args.works} by PMID, {args.titles} by title)")
    print(f"batches: EFetch {BATCH} PMIDs a request, Crossref {CROSSREF_BATCH} DOIs a request")
    print(f"requests: {total} ({', '.join(f'{k} {v}' for k, v in sorted(report.requests.items()))})")
    counts = {name: state.count(endpoint) for name, endpoint in _ENDPOINTS.items()}
    print("  " + ", ".join(f"{name} {n}" for name, n in counts.items()))
    print(
        f"waited on rate limits: {report.waited:.1f} s (simulated; {'with' if args.api_key else 'without'} an API key)"
    )
    print(f"resolved {report.resolved}, errors {len(report.errors)}; run time against the local server {took:.1f} s")


if __name__ == "__main__":
    main()
