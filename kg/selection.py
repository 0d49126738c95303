"""Selections over the claim list: weak support (weakest first), claims about an entity, entity names.

They need no graph, so the stores, SPARQL binding and the exporters use them from here;
:mod:`kg.query` offers them beside the graph queries.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from kg.errors import UnknownEntityError
from kg.model import Claim, Entity, KnowledgeBase, SupportClass, fold_name

__all__ = [
    "claims_about",
    "claims_by_level",
    "preclinical_or_vendor_only",
    "resolve_entity",
    "resolve_name",
    "weak_support",
    "weakest_first",
]


def weak_support(kb: KnowledgeBase, classes: Iterable[SupportClass] | None = None) -> list[Claim]:
    """Claims whose support class is weak (every class but clinical), weakest first.

    ``classes`` narrows the answer to the given support classes.
    """
    wanted = set(classes) if classes is not None else {s for s in SupportClass if s.is_weak}
    found = [c for c in kb.claims if c.support in wanted]
    return sorted(found, key=weakest_first)


def weakest_first(c: Claim) -> tuple[int, str, str, str, str]:
    """Sort key of claim listings: weakest support first, then subject, predicate, object, id."""
    return (-c.support.rank, c.subject, c.predicate.value, c.object, c.id)


def preclinical_or_vendor_only(kb: KnowledgeBase) -> list[Claim]:
    """Claims that rest only on preclinical work and/or vendor assertions (or cite nothing)."""
    return weak_support(kb, [s for s in SupportClass if s.preclinical_or_vendor])


def claims_by_level(kb: KnowledgeBase, level: str) -> list[Claim]:
    """Claims that cite at least one work of the given evidence level."""
    return [c for c in kb.claims if any(lv.value == level for lv in c.levels)]


def resolve_entity(kb: KnowledgeBase, name: str) -> str:
    """Entity id for a CURIE, label or synonym (case and Unicode form ignored); UnknownEntityError if none."""
    return resolve_name(kb.entities, name)


def resolve_name(entities: Mapping[str, Entity], name: str) -> str:
    """Entity id in ``entities`` for a CURIE, label or synonym; UnknownEntityError (with suggestions) if none."""
    if name in entities:
        return name
    folded = fold_name(name)
    for ent in entities.values():
        if fold_name(ent.label) == folded or any(fold_name(s) == folded for s in ent.synonyms):
            return ent.id
    names = list(entities) + [e.label for e in entities.values()]
    raise UnknownEntityError(name, difflib.get_close_matches(name, names, n=3, cutoff=0.6))


def claims_about(kb: KnowledgeBase, entity: str) -> list[Claim]:
    """Claims whose subject or object is the entity, weakest support first (as :func:`weak_support`)."""
    found = [c for c in kb.claims if entity in (c.subject, c.object)]
    return sorted(found, key=weakest_first)
