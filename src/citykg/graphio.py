"""Reading and writing graph files: where a graph lives and how it is written safely.

Every output goes through :func:`write_atomic` (temp file in the same directory, then
``os.replace``) so a crash never leaves a half-written graph behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from .errors import CityKGError

#: File names a build writes into its output directory.
TURTLE_NAME = "citykg.ttl"
TRIG_NAME = "citykg.trig"
VIEW_NAME = "index.html"
REPORT_NAME = "report.json"
DEFAULT_GRAPH_DIR = Path("graphs")


def resolve_graph_path(graph: str | os.PathLike | None = None) -> Path:
    """Return the RDF file behind ``--graph``: a file as given, or a build directory's TriG
    (which keeps the per-document named graphs) falling back to its Turtle."""
    path = Path(graph) if graph is not None else DEFAULT_GRAPH_DIR
    if path.is_dir():
        for name in (TRIG_NAME, TURTLE_NAME):
            if (path / name).is_file():
                return path / name
        raise CityKGError(f"{path}: no {TRIG_NAME} or {TURTLE_NAME} here; run 'citykg build' first")
    if not path.is_file():
        raise CityKGError(f"{path}: no such graph file or directory")
    return path


def load_dataset(graph: str | os.PathLike | None = None) -> Any:
    """A graph file or build directory as an rdflib ``Dataset`` (named graphs kept), for
    the libraries that need rdflib (pyshacl, owlready2): parsed by Oxigraph, converted
    once by :mod:`citykg.rdflib_bridge`."""
    from rdflib import Dataset

    from .rdflib_bridge import to_rdflib
    from .store import read_quads

    ds = Dataset()
    for q in read_quads(resolve_graph_path(graph)):
        s, p, o = to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object)
        if isinstance(q.graph_name, ox.DefaultGraph):
            ds.default_graph.add((s, p, o))
        else:
            ds.graph(to_rdflib(q.graph_name)).add((s, p, o))
    return ds


def write_atomic(path: str | os.PathLike, data: str | bytes | Iterable[str | bytes]) -> Path:
    """Write ``data`` to ``path`` through a temporary file and an atomic rename. ``data``
    may come in pieces (text is written as UTF-8), so a large file need not be in memory."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    pieces = (data,) if isinstance(data, str | bytes) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            for piece in pieces:
                fh.write(piece.encode("utf-8") if isinstance(piece, str) else piece)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise
    return path


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:300] or type(exc).__name__
