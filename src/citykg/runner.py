"""Running extraction batches so that no document can hang or kill the build.

Two failures are not exceptions a ``try`` can catch: a document whose extraction never ends
(a pathological text for some rule) and a worker process that dies (the kernel's OOM
killer, a segfault in native code). Each is handled here, by mechanism:

- **Time budget.** Every batch runs under a deadline (``SIGALRM`` in the process that runs
  it, which interrupts Python code and the ``re`` engine alike). A batch over the deadline
  is split and each of its documents runs alone under the same deadline: only a document
  that is over budget *on its own* fails, with an error that names the budget.
- **Dead workers.** With ``jobs`` > 1, batches go to a ``ProcessPoolExecutor``, which,
  unlike ``multiprocessing.Pool``, notices a worker that died (``BrokenProcessPool``)
  instead of waiting for it forever. Each worker marks the batch it starts in shared
  memory, so after a death only the batches that were running are suspects; batches that
  merely had not started yet are resubmitted as they are. A suspect is retried once alone;
  if its worker dies again, its documents are run one per process, and a document that
  still kills its worker is reported failed by name.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FuturesTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")


class DeadlineExceeded(BaseException):
    """Raised inside a batch whose time budget ran out. A ``BaseException``, like
    ``KeyboardInterrupt``: the extraction's ``except Exception`` (one bad document must
    not stop the others) must not swallow it."""


@contextlib.contextmanager
def deadline(seconds: float | None) -> Iterator[None]:
    """Raise :class:`DeadlineExceeded` in this block after ``seconds`` of wall time.

    Only the main thread of a process can receive signals; elsewhere (a notebook running
    the build in a thread) the block runs without a deadline rather than failing."""
    usable = (
        seconds is not None
        and seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
    )
    if not usable:
        yield
        return

    def on_alarm(signum: int, frame: Any) -> None:
        raise DeadlineExceeded()

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, float(seconds))
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextlib.contextmanager
def frozen_heap() -> Iterator[None]:
    """Hold what this process has loaded (spaCy's pipelines, the gazetteer) out of the
    garbage collector while worker processes are forked from it.

    A forked worker shares those objects copy-on-write, but a full collection in it walks
    them all: it copies every page they sit on and spends, per collection, about a third
    of a second on a heap that never becomes garbage. Frozen objects are not walked, in
    the workers forked meanwhile as in this process; they are unfrozen on the way out,
    so whatever became garbage here can still be collected."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


# --------------------------------------------------------------------------- worker pool

#: Shared memory set in the parent before the fork: when each batch started (0: not yet)
#: and in which worker, so the parent knows the suspects of a death and whom to stop.
_STARTED: Any = None
_PIDS: Any = None


def _mark_and_run(index: int, func: Callable[[T], R], item: T) -> R:
    if _STARTED is not None:
        _PIDS[index] = os.getpid()
        _STARTED[index] = time.monotonic()  # CLOCK_MONOTONIC: one clock for all processes
    return func(item)


def _fresh_marks(ctx: Any, n: int) -> None:
    global _STARTED, _PIDS
    _STARTED = ctx.Array("d", n, lock=False)
    _PIDS = ctx.Array("i", n, lock=False)


def _stop_overdue(indexes: Iterator[int] | list[int], limit: float | None) -> None:
    """Kill the worker of a batch that has run past ``limit``: native code stuck where no
    signal reaches it; the pool then breaks and the batch is handled as a death."""
    if limit is None or _STARTED is None:
        return
    now = time.monotonic()
    for i in indexes:
        if _STARTED[i] and now - _STARTED[i] > limit and _PIDS[i]:
            with contextlib.suppress(OSError):
                os.kill(_PIDS[i], signal.SIGKILL)


def run_in_pool(
    func: Callable[[list[T]], list[R]],
    batches: Sequence[list[T]],
    *,
    jobs: int,
    on_death: Callable[[T], R],
    context: Any = None,
    initializer: Callable[[], None] | None = None,
    hard_limit: float | None = None,
) -> Iterator[list[R]]:
    """``func(batch)`` for every batch in ``jobs`` worker processes, results in batch order.

    ``on_death(item)`` is the result of an item whose worker died on it twice (alone). A
    batch running longer than ``hard_limit`` seconds has its worker killed (a death).
    Results are yielded as soon as every earlier batch is done, so the caller streams."""
    ctx = context or multiprocessing.get_context()
    forked = ctx.get_start_method() == "fork"
    done: dict[int, list[R]] = {}
    pending = list(range(len(batches)))
    next_out = 0
    while pending:
        _fresh_marks(ctx, len(batches))
        broken = False
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=initializer) as pool:
            futures: dict[Future, int] = {
                pool.submit(_mark_and_run, i, func, batches[i]): i for i in pending
            }
            waiting = set(futures)
            while waiting and not broken:
                finished, waiting = wait(waiting, timeout=1.0, return_when=FIRST_COMPLETED)
                for fut in finished:
                    i = futures.pop(fut)  # a finished future holds its result: not kept
                    try:
                        done[i] = fut.result()
                    except BrokenProcessPool:
                        broken = True
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                _stop_overdue([futures[f] for f in waiting], hard_limit)
        started = list(_STARTED) if forked else [1.0] * len(batches)
        if not broken:
            break
        left = [i for i in pending if i not in done and i >= next_out]
        suspects = [i for i in left if started[i]]
        pending = [i for i in left if not started[i]]
        for i in suspects:
            done[i] = _retry_alone(func, batches[i], ctx, initializer, on_death, hard_limit)
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
    while next_out in done:
        yield done.pop(next_out)
        next_out += 1


def _run_alone(
    func: Callable[[list[T]], list[R]], batch: list[T], ctx: Any, init: Any, limit: float | None
) -> Any:
    """``func(batch)`` in a fresh single worker; ``None`` if that worker died (or was
    stopped past ``limit``)."""
    _fresh_marks(ctx, 1)
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=init) as pool:
        future = pool.submit(_mark_and_run, 0, func, batch)
        while True:
            try:
                return future.result(timeout=1.0)
            except BrokenProcessPool:
                return None
            except FuturesTimeout:
                _stop_overdue([0], limit)


def _retry_alone(
    func: Callable[[list[T]], list[R]],
    batch: list[T],
    ctx: Any,
    init: Any,
    on_death: Callable[[T], R],
    limit: float | None = None,
) -> list[R]:
    """The one retry of a batch that was running when a worker died; then, if it dies
    again, each of its items alone, so only the item at fault is lost."""
    result = _run_alone(func, batch, ctx, init, limit)
    if result is not None:
        return result
    out: list[R] = []
    for item in batch:
        one = _run_alone(func, [item], ctx, init, limit) if len(batch) > 1 else None
        out.extend(one if one is not None else [on_death(item)])
    return out


def describe_death() -> str:
    """Why a worker is reported failed (the signal is not known to the parent)."""
    return (
        "the worker process died while extracting it (killed, out of memory, crashed, "
        "or stopped far over the time budget)"
    )
