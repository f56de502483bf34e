"""Project a citykg RDF graph onto a networkx multigraph of entities and their relations.

Views, stats and the GraphML/GEXF/CSV exporters all want "who is connected to whom", not
triples. This module is the one place that decides what a node and an edge are, so those
consumers agree: nodes are entities of the contract classes (never documents, evidence
statements, the dataset description or the topic scheme), edges are the contract object
properties between them, carrying the evidence sentences that justify them.

The projection reads an Oxigraph store (the store's default graph is the merge of all
graphs, its named graphs are the documents'; see :mod:`citykg.store`): a build's
:class:`~citykg.rdf.GraphTriples` or a file loaded by Oxigraph, never through rdflib (an
rdflib graph a notebook passes is converted once, by :mod:`citykg.rdflib_bridge`).

This module is also the one place that says what the numbers every command prints count
(:func:`graph_counts`): *triples* are the distinct triples of the merged graph, the
dataset description included (the triples of ``citykg.ttl``); *entities* the nodes of the
projection; *relations* its edges, i.e. distinct (subject, property, object) triples of a
contract object property between two entities, however many documents state them.

How the gathered parts become the networkx graph (node attributes, evidence entries,
:func:`~citykg.netparts.assemble`) is :mod:`citykg.netparts`, shared with the reader of a
build's written files (:mod:`citykg.netstream`); this module reads stores.

Attribute values are plain ``str``/``float``/``list[str]``; optional values (dates,
``confidence``) are *absent* when the graph has none, so writers never meet ``None``.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID

from . import store as kgstore
from .vocab import (
    CKG,
    DATATYPE_PROPERTIES,
    ENTITY_CLASSES,
    GN_PARENT_COUNTRY,
    GRAPH_PROPERTIES,
    TOPIC_SCHEME,
)

#: A store, a build's GraphTriples (anything with ``to_store()``), a path, or an rdflib graph.
GraphInput = Any

#: Subclasses citykg adds under the contract classes (used when the ontology file is absent).
BUILTIN_SUPERCLASSES: dict[URIRef, URIRef] = {
    CKG.Exchange: CKG.Event,
    CKG.Conference: CKG.Event,
    CKG.City: CKG.Place,
    CKG.Country: CKG.Place,
    CKG.CityNetwork: CKG.Agency,
    CKG.HostCity: CKG.City,
    CKG.LearningCity: CKG.City,
}

#: Contract classes from most to least specific: a node's ``cls`` (the class views colour,
#: fold and count by) is the first it has, directly or through a superclass.
CLASS_PRIORITY: tuple[URIRef, ...] = (
    CKG.Exchange,
    CKG.Event,
    CKG.City,
    CKG.Country,
    CKG.Place,
    CKG.Agency,
    CKG.Initiative,
    CKG.Topic,
)

#: Humanised property labels used when the ontology file is not available.
BUILTIN_PROPERTY_LABELS: dict[str, dict[str, str]] = {
    "participant": {"en": "participant", "fr": "participant"},
    "location": {"en": "location", "fr": "lieu"},
    "organizer": {"en": "organizer", "fr": "organisateur"},
    "partOf": {"en": "part of", "fr": "fait partie de"},
    "topic": {"en": "topic", "fr": "thème"},
    "locatedIn": {"en": "located in", "fr": "situé dans"},
    "ledBy": {"en": "led by", "fr": "dirigé par"},
    "supportedBy": {"en": "supported by", "fr": "soutenu par"},
    "parentCountry": {"en": "country (GeoNames)", "fr": "pays (GeoNames)"},
}

#: A node's ``class`` (what GraphML/GEXF/CSV call it) is the first of these among its own
#: types, else its ``cls``: the subclasses users tell apart in Gephi come first.
TYPE_PRIORITY: tuple[URIRef, ...] = (CKG.Conference, CKG.CityNetwork, *CLASS_PRIORITY)

_EXCLUDED_TYPES = frozenset(
    str(t) for t in (CKG.Document, CKG.Assertion, RDF.Statement, VOID.Dataset, SKOS.ConceptScheme)
)
_OTHER_LANG = {"en": "fr", "fr": "en"}


def local_name(iri: str) -> str:
    """Last segment of an IRI (after ``#`` or the last ``/``), for keys and fallbacks."""
    text = str(iri).rstrip("/")
    for sep in ("#", "/"):
        if sep in text:
            text = text.rsplit(sep, 1)[1]
    return text


def normalise(text: str) -> str:
    """Case- and accent-insensitive key ("Pékin" == "pekin"), for matching and sorting."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


@dataclass(frozen=True)
class Ontology:
    """What the projection needs from the ontology: class hierarchy and property labels."""

    superclasses: dict[URIRef, frozenset[URIRef]]
    property_labels: dict[str, dict[str, str]]

    def ancestors(self, cls: URIRef) -> frozenset[URIRef]:
        """The class and all its superclasses."""
        return self.superclasses.get(cls, frozenset()) | {cls}


@functools.lru_cache(maxsize=1)
def load_ontology() -> Ontology:
    """Read ``citykg/data/ontology/citykg.ttl`` if shipped, merged over the built-ins.

    Cached: the file is static for a given install and views/stats call this often.
    """
    direct: dict[URIRef, set[URIRef]] = defaultdict(set)
    for sub, sup in BUILTIN_SUPERCLASSES.items():
        direct[sub].add(sup)
    labels = {k: dict(v) for k, v in BUILTIN_PROPERTY_LABELS.items()}
    onto = _read_ontology_file()
    props = {str(p): local_name(p) for p in GRAPH_PROPERTIES}
    for t in onto or ():
        s, p, o = t.subject, t.predicate.value, t.object
        if not isinstance(s, ox.NamedNode):
            continue
        if p == str(RDFS.subClassOf) and isinstance(o, ox.NamedNode):
            direct[URIRef(s.value)].add(URIRef(o.value))
        elif (
            p == str(RDFS.label)
            and s.value in props
            and isinstance(o, ox.Literal)
            and o.language in ("en", "fr")
        ):
            labels[props[s.value]][o.language] = o.value
    closure: dict[URIRef, frozenset[URIRef]] = {}
    for cls in list(direct):
        seen: set[URIRef] = set()
        stack = list(direct[cls])
        while stack:
            sup = stack.pop()
            if sup not in seen and sup != cls:
                seen.add(sup)
                stack.extend(direct.get(sup, ()))
        closure[cls] = frozenset(seen)
    return Ontology(superclasses=closure, property_labels=labels)


def _read_ontology_file() -> list[ox.Triple] | None:
    try:
        res = importlib.resources.files("citykg").joinpath("data/ontology/citykg.ttl")
        if not res.is_file():
            return None
        return [q.triple for q in ox.parse(res.read_bytes(), format=ox.RdfFormat.TURTLE)]
    except Exception:  # a broken ontology file must not break views; built-ins apply
        return None


def property_label(predicate: str, lang: str = "en") -> str:
    """Label of a contract object property (by local name) in ``lang``, else the other."""
    labels = load_ontology().property_labels.get(predicate, {})
    return labels.get(lang) or labels.get(_OTHER_LANG.get(lang, "en")) or predicate


def as_store(data: GraphInput) -> ox.Store:
    """The Oxigraph store the projection reads, whose default graph is the merge of all
    graphs: a store as is (``open_store``, ``memory_store``), a build's ``GraphTriples``
    (``to_store()``), a path loaded by Oxigraph, an rdflib graph converted once."""
    if isinstance(data, ox.Store):
        return data
    if hasattr(data, "to_store"):
        return data.to_store()
    if isinstance(data, str | os.PathLike):
        return kgstore.open_store(data)
    from rdflib import Graph

    if isinstance(data, Graph):  # a notebook's rdflib graph or dataset
        from .rdflib_bridge import quads_from_rdflib

        return kgstore.memory_store(quads_from_rdflib(data))
    return kgstore.open_store(data)


# --------------------------------------------------------------------------- counts


@dataclass(frozen=True)
class GraphCounts:
    """The numbers commands print (see the module docstring for what each counts)."""

    triples: int
    entities: int
    relations: int


def graph_counts(data: GraphInput | Iterable[tuple]) -> GraphCounts:
    """:class:`GraphCounts` of a store, a path, ``GraphTriples`` or Oxigraph triples."""
    triples: Iterable[tuple]
    if hasattr(data, "merged"):
        triples = data.merged()
    elif isinstance(data, ox.Store | str | os.PathLike):
        st = as_store(data)
        triples = (q.triple for q in st.quads_for_pattern(None, None, None, _DEFAULT))
    else:
        triples = data
    ontology = load_ontology()
    rdf_type = str(RDF.type)
    props = {str(p) for p in GRAPH_PROPERTIES}
    types: dict[str, set[str]] = defaultdict(set)
    edges: set[tuple[str, str, str]] = set()
    seen: set[tuple] = set()
    for t in triples:
        s, p, o = t if isinstance(t, tuple) else (t.subject, t.predicate, t.object)
        seen.add((s, p, o))
        if not isinstance(s, ox.NamedNode) or not isinstance(o, ox.NamedNode):
            continue
        if p.value == rdf_type:
            types[s.value].add(o.value)
        elif p.value in props:
            edges.add((s.value, p.value, o.value))
    entities = {n for n, ts in types.items() if is_entity(ts, n, ontology)}
    relations = sum(1 for s, _, o in edges if s in entities and o in entities)
    return GraphCounts(len(seen), len(entities), relations)


# --------------------------------------------------------------------------- store reading

_Term = ox.NamedNode | ox.BlankNode | ox.Literal
_DEFAULT = ox.DefaultGraph()


def _on(iri: URIRef | str) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _values(st: ox.Store, predicates: Iterable[URIRef]) -> dict[_Term, dict[str, list[_Term]]]:
    """subject → predicate IRI → objects, for some predicates, in the default graph (the
    merge: each triple once, whichever documents' graphs assert it)."""
    found: dict[_Term, dict[str, list[_Term]]] = defaultdict(lambda: defaultdict(list))
    for pred in predicates:
        key = str(pred)
        for q in st.quads_for_pattern(None, _on(pred), None, _DEFAULT):
            found[q.subject][key].append(q.object)
    return found


def _texts(values: dict[str, list[_Term]], pred: URIRef) -> list[str]:
    """The lexical values of a subject's objects for ``pred``, sorted."""
    return sorted(t.value for t in values.get(str(pred), ()))


def _first(texts: Iterable[str]) -> str:
    ordered = sorted(texts)
    return ordered[0] if ordered else ""


# --------------------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """A document node: how users name it (path, file name, title)."""

    iri: str
    source_path: str
    title: str

    @property
    def display(self) -> str:
        return self.source_path or self.title or local_name(self.iri)


def documents(data: GraphInput) -> dict[str, DocumentInfo]:
    """Document IRI → :class:`DocumentInfo` for every ``ckg:Document`` in ``data``."""
    st = as_store(data)
    docs = {
        q.subject
        for q in st.quads_for_pattern(None, _on(RDF.type), _on(CKG.Document), _DEFAULT)
        if isinstance(q.subject, ox.NamedNode)
    }
    values = _values(st, (CKG.sourcePath, DCTERMS.title))
    found: dict[str, DocumentInfo] = {}
    for doc in sorted(docs, key=lambda d: d.value):
        v = values.get(doc, {})
        path, title = _first(_texts(v, CKG.sourcePath)), _first(_texts(v, DCTERMS.title))
        found[doc.value] = DocumentInfo(doc.value, path, title)
    return found


def graph_documents(data: GraphInput) -> dict[str, set[str]]:
    """Named graph IRI → document IRIs it belongs to (``graph/x`` ↔ ``document/x``, or the
    documents its triples cite); empty for a plain graph."""
    st = as_store(data)
    return _graph_documents(st, set(documents(st)))


def _graph_documents(st: ox.Store, docs: set[str]) -> dict[str, set[str]]:
    by_slug: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        by_slug[local_name(doc)].add(doc)
    result: dict[str, set[str]] = {}
    for name in st.named_graphs():
        if not isinstance(name, ox.NamedNode):
            continue
        found = set(by_slug.get(local_name(name.value), set()))
        for pred in (CKG.mentionedIn, PROV.wasDerivedFrom):
            for q in st.quads_for_pattern(None, _on(pred), None, name):
                if q.object.value in docs:
                    found.add(q.object.value)
        result[name.value] = found
    return result


# --------------------------------------------------------------------------- nodes


def is_entity(types: Iterable[str], node: str = "", ontology: Ontology | None = None) -> bool:
    """Whether a node with these ``rdf:type`` IRIs is an entity of a contract class and not
    bookkeeping (documents, statements, the dataset, the topic scheme)."""
    ontology = ontology or load_ontology()
    types = set(types)
    if types & _EXCLUDED_TYPES or node == str(TOPIC_SCHEME):
        return False
    entity = set(ENTITY_CLASSES)
    return any(ontology.ancestors(URIRef(t)) & entity for t in types)


_NODE_PREDICATES = (
    RDF.type,
    RDFS.label,
    SKOS.prefLabel,
    SKOS.altLabel,
    CKG.acronym,
    OWL.sameAs,
    CKG.mentionedIn,
    *DATATYPE_PROPERTIES,
)


# --------------------------------------------------------------------------- edges

_STATEMENT_PREDICATES = (
    RDF.subject,
    RDF.predicate,
    RDF.object,
    CKG.confidence,
    PROV.wasDerivedFrom,
    CKG.evidence,
)


def _evidence(st: ox.Store) -> dict[tuple[str, str, str], list[tuple[str, float | None, str]]]:
    """(subject, predicate, object) → [(sentence, confidence, document IRI)] from statements
    (a build has one per relation and document: tens of thousands, read in one pass each)."""
    from .netparts import add_statement

    statements = {
        q.subject for q in st.quads_for_pattern(None, _on(RDF.type), _on(RDF.Statement), _DEFAULT)
    }
    values = _values(st, _STATEMENT_PREDICATES)
    found: dict[tuple[str, str, str], list[tuple[str, float | None, str]]] = defaultdict(list)
    empty: dict[str, list[_Term]] = {}
    for stmt in statements:
        add_statement(values.get(stmt, empty), found)
    return found


def to_networkx(
    data: GraphInput, *, lang: str = "en", named_graphs: Callable[[], ox.Store] | None = None
) -> nx.MultiDiGraph:
    """Project a citykg graph (Oxigraph store, rdflib Graph/Dataset, file or build
    directory) onto a ``MultiDiGraph`` keyed by IRI; see the module docstring for what is
    kept.

    Nodes carry ``label`` (in ``lang``, else the other language), ``label_en``,
    ``label_fr``, ``aliases``, ``cls`` (the broad class views colour by), ``class`` (the
    most specific citykg class: ``Conference``, ``CityNetwork``…), ``classes``,
    ``geonames``, ``wikidata``, ``documents`` and the dates; edges carry ``predicate``,
    ``label``, ``evidence``, ``documents`` and, when known, ``confidence``.
    Nodes and edges are inserted in sorted order so every consumer's output is
    deterministic without sorting again.

    ``named_graphs``: the store of the named graphs when ``data`` holds only the merge (the
    build loads ``citykg.trig`` in another thread while this reads ``citykg.ttl``); called
    once, after everything the default graph gives has been read.
    """
    from .netparts import Gathered, assemble, entity_nodes  # it builds on this module

    st = as_store(data)
    ontology = load_ontology()
    docs = documents(st)
    values = _values(st, _NODE_PREDICATES)
    entities, same_as = entity_nodes(values, ontology)
    entity_set = set(entities)
    edges = [e[:4] + (e[5],) for e in _relation_quads(st, entity_set, same_as, _DEFAULT)]
    evidence = _evidence(st)
    graphs = named_graphs() if named_graphs is not None else st
    graph_docs = _graph_documents(graphs, set(docs))
    triple_graphs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for s, _key, _o, iri, graph, stated in _relation_quads(graphs, entity_set, same_as, None):
        if not isinstance(graph, ox.DefaultGraph) and graph.value in graph_docs:
            triple_graphs[(s, iri, stated)].add(graph.value)
    parts = Gathered(docs, values, entities, edges, evidence, graph_docs, triple_graphs)
    return assemble(parts, lang, ontology)


def _relation_quads(
    st: ox.Store, entity_set: set[str], same_as: dict[str, str], graph: ox.DefaultGraph | None
) -> Iterator[tuple[str, str, str, str, Any, str]]:
    """(subject, property key, object entity, property IRI, graph, object as stated) of the
    contract object properties between two entities, in one graph or (None) all graphs."""
    for prop in GRAPH_PROPERTIES:
        key, iri = local_name(prop), str(prop)
        for subject, _p, obj, g in st.quads_for_pattern(None, _on(prop), None, graph):
            if not (isinstance(subject, ox.NamedNode) and isinstance(obj, ox.NamedNode)):
                continue
            s, o = subject.value, obj.value
            if prop == GN_PARENT_COUNTRY:
                o = same_as.get(o, o)
            if s in entity_set and o in entity_set:
                yield s, key, o, iri, g, obj.value
