"""A read-only SPARQL 1.1 Protocol endpoint and the graph directory's HTML views.

``/sparql`` answers GET ``?query=`` and POST (form-encoded or ``application/sparql-query``)
from one in-memory Oxigraph store loaded at start (the merge in the default graph, the
documents' named graphs beside it), so a query costs what Oxigraph's evaluation costs:
answers are serialised once, by Oxigraph, straight from its result. It never modifies the graph: updates get 403
and the store is opened read-only anyway. ``/`` serves the build's ``index.html``; other
``*.html`` files directly in the graph directory are served by exact name only, so no
request path can reach outside it.

Safe to leave running (issue 11): every query runs under a deadline in a worker process,
killed (and replaced) when the deadline passes or the client goes away (Oxigraph cannot
cancel a query, a process can be killed). The workers are forked once, after the graph
is loaded, and reused, so a query costs its evaluation and not a fork and a cold memory
(issue 12, :mod:`citykg.qpool`); ``/status`` lists them. Connections are served by a bounded pool of threads,
each with a socket timeout, and connections beyond the pool's queue get 503; request
bodies are capped whatever ``Content-Length`` says; ``SERVICE`` (which makes the server
send requests of its own) is refused unless allowed; no CORS header unless ``--cors``
names an origin; the ``Host`` header must name this server (DNS rebinding); every
failure is answered with a status and a one-line message, never a dropped connection.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import re
import threading
import urllib.parse
from concurrent.futures import ThreadPoolExecutor
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pyoxigraph as ox

from . import deref
from .errors import CityKGError
from .graphio import resolve_graph_path
from .qpool import Answer, QueryPool
from .store import open_query_stores, prefixes, query_kind, run_query, uses_named_graphs

log = logging.getLogger(__name__)

_RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "application/xml": ox.QueryResultsFormat.XML,
    "text/xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}
_GRAPH_TYPES = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/x-turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}
#: ``format=``/``output=`` shortcuts some clients send instead of an Accept header.
_SHORT = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "turtle": "text/turtle",
    "ttl": "text/turtle",
    "ntriples": "application/n-triples",
    "nt": "application/n-triples",
}
_HTML_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*\.html$")
_MAX_BODY = 1 << 20
#: Default seconds a query may run, a connection may stay idle, and threads serving.
QUERY_TIMEOUT = 30.0
CONNECTION_TIMEOUT = 10.0
WORKERS = 16
#: Connections accepted and waiting for a worker; beyond this, 503 at once.
QUEUE = 64
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE(?![\w:])", re.I)
_NOT_CODE = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")


def negotiate(accept: str, offered: dict[str, object], default: str) -> str:
    """The offered media type the client prefers (q-values honoured; ``*/*`` → default)."""
    best, best_q = default, -1.0
    for order, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        q = 1.0
        for f in fields[1:]:
            if f.startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q <= 0:
            continue
        if media in offered:
            cand = media
        elif media in ("*/*", "application/*", "text/*"):
            cand = default
        else:
            continue
        score = q - order * 1e-6  # earlier wins among equal q
        if score > best_q:
            best, best_q = cand, score
    return best


class SparqlHandler(BaseHTTPRequestHandler):
    """Routes: ``/sparql`` (protocol), ``/`` and ``/NAME.html`` (static views)."""

    server_version = "citykg-serve"
    protocol_version = "HTTP/1.1"
    store: ox.Store  # the merge and the named graphs (resource pages, GRAPH queries)
    merge: ox.Store  # the merge alone (queries without GRAPH/FROM)
    pool: QueryPool | None = None  # None where fork is missing: queries run unbounded
    root: Path
    timeout = CONNECTION_TIMEOUT  # socket timeout: a silent client is dropped
    query_timeout: float = QUERY_TIMEOUT
    cors: str | None = None
    hosts: frozenset[str] = frozenset()
    allow_service: bool = False
    _worker = 0  # the pid of the worker that evaluated the query being answered

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        log.info("%s %s", self.address_string(), format % args)

    def handle_one_request(self) -> None:
        """The stdlib loop, with every unexpected failure answered with a 500."""
        try:
            super().handle_one_request()
        except (ConnectionError, TimeoutError):
            self.close_connection = True
        except Exception as exc:  # a bug must cost one request, not the connection silently
            log.exception("serve: request failed")
            self.close_connection = True
            if not getattr(self, "_sent", False):
                self._text(HTTPStatus.INTERNAL_SERVER_ERROR, f"internal error: {_line(exc)}")

    def send_response(self, code: int, message: str | None = None) -> None:
        self._sent = True
        super().send_response(code, message)

    def parse_request(self) -> bool:
        self._sent = False
        if not super().parse_request():
            return False
        if not self._host_ok():
            self._text(
                HTTPStatus.MISDIRECTED_REQUEST,
                "unknown Host: this server answers "
                "only for its own address (DNS rebinding protection)",
            )
            return False
        return True

    # ---------------------------------------------------------------- routing
    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
        self.send_header("Allow", "GET, HEAD, POST, OPTIONS")
        if self.cors:
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type, Accept")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path == "/sparql":
            params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
            if "update" in params:
                return self._refuse_update()
            query = params.get("query", [None])[0]
            if query is None:
                return self._text(HTTPStatus.BAD_REQUEST, "missing ?query= parameter")
            return self._answer(query, params)
        if url.path == "/status":
            return self._status()
        if deref.respond(self, self.store, url.path):  # /resource/…, /topic/…, /ontology
            return None
        return self._static(url.path)

    do_HEAD = do_GET  # noqa: N815 - stdlib naming; _send and deref omit the body

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        body = self._body()
        if body is None:
            return None
        if url.path != "/sparql":
            return self._text(HTTPStatus.NOT_FOUND, "not found")
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        params = urllib.parse.parse_qs(url.query, keep_blank_values=True)
        if ctype == "application/sparql-update":
            return self._refuse_update()
        if ctype == "application/sparql-query":
            return self._answer(body, params)
        if ctype == "application/x-www-form-urlencoded":
            form = urllib.parse.parse_qs(body, keep_blank_values=True)
            if "update" in form:
                return self._refuse_update()
            if "query" not in form:
                return self._text(HTTPStatus.BAD_REQUEST, "missing query= form field")
            return self._answer(form["query"][0], {**params, **form})
        return self._text(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, f"unsupported content type {ctype!r}")

    def _body(self) -> str | None:
        """The request body, or ``None`` after answering why it is refused. Only a plain
        ``Content-Length`` of at most 1 MiB is read; the connection is closed after a
        refusal, since an unread body cannot be skipped safely."""
        raw = self.headers.get("Content-Length")
        if self.headers.get("Transfer-Encoding"):
            return self._refuse_body(
                HTTPStatus.LENGTH_REQUIRED, "chunked bodies are not accepted; send Content-Length"
            )
        if raw is None:
            return self._refuse_body(HTTPStatus.LENGTH_REQUIRED, "Content-Length required")
        if not raw.strip().isdigit():
            return self._refuse_body(HTTPStatus.BAD_REQUEST, f"invalid Content-Length {raw[:40]!r}")
        length = int(raw)
        if length > _MAX_BODY:
            return self._refuse_body(
                HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                f"request body too large (limit {_MAX_BODY} bytes)",
            )
        data = self.rfile.read(length)
        if len(data) < length:
            self.close_connection = True
            return None  # the client left mid-body: nobody to answer
        return data.decode("utf-8", "replace")

    def _refuse_body(self, status: HTTPStatus, message: str) -> None:
        self.close_connection = True
        self._text(status, message)
        return None

    # ---------------------------------------------------------------- SPARQL
    def _answer(self, query: str, params: dict[str, list[str]]) -> None:
        if query_kind(query) == "update":
            return self._refuse_update()
        if not self.allow_service and uses_service(query):
            return self._text(
                HTTPStatus.FORBIDDEN,
                "SERVICE is disabled on this endpoint "
                "(start it with --allow-service to allow federated queries)",
            )
        accept = self.headers.get("Accept") or "*/*"
        short = (params.get("format") or params.get("output") or [""])[0].lower()
        if short in _SHORT:
            accept = _SHORT[short]
        if self.pool is None:  # pragma: no cover - not posix
            answer = Answer(*_evaluate_routed(self.merge, self.store, query, accept))
        else:
            answer = self.pool.run(query, accept, self.query_timeout, self.connection)
        if answer.status is None:  # the client went away: its query was stopped
            self.close_connection = True
            return None
        self._worker = answer.worker
        if answer.status != HTTPStatus.OK:
            return self._text(answer.status, answer.body.decode("utf-8", "replace"))
        self._send(HTTPStatus.OK, answer.body, f"{answer.media}; charset=utf-8")

    def _status(self) -> None:
        """The query workers (pids idle, the next to serve first, and busy) and counters."""
        body = {"query_timeout": self.query_timeout, "workers": None}
        if self.pool is not None:
            body["workers"] = self.pool.status()
        data = (json.dumps(body, indent=2) + "\n").encode()
        self._send(HTTPStatus.OK, data, "application/json")

    def _refuse_update(self) -> None:
        self._text(HTTPStatus.FORBIDDEN, "updates are refused: this endpoint is read-only")

    # ---------------------------------------------------------------- static files
    def _static(self, path: str) -> None:
        name = urllib.parse.unquote(path).lstrip("/") or "index.html"
        if not _HTML_NAME.match(name):
            return self._text(HTTPStatus.NOT_FOUND, "not found")
        target = (self.root / name).resolve()
        if target.parent != self.root or not target.is_file():
            return self._text(HTTPStatus.NOT_FOUND, "not found")
        self._send(HTTPStatus.OK, target.read_bytes(), "text/html; charset=utf-8")

    # ---------------------------------------------------------------- plumbing
    def _host_ok(self) -> bool:
        host = (self.headers.get("Host") or "").strip().lower()
        if not host:
            return self.request_version == "HTTP/1.0"
        if host.startswith("["):
            name = host[: host.find("]") + 1] if "]" in host else host
        else:
            name = host.split(":", 1)[0]
        return name in self.hosts or ("*" in self.hosts and _is_ip(name))

    def _cors(self) -> None:
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", self.cors)
            self.send_header("Vary", "Origin")

    def _text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, ctype: str) -> None:
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        if self._worker:  # which worker answered (see /status)
            self.send_header("X-Citykg-Worker", str(self._worker))
            self._worker = 0
        if self.close_connection:
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def uses_service(query: str) -> bool:
    """Whether the query text has a ``SERVICE`` keyword (outside IRIs, strings and comments).
    Lexical on purpose: refusing a query that merely looks federated is the safe side."""
    return bool(_SERVICE.search(_NOT_CODE.sub(" ", query)))


def _evaluate_routed(
    merge: ox.Store, full: ox.Store, query: str, accept: str
) -> tuple[int, bytes, str]:
    """:func:`_evaluate` on the merge alone unless the query names graphs."""
    return _evaluate(full if uses_named_graphs(query) else merge, query, accept)


def _warm(merge: ox.Store, full: ox.Store) -> None:
    """Read every quad once in a new worker: it takes the copy-on-write faults of its first
    query (measured 0.4-0.9 s at 650k triples) before any client waits on them."""
    merge.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    if full is not merge:
        full.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")


def _evaluate(store: ox.Store, query: str, accept: str) -> tuple[int, bytes, str]:
    """Run and serialise one query: ``(status, body, media type)``."""
    try:
        outcome = run_query(query, store=store)
        if outcome.kind == "construct":
            media = negotiate(accept, _GRAPH_TYPES, "text/turtle")
            # Oxigraph's writer straight from the result: no sorting pass for a client
            data = ox.serialize(outcome.result, format=_GRAPH_TYPES[media], prefixes=prefixes())
            return HTTPStatus.OK, data, media
        media = negotiate(accept, _RESULT_TYPES, "application/sparql-results+json")
        return HTTPStatus.OK, outcome.result.serialize(format=_RESULT_TYPES[media]), media
    except CityKGError as exc:
        return HTTPStatus.BAD_REQUEST, str(exc).encode(), ""
    except Exception as exc:  # evaluation errors (a failing SERVICE, a bad cast…)
        return HTTPStatus.INTERNAL_SERVER_ERROR, f"query failed: {_line(exc)}".encode(), ""


class PooledHTTPServer(HTTPServer):
    """An HTTP server whose connections are served by a fixed pool of threads. A flood of
    slow connections waits in a bounded queue (and beyond it gets 503), instead of
    holding one thread each as ``ThreadingHTTPServer`` does."""

    #: The kernel's accept queue: a short one makes a flood of connections wait for TCP
    #: retransmissions instead of being accepted and told 503 at once.
    request_queue_size = 1024

    def __init__(self, address, handler, *, workers: int = WORKERS, queue: int = QUEUE) -> None:
        super().__init__(address, handler)
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="citykg-serve")
        self._slots = threading.BoundedSemaphore(workers + queue)

    def process_request(self, request, client_address) -> None:
        if not self._slots.acquire(blocking=False):
            with contextlib.suppress(OSError):
                request.settimeout(1.0)
                request.sendall(
                    b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: text/plain\r\n"
                    b"Content-Length: 20\r\nConnection: close\r\n\r\nserver is too busy\r\n"
                )
            self.shutdown_request(request)
            return
        self._pool.submit(self._work, request, client_address)

    def _work(self, request, client_address) -> None:
        try:
            self.finish_request(request, client_address)
        except Exception:
            self.handle_error(request, client_address)
        finally:
            self.shutdown_request(request)
            self._slots.release()

    #: The query workers (set by :func:`make_server`), closed with the server.
    query_pool: QueryPool | None = None

    def server_close(self) -> None:
        super().server_close()
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self.query_pool is not None:
            self.query_pool.close()


def make_server(
    graph: str | os.PathLike | None = None,
    host: str = "127.0.0.1",
    port: int = 0,
    *,
    timeout: float = QUERY_TIMEOUT,
    cors: str | None = None,
    allow_hosts: tuple[str, ...] = (),
    allow_service: bool = False,
    connection_timeout: float = CONNECTION_TIMEOUT,
    workers: int = WORKERS,
    queue: int = QUEUE,
) -> PooledHTTPServer:
    """A ready (bound, not yet serving) server; ``port=0`` picks a free port."""
    path = resolve_graph_path(graph)
    if cors is not None and (cors != "*" and not re.fullmatch(r"https?://[^\s/]+", cors)):
        raise CityKGError(f"serve: --cors {cors!r}: expected an origin like http://localhost:3000")
    hosts = {"localhost", "127.0.0.1", "[::1]", host.lower(), f"[{host.lower()}]"}
    hosts |= {h.lower() for h in allow_hosts}
    if host in ("0.0.0.0", "::", ""):
        hosts.add("*")  # listening everywhere: any IP literal names this server
    merge, full = open_query_stores(path)
    pool = None
    if hasattr(os, "fork"):
        pool = QueryPool(
            functools.partial(_evaluate_routed, merge, full),
            functools.partial(_warm, merge, full),
            size=workers,
        )
    handler = type(
        "BoundSparqlHandler",
        (SparqlHandler,),
        {
            "store": full,
            "merge": merge,
            "pool": pool,
            "root": path.parent.resolve(),
            "query_timeout": timeout,
            "cors": cors,
            "hosts": frozenset(hosts),
            "allow_service": allow_service,
            "timeout": connection_timeout,
        },
    )
    try:
        server = PooledHTTPServer((host, port), handler, workers=workers, queue=queue)
    except OSError as exc:
        if pool is not None:
            pool.close()
        raise CityKGError(f"serve: cannot listen on {host}:{port}: {exc.strerror}") from exc
    server.query_pool = pool
    if pool is not None and not pool.wait_ready(max(120.0, timeout)):
        server.server_close()
        raise CityKGError("serve: the query workers did not start (see the log)")
    return server


def serve(
    graph: str | os.PathLike | None = None,
    host: str = "127.0.0.1",
    port: int = 8000,
    **options,
) -> None:
    """Serve until Ctrl-C, then close the socket cleanly."""
    server = make_server(graph, host, port, **options)
    bound_host, bound_port = server.server_address[:2]
    print(f"citykg: SPARQL at http://{bound_host}:{bound_port}/sparql (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def _is_ip(name: str) -> bool:
    import ipaddress

    try:
        ipaddress.ip_address(name.strip("[]"))
    except ValueError:
        return False
    return True


def _line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
