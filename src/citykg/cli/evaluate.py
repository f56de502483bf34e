"""``citykg evaluate``: build a gold file's documents and score the graph."""

from __future__ import annotations

import json

import click

from .. import api
from .common import handle_errors


@click.command(name="evaluate")
@click.argument("gold", type=click.Path(path_type=str))
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Drop extracted relations below this confidence (0 to 1) before scoring.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Print the scores as text lines or as one JSON object.",
)
@click.option(
    "--errors/--no-errors",
    "show_errors",
    default=False,
    help="List false positives and false negatives.",
)
@handle_errors
def command(
    gold: str, paths: tuple[str, ...], min_confidence: float, fmt: str, show_errors: bool
) -> None:
    """Score extraction against GOLD (a gold JSON file), building the documents it lists.

    The documents are looked up under PATHS (default: the gold file's folder and its parent).
    A document that fails to build is named on stderr, scored as empty, and the exit code
    is 1, so a score over a broken build is never taken for a real one.
    """
    score = api.evaluate(gold, list(paths) or None, min_confidence=min_confidence)
    for error in score.failed_documents:
        click.echo(f"error: {error} (scored as empty)", err=True)
    if fmt == "json":
        click.echo(json.dumps(score.to_dict(), indent=1, ensure_ascii=False))
    else:
        _print_text(score, show_errors)
    if score.failed_documents:
        raise SystemExit(1)


def _print_text(score: api.Score, show_errors: bool) -> None:
    click.echo("entities by type (tp fp fn f1):")
    for t, v in score.entities.items():
        click.echo(f"  {t:11s} {v.tp:3d} {v.fp:3d} {v.fn:3d}  {v.f1:.2f}")
    click.echo("relations by predicate (tp fp fn f1):")
    for p, v in score.relations.items():
        click.echo(f"  {p:11s} {v.tp:3d} {v.fp:3d} {v.fn:3d}  {v.f1:.2f}")
    click.echo(score.summary())
    if show_errors:
        for line in score.false_positives:
            click.echo(f"FP {line}")
        for line in score.false_negatives:
            click.echo(f"FN {line}")
