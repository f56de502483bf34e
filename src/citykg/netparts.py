"""How a projection is assembled: the parts gathered from a graph become the networkx
graph of :func:`citykg.netgraph.to_networkx`.

Two readers gather the same parts: :mod:`citykg.netgraph` from an Oxigraph store and
:mod:`citykg.netstream` from a build's written files, streamed. This module is what they
share, so both give the same graph: the node attributes of an entity from its predicates'
values, a statement's evidence entries, which subjects are entities, and :func:`assemble`.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import networkx as nx
import pyoxigraph as ox
from rdflib import URIRef
from rdflib.namespace import OWL, PROV, RDF, RDFS, SKOS

from .netgraph import (
    _OTHER_LANG,
    CLASS_PRIORITY,
    TYPE_PRIORITY,
    DocumentInfo,
    Ontology,
    _first,
    _Term,
    _texts,
    is_entity,
    local_name,
    property_label,
)
from .vocab import CKG, DATATYPE_PROPERTIES, GRAPH_PROPERTIES


def _labels(values: dict[str, list[_Term]]) -> dict[str, str]:
    """Best label per language key ('en', 'fr', '' for untagged): rdfs:label over prefLabel."""
    best: dict[str, str] = {}
    for pred in (RDFS.label, SKOS.prefLabel):
        per_lang: dict[str, list[str]] = defaultdict(list)
        for lit in values.get(str(pred), ()):
            if isinstance(lit, ox.Literal):
                per_lang[(lit.language or "").lower()[:2]].append(lit.value)
        for key, texts in per_lang.items():
            best.setdefault(key, sorted(texts)[0])
    return best


def _web_link(iri: str, domain: str) -> bool:
    """An http(s) IRI on ``domain``: only these become links in views (never javascript:)."""
    parts = urlsplit(iri)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and (host == domain or host.endswith("." + domain))


def _node_attributes(
    node: str,
    values: dict[str, list[_Term]],
    lang: str,
    ontology: Ontology,
    docs: dict[str, DocumentInfo],
) -> dict:
    labels = _labels(values)
    other = _OTHER_LANG.get(lang, "en")
    label = labels.get(lang) or labels.get(other) or labels.get("") or local_name(node)
    if not label:
        label = next(iter(sorted(labels.values())), "") or node
    aliases = set(_texts(values, SKOS.altLabel)) | set(_texts(values, CKG.acronym))
    aliases |= {v for k, v in labels.items() if v != label and k not in ("en", "fr")}
    types = {t.value for t in values.get(str(RDF.type), ()) if isinstance(t, ox.NamedNode)}
    implied = set().union(*(ontology.ancestors(URIRef(t)) for t in types)) if types else set()
    cls = next((c for c in CLASS_PRIORITY if c in implied), CKG.Topic)
    own = next((c for c in TYPE_PRIORITY if str(c) in types), cls)
    same = _texts(values, OWL.sameAs)
    attrs = {
        "iri": node,
        "label": label,
        "label_en": labels.get("en", ""),
        "label_fr": labels.get("fr", ""),
        "aliases": sorted(aliases - {label}),
        "cls": local_name(cls),
        "class": local_name(own),
        "classes": sorted({local_name(t) for t in types if t.startswith(str(CKG._NS))}),
        "geonames": next((s for s in same if _web_link(s, "geonames.org")), ""),
        "wikidata": next((s for s in same if _web_link(s, "wikidata.org")), ""),
        "documents": sorted(
            docs[d].display if d in docs else d for d in set(_texts(values, CKG.mentionedIn))
        ),
    }
    for prop in DATATYPE_PROPERTIES:
        value = _first(_texts(values, prop))
        if value:
            attrs[local_name(prop)] = value
    return attrs


def _least(values: dict[str, list[_Term]], key: str) -> str:
    """The first of a subject's lexical values for one predicate IRI in sorted order
    (:func:`_first` of :func:`_texts`), without sorting: statements have one of each."""
    objects = values.get(key)
    if not objects:
        return ""
    if len(objects) == 1:
        return objects[0].value
    return min(t.value for t in objects)


_SUBJECT, _PREDICATE, _OBJECT = str(RDF.subject), str(RDF.predicate), str(RDF.object)
_CONFIDENCE, _DERIVED, _EVIDENCE = str(CKG.confidence), str(PROV.wasDerivedFrom), str(CKG.evidence)


#: A relation (subject, property IRI, object as stated) and one statement's evidence
#: entries for it: (sentence, confidence, document IRI).
Entry = tuple[str, float | None, str]
Evidence = dict[tuple[str, str, str], list[Entry]]


def statement_entries(v: dict[str, list[_Term]]) -> tuple[tuple[str, str, str], list[Entry]]:
    """One statement's relation and its ``(sentence, confidence, document)`` entries; the
    relation is ``("", "", "")`` when the statement misses its subject, predicate or object."""
    s, p, o = _least(v, _SUBJECT), _least(v, _PREDICATE), _least(v, _OBJECT)
    if not (s and p and o):
        return ("", "", ""), []
    # interned: tens of thousands of statements name the same entities and documents
    s, p, o = sys.intern(s), sys.intern(p), sys.intern(o)
    conf = _least(v, _CONFIDENCE)
    try:
        confidence: float | None = float(conf) if conf else None
    except ValueError:
        confidence = None
    doc = sys.intern(_least(v, _DERIVED))
    sentences = v.get(_EVIDENCE)
    texts = sorted(t.value for t in sentences) if sentences else [""]
    return (s, p, o), [(sentence, confidence, doc) for sentence in texts]


def add_statement(v: dict[str, list[_Term]], found: Evidence) -> None:
    """One statement's entries into ``found`` under its relation (none when it misses one
    of its subject, predicate or object)."""
    key, entries = statement_entries(v)
    if entries:
        found[key].extend(entries)


@dataclass
class Gathered:
    """What a projection is made of, however it was read (an Oxigraph store here, the
    build's written files streamed by :mod:`citykg.netstream`): documents, the node
    predicates' values per subject, the entities (sorted), the relations of the merge
    ``(subject, key, object, property IRI, object as stated)``, the statements' evidence,
    each named graph's documents and each relation's named graphs."""

    docs: dict[str, DocumentInfo]
    values: dict[Any, dict[str, list[Any]]]
    entities: list[str]
    edges: list[tuple[str, str, str, str, str]]
    evidence: Evidence
    graph_docs: dict[str, set[str]]
    triple_graphs: dict[tuple[str, str, str], set[str]]
    #: edges drawn with their predicate and label only (evidence, documents and
    #: confidence come later, for some edges, by :func:`attach`)
    lean: bool = False


def entity_nodes(
    values: dict[Any, dict[str, list[Any]]], ontology: Ontology
) -> tuple[list[str], dict[str, str]]:
    """The entity IRIs among ``values``' subjects (sorted) and ``owl:sameAs`` target →
    entity (``gno:parentCountry`` points at a GeoNames feature: its entity is the country
    ``owl:sameAs`` it)."""
    entities = sorted(
        sys.intern(subject.value)  # the same object as the streamed edges' ends
        for subject, v in values.items()
        if isinstance(subject, ox.NamedNode) and _is_entity_node(subject.value, v, ontology)
    )
    same_as = {
        t.value: node
        for node in entities
        for t in values[ox.NamedNode(node)].get(str(OWL.sameAs), ())
        if isinstance(t, ox.NamedNode)
    }
    return entities, same_as


def assemble(parts: Gathered, lang: str, ontology: Ontology) -> nx.MultiDiGraph:
    """The ``MultiDiGraph`` of :func:`to_networkx` from its gathered parts, which it uses
    up (each part is let go as it is drawn in, so the parts and the graph are not all
    held at once). Strings that recur (document names, sentences, classes, dates) are
    shared, not copied per node or edge: a projection of 20,000 documents holds each once."""
    docs, evidence, graph_docs = parts.docs, parts.evidence, parts.graph_docs
    shared: dict[str, str] = {}
    net = nx.MultiDiGraph()
    for node in parts.entities:
        values = parts.values.pop(ox.NamedNode(node), {})
        attrs = _node_attributes(node, values, lang, ontology, docs)
        _share(attrs, shared)
        net.add_node(node, **attrs)
    parts.values.clear()
    labels = {local_name(p): property_label(local_name(p), lang) for p in GRAPH_PROPERTIES}
    edges = parts.edges
    edges.sort(reverse=True)  # popped from the end: in sorted order, let go as drawn
    # a lean graph's edges of one property share one read-only dict (most of a big
    # projection's edges are drawn by no page), and so do the key dicts of the node
    # pairs with that one property; :func:`attach` replaces, never updates them
    lean = {key: {"predicate": key, "label": label} for key, label in labels.items()}
    single = {key: {key: attrs} for key, attrs in lean.items()}
    while edges:  # each a distinct triple of the merge
        s, key, o, prop, stated = edges.pop()
        if parts.lean:
            _add_lean(net, s, o, key, lean, single)
            continue
        attrs: dict = {"predicate": key, "label": labels[key]}
        found = evidence.pop((s, prop, stated), ())
        graphs = parts.triple_graphs.pop((s, prop, stated), ())
        attrs.update(edge_evidence(found, graphs, graph_docs, docs, shared))
        net.add_edge(s, o, key=key, **attrs)
    nx._clear_cache(net)
    return net


#: Node attributes whose values recur across nodes (a class, a date).
_SHARED_ATTRIBUTES = ("cls", "class", *(local_name(p) for p in DATATYPE_PROPERTIES))


def _share(attrs: dict, shared: dict[str, str]) -> None:
    """One string object per distinct document name, class and date of the nodes."""
    attrs["documents"] = [shared.setdefault(d, d) for d in attrs["documents"]]
    attrs["classes"] = [shared.setdefault(c, c) for c in attrs["classes"]]
    for key in _SHARED_ATTRIBUTES:
        if key in attrs:
            attrs[key] = shared.setdefault(attrs[key], attrs[key])


def _add_lean(net: nx.MultiDiGraph, s: str, o: str, key: str, lean: dict, single: dict) -> None:
    """The edge ``s`` → ``o`` of ``key`` in a lean graph (both nodes are in it): a pair's
    first relation takes the key dict shared by the pairs of that one property, a second
    one a new dict of both (as ``add_edge`` would have filled, in the same key order)."""
    succ = net._succ[s]
    keys = succ.get(o)
    keys = single[key] if keys is None else {**keys, key: lean[key]}
    succ[o] = keys
    net._pred[o][s] = keys


def edge_evidence(
    found: Iterable[Entry],
    graphs: Iterable[str],
    graph_docs: dict[str, set[str]],
    docs: dict[str, DocumentInfo],
    shared: dict[str, str],
) -> dict:
    """An edge's ``evidence``, ``documents`` and (when known) ``confidence`` from its
    statements' entries and the named graphs stating it."""
    found = list(found)
    doc_iris = {d for _, _, d in found if d}
    for g in graphs:
        doc_iris |= graph_docs[g]
    sentences = sorted({sentence for sentence, _, _ in found if sentence})
    names = sorted(docs[d].display if d in docs else d for d in doc_iris)
    attrs: dict = {
        "evidence": [shared.setdefault(t, t) for t in sentences],
        "documents": [shared.setdefault(d, d) for d in names],
    }
    confidences = [c for _, c, _ in found if c is not None]
    if confidences:
        attrs["confidence"] = max(confidences)
    return attrs


def attach(
    net: nx.MultiDiGraph,
    wanted: Iterable[tuple[str, str, str, str]],
    parts: Gathered,
) -> None:
    """Give the edges ``(subject, object, key, object as stated)`` of a lean projection
    their evidence, documents and confidence from ``parts`` (as :func:`assemble` would)."""
    shared: dict[str, str] = {}
    props = {local_name(p): str(p) for p in GRAPH_PROPERTIES}
    for s, o, key, stated in sorted(wanted):
        relation = (s, props[key], stated)
        found = parts.evidence.pop(relation, ())
        graphs = parts.triple_graphs.pop(relation, ())
        keys = net._succ[s][o]  # shared with other pairs (see assemble): replaced, not updated
        keys = {
            **keys,
            key: {
                **keys[key],
                **edge_evidence(found, graphs, parts.graph_docs, parts.docs, shared),
            },
        }
        net._succ[s][o] = keys
        net._pred[o][s] = keys


def _is_entity_node(node: str, values: dict[str, list[_Term]], ontology: Ontology) -> bool:
    types = [t.value for t in values.get(str(RDF.type), ()) if isinstance(t, ox.NamedNode)]
    return bool(types) and is_entity(types, node, ontology)
