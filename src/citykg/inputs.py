"""Inputs of a build and their extraction: which files, in which order, with which budget,
read and extracted a batch at a time or by worker processes (see :mod:`citykg.runner` for
deadlines and dead workers). :mod:`citykg.pipeline` runs the stages after it.

spaCy and the extraction code are imported where a file is extracted, not here: planning
the inputs is what ``citykg build`` does first, before it knows whether anything needs
extracting (:func:`citykg.incremental.start_early`)."""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import logging
import multiprocessing
import os
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .errors import CityKGError
from .ingest import MAX_BYTES, iter_paths, read_documents, slugify
from .model import DocExtraction, Document
from .runner import DeadlineExceeded, deadline, describe_death, frozen_heap, run_in_pool

log = logging.getLogger(__name__)

#: Documents read and sent through spaCy together: large enough for spaCy's batching to
#: pay, small enough that the texts held at once do not matter.
BATCH_SIZE = 32
#: Default time budget of one document's extraction (normal pages take well under 1 s).
DOC_SECONDS = 120.0
#: Default size budget of one input file.
MAX_DOC_BYTES = MAX_BYTES


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
            outputs = _OutputDirs(root, exclude)
            rows = [r for r in rows if not outputs.holds(r[0])]
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


class _OutputDirs:
    """Whether a file under ``root`` lies in ``exclude`` or in another build's output
    directory (one with a report and a TriG), each directory looked at once: a corpus of
    thousands of files in a few directories costs a few checks, not thousands."""

    def __init__(self, root: Path, exclude: str | os.PathLike | None) -> None:
        self.root = root
        self.exclude: Path | None = None
        if exclude is not None:
            with contextlib.suppress(OSError, ValueError):
                self.exclude = Path(exclude).resolve()
        self._dirs: dict[Path, bool] = {}

    def holds(self, path: Path) -> bool:
        if self.exclude is not None and path.is_symlink():  # a link into the output
            with contextlib.suppress(OSError, ValueError):
                path.resolve().relative_to(self.exclude)
                return True
        return self._dir(path.parent)

    def _dir(self, parent: Path) -> bool:
        known = self._dirs.get(parent)
        if known is None:
            known = self._dirs[parent] = self._look(parent)
        return known

    def _look(self, parent: Path) -> bool:
        if self.exclude is not None:
            with contextlib.suppress(OSError, ValueError):
                parent.resolve().relative_to(self.exclude)
                return True
        from .graphio import REPORT_NAME, TRIG_NAME

        if (parent / REPORT_NAME).is_file() and (parent / TRIG_NAME).is_file():
            return True
        if parent == self.root or parent == parent.parent:
            return False
        return self._dir(parent.parent)


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
    from .extract import extract_many, load_pipeline
    from .extract.gazetteer import load_gazetteer

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
    from .extract.gazetteer import load_gazetteer

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
        from .extract import load_pipeline
        from .extract.gazetteer import load_gazetteer
        from .extract.rules.towns import small_towns

        ctx = multiprocessing.get_context("fork")
        load_gazetteer()
        small_towns()  # the small-towns table (seconds to read): once, not once per worker
        for lang in ("fr", "en"):
            # a missing model matters only to a worker that needs it (and says so)
            with contextlib.suppress(CityKGError):
                load_pipeline(lang)
    else:
        ctx = multiprocessing.get_context("spawn")
    work = functools.partial(_extract_files, budget=budget)
    # past this, a batch is stuck where no alarm reaches (native code): its worker is killed
    hard = None if budget.seconds is None else budget.seconds * (batch_size + 1) + budget.grace
    with frozen_heap():
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
