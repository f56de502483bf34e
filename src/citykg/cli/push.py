"""`citykg push` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="push")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg push is not implemented yet")
