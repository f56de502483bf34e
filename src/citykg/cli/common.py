"""Options and error handling shared by the commands."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import click

from ..errors import CityKGError

graph_option = click.option(
    "--graph",
    "graph",
    type=click.Path(path_type=str),
    default="graphs",
    show_default=True,
    help="A build directory (its citykg.ttl, the merge, and citykg.trig) or an RDF file.",
)


def handle_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn expected failures into one readable line and exit code 1, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CityKGError as exc:
            raise click.ClickException(str(exc)) from None

    return wrapper


def is_quiet() -> bool:
    """Whether ``citykg -q`` was given (for progress bars and chatter)."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and "quiet" in ctx.obj:
            return bool(ctx.obj["quiet"])
        ctx = ctx.parent
    return False


def verbose() -> int:
    """How many ``-v`` were given to ``citykg``."""
    ctx = click.get_current_context(silent=True)
    while ctx is not None:
        if isinstance(ctx.obj, dict) and "verbose" in ctx.obj:
            return int(ctx.obj["verbose"])
        ctx = ctx.parent
    return 0
