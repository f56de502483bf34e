"""The ``citykg`` command: a thin click layer over :mod:`citykg.api`.

One module per command (as spaCy does under ``spacy/cli/``); each module exposes a click
command named ``command`` (or a list ``commands``) that is registered here. Commands only
parse options, call the API and print; failures are :class:`citykg.errors.CityKGError`
turned into one-line ``click.ClickException`` messages by :func:`citykg.cli.common.handle_errors`.
"""

from __future__ import annotations

import importlib
import logging
import os
import sys
from typing import Any

import click

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
    "cache",
)
#: Modules defining several commands (the others define one, named like the module).
_SEVERAL = {"query": ("query", "queries")}


class _LazyCommands(dict):
    """Command name → command, importing a command's module on first use.

    ``citykg query`` must not pay for spaCy, pyvis or networkx, which other commands
    import: as a whole process it is measured against raw pyoxigraph (bench_query)."""

    def _load(self, name: str) -> Any:
        value = dict.__getitem__(self, name)
        if isinstance(value, str):
            module = importlib.import_module(f"{__name__}.{value}")
            for cmd in getattr(module, "commands", None) or [module.command]:
                dict.__setitem__(self, cmd.name, cmd)
            value = dict.__getitem__(self, name)
        return value

    def __getitem__(self, name: str) -> Any:
        return self._load(name)

    def get(self, name: str, default: Any = None) -> Any:
        return self._load(name) if name in self else default

    def values(self) -> Any:  # type: ignore[override]
        return [self._load(n) for n in list(self)]

    def items(self) -> Any:  # type: ignore[override]
        return [(n, self._load(n)) for n in list(self)]


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    """``--version``, reading the version only when asked (see ``citykg.__getattr__``)."""
    if value and not ctx.resilient_parsing:
        from .. import __version__

        click.echo(f"citykg, version {__version__}")
        ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Show the version and exit.",
)
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
    commands = _LazyCommands()
    for module in COMMAND_MODULES:
        for name in _SEVERAL.get(module, (module,)):
            dict.__setitem__(commands, name, module)
    main.commands = commands


_register()


#: Set by a command whose work is durably done when it returns (``citykg build``: every
#: file fsynced and swapped in, its temporary files removed, its processes joined).
_DONE = {"durable": False}


def mark_durable() -> None:
    """Say that the command's outputs are on disk and nothing is left to clean up: the
    ``citykg`` process may then end without tearing its objects down (:func:`run`)."""
    _DONE["durable"] = True


def run() -> None:
    """The ``citykg`` process (the console script and ``python -m citykg.cli``).

    A build holds a large object graph at the end (the resolution's entity table, the
    RDF stage's figures per document, spaCy and Oxigraph modules); an interpreter that
    exits normally frees it object by object and runs every module's teardown, about a
    tenth of a second of a 2,000-document rebuild for nothing the build needs. When the
    command has marked its work durable (:func:`mark_durable`), the process flushes its
    standard streams and log handlers and ends with ``os._exit``; any other exit, an
    error, a command that did not mark itself, or a process under a profiler or a tracer
    (cProfile, coverage: they write their data at exit) goes through the normal path.
    In-process callers (``CliRunner``, the API) use :data:`main` and never get here."""
    try:
        main()
    except SystemExit as exc:
        code = exc.code
        plain = code is None or isinstance(code, int)
        watched = sys.getprofile() is not None or sys.gettrace() is not None
        if not _DONE["durable"] or not plain or watched:
            raise  # a profiler or coverage writes its data at a normal exit
    else:  # pragma: no cover - click's standalone mode always exits
        code = 0
    logging.shutdown()  # flushes and closes the handlers
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            raise SystemExit(code) from None  # a stream that cannot flush: the normal path
    os._exit(code or 0)
