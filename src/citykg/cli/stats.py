"""`citykg stats` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="stats")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg stats is not implemented yet")
