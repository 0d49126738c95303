"""SHACL validation of the RDF view against ``ontology/shapes.ttl`` (pyshacl).

The ontology files (``mechkg.ttl`` and the generated ``vocabularies.ttl``) are given to pyshacl as
the ontology graph, so ``sh:class`` constraints see the typed vocabulary individuals.
"""

from __future__ import annotations

from pathlib import Path

from rdflib import Graph

from kg.errors import KGError

__all__ = [
    "validate_graph",
]


def validate_graph(data: Graph, ontology: Path) -> tuple[bool, str]:
    """Validate a graph; return (conforms, human-readable report)."""
    from pyshacl import validate

    shapes = ontology / "shapes.ttl"
    if not shapes.is_file():
        raise KGError(f"{shapes}: SHACL shapes not found")
    ont = Graph()
    for name in ("mechkg.ttl", "vocabularies.ttl"):
        ont.parse(ontology / name, format="turtle")
    conforms, _report_graph, text = validate(
        data,
        shacl_graph=Graph().parse(shapes, format="turtle"),
        ont_graph=ont,
        inference="none",
        abort_on_first=False,
        allow_warnings=False,
    )
    return bool(conforms), str(text)
