"""Nanopublications: one per claim, written as TriG.

Each nanopublication ``https://w3id.org/mechkg/np/<claim id>`` has four named graphs:

- ``…/Head``: the nanopublication typed ``np:Nanopublication`` with ``np:hasAssertion``,
  ``np:hasProvenance`` and ``np:hasPublicationInfo`` (nothing else);
- ``…/assertion``: the plain triple ``subject relation object`` for a claim whose direction is
  ``supports``; the reified claim (``mechkg:Claim`` with ``rdf:subject/predicate/object``,
  direction and context) for a claim that refutes or shows no effect, which must never be
  asserted plainly;
- ``…/provenance``: the assertion ``prov:wasDerivedFrom`` each evidence record and
  ``cito:citesAsEvidence`` each reference entry, is ``prov:alternateOf`` the claim node, and the
  descriptions of the claim (support class, levels, counts), evidence records (document, span
  selector), reference entries (level, source type, identifiers) and asserting documents, all as
  in the RDF view (:mod:`kg.rdf.triples`);
- ``…/pubinfo``: ``dct:created`` and ``dct:creator`` of the nanopublication, and a label.

IRIs are deterministic and ``dct:created`` is fixed (``$MECHKG_NP_CREATED``, else
``$SOURCE_DATE_EPOCH``, else :data:`DEFAULT_CREATED`), so the same input gives the same bytes.
The nanopublications are neither signed nor given Trusty URIs (``np sign`` can do both).
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Sequence
from datetime import UTC, datetime

from rdflib import RDF, RDFS, XSD, Graph, Literal, Namespace, URIRef
from rdflib.term import Node

from kg.errors import OutputError
from kg.model import Claim, Direction, Finding, KnowledgeBase
from kg.rdf.nodes import claim_iri, evidence_iri, reference_iri
from kg.rdf.triples import new_graph, to_rdf
from kg.vocab.iris import BASE, PREFIXES

__all__ = [
    "CITO",
    "DCT",
    "DEFAULT_CREATED",
    "DEFAULT_CREATOR",
    "NP",
    "NP_BASE",
    "PROV",
    "created_default",
    "graph_iris",
    "nanopub_files",
    "nanopub_graphs",
    "nanopub_iri",
    "to_trig",
]

NP = Namespace("http://www.nanopub.org/nschema#")
PROV = Namespace(PREFIXES["prov"])
CITO = Namespace(PREFIXES["cito"])
DCT = Namespace(PREFIXES["dct"])
#: Base of nanopublication IRIs (under the not yet registered mechkg namespace).
NP_BASE = BASE + "np/"
#: Creation time written when no other is set (a fixed placeholder, for byte-identical output).
DEFAULT_CREATED = "1970-01-01T00:00:00Z"
#: Creator written when ``$MECHKG_NP_CREATOR`` is not set.
DEFAULT_CREATOR = BASE + "agent/mechkg"
#: Predicates of a claim node that make up the reified claim in the assertion graph.
_CLAIM_CORE = frozenset(
    {
        RDF.type,
        RDF.subject,
        RDF.predicate,
        RDF.object,
        RDFS.label,
        DCT.identifier,
        URIRef(PREFIXES["mechkg"] + "predicate"),
        URIRef(PREFIXES["mechkg"] + "context"),
        URIRef(PREFIXES["mechkg"] + "direction"),
    }
)
_DOCUMENT_LINKS = frozenset({CITO.cites})


def nanopub_iri(claim: Claim) -> URIRef:
    """IRI of the nanopublication of a claim."""
    return URIRef(f"{NP_BASE}{claim.id}")


def graph_iris(claim: Claim) -> dict[str, URIRef]:
    """IRIs of the four graphs of a claim's nanopublication."""
    base = nanopub_iri(claim)
    return {part: URIRef(f"{base}/{part}") for part in ("Head", "assertion", "provenance", "pubinfo")}


def created_default() -> str:
    """The ``dct:created`` value: $MECHKG_NP_CREATED, else $SOURCE_DATE_EPOCH, else the placeholder."""
    if os.environ.get("MECHKG_NP_CREATED"):
        return os.environ["MECHKG_NP_CREATED"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    return DEFAULT_CREATED


class _Index:
    """Triples of the RDF view by subject."""

    def __init__(self, graph: Graph) -> None:
        self.by_subject: dict[Node, list[tuple[Node, Node]]] = defaultdict(list)
        for s, p, o in graph:
            self.by_subject[s].append((p, o))

    def describe(self, node: Node, into: Graph, skip: frozenset[Node] = frozenset()) -> None:
        for p, o in self.by_subject.get(node, ()):
            if p not in skip:
                into.add((node, p, o))


def nanopub_graphs(kb: KnowledgeBase, claim: Claim, index: _Index, created: str, creator: str) -> dict[str, Graph]:
    """The four graphs of one claim's nanopublication."""
    iris = graph_iris(claim)
    np_iri = nanopub_iri(claim)
    node = claim_iri(claim)
    head, assertion, provenance, pubinfo = (new_graph() for _ in range(4))
    for g in (head, assertion, provenance, pubinfo):
        g.bind("np", NP)
    head.add((np_iri, RDF.type, NP.Nanopublication))
    head.add((np_iri, NP.hasAssertion, iris["assertion"]))
    head.add((np_iri, NP.hasProvenance, iris["provenance"]))
    head.add((np_iri, NP.hasPublicationInfo, iris["pubinfo"]))

    claim_triples = index.by_subject.get(node, [])
    if claim.direction is Direction.SUPPORTS:
        relation = next(o for p, o in claim_triples if p == RDF.predicate)
        subj = next(o for p, o in claim_triples if p == RDF.subject)
        obj = next(o for p, o in claim_triples if p == RDF.object)
        assertion.add((subj, relation, obj))
        index.describe(node, provenance)
    else:
        for p, o in claim_triples:
            (assertion if p in _CLAIM_CORE else provenance).add((node, p, o))

    here = iris["assertion"]
    provenance.add((here, PROV.alternateOf, node))
    documents = set()
    for ev in claim.evidence:
        ev_node = evidence_iri(ev)
        provenance.add((here, PROV.wasDerivedFrom, ev_node))
        index.describe(ev_node, provenance)
        for suffix in ("/target", "/selector"):
            index.describe(URIRef(f"{ev_node}{suffix}"), provenance)
        documents.add(ev.document)
    for ref in claim.references:
        ref_node = reference_iri(ref)
        provenance.add((here, CITO.citesAsEvidence, ref_node))
        index.describe(ref_node, provenance)
    for key in sorted(documents):
        index.describe(URIRef(f"{BASE}document/{key}"), provenance, skip=_DOCUMENT_LINKS)

    pubinfo.add((np_iri, DCT.created, Literal(created, datatype=XSD.dateTime)))
    pubinfo.add((np_iri, DCT.creator, URIRef(creator)))
    pubinfo.add(
        (
            np_iri,
            RDFS.label,
            Literal(
                f"mechkg claim {claim.id}: {kb.label(claim.subject)} "
                f"{claim.predicate.value} {kb.label(claim.object)} "
                f"({claim.direction.value}, {claim.support.value})"
            ),
        )
    )
    return {"Head": head, "assertion": assertion, "provenance": provenance, "pubinfo": pubinfo}


def _body(graph: Graph, prefixes: dict[str, str]) -> str:
    """Turtle of one graph without its prefix lines (collected into ``prefixes``)."""
    lines = []
    text = graph.serialize(format="turtle")
    head, _, body = text.partition("\n\n") if text.startswith("@prefix ") else ("", "", text)
    for line in head.splitlines():
        name, iri = line[len("@prefix ") :].rstrip(" .").split(": ", 1)
        if prefixes.setdefault(name, iri) != iri:
            raise ValueError(f"prefix {name!r} bound to two namespaces")  # every graph binds the same map
    lines = body.splitlines()
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines)


def to_trig(
    kb: KnowledgeBase,
    findings: Sequence[Finding] = (),
    created: str | None = None,
    creator: str | None = None,
) -> bytes:
    """TriG of every claim's nanopublication, in claim order, byte-identical for the same input."""
    created = created or created_default()
    try:
        datetime.fromisoformat(created.replace("Z", "+00:00"))
    except ValueError:
        raise OutputError(
            f"nanopub creation time {created!r} ($MECHKG_NP_CREATED) is not an ISO 8601 date-time"
        ) from None
    creator = creator or os.environ.get("MECHKG_NP_CREATOR") or DEFAULT_CREATOR
    index = _Index(to_rdf(kb))
    prefixes: dict[str, str] = {}
    blocks = []
    for claim in kb.claims:
        graphs = nanopub_graphs(kb, claim, index, created, creator)
        iris = graph_iris(claim)
        for part in ("Head", "assertion", "provenance", "pubinfo"):
            blocks.append(f"<{iris[part]}> {{\n{_body(graphs[part], prefixes)}\n}}\n")
    header = "".join(f"@prefix {name}: {iri} .\n" for name, iri in sorted(prefixes.items()))
    return (header + "\n" + "\n".join(blocks)).encode("utf-8")


def nanopub_files(kb: KnowledgeBase, findings: Sequence[Finding] = ()) -> dict[str, bytes]:
    """The ``nanopub`` export: ``mechkg.trig``."""
    return {"mechkg.trig": to_trig(kb, findings)}
