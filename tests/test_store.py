"""citykg.store: loading, queries in every format, named queries, updates, serialisation."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib

from citykg import store
from citykg.errors import CityKGError

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
EXCHANGE = "https://w3id.org/citykg/resource/event/2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission"
CITY = "https://w3id.org/citykg/resource/city/"


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    return tmp_path


def _select(sparql: str, graph: Path, **kw) -> list[dict]:
    data = store.format_result(store.run_query(sparql, graph, **kw), "json")
    return json.loads(data)["results"]["bindings"]


def test_dir_prefers_trig_and_keeps_named_graphs(build_dir: Path) -> None:
    (build_dir / "citykg.ttl").write_text("<http://x/a> <http://x/b> <http://x/c> .\n")
    rows = _select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g", build_dir)
    assert [r["g"]["value"] for r in rows] == [
        "https://w3id.org/citykg/resource/graph/cop29-beijing",
        "https://w3id.org/citykg/resource/graph/p2p-zeb",
    ]


def test_default_graph_is_union_and_counts_match(build_dir: Path) -> None:
    rows = _select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", build_dir)
    ds = rdflib.Dataset()
    ds.parse(SAMPLE, format="trig")
    assert int(rows[0]["n"]["value"]) == len({(s, p, o) for s, p, o, _ in ds.quads()})


_SHARED = """
<http://x/a> <http://x/p> <http://x/b> .
<http://x/g1> { <http://x/a> <http://x/p> <http://x/b> . <http://x/a> <http://x/q> "one" . }
<http://x/g2> { <http://x/a> <http://x/p> <http://x/b> . }
"""


@pytest.mark.issue(4)
def test_default_graph_is_a_set_not_a_bag(tmp_path: Path) -> None:
    """A triple in several graphs is one triple of the whole graph (Oxigraph's union flag
    returned it once per graph), while GRAPH still sees every graph that has it."""
    (tmp_path / "citykg.trig").write_text(_SHARED)
    assert _select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", tmp_path)[0]["n"]["value"] == "2"
    assert len(_select("SELECT ?o WHERE { <http://x/a> <http://x/p> ?o }", tmp_path)) == 1
    described = store.format_result(store.run_query("DESCRIBE <http://x/a>", tmp_path), "ntriples")
    assert len(described.splitlines()) == 2
    rows = _select(
        "SELECT ?g WHERE { GRAPH ?g { <http://x/a> <http://x/p> ?o } } ORDER BY ?g", tmp_path
    )
    assert [r["g"]["value"] for r in rows] == ["http://x/g1", "http://x/g2"]
    # the file's own graphs, as written, for push and dumps
    graphs = store.source_graphs(tmp_path)
    assert [(str(name), len(quads)) for name, quads in graphs] == [
        ("<http://x/g1>", 2),
        ("<http://x/g2>", 1),
        ("None", 1),
    ]


@pytest.mark.issue(12)
def test_memory_store_has_the_query_layout(tmp_path: Path) -> None:
    """Stores made from quads (views of a build) answer as a store loaded from the file."""
    (tmp_path / "citykg.trig").write_text(_SHARED)
    mem = store.memory_store(store.read_quads(tmp_path / "citykg.trig"))
    q = "SELECT (COUNT(*) AS ?n) (COUNT(DISTINCT ?g) AS ?graphs) WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
    from_file = _select(q, tmp_path)
    in_memory = json.loads(store.format_result(store.run_query(q, store=mem), "json"))
    assert in_memory["results"]["bindings"] == from_file
    assert from_file[0]["n"]["value"] == "5" and from_file[0]["graphs"]["value"] == "2"


@pytest.mark.issue(12)
def test_build_directory_answers_from_its_merged_turtle(build_dir: Path) -> None:
    """A query without GRAPH loads only citykg.ttl (the merge); one with GRAPH also loads the
    TriG's named graphs. Nothing is cached on disk."""
    quads = list(store.read_quads(build_dir / "citykg.trig"))
    (build_dir / "citykg.ttl").write_bytes(store.serialize_quads(quads, ox.RdfFormat.TURTLE))
    files = store.graph_files(build_dir)
    assert files.merged == build_dir / "citykg.ttl" and files.dataset == build_dir / "citykg.trig"
    plain = store.open_store(build_dir, named_graphs=False)
    assert list(plain.named_graphs()) == []
    assert len(plain) == len({q.triple for q in quads})
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    assert _select(q, build_dir)[0]["n"]["value"] == str(len(plain))
    rows = _select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", build_dir)
    assert len(rows) == 2
    assert not (build_dir / ".oxigraph").exists()


@pytest.mark.parametrize(
    ("sparql", "named"),
    [
        ("SELECT * WHERE { ?s ?p ?o }", False),
        ("SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", True),
        ("SELECT * FROM NAMED <http://x/g> WHERE { ?s ?p ?o }", True),
        ("SELECT * WHERE { ?s ?p 'GRAPH' } # FROM a comment", False),
        ("SELECT * WHERE { ?s <http://x/GRAPH> ?o }", False),
    ],
)
def test_uses_named_graphs(sparql: str, named: bool) -> None:
    assert store.uses_named_graphs(sparql) is named


def test_load_plain_turtle_file(tmp_path: Path) -> None:
    ttl = tmp_path / "g.ttl"
    ds = rdflib.Dataset()
    ds.parse(SAMPLE, format="trig")
    g = rdflib.Graph()
    for s, p, o, _ in ds.quads():
        g.add((s, p, o))
    ttl.write_text(g.serialize(format="turtle"))
    rows = _select("SELECT ?c WHERE { ?c a <https://w3id.org/citykg/ontology#City> }", ttl)
    assert len(rows) == 6


def test_unparsable_graph_is_one_line_error(tmp_path: Path) -> None:
    bad = tmp_path / "citykg.ttl"
    bad.write_text("<a> <b> .\n")
    with pytest.raises(CityKGError, match=r"citykg.ttl: cannot parse as RDF") as info:
        store.open_store(tmp_path)
    assert "\n" not in str(info.value)


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_select_every_format(build_dir: Path, fmt: str) -> None:
    q = (
        "PREFIX ckg: <https://w3id.org/citykg/ontology#> "
        "SELECT ?city WHERE { ?city a ckg:City } ORDER BY ?city"
    )
    out = store.format_result(store.run_query(q, build_dir), fmt).decode()
    if fmt == "json":
        data = json.loads(out)
        assert data["head"]["vars"] == ["city"]
        assert len(data["results"]["bindings"]) == 6
    elif fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["city"] and rows[1] == [CITY + "baku"] and len(rows) == 7
    elif fmt == "tsv":
        lines = out.splitlines()
        assert lines[0] == "?city" and lines[1] == f"<{CITY}baku>"
    elif fmt == "xml":
        parsed = ox.parse_query_results(out.encode(), ox.QueryResultsFormat.XML)
        assert len(list(parsed)) == 6
    else:
        lines = out.splitlines()
        assert lines[0].strip() == "city" and lines[2].strip() == "city:baku"


def test_table_shows_language_tags(build_dir: Path) -> None:
    """Both labels of a city are told apart by their tag, not shown as the same word twice."""
    q = (
        "PREFIX ckg: <https://w3id.org/citykg/ontology#> "
        "SELECT ?label WHERE { <" + CITY + "baku> rdfs:label ?label } ORDER BY ?label"
    )
    lines = store.format_result(store.run_query(q, build_dir), "table").decode().splitlines()
    cells = [line.strip() for line in lines[2:]]
    assert cells and all(c.startswith('"') and '"@' in c for c in cells), cells
    assert len(set(cells)) == len(cells)
    plain = "SELECT ?n WHERE { BIND(STR('x') AS ?n) }"
    assert (
        store.format_result(store.run_query(plain, build_dir), "table").decode().split()[-1] == "x"
    )


def test_table_says_no_results(build_dir: Path) -> None:
    outcome = store.run_query("SELECT ?s WHERE { ?s a <http://nothing/X> }", build_dir)
    assert store.format_result(outcome, "table") == b"(no results)\n"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json", "xml"])
def test_ask_every_format(build_dir: Path, fmt: str) -> None:
    q = f"ASK {{ <{EXCHANGE}> <https://w3id.org/citykg/ontology#location> <{CITY}mumbai> }}"
    out = store.format_result(store.run_query(q, build_dir), fmt)
    if fmt == "json":
        assert json.loads(out) == {"head": {}, "boolean": True}
    elif fmt == "xml":
        assert bool(ox.parse_query_results(out, ox.QueryResultsFormat.XML)) is True
    else:
        assert out.strip().lower() == b"true"


@pytest.mark.parametrize("fmt", ["table", "turtle", "ntriples"])
def test_construct_formats_parse(build_dir: Path, fmt: str) -> None:
    q = (
        "PREFIX ckg: <https://w3id.org/citykg/ontology#> "
        "CONSTRUCT { ?e ckg:participant ?c } WHERE { ?e ckg:participant ?c }"
    )
    out = store.format_result(store.run_query(q, build_dir), fmt)
    g = rdflib.Graph().parse(data=out, format="nt" if fmt == "ntriples" else "turtle")
    assert len(g) == 6


def test_construct_refuses_table_formats_for_results(build_dir: Path) -> None:
    outcome = store.run_query("CONSTRUCT WHERE { ?s ?p ?o }", build_dir)
    with pytest.raises(CityKGError, match="use turtle or ntriples"):
        store.format_result(outcome, "csv")


def test_syntax_error_is_one_line_with_position(build_dir: Path) -> None:
    with pytest.raises(CityKGError) as info:
        store.run_query("SELECT ?x WHER { ?x ?y ?z }", build_dir)
    msg = str(info.value)
    assert msg.startswith("query: SPARQL syntax error at line 1, column 16: ")
    assert "\n" not in msg


def test_exchanges_by_city_any_case(build_dir: Path) -> None:
    for name in ("Mumbai", "mumbai", "BOMBAY"):
        rows = store.run_named_query("exchanges-by-city", {"city": name}, build_dir)
        data = json.loads(store.format_result(rows, "json"))["results"]["bindings"]
        assert [r["exchange"]["value"] for r in data] == [EXCHANGE], name
        assert data[0]["roles"]["value"] == "host, participant"


def test_who_learned_from_whom(build_dir: Path) -> None:
    out = store.run_named_query("who-learned-from-whom", {}, build_dir)
    rows = json.loads(store.format_result(out, "json"))["results"]["bindings"]
    pairs = {(r["host"]["value"], r["learner"]["value"]) for r in rows}
    assert (CITY + "mumbai", CITY + "kigali") in pairs
    assert (CITY + "mumbai", CITY + "durban") in pairs
    assert all(host == CITY + "mumbai" for host, _ in pairs)  # the COP29 side session is not P2P


@pytest.mark.parametrize(
    ("name", "params", "expected"),
    [
        ("exchanges-by-topic-and-year", {}, [("year", "2023"), ("exchanges", "1")]),
        ("agencies-by-exchanges-organised", {}, [("label", "UrbanShift"), ("exchanges", "1")]),
        ("initiatives-by-target-year", {}, [("targetYear", "2030"), ("leaderLabel", "Mumbai")]),
        ("cities-per-country", {}, [("continent", "Asia"), ("cities", "1")]),
        ("event-timeline", {}, [("startDate", "2023-07-11"), ("place", "Mumbai")]),
    ],
)
def test_named_queries_first_row(build_dir: Path, name: str, params: dict, expected: list) -> None:
    out = store.run_named_query(name, params, build_dir)
    rows = json.loads(store.format_result(out, "json"))["results"]["bindings"]
    assert rows, name
    for key, value in expected:
        assert rows[0][key]["value"] == value, (name, key)


def test_cities_per_country_continents(build_dir: Path) -> None:
    out = store.run_named_query("cities-per-country", {}, build_dir)
    rows = json.loads(store.format_result(out, "json"))["results"]["bindings"]
    continents = {r["countryLabel"]["value"]: r["continent"]["value"] for r in rows}
    assert continents == {
        "Azerbaijan": "Asia",
        "India": "Asia",
        "Rwanda": "Africa",
        "South Africa": "Africa",
    }


def test_evidence_for_kigali(build_dir: Path) -> None:
    out = store.run_named_query("evidence-for", {"subject": "kigali"}, build_dir)
    rows = json.loads(store.format_result(out, "json"))["results"]["bindings"]
    with_evidence = [r for r in rows if "evidence" in r]
    assert len(with_evidence) == 1
    row = with_evidence[0]
    assert row["evidence"]["value"].startswith("Pendant trois jours")
    assert row["confidence"]["value"] == "0.85"
    assert row["document"]["value"].endswith("/document/p2p-zeb")


def test_hostile_parameter_is_inert(build_dir: Path) -> None:
    hostile = 'x" } ; DROP ALL ; #'
    out = store.run_named_query("exchanges-by-city", {"city": hostile}, build_dir)
    assert store.format_result(out, "table") == b"(no results)\n"
    # and the value is matched literally: a label equal to it would be found
    trig = build_dir / "citykg.trig"
    escaped = hostile.replace('"', '\\"')
    trig.write_text(
        trig.read_text()
        + f'\n<{CITY}mumbai> <http://www.w3.org/2004/02/skos/core#altLabel> "{escaped}" .\n'
    )
    out = store.run_named_query("exchanges-by-city", {"city": hostile}, build_dir)
    rows = json.loads(store.format_result(out, "json"))["results"]["bindings"]
    assert [r["city"]["value"] for r in rows] == [hostile]
    assert _select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", build_dir)[0]["n"]["value"] != "0"


def test_named_query_parameter_checks(build_dir: Path) -> None:
    with pytest.raises(CityKGError, match=r"needs --param city="):
        store.run_named_query("exchanges-by-city", {}, build_dir)
    with pytest.raises(CityKGError, match=r"takes no parameter town"):
        store.run_named_query("exchanges-by-city", {"city": "a", "town": "b"}, build_dir)
    with pytest.raises(CityKGError, match=r"no named query 'nope'"):
        store.run_named_query("nope", {}, build_dir)


def test_named_queries_have_headers() -> None:
    queries = store.named_queries()
    for name in (
        "exchanges-by-city",
        "who-learned-from-whom",
        "exchanges-by-topic-and-year",
        "agencies-by-exchanges-organised",
        "initiatives-by-target-year",
        "cities-per-country",
        "event-timeline",
        "evidence-for",
    ):
        assert queries[name].description, name
    assert queries["exchanges-by-city"].params[0][0] == "city"
    assert queries["evidence-for"].params[0][0] == "subject"


@pytest.mark.parametrize(
    "update",
    [
        "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }",
        "# comment\nPREFIX x: <http://x/#>\nDELETE WHERE { ?s ?p ?o }",
        "drop all",
        "CLEAR DEFAULT",
    ],
)
def test_updates_refused_without_flag(build_dir: Path, update: str) -> None:
    before = (build_dir / "citykg.trig").read_bytes()
    with pytest.raises(CityKGError, match="updates are refused; pass --allow-update"):
        store.run_query(update, build_dir)
    assert (build_dir / "citykg.trig").read_bytes() == before


def test_update_applied_with_flag_keeps_named_graphs(build_dir: Path) -> None:
    update = (
        "INSERT DATA { GRAPH <https://w3id.org/citykg/resource/graph/p2p-zeb> "
        f"{{ <{CITY}nairobi> a <https://w3id.org/citykg/ontology#City> }} }}"
    )
    outcome = store.run_query(update, build_dir, allow_update=True)
    assert outcome.kind == "update"
    ds = rdflib.Dataset()
    ds.parse(build_dir / "citykg.trig", format="trig")
    g = ds.graph(rdflib.URIRef("https://w3id.org/citykg/resource/graph/p2p-zeb"))
    assert (rdflib.URIRef(CITY + "nairobi"), rdflib.RDF.type, None) in g
    assert len({c.identifier for c in ds.graphs()} - {rdflib.URIRef("urn:x-rdflib:default")}) == 2
    first = (build_dir / "citykg.trig").read_bytes()
    store.run_query(
        "DELETE DATA { <http://x/none> <http://x/p> <http://x/o> }", build_dir, allow_update=True
    )
    assert (build_dir / "citykg.trig").read_bytes() == first  # deterministic rewrite
    answer = store.run_query(f"ASK {{ <{CITY}nairobi> ?p ?o }}", build_dir)
    assert json.loads(store.format_result(answer, "json"))["boolean"] is True


def test_the_plain_namespace_table_agrees_with_vocab():
    """citykg.namespaces (no rdflib, for the query path) and vocab's rdflib namespaces."""
    from citykg import namespaces, vocab

    assert {k: str(v) for k, v in vocab.PREFIXES.items()} == namespaces.PREFIX_IRIS
    assert vocab.DEFAULT_BASE == namespaces.DEFAULT_BASE and str(vocab.CKG._NS) == namespaces.CKG


def test_citykg_query_does_not_import_rdflib():
    """issue 12: rdflib's import was 0.14 s of citykg query's 0.19 s over raw pyoxigraph."""
    import subprocess
    import sys

    sample = Path(__file__).parent / "data" / "sample.trig"
    code = (
        "import sys\n"
        "from citykg.cli import main\n"
        f"sys.argv = ['citykg', 'query', '--graph', {str(sample)!r}, '--format', 'json',"
        " 'SELECT * WHERE { ?s ?p ?o } LIMIT 1']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('rdflib' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().endswith("False"), out.stdout
    assert '"bindings"' in out.stdout
