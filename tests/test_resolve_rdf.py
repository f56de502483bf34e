# ruff: noqa: E501  (sample pages keep their real one-sentence-per-line layout)
"""Unit tests for citykg.resolve and citykg.rdf: merging, IRIs, reification, serialisations."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from citykg.extract import extract
from citykg.extract.gazetteer import Gazetteer, load_gazetteer
from citykg.ingest import read_document
from citykg.rdf import build_dataset, graph_triples, iri, merged_graph, merged_turtle, to_trig
from citykg.rdflib_bridge import quads_from_rdflib
from citykg.resolve import resolve
from citykg.store import serialize_quads
from citykg.vocab import CKG, DEFAULT_BASE, TOPIC_SCHEME, bind_prefixes

MUMBAI = "city:1275339"
DOC_A = """Échange entre pairs sur les bus électriques à Bombay
Du 5 au 7 mars 2024, un échange entre pairs organisé par C40 Cities a réuni à Bombay des représentants de Kigali et Accra.
"""
DOC_B = """Peer-to-peer exchange on heat resilience
Location: Mumbai, India
Date: 5–7 March 2024
City officials from Nairobi and Lima met to share heat action plans. The exchange was organised by C40 Cities.
"""


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


@pytest.fixture(scope="module")
def built(gaz: Gazetteer, tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("docs")
    (folder / "a-bombay.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "b-mumbai.txt").write_text(DOC_B, encoding="utf-8")
    docs = [read_document(folder / n) for n in ("a-bombay.txt", "b-mumbai.txt")]
    xs = [extract(d, gazetteer=gaz) for d in docs]
    assert all(x.ok for x in xs)
    resolved = resolve(xs, gazetteer=gaz)
    ds = build_dataset(resolved, docs, gazetteer=gaz)
    return docs, xs, resolved, ds


def test_bombay_and_mumbai_are_one_node(built) -> None:
    _, _, resolved, ds = built
    cities = [k for k, e in resolved.entities.items() if e.type == "City"]
    assert cities.count(MUMBAI) == 1
    mumbai = resolved.entities[MUMBAI]
    assert mumbai.docs == {"a-bombay", "b-mumbai"}
    assert mumbai.slug == "city/mumbai"
    assert ("Bombay", "fr") in mumbai.aliases and ("Mumbai", "en") in mumbai.aliases
    node = URIRef(DEFAULT_BASE + "city/mumbai")
    g = merged_graph(ds)
    assert (node, RDF.type, CKG.City) in g
    assert len({s for s in g.subjects(RDF.type, CKG.City) if "mumbai" in str(s)}) == 1


def test_every_city_has_its_geonames_country_but_locatedIn_is_what_a_page_states(
    built, gaz: Gazetteer
) -> None:
    _, _, resolved, ds = built
    parent = {(r.subject, r.obj) for r in resolved.relations if r.predicate == "parentCountry"}
    located = {(r.subject, r.obj) for r in resolved.relations if r.predicate == "locatedIn"}
    cities = [k for k, e in resolved.entities.items() if e.type == "City"]
    assert len(cities) >= 5
    for key in cities:
        assert (key, f"country:{gaz.entries[key].country}") in parent
    assert resolved.entities["country:IN"].slug == "country/india"
    # "Mumbai, India" places the city: a stated edge, with the page's line as evidence
    assert (MUMBAI, "country:IN") in located
    # no page names Kenya or Peru: GeoNames still places Nairobi and Lima, ckg:locatedIn not
    assert not {c for c, country in located if country in ("country:KE", "country:PE")}
    g = merged_graph(ds)
    nairobi = next(s for s in g.subjects(RDF.type, CKG.City) if str(s).endswith("/nairobi"))
    gn = URIRef("http://www.geonames.org/ontology#parentCountry")
    kenya = URIRef("https://sws.geonames.org/192950/")  # GeoNames' feature, as GeoNames has it
    assert (nairobi, gn, kenya) in g
    assert (kenya, RDFS.label, Literal("Kenya", lang="en")) in g
    assert not list(g.objects(nairobi, CKG.locatedIn))
    assert (URIRef(DEFAULT_BASE + "country/kenya"), RDF.type, CKG.Country) not in g


def test_document_events_get_readable_date_slugs(built) -> None:
    _, _, resolved, _ = built
    events = sorted(k for k, e in resolved.entities.items() if e.type == "Exchange")
    assert "event/2024-03-05-echange-entre-pairs-sur-les-bus-electriques-a-bombay" in events
    assert "event/2024-03-05-peer-to-peer-exchange-on-heat-resilience" in events


def test_relations_sorted_and_unique(built) -> None:
    _, _, resolved, _ = built
    sigs = [
        (r.subject, r.predicate, r.obj or "", r.value or "", r.doc_id) for r in resolved.relations
    ]
    assert sigs == sorted(sigs) and len(sigs) == len(set(sigs))


def test_min_confidence_filters(built, gaz: Gazetteer) -> None:
    _, xs, resolved, _ = built
    strict = resolve(xs, gazetteer=gaz, min_confidence=0.95)
    assert strict.relations and all(r.confidence >= 0.95 for r in strict.relations)
    assert len(strict.relations) < len(resolved.relations)


def test_iri_percent_encoding() -> None:
    assert iri(DEFAULT_BASE, "city/mumbai").value == DEFAULT_BASE + "city/mumbai"
    enc = iri("https://ex.org/", 'event/São Paulo <"x"> {a}|b\\c#d?e').value
    assert enc == "https://ex.org/event/S%C3%A3o%20Paulo%20%3C%22x%22%3E%20%7Ba%7D%7Cb%5Cc%23d%3Fe"


def test_every_relation_has_reified_statement(built) -> None:
    _, _, resolved, ds = built
    g = merged_graph(ds)
    statements = set(g.subjects(RDF.type, RDF.Statement))
    assert len(statements) == len(resolved.relations)
    for st in statements:
        assert (st, RDF.type, CKG.Assertion) in g
        s, p, o = g.value(st, RDF.subject), g.value(st, RDF.predicate), g.value(st, RDF.object)
        assert (s, p, o) in g
        evidence = g.value(st, CKG.evidence)
        assert isinstance(evidence, Literal) and str(evidence) and evidence.language in ("fr", "en")
        conf = g.value(st, CKG.confidence)
        assert conf.datatype == XSD.decimal and 0 < float(conf) <= 1


def test_named_graph_per_document(built) -> None:
    docs, _, _, ds = built
    names = {str(c.identifier) for c in ds.graphs() if len(c)}
    for d in docs:
        assert DEFAULT_BASE + f"graph/{d.doc_id}" in names
    default = ds.default_graph
    doc_node = URIRef(DEFAULT_BASE + "document/a-bombay")
    assert (doc_node, RDF.type, CKG.Document) in default
    assert (doc_node, CKG.sourcePath, Literal(docs[0].path)) in default


def ox_count(data: bytes, fmt: pyoxigraph.RdfFormat) -> int:
    return sum(1 for _ in pyoxigraph.parse(data, format=fmt))


def test_turtle_and_trig_parse_in_rdflib_and_oxigraph(built, gaz: Gazetteer) -> None:
    docs, _, resolved, ds = built
    triples = graph_triples(resolved, docs, gazetteer=gaz)
    ttl = merged_turtle(triples)
    g = Graph().parse(data=ttl, format="turtle")
    assert len(g) == len(merged_graph(ds)) > 50
    assert ox_count(ttl, pyoxigraph.RdfFormat.TURTLE) == len(g)
    assert b"city:mumbai a ckg:City" in ttl  # prefixed names, rdf:type first
    trig = to_trig(triples)
    ds2 = Dataset()
    ds2.parse(data=trig, format="trig")
    n_quads = len(list(ds2.quads((None, None, None, None))))
    assert n_quads == len(list(ds.quads((None, None, None, None))))
    assert ox_count(trig, pyoxigraph.RdfFormat.TRIG) == n_quads
    store = pyoxigraph.Store()
    store.load(trig, format=pyoxigraph.RdfFormat.TRIG)
    assert len(store) == n_quads


def test_two_builds_are_byte_identical(built, gaz: Gazetteer) -> None:
    docs, xs, resolved, _ = built
    again = [extract(d, gazetteer=gaz) for d in reversed(docs)][::-1]
    first = graph_triples(resolved, docs, gazetteer=gaz)
    second = graph_triples(resolve(again, gazetteer=gaz), docs, gazetteer=gaz)
    assert merged_turtle(second) == merged_turtle(first)
    assert to_trig(second) == to_trig(first)


def test_rdflib_dataset_is_the_same_graph(built, gaz: Gazetteer) -> None:
    """The rdflib Dataset (for pyshacl, owlready2, notebooks) holds the Oxigraph triples."""
    docs, _, resolved, ds = built
    triples = graph_triples(resolved, docs, gazetteer=gaz)
    assert set(quads_from_rdflib(ds)) == set(triples.quads())


RES = DEFAULT_BASE


def awkward_graph() -> Graph:
    """Terms that exercise every rule of rdflib's longturtle: escapes, plain and typed
    literals, prefixed names that must not be used, namespaces as IRIs, subject order."""
    g = Graph()
    bind_prefixes(g)
    a, b = URIRef(RES + "city/a"), URIRef(RES + "city/b")
    odd = [
        URIRef(RES + "city/s%C3%A3o-paulo"),  # percent-encoded: a prefixed name with %
        # (no "%zz": not an IRI; Oxigraph refuses it and iri() never makes one)
        URIRef(RES + "city/ends-with."),  # a prefixed name cannot end with "."
        URIRef(RES + "city/a(b)"),  # parentheses are escaped
        URIRef(RES + "city/-dash"),
        URIRef(RES + "city/~tilde"),
        URIRef(RES + "dataset/class/City"),  # no prefix for dataset/class/
        URIRef(RES),  # the res: namespace itself
        TOPIC_SCHEME,
        URIRef("https://sws.geonames.org/1275339/"),
        URIRef("http://example.org/unbound#thing"),
    ]
    for n in odd:
        g.add((a, SKOS.related, n))
        g.add((n, RDFS.label, Literal(str(n)[-6:], lang="en")))
    g.add((b, RDFS.seeAlso, a))
    g.add((b, RDF.type, RDFS.Class))
    g.add((a, RDF.type, CKG.City))
    g.add((a, RDF.type, CKG.Place))
    for lit in (
        Literal('quote " and \\ backslash', lang="fr"),
        Literal("two\nlines"),
        Literal("'''triple''' \"\"\"quotes\"\"\""),
        Literal("émojis 🌍 and \u2028 separator", lang="EN-gb"),
        Literal("true", datatype=XSD.boolean),
        Literal("2024-03-05", datatype=XSD.date),
        Literal("2030", datatype=XSD.gYear),
        Literal("x", datatype=URIRef("http://example.org/dt#custom")),
        Literal("not a number", datatype=XSD.integer),
        Literal("plain"),
        Literal("plain", lang="fr"),
    ):
        g.add((a, RDFS.comment, lit))
        g.add((b, CKG.evidence, lit))
    g.add((b, RDFS.comment, b))  # objects of one predicate: IRIs and literals together
    # numbers of different types sort by value; rdflib's order is not total (nor is its
    # output stable) when they share a predicate with other datatypes, so not mixed here
    for number in (
        Literal("0.85", datatype=XSD.decimal),
        Literal("3", datatype=XSD.integer),
        # (no "1e3"^^xsd:double: Oxigraph writes numbers in canonical form, "1000.0")
        Literal("-1", datatype=XSD.integer),
    ):
        g.add((a, CKG.confidence, number))
    return g


def _canonical(g: Graph, fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.TURTLE) -> bytes:
    return serialize_quads(quads_from_rdflib(g), fmt)


@pytest.mark.issue(12)
def test_canonical_serialiser_keeps_awkward_terms() -> None:
    """One serialiser (Oxigraph's, sorted): escapes, typed and tagged literals, odd local
    names, namespaces as IRIs all read back identically in rdflib and Oxigraph."""
    g = awkward_graph()
    ttl = _canonical(g)
    back = Graph().parse(data=ttl, format="turtle")
    assert set(back) == set(g)
    assert ox_count(ttl, pyoxigraph.RdfFormat.TURTLE) == len(g)
    assert b"dataset-class:City" in ttl and b"@prefix gn:" not in ttl  # only used prefixes
    # an IRI ending in "." keeps its namespaces unprefixed (rdflib cannot read ``city:x\\.``)
    assert b"<https://w3id.org/citykg/resource/city/ends-with.>" in ttl


def test_canonical_serialiser_is_independent_of_input_order() -> None:
    g = awkward_graph()
    g.add((BNode("b1"), RDFS.label, Literal("blank")))
    reordered = Graph()
    for t in sorted(g, key=str, reverse=True):
        reordered.add(t)
    assert _canonical(reordered) == _canonical(g)
    back = Graph().parse(data=_canonical(g), format="turtle")
    blank = [t for t in back if isinstance(t[0], BNode)]
    assert len(blank) == 1 and set(back) - set(blank) == {
        t for t in g if not isinstance(t[0], BNode)
    }
    ds = Dataset()
    named = ds.graph(URIRef(RES + "graph/doc"))
    for t in g:
        named.add(t)
    trig = _canonical(ds, pyoxigraph.RdfFormat.TRIG)
    back = Dataset()
    back.parse(data=trig, format="trig")
    assert len(list(back.quads())) == len(g)
