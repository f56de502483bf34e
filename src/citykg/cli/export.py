"""`citykg export` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="export")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg export is not implemented yet")
