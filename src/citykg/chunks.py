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
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

from . import export
from .cache import read_entry, write_entry
from .extract.gazetteer import Gazetteer, load_gazetteer
from .graphio import iris_of, namespace_facts, namespaces_used, prefixes
from .model import Document, Relation
from .netgraph import GRAPH_PROPERTIES, GraphCounts, graph_counts, is_entity
from .rdf import entity_iri, graph_iri, graph_triples
from .resolve import Resolved
from .runs import (
    SortedRuns,
    cut_blocks,
    line_fields,
    triple_line,
    unique,
    without_prefixes,
    written,
    written_blocks,
)
from .vocab import CKG, TOPIC_SCHEME

#: Bumped when the chunk format changes.
FORMAT = 2
#: Code whose change changes the triples or their text.
_CODE = ("rdf.py", "vocab.py", "chunks.py", "graphio.py", "export.py", "netgraph.py")
_STATEMENT = ox.NamedNode(str(RDF.Statement))
_TYPE = ox.NamedNode(str(RDF.type))


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
        body = {f.name: getattr(chunk, f.name) for f in fields(chunk)}  # no deep copies
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
    relations: Callable[[str], list[Relation]]  # a document's, by its id


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
    return _Index(resolved, node, sig, mentioned, resolved.by_document())


def chunk_key(ix: _Index, doc: Document, base: str) -> str:
    """Everything the document's triples are made from, hashed."""
    h = hashlib.sha256(f"{code_fingerprint()}\n{base}\n{doc!r}\n".encode())
    for key in sorted(ix.mentioned.get(doc.doc_id, ())):
        h.update(f"m {ix.entity_sig[key]}\n".encode())
    for r in ix.relations(doc.doc_id):
        ends = (ix.entity_sig.get(r.subject), ix.entity_sig.get(r.obj) if r.obj else None)
        h.update(repr((r, ends)).encode() + b"\n")
    return h.hexdigest()


def _doc_triples(ix: _Index, doc: Document, base: str, gaz: Gazetteer):
    """The document's default-graph triples and named graph, made by :mod:`citykg.rdf`
    from the part of the resolution that concerns it."""
    rels = ix.relations(doc.doc_id)
    keys = set(ix.mentioned.get(doc.doc_id, ()))
    keys.update(k for r in rels for k in (r.subject, r.obj) if k)
    ents = ix.resolved.entities
    # each entity as this document sees it: its other documents do not change this graph,
    # and a shared entity's set of documents grows with the corpus (Dakar's, sorted for
    # every document that names it, made the stage quadratic)
    sub = Resolved(
        {k: replace(ents[k], docs=ents[k].docs & {doc.doc_id}) for k in sorted(keys) if k in ents},
        rels,
    )
    gt = graph_triples(sub, [doc], base=base, gazetteer=gaz)
    return gt.default, gt.named.get(graph_iri(base, doc.doc_id), set())


def _lines(triples: Iterable[tuple]) -> str:
    """Triples as sorted, distinct :func:`citykg.runs.triple_line` lines (one sorted run)."""
    return "\n".join(sorted({triple_line(*t) for t in triples}))


def _split(lines: str) -> list[str]:
    return lines.split("\n") if lines else []


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
        shared=_lines([*others, *default]),
        default=_lines(default),
        statements=len(statements),
        statement_triples=len(own),
        statement_objects=sorted({str(o) for _, _, o in own}),
        statement_predicates=dict(sorted(Counter(p.value for _, p, _ in own).items())),
        statement_classes=dict(sorted(Counter(o.value for _, p, o in own if p == _TYPE).items())),
    )


def _texts(chunk: Chunk, named: set, maps: Maps) -> None:
    """The chunk's TriG block and statement blocks, written with the build's prefixes
    (sorted as :func:`citykg.graphio._quad_key` within one graph)."""
    g = ox.NamedNode(chunk.graph)
    ordered = sorted(named, key=lambda t: triple_line(*t))
    quads = [ox.Quad(s, p, o, g) for s, p, o in ordered]
    chunk.trig = without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=maps.trig))
    statements = {s for s, p, o in named if p == _TYPE and o == _STATEMENT}
    own = [ox.Triple(*t) for t in ordered if t[0] in statements]
    turtle = ox.serialize(own, format=ox.RdfFormat.TURTLE, prefixes=maps.turtle)
    text = without_prefixes(turtle)
    chunk.turtle = [list(b) for b in cut_blocks(text, sorted(str(s) for s in statements))]
    chunk.prefixes = maps.key_for(chunk.relevant)


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
class _Kept:
    """What the stage keeps of a chunk once it is stored: enough to check its texts against
    the build's prefix maps and to write the TriG (never its triples or texts)."""

    graph: str
    key: str
    doc_id: str
    prefixes: str
    relevant: tuple[str, ...]


@dataclass
class RdfChunks:
    """The RDF stage's result: every document's chunk key (the chunks are in ``store``),
    the sorted runs of the merged triples and statement blocks (:mod:`citykg.runs`), the
    dataset description and the counts. :meth:`close` removes the runs."""

    store: ChunkStore
    keys: list[tuple[str, str]]  # (graph IRI, chunk key), in graph order
    runs: dict[str, SortedRuns]  # "triples", "default", "blocks"
    description: list[tuple]
    statements: int
    maps: Maps
    counts: GraphCounts
    #: chunks whose texts were written again with the build's maps: their blocks
    rewritten: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    built: int = 0  # chunks made by this build (the others were reused)
    workdir: tempfile.TemporaryDirectory | None = None

    def close(self) -> None:
        for runs in self.runs.values():
            runs.close()
        if self.workdir is not None:
            self.workdir.cleanup()


@dataclass
class _Pass:
    """What the first pass over the documents gathers besides the runs."""

    found: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    st_preds: Counter = field(default_factory=Counter)
    st_classes: Counter = field(default_factory=Counter)
    st_triples: int = 0
    statements: int = 0
    kept: list[_Kept] = field(default_factory=list)
    made: set[str] = field(default_factory=set)

    def take(self, c: Chunk, runs: dict[str, SortedRuns], relevant: tuple[str, ...]) -> None:
        """Fold one chunk in: its lines into the runs, its figures into the totals."""
        runs["triples"].extend(_split(c.shared))
        runs["default"].extend(_split(c.default))
        runs["objects"].extend(c.statement_objects)
        for subject, block in c.turtle:
            runs["blocks"].add(f"{subject}\x00{c.key}\x00{json.dumps(block, ensure_ascii=False)}")
        self.found.update(c.namespaces)
        self.refused.update(c.refused)
        self.st_preds.update(c.statement_predicates)
        self.st_classes.update(c.statement_classes)
        self.st_triples += c.statement_triples
        self.statements += c.statements
        self.kept.append(_Kept(c.graph, c.key, c.doc_id, c.prefixes, relevant))


def build_chunks(
    resolved: Resolved,
    documents: list[Document],
    store: ChunkStore,
    *,
    base: str,
    gazetteer: Gazetteer | None = None,
) -> RdfChunks:
    """The RDF stage over chunks, one document at a time: reuse every chunk whose key is
    unchanged, make (and store) the others, and fold each into sorted runs on disk, so
    that nothing of a document's triples stays in memory once it is done."""
    gaz = gazetteer or load_gazetteer()
    ix = _index(resolved, base, gaz)
    workdir = tempfile.TemporaryDirectory(prefix="citykg-runs-")
    runs = {n: SortedRuns(workdir.name, n) for n in ("triples", "default", "objects", "blocks")}
    relevants: dict[tuple[str, ...], tuple[str, ...]] = {}  # one tuple per distinct list
    gathered = _Pass()
    for doc in sorted(documents, key=lambda d: str(graph_iri(base, d.doc_id))):
        key = chunk_key(ix, doc, base)
        chunk = store.get(key)
        if chunk is None:
            default, named = _doc_triples(ix, doc, base, gaz)
            chunk = _facts(key, doc, default, named, base)
            _texts(chunk, named, _provisional(chunk, base))
            store.put(chunk)
            gathered.made.add(key)
        relevant = tuple(chunk.relevant)
        gathered.take(chunk, runs, relevants.setdefault(relevant, relevant))
    tally = _Tally(base, runs["objects"])
    for line in runs["triples"].merged(distinct=True):
        tally.add(line)
    counts, stats = tally.finish(gathered)
    description = export.describe_stats(
        stats, counts, base=base, sources=[d.path for d in documents]
    )
    d_found, d_refused = namespaces_used(description, prefixes(base))
    graph_ns = {f"{base}graph/"}
    maps = _maps(gathered.found - graph_ns | d_found, gathered.refused | d_refused, graph_ns, base)
    rewritten = _rewrite(gathered, maps, ix, documents, base, gaz, store)
    store.prune({k.key for k in gathered.kept})
    # the description's subjects are its own (content_triples leaves them out): counted apart
    extra = graph_counts(set(description))
    total = GraphCounts(
        counts.triples + extra.triples,
        counts.entities + extra.entities,
        counts.relations + extra.relations,
    )
    keys = [(k.graph, k.key) for k in gathered.kept]
    built = len(gathered.made | set(rewritten))
    del runs["objects"]
    return RdfChunks(
        store, keys, runs, description, gathered.statements, maps, total, rewritten, built, workdir
    )


def _rewrite(
    gathered: _Pass,
    maps: Maps,
    ix: _Index,
    documents: list[Document],
    base: str,
    gaz: Gazetteer,
    store: ChunkStore,
) -> dict[str, list[tuple[str, str]]]:
    """Write again the texts of the chunks whose prefixes the build's maps name otherwise
    (rare: a namespace refused or added elsewhere in the corpus); their new blocks."""
    by_id: dict[str, Document] | None = None
    out: dict[str, list[tuple[str, str]]] = {}
    for k in gathered.kept:
        if k.prefixes == maps.key_for(k.relevant):
            continue
        if by_id is None:
            by_id = {d.doc_id: d for d in documents}
        chunk = store.get(k.key)
        default, named = _doc_triples(ix, by_id[k.doc_id], base, gaz)
        if chunk is None:  # the store could not keep it: made again
            chunk = _facts(k.key, by_id[k.doc_id], default, named, base)
        _texts(chunk, named, maps)
        store.put(chunk)
        k.prefixes = chunk.prefixes
        out[k.key] = [(subject, block) for subject, block in chunk.turtle]
    return out


class _Tally:
    """The figures :func:`citykg.export.content_stats` and :func:`citykg.netgraph.graph_counts`
    compute from a set of triples, read here from the merged, distinct lines in subject
    order: what is kept grows with the entities (their IRIs), not with the triples."""

    def __init__(self, base: str, objects: SortedRuns) -> None:
        self.base = f"<{base}"
        self.objects = objects
        self.triples = self.subjects = 0
        self.predicates: Counter = Counter()
        self.classes: Counter = Counter()
        self.documents: list[str] = []
        self.first: dict[str, str] = {}  # class -> its alphabetically first member in base
        self.entities: set[str] = set()
        self.targets: Counter = Counter()  # objects of graph edges leaving an entity
        self._subject: str | None = None
        self._types: set[str] = set()
        self._edges: list[str] = []
        self._props = {f"<{p}>" for p in GRAPH_PROPERTIES}

    def add(self, line: str) -> None:
        s, p, o = line_fields(line)
        if s != self._subject:
            self._close()
            self._subject = s
            self.subjects += 1
        self.triples += 1
        self.predicates[p] += 1
        self.objects.add(o)
        if not o.startswith("<"):
            return
        if p == _TYPE_NT:
            self.classes[o] += 1
            if s.startswith("<"):
                self._types.add(o[1:-1])
            if o == _DOCUMENT_NT:
                self.documents.append(s[1:-1])
            if s.startswith(self.base) and (o not in self.first or s[1:-1] < self.first[o]):
                self.first[o] = s[1:-1]
        elif p in self._props and s.startswith("<"):
            self._edges.append(o[1:-1])

    def _close(self) -> None:
        if self._subject is not None and self._types:
            node = self._subject[1:-1]
            if node != _SCHEME and _is_entity(frozenset(self._types)):
                self.entities.add(node)
                self.targets.update(self._edges)
        self._types, self._edges = set(), []

    def finish(self, gathered: _Pass) -> tuple[GraphCounts, export.ContentStats]:
        self._close()
        relations = sum(n for o, n in self.targets.items() if o in self.entities)
        counts = GraphCounts(self.triples + gathered.st_triples, len(self.entities), relations)
        predicates = Counter({ox.NamedNode(p[1:-1]): n for p, n in self.predicates.items()})
        predicates.update({ox.NamedNode(p): n for p, n in gathered.st_preds.items()})
        classes = Counter({ox.NamedNode(c[1:-1]): n for c, n in self.classes.items()})
        classes.update({ox.NamedNode(c): n for c, n in gathered.st_classes.items()})
        members = {ox.NamedNode(c[1:-1]): [ox.NamedNode(m)] for c, m in self.first.items()}
        objects = sum(1 for _ in self.objects.merged(distinct=True))
        self.objects.close()
        stats = export.ContentStats(
            self.triples + gathered.st_triples,
            self.subjects + gathered.statements,
            objects,
            dict(predicates),
            dict(classes),
            [ox.NamedNode(d) for d in sorted(self.documents)],
            export._examples(members, self.base[1:]),
        )
        return counts, stats


_TYPE_NT = f"<{RDF.type}>"
_DOCUMENT_NT = f"<{CKG.Document}>"


_SCHEME = str(TOPIC_SCHEME)


@cache
def _is_entity(types: frozenset[str]) -> bool:
    """:func:`citykg.netgraph.is_entity` by types alone (a few distinct sets in a build)."""
    return is_entity(types)


# -------------------------------------------------------------------------- the files


def _header(prefix_map: dict[str, str]) -> str:
    return "".join(sorted(f"@prefix {name}: <{ns}> .\n" for name, ns in prefix_map.items()))


def _description_lines(rc: RdfChunks) -> list[str]:
    return sorted({triple_line(*t) for t in rc.description})


def trig_pieces(rc: RdfChunks) -> Iterator[str]:
    """``citykg.trig`` in pieces: the prefixes, the default graph (merged from its runs
    with the description), each graph's block read back from the store."""
    yield _header(rc.maps.trig)
    default = unique(heapq.merge(rc.runs["default"].merged(), _description_lines(rc)))
    yield from written(default, ox.RdfFormat.TRIG, rc.maps.trig)
    for _, key in rc.keys:
        yield rc.store.trig(key)


def turtle_pieces(rc: RdfChunks) -> Iterator[str]:
    """``citykg.ttl`` in pieces: the merged shared triples and the statement blocks, in
    subject order, both streamed from their sorted runs."""
    yield _header(rc.maps.turtle)
    merged = unique(heapq.merge(rc.runs["triples"].merged(), _description_lines(rc)))
    others = written_blocks(merged, rc.maps.turtle)
    for _, block in heapq.merge(others, _statement_blocks(rc), key=lambda sb: sb[0]):
        yield block


def _statement_blocks(rc: RdfChunks) -> Iterator[tuple[str, str]]:
    """Every statement node's block in subject order (those of rewritten chunks from
    :attr:`RdfChunks.rewritten`)."""
    fresh = sorted(b for blocks in rc.rewritten.values() for b in blocks)
    stored = (line.split("\x00", 2) for line in rc.runs["blocks"].merged())
    kept = ((s, json.loads(b)) for s, key, b in stored if key not in rc.rewritten)
    return heapq.merge(kept, fresh, key=lambda sb: sb[0])
