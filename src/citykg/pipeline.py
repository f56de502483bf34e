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
from typing import Any

from .errors import CityKGError
from .extract import extract_many, load_pipeline
from .extract.gazetteer import load_gazetteer
from .graphio import REPORT_NAME, TRIG_NAME, TURTLE_NAME, VIEW_NAME, write_atomic
from .ingest import iter_paths, read_document
from .model import DocExtraction, Document
from .netgraph import GraphCounts, graph_counts
from .rdf import GraphTriples, graph_iri, graph_triples, merged_turtle, to_trig
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
    seconds: float = 0.0
    _dataset: Any = field(default=None, repr=False)

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
        return graph_counts(self.triples)

    @property
    def triple_count(self) -> int:
        """The distinct triples of all graphs (those of ``citykg.ttl``)."""
        return len(self.triples.merged())

    @property
    def errors(self) -> list[str]:
        return [x.error for x in self.extractions if x.error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _read(path: str) -> Document | DocExtraction:
    t0 = time.perf_counter()
    try:
        return read_document(path)
    except CityKGError as exc:
        return DocExtraction(None, path, error=str(exc), seconds=time.perf_counter() - t0)


def _extract_files(files: list[str]) -> list[DocExtraction]:
    """Read and extract a batch of files, in order (unreadable files become error records)."""
    t0 = time.perf_counter()
    read = [_read(f) for f in files]
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
        raise CityKGError(f"{', '.join(map(str, paths))}: no .txt, .md or .html documents found")
    resolved = resolve(extractions, min_confidence=min_confidence)
    documents = [x.document for x in extractions if x.ok and x.document is not None]
    triples = graph_triples(resolved, documents, base=base)
    from .export import describe_dataset

    description = describe_dataset(triples, base=base, sources=[d.path for d in documents])
    for t in description:
        triples.add(None, t)
    result = BuildResult(triples, resolved, extractions)
    if reason:
        from .rdflib_bridge import to_ox
        from .validate import materialise

        inferred = materialise(result.dataset)  # owlready2 needs rdflib: converted once
        iri = graph_iri(base, "inferred")
        triples.graph(iri)
        for s, p, o in inferred:
            triples.add(iri, (to_ox(s), to_ox(p), to_ox(o)))
        result._dataset = None
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
        "turtle": write_atomic(out / TURTLE_NAME, merged_turtle(result.triples, base=base)),
        "trig": write_atomic(out / TRIG_NAME, to_trig(result.triples)),
    }
    if view:
        from .view import render_view

        # the view reads the build's own Oxigraph terms: no file is parsed again
        render_view(
            result.triples.to_store(), out / VIEW_NAME, title="citykg — city climate cooperation"
        )
        files["view"] = out / VIEW_NAME
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
        "counts": dataclasses.asdict(result.counts),
        "seconds": round(result.seconds, 3),
        "files": {k: str(v) for k, v in sorted(result.files.items())},
    }
