"""Query benchmark: citykg's store API vs raw pyoxigraph vs rdflib's in-memory engine.

Generates a synthetic graph in the build's shape (>= 1,000,000 triples, one named graph
per 1,000 events, like one per document), writes it as TriG to a temp dir, then measures
in one run:

(a) ``citykg.store.run_query`` + ``format_result(json)``: cache key, open the cached
    on-disk store read-only, run the join, serialise;
(b) raw pyoxigraph: ``Store.read_only`` on the same on-disk store, same query, same
    serialisation;
(c) rdflib's SPARQL engine on an in-memory graph, load excluded. rdflib is far too slow on
    the full graph, so it runs on a 10% slice (same shape) and its time is scaled
    linearly by the triple ratio; this is stated in the output.

Also reports the streamed (bulk) load time of the cache build and the peak RSS after it.
Run: ``make bench`` or ``.venv/bin/python bench/bench_query.py [--events N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from citykg import store
from citykg.vocab import CKG, DEFAULT_BASE

RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
RESULTS = Path(__file__).parent / "results" / "query.json"

QUERY = f"""
PREFIX ckg: <{CKG._NS}>
SELECT ?country (COUNT(DISTINCT ?exchange) AS ?exchanges) (COUNT(?p) AS ?visits)
WHERE {{
  ?exchange a ckg:Exchange ;
      ckg:location ?host ;
      ckg:participant ?p .
  ?host ckg:locatedIn ?hostCountry .
  ?p ckg:locatedIn ?country .
  FILTER(?p != ?host && ?country != ?hostCountry)
}}
GROUP BY ?country
ORDER BY DESC(?exchanges) ?country
LIMIT 20
"""


def generate(path: Path, events: int, seed: int = 7) -> int:
    """Write a TriG graph in the build's shape; return its triple count."""
    rnd = random.Random(seed)
    n_countries, n_cities, n_agencies, n_topics = 200, 20_000, 2_000, 50
    b = DEFAULT_BASE
    count = 0
    with path.open("w", encoding="utf-8") as fh:

        def t(s: str, p: str, o: str) -> None:
            nonlocal count
            fh.write(f"<{s}> <{p}> {o} .\n")
            count += 1

        fh.write(f"<{b}graph/gazetteer> {{\n")
        for i in range(n_countries):
            c = f"{b}country/c{i}"
            t(c, RDF_TYPE, f"<{CKG.Country}>")
            t(c, LABEL, f'"Country {i}"@en')
            t(c, SAME_AS, f"<https://sws.geonames.org/{100000 + i}/>")
        for i in range(n_cities):
            c = f"{b}city/city-{i}"
            t(c, RDF_TYPE, f"<{CKG.City}>")
            t(c, LABEL, f'"City {i}"@en')
            t(c, LABEL, f'"Ville {i}"@fr')
            t(c, f"{CKG.locatedIn}", f"<{b}country/c{rnd.randrange(n_countries)}>")
            t(c, SAME_AS, f"<https://sws.geonames.org/{200000 + i}/>")
        for i in range(n_agencies):
            a = f"{b}agency/agency-{i}"
            t(a, RDF_TYPE, f"<{CKG.Agency}>")
            t(a, LABEL, f'"Agency {i}"@en')
        fh.write("}\n")
        for e in range(events):
            if e % 1000 == 0:
                if e:
                    fh.write("}\n")
                fh.write(f"<{b}graph/doc-{e // 1000}> {{\n")
            ev = f"{b}event/e-{e}"
            kind = CKG.Exchange if e % 4 else CKG.Event
            t(ev, RDF_TYPE, f"<{kind}>")
            t(ev, LABEL, f'"Event {e}"@en')
            host = rnd.randrange(n_cities)
            t(ev, f"{CKG.location}", f"<{b}city/city-{host}>")
            t(ev, f"{CKG.participant}", f"<{b}city/city-{host}>")
            for _ in range(3):
                t(ev, f"{CKG.participant}", f"<{b}city/city-{rnd.randrange(n_cities)}>")
            t(ev, f"{CKG.organizer}", f"<{b}agency/agency-{rnd.randrange(n_agencies)}>")
            t(ev, f"{CKG.topic}", f"<https://w3id.org/citykg/topic/t{rnd.randrange(n_topics)}>")
            day = f"20{10 + e % 15}-0{1 + e % 9}-1{e % 10}"
            t(ev, f"{CKG.startDate}", f'"{day}"^^<{XSD_DATE}>')
            t(ev, f"{CKG.mentionedIn}", f"<{b}document/doc-{e // 1000}>")
        if events:
            fh.write("}\n")
    return count


def _timeit(fn, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rdflib-fraction", type=float, default=0.1)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="citykg-bench-") as tmp:
        tmp_path = Path(tmp)
        trig = tmp_path / "citykg.trig"
        start = time.perf_counter()
        triples = generate(trig, args.events)
        gen_s = time.perf_counter() - start

        start = time.perf_counter()
        store.open_store(trig)  # builds the cache: streamed bulk load
        load_s = time.perf_counter() - start
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

        def citykg_query() -> bytes:
            return store.format_result(store.run_query(QUERY, trig), "json")

        cached = store.cache_dir(trig)

        def raw_query() -> bytes:
            raw = ox.Store.read_only(str(cached))
            res = raw.query(QUERY, use_default_graph_as_union=True)
            return res.serialize(format=ox.QueryResultsFormat.JSON)

        citykg_query()  # warm the OS page cache for both contenders alike
        raw_s, raw_out = _timeit(raw_query, args.repeats)
        citykg_s, citykg_out = _timeit(citykg_query, args.repeats)
        assert json.loads(citykg_out) == json.loads(raw_out), "citykg and raw disagree"

        slice_events = int(args.events * args.rdflib_fraction)
        small = tmp_path / "slice.trig"
        slice_triples = generate(small, slice_events)
        import rdflib

        ds = rdflib.Dataset(default_union=True)
        ds.parse(small, format="trig")
        rdflib_slice_s, rows = _timeit(lambda: list(ds.query(QUERY)), 1)
        assert rows, "rdflib returned nothing"
        rdflib_scaled_s = rdflib_slice_s * triples / slice_triples

    summary = {
        "triples": triples,
        "named_graphs": args.events // 1000 + 1,
        "generate_s": round(gen_s, 2),
        "streamed_load_s": round(load_s, 2),
        "peak_rss_mb_after_load": round(rss_mb, 1),
        "query": "exchanges x host city x participants' countries, grouped and counted",
        "citykg_query_s": round(citykg_s, 4),
        "raw_pyoxigraph_query_s": round(raw_s, 4),
        "rdflib_slice_triples": slice_triples,
        "rdflib_slice_query_s": round(rdflib_slice_s, 3),
        "rdflib_scaled_query_s": round(rdflib_scaled_s, 2),
        "rdflib_note": (
            f"rdflib ran on a {slice_triples:,}-triple slice (load excluded); its time is "
            "scaled linearly to the full graph"
        ),
        "ratio_citykg_over_raw": round(citykg_s / raw_s, 3),
        "ratio_rdflib_over_citykg": round(rdflib_scaled_s / citykg_s, 1),
        "targets": {"citykg_over_raw": "<= 1.3", "rdflib_over_citykg": ">= 10"},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))


if __name__ == "__main__":
    main()
