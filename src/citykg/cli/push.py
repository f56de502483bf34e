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
@click.option(
    "--retries",
    default=3,
    show_default=True,
    type=click.IntRange(0, 10),
    help="Retries per request after a network error or a 5xx answer (0: one attempt only).",
)
@click.option(
    "--timeout",
    default=30.0,
    show_default=True,
    type=click.FloatRange(0.1, 600),
    help="Seconds one request may take in all (connect, send, answer).",
)
@click.option(
    "--prune",
    is_flag=True,
    help="Delete graphs an earlier push sent that this build no longer has.",
)
@click.option(
    "--changed",
    is_flag=True,
    help="Send only graphs whose content changed since the last push to this endpoint, "
    "and delete the graphs of removed documents (implies --prune).",
)
@handle_errors
def command(
    graph: str,
    endpoint: str,
    user: str | None,
    password: str | None,
    retries: int,
    timeout: float,
    prune: bool,
    changed: bool,
) -> None:
    """PUT each named graph and the default graph (replacing them: pushing twice is safe).

    The endpoint may carry credentials (http://user:password@host/store); they are used
    for basic auth and never printed."""
    report = push(
        graph,
        endpoint,
        user=user,
        password=password,
        retries=retries,
        timeout=timeout,
        prune=prune,
        changed=changed,
    )
    if report.previous_incomplete:
        click.echo(f"note: {report.previous_incomplete}; every graph was pushed again", err=True)
    for g in report.graphs:
        click.echo(f"{g.graph or '(default graph)'}: {g.triples} statements, HTTP {g.status}")
    for iri in report.deleted:
        click.echo(f"{iri}: deleted (no longer in the build)")
    summary = (
        f"pushed {report.triples} statements in {len(report.graphs)} graphs to "
        f"{report.endpoint} ({report.distinct_triples} distinct triples, as build and stats "
        "count them)"
    )
    if changed:
        summary += f"; {len(report.unchanged)} unchanged graph(s) not sent"
    if prune or changed:
        summary += f"; deleted {len(report.deleted)} graph(s)"
    click.echo(summary)
