"""Benchmark: SHACL, HermiT consistency and materialisation on a generated citykg graph.

    .venv/bin/python bench/bench_validate.py [--events 300] [--cities 400] [--seed 1]

The graph has the shape of a build (labels, dates, participants, locations, documents and
reified statements), scaled up from tests/data/sample.trig. Not a test: the numbers go into
the report.
"""

from __future__ import annotations

import argparse
import random
import time

import rdflib
from rdflib import RDF, RDFS, Literal
from rdflib.namespace import PROV, XSD

from citykg.validate import check_consistency, materialise, validate_shapes
from citykg.vocab import CKG, DEFAULT_BASE, TOPIC

RES = rdflib.Namespace(DEFAULT_BASE)


def make_graph(events: int, cities: int, seed: int = 1) -> rdflib.Graph:
    """A deterministic citykg-shaped graph with ``events`` exchanges among ``cities``."""
    rng = random.Random(seed)
    g = rdflib.Graph()
    countries = [RES[f"country/c{i}"] for i in range(max(1, cities // 20))]
    for c in countries:
        g.add((c, RDF.type, CKG.Country))
        g.add((c, RDFS.label, Literal(str(c).rsplit("/", 1)[-1], lang="en")))
    city_iris = [RES[f"city/x{i}"] for i in range(cities)]
    for c in city_iris:
        g.add((c, RDF.type, CKG.City))
        g.add((c, RDFS.label, Literal(str(c).rsplit("/", 1)[-1], lang="en")))
        g.add((c, CKG.locatedIn, rng.choice(countries)))
    agency = RES["agency/a"]
    g.add((agency, RDF.type, CKG.Agency))
    g.add((agency, RDFS.label, Literal("A", lang="en")))
    doc = RES["document/d"]
    g.add((doc, RDF.type, CKG.Document))
    g.add((doc, RDF.type, PROV.Entity))
    g.add((doc, rdflib.DCTERMS.title, Literal("D", lang="en")))
    g.add((doc, rdflib.DCTERMS.language, Literal("en")))
    g.add((doc, CKG.sha256, Literal("0" * 64)))
    topic = TOPIC["zero-emission-buses"]
    g.add((topic, RDF.type, CKG.Topic))
    g.add((topic, RDFS.label, Literal("zero-emission buses", lang="en")))
    for i in range(events):
        e = RES[f"event/e{i}"]
        g.add((e, RDF.type, CKG.Exchange))
        g.add((e, RDFS.label, Literal(f"exchange {i}", lang="en")))
        g.add((e, CKG.location, rng.choice(city_iris)))
        for c in rng.sample(city_iris, 3):
            g.add((e, CKG.participant, c))
        g.add((e, CKG.organizer, agency))
        g.add((e, CKG.topic, topic))
        g.add((e, CKG.startDate, Literal(f"2024-01-{1 + i % 28:02d}", datatype=XSD.date)))
        g.add((e, CKG.mentionedIn, doc))
        s = RES[f"statement/s{i}"]
        g.add((s, RDF.type, RDF.Statement))
        g.add((s, RDF.type, CKG.Assertion))
        g.add((s, RDF.subject, e))
        g.add((s, RDF.predicate, CKG.organizer))
        g.add((s, RDF.object, agency))
        g.add((s, PROV.wasDerivedFrom, doc))
        g.add((s, CKG.confidence, Literal("0.8", datatype=XSD.decimal)))
        g.add((s, CKG.evidence, Literal("A sentence.", lang="en")))
    return g


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--cities", type=int, default=400)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    graph = make_graph(args.events, args.cities, args.seed)
    print(f"graph: {len(graph)} triples")
    for name, step in (
        ("SHACL", lambda: validate_shapes(graph)),
        ("HermiT consistency", lambda: check_consistency(graph)),
        ("materialise", lambda: materialise(graph)),
    ):
        started = time.perf_counter()
        result = step()
        size = len(result) if hasattr(result, "__len__") else result
        print(f"{name}: {time.perf_counter() - started:.2f} s ({size})")


if __name__ == "__main__":
    main()
