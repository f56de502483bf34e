"""citykg.view: self-contained, escaped, deterministic HTML views and their filters."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from citykg.cli import main
from citykg.errors import CityKGError
from citykg.view import render_view, script_json
from citykg.vocab import CKG, DEFAULT_BASE

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
RES = DEFAULT_BASE
EXCHANGE = f"{RES}event/2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission"

XSS_IMG = '<img src=x onerror="window.__xss=1">'
XSS_SCRIPT = "</script><script>window.__xss=2</script>"
XSS_SVG = '"><svg onload="window.__xss=3">'
XSS_JS = "javascript:window.__xss=4"

#: Appended to a copy of the sample: TriG merges the repeated named-graph blocks.
HOSTILE_TRIG = f"""
graph:p2p-zeb {{
    city:kigali rdfs:label "{XSS_IMG} Kigali"@en ;
        skos:altLabel "{XSS_SCRIPT}"@en .
    city:durban skos:altLabel "{XSS_JS}"@en ;
        rdfs:label "{XSS_SVG}"@fr .
    city:evil a ckg:City ;
        rdfs:label "{XSS_SVG}{XSS_IMG}"@en ;
        skos:altLabel "&lt;b&gt;bold&lt;/b&gt; \u2028 line"@en ;
        owl:sameAs <javascript:window.__xss=6> ;
        ckg:mentionedIn document:p2p-zeb .
    event:2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission ckg:participant city:evil .
    statement:x1 a rdf:Statement, ckg:Assertion ;
        rdf:subject event:2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission ;
        rdf:predicate ckg:participant ;
        rdf:object city:evil ;
        prov:wasDerivedFrom document:p2p-zeb ;
        ckg:evidence "{XSS_SCRIPT} then {XSS_IMG} said {XSS_JS}"@en ;
        ckg:confidence "0.5"^^xsd:decimal .
}}
"""
HOSTILE_STRINGS = (XSS_IMG, XSS_SCRIPT, XSS_SVG)


def _escape_for_turtle(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"')


def write_hostile(directory: Path) -> Path:
    """Build the hostile fixture by substitution (Turtle-escaping every payload)."""
    directory.mkdir(parents=True, exist_ok=True)
    body = HOSTILE_TRIG
    for payload in (XSS_IMG, XSS_SCRIPT, XSS_SVG, XSS_JS):
        body = body.replace(payload, _escape_for_turtle(payload))
    text = SAMPLE.read_text("utf-8").replace(
        '"seeds/p2p-zeb.txt"', '"' + _escape_for_turtle(f"seeds/{XSS_IMG}.txt") + '"'
    )
    (directory / "citykg.trig").write_text(text + body, "utf-8")
    return directory


def page_data(html_text: str) -> dict:
    match = re.search(
        r'<script type="application/json" id="ckg-data">(.*?)</script>', html_text, re.S
    )
    assert match, "data block missing"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory) -> tuple[Path, str]:
    out = tmp_path_factory.mktemp("view") / "index.html"
    summary = render_view(SAMPLE, out)
    assert (summary.nodes, summary.edges, summary.omitted_nodes) == (20, 21, 0)
    return out, out.read_text("utf-8")


def test_page_is_self_contained(sample_page):
    _, page = sample_page
    assert not re.search(r"<script[^>]*\ssrc\s*=", page, re.I)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"(src|href)\s*=\s*[\"']?\s*(https?:)?//", page, re.I)
    assert not re.search(r"@import|url\(\s*[\"']?(https?:)?//", page, re.I)
    for host in ("cdnjs.cloudflare.com", "cdn.jsdelivr.net", "unpkg.com", "bootstrapcdn"):
        assert host not in page  # pyvis's own templates load these
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]*)"', page)
    assert csp, "no Content-Security-Policy"
    policy = html.unescape(csp.group(1))
    assert "default-src 'none'" in policy and "connect-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert page.count("</script>") == 3  # data, vis-network, citykg; nothing else


def test_counts_title_legend_and_search_box(sample_page):
    _, page = sample_page
    data = page_data(page)
    assert len(data["nodes"]) == 20 and len(data["edges"]) == 21
    assert "20 entities · 21 relations" in page
    assert 'id="ckg-search"' in page
    assert re.search(r'data-class="City">.*City <span class="count">6</span>', page)
    labels = {e["label"] for e in data["edges"]}
    assert {"participant", "located in", "part of"} <= labels
    # positions computed in Python: the page opens settled, physics only on demand
    assert data["options"]["physics"]["enabled"] is False
    assert all(isinstance(n["x"], float) and isinstance(n["y"], float) for n in data["nodes"])
    assert sorted(n["labelRank"] for n in data["nodes"]) == list(range(20))
    assert 'id="ckg-physics"' in page
    # the most central node of every class is among the first labels drawn
    classes = {n["info"]["cls"] for n in data["nodes"]}
    first = {n["info"]["cls"] for n in data["nodes"] if n["labelRank"] < len(classes)}
    assert first == classes


def test_summary_edges_say_what_they_stand_for(tmp_path):
    graph = Graph()
    hub = URIRef(f"{RES}city/hub")
    graph.add((hub, RDF.type, CKG.City))
    graph.add((hub, RDFS.label, Literal("Hub", lang="en")))
    for i in range(30):
        ev = URIRef(f"{RES}event/e{i:02d}")
        graph.add((ev, RDF.type, CKG.Exchange))
        graph.add((ev, RDFS.label, Literal(f"Exchange {i}", lang="en")))
        graph.add((ev, CKG.location, hub))
    summary = render_view(graph, tmp_path / "v.html", max_nodes=10)
    data = page_data((tmp_path / "v.html").read_text("utf-8"))
    folded = [e["label"] for e in data["edges"] if e["id"].startswith("a")]
    assert folded and summary.omitted_nodes > 0
    assert all("×" not in label for label in folded)
    assert any(re.fullmatch(r"location: \d+ relations", label) for label in folded)


def test_render_is_deterministic(tmp_path):
    a = render_view(SAMPLE, tmp_path / "a.html").path.read_bytes()
    b = render_view(SAMPLE, tmp_path / "b.html").path.read_bytes()
    assert a == b


def test_script_json_escapes_markup_and_line_terminators():
    value = {"s": "</script><!-- & \u2028\u2029 >"}
    text = script_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_hostile_text_never_becomes_markup(tmp_path):
    graph_dir = write_hostile(tmp_path / "g")
    summary = render_view(graph_dir, tmp_path / "hostile.html")
    page = summary.path.read_text("utf-8")
    for payload in HOSTILE_STRINGS:
        assert payload not in page
    assert "<img" not in page and "<svg" not in page
    assert page.count("</script>") == 3  # only our own three script elements close
    data = page_data(page)
    labels = {n["info"]["label"] for n in data["nodes"]}
    assert f"{XSS_IMG} Kigali" in labels  # the raw text survives as data, not markup
    evil = next(n for n in data["nodes"] if n["id"] == f"{RES}city/evil")
    assert evil["info"]["geonames"] == "" and evil["info"]["wikidata"] == ""
    evidence = [s for e in data["edges"] for s in e["info"]["evidence"]]
    assert any(XSS_SCRIPT in s for s in evidence)


def test_hostile_document_name_in_title_is_escaped(tmp_path):
    graph_dir = write_hostile(tmp_path / "g")
    summary = render_view(graph_dir, tmp_path / "doc.html", document=f"seeds/{XSS_IMG}.txt")
    page = summary.path.read_text("utf-8")
    assert XSS_IMG not in page
    assert (
        "<title>citykg — seeds/&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;.txt</title>"
        in page
    )


@pytest.mark.parametrize(
    ("kwargs", "nodes", "edges"),
    [
        ({"focus": "Mumbai"}, 4, 4),
        ({"focus": "bombay", "depth": 0}, 1, 0),
        ({"focus": "PEKIN", "depth": 2}, 6, 6),
        ({"focus": f"{RES}city/mumbai", "depth": 2}, 9, 10),
        ({"classes": ["City"]}, 6, 0),
        ({"classes": ["event"]}, 3, 1),  # Exchange ⊑ Event
        ({"classes": ["City,Country"]}, 11, 4),
        ({"document": "seeds/p2p-zeb.txt"}, 11, 12),
        ({"document": "p2p-zeb.txt"}, 11, 12),
        ({"document": f"{RES}document/cop29-beijing"}, 9, 9),
        ({"document": "p2p-zeb.txt", "classes": ["City"]}, 3, 0),
        ({"focus": "Kigali", "classes": ["Country"]}, 2, 1),  # focus always kept
    ],
)
def test_filters(tmp_path, kwargs, nodes, edges):
    summary = render_view(SAMPLE, tmp_path / "v.html", **kwargs)
    assert (summary.nodes, summary.edges) == (nodes, edges)
    data = page_data(summary.path.read_text("utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (nodes, edges)


def test_focus_and_document_errors_name_the_thing(tmp_path):
    # no look-alike: say so, never offer names that only share letters (issue 14)
    with pytest.raises(CityKGError, match=r"^Atlantis: no entity") as unknown:
        render_view(SAMPLE, tmp_path / "v.html", focus="Atlantis")
    assert "no entity has a similar name" in str(unknown.value)
    assert "did you mean" not in str(unknown.value)
    # a typo: the label as the graph writes it
    with pytest.raises(CityKGError, match=r"did you mean Mumbai\?"):
        render_view(SAMPLE, tmp_path / "v.html", focus="Mumbay")
    with pytest.raises(CityKGError, match=r"^nowhere\.txt: no such document"):
        render_view(SAMPLE, tmp_path / "v.html", document="nowhere.txt")
    with pytest.raises(CityKGError, match=r"^Town: unknown class"):
        render_view(SAMPLE, tmp_path / "v.html", classes=["Town"])
    assert not (tmp_path / "v.html").exists()


def test_small_max_nodes_folds_by_class_and_keeps_focus(tmp_path):
    summary = render_view(SAMPLE, tmp_path / "v.html", focus="Mumbai", depth=9, max_nodes=8)
    assert summary.drawn_nodes <= 8
    assert summary.nodes + summary.omitted_nodes == 11  # Mumbai's component
    assert sum(summary.aggregated.values()) == summary.omitted_nodes
    page = summary.path.read_text("utf-8")
    data = page_data(page)
    ids = {n["id"] for n in data["nodes"]}
    assert f"{RES}city/mumbai" in ids
    for cls, count in summary.aggregated.items():
        assert f"+ {count} more {cls}" in page  # said on the page, not only in the graph
    assert 'id="ckg-omitted"' in page


def generated_graph(n: int) -> Graph:
    """Star-ish graph: hub cities with many events; deterministic."""
    g = Graph()
    cities = [URIRef(f"{RES}city/c{i:04d}") for i in range(n // 4)]
    for i, city in enumerate(cities):
        g.add((city, RDF.type, CKG.City))
        g.add((city, RDFS.label, Literal(f"City {i}", lang="en")))
    for i in range(n - len(cities)):
        event = URIRef(f"{RES}event/e{i:04d}")
        g.add((event, RDF.type, CKG.Exchange))
        g.add((event, RDFS.label, Literal(f"Exchange {i}", lang="en")))
        g.add((event, CKG.participant, cities[0]))  # city 0 is the hub
        g.add((event, CKG.participant, cities[1 + i % (len(cities) - 1)]))
    return g


def test_large_graph_keeps_most_central_and_links_summaries(tmp_path):
    summary = render_view(generated_graph(600), tmp_path / "big.html", max_nodes=100)
    assert summary.drawn_nodes <= 100
    assert summary.nodes + summary.omitted_nodes == 600
    assert set(summary.aggregated) == {"City", "Exchange"}
    data = page_data(summary.path.read_text("utf-8"))
    ids = {n["id"] for n in data["nodes"]}
    assert f"{RES}city/c0000" in ids  # the hub is the most central node
    summary_edges = [e for e in data["edges"] if e["info"].get("aggregate")]
    assert summary_edges and all(e["id"].startswith("a") for e in summary_edges)
    assert {e["to"] for e in summary_edges} >= {"citykg:more:City"}


def test_french_page(tmp_path):
    summary = render_view(SAMPLE, tmp_path / "fr.html", lang="fr")
    page = summary.path.read_text("utf-8")
    assert '<html lang="fr">' in page and "Ville" in page and "entités" in page
    labels = {n["label"] for n in page_data(page)["nodes"]}
    assert "Pékin" in labels


def test_cli_view_and_errors(tmp_path):
    runner = CliRunner()
    out = tmp_path / "v.html"
    result = runner.invoke(
        main,
        ["view", "--graph", str(SAMPLE), "--focus", "Kigali", "--depth", "1", "--out", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"{out}: 3 entities, 2 relations"
    assert out.is_file()
    bad = runner.invoke(
        main, ["view", "--graph", str(SAMPLE), "--document", "x.txt", "--out", str(out)]
    )
    assert bad.exit_code == 1
    assert bad.output.strip() == "Error: x.txt: no such document in the graph (2 documents)"
    missing = runner.invoke(main, ["view", "--graph", str(tmp_path / "nothing")])
    assert missing.exit_code == 1 and "Traceback" not in missing.output


def test_cli_default_out_is_beside_the_graph(tmp_path):
    (tmp_path / "citykg.trig").write_bytes(SAMPLE.read_bytes())
    result = CliRunner().invoke(main, ["view", "--graph", str(tmp_path), "--class", "Agency"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "view.html").is_file()
    assert "4 entities, 0 relations" in result.output


def test_empty_selection_still_renders(tmp_path):
    summary = render_view(Graph(), tmp_path / "empty.html")
    page = summary.path.read_text("utf-8")
    assert (summary.nodes, summary.edges) == (0, 0)
    assert "No entity matches this view." in page
    assert page_data(page)["nodes"] == []


def test_focus_outside_the_document_is_an_error(tmp_path):
    with pytest.raises(CityKGError, match=r"^Baku: not in document seeds/p2p-zeb.txt"):
        render_view(SAMPLE, tmp_path / "v.html", focus="Baku", document="p2p-zeb.txt")


def test_options_survive_pyvis_set_options(sample_page):
    face = page_data(sample_page[1])["options"]["nodes"]["font"]["face"]
    assert face == "system-ui,-apple-system,Roboto,Arial,sans-serif"


def test_a_page_lists_a_bounded_number_of_documents_and_counts_the_rest(tmp_path):
    """A city of a 20,000-document graph is mentioned in most documents: its card lists the
    first SHOWN_DOCUMENTS and says how many more; a relation keeps the sentences a card shows."""
    import networkx as nx

    from citykg.views import overview
    from citykg.views.cooperation import SHOWN_DOCUMENTS, ExchangeRef

    names = [f"notes/visit-{i:05d}.txt" for i in range(overview.SHOWN_DOCUMENTS + 42)]
    net = nx.MultiDiGraph()
    net.add_node("c", label="Port Aldine", cls="City", documents=names)
    net.add_node("x", label="Tram depot tour", cls="Exchange", documents=names[:2])
    sentences = [f"The depot crew of Port Aldine explained step {i}." for i in range(7)]
    net.add_edge("x", "c", key="location", label="location", evidence=sentences, documents=names)
    nodes, edges, _, _ = overview.build_items(net, ["c", "x"], {}, "en")
    city = next(n for n in nodes if n["id"] == "c")["info"]
    assert city["documents"] == names[: overview.SHOWN_DOCUMENTS]
    assert city["documentsMore"] == 42
    exchange = next(n for n in nodes if n["id"] == "x")["info"]
    assert exchange["documents"] == names[:2] and "documentsMore" not in exchange
    (edge,) = edges
    assert edge["info"]["evidence"] == sentences[: overview.SHOWN_EVIDENCE]
    assert edge["info"]["documentsMore"] == 42
    ref = ExchangeRef("x", "Tram depot tour", "2031-05-02", 2031, [], sentences, names)
    assert ref.as_json()["documents"] == names[:SHOWN_DOCUMENTS]
    assert ref.as_json()["evidence"] == sentences[:3]
