"""Extraction on dask.distributed, for corpora beyond one machine's cores.

Only extraction is distributed: it is where the time goes, and it is per document. The
client reads the files (so workers need no access to the inputs, only citykg installed),
sends the documents in batches, and gets back extractions; the global stages (resolution,
RDF, files) then run on the client exactly as in a local build, over the extractions in
input order — hence the same bytes as a local build.

Each worker loads the gazetteer and the spaCy pipelines once, when it joins (a
``WorkerPlugin``), never per task. A worker that dies mid-batch costs that batch a retry
on another worker (the scheduler reassigns it); a batch that keeps killing workers ends
as error records naming its files, and the build goes on. At most a few batches per
worker are in flight, taken as they finish (the next goes to the worker that is free),
so the client never holds the whole corpus's texts.

The per-document time budget (``SIGALRM``) cannot reach Dask's worker threads; a stuck
batch is bounded by the size budget only.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator

from .errors import CityKGError
from .model import DocExtraction, Document

#: Batches in flight per worker: enough to keep it busy while results travel back.
IN_FLIGHT = 2
#: Batches done ahead of one still running that the client holds (as ``--jobs`` does,
#: results are taken as they finish and given in input order), per batch in flight.
AHEAD = 4
#: Documents per task: the batch ``--jobs`` workers run (spaCy's NER is faster on a
#: batch, and each task costs a round trip through the scheduler).
BATCH = 32
#: Settings of a ``local:N`` cluster. Dask's statistical profiler samples every worker
#: thread's stack every 10 ms, and its periodic health checks wake every process's event
#: loop 10 to 50 times a second (loop latency, system and memory monitors): on a
#: CPU-bound extraction on as many cores as workers, that is CPU and GIL time taken from
#: the documents (about a tenth of a worker's CPU), for a dashboard a local build does
#: not show. The memory monitor still runs, every second, and the scheduler's active
#: memory manager has nothing to move (no task results stay on the workers).
LOCAL_CONFIG = {
    "distributed.worker.profile.enabled": False,
    "distributed.admin.tick.interval": "500ms",
    "distributed.admin.system-monitor.interval": "5s",
    "distributed.worker.memory.monitor-interval": "1s",
    "distributed.scheduler.active-memory-manager.start": False,
    # every task is one batch of one worker's size: nothing to balance, and the stealing
    # extension wakes the scheduler (on the client's cores) every interval to look
    "distributed.scheduler.work-stealing": False,
}


def _load_everything() -> None:
    from .extract import load_pipeline
    from .extract.gazetteer import load_gazetteer

    load_gazetteer()
    for lang in ("fr", "en"):
        with contextlib.suppress(CityKGError):  # reported per document when needed
            load_pipeline(lang)


def _plugin():
    from distributed.diagnostics.plugin import WorkerPlugin

    class LoadModels(WorkerPlugin):
        """Load spaCy and the gazetteer once per worker process."""

        name = "citykg-load-models"

        def setup(self, worker) -> None:
            _load_everything()

    return LoadModels()


def extract_files(files: list, budget) -> list[DocExtraction]:
    """A ``local:N`` worker's task: read and extract a batch of files, as a ``--jobs``
    worker does (the client sends paths, not texts, and reads nothing itself)."""
    from .inputs import _extract_files

    return _extract_files(files, budget)


def extract_documents(documents: list[Document]) -> list[DocExtraction]:
    """A worker's task: extract a batch; the texts do not travel back."""
    from .extract import extract_many

    _load_everything()  # already loaded by the plugin: a cache lookup
    out = []
    for doc, x in zip(documents, extract_many(documents, batch_size=len(documents)), strict=True):
        x.document = dataclasses.replace(doc, text="")
        out.append(x)
    return out


class DaskExtractor:
    """An extraction engine (see :data:`citykg.incremental.Extractor`) on a Dask cluster."""

    def __init__(self, scheduler: str, *, budget=None, batch_size: int = BATCH) -> None:
        try:
            import distributed  # noqa: F401
        except ImportError:  # pragma: no cover - a dependency
            raise CityKGError("--scheduler: dask.distributed is not installed") from None
        self.cluster = None
        self._client = None
        self._local = 0
        self.budget = budget
        self.batch_size = batch_size
        try:
            if scheduler.startswith("local:"):
                self._local = int(scheduler.split(":", 1)[1])
                if self._local < 1:
                    raise ValueError
            elif scheduler.startswith("tcp://"):
                self._connect(scheduler)
            else:
                raise ValueError
        except ValueError:
            self.close()
            raise CityKGError(
                f"--scheduler {scheduler!r}: expected tcp://HOST:PORT or local:N"
            ) from None
        except OSError as exc:
            self.close()
            raise CityKGError(
                f"--scheduler {scheduler}: cannot reach the scheduler ({exc})"
            ) from None

    def _connect(self, address) -> None:
        from distributed import Client

        self._client = Client(address, timeout=30)
        self._client.register_plugin(_plugin())

    @property
    def client(self):
        """The Dask client; a ``local:N`` cluster is started on first use, so a rebuild
        whose files all hit the cache starts no cluster and loads no model."""
        if self._client is None and self._local:
            self._start_local(self._local)
        return self._client

    def _start_local(self, n: int) -> None:
        """Start ``n`` local workers. On posix they are forked after the models are loaded
        here once, like ``--jobs`` (copy-on-write): spawned workers would each import
        spaCy and load the model again, the fixed cost that dominated small builds."""
        import dask
        from distributed import LocalCluster

        from .runner import frozen_heap

        method = "spawn"
        if os.name == "posix":
            _load_everything()
            method = "fork"
        settings = {**LOCAL_CONFIG, "distributed.worker.multiprocessing-method": method}
        with dask.config.set(settings), frozen_heap():  # the workers fork in here
            self.cluster = LocalCluster(
                n_workers=n,
                threads_per_worker=1,
                processes=True,
                host="127.0.0.1",
                dashboard_address=None,
            )
        self._connect(self.cluster)

    def workers(self) -> int:
        return max(1, len(self.client.scheduler_info().get("workers", {})))

    def __call__(self, items: list) -> Iterator[DocExtraction]:
        """Every item's extraction, in input order. Batches are taken as they finish (a
        worker gets the next one at once, whichever batch is oldest), as ``--jobs`` does;
        those done ahead of an older one wait here, :data:`AHEAD` per batch in flight."""
        from distributed import as_completed

        from .inputs import Budget, _read

        budget = self.budget or Budget()
        batches = [items[i : i + self.batch_size] for i in range(0, len(items), self.batch_size)]
        limit = IN_FLIGHT * self.workers()
        todo = iter(enumerate(batches))
        running: dict = {}  # future -> (batch index, its records)
        done: dict[int, list[DocExtraction]] = {}
        finished = as_completed()
        next_out = 0

        def submit() -> None:
            while len(running) < limit and len(done) < AHEAD * limit:
                item = next(todo, None)
                if item is None:
                    return
                records, future = self._submit(item[1], budget, _read)
                running[future] = (item[0], records)
                finished.add(future)

        submit()
        for future in finished:
            index, records = running.pop(future)
            done[index] = list(self._collect(records, future))
            while next_out in done:
                yield from done.pop(next_out)
                next_out += 1
            submit()

    def _submit(self, batch: list, budget, read) -> tuple:
        """A batch's task. Local workers see the files: they read them (the client then
        spends its core on nothing but the build); remote ones get the documents."""
        if self.cluster is not None:
            future = self.client.submit(extract_files, batch, budget, pure=False, retries=1)
            return batch, future
        records = [r for item in batch for r in read(item, budget)]
        documents = [r for r in records if isinstance(r, Document)]
        future = self.client.submit(extract_documents, documents, pure=False, retries=1)
        return records, future

    def _collect(self, records: list, future) -> Iterator[DocExtraction]:
        """A batch's extractions in order; if it failed, an error record per document
        (per file for a local batch, whose documents the client never read)."""
        try:
            extracted = iter(future.result())
        except Exception as exc:  # KilledWorker and the like: this batch only
            why = f"{type(exc).__name__}: {exc}".splitlines()[0]
            failed = [r for r in records if not isinstance(r, DocExtraction)]
            extracted = iter(
                DocExtraction(None, r.path, error=f"{r.path}: extraction failed on Dask ({why})")
                for r in failed
            )
            records = failed if self.cluster is not None else records
        if self.cluster is not None:
            yield from extracted
            return
        for r in records:
            yield r if isinstance(r, DocExtraction) else next(extracted)

    def close(self) -> None:
        with contextlib.suppress(Exception):
            if getattr(self, "_client", None) is not None:
                self._client.close()
        with contextlib.suppress(Exception):
            if self.cluster is not None:
                self.cluster.close()


def dask_extractor(scheduler: str, *, budget=None) -> DaskExtractor:
    """Connect to ``tcp://HOST:PORT`` or start ``local:N``; ``close()`` when done."""
    return DaskExtractor(scheduler, budget=budget)
