"""Named pathways: their members (``ontology/pathways.yaml``) and the claims that belong to each."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from kg.errors import SeedError, SeedErrors
from kg.model import Claim, EntityType, KnowledgeBase
from kg.seeds.yamlio import LineDict, line_of, read_yaml

__all__ = ["Pathway", "load_pathways", "pathway_claims"]


@dataclass(frozen=True)
class Pathway:
    """A named pathway: an id used on the command line, a label and its member entities."""

    id: str
    label: str
    members: tuple[str, ...]


def load_pathways(path: Path, kb: KnowledgeBase) -> dict[str, Pathway]:
    """Read ``pathways.yaml``; unknown member ids and malformed records are file:line errors."""
    data, errors = read_yaml(path)
    pathways: dict[str, Pathway] = {}
    if isinstance(data, list):
        for i, item in enumerate(data):
            line = line_of(data, i)
            if not isinstance(item, LineDict) or not {"id", "label", "members"} <= set(item):
                errors.append(SeedError(str(path), line, "a pathway needs id, label and members"))
                continue
            members = item["members"] if isinstance(item["members"], list) else []
            for member in members:
                if member not in kb.entities:
                    errors.append(
                        SeedError(
                            str(path), line_of(item, "members"), f"pathway {item['id']!r}: unknown entity {member!r}"
                        )
                    )
            if item["id"] in pathways:
                errors.append(SeedError(str(path), line, f"duplicate pathway id {item['id']!r}"))
            pathways[str(item["id"])] = Pathway(str(item["id"]), str(item["label"]), tuple(map(str, members)))
    elif data is not None:
        errors.append(SeedError(str(path), 1, "the pathway file must be a list of pathways"))
    if errors:
        raise SeedErrors(errors)
    return pathways


def pathway_claims(kb: KnowledgeBase, pathway: Pathway) -> list[Claim]:
    """Claims with both ends in the pathway, or one end in it and the other a compound."""
    members = set(pathway.members)
    compounds = {EntityType.COMPOUND, EntityType.TOOL_COMPOUND}

    def inside(e: str) -> bool:
        return e in members

    return [
        c
        for c in kb.claims
        if (inside(c.subject) and inside(c.object))
        or (inside(c.object) and kb.entities[c.subject].type in compounds)
        or (inside(c.subject) and kb.entities[c.object].type in compounds)
    ]
