"""``citykg export``: the graph in another RDF syntax, or as a network for Gephi/CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..export import EXPORT_FORMATS, export_graph
from .common import graph_option, handle_errors


@click.command(name="export")
@graph_option
@click.option(
    "--format", "fmt", type=click.Choice(EXPORT_FORMATS), default="turtle", show_default=True
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="Output file (csv: prefix for -nodes.csv/-edges.csv, or a directory). Default: stdout.",
)
@click.option("--lang", default="en", show_default=True, help="Label language for graph formats.")
@handle_errors
def command(graph: str, fmt: str, out: Path | None, lang: str) -> None:
    """Export the graph (RDF formats sorted; graphml/gexf/csv show the entities)."""
    for path in export_graph(graph, fmt, out, lang=lang):
        click.echo(f"wrote {path}", err=True)
