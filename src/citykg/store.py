"""The Oxigraph store behind ``citykg query``, ``serve``, the views and the exports.

Oxigraph is the only SPARQL engine: graphs are read into an **in-memory** store by
Oxigraph's own loader (``bulk_load``), never through rdflib or a Python loop, so a
``citykg query`` costs what a raw pyoxigraph load and query cost (``bench/bench_query.py``
measures both as whole processes in one run).

**The default graph is the merge.** Users ask about the whole graph while a build keeps
one named graph per document, and Oxigraph's ``use_default_graph_as_union`` is not a set
union (a triple asserted in two documents' graphs comes out twice, so ``COUNT(*)`` and
``SELECT`` without ``DISTINCT`` over-count). A build directory already holds the merge:
``citykg.ttl`` is every triple once. So a query without ``GRAPH``/``FROM`` loads only the
Turtle; one that names graphs loads the TriG's named graphs beside it; ``serve``, which
does not know its queries in advance, keeps the merge alone for the queries without
``GRAPH``/``FROM`` and both for the others (:func:`open_query_stores`). A TriG or N-Quads file on its own
is merged in the store by one SPARQL ``INSERT`` (Rust, not Python), which costs about a
second load.

**No on-disk cache.** citykg used to keep a compacted RocksDB store beside the graph and
build it on the first query. ``bench/bench_query.py`` still measures that store
(``disk_*``): building it takes 79 s for 650k triples and 83 s for 1.2M (5-20 in-memory
loads) and 2.5x the file's size on disk; once built, a cold query on it was 0.2-0.6x an
in-memory load + query in the same (heavily loaded) run, while a query to a running
``citykg serve`` took 0.7-1.8 s against its 2.2-4.3 s. So the first query stays a plain
load, and whoever queries a graph repeatedly is better served by ``citykg serve`` and
``citykg query --endpoint`` than by a cache; the bench keeps the figures so the decision
can be revisited.

Whatever needs the dataset exactly as written (``push``, RDF exports) streams the file
with :func:`read_quads`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import CityKGError
from .graphio import (  # the serialiser lives with the other file writing; re-exported
    TRIG_NAME,
    TURTLE_NAME,
    prefixes,
    resolve_graph_path,
    serialize_quads,
    write_atomic,
)
from .namespaces import DEFAULT_BASE

log = logging.getLogger(__name__)


#: Oxigraph formats by file extension (``RdfFormat.from_extension`` does not know ``.owl``).
_RDF_FORMATS = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
}

#: ``--format`` values and what they serialise with.
RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}
FORMATS = ("table", *RESULT_FORMATS, *GRAPH_FORMATS)

_UPDATE_KEYWORDS = {
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "DROP",
    "CREATE",
    "ADD",
    "MOVE",
    "COPY",
    "WITH",
}
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*<[^>]*>)|(?:BASE\s*<[^>]*>))", re.I)
_SYNTAX_POS = re.compile(r"^error at (\d+):(\d+):\s*")


@dataclass
class QueryOutcome:
    """What a query produced: its kind and Oxigraph's (single-use) result object."""

    kind: str  # select | ask | construct | update
    result: Any  # QuerySolutions | QueryBoolean | QueryTriples | None for updates
    graph_path: Path | None = None


# --------------------------------------------------------------------------- loading


def rdf_format(path: Path) -> ox.RdfFormat:
    """Oxigraph format for a graph file, by extension."""
    try:
        return _RDF_FORMATS[path.suffix.lower()]
    except KeyError:
        raise CityKGError(f"{path}: unknown RDF file extension {path.suffix!r}") from None


@dataclass(frozen=True)
class GraphFiles:
    """The files behind ``--graph``: the merged graph (every triple once, in the default
    graph) and/or a dataset with named graphs. A build directory has both."""

    merged: Path | None
    dataset: Path | None

    @property
    def path(self) -> Path:
        """The file users name (the dataset when there is one, as :func:`resolve_graph_path`)."""
        return self.dataset or self.merged  # type: ignore[return-value]


def graph_files(graph: str | os.PathLike | None = None) -> GraphFiles:
    """Which files hold the merge and the named graphs of ``graph`` (dir or file)."""
    path = resolve_graph_path(graph)
    if path.name == TRIG_NAME and (path.parent / TURTLE_NAME).is_file():
        return GraphFiles(path.parent / TURTLE_NAME, path)
    if rdf_format(path).supports_datasets:
        return GraphFiles(None, path)
    return GraphFiles(path, None)


def open_store(graph: str | os.PathLike | None = None, *, named_graphs: bool = True) -> ox.Store:
    """The graph (a build dir or an RDF file) in an in-memory Oxigraph store whose default
    graph is the merge of the file's graphs, with its named graphs unless
    ``named_graphs`` is False (see the module docstring)."""
    files = graph_files(graph)
    store = ox.Store()
    if files.merged is not None:
        _bulk_load(store, files.merged)
    if files.dataset is not None and (named_graphs or files.merged is None):
        _bulk_load(store, files.dataset)
        if files.merged is None:
            store.update(_MERGE)
    return store


def open_query_stores(graph: str | os.PathLike | None = None) -> tuple[ox.Store, ox.Store]:
    """``(merge, full)`` for a server that does not know its queries in advance: the merge
    alone, for the queries without ``GRAPH``/``FROM`` (most), and :func:`open_store`'s store
    with the named graphs beside it. Measured at 650k triples (``bench/bench_query.py``'s
    join), the named graphs beside the merge make a default-graph query 1.5x slower (1.56 s
    against 1.06 s), so it is worth keeping the merge twice. One store when there are no
    named graphs."""
    files = graph_files(graph)
    full = open_store(graph)
    if files.dataset is None:
        return full, full
    merge = ox.Store()
    if files.merged is not None:
        _bulk_load(merge, files.merged)
    else:
        merge.bulk_extend(full.quads_for_pattern(None, None, None, ox.DefaultGraph()))
    return merge, full


def store_for_query(sparql: str, graph: str | os.PathLike | None = None) -> ox.Store:
    """:func:`open_store` with the named graphs only when the query names graphs."""
    return open_store(graph, named_graphs=uses_named_graphs(sparql))


def uses_named_graphs(sparql: str) -> bool:
    """Whether a query mentions ``GRAPH`` or ``FROM`` outside comments, strings and IRIs
    (only such a query can see anything but the default graph)."""
    body = _STRINGS_IRIS.sub(" ", _strip_comments(sparql))
    return bool(re.search(r"(?i)\b(?:GRAPH|FROM)\b", body))


_MERGE = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
_STRINGS_IRIS = re.compile(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'")


def _bulk_load(store: ox.Store, path: Path) -> None:
    try:
        store.bulk_load(path=str(path), format=rdf_format(path), base_iri=_base(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise CityKGError(f"{path}: cannot parse as RDF: {_one_line(exc)}") from exc


def file_store(path: str | os.PathLike) -> ox.Store:
    """One RDF file's quads as written (no merge), in an in-memory store. Oxigraph's loader
    releases the GIL, so a thread can load a file while Python does other work (the build
    loads ``citykg.ttl`` and ``citykg.trig`` for its view while it writes and projects)."""
    store = ox.Store()
    _bulk_load(store, Path(path))
    return store


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store with :func:`open_store`'s layout: named graphs kept, their
    triples also merged into the default graph."""
    store = ox.Store()
    store.bulk_extend(merged_layout(quads))
    return store


def merged_layout(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    """Every quad as it is and, for a quad of a named graph, its triple in the default
    graph too (a store keeps one copy of a repeated quad, so the merge is a set)."""
    for quad in quads:
        yield quad
        if not isinstance(quad.graph_name, ox.DefaultGraph):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)


def read_quads(path: Path) -> Iterator[ox.Quad]:
    """Stream the quads of a graph file with Oxigraph's parser: the dataset exactly as
    written (its default graph is *not* the merge). Errors are one line, with the file."""
    fmt = rdf_format(path)
    try:
        yield from ox.parse(path=str(path), format=fmt, base_iri=_base(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise CityKGError(f"{path}: cannot parse as RDF: {_one_line(exc)}") from exc


def load_plain_store(path: Path) -> ox.Store:
    """The file in a fresh in-memory store as it is, default graph untouched (updates)."""
    store = ox.Store()
    _bulk_load(store, path)
    return store


def _base(path: Path) -> str:
    # Relative IRIs (a dataset description's dcat:downloadURL <citykg.ttl>) resolve against
    # the file itself, as rdflib does; without a base Oxigraph would refuse the whole file.
    return path.resolve().as_uri()


def source_graphs(
    graph: str | os.PathLike | None = None,
) -> list[tuple[ox.NamedNode | ox.BlankNode | None, list[ox.Quad]]]:
    """The file's graphs as written: ``(name, quads)`` for each named graph sorted by name,
    then ``(None, quads)`` for the default graph (present even when empty)."""
    groups: dict[Any, dict[ox.Quad, None]] = {}
    for quad in read_quads(resolve_graph_path(graph)):
        groups.setdefault(quad.graph_name, {})[quad] = None  # distinct, in file order
    default = list(groups.pop(ox.DefaultGraph(), {}))
    named = [
        (name, list(quads)) for name, quads in sorted(groups.items(), key=lambda kv: str(kv[0]))
    ]
    return [*named, (None, default)]


# --------------------------------------------------------------------------- querying


def query_kind(sparql: str) -> str:
    """``query`` or ``update``, from the first keyword after comments and prologue.

    Only used to refuse updates early with a helpful message; safety does not depend on
    it, because queries run through ``Store.query`` on a read-only store, which cannot
    execute an update whatever the text says.
    """
    text = _strip_comments(sparql)
    while True:
        stripped = _PROLOGUE.match(text)
        if not stripped:
            break
        text = text[stripped.end() :]
    word = re.match(r"\s*([A-Za-z]+)", text)
    return "update" if word and word.group(1).upper() in _UPDATE_KEYWORDS else "query"


def run_query(
    sparql: str,
    graph: str | os.PathLike | None = None,
    *,
    allow_update: bool = False,
    params: Mapping[str, str] | None = None,
    store: ox.Store | None = None,
) -> QueryOutcome:
    """Run a SPARQL query (or, with ``allow_update``, an update) against a graph.

    A query's default graph is the merge of all the file's graphs; ``GRAPH`` sees the
    named graphs. An update runs on the file as written (an in-memory copy that is then
    serialised back), so it changes the graphs the file actually has.

    ``params`` bind variables to plain literals through Oxigraph's SEP-0007
    substitutions, never by splicing text into the query; Oxigraph requires such a
    variable to be projected by a SELECT. ``store`` lets a caller (serve, bench) reuse an
    already open store.
    """
    if query_kind(sparql) == "update":
        if not allow_update:
            raise CityKGError(
                "query: this is a SPARQL update; updates are refused; "
                "pass --allow-update to modify the graph"
            )
        return _run_update(sparql, graph)
    if store is None:
        store = store_for_query(sparql, graph)
    sparql = with_known_prefixes(sparql)
    subs = {ox.Variable(k): ox.Literal(v) for k, v in (params or {}).items()}
    try:
        # no use_default_graph_as_union: the store's default graph is the merge already
        result = store.query(sparql, substitutions=subs or None)
    except SyntaxError as exc:
        raise CityKGError(syntax_message(exc)) from exc
    except RuntimeError as exc:
        msg = _one_line(exc)
        if "projection" in msg and subs:
            names = ", ".join(sorted(params or {}))
            raise CityKGError(
                f"query: parameters ({names}) need a SELECT query that projects them: {msg}"
            ) from exc
        raise CityKGError(f"query: {msg}") from exc
    except OSError as exc:
        raise CityKGError(f"query: cannot read the store: {_one_line(exc)}") from exc
    if isinstance(result, ox.QuerySolutions):
        kind = "select"
    elif isinstance(result, ox.QueryBoolean):
        kind = "ask"
    else:
        kind = "construct"
    return QueryOutcome(kind, result)


def syntax_message(exc: BaseException) -> str:
    """One line: ``query: SPARQL syntax error at line L, column C: reason``."""
    text = _one_line(exc)
    m = _SYNTAX_POS.match(text)
    if m:
        line, col = m.groups()
        return f"query: SPARQL syntax error at line {line}, column {col}: {text[m.end() :]}"
    return f"query: SPARQL syntax error: {text}"


def _run_update(sparql: str, graph: str | os.PathLike | None) -> QueryOutcome:
    files = graph_files(graph)
    path = files.path
    store = load_plain_store(path)
    try:
        store.update(sparql)
    except SyntaxError as exc:
        raise CityKGError(syntax_message(exc)) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise CityKGError(f"query: update failed: {_one_line(exc)}") from exc
    write_atomic(path, serialize_quads(store, rdf_format(path)))
    if files.merged is not None and files.merged != path:
        # the build directory's merged Turtle must stay the merge of the rewritten TriG
        write_atomic(files.merged, serialize_quads(store, rdf_format(files.merged)))
    return QueryOutcome("update", None, graph_path=path)


# --------------------------------------------------------------------------- named queries


@dataclass(frozen=True)
class NamedQuery:
    """A query shipped in ``ontology/queries/NAME.rq`` with its header comment block."""

    name: str
    description: str
    params: tuple[tuple[str, str], ...]  # (name, description)
    sparql: str


def queries_dir() -> Any:
    """The package's named-query folder (a ``Traversable``; works from a wheel too)."""
    return resources.files("citykg") / "data" / "ontology" / "queries"


def parse_named_query(text: str, fallback_name: str) -> NamedQuery:
    """Read the ``# name:``/``# description:``/``# param:`` header of a ``.rq`` text."""
    name, description, params = fallback_name, "", []
    for line in text.splitlines():
        if not line.startswith("#"):
            break
        key, _, value = line.lstrip("# ").partition(":")
        value = value.strip()
        if key == "name" and value:
            name = value
        elif key == "description":
            description = value
        elif key == "param":
            pname, _, pdesc = re.sub(r"\s+[—–-]\s+", "\0", value, count=1).partition("\0")
            params.append((pname.strip(), pdesc.strip()))
    return NamedQuery(name, description, tuple(params), text)


def named_queries() -> dict[str, NamedQuery]:
    """All shipped named queries by name, sorted."""
    found = {}
    for entry in sorted(queries_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            nq = parse_named_query(entry.read_text(encoding="utf-8"), entry.name[:-3])
            found[nq.name] = nq
    return found


def run_named_query(
    name: str,
    params: Mapping[str, str] | None = None,
    graph: str | os.PathLike | None = None,
    *,
    store: ox.Store | None = None,
) -> QueryOutcome:
    """Run a shipped query; its parameters must all be given, and nothing else."""
    sparql = named_query_text(name, params)
    return run_query(sparql, graph, params=dict(params or {}), store=store)


def named_query_text(name: str, params: Mapping[str, str] | None = None) -> str:
    """The text of a shipped query, once its parameters are checked against its header."""
    available = named_queries()
    if name not in available:
        raise CityKGError(
            f"query: no named query {name!r}; 'citykg queries' lists: {', '.join(available)}"
        )
    nq = available[name]
    given = dict(params or {})
    wanted = [p for p, _ in nq.params]
    missing = [p for p in wanted if p not in given]
    if missing:
        hint = " ".join(f"--param {p}=…" for p in missing)
        raise CityKGError(f"query: {name} needs {hint}")
    extra = sorted(set(given) - set(wanted))
    if extra:
        raise CityKGError(f"query: {name} takes no parameter {', '.join(extra)}")
    return nq.sparql


# --------------------------------------------------------------------------- writing


def with_known_prefixes(sparql: str, base: str = DEFAULT_BASE) -> str:
    """Declare citykg's usual prefixes (``ckg:``, ``rdfs:``, ``city:``…) that a query uses
    without declaring, so one-liners on the command line just work. Declarations go on one
    extra first line; a query that declares its own prefixes is left as it is."""
    declared = {m.lower() for m in re.findall(r"(?i)\bPREFIX\s+([\w-]*):", sparql)}
    body = re.sub(r"<[^>\s]*>|\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|#[^\n]*", " ", sparql)
    missing = [
        f"PREFIX {name}: <{iri}>"
        for name, iri in sorted(prefixes(base).items())
        if name.lower() not in declared and re.search(rf"(?<![\w<?$:-]){re.escape(name)}:", body)
    ]
    return (" ".join(missing) + "\n" + sparql) if missing else sparql


# --------------------------------------------------------------------------- formatting


def format_result(outcome: QueryOutcome, fmt: str = "table") -> bytes:
    """Serialise a query outcome. ``table`` on a graph result gives Turtle."""
    if fmt not in FORMATS:
        raise CityKGError(f"query: unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if outcome.kind == "update":
        return f"update applied; {outcome.graph_path} rewritten\n".encode()
    if outcome.kind == "construct":
        if fmt == "table":
            fmt = "turtle"
        if fmt not in GRAPH_FORMATS:
            raise CityKGError(
                f"query: --format {fmt} is for SELECT/ASK results; "
                "use turtle or ntriples for CONSTRUCT/DESCRIBE"
            )
        triples = list(outcome.result)
        quads = [ox.Quad(*t) for t in triples]
        return serialize_quads(quads, GRAPH_FORMATS[fmt])
    if fmt in GRAPH_FORMATS:
        raise CityKGError(
            f"query: --format {fmt} is for CONSTRUCT/DESCRIBE results; "
            "use table, csv, tsv, json or xml"
        )
    if fmt in RESULT_FORMATS:
        return outcome.result.serialize(format=RESULT_FORMATS[fmt])
    if outcome.kind == "ask":
        return b"true\n" if bool(outcome.result) else b"false\n"
    return _table(outcome.result).encode("utf-8")


def _table(solutions: ox.QuerySolutions) -> str:
    names = [v.value for v in solutions.variables]
    short = Shortener(prefixes())
    rows = [[_cell(short, sol[name]) for name in names] for sol in solutions]
    if not rows:
        return "(no results)\n"
    widths = [max(len(n), *(len(r[i]) for r in rows)) for i, n in enumerate(names)]
    lines = [
        "  ".join(n.ljust(w) for n, w in zip(names, widths, strict=True)).rstrip(),
        "  ".join("-" * w for w in widths),
    ]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    return "\n".join(lines) + "\n"


def _cell(short: Shortener, term: Any) -> str:
    """A table cell: a language-tagged literal keeps its tag (``"Mumbai"@en``), so the
    English and French labels of one thing never look like the same label twice."""
    if isinstance(term, ox.Literal) and term.language:
        return f'"{short.term(term)}"@{term.language}'
    return short.term(term)


class Shortener:
    """IRIs → prefixed names (longest namespace wins), literals → their plain value."""

    _LOCAL = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")

    def __init__(self, prefixes: Mapping[str, str]) -> None:
        self._ns = sorted(prefixes.items(), key=lambda kv: -len(kv[1]))

    def term(self, term: Any) -> str:
        if term is None:
            return ""
        if isinstance(term, ox.NamedNode):
            iri = term.value
            for name, ns in self._ns:
                local = iri[len(ns) :]
                if iri.startswith(ns) and (not local or self._LOCAL.match(local)):
                    return f"{name}:{local}"
            return f"<{iri}>"
        if isinstance(term, ox.BlankNode):
            return f"_:{term.value}"
        if isinstance(term, ox.Literal):
            return " ".join(term.value.split())
        return str(term)


# --------------------------------------------------------------------------- helpers


def _strip_comments(text: str) -> str:
    """Drop ``#`` comments, keeping ``#`` inside IRIs and strings."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "<":
            j = text.find(">", i)
            if j != -1 and not re.search(r"\s", text[i:j]):
                out.append(text[i : j + 1])
                i = j + 1
                continue
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
            continue
        if c == "#":
            j = text.find("\n", i)
            i = n if j == -1 else j
            continue
        out.append(c)
        i += 1
    return "".join(out)


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
