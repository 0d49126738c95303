"""The RDF view: a knowledge base as an rdflib Graph with deterministic IRIs (no blank nodes).

Each claim is a node (``mechkg:Claim``, a kind of ``rdf:Statement``) with ``rdf:subject``,
``rdf:predicate`` and ``rdf:object``; a claim whose direction is ``supports`` is also asserted as
the plain triple ``subject <RO/Biolink relation> object``, so both ``?claim`` queries and
``?a obo:RO_… ?b`` queries work. Claims that refute or show no effect are never asserted as plain
triples. Evidence records point into their document with a W3C Web Annotation text-position
selector and cite references with CiTO.
"""

from __future__ import annotations

from collections.abc import Sequence

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef

from kg.model import Claim, Context, Document, Entity, Evidence, Finding, KnowledgeBase, Reference
from kg.vocab import (
    BASE,
    ECO_TRACEABLE,
    ECO_UNTRACEABLE,
    ENTITY_CATEGORY,
    LEVEL_ECO,
    PREDICATE_IRIS,
    PREFIXES,
    SOURCE_TYPE_FABIO,
    enum_iri,
    expand_curie,
    mechkg,
)

MK = Namespace(PREFIXES["mechkg"])
PROV = Namespace(PREFIXES["prov"])
CITO = Namespace(PREFIXES["cito"])
FABIO = Namespace(PREFIXES["fabio"])
PRISM = Namespace(PREFIXES["prism"])
DCT = Namespace(PREFIXES["dct"])
OA = Namespace(PREFIXES["oa"])
SKOS = Namespace(PREFIXES["skos"])
HAS_EVIDENCE = URIRef("http://purl.obolibrary.org/obo/RO_0002558")


def new_graph() -> Graph:
    """An empty graph with every mechkg prefix bound."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True)
    return g


def entity_iri(curie: str) -> URIRef:
    """IRI of an entity from its CURIE."""
    return URIRef(expand_curie(curie))


def claim_iri(claim: Claim) -> URIRef:
    """IRI of a claim."""
    return URIRef(f"{BASE}claim/{claim.id}")


def evidence_iri(ev: Evidence) -> URIRef:
    """IRI of an evidence record."""
    return URIRef(f"{BASE}evidence/{ev.id}")


def reference_iri(ref: Reference) -> URIRef:
    """IRI of one entry of one document's reference list."""
    return URIRef(f"{BASE}reference/{ref.document}/{ref.n}")


def document_iri(key: str) -> URIRef:
    """IRI of a source document."""
    return URIRef(f"{BASE}document/{key}")


def context_iri(context_id: str) -> URIRef:
    """IRI of a context."""
    return URIRef(f"{BASE}context/{context_id}")


def work_iri(work_id: str) -> URIRef:
    """IRI of a cited work (entries of several lists that denote one work share it)."""
    return URIRef(f"{BASE}work/{work_id}")


def _enum(member: object) -> URIRef:
    return URIRef(enum_iri(member))  # type: ignore[arg-type]


def _add_entity(g: Graph, ent: Entity) -> None:
    node = entity_iri(ent.id)
    g.add((node, RDF.type, MK.Entity))
    g.add((node, RDF.type, URIRef(ENTITY_CATEGORY[ent.type])))
    g.add((node, RDFS.label, Literal(ent.label)))
    g.add((node, DCT.identifier, Literal(ent.id)))
    g.add((node, MK.entityType, _enum(ent.type)))
    g.add((node, MK.idSource, Literal(ent.id_source.value)))
    for syn in ent.synonyms:
        g.add((node, SKOS.altLabel, Literal(syn)))
    for xref in ent.xrefs:
        try:
            g.add((node, SKOS.closeMatch, entity_iri(xref)))
        except ValueError:
            g.add((node, MK.xref, Literal(xref)))
    if ent.note:
        g.add((node, SKOS.note, Literal(ent.note)))


def _add_context(g: Graph, ctx: Context) -> None:
    node = context_iri(ctx.id)
    g.add((node, RDF.type, MK.Context))
    g.add((node, RDFS.label, Literal(ctx.label)))
    g.add((node, DCT.identifier, Literal(ctx.id)))
    g.add((node, MK.system, _enum(ctx.system)))
    if ctx.species:
        g.add((node, MK.species, entity_iri(ctx.species)))
    if ctx.disease:
        g.add((node, MK.disease, entity_iri(ctx.disease)))
    if ctx.model:
        g.add((node, MK.model, Literal(ctx.model)))


def _add_document(g: Graph, doc: Document) -> None:
    node = document_iri(doc.key)
    g.add((node, RDF.type, MK.SourceDocument))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, RDFS.label, Literal(doc.label)))
    g.add((node, MK.fileName, Literal(doc.file)))
    g.add((node, MK.sha256, Literal(doc.sha256)))
    g.add((node, MK.length, Literal(doc.length, datatype=XSD.integer)))
    g.add((node, MK.sourceType, _enum(doc.source_type)))
    g.add((node, MK.compound, entity_iri(doc.compound)))
    g.add((node, MK.compoundAsWritten, Literal(doc.compound_as_written)))
    for prop, value in ((MK.publisher, doc.publisher), (MK.host, doc.host), (DCT.date, doc.date)):
        if value:
            g.add((node, prop, Literal(value)))


def _add_reference(g: Graph, ref: Reference, work: str) -> None:
    node = reference_iri(ref)
    g.add((node, RDF.type, MK.Reference))
    g.add((node, RDF.type, URIRef(SOURCE_TYPE_FABIO[ref.source_type])))
    g.add((node, MK.number, Literal(ref.n, datatype=XSD.integer)))
    g.add((node, MK.inDocument, document_iri(ref.document)))
    g.add((document_iri(ref.document), CITO.cites, node))
    g.add((node, MK.work, work_iri(work)))
    g.add((work_iri(work), RDF.type, MK.Work))
    g.add((node, MK.evidenceLevel, _enum(ref.level)))
    g.add((node, MK.sourceType, _enum(ref.source_type)))
    g.add((node, MK.levelBasis, _enum(ref.basis)))
    eco, pubtype = LEVEL_ECO[ref.level]
    g.add((node, MK.evidenceType, URIRef(eco)))
    if pubtype:
        g.add((node, MK.publicationType, URIRef(pubtype)))
    if ref.title:
        g.add((node, DCT.title, Literal(ref.title)))
    if ref.host:
        g.add((node, MK.host, Literal(ref.host)))
    if ref.url:
        g.add((node, MK.url, Literal(ref.url, datatype=XSD.anyURI)))
    for ident in ref.ids:
        g.add((node, DCT.identifier, Literal(ident)))
        prefix, _, local = ident.partition(":")
        if prefix == "PMID":
            g.add((node, FABIO.hasPubMedId, Literal(local)))
        elif prefix == "PMCID":
            g.add((node, FABIO.hasPubMedCentralId, Literal(local)))
        elif prefix == "doi":
            g.add((node, PRISM.doi, Literal(local)))
    for about in ref.about:
        g.add((node, MK.about, entity_iri(about)))
    if ref.note:
        g.add((node, SKOS.note, Literal(ref.note)))


def _add_evidence(g: Graph, ev: Evidence) -> URIRef:
    node = evidence_iri(ev)
    target = URIRef(f"{node}/target")
    selector = URIRef(f"{node}/selector")
    g.add((node, RDF.type, MK.EvidenceRecord))
    g.add((node, RDF.type, PROV.Entity))
    g.add((node, DCT.identifier, Literal(ev.id)))
    g.add((node, PROV.wasDerivedFrom, document_iri(ev.document)))
    g.add((node, MK.evidenceType, URIRef(ECO_TRACEABLE if ev.is_cited else ECO_UNTRACEABLE)))
    g.add((node, MK.hedged, Literal(ev.hedged)))
    g.add((node, MK.extracted, Literal(ev.extracted)))
    g.add((node, OA.hasTarget, target))
    g.add((target, RDF.type, OA.SpecificResource))
    g.add((target, OA.hasSource, document_iri(ev.document)))
    g.add((target, OA.hasSelector, selector))
    g.add((selector, RDF.type, OA.TextPositionSelector))
    g.add((selector, OA.start, Literal(ev.locator.start, datatype=XSD.nonNegativeInteger)))
    g.add((selector, OA.end, Literal(ev.locator.end, datatype=XSD.nonNegativeInteger)))
    for ref in ev.references:
        g.add((node, CITO.citesAsEvidence, reference_iri(ref)))
    for prop, value in ((MK.quantity, ev.quantity), (MK.asWritten, ev.as_written), (SKOS.note, ev.note)):
        if value:
            g.add((node, prop, Literal(value)))
    if ev.confidence is not None:
        g.add((node, MK.confidence, Literal(ev.confidence, datatype=XSD.decimal)))
    return node


def _add_claim(g: Graph, kb: KnowledgeBase, claim: Claim) -> None:
    node = claim_iri(claim)
    subj, obj = entity_iri(claim.subject), entity_iri(claim.object)
    relation = URIRef(PREDICATE_IRIS[claim.predicate])
    g.add((node, RDF.type, MK.Claim))
    g.add((node, DCT.identifier, Literal(claim.id)))
    g.add((node, RDF.subject, subj))
    g.add((node, RDF.predicate, relation))
    g.add((node, RDF.object, obj))
    label = f"{kb.label(claim.subject)} {claim.predicate.value} {kb.label(claim.object)}"
    g.add((node, RDFS.label, Literal(label)))
    g.add((node, MK.predicate, _enum(claim.predicate)))
    g.add((node, MK.context, context_iri(claim.context)))
    g.add((node, MK.direction, _enum(claim.direction)))
    g.add((node, MK.supportClass, _enum(claim.support)))
    g.add((node, MK.citationCount, Literal(len(claim.references), datatype=XSD.integer)))
    g.add((node, MK.workCount, Literal(len(claim.works), datatype=XSD.integer)))
    for level in claim.levels:
        g.add((node, MK.evidenceLevel, _enum(level)))
    for doc in claim.documents:
        g.add((node, MK.assertedBy, document_iri(doc)))
    for ev in claim.evidence:
        g.add((node, HAS_EVIDENCE, _add_evidence(g, ev)))
    if claim.direction.value == "supports":
        g.add((subj, relation, obj))


def finding_iri(finding: Finding) -> URIRef:
    """IRI of an audit finding."""
    return URIRef(f"{BASE}finding/{finding.id}")


def _add_finding(g: Graph, kb: KnowledgeBase, finding: Finding) -> None:
    node = finding_iri(finding)
    g.add((node, RDF.type, MK.Finding))
    g.add((node, DCT.identifier, Literal(finding.id)))
    g.add((node, MK.category, _enum(finding.category)))
    g.add((node, MK.severity, _enum(finding.severity)))
    g.add((node, RDFS.comment, Literal(finding.message)))
    for claim_id_ in finding.claims:
        g.add((node, MK.concernsClaim, URIRef(f"{BASE}claim/{claim_id_}")))
    refs = {r.key: r for r in kb.references}
    for key in finding.references:
        g.add((node, MK.concernsReference, reference_iri(refs[key])))
    if finding.document:
        g.add((node, MK.inDocument, document_iri(finding.document)))
    for loc in finding.locators:
        g.add((node, MK.locator, Literal(f"{loc.file}:{loc.start}-{loc.end}")))


def to_rdf(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> Graph:
    """Build the RDF view of a knowledge base (and of audit findings, when given).

    Examples
    --------
    >>> g = to_rdf(kb)  # doctest: +SKIP
    >>> g.serialize(format="turtle")  # doctest: +SKIP
    """
    g = new_graph()
    for ent in kb.entities.values():
        _add_entity(g, ent)
    for ctx in kb.contexts.values():
        _add_context(g, ctx)
    for doc in kb.documents.values():
        _add_document(g, doc)
    for ref in kb.references:
        _add_reference(g, ref, kb.work_of(ref))
    for claim in kb.claims:
        _add_claim(g, kb, claim)
    for finding in findings:
        _add_finding(g, kb, finding)
    return g


__all__ = [
    "claim_iri",
    "context_iri",
    "document_iri",
    "entity_iri",
    "evidence_iri",
    "finding_iri",
    "mechkg",
    "new_graph",
    "reference_iri",
    "to_rdf",
    "work_iri",
]
