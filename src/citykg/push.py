"""Push a graph to a triple store with the SPARQL 1.1 Graph Store Protocol.

One ``PUT`` per named graph plus one for the default graph. PUT *replaces* a graph, so
pushing the same build twice leaves the server exactly as after the first push; a
re-extracted document's graph replaces its old version instead of piling up next to it.
Transient failures (connection errors, timeouts, 5xx) are retried with exponential
backoff; 4xx are not, because repeating a refused request cannot make it succeed.

A push cannot be atomic over many graphs, so it says how far it got: a failure names how
many graphs were pushed before it, and a record beside the graph
(``.citykg-push.json``, per endpoint, credentials stripped) is updated after every graph,
so the next push reports a push that was killed half-way. The same record tells
``--prune`` which graphs an earlier push sent that this build no longer has; those are
deleted and listed. ``timeout`` bounds each request as a whole (connect, send, response):
a server trickling one byte at a time cannot hold a push. Credentials in the endpoint URL
(``http://user:password@host/store``) are used for basic auth and never printed.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import http.client
import json
import os
import socket
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from .errors import CityKGError
from .graphio import resolve_graph_path, write_atomic
from .store import serialize_quads, source_graphs

_MEDIA_TYPE = "application/n-triples"
STATE_NAME = ".citykg-push.json"


@dataclass
class PushedGraph:
    graph: str  # IRI, or "" for the default graph
    triples: int
    status: int
    attempts: int


@dataclass
class PushReport:
    endpoint: str  # without credentials
    graphs: list[PushedGraph] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    #: graphs not sent by ``changed``: the same content as the last push to the endpoint
    unchanged: list[str] = field(default_factory=list)
    previous_incomplete: str | None = None  # what an earlier, unfinished push had done
    #: distinct triples of the merged graph: what build, stats and publish call "triples"
    distinct_triples: int = 0

    @property
    def triples(self) -> int:
        """Statements sent: a triple asserted in several documents' graphs counts once per
        graph (the store holds it once per graph too)."""
        return sum(g.triples for g in self.graphs)


@dataclass(frozen=True)
class Endpoint:
    """A GSP endpoint URL split for use: where to connect and what may be printed."""

    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent in the request line
    public: str  # the URL without credentials: the only form that reaches messages
    user: str | None = None
    password: str | None = None


def parse_endpoint(url: str) -> Endpoint:
    """Split and check an endpoint URL; a bad one is a one-line error (never echoing a
    password)."""
    try:
        parts = urllib.parse.urlsplit(url)
        port = parts.port
        host = parts.hostname
    except ValueError as exc:
        raise CityKGError(f"push: --endpoint is not a valid URL ({exc})") from None
    if parts.scheme not in ("http", "https") or not host:
        raise CityKGError(f"push: {_redact(url)}: the endpoint must be an http(s) URL")
    netloc = f"[{host}]" if ":" in host else host
    if port is not None:
        netloc += f":{port}"
    path = parts.path or "/"
    if parts.query:
        path += f"?{parts.query}"
    public = urllib.parse.urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    unq = urllib.parse.unquote
    return Endpoint(
        parts.scheme,
        host,
        port or (443 if parts.scheme == "https" else 80),
        path,
        public,
        unq(parts.username) if parts.username is not None else None,
        unq(parts.password) if parts.password is not None else None,
    )


def graph_url(endpoint: str, graph: str | None) -> str:
    """``{endpoint}?graph=<encoded IRI>``, or ``?default`` for the default graph."""
    sep = "&" if "?" in endpoint else "?"
    if graph is None:
        return f"{endpoint}{sep}default"
    return f"{endpoint}{sep}graph={urllib.parse.quote(graph, safe='')}"


def push(
    graph: str | os.PathLike | None,
    endpoint: str,
    *,
    user: str | None = None,
    password: str | None = None,
    retries: int = 3,
    timeout: float = 30.0,
    backoff: float = 0.5,
    prune: bool = False,
    changed: bool = False,
) -> PushReport:
    """PUT every named graph and the default graph of ``graph`` to a GSP ``endpoint``;
    with ``prune``, DELETE the graphs an earlier push sent that the graph no longer has.

    With ``changed`` (which implies ``prune``), only graphs whose content differs from
    what the last push to this endpoint sent are PUT: the record keeps a hash of each
    graph's serialised body per endpoint, so a rebuild that changed one document sends
    that document's graph (and the default graph, which describes the dataset)."""
    prune = prune or changed
    ep = parse_endpoint(endpoint)
    user = user if user is not None else ep.user
    password = password if password is not None else ep.password
    path = resolve_graph_path(graph)
    graphs = source_graphs(path)  # as written in the file, not the store's merged view
    headers = {"Content-Type": _MEDIA_TYPE}
    if user is not None or password is not None:
        token = base64.b64encode(f"{user or ''}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    state = _State(path.parent / STATE_NAME, ep.public)
    report = PushReport(ep.public, previous_incomplete=state.incomplete())
    report.distinct_triples = len({q.triple for _, quads in graphs for q in quads})
    names = ["" if name is None else name.value for name, _ in graphs]
    state.start(names)
    http_call = _Caller(ep, headers, retries, timeout, backoff)
    for (name, quads), iri in zip(graphs, names, strict=True):
        body = serialize_quads(quads, ox.RdfFormat.N_TRIPLES)
        digest = hashlib.sha256(body).hexdigest()
        if changed and state.sent_hash(iri) == digest:
            report.unchanged.append(iri)
            state.done(iri, digest)
            continue
        target = graph_url(ep.path, None if name is None else iri)
        try:
            status, attempts = http_call("PUT", target, body)
        except CityKGError as exc:
            raise CityKGError(f"{exc}; {_progress(report, len(graphs))}") from None
        except KeyboardInterrupt:
            raise CityKGError(f"push: interrupted; {_progress(report, len(graphs))}") from None
        report.graphs.append(PushedGraph(iri, len(quads), status, attempts))
        state.done(iri, digest)
    if prune:
        for iri in state.previous_graphs():
            if iri and iri not in names:
                try:
                    http_call("DELETE", graph_url(ep.path, iri), None, missing_ok=True)
                except CityKGError as exc:
                    raise CityKGError(
                        f"{exc}; pruning stopped after {len(report.deleted)} deletion(s)"
                    ) from None
                report.deleted.append(iri)
    state.finish(names if prune else sorted(set(names) | set(state.previous_graphs())))
    return report


def _progress(report: PushReport, total: int) -> str:
    if not report.graphs:
        return f"stopped before the first of {total} graphs: the server is unchanged"
    return (
        f"stopped after {len(report.graphs)} of {total} graphs ({report.triples} triples "
        "pushed): the server now holds a mix of new and old graphs; push again"
    )


class _Caller:
    """One GSP request with retries, each attempt under a total deadline."""

    def __init__(self, ep: Endpoint, headers: dict, retries: int, timeout: float, backoff: float):
        self.ep, self.headers, self.retries = ep, headers, retries
        self.timeout, self.backoff = timeout, backoff

    def __call__(
        self, method: str, target: str, body: bytes | None, *, missing_ok: bool = False
    ) -> tuple[int, int]:
        attempts = 0
        public = self.ep.public
        while True:
            attempts += 1
            try:
                status, detail = _request(self.ep, method, target, body, self.headers, self.timeout)
            except (OSError, http.client.HTTPException) as exc:
                if attempts > self.retries:
                    raise CityKGError(
                        f"push: cannot reach {public}: {_reason(exc, self.timeout)}"
                    ) from None
            else:
                if status < 300 or (missing_ok and status == 404):
                    return status, attempts
                if status in (401, 403):
                    raise CityKGError(f"push: {public}: authentication failed (HTTP {status})")
                if status < 500 or attempts > self.retries:
                    where = f"{public} ({method} {urllib.parse.unquote(target.partition('?')[2])})"
                    raise CityKGError(f"push: {where}: HTTP {status} {detail}".rstrip())
            time.sleep(min(self.backoff * 2 ** (attempts - 1), 30.0))


class DeadlineError(OSError):
    """A request that did not finish within its total deadline."""


def _request(
    ep: Endpoint, method: str, target: str, body: bytes | None, headers: dict, timeout: float
) -> tuple[int, str]:
    """One HTTP request; a timer closes the socket when ``timeout`` seconds have passed,
    whatever the server is doing (a socket timeout alone restarts at every byte)."""
    cls = http.client.HTTPSConnection if ep.scheme == "https" else http.client.HTTPConnection
    conn = cls(ep.host, ep.port, timeout=timeout)
    expired = threading.Event()

    def expire() -> None:
        expired.set()
        sock = conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    timer = threading.Timer(timeout, expire)
    timer.daemon = True
    timer.start()
    try:
        conn.request(method, target, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read(4096).decode("utf-8", "replace")
        while response.read(65536):
            pass
        return response.status, _first_line(text, response.reason)
    except (OSError, http.client.HTTPException) as exc:
        if expired.is_set():
            raise DeadlineError(f"no complete answer within {timeout:g} s") from exc
        raise
    finally:
        timer.cancel()
        conn.close()


def _reason(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, DeadlineError):
        return f"timed out (no complete answer within {timeout:g} s)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, TimeoutError):
        return "timed out"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    return printable(" ".join(str(exc).split()))[:200] or type(exc).__name__


def _first_line(text: str, reason: str) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    reason = printable(reason or "")
    line = printable(line)[:200]
    return f"{reason}: {line}" if line and line != reason else reason


def printable(text: str) -> str:
    """Server text made safe for a terminal: control, C1 and bidi-override characters
    become ``\\xNN``/``\\uNNNN`` escapes."""
    out = []
    for c in text:
        o = ord(c)
        if o < 32 or 127 <= o < 160:
            out.append(f"\\x{o:02x}")
        elif 0x202A <= o <= 0x202E or 0x2066 <= o <= 0x2069 or o in (0x200E, 0x200F):
            out.append(f"\\u{o:04x}")
        else:
            out.append(c)
    return "".join(out)


def _redact(url: str) -> str:
    """A URL with any ``user:password@`` removed (for messages about a URL we cannot parse)."""
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    authority, slash, tail = rest.partition("/")
    return f"{scheme}://{authority.rpartition('@')[2]}{slash}{tail}"


class _State:
    """The push record beside the graph: per endpoint, the graphs pushed and whether the
    last push finished. Best effort: an unwritable directory only loses the record."""

    def __init__(self, path: Path, endpoint: str) -> None:
        self.path, self.endpoint = path, endpoint
        try:
            self.data = json.loads(path.read_text(encoding="utf-8"))
            assert isinstance(self.data, dict)
        except (OSError, ValueError, AssertionError):
            self.data = {}
        entry = self.data.get(endpoint)
        self.before = entry if isinstance(entry, dict) else {}

    def incomplete(self) -> str | None:
        if self.before.get("complete", True):
            return None
        done, total = len(self.before.get("done", [])), self.before.get("total", "?")
        return f"the previous push to {self.endpoint} stopped after {done} of {total} graphs"

    def previous_graphs(self) -> list[str]:
        return sorted(set(self.before.get("graphs", [])) | set(self.before.get("done", [])))

    def sent_hash(self, name: str) -> str | None:
        """The hash of what the last push sent as graph ``name`` (None: unknown)."""
        hashes = self.before.get("hashes")
        return hashes.get(name) if isinstance(hashes, dict) else None

    def start(self, names: list[str]) -> None:
        hashes = self.before.get("hashes")
        self._entry = {
            "graphs": self.previous_graphs(),
            "done": [],
            "total": len(names),
            "complete": False,
            "hashes": dict(hashes) if isinstance(hashes, dict) else {},
        }
        self._save()

    def done(self, name: str, digest: str | None = None) -> None:
        self._entry["done"].append(name)
        if digest is not None:
            self._entry["hashes"][name] = digest
        self._save()

    def finish(self, graphs: list[str]) -> None:
        hashes = {g: h for g, h in self._entry.get("hashes", {}).items() if g in graphs}
        self._entry = {"graphs": sorted(graphs), "complete": True, "hashes": hashes}
        self._save()

    def _save(self) -> None:
        self.data[self.endpoint] = self._entry
        with contextlib.suppress(OSError):
            write_atomic(self.path, json.dumps(self.data, indent=1, sort_keys=True) + "\n")
