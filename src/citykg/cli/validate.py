"""`citykg validate` (placeholder until implemented; replaced by its owner)."""

import click


@click.command(name="validate")
def command() -> None:
    """Not implemented yet."""
    raise click.ClickException("citykg validate is not implemented yet")
