"""Namespaces and ontology terms, declared once.

Nothing else in citykg spells an IRI by hand: a misspelt term is an ``AttributeError``
here (``DefinedNamespace`` is closed), not a silent new IRI in a published graph.
"""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import (
    DCAT,
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDO,
    SKOS,
    VOID,
    XSD,
    DefinedNamespace,
)
from rdflib.term import URIRef

from . import namespaces as _ns
from .namespaces import DEFAULT_BASE, SEGMENT_PREFIXES  # noqa: F401 - plain strings, no rdflib

ONTOLOGY_IRI = URIRef("https://w3id.org/citykg/ontology")
TOPIC_SCHEME = URIRef(_ns.TOPIC)
TOPIC = Namespace(_ns.TOPIC)
GEONAMES = Namespace(_ns.GEONAMES)
#: The GeoNames ontology (its terms, not its features): ``gno:parentCountry`` says which
#: country GeoNames puts a city in, whatever the documents say.
GEONAMES_ONTOLOGY = Namespace(_ns.GEONAMES_ONTOLOGY)
GN_PARENT_COUNTRY = GEONAMES_ONTOLOGY.parentCountry
WD = Namespace(_ns.WD)
ORG = Namespace(_ns.ORG)


class CKG(DefinedNamespace):
    """The citykg ontology (``ontology/citykg.ttl``)."""

    _NS = Namespace(_ns.CKG)
    _fail = True

    # classes of the contract
    Place: URIRef
    City: URIRef
    Country: URIRef
    Agency: URIRef
    Event: URIRef
    Exchange: URIRef
    Initiative: URIRef
    Topic: URIRef
    Document: URIRef
    # subclasses citykg adds
    Conference: URIRef
    CityNetwork: URIRef
    Assertion: URIRef
    HostCity: URIRef
    LearningCity: URIRef
    # object properties of the contract
    participant: URIRef
    location: URIRef
    organizer: URIRef
    partOf: URIRef
    topic: URIRef
    locatedIn: URIRef
    ledBy: URIRef
    supportedBy: URIRef
    # datatype properties of the contract
    startDate: URIRef
    endDate: URIRef
    targetYear: URIRef
    # provenance and bookkeeping
    mentionedIn: URIRef
    evidence: URIRef
    confidence: URIRef
    rule: URIRef
    sourcePath: URIRef
    sha256: URIRef
    acronym: URIRef


#: Where and when a Document was published (Dublin Core): the source's publication date
#: (``xsd:date``) and its URL (canonical URL, feed item link or fetched URL).
DOC_ISSUED = DCTERMS.issued
DOC_SOURCE = DCTERMS.source

#: Characters that may not appear in an IRI (RFC 3987) and are percent-encoded in a source
#: URL before it becomes one.
_IRI_UNSAFE = set('<>"{}|\\^` ')


def source_iri(url: str) -> URIRef:
    """A source URL as an IRI: anything an IRI cannot hold is percent-encoded, so a
    hostile URL cannot break out of ``<…>`` in Turtle."""
    out = []
    for ch in url.strip():
        if ch in _IRI_UNSAFE or ord(ch) < 0x21 or 0x7F <= ord(ch) <= 0x9F:
            out.append("".join(f"%{b:02X}" for b in ch.encode("utf-8")))
        else:
            out.append(ch)
    return URIRef("".join(out))


def document_source_triples(node: URIRef, doc) -> list[tuple]:
    """``dcterms:issued`` and ``dcterms:source`` of a Document node, when the source says."""
    from rdflib import Literal

    triples = []
    if getattr(doc, "published", None) is not None:
        triples.append((node, DOC_ISSUED, Literal(doc.published.isoformat(), datatype=XSD.date)))
    if getattr(doc, "source_url", None):
        triples.append((node, DOC_SOURCE, source_iri(doc.source_url)))
    return triples


#: The object properties of the ontology contract, in a stable order.
OBJECT_PROPERTIES = (
    CKG.participant,
    CKG.location,
    CKG.organizer,
    CKG.partOf,
    CKG.topic,
    CKG.locatedIn,
    CKG.ledBy,
    CKG.supportedBy,
)
#: Edges between entities that the views, counts and exports read: the contract's, and the
#: GeoNames containment of every city (``gno:parentCountry``), which is a fact of the
#: gazetteer, not of the documents, so it is no ``ckg:locatedIn``.
GRAPH_PROPERTIES = (*OBJECT_PROPERTIES, GN_PARENT_COUNTRY)
#: Relation predicates (``Relation.predicate``) outside the ``ckg:`` namespace.
FOREIGN_PREDICATES = {"parentCountry": GN_PARENT_COUNTRY}
#: The datatype properties of the contract and their XSD datatypes.
DATATYPE_PROPERTIES = {
    CKG.startDate: XSD.date,
    CKG.endDate: XSD.date,
    CKG.targetYear: XSD.gYear,
}
#: Contract classes that entities (not documents) may have.
ENTITY_CLASSES = (
    CKG.City,
    CKG.Country,
    CKG.Place,
    CKG.Agency,
    CKG.Event,
    CKG.Exchange,
    CKG.Initiative,
    CKG.Topic,
)

#: Path segment of instance IRIs per class: ``{base}{segment}/{slug}``.
IRI_SEGMENT = {
    CKG.City: "city",
    CKG.Country: "country",
    CKG.Place: "place",
    CKG.Agency: "agency",
    CKG.Event: "event",
    CKG.Exchange: "event",
    CKG.Initiative: "initiative",
    CKG.Document: "document",
}

PREFIXES = {
    "ckg": CKG._NS,
    "topic": TOPIC,
    "rdf": RDF,
    "rdfs": RDFS,
    "owl": OWL,
    "xsd": XSD,
    "skos": SKOS,
    "prov": PROV,
    "dcterms": DCTERMS,
    "dcat": DCAT,
    "void": VOID,
    "schema": SDO,
    "org": ORG,
    "gn": GEONAMES,
    "gno": GEONAMES_ONTOLOGY,
    "wd": WD,
}


def bind_prefixes(graph, base: str = DEFAULT_BASE) -> None:
    """Bind citykg's prefixes, ``res:`` for the instance base and one per IRI segment."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, Namespace(str(ns)), override=True, replace=True)
    graph.bind("res", Namespace(base), override=True, replace=True)
    for segment in SEGMENT_PREFIXES:
        graph.bind(segment, Namespace(f"{base}{segment}/"), override=True, replace=True)
