"""``citykg query`` and ``citykg queries``: SPARQL over a graph, through Oxigraph."""

from __future__ import annotations

import sys

import click

from .. import store
from ..errors import CityKGError
from ..graphio import resolve_graph_path
from ..outset import SET_NAMES
from .common import graph_option, handle_errors


def _parse_params(values: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise CityKGError(f"query: --param {item!r}: expected NAME=VALUE")
        params[key.strip()] = value
    return params


def _read_sparql(sparql: str | None, file: str | None) -> str:
    if file is not None:
        try:
            with open(file, encoding="utf-8") as fh:
                return fh.read()
        except OSError as exc:
            raise CityKGError(f"{file}: cannot read the query: {exc.strerror}") from exc
    if sparql == "-":
        return sys.stdin.read()
    return sparql or ""


@click.command(name="query")
@click.argument("sparql", required=False)
@click.option(
    "-f", "--file", "file", type=click.Path(dir_okay=False), help="Read the query from a .rq file."
)
@click.option("--name", "name", help="Run a named query (see 'citykg queries').")
@click.option(
    "--param",
    "param",
    multiple=True,
    metavar="NAME=VALUE",
    help="Bind a query variable to a literal (repeatable).",
)
@graph_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(store.FORMATS),
    default="table",
    show_default=True,
    help="Output format; table shows a graph result as Turtle.",
)
@click.option(
    "--allow-update",
    is_flag=True,
    help="Allow SPARQL updates to a standalone graph file (refused in a build directory).",
)
@click.option(
    "--endpoint",
    metavar="URL",
    help="Send the query to a SPARQL endpoint (a running 'citykg serve', …/sparql) instead.",
)
@handle_errors
def query(
    sparql: str | None,
    file: str | None,
    name: str | None,
    param: tuple[str, ...],
    graph: str,
    fmt: str,
    allow_update: bool,
    endpoint: str | None,
) -> None:
    """Run SPARQL (text, '-' for stdin, -f FILE or --name NAME) against the graph.

    The default graph is the union of all named graphs. Parameters are bound as plain
    literals by the engine, never pasted into the query text.
    """
    sources = sum(x is not None for x in (sparql, file, name))
    if sources != 1:
        raise CityKGError("query: give exactly one of SPARQL, -f FILE or --name NAME")
    params = _parse_params(param)
    if endpoint is not None:
        from ..remote import remote_query

        text = store.named_query_text(name, params) if name else _read_sparql(sparql, file)
        click.echo(remote_query(endpoint, text, fmt=fmt, params=params), nl=False)
        return
    if name is not None:
        outcome = store.run_named_query(name, params, graph)
    else:
        text = _read_sparql(sparql, file)
        if allow_update and store.query_kind(text) == "update":
            refuse_update_of_build_set(graph)
        outcome = store.run_query(text, graph, allow_update=allow_update, params=params)
    try:
        data = store.format_result(outcome, fmt)
    except CityKGError:
        raise
    except (OSError, RuntimeError, ValueError) as exc:  # results are computed lazily
        text = " ".join(str(exc).split())[:300] or type(exc).__name__
        raise CityKGError(f"query: evaluation failed: {text}") from None
    click.echo(data, nl=False)


def refuse_update_of_build_set(graph: str) -> None:
    """An update rewrites one file; in a build directory that would leave the other files
    of the set (the merged Turtle, the view, the report) describing another graph. Refuse
    there: a standalone graph file can be updated."""
    path = resolve_graph_path(graph)
    others = [n for n in SET_NAMES if n != path.name and (path.parent / n).exists()]
    if path.name in SET_NAMES and others:
        raise CityKGError(
            f"query: {path} belongs to the build in {path.parent} ({', '.join(sorted(others))} "
            "would go stale); update a copy of the file (citykg query --graph COPY.trig "
            "--allow-update …) or change the inputs and rebuild"
        )


@click.command(name="queries")
@handle_errors
def queries() -> None:
    """List the named queries shipped with citykg: name, parameters, description."""
    for nq in store.named_queries().values():
        params = " ".join(f"--param {p}=…" for p, _ in nq.params)
        click.echo(f"{nq.name}{'  ' + params if params else ''}")
        click.echo(f"    {nq.description}")
        for p, desc in nq.params:
            click.echo(f"    {p}: {desc}")


commands = [query, queries]
