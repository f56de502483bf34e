"""`citykg publish` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="publish")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg publish is not implemented yet")
