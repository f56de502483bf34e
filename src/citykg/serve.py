"""A read-only SPARQL 1.1 Protocol endpoint and the graph directory's HTML views.

``/sparql`` answers GET ``?query=`` and POST (form-encoded or ``application/sparql-query``)
from one in-memory Oxigraph store loaded at start (the merge in the default graph, the
documents' named graphs beside it), so a query costs what Oxigraph's evaluation costs:
answers are serialised once, by Oxigraph, straight from its result. It never modifies the graph: updates get 403
and the store is opened read-only anyway. ``/`` serves the build's ``index.html``; other
``*.html`` files directly in the graph directory are served by exact name only, so no
request path can reach outside it.
"""

from __future__ import annotations

import logging
import os
import re
import urllib.parse
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pyoxigraph as ox

from .errors import CityKGError
from .graphio import resolve_graph_path
from .store import open_store, prefixes, query_kind, run_query

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
    store: ox.Store
    root: Path

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - stdlib name
        log.info("%s %s", self.address_string(), format % args)

    # ---------------------------------------------------------------- routing
    def do_OPTIONS(self) -> None:  # noqa: N802 - stdlib naming
        self.send_response(HTTPStatus.NO_CONTENT)
        self._cors()
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
        return self._static(url.path)

    def do_POST(self) -> None:  # noqa: N802
        url = urllib.parse.urlsplit(self.path)
        if url.path != "/sparql":
            return self._text(HTTPStatus.NOT_FOUND, "not found")
        length = int(self.headers.get("Content-Length") or 0)
        if length > _MAX_BODY:
            return self._text(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "request body too large")
        body = self.rfile.read(length).decode("utf-8", "replace")
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

    # ---------------------------------------------------------------- SPARQL
    def _answer(self, query: str, params: dict[str, list[str]]) -> None:
        if query_kind(query) == "update":
            return self._refuse_update()
        try:
            outcome = run_query(query, store=self.store)
        except CityKGError as exc:
            return self._text(HTTPStatus.BAD_REQUEST, str(exc))
        accept = self.headers.get("Accept") or "*/*"
        short = (params.get("format") or params.get("output") or [""])[0].lower()
        if short in _SHORT:
            accept = _SHORT[short]
        if outcome.kind == "construct":
            media = negotiate(accept, _GRAPH_TYPES, "text/turtle")
            # Oxigraph's writer straight from the result: no sorting pass for a client
            data = ox.serialize(outcome.result, format=_GRAPH_TYPES[media], prefixes=prefixes())
        else:
            media = negotiate(accept, _RESULT_TYPES, "application/sparql-results+json")
            data = outcome.result.serialize(format=_RESULT_TYPES[media])
        self._send(HTTPStatus.OK, data, f"{media}; charset=utf-8")

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
    def _cors(self) -> None:
        self.send_header("Access-Control-Allow-Origin", "*")

    def _text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (message + "\n").encode("utf-8"), "text/plain; charset=utf-8")

    def _send(self, status: HTTPStatus, data: bytes, ctype: str) -> None:
        self.send_response(status)
        self._cors()
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("X-Content-Type-Options", "nosniff")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def make_server(
    graph: str | os.PathLike | None = None, host: str = "127.0.0.1", port: int = 0
) -> ThreadingHTTPServer:
    """A ready (bound, not yet serving) server; ``port=0`` picks a free port."""
    path = resolve_graph_path(graph)
    handler = type(
        "BoundSparqlHandler",
        (SparqlHandler,),
        {"store": open_store(path), "root": path.parent.resolve()},
    )
    try:
        server = ThreadingHTTPServer((host, port), handler)
    except OSError as exc:
        raise CityKGError(f"serve: cannot listen on {host}:{port}: {exc.strerror}") from exc
    server.daemon_threads = True
    return server


def serve(
    graph: str | os.PathLike | None = None, host: str = "127.0.0.1", port: int = 8000
) -> None:
    """Serve until Ctrl-C, then close the socket cleanly."""
    server = make_server(graph, host, port)
    bound_host, bound_port = server.server_address[:2]
    print(f"citykg: SPARQL at http://{bound_host}:{bound_port}/sparql (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
