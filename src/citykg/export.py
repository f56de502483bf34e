"""Exports: RDF formats, graph formats for Gephi, CSV, the dataset description, publish.

RDF formats are written by Oxigraph from the (cached) store, sorted so two exports of the
same graph are byte-identical. Graph formats (GraphML, GEXF, CSV) show the *entities*: the
typed resources a reader cares about, not documents, reified statements or the topic
scheme; an edge carries the evidence of its best-supported statement when there is one.
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
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, RDFS, SKOS, VOID, XSD

from . import store as kgstore
from . import vocab
from .errors import CityKGError
from .graphio import load_dataset, write_atomic
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

#: Most specific first: the ``class`` attribute of a node is the first one it has.
_CLASS_ORDER = (
    CKG.Conference,
    CKG.Exchange,
    CKG.Event,
    CKG.CityNetwork,
    CKG.Agency,
    CKG.City,
    CKG.Country,
    CKG.Place,
    CKG.Initiative,
    CKG.Topic,
)
_NOT_ENTITIES = {str(CKG.Document), str(CKG.Assertion), str(RDF.Statement)}
_CKG_NS = str(CKG._NS)


# --------------------------------------------------------------------------- entities


@dataclass
class Node:
    iri: str
    label: str
    cls: str
    classes: list[str]
    geonames: str = ""
    wikidata: str = ""


@dataclass
class Edge:
    source: str
    target: str
    predicate: str
    evidence: str = ""
    confidence: str = ""
    document: str = ""


@dataclass
class EntityGraph:
    """The entity view of a graph: what graphml/gexf/csv write."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)


def entity_graph(source: ox.Store, lang: str = "en") -> EntityGraph:
    """Collect entity nodes and contract edges from a store (queries run in Oxigraph)."""
    types: dict[str, set[str]] = defaultdict(set)
    for sol in source.query(
        "SELECT ?s ?t WHERE { ?s a ?t FILTER(isIRI(?s) && isIRI(?t)) }",
        use_default_graph_as_union=True,
    ):
        types[sol["s"].value].add(sol["t"].value)
    eg = EntityGraph()
    for iri in sorted(types):
        ts = types[iri]
        ckg_types = sorted(t for t in ts if t.startswith(_CKG_NS) and t not in _NOT_ENTITIES)
        if not ckg_types or ts & _NOT_ENTITIES or iri == str(vocab.TOPIC_SCHEME):
            continue
        main = next((str(c) for c in _CLASS_ORDER if str(c) in ts), ckg_types[0])
        eg.nodes[iri] = Node(
            iri=iri,
            label=iri.rstrip("/").rsplit("/", 1)[-1],
            cls=_local(main),
            classes=[_local(t) for t in ckg_types],
        )
    _add_labels(source, eg, lang)
    _add_links(source, eg)
    _add_edges(source, eg)
    return eg


def _add_labels(source: ox.Store, eg: EntityGraph, lang: str) -> None:
    best: dict[str, tuple[int, str]] = {}
    q = (
        f"SELECT ?s ?p ?l WHERE {{ VALUES ?p {{ <{RDFS.label}> <{SKOS.prefLabel}> }} "
        "?s ?p ?l FILTER(isLiteral(?l)) }"
    )
    for sol in source.query(q, use_default_graph_as_union=True):
        iri = sol["s"].value
        if iri not in eg.nodes:
            continue
        lit = sol["l"]
        tag = (lit.language or "").lower()
        rank = 0 if tag == lang.lower() else 1 if tag == "en" else 2
        rank = rank * 2 + (0 if sol["p"].value == str(RDFS.label) else 1)
        cand = (rank, lit.value)
        if iri not in best or cand < best[iri]:
            best[iri] = cand
    for iri, (_, label) in best.items():
        eg.nodes[iri].label = label


def _add_links(source: ox.Store, eg: EntityGraph) -> None:
    q = f"SELECT ?s ?o WHERE {{ ?s <{OWL.sameAs}> ?o FILTER(isIRI(?o)) }} ORDER BY ?s ?o"
    for sol in source.query(q, use_default_graph_as_union=True):
        node = eg.nodes.get(sol["s"].value)
        target = sol["o"].value
        if node is None:
            continue
        if target.startswith(str(vocab.GEONAMES)) and not node.geonames:
            node.geonames = target
        elif target.startswith(str(vocab.WD)) and not node.wikidata:
            node.wikidata = target


def _add_edges(source: ox.Store, eg: EntityGraph) -> None:
    values = " ".join(f"<{p}>" for p in vocab.OBJECT_PROPERTIES)
    evidence: dict[tuple[str, str, str], tuple[float, str, str, str]] = {}
    q_st = f"""
        SELECT ?s ?p ?o ?ev ?conf ?doc WHERE {{
          VALUES ?p {{ {values} }}
          ?st <{RDF.subject}> ?s ; <{RDF.predicate}> ?p ; <{RDF.object}> ?o .
          OPTIONAL {{ ?st <{CKG.evidence}> ?ev }}
          OPTIONAL {{ ?st <{CKG.confidence}> ?conf }}
          OPTIONAL {{ ?st <http://www.w3.org/ns/prov#wasDerivedFrom> ?doc }}
        }}"""
    for sol in source.query(q_st, use_default_graph_as_union=True):
        key = (sol["s"].value, sol["p"].value, sol["o"].value)
        conf = sol["conf"].value if sol["conf"] is not None else ""
        try:
            score = float(conf) if conf else -1.0
        except ValueError:
            score = -1.0
        ev = sol["ev"].value if sol["ev"] is not None else ""
        doc = sol["doc"].value if sol["doc"] is not None else ""
        cand = (score, ev, conf, doc)
        # highest confidence wins; ties broken by text so the choice is stable
        if key not in evidence or (cand[0], cand[1]) > (evidence[key][0], evidence[key][1]):
            evidence[key] = cand
    q = f"SELECT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }}"
    seen = set()
    for sol in source.query(q, use_default_graph_as_union=True):
        key = (sol["s"].value, sol["p"].value, sol["o"].value)
        if key in seen or key[0] not in eg.nodes or key[2] not in eg.nodes:
            continue
        seen.add(key)
        _, ev, conf, doc = evidence.get(key, (0.0, "", "", ""))
        eg.edges.append(Edge(key[0], key[2], _local(key[1]), ev, conf, doc))
    eg.edges.sort(key=lambda e: (e.source, e.predicate, e.target))


def to_networkx(eg: EntityGraph) -> nx.MultiDiGraph:
    """A MultiDiGraph (an exchange is often both located in and attended by a city)."""
    g = nx.MultiDiGraph()
    for node in eg.nodes.values():
        attrs = {"label": node.label, "class": node.cls, "classes": " ".join(node.classes)}
        attrs["iri"] = node.iri
        if node.geonames:
            attrs["geonames"] = node.geonames
        if node.wikidata:
            attrs["wikidata"] = node.wikidata
        g.add_node(node.iri, **attrs)
    for e in eg.edges:
        attrs = {"predicate": e.predicate}
        if e.evidence:
            attrs["evidence"] = e.evidence
        if e.confidence:
            attrs["confidence"] = float(e.confidence)
        if e.document:
            attrs["document"] = e.document
        g.add_edge(e.source, e.target, key=e.predicate, **attrs)
    return g


# --------------------------------------------------------------------------- export


def export_bytes(graph: str | os.PathLike | None, fmt: str, *, lang: str = "en") -> bytes:
    """A single-file export as bytes (every format but csv)."""
    if fmt == "csv":
        raise CityKGError("export: csv writes two files (nodes and edges); give --out")
    src = kgstore.open_store(graph)
    if fmt in RDF_EXPORTS:
        return kgstore.serialize_quads(src, RDF_EXPORTS[fmt][0])
    if fmt not in GRAPH_EXPORTS:
        raise CityKGError(
            f"export: unknown format {fmt!r}; choose one of {', '.join(EXPORT_FORMATS)}"
        )
    g = to_networkx(entity_graph(src, lang))
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


def csv_tables(eg: EntityGraph) -> tuple[str, str]:
    """The nodes and edges CSV texts (with header rows)."""
    nodes = io.StringIO()
    w = csv.writer(nodes, lineterminator="\n")
    w.writerow(["id", "label", "class", "classes", "geonames", "wikidata"])
    for n in eg.nodes.values():
        w.writerow([n.iri, n.label, n.cls, " ".join(n.classes), n.geonames, n.wikidata])
    edges = io.StringIO()
    w = csv.writer(edges, lineterminator="\n")
    w.writerow(["source", "target", "predicate", "evidence", "confidence", "document"])
    for e in eg.edges:
        w.writerow([e.source, e.target, e.predicate, e.evidence, e.confidence, e.document])
    return nodes.getvalue(), edges.getvalue()


def _export_csv(src: ox.Store, out: Path, lang: str) -> list[Path]:
    nodes, edges = csv_tables(entity_graph(src, lang))
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
    data: Dataset | Graph,
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


def _local(iri: str) -> str:
    return re.split(r"[#/]", str(iri).rstrip("/"))[-1]


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

    relative = {str(o) for o in description.objects(None, DCAT.downloadURL)
                if not _is_absolute_iri(str(o))}
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
    n_triples = int(description.value(URIRef(f"{base}dataset"), VOID.triples))
    write("index.html", landing_page(out_dir, written, n_triples, title))
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
        ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), _to_ox(g) if g is not None else ox.DefaultGraph())
        for s, p, o, g in quads
    ]


def _to_ox(term: URIRef | BNode | Literal) -> ox.NamedNode | ox.BlankNode | ox.Literal:
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
    raise CityKGError(f"publish: unsupported RDF term {term!r}")


def _gzip(data: bytes) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


__all__ = [
    "EXPORT_FORMATS",
    "EntityGraph",
    "csv_tables",
    "describe_dataset",
    "entity_graph",
    "export_bytes",
    "export_graph",
    "landing_page",
    "publish",
    "to_networkx",
]
