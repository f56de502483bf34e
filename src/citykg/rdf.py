"""Entities and relations → RDF with provenance, deterministic IRIs and serialisations.

Each document gets a named graph (``{base}graph/{doc}``) with what was extracted from it:
types, labels, links, relations and one reified ``rdf:Statement`` (also ``ckg:Assertion``)
per relation carrying the evidence sentence, the rule and a confidence. The merged Turtle
is the union plus the document nodes and the dataset description. Serialisation is
canonical (sorted), so the same inputs give byte-identical files and ``graphs/`` diffs mean
something.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from .extract.gazetteer import Gazetteer, load_gazetteer
from .model import Document, Entity
from .resolve import Resolved
from .vocab import CKG, DATATYPE_PROPERTIES, DEFAULT_BASE, GEONAMES, TOPIC_SCHEME, WD, bind_prefixes

_SAFE = "/-._~"


def iri(base: str, path: str) -> URIRef:
    """``base + path`` with everything outside unreserved characters percent-encoded."""
    return URIRef(base + quote(path, safe=_SAFE))


def document_iri(base: str, doc: Document) -> URIRef:
    return iri(base, f"document/{doc.doc_id}")


def graph_iri(base: str, doc_id: str) -> URIRef:
    return iri(base, f"graph/{doc_id}")


def entity_iri(base: str, ent: Entity, gaz: Gazetteer) -> URIRef:
    entry = gaz.entries.get(ent.key)
    if entry is not None and entry.iri:
        return URIRef(entry.iri)
    return iri(base, ent.slug)


def _clean(text: str) -> str:
    """Labels and evidence as single-line text (control characters removed)."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    return " ".join(text.split())


def build_dataset(
    resolved: Resolved,
    documents: Iterable[Document],
    *,
    base: str = DEFAULT_BASE,
    gazetteer: Gazetteer | None = None,
) -> Dataset:
    """The build's RDF: one named graph per document, documents in the default graph."""
    gaz = gazetteer or load_gazetteer()
    ds = Dataset()
    bind_prefixes(ds, base)
    docs = {d.doc_id: d for d in documents}
    node = {k: entity_iri(base, e, gaz) for k, e in resolved.entities.items()}
    default = ds.default_context
    for doc in docs.values():
        d = document_iri(base, doc)
        default.add((d, RDF.type, CKG.Document))
        default.add((d, RDF.type, PROV.Entity))
        default.add((d, DCTERMS.title, Literal(_clean(doc.title), lang=doc.language)))
        default.add((d, DCTERMS.language, Literal(doc.language)))
        default.add((d, CKG.sourcePath, Literal(doc.path)))
        default.add((d, CKG.sha256, Literal(doc.sha256)))
    graphs = {doc_id: ds.graph(graph_iri(base, doc_id)) for doc_id in docs}
    for key, ent in resolved.entities.items():
        for doc_id in sorted(ent.docs):
            if doc_id in graphs:
                _describe(
                    graphs[doc_id],
                    node[key],
                    ent,
                    gaz,
                    document_iri(base, docs[doc_id]),
                    docs[doc_id].language,
                )
    for r in resolved.relations:
        g = graphs.get(r.doc_id)
        if g is None:
            continue
        s = node[r.subject]
        p = CKG[r.predicate]
        if r.obj is not None:
            o = node[r.obj]
            # an object only reached through a relation is still described in this graph
            if (o, RDF.type, None) not in g:
                _describe(g, o, resolved.entities[r.obj], gaz, None, docs[r.doc_id].language)
        else:
            o = Literal(r.value, datatype=DATATYPE_PROPERTIES[p])
        g.add((s, p, o))
        st = iri(
            base,
            "statement/"
            + hashlib.sha1("|".join((str(s), str(p), str(o), r.doc_id)).encode()).hexdigest()[:20],
        )
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.type, CKG.Assertion))
        g.add((st, RDF.subject, s))
        g.add((st, RDF.predicate, p))
        g.add((st, RDF.object, o))
        g.add((st, PROV.wasDerivedFrom, document_iri(base, docs[r.doc_id])))
        g.add((st, CKG.evidence, Literal(_clean(r.evidence), lang=docs[r.doc_id].language)))
        g.add((st, CKG.confidence, Literal(f"{r.confidence:.2f}", datatype=XSD.decimal)))
        g.add((st, CKG.rule, Literal(r.rule)))
    return ds


def _describe(
    g: Graph, n: URIRef, ent: Entity, gaz: Gazetteer, doc: URIRef | None, lang: str
) -> None:
    g.add((n, RDF.type, CKG[ent.type]))
    for extra in sorted(ent.extra_types):
        g.add((n, RDF.type, CKG[extra]))
    labels = dict(ent.labels)
    for label_lang, label in sorted(labels.items()):
        g.add((n, RDFS.label, Literal(_clean(label), lang=label_lang)))
    label_set = {v for v in labels.values()}
    for alias, alias_lang in sorted(ent.aliases):
        if alias not in label_set:
            g.add((n, SKOS.altLabel, Literal(_clean(alias), lang=alias_lang)))
    if ent.type == "Topic":
        g.add((n, RDF.type, SKOS.Concept))
        g.add((n, SKOS.inScheme, TOPIC_SCHEME))
        for label_lang, label in sorted(labels.items()):
            g.add((n, SKOS.prefLabel, Literal(_clean(label), lang=label_lang)))
    if ent.geonames:
        g.add((n, OWL.sameAs, GEONAMES[f"{ent.geonames}/"]))
    if ent.wikidata:
        g.add((n, OWL.sameAs, WD[ent.wikidata]))
    if doc is not None:
        g.add((n, CKG.mentionedIn, doc))


def merged_graph(ds: Dataset) -> Graph:
    """All triples of a dataset in one graph (the content of ``citykg.ttl``)."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def to_turtle(graph: Graph) -> str:
    """Canonical Turtle: rdflib's ``longturtle`` (sorted subjects and objects)."""
    return graph.serialize(format="longturtle")


def to_trig(ds: Dataset) -> str:
    """Canonical TriG: prefixes once, the default graph, then named graphs sorted by IRI,
    each serialised as sorted ``longturtle``."""
    prefixes: dict[str, str] = {}
    blocks: list[str] = []

    def body(graph: Graph) -> str:
        text = to_turtle(graph)
        lines = []
        for line in text.splitlines():
            if line.startswith("PREFIX "):
                _, prefix, ns = line.split(None, 2)
                prefixes[prefix] = ns
            else:
                lines.append(line)
        return "\n".join(lines).strip()

    def sub(src: Graph) -> Graph:
        g = Graph()
        for prefix, ns in ds.namespaces():
            g.bind(prefix, ns, override=True, replace=True)
        for t in src:
            g.add(t)
        return g

    default = sub(ds.default_context)
    if len(default):
        blocks.append(body(default))
    for ctx in sorted(
        (c for c in ds.graphs() if c.identifier != ds.default_context.identifier),
        key=lambda c: str(c.identifier),
    ):
        if not len(ctx):
            continue
        inner = body(sub(ctx))
        indented = "\n".join(("    " + line) if line else "" for line in inner.splitlines())
        blocks.append(f"<{ctx.identifier}> {{\n{indented}\n}}")
    head = "\n".join(f"PREFIX {p} {ns}" for p, ns in sorted(prefixes.items()))
    return head + "\n\n" + "\n\n".join(blocks) + "\n"
