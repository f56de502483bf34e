"""Issue 11, push: how far an interrupted push got, a total deadline per request, credentials
in the URL, escaped server messages. Real HTTP servers on 127.0.0.1, a real killed push."""

from __future__ import annotations

import http.server
import json
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main
from citykg.errors import CityKGError
from citykg.push import STATE_NAME, printable, push

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.server


class _Store(http.server.BaseHTTPRequestHandler):
    """A GSP store that records requests; ``fail_at`` (1-based PUT number) answers 400 with a
    hostile body, ``stall_at`` never answers that PUT."""

    protocol_version = "HTTP/1.1"
    puts: list[str] = []
    auth: list[str | None] = []
    fail_at: int | None = None
    stall_at: int | None = None
    status = 204

    def do_PUT(self) -> None:  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        cls = type(self)
        cls.puts.append(self.path)
        cls.auth.append(self.headers.get("Authorization"))
        n = len(cls.puts)
        if n == cls.stall_at:
            time.sleep(60)
        if n == cls.fail_at:
            body = b"bad \x1b[31mred\x1b[0m\r\nline2"
            self.send_response(400, "Bad\x1b]0;title\x07Request")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        self.send_response(cls.status)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def store_server():
    started = []

    def start(**attrs):
        handler = type("H", (_Store,), {"puts": [], "auth": [], **attrs})
        srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        srv.daemon_threads = True
        t = threading.Thread(target=srv.serve_forever, daemon=True)
        t.start()
        started.append(srv)
        return handler, f"127.0.0.1:{srv.server_address[1]}"

    yield start
    for srv in started:
        srv.shutdown()
        srv.server_close()


@pytest.fixture
def graph_dir(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    return tmp_path


def test_a_failing_push_says_how_far_it_got_and_escapes_the_server_text(store_server, graph_dir):
    handler, addr = store_server(fail_at=2)
    with pytest.raises(CityKGError) as info:
        push(graph_dir, f"http://{addr}/store", retries=0)
    msg = str(info.value)
    assert "stopped after 1 of 3 graphs" in msg and "triples pushed" in msg
    assert "\x1b" not in msg and "\x07" not in msg and "\r" not in msg
    assert "\\x1b[31mred" in msg
    assert printable("a\u202eb\x85") == "a\\u202eb\\x85"


def test_a_trickling_server_cannot_hold_a_push(graph_dir):
    """issue 11: --timeout was per socket read; one byte per 0.8 s held a push forever."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(4)
    stop = threading.Event()

    def trickle() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                conn.recv(65536)
                for byte in b"HTTP/1.1 204 No Content\r\nX-Slow: " + b"y" * 100:
                    if stop.is_set():
                        break
                    try:
                        conn.sendall(bytes([byte]))
                    except OSError:
                        break
                    time.sleep(0.8)

    thread = threading.Thread(target=trickle, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/store"
    t0 = time.monotonic()
    try:
        with pytest.raises(CityKGError) as info:
            push(graph_dir, url, retries=0, timeout=2)
    finally:
        stop.set()
        listener.close()
    assert time.monotonic() - t0 < 8
    assert "timed out (no complete answer within 2 s)" in str(info.value)


def test_credentials_in_the_url_are_used_and_never_printed(store_server, graph_dir):
    handler, addr = store_server()
    report = push(graph_dir, f"http://alice:s3cr%40t@{addr}/store")
    assert handler.auth == ["Basic YWxpY2U6czNjckB0"] * 3  # alice:s3cr@t
    assert report.endpoint == f"http://{addr}/store"
    _, addr2 = store_server(status=401)
    r = CliRunner().invoke(
        main, ["push", "--graph", str(graph_dir), "--endpoint", f"http://bob:hunter2@{addr2}/s"]
    )
    assert r.exit_code == 1 and "authentication failed" in r.output
    assert "hunter2" not in r.output and "bob" not in r.output
    state = (graph_dir / STATE_NAME).read_text()
    assert "s3cr" not in state and "hunter2" not in state


def test_a_bad_endpoint_url_is_one_line(graph_dir):
    r = CliRunner().invoke(
        main, ["push", "--graph", str(graph_dir), "--endpoint", "http://[::1/store"]
    )
    assert r.exit_code == 1 and "not a valid URL" in r.output and "Traceback" not in r.output


_PUSH = """
import sys
from citykg.push import push
push(sys.argv[1], sys.argv[2], retries=0, timeout=120)
"""


def test_a_push_killed_half_way_is_reported_by_the_next_one(store_server, graph_dir):
    handler, addr = store_server(stall_at=2)
    url = f"http://{addr}/store"
    proc = subprocess.Popen([sys.executable, "-c", _PUSH, str(graph_dir), url], cwd=ROOT)
    deadline = time.monotonic() + 60
    while len(handler.puts) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert len(handler.puts) == 2
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    record = json.loads((graph_dir / STATE_NAME).read_text())[url]
    assert record["complete"] is False and len(record["done"]) == 1
    r = CliRunner().invoke(main, ["push", "--graph", str(graph_dir), "--endpoint", url])
    assert r.exit_code == 0, r.output
    assert f"the previous push to {url} stopped after 1 of 3 graphs" in r.output
    assert json.loads((graph_dir / STATE_NAME).read_text())[url]["complete"] is True
