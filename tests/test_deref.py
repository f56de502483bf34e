"""Dereferenceable linked data: real HTTP on 127.0.0.1 (content negotiation, 404, 406,
HEAD) and the static site publish writes (a page, a .ttl and a .jsonld per resource)."""

from __future__ import annotations

import http.client
import json
import re
import shutil
import threading
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
import rdflib
from test_view import XSS_IMG, XSS_SCRIPT, write_hostile

from citykg import deref
from citykg.serve import make_server

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
KIGALI = "https://w3id.org/citykg/resource/city/kigali"


@pytest.fixture
def server(tmp_path: Path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    yield from _serve(tmp_path)


@pytest.fixture
def hostile_server(tmp_path: Path):
    yield from _serve(write_hostile(tmp_path / "g"))


def _serve(directory: Path):
    srv = make_server(directory, port=0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield srv.server_address[1]
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def fetch(port: int, path: str, accept: str | None = None, method: str = "GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Accept": accept} if accept is not None else {}
    conn.request(method, path, headers=headers)
    resp = conn.getresponse()
    body = resp.read()
    conn.close()
    return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body


@pytest.mark.parametrize(
    ("accept", "media"),
    [
        (None, "text/html"),
        ("*/*", "text/html"),
        ("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8", "text/html"),
        ("text/turtle", "text/turtle"),
        ("application/ld+json", "application/ld+json"),
        ("application/n-triples", "application/n-triples"),
        ("text/html;q=0.5, text/turtle;q=0.9", "text/turtle"),
        ("application/*", "application/ld+json"),
    ],
)
def test_content_negotiation(server, accept, media):
    status, headers, body = fetch(server, "/resource/city/kigali", accept)
    assert status == 200
    assert headers["content-type"] == f"{media}; charset=utf-8"
    assert headers["vary"] == "Accept"
    ext = deref.MEDIA[media][0]
    assert headers["content-location"] == f"/resource/city/kigali.{ext}"
    if media == "text/html":
        assert b"<h1>Kigali</h1>" in body
        return
    fmt = {"text/turtle": "turtle", "application/ld+json": "json-ld", "application/n-triples": "nt"}
    g = rdflib.Graph().parse(data=body.decode("utf-8"), format=fmt[media])
    city = rdflib.URIRef(KIGALI)
    assert (city, rdflib.RDF.type, rdflib.URIRef("https://w3id.org/citykg/ontology#City")) in g
    # the evidence travels with the resource
    assert any("Kigali" in str(o) for o in g.objects(None, rdflib.URIRef(str(deref.EVIDENCE))))


def test_file_like_urls_unknown_resources_head_and_406(server):
    status, headers, body = fetch(server, "/resource/city/mumbai.ttl", "text/html")
    assert status == 200 and headers["content-type"].startswith("text/turtle")
    assert "vary" not in headers  # the URL fixes the format
    assert fetch(server, "/resource/city/atlantis")[0] == 404
    assert fetch(server, "/resource/city/atlantis.ttl")[0] == 404
    assert fetch(server, "/resource/city/mumbai", "image/png")[0] == 406
    status, headers, body = fetch(server, "/resource/city/mumbai", "text/turtle", method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 100
    assert headers["content-type"].startswith("text/turtle")
    # the server's other routes are untouched
    assert fetch(server, "/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D")[0] == 200


def test_named_graphs_dereference_to_their_content(server):
    status, _h, body = fetch(server, "/resource/graph/p2p-zeb", "text/turtle")
    assert status == 200
    g = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (rdflib.URIRef(KIGALI), rdflib.RDFS.label, rdflib.Literal("Kigali", lang="en")) in g
    status, _h, body = fetch(server, "/resource/graph/p2p-zeb")
    assert status == 200 and b'href="/resource/city/kigali"' in body


def test_ontology_and_topics_dereference(server):
    status, headers, body = fetch(server, "/ontology")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b'id="City"' in body  # ckg:City = /ontology#City
    status, headers, body = fetch(server, "/ontology", "text/turtle")
    g = rdflib.Graph().parse(data=body.decode("utf-8"), format="turtle")
    assert (rdflib.URIRef("https://w3id.org/citykg/ontology#City"), rdflib.RDF.type, rdflib.OWL.Class) in g
    status, headers, body = fetch(server, "/topic/zero-emission-buses", "application/ld+json")
    assert status == 200
    assert any(n.get("@id", "").endswith("/topic/zero-emission-buses") for n in json.loads(body))


def test_resource_page_shows_relations_with_evidence_and_links(server):
    status, headers, body = fetch(server, "/resource/city/kigali")
    page = body.decode("utf-8")
    assert "default-src 'none'" in headers["content-security-policy"]
    assert "<script" not in page
    assert 'href="https://sws.geonames.org/202061/"' in page
    # the exchange Kigali took part in, linked, with the sentence, document and confidence
    assert re.search(r'participant ← <a href="/resource/event/2023-07-11-[^"]+">', page)
    assert "<blockquote>" in page and "confidence" in page and "Échange entre pairs" in page
    for href in re.findall(r'href="(/resource/[^"#]+)"', page):
        assert fetch(server, href)[0] == 200, href


def test_hostile_labels_are_text_on_resource_pages(hostile_server):
    status, _headers, body = fetch(hostile_server, "/resource/city/evil")
    page = body.decode("utf-8")
    assert status == 200
    assert XSS_IMG not in page and XSS_SCRIPT not in page and "<img" not in page
    assert "&lt;img src=x onerror=" in page
    assert "javascript:" not in re.findall(r'href="([^"]*)"', page).__str__()


def test_negotiation_rules():
    assert deref.choose("") == "text/html"
    assert deref.choose("text/turtle;q=0, */*;q=0.1") == "text/html"
    assert deref.choose("application/json") == "application/ld+json"
    assert deref.choose("image/*") is None


def test_publish_site_static_files_and_rules(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    out = tmp_path / "site"
    written = deref.publish_site(tmp_path, out)
    for ext in ("html", "ttl", "jsonld"):
        assert (out / "resource" / "city" / f"mumbai.{ext}").is_file()
    rdflib.Graph().parse(out / "resource/city/mumbai.ttl", format="turtle")
    rdflib.Graph().parse(out / "resource/city/mumbai.jsonld", format="json-ld")
    htaccess = (out / ".htaccess").read_text()
    assert "RewriteCond %{HTTP_ACCEPT} text/turtle" in htaccess and "Vary Accept" in htaccess
    assert "try_files $uri $uri$citykg_ext" in (out / "nginx.conf").read_text()
    assert out / "resources.html" in written
    # every relative link of every page leads to a file the site has (or to the web)
    pages = [p for p in written if p.suffix == ".html"]
    for page in pages:
        for href in re.findall(r'href="([^"]+)"', page.read_text("utf-8")):
            if urlsplit(href).scheme:
                continue
            target = urljoin(page.as_uri(), href.split("#")[0])
            path = Path(unquote(urlsplit(target).path))
            if path.name == "index.html" and path.parent.name == "ontology":
                continue  # written by publish, beside the site
            assert path.is_file(), f"{page.relative_to(out)}: {href}"
