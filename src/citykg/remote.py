"""``citykg query --endpoint URL``: the same query, answered by a SPARQL endpoint.

The warm path for people who explore: a running ``citykg serve`` (or Fuseki, GraphDB,
Oxigraph server…) keeps the graph in memory, so a query costs its evaluation, not a load.
The query goes out as a SPARQL 1.1 Protocol POST (``application/sparql-query``) with
citykg's usual prefixes declared; ``--param`` values are bound by an inline ``VALUES``
block at the start of the ``WHERE`` group (the standard way, since the protocol has no
parameters), written as N-Triples literals so no value can change the query's syntax.
The answer is printed as the endpoint sent it, except ``table``, which citykg formats.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request
from collections.abc import Mapping

import pyoxigraph as ox

from .errors import CityKGError
from .store import (
    GRAPH_FORMATS,
    RESULT_FORMATS,
    QueryOutcome,
    format_result,
    query_kind,
    with_known_prefixes,
)

_MEDIA = {
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
}
_JSON_TYPES = ("application/sparql-results+json", "application/json")
_WHERE = re.compile(r"(?i)\bWHERE\s*\{|\{")


def remote_query(
    endpoint: str,
    sparql: str,
    *,
    fmt: str = "table",
    params: Mapping[str, str] | None = None,
    timeout: float = 300.0,
) -> bytes:
    """Send ``sparql`` to ``endpoint`` and return the answer in ``fmt``."""
    if not endpoint.startswith(("http://", "https://")):
        raise CityKGError(f"query: {endpoint}: the endpoint must be an http(s) URL")
    if query_kind(sparql) == "update":
        raise CityKGError("query: updates are not sent to an endpoint; run them on a file")
    text = bind_values(with_known_prefixes(sparql), params or {})
    accept = _MEDIA.get(fmt) or f"{_JSON_TYPES[0]}, text/turtle;q=0.9"
    if fmt in RESULT_FORMATS:
        accept += ", text/turtle;q=0.1"  # a CONSTRUCT still gets an answer
    request = urllib.request.Request(
        endpoint,
        data=text.encode("utf-8"),
        headers={"Content-Type": "application/sparql-query", "Accept": accept},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            body = response.read()
            ctype = (response.headers.get("Content-Type") or "").split(";")[0].strip().lower()
    except urllib.error.HTTPError as exc:
        detail = exc.read(300).decode("utf-8", "replace").strip().splitlines()
        raise CityKGError(
            f"query: {endpoint}: HTTP {exc.code}: {detail[0] if detail else exc.reason}"
        ) from None
    except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
        reason = getattr(exc, "reason", exc)
        raise CityKGError(f"query: cannot reach {endpoint}: {reason}") from None
    if fmt != "table" or ctype not in _JSON_TYPES:
        return body
    return _table(body)


def _table(body: bytes) -> bytes:
    try:
        result = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    except (SyntaxError, ValueError) as exc:
        raise CityKGError(f"query: the endpoint's JSON answer does not parse: {exc}") from None
    kind = "ask" if isinstance(result, ox.QueryBoolean) else "select"
    return format_result(QueryOutcome(kind, result), "table")


def bind_values(sparql: str, params: Mapping[str, str]) -> str:
    """``sparql`` with ``VALUES (?a ?b) { ("x" "y") }`` opening its ``WHERE`` group."""
    if not params:
        return sparql
    names = sorted(params)
    for name in names:
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", name):
            raise CityKGError(f"query: --param {name!r}: not a SPARQL variable name")
    values = " ".join(str(ox.Literal(params[n])) for n in names)
    block = f" VALUES ({' '.join('?' + n for n in names)}) {{ ({values}) }} "
    m = _WHERE.search(_blank_strings(sparql))
    if m is None:
        raise CityKGError("query: cannot bind --param: the query has no WHERE group")
    return sparql[: m.end()] + block + sparql[m.end() :]


def _blank_strings(sparql: str) -> str:
    """The query with comments, strings and IRIs blanked (same length), to search it."""

    def blank(m: re.Match) -> str:
        return " " * len(m.group(0))

    pattern = r"#[^\n]*|<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'"
    return re.sub(pattern, blank, sparql)


__all__ = ["GRAPH_FORMATS", "bind_values", "remote_query"]
