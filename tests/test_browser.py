"""Views in REAL headless Chromium: clean load, no network, safe tooltips, search, a layout
that stops, a 2,000-node graph that settles, and the screenshot script.

Chromium missing is a failure, not a skip: these tests are the proof the page works.
"""

from __future__ import annotations

import json
import random
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import Select

from citykg.view import render_cooperation, render_view
from citykg.vocab import CKG, DEFAULT_BASE

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "tests" / "data" / "sample.trig"
CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
RES = DEFAULT_BASE
STABILISE_TIMEOUT = 30.0

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "</script><script>window.__xss=2</script>"
XSS_SVG = '"><svg onload="window.__xss=3">'
XSS_JS = "javascript:window.__xss=4"
HOSTILE_TRIG = """
graph:p2p-zeb {
    city:kigali rdfs:label "IMG Kigali"@en ; skos:altLabel "SCRIPT"@en .
    city:durban skos:altLabel "JS"@en ; rdfs:label "SVG"@fr .
    city:evil a ckg:City ;
        rdfs:label "SVGIMG"@en ;
        skos:altLabel "SCRIPT alias" ;
        owl:sameAs <javascript:window.__xss=6> ;
        ckg:mentionedIn document:p2p-zeb .
    event:2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission ckg:participant city:evil .
    statement:x1 a rdf:Statement, ckg:Assertion ;
        rdf:subject event:2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission ;
        rdf:predicate ckg:participant ;
        rdf:object city:evil ;
        prov:wasDerivedFrom document:p2p-zeb ;
        ckg:evidence "SCRIPT then IMG said JS"@en ;
        ckg:confidence "0.5"^^xsd:decimal .
}
"""


def _turtle(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def write_hostile(directory: Path) -> Path:
    """A copy of the sample with hostile labels, aliases, evidence and a document path."""
    body = HOSTILE_TRIG
    for key, payload in (
        ("SCRIPT", XSS_SCRIPT),
        ("SVG", XSS_SVG),
        ("IMG", XSS_IMG),
        ("JS", XSS_JS),
    ):
        body = body.replace(key, _turtle(payload))
    text = SAMPLE.read_text("utf-8").replace(
        '"seeds/p2p-zeb.txt"', '"' + _turtle(f"seeds/{XSS_IMG}.txt") + '"'
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "citykg.trig").write_text(text + body, "utf-8")
    return directory


def generated_graph(n: int, seed: int = 3) -> Graph:
    """A citykg-shaped graph of ``n`` entities (cities, countries, agencies, exchanges)."""
    rng = random.Random(seed)
    g = Graph()
    groups: dict[str, list[URIRef]] = {}
    for cls, share in (("City", 0.5), ("Country", 0.05), ("Agency", 0.15), ("Exchange", 0.3)):
        for i in range(round(n * share)):
            iri = URIRef(f"{RES}{cls.lower()}/{cls.lower()}-{i:05d}")
            g.add((iri, RDF.type, CKG[cls]))
            g.add((iri, RDFS.label, Literal(f"{cls} {i}", lang="en")))
            groups.setdefault(cls, []).append(iri)
    for city in groups["City"]:
        g.add((city, CKG.locatedIn, rng.choice(groups["Country"])))
    for event in groups["Exchange"]:
        for member in rng.sample(groups["City"], 3):
            g.add((event, CKG.participant, member))
        g.add((event, CKG.organizer, rng.choice(groups["Agency"])))
    return g


@pytest.fixture(scope="module")
def driver():
    for binary in (CHROMIUM, CHROMEDRIVER):
        if not binary.is_file():
            pytest.fail(f"{binary} is missing: browser tests need Debian chromium/chromedriver")
    opts = webdriver.ChromeOptions()
    opts.binary_location = str(CHROMIUM)
    profile = tempfile.mkdtemp(prefix="citykg-chrome-")
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--window-size=1400,900",
        f"--user-data-dir={profile}",
    ):
        opts.add_argument(arg)
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    drv = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=opts)
    drv.set_page_load_timeout(60)
    drv.set_script_timeout(30)
    drv.get("about:blank")
    try:
        yield drv
    finally:
        drv.quit()


def open_page(driver, page: Path) -> dict:
    """Load ``page``, wait until the layout is stabilised; return what the browser saw."""
    driver.get_log("browser")  # drain what earlier pages (or the start page) logged
    driver.get_log("performance")
    url = page.resolve().as_uri()
    start = time.monotonic()
    driver.get(url)
    while not driver.execute_script("return !!(window.citykgView && citykgView.stabilized)"):
        assert time.monotonic() - start < STABILISE_TIMEOUT, f"{page} never stabilised"
        time.sleep(0.05)
    seconds = time.monotonic() - start
    requests = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] != "Network.requestWillBeSent":
            continue
        params = message["params"]
        # Chromium's own new-tab page may still be loading its chrome:// resources when the
        # test starts; everything else (whatever document asked for it) counts.
        if not params.get("documentURL", "").startswith("chrome://"):
            requests.append(params["request"]["url"])
    severe = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    counts = driver.execute_script(
        "var v = citykgView; return v.nodes ? [v.nodes.length, v.edges.length]"
        " : [v.visibleCities, v.visibleArcs]"
    )
    return {
        "url": url,
        "requests": requests,
        "severe": severe,
        "counts": counts,
        "seconds": seconds,
    }


def assert_clean(seen: dict) -> None:
    assert seen["severe"] == []
    foreign = [u for u in seen["requests"] if u != seen["url"] and not u.startswith("data:")]
    assert foreign == [], f"page made requests: {foreign}"
    assert seen["url"] in seen["requests"]  # the log did record the page itself


def positions(driver) -> dict:
    return driver.execute_script("return citykgView.network.getPositions()")


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory):
    out = tmp_path_factory.mktemp("browser") / "sample.html"
    return render_view(SAMPLE, out)


def test_sample_loads_clean_and_draws_everything(driver, sample_page):
    seen = open_page(driver, sample_page.path)
    assert_clean(seen)
    assert seen["counts"] == [sample_page.drawn_nodes, sample_page.drawn_edges] == [20, 21]
    # the canvas really has ink on it: count non-white pixels
    ink = driver.execute_script(
        "var c = document.querySelector('#ckg-network canvas');"
        "var d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data, n = 0;"
        "for (var i = 0; i < d.length; i += 4)"
        "  { if (d[i+3] > 0 && d[i] + d[i+1] + d[i+2] < 600) n++; }"
        "return n;"
    )
    assert ink > 2000


def test_layout_stops_moving(driver, sample_page):
    open_page(driver, sample_page.path)
    first = positions(driver)
    time.sleep(1.0)
    assert positions(driver) == first
    assert driver.execute_script("return citykgView.network.physics.physicsEnabled") is False


def test_search_box_finds_and_selects_a_node(driver, sample_page):
    open_page(driver, sample_page.path)
    box = driver.find_element(By.ID, "ckg-search")
    box.send_keys("pekin")  # French label, no accent, lower case
    items = driver.find_elements(By.CSS_SELECTOR, "#ckg-results li[data-node]")
    assert [i.get_attribute("data-node") for i in items] == [f"{RES}city/beijing"]
    box.send_keys(Keys.ENTER)
    assert driver.execute_script("return citykgView.network.getSelectedNodes()") == [
        f"{RES}city/beijing"
    ]
    details = driver.find_element(By.ID, "ckg-details").text
    assert "Beijing" in details and "Pékin" in details


def _hover(driver, canvas, x: float, y: float) -> None:
    rect = driver.execute_script("return arguments[0].getBoundingClientRect().toJSON()", canvas)
    dx, dy = int(x - rect["width"] / 2), int(y - rect["height"] / 2)
    ActionChains(driver).move_to_element_with_offset(canvas, dx, dy).perform()


def _no_alert(driver) -> None:
    with pytest.raises(NoAlertPresentException):
        driver.switch_to.alert.text  # noqa: B018 - reading it is the check


def test_hostile_graph_hovering_every_node_runs_nothing(driver, tmp_path):
    summary = render_view(write_hostile(tmp_path / "g"), tmp_path / "hostile.html")
    seen = open_page(driver, summary.path)
    assert_clean(seen)
    assert seen["counts"] == [21, 22]
    driver.execute_script("window.__xss = 0")
    canvas = driver.find_element(By.CSS_SELECTOR, "#ckg-network canvas")
    ids = driver.execute_script("return citykgView.nodes.getIds()")
    for node_id in ids:
        # centre this node at a fixed zoom, move the mouse away, then onto it
        center = driver.execute_script(
            "var v = citykgView.network, p = v.getPositions([arguments[0]])[arguments[0]];"
            "v.moveTo({position: p, scale: 1.5, animation: false});"
            "var d = v.canvasToDOM(p); return [d.x, d.y];",
            node_id,
        )
        _hover(driver, canvas, 3, 3)
        _hover(driver, canvas, *center)
        deadline = time.monotonic() + 5
        while driver.execute_script(
            "var t = document.getElementById('ckg-tooltip'); var c = t.firstChild;"
            "return t.hidden || !c || c.getAttribute('data-node') !== arguments[0];",
            node_id,
        ):
            assert time.monotonic() < deadline, f"no tooltip for {node_id}"
            time.sleep(0.05)
        text, markup, label = driver.execute_script(
            "var t = document.getElementById('ckg-tooltip');"
            "var bad = 'img,svg,script,iframe,a[href^=javascript]';"
            "return [t.textContent, t.querySelectorAll(bad).length,"
            " citykgView.nodes.get(arguments[0]).info.label];",
            node_id,
        )
        assert markup == 0
        assert label in text  # the raw text is shown, as text
        _no_alert(driver)
    assert driver.execute_script("return window.__xss") == 0
    # the evil entity's pinned details: hostile text verbatim, only http(s) links
    driver.execute_script("citykgView.select(arguments[0], true)", f"{RES}city/evil")
    details = driver.execute_script(
        "var d = document.getElementById('ckg-details');"
        "return [d.textContent, Array.from(d.querySelectorAll('a')).map(a => a.href)];"
    )
    assert XSS_SVG + XSS_IMG in details[0] and XSS_SCRIPT in details[0]
    assert all(h.startswith(("http://", "https://")) for h in details[1])
    # the search results list shows hostile labels as text too
    box = driver.find_element(By.ID, "ckg-search")
    box.send_keys("onerror")
    results = driver.execute_script(
        "var r = document.getElementById('ckg-results');"
        "return [r.textContent, r.querySelectorAll('img,svg').length, r.children.length];"
    )
    assert results[1] == 0 and results[2] >= 2 and XSS_IMG in results[0]
    # nowhere on the page did markup appear, and no trap fired
    assert (
        driver.execute_script(
            "return document.querySelectorAll('img,svg,iframe,object,embed').length"
        )
        == 0
    )
    assert driver.execute_script("return window.__xss") == 0
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_edge_tooltip_shows_evidence_and_confidence(driver, tmp_path):
    summary = render_view(write_hostile(tmp_path / "g"), tmp_path / "edges.html")
    open_page(driver, summary.path)
    ex = f"{RES}event/2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission"
    edge_id = driver.execute_script(
        "return citykgView.edges.get({filter: e => e.from === arguments[0] &&"
        " e.to === arguments[1]})[0].id;",
        ex,
        f"{RES}city/evil",
    )
    mid = driver.execute_script(
        "var v = citykgView.network, e = citykgView.edges.get(arguments[0]);"
        "var p = v.getPositions([e.from, e.to]), a = p[e.from], b = p[e.to];"
        "var m = {x: (a.x + b.x) / 2, y: (a.y + b.y) / 2};"
        "v.moveTo({position: m, scale: 1.0, animation: false});"
        "var d = v.canvasToDOM(m); return [d.x, d.y];",
        edge_id,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#ckg-network canvas")
    _hover(driver, canvas, 3, 3)
    _hover(driver, canvas, mid[0] + 1, mid[1] + 1)
    deadline = time.monotonic() + 5
    while not driver.execute_script(
        "var c = document.getElementById('ckg-tooltip').firstChild;"
        "return !!c && c.getAttribute('data-edge') === arguments[0];",
        edge_id,
    ):
        assert time.monotonic() < deadline, "no edge tooltip"
        time.sleep(0.05)
    text = driver.execute_script("return document.getElementById('ckg-tooltip').textContent")
    assert f"{XSS_SCRIPT} then {XSS_IMG} said {XSS_JS}" in text
    assert "confidence 0.50" in text
    assert driver.execute_script("return document.querySelectorAll('img,svg').length") == 0


def test_2000_node_graph_loads_and_settles(driver, tmp_path):
    graph = generated_graph(2000)
    reduced = render_view(graph, tmp_path / "big.html")  # default max_nodes=400
    seen = open_page(driver, reduced.path)
    assert_clean(seen)
    assert seen["counts"] == [reduced.drawn_nodes, reduced.drawn_edges]
    assert reduced.drawn_nodes <= 400 and reduced.omitted_nodes > 1500
    assert driver.find_element(By.ID, "ckg-omitted").text.count("+ ") == len(reduced.aggregated)
    assert seen["seconds"] < STABILISE_TIMEOUT
    full = render_view(graph, tmp_path / "full.html", max_nodes=2000)
    seen = open_page(driver, full.path)
    assert_clean(seen)
    assert seen["counts"][0] == 2000
    # labels at first sight: a budget, the most central node of each class among them
    labelled = driver.execute_script("return citykgView.labelled")
    assert 4 <= labelled <= 36
    first = positions(driver)
    time.sleep(1.0)
    assert positions(driver) == first


def test_screenshot_script_writes_a_png(tmp_path):
    out = tmp_path / "shot.png"
    result = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "screenshot.py"),
            str(SAMPLE),
            str(out),
            "--select",
            "Mumbai",
        ],
        capture_output=True,
        text=True,
        timeout=90,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width >= 1000 and height >= 600
    assert len(data) > 30_000  # a blank page compresses to a few KB


def _tooltip(driver) -> dict:
    return driver.execute_script(
        "var t = document.getElementById('ckg-tooltip'), r = t.getBoundingClientRect();"
        "var c = t.firstChild;"
        "return {hidden: t.hidden, text: t.textContent, top: r.top, bottom: r.bottom,"
        " left: r.left, right: r.right, h: window.innerHeight, w: window.innerWidth,"
        " node: c && c.getAttribute('data-node'), link: c && c.getAttribute('data-link'),"
        " city: c && c.getAttribute('data-city')};"
    )


def _wait(driver, script: str, *args, timeout: float = 5.0) -> None:
    deadline = time.monotonic() + timeout
    while not driver.execute_script(script, *args):
        assert time.monotonic() < deadline, f"timed out waiting for: {script}"
        time.sleep(0.05)


def test_overview_tooltip_hides_on_leave_stays_on_screen_and_groups(driver, sample_page):
    open_page(driver, sample_page.path)
    mumbai = f"{RES}city/mumbai"
    center = driver.execute_script(
        "var v = citykgView.network, p = v.getPositions([arguments[0]])[arguments[0]];"
        "v.moveTo({position: p, scale: 1.5, animation: false});"
        "var d = v.canvasToDOM(p); return [d.x, d.y];",
        mumbai,
    )
    canvas = driver.find_element(By.CSS_SELECTOR, "#ckg-network canvas")
    _hover(driver, canvas, 3, 3)
    _hover(driver, canvas, *center)
    _wait(driver, "var t = document.getElementById('ckg-tooltip'); return !t.hidden;")
    tip = _tooltip(driver)
    assert tip["node"] == mumbai
    assert tip["top"] >= 0 and tip["bottom"] <= tip["h"] and tip["left"] >= 0
    assert tip["right"] <= tip["w"]
    # relations grouped by the entity at the other end: the exchange's title once
    title = "Échange de pair à pair dans les bus à zéro émission"
    assert tip["text"].count(title) == 1
    ActionChains(driver).move_to_element(driver.find_element(By.ID, "ckg-title")).perform()
    _wait(driver, "return document.getElementById('ckg-tooltip').hidden;")


def test_overview_legend_hides_classes_and_physics_is_on_demand(driver, sample_page):
    open_page(driver, sample_page.path)
    item = driver.find_element(By.CSS_SELECTOR, '#ckg-legend li[data-class="City"]')
    count_hidden = (
        "return citykgView.nodes.get({filter: n => n.info.cls === 'City' && n.hidden}).length"
    )
    assert driver.execute_script(count_hidden) == 0
    item.click()
    assert driver.execute_script(count_hidden) == 6
    assert item.get_attribute("aria-pressed") == "false"
    item.click()
    assert driver.execute_script(count_hidden) == 0
    physics = "return citykgView.network.physics.physicsEnabled"
    assert driver.execute_script(physics) is False
    button = driver.find_element(By.ID, "ckg-physics")
    button.click()
    assert driver.execute_script(physics) is True
    button.click()
    assert driver.execute_script(physics) is False
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.fixture(scope="module")
def coop_pages(tmp_path_factory):
    base = tmp_path_factory.mktemp("coop")
    hostile = write_hostile(base / "g")
    return {
        (kind, which): render_cooperation(src, base / f"{kind}-{which}.html", kind=kind)
        for kind in ("network", "map")
        for which, src in (("sample", SAMPLE), ("hostile", hostile))
    }


def _filter(driver, select_id: str, value: str) -> None:
    Select(driver.find_element(By.ID, select_id)).select_by_value(value)


@pytest.mark.parametrize("kind", ["network", "map"])
def test_cooperation_page_loads_clean_and_filters(driver, coop_pages, kind):
    summary = coop_pages[(kind, "sample")]
    seen = open_page(driver, summary.path)
    assert_clean(seen)
    assert seen["counts"] == [5, 3]
    counts = driver.find_element(By.ID, "ckg-counts")
    assert counts.text == "5 cities · 3 links · 2 exchanges"
    _filter(driver, "ckg-from", "2024")
    assert counts.text == "2 cities · 1 links · 1 exchanges"
    visible = (
        "return citykgView.edges ? citykgView.edges.get({filter: e => !e.hidden}).length"
        " : citykgView.visibleArcs"
    )
    assert driver.execute_script(visible) == 1
    _filter(driver, "ckg-from", "2023")
    _filter(driver, "ckg-topic", "zero-emission buses")
    assert counts.text == "3 cities · 2 links · 1 exchanges"
    assert driver.execute_script(visible) == 2
    if kind == "map":
        ink = driver.execute_script("return document.querySelectorAll('path.land').length")
        assert ink > 150
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


@pytest.mark.parametrize("kind", ["network", "map"])
def test_links_that_count_more_exchanges_than_they_list_filter_exactly(driver, tmp_path, kind):
    """A link lists at most LISTED_PER_YEAR exchanges a year and counts the rest: the
    header, the arcs and the cards count them all, under every filter."""
    from test_views_coop import TOPICS, exchange_net, expected_links

    from citykg.views.mapview import render_map
    from citykg.views.network import render_network

    net = exchange_net(150)
    render = render_map if kind == "map" else render_network
    summary = render(net, tmp_path / f"{kind}.html")
    links = expected_links(net)
    assert summary.exchanges == len({x for rows in links.values() for _, x, _, _ in rows})
    seen = open_page(driver, summary.path)
    assert_clean(seen)
    counts = driver.find_element(By.ID, "ckg-counts")
    for start, topic in (("2022", ""), ("2023", ""), ("2024", TOPICS[1]), ("2022", TOPICS[0])):
        _filter(driver, "ckg-from", start)
        _filter(driver, "ckg-topic", topic)
        kept = {
            pair: [r for r in rows if r[2] >= int(start) and (not topic or r[3] == topic)]
            for pair, rows in links.items()
        }
        kept = {pair: rows for pair, rows in kept.items() if rows}
        cities = {c for pair in kept for c in pair}
        exchanges = {x for rows in kept.values() for _, x, _, _ in rows}
        assert (
            counts.text == f"{len(cities)} cities · {len(kept)} links · {len(exchanges)} exchanges"
        )
        totals = driver.execute_script(
            "var s = citykgView.shown, out = {};"
            "citykgCoopKit.data.links.forEach(function (l) {"
            " out[l.from + ' ' + l.to] = s[l.id].total; }); return out;"
        )
        assert {k: v for k, v in totals.items() if v} == {
            f"{h} {v}": len(rows) for (h, v), rows in kept.items()
        }
    card = driver.execute_script(
        "var l = citykgCoopKit.data.links.filter(function (l) { return l.more; })[0];"
        "return citykgCoopKit.linkCard(l, citykgView.shown[l.id], true).textContent;"
    )
    assert "more" in card
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def _cooperation_targets(driver, kind: str) -> list:
    if kind == "map":
        return driver.find_elements(By.CSS_SELECTOR, "path.arc, circle.city")
    return driver.execute_script(
        "return citykgView.nodes.getIds().map(i => ['node', i])"
        ".concat(citykgView.edges.getIds().map(i => ['edge', i]))"
    )


def _hover_network_item(driver, what: list) -> None:
    canvas = driver.find_element(By.CSS_SELECTOR, "#ckg-network canvas")
    point = driver.execute_script(
        "var v = citykgView.network, kind = arguments[0], id = arguments[1], p;"
        "if (kind === 'node') { p = v.getPositions([id])[id]; } else {"
        "  var e = citykgView.edges.get(id), q = v.getPositions([e.from, e.to]);"
        "  p = {x: (q[e.from].x + q[e.to].x) / 2, y: (q[e.from].y + q[e.to].y) / 2}; }"
        "v.moveTo({position: p, scale: 1.2, animation: false});"
        "var d = v.canvasToDOM(p); return [d.x, d.y];",
        *what,
    )
    _hover(driver, canvas, 3, 3)
    _hover(driver, canvas, *point)


@pytest.mark.parametrize("kind", ["network", "map"])
def test_cooperation_hostile_page_is_inert_and_tooltips_hide(driver, coop_pages, kind):
    seen = open_page(driver, coop_pages[(kind, "hostile")].path)
    assert_clean(seen)
    driver.execute_script("window.__xss = 0")
    shown, texts = 0, []
    for target in _cooperation_targets(driver, kind):
        if kind == "map":
            ActionChains(driver).move_to_element(target).perform()
        else:
            _hover_network_item(driver, target)
        deadline = time.monotonic() + 3
        while driver.execute_script("return document.getElementById('ckg-tooltip').hidden"):
            if time.monotonic() > deadline:
                break
            time.sleep(0.05)
        tip = _tooltip(driver)
        if tip["hidden"]:
            continue  # a curved link's midpoint may miss it; the others are checked
        shown += 1
        texts.append(tip["text"])
        assert tip["bottom"] <= tip["h"] and tip["right"] <= tip["w"]
        assert (
            driver.execute_script(
                "return document.getElementById('ckg-tooltip').querySelectorAll('*:not(div):not(dl)"
                ":not(dt):not(dd):not(ul):not(li):not(blockquote)').length"
            )
            == 0
        )
        _no_alert(driver)
        ActionChains(driver).move_to_element(driver.find_element(By.ID, "ckg-title")).perform()
        _wait(driver, "return document.getElementById('ckg-tooltip').hidden;")
    assert shown >= 5
    # the hostile label and evidence were shown, verbatim, as text
    assert any(f"{XSS_IMG} Kigali" in t for t in texts)
    if kind == "network":  # the map cannot place the evil city (javascript: sameAs)
        assert any(f"{XSS_SCRIPT} then {XSS_IMG} said {XSS_JS}" in t for t in texts)
    assert (
        driver.execute_script(
            "return document.querySelectorAll('img,iframe,object,embed,foreignObject,svg script').length"
        )
        == 0
    )
    assert driver.execute_script("return document.querySelectorAll('svg').length") == (
        1 if kind == "map" else 0
    )
    assert driver.execute_script("return window.__xss") == 0
    assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []


def test_resource_page_served_over_http_is_inert(driver, tmp_path):
    import threading

    from citykg.serve import make_server

    srv = make_server(write_hostile(tmp_path / "g"), port=0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        driver.get_log("browser")
        driver.get_log("performance")
        url = f"http://127.0.0.1:{srv.server_address[1]}/resource/city/evil"
        driver.get(url)
        title = driver.find_element(By.TAG_NAME, "h1").text
        assert title == XSS_SVG + XSS_IMG  # the hostile label, as text
        requests = [
            json.loads(e["message"])["message"]["params"]["request"]["url"]
            for e in driver.get_log("performance")
            if json.loads(e["message"])["message"]["method"] == "Network.requestWillBeSent"
        ]
        assert [u for u in requests if not u.startswith("chrome")] == [url]
        assert (
            driver.execute_script(
                "return document.querySelectorAll('script,img,svg,iframe,object,embed').length"
            )
            == 0
        )
        assert driver.execute_script("return window.__xss === undefined")
        hrefs = driver.execute_script(
            "return Array.from(document.querySelectorAll('a')).map(a => a.href)"
        )
        assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
        assert [e for e in driver.get_log("browser") if e["level"] == "SEVERE"] == []
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)
