"""``citykg build``: ingest → extract → resolve → rdf → files, streaming and fault-tolerant.

Documents are read and extracted a batch at a time (or by ``jobs`` worker processes, a
batch each) and only their extractions — never all texts and spaCy docs — are kept, so
memory grows with the size of the graph, not of the corpus. A document that cannot be
read or extracted is reported by name and reason; the others still build. Every output
file is written atomically.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import tempfile
import time
import urllib.parse
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .buildreport import report, timings, write_report, write_timings  # noqa: F401
from .cache import CHUNKS_NAME, STATE_NAME, ExtractionCache, cache_dir
from .chunks import ChunkStore, PackedChunks
from .chunkstage import build_chunks, prefetch, write_files
from .errors import CityKGError
from .graphio import (
    REPORT_NAME,
    TIMINGS_NAME,
    TRIG_NAME,
    TURTLE_NAME,
    VIEW_NAME,
    write_atomic,
)
from .incremental import Extractor, StageClock, cached_extractions
from .ingest import scan_paths, skipped_summary
from .inputs import (  # noqa: F401  (re-exported: the build API and the CLI use them from here)
    BATCH_SIZE,
    DOC_SECONDS,
    MAX_DOC_BYTES,
    Budget,
    InputFile,
    assign_ids,
    extract_paths,
    plan_inputs,
)
from .model import DocExtraction, Document
from .netgraph import GraphCounts, graph_counts
from .outset import OutputSet
from .rdf import GraphTriples, graph_iri, graph_triples, merged_turtle, to_trig
from .resolve import Resolved, resolve
from .runner import frozen_heap
from .spool import Spool, entity_count, relation_count
from .vocab import DEFAULT_BASE

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    """What a build produced: its triples, the files and a per-document report."""

    _triples: GraphTriples | None
    resolved: Resolved
    extractions: list[DocExtraction]
    files: dict[str, Path] = field(default_factory=dict)
    #: files found in input directories that citykg does not read (reported, not dropped)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    #: wall time of each stage (extract, resolve, rdf, files), and the cache's counts
    stages: dict[str, float] = field(default_factory=dict)
    cache: dict[str, int] | None = None
    #: per-document RDF chunks reused and built (:mod:`citykg.chunks`)
    chunks: dict[str, int] | None = None
    _dataset: Any = field(default=None, repr=False)
    #: with the chunked RDF stage: the counts it computed, and how to make the triples
    #: (held only when asked for: the files are written from the chunks)
    _counts: GraphCounts | None = field(default=None, repr=False)
    _make_triples: Callable[[], GraphTriples] | None = field(default=None, repr=False)
    #: :meth:`release` was called: only the summary is left
    released: bool = False

    @property
    def triples(self) -> GraphTriples:
        """The build's triples by graph, made on first use when the files came from
        chunks (:mod:`citykg.chunks`)."""
        if self._triples is None and self._make_triples is not None:
            self._triples = self._make_triples()
        return self._triples  # type: ignore[return-value]

    @property
    def dataset(self) -> Any:
        """The build's RDF as an rdflib ``Dataset``, made on first use, for rdflib-only
        libraries and notebooks: nothing on the build's own path (files, view) needs it."""
        if self._dataset is None:
            self._dataset = self.triples.to_dataset()
        return self._dataset

    @property
    def counts(self) -> GraphCounts:
        """Triples, entities and relations as every command counts them
        (:func:`citykg.netgraph.graph_counts`)."""
        if self._counts is None:
            self._counts = graph_counts(self.triples)
        return self._counts

    @property
    def triple_count(self) -> int:
        """The distinct triples of all graphs (those of ``citykg.ttl``)."""
        return self.counts.triples

    @property
    def errors(self) -> list[str]:
        return [x.error for x in self.extractions if x.error]

    @property
    def ok(self) -> bool:
        return not self.errors

    def release(self) -> None:
        """Let go of the per-document state once the files are written: the resolution and
        the way to make the triples go, each extraction shrinks to its path, error and
        time, the counts stay. What the command line prints (errors, documents built,
        counts, files) still reads the same; :attr:`triples`, :attr:`dataset` and
        :attr:`resolved` are then empty (a build through the API keeps them unless it
        asks for ``lean``)."""
        self.counts  # noqa: B018  (computed while the triples can still be made)
        self.resolved = Resolved()
        self.extractions = [
            DocExtraction(None, x.path, error=x.error, seconds=x.seconds) for x in self.extractions
        ]
        self._triples = self._dataset = self._make_triples = None
        self.released = True


class NothingBuilt(CityKGError):
    """No document could be built: nothing is written (the previous outputs stay)."""

    def __init__(self, message: str, extractions: list[DocExtraction]) -> None:
        super().__init__(message)
        self.extractions = extractions


def build(
    paths: Iterable[str | os.PathLike] = ("seeds",),
    out: str | os.PathLike | None = "graphs",
    *,
    base: str = DEFAULT_BASE,
    min_confidence: float = 0.0,
    jobs: int = 1,
    reason: bool = False,
    view: bool = True,
    progress: Callable[[DocExtraction], None] | None = None,
    budget: Budget | None = None,
    inputs: list[InputFile] | None = None,
    cache: bool = True,
    extractor: Extractor | None = None,
    early: Any = None,
    lean: bool = False,
) -> BuildResult:
    """Build the knowledge graph of ``paths`` and (unless ``out`` is None) write
    ``citykg.ttl``, ``citykg.trig``, ``index.html`` and ``report.json`` into ``out``,
    replacing the previous set at once (:mod:`citykg.outset`). A build in which no
    document succeeds raises :class:`NothingBuilt` and writes nothing.

    With ``cache`` (and an ``out``), extractions are kept in ``out/.citykg-cache/`` and a
    rebuild extracts only new or changed files (:mod:`citykg.cache`); the outputs are the
    same bytes either way. ``extractor`` replaces the local extraction (``jobs``) by
    another engine, e.g. :func:`citykg.distributed.dask_extractor`; ``early`` is the
    extraction :func:`citykg.incremental.start_early` started for these inputs. ``lean``
    (the command line's builds): the result keeps only what a summary of the build needs
    (:meth:`BuildResult.release`), and the views are drawn after the rest is let go."""
    paths = list(paths)
    check_base(base)
    opts = _Options(
        base, min_confidence, jobs, reason, view, progress, budget, extractor, early, lean
    )
    if out is None:
        return _build(paths, None, opts, inputs, None)
    _check_out_holds_no_input(Path(out), paths)
    with OutputSet(out) as outset:
        store = ExtractionCache(cache_dir(outset.out)) if cache else None
        result = _build(paths, outset, opts, inputs, store)
        outset.commit()
    final = Path(out)
    result.files = {k: final / v.name for k, v in result.files.items()}
    return result


@dataclass(frozen=True)
class _Options:
    base: str
    min_confidence: float
    jobs: int
    reason: bool
    view: bool
    progress: Callable[[DocExtraction], None] | None
    budget: Budget | None
    extractor: Extractor | None
    early: Any = None
    lean: bool = False


def _build(
    paths: list,
    outset: OutputSet | None,
    opts: _Options,
    inputs: list[InputFile] | None,
    store: ExtractionCache | None,
) -> BuildResult:
    t0 = time.perf_counter()
    clock = StageClock()
    if inputs is None:
        inputs = plan_inputs(paths, exclude=outset.out if outset is not None else None)
    # a build that writes files keeps its extractions on disk, not in memory (citykg.spool)
    spool = Spool() if outset is not None and not opts.reason else None
    ahead: dict[str, Any] = {}  # what the RDF stage reads first, read while a fork extracts
    check = functools.partial(_check_extractions, paths, outset)
    extractions = _extract_stage(inputs, opts, store, spool, ahead, clock, check)
    if opts.extractor is None and opts.jobs > 1 and os.name == "posix":
        release_models()  # loaded here only for the forked workers to share
    with clock("resolve"):
        resolved = resolve(extractions, min_confidence=opts.min_confidence, spool=spool)
    log.info(
        "resolve: %d entities at confidence >= %g in %.2f s",
        len(resolved.entities),
        opts.min_confidence,
        clock.seconds["resolve"],
    )
    documents = [x.document for x in extractions if x.ok and x.document is not None]
    if outset is not None and not opts.reason:
        result = _build_chunked(
            resolved, documents, extractions, outset, store, opts, clock, t0, paths, ahead
        )
        # the result holds what is still needed: a lean build lets all of it go
        del resolved, documents, extractions, ahead
        _finish_files(result, outset, opts, clock, t0)
        return result
    return _build_in_memory(resolved, documents, extractions, outset, store, opts, clock, t0, paths)


def release_models() -> None:
    """Drop the spaCy pipelines this process holds and give their memory back to the
    system (glibc's ``malloc_trim``, where there is one).

    A build with ``--jobs N`` loads them before forking its workers, which share them
    copy-on-write; this process never runs them. Kept through the RDF stage and the views
    they were ~100 MiB of its peak, so that a large build's peak grew from the one the
    models set in the extraction stage. Releasing them takes a few hundredths of a second;
    a next build in the same process loads them again (seconds), so only a build whose
    extraction ran in workers does it."""
    import gc

    from .extract import load_pipeline

    if load_pipeline.cache_info().currsize == 0:
        return  # nothing loaded (a rebuild's hits): no collection over the whole heap
    load_pipeline.cache_clear()
    gc.collect()  # a pipeline's objects hold each other: only a collection frees them
    _give_back_memory()


def _give_back_memory() -> None:
    """glibc's ``malloc_trim``, where there is one: the arenas freed by what was just let
    go go back to the system, so that the next stage's peak does not sit on them."""
    import ctypes
    import ctypes.util

    with contextlib.suppress(OSError, AttributeError, TypeError):
        ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim(0)


def _extract_stage(
    inputs: list[InputFile],
    opts: _Options,
    store: ExtractionCache | None,
    spool: Spool | None,
    ahead: dict[str, Any],
    clock: StageClock,
    check: Callable[[list[DocExtraction]], None],
) -> list[DocExtraction]:
    """Every input's extractions (the cache's hits read, the misses extracted), each
    logged, then ``check``-ed; while a forked process extracts, what the RDF stage reads
    first is read into ``ahead``."""
    extractor = opts.extractor or functools.partial(
        extract_paths, jobs=opts.jobs, budget=opts.budget
    )

    def meanwhile() -> None:
        if store is not None and spool is not None:
            chunks = ChunkStore(store.dir / CHUNKS_NAME)
            ahead["prior"] = prefetch(store.dir / STATE_NAME, chunks, opts.base)

    with clock("extract"):
        extractions = cached_extractions(
            inputs,
            extractor,
            store,
            budget=opts.budget or Budget(),
            progress=opts.progress,
            background=opts.extractor is None and opts.jobs <= 1 and os.name == "posix",
            early=opts.early,
            spool=spool,
            meanwhile=meanwhile,
        )
    for x in extractions:
        _log_document(x)
    check(extractions)
    ok = sum(1 for x in extractions if x.ok)
    log.info(
        "extract: %d document(s) from %d file(s), %d failed in %.2f s",
        ok,
        len(inputs),
        len(extractions) - ok,
        clock.seconds["extract"],
    )
    return extractions


def _build_in_memory(
    resolved: Resolved,
    documents: list[Document],
    extractions: list[DocExtraction],
    outset: OutputSet | None,
    store: ExtractionCache | None,
    opts: _Options,
    clock: StageClock,
    t0: float,
    paths: list,
) -> BuildResult:
    """The RDF stage with every triple in memory: a build that writes no files, or one
    that reasons (the inferred triples join a graph of their own)."""
    base = opts.base
    with clock("rdf"):
        triples = _all_triples(resolved, documents, base)
    result = BuildResult(triples, resolved, extractions)
    _finish_rdf(result, store, clock, paths)
    if opts.reason:
        from .rdflib_bridge import to_ox
        from .validate import materialise

        inferred = materialise(result.dataset)  # owlready2 needs rdflib: converted once
        iri = graph_iri(base, "inferred")
        triples.graph(iri)
        for s, p, o in inferred:
            triples.add(iri, (to_ox(s), to_ox(p), to_ox(o)))
        result._dataset = result._counts = None
        log.info("reason: %d inferred triple(s) into %s", len(inferred), iri.value)
    if outset is not None:
        with clock("files"):
            result.files = write_outputs(result, outset.stage, base=base, view=opts.view)
        log.info(
            "write: %d file(s) for %s in %.2f s",
            len(result.files),
            outset.given,
            clock.seconds["files"],
        )
    result.seconds = time.perf_counter() - t0
    if outset is not None:
        write_report(result, outset)
        write_timings(result, outset)
    return result


def _all_triples(resolved: Resolved, documents: list[Document], base: str) -> GraphTriples:
    """Every triple of the build in memory, with the dataset description."""
    from .export import describe_dataset

    triples = graph_triples(resolved, documents, base=base)
    description = describe_dataset(triples, base=base, sources=[d.path for d in documents])
    for t in description:
        triples.add(None, t)
    return triples


def _finish_rdf(
    result: BuildResult, store: ExtractionCache | None, clock: StageClock, paths: list
) -> None:
    result.stages = clock.seconds
    if store is not None:
        result.cache = {"hits": store.hits, "misses": store.misses, "rejected": store.rejected}
    result.skipped = [p.as_posix() for p in scan_paths(paths).skipped]
    for skipped in result.skipped:
        log.debug("%s: skipped (not a type citykg reads)", skipped)
    log.info("rdf: %d triples in %.2f s", result.triple_count, clock.seconds["rdf"])


def _build_chunked(
    resolved: Resolved,
    documents: list[Document],
    extractions: list[DocExtraction],
    outset: OutputSet,
    store: ExtractionCache | None,
    opts: _Options,
    clock: StageClock,
    t0: float,
    paths: list,
    ahead: dict[str, Any],
) -> BuildResult:
    """The RDF stage and the files from per-document chunks (:mod:`citykg.chunks`): kept
    beside the extraction cache, or for a build without a cache in a temporary directory.

    What the build holds by now (spaCy's pipelines, the gazetteer, the resolution) is kept
    out of the garbage collector meanwhile (:func:`citykg.runner.frozen_heap`): none of it
    becomes garbage here, and each full collection of these stages walked all of it (about
    a quarter of a second each, four of them in a 1,000-document build)."""
    base = opts.base
    with contextlib.ExitStack() as stack:
        stack.enter_context(frozen_heap())
        state = None  # the merge kept for the next build (citykg.rdfstate)
        if store is not None:
            chunks: ChunkStore | PackedChunks = ChunkStore(store.dir / CHUNKS_NAME)
            state = store.dir / STATE_NAME
        else:  # nothing kept: the TriG blocks in one file (citykg.chunks.PackedChunks)
            temp = stack.enter_context(tempfile.TemporaryDirectory(prefix="citykg-"))
            chunks = PackedChunks(temp)
            stack.callback(chunks.close)
        with clock("rdf"):
            rc = build_chunks(
                resolved,
                documents,
                chunks,
                base=base,
                state=state,
                prior=ahead.get("prior"),
            )
        stack.callback(rc.close)  # its sorted runs on disk
        result = BuildResult(None, resolved, extractions, _counts=rc.counts)
        result._make_triples = functools.partial(_all_triples, resolved, documents, base)
        _finish_rdf(result, store, clock, paths)
        result.chunks = {"reused": len(rc.keys) - rc.built, "built": rc.built, "folded": rc.folded}
        log.info("rdf: %(reused)d chunk(s) reused, %(built)d built", result.chunks)
        with clock("files"):
            out = outset.stage
            out.mkdir(parents=True, exist_ok=True)
            # citykg.ttl here and citykg.trig in a forked process at once
            result.files = {"turtle": out / TURTLE_NAME, "trig": out / TRIG_NAME}
            write_files(rc, result.files["turtle"], result.files["trig"])
    return result


def _finish_files(
    result: BuildResult, outset: OutputSet, opts: _Options, clock: StageClock, t0: float
) -> None:
    """After the RDF files of a chunked build: ``report.json``, the views, ``timings.json``.

    The views read the written files only (:func:`citykg.netstream.project_files`), so
    the report is written before them and, for a lean build (the command line's), the
    build's per-document state is let go first (:meth:`BuildResult.release`): at 20,000
    documents that state and the views' projection were the peak of the build together."""
    out, files = outset.stage, result.files
    if opts.view:
        files.update(_view_files(out))
    files.update({"report": out / REPORT_NAME, "timings": out / TIMINGS_NAME})
    write_report(result, outset)
    if opts.lean:
        result.release()
        _give_back_memory()
    if opts.view:
        with clock("files"):
            _write_views(None, out, files=(files["turtle"], files["trig"]))
    log.info("write: %d file(s) for %s in %.2f s", len(files), outset.given, result.stages["files"])
    result.seconds = time.perf_counter() - t0
    write_timings(result, outset)


def _log_document(x: DocExtraction) -> None:
    """At ``-vv``, what became of one document: its id, language and yield, or its error."""
    if x.ok and x.document is not None:
        d = x.document
        log.debug(
            "%s: document %s (%s): %d entities, %d relations in %.2f s",
            Path(x.path).as_posix(),
            d.doc_id,
            d.language,
            entity_count(x),
            relation_count(x),
            x.seconds,
        )
    else:
        log.debug("%s: not built: %s", Path(x.path).as_posix(), x.error)


def _check_extractions(paths: list, outset: OutputSet | None, extractions: list) -> None:
    """Refuse a build with no document, or with no document that could be read."""
    if not extractions:
        skipped = skipped_summary(scan_paths(paths).skipped)
        raise CityKGError(
            f"{', '.join(map(str, paths))}: no documents found"
            + (f" ({skipped})" if skipped else "")
        )
    if not any(x.ok for x in extractions):
        where = f"; {outset.given} was left as it was" if outset is not None else ""
        raise NothingBuilt(
            f"nothing built: none of the {len(extractions)} document(s) could be read or "
            f"extracted{where}",
            extractions,
        )


def is_http_iri(value: str) -> bool:
    """An absolute http(s) IRI with a host and no character IRIs forbid (space, quotes,
    ``<>{}|\\^```, controls): what ends up inside ``<…>`` in every output."""
    if not isinstance(value, str):
        return False
    try:
        parts = urllib.parse.urlsplit(value)
        parts.port  # noqa: B018 - raises on a bad port
    except ValueError:
        return False
    return (
        parts.scheme in ("http", "https")
        and bool(parts.hostname)
        and not any(c in value for c in ' <>"{}|\\^`')
        and not any(ord(c) < 33 or 127 <= ord(c) < 160 for c in value)
    )


def check_base(base: str) -> None:
    """An instance base must be an absolute http(s) IRI ending in ``/`` or ``#``: every
    resource IRI is the base plus a path, and a bad base would make every IRI bad."""
    if not (is_http_iri(base) and base.endswith(("/", "#"))):
        raise CityKGError(
            f"--base {base!r}: not a usable base IRI (expected an absolute http(s) IRI "
            "ending in '/' or '#', e.g. https://example.org/citykg/)"
        )


def _check_out_holds_no_input(out: Path, paths: list) -> None:
    """``--out`` is replaced as a whole, so it must not be (or hold) an input directory,
    nor the current directory."""
    target = out.resolve()
    for p in [*paths, "."]:
        with contextlib.suppress(OSError, ValueError):
            Path(p).resolve().relative_to(target)
            what = "the current directory" if p == "." else f"the input {p}"
            raise CityKGError(
                f"{out}: --out holds {what}; give the build an output directory of its own"
            )


def write_outputs(
    result: BuildResult, out: Path, *, base: str, view: bool = True
) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "turtle": write_atomic(out / TURTLE_NAME, merged_turtle(result.triples, base=base)),
        "trig": write_atomic(out / TRIG_NAME, to_trig(result.triples)),
    }
    if view:
        # the view reads the build's own Oxigraph terms: no file is parsed again
        files.update(_write_views(result.triples.to_store(), out))
    files["report"] = out / REPORT_NAME
    files["timings"] = out / TIMINGS_NAME
    return files


def _write_views(
    store: Any, out: Path, *, files: tuple[Path, Path] | None = None
) -> dict[str, Path]:
    """The view and the map of ``store``, or of the written ``files`` (Turtle, TriG)
    streamed into the projection (:func:`citykg.netstream.project_files`) when given,
    evidence kept for the edges the pages draw (:func:`citykg.view.drawn_edges`)."""
    from .netgraph import to_networkx
    from .netstream import project_files
    from .view import drawn_edges, render_cooperation, render_view

    # one projection for both pages, with evidence for the edges they draw only
    if files is not None:
        net = project_files(*files, evidence_for=drawn_edges)
    else:
        net = to_networkx(store)
    files = _view_files(out)
    render_view(None, files["view"], title="citykg — city climate cooperation", net=net)
    render_cooperation(None, files["map"], kind="map", net=net)
    return files


def _view_files(out: Path) -> dict[str, Path]:
    """Where a build's two pages go: named in the report before they are drawn."""
    return {"view": out / VIEW_NAME, "map": out / "map.html"}
