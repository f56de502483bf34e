"""`citykg build` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="build")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg build is not implemented yet")
