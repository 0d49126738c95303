"""The document reader on the seed documents and on large synthetic inputs.

Run from the project root: ``.venv/bin/python bench/reader_speed.py [--documents DIR] [--mb 10]``.
Prints, per seed document, the citation markers found and resolved and how many reference
entries agree with the curated ones (by identifiers and host); then the time to read all five
(best of five runs) and the time to read large inputs built from them (plain text, and an HTML
page with ``<sup>`` markers), with the machine and the data size. No target is asserted here.
"""

from __future__ import annotations

import argparse
import os
import platform
import time
from pathlib import Path

import yaml

from kg.read.reader import read_document, read_text


def _curated(seeds: Path) -> dict[str, dict]:
    out = {}
    for path in sorted((seeds / "documents").glob("*.yaml")):
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[record["document"]["file"]] = record
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=Path, default=Path("../shared/seeds"))
    parser.add_argument("--seeds", type=Path, default=Path("seeds"))
    parser.add_argument("--mb", type=float, default=10.0, help="size of the large synthetic inputs in MB")
    args = parser.parse_args()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"machine: {platform.node()} {platform.machine()} python {platform.python_version()}")
    print(f"cpus: {os.cpu_count()}, load average (1 min) at start: {load:.2f}")
    files = sorted(args.documents.glob("*.txt")) if args.documents.is_dir() else []
    if not files:
        print(f"no documents in {args.documents}; only the synthetic inputs are read")
    curated = _curated(args.seeds)
    agree_total = claims_total = 0
    for path in files:
        doc = read_document(path)
        record = curated.get(path.name)
        line = f"{path.name}: markers {doc.markers_resolved}/{doc.markers_found} resolved"
        if record:
            want = {r["n"]: (sorted(r.get("ids") or []), r.get("host") or "") for r in record["references"]}
            got = {r.n: (sorted(r.ids), r.host) for r in doc.references}
            matched = sum(1 for n, v in want.items() if got.get(n) == v)
            line += f", reference entries matched {matched}/{len(want)} (read {len(got)})"
            for claim in record["claims"]:
                s, e = claim["span"]
                cited = {n for seg in doc.segments if seg.start < e and seg.end > s for n in seg.citations}
                claims_total += 1
                agree_total += cited == set(claim["cites"])
        print(line + f", segments {len(doc.segments)}")
    if claims_total:
        print(f"curated claims whose cites equal the overlapping segments' citations: {agree_total}/{claims_total}")
    if files:
        best = float("inf")
        for _ in range(5):
            t0 = time.perf_counter()
            for path in files:
                read_document(path)
            best = min(best, time.perf_counter() - t0)
        size = sum(p.stat().st_size for p in files)
        print(f"read all {len(files)} documents ({size:,} bytes): {best * 1000:.1f} ms (best of 5)")
    n = int(args.mb * 1_000_000)
    base = "\n\n".join(p.read_text(encoding="utf-8") for p in files) if files else _synthetic_base()
    big = (base * (n // len(base) + 1))[:n]
    t0 = time.perf_counter()
    doc = read_text(big, "big.txt")
    dt = time.perf_counter() - t0
    print(f"plain text {len(big):,} chars: {dt:.2f} s, {len(doc.segments):,} segments, {doc.markers_found:,} markers")
    dense = "<p>Widgetol lowers X in rats.<sup>1</sup> It raises Y.<sup>2,3</sup></p>\n"
    typical = (
        '<div class="card-wrapper" data-track="promo"><div class="card"><a class="card__link" href="/shop/item?id=12">'
        '<img src="/img/item-12.webp" alt="vial" loading="lazy" width="120" height="120"></a>'
        '<span class="price" data-currency="USD">$49.00</span>'
        '<button class="btn btn--primary">Add</button></div></div>\n'
        '<script>window.dataLayer = window.dataLayer || []; dataLayer.push({"event": "view", "id": 12});</script>\n'
        '<p class="body">Widgetol lowers X in rats by a third after two weeks of daily dosing.<sup>1</sup> '
        "It raises Y in cultured cells, e.g. in cortical neurons, vs. vehicle.<sup>2,3</sup></p>\n"
    )
    refs = "<h2>References</h2><ol><li>A rat study</li><li>A cell study</li><li>Another</li></ol>"
    for label, unit in (("HTML, dense (two sentences per 70 chars)", dense), ("HTML, typical page markup", typical)):
        page = "<html><body>" + unit * (n // len(unit)) + refs
        t0 = time.perf_counter()
        doc = read_text(page, "big.html")
        dt = time.perf_counter() - t0
        print(f"{label} {len(page):,} chars: {dt:.2f} s, {len(doc.segments):,} segments, {doc.markers_found:,} markers")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) at end: {load:.2f}")


def _synthetic_base() -> str:
    body = "Widgetol lowers X in rats [1]. It raises Y, e.g. in cells [2].\n\n"
    return body + "References\n\n1. A rat study\n2. A cell study\n"


if __name__ == "__main__":
    main()
