"""The Oxigraph store behind ``citykg query``, ``serve``, ``push`` and the exports.

Oxigraph is the only SPARQL engine on the hot path: graphs are streamed into it straight
from the file (Oxigraph's parser feeding ``bulk_extend``), never through rdflib. A build
directory gets an on-disk store cached beside its graph so the second query does not pay
the load again:

``DIR/.oxigraph/<graph file name>-<key>/`` where ``key`` is a SHA-256 over the cache
layout version, the graph file's size, its mtime in nanoseconds and the bytes of its first
and last MiB. Hashing the whole file would cost as much as a load on big graphs;
size+mtime catch every normal rewrite (``write_atomic`` always changes the mtime) and the
sampled bytes catch a copy that preserved the mtime. A stale entry is deleted when a new
one is built. Entries are built in a temporary directory and renamed into place, so a
crash never leaves a half store that a later run would trust.

**The default graph is materialised.** Users ask about the whole graph, while the build
keeps one named graph per document. The cached store therefore holds every named graph as
it is (``GRAPH ?g`` still sees the documents' graphs) *and* the RDF merge of the file —
its default graph plus every named graph's triples, each triple once — as the store's
default graph; queries run on that default graph with no option. Why, from profiling the
benchmark's join on 1.2 million triples in 101 named graphs (``bench/bench_query.py``):

- Oxigraph's ``use_default_graph_as_union`` (what citykg did before) is *not* a set
  union: a triple asserted in two documents' graphs comes out twice, so ``SELECT``
  without ``DISTINCT``, ``COUNT(*)`` and ``DESCRIBE`` over-count (107 duplicate solutions
  of ``?s ?p ?o`` on the seeds graph alone). The materialised merge is a true set.
- The join took ~7 s because Oxigraph plans it as a chain of index nested loops
  (``Lateral``): one RocksDB iterator per lookup, ~300k lookups per join step. The same
  plan runs in ~1 s on Oxigraph's in-memory store, so the cost is the on-disk lookups, and
  what the layout can do is make each one cheaper. Lookups in the default-graph indexes
  beat the union flag's scans of the named-graph indexes by 10-20 %; using one named graph
  holding the merge as ``default_graph`` was no faster than the union flag.
- The number of SST files matters more: the build ends with one compaction
  (``Store.optimize()``), which made the join ~1.5x faster. Together, old and new layout
  timed in the same runs: the join 1.7-1.9x faster (8.5 → 5.1 s in the quietest run), the
  named query ``exchanges-by-topic-and-year`` 1.6-2.2x (2.9 → 1.3 s).
- The query text matters too, but is the user's: ``FILTER(?a != ?b)`` on IRIs costs ~2 s
  of the join (Oxigraph splits the FILTER and evaluates each test right after the join
  that binds its variables, on every row) where ``!sameTerm`` costs nothing, and a
  subquery around the ``ckg:locatedIn`` lookups (hash join) saves ~25 %.
- The price: every named-graph triple is stored twice, and the compacted store takes
  more room than the bulk loader's files, so the cache is ~2.5x the size of a plain bulk
  load (530 vs 210 MB) and takes ~2x longer to build (~22 s); the loader's memory stays
  bounded (~2 GB peak at 1.2 and at 2.3 million triples). The cache is built once per
  version of the graph file.

The file's own default graph is *not* kept apart in the store: whatever needs the dataset
exactly as written (``push``, RDF exports) streams the file with :func:`read_quads`,
which is cheaper than any index scan. Formats without named graphs (Turtle, N-Triples,
RDF/XML) are bulk-loaded as they are: their default graph already is the merge.
"""

from __future__ import annotations

import errno
import hashlib
import logging
import os
import re
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from . import vocab
from .errors import CityKGError
from .graphio import resolve_graph_path, write_atomic

log = logging.getLogger(__name__)

CACHE_DIR_NAME = ".oxigraph"
#: Bumped when what a cached store holds changes, so older caches are rebuilt, not trusted.
CACHE_LAYOUT = 2
_RDFLIB_DEFAULT = "urn:x-rdflib:default"
_SAMPLE = 1 << 20  # bytes hashed at each end of the file for the cache key

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


def cache_key(path: Path) -> str:
    """The cache key of a graph file (see the module docstring for why these bytes)."""
    st = path.stat()
    h = hashlib.sha256(f"layout{CACHE_LAYOUT}:{st.st_size}:{st.st_mtime_ns}:".encode())
    with path.open("rb") as fh:
        h.update(fh.read(_SAMPLE))
        if st.st_size > _SAMPLE:
            fh.seek(max(_SAMPLE, st.st_size - _SAMPLE))
            h.update(fh.read(_SAMPLE))
    return h.hexdigest()[:24]


def cache_dir(path: Path) -> Path:
    """Where the cached store of ``path`` lives for its current content."""
    return path.parent / CACHE_DIR_NAME / f"{path.name}-{cache_key(path)}"


def open_store(graph: str | os.PathLike | None = None) -> ox.Store:
    """Open the graph (a build dir or an RDF file) as a read-only Oxigraph store whose
    default graph is the merge of the file's graphs (see the module docstring).

    Uses the on-disk cache beside the graph, building it first when missing or stale;
    falls back to an in-memory store when the graph's directory is not writable.
    """
    path = resolve_graph_path(graph)
    target = cache_dir(path)
    if not target.is_dir():
        try:
            _build_cache(path, target)
        except OSError as exc:  # read-only directory or file system (EACCES, EROFS)
            if exc.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
                raise
            log.info("%s: cannot write a store cache here; loading in memory", path)
            return memory_store(read_quads(path))
    try:
        return ox.Store.read_only(str(target))
    except OSError as exc:
        raise CityKGError(f"{target}: cannot open the cached store: {_one_line(exc)}") from exc


def memory_store(quads: Iterable[ox.Quad]) -> ox.Store:
    """An in-memory store with the query layout of the cache: named graphs kept, their
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
    try:
        store.load(path=str(path), format=rdf_format(path), base_iri=_base(path))
    except (SyntaxError, ValueError, OSError) as exc:
        raise CityKGError(f"{path}: cannot parse as RDF: {_one_line(exc)}") from exc
    return store


def _build_cache(path: Path, target: Path) -> None:
    root = target.parent
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.", suffix=".tmp", dir=root))
    try:
        store = ox.Store(str(tmp))
        fmt = rdf_format(path)
        if fmt.supports_datasets:
            store.bulk_extend(merged_layout(read_quads(path)))
        else:  # no named graphs: the file's default graph already is the merge
            try:
                store.bulk_load(path=str(path), format=fmt, base_iri=_base(path))
            except (SyntaxError, ValueError, OSError) as exc:
                raise CityKGError(f"{path}: cannot parse as RDF: {_one_line(exc)}") from exc
        store.optimize()  # fewer SST files: every index lookup of a join gets cheaper
        store.flush()
        del store  # closes RocksDB before the directory is renamed
        try:
            os.rename(tmp, target)
        except OSError:
            if not target.is_dir():  # not a concurrent build that won the race
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    for stale in root.glob(f"{path.name}-*"):
        if stale != target and stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)


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


def from_rdflib(data: Any) -> Iterator[ox.Quad]:
    """The quads of an rdflib ``Graph`` or ``Dataset`` as Oxigraph quads (rdflib's default
    graph becomes the default graph)."""
    from rdflib import Dataset  # lazy: rdflib is not on the query path

    if isinstance(data, Dataset):
        for s, p, o, ctx in data.quads((None, None, None, None)):
            name = getattr(ctx, "identifier", ctx)
            if name is None or str(name) == _RDFLIB_DEFAULT:
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o))
            else:
                yield ox.Quad(to_ox(s), to_ox(p), to_ox(o), to_ox(name))
    else:
        for s, p, o in data:
            yield ox.Quad(to_ox(s), to_ox(p), to_ox(o))


def to_ox(term: Any) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """An rdflib term as an Oxigraph term."""
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise CityKGError(f"unsupported RDF term {term!r}")


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
        store = open_store(graph)
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
    path = resolve_graph_path(graph)
    store = load_plain_store(path)
    try:
        store.update(sparql)
    except SyntaxError as exc:
        raise CityKGError(syntax_message(exc)) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise CityKGError(f"query: update failed: {_one_line(exc)}") from exc
    write_atomic(path, serialize_quads(store, rdf_format(path)))
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
    return run_query(nq.sparql, graph, params=given, store=store)


# --------------------------------------------------------------------------- writing


def with_known_prefixes(sparql: str, base: str = vocab.DEFAULT_BASE) -> str:
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


def prefixes(base: str = vocab.DEFAULT_BASE) -> dict[str, str]:
    """citykg's prefixes as plain strings: vocabularies, ``res:`` and one per segment."""
    out = {name: str(ns) for name, ns in vocab.PREFIXES.items()}
    out["res"] = base
    for segment in vocab.SEGMENT_PREFIXES:
        out[segment] = f"{base}{segment}/"
    return out


def sorted_quads(quads: Iterable[ox.Quad]) -> list[ox.Quad]:
    """Distinct quads in a stable order (default graph first), blank nodes canonically
    relabelled. A parsed file may repeat a statement; a dump must not."""
    quads = list(dict.fromkeys(quads))
    if any(_has_bnode(q) for q in quads):
        ds = ox.Dataset(quads)
        ds.canonicalize(ox.CanonicalizationAlgorithm.RDFC_1_0)
        quads = list(ds)
    return sorted(quads, key=_quad_key)


def serialize_quads(
    source: ox.Store | Iterable[ox.Quad], fmt: ox.RdfFormat, *, base: str = vocab.DEFAULT_BASE
) -> bytes:
    """Deterministic serialisation: sorted, named graphs kept where ``fmt`` has them.

    Formats without datasets get the union of all graphs as distinct triples. To dump a
    graph file as written, pass :func:`read_quads`, not a store from :func:`open_store`
    (whose default graph is the merge).
    """
    quads = sorted_quads(source)
    if fmt.supports_datasets:
        items: list[Any] = quads
    else:
        seen: dict[str, ox.Triple] = {}
        for q in quads:
            seen.setdefault(str(q.triple), q.triple)
        items = sorted(seen.values(), key=lambda t: _quad_key(ox.Quad(*t)))
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        data = ox.serialize(items, format=fmt)
        lines = sorted(set(data.decode("utf-8").splitlines()))
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    pre = prefixes(base) if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else None
    if not pre:
        return ox.serialize(items, format=fmt)
    return _sort_prefix_lines(ox.serialize(items, format=fmt, prefixes=pre))


def _sort_prefix_lines(data: bytes) -> bytes:
    """Alphabetical ``@prefix`` header, so a diff of two outputs shows data, not noise."""
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def _has_bnode(q: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object, q.graph_name))


def _quad_key(q: ox.Quad) -> tuple:
    g = q.graph_name
    return (
        0 if isinstance(g, ox.DefaultGraph) else 1,
        str(g),
        str(q.subject),
        str(q.predicate),
        str(q.object),
    )


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
    short = _Shortener(prefixes())
    rows = [[short.term(sol[name]) for name in names] for sol in solutions]
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


class _Shortener:
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
