"""The RDF view: a knowledge base as triples with deterministic IRIs (:mod:`kg.rdf.nodes`; no blank nodes).

Each claim is a node (``mechkg:Claim``, a kind of ``rdf:Statement``) with ``rdf:subject``,
``rdf:predicate`` and ``rdf:object``; a claim whose direction is ``supports`` is also asserted as
the plain triple ``subject <RO/Biolink relation> object``, so both ``?claim`` queries and
``?a obo:RO_… ?b`` queries work. Claims that refute or show no effect are never asserted as plain
triples. Evidence records point into their document with a W3C Web Annotation text-position
selector and cite references with CiTO.

The model is described once, by :func:`triples`, which yields plain-string triples (an IRI is a
``str``, a literal a :class:`Lit`). :func:`to_rdf` turns them into an rdflib Graph (small graphs,
serialisation, SHACL); :func:`kg.rdf.ntriples.ntriples_chunks` turns them into N-Triples bytes for
the embedded store (large graphs), without building rdflib terms.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from rdflib import Graph, Literal, Namespace, URIRef

from kg.model import Claim, Context, Document, Entity, Evidence, Finding, KnowledgeBase, Reference
from kg.rdf.nodes import (
    claim_iri_text,
    context_iri_text,
    document_iri_text,
    entity_iri_text,
    enum_iri_text,
    evidence_iri_text,
    finding_iri_text,
    reference_iri_text,
    work_iri_text,
)
from kg.rdf.ntriples import (
    XSD_ANYURI,
    XSD_DECIMAL,
    XSD_INTEGER,
    XSD_NNI,
    Lit,
    Triple,
    decimal_text,
    ntriples_line,
)
from kg.vocab.iris import (
    ECO_TRACEABLE,
    ECO_UNTRACEABLE,
    ENTITY_CATEGORY,
    LEVEL_ECO,
    PREDICATE_IRIS,
    PREFIXES,
    SOURCE_TYPE_FABIO,
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

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_MK, _PROV, _CITO, _FABIO = PREFIXES["mechkg"], PREFIXES["prov"], PREFIXES["cito"], PREFIXES["fabio"]
_PRISM, _DCT, _OA, _SKOS = PREFIXES["prism"], PREFIXES["dct"], PREFIXES["oa"], PREFIXES["skos"]
TYPE = _RDF + "type"
LABEL = _RDFS + "label"
IDENT = _DCT + "identifier"


def new_graph() -> Graph:
    """An empty graph with every mechkg prefix bound."""
    g = Graph(bind_namespaces="core")
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, Namespace(ns), override=True)
    return g


def _entity_triples(ent: Entity) -> Iterator[Triple]:
    node = entity_iri_text(ent.id)
    yield node, TYPE, _MK + "Entity"
    yield node, TYPE, ENTITY_CATEGORY[ent.type]
    yield node, LABEL, Lit(ent.label)
    yield node, IDENT, Lit(ent.id)
    yield node, _MK + "entityType", enum_iri_text(ent.type)
    yield node, _MK + "idSource", Lit(ent.id_source.value)
    for syn in ent.synonyms:
        yield node, _SKOS + "altLabel", Lit(syn)
    for xref in ent.xrefs:
        try:
            yield node, _SKOS + "closeMatch", entity_iri_text(xref)
        except ValueError:
            yield node, _MK + "xref", Lit(xref)
    if ent.note:
        yield node, _SKOS + "note", Lit(ent.note)


def _context_triples(ctx: Context) -> Iterator[Triple]:
    node = context_iri_text(ctx.id)
    yield node, TYPE, _MK + "Context"
    yield node, LABEL, Lit(ctx.label)
    yield node, IDENT, Lit(ctx.id)
    yield node, _MK + "system", enum_iri_text(ctx.system)
    if ctx.species:
        yield node, _MK + "species", entity_iri_text(ctx.species)
    if ctx.disease:
        yield node, _MK + "disease", entity_iri_text(ctx.disease)
    if ctx.model:
        yield node, _MK + "model", Lit(ctx.model)


def _document_triples(doc: Document) -> Iterator[Triple]:
    node = document_iri_text(doc.key)
    yield node, TYPE, _MK + "SourceDocument"
    yield node, TYPE, _PROV + "Entity"
    yield node, LABEL, Lit(doc.label)
    yield node, _MK + "fileName", Lit(doc.file)
    yield node, _MK + "sha256", Lit(doc.sha256)
    yield node, _MK + "length", Lit(doc.length, XSD_INTEGER)
    yield node, _MK + "sourceType", enum_iri_text(doc.source_type)
    yield node, _MK + "compound", entity_iri_text(doc.compound)
    yield node, _MK + "compoundAsWritten", Lit(doc.compound_as_written)
    for prop, value in ((_MK + "publisher", doc.publisher), (_MK + "host", doc.host), (_DCT + "date", doc.date)):
        if value:
            yield node, prop, Lit(value)


def _reference_triples(ref: Reference, work: str) -> Iterator[Triple]:
    node = reference_iri_text(ref)
    doc = document_iri_text(ref.document)
    yield node, TYPE, _MK + "Reference"
    yield node, TYPE, SOURCE_TYPE_FABIO[ref.source_type]
    yield node, _MK + "number", Lit(ref.n, XSD_INTEGER)
    yield node, _MK + "inDocument", doc
    yield doc, _CITO + "cites", node
    yield node, _MK + "work", work_iri_text(work)
    yield work_iri_text(work), TYPE, _MK + "Work"
    yield node, _MK + "evidenceLevel", enum_iri_text(ref.level)
    yield node, _MK + "sourceType", enum_iri_text(ref.source_type)
    yield node, _MK + "levelBasis", enum_iri_text(ref.basis)
    eco, pubtype = LEVEL_ECO[ref.level]
    yield node, _MK + "evidenceType", eco
    if pubtype:
        yield node, _MK + "publicationType", pubtype
    if ref.title:
        yield node, _DCT + "title", Lit(ref.title)
    if ref.host:
        yield node, _MK + "host", Lit(ref.host)
    if ref.url:
        yield node, _MK + "url", Lit(ref.url, XSD_ANYURI)
    for ident in ref.ids:
        yield node, IDENT, Lit(ident)
        prefix, _, local = ident.partition(":")
        if prefix == "PMID":
            yield node, _FABIO + "hasPubMedId", Lit(local)
        elif prefix == "PMCID":
            yield node, _FABIO + "hasPubMedCentralId", Lit(local)
        elif prefix == "doi":
            yield node, _PRISM + "doi", Lit(local)
    if ref.retracted:  # the work is retracted: CiTO's cito:isRetractedBy points at its notice
        notice = work_iri_text(work) + "/retraction"
        yield work_iri_text(work), _CITO + "isRetractedBy", notice
        yield node, _CITO + "isRetractedBy", notice
        yield notice, TYPE, _MK + "RetractionNotice"
        yield notice, _MK + "retractionSource", Lit(ref.retracted)
    for about in ref.about:
        yield node, _MK + "about", entity_iri_text(about)
    if ref.note:
        yield node, _SKOS + "note", Lit(ref.note)


def _evidence_triples(ev: Evidence) -> Iterator[Triple]:
    node = evidence_iri_text(ev)
    doc = document_iri_text(ev.document)
    target = f"{node}/target"
    selector = f"{node}/selector"
    yield node, TYPE, _MK + "EvidenceRecord"
    yield node, TYPE, _PROV + "Entity"
    yield node, IDENT, Lit(ev.id)
    yield node, _PROV + "wasDerivedFrom", doc
    yield node, _MK + "evidenceType", ECO_TRACEABLE if ev.references else ECO_UNTRACEABLE
    yield node, _MK + "hedged", Lit(ev.hedged)
    yield node, _MK + "extracted", Lit(ev.extracted)
    yield node, _OA + "hasTarget", target
    yield target, TYPE, _OA + "SpecificResource"
    yield target, _OA + "hasSource", doc
    yield target, _OA + "hasSelector", selector
    yield selector, TYPE, _OA + "TextPositionSelector"
    yield selector, _OA + "start", Lit(ev.locator.start, XSD_NNI)
    yield selector, _OA + "end", Lit(ev.locator.end, XSD_NNI)
    for ref in ev.references:
        yield node, _CITO + "citesAsEvidence", reference_iri_text(ref)
    for prop, value in ((_MK + "quantity", ev.quantity), (_MK + "asWritten", ev.as_written), (_SKOS + "note", ev.note)):
        if value:
            yield node, prop, Lit(value)
    if ev.confidence is not None:
        yield node, _MK + "confidence", Lit(decimal_text(ev.confidence), XSD_DECIMAL)


def claim_label(kb: KnowledgeBase, claim: Claim) -> str:
    """The ``rdfs:label`` of a claim node: subject label, predicate, object label."""
    return f"{kb.label(claim.subject)} {claim.predicate.value} {kb.label(claim.object)}"


def claim_triples(kb: KnowledgeBase, claim: Claim) -> Iterator[Triple]:
    """The triples of one claim: its node (reified relation, context, direction, support, counts), its
    evidence records, and the plain relation triple when it supports it."""
    node = claim_iri_text(claim.id)
    subj, obj = entity_iri_text(claim.subject), entity_iri_text(claim.object)
    relation = PREDICATE_IRIS[claim.predicate]
    yield node, TYPE, _MK + "Claim"
    yield node, IDENT, Lit(claim.id)
    yield node, _RDF + "subject", subj
    yield node, _RDF + "predicate", relation
    yield node, _RDF + "object", obj
    yield node, LABEL, Lit(claim_label(kb, claim))
    yield node, _MK + "predicate", enum_iri_text(claim.predicate)
    yield node, _MK + "context", context_iri_text(claim.context)
    yield node, _MK + "direction", enum_iri_text(claim.direction)
    yield node, _MK + "supportClass", enum_iri_text(claim.support)
    yield node, _MK + "citationCount", Lit(len(claim.references), XSD_INTEGER)
    yield node, _MK + "workCount", Lit(len(claim.works), XSD_INTEGER)
    if claim.withdrawn:
        yield node, _MK + "supportWithdrawn", Lit(True)
    for level in claim.levels:
        yield node, _MK + "evidenceLevel", enum_iri_text(level)
    for doc in claim.documents:
        yield node, _MK + "assertedBy", document_iri_text(doc)
    for ev in claim.evidence:
        yield from _evidence_triples(ev)
        yield node, HAS_EVIDENCE, evidence_iri_text(ev)
    if claim.direction.value == "supports":
        yield subj, relation, obj


def _finding_triples(kb: KnowledgeBase, finding: Finding, refs: dict[str, Reference]) -> Iterator[Triple]:
    node = finding_iri_text(finding)
    yield node, TYPE, _MK + "Finding"
    yield node, IDENT, Lit(finding.id)
    yield node, _MK + "category", enum_iri_text(finding.category)
    yield node, _MK + "severity", enum_iri_text(finding.severity)
    yield node, _RDFS + "comment", Lit(finding.message)
    for claim_id_ in finding.claims:
        yield node, _MK + "concernsClaim", claim_iri_text(claim_id_)
    for key in finding.references:
        yield node, _MK + "concernsReference", reference_iri_text(refs[key])
    if finding.document:
        yield node, _MK + "inDocument", document_iri_text(finding.document)
    for loc in finding.locators:
        yield node, _MK + "locator", Lit(f"{loc.file}:{loc.start}-{loc.end}")


def triples(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> Iterator[Triple]:
    """Every triple of the RDF view, in a fixed order: the one description of the RDF model.

    May repeat a triple (a work shared by several reference entries); consumers that store
    sets (rdflib, Oxigraph) keep one.
    """
    yield from record_triples(kb)
    for claim in kb.claims:
        yield from claim_triples(kb, claim)
    yield from finding_triples(kb, findings)


def record_triples(kb: KnowledgeBase) -> Iterator[Triple]:
    """The triples of the entities, contexts, documents and references, in the view's order."""
    for ent in kb.entities.values():
        yield from _entity_triples(ent)
    for ctx in kb.contexts.values():
        yield from _context_triples(ctx)
    for doc in kb.documents.values():
        yield from _document_triples(doc)
    for ref in kb.references:
        yield from _reference_triples(ref, kb.work_of(ref))


def finding_triples(kb: KnowledgeBase, findings: Sequence[Finding]) -> Iterator[Triple]:
    """The triples of the audit findings, in the view's order."""
    if findings:
        refs = {r.key: r for r in kb.references}
        for finding in findings:
            yield from _finding_triples(kb, finding, refs)


def to_rdf(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> Graph:
    """Build the RDF view of a knowledge base (and of audit findings, when given) as an rdflib Graph.

    Examples
    --------
    >>> g = to_rdf(kb)  # doctest: +SKIP
    >>> g.serialize(format="turtle")  # doctest: +SKIP
    """
    g = new_graph()
    iris: dict[str, URIRef] = {}

    def iri(text: str) -> URIRef:
        node = iris.get(text)
        if node is None:
            node = iris[text] = URIRef(text)
        return node

    add = g.add
    for s, p, o in triples(kb, findings):
        if type(o) is str:
            obj: URIRef | Literal = iri(o)
        else:
            assert isinstance(o, Lit)
            obj = Literal(o.value, datatype=URIRef(o.datatype)) if o.datatype else Literal(o.value)
        add((iri(s), iri(p), obj))
    return g


def to_ntriples(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> bytes:
    """N-Triples, lines sorted (by code point) and each once: the canonical order at every size."""
    return "".join(sorted({ntriples_line(t) for t in triples(kb, findings)})).encode("utf-8")


__all__ = [
    "claim_label",
    "claim_triples",
    "finding_triples",
    "new_graph",
    "record_triples",
    "to_ntriples",
    "to_rdf",
    "triples",
]
