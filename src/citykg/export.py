"""Exports: RDF formats, graph formats for Gephi, CSV, the dataset description, publish.

RDF formats carry the merged graph (every triple of every document's graph once, as
``citykg.ttl``), streamed by Oxigraph's parser and written by the one canonical
serialiser (:func:`citykg.store.serialize_quads`), so the Turtle export of a build is its
``citykg.ttl``, byte for byte, and a JSON-LD or RDF/XML reader sees the same triples as a
Turtle reader. TriG and N-Quads keep the documents' named graphs (``--dataset`` does the
same for JSON-LD). Graph formats (GraphML, GEXF, CSV) write the entity network of
:mod:`citykg.netgraph` — the same projection the views and stats draw — so a node,
its label and class, and an edge with its evidence are the same in every output. Files
hold what their formats can: list attributes (aliases, documents, evidence sentences) are
joined with ``" | "`` (``classes`` with spaces), absent values are left out, and the
view-only ``cls`` (the broad class the view colours by) is dropped in favour of ``class``,
the node's most specific citykg class.
"""

from __future__ import annotations

import csv
import gzip
import io
import logging
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from . import store as kgstore
from . import vocab
from .errors import CityKGError
from .graphio import resolve_graph_path, write_atomic
from .netgraph import GraphCounts, graph_counts, local_name, to_networkx
from .rdf import ox_iri as rdf_node
from .rdflib_bridge import quads_from_rdflib
from .vocab import CKG

log = logging.getLogger(__name__)

RDF_EXPORTS = {
    "turtle": (ox.RdfFormat.TURTLE, ".ttl"),
    "ntriples": (ox.RdfFormat.N_TRIPLES, ".nt"),
    "nquads": (ox.RdfFormat.N_QUADS, ".nq"),
    "trig": (ox.RdfFormat.TRIG, ".trig"),
    "jsonld": (ox.RdfFormat.JSON_LD, ".jsonld"),
    "rdfxml": (ox.RdfFormat.RDF_XML, ".rdf"),
}
GRAPH_EXPORTS = ("graphml", "gexf", "csv")
EXPORT_FORMATS = (*RDF_EXPORTS, *GRAPH_EXPORTS)

_CKG_NS = str(CKG._NS)
_LIST_SEPARATOR = " | "
#: CSV columns, in order (``id`` is the node's IRI); dates follow the contract's order.
NODE_COLUMNS = (
    "id",
    "label",
    "class",
    "classes",
    "label_en",
    "label_fr",
    "aliases",
    "geonames",
    "wikidata",
    "documents",
    *(local_name(p) for p in vocab.DATATYPE_PROPERTIES),
)
EDGE_COLUMNS = ("source", "target", "predicate", "label", "evidence", "confidence", "documents")


# --------------------------------------------------------------------------- graph formats


def _file_value(key: str, value: object) -> object:
    """An attribute value as GraphML/GEXF/CSV hold it: lists joined, numbers kept."""
    if isinstance(value, list):
        return (" " if key == "classes" else _LIST_SEPARATOR).join(value)
    return value


def file_attributes(data: dict) -> dict:
    """A node's or edge's projection attributes as written to files: without ``cls`` and
    empty values, lists joined (see the module docstring)."""
    out = {}
    for key, value in data.items():
        if key == "cls" or value in ("", []):
            continue
        out[key] = _file_value(key, value)
    return out


def file_network(net: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """The projection with attribute values the GraphML and GEXF writers accept."""
    out = nx.MultiDiGraph()
    for node, data in net.nodes(data=True):
        out.add_node(node, **file_attributes(data))
    for u, v, key, data in net.edges(keys=True, data=True):
        out.add_edge(u, v, key=key, **file_attributes(data))
    return out


def csv_tables(net: nx.MultiDiGraph) -> tuple[str, str]:
    """The nodes and edges CSV texts (with header rows) of a projection."""
    nodes = io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(NODE_COLUMNS)
    for node, data in net.nodes(data=True):
        attrs = {**file_attributes(data), "id": node}
        w.writerow([attrs.get(c, "") for c in NODE_COLUMNS])
    edges = io.StringIO()
    w = csv.writer(edges, lineterminator="\n")
    w.writerow(EDGE_COLUMNS)
    for u, v, data in net.edges(data=True):
        attrs = {**file_attributes(data), "source": u, "target": v}
        w.writerow([attrs.get(c, "") for c in EDGE_COLUMNS])
    return nodes.getvalue(), edges.getvalue()


# --------------------------------------------------------------------------- export


#: RDF formats that always keep the named graphs; ``--dataset`` adds these.
DATASET_FORMATS = ("trig", "nquads")
DATASET_OPTIONAL = ("jsonld",)


def export_bytes(
    graph: str | os.PathLike | None, fmt: str, *, lang: str = "en", dataset: bool = False
) -> bytes:
    """A single-file export as bytes (every format but csv). RDF formats hold the merged
    graph; trig and nquads, and jsonld with ``dataset``, the named graphs as written."""
    if fmt == "csv":
        raise CityKGError("export: csv writes two files (nodes and edges); give --out")
    if dataset and fmt not in (*DATASET_FORMATS, *DATASET_OPTIONAL):
        raise CityKGError(
            f"export: --dataset keeps named graphs in jsonld ({', '.join(DATASET_FORMATS)} "
            f"always keep them); {fmt} has no named graphs"
        )
    if fmt in RDF_EXPORTS:
        path = resolve_graph_path(graph)
        keep = fmt in DATASET_FORMATS or dataset
        return kgstore.serialize_quads(kgstore.read_quads(path), RDF_EXPORTS[fmt][0], dataset=keep)
    if fmt not in GRAPH_EXPORTS:
        raise CityKGError(
            f"export: unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    g = file_network(to_networkx(kgstore.open_store(graph), lang=lang))
    buf = io.BytesIO()
    if fmt == "graphml":
        nx.write_graphml(g, buf, encoding="utf-8", prettyprint=True)
        return buf.getvalue()
    nx.write_gexf(g, buf, encoding="utf-8", prettyprint=True)
    # networkx stamps today's date; an export must not change from one day to the next
    return re.sub(rb'\s+lastmodifieddate="[^"]*"', b"", buf.getvalue(), count=1)


def export_graph(
    graph: str | os.PathLike | None,
    fmt: str,
    out: Path | None,
    *,
    lang: str = "en",
    dataset: bool = False,
) -> list[Path]:
    """Write the graph in ``fmt`` to ``out`` (stdout when None) and return the files written.

    csv writes two tables, so its ``out`` is a folder (created when missing, trailing slash
    or not): ``out/nodes.csv`` and ``out/edges.csv``.
    """
    if fmt == "csv":
        if out is None:
            raise CityKGError("export: csv writes two files (nodes and edges); give --out")
        return _export_csv(kgstore.open_store(graph), Path(out), lang)
    data = export_bytes(graph, fmt, lang=lang, dataset=dataset)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return []
    return [write_atomic(out, data)]


def _export_csv(src: ox.Store, out: Path, lang: str) -> list[Path]:
    nodes, edges = csv_tables(to_networkx(src, lang=lang))
    if out.exists() and not out.is_dir():
        raise CityKGError(f"{out}: is a file; csv --out is a folder (it gets nodes.csv, edges.csv)")
    targets = (out / "nodes.csv", out / "edges.csv")
    return [write_atomic(targets[0], nodes), write_atomic(targets[1], edges)]


# --------------------------------------------------------------------------- description

#: What ``publish`` writes as dumps: key, file name, media type, label, whether the file
#: keeps the documents' named graphs. Every one carries the whole merged graph.
DUMPS = (
    ("turtle", "citykg.ttl", "text/turtle", "Turtle", False),
    ("trig", "citykg.trig", "application/trig", "TriG", True),
    ("jsonld", "citykg.jsonld", "application/ld+json", "JSON-LD", False),
    ("ntriples", "citykg.nt.gz", "application/n-triples", "N-Triples, gzip", False),
)
_IANA = "https://www.iana.org/assignments/media-types/"
_DESCRIPTION_TEXT = (
    "Cities' climate cooperation (peer-to-peer exchanges, conference side sessions, city "
    "initiatives) extracted from news items and event pages, with the evidence sentence "
    "behind every relation."
)
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, ox.NamedNode | ox.BlankNode | ox.Literal]
_n = rdf_node


def _int(value: int) -> ox.Literal:
    return ox.Literal(str(value), datatype=_n(XSD.integer))


def content_triples(data: object, base: str = vocab.DEFAULT_BASE) -> set[Triple]:
    """The distinct triples of ``data`` (GraphTriples, a store, quads, triples or an rdflib
    graph) without any dataset description (subjects under ``{base}dataset``)."""
    prefix = f"{base}dataset"
    return {t for t in _triples(data) if not t[0].value.startswith(prefix)}


def describe_dataset(
    data: object,
    *,
    base: str = vocab.DEFAULT_BASE,
    title: str = "citykg knowledge graph",
    sources: Sequence[str] = (),
) -> list[Triple]:
    """A VoID/DCAT description of ``data`` (counts computed, no blank nodes), sorted.

    Any existing description is left out of the numbers, so describing a described graph
    gives the same numbers. ``void:triples`` counts every triple of the merged graph *with
    this description* (what a reader of ``citykg.ttl`` counts: see
    :func:`citykg.netgraph.graph_counts`); the partitions describe the content. Timestamps
    appear only when ``SOURCE_DATE_EPOCH`` is set, so ordinary builds are byte-identical.
    The dumps (format, size, triple count, URL) are listed by :func:`describe_dumps`.
    """
    triples = content_triples(data, base)
    return describe_stats(
        content_stats(triples, base), graph_counts(triples), base=base, title=title, sources=sources
    )


@dataclass
class ContentStats:
    """What the dataset description counts, apart from the triples themselves: kept apart
    so that an incremental build can add up per-document figures
    (:mod:`citykg.chunks`) instead of holding the whole graph."""

    triples: int
    subjects: int
    objects: int
    predicates: dict[ox.NamedNode, int]
    classes: dict[ox.NamedNode, int]
    documents: list[ox.NamedNode]
    examples: list[ox.NamedNode]


def content_stats(triples: set[Triple], base: str = vocab.DEFAULT_BASE) -> ContentStats:
    """The :class:`ContentStats` of a set of distinct triples."""
    predicates: dict[ox.NamedNode, int] = defaultdict(int)
    class_members: dict[ox.NamedNode, set] = defaultdict(set)
    rdf_type = _n(RDF.type)
    for s, p, o in triples:
        predicates[p] += 1
        if p == rdf_type and isinstance(o, ox.NamedNode):
            class_members[o].add(s)
    return ContentStats(
        len(triples),
        len({s for s, _, _ in triples}),
        len({o for _, _, o in triples}),
        dict(predicates),
        {c: len(m) for c, m in class_members.items()},
        sorted(class_members.get(_n(CKG.Document), set()), key=lambda d: d.value),
        _examples(class_members, base),
    )


def describe_stats(
    stats: ContentStats,
    counts: GraphCounts,
    *,
    base: str = vocab.DEFAULT_BASE,
    title: str = "citykg knowledge graph",
    sources: Sequence[str] = (),
) -> list[Triple]:
    """:func:`describe_dataset` from the figures alone (``void:triples`` counts the
    description's own triples too, hence two passes)."""
    out = _description(stats, counts, base, title, sources, total=0)
    return _description(stats, counts, base, title, sources, total=stats.triples + len(out))


def _description(
    stats: ContentStats,
    counts: GraphCounts,
    base: str,
    title: str,
    sources: Sequence[str],
    *,
    total: int,
) -> list[Triple]:
    ds_node = ox.NamedNode(f"{base}dataset")
    predicates, classes, documents = stats.predicates, stats.classes, stats.documents
    out: list[Triple] = []

    def add(s: ox.NamedNode, p: object, o: object) -> None:
        out.append((s, _n(p), o if isinstance(o, ox.NamedNode | ox.Literal) else _n(o)))

    add(ds_node, RDF.type, VOID.Dataset)
    add(ds_node, RDF.type, DCAT.Dataset)
    add(ds_node, DCTERMS.title, ox.Literal(title, language="en"))
    add(ds_node, DCTERMS.description, ox.Literal(_DESCRIPTION_TEXT, language="en"))
    add(ds_node, DCTERMS.license, "https://creativecommons.org/licenses/by/4.0/")
    publisher = ox.NamedNode(f"{base}dataset/publisher")
    add(ds_node, DCTERMS.publisher, publisher)
    add(publisher, RDF.type, FOAF.Agent)
    add(publisher, FOAF.name, ox.Literal("citykg"))
    for pred, value in (
        (VOID.triples, total),
        (VOID.entities, counts.entities),
        (VOID.distinctSubjects, stats.subjects),
        (VOID.distinctObjects, stats.objects),
        (VOID.classes, len(classes)),
        (VOID.properties, len(predicates)),
    ):
        add(ds_node, pred, _int(value))
    add(ds_node, VOID.uriSpace, ox.Literal(base))
    for ns in _vocabularies(predicates, classes):
        add(ds_node, VOID.vocabulary, ns)
    for cls in sorted(classes, key=lambda c: c.value):
        part = ox.NamedNode(f"{base}dataset/class/{_slug(cls.value)}")
        add(ds_node, VOID.classPartition, part)
        add(part, VOID["class"], cls)
        add(part, VOID.entities, _int(classes[cls]))
    for pred in sorted(predicates, key=lambda p: p.value):
        part = ox.NamedNode(f"{base}dataset/property/{_slug(pred.value)}")
        add(ds_node, VOID.propertyPartition, part)
        add(part, VOID.property, pred)
        add(part, VOID.triples, _int(predicates[pred]))
    for example in stats.examples:
        add(ds_node, VOID.exampleResource, example)
    for doc in documents:
        add(ds_node, DCTERMS.source, doc)
    for src in sources:
        add(
            ds_node, DCTERMS.source, ox.NamedNode(src) if _is_absolute_iri(src) else ox.Literal(src)
        )
    stamp = _source_date()
    if stamp is not None:
        add(ds_node, DCTERMS.issued, stamp)
        add(ds_node, DCTERMS.modified, stamp)
    return sorted(set(out), key=lambda t: (t[0].value, t[1].value, str(t[2])))


def describe_dumps(
    description: Iterable[Triple],
    files: dict[str, Path],
    triples: int,
    *,
    base: str = vocab.DEFAULT_BASE,
    title: str = "citykg knowledge graph",
    download_base: str | None = None,
) -> list[Triple]:
    """``void.ttl``: the dataset description plus one ``dcat:Distribution`` per dump
    written (format, media type, ``dcat:byteSize``, ``void:triples`` and, given
    ``download_base``, an absolute ``dcat:downloadURL``). Every dump holds the same merged
    graph, so each has the same triple count; it lives here and not inside the dumps,
    whose own size it could not state."""
    ds_node = ox.NamedNode(f"{base}dataset")
    out = list(description)
    for key, name, media, label, _ in DUMPS:
        if key not in files:
            continue
        dist = ox.NamedNode(f"{base}dataset/distribution/{key}")
        out += [
            (ds_node, _n(DCAT.distribution), dist),
            (dist, _n(RDF.type), _n(DCAT.Distribution)),
            (dist, _n(DCTERMS.title), ox.Literal(f"{title} ({label})", language="en")),
            (dist, _n(DCTERMS["format"]), ox.Literal(media)),
            (dist, _n(DCAT.mediaType), ox.NamedNode(_IANA + media)),
            (dist, _n(DCAT.byteSize), _int(files[key].stat().st_size)),
            (dist, _n(VOID.triples), _int(triples)),
        ]
        if name.endswith(".gz"):
            out.append((dist, _n(DCAT.compressFormat), ox.NamedNode(_IANA + "application/gzip")))
        if download_base:
            # absolute, so that every RDF parser (Oxigraph refuses relative IRIs) reads it
            out.append((dist, _n(DCAT.downloadURL), ox.NamedNode(download_base + name)))
    return out


def _triples(data: object) -> Iterator[Triple]:
    """Triples of whatever citykg hands around (see :func:`content_triples`)."""
    from rdflib import Graph

    if isinstance(data, Graph):  # a notebook's rdflib graph or dataset: converted once
        data = quads_from_rdflib(data)
    elif isinstance(data, ox.Store):
        data = data.quads_for_pattern(None, None, None)
    elif hasattr(data, "merged"):
        data = data.merged()
    for item in data:  # type: ignore[attr-defined]
        if isinstance(item, ox.Quad | ox.Triple):
            yield item.subject, item.predicate, item.object
        else:
            yield item


def _vocabularies(predicates: dict, class_members: dict) -> list[ox.NamedNode]:
    used = [t.value for t in [*predicates, *class_members]]
    out = set()
    for ns in vocab.PREFIXES.values():
        if any(t.startswith(str(ns)) for t in used):
            out.add(str(vocab.ONTOLOGY_IRI) if str(ns) == _CKG_NS else str(ns))
    return [ox.NamedNode(ns) for ns in sorted(out)]


def _examples(class_members: dict, base: str, limit: int = 3) -> list[ox.NamedNode]:
    """The alphabetically first resource of the main classes: stable and representative."""
    picks: list[ox.NamedNode] = []
    for cls in (CKG.Exchange, CKG.City, CKG.Agency, CKG.Event, CKG.Initiative):
        members = sorted(
            m.value
            for m in class_members.get(_n(cls), ())
            if isinstance(m, ox.NamedNode) and m.value.startswith(base)
        )
        if members and ox.NamedNode(members[0]) not in picks:
            picks.append(ox.NamedNode(members[0]))
        if len(picks) == limit:
            break
    return picks


def _source_date() -> ox.Literal | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    from datetime import datetime, timezone

    try:
        when = datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (ValueError, OverflowError) as exc:
        raise CityKGError(f"SOURCE_DATE_EPOCH={raw!r}: not a Unix timestamp") from exc
    return ox.Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=_n(XSD.dateTime))


def _slug(iri: str) -> str:
    """``City`` for ckg terms, ``rdfs-label`` for others: readable, IRI-safe, unique."""
    text = str(iri)
    if text.startswith(_CKG_NS):
        local = text[len(_CKG_NS) :]
        if re.fullmatch(r"[A-Za-z0-9_-]+", local):
            return local
    for name, ns in sorted(vocab.PREFIXES.items()):
        if text.startswith(str(ns)) and re.fullmatch(r"[A-Za-z0-9_-]+", text[len(str(ns)) :]):
            return f"{name}-{text[len(str(ns)) :]}"
    from urllib.parse import quote

    return quote(text, safe="")


def _is_absolute_iri(text: str) -> bool:
    return bool(re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]*$", text))


# --------------------------------------------------------------------------- publish

PUBLISH_FILES = (
    "citykg.ttl",
    "citykg.trig",
    "citykg.jsonld",
    "citykg.nt.gz",
    "void.ttl",
    "ontology/citykg.ttl",
    "ontology/topics.ttl",
    "ontology/shapes.ttl",
    "ontology/index.html",
    "view.html",
    "index.html",
)


def publish(
    graph: str | os.PathLike | None,
    out_dir: Path,
    *,
    base: str = vocab.DEFAULT_BASE,
    title: str = "citykg knowledge graph",
    download_base: str | None = None,
) -> list[Path]:
    """Write what a linked-data portal ingests into ``out_dir`` (every file atomically).

    The dataset description inside the graph is recomputed (keeping its ``dcterms:source``
    entries), so the published ``citykg.ttl`` is byte for byte the build's for the same
    graph. Dumps are written by the one serialiser (:func:`citykg.store.serialize_quads`),
    sorted; the N-Triples dump is gzipped with mtime 0 and no file name. ``void.ttl`` is
    the description plus every dump with its format, byte size and triple count, and
    ``dcat:downloadURL``s when ``download_base`` (where the portal serves the files) is
    given.
    """
    out_dir = Path(out_dir)
    quads, description, total = _published_graph(graph, base, title)
    written: list[Path] = []
    dumps: dict[str, Path] = {}

    def write(name: str, payload: bytes | str) -> Path:
        path = write_atomic(out_dir / name, payload)
        written.append(path)
        return path

    fmts = {
        "turtle": ox.RdfFormat.TURTLE,
        "trig": ox.RdfFormat.TRIG,
        "jsonld": ox.RdfFormat.JSON_LD,
    }
    for key, name, _media, _label, named in DUMPS:
        if key == "ntriples":
            nt = kgstore.serialize_quads(quads, ox.RdfFormat.N_TRIPLES, base=base)
            dumps[key] = write(name, _gzip(nt))
        else:
            data = kgstore.serialize_quads(quads, fmts[key], base=base, dataset=named)
            dumps[key] = write(name, data)
    void = describe_dumps(
        description, dumps, total, base=base, title=title, download_base=download_base
    )
    write(
        "void.ttl",
        kgstore.serialize_quads([ox.Quad(*t) for t in void], ox.RdfFormat.TURTLE, base=base),
    )
    ontology_dir = Path(str(kgstore.queries_dir())).parent
    for name in ("citykg.ttl", "topics.ttl", "shapes.ttl"):
        src = ontology_dir / name
        if not src.is_file():
            raise CityKGError(f"{src}: missing from the package; cannot publish the ontology")
        write(f"ontology/{name}", src.read_bytes())
    from .ontodoc import render_ontology_html  # lazy: another stage, optional at import

    write("ontology/index.html", render_ontology_html(lang="en"))
    from .view import render_view  # lazy, as above

    view_path = out_dir / "view.html"
    render_view(kgstore.memory_store(quads), view_path, title=title)
    written.append(view_path)
    from . import deref  # the linked-data site: a page, a .ttl and a .jsonld per resource

    store = kgstore.memory_store(quads)
    written += deref.publish_site(store, out_dir, base=base)
    write("index.html", deref.landing_page(out_dir, written, total, title))
    return written


def _published_graph(
    graph: str | os.PathLike | None, base: str, title: str
) -> tuple[list[ox.Quad], list[Triple], int]:
    """The file's quads with a fresh description (its old sources kept), the description
    and the merged graph's triple count."""
    prefix = f"{base}dataset"
    source_pred = _n(DCTERMS.source)
    sources: list[str] = []
    kept: list[ox.Quad] = []
    for q in kgstore.read_quads(resolve_graph_path(graph)):
        if q.subject.value.startswith(prefix):
            if (
                q.subject.value == prefix
                and q.predicate == source_pred
                and isinstance(q.object, ox.Literal)
            ):
                sources.append(q.object.value)
            continue
        kept.append(q)
    description = describe_dataset(kept, base=base, title=title, sources=sorted(set(sources)))
    quads = kept + [ox.Quad(*t) for t in description]
    total = len({q.triple for q in quads})
    return quads, description, total


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


__all__ = [
    "EXPORT_FORMATS",
    "csv_tables",
    "describe_dataset",
    "describe_dumps",
    "export_bytes",
    "export_graph",
    "file_network",
    "publish",
]
