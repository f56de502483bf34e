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
import json
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset

from .errors import CityKGError
from .extract import extract_many, load_pipeline
from .extract.gazetteer import load_gazetteer
from .graphio import REPORT_NAME, TRIG_NAME, TURTLE_NAME, VIEW_NAME, write_atomic
from .ingest import iter_paths, read_documents, scan_paths, skipped_summary
from .model import DocExtraction, Document
from .rdf import GraphTriples, graph_iri, graph_triples, merged_turtle_chunks, trig_chunks
from .resolve import Resolved, resolve
from .vocab import DEFAULT_BASE

#: Documents read and sent through spaCy together: large enough for spaCy's batching to
#: pay, small enough that the texts held at once do not matter.
BATCH_SIZE = 32


@dataclass
class BuildResult:
    """What a build produced: its triples, the files and a per-document report."""

    triples: GraphTriples
    resolved: Resolved
    extractions: list[DocExtraction]
    files: dict[str, Path] = field(default_factory=dict)
    #: files found in input directories that citykg does not read (reported, not dropped)
    skipped: list[str] = field(default_factory=list)
    seconds: float = 0.0
    _dataset: Dataset | None = field(default=None, repr=False)

    @property
    def dataset(self) -> Dataset:
        """The build's RDF as an rdflib ``Dataset``, made on first use: writing the Turtle
        and TriG files does not need it, and it costs more than the rest of the RDF stage."""
        if self._dataset is None:
            self._dataset = self.triples.to_dataset()
        return self._dataset

    @property
    def triple_count(self) -> int:
        """``len(self.dataset)``: the distinct triples of all graphs."""
        return len(self.triples.merged())

    @property
    def errors(self) -> list[str]:
        return [x.error for x in self.extractions if x.error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(path: str) -> list[Document | DocExtraction]:
    """The documents of one file (a feed holds many), or its error record."""
    t0 = time.perf_counter()
    try:
        return list(read_documents(path))
    except CityKGError as exc:
        return [DocExtraction(None, path, error=str(exc), seconds=time.perf_counter() - t0)]


def _extract_files(files: list[str]) -> list[DocExtraction]:
    """Read and extract a batch of files, in order (unreadable files become error records)."""
    t0 = time.perf_counter()
    read = [r for f in files for r in _read(f)]
    documents = [r for r in read if isinstance(r, Document)]
    read_seconds = (time.perf_counter() - t0) / max(1, len(files))
    extracted = iter(extract_many(documents, batch_size=max(1, len(documents))))
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


def _worker_init() -> None:
    load_gazetteer()


def extract_paths(
    paths: Iterable[str | os.PathLike], *, jobs: int = 1, batch_size: int = BATCH_SIZE
) -> Iterator[DocExtraction]:
    """Stream extractions of every input file, in path order, ``batch_size`` files at a
    time (per worker process when ``jobs`` > 1)."""
    files = [str(p) for p in iter_paths(paths)]
    if jobs > 1:  # every worker gets a share of a small input too
        batch_size = max(1, min(batch_size, -(-len(files) // jobs)))
    batches = [files[i : i + batch_size] for i in range(0, len(files), batch_size)]
    if jobs <= 1 or len(batches) < 2:
        for batch in batches:
            yield from _extract_files(batch)
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
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        for extractions in pool.imap(_extract_files, batches):
            yield from extractions


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
) -> BuildResult:
    """Build the knowledge graph of ``paths`` and (unless ``out`` is None) write
    ``citykg.ttl``, ``citykg.trig``, ``index.html`` and ``report.json`` into ``out``."""
    t0 = time.perf_counter()
    paths = list(paths)
    extractions = []
    for x in extract_paths(paths, jobs=jobs):
        extractions.append(x)
        if progress is not None:
            progress(x)
    if not extractions:
        skipped = skipped_summary(scan_paths(paths).skipped)
        raise CityKGError(
            f"{', '.join(map(str, paths))}: no documents found"
            + (f" ({skipped})" if skipped else "")
        )
    resolved = resolve(extractions, min_confidence=min_confidence)
    documents = [x.document for x in extractions if x.ok and x.document is not None]
    triples = graph_triples(resolved, documents, base=base)
    from .export import describe_dataset

    description = describe_dataset(triples.merged(), base=base, sources=[d.path for d in documents])
    for t in description:
        triples.add(None, t)
    result = BuildResult(triples, resolved, extractions)
    result.skipped = [p.as_posix() for p in scan_paths(paths).skipped]
    if reason:
        from .validate import materialise

        inferred = materialise(result.dataset)
        iri = graph_iri(base, "inferred")
        g = result.dataset.graph(iri)
        for t in inferred:
            g.add(t)
            triples.add(iri, t)
    if out is not None:
        result.files = write_outputs(result, Path(out), base=base, view=view)
    result.seconds = time.perf_counter() - t0
    if out is not None:
        write_atomic(
            Path(out) / REPORT_NAME, json.dumps(report(result), indent=1, ensure_ascii=False) + "\n"
        )
    return result


def write_outputs(
    result: BuildResult, out: Path, *, base: str, view: bool = True
) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "turtle": write_atomic(out / TURTLE_NAME, merged_turtle_chunks(result.triples, base=base)),
        "trig": write_atomic(out / TRIG_NAME, trig_chunks(result.triples)),
    }
    if view:
        from .view import render_cooperation, render_view

        render_view(result.dataset, out / VIEW_NAME, title="citykg — city climate cooperation")
        files["view"] = out / VIEW_NAME
        files["map"] = render_cooperation(result.dataset, out / "map.html", kind="map").path
    files["report"] = out / REPORT_NAME
    return files


def report(result: BuildResult) -> dict:
    docs = []
    for x in result.extractions:
        row = {"path": x.path, "status": "ok" if x.ok else "error", "seconds": round(x.seconds, 3)}
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
        "seconds": round(result.seconds, 3),
        "files": {k: str(v) for k, v in sorted(result.files.items())},
        "skipped": result.skipped,
    }
