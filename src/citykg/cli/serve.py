"""``citykg serve``: a local read-only SPARQL endpoint plus the graph's HTML views."""

from __future__ import annotations

import click

from ..serve import serve
from .common import graph_option, handle_errors


@click.command(name="serve")
@graph_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535))
@handle_errors
def command(graph: str, host: str, port: int) -> None:
    """Serve /sparql (SPARQL 1.1 Protocol, read-only) and / (index.html) until Ctrl-C."""
    serve(graph, host, port)
