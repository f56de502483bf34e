"""citykg push against a real Oxigraph server (Graph Store Protocol) on 127.0.0.1."""

from __future__ import annotations

import http.server
import json
import shutil
import socket
import subprocess
import threading
import time
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner

from citykg.cli import main
from citykg.errors import CityKGError
from citykg.netgraph import graph_counts
from citykg.push import graph_url, push

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
OXIGRAPH = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "oxigraph"

pytestmark = pytest.mark.server


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def oxigraph_server(tmp_path: Path):
    binary = OXIGRAPH if OXIGRAPH.exists() else shutil.which("oxigraph")
    assert binary, "the oxigraph server binary is missing: install the dev extras"
    port = _free_port()
    proc = subprocess.Popen(
        [str(binary), "serve", "--location", str(tmp_path / "oxdb"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 20
    try:
        while True:
            try:
                with urllib.request.urlopen(f"{base}/query?query=ASK%7B%7D", timeout=1):
                    break
            except OSError:
                assert proc.poll() is None, proc.stderr.read().decode()
                assert time.monotonic() < deadline, "oxigraph server did not start in 20 s"
                time.sleep(0.1)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)


def _server_counts(base: str) -> Counter:
    q = (
        "SELECT ?g (COUNT(*) AS ?n) "
        "WHERE { { GRAPH ?g { ?s ?p ?o } } UNION { ?s ?p ?o } } GROUP BY ?g"
    )
    req = urllib.request.Request(
        f"{base}/query?" + urllib.parse.urlencode({"query": q}),
        headers={"Accept": "application/sparql-results+json"},
    )
    with urllib.request.urlopen(req, timeout=10) as resp:
        rows = json.load(resp)["results"]["bindings"]
    return Counter({r.get("g", {}).get("value", ""): int(r["n"]["value"]) for r in rows})


def _source_counts() -> Counter:
    ds = rdflib.Dataset()
    ds.parse(SAMPLE, format="trig")
    counts: Counter = Counter()
    for *_, g in ds.quads():
        counts["" if g is None or str(g) == "urn:x-rdflib:default" else str(g)] += 1
    return counts


def test_push_twice_is_idempotent(oxigraph_server: str, tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    report = push(tmp_path, f"{oxigraph_server}/store")
    expected = _source_counts()
    assert {g.graph: g.triples for g in report.graphs} == dict(expected)
    assert all(200 <= g.status < 300 for g in report.graphs)
    assert _server_counts(oxigraph_server) == expected
    res = CliRunner().invoke(
        main, ["push", "--graph", str(tmp_path), "--endpoint", f"{oxigraph_server}/store"]
    )
    assert res.exit_code == 0, res.output
    assert f"pushed {sum(expected.values())} statements in 3 graphs" in res.output
    assert f"({report.distinct_triples} distinct triples" in res.output
    assert report.distinct_triples == graph_counts(tmp_path).triples  # what build/stats count
    assert _server_counts(oxigraph_server) == expected  # PUT replaced, nothing doubled


class _Deny(http.server.BaseHTTPRequestHandler):
    hits = 0

    def do_PUT(self) -> None:  # noqa: N802
        type(self).hits += 1
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="kg"')
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


def test_401_is_one_line_and_not_retried(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Deny)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/store"
        with pytest.raises(CityKGError) as info:
            push(tmp_path, url, user="u", password="wrong", retries=3, backoff=0.01)
        assert str(info.value) == (
            f"push: {url}: authentication failed (HTTP 401); "
            "stopped before the first of 3 graphs: the server is unchanged"
        )
        assert _Deny.hits == 1
    finally:
        server.shutdown()
        server.server_close()


def test_refused_port_retries_then_fails(tmp_path: Path) -> None:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    url = f"http://127.0.0.1:{_free_port()}/store"
    start = time.monotonic()
    with pytest.raises(CityKGError) as info:
        push(tmp_path, url, retries=2, backoff=0.05, timeout=2)
    assert str(info.value).startswith(f"push: cannot reach {url}: connection refused; ")
    assert time.monotonic() - start >= 0.05 + 0.1  # two backoffs happened
    res = CliRunner().invoke(
        main, ["push", "--graph", str(tmp_path), "--endpoint", url, "--retries", "0"]
    )
    assert res.exit_code == 1 and "Traceback" not in res.output
    assert "connection refused" in res.output


def test_graph_url_encoding() -> None:
    assert graph_url("http://h/store", "https://x/g?a=b#c") == (
        "http://h/store?graph=https%3A%2F%2Fx%2Fg%3Fa%3Db%23c"
    )
    assert graph_url("http://h/store", None) == "http://h/store?default"


def test_prune_deletes_the_graphs_of_removed_documents(
    oxigraph_server: str, tmp_path: Path
) -> None:
    """issue 11: graphs of documents removed from the build were never deleted."""
    import pyoxigraph as ox

    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    endpoint = f"{oxigraph_server}/store"
    push(tmp_path, endpoint)
    before = _server_counts(oxigraph_server)
    quads = list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG))
    named = sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})
    gone = named[0]
    kept = [q for q in quads if getattr(q.graph_name, "value", None) != gone]
    (tmp_path / "citykg.trig").write_bytes(ox.serialize(kept, format=ox.RdfFormat.TRIG))
    res = CliRunner().invoke(
        main, ["push", "--graph", str(tmp_path), "--endpoint", endpoint, "--prune"]
    )
    assert res.exit_code == 0, res.output
    assert f"{gone}: deleted (no longer in the build)" in res.output
    assert "; deleted 1 graph(s)" in res.output
    after = _server_counts(oxigraph_server)
    assert gone in before and gone not in after
    assert {g: n for g, n in after.items()} == {g: n for g, n in before.items() if g != gone}
