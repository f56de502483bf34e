"""`citykg view` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="view")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg view is not implemented yet")
