"""The RDF stage over per-document chunks (:mod:`citykg.chunks`) and the files written from it.

:func:`build_chunks` reuses every chunk whose key is unchanged, makes (and stores) the
others, and merges them: the shared triples each once, the default graph, the objects of
the statement nodes, the statement blocks, and the totals the dataset description counts.
A first build folds every chunk into sorted runs on disk; a rebuild folds only the chunks
that changed into the previous build's merge (:mod:`citykg.rdfstate`). :func:`trig_pieces`
and :func:`turtle_pieces` then stream the files from the merge.
"""

from __future__ import annotations

import heapq
import json
import tempfile
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from . import export, rdfstate
from .chunks import (
    Chunk,
    ChunkStore,
    Maps,
    PackedChunks,
    _doc_triples,
    _facts,
    _Index,
    _index,
    _maps,
    _provisional,
    _split,
    _texts,
    chunk_key,
    chunk_keys,
    code_fingerprint,
)
from .extract.gazetteer import Gazetteer, load_gazetteer
from .forking import fork_call
from .graphio import namespaces_used, prefixes, write_atomic
from .model import Document
from .netgraph import GraphCounts, graph_counts
from .rdf import graph_iri
from .resolve import Resolved
from .runs import SortedRuns, triple_line, unique, written, written_blocks
from .tally import Tally


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
    the files of the merged lines (:mod:`citykg.rdfstate`: the shared triples, the default
    graph and the statement blocks), the dataset description and the counts.
    :meth:`close` removes the stage's temporary files."""

    store: ChunkStore | PackedChunks
    keys: list[tuple[str, str]]  # (graph IRI, chunk key), in graph order
    files: dict[str, Path]  # "triples", "default", "objects", "blocks"
    description: list[tuple]
    statements: int
    maps: Maps
    counts: GraphCounts
    #: chunks whose texts were written again with the build's maps: their blocks
    rewritten: dict[str, list[tuple[str, str]]] = field(default_factory=dict)
    built: int = 0  # chunks made by this build (the others were reused)
    workdir: tempfile.TemporaryDirectory | None = None
    folded: bool = False  # only the changes were folded into the previous merge

    def close(self) -> None:
        self.store.close()
        if self.workdir is not None:
            self.workdir.cleanup()


#: A rebuild folds the changes into the previous merge (:mod:`citykg.rdfstate`) when at most
#: this many chunks are new or gone (each change is held in memory as its lines); more, and
#: every chunk is folded again, on disk, as a first build does.
CHANGES_MAX = 256


def _figures(c: Chunk) -> list:
    """What the totals and the TriG need of a chunk, kept in the state per chunk key."""
    return [
        c.graph,
        c.doc_id,
        c.prefixes,
        c.relevant,
        c.namespaces,
        c.refused,
        c.statements,
        c.statement_triples,
        c.statement_predicates,
        c.statement_classes,
    ]


def _block_lines(c: Chunk) -> list[str]:
    """A chunk's statement blocks as sorted lines (subject, chunk key, the block as a JSON
    string: blocks span lines)."""
    return sorted(f"{s}\x00{c.key}\x00{_quote(block)}" for s, block in c.turtle)


_quote = json.encoder.encode_basestring  # type: ignore[attr-defined]


@dataclass
class _Pass:
    """What the pass over the documents gathers besides the merged lines."""

    found: set[str] = field(default_factory=set)
    refused: set[str] = field(default_factory=set)
    st_preds: Counter = field(default_factory=Counter)
    st_classes: Counter = field(default_factory=Counter)
    st_triples: int = 0
    statements: int = 0
    kept: list[_Kept] = field(default_factory=list)
    made: set[str] = field(default_factory=set)
    figures: dict[str, list] = field(default_factory=dict)
    _shared: dict[tuple, tuple] = field(default_factory=dict)

    def take(self, key: str, fig: list) -> None:
        """Fold one chunk's figures (:func:`_figures`) into the totals; they are kept (for
        the next build's state) with every list and count table held once per distinct
        value, so that they cost a few hundred bytes a document."""
        graph, doc_id, prefix_key, relevant, namespaces, refused = fig[:6]
        statements, st_triples, st_preds, st_classes = fig[6:]
        self.found.update(namespaces)
        self.refused.update(refused)
        preds, classes = self._once(_pairs(st_preds)), self._once(_pairs(st_classes))
        for p, n in preds:
            self.st_preds[p] += n
        for c, n in classes:
            self.st_classes[c] += n
        self.st_triples += st_triples
        self.statements += statements
        rel = self._once(tuple(relevant))
        self.kept.append(_Kept(graph, key, doc_id, prefix_key, rel))
        shared = [self._once(tuple(namespaces)), self._once(tuple(refused))]
        self.figures[key] = [graph, doc_id, prefix_key, rel, *shared, statements, st_triples]
        self.figures[key] += [preds, classes]

    def _once(self, value: tuple) -> tuple:
        return self._shared.setdefault(value, value)


def _pairs(table: dict[str, int] | list) -> tuple[tuple[str, int], ...]:
    """A count table (a chunk's dict, or its pairs as the state's JSON holds them) as
    sorted pairs."""
    items = table.items() if isinstance(table, dict) else (tuple(kv) for kv in table)
    return tuple(sorted(items))


def _chunk(
    key: str,
    doc: Document,
    ix: _Index,
    base: str,
    gaz: Gazetteer,
    store: ChunkStore | PackedChunks,
    gathered: _Pass,
) -> Chunk:
    """The document's chunk: from the store, or made (and stored)."""
    chunk = store.get(key)
    if chunk is None:
        made = _doc_triples(ix, doc, base, gaz)
        chunk = _facts(key, doc, made, base)
        _texts(chunk, made, _provisional(chunk, base))
        store.put(chunk)
        gathered.made.add(key)
    return chunk


#: Per kind of merged lines: the ``(line, count)`` pairs, sorted.
Sources = dict[str, Iterator[tuple[str, int]]]


def _fold_all(
    keyed: Iterable[tuple[Document, str]],
    ix: _Index,
    base: str,
    gaz: Gazetteer,
    store: ChunkStore | PackedChunks,
    workdir: str,
) -> tuple[_Pass, Sources]:
    """Every chunk folded into sorted runs on disk, so that nothing of a document's
    triples stays in memory once it is done."""
    gathered = _Pass()
    runs = {
        n: SortedRuns(workdir, n) for n in ("triples", "default", "statement-objects", "blocks")
    }
    for doc, key in keyed:
        chunk = _chunk(key, doc, ix, base, gaz, store, gathered)
        runs["triples"].extend(_split(chunk.shared))
        runs["default"].extend(_split(chunk.default))
        runs["statement-objects"].extend(chunk.statement_objects)
        runs["blocks"].extend(_block_lines(chunk))
        gathered.take(key, _figures(chunk))
    sources = {
        "triples": rdfstate.counted(runs["triples"].merged()),
        "default": rdfstate.counted(runs["default"].merged()),
        "objects": rdfstate.counted(runs["statement-objects"].merged()),
        "blocks": rdfstate.counted(runs["blocks"].merged()),
    }
    return gathered, sources


def _fold_changes(
    prior: rdfstate.Prior,
    keyed: list[tuple[Document, str]],
    ix: _Index,
    base: str,
    gaz: Gazetteer,
    store: ChunkStore | PackedChunks,
) -> tuple[_Pass, Sources] | None:
    """The previous build's merge with the chunks that are gone taken out and the new
    ones put in (:mod:`citykg.rdfstate`); None when that cannot be done (too many
    changes, a chunk the store no longer holds intact): then every chunk is folded."""
    present = {key for _, key in keyed}
    gone = [key for key in prior.figures if key not in present]
    new = [(doc, key) for doc, key in keyed if key not in prior.figures]
    if len(gone) + len(new) > CHANGES_MAX:
        return None
    for _, key in keyed:  # the TriG is written from the stored chunks: they must be whole
        if key in prior.figures and not prior.intact.get(key, False) and not store.intact(key):
            return None
    delta: dict[str, Counter] = {k: Counter() for k in ("triples", "default", "objects")}
    blocks: list[str] = []
    for key in gone:
        old = store.get(key)
        if old is None:
            return None
        delta["triples"].subtract(_split(old.shared))
        delta["default"].subtract(_split(old.default))
        delta["objects"].subtract(old.statement_objects)
    gathered = _Pass()
    chunks = {key: _chunk(key, doc, ix, base, gaz, store, gathered) for doc, key in new}
    for c in chunks.values():
        delta["triples"].update(_split(c.shared))
        delta["default"].update(_split(c.default))
        delta["objects"].update(c.statement_objects)
        blocks += _block_lines(c)
    for _, key in keyed:
        gathered.take(key, _figures(chunks[key]) if key in chunks else prior.figures[key])
    dropped = set(gone)
    kept_blocks = (
        (line, n)
        for line, n in rdfstate.read_counted(prior.path("blocks"))
        if line.split("\x00", 2)[1] not in dropped
    )
    sources = {
        kind: rdfstate.updated(rdfstate.read_counted(prior.path(kind)), delta[kind])
        for kind in delta
    }
    sources["blocks"] = heapq.merge(kept_blocks, ((b, 1) for b in sorted(blocks)))
    return gathered, sources


def prefetch(state: Path, store: ChunkStore, base: str) -> rdfstate.Prior | None:
    """The previous build's merge, checked, with the chunks it names checked in the store:
    what :func:`build_chunks` reads first, done while a rebuild's few files are extracted
    in another process (this one would wait)."""
    prior = rdfstate.load(state, rdfstate.state_key(code_fingerprint(), base))
    if prior is not None:
        prior.intact = {key: store.intact(key) for key in prior.figures}
    return prior


def build_chunks(
    resolved: Resolved,
    documents: list[Document],
    store: ChunkStore | PackedChunks,
    *,
    base: str,
    gazetteer: Gazetteer | None = None,
    state: Path | None = None,
    prior: rdfstate.Prior | None = None,
) -> RdfChunks:
    """The RDF stage over chunks, one document at a time: reuse every chunk whose key is
    unchanged, make (and store) the others, and merge them, folding only the changes
    into the previous build's merge when ``state`` (a directory) holds it."""
    gaz = gazetteer or load_gazetteer()
    ix = _index(resolved, base, gaz)
    workdir = tempfile.TemporaryDirectory(prefix="citykg-runs-")
    ordered = sorted(documents, key=lambda d: str(graph_iri(base, d.doc_id)))
    skey = rdfstate.state_key(code_fingerprint(), base)
    directory = state if state is not None else Path(workdir.name) / "state"
    if prior is None or prior.directory != directory:
        prior = rdfstate.load(directory, skey)
    folded = None
    if prior is None:  # a first build: each key made as its chunk is (one read of its relations)
        keyed: Iterable[tuple[Document, str]] = ((d, chunk_key(ix, d, base)) for d in ordered)
    else:  # a rebuild: every key first, to find what changed
        keyed = list(zip(ordered, chunk_keys(ix, ordered, base), strict=True))
        folded = _fold_changes(prior, keyed, ix, base, gaz, store)
    gathered, sources = folded or _fold_all(keyed, ix, base, gaz, store, workdir.name)
    writer = rdfstate.Writer(directory, skey)
    tally = Tally(base, SortedRuns(workdir.name, "objects"))
    with writer.open("triples") as fh:
        for line in rdfstate.write_counted(fh, sources["triples"]):
            tally.add(line)
    with writer.open("objects") as fh:
        counts, stats = tally.finish(gathered, rdfstate.write_counted(fh, sources["objects"]))
    with writer.open("default") as fh:
        for _ in rdfstate.write_counted(fh, sources["default"]):
            pass
    description = export.describe_stats(
        stats, counts, base=base, sources=[d.path for d in documents]
    )
    d_found, d_refused = namespaces_used(description, prefixes(base))
    graph_ns = {f"{base}graph/"}
    maps = _maps(gathered.found - graph_ns | d_found, gathered.refused | d_refused, graph_ns, base)
    rewritten = _rewrite(gathered, maps, ix, documents, base, gaz, store)
    with writer.open("blocks") as fh:
        for _ in rdfstate.write_counted(fh, _final_blocks(sources["blocks"], rewritten)):
            pass
    for k in gathered.kept:  # a rewritten chunk's texts now carry the build's prefixes
        gathered.figures[k.key][2] = k.prefixes
    if state is not None:  # kept for the next build (a build without one throws it away)
        writer.commit(gathered.figures)
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
    files = {kind: writer.path(kind) for kind in rdfstate.KINDS}
    return RdfChunks(
        store,
        keys,
        files,
        description,
        gathered.statements,
        maps,
        total,
        rewritten,
        built,
        workdir,
        folded is not None,
    )


def _final_blocks(
    blocks: Iterator[tuple[str, int]], rewritten: dict[str, list[tuple[str, str]]]
) -> Iterator[tuple[str, int]]:
    """The statement blocks as written: those of rewritten chunks replaced by their new
    texts."""
    if not rewritten:
        return blocks
    kept = ((line, n) for line, n in blocks if line.split("\x00", 2)[1] not in rewritten)
    fresh = sorted(
        f"{s}\x00{key}\x00{_quote(block)}" for key, pairs in rewritten.items() for s, block in pairs
    )
    return heapq.merge(kept, ((line, 1) for line in fresh))


def _rewrite(
    gathered: _Pass,
    maps: Maps,
    ix: _Index,
    documents: list[Document],
    base: str,
    gaz: Gazetteer,
    store: ChunkStore | PackedChunks,
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
        made = _doc_triples(ix, by_id[k.doc_id], base, gaz)
        if chunk is None:  # the store could not keep it: made again
            chunk = _facts(k.key, by_id[k.doc_id], made, base)
        _texts(chunk, made, maps)
        store.put(chunk)
        k.prefixes = chunk.prefixes
        out[k.key] = [(subject, block) for subject, block in chunk.turtle]
    return out


# -------------------------------------------------------------------------- the files


def _header(prefix_map: dict[str, str]) -> str:
    return "".join(sorted(f"@prefix {name}: <{ns}> .\n" for name, ns in prefix_map.items()))


def _description_lines(rc: RdfChunks) -> list[str]:
    return sorted({triple_line(*t) for t in rc.description})


def write_files(rc: RdfChunks, turtle: Path, trig: Path) -> None:
    """``citykg.ttl`` here and ``citykg.trig`` in a forked process at the same time (posix):
    both stream from the same merge and chunks, and when a rebuild gets here its extracting
    process is done, so the second core is free. A TriG the forked process did not finish
    (it failed, or could not be forked) is written here after."""

    def write_trig() -> bool:
        write_atomic(trig, trig_pieces(rc))
        return True

    job = fork_call(write_trig)
    write_atomic(turtle, turtle_pieces(rc))
    if job is None or job.result() is None:
        write_atomic(trig, trig_pieces(rc))


def trig_pieces(rc: RdfChunks) -> Iterator[str]:
    """``citykg.trig`` in pieces: the prefixes, the default graph (its merged lines with
    the description), each graph's block read back from the store."""
    yield _header(rc.maps.trig)
    lines = rdfstate.read_lines(rc.files["default"])
    default = unique(heapq.merge(lines, _description_lines(rc)))
    yield from written(default, ox.RdfFormat.TRIG, rc.maps.trig)
    for _, key in rc.keys:
        yield rc.store.trig(key)


def turtle_pieces(rc: RdfChunks) -> Iterator[str]:
    """``citykg.ttl`` in pieces: the merged shared triples and the statement blocks, in
    subject order, both streamed from their files."""
    yield _header(rc.maps.turtle)
    lines = rdfstate.read_lines(rc.files["triples"])
    merged = unique(heapq.merge(lines, _description_lines(rc)))
    others = written_blocks(merged, rc.maps.turtle)
    for _, block in heapq.merge(others, _statement_blocks(rc), key=lambda sb: sb[0]):
        yield block


def _statement_blocks(rc: RdfChunks) -> Iterator[tuple[str, str]]:
    """Every statement node's block in subject order (rewritten chunks' already replaced)."""
    for line in rdfstate.read_lines(rc.files["blocks"]):
        subject, _, block = line.split("\x00", 2)
        yield subject, _unquote(block, 1)[0]


_unquote = json.decoder.scanstring  # type: ignore[attr-defined]
