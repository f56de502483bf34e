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
import multiprocessing
import signal
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
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


# --------------------------------------------------------------------------- worker pool

#: Shared-memory marks of the batches workers started (set in the parent before the fork).
_STARTED: Any = None


def _mark_and_run(index: int, func: Callable[[T], R], item: T) -> R:
    if _STARTED is not None:
        _STARTED[index] = 1
    return func(item)


def run_in_pool(
    func: Callable[[list[T]], list[R]],
    batches: Sequence[list[T]],
    *,
    jobs: int,
    on_death: Callable[[T], R],
    context: Any = None,
    initializer: Callable[[], None] | None = None,
) -> Iterator[list[R]]:
    """``func(batch)`` for every batch in ``jobs`` worker processes, results in batch order.

    ``on_death(item)`` is the result of an item whose worker died on it twice (alone).
    Results are yielded as soon as every earlier batch is done, so the caller streams."""
    global _STARTED
    ctx = context or multiprocessing.get_context()
    done: dict[int, list[R]] = {}
    pending = list(range(len(batches)))
    suspects: list[int] = []
    next_out = 0
    while pending:
        _STARTED = ctx.Array("b", len(batches), lock=False)
        broken = False
        with ProcessPoolExecutor(jobs, mp_context=ctx, initializer=initializer) as pool:
            futures: dict[Future, int] = {
                pool.submit(_mark_and_run, i, func, batches[i]): i for i in pending
            }
            waiting = set(futures)
            while waiting:
                finished, waiting = wait(waiting, return_when=FIRST_COMPLETED)
                for fut in finished:
                    try:
                        done[futures[fut]] = fut.result()
                    except BrokenProcessPool:
                        broken = True
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                if broken:
                    break
        started = _STARTED if ctx.get_start_method() == "fork" else [1] * len(batches)
        _STARTED = None
        if not broken:
            break
        left = [i for i in pending if i not in done and i >= next_out]
        suspects = [i for i in left if started[i]]
        pending = [i for i in left if not started[i]]
        for i in suspects:
            done[i] = _retry_alone(func, batches[i], ctx, initializer, on_death)
        while next_out in done:
            yield done.pop(next_out)
            next_out += 1
    while next_out in done:
        yield done.pop(next_out)
        next_out += 1


def _run_alone(func: Callable[[list[T]], list[R]], batch: list[T], ctx: Any, init: Any) -> Any:
    """``func(batch)`` in a fresh single worker; ``None`` if that worker died."""
    with ProcessPoolExecutor(1, mp_context=ctx, initializer=init) as pool:
        try:
            return pool.submit(func, batch).result()
        except BrokenProcessPool:
            return None


def _retry_alone(
    func: Callable[[list[T]], list[R]],
    batch: list[T],
    ctx: Any,
    init: Any,
    on_death: Callable[[T], R],
) -> list[R]:
    """The one retry of a batch that was running when a worker died; then, if it dies
    again, each of its items alone, so only the item at fault is lost."""
    result = _run_alone(func, batch, ctx, init)
    if result is not None:
        return result
    out: list[R] = []
    for item in batch:
        one = _run_alone(func, [item], ctx, init) if len(batch) > 1 else None
        out.extend(one if one is not None else [on_death(item)])
    return out


def describe_death() -> str:
    """Why a worker is reported failed (the signal is not known to the parent)."""
    return "the worker process died while extracting it (killed, out of memory or crashed)"
