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
import json
import os
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from functools import cache
from importlib import metadata, resources
from pathlib import Path

import pyoxigraph as ox
from rdflib.namespace import RDF

from .cache import read_entry, write_entry
from .errors import CityKGError
from .extract.gazetteer import Gazetteer
from .forking import fork_call
from .graphio import iris_of, namespace_facts, prefixes
from .model import Document, Relation
from .rdf import entity_iri, graph_iri, graph_triples
from .resolve import Resolved
from .runs import (
    cut_blocks,
    triple_line,
    without_prefixes,
)

#: Bumped when the chunk format changes.
FORMAT = 2
#: Code whose change changes the triples or their text.
_CODE = (
    "rdf.py",
    "vocab.py",
    "chunks.py",
    "chunkstage.py",
    "graphio.py",
    "export.py",
    "netgraph.py",
    "runs.py",
    "tally.py",
    "rdfstate.py",
)
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
        #: a first build's store holds nothing yet: a key not put since is not looked for
        #: (a thousand files not found cost a loaded disk a fifth of a second)
        self._empty = not self.dir.is_dir()
        self._put: set[str] = set()
        self._dirs: set[str] = set()  # the subdirectories this store has made or seen
        #: TriG blocks whose file could not be written (a full or read-only disk): the
        #: build still needs them, the next build makes their chunks again
        self._unwritten: dict[str, str] = {}

    def _path(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> Chunk | None:
        """The chunk of ``key``, checked, or None. A file is a header line (key and a hash
        of the rest), the chunk's JSON on one line, then its TriG block as written."""
        if self._empty and key not in self._put:
            self.misses += 1
            return None
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

    def intact(self, key: str) -> bool:
        """Whether the chunk of ``key`` is stored and checks out (not parsed)."""
        try:
            return read_entry(self._path(key), key) is not None
        except (ValueError, KeyError, TypeError):
            return False

    def trig(self, key: str) -> str:
        """The TriG block of a chunk :meth:`get` or :meth:`put` saw during this build."""
        if key in self._unwritten:
            return self._unwritten[key]
        path = self._path(key)
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CityKGError(
                f"{path}: RDF chunk removed during the build ({exc.strerror}); build again"
            ) from None
        return raw.split(b"\n", 2)[2].decode("utf-8")

    def put(self, chunk: Chunk) -> None:
        body = {f.name: getattr(chunk, f.name) for f in fields(chunk)}  # no deep copies
        trig = body.pop("trig").encode("utf-8")
        rest = json.dumps(body, ensure_ascii=False).encode("utf-8") + b"\n" + trig
        path = self._path(chunk.key)
        if path.parent.name not in self._dirs:  # each subdirectory made once a build
            with contextlib.suppress(OSError):
                path.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(path.parent.name)
        if not write_entry(path, chunk.key, rest, mkdir=False):
            self._unwritten[chunk.key] = chunk.trig  # not on disk: made again next build
        self._put.add(chunk.key)

    def prune(self, keep: set[str]) -> None:
        if self.dir.is_dir():
            for entry in self.dir.glob("*/*.json"):
                if entry.stem not in keep:
                    with contextlib.suppress(OSError):
                        entry.unlink()

    def close(self) -> None:
        """Nothing is held open: every chunk is its own file."""


class PackedChunks:
    """The chunk store of a build that keeps no cache: nothing is ever reused, so of each
    chunk only its TriG block is kept (the TriG writer reads it back), appended to one file
    in the build's temporary directory. A thousand chunk files written, read and removed
    again cost a build about a second on a loaded disk; one file, written and read at
    explicit offsets (``pwrite``/``pread``: the forked TriG writer reads it beside this
    process, and no buffer or file position is shared), costs nothing. :meth:`get` never
    finds a chunk: one asked for again (:func:`citykg.chunkstage._rewrite`) is made again."""

    def __init__(self, directory: str | os.PathLike) -> None:
        self.dir = Path(directory)
        self.hits = self.misses = self.rejected = 0
        self._fd = os.open(self.dir / "trig.pack", os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o600)
        self._end = 0
        self._at: dict[str, tuple[int, int]] = {}  # key -> (offset, length) of its block

    def get(self, key: str) -> Chunk | None:
        self.misses += 1
        return None

    def intact(self, key: str) -> bool:
        return False

    def put(self, chunk: Chunk) -> None:
        data = chunk.trig.encode("utf-8")
        os.pwrite(self._fd, data, self._end)
        self._at[chunk.key] = (self._end, len(data))
        self._end += len(data)

    def trig(self, key: str) -> str:
        """The TriG block last put for ``key``."""
        at, size = self._at[key]
        return os.pread(self._fd, size, at).decode("utf-8")

    def prune(self, keep: set[str]) -> None:
        """Nothing to prune: the file goes with the build's temporary directory."""

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1


# ----------------------------------------------------------------------- keys and facts


@dataclass
class _Index:
    """Per document: the resolved entities and relations its graph is made from."""

    resolved: Resolved
    node: dict[str, str]
    entity_sig: dict[str, str]
    mentioned: dict[str, list[str]]
    relations: Callable[[str], list[Relation]]  # a document's, by its id
    #: entity key -> its description's triples, the same in every graph that names it
    #: (:func:`citykg.rdf.graph_triples`): made once for the build, not once per document
    descriptions: dict[str, list] = field(default_factory=dict)


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


#: Below this many documents the keys are made in this process alone (a fork costs more).
_SPLIT_MIN = 256


def chunk_keys(ix: _Index, documents: list[Document], base: str) -> list[str]:
    """:func:`chunk_key` of every document, in order; with many documents, the second half
    in a forked process while this one makes the first (posix).

    A rebuild of 2,000 documents makes all 2,000 keys (reading each document's relations
    back from the spool) to find the three that changed: about a third of a second on
    one core, when the second one is idle (the extraction is done, the TriG not begun).
    The keys are the same function's either way; a fork that fails or dies leaves its
    half to this process. The relations the fork made are counted here as made
    (:meth:`citykg.spool.SpooledResolved.absorb`: the report counts their predicates)."""
    half = len(documents) // 2

    def second_half() -> tuple[list[str], list, Counter]:
        counted = getattr(ix.resolved, "counted", None)
        done, preds = counted() if counted is not None else (set(), Counter())
        before, already = Counter(preds), set(done)
        keys = [chunk_key(ix, doc, base) for doc in documents[half:]]
        mine = [d for d in done if d not in already]
        return keys, mine, preds - before

    job = None if len(documents) < _SPLIT_MIN else fork_call(second_half)
    if job is None:
        return [chunk_key(ix, doc, base) for doc in documents]
    first = [chunk_key(ix, doc, base) for doc in documents[:half]]
    rest = job.result()
    if rest is None or len(rest[0]) != len(documents) - half:
        return first + [chunk_key(ix, doc, base) for doc in documents[half:]]
    keys, mine, made = rest
    absorb = getattr(ix.resolved, "absorb", None)
    if absorb is not None:
        absorb(mine, made)
    return first + keys


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
    gt = graph_triples(sub, [doc], base=base, gazetteer=gaz, descriptions=ix.descriptions)
    return _Made(gt.default, gt.named.get(graph_iri(base, doc.doc_id), set()))


class _Made:
    """A document's triples as its chunk is made from them: the default graph's, and its
    named graph's each with its :func:`citykg.runs.triple_line` (made once: the facts, the
    texts and the merged lines all read it), sorted, which is the order the writers want;
    its statement nodes, as their N-Triples forms (a line's first field), and the lines'
    split between the statement nodes' (``own``) and the others'."""

    __slots__ = ("default", "named", "statements", "subjects", "own", "others")

    def __init__(self, default: set, named: set) -> None:
        self.default = default
        self.named: list[tuple[str, tuple]] = sorted(
            ((triple_line(*t), t) for t in named), key=_first
        )
        st = self.statements = {str(s) for s, p, o in named if p == _TYPE and o == _STATEMENT}
        self.subjects: list[str] = []  # every subject once, in order
        self.own: list[tuple[str, tuple]] = []  # the (line, triple) pairs of statement nodes
        self.others: list[str] = []  # the other lines
        last = None
        for pair in self.named:
            subject = pair[0][: pair[0].index("\x00")]
            if subject != last:
                self.subjects.append(subject)
                last = subject
            if subject in st:
                self.own.append(pair)
            else:
                self.others.append(pair[0])


def _first(pair: tuple) -> str:
    return pair[0]


def _lines(lines: Iterable[str]) -> str:
    """Triple lines as one sorted run of distinct lines."""
    return "\n".join(sorted(set(lines)))


def _split(lines: str) -> list[str]:
    return lines.split("\n") if lines else []


def _facts(key: str, doc: Document, made: _Made, base: str) -> Chunk:
    statements, own, others = made.statements, made.own, made.others
    default_lines = [triple_line(*t) for t in made.default]
    g = graph_iri(base, doc.doc_id)
    iris = iris_of([*made.default, *(t for _, t in made.named), (g, g, g)])
    found, refused, relevant = namespace_facts(iris, prefixes(base))
    return Chunk(
        key,
        doc.doc_id,
        g.value,
        sorted(found),
        sorted(refused),
        sorted(relevant),
        shared=_lines([*others, *default_lines]),
        default=_lines(default_lines),
        statements=len(statements),
        statement_triples=len(own),
        # a line's last field is its object's N-Triples form (what str() of the term gives)
        statement_objects=sorted({line[line.rindex("\x00") + 1 :] for line, _ in own}),
        statement_predicates=dict(sorted(Counter(t[1].value for _, t in own).items())),
        statement_classes=dict(
            sorted(Counter(t[2].value for _, t in own if t[1] == _TYPE).items())
        ),
    )


def _texts(chunk: Chunk, made: _Made, maps: Maps) -> None:
    """The chunk's TriG block and statement blocks, written with the build's prefixes
    (sorted as :func:`citykg.graphio._quad_key` within one graph).

    One Turtle serialisation of the named graph gives both: Oxigraph writes a named
    graph's body in TriG as its Turtle with each line indented by one more tab, between
    the graph's name and ``}``; and a statement node's block is the same whichever other
    subjects are written beside it (the writer is streaming). The TriG's prefixes are the
    Turtle's and ``graph:``: statement blocks with an IRI in a namespace only the TriG
    prefixes (never seen: statements name no graph) are written apart, with the Turtle's."""
    chunk.prefixes = maps.key_for(chunk.relevant)
    if not made.named:
        chunk.trig, chunk.turtle = "", []
        return
    triples = [ox.Triple(*t) for _, t in made.named]
    text = without_prefixes(ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=maps.trig))
    first = ox.Quad(*made.named[0][1], ox.NamedNode(chunk.graph))
    head = without_prefixes(ox.serialize([first], format=ox.RdfFormat.TRIG, prefixes=maps.trig))
    body = text[:-1].replace("\n", "\n\t")
    chunk.trig = f"{head[: head.index(chr(10)) + 1]}\t{body}\n}}\n"
    subjects, own = made.subjects, made.own
    differ = set(maps.trig.items()) ^ set(maps.turtle.items())
    extra = [f"<{ns}" for _, ns in differ]
    if any(ns in line for line, _ in own for ns in extra):
        alone = [ox.Triple(*t) for _, t in own]
        text = without_prefixes(
            ox.serialize(alone, format=ox.RdfFormat.TURTLE, prefixes=maps.turtle)
        )
        subjects = [x for x in subjects if x in made.statements]
    blocks = cut_blocks(text, subjects)
    chunk.turtle = [[s, block] for s, block in blocks if s in made.statements]


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
