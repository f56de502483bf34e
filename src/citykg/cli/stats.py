"""`citykg stats`: size, contents, central entities and communities of a graph."""

from __future__ import annotations

import click

from ..stats import format_table, graph_stats
from .common import graph_option, handle_errors


@click.command(name="stats")
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "json"]),
    default="table",
    show_default=True,
    help="Aligned text table or stable JSON.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Language of entity labels.",
)
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=10,
    show_default=True,
    help="How many central entities and communities to list.",
)
@handle_errors
def command(graph: str, fmt: str, lang: str, top: int) -> None:
    """Print counts by class and predicate, central cities/agencies and communities."""
    stats = graph_stats(graph, top=top, lang=lang)
    click.echo(stats.to_json() if fmt == "json" else format_table(stats))
