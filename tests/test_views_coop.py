"""The cooperation network and the map: projection, self-contained pages, escaping, CLI."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_view import HOSTILE_STRINGS, XSS_IMG, XSS_SCRIPT, write_hostile

from citykg.cli import main
from citykg.netgraph import to_networkx
from citykg.view import render_cooperation
from citykg.views import geo
from citykg.views.cooperation import cooperation, year_range
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
    assert geo.coordinates("https://sws.geonames.org/1275339/") == pytest.approx((72.88, 19.07), abs=0.01)
    assert geo.coordinates("javascript:alert(1)") is None
    names = [name for name, _ in geo.basemap()]
    assert "India" in names and "Antarctica" not in names


def test_cli_network_and_map(tmp_path):
    runner = CliRunner()
    out = tmp_path / "n.html"
    r = runner.invoke(main, ["view", "--graph", str(SAMPLE), "--network", "cities", "--out", str(out)])
    assert r.exit_code == 0, r.output
    assert r.output.strip() == f"{out}: 5 cities, 3 links, 2 exchanges"
    out = tmp_path / "m.html"
    r = runner.invoke(main, ["view", "--graph", str(SAMPLE), "--map", "--out", str(out)])
    assert r.exit_code == 0 and out.is_file()
    bad = runner.invoke(main, ["view", "--graph", str(SAMPLE), "--map", "--focus", "Mumbai"])
    assert bad.exit_code == 2 and "overview only" in bad.output
