"""Per-document RDF chunks: a rebuild redoes the RDF and the files only for what changed.

The extraction cache (:mod:`citykg.cache`) makes a rebuild's extraction nearly free, but the
RDF stage and the writers used to run over the whole graph every time (for 2,000 documents
and 284k triples they were most of a rebuild). Nearly all of a document's triples depend on
that document alone: its named graph (the descriptions of the entities it names, its
relations, one reified statement per relation) and its node in the default graph. Only the
descriptions of shared entities depend on other documents (the aliases of every document
that names Dakar), and only through resolution.

So each document gets a *chunk*, stored under ``OUT/.citykg-cache/rdf/``, keyed by a hash of
everything its triples are made from — its metadata, its resolved relations, and for every
entity its graph describes the entity's resolved IRI, types, labels, aliases and links (so a
change in resolution that renames or relabels a node invalidates exactly the chunks that
mention it) — and by a fingerprint of the RDF code. A chunk holds:

- its named graph as it appears in ``citykg.trig`` (a ``graph:… { … }`` block) and the
  Turtle blocks of its statement nodes as they appear in ``citykg.ttl``, both written by
  Oxigraph with the build's prefix map (whose hash the chunk records: a new namespace in the
  corpus rewrites the texts, never the facts);
- the rest of its triples as N-Triples (entity descriptions, relations, its document node),
  which the build merges across documents (each triple once) and writes sorted;
- the figures the dataset description counts (statement nodes, their triples, predicates,
  classes and distinct objects), so no global pass over the statements is needed.

The outputs are assembled by streaming: the TriG is the sorted default graph followed by the
chunks' graph blocks in graph order; the Turtle is the merged shared triples interleaved,
subject by subject, with the statement blocks. Oxigraph's writers are streaming (a block
depends only on its own triples and the prefix map), which is what makes the result the
same bytes as serialising the whole graph at once (``tests/test_committed_graphs*`` and the
clean-build comparisons check it). A chunk that does not parse or check out is ignored and
rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import heapq
import json
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

from . import export
from .cache import read_entry, write_entry
from .extract.gazetteer import Gazetteer, load_gazetteer
from .graphio import _quad_key, iris_of, namespace_facts, namespaces_used, prefixes
from .model import Document, Relation
from .netgraph import GraphCounts, graph_counts
from .rdf import entity_iri, graph_iri, graph_triples
from .resolve import Resolved

#: Bumped when the chunk format changes.
FORMAT = 1
#: Code whose change changes the triples or their text.
_CODE = ("rdf.py", "vocab.py", "chunks.py", "graphio.py", "export.py", "netgraph.py")
_STATEMENT = ox.NamedNode(str(RDF.Statement))
_TYPE = ox.NamedNode(str(RDF.type))
_NT = ox.RdfFormat.N_TRIPLES


@cache
def code_fingerprint() -> str:
    h = hashlib.sha256(f"citykg-chunks-{FORMAT}\n{metadata.version('pyoxigraph')}\n".encode())
    root = Path(str(resources.files("citykg")))
    for name in _CODE:
        h.update(name.encode() + hashlib.sha256((root / name).read_bytes()).digest())
    return h.hexdigest()


@dataclass
class Chunk:
    """One document's share of the outputs (see the module docstring)."""

    key: str
    doc_id: str
    graph: str  # its named graph's IRI
    namespaces: list[str]  # candidate namespaces its IRIs use (graph name included)
    refused: list[str]  # namespaces an IRI ending in '.' starts with (never prefixed)
    relevant: list[str]  # every candidate namespace one of its IRIs starts with
    shared: str  # N-Triples: its triples outside its statement nodes, default graph included
    default: str  # N-Triples: its default-graph triples (the document node)
    statements: int = 0
    statement_triples: int = 0
    statement_objects: list[str] = field(default_factory=list)
    statement_predicates: dict[str, int] = field(default_factory=dict)
    statement_classes: dict[str, int] = field(default_factory=dict)
    prefixes: str = ""  # hash of the prefix maps the texts were written with
    trig: str = ""  # its named graph's TriG block
    turtle: list[list[str]] = field(default_factory=list)  # [subject, block] of its statements


class ChunkStore:
    """Chunks under one directory (``OUT/.citykg-cache/rdf`` or a build's temporary one)."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.dir = Path(directory)
        self.hits = self.misses = self.rejected = 0

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> Chunk | None:
        """The chunk of ``key``, checked, or None. A file is a header line (key and a hash
        of the rest), the chunk's JSON on one line, then its TriG block as written."""
        try:
            rest = read_entry(self._path(key), key)
            if rest is None:
                self.misses += 1
                return None
            body, _, trig = rest.partition(b"\n")
            found = Chunk(**json.loads(body))
            if found.key != key:
                raise ValueError("chunk names another key")
        except (ValueError, KeyError, TypeError):
            self.rejected += 1
            self.misses += 1
            return None
        self.hits += 1
        found.trig = trig.decode("utf-8")
        return found

    def trig(self, key: str) -> str:
        """The TriG block of a chunk :meth:`get` or :meth:`put` saw during this build."""
        raw = self._path(key).read_bytes()
        return raw.split(b"\n", 2)[2].decode("utf-8")

    def put(self, chunk: Chunk) -> None:
        body = asdict(chunk)
        trig = body.pop("trig").encode("utf-8")
        rest = json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n" + trig
        write_entry(self._path(chunk.key), chunk.key, rest)  # not written: rebuilt next time

    def prune(self, keep: set[str]) -> None:
        if self.dir.is_dir():
            for entry in self.dir.glob("*/*.json"):
                if entry.stem not in keep:
                    with contextlib.suppress(OSError):
                        entry.unlink()


# ----------------------------------------------------------------------- keys and facts


@dataclass
class _Index:
    """Per document: the resolved entities and relations its graph is made from."""

    resolved: Resolved
    node: dict[str, str]
    entity_sig: dict[str, str]
    mentioned: dict[str, list[str]]
    relations: dict[str, list[Relation]]


def _index(resolved: Resolved, base: str, gaz: Gazetteer) -> _Index:
    node: dict[str, str] = {}
    sig: dict[str, str] = {}
    mentioned: dict[str, list[str]] = {}
    for key, e in resolved.entities.items():
        node[key] = entity_iri(base, e, gaz).value
        text = repr(
            (
                node[key],
                e.type,
                sorted(e.extra_types),
                sorted(e.labels.items()),
                sorted(e.aliases, key=lambda a: (a[0], a[1] or "")),
                e.geonames,
                e.wikidata,
            )
        )
        sig[key] = hashlib.sha1(text.encode()).hexdigest()
        for doc_id in e.docs:
            mentioned.setdefault(doc_id, []).append(key)
    relations: dict[str, list[Relation]] = {}
    for r in resolved.relations:
        relations.setdefault(r.doc_id, []).append(r)
    return _Index(resolved, node, sig, mentioned, relations)


def chunk_key(ix: _Index, doc: Document, base: str) -> str:
    """Everything the document's triples are made from, hashed."""
    h = hashlib.sha256(f"{code_fingerprint()}\n{base}\n{doc!r}\n".encode())
    for key in sorted(ix.mentioned.get(doc.doc_id, ())):
        h.update(f"m {ix.entity_sig[key]}\n".encode())
    for r in ix.relations.get(doc.doc_id, ()):
        ends = (ix.entity_sig.get(r.subject), ix.entity_sig.get(r.obj) if r.obj else None)
        h.update(repr((r, ends)).encode() + b"\n")
    return h.hexdigest()


def _doc_triples(ix: _Index, doc: Document, base: str, gaz: Gazetteer):
    """The document's default-graph triples and named graph, made by :mod:`citykg.rdf`
    from the part of the resolution that concerns it."""
    rels = ix.relations.get(doc.doc_id, [])
    keys = set(ix.mentioned.get(doc.doc_id, ()))
    keys.update(k for r in rels for k in (r.subject, r.obj) if k)
    ents = ix.resolved.entities
    sub = Resolved({k: ents[k] for k in sorted(keys) if k in ents}, rels)
    gt = graph_triples(sub, [doc], base=base, gazetteer=gaz)
    return gt.default, gt.named.get(graph_iri(base, doc.doc_id), set())


def _nt(triples: Iterable[tuple]) -> str:
    """N-Triples in any order: they are read back into a set."""
    return ox.serialize([ox.Triple(*t) for t in triples], format=_NT).decode("utf-8")


def _facts(key: str, doc: Document, default: set, named: set, base: str) -> Chunk:
    statements = {s for s, p, o in named if p == _TYPE and o == _STATEMENT}
    own = [t for t in named if t[0] in statements]
    others = [t for t in named if t[0] not in statements]
    g = graph_iri(base, doc.doc_id)
    iris = iris_of([*default, *named, (g, g, g)])
    found, refused, relevant = namespace_facts(iris, prefixes(base))
    return Chunk(
        key,
        doc.doc_id,
        g.value,
        sorted(found),
        sorted(refused),
        sorted(relevant),
        shared=_nt([*others, *default]),
        default=_nt(default),
        statements=len(statements),
        statement_triples=len(own),
        statement_objects=sorted({str(o) for _, _, o in own}),
        statement_predicates=dict(sorted(Counter(p.value for _, p, _ in own).items())),
        statement_classes=dict(sorted(Counter(o.value for _, p, o in own if p == _TYPE).items())),
    )


def _texts(chunk: Chunk, named: set, maps: Maps) -> None:
    """The chunk's TriG block and statement blocks, written with the build's prefixes."""
    g = ox.NamedNode(chunk.graph)
    quads = sorted((ox.Quad(s, p, o, g) for s, p, o in named), key=_quad_key)
    chunk.trig = _body(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=maps.trig))
    statements = {s for s, p, o in named if p == _TYPE and o == _STATEMENT}
    own = sorted((ox.Quad(*t) for t in named if t[0] in statements), key=_quad_key)
    turtle = ox.serialize([q.triple for q in own], format=ox.RdfFormat.TURTLE, prefixes=maps.turtle)
    text = _body(turtle)
    chunk.turtle = [list(b) for b in _blocks(text, sorted(str(s) for s in statements))]
    chunk.prefixes = maps.key_for(chunk.relevant)


def _body(data: bytes) -> str:
    """A serialisation without its ``@prefix`` header."""
    text = data.decode("utf-8")
    start = 0
    while text.startswith("@prefix ", start):
        start = text.index("\n", start) + 1
    return text[start:]


def _blocks(text: str, subjects: list[str]) -> Iterator[tuple[str, str]]:
    """Cut a Turtle body into its subjects' blocks (a block's first line is not indented;
    literals are single-line, so a line never starts inside one)."""
    if not text:  # a document without relations has no statement block
        if subjects:
            raise AssertionError(f"no Turtle blocks for {len(subjects)} subjects")
        return
    starts = [0]
    pos = text.find("\n")
    while pos != -1 and pos + 1 < len(text):
        if text[pos + 1] != "\t":
            starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    if len(starts) != len(subjects):
        raise AssertionError(f"{len(starts)} Turtle blocks for {len(subjects)} subjects")
    ends = [*starts[1:], len(text)]
    yield from zip(subjects, (text[a:b] for a, b in zip(starts, ends, strict=True)), strict=True)


# -------------------------------------------------------------------------- the stage


@dataclass
class Maps:
    """The prefix maps of the Turtle and the TriG."""

    turtle: dict[str, str]
    trig: dict[str, str]

    def key_for(self, relevant: Iterable[str]) -> str:
        """What a chunk's texts depend on: the prefixes that could name its IRIs (a
        prefix no IRI of the chunk starts with cannot change a byte of it)."""
        keep = set(relevant)
        parts = [sorted(kv for kv in m.items() if kv[1] in keep) for m in (self.turtle, self.trig)]
        return hashlib.sha1(repr(parts).encode()).hexdigest()


def _maps(found: set[str], refused: set[str], graph_ns: set[str], base: str) -> Maps:
    names = {ns: name for name, ns in prefixes(base).items()}
    turtle = {names[ns]: ns for ns in sorted(found - refused)}
    trig = {names[ns]: ns for ns in sorted((found | graph_ns) - refused)}
    return Maps(turtle, trig)


def _provisional(chunk: Chunk, base: str) -> Maps:
    """The maps a new chunk's texts are first written with: the namespaces it uses, and
    ``res:`` (the dataset description's node is always in it), less those it refuses.
    When the build's maps agree on the prefixes that could name its IRIs (the usual case),
    the texts stand; otherwise :func:`build_chunks` writes them again."""
    graph_ns = f"{base}graph/"
    usable = (set(chunk.namespaces) | {base}) - set(chunk.refused)
    return _maps(usable - {graph_ns}, set(), usable & {graph_ns}, base)


@dataclass
class RdfChunks:
    """The RDF stage's result: every document's chunk key (the chunks are in ``store``),
    the merged shared triples, the dataset description and the counts."""

    store: ChunkStore
    keys: list[tuple[str, str]]  # (graph IRI, chunk key), in graph order
    shared: set[tuple]
    default: set[tuple]
    description: list[tuple]
    statements: int
    maps: Maps
    counts: GraphCounts
    #: every statement node's Turtle block, by subject (they interleave across documents)
    statement_blocks: list[tuple[str, str]]
    built: int = 0  # chunks made by this build (the others were reused)


def build_chunks(
    resolved: Resolved,
    documents: list[Document],
    store: ChunkStore,
    *,
    base: str,
    gazetteer: Gazetteer | None = None,
) -> RdfChunks:
    """The RDF stage over chunks: reuse every chunk whose key is unchanged, make the others."""
    gaz = gazetteer or load_gazetteer()
    ix = _index(resolved, base, gaz)
    docs = sorted(documents, key=lambda d: str(graph_iri(base, d.doc_id)))
    chunks: list[Chunk] = []
    made: set[str] = set()
    for doc in docs:
        key = chunk_key(ix, doc, base)
        chunk = store.get(key)
        if chunk is None:
            default, named = _doc_triples(ix, doc, base, gaz)
            chunk = _facts(key, doc, default, named, base)
            _texts(chunk, named, _provisional(chunk, base))
            made.add(key)
        chunks.append(chunk)
    shared: set[tuple] = set()
    default: set[tuple] = set()
    found, refused, graph_ns = set(), set(), set()
    st_objects: set[str] = set()
    st_preds: Counter = Counter()
    st_classes: Counter = Counter()
    st_triples = statements = 0
    for c in chunks:
        shared.update(_parse(c.shared))
        default.update(_parse(c.default))
        found.update(c.namespaces)
        refused.update(c.refused)
        st_objects.update(c.statement_objects)
        st_preds.update(c.statement_predicates)
        st_classes.update(c.statement_classes)
        st_triples += c.statement_triples
        statements += c.statements
    graph_ns.add(f"{base}graph/")
    found.discard(f"{base}graph/")
    content = shared | default
    counts = graph_counts(content)
    stats = export.content_stats(content, base)
    objects = {str(o) for _, _, o in content} | st_objects
    for name, n in st_preds.items():
        stats.predicates[ox.NamedNode(name)] = stats.predicates.get(ox.NamedNode(name), 0) + n
    for name, n in st_classes.items():
        stats.classes[ox.NamedNode(name)] = stats.classes.get(ox.NamedNode(name), 0) + n
    stats.triples += st_triples
    stats.subjects += statements
    stats.objects = len(objects)
    counts = GraphCounts(counts.triples + st_triples, counts.entities, counts.relations)
    description = export.describe_stats(
        stats, counts, base=base, sources=[d.path for d in documents]
    )
    d_found, d_refused = namespaces_used(description, prefixes(base))
    maps = _maps(found | d_found, refused | d_refused, graph_ns, base)
    by_id = {d.doc_id: d for d in documents}
    blocks: list[tuple[str, str]] = []
    for c in chunks:
        if c.prefixes != maps.key_for(c.relevant):
            _, named = _doc_triples(ix, by_id[c.doc_id], base, gaz)
            _texts(c, named, maps)
            made.add(c.key)
        if c.key in made:
            store.put(c)
        blocks.extend((subject, block) for subject, block in c.turtle)
        c.trig, c.turtle = "", []  # read back from the store when the TriG is written
    blocks.sort()
    store.prune({c.key for c in chunks})
    # the description's subjects are its own (content_triples leaves them out): counted apart
    extra = graph_counts(set(description))
    total = GraphCounts(
        counts.triples + extra.triples,
        counts.entities + extra.entities,
        counts.relations + extra.relations,
    )
    keys = [(c.graph, c.key) for c in chunks]
    return RdfChunks(
        store, keys, shared, default, description, statements, maps, total, blocks, len(made)
    )


def _parse(nt: str) -> Iterator[tuple]:
    if not nt:
        return iter(())
    return ((q.subject, q.predicate, q.object) for q in ox.parse(input=nt.encode(), format=_NT))


# -------------------------------------------------------------------------- the files


def _header(prefix_map: dict[str, str]) -> str:
    return "".join(sorted(f"@prefix {name}: <{ns}> .\n" for name, ns in prefix_map.items()))


def _serialize_sorted(triples: Iterable[tuple], fmt: ox.RdfFormat, prefix_map: dict) -> str:
    items = sorted((ox.Quad(*t) for t in triples), key=_quad_key)
    if fmt == ox.RdfFormat.TURTLE:
        return _body(ox.serialize([q.triple for q in items], format=fmt, prefixes=prefix_map))
    return _body(ox.serialize(items, format=fmt, prefixes=prefix_map))


def trig_pieces(rc: RdfChunks) -> Iterator[str]:
    """``citykg.trig`` in pieces: the prefixes, the default graph, each graph's block."""
    yield _header(rc.maps.trig)
    yield _serialize_sorted(rc.default | set(rc.description), ox.RdfFormat.TRIG, rc.maps.trig)
    for _, key in rc.keys:
        yield rc.store.trig(key)


def turtle_pieces(rc: RdfChunks) -> Iterator[str]:
    """``citykg.ttl`` in pieces: the merged shared triples and the statement blocks, in
    subject order."""
    yield _header(rc.maps.turtle)
    merged = rc.shared | rc.default | set(rc.description)
    text = _serialize_sorted(merged, ox.RdfFormat.TURTLE, rc.maps.turtle)
    subjects = sorted({str(s) for s, _, _ in merged})
    others = _blocks(text, subjects)
    for _, block in heapq.merge(others, rc.statement_blocks, key=lambda sb: sb[0]):
        yield block
