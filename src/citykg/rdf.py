"""Entities and relations → RDF with provenance, deterministic IRIs and serialisations.

Each document gets a named graph (``{base}graph/{doc}``) with what was extracted from it:
types, labels, links, relations and one reified ``rdf:Statement`` (also ``ckg:Assertion``)
per relation carrying the evidence sentence, the rule and a confidence. The merged Turtle
is the union plus the document nodes and the dataset description.

The terms are Oxigraph's from here on: the writers, the view, the exports and the store
read them as they are. rdflib only appears where a library needs it (pyshacl and
owlready2 through :meth:`GraphTriples.to_dataset`, converted once). Serialisation is
Oxigraph's, sorted (:func:`citykg.store.serialize_quads`), so the same graph gives the same
bytes whichever command writes it, and ``graphs/`` diffs mean something.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

import pyoxigraph as ox
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD

from . import store as kgstore
from .extract.gazetteer import Gazetteer, load_gazetteer
from .model import Document, Entity, Relation
from .rdflib_bridge import to_ox
from .resolve import Resolved
from .vocab import (
    CKG,
    DATATYPE_PROPERTIES,
    DEFAULT_BASE,
    FOREIGN_PREDICATES,
    GEONAMES,
    TOPIC_SCHEME,
    WD,
    document_source_triples,
)

_SAFE = "/-._~"
Term = ox.NamedNode | ox.BlankNode | ox.Literal
Triple = tuple[ox.NamedNode | ox.BlankNode, ox.NamedNode, Term]


@functools.cache
def ox_iri(value: str) -> ox.NamedNode:
    """The Oxigraph IRI of a vocabulary term (``ox_iri(RDF.type)``), made once."""
    return ox.NamedNode(str(value))


_TYPE, _LABEL = ox_iri(RDF.type), ox_iri(RDFS.label)
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = (
    ox_iri(t) for t in (RDF.Statement, RDF.subject, RDF.predicate, RDF.object)
)
_ASSERTION, _EVIDENCE, _CONFIDENCE, _RULE = (
    ox_iri(t) for t in (CKG.Assertion, CKG.evidence, CKG.confidence, CKG.rule)
)
_MENTIONED_IN, _DERIVED_FROM = ox_iri(CKG.mentionedIn), ox_iri(PROV.wasDerivedFrom)
_DECIMAL = ox_iri(XSD.decimal)
_DATATYPES = {ox_iri(p): ox_iri(t) for p, t in DATATYPE_PROPERTIES.items()}


def iri(base: str, path: str) -> ox.NamedNode:
    """``base + path`` with everything outside unreserved characters percent-encoded."""
    return ox.NamedNode(base + quote(path, safe=_SAFE))


def document_iri(base: str, doc: Document) -> ox.NamedNode:
    return iri(base, f"document/{doc.doc_id}")


def graph_iri(base: str, doc_id: str) -> ox.NamedNode:
    return iri(base, f"graph/{doc_id}")


def entity_iri(base: str, ent: Entity, gaz: Gazetteer) -> ox.NamedNode:
    entry = gaz.entries.get(ent.key)
    if entry is not None and entry.iri:
        return ox.NamedNode(entry.iri)
    return iri(base, ent.slug)


def _clean(text: str) -> str:
    """Labels and evidence as single-line text (control characters removed)."""
    text = re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", " ", text)
    return " ".join(text.split())


def text(value: str, lang: str | None) -> ox.Literal:
    """A language-tagged literal (plain when there is no language)."""
    return ox.Literal(_clean(value), language=lang) if lang else ox.Literal(_clean(value))


@dataclass
class GraphTriples:
    """The triples of a build by graph, as Oxigraph terms in plain Python sets.

    Every writer, the view and the exports read these (or the store :meth:`to_store`
    makes) directly; sets cost far less per triple than any store, and the merge
    (:meth:`merged`) is kept up to date as triples are added.
    """

    base: str = DEFAULT_BASE
    default: set[Triple] = field(default_factory=set)
    named: dict[ox.NamedNode, set[Triple]] = field(default_factory=dict)
    _merged: set[Triple] | None = field(default=None, init=False, repr=False, compare=False)

    def graph(self, identifier: ox.NamedNode) -> set[Triple]:
        if identifier not in self.named:
            self.named[identifier] = set()
        return self.named[identifier]

    def add(self, identifier: ox.NamedNode | None, triple: Triple) -> None:
        """Add a triple to a named graph (created if new) or, for None, the default graph."""
        (self.default if identifier is None else self.graph(identifier)).add(triple)
        if self._merged is not None:
            self._merged.add(triple)

    def merged(self) -> set[Triple]:
        """Every triple once (the content of ``citykg.ttl``). Made once, then kept up to
        date by :meth:`add`: read it, do not change it."""
        if self._merged is None:
            self._merged = set(self.default)
            for triples in self.named.values():
                self._merged |= triples
        return self._merged

    def quads(self) -> Iterator[ox.Quad]:
        """The dataset as written to TriG: the default graph, then each named graph."""
        for s, p, o in self.default:
            yield ox.Quad(s, p, o)
        for g, triples in self.named.items():
            for s, p, o in triples:
                yield ox.Quad(s, p, o, g)

    def merged_quads(self) -> Iterator[ox.Quad]:
        """The merge as default-graph quads (what ``citykg.ttl`` holds)."""
        return (ox.Quad(s, p, o) for s, p, o in self.merged())

    def to_store(self) -> ox.Store:
        """An in-memory store in :func:`citykg.store.open_store`'s layout: the merge in the
        default graph, the documents' named graphs beside it."""
        st = ox.Store()
        st.bulk_extend(self.merged_quads())
        st.bulk_extend(ox.Quad(s, p, o, g) for g, ts in self.named.items() for s, p, o in ts)
        return st

    def to_dataset(self) -> Any:
        """The rdflib ``Dataset`` of these triples, for libraries that need rdflib (pyshacl,
        owlready2) and notebooks; nothing on the build, view or publish path uses it."""
        from .rdflib_bridge import to_rdflib_dataset

        return to_rdflib_dataset(self)


def build_dataset(
    resolved: Resolved,
    documents: Iterable[Document],
    *,
    base: str = DEFAULT_BASE,
    gazetteer: Gazetteer | None = None,
) -> Any:
    """The build's RDF as an rdflib ``Dataset`` (one named graph per document, documents in
    the default graph), for rdflib users; citykg itself reads :func:`graph_triples`."""
    return graph_triples(resolved, documents, base=base, gazetteer=gazetteer).to_dataset()


def graph_triples(
    resolved: Resolved,
    documents: Iterable[Document],
    *,
    base: str = DEFAULT_BASE,
    gazetteer: Gazetteer | None = None,
    descriptions: dict[str, list[Triple]] | None = None,
) -> GraphTriples:
    """The triples of :func:`build_dataset`, by graph (see :class:`GraphTriples`).

    ``descriptions`` (entity key -> its description's triples, the same in every graph)
    may be shared by calls over the same resolution, base and gazetteer: the chunked RDF
    stage makes each document's graph apart and describes an entity once a build."""
    gaz = gazetteer or load_gazetteer()
    rec = GraphTriples(base)
    add = rec.add
    typed: dict[ox.NamedNode, set[ox.NamedNode]] = {}  # per graph, the entities described in it
    if descriptions is None:
        descriptions = {}  # per entity: the same in every graph

    def describe(g: ox.NamedNode, key: str, doc: ox.NamedNode | None) -> None:
        n = node[key]
        triples = descriptions.get(key)
        if triples is None:
            triples = descriptions[key] = _description(n, resolved.entities[key])
        graph = rec.graph(g)
        graph.update(triples)
        if doc is not None:
            graph.add((n, _MENTIONED_IN, doc))
        typed.setdefault(g, set()).add(n)

    docs = {d.doc_id: d for d in documents}
    node = {k: entity_iri(base, e, gaz) for k, e in resolved.entities.items()}
    doc_node = {doc_id: document_iri(base, doc) for doc_id, doc in docs.items()}
    for doc in docs.values():
        _describe_document(add, doc_node[doc.doc_id], doc)
    graphs = {doc_id: graph_iri(base, doc_id) for doc_id in docs}
    for g in graphs.values():
        rec.graph(g)
    for key, ent in resolved.entities.items():
        for doc_id in sorted(ent.docs):
            if doc_id in graphs:
                describe(graphs[doc_id], key, doc_node[doc_id])
    for r in resolved.relations:
        g = graphs.get(r.doc_id)
        if g is None:
            continue
        s = node[r.subject]
        p = _predicate(r.predicate)
        if r.predicate == "parentCountry":
            o = _geonames_feature(g, resolved.entities[r.obj], add)
            if o is None:
                continue
        elif r.obj is not None:
            o = node[r.obj]
            # an object only reached through a relation is still described in this graph
            if o not in typed.get(g, ()):
                describe(g, r.obj, None)
        else:
            o = ox.Literal(r.value, datatype=_DATATYPES[p])
        # a new record: no merge to keep up to date (GraphTriples.add)
        rec.graph(g).update(
            _statement(base, (s, p, o), r, doc_node[r.doc_id], docs[r.doc_id].language)
        )
    return rec


def _describe_document(add: Callable, d: ox.NamedNode, doc: Document) -> None:
    """A document's own node, in the default graph: its type, title, language, path,
    hash, publication date and source."""
    add(None, (d, _TYPE, ox_iri(CKG.Document)))
    add(None, (d, _TYPE, ox_iri(PROV.Entity)))
    add(None, (d, ox_iri(DCTERMS.title), text(doc.title, doc.language)))
    add(None, (d, ox_iri(DCTERMS.language), ox.Literal(doc.language)))
    add(None, (d, ox_iri(CKG.sourcePath), ox.Literal(doc.path)))
    add(None, (d, ox_iri(CKG.sha256), ox.Literal(doc.sha256)))
    for _, p, o in document_source_triples(d, doc):  # dcterms:issued, dcterms:source
        add(None, (d, to_ox(p), to_ox(o)))


def _statement(
    base: str, triple: tuple, r: Relation, doc: ox.NamedNode, lang: str
) -> tuple[tuple, ...]:
    """A relation's triple and its reified statement (evidence, confidence, rule); the
    statement's IRI hashes the triple and its document, so it is the same every build."""
    s, p, o = triple
    digest = hashlib.sha1("|".join((s.value, p.value, o.value, r.doc_id)).encode()).hexdigest()
    st = iri(base, "statement/" + digest[:20])
    return (
        (s, p, o),
        (st, _TYPE, _STATEMENT),
        (st, _TYPE, _ASSERTION),
        (st, _SUBJECT, s),
        (st, _PREDICATE, p),
        (st, _OBJECT, o),
        (st, _DERIVED_FROM, doc),
        (st, _EVIDENCE, text(r.evidence, lang)),
        (st, _CONFIDENCE, ox.Literal(f"{r.confidence:.2f}", datatype=_DECIMAL)),
        (st, _RULE, ox.Literal(r.rule)),
    )


@functools.cache
def _ckg(name: str) -> ox.NamedNode:
    return ox_iri(CKG[name])


def _geonames_feature(g: ox.NamedNode, country: Entity, add) -> ox.NamedNode | None:
    """The GeoNames feature a ``gno:parentCountry`` points at, as in GeoNames' own data,
    with the country's names: the page did not name the country, so no ``ckg:Country`` of
    the document is made for it (the graph's own country node, when a page names it, is
    ``owl:sameAs`` the same feature)."""
    if not country.geonames:
        return None
    o = ox_iri(GEONAMES[f"{country.geonames}/"])
    for label_lang, label in sorted(country.labels.items()):
        add(g, (o, _LABEL, text(label, label_lang)))
    return o


@functools.cache
def _predicate(name: str) -> ox.NamedNode:
    """A relation's property: the contract's, or a foreign one (``gno:parentCountry``)."""
    foreign = FOREIGN_PREDICATES.get(name)
    return ox_iri(foreign) if foreign is not None else _ckg(name)


def _description(n: ox.NamedNode, ent: Entity) -> list[Triple]:
    """What every graph naming an entity says about it (besides ``ckg:mentionedIn``)."""
    out: list[Triple] = [(n, _TYPE, _ckg(ent.type))]
    for extra in sorted(ent.extra_types):
        out.append((n, _TYPE, _ckg(extra)))
    labels = dict(ent.labels)
    for label_lang, label in sorted(labels.items()):
        out.append((n, _LABEL, text(label, label_lang)))
    label_set = {v for v in labels.values()}
    for alias, alias_lang in sorted(ent.aliases, key=lambda a: (a[0], a[1] or "")):
        if alias not in label_set:
            out.append((n, ox_iri(SKOS.altLabel), text(alias, alias_lang)))
    if ent.type == "Topic":
        out.append((n, _TYPE, ox_iri(SKOS.Concept)))
        out.append((n, ox_iri(SKOS.inScheme), ox_iri(TOPIC_SCHEME)))
        for label_lang, label in sorted(labels.items()):
            out.append((n, ox_iri(SKOS.prefLabel), text(label, label_lang)))
    if ent.geonames:
        out.append((n, ox_iri(OWL.sameAs), ox_iri(GEONAMES[f"{ent.geonames}/"])))
    if ent.wikidata:
        out.append((n, ox_iri(OWL.sameAs), ox_iri(WD[ent.wikidata])))
    return out


# -- serialisation ------------------------------------------------------------------------


def merged_turtle(data: GraphTriples, *, base: str | None = None) -> bytes:
    """``citykg.ttl``: the merged graph in citykg's canonical Turtle."""
    return kgstore.serialize_quads(data.merged_quads(), ox.RdfFormat.TURTLE, base=base or data.base)


def to_trig(data: GraphTriples) -> bytes:
    """``citykg.trig``: the default graph, then one named graph per document, canonical."""
    return kgstore.serialize_quads(data.quads(), ox.RdfFormat.TRIG, base=data.base)


def merged_graph(data: Any) -> Any:
    """All triples of a build (:class:`GraphTriples` or an rdflib ``Dataset``) in one rdflib
    ``Graph``, for rdflib-based scoring and validation."""
    from .rdflib_bridge import merged_rdflib_graph

    return merged_rdflib_graph(data)
