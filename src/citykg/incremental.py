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
import functools
import logging
import multiprocessing
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .cache import ExtractionCache, cache_dir, entry_key, file_sha
from .model import DocExtraction

if TYPE_CHECKING:  # imported by the build's stages; a rebuild forks before they are
    from .spool import Spool

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


def warm_start(out: str | os.PathLike) -> _Background | None:
    """For ``citykg build`` before it plans its inputs, when ``out`` holds a cache (a
    rebuild): fork the process that will extract the changed files, so that it imports
    spaCy while this one walks and hashes the inputs (on two cores, the start of a
    rebuild's longest path); :func:`start_early` gives it the files or stops it. None
    where there is no cache or no fork."""
    if os.name != "posix" or not cache_dir(out).is_dir():
        return None
    return _Background(None, None)


def start_early(
    inputs: list, out: str | os.PathLike, budget, warm: _Background | None = None
) -> _Background | None:
    """For ``citykg build`` before it imports the global stages: when a rebuild has only
    a few files to extract, start extracting them in a forked process now (``warm``, from
    :func:`warm_start`, when given: it has been importing spaCy meanwhile), so that the
    model loads while this process imports rdflib and Oxigraph, plans and reads the cache
    (:func:`cached_extractions` takes it over with ``early``). None otherwise (``warm``
    stopped)."""
    from .inputs import extract_paths

    early = None
    store = ExtractionCache(cache_dir(out))
    if os.name == "posix" and store.dir.is_dir():
        absent = _absent(inputs, store, budget.max_bytes)[1]
        if 0 < len(absent) <= BACKGROUND_MAX and len(absent) < len(inputs):
            extractor = functools.partial(extract_paths, budget=budget)
            items = [inputs[i] for i in absent]
            early = warm.give(extractor, items) if warm is not None else None
            if early is not None:
                log.info("extracting %d file(s) in the process started warm", len(items))
            early = early or _Background(extractor, items)
    if warm is not None and early is not warm:
        warm.close()
    return early


def _absent(inputs: list, store: ExtractionCache, max_bytes: int) -> tuple[list, list[int]]:
    keys = [_key(item, max_bytes) for item in inputs]
    return keys, [i for i, k in enumerate(keys) if k is None or not store.has(k)]


def cached_extractions(
    inputs: list,
    extractor: Extractor,
    store: ExtractionCache | None,
    *,
    budget,
    progress: Callable[[DocExtraction], None] | None = None,
    background: bool = False,
    early: _Background | None = None,
    spool: Spool | None = None,
    meanwhile: Callable[[], None] | None = None,
) -> list[DocExtraction]:
    """Every input file's extractions, in order, extracting only the cache's misses
    (a few of them in a forked process while the hits are read, with ``background``;
    ``early``: that process, started by :func:`start_early`). With a ``spool``, what is
    held until the end is compact records, the extractions on disk
    (:class:`citykg.spool.Spool`; a hit's line is copied from its entry as it is); ``meanwhile``
    is run while a forked process extracts (what the next stages can read ahead)."""
    hold = spool.keep if spool is not None else (lambda group: group)
    slots: list[list[DocExtraction] | None] = [None] * len(inputs)
    keys: list[str | None] = [None] * len(inputs)
    absent: list[int] = []
    if store is not None:
        keys, absent = _absent(inputs, store, budget.max_bytes)
    if early is not None and (store is None or early.paths != [inputs[i].path for i in absent]):
        early.close()  # the inputs changed since it started: not this build's work
        early = None
    if store is not None:
        few = 0 < len(absent) <= BACKGROUND_MAX and len(absent) < len(inputs)
        if background and early is None and few:
            early = _Background(extractor, [inputs[i] for i in absent])
        for i, key in enumerate(keys):
            if key is not None:
                slots[i] = _hit(store, key, spool)
        log.info("cache: %d hit(s), %d miss(es) in %s", store.hits, store.misses, store.dir)
    misses = [i for i, slot in enumerate(slots) if slot is None]
    start = getattr(progress, "start", None)
    if start is not None:
        start(len(misses))
    if early is not None:
        # the global stages need the gazetteer: loaded here while the other process works
        from .extract.gazetteer import load_gazetteer

        load_gazetteer()
        if meanwhile is not None:
            meanwhile()
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


def _hit(store: ExtractionCache, key: str, spool: Spool | None) -> list[DocExtraction] | None:
    """A file's extractions from the cache (as spooled records with a ``spool``)."""
    if spool is None:
        return store.get(key)
    found = store.records(key)
    if found is None:
        return None
    return [spool.keep_row(x, line, counts) for x, line, counts in found]


def _run_and_send(extractor: Extractor | None, items: list | None, conn: Any, orders) -> None:
    """The forked process: extract ``items``, or (``None``: a warm start) import spaCy and
    the gazetteer, then extract what ``orders`` sends (nothing, if it sends None)."""
    try:
        if items is None:
            order_conn, parent_end = orders
            parent_end.close()  # its copy here: the parent gone, the recv below ends
            from .extract import nlp  # noqa: F401  (spaCy: most of what it waits for)
            from .extract.gazetteer import load_gazetteer

            load_gazetteer()
            try:
                extractor, items = order_conn.recv()
            except (EOFError, OSError):
                return
            finally:
                order_conn.close()
            if items is None:
                return
        conn.send(("ok", list(extractor(items))))  # type: ignore[misc]
    except BaseException as exc:  # reported by the parent, which extracts in process
        conn.send(("error", f"{type(exc).__name__}: {exc}"))
    finally:
        conn.close()


class _Background:
    """An extraction running in one forked process (posix); its result or, if that process
    failed or died, None (the caller then extracts in process). ``close()`` stops it
    (a build refused after it started, e.g. by another build's lock). Made without
    ``items`` (a warm start), it imports spaCy and waits for :meth:`give`."""

    def __init__(self, extractor: Extractor | None, items: list | None) -> None:
        ctx = multiprocessing.get_context("fork")
        self.paths = None if items is None else [item.path for item in items]
        self._conn, child = ctx.Pipe(duplex=False)
        self._orders = None
        orders = None
        if items is None:
            order_conn, self._orders = ctx.Pipe(duplex=False)
            orders = (order_conn, self._orders)
        self._proc = ctx.Process(target=_run_and_send, args=(extractor, items, child, orders))
        self._proc.daemon = True
        self._proc.start()
        child.close()
        if orders is not None:
            order_conn.close()

    def give(self, extractor: Extractor, items: list) -> _Background | None:
        """Hand a warm start its files (itself), or None if it cannot take them."""
        if self._orders is None or self.paths is not None:
            return None
        try:
            self._orders.send((extractor, items))
        except (OSError, ValueError):
            return None
        self.paths = [item.path for item in items]
        return self

    def result(self) -> list[DocExtraction] | None:
        try:
            status, value = self._conn.recv()
        except (EOFError, OSError) as exc:  # the process died before it sent anything
            status, value = "error", f"the extracting process died ({exc or 'no result'})"
        finally:
            self.close()
        if status != "ok":
            log.warning("background extraction failed (%s); extracting in process", value)
            return None
        return value

    def close(self) -> None:
        if self._orders is not None:
            with contextlib.suppress(OSError):
                self._orders.close()  # a warm start given nothing: its recv ends, it exits
        if self._proc.is_alive():
            self._proc.terminate()
        self._proc.join()
        self._conn.close()


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
