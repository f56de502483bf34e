"""`citykg query` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="query")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg query is not implemented yet")
