"""citykg fetch against a real HTTP server on 127.0.0.1 serving our own fixtures."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main
from citykg.fetch import USER_AGENT, fetch
from citykg.ingest import SOURCES_NAME, read_document

DATA = Path(__file__).parent / "data" / "ingest"
PAGE = (DATA / "wordpress_news.html").read_bytes()
ROBOTS = b"User-agent: *\nDisallow: /private/\n"


class _Handler(BaseHTTPRequestHandler):
    """Routes of a small site: a page with an ETag, redirects, a big file, robots.txt."""

    log: list[tuple[str, dict]] = []

    def log_message(self, *args) -> None:  # keep test output clean
        pass

    def _send(self, code: int, body: bytes = b"", headers: dict | None = None) -> None:
        self.send_response(code)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        type(self).log.append((self.path, dict(self.headers)))
        if self.path == "/robots.txt":
            return self._send(200, ROBOTS, {"Content-Type": "text/plain"})
        if self.path == "/news/kigali":
            if self.headers.get("If-None-Match") == '"v1"':
                return self._send(304, b"", {"ETag": '"v1"'})
            return self._send(
                200, PAGE, {"Content-Type": "text/html; charset=utf-8", "ETag": '"v1"'}
            )
        if self.path == "/old":
            return self._send(301, b"", {"Location": "/news/kigali"})
        if self.path.startswith("/loop"):
            n = int(self.path[5:] or 0)
            return self._send(302, b"", {"Location": f"/loop{n + 1}"})
        if self.path == "/big":
            body = b"<p>" + b"x" * 5000 + b"</p>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()  # no Content-Length: the limit must hold while streaming
            self.wfile.write(body)
            return None
        if self.path == "/private/report":
            return self._send(200, PAGE, {"Content-Type": "text/html"})
        return self._send(404, b"not found")


@pytest.fixture()
def site():
    _Handler.log = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.issue(10)
def test_fetch_writes_files_that_build_reads_with_the_url_as_source(site, tmp_path: Path) -> None:
    url = f"{site}/news/kigali"
    result = fetch([url], tmp_path / "out")
    assert not result.errors
    (item,) = result.items
    assert item.path is not None and item.path.suffix == ".html"
    manifest = json.loads((tmp_path / "out" / SOURCES_NAME).read_text(encoding="utf-8"))
    assert manifest["files"][item.path.name]["url"] == url
    doc = read_document(item.path)
    assert doc.source_url == url  # the URL it came from, not only what the page claims
    assert doc.title == "Kigali and Accra swap notes on electric motorbikes"
    agents = {h.get("User-Agent") for _, h in _Handler.log}
    assert agents == {USER_AGENT}


@pytest.mark.issue(10)
def test_second_fetch_revalidates_with_the_etag(site, tmp_path: Path) -> None:
    url = f"{site}/news/kigali"
    fetch([url], tmp_path / "out")
    _Handler.log = []
    result = fetch([url], tmp_path / "out")
    assert result.items[0].status == "cached"
    page_requests = [h for p, h in _Handler.log if p == "/news/kigali"]
    assert page_requests and page_requests[0].get("If-None-Match") == '"v1"'
    assert result.items[0].path.read_bytes() == PAGE


@pytest.mark.issue(10)
def test_robots_redirects_and_size_are_bounded(site, tmp_path: Path) -> None:
    urls = [f"{site}/private/report", f"{site}/old", f"{site}/loop0", f"{site}/big", "ftp://x/y"]
    result = fetch(urls, tmp_path / "out", max_bytes=4000)
    by_url = {x.url: x for x in result.items}
    assert by_url[f"{site}/private/report"].error == "disallowed by robots.txt"
    assert not any(p == "/private/report" for p, _ in _Handler.log)
    assert by_url[f"{site}/old"].path is not None
    assert by_url[f"{site}/old"].final_url == f"{site}/news/kigali"
    assert "too many redirects" in by_url[f"{site}/loop0"].error
    assert "too large" in by_url[f"{site}/big"].error
    assert "not an http(s) URL" in by_url["ftp://x/y"].error


@pytest.mark.issue(10)
def test_unreachable_host_times_out_with_one_line_error(tmp_path: Path) -> None:
    import socket

    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = fetch([f"http://127.0.0.1:{port}/x"], tmp_path / "out", timeout=2)
    (error,) = result.errors
    # robots.txt cannot be had: RFC 9309 says stay out
    assert error.endswith("disallowed by robots.txt") and "\n" not in error


@pytest.mark.issue(10)
def test_fetch_command_then_build(site, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# news\n{site}/news/kigali\n\n{site}/missing\n", encoding="utf-8")
    out = tmp_path / "pages"
    r = CliRunner().invoke(main, ["fetch", str(urls), "--out", str(out)])
    assert r.exit_code == 1
    assert f"error: {site}/missing: HTTP 404" in r.output
    assert "fetched 1 of 2 URL(s)" in r.output
    r = CliRunner().invoke(main, ["build", str(out), "--out", str(tmp_path / "g"), "--no-view"])
    assert r.exit_code == 0, r.output
    ttl = (tmp_path / "g" / "citykg.ttl").read_text(encoding="utf-8")
    assert f"dcterms:source <{site}/news/kigali>" in ttl
