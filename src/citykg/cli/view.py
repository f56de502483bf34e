"""`citykg view`: write an interactive, self-contained HTML view of a graph."""

from __future__ import annotations

from pathlib import Path

import click

from ..graphio import resolve_graph_path
from ..view import render_cooperation, render_view
from .common import graph_option, handle_errors


@click.command(name="view")
@graph_option
@click.option("--focus", metavar="NAME", help="Entity label, alias or IRI to centre on.")
@click.option(
    "--depth", type=click.IntRange(min=0), default=1, show_default=True, help="Hops around --focus."
)
@click.option(
    "--class",
    "classes",
    metavar="CLASSES",
    help="Only these classes, comma-separated (City,Exchange,…).",
)
@click.option(
    "--document",
    metavar="FILE",
    help="Only one document's entities (source path, file name or document IRI).",
)
@click.option(
    "--lang",
    type=click.Choice(["en", "fr"]),
    default="en",
    show_default=True,
    help="Language of labels and page text.",
)
@click.option(
    "--max-nodes",
    type=click.IntRange(min=2),
    default=400,
    show_default=True,
    help="Above this, fold the least central entities into per-class summaries.",
)
@click.option(
    "--network",
    "network",
    type=click.Choice(["cities"]),
    help="The cooperation network: cities, host → learning city links by exchange.",
)
@click.option("--map", "as_map", is_flag=True, help="The map: exchanges as arcs between cities.")
@click.option("--title", help="Page title (default: describes the view).")
@click.option(
    "--out",
    "out",
    type=click.Path(dir_okay=False, path_type=Path),
    help="HTML file to write [default: view.html beside the graph].",
)
@handle_errors
def command(
    graph: str,
    focus: str | None,
    depth: int,
    classes: str | None,
    document: str | None,
    lang: str,
    max_nodes: int,
    network: str | None,
    as_map: bool,
    title: str | None,
    out: Path | None,
) -> None:
    """Write an interactive HTML view (whole graph, a document, a neighbourhood, classes;
    or the cooperation network of cities, or the map of exchanges)."""
    source = resolve_graph_path(graph)
    if network or as_map:
        if network and as_map:
            raise click.UsageError("--network and --map are two views; choose one")
        if focus or document or classes:
            raise click.UsageError("--focus, --document and --class apply to the overview only")
        kind = "map" if as_map else "network"
        target = out or source.parent / f"{kind}.html"
        coop = render_cooperation(source, target, kind=kind, lang=lang, title=title)
        line = f"{coop.path}: {coop.cities} cities, {coop.links} links, {coop.exchanges} exchanges"
        if coop.without_host:
            line += f" ({coop.without_host} exchanges without a host city)"
        if coop.unplaced:
            line += f" ({coop.unplaced} cities without coordinates)"
        click.echo(line)
        return
    target = out or source.parent / "view.html"
    summary = render_view(
        source,
        target,
        focus=focus,
        depth=depth,
        classes=[classes] if classes else None,
        document=document,
        lang=lang,
        max_nodes=max_nodes,
        title=title,
    )
    line = f"{summary.path}: {summary.nodes} entities, {summary.edges} relations"
    if summary.omitted_nodes:
        folded = ", ".join(f"{n} {cls}" for cls, n in summary.aggregated.items())
        line += f" ({summary.omitted_nodes} entities folded into summaries: {folded})"
    click.echo(line)
