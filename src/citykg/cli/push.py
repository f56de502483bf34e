"""``citykg push``: send the graph to a triple store (SPARQL 1.1 Graph Store Protocol)."""

from __future__ import annotations

import click

from ..push import push
from .common import graph_option, handle_errors


@click.command(name="push")
@graph_option
@click.option("--endpoint", required=True, help="GSP endpoint, e.g. http://127.0.0.1:7878/store")
@click.option("--user", default=None, help="User for HTTP basic auth.")
@click.option(
    "--password", default=None, envvar="CITYKG_PASSWORD", help="Password (or env CITYKG_PASSWORD)."
)
@click.option("--retries", default=3, show_default=True, type=click.IntRange(0, 10))
@click.option("--timeout", default=30.0, show_default=True, type=click.FloatRange(0.1, 600))
@handle_errors
def command(
    graph: str, endpoint: str, user: str | None, password: str | None, retries: int, timeout: float
) -> None:
    """PUT each named graph and the default graph (replacing them: pushing twice is safe)."""
    report = push(graph, endpoint, user=user, password=password, retries=retries, timeout=timeout)
    for g in report.graphs:
        click.echo(f"{g.graph or '(default graph)'}: {g.triples} statements, HTTP {g.status}")
    click.echo(
        f"pushed {report.triples} statements in {len(report.graphs)} graphs to {endpoint} "
        f"({report.distinct_triples} distinct triples, as build and stats count them)"
    )
