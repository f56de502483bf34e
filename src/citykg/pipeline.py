"""``citykg build``: ingest → extract → resolve → rdf → files, streaming and fault-tolerant.

Documents are read and extracted one at a time (or by ``jobs`` worker processes) and only
their extractions — never all texts and spaCy docs — are kept, so memory grows with the
size of the graph, not of the corpus. A document that cannot be read or extracted is
reported by name and reason; the others still build. Every output file is written
atomically.
"""

from __future__ import annotations

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
from .extract import extract_many
from .extract.gazetteer import load_gazetteer
from .graphio import REPORT_NAME, TRIG_NAME, TURTLE_NAME, VIEW_NAME, write_atomic
from .ingest import iter_paths, read_document
from .model import DocExtraction
from .rdf import build_dataset, graph_iri, merged_graph, to_trig, to_turtle
from .resolve import Resolved, resolve
from .vocab import DEFAULT_BASE, bind_prefixes


@dataclass
class BuildResult:
    """What a build produced: the dataset, the files and a per-document report."""

    dataset: Dataset
    resolved: Resolved
    extractions: list[DocExtraction]
    files: dict[str, Path] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def errors(self) -> list[str]:
        return [x.error for x in self.extractions if x.error]

    @property
    def ok(self) -> bool:
        return not self.errors


def _extract_path(path: str) -> DocExtraction:
    t0 = time.perf_counter()
    try:
        document = read_document(path)
    except CityKGError as exc:
        return DocExtraction(None, path, error=str(exc), seconds=time.perf_counter() - t0)
    result = next(extract_many([document]))
    # keep no text in memory: the rdf stage needs the document's metadata only
    result.document = dataclasses.replace(document, text="")
    return result


def _worker_init() -> None:
    load_gazetteer()


def extract_paths(paths: Iterable[str | os.PathLike], *, jobs: int = 1) -> Iterator[DocExtraction]:
    """Stream extractions of every input file, in path order."""
    files = [str(p) for p in iter_paths(paths)]
    if jobs <= 1 or len(files) < 2:
        for f in files:
            yield _extract_path(f)
        return
    ctx = multiprocessing.get_context("spawn" if os.name != "posix" else "fork")
    with ctx.Pool(jobs, initializer=_worker_init) as pool:
        yield from pool.imap(_extract_path, files, chunksize=4)


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
    ds = build_dataset(resolved, documents, base=base)
    from .export import describe_dataset

    description = describe_dataset(ds, base=base, sources=[d.path for d in documents])
    for t in description:
        ds.default_context.add(t)
    if reason:
        from .validate import materialise

        inferred = materialise(ds)
        g = ds.graph(graph_iri(base, "inferred"))
        for t in inferred:
            g.add(t)
    result = BuildResult(ds, resolved, extractions)
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
    merged = merged_graph(result.dataset)
    bind_prefixes(merged, base)
    files = {
        "turtle": write_atomic(out / TURTLE_NAME, to_turtle(merged)),
        "trig": write_atomic(out / TRIG_NAME, to_trig(result.dataset)),
    }
    if view:
        from .view import render_view

        render_view(result.dataset, out / VIEW_NAME, title="citykg — city climate cooperation")
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
        "triples": len(result.dataset),
        "seconds": round(result.seconds, 3),
        "files": {k: str(v) for k, v in sorted(result.files.items())},
    }
