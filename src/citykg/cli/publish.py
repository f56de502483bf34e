"""``citykg publish``: the files a linked-data portal ingests, in one directory."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import CityKGError
from ..export import publish
from ..pipeline import is_http_iri
from .common import graph_option, handle_errors


@click.command(name="publish")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@graph_option
@click.option(
    "--download-base",
    default=None,
    metavar="URL",
    help="Where the portal will serve these files; adds dcat:downloadURL links.",
)
@handle_errors
def command(out_dir: Path, graph: str, download_base: str | None) -> None:
    """Write Turtle, TriG, JSON-LD, N-Triples.gz, VoID, the ontology and views to OUT_DIR."""
    if download_base is not None and not is_http_iri(download_base):
        raise CityKGError(
            f"publish: --download-base {download_base!r}: not a usable URL (expected an "
            "absolute http(s) URL without spaces, quotes or <>, e.g. https://example.org/kg/)"
        )
    for path in publish(graph, out_dir, download_base=download_base):
        click.echo(f"wrote {path}")
    from ..netgraph import graph_counts

    counts = graph_counts(out_dir / "citykg.ttl")  # what build and stats print too
    click.echo(
        f"published {counts.triples} triples ({counts.entities} entities, "
        f"{counts.relations} relations) in every dump"
    )
