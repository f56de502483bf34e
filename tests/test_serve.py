"""citykg serve: a real HTTP SPARQL endpoint on 127.0.0.1, queried with SPARQLWrapper."""

from __future__ import annotations

import shutil
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import rdflib
from SPARQLWrapper import CSV, JSON, POST, TURTLE, XML, SPARQLWrapper

from citykg.serve import make_server, negotiate

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
CKG = "https://w3id.org/citykg/ontology#"


@pytest.fixture
def server(tmp_path: Path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    (tmp_path / "index.html").write_text("<h1>citykg index</h1>")
    (tmp_path / "cities.html").write_text("<p>cities view</p>")
    (tmp_path.parent / "secret.html").write_text("secret")
    srv = make_server(tmp_path, port=0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _wrapper(base: str, query: str, fmt: str = JSON) -> SPARQLWrapper:
    sw = SPARQLWrapper(f"{base}/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    sw.setTimeout(10)
    return sw


def test_select_json_get_and_post(server: str) -> None:
    q = f"SELECT ?c WHERE {{ ?c a <{CKG}City> }} ORDER BY ?c"
    data = _wrapper(server, q).queryAndConvert()
    assert [b["c"]["value"].rsplit("/", 1)[-1] for b in data["results"]["bindings"]] == [
        "baku",
        "beijing",
        "durban",
        "kigali",
        "mumbai",
        "turku",
    ]
    sw = _wrapper(server, q)
    sw.setMethod(POST)
    assert len(sw.queryAndConvert()["results"]["bindings"]) == 6


def test_select_xml_and_csv(server: str) -> None:
    q = f"SELECT ?c WHERE {{ ?c a <{CKG}Country> }}"
    xml = _wrapper(server, q, XML).queryAndConvert()
    assert len(xml.getElementsByTagName("result")) == 5
    csv_bytes = _wrapper(server, q, CSV).queryAndConvert()
    assert csv_bytes.decode().splitlines()[0] == "c" and len(csv_bytes.decode().splitlines()) == 6


def test_ask(server: str) -> None:
    yes = _wrapper(server, f"ASK {{ ?e <{CKG}location> ?c }}").queryAndConvert()
    no = _wrapper(server, "ASK { ?e <http://nothing/p> ?c }").queryAndConvert()
    assert yes["boolean"] is True and no["boolean"] is False


def test_construct_turtle(server: str) -> None:
    q = f"CONSTRUCT {{ ?e <{CKG}participant> ?c }} WHERE {{ ?e <{CKG}participant> ?c }}"
    data = _wrapper(server, q, TURTLE).queryAndConvert()
    g = rdflib.Graph().parse(data=data, format="turtle")
    assert len(g) == 6


def test_update_refused(server: str) -> None:
    sw = SPARQLWrapper(f"{server}/sparql", updateEndpoint=f"{server}/sparql")
    sw.setMethod(POST)
    sw.setQuery("INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }")
    with pytest.raises(Exception) as info:  # SPARQLWrapper wraps the HTTP 403
        sw.query()
    assert "403" in str(info.value) or "read-only" in str(info.value)
    ask = _wrapper(server, "ASK { <http://x/a> ?p ?o }").queryAndConvert()
    assert ask["boolean"] is False
    req = urllib.request.Request(
        f"{server}/sparql",
        data=b"DROP ALL",
        headers={"Content-Type": "application/sparql-query"},
        method="POST",
    )
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(req, timeout=5)
    assert err.value.code == 403


def test_syntax_error_is_400(server: str) -> None:
    with pytest.raises(urllib.error.HTTPError) as err:
        urllib.request.urlopen(f"{server}/sparql?query=SELECT%20%3Fx%20WHER%20%7B%7D", timeout=5)
    assert err.value.code == 400
    assert b"SPARQL syntax error at line 1" in err.value.read()


def test_static_pages_and_traversal(server: str) -> None:
    with urllib.request.urlopen(f"{server}/", timeout=5) as resp:
        assert resp.headers["Access-Control-Allow-Origin"] is None  # issue 11: no CORS unless asked
        assert b"citykg index" in resp.read()
    with urllib.request.urlopen(f"{server}/cities.html", timeout=5) as resp:
        assert b"cities view" in resp.read()
    for path in ("/../secret.html", "/%2e%2e/secret.html", "/..%2Fsecret.html", "/citykg.trig"):
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(f"{server}{path}", timeout=5)
        assert err.value.code == 404, path


def test_negotiate() -> None:
    offered = {"text/csv": 1, "application/sparql-results+json": 1}
    assert negotiate("text/csv;q=0.5, application/sparql-results+json", offered, "x") == (
        "application/sparql-results+json"
    )
    assert negotiate("*/*", offered, "application/sparql-results+json") == (
        "application/sparql-results+json"
    )
    assert negotiate("text/csv", offered, "application/sparql-results+json") == "text/csv"
