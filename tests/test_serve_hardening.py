"""Issue 11, "a server safe to leave running": a real server on 127.0.0.1, real sockets."""

from __future__ import annotations

import json
import os
import shutil
import socket
import threading
import time
import urllib.parse
from pathlib import Path

import pytest

from citykg.serve import make_server, uses_service

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
#: ~100 triples to the fourth power: evaluation runs for minutes unless stopped.
HEAVY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _start(tmp_path: Path, **options):
    root = tmp_path / "g"
    root.mkdir(exist_ok=True)
    shutil.copy(SAMPLE, root / "citykg.trig")
    (root / "index.html").write_text("<h1>citykg index</h1>")
    srv = make_server(root, port=0, **options)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    return srv, thread


@pytest.fixture
def served(tmp_path):
    started = []

    def start(**options):
        srv, thread = _start(tmp_path, **options)
        started.append((srv, thread))
        return srv.server_address[1]

    yield start
    for srv, thread in started:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


def _raw(port: int, request: bytes, timeout: float = 10) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as sock:
        sock.sendall(request)
        chunks = []
        while True:
            try:
                chunk = sock.recv(65536)
            except TimeoutError:
                break
            if not chunk:
                break
            chunks.append(chunk)
            if b"\r\n\r\n" in b"".join(chunks):
                head, _, body = b"".join(chunks).partition(b"\r\n\r\n")
                length = [
                    int(line.split(b":")[1])
                    for line in head.split(b"\r\n")
                    if line.lower().startswith(b"content-length:")
                ]
                if length and len(body) >= length[0]:
                    break
    return b"".join(chunks)


def _post(port: int, length: str, body: bytes = b"", host: str = "127.0.0.1") -> bytes:
    return _raw(
        port,
        b"POST /sparql HTTP/1.1\r\nHost: " + host.encode() + b"\r\n"
        b"Content-Type: application/sparql-query\r\nContent-Length: "
        + length.encode()
        + b"\r\n\r\n"
        + body,
    )


def _get(port: int, query: str, host: str = "127.0.0.1", method: str = "GET") -> bytes:
    q = urllib.parse.quote(query)
    return _raw(
        port,
        f"{method} /sparql?query={q} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode(),
    )


def _status(response: bytes) -> int:
    assert response, "the server closed the connection without an answer"
    return int(response.split(b" ", 2)[1])


def test_content_length_minus_one_or_invalid_gets_an_answer_not_a_stream(served):
    """issue 11: `Content-Length: -1` read the body until EOF, bypassing the 1 MiB cap."""
    port = served()
    assert _status(_post(port, "-1", b"SELECT * WHERE { ?s ?p ?o }" * 10)) == 400
    assert _status(_post(port, "abc")) == 400
    assert _status(_post(port, str(2 << 20))) == 413
    ok = _post(port, "27", b"SELECT * WHERE { ?s ?p ?o }")
    assert _status(ok) == 200


def test_a_query_over_the_timeout_is_stopped_with_503(served):
    port = served(timeout=1.0)
    t0 = time.monotonic()
    response = _get(port, HEAVY)
    assert _status(response) == 503 and b"timed out after 1 s" in response
    assert time.monotonic() - t0 < 10
    assert _status(_get(port, "ASK { ?s ?p ?o }")) == 200  # the server is still there


def _children() -> set[int]:
    me = str(os.getpid())
    found = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if stat.rsplit(")", 1)[1].split()[1] == me:
                found.add(int(entry))
    return found


def _busy_workers(port: int) -> list[int]:
    response = _raw(port, b"GET /status HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    return json.loads(response.split(b"\r\n\r\n", 1)[1])["workers"]["busy"]


def test_a_query_is_cancelled_when_its_client_leaves(served):
    """issue 11: a query kept running after its client left, holding a core until restart.
    Queries run in persistent worker processes (issue 12): the one evaluating this query
    must be killed (and so leave the server's children) when its client leaves."""
    port = served(timeout=600)
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    q = urllib.parse.quote(HEAVY)
    sock.sendall(f"GET /sparql?query={q} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    deadline = time.monotonic() + 10
    while not _busy_workers(port) and time.monotonic() < deadline:
        time.sleep(0.05)
    running = set(_busy_workers(port))
    assert running and running <= _children(), "the query does not run in a process of its own"
    sock.close()
    deadline = time.monotonic() + 10
    while _children() & running and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not (_children() & running), "the query still runs after its client left"
    assert _status(_get(port, "ASK { ?s ?p ?o }")) == 200


def test_no_cors_by_default_and_the_origin_given_with_cors(served):
    plain = _get(served(), "ASK { ?s ?p ?o }")
    assert b"access-control-allow-origin" not in plain.lower()
    allowed = _get(served(cors="http://localhost:3000"), "ASK { ?s ?p ?o }")
    assert b"Access-Control-Allow-Origin: http://localhost:3000\r\n" in allowed


def test_host_header_must_name_this_server(served):
    """DNS rebinding: a page of evil.example resolving to 127.0.0.1 must get nothing."""
    port = served()
    assert _status(_get(port, "ASK { ?s ?p ?o }", host="evil.example")) == 421
    assert _status(_get(port, "ASK { ?s ?p ?o }", host=f"localhost:{port}")) == 200
    assert _status(_get(port, "ASK { ?s ?p ?o }", host=f"127.0.0.1:{port}")) == 200
    port2 = served(allow_hosts=("graph.lan",))
    assert _status(_get(port2, "ASK { ?s ?p ?o }", host="graph.lan:80")) == 200


def test_service_is_refused_by_default_and_a_failing_one_gets_a_status(served):
    """issue 11: SERVICE made the server POST to another loopback port."""
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        dead = probe.getsockname()[1]
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{dead}/sparql> {{ ?s ?p ?o }} }}"
    refused = _get(served(), q)
    assert _status(refused) == 403 and b"SERVICE is disabled" in refused
    failing = _get(served(allow_service=True, timeout=20), q)
    assert _status(failing) == 500 and b"query failed" in failing
    assert uses_service("select * { service <x> {} }")
    assert not uses_service('SELECT * { ?s ex:SERVICE "SERVICE" } # SERVICE')


def test_head_is_answered(served):
    port = served()
    head = _raw(port, b"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
    assert _status(head) == 200 and head.endswith(b"\r\n\r\n")
    assert b"Content-Length: 21" in head


def test_slow_connections_hold_a_bounded_number_of_threads(served):
    """issue 11: 300 slow connections held 305 threads."""
    base = threading.active_count()
    port = served(workers=4, queue=16, connection_timeout=1.0)
    socks = []
    try:
        for _ in range(300):
            s = socket.create_connection(("127.0.0.1", port), timeout=5)
            s.sendall(b"GET /sparql?query=ASK")  # never finishes its request line
            socks.append(s)
        time.sleep(0.5)
        # serve_forever's thread, the 4 connection threads, the query pool's keeper thread
        assert threading.active_count() <= base + 1 + 4 + 1
        busy = [s for s in socks[-50:] if s.recv(100).startswith(b"HTTP/1.1 503")]
        assert busy, "connections beyond the queue are not told the server is busy"
    finally:
        for s in socks:
            s.close()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            if _status(_get(port, "ASK { ?s ?p ?o }")) == 200:
                break
        except OSError:
            pass
        time.sleep(0.2)
    answer = _get(port, "ASK { ?s ?p ?o }")
    assert _status(answer) == 200 and json.loads(answer.split(b"\r\n\r\n", 1)[1])["boolean"]
