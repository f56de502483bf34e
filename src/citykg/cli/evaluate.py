"""`citykg evaluate` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="evaluate")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg evaluate is not implemented yet")
