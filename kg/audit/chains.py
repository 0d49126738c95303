"""The weak-chain audit: compound-to-target chains of causal claims whose strongest version still
has a vendor-only, unverifiable or uncited link. The search is :mod:`kg.audit.chainsearch`."""

from __future__ import annotations

from kg.audit.chainsearch import Chain, collector_paused, strongest_chains
from kg.audit.common import COMPOUND_TYPES, LOCATOR_ORDER
from kg.model import EntityType, Finding, FindingCategory, KnowledgeBase, Locator, Severity, SupportClass
from kg.query import is_causal_link

__all__ = ["CHAIN_TARGETS", "WEAK_LINKS", "Chain", "collector_paused", "strongest_chains", "weak_chains"]

#: Support classes that make a chain weak, and the entity types a chain is followed to.
WEAK_LINKS = {SupportClass.VENDOR_ONLY, SupportClass.UNVERIFIABLE, SupportClass.UNCITED}
CHAIN_TARGETS = {EntityType.PROTEIN, EntityType.PROTEIN_FAMILY, EntityType.PATHWAY}


def weak_chains(kb: KnowledgeBase, max_length: int = 3) -> list[Finding]:
    """Compound-to-target chains whose strongest version still has a vendor-only or uncited link.

    For each compound and each protein, protein family or pathway it reaches in a chain of two or
    more causal claims, the strongest chain (lowest weakest-link rank, then fewest claims, the
    first found winning ties) is reported when its weakest link is vendor-only, unverifiable or
    uncited. The search (:func:`strongest_chains`) runs for all compounds at once, at
    every size.
    """
    with collector_paused():
        return _weak_chain_findings(kb, max_length)


def _weak_chain_findings(kb: KnowledgeBase, max_length: int) -> list[Finding]:
    """:func:`weak_chains` with the collector paused."""
    order = [c.value for c in SupportClass]
    # id(claim) -> (claim id, object label, locators in evidence order), once per claim on a chain
    seen: dict[int, tuple[str, str, tuple[Locator, ...]]] = {}
    label = kb.label
    findings = []
    for compound, _target, rank, path in strongest_chains(
        kb.claims,
        lambda n: kb.entities[n].type in COMPOUND_TYPES,
        lambda n: kb.entities[n].type in CHAIN_TARGETS,
        lambda c: is_causal_link(c.predicate, c.direction),
        {c.rank for c in WEAK_LINKS},
        max_length,
    ):
        names = [label(compound)]
        keys = []
        locators: list[Locator] = []
        for claim in path:
            about = seen.get(id(claim))
            if about is None:
                about = seen[id(claim)] = (claim.id, label(claim.object), tuple(e.locator for e in claim.evidence))
            keys.append(about[0])
            names.append(about[1])
            locators += about[2]
        findings.append(
            Finding(
                FindingCategory.WEAK_CHAIN,
                Severity.MEDIUM,
                f"the strongest chain {' -> '.join(names)} has a {order[rank]} link",
                tuple(keys),
                (),
                tuple(sorted(set(locators), key=LOCATOR_ORDER)),  # as sorted_locators gives
            )
        )
    return findings
