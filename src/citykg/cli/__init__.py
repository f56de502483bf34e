"""The ``citykg`` command: a thin click layer over :mod:`citykg.api`.

One module per command (as spaCy does under ``spacy/cli/``); each module exposes a click
command named ``command`` (or a list ``commands``) that is registered here. Commands only
parse options, call the API and print; failures are :class:`citykg.errors.CityKGError`
turned into one-line ``click.ClickException`` messages by :func:`citykg.cli.common.handle_errors`.
"""

from __future__ import annotations

import importlib
import logging

import click

from .. import __version__

#: Command modules, in the order ``citykg --help`` lists them.
COMMAND_MODULES = (
    "fetch",
    "build",
    "query",
    "evaluate",
    "validate",
    "export",
    "publish",
    "push",
    "serve",
    "view",
    "stats",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="citykg")
@click.option("-v", "--verbose", count=True, help="More log output (-vv for debug).")
@click.option("-q", "--quiet", is_flag=True, help="Only errors; no progress bar.")
@click.pass_context
def main(ctx: click.Context, verbose: int, quiet: bool) -> None:
    """Build, query, view and publish a knowledge graph of city climate cooperation."""
    level = (
        logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    )
    logging.basicConfig(level=level, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = {"verbose": verbose, "quiet": quiet}


def _register() -> None:
    for name in COMMAND_MODULES:
        module = importlib.import_module(f"{__name__}.{name}")
        for cmd in getattr(module, "commands", None) or [module.command]:
            main.add_command(cmd)


_register()
