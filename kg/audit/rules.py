"""The audit rules: generic checks over the claim graph that say where a mechanism story is weaker
than it looks (subject mismatch, contradictions, level inflation, non-evidence and retracted
citations, metadata disagreements, vendor-only textbook steps, duplicate references, uncited
statements and self-citation).

None names a document, compound or sentence. Word cues come from ``ontology/classifier/cues.yaml``,
hosts from ``hosts.yaml``. Source documents are optional: with them, level inflation reads the
citing sentence.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from kg.audit.common import COMPOUND_TYPES, contexts_match, evidence_by_document, sorted_locators, works_about
from kg.classify import Lexicon
from kg.model import (
    Claim,
    Direction,
    EntityType,
    Evidence,
    EvidenceLevel,
    Finding,
    FindingCategory,
    KnowledgeBase,
    LevelBasis,
    Predicate,
    Reference,
    Severity,
    SourceType,
    SupportClass,
)
from kg.seeds.documents import span_text

__all__ = [
    "contradictions",
    "duplicate_references",
    "level_inflation",
    "metadata_disagreements",
    "non_evidence_citations",
    "retracted_citations",
    "subject_mismatch",
    "textbook_vendor_only",
    "uncited_and_self_citation",
]

#: Entity types that make a claim "background biology" rather than a claim about a product.
_BACKGROUND = {
    EntityType.PROTEIN,
    EntityType.PROTEIN_FAMILY,
    EntityType.PATHWAY,
    EntityType.PROCESS,
    EntityType.CHEMICAL,
}
_VENDOR_SOURCES = {SourceType.MANUFACTURER_SITE, SourceType.VENDOR_SITE}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
#: Levels that cannot back a statement about people; unknown and review citations may sit beside.
_BELOW_HUMAN = {EvidenceLevel.ANIMAL, EvidenceLevel.IN_VITRO, EvidenceLevel.NOT_EVIDENCE}
_INFLATABLE = _BELOW_HUMAN | {EvidenceLevel.UNKNOWN, EvidenceLevel.REVIEW_SECONDARY}


def subject_mismatch(kb: KnowledgeBase) -> list[Finding]:
    """A document attributes claims to compound X while its evidence or cited works are about Y."""
    findings = []
    by_doc = evidence_by_document(kb)
    for doc in kb.documents.values():
        x = doc.compound
        claims: dict[str, Claim] = {}
        evidence: list[Evidence] = []
        others: set[str] = set()
        refs: set[str] = set()
        for claim, ev in by_doc.get(doc.key, ()):
            subj = kb.entities[claim.subject]
            if subj.type in COMPOUND_TYPES and claim.subject != x:
                others.add(claim.subject)
                claims[claim.id] = claim
                evidence.append(ev)
            if claim.subject == x:
                for ref in ev.references:
                    about = works_about(kb, ref)
                    if about and x not in about:
                        others |= about
                        refs.add(ref.key)
                        claims[claim.id] = claim
                        evidence.append(ev)
        if not others:
            continue
        names = ", ".join(sorted(kb.label(o) for o in others))
        findings.append(
            Finding(
                FindingCategory.SUBJECT_MISMATCH,
                Severity.HIGH,
                f"{doc.key} presents its claims as being about {kb.label(x)} (written "
                f"'{doc.compound_as_written}'), but {len(refs)} cited works and "
                f"{len(claims)} claims concern {names}",
                tuple(sorted(claims)),
                tuple(sorted(refs)),
                sorted_locators(evidence),
                doc.key,
            )
        )
    return findings


def contradictions(kb: KnowledgeBase) -> list[Finding]:
    """Opposite polarity or opposite direction in matching contexts; conflicting quantities."""
    findings = []
    causal = [c for c in kb.claims if c.predicate.polarity != 0]
    by_pair: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
    for c in causal:
        by_pair[(c.subject, c.object, c.predicate.family)].append(c)
    for group in by_pair.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if not contexts_match(kb.contexts[a.context], kb.contexts[b.context]):
                    continue
                opposite_polarity = (
                    a.direction is b.direction is Direction.SUPPORTS and a.predicate.polarity == -b.predicate.polarity
                )
                null_vs_effect = (
                    a.predicate is b.predicate
                    and {a.direction, b.direction} & {Direction.NO_EFFECT, Direction.REFUTES}
                    and Direction.SUPPORTS in {a.direction, b.direction}
                )
                if not (opposite_polarity or null_vs_effect):
                    continue
                severity = Severity.MEDIUM
                if null_vs_effect:
                    effect, null = (a, b) if a.direction is Direction.SUPPORTS else (b, a)
                    if null.best_level and (effect.best_level is None or null.best_level.rank < effect.best_level.rank):
                        severity = Severity.HIGH
                    what = (
                        f"{kb.label(a.subject)} {effect.predicate.value} {kb.label(a.object)} is "
                        f"asserted ({effect.support.value}) beside a {null.direction.value} finding "
                        f"({null.support.value}, best level "
                        f"{null.best_level.value if null.best_level else 'none'})"
                    )
                else:
                    what = (
                        f"{kb.label(a.subject)} both {a.predicate.value} and {b.predicate.value} "
                        f"{kb.label(a.object)} in matching contexts ({a.context} / {b.context})"
                    )
                findings.append(
                    Finding(
                        FindingCategory.CONTRADICTION,
                        severity,
                        what,
                        tuple(sorted((a.id, b.id))),
                        (),
                        sorted_locators([*a.evidence, *b.evidence]),
                    )
                )
    findings += _conflicting_values(kb)
    return findings


def _conflicting_values(kb: KnowledgeBase) -> list[Finding]:
    """Different quantities for one composition claim; different makers for one compound."""
    findings = []
    for claim in kb.claims:
        if claim.predicate is not Predicate.HAS_PART:
            continue
        values = {tuple(_NUMBER.findall(ev.quantity)): ev for ev in claim.evidence if _NUMBER.findall(ev.quantity)}
        if len(values) > 1:
            shown = "; ".join(sorted(f"{ev.quantity} ({ev.document})" for ev in values.values()))
            findings.append(
                Finding(
                    FindingCategory.CONTRADICTION,
                    Severity.MEDIUM,
                    f"conflicting quantities for {kb.label(claim.subject)} has_part {kb.label(claim.object)}: {shown}",
                    (claim.id,),
                    (),
                    sorted_locators(values.values()),
                )
            )
    makers: dict[str, list[Claim]] = defaultdict(list)
    for claim in kb.claims:
        if claim.predicate is Predicate.MANUFACTURED_BY and claim.direction is Direction.SUPPORTS:
            makers[claim.subject].append(claim)
    for subject, group in makers.items():
        if len({c.object for c in group}) > 1:
            names = ", ".join(sorted(f"{kb.label(c.object)} ({', '.join(c.documents)})" for c in group))
            findings.append(
                Finding(
                    FindingCategory.CONTRADICTION,
                    Severity.MEDIUM,
                    f"documents name different manufacturers of {kb.label(subject)}: {names}",
                    tuple(sorted(c.id for c in group)),
                    (),
                    sorted_locators(e for c in group for e in c.evidence),
                )
            )
    return findings


def level_inflation(kb: KnowledgeBase, lexicon: Lexicon, documents: Path | None) -> list[Finding]:
    """The citing statement speaks of people while every cited work is preclinical or no evidence."""
    findings = []
    for claim in kb.claims:
        human_context = kb.contexts[claim.context].system.value == "human"
        for ev in claim.evidence:
            if not ev.references:
                continue
            text = span_text(ev.locator, documents) or ""
            human_text = bool(lexicon.cues_in(text, ("human",)))
            if not (human_context or human_text):
                continue
            levels_cited = {r.level for r in ev.references}
            if not (levels_cited <= _INFLATABLE and levels_cited & _BELOW_HUMAN):
                continue
            levels = sorted({r.level.value for r in ev.references})
            where = "a human context" if human_context else "people in the citing sentence"
            findings.append(
                Finding(
                    FindingCategory.LEVEL_INFLATION,
                    Severity.HIGH,
                    f"{kb.label(claim.subject)} {claim.predicate.value} {kb.label(claim.object)} speaks of "
                    f"{where} but cites only {', '.join(levels)} work",
                    (claim.id,),
                    tuple(r.key for r in ev.references),
                    (ev.locator,),
                    ev.document,
                )
            )
    return findings


def _cited(
    kb: KnowledgeBase, keep: Callable[[Reference], bool]
) -> list[tuple[Reference, list[tuple[Claim, Evidence]]]]:
    """The reference entries ``keep`` selects that some evidence cites, by key, each with its citing pairs."""
    cited: dict[str, list[tuple[Claim, Evidence]]] = defaultdict(list)
    refs: dict[str, Reference] = {}
    for claim in kb.claims:
        for ev in claim.evidence:
            for ref in ev.references:
                if keep(ref):
                    cited[ref.key].append((claim, ev))
                    refs[ref.key] = ref
    return [(refs[key], uses) for key, uses in sorted(cited.items())]


def non_evidence_citations(kb: KnowledgeBase) -> list[Finding]:
    """Protocols, registry entries and criteria pages cited for an effect."""
    findings = []
    for ref, uses in _cited(kb, lambda ref: ref.level is EvidenceLevel.NOT_EVIDENCE):
        key = ref.key
        claims = tuple(sorted({c.id for c, _ in uses}))
        findings.append(
            Finding(
                FindingCategory.NON_EVIDENCE_CITATION,
                Severity.MEDIUM,
                f"{key} ({ref.source_type.value}: {ref.title or ref.host}) is cited as support for "
                f"{len(claims)} claims, but a {ref.source_type.value.replace('_', ' ')} cannot show an effect",
                claims,
                (key,),
                sorted_locators(ev for _, ev in uses),
                ref.document,
            )
        )
    return findings


def retracted_citations(kb: KnowledgeBase) -> list[Finding]:
    """Retracted works cited as support; high severity when a claim rested on them alone."""
    findings = []
    for ref, uses in _cited(kb, lambda ref: bool(ref.retracted)):
        key = ref.key
        claims = tuple(sorted({c.id for c, _ in uses}))
        withdrawn = sorted({c.id for c, _ in uses if c.withdrawn})
        ids = ", ".join(ref.ids)
        tail = f"; {len(withdrawn)} of them rest on it alone (support withdrawn)" if withdrawn else ""
        findings.append(
            Finding(
                FindingCategory.RETRACTED_CITATION,
                Severity.HIGH if withdrawn else Severity.MEDIUM,
                f"{key} ({ids}: {ref.title or ref.host or 'no title'}) is retracted ({ref.retracted}) and is "
                f"cited as support for {len(claims)} claims; it counts as not_evidence{tail}",
                claims,
                (key,),
                sorted_locators(ev for _, ev in uses),
                ref.document,
            )
        )
    return findings


def metadata_disagreements(kb: KnowledgeBase) -> list[Finding]:
    """Curated grades (which win) that differ from the level the work's bibliographic metadata gives."""
    findings = []
    for ref in kb.references:
        graded = kb.metadata_grades.get(ref.key)
        if graded is None or ref.basis is LevelBasis.BIBLIOGRAPHIC_METADATA or graded[0] is ref.level:
            continue
        findings.append(
            Finding(
                FindingCategory.METADATA_DISAGREEMENT,
                Severity.LOW,
                f"{ref.key} ({', '.join(ref.ids)}): curated {ref.level.value} ({ref.basis.value}), "
                f"bibliographic metadata {graded[0].value} ({graded[2]}); the curated grade is used",
                (),
                (ref.key,),
                (),
                ref.document,
            )
        )
    return findings


def textbook_vendor_only(kb: KnowledgeBase) -> list[Finding]:
    """Background-biology steps (between two molecules or processes) supported only by vendors."""
    findings = []
    for claim in kb.claims:
        types = {kb.entities[claim.subject].type, kb.entities[claim.object].type}
        if types <= _BACKGROUND and claim.support is SupportClass.VENDOR_ONLY:
            hosts = sorted({r.host or r.title for r in claim.references if r.level is EvidenceLevel.VENDOR_ASSERTION})
            findings.append(
                Finding(
                    FindingCategory.TEXTBOOK_VENDOR_ONLY,
                    Severity.LOW,
                    f"the textbook step {kb.label(claim.subject)} {claim.predicate.value} "
                    f"{kb.label(claim.object)} is cited only to vendor pages ({', '.join(hosts)})",
                    (claim.id,),
                    tuple(r.key for r in claim.references),
                    sorted_locators(claim.evidence),
                )
            )
    return findings


def duplicate_references(kb: KnowledgeBase) -> list[Finding]:
    """The same work listed more than once in one document's reference list."""
    groups: dict[tuple[str, str], list[Reference]] = defaultdict(list)
    for ref in kb.references:
        groups[(ref.document, kb.work_of(ref))].append(ref)
    findings = []
    for (doc, _work), refs in sorted(groups.items()):
        if len(refs) > 1:
            numbers = ", ".join(str(r.n) for r in refs)
            findings.append(
                Finding(
                    FindingCategory.DUPLICATE_REFERENCE,
                    Severity.LOW,
                    f"{doc} lists one work under numbers {numbers}, which inflates its apparent support",
                    (),
                    tuple(r.key for r in refs),
                    (),
                    doc,
                )
            )
    return findings


def uncited_and_self_citation(kb: KnowledgeBase, lexicon: Lexicon) -> list[Finding]:
    """Per document: statements citing nothing; vendor documents citing makers or vendors."""
    findings = []
    by_doc = evidence_by_document(kb)
    uses_of: dict[str, list[tuple[Claim, Evidence]]] = defaultdict(list)  # reference key -> citing pairs
    for claim in kb.claims:
        for ev in claim.evidence:
            for ref in dict.fromkeys(ev.references):
                uses_of[ref.key].append((claim, ev))
    refs_of: dict[str, list[Reference]] = defaultdict(list)
    for ref in kb.references:
        refs_of[ref.document].append(ref)
    for doc in sorted(kb.documents.values(), key=lambda d: d.key):
        uncited = [(c, ev) for c, ev in by_doc.get(doc.key, ()) if not ev.references]
        if uncited:
            claims = tuple(sorted({c.id for c, _ in uncited}))
            findings.append(
                Finding(
                    FindingCategory.UNCITED_CLAIMS,
                    Severity.INFO,
                    f"{doc.key} makes {len(uncited)} statements ({len(claims)} claims) without any citation",
                    claims,
                    (),
                    sorted_locators(ev for _, ev in uncited),
                    doc.key,
                )
            )
        if doc.source_type not in _VENDOR_SOURCES:
            continue
        for ref in refs_of[doc.key]:
            category = lexicon.host_category(ref.host) if ref.host else None
            if ref.source_type not in _VENDOR_SOURCES and category not in ("manufacturer", "vendor"):
                continue
            uses = uses_of.get(ref.key, [])
            if not uses:
                continue
            own = bool(ref.host) and ref.host.lower() == doc.host.lower()
            findings.append(
                Finding(
                    FindingCategory.SELF_CITATION,
                    Severity.HIGH if own else Severity.MEDIUM,
                    f"{doc.key}, a {doc.source_type.value.replace('_', ' ')}, cites "
                    f"{'itself' if own else 'a manufacturer or vendor page'} ({ref.host or ref.title}) "
                    f"as support for {len({c.id for c, _ in uses})} claims",
                    tuple(sorted({c.id for c, _ in uses})),
                    (ref.key,),
                    sorted_locators(ev for _, ev in uses),
                    doc.key,
                )
            )
    return findings
