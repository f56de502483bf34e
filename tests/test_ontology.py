"""The ontology, the topic scheme and their HTML documentation keep the published contract."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import OWL, RDF, RDFS, SKOS, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, PROV, SDO, XSD

from citykg.ontodoc import render_ontology_html
from citykg.validate import check_consistency, ontology_file
from citykg.vocab import CKG, DATATYPE_PROPERTIES, OBJECT_PROPERTIES, ONTOLOGY_IRI, ORG, TOPIC

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
NS = str(CKG._NS)


@pytest.fixture(scope="module")
def onto() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file("citykg.ttl"))


@pytest.fixture(scope="module")
def topics() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_file("topics.ttl"))


def vocab_terms() -> set[URIRef]:
    return {URIRef(NS + name) for name in CKG.__annotations__}


def union_members(graph: rdflib.Graph, node) -> set:
    head = graph.value(node, OWL.unionOf)
    return set(Collection(graph, head)) if head is not None else {node}


@pytest.mark.parametrize("name", ["citykg.ttl", "topics.ttl", "shapes.ttl"])
def test_files_parse_in_rdflib_and_oxigraph(name: str) -> None:
    path = ontology_file(name)
    assert len(rdflib.Graph().parse(path)) > 100
    store = pyoxigraph.Store()
    store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) > 100


def test_ontology_header(onto: rdflib.Graph) -> None:
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in onto
    assert onto.value(ONTOLOGY_IRI, OWL.versionInfo)
    assert {t.language for t in onto.objects(ONTOLOGY_IRI, DCTERMS.title)} == {"en", "fr"}
    assert onto.value(ONTOLOGY_IRI, DCTERMS.description)
    assert onto.value(ONTOLOGY_IRI, DCTERMS.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert onto.value(ONTOLOGY_IRI, DCTERMS.creator) == Literal("citykg developers")


def test_vocab_and_ontology_declare_the_same_terms(onto: rdflib.Graph) -> None:
    declared = {
        s for s in onto.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(NS)
    }
    assert declared == vocab_terms()


@pytest.mark.parametrize("term", sorted(vocab_terms()), ids=lambda t: t.split("#")[-1])
def test_every_term_has_en_fr_labels_and_comment(onto: rdflib.Graph, term: URIRef) -> None:
    labels = {lit.language for lit in onto.objects(term, RDFS.label)}
    assert {"en", "fr"} <= labels
    assert "en" in {lit.language for lit in onto.objects(term, RDFS.comment)}


def test_contract_types_and_hierarchy(onto: rdflib.Graph) -> None:
    for cls in (
        CKG.Place,
        CKG.City,
        CKG.Country,
        CKG.Agency,
        CKG.Event,
        CKG.Exchange,
        CKG.Initiative,
        CKG.Topic,
        CKG.Document,
        CKG.Conference,
        CKG.CityNetwork,
        CKG.Assertion,
        CKG.HostCity,
        CKG.LearningCity,
    ):
        assert (cls, RDF.type, OWL.Class) in onto
    for sub, sup in [
        (CKG.City, CKG.Place),
        (CKG.Country, CKG.Place),
        (CKG.Exchange, CKG.Event),
        (CKG.Conference, CKG.Event),
        (CKG.CityNetwork, CKG.Agency),
        (CKG.Assertion, RDF.Statement),
        (CKG.HostCity, CKG.City),
        (CKG.LearningCity, CKG.City),
        (CKG.Topic, SKOS.Concept),
        (CKG.Agency, ORG.Organization),
        (CKG.Agency, SDO.Organization),
        (CKG.Event, SDO.Event),
        (CKG.Document, PROV.Entity),
        (CKG.Document, SDO.CreativeWork),
        (CKG.City, SDO.City),
    ]:
        assert (sub, RDFS.subClassOf, sup) in onto, (sub, sup)
    for prop in OBJECT_PROPERTIES + (CKG.mentionedIn,):
        assert (prop, RDF.type, OWL.ObjectProperty) in onto
    for prop, datatype in DATATYPE_PROPERTIES.items():
        assert (prop, RDF.type, OWL.DatatypeProperty) in onto
        assert onto.value(prop, RDFS.range) == datatype
    assert (CKG.acronym, RDFS.subPropertyOf, SKOS.altLabel) in onto
    assert (CKG.organizer, RDFS.subPropertyOf, SDO.organizer) in onto
    assert (CKG.location, RDFS.subPropertyOf, SDO.location) in onto


def test_domains_and_ranges(onto: rdflib.Graph) -> None:
    expect = {
        CKG.participant: ({CKG.Event}, {CKG.Place, CKG.Agency}),
        CKG.location: ({CKG.Event}, {CKG.Place}),
        CKG.organizer: ({CKG.Event}, {CKG.Place, CKG.Agency}),
        CKG.partOf: ({CKG.Event}, {CKG.Event, CKG.Initiative}),
        CKG.topic: ({CKG.Event, CKG.Initiative}, {CKG.Topic}),
        CKG.locatedIn: ({CKG.Place, CKG.Agency}, {CKG.Place}),
        CKG.ledBy: ({CKG.Initiative}, {CKG.Place, CKG.Agency}),
        CKG.supportedBy: ({CKG.Place, CKG.Initiative, CKG.Event}, {CKG.Agency}),
        CKG.mentionedIn: (None, {CKG.Document}),
    }
    for prop, (domain, range_) in expect.items():
        got_domain = onto.value(prop, RDFS.domain)
        assert (union_members(onto, got_domain) if got_domain is not None else None) == domain
        assert union_members(onto, onto.value(prop, RDFS.range)) == range_


def test_top_classes_are_pairwise_disjoint(onto: rdflib.Graph) -> None:
    axiom = next(onto.subjects(RDF.type, OWL.AllDisjointClasses))
    members = set(Collection(onto, onto.value(axiom, OWL.members)))
    assert {CKG.Place, CKG.Agency, CKG.Event, CKG.Initiative, CKG.Topic, CKG.Document} <= members


def test_ontology_alone_is_consistent_under_hermit() -> None:
    consistent, message = check_consistency()
    assert consistent, message


# ------------------------------------------------------------------------------ topics

REQUIRED_LABELS = {
    "zero-emission-buses": [
        "zero-emission buses",
        "zero-emission bus",
        "bus à zéro émission",
        "autobus à zéro émission",
        "ZEB",
        "electric buses",
        "electric bus",
        "bus électriques",
        "bus électrique",
        "e-buses",
        "e-bus",
    ],
    "low-carbon-transport": [
        "low-carbon transport",
        "transport à faible émission de carbone",
        "sustainable transport",
        "transport durable",
        "sustainable mobility",
        "mobilité durable",
    ],
    # a narrower concept since the scheme distinguishes electric vehicles from transport at large
    "electric-mobility": ["electric mobility", "e-mobility", "mobilité électrique"],
    "bus-rapid-transit": ["bus rapid transit", "BRT", "bus à haut niveau de service", "BHNS"],
    "organic-waste": ["organic waste", "déchets organiques", "biodéchets", "composting"],
    "air-quality": ["air quality", "qualité de l'air", "air pollution", "pollution de l'air"],
    "climate-action": [
        "climate action",
        "action climatique",
        "lutte contre le changement climatique",
        "climate change",
        "changement climatique",
    ],
    "low-carbon-development": [
        "low-carbon development",
        "développement vert et à faible émission de carbone",
        "green and low-carbon development",
        "développement à faible émission de carbone",
        "green development",
    ],
    "carbon-neutrality": [
        "net zero",
        "neutralité carbone",
        "zéro émission nette",
        "carbon neutral",
    ],
    "wastewater-treatment": [
        "wastewater treatment",
        "traitement des eaux usées",
        "carbon-neutral wastewater treatment",
    ],
    "climate-adaptation": [
        "climate adaptation",
        "adaptation au changement climatique",
        "climate-adapted communities",
        "communautés adaptées au climat",
        "adapting to climate change",
    ],
    # resilience to climate change is resilience: one concept, however the page words it
    "urban-resilience": [
        "urban resilience",
        "résilience urbaine",
        "climate resilience",
        "résilience climatique",
    ],
    # the counterpart of adaptation; low-carbon development is one way of it
    "climate-mitigation": [
        "climate mitigation",
        "atténuation du changement climatique",
        "emissions reduction",
        "réduction des émissions",
    ],
    "pollution-control": [
        "pollution control",
        "lutte contre la pollution",
    ],
}
TOO_GENERIC = {
    "climat",
    "climate",
    "transport",
    "transports",
    "energy",
    "énergie",
    "water",
    "eau",
    "city",
    "ville",
    "mitigation",
    "metro",
    "environment",
    "environnement",
}


def concepts(topics: rdflib.Graph) -> set[URIRef]:
    return set(topics.subjects(RDF.type, SKOS.Concept))


def labels(topics: rdflib.Graph, concept: URIRef) -> set[str]:
    return {str(x) for p in (SKOS.prefLabel, SKOS.altLabel) for x in topics.objects(concept, p)}


def test_topic_concepts_are_complete(topics: rdflib.Graph) -> None:
    found = concepts(topics)
    assert len(found) >= 25
    for concept in found:
        assert (concept, RDF.type, CKG.Topic) in topics
        assert (concept, SKOS.inScheme, TOPIC[""]) in topics
        prefs = [x.language for x in topics.objects(concept, SKOS.prefLabel)]
        assert sorted(prefs) == ["en", "fr"], concept
        alts = {x.language for x in topics.objects(concept, SKOS.altLabel)}
        assert alts == {"en", "fr"}, concept
        assert "en" in {x.language for x in topics.objects(concept, SKOS.definition)}
        for broader in topics.objects(concept, SKOS.broader):
            assert broader in found
        top = (concept, SKOS.topConceptOf, TOPIC[""]) in topics
        assert top == ((TOPIC[""], SKOS.hasTopConcept, concept) in topics)
        assert top or topics.value(concept, SKOS.broader) is not None, concept


def test_required_surface_forms(topics: rdflib.Graph) -> None:
    for slug, wanted in REQUIRED_LABELS.items():
        assert set(wanted) <= labels(topics, TOPIC[slug]), slug


def test_labels_are_specific_and_unambiguous(topics: rdflib.Graph) -> None:
    counts = Counter(label.lower() for c in concepts(topics) for label in labels(topics, c))
    assert [label for label, n in counts.items() if n > 1] == []
    assert not TOO_GENERIC & set(counts)


def test_sample_topics_are_in_the_scheme(topics: rdflib.Graph) -> None:
    used = {o for _, _, o, _ in rdflib.Dataset().parse(SAMPLE).quads((None, CKG.topic, None, None))}
    assert used and used <= concepts(topics)


# ------------------------------------------------------------------------------ ontodoc


def test_ontodoc_documents_every_term(topics: rdflib.Graph) -> None:
    page = render_ontology_html()
    for term in vocab_terms():
        assert f'id="{term.split("#")[-1]}"' in page
    for concept in concepts(topics):
        assert f'id="topic-{str(concept)[len(str(TOPIC)) :]}"' in page
    assert "ville hôte" in page and "host city" in page
    assert not re.search(r"<(script|link|img|iframe)\b|\bsrc=", page)


def test_ontodoc_french_page() -> None:
    page = render_ontology_html(lang="fr")
    assert '<html lang="fr">' in page
    assert "<h3>ville hôte <code>ckg:HostCity</code></h3>" in page


def test_ontodoc_escapes_hostile_text(tmp_path: Path) -> None:
    hostile = tmp_path / "citykg.ttl"
    graph = rdflib.Graph().parse(ontology_file("citykg.ttl"))
    graph.add((CKG.City, RDFS.comment, Literal('<script>alert("x")</script> & co', lang="en")))
    graph.serialize(hostile, format="turtle")
    page = render_ontology_html(hostile)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in page


def test_ontodoc_is_deterministic() -> None:
    assert render_ontology_html() == render_ontology_html()


def test_xsd_ranges_are_what_shacl_expects(onto: rdflib.Graph) -> None:
    assert onto.value(CKG.targetYear, RDFS.range) == XSD.gYear
    assert onto.value(CKG.sha256, RDFS.range) == XSD.string
