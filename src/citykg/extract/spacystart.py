"""Importing spaCy without its command line: a third of its import time, off a rebuild's path.

``import spacy`` runs ``from .cli.info import info`` (for ``spacy.info``), and ``spacy.cli``'s
package imports every command spaCy has, with typer, weasel and httpx behind them: about
0.25 s of the 0.8 s spaCy takes to import, on the critical path of a rebuild (its changed
files are extracted by a process that starts by importing spaCy, :mod:`citykg.incremental`).
Nothing citykg runs — loading a model, running a pipeline — touches ``spacy.cli``.

So :func:`install`, run when this module is imported (:mod:`citykg.extract.nlp` imports it
before spaCy), puts two stand-ins in
``sys.modules``: ``spacy.cli``, a package whose first attribute read imports the real one
(and replaces itself), and ``spacy.cli.info`` with an ``info`` that does the same. Any
use of spaCy's command line in the process — ``spacy.info()``, ``from spacy.cli import
download``, ``import spacy.cli.download`` — still gets spaCy's own code. ``python -m spacy``
is another process, untouched.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import sys
import types
from typing import Any

_CLI, _INFO = "spacy.cli", "spacy.cli.info"


class _LazyCli(types.ModuleType):
    """``spacy.cli`` until something reads from it: then the real package."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name != "__all__":
            raise AttributeError(name)
        return getattr(_real(), name)


def _real() -> types.ModuleType:
    """The real ``spacy.cli``, imported in place of the stand-ins."""
    for name in (_INFO, _CLI):
        if isinstance(sys.modules.get(name), _LazyCli | _LazyInfo):
            del sys.modules[name]
    return importlib.import_module(_CLI)


class _LazyInfo(types.ModuleType):
    """``spacy.cli.info`` until something reads from it: then the real module."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        _real()
        return getattr(importlib.import_module(_INFO), name)


def _info(*args: Any, **kwargs: Any) -> Any:
    """``spacy.info``: spaCy's own, imported on its first call."""
    _real()
    return importlib.import_module(_INFO).info(*args, **kwargs)


def install() -> None:
    """Put the stand-ins in place if spaCy is not imported yet (else nothing: it has its
    real command line already)."""
    if "spacy" in sys.modules or _CLI in sys.modules:
        return
    spec = importlib.util.find_spec("spacy")
    if spec is None or spec.origin is None:
        return  # no spaCy: the import that follows reports it
    cli = _LazyCli(_CLI)
    cli.__path__ = [os.path.join(os.path.dirname(spec.origin), "cli")]  # its submodules
    cli.__package__ = _CLI
    info = _LazyInfo(_INFO)
    info.__package__ = _CLI
    info.info = _info  # type: ignore[attr-defined]
    sys.modules[_CLI], sys.modules[_INFO] = cli, info


install()
