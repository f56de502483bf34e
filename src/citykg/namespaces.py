"""citykg's namespaces as plain strings, without rdflib.

Why a module of its own: ``citykg query`` is measured against raw pyoxigraph as a whole
process (issue 12), and importing rdflib, on which :mod:`citykg.vocab` is built, was 0.14 s
of its 0.19 s of imports (``python -X importtime``), none of it needed to load a file and
run a query. :mod:`citykg.vocab` builds its rdflib namespaces from these strings; the W3C
vocabularies' IRIs are rdflib's, and a test checks that both tables agree.
"""

from __future__ import annotations

DEFAULT_BASE = "https://w3id.org/citykg/resource/"
CKG = "https://w3id.org/citykg/ontology#"
TOPIC = "https://w3id.org/citykg/topic/"
GEONAMES = "https://sws.geonames.org/"
GEONAMES_ONTOLOGY = "http://www.geonames.org/ontology#"
WD = "http://www.wikidata.org/entity/"
ORG = "http://www.w3.org/ns/org#"

#: Prefix → namespace IRI: citykg's vocabularies and those it uses (``vocab.PREFIXES``).
PREFIX_IRIS = {
    "ckg": CKG,
    "topic": TOPIC,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "prov": "http://www.w3.org/ns/prov#",
    "dcterms": "http://purl.org/dc/terms/",
    "dcat": "http://www.w3.org/ns/dcat#",
    "void": "http://rdfs.org/ns/void#",
    "schema": "https://schema.org/",
    "org": ORG,
    "gn": GEONAMES,
    "gno": GEONAMES_ONTOLOGY,
    "wd": WD,
}

#: Instance IRI segments that get a prefix of their own (``city:mumbai``), because Turtle
#: prefixed names cannot contain ``/``.
SEGMENT_PREFIXES = (
    "city",
    "country",
    "place",
    "agency",
    "event",
    "initiative",
    "document",
    "graph",
    "statement",
)
