"""``citykg serve``: a local read-only SPARQL endpoint plus the graph's HTML views."""

from __future__ import annotations

import click

from ..serve import QUERY_TIMEOUT, serve
from .common import graph_option, handle_errors


@click.command(name="serve")
@graph_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to bind; loopback by default (another address exposes the endpoint).",
)
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="TCP port to listen on (0: any free port).",
)
@click.option(
    "--timeout",
    default=QUERY_TIMEOUT,
    show_default=True,
    type=click.FloatRange(0.1, 3600),
    help="Seconds a query may run before it is stopped (503).",
)
@click.option("--cors", metavar="ORIGIN", help="Send Access-Control-Allow-Origin for ORIGIN.")
@click.option(
    "--allow-host",
    "allow_hosts",
    multiple=True,
    metavar="NAME",
    help="Another Host header name to answer for (repeatable; loopback names always are).",
)
@click.option(
    "--allow-service", is_flag=True, help="Allow SERVICE (federated queries to other endpoints)."
)
@handle_errors
def command(
    graph: str,
    host: str,
    port: int,
    timeout: float,
    cors: str | None,
    allow_hosts: tuple[str, ...],
    allow_service: bool,
) -> None:
    """Serve /sparql (SPARQL 1.1 Protocol, read-only) and / (index.html) until Ctrl-C."""
    serve(
        graph,
        host,
        port,
        timeout=timeout,
        cors=cors,
        allow_hosts=allow_hosts,
        allow_service=allow_service,
    )
