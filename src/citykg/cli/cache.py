"""``citykg cache clear``: forget a build directory's extraction cache."""

from __future__ import annotations

import click

from ..cache import cache_dir, clear
from .common import handle_errors


@click.group(name="cache")
def command() -> None:
    """The extraction cache a build keeps in OUT/.citykg-cache/."""


@command.command(name="clear")
@click.option(
    "--out",
    default="graphs",
    show_default=True,
    type=click.Path(path_type=str),
    help="The build directory whose cache is removed.",
)
@handle_errors
def clear_command(out: str) -> None:
    """Remove the cache: the next build extracts every file again."""
    where = cache_dir(out)
    try:
        n = clear(where)
    except OSError as exc:
        raise click.ClickException(f"{where}: cannot remove the cache: {exc.strerror}") from None
    click.echo(f"removed {n} cache entr{'y' if n == 1 else 'ies'} from {where}")
