"""`citykg serve` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="serve")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg serve is not implemented yet")
