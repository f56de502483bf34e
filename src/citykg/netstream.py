"""The projection of :func:`citykg.netgraph.to_networkx` from a build's written files,
streamed: no Oxigraph store of them is made.

A build's views used to load ``citykg.ttl`` and ``citykg.trig`` back into two in-memory
stores to project them (about 2.4 GiB at 20,000 documents, far more than the build itself).
The projection needs only a few predicates: the node predicates of every subject, the
statement nodes' evidence and the relations per named graph. Here both files are parsed
as a stream and only those quads are kept; a statement node is reduced to its evidence
entry as soon as its Turtle block ends (Oxigraph writes a subject's triples together), so
what stays in memory is about what the projection itself holds. The result is the same
graph as :func:`~citykg.netgraph.to_networkx` of the two stores (a test checks it).

A build's pages draw the evidence of a few edges only: the overview's 400 nodes' and the
exchanges a map link lists. With ``evidence_for``, the statements' entries are spooled to
a temporary file as the Turtle streams by, the graph is assembled without evidence, and
only the edges ``evidence_for`` names get theirs, read back from the spool (and their
named graphs from the TriG): the projection then holds per document its nodes and edges,
not every relation's sentences and documents.

What the lean projection holds (issue 15; decided on tracemalloc at 1,000 and 5,000 bench
documents, peak per document 5.7 -> 4.1 KiB, kept 4.0 -> 2.9 KiB): the node pairs of one
property share one key dict (:func:`citykg.netparts.assemble`), a document is read as its
(path, title) and never enters the node values, relations are kept apart from the values
as ``(subject, property, object)`` and become edges once the entities are known, the
values of a node are let go as its attributes are made, and the named graphs' documents
are gathered only for the graphs of the drawn edges. Kept the full networkx graph of every
node rather than building one of the drawn nodes only: the overview ranks and folds every
node and the map counts every exchange, and both pages must stay the same bytes.
"""

from __future__ import annotations

import marshal
import sys
import tempfile
from collections import OrderedDict, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import DCTERMS, PROV, RDF

from .netgraph import (
    _NODE_PREDICATES,
    _STATEMENT_PREDICATES,
    DocumentInfo,
    _first,
    load_ontology,
    local_name,
)
from .netparts import (
    Evidence,
    Gathered,
    add_statement,
    assemble,
    attach,
    entity_nodes,
    statement_entries,
)
from .vocab import CKG, GN_PARENT_COUNTRY, GRAPH_PROPERTIES

_TYPE, _STATEMENT, _DOCUMENT = str(RDF.type), str(RDF.Statement), str(CKG.Document)
_SOURCE_PATH, _TITLE = str(CKG.sourcePath), str(DCTERMS.title)
_NODE_KEYS = frozenset(str(p) for p in (*_NODE_PREDICATES, CKG.sourcePath, DCTERMS.title))
_STATEMENT_KEYS = frozenset(str(p) for p in _STATEMENT_PREDICATES) | {_TYPE}
_RELATIONS = {str(p): local_name(p) for p in GRAPH_PROPERTIES}
_KEYS = {key: pred for pred, key in _RELATIONS.items()}
_GRAPH_LINKS = frozenset(str(p) for p in (CKG.mentionedIn, PROV.wasDerivedFrom))
#: Subjects whose triples are gathered at once; the oldest is settled when one more opens
#: (a subject's triples come together, but a nested blank node's come in between).
_OPEN = 64

_Evidence = Evidence
#: The edges ``(subject, object, key)`` of a projection whose evidence a caller draws.
EvidenceFor = Callable[[nx.MultiDiGraph], Iterable[tuple[str, str, str]]]


def project_files(
    turtle: Path, trig: Path, *, lang: str = "en", evidence_for: EvidenceFor | None = None
) -> nx.MultiDiGraph:
    """:func:`~citykg.netgraph.to_networkx` of ``turtle`` (the merge) with the named graphs
    of ``trig``, each file read once as a stream. ``evidence_for``: the edges that keep
    their evidence, documents and confidence, chosen on the graph without them (the
    others keep their predicate and label only)."""
    if evidence_for is None:
        return _project(turtle, trig, lang, None, None)
    with tempfile.TemporaryFile(prefix="citykg-evidence-") as file:
        return _project(turtle, trig, lang, evidence_for, _Spool(file))


class _Spool:
    """Statements' evidence entries on disk, written in batches (``marshal``: our own
    tuples of strings and floats, read back by this process only)."""

    BATCH = 4096

    def __init__(self, file) -> None:
        self.file = file
        self.batch: list = []

    def add(self, key: tuple[str, str, str], entries: list) -> None:
        self.batch.append((key, entries))
        if len(self.batch) >= self.BATCH:
            marshal.dump(self.batch, self.file)
            self.batch = []

    def read(self, relations: set[tuple[str, str, str]]) -> _Evidence:
        """The entries of some relations, in the order they were written."""
        if self.batch:
            marshal.dump(self.batch, self.file)
            self.batch = []
        self.file.seek(0)
        evidence: _Evidence = defaultdict(list)
        while True:
            try:
                batch = marshal.load(self.file)
            except EOFError:
                return evidence
            for key, entries in batch:
                if key in relations:
                    evidence[key].extend((t, c, sys.intern(d)) for t, c, d in entries)


@dataclass
class _Read:
    """What the Turtle stream leaves once every subject is settled: the node predicates'
    values of the subjects that may be entities, their relations as ``(subject, property
    IRI, object)``, each document's source paths and titles, and the statements' evidence
    (empty when spooled)."""

    values: dict[Any, dict[str, list[Any]]] = field(default_factory=dict)
    relations: list[tuple[str, str, Any]] = field(default_factory=list)
    documents: dict[str, tuple[list[str], list[str]]] = field(default_factory=dict)
    evidence: _Evidence = field(default_factory=lambda: defaultdict(list))


def _project(
    turtle: Path, trig: Path, lang: str, evidence_for, spool: _Spool | None
) -> nx.MultiDiGraph:
    """:func:`project_files`; statements into ``spool`` when ``evidence_for``."""
    ontology = load_ontology()
    read = _merge_values(ox.parse(path=str(turtle), format=ox.RdfFormat.TURTLE), spool)
    docs = _documents(read.documents)
    read.documents.clear()
    values = read.values
    entities, same_as = entity_nodes(values, ontology)
    entity_set = set(entities)
    edges = _edges(read.relations, entity_set, same_as)
    for subject in [s for s in values if s.value not in entity_set]:
        del values[subject]  # only entities' values are read from here on
    named = ox.parse(path=str(trig), format=ox.RdfFormat.TRIG)
    if evidence_for is None:
        graph_docs, triple_graphs = _named(named, set(docs), entity_set, same_as)
        parts = Gathered(docs, values, entities, edges, read.evidence, graph_docs, triple_graphs)
        return assemble(parts, lang, ontology)
    restated: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for s, key, o, _pred, stated in edges:
        if stated != o:  # gno:parentCountry: the GeoNames feature, not the country entity
            restated[(s, key, o)].append(stated)
    parts = Gathered(docs, values, entities, edges, {}, {}, {}, lean=True)
    net = assemble(parts, lang, ontology)
    wanted = [
        (s, o, key, stated)
        for s, o, key in set(evidence_for(net))
        for stated in restated.get((s, key, o), [o])
    ]
    relations = {(s, _KEYS[key], stated) for s, _o, key, stated in wanted}
    parts.evidence = spool.read(relations)
    parts.graph_docs, parts.triple_graphs = _named(named, set(docs), entity_set, same_as, relations)
    attach(net, wanted, parts)
    return net


def _merge_values(triples: Iterable[ox.Quad], spool=None) -> _Read:
    """The subjects of the Turtle stream settled as :class:`_Read` (the node predicates and
    relations as :func:`citykg.netgraph._values` reads them from a store, the statements'
    evidence as :func:`citykg.netgraph._evidence` does, or into ``spool`` when given)."""
    read = _Read()
    pending: OrderedDict[Any, dict[str, list[Any]]] = OrderedDict()
    keys = {k: sys.intern(k) for k in _NODE_KEYS | _STATEMENT_KEYS | set(_RELATIONS)}
    # one object per distinct term: a class, a city or a date named by thousands of
    # documents is parsed anew each time it is read (the same values; -18% of the
    # projection's peak at 5,000 bench documents by tracemalloc, the same graph)
    terms: dict[Any, Any] = {}
    for t in triples:
        pred = keys.get(t.predicate.value)
        if pred is None:
            continue
        group = pending.get(t.subject)
        if group is None:
            if len(pending) >= _OPEN:
                _settle(*pending.popitem(last=False), read, spool)
            group = pending[t.subject] = defaultdict(list)
        obj = t.object
        group[pred].append(obj if type(obj) is ox.BlankNode else terms.setdefault(obj, obj))
    while pending:
        _settle(*pending.popitem(last=False), read, spool)
    return read


def _settle(subject: Any, group: dict[str, list[Any]], read: _Read, spool=None) -> None:
    """A subject's gathered triples into ``read``: a statement's as its evidence entries
    (or into the ``spool``), a document's as its paths and titles (no view reads more of
    a document), anything else's node predicates and relations."""
    if any(t.value == _STATEMENT for t in group.get(_TYPE, ())):
        if spool is None:
            add_statement(group, read.evidence)
            return
        key, entries = statement_entries(group)
        if entries:
            spool.add(key, entries)
        return
    named = type(subject) is ox.NamedNode
    if named and (subject.value in read.documents or _is_document(group)):
        paths, titles = read.documents.setdefault(subject.value, ([], []))
        paths.extend(t.value for t in group.get(_SOURCE_PATH, ()))
        titles.extend(t.value for t in group.get(_TITLE, ()))
        return
    kept = read.values.setdefault(subject, {})
    for pred, objects in group.items():
        if pred in _RELATIONS:
            if named:
                s = sys.intern(subject.value)
                read.relations.extend((s, pred, obj) for obj in objects)
        elif pred in _NODE_KEYS:
            kept.setdefault(pred, []).extend(objects)


def _documents(found: dict[str, tuple[list[str], list[str]]]) -> dict[str, DocumentInfo]:
    """Document IRI → :class:`DocumentInfo`, as :func:`citykg.netgraph.documents` reads them."""
    return {
        doc: DocumentInfo(doc, _first(found[doc][0]), _first(found[doc][1]))
        for doc in sorted(found)
    }


def _is_document(v: dict[str, list[Any]]) -> bool:
    return any(t.value == _DOCUMENT for t in v.get(_TYPE, ()) if isinstance(t, ox.NamedNode))


def _edges(
    relations: list[tuple[str, str, Any]], entity_set: set[str], same_as: dict[str, str]
) -> list[tuple[str, str, str, str, str]]:
    """The relations between two entities as :class:`~citykg.netparts.Gathered` edges
    ``(subject, key, object entity, property IRI, object as stated)``; ``relations`` is
    used up as it is read."""
    edges = []
    while relations:
        s, pred, obj = relations.pop()
        if s not in entity_set:
            continue
        o = _relation_object(obj, pred, entity_set, same_as)
        if o:
            edges.append((s, _RELATIONS[pred], sys.intern(o), pred, sys.intern(obj.value)))
    return edges


def _relation_object(obj: Any, pred: str, entity_set: set[str], same_as: dict[str, str]) -> str:
    """The entity a relation's object stands for (``gno:parentCountry``: its ``owl:sameAs``
    country), or "" when it is no entity."""
    if not isinstance(obj, ox.NamedNode):
        return ""
    o = same_as.get(obj.value, obj.value) if pred == str(GN_PARENT_COUNTRY) else obj.value
    return o if o in entity_set else ""


def _named(
    quads: Iterable[ox.Quad],
    docs: set[str],
    entity_set: set[str],
    same_as: dict[str, str],
    relations: set[tuple[str, str, str]] | None = None,
) -> tuple[dict[str, set[str]], dict[tuple[str, str, str], set[str]]]:
    """Each named graph's documents (as :func:`citykg.netgraph._graph_documents` finds
    them) and each relation's named graphs, from the quads of a TriG file; of
    ``relations`` and their graphs only, when given (a lean projection: a graph of each
    document is read, the graphs of a few drawn edges kept)."""
    # the documents a graph cites other than its own (graph/x's document/x): most cite
    # theirs only, so no set is kept for them
    cited: dict[str, set[str]] = defaultdict(set)
    graphs: dict[str, None] = {}
    found: list[tuple[tuple[str, str, str], str]] = []
    for q in quads:
        pred = q.predicate.value
        if pred not in _GRAPH_LINKS and pred not in _RELATIONS:
            continue  # most quads: a graph with none of these has no relation to place
        graph = q.graph_name
        if not isinstance(graph, ox.NamedNode):
            continue
        g = graph.value
        if relations is None:
            graphs.setdefault(g)
        if pred in _GRAPH_LINKS:
            d = q.object.value
            if d in docs and local_name(d) != local_name(g):
                cited[g].add(d)
        elif pred in _RELATIONS and isinstance(q.subject, ox.NamedNode):
            s = q.subject.value
            if s in entity_set and _relation_object(q.object, pred, entity_set, same_as):
                key = (sys.intern(s), sys.intern(pred), sys.intern(q.object.value))
                if relations is None or key in relations:
                    found.append((key, sys.intern(g)))
    triple_graphs: dict[tuple[str, str, str], set[str]] = defaultdict(set)
    for key, g in found:
        triple_graphs[key].add(g)
    if relations is not None:
        graphs = dict.fromkeys(g for _, g in found)
    return _graph_docs(graphs, docs, cited), triple_graphs


def _graph_docs(
    graphs: Iterable[str], docs: set[str], cited: dict[str, set[str]]
) -> dict[str, set[str]]:
    """Each of ``graphs``' documents: those of its name (``graph/x`` ↔ ``document/x``) and
    those it ``cited``."""
    names = {g: local_name(g) for g in graphs}
    by_slug: dict[str, set[str]] = defaultdict(set)
    wanted = set(names.values())
    for doc in docs:
        slug = local_name(doc)
        if slug in wanted:
            by_slug[slug].add(doc)
    return {g: by_slug.get(name, set()) | cited.get(g, set()) for g, name in names.items()}
