"""Reading and writing graph files: where a graph lives, how it is serialised, how it is
written safely.

Every RDF file citykg writes is serialised by :func:`serialize_quads` (Oxigraph's writer
over sorted quads: the one canonical serialiser) and goes through :func:`write_atomic`
(temp file in the same directory, then ``os.replace``) so a crash never leaves a
half-written graph behind.
"""

from __future__ import annotations

import functools
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import CityKGError
from .namespaces import DEFAULT_BASE, PREFIX_IRIS, SEGMENT_PREFIXES  # no rdflib

#: File names a build writes into its output directory.
TURTLE_NAME = "citykg.ttl"
TRIG_NAME = "citykg.trig"
VIEW_NAME = "index.html"
REPORT_NAME = "report.json"
#: Timings of a build, beside its report (not committed: they change every run).
TIMINGS_NAME = "timings.json"
DEFAULT_GRAPH_DIR = Path("graphs")


def resolve_graph_path(graph: str | os.PathLike | None = None) -> Path:
    """Return the RDF file behind ``--graph``: a file as given, or a build directory's TriG
    (which keeps the per-document named graphs) falling back to its Turtle."""
    path = Path(graph) if graph is not None else DEFAULT_GRAPH_DIR
    if path.is_dir():
        for name in (TRIG_NAME, TURTLE_NAME):
            if (path / name).is_file():
                return path / name
        raise CityKGError(f"{path}: no {TRIG_NAME} or {TURTLE_NAME} here; run 'citykg build' first")
    if not path.is_file():
        raise CityKGError(f"{path}: no such graph file or directory")
    return path


def load_dataset(graph: str | os.PathLike | None = None) -> Any:
    """A graph file or build directory as an rdflib ``Dataset`` (named graphs kept), for
    the libraries that need rdflib (pyshacl, owlready2): parsed by Oxigraph, converted
    once by :mod:`citykg.rdflib_bridge`."""
    from rdflib import Dataset

    from .rdflib_bridge import to_rdflib
    from .store import read_quads

    ds = Dataset()
    for q in read_quads(resolve_graph_path(graph)):
        s, p, o = to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)
        if isinstance(q.graph_name, ox.DefaultGraph):
            ds.default_graph.add((s, p, o))
        else:
            ds.graph(to_rdflib(q.graph_name)).add((s, p, o))
    return ds


def write_atomic(path: str | os.PathLike, data: str | bytes | Iterable[str | bytes]) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename. ``data``
    may come in pieces (text is written as UTF-8), so a large file need not be in memory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pieces = (data,) if isinstance(data, str | bytes) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces:
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


# --------------------------------------------------------------------------- serialising


def prefixes(base: str = DEFAULT_BASE) -> dict[str, str]:
    """citykg's prefixes as plain strings: vocabularies, ``res:`` and one per segment."""
    out = dict(PREFIX_IRIS)
    out["res"] = base
    for segment in SEGMENT_PREFIXES:
        out[segment] = f"{base}{segment}/"
    # the dataset description's own nodes, so Turtle names them without escaped slashes
    out["dataset"] = f"{base}dataset/"
    for part in ("class", "property", "distribution"):
        out[f"dataset-{part}"] = f"{base}dataset/{part}/"
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
    source: ox.Store | Iterable[ox.Quad],
    fmt: ox.RdfFormat,
    *,
    base: str = DEFAULT_BASE,
    dataset: bool | None = None,
) -> bytes:
    """citykg's one canonical serialiser: Oxigraph's writer over sorted quads.

    Every file citykg writes (``build``, ``publish``, ``export``, ``query``) goes through
    here, so the same graph is the same bytes whichever command wrote it. Named graphs
    are kept when ``dataset`` (default: whether ``fmt`` has them); otherwise the output is
    the merge of all graphs, each triple once. Turtle, TriG and RDF/XML use citykg's
    prefixes (only those the data uses, sorted), N-Triples and N-Quads are sorted lines.
    To dump a graph file as written, pass :func:`read_quads`.
    """
    keep_graphs = fmt.supports_datasets if dataset is None else dataset and fmt.supports_datasets
    if keep_graphs:
        items: list[Any] = sorted_quads(source)
    else:  # the merge: each triple once (triples hash and compare in Rust)
        triples = dict.fromkeys(q.triple for q in source)
        if any(
            isinstance(t.subject, ox.BlankNode) or isinstance(t.object, ox.BlankNode)
            for t in triples
        ):
            merged = sorted_quads(ox.Quad(*t) for t in triples)
        else:
            merged = sorted((ox.Quad(*t) for t in triples), key=_quad_key)
        items = merged if fmt.supports_datasets else [q.triple for q in merged]
    if fmt in (ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS):
        data = ox.serialize(items, format=fmt)
        lines = sorted(set(data.decode("utf-8").splitlines()))
        return ("\n".join(lines) + "\n").encode("utf-8") if lines else b""
    if fmt in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG, ox.RdfFormat.RDF_XML):
        used = _used_prefixes(items, prefixes(base))
        data = ox.serialize(items, format=fmt, prefixes=used)
        return data if fmt == ox.RdfFormat.RDF_XML else _sort_prefix_lines(data)
    return ox.serialize(items, format=fmt)


def _used_prefixes(items: list[Any], candidates: Mapping[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``items`` starts with: a file declares what
    it uses, not citykg's whole list. When one namespace holds another (``res:`` and
    ``city:``) both may be kept; the writer picks the longer."""
    namespaces = {ns: name for name, ns in candidates.items()}
    found, refused = namespaces_used(items, candidates)
    return {namespaces[ns]: ns for ns in sorted(found - refused)}


def namespaces_used(
    items: Iterable[Any], candidates: Mapping[str, str]
) -> tuple[set[str], set[str]]:
    """The candidate namespaces the IRIs of ``items`` (quads, triples or term tuples) use,
    and those an IRI ending in ``.`` starts with (Oxigraph would write ``ns:name\\.``,
    valid Turtle that rdflib cannot read): kept apart so that per-document figures can be
    added up (:mod:`citykg.chunks`)."""
    namespaces = set(candidates.values())
    found: set[str] = set()
    refused: set[str] = set()
    for value in iris_of(items):
        cut = max(value.rfind("/"), value.rfind("#")) + 1
        if value[:cut] in namespaces:
            found.add(value[:cut])
        if value.endswith("."):
            refused.update(ns for ns in namespaces if value.startswith(ns))
    return found, refused


def iris_of(items: Iterable[Any]) -> set[str]:
    """The IRIs of quads, triples or term tuples (literals: their datatype's). The distinct
    terms are gathered first (a set of terms hashes them in Rust): a graph names each
    subject and predicate many times, and only the distinct ones are looked at."""
    terms: set[Any] = set()
    for item in items:
        if isinstance(item, tuple):
            terms.update(item)
        else:
            terms.update((item.subject, item.predicate, item.object))
            terms.add(getattr(item, "graph_name", None))
    iris: set[str] = set()
    for term in terms:
        if isinstance(term, ox.NamedNode):
            iris.add(term.value)
        elif isinstance(term, ox.Literal):
            iris.add(term.datatype.value)
    return iris


def namespace_facts(
    iris: Iterable[str], candidates: Mapping[str, str]
) -> tuple[set[str], set[str], set[str]]:
    """For IRIs: the candidate namespaces they use, those refused (see
    :func:`namespaces_used`), and every candidate that starts one of them (the only
    prefixes the writer could pick for these IRIs)."""
    facts = _iri_facts(frozenset(candidates.values()))
    found: set[str] = set()
    refused: set[str] = set()
    starting: set[str] = set()
    for value in iris:
        own, matching = facts(value)
        if own is not None:
            found.add(own)
        starting.update(matching)
        if value.endswith("."):
            refused.update(matching)
    return found, refused, starting


@functools.cache
def _iri_facts(namespaces: frozenset[str]) -> Callable[[str], tuple[str | None, tuple[str, ...]]]:
    """Per IRI, the candidate namespace it is in (or None) and every candidate that starts
    it. Both depend only on the IRI up to its last '/' or '#' (its *head*), but for
    candidates that end otherwise: the heads' facts are remembered (a build's IRIs have a
    few hundred heads; its statement and document IRIs, each new, share a handful)."""
    # a namespace ending in '/' or '#' starts an IRI only as one of the IRI's own prefixes
    # cut after a '/' or '#': a few set lookups per IRI instead of a test per namespace
    odd = tuple(ns for ns in namespaces if not ns.endswith(("/", "#")))

    @functools.lru_cache(maxsize=8192)
    def of_head(head: str) -> tuple[str | None, tuple[str, ...]]:
        own = head if head in namespaces else None
        return own, tuple(
            head[: m.end()] for m in _CUTS.finditer(head) if head[: m.end()] in namespaces
        )

    def facts(value: str) -> tuple[str | None, tuple[str, ...]]:
        own, matching = of_head(value[: max(value.rfind("/"), value.rfind("#")) + 1])
        if odd:
            matching += tuple(ns for ns in odd if value.startswith(ns))
        return own, matching

    return facts


_CUTS = re.compile(r"[/#]")


def _sort_prefix_lines(data: bytes) -> bytes:
    """Alphabetical ``@prefix`` header, so a diff of two outputs shows data, not noise."""
    lines = data.split(b"\n")
    n = 0
    while n < len(lines) and lines[n].startswith(b"@prefix "):
        n += 1
    return b"\n".join(sorted(lines[:n]) + lines[n:])


def _has_bnode(q: ox.Quad) -> bool:
    return any(isinstance(t, ox.BlankNode) for t in (q.subject, q.object, q.graph_name))


_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")


def _quad_key(q: ox.Quad) -> tuple:
    """Graph, subject, predicate (``rdf:type`` first, as ``a``), object: the written order."""
    g = q.graph_name
    return (
        0 if isinstance(g, ox.DefaultGraph) else 1,
        str(g),
        str(q.subject),
        "" if q.predicate == _RDF_TYPE else str(q.predicate),
        str(q.object),
    )


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
