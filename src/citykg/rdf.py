"""Entities and relations → RDF with provenance, deterministic IRIs and serialisations.

Each document gets a named graph (``{base}graph/{doc}``) with what was extracted from it:
types, labels, links, relations and one reified ``rdf:Statement`` (also ``ckg:Assertion``)
per relation carrying the evidence sentence, the rule and a confidence. The merged Turtle
is the union plus the document nodes and the dataset description. Serialisation is
canonical (sorted), so the same inputs give byte-identical files and ``graphs/`` diffs mean
something.
"""

from __future__ import annotations

import functools
import hashlib
import re
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS, XSD
from rdflib.plugins.serializers.turtle import RecursiveSerializer
from rdflib.term import Node

from .extract.gazetteer import Gazetteer, load_gazetteer
from .model import Document, Entity
from .resolve import Resolved
from .vocab import (
    CKG,
    DATATYPE_PROPERTIES,
    DEFAULT_BASE,
    GEONAMES,
    TOPIC_SCHEME,
    WD,
    bind_prefixes,
    document_source_triples,
)

_SAFE = "/-._~"
# terms looked up once (attribute access on rdflib's closed namespaces is slow)
_TYPE, _LABEL, _CLASS, _NIL = RDF.type, RDFS.label, RDFS.Class, RDF.nil
_STATEMENT, _SUBJECT, _PREDICATE, _OBJECT = RDF.Statement, RDF.subject, RDF.predicate, RDF.object
_ASSERTION, _EVIDENCE, _CONFIDENCE, _RULE = CKG.Assertion, CKG.evidence, CKG.confidence, CKG.rule
_MENTIONED_IN, _DERIVED_FROM = CKG.mentionedIn, PROV.wasDerivedFrom


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


Triple = tuple[Node, Node, Node]


@dataclass
class GraphTriples:
    """The triples of a build by graph, in plain Python sets, and the order they came in.

    The writers and the dataset description read these rather than an rdflib ``Dataset``:
    rdflib's memory store costs far more per triple added than a set, and lists a named
    graph's triples in time proportional to the number of graphs each triple is in
    (``city:mumbai a ckg:City`` is in every graph naming Mumbai), which makes reading a
    growing corpus back out of it quadratic. :meth:`to_dataset` makes the ``Dataset`` the
    API hands out, adding the triples in their original order so that it is the same
    store whenever (and whether) it is made.
    """

    base: str = DEFAULT_BASE
    default: set[Triple] = field(default_factory=set)
    named: dict[URIRef, set[Triple]] = field(default_factory=dict)
    #: (graph, triple) in the order added; a graph alone (triple None) when it was created
    log: list[tuple[URIRef | None, Triple | None]] = field(default_factory=list, repr=False)
    _merged: set[Triple] | None = field(default=None, init=False, repr=False, compare=False)

    def graph(self, identifier: URIRef) -> set[Triple]:
        if identifier not in self.named:
            self.named[identifier] = set()
            self.log.append((identifier, None))
        return self.named[identifier]

    def add(self, identifier: URIRef | None, triple: Triple) -> None:
        """Add a triple to a named graph (created if new) or, for None, the default graph."""
        (self.default if identifier is None else self.graph(identifier)).add(triple)
        self.log.append((identifier, triple))
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

    def prefixes(self) -> Dataset:
        """An empty dataset with the prefixes of :meth:`to_dataset`'s."""
        ds = Dataset()
        bind_prefixes(ds, self.base)
        return ds

    def to_dataset(self) -> Dataset:
        """The rdflib ``Dataset`` of these triples: one named graph per document, documents
        and the dataset description in the default graph."""
        ds = self.prefixes()
        graphs: dict[URIRef | None, Graph] = {None: ds.default_graph}
        for identifier, triple in self.log:
            graph = graphs.get(identifier)
            if graph is None:
                graph = graphs[identifier] = ds.graph(identifier)
            if triple is not None:
                graph.add(triple)
        return ds


def build_dataset(
    resolved: Resolved,
    documents: Iterable[Document],
    *,
    base: str = DEFAULT_BASE,
    gazetteer: Gazetteer | None = None,
) -> Dataset:
    """The build's RDF: one named graph per document, documents in the default graph."""
    return graph_triples(resolved, documents, base=base, gazetteer=gazetteer).to_dataset()


def graph_triples(
    resolved: Resolved,
    documents: Iterable[Document],
    *,
    base: str = DEFAULT_BASE,
    gazetteer: Gazetteer | None = None,
) -> GraphTriples:
    """The triples of :func:`build_dataset`, by graph (see :class:`GraphTriples`)."""
    gaz = gazetteer or load_gazetteer()
    rec = GraphTriples(base)
    add = rec.add
    typed: dict[URIRef, set[Node]] = {}  # per graph, the entities described in it
    descriptions: dict[str, list[Triple]] = {}  # per entity: the same in every graph

    def describe(g: URIRef, key: str, doc: URIRef | None) -> None:
        n = node[key]
        triples = descriptions.get(key)
        if triples is None:
            triples = descriptions[key] = _description(n, resolved.entities[key])
        for t in triples:
            add(g, t)
        if doc is not None:
            add(g, (n, _MENTIONED_IN, doc))
        typed.setdefault(g, set()).add(n)

    docs = {d.doc_id: d for d in documents}
    node = {k: entity_iri(base, e, gaz) for k, e in resolved.entities.items()}
    doc_node = {doc_id: document_iri(base, doc) for doc_id, doc in docs.items()}
    for doc in docs.values():
        d = doc_node[doc.doc_id]
        add(None, (d, _TYPE, CKG.Document))
        add(None, (d, _TYPE, PROV.Entity))
        add(None, (d, DCTERMS.title, Literal(_clean(doc.title), lang=doc.language)))
        add(None, (d, DCTERMS.language, Literal(doc.language)))
        add(None, (d, CKG.sourcePath, Literal(doc.path)))
        add(None, (d, CKG.sha256, Literal(doc.sha256)))
        for t in document_source_triples(d, doc):  # dcterms:issued, dcterms:source
            add(None, t)
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
        p = _ckg(r.predicate)
        if r.obj is not None:
            o = node[r.obj]
            # an object only reached through a relation is still described in this graph
            if o not in typed.get(g, ()):
                describe(g, r.obj, None)
        else:
            o = Literal(r.value, datatype=DATATYPE_PROPERTIES[p])
        add(g, (s, p, o))
        st = iri(
            base,
            "statement/"
            + hashlib.sha1("|".join((str(s), str(p), str(o), r.doc_id)).encode()).hexdigest()[:20],
        )
        add(g, (st, _TYPE, _STATEMENT))
        add(g, (st, _TYPE, _ASSERTION))
        add(g, (st, _SUBJECT, s))
        add(g, (st, _PREDICATE, p))
        add(g, (st, _OBJECT, o))
        add(g, (st, _DERIVED_FROM, doc_node[r.doc_id]))
        add(g, (st, _EVIDENCE, Literal(_clean(r.evidence), lang=docs[r.doc_id].language)))
        add(g, (st, _CONFIDENCE, Literal(f"{r.confidence:.2f}", datatype=XSD.decimal)))
        add(g, (st, _RULE, Literal(r.rule)))
    return rec


@functools.cache
def _ckg(name: str) -> URIRef:
    return CKG[name]


def _description(n: URIRef, ent: Entity) -> list[Triple]:
    """What every graph naming an entity says about it (besides ``ckg:mentionedIn``)."""
    out: list[Triple] = [(n, _TYPE, _ckg(ent.type))]
    for extra in sorted(ent.extra_types):
        out.append((n, _TYPE, _ckg(extra)))
    labels = dict(ent.labels)
    for label_lang, label in sorted(labels.items()):
        out.append((n, _LABEL, Literal(_clean(label), lang=label_lang)))
    label_set = {v for v in labels.values()}
    for alias, alias_lang in sorted(ent.aliases):
        if alias not in label_set:
            out.append((n, SKOS.altLabel, Literal(_clean(alias), lang=alias_lang)))
    if ent.type == "Topic":
        out.append((n, _TYPE, SKOS.Concept))
        out.append((n, SKOS.inScheme, TOPIC_SCHEME))
        for label_lang, label in sorted(labels.items()):
            out.append((n, SKOS.prefLabel, Literal(_clean(label), lang=label_lang)))
    if ent.geonames:
        out.append((n, OWL.sameAs, GEONAMES[f"{ent.geonames}/"]))
    if ent.wikidata:
        out.append((n, OWL.sameAs, WD[ent.wikidata]))
    return out


def merged_graph(ds: Dataset) -> Graph:
    """All triples of a dataset in one graph (the content of ``citykg.ttl``)."""
    g = namespace_graph(ds)
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def namespace_graph(ds: Dataset, base: str | None = None) -> Graph:
    """An empty graph with the dataset's prefixes (and citykg's for ``base``, if given): the
    prefixes the writers may use."""
    g = Graph()
    for prefix, ns in ds.namespaces():
        g.bind(prefix, ns, override=True, replace=True)
    if base is not None:
        bind_prefixes(g, base)
    return g


# -- serialisation ------------------------------------------------------------------------
class _Unsupported(Exception):
    """A graph the fast writer leaves to rdflib (blank nodes, lists, invented prefixes)."""


_ESCAPE_PERCENT = RecursiveSerializer.LOCALNAME_PECRENT_CHARACTER_REQUIRING_ESCAPE_REGEX
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class _Name:
    """How rdflib's longturtle serializer names an IRI (``get_pname``)."""

    pname: str  # prefixed name, "" when the IRI is written in full
    prefix: str = ""
    namespace: str = ""  # declared with a PREFIX line when the name is used
    invents_prefix: bool = False  # rdflib would invent ``ns1:`` for it as a predicate


class TurtleWriter:
    """rdflib's ``longturtle`` output, byte for byte, written straight from triples.

    rdflib's serializer spends most of a build's writing time asking its store for each
    subject's triples and recomputing prefixed names; this writer groups the triples once
    and caches every name, and is shared by all graphs of a TriG file. It follows the same
    rules (subjects by number of references then IRI, ``rdf:type`` and ``rdfs:label``
    first, sorted objects, rdflib's literal syntax and prefixed-name rules, computed by
    rdflib's own namespace manager) and refuses (``_Unsupported``) what it does not cover:
    blank nodes, ``rdf:nil`` and predicates rdflib would invent a prefix for; the callers
    then serialise with rdflib. ``tests/test_resolve_rdf.py`` compares it with rdflib.
    (Where rdflib's term order is not total, numbers of several types sharing a predicate
    with other datatypes, rdflib's own output depends on the order triples were added,
    and so may this writer's; citykg's graphs have no such object lists.)
    """

    def __init__(self, namespaces: Graph) -> None:
        self._graph = namespaces  # only its prefixes are used
        self._names: dict[Node, _Name] = {}
        self._iris: dict[Node, str] = {}
        self._verbs: dict[Node, str] = {}
        self._verb_keys: dict[Node, tuple[int, str]] = {}
        self._literals: dict[tuple[str, str | None, str | None], str] = {}

    def _name(self, node: Node) -> _Name:
        name = self._names.get(node)
        if name is None:
            name = self._names[node] = self._compute_name(node)
        return name

    def _compute_name(self, node: Node) -> _Name:
        invents = False
        try:
            prefix, namespace, local = self._graph.compute_qname(node, generate=False)
        except Exception as exc:
            # rdflib's get_pname: is the IRI itself a declared namespace?
            invents = isinstance(exc, KeyError)
            prefix = self._graph.store.prefix(node)
            if prefix is None:
                return _Name("", invents_prefix=invents)
            namespace, local = node, ""
        if prefix.startswith("_"):
            raise _Unsupported(f"prefix {prefix}")  # rdflib renames these
        local = local.replace("(", r"\(").replace(")", r"\)")
        local = _ESCAPE_PERCENT.sub("\\%", local)
        if local.endswith("."):
            return _Name("", invents_prefix=invents)
        return _Name(f"{prefix}:{local}", prefix, str(namespace), invents)

    def _iri(self, node: Node) -> str:
        text = self._iris.get(node)
        if text is None:
            text = self._iris[node] = self._name(node).pname or node.n3()
        return text

    def _literal(self, node: Literal) -> str:
        key = (str(node), node.language, node.datatype)
        text = self._literals.get(key)
        if text is None:
            text = node._literal_n3(use_plain=True, qname_callback=self._datatype_name)
            self._literals[key] = text
        return text

    def _verb(self, node: Node) -> str:
        text = self._verbs.get(node)
        if text is None:
            text = self._verbs[node] = "a" if node == _TYPE else self._iri(node)
        return text

    def _verb_key(self, node: Node) -> tuple[int, str]:
        """Predicates in rdflib's order: ``rdf:type``, ``rdfs:label``, then by IRI."""
        key = self._verb_keys.get(node)
        if key is None:
            rank = 0 if node == _TYPE else 1 if node == _LABEL else 2
            key = self._verb_keys[node] = (rank, "" if rank < 2 else str(node))
        return key

    def _datatype_name(self, datatype: URIRef) -> str | None:
        return self._name(datatype).pname or None

    def write(self, triples: Iterable[Triple]) -> str:
        """The ``longturtle`` text of ``triples``; raises ``_Unsupported`` (see above)."""
        return "".join(self.chunks(triples))

    def chunks(self, triples: Iterable[Triple]) -> Iterator[str]:
        """:meth:`write`'s text in pieces (the PREFIX lines, then one piece per subject), so
        that a large graph's text need never be in memory at once. Raises ``_Unsupported``
        at once, not when iterated."""
        subjects: defaultdict[Node, defaultdict[Node, list[Node]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for s, p, o in triples:
            subjects[s][p].append(o)
        refs: Counter[Node] = Counter()  # rdflib orders subjects by how often they are objects
        predicates: set[Node] = set()
        datatypes: set[Node] = set()
        for s, props in subjects.items():
            if type(s) is not URIRef:
                raise _Unsupported("blank node subject")
            predicates.update(props)
            for objs in props.values():
                for o in objs:
                    if type(o) is URIRef:
                        refs[o] += 1
                    elif type(o) is Literal:
                        if o.datatype:
                            datatypes.add(o.datatype)
                    else:
                        raise _Unsupported("blank node object")
        if _NIL in subjects or _NIL in refs:
            raise _Unsupported("rdf:nil")
        # the PREFIX lines: namespaces of every name used (rdflib's preprocess)
        names = [self._name(n) for n in (*subjects, *refs, *datatypes)]
        for p in predicates:
            if type(p) is not URIRef:
                raise _Unsupported("blank node predicate")
            if p != _TYPE:
                name = self._name(p)
                if name.invents_prefix:
                    raise _Unsupported(f"no prefix for predicate {p}")
                names.append(name)
        used = {n.prefix: n.namespace for n in names if n.pname}
        header = "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in sorted(used.items()))
        # subjects: instances of rdfs:Class first, then by references, then by IRI
        classes: list[Node] = []
        if _CLASS in refs:
            classes = sorted(s for s, props in subjects.items() if _CLASS in props.get(_TYPE, ()))
        first = set(classes)
        rest = sorted((s for s in subjects if s not in first), key=lambda s: (refs[s], str(s)))
        return self._blocks(header, subjects, classes + rest)

    def _blocks(
        self, header: str, subjects: dict[Node, dict[Node, list[Node]]], order: list[Node]
    ) -> Iterator[str]:
        if header:
            yield header
        iri, literal, verb, verb_key = self._iri, self._literal, self._verb, self._verb_key
        for s in order:
            props = subjects[s]
            out = [f"\n{iri(s)}\n    "]
            separator = ""
            for p in sorted(props, key=verb_key) if len(props) > 1 else props:
                out.append(separator + verb(p))
                separator = " ;\n    "
                objs = props[p]
                if len(objs) == 1:
                    o = objs[0]
                    out.append(" " + (iri(o) if type(o) is URIRef else literal(o)))
                    continue
                if all(type(o) is URIRef for o in objs):
                    objs.sort(key=str)  # what rdflib's term order is for IRIs
                else:
                    objs.sort()
                texts = [iri(o) if type(o) is URIRef else literal(o) for o in objs]
                out.append("\n        " + " ,\n        ".join(texts))
            out.append(" ;\n.\n")
            block = "".join(out)
            if _SURROGATE.search(block):  # rdflib encodes with errors="replace": "?"
                block = block.encode("utf-8", "replace").decode("utf-8")
            yield block


def to_turtle(graph: Graph) -> str:
    """Canonical Turtle: rdflib's ``longturtle`` (sorted subjects and objects)."""
    try:
        return TurtleWriter(graph).write(graph)
    except _Unsupported:
        return graph.serialize(format="longturtle")


def merged_turtle(data: Dataset | GraphTriples, *, base: str) -> str:
    """``citykg.ttl``: :func:`to_turtle` of the merged graph with citykg's prefixes for
    ``base``."""
    return "".join(merged_turtle_chunks(data, base=base))


def merged_turtle_chunks(data: Dataset | GraphTriples, *, base: str) -> Iterable[str]:
    """:func:`merged_turtle` in pieces, for writing a large graph without its whole text."""
    if isinstance(data, GraphTriples):
        try:
            return TurtleWriter(namespace_graph(data.prefixes(), base)).chunks(data.merged())
        except _Unsupported:
            data = data.to_dataset()
    merged = merged_graph(data)
    bind_prefixes(merged, base)
    return [to_turtle(merged)]


def to_trig(data: Dataset | GraphTriples) -> str:
    """Canonical TriG: prefixes once, the default graph, then named graphs sorted by IRI,
    each serialised as sorted ``longturtle``. :class:`GraphTriples` are much faster to
    read than a ``Dataset`` with many graphs."""
    return "".join(trig_chunks(data))


def trig_chunks(data: Dataset | GraphTriples) -> Iterator[str]:
    """:func:`to_trig` in pieces. The PREFIX lines come first but are known only once every
    graph is written, so the graphs wait in a temporary file, not in memory."""
    if isinstance(data, GraphTriples):
        ds, triples = data.prefixes(), data
    else:
        ds = data
        triples = GraphTriples(default=set(ds.default_graph))
        for c in ds.graphs():
            if c.identifier != ds.default_graph.identifier:
                triples.named[c.identifier] = set(c)
    writer = TurtleWriter(namespace_graph(ds))
    prefixes: dict[str, str] = {}

    def body(graph: set[Triple]) -> str:
        try:
            text = writer.write(graph)
        except _Unsupported:
            sub = namespace_graph(ds)
            for t in graph:
                sub.add(t)
            text = to_turtle(sub)
        lines = []
        for line in text.splitlines():
            if line.startswith("PREFIX "):
                _, prefix, ns = line.split(None, 2)
                prefixes[prefix] = ns
            else:
                lines.append(line)
        return "\n".join(lines).strip()

    with tempfile.TemporaryFile("w+", encoding="utf-8", newline="") as spool:
        separator = ""
        if triples.default:
            spool.write(body(triples.default))
            separator = "\n\n"
        for identifier in sorted(triples.named, key=str):
            if not triples.named[identifier]:
                continue
            inner = body(triples.named[identifier])
            indented = "\n".join(("    " + line) if line else "" for line in inner.splitlines())
            spool.write(f"{separator}<{identifier}> {{\n{indented}\n}}")
            separator = "\n\n"
        yield "\n".join(f"PREFIX {p} {ns}" for p, ns in sorted(prefixes.items())) + "\n\n"
        spool.seek(0)
        while chunk := spool.read(1 << 20):
            yield chunk
    yield "\n"
