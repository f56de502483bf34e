"""Benchmark: render a large generated citykg graph and time it in headless Chromium.

    .venv/bin/python bench/bench_view.py [--nodes 2000] [--max-nodes 400] [--no-browser]

Prints render time, HTML size, drawn counts and (with the browser) the time until the
layout has stabilised and stopped. Not a test: numbers go into the report/README.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from citykg.vocab import CKG, DEFAULT_BASE

_MIX = (
    ("City", 0.45),
    ("Country", 0.05),
    ("Agency", 0.12),
    ("Exchange", 0.2),
    ("Event", 0.06),
    ("Initiative", 0.06),
    ("Topic", 0.06),
)


def make_graph(n: int, seed: int = 1) -> Graph:
    """A citykg-shaped graph of about ``n`` entities (deterministic for a seed)."""
    rng = random.Random(seed)
    graph = Graph()
    by_cls: dict[str, list[URIRef]] = {}
    for cls, share in _MIX:
        count = max(1, round(n * share))
        segment = "topic" if cls == "Topic" else cls.lower()
        for i in range(count):
            iri = URIRef(f"{DEFAULT_BASE}{segment}/{cls.lower()}-{i:05d}")
            graph.add((iri, RDF.type, CKG[cls]))
            graph.add((iri, RDFS.label, Literal(f"{cls} {i}", lang="en")))
            by_cls.setdefault(cls, []).append(iri)
    cities, agencies = by_cls["City"], by_cls["Agency"]
    for city in cities:
        graph.add((city, CKG.locatedIn, rng.choice(by_cls["Country"])))
        if rng.random() < 0.2:
            graph.add((city, CKG.supportedBy, rng.choice(agencies)))
    for event in by_cls["Exchange"] + by_cls["Event"]:
        for member in rng.sample(cities, 3) + rng.sample(agencies, 1):
            graph.add((event, CKG.participant, member))
        graph.add((event, CKG.location, rng.choice(cities)))
        graph.add((event, CKG.organizer, rng.choice(agencies)))
        graph.add((event, CKG.topic, rng.choice(by_cls["Topic"])))
        graph.add((event, CKG.startDate, Literal("2024-11-21", datatype=XSD.date)))
    for initiative in by_cls["Initiative"]:
        graph.add((initiative, CKG.ledBy, rng.choice(cities)))
        graph.add((initiative, CKG.topic, rng.choice(by_cls["Topic"])))
    return graph


def browser_time(page: Path, timeout: float = 60.0) -> tuple[float, int, int]:
    """Seconds until the page's layout has stabilised and physics is off; drawn counts."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        f"--user-data-dir={tempfile.mkdtemp()}",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_page_load_timeout(timeout)
        start = time.perf_counter()
        driver.get(page.resolve().as_uri())
        deadline = start + timeout
        while time.perf_counter() < deadline:
            if driver.execute_script("return !!(window.citykgView && citykgView.stabilized)"):
                break
            time.sleep(0.05)
        elapsed = time.perf_counter() - start
        counts = driver.execute_script("return [citykgView.nodes.length, citykgView.edges.length]")
        return elapsed, counts[0], counts[1]
    finally:
        driver.quit()


def main() -> None:
    from citykg.view import render_view

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--max-nodes", type=int, default=400)
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    graph = make_graph(args.nodes)
    from citykg.stats import graph_stats

    start = time.perf_counter()
    graph_stats(graph)
    print(f"nodes={args.nodes}: stats {time.perf_counter() - start:.2f}s")
    with tempfile.TemporaryDirectory() as tmp:
        for limit in sorted({args.max_nodes, args.nodes + 100}):
            out = Path(tmp) / f"view-{limit}.html"
            start = time.perf_counter()
            summary = render_view(graph, out, max_nodes=limit)
            render_s = time.perf_counter() - start
            line = (
                f"nodes={args.nodes} max_nodes={limit}: render {render_s:.2f}s, "
                f"{out.stat().st_size / 1e6:.2f} MB, drawn {summary.drawn_nodes} nodes / "
                f"{summary.drawn_edges} edges, omitted {summary.omitted_nodes}"
            )
            if not args.no_browser:
                secs, n, e = browser_time(out)
                line += f"; browser stabilised in {secs:.2f}s ({n} nodes, {e} edges)"
            print(line)


if __name__ == "__main__":
    main()
