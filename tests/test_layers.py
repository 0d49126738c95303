"""The package's layers: no module imports a module of a higher layer (lazy imports included).

From the bottom: the model (enums, dataclasses, errors, vocabulary, sizes, safe writing) → the
seeds layer (reading and validating seeds and ontology data, metadata, pathways) with the reading
wing beside it (the document reader, extraction, grounding) → the views (RDF, the networkx graph,
the stores) → what uses them (queries, the audit, formats, rendering) → the build pipeline and
the ``kg`` package's own names → the CLI. A module may import its own layer or a lower one.
"""

from __future__ import annotations

from tests.test_imports import _graph

#: Layer of each module, by the longest matching name prefix (a package covers its modules).
LAYERS: dict[str, int] = {
    # 0: the model
    "kg.model": 0,
    "kg.errors": 0,
    "kg.sizes": 0,
    "kg.locks": 0,
    "kg.output": 0,
    "kg.tempfiles": 0,
    "kg.project": 0,
    "kg.vocab": 0,
    # 1: the seeds layer
    "kg.seeds": 1,
    "kg.metadata": 1,
    "kg.retractions": 1,
    "kg.resolve": 1,
    "kg.classify": 1,
    "kg.pathway": 1,
    "kg.selection": 1,
    # 1: the reading wing, beside the seeds
    "kg.read": 1,
    "kg.extract": 1,
    "kg.grounding": 1,
    # 2: the views
    "kg.rdf": 2,
    "kg.graph": 2,
    "kg.store": 2,
    # 3: what uses them
    "kg.query": 3,
    "kg.audit": 3,
    "kg.formats": 3,
    "kg.render": 3,
    # 4: the build pipeline, and the package's names (kg.build among them)
    "kg.build": 4,
    "kg": 4,
    # 5: the command line
    "kg.cli": 5,
    "kg.__main__": 5,
}

#: Upward imports that remain, (importer, imported) -> why; remove an entry when its import is gone.
#: None today: the stores and SPARQL binding take weak support and entity names from
#: kg.selection (seeds layer), no longer from kg.query.
KNOWN_EXCEPTIONS: dict[tuple[str, str], str] = {}


def layer(module: str) -> int:
    """The layer of ``module``: that of the longest prefix named in LAYERS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        name = ".".join(parts[:end])
        if name in LAYERS:
            return LAYERS[name]
    raise AssertionError(f"{module} is in no layer: add it to LAYERS in tests/test_layers.py")


def _upward() -> dict[tuple[str, str], tuple[int, int]]:
    graph = _graph()
    return {
        (module, dep): (layer(module), layer(dep))
        for module, deps in graph.items()
        for dep in deps
        if layer(dep) > layer(module)
    }


def test_every_module_has_a_layer() -> None:
    for module in _graph():
        layer(module)


def test_no_module_imports_upward() -> None:
    found = {pair: ranks for pair, ranks in _upward().items() if (pair[0], _owner(pair[1])) not in KNOWN_EXCEPTIONS}
    assert not found, "upward imports (module, imported): " + ", ".join(
        f"{m} ({a}) -> {d} ({b})" for (m, d), (a, b) in sorted(found.items())
    )


def _owner(module: str) -> str:
    """The name KNOWN_EXCEPTIONS uses for an imported module: the package or module named in LAYERS."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if ".".join(parts[:end]) in LAYERS:
            return ".".join(parts[:end])
    return module


def test_every_known_exception_is_still_real() -> None:
    upward = {(m, _owner(d)) for m, d in _upward()}
    gone = [pair for pair in KNOWN_EXCEPTIONS if pair not in upward]
    assert not gone, f"no longer imported upward, remove from KNOWN_EXCEPTIONS: {gone}"
