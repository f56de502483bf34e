"""``citykg build``: ingest → extract → resolve → rdf → files, streaming and fault-tolerant.

Documents are read and extracted a batch at a time (or by ``jobs`` worker processes, a
batch each) and only their extractions — never all texts and spaCy docs — are kept, so
memory grows with the size of the graph, not of the corpus. A document that cannot be
read or extracted is reported by name and reason; the others still build. Every output
file is written atomically.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import logging
import multiprocessing
import os
import tempfile
import time
import urllib.parse
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .cache import CHUNKS_NAME, ExtractionCache, cache_dir
from .chunks import ChunkStore, build_chunks, trig_pieces, turtle_pieces
from .errors import CityKGError
from .extract import extract_many, load_pipeline
from .extract.gazetteer import load_gazetteer
from .graphio import (
    REPORT_NAME,
    TIMINGS_NAME,
    TRIG_NAME,
    TURTLE_NAME,
    VIEW_NAME,
    write_atomic,
)
from .incremental import Extractor, StageClock, cached_extractions
from .ingest import MAX_BYTES, iter_paths, read_documents, scan_paths, skipped_summary, slugify
from .model import DocExtraction, Document
from .netgraph import GraphCounts, graph_counts
from .outset import OutputSet
from .rdf import GraphTriples, graph_iri, graph_triples, merged_turtle, to_trig
from .resolve import Resolved, resolve
from .runner import DeadlineExceeded, deadline, describe_death, run_in_pool
from .vocab import DEFAULT_BASE

log = logging.getLogger(__name__)

#: Documents read and sent through spaCy together: large enough for spaCy's batching to
#: pay, small enough that the texts held at once do not matter.
BATCH_SIZE = 32
#: Default time budget of one document's extraction (normal pages take well under 1 s).
DOC_SECONDS = 120.0
#: Default size budget of one input file.
MAX_DOC_BYTES = MAX_BYTES


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


@dataclass(frozen=True)
class InputFile:
    """A file to build and the id its document gets (see :func:`plan_inputs`)."""

    path: str
    doc_id: str


@dataclass(frozen=True)
class Budget:
    """What one document may cost: wall time of its extraction and size of its file."""

    seconds: float | None = DOC_SECONDS
    max_bytes: int = MAX_DOC_BYTES
    #: With ``jobs`` > 1, a worker whose batch runs this long past its budgets (stuck in
    #: native code, where no alarm reaches) is killed and handled as a dead worker.
    grace: float = 60.0


def plan_inputs(
    paths: Iterable[str | os.PathLike], *, exclude: str | os.PathLike | None = None
) -> list[InputFile]:
    """The input files of ``paths`` in order, each with a document id unique in the build.

    An id is the slug of the file's path relative to the input root it was found under
    (a file given by name: its name), without the extension: ``a/report.txt`` and
    ``b/report.txt`` are ``a-report`` and ``b-report``, and a flat corpus keeps the ids of
    its file stems. Paths whose slugs still meet (``x.txt`` and ``x.md``) keep their
    extension (``x-txt``, ``x-md``), and any remaining clash gets a hash of the path.
    Ids depend only on the inputs, so the same inputs always give the same ids.

    Files inside ``exclude`` (the build's ``--out``) and inside any other build output
    directory are skipped: a build must never read its own ``index.html`` back."""
    found: list[tuple[Path, str]] = []
    seen: set[Path] = set()
    for raw in paths:
        root = Path(raw)
        if root.is_dir():
            rows = [(f, f.relative_to(root).as_posix()) for f in iter_paths([root])]
            rows = [r for r in rows if not _in_build_output(r[0], root, exclude)]
        else:
            rows = [(root, root.name)]
        for f, rel in rows:
            if f not in seen:
                seen.add(f)
                found.append((f, rel))
    ids = assign_ids([rel for _, rel in found], [f.as_posix() for f, _ in found])
    return [InputFile(str(f), i) for (f, _), i in zip(found, ids, strict=True)]


def assign_ids(rels: list[str], paths: list[str]) -> list[str]:
    """Document ids for relative paths, unique (see :func:`plan_inputs` for the rules)."""
    ids = [slugify(rel.rsplit(".", 1)[0] if "." in rel.rsplit("/", 1)[-1] else rel) for rel in rels]
    for widen in (
        lambda i, k: slugify(rels[k]),
        lambda i, k: f"{i}-{hashlib.sha1(paths[k].encode()).hexdigest()[:10]}",
    ):
        counts = Counter(ids)
        ids = [widen(i, k) if counts[i] > 1 else i for k, i in enumerate(ids)]
    return ids


def _in_build_output(path: Path, root: Path, exclude: str | os.PathLike | None) -> bool:
    if exclude is not None:
        with contextlib.suppress(OSError, ValueError):
            path.resolve().relative_to(Path(exclude).resolve())
            return True
    parent = path.parent
    while True:
        if (parent / REPORT_NAME).is_file() and (parent / TRIG_NAME).is_file():
            return True
        if parent == root or parent == parent.parent:
            return False
        parent = parent.parent


def _read(item: InputFile, budget: Budget) -> list[Document | DocExtraction]:
    """The documents of one file (a feed holds many), or its error record."""
    t0 = time.perf_counter()
    try:
        with contextlib.suppress(OSError):  # unreadable files are read_document's to report
            size = os.stat(item.path).st_size
            if size > budget.max_bytes:
                raise CityKGError(
                    f"{Path(item.path).as_posix()}: over the size budget of "
                    f"{budget.max_bytes} bytes per document ({size} bytes)"
                )
        return list(read_documents(item.path, doc_id=item.doc_id))
    except CityKGError as exc:
        return [DocExtraction(None, item.path, error=str(exc), seconds=time.perf_counter() - t0)]


def _extract_files(files: list[InputFile], budget: Budget | None = None) -> list[DocExtraction]:
    """Read and extract a batch of files, in order (unreadable files become error records).

    Extraction runs under the time budget (reading is bounded by the size budget, and
    loading a spaCy model is not the document's fault); a batch over it is split, and a
    document over it alone is reported failed, naming the budget."""
    budget = budget or Budget()
    t0 = time.perf_counter()
    read = [r for f in files for r in _read(f, budget)]
    documents = [r for r in read if isinstance(r, Document)]
    read_seconds = (time.perf_counter() - t0) / max(1, len(files))
    if documents:
        load_gazetteer()
    for lang in sorted({d.language for d in documents}):
        with contextlib.suppress(CityKGError):  # a missing model is reported per document
            load_pipeline(lang)
    try:
        with deadline(budget.seconds):
            extracted = iter(list(extract_many(documents, batch_size=max(1, len(documents)))))
    except DeadlineExceeded:
        if len(files) > 1:
            return [x for f in files for x in _extract_files([f], budget)]
        extracted = iter([_over_budget(documents[0], budget)] if documents else [])
    out = []
    for r in read:
        if isinstance(r, DocExtraction):
            out.append(r)
            continue
        x = next(extracted)
        # keep no text in memory: the rdf stage needs the document's metadata only
        x.document = dataclasses.replace(r, text="")
        x.seconds += read_seconds
        out.append(x)
    return out


def _over_budget(document: Document, budget: Budget) -> DocExtraction:
    return DocExtraction(
        None,
        document.path,
        error=f"{Path(document.path).as_posix()}: extraction exceeded the time budget of "
        f"{budget.seconds:g} s per document",
        seconds=float(budget.seconds or 0),
    )


def _worker_init() -> None:
    load_gazetteer()


def _worker_died(item: InputFile) -> DocExtraction:
    name = Path(item.path).as_posix()
    return DocExtraction(None, item.path, error=f"{name}: {describe_death()}, twice")


def extract_paths(
    paths: Iterable[str | os.PathLike | InputFile],
    *,
    jobs: int = 1,
    batch_size: int = BATCH_SIZE,
    budget: Budget | None = None,
) -> Iterator[DocExtraction]:
    """Stream extractions of every input file, in path order, ``batch_size`` files at a
    time (per worker process when ``jobs`` > 1; see :mod:`citykg.runner` for deadlines
    and dead workers)."""
    items = list(paths)
    if not all(isinstance(p, InputFile) for p in items):
        items = plan_inputs(items)  # type: ignore[arg-type]
    files: list[InputFile] = items  # type: ignore[assignment]
    budget = budget or Budget()
    if jobs > 1:  # every worker gets a share of a small input too
        batch_size = max(1, min(batch_size, -(-len(files) // jobs)))
    batches = [files[i : i + batch_size] for i in range(0, len(files), batch_size)]
    if jobs <= 1 or len(batches) < 2:
        for batch in batches:
            yield from _extract_files(batch, budget)
        return
    if os.name == "posix":
        # loaded once before the fork, shared copy-on-write by every worker
        ctx = multiprocessing.get_context("fork")
        load_gazetteer()
        for lang in ("fr", "en"):
            # a missing model matters only to a worker that needs it (and says so)
            with contextlib.suppress(CityKGError):
                load_pipeline(lang)
    else:
        ctx = multiprocessing.get_context("spawn")
    work = functools.partial(_extract_files, budget=budget)
    # past this, a batch is stuck where no alarm reaches (native code): its worker is killed
    hard = None if budget.seconds is None else budget.seconds * (batch_size + 1) + budget.grace
    for extractions in run_in_pool(
        work,
        batches,
        jobs=jobs,
        on_death=_worker_died,
        context=ctx,
        initializer=_worker_init,
        hard_limit=hard,
    ):
        yield from extractions


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
) -> BuildResult:
    """Build the knowledge graph of ``paths`` and (unless ``out`` is None) write
    ``citykg.ttl``, ``citykg.trig``, ``index.html`` and ``report.json`` into ``out``,
    replacing the previous set at once (:mod:`citykg.outset`). A build in which no
    document succeeds raises :class:`NothingBuilt` and writes nothing.

    With ``cache`` (and an ``out``), extractions are kept in ``out/.citykg-cache/`` and a
    rebuild extracts only new or changed files (:mod:`citykg.cache`); the outputs are the
    same bytes either way. ``extractor`` replaces the local extraction (``jobs``) by
    another engine, e.g. :func:`citykg.distributed.dask_extractor`."""
    paths = list(paths)
    check_base(base)
    opts = _Options(base, min_confidence, jobs, reason, view, progress, budget, extractor)
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


def _build(
    paths: list,
    outset: OutputSet | None,
    opts: _Options,
    inputs: list[InputFile] | None,
    store: ExtractionCache | None,
) -> BuildResult:
    t0 = time.perf_counter()
    base, min_confidence, reason, view = opts.base, opts.min_confidence, opts.reason, opts.view
    clock = StageClock()
    if inputs is None:
        inputs = plan_inputs(paths, exclude=outset.out if outset is not None else None)
    extractor = opts.extractor or functools.partial(
        extract_paths, jobs=opts.jobs, budget=opts.budget
    )
    with clock("extract"):
        extractions = cached_extractions(
            inputs,
            extractor,
            store,
            budget=opts.budget or Budget(),
            progress=opts.progress,
            background=opts.extractor is None and opts.jobs <= 1 and os.name == "posix",
        )
    for x in extractions:
        _log_document(x)
    _check_extractions(paths, outset, extractions)
    ok = sum(1 for x in extractions if x.ok)
    log.info(
        "extract: %d document(s) from %d file(s), %d failed in %.2f s",
        ok,
        len(inputs),
        len(extractions) - ok,
        clock.seconds["extract"],
    )
    with clock("resolve"):
        resolved = resolve(extractions, min_confidence=min_confidence)
    log.info(
        "resolve: %d entities, %d relations at confidence >= %g in %.2f s",
        len(resolved.entities),
        len(resolved.relations),
        min_confidence,
        clock.seconds["resolve"],
    )
    documents = [x.document for x in extractions if x.ok and x.document is not None]
    if outset is not None and not reason:
        return _build_chunked(
            resolved, documents, extractions, outset, store, opts, clock, t0, paths
        )
    with clock("rdf"):
        triples = _all_triples(resolved, documents, base)
    result = BuildResult(triples, resolved, extractions)
    _finish_rdf(result, store, clock, paths)
    if reason:
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
            result.files = write_outputs(result, outset.stage, base=base, view=view)
        log.info(
            "write: %d file(s) for %s in %.2f s",
            len(result.files),
            outset.given,
            clock.seconds["files"],
        )
    result.seconds = time.perf_counter() - t0
    if outset is not None:
        _write_report(result, outset)
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


def _write_report(result: BuildResult, outset: OutputSet) -> None:
    final = {k: outset.given / v.name for k, v in result.files.items()}
    write_atomic(
        outset.stage / REPORT_NAME,
        json.dumps(report(result, files=final), indent=1, ensure_ascii=False) + "\n",
    )
    write_atomic(outset.stage / TIMINGS_NAME, json.dumps(timings(result), indent=1) + "\n")


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
) -> BuildResult:
    """The RDF stage and the files from per-document chunks (:mod:`citykg.chunks`): kept
    beside the extraction cache, or for a build without a cache in a temporary directory."""
    base = opts.base
    with contextlib.ExitStack() as stack:
        if store is not None:
            chunk_dir = store.dir / CHUNKS_NAME
        else:
            chunk_dir = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="citykg-")))
        with clock("rdf"):
            rc = build_chunks(resolved, documents, ChunkStore(chunk_dir), base=base)
        result = BuildResult(None, resolved, extractions, _counts=rc.counts)
        result._make_triples = functools.partial(_all_triples, resolved, documents, base)
        _finish_rdf(result, store, clock, paths)
        result.chunks = {"reused": len(rc.keys) - rc.built, "built": rc.built}
        log.info("rdf: %(reused)d chunk(s) reused, %(built)d built", result.chunks)
        with clock("files"):
            out = outset.stage
            out.mkdir(parents=True, exist_ok=True)
            files = {
                "turtle": write_atomic(out / TURTLE_NAME, turtle_pieces(rc)),
                "trig": write_atomic(out / TRIG_NAME, trig_pieces(rc)),
            }
            if opts.view:
                from .store import open_store

                files.update(_write_views(open_store(out), out))
            files["report"] = out / REPORT_NAME
            files["timings"] = out / TIMINGS_NAME
            result.files = files
    log.info("write: %d file(s) for %s in %.2f s", len(files), outset.given, clock.seconds["files"])
    result.seconds = time.perf_counter() - t0
    _write_report(result, outset)
    return result


def _log_document(x: DocExtraction) -> None:
    """At ``-vv``, what became of one document: its id, language and yield, or its error."""
    if x.ok and x.document is not None:
        d = x.document
        log.debug(
            "%s: document %s (%s): %d entities, %d relations in %.2f s",
            Path(x.path).as_posix(),
            d.doc_id,
            d.language,
            len(x.entities),
            len(x.relations),
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


def _write_views(store: Any, out: Path) -> dict[str, Path]:
    from .view import render_cooperation, render_view

    render_view(store, out / VIEW_NAME, title="citykg — city climate cooperation")
    return {
        "view": out / VIEW_NAME,
        "map": render_cooperation(store, out / "map.html", kind="map").path,
    }


def timings(result: BuildResult) -> dict:
    """How long the build and each document took: beside the report, never in it, so that
    the same inputs give the same ``report.json`` (it is committed in ``graphs/``)."""
    return {
        "seconds": round(result.seconds, 3),
        "stages": {k: round(v, 3) for k, v in result.stages.items()},
        "cache": result.cache,
        "chunks": result.chunks,
        "documents": [{"path": x.path, "seconds": round(x.seconds, 3)} for x in result.extractions],
    }


def report(result: BuildResult, files: dict[str, Path] | None = None) -> dict:
    """What was built, deterministic: the same inputs give the same report (no timings;
    they are in :func:`timings`)."""
    docs = []
    for x in result.extractions:
        row = {"path": x.path, "status": "ok" if x.ok else "error"}
        if x.ok and x.document is not None:
            row.update(
                doc_id=x.document.doc_id,
                language=x.document.language,
                title=x.document.title,
                entities=len(x.entities),
                relations=len(x.relations),
            )
        else:
            row["error"] = x.error
        docs.append(row)
    types: dict[str, int] = {}
    for e in result.resolved.entities.values():
        types[e.type] = types.get(e.type, 0) + 1
    preds: dict[str, int] = {}
    for r in result.resolved.relations:
        preds[r.predicate] = preds.get(r.predicate, 0) + 1
    return {
        "documents": docs,
        "ok": sum(1 for x in result.extractions if x.ok),
        "errors": sum(1 for x in result.extractions if not x.ok),
        "entities": dict(sorted(types.items())),
        "relations": dict(sorted(preds.items())),
        "triples": result.triple_count,
        "counts": dataclasses.asdict(result.counts),
        "files": {k: str(v) for k, v in sorted((files or result.files).items())},
        "skipped": result.skipped,
    }
