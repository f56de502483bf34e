"""A build's ``report.json`` (what was built, deterministic) and ``timings.json`` (how
long it took), apart from the pipeline that runs the stages."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import TYPE_CHECKING

from .graphio import REPORT_NAME, TIMINGS_NAME, write_atomic
from .spool import entity_count, relation_count

if TYPE_CHECKING:
    from .outset import OutputSet
    from .pipeline import BuildResult


def write_report(result: BuildResult, outset: OutputSet) -> None:
    """``report.json`` into the output set's stage, naming the files where they will be."""
    final = {k: outset.given / v.name for k, v in result.files.items()}
    write_atomic(
        outset.stage / REPORT_NAME,
        json.dumps(report(result, files=final), indent=1, ensure_ascii=False) + "\n",
    )


def write_timings(result: BuildResult, outset: OutputSet) -> None:
    write_atomic(outset.stage / TIMINGS_NAME, json.dumps(timings(result), indent=1) + "\n")


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
                entities=entity_count(x),
                relations=relation_count(x),
            )
        else:
            row["error"] = x.error
        docs.append(row)
    types: dict[str, int] = {}
    for e in result.resolved.entities.values():
        types[e.type] = types.get(e.type, 0) + 1
    preds = result.resolved.predicate_counts()
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
