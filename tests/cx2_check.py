"""Read a CX2 file with the real ``ndex2`` package (3.x); print a JSON report.

Run with an interpreter that has ``ndex2>=3.8`` (the project's virtualenv holds the 2.x that
``indra`` pins, which has no CX2 support): ``python tests/cx2_check.py network.cx2``.
"""

from __future__ import annotations

import json
import sys

from ndex2.cx2 import CX2NetworkXFactory, RawCX2NetworkFactory


def main(path: str) -> dict[str, object]:
    """Load the file with ndex2's raw CX2 factory and convert it to networkx with ndex2."""
    with open(path, encoding="utf-8") as fh:
        network = RawCX2NetworkFactory().get_cx2network(json.load(fh))
    graph = CX2NetworkXFactory().get_graph(network)
    edges = network.get_edges()
    return {
        "nodes": len(network.get_nodes()),
        "edges": len(edges),
        "declarations": network.get_attribute_declarations(),
        "claim_ids": sorted(e["v"]["claim_id"] for e in edges.values()),
        "networkx_edges": graph.number_of_edges(),
        "rewritten_edges": len(RawCX2NetworkFactory().get_cx2network(network.to_cx2()).get_edges()),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1]), indent=1, sort_keys=True, default=str))
