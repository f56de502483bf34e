"""Exports: RDF formats, graph formats for Gephi, CSV, the dataset description, publish.

RDF formats are the graph file as written (streamed by Oxigraph's parser, never through
rdflib), sorted so two exports of the same graph are byte-identical. Graph formats
(GraphML, GEXF, CSV) write the entity network of :mod:`citykg.netgraph` — the same
projection the views and stats draw, computed on the cached Oxigraph store — so a node,
its label and class, and an edge with its evidence are the same in every output. Files
hold what their formats can: list attributes (aliases, documents, evidence sentences) are
joined with ``" | "`` (``classes`` with spaces), absent values are left out, and the
view-only ``cls`` (the broad class the view colours by) is dropped in favour of ``class``,
the node's most specific citykg class.
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import logging
import os
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, VOID, XSD

from . import store as kgstore
from . import vocab
from .errors import CityKGError
from .graphio import load_dataset, resolve_graph_path, write_atomic
from .netgraph import local_name, to_networkx
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


def export_bytes(graph: str | os.PathLike | None, fmt: str, *, lang: str = "en") -> bytes:
    """A single-file export as bytes (every format but csv)."""
    if fmt == "csv":
        raise CityKGError("export: csv writes two files (nodes and edges); give --out")
    if fmt in RDF_EXPORTS:
        path = resolve_graph_path(graph)
        return kgstore.serialize_quads(kgstore.read_quads(path), RDF_EXPORTS[fmt][0])
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
    graph: str | os.PathLike | None, fmt: str, out: Path | None, *, lang: str = "en"
) -> list[Path]:
    """Write the graph in ``fmt`` to ``out`` (stdout when None) and return the files written.

    csv writes ``<out>-nodes.csv`` and ``<out>-edges.csv`` (a ``.csv`` suffix on ``out`` is
    dropped), or ``nodes.csv``/``edges.csv`` when ``out`` is an existing directory.
    """
    if fmt == "csv":
        if out is None:
            raise CityKGError("export: csv writes two files (nodes and edges); give --out")
        return _export_csv(kgstore.open_store(graph), Path(out), lang)
    data = export_bytes(graph, fmt, lang=lang)
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return []
    return [write_atomic(out, data)]


def _export_csv(src: ox.Store, out: Path, lang: str) -> list[Path]:
    nodes, edges = csv_tables(to_networkx(src, lang=lang))
    if out.is_dir():
        targets = (out / "nodes.csv", out / "edges.csv")
    else:
        stem = out.with_suffix("") if out.suffix.lower() == ".csv" else out
        targets = (Path(f"{stem}-nodes.csv"), Path(f"{stem}-edges.csv"))
    return [write_atomic(targets[0], nodes), write_atomic(targets[1], edges)]


# --------------------------------------------------------------------------- description

_DISTRIBUTIONS = (
    ("turtle", "citykg.ttl", "text/turtle", "Turtle"),
    ("trig", "citykg.trig", "application/trig", "TriG"),
)
_IANA = "https://www.iana.org/assignments/media-types/"


def describe_dataset(
    data: Dataset | Graph | Iterable[tuple],
    *,
    base: str = vocab.DEFAULT_BASE,
    title: str = "citykg knowledge graph",
    sources: Sequence[str] = (),
    download_base: str | None = None,
) -> Graph:
    """A VoID/DCAT description of ``data`` (counts computed, no blank nodes).

    Any existing description (subjects under ``{base}dataset``) is left out of the counts,
    so describing an already described graph gives the same numbers. Timestamps appear
    only when ``SOURCE_DATE_EPOCH`` is set, so ordinary builds are byte-identical.
    """
    ds_node = URIRef(f"{base}dataset")
    prefix = str(ds_node)
    triples = {t for t in _all_triples(data) if not str(t[0]).startswith(prefix)}
    subjects = {s for s, _, _ in triples}
    objects = {o for _, _, o in triples}
    predicates: dict[URIRef, int] = defaultdict(int)
    class_members: dict[URIRef, set] = defaultdict(set)
    for s, p, o in triples:
        predicates[p] += 1
        if p == RDF.type and isinstance(o, URIRef):
            class_members[o].add(s)
    entities = {
        s
        for members in class_members.values()
        for s in members
        if isinstance(s, URIRef) and str(s).startswith(base)
    }
    documents = sorted(class_members.get(CKG.Document, set()))

    g = Graph()
    vocab.bind_prefixes(g, base)
    add = g.add
    add((ds_node, RDF.type, VOID.Dataset))
    add((ds_node, RDF.type, DCAT.Dataset))
    add((ds_node, DCTERMS.title, Literal(title, lang="en")))
    add(
        (
            ds_node,
            DCTERMS.description,
            Literal(
                "Cities' climate cooperation (peer-to-peer exchanges, conference side "
                "sessions, city initiatives) extracted from news items and event pages, "
                "with the evidence sentence behind every relation.",
                lang="en",
            ),
        )
    )
    add((ds_node, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")))
    publisher = URIRef(f"{base}dataset/publisher")
    add((ds_node, DCTERMS.publisher, publisher))
    add((publisher, RDF.type, FOAF.Agent))
    add((publisher, FOAF.name, Literal("citykg")))
    for pred, value in (
        (VOID.triples, len(triples)),
        (VOID.entities, len(entities)),
        (VOID.distinctSubjects, len(subjects)),
        (VOID.distinctObjects, len(objects)),
        (VOID.classes, len(class_members)),
        (VOID.properties, len(predicates)),
    ):
        add((ds_node, pred, Literal(value, datatype=XSD.integer)))
    add((ds_node, VOID.uriSpace, Literal(base)))
    for ns in _vocabularies(predicates, class_members):
        add((ds_node, VOID.vocabulary, URIRef(ns)))
    for cls in sorted(class_members):
        node = URIRef(f"{base}dataset/class/{_slug(cls)}")
        add((ds_node, VOID.classPartition, node))
        add((node, VOID["class"], cls))
        add((node, VOID.entities, Literal(len(class_members[cls]), datatype=XSD.integer)))
    for pred in sorted(predicates):
        node = URIRef(f"{base}dataset/property/{_slug(pred)}")
        add((ds_node, VOID.propertyPartition, node))
        add((node, VOID.property, pred))
        add((node, VOID.triples, Literal(predicates[pred], datatype=XSD.integer)))
    for example in _examples(class_members, base):
        add((ds_node, VOID.exampleResource, example))
    for doc in documents:
        add((ds_node, DCTERMS.source, doc))
    for src in sources:
        add((ds_node, DCTERMS.source, URIRef(src) if _is_absolute_iri(src) else Literal(src)))
    for key, name, media, label in _DISTRIBUTIONS:
        dist = URIRef(f"{base}dataset/distribution/{key}")
        add((ds_node, DCAT.distribution, dist))
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCTERMS.title, Literal(f"{title} ({label})", lang="en")))
        if download_base:
            # absolute, so that every RDF parser (Oxigraph refuses relative IRIs) reads it
            add((dist, DCAT.downloadURL, URIRef(download_base + name)))
        add((dist, DCAT.mediaType, URIRef(_IANA + media)))
    stamp = _source_date()
    if stamp is not None:
        add((ds_node, DCTERMS.issued, stamp))
        add((ds_node, DCTERMS.modified, stamp))
    return g


def _all_triples(data: Dataset | Graph) -> Iterable[tuple]:
    if isinstance(data, Dataset):
        for s, p, o, _ in data.quads((None, None, None, None)):
            yield (s, p, o)
    else:
        yield from data


def _vocabularies(predicates: dict, class_members: dict) -> list[str]:
    used = [str(t) for t in [*predicates, *class_members]]
    out = set()
    for ns in vocab.PREFIXES.values():
        if any(t.startswith(str(ns)) for t in used):
            out.add(str(vocab.ONTOLOGY_IRI) if str(ns) == _CKG_NS else str(ns))
    return sorted(out)


def _examples(class_members: dict, base: str, limit: int = 3) -> list[URIRef]:
    """The alphabetically first resource of the main classes: stable and representative."""
    picks: list[URIRef] = []
    for cls in (CKG.Exchange, CKG.City, CKG.Agency, CKG.Event, CKG.Initiative):
        members = sorted(m for m in class_members.get(cls, ()) if str(m).startswith(base))
        if members and members[0] not in picks:
            picks.append(members[0])
        if len(picks) == limit:
            break
    return picks


def _source_date() -> Literal | None:
    raw = os.environ.get("SOURCE_DATE_EPOCH")
    if not raw:
        return None
    from datetime import datetime, timezone

    try:
        when = datetime.fromtimestamp(int(raw), tz=timezone.utc)
    except (ValueError, OverflowError) as exc:
        raise CityKGError(f"SOURCE_DATE_EPOCH={raw!r}: not a Unix timestamp") from exc
    return Literal(when.strftime("%Y-%m-%dT%H:%M:%SZ"), datatype=XSD.dateTime)


def _slug(iri: URIRef) -> str:
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
    graph: str | os.PathLike | Dataset | None,
    out_dir: Path,
    *,
    base: str = vocab.DEFAULT_BASE,
    title: str = "citykg knowledge graph",
    download_base: str | None = None,
) -> list[Path]:
    """Write what a linked-data portal ingests into ``out_dir`` (every file atomically).

    The graph's dataset description is recomputed and replaces any older one. RDF files
    are written by Oxigraph, sorted; the N-Triples dump is gzipped with mtime 0 and no file
    name so it is byte-identical across runs. ``dcat:downloadURL``s are written only when
    ``download_base`` (where the portal will serve these files) is given, and then as
    absolute IRIs, so every file parses in rdflib and Oxigraph alike.
    """
    out_dir = Path(out_dir)
    data = graph if isinstance(graph, Dataset) else load_dataset(graph)
    description = describe_dataset(data, base=base, title=title, download_base=download_base)
    quads = _merged_quads(data, description, base)
    written: list[Path] = []

    def write(name: str, payload: bytes | str) -> None:
        written.append(write_atomic(out_dir / name, payload))

    relative = {
        str(o) for o in description.objects(None, DCAT.downloadURL) if not _is_absolute_iri(str(o))
    }
    with_abs, placeholder = _absolutise(quads, relative)
    write(
        "citykg.ttl",
        _unplaceholder(
            kgstore.serialize_quads(with_abs, ox.RdfFormat.TURTLE, base=base), placeholder
        ),
    )
    write(
        "citykg.trig",
        _unplaceholder(
            kgstore.serialize_quads(with_abs, ox.RdfFormat.TRIG, base=base), placeholder
        ),
    )
    write(
        "citykg.jsonld",
        _unplaceholder(kgstore.serialize_quads(with_abs, ox.RdfFormat.JSON_LD), placeholder),
    )
    plain = [q for q in quads if not any(str(t) in relative for t in (q[2],))]
    nt = kgstore.serialize_quads(_to_ox_quads(plain), ox.RdfFormat.N_TRIPLES)
    write("citykg.nt.gz", _gzip(nt))
    write("void.ttl", description.serialize(format="longturtle", encoding="utf-8"))
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
    render_view(data, view_path, title=title)
    written.append(view_path)
    from . import deref  # the linked-data site: a page, a .ttl and a .jsonld per resource

    written += deref.publish_site(data, out_dir, base=base)
    n_triples = int(description.value(URIRef(f"{base}dataset"), VOID.triples))
    write("index.html", deref.landing_page(out_dir, written, n_triples, title))
    return written


def landing_page(out_dir: Path, files: Sequence[Path], triples: int, title: str) -> str:
    """A small static page listing the published files with their sizes."""
    rows = []
    for path in sorted(files, key=lambda p: p.relative_to(out_dir).as_posix()):
        rel = path.relative_to(out_dir).as_posix()
        if rel == "index.html":
            continue
        href = "/".join(_quote_segment(s) for s in rel.split("/"))
        rows.append(
            f'<tr><td><a href="{html.escape(href)}">{html.escape(rel)}</a></td>'
            f"<td>{path.stat().st_size:,} bytes</td></tr>"
        )
    t = html.escape(title)
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{t}</title></head><body>\n<h1>{t}</h1>\n"
        f"<p>{triples:,} triples. Licence: "
        '<a href="https://creativecommons.org/licenses/by/4.0/">CC BY 4.0</a>. '
        'Explore the <a href="view.html">interactive view</a> or the '
        '<a href="ontology/index.html">ontology</a>.</p>\n'
        "<table>\n<tr><th>file</th><th>size</th></tr>\n" + "\n".join(rows) + "\n</table>\n"
        "</body></html>\n"
    )


def _quote_segment(text: str) -> str:
    from urllib.parse import quote

    return quote(text, safe="")


def _merged_quads(data: Dataset, description: Graph, base: str) -> list[tuple]:
    """rdflib quads of ``data`` without its old description, plus the new one."""
    prefix = f"{base}dataset"
    default = URIRef("urn:x-rdflib:default")
    out = []
    for s, p, o, ctx in data.quads((None, None, None, None)):
        if str(s).startswith(prefix):
            continue
        name = getattr(ctx, "identifier", ctx)
        out.append((s, p, o, None if name == default or name is None else name))
    out.extend((s, p, o, None) for s, p, o in description)
    return out


_PLACEHOLDER = "https://citykg.invalid/relative/"


def _absolutise(quads: list[tuple], relative: set[str]) -> tuple[list[ox.Quad], str]:
    """Oxigraph only holds absolute IRIs: park relative ones under a placeholder base
    that :func:`_unplaceholder` strips from the serialised text."""
    fixed = []
    for s, p, o, g in quads:
        if str(o) in relative:
            o = URIRef(_PLACEHOLDER + str(o))
        fixed.append((s, p, o, g))
    return _to_ox_quads(fixed), _PLACEHOLDER


def _unplaceholder(data: bytes, placeholder: str) -> bytes:
    return data.replace(placeholder.encode(), b"")


def _to_ox_quads(quads: Iterable[tuple]) -> list[ox.Quad]:
    return [
        ox.Quad(
            kgstore.to_ox(s),
            kgstore.to_ox(p),
            kgstore.to_ox(o),
            kgstore.to_ox(g) if g is not None else ox.DefaultGraph(),
        )
        for s, p, o, g in quads
    ]


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


__all__ = [
    "EXPORT_FORMATS",
    "csv_tables",
    "describe_dataset",
    "export_bytes",
    "export_graph",
    "file_network",
    "landing_page",
    "publish",
]
