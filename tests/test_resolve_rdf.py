# ruff: noqa: E501  (sample pages keep their real one-sentence-per-line layout)
"""Unit tests for citykg.resolve and citykg.rdf: merging, IRIs, reification, serialisations."""

from __future__ import annotations

import pyoxigraph
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import RDF, XSD

from citykg.extract import extract
from citykg.extract.gazetteer import Gazetteer, load_gazetteer
from citykg.ingest import read_document
from citykg.rdf import build_dataset, iri, merged_graph, to_trig, to_turtle
from citykg.resolve import resolve
from citykg.vocab import CKG, DEFAULT_BASE

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


def test_every_city_is_located_in_its_country(built, gaz: Gazetteer) -> None:
    _, _, resolved, _ = built
    located = {(r.subject, r.obj) for r in resolved.relations if r.predicate == "locatedIn"}
    cities = [k for k, e in resolved.entities.items() if e.type == "City"]
    assert len(cities) >= 5
    for key in cities:
        assert (key, f"country:{gaz.entries[key].country}") in located
    assert (MUMBAI, "country:IN") in located
    assert resolved.entities["country:IN"].slug == "country/india"


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
    assert str(iri(DEFAULT_BASE, "city/mumbai")) == DEFAULT_BASE + "city/mumbai"
    enc = str(iri("https://ex.org/", 'event/São Paulo <"x"> {a}|b\\c#d?e'))
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


def ox_count(text: str, fmt: pyoxigraph.RdfFormat) -> int:
    return sum(1 for _ in pyoxigraph.parse(text.encode("utf-8"), format=fmt))


def test_turtle_and_trig_parse_in_rdflib_and_oxigraph(built) -> None:
    _, _, _, ds = built
    ttl = to_turtle(merged_graph(ds))
    g = Graph().parse(data=ttl, format="turtle")
    assert len(g) == len(merged_graph(ds)) > 50
    assert ox_count(ttl, pyoxigraph.RdfFormat.TURTLE) == len(g)
    trig = to_trig(ds)
    ds2 = Dataset()
    ds2.parse(data=trig, format="trig")
    n_quads = len(list(ds2.quads((None, None, None, None))))
    assert n_quads == len(list(ds.quads((None, None, None, None))))
    assert ox_count(trig, pyoxigraph.RdfFormat.TRIG) == n_quads
    store = pyoxigraph.Store()
    store.load(trig.encode("utf-8"), format=pyoxigraph.RdfFormat.TRIG)
    assert len(store) == n_quads


def test_two_builds_are_byte_identical(built, gaz: Gazetteer) -> None:
    docs, xs, _, ds = built
    again = [extract(d, gazetteer=gaz) for d in reversed(docs)][::-1]
    ds2 = build_dataset(resolve(again, gazetteer=gaz), docs, gazetteer=gaz)
    assert to_turtle(merged_graph(ds2)) == to_turtle(merged_graph(ds))
    assert to_trig(ds2) == to_trig(ds)
