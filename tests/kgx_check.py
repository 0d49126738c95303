"""Validate KGX files with the real ``kgx`` package, offline; print a JSON report.

Run with an interpreter that has ``kgx`` installed (it is kept out of the project's virtualenv,
whose pins it would change): ``python tests/kgx_check.py tsv nodes.tsv edges.tsv``. The Biolink
model is read from the ``biolink-model`` package that kgx installs, instead of being downloaded
(kgx and bmt fetch it from GitHub by default). The report holds kgx's validation errors, the graph
size, and whether every enum-valued column holds a value Biolink allows.
"""

from __future__ import annotations

import contextlib
import json
import sys
from importlib.resources import files

import bmt.toolkit
import yaml

SCHEMA = files("biolink_model") / "schema" / "biolink_model.yaml"
PREFIX_MAP = files("biolink_model") / "prefixmaps" / "biolink-model-prefix-map.json"


def main(fmt: str, paths: list[str]) -> dict[str, object]:
    """Load the files with kgx, validate them, and check enum values against the Biolink schema."""
    bmt.toolkit.Toolkit.__init__.__defaults__ = (str(SCHEMA), {"predicate mappings": []})
    import kgx.config

    kgx.config.jsonld_context_map["biolink"] = json.loads(PREFIX_MAP.read_text())
    from kgx.transformer import Transformer
    from kgx.validator import Validator

    transformer = Transformer(stream=False)
    transformer.transform({"filename": paths, "format": fmt})
    graph = transformer.store.graph
    validator = Validator(verbose=False)
    validator.validate(graph)
    errors = [
        {"severity": sev, "type": kind, "message": msg, "count": len(set(where))}
        for sev, kinds in validator.get_errors().items()
        for kind, messages in kinds.items()
        for msg, where in messages.items()
    ]
    enums = yaml.safe_load(SCHEMA.read_text())["enums"]
    allowed = {
        "knowledge_level": set(enums["KnowledgeLevelEnum"]["permissible_values"]),
        "agent_type": set(enums["AgentTypeEnum"]["permissible_values"]),
        "object_direction_qualifier": set(enums["DirectionQualifierEnum"]["permissible_values"]),
        "object_aspect_qualifier": set(enums["GeneOrGeneProductOrChemicalEntityAspectEnum"]["permissible_values"]),
    }
    toolkit = validator.get_validating_toolkit()
    bad: list[str] = []
    edges = list(graph.edges(keys=True, data=True))
    for _, _, _, data in edges:
        for column, values in allowed.items():
            value = data.get(column)
            if value not in (None, "") and value not in values:
                bad.append(f"{column}={value}")
        qualified = data.get("qualified_predicate")
        if qualified and not toolkit.is_predicate(qualified):
            bad.append(f"qualified_predicate={qualified}")
    return {
        "nodes": graph.number_of_nodes(),
        "edges": len(edges),
        "errors": errors,
        "bad_enum_values": sorted(set(bad)),
        "publications": sorted({p for *_, d in edges for p in (d.get("publications") or [])}),
    }


if __name__ == "__main__":
    with contextlib.redirect_stdout(sys.stderr):  # kgx prints progress on stdout
        report = main(sys.argv[1], sys.argv[2:])
    print(json.dumps(report, indent=1, sort_keys=True))
