"""Push a graph to a triple store with the SPARQL 1.1 Graph Store Protocol.

One ``PUT`` per named graph plus one for the default graph. PUT *replaces* a graph, so
pushing the same build twice leaves the server exactly as after the first push; a
re-extracted document's graph replaces its old version instead of piling up next to it.
Transient failures (connection errors, timeouts, 5xx) are retried with exponential
backoff; 4xx are not, because repeating a refused request cannot make it succeed.
"""

from __future__ import annotations

import base64
import os
import socket
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field

import pyoxigraph as ox

from .errors import CityKGError
from .store import serialize_quads, source_graphs

_MEDIA_TYPE = "application/n-triples"


@dataclass
class PushedGraph:
    graph: str  # IRI, or "" for the default graph
    triples: int
    status: int
    attempts: int


@dataclass
class PushReport:
    endpoint: str
    graphs: list[PushedGraph] = field(default_factory=list)
    #: distinct triples of the merged graph: what build, stats and publish call "triples"
    distinct_triples: int = 0

    @property
    def triples(self) -> int:
        """Statements sent: a triple asserted in several documents' graphs counts once per
        graph (the store holds it once per graph too)."""
        return sum(g.triples for g in self.graphs)


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
) -> PushReport:
    """PUT every named graph and the default graph of ``graph`` to a GSP ``endpoint``."""
    if not endpoint.startswith(("http://", "https://")):
        raise CityKGError(f"push: {endpoint}: the endpoint must be an http(s) URL")
    graphs = source_graphs(graph)  # as written in the file, not the store's merged view
    headers = {"Content-Type": _MEDIA_TYPE}
    if user is not None or password is not None:
        token = base64.b64encode(f"{user or ''}:{password or ''}".encode()).decode("ascii")
        headers["Authorization"] = f"Basic {token}"
    report = PushReport(endpoint)
    report.distinct_triples = len({q.triple for _, quads in graphs for q in quads})
    for name, quads in graphs:
        body = serialize_quads(quads, ox.RdfFormat.N_TRIPLES)
        url = graph_url(endpoint, None if name is None else name.value)
        status, attempts = _put(url, endpoint, body, headers, retries, timeout, backoff)
        report.graphs.append(
            PushedGraph("" if name is None else name.value, len(quads), status, attempts)
        )
    return report


def _put(
    url: str,
    endpoint: str,
    body: bytes,
    headers: dict[str, str],
    retries: int,
    timeout: float,
    backoff: float,
) -> tuple[int, int]:
    attempts = 0
    while True:
        attempts += 1
        request = urllib.request.Request(url, data=body, headers=headers, method="PUT")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                response.read()
                return response.status, attempts
        except urllib.error.HTTPError as exc:
            detail = _first_line(exc)
            if exc.code in (401, 403):
                raise CityKGError(
                    f"push: {endpoint}: authentication failed (HTTP {exc.code})"
                ) from None
            if exc.code < 500 or attempts > retries:
                raise CityKGError(f"push: {url}: HTTP {exc.code} {detail}".rstrip()) from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            if attempts > retries:
                raise CityKGError(f"push: cannot reach {endpoint}: {_reason(exc)}") from None
        time.sleep(min(backoff * 2 ** (attempts - 1), 30.0))


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", exc)
    if isinstance(reason, ConnectionRefusedError):
        return "connection refused"
    if isinstance(reason, TimeoutError):
        return "timed out"
    if isinstance(reason, socket.gaierror):
        return "unknown host"
    text = " ".join(str(reason).split())
    return text[:200] or type(reason).__name__


def _first_line(exc: urllib.error.HTTPError) -> str:
    try:
        text = exc.read(300).decode("utf-8", "replace")
    except Exception:  # the body is only a hint; its absence is fine
        text = ""
    line = text.strip().splitlines()[0] if text.strip() else exc.reason or ""
    return f"{exc.reason}: {line}" if line and line != exc.reason else str(exc.reason or "")
