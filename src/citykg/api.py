"""The Python API: what the CLI calls and what a notebook imports.

>>> from citykg import api
>>> result = api.build(["seeds"], "graphs")          # doctest: +SKIP
>>> api.run_query("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "graphs")   # doctest: +SKIP
"""

from __future__ import annotations

from .evaluate import Score, evaluate, score
from .export import describe_dataset, export_graph, publish
from .extract import extract, extract_many
from .ingest import read_document
from .pipeline import BuildResult, build
from .push import push
from .resolve import resolve
from .serve import make_server, serve
from .stats import graph_stats
from .store import format_result, open_store, run_query
from .validate import materialise, validate
from .view import render_cooperation, render_view

__all__ = [
    "BuildResult",
    "Score",
    "build",
    "describe_dataset",
    "evaluate",
    "export_graph",
    "extract",
    "extract_many",
    "format_result",
    "graph_stats",
    "make_server",
    "materialise",
    "open_store",
    "publish",
    "push",
    "read_document",
    "render_cooperation",
    "render_view",
    "resolve",
    "run_query",
    "score",
    "serve",
    "validate",
]
