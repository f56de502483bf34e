"""Issue 12: serve's persistent query workers, on a real server on 127.0.0.1.

Queries run in worker processes forked once and reused (``citykg.qpool``); these tests
check, over HTTP, that they are reused, replaced when killed (by the deadline or from
outside), and never outlive the server.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from citykg.serve import make_server

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
CKG = "https://w3id.org/citykg/ontology#"
CITYKG = str(Path(sys.executable).with_name("citykg"))


@pytest.fixture
def served(tmp_path):
    started = []

    def start(**options) -> str:
        root = tmp_path / "g"
        root.mkdir(exist_ok=True)
        shutil.copy(SAMPLE, root / "citykg.trig")
        srv = make_server(root, port=0, **options)
        thread = threading.Thread(
            target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        thread.start()
        started.append((srv, thread))
        return f"http://127.0.0.1:{srv.server_address[1]}"

    yield start
    for srv, thread in started:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _query(base: str, query: str, timeout: float = 30) -> tuple[int, dict[str, str], bytes]:
    url = f"{base}/sparql?query={urllib.parse.quote(query)}"
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


def _status(base: str) -> dict:
    with urllib.request.urlopen(f"{base}/status", timeout=10) as response:
        return json.loads(response.read())["workers"]


def _running(pid: int) -> bool:
    """The process exists and is not a zombie."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(predicate, seconds: float = 15.0) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def test_sequential_queries_reuse_one_worker_and_status_lists_it(served):
    base = served()
    first = _status(base)
    assert first["size"] == 16 and len(first["idle"]) == 2 and first["busy"] == []
    pids = set()
    for _ in range(6):
        code, headers, body = _query(base, f"ASK {{ ?c a <{CKG}City> }}")
        assert code == 200 and json.loads(body)["boolean"] is True
        pids.add(int(headers["X-Citykg-Worker"]))
    assert pids == {first["idle"][0]}, "sequential queries were not served by one warm worker"
    after = _status(base)
    assert after["queries"] == 6 and after["started"] == 2 and after["replaced"] == 0


def test_a_timed_out_query_does_not_poison_the_next(served):
    base = served(timeout=1.0)
    code, headers, body = _query(base, HEAVY)
    assert code == 503 and b"timed out after 1 s" in body
    killed = int(headers["X-Citykg-Worker"]) if "X-Citykg-Worker" in headers else None
    code, headers, body = _query(base, f"SELECT ?c WHERE {{ ?c a <{CKG}Country> }}")
    assert code == 200 and len(json.loads(body)["results"]["bindings"]) == 5
    assert _wait(lambda: len(_status(base)["idle"]) == 2), "the killed worker was not replaced"
    status = _status(base)
    assert status["replaced"] == 1 and status["started"] == 3
    assert killed is None or not _running(killed)


def test_a_worker_killed_from_outside_is_survived(served):
    base = served()
    idle = _status(base)["idle"]
    os.kill(idle[0], signal.SIGKILL)  # the next one to serve, while idle
    assert _wait(lambda: not _running(idle[0]))  # dead (a zombie until the server reaps it)
    code, headers, _ = _query(base, "ASK { ?s ?p ?o }")
    assert code == 200 and int(headers["X-Citykg-Worker"]) != idle[0]
    # replaced in the background, and reaped (no zombie left behind)
    assert _wait(lambda: len(_status(base)["idle"]) == 2 and not Path(f"/proc/{idle[0]}").exists())
    assert idle[0] not in _status(base)["idle"] and _status(base)["replaced"] == 1
    os.kill(_status(base)["idle"][-1], signal.SIGKILL)  # the spare, with no query coming
    assert _wait(lambda: _status(base)["replaced"] == 2 and len(_status(base)["idle"]) == 2)


def test_a_worker_killed_during_its_query_gets_a_500_then_the_next_query_works(served):
    base = served(timeout=60)
    result: list = []
    thread = threading.Thread(target=lambda: result.append(_query(base, HEAVY, 60)))
    thread.start()
    assert _wait(lambda: bool(_status(base)["busy"]), 10)
    busy = _status(base)["busy"][0]
    os.kill(busy, signal.SIGKILL)
    thread.join(timeout=30)
    code, _, body = result[0]
    assert code == 500 and b"worker died" in body
    code, headers, _ = _query(base, "ASK { ?s ?p ?o }")
    assert code == 200 and int(headers["X-Citykg-Worker"]) != busy
    assert not _running(busy)


def test_named_graph_queries_see_the_named_graphs_and_others_the_merge(served):
    base = served()
    code, _, body = _query(
        base, "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
    )
    assert code == 200 and int(json.loads(body)["results"]["bindings"][0]["n"]["value"]) > 1
    # the default graph of the store with the named graphs (a query naming a graph) and
    # the merge alone (the other queries) hold the same triples
    code, _, merge = _query(base, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    code2, _, full = _query(
        base,
        "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o OPTIONAL { GRAPH <urn:x:none> { ?s ?p ?o } } }",
    )
    counts = [json.loads(b)["results"]["bindings"][0]["n"]["value"] for b in (merge, full)]
    assert code == code2 == 200 and counts[0] == counts[1] and int(counts[0]) > 100


def _serve_process(tmp_path: Path) -> tuple[subprocess.Popen, str]:
    root = tmp_path / "g"
    root.mkdir(exist_ok=True)
    shutil.copy(SAMPLE, root / "citykg.trig")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [CITYKG, "-q", "serve", "--graph", str(root), "--port", str(port), "--timeout", "600"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"

    def up() -> bool:
        try:
            return len(_status(base)["idle"]) == 2
        except OSError:
            return False

    assert _wait(up, 60), "citykg serve did not start"
    return proc, base


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL])
def test_workers_die_with_the_server_even_mid_query(tmp_path, how):
    """No orphans: Ctrl-C closes the pool; SIGTERM and SIGKILL leave no cleanup, the
    kernel kills the workers (PR_SET_PDEATHSIG), the busy one included."""
    proc, base = _serve_process(tmp_path)
    try:
        pids = _status(base)["idle"]
        sock = socket.create_connection(("127.0.0.1", int(base.rsplit(":", 1)[1])), timeout=5)
        q = urllib.parse.quote(HEAVY)
        sock.sendall(f"GET /sparql?query={q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        assert _wait(lambda: bool(_status(base)["busy"]), 10)
        pids = sorted({*pids, *_status(base)["idle"], *_status(base)["busy"]})
        assert all(_running(p) for p in pids)
        proc.send_signal(how)
        proc.wait(timeout=30)
        assert _wait(lambda: not any(_running(p) for p in pids), 15), (
            f"workers outlived the server after signal {how}"
        )
        sock.close()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
