"""Which files a build must extract, and the extractions of all of them in input order.

A build's extraction step is: look every input file up in the cache (by its bytes, path,
document id and the pipeline fingerprint, :mod:`citykg.cache`), send only the misses to
the extraction engine (local processes or Dask), store what comes back, and hand the
global stages every file's extractions in input order — the same list, in the same
order, as a build without a cache, which is what makes the outputs the same bytes. A file
no longer among the inputs is simply not looked up, so its document leaves the graph;
its entry is pruned.

Nothing here loads spaCy: when every file hits, no model is loaded at all.
While a few misses are extracted in a forked process, this one reads the hits and loads the
gazetteer (which resolution needs next).
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Protocol

from .cache import ExtractionCache, entry_key, file_sha
from .model import DocExtraction

log = logging.getLogger("citykg.build")


class _Input(Protocol):
    path: str
    doc_id: str


#: An extraction engine: input files in, their extractions out, in input order.
Extractor = Callable[[list], Iterable[DocExtraction]]


class StageClock:
    """``with clock("resolve"): …`` adds the block's wall time to ``clock.seconds`` (the
    pipeline logs each stage's counts with it at ``-v``)."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}

    @contextlib.contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            took = time.perf_counter() - t0
            self.seconds[stage] = self.seconds.get(stage, 0.0) + took


#: A rebuild with at most this many new or changed files extracts them in a forked process
#: while this one reads the cache's hits: loading the gazetteer and the French model for a
#: few files then overlaps reading thousands of entries (on two cores, most of a rebuild).
#: More misses than this: a full build, extracted as usual with its progress bar.
BACKGROUND_MAX = 64


def cached_extractions(
    inputs: list,
    extractor: Extractor,
    store: ExtractionCache | None,
    *,
    budget,
    progress: Callable[[DocExtraction], None] | None = None,
    background: bool = False,
    keep: Callable[[list[DocExtraction]], list[DocExtraction]] | None = None,
) -> list[DocExtraction]:
    """Every input file's extractions, in order, extracting only the cache's misses
    (a few of them in a forked process while the hits are read, with ``background``).
    ``keep`` turns each file's extractions, once stored, into what is held until the end
    (:class:`citykg.spool.Spool`: compact records, the extractions on disk)."""
    hold = keep or (lambda group: group)
    slots: list[list[DocExtraction] | None] = [None] * len(inputs)
    keys: list[str | None] = [None] * len(inputs)
    early: _Background | None = None
    absent: list[int] = []
    if store is not None:
        keys = [_key(item, budget.max_bytes) for item in inputs]
        absent = [i for i, k in enumerate(keys) if k is None or not store.has(k)]
        if background and 0 < len(absent) <= BACKGROUND_MAX and len(absent) < len(inputs):
            early = _Background(extractor, [inputs[i] for i in absent])
        for i, key in enumerate(keys):
            if key is not None:
                found = store.get(key)
                slots[i] = None if found is None else hold(found)
        log.info("cache: %d hit(s), %d miss(es) in %s", store.hits, store.misses, store.dir)
    misses = [i for i, slot in enumerate(slots) if slot is None]
    start = getattr(progress, "start", None)
    if start is not None:
        start(len(misses))
    if early is not None:
        # the global stages need the gazetteer: loaded here while the other process works
        from .extract.gazetteer import load_gazetteer

        load_gazetteer()
        done = early.result()
        if done is not None:
            items = [inputs[i] for i in absent]
            for i, group in _grouped(items, absent, lambda _: done, progress=progress):
                if keys[i] is not None:
                    store.put(keys[i], group)  # type: ignore[union-attr]
                slots[i] = hold(group)
        misses = [i for i, slot in enumerate(slots) if slot is None]  # corrupt entries
    if misses:
        for i, group in _grouped([inputs[i] for i in misses], misses, extractor, progress=progress):
            if store is not None and keys[i] is not None:
                store.put(keys[i], group)
            slots[i] = hold(group)
    if store is not None:
        store.prune({k for k in keys if k is not None})
    return [x for slot in slots for x in (slot or [])]


def _extract_list(extractor: Extractor, items: list) -> list[DocExtraction]:
    return list(extractor(items))


class _Background:
    """An extraction running in one forked process (posix); its result or, if that process
    failed or died, None (the caller then extracts in process)."""

    def __init__(self, extractor: Extractor, items: list) -> None:
        self.pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork"))
        self.future = self.pool.submit(_extract_list, extractor, items)

    def result(self) -> list[DocExtraction] | None:
        try:
            return self.future.result()
        except Exception as exc:  # a dead or failed process: extract here instead
            log.warning("background extraction failed (%s); extracting in process", exc)
            return None
        finally:
            self.pool.shutdown(cancel_futures=True)


def _key(item: _Input, max_bytes: int) -> str | None:
    """The entry key of an input file; None for a file the build will refuse anyway."""
    with contextlib.suppress(OSError):
        if os.stat(item.path).st_size > max_bytes:
            return None
    sha = file_sha(item.path)
    return None if sha is None else entry_key(sha, item.path, item.doc_id)


def _grouped(
    items: list, indices: list[int], extractor: Extractor, *, progress
) -> Iterator[tuple[int, list[DocExtraction]]]:
    """The extractor's stream cut back into one list per input file (a feed gives many
    extractions, an unreadable file one error record), matched by the file's path."""
    pending = iter(zip(indices, items, strict=True))
    current, item = next(pending)
    group: list[DocExtraction] = []
    for x in extractor(items):
        if progress is not None:
            progress(x)
        while _same(x.path) != _same(item.path):
            yield current, group
            group = []
            current, item = next(pending)
        group.append(x)
    yield current, group
    for current, _item in pending:
        yield current, []


def _same(path: str) -> str:
    return Path(path).as_posix()
