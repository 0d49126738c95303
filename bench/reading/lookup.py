#!/usr/bin/env python3
"""Look names up in the grounding index, as `kg extract` grounds them (for annotators).

    .venv/bin/python bench/reading/lookup.py "NF-κB" curcumin "TNF alpha"

Prints, for each name, every (id, label, type) it grounds to, best first, and the ids that
MeSH's own mapping declares equivalent.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from kg.grounding import load_index
from kg.grounding.sources import mesh_equivalents, resources_folder


def main(argv: list[str]) -> int:
    if not argv or argv[0] in {"-h", "--help"}:
        print(__doc__)
        return 0 if argv else 2
    index = load_index(Path(__file__).resolve().parents[2] / "ontology")
    eq = mesh_equivalents(resources_folder())
    for name in argv:
        found = index.lookup(name)
        print(f"{name}:")
        if not found:
            print("    (no id: in no vocabulary)")
        for curie, label, etype in found:
            same = f"  = {eq[curie]}" if curie in eq else ""
            print(f"    {curie:<22} {etype:<15} {label}{same}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
