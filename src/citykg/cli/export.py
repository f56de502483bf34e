"""``citykg export``: the graph in another RDF syntax, or as a network for Gephi/CSV."""

from __future__ import annotations

from pathlib import Path

import click

from ..export import EXPORT_FORMATS, export_graph
from .common import graph_option, handle_errors


@click.command(name="export")
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(EXPORT_FORMATS),
    default="turtle",
    show_default=True,
    help="Output format; csv writes a folder with nodes.csv and edges.csv.",
)
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path),
    help="Output file (csv: a folder, given nodes.csv and edges.csv). Default: stdout.",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Label language for graphml, gexf and csv (node labels).",
)
@click.option(
    "--dataset",
    is_flag=True,
    help="Keep the documents' named graphs in jsonld (trig and nquads always keep them).",
)
@handle_errors
def command(graph: str, fmt: str, out: Path | None, lang: str, dataset: bool) -> None:
    """Export the graph: RDF formats hold the merged graph (the same triples as
    citykg.ttl), trig/nquads the named graphs too; graphml/gexf/csv show the entities."""
    for path in export_graph(graph, fmt, out, lang=lang, dataset=dataset):
        click.echo(f"wrote {path}", err=True)
