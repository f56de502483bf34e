"""Project a citykg RDF graph onto a networkx multigraph of entities and their relations.

Views, stats and the GraphML/GEXF/CSV exporters all want "who is connected to whom", not
triples. This module is the one place that decides what a node and an edge are, so those
consumers agree: nodes are entities of the contract classes (never documents, evidence
statements, the dataset description or the topic scheme), edges are the contract object
properties between them, carrying the evidence sentences that justify them.

Attribute values are plain ``str``/``float``/``list[str]``; optional values (dates,
``confidence``) are *absent* when the graph has none, so writers never meet ``None``.
"""

from __future__ import annotations

import functools
import importlib.resources
import os
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

import networkx as nx
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, VOID

from .graphio import load_dataset
from .vocab import CKG, DATATYPE_PROPERTIES, ENTITY_CLASSES, OBJECT_PROPERTIES, TOPIC_SCHEME

GraphInput = Graph | Dataset | str | os.PathLike

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

#: Contract classes from most to least specific: a node's ``cls`` is the first it has.
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
}

_EXCLUDED_TYPES = frozenset({CKG.Document, CKG.Assertion, RDF.Statement, VOID.Dataset})
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
    if onto is not None:
        for sub, sup in onto.subject_objects(RDFS.subClassOf):
            if isinstance(sub, URIRef) and isinstance(sup, URIRef):
                direct[sub].add(sup)
        for prop in OBJECT_PROPERTIES:
            for lit in onto.objects(prop, RDFS.label):
                if isinstance(lit, Literal) and lit.language in ("en", "fr"):
                    labels[local_name(prop)][lit.language] = str(lit)
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


def _read_ontology_file() -> Graph | None:
    try:
        res = importlib.resources.files("citykg").joinpath("data/ontology/citykg.ttl")
        if not res.is_file():
            return None
        graph = Graph()
        graph.parse(data=res.read_text(encoding="utf-8"), format="turtle")
        return graph
    except Exception:  # a broken ontology file must not break views; built-ins apply
        return None


def property_label(predicate: str, lang: str = "en") -> str:
    """Label of a contract object property (by local name) in ``lang``, else the other."""
    labels = load_ontology().property_labels.get(predicate, {})
    return labels.get(lang) or labels.get(_OTHER_LANG.get(lang, "en")) or predicate


def as_graph(data: GraphInput) -> Graph | Dataset:
    """Accept an rdflib graph as is; load a path or build directory."""
    if isinstance(data, Graph):
        return data
    return load_dataset(data)


def union_graph(data: Graph | Dataset) -> Graph:
    """All triples of a graph or of every graph of a dataset, as one plain graph."""
    if not isinstance(data, Dataset):
        return data
    union = Graph()
    for s, p, o, _g in data.quads((None, None, None, None)):
        union.add((s, p, o))
    return union


def graph_documents(data: Graph | Dataset) -> dict[str, set[str]]:
    """Named graph IRI → document IRIs it belongs to (``graph/x`` ↔ ``document/x``, or the
    documents its triples cite); empty for a plain graph."""
    if not isinstance(data, Dataset):
        return {}
    docs = {str(d) for d, _p, _o, _g in data.quads((None, RDF.type, CKG.Document, None))}
    by_slug: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        by_slug[local_name(doc)].add(doc)
    result: dict[str, set[str]] = {}
    for ctx in data.graphs():
        name = ctx.identifier
        if name == data.default_graph.identifier or not isinstance(name, URIRef):
            continue
        found = set(by_slug.get(local_name(name), set()))
        for pred in (CKG.mentionedIn, PROV.wasDerivedFrom):
            found |= {str(o) for o in ctx.objects(None, pred) if str(o) in docs}
        result[str(name)] = found
    return result


@dataclass(frozen=True)
class DocumentInfo:
    """A document node: how users name it (path, file name, title)."""

    iri: str
    source_path: str
    title: str

    @property
    def display(self) -> str:
        return self.source_path or self.title or local_name(self.iri)


def documents(graph: Graph) -> dict[str, DocumentInfo]:
    """Document IRI → :class:`DocumentInfo` for every ``ckg:Document`` in ``graph``."""
    found: dict[str, DocumentInfo] = {}
    for doc in sorted(set(graph.subjects(RDF.type, CKG.Document)), key=str):
        path = _first(graph.objects(doc, CKG.sourcePath))
        title = _first(graph.objects(doc, DCTERMS.title))
        found[str(doc)] = DocumentInfo(str(doc), path, title)
    return found


def _first(values: Iterable) -> str:
    texts = sorted(str(v) for v in values)
    return texts[0] if texts else ""


def is_entity(graph: Graph, node: URIRef, ontology: Ontology | None = None) -> bool:
    """Whether ``node`` is typed with a contract entity class and is not bookkeeping."""
    ontology = ontology or load_ontology()
    types = set(graph.objects(node, RDF.type))
    if types & _EXCLUDED_TYPES or node == TOPIC_SCHEME or (SKOS.ConceptScheme in types):
        return False
    entity = set(ENTITY_CLASSES)
    return any(ontology.ancestors(t) & entity for t in types if isinstance(t, URIRef))


def _labels(graph: Graph, node: URIRef) -> dict[str, str]:
    """Best label per language key ('en', 'fr', '' for untagged): rdfs:label over prefLabel."""
    best: dict[str, str] = {}
    for pred in (RDFS.label, SKOS.prefLabel):
        per_lang: dict[str, list[str]] = defaultdict(list)
        for lit in graph.objects(node, pred):
            if isinstance(lit, Literal):
                per_lang[(lit.language or "").lower()[:2]].append(str(lit))
        for key, values in per_lang.items():
            best.setdefault(key, sorted(values)[0])
    return best


def _web_link(iri: str, domain: str) -> bool:
    """An http(s) IRI on ``domain``: only these become links in views (never javascript:)."""
    parts = urlsplit(iri)
    host = (parts.hostname or "").lower()
    return parts.scheme in ("http", "https") and (host == domain or host.endswith("." + domain))


def _node_attributes(
    graph: Graph, node: URIRef, lang: str, ontology: Ontology, docs: dict[str, DocumentInfo]
) -> dict:
    labels = _labels(graph, node)
    other = _OTHER_LANG.get(lang, "en")
    label = labels.get(lang) or labels.get(other) or labels.get("") or local_name(node)
    if not label:
        label = next(iter(sorted(labels.values())), "") or str(node)
    aliases = {str(a) for a in graph.objects(node, SKOS.altLabel)}
    aliases |= {str(a) for a in graph.objects(node, CKG.acronym)}
    aliases |= {v for k, v in labels.items() if v != label and k not in ("en", "fr")}
    types = {t for t in graph.objects(node, RDF.type) if isinstance(t, URIRef)}
    implied = set().union(*(ontology.ancestors(t) for t in types)) if types else set()
    cls = next((c for c in CLASS_PRIORITY if c in implied), CKG.Topic)
    same = sorted(str(o) for o in graph.objects(node, OWL.sameAs))
    attrs = {
        "iri": str(node),
        "label": label,
        "label_en": labels.get("en", ""),
        "label_fr": labels.get("fr", ""),
        "aliases": sorted(aliases - {label}),
        "cls": local_name(cls),
        "classes": sorted({local_name(t) for t in types if str(t).startswith(str(CKG._NS))}),
        "geonames": next((s for s in same if _web_link(s, "geonames.org")), ""),
        "wikidata": next((s for s in same if _web_link(s, "wikidata.org")), ""),
        "documents": sorted(
            docs[str(d)].display if str(d) in docs else str(d)
            for d in set(graph.objects(node, CKG.mentionedIn))
        ),
    }
    for prop in DATATYPE_PROPERTIES:
        value = _first(graph.objects(node, prop))
        if value:
            attrs[local_name(prop)] = value
    return attrs


def _evidence(graph: Graph) -> dict[tuple[str, str, str], list[tuple[str, float | None, str]]]:
    """(subject, predicate, object) → [(sentence, confidence, document IRI)] from statements."""
    found: dict[tuple[str, str, str], list[tuple[str, float | None, str]]] = defaultdict(list)
    for stmt in set(graph.subjects(RDF.type, RDF.Statement)):
        s = graph.value(stmt, RDF.subject)
        p = graph.value(stmt, RDF.predicate)
        o = graph.value(stmt, RDF.object)
        if s is None or p is None or o is None:
            continue
        conf = _first(graph.objects(stmt, CKG.confidence))
        try:
            confidence: float | None = float(conf) if conf else None
        except ValueError:
            confidence = None
        doc = _first(graph.objects(stmt, PROV.wasDerivedFrom))
        sentences = sorted(str(e) for e in graph.objects(stmt, CKG.evidence)) or [""]
        for sentence in sentences:
            found[(str(s), str(p), str(o))].append((sentence, confidence, doc))
    return found


def to_networkx(data: GraphInput, *, lang: str = "en") -> nx.MultiDiGraph:
    """Project a citykg graph (Graph, Dataset, file or build directory) onto a
    ``MultiDiGraph`` keyed by IRI; see the module docstring for what is kept.

    Nodes and edges are inserted in sorted order so every consumer's output is
    deterministic without sorting again.
    """
    rdf = as_graph(data)
    graph = union_graph(rdf)
    ontology = load_ontology()
    docs = documents(graph)
    graph_docs = graph_documents(rdf)

    subjects = {s for s in graph.subjects(RDF.type, None) if isinstance(s, URIRef)}
    entities = sorted((n for n in subjects if is_entity(graph, n, ontology)), key=str)
    entity_set = set(entities)

    net = nx.MultiDiGraph()
    for node in entities:
        net.add_node(str(node), **_node_attributes(graph, node, lang, ontology, docs))

    triple_graphs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    if isinstance(rdf, Dataset):
        for prop in OBJECT_PROPERTIES:
            for s, _p, o, g in rdf.quads((None, prop, None, None)):
                if g is not None and str(getattr(g, "identifier", g)) in graph_docs:
                    triple_graphs[(str(s), str(prop), str(o))].add(str(getattr(g, "identifier", g)))

    evidence = _evidence(graph)
    edges = []
    for prop in OBJECT_PROPERTIES:
        for s, o in graph.subject_objects(prop):
            if s in entity_set and o in entity_set:
                edges.append((str(s), local_name(prop), str(o), str(prop)))
    for s, key, o, prop in sorted(edges):
        found = evidence.get((s, prop, o), [])
        doc_iris = {d for _, _, d in found if d}
        for g in triple_graphs.get((s, prop, o), ()):
            doc_iris |= graph_docs.get(g, set())
        attrs: dict = {
            "predicate": key,
            "label": property_label(key, lang),
            "evidence": sorted({sentence for sentence, _, _ in found if sentence}),
            "documents": sorted(docs[d].display if d in docs else d for d in doc_iris),
        }
        confidences = [c for _, c, _ in found if c is not None]
        if confidences:
            attrs["confidence"] = max(confidences)
        net.add_edge(s, o, key=key, **attrs)
    return net
