"""Query benchmark: citykg's store API vs raw pyoxigraph vs rdflib's in-memory engine.

Generates a synthetic graph in the build's shape (>= 1,000,000 triples, one named graph
per 1,000 events, like one per document), writes it as TriG to a temp dir, then measures
in one run, for two typical queries (the exchanges x host x participants' countries join
below, and the shipped named query ``exchanges-by-topic-and-year``):

(a) ``citykg.store.run_query`` + ``format_result(json)``: cache key, open the cached
    on-disk store read-only, run the query, serialise;
(b) raw pyoxigraph: ``Store.read_only`` on the same on-disk store, same query text, same
    serialisation (the store's default graph is the materialised merge, see
    ``citykg.store``, so raw pyoxigraph needs no option either);
(c) rdflib's SPARQL engine on the *whole* graph in memory (``Dataset(default_union=True)``
    parsed from the same TriG; load excluded from the query time, reported apart). The
    answers of (a) and (c) are compared, so the engines did the same work.

Also reported: the streamed load that builds the cache (``ox.parse`` feeding
``bulk_extend``, then one compaction), its size on disk and the peak RSS after it, and,
for comparison, the layout citykg used before (plain ``bulk_load``, no compaction, queries
with ``use_default_graph_as_union``). Other processes on the machine make single numbers
noisy: Oxigraph times are medians, rdflib's its fastest of ``--rdflib-repeats`` runs (the
comparison must not flatter citykg), and the load averages are recorded. Run: ``make bench`` or ``.venv/bin/python bench/bench_query.py [--events N]``.
"""

from __future__ import annotations

import argparse
import json
import os
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
PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
RESULTS = Path(__file__).parent / "results" / "query.json"
NAMED_QUERY = "exchanges-by-topic-and-year"
QUERY_LABEL = "exchanges x host city x participants' countries, grouped and counted"

QUERY = f"""
PREFIX ckg: <{CKG._NS}>
SELECT ?country (COUNT(DISTINCT ?exchange) AS ?exchanges) (COUNT(?p) AS ?visits)
WHERE {{
  ?exchange a ckg:Exchange ;
      ckg:location ?host ;
      ckg:participant ?p .
  ?host ckg:locatedIn ?hostCountry .
  ?p ckg:locatedIn ?country .
  FILTER(!sameTerm(?p, ?host) && !sameTerm(?country, ?hostCountry))
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
        for i in range(n_topics):  # the topic scheme's concepts, labelled in both languages
            c = f"https://w3id.org/citykg/topic/t{i}"
            t(c, RDF_TYPE, f"<{CKG.Topic}>")
            t(c, PREF_LABEL, f'"topic {i}"@en')
            t(c, PREF_LABEL, f'"thème {i}"@fr')
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


def _interleaved(fns: dict, repeats: int) -> dict[str, tuple[float, object]]:
    """Median time per function, runs alternated so that load drift hits all alike."""
    times: dict[str, list[float]] = {k: [] for k in fns}
    results: dict[str, object] = {}
    for _ in range(repeats):
        for name, fn in fns.items():
            start = time.perf_counter()
            results[name] = fn()
            times[name].append(time.perf_counter() - start)
    return {k: (statistics.median(v), results[k]) for k, v in times.items()}


def _du_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def _json_rows(data: bytes) -> list[tuple]:
    """SELECT results (JSON) as rows of plain values, for comparing engines."""
    parsed = json.loads(data)
    names = parsed["head"]["vars"]
    return [
        tuple(row.get(n, {}).get("value", "") for n in names)
        for row in parsed["results"]["bindings"]
    ]


def _rdflib_rows(result) -> list[tuple]:
    return [tuple("" if v is None else str(v) for v in row) for row in result]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--rdflib-repeats", type=int, default=2)
    parser.add_argument("--skip-rdflib", action="store_true", help="Oxigraph numbers only")
    args = parser.parse_args()
    load_before = os.getloadavg()
    named = store.named_queries()[NAMED_QUERY]
    queries = {
        "join": (QUERY_LABEL, QUERY, lambda path: store.run_query(QUERY, path)),
        "named": (
            f"named query {NAMED_QUERY}",
            named.sparql,
            lambda path: store.run_named_query(NAMED_QUERY, graph=path),
        ),
    }

    with tempfile.TemporaryDirectory(prefix="citykg-bench-") as tmp:
        tmp_path = Path(tmp)
        trig = tmp_path / "citykg.trig"
        start = time.perf_counter()
        triples = generate(trig, args.events)
        gen_s = time.perf_counter() - start

        start = time.perf_counter()
        store.open_store(trig)  # builds the cache: streamed parse + bulk_extend + compaction
        load_s = time.perf_counter() - start
        rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        cached = store.cache_dir(trig)
        cache_mb = _du_mb(cached)

        # the layout citykg used before: plain bulk load, union flag at query time
        plain_dir = tmp_path / "plain-store"
        start = time.perf_counter()
        plain = ox.Store(str(plain_dir))
        plain.bulk_load(path=str(trig), format=ox.RdfFormat.TRIG)
        plain.flush()
        del plain
        plain_load_s = time.perf_counter() - start
        plain_mb = _du_mb(plain_dir)

        results: dict[str, dict] = {}
        for key, (label, sparql, via_citykg) in queries.items():

            def citykg_query(via=via_citykg) -> bytes:
                return store.format_result(via(trig), "json")

            def raw_query(sparql=sparql) -> bytes:
                raw = ox.Store.read_only(str(cached))
                res = raw.query(sparql)
                return res.serialize(format=ox.QueryResultsFormat.JSON)

            def before_query(sparql=sparql) -> bytes:
                old = ox.Store.read_only(str(plain_dir))
                res = old.query(sparql, use_default_graph_as_union=True)
                return res.serialize(format=ox.QueryResultsFormat.JSON)

            citykg_query()  # warm the OS page cache for both contenders alike
            timed = _interleaved({"citykg": citykg_query, "raw": raw_query}, args.repeats)
            (citykg_s, citykg_out), (raw_s, raw_out) = timed["citykg"], timed["raw"]
            assert json.loads(citykg_out) == json.loads(raw_out), "citykg and raw disagree"
            before_query()
            before_s, _ = _timeit(before_query, max(1, args.repeats // 2))
            results[key] = {
                "query": label,
                "rows": len(_json_rows(citykg_out)),
                "citykg_query_s": round(citykg_s, 3),
                "raw_pyoxigraph_query_s": round(raw_s, 3),
                "previous_layout_union_flag_query_s": round(before_s, 3),
                "ratio_citykg_over_raw": round(citykg_s / raw_s, 3),
                "_rows": _json_rows(citykg_out),
            }

        rdflib_load_s = rdflib_rss_mb = None
        if not args.skip_rdflib:
            import rdflib

            start = time.perf_counter()
            ds = rdflib.Dataset(default_union=True)
            ds.parse(trig, format="trig")
            rdflib_load_s = time.perf_counter() - start
            rdflib_rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            init_ns = {k: rdflib.Namespace(v) for k, v in store.prefixes().items()}
            for key, (_label, sparql, _via) in queries.items():
                runs = []
                for _ in range(args.rdflib_repeats):
                    start = time.perf_counter()
                    rows = _rdflib_rows(ds.query(sparql, initNs=init_ns))
                    runs.append(time.perf_counter() - start)
                rdflib_s = min(runs)  # its best run: the comparison must not flatter citykg
                r = results[key]
                r["rdflib_query_s"] = round(rdflib_s, 2)
                r["rdflib_runs_s"] = [round(x, 1) for x in runs]
                r["rdflib_same_answer"] = _same(rows, r["_rows"])
                r["ratio_rdflib_over_citykg"] = round(rdflib_s / r["citykg_query_s"], 1)
            del ds
    for r in results.values():
        del r["_rows"]

    summary = {
        "triples": triples,
        "named_graphs": args.events // 1000 + 1,
        "generate_s": round(gen_s, 2),
        "streamed_load_s": round(load_s, 2),
        "cache_mb_on_disk": round(cache_mb, 1),
        "peak_rss_mb_after_load": round(rss_mb, 1),
        "previous_layout_load_s": round(plain_load_s, 2),
        "previous_layout_mb_on_disk": round(plain_mb, 1),
        "queries": results,
        "rdflib_load_s_excluded": None if rdflib_load_s is None else round(rdflib_load_s, 1),
        "rdflib_peak_rss_mb": None if rdflib_rss_mb is None else round(rdflib_rss_mb, 1),
        "rdflib_note": (
            "rdflib ran on the whole graph (Dataset with default_union, parsed from the same "
            "TriG); its load is excluded from its query time, which is its fastest run; "
            "Oxigraph times are medians"
        ),
        "load_average_before_after": [round(x, 2) for x in (*load_before[:1], os.getloadavg()[0])],
        "targets": {"citykg_over_raw": "<= 1.3", "rdflib_over_citykg": ">= 10"},
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(summary, indent=2))


def _same(rdflib_rows: list[tuple], oxigraph_rows: list[tuple]) -> bool:
    """Same answers, comparing numbers as numbers (rdflib and Oxigraph spell some alike)."""

    def norm(rows: list[tuple]) -> list[tuple]:
        return sorted(tuple(_num(v) for v in row) for row in rows)

    return norm(rdflib_rows) == norm(oxigraph_rows)


def _num(value: str) -> object:
    try:
        return float(value)
    except ValueError:
        return value


if __name__ == "__main__":
    main()
