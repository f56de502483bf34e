"""`citykg validate`: SHACL shapes and OWL consistency of a built graph."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import click

from ..validate import ValidationReport, validate
from .common import graph_option, handle_errors


def summary(report: ValidationReport) -> str:
    """``conforms: 0 violations; OWL consistency (HermiT): consistent in 1.2 s``."""
    failing = sum(1 for v in report.violations if v.severity == "Violation")
    others = len(report.violations) - failing
    shacl = "conforms" if report.conforms else "does not conform"
    extra = f" ({others} warnings/infos)" if others else ""
    return (
        f"{shacl}: {failing} violation{'s' if failing != 1 else ''}{extra}; "
        f"OWL consistency (HermiT): {report.consistency_message}"
    )


@click.command(name="validate")
@graph_option
@click.option(
    "--shapes",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="SHACL shapes file (default: citykg's ontology/shapes.ttl).",
)
@click.option(
    "--no-reason", is_flag=True, help="Skip the OWL consistency check (HermiT, needs Java)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text: one line per violation and a summary; json: the whole report.",
)
@handle_errors
def command(graph: str, shapes: Path | None, no_reason: bool, fmt: str) -> None:
    """Check a graph against citykg's SHACL shapes and the ontology (HermiT).

    Exits 1 when there is any SHACL violation or an OWL inconsistency.
    """
    report = validate(graph, shapes=shapes, reason=not no_reason)
    if fmt == "json":
        payload = {
            "ok": report.ok,
            "conforms": report.conforms,
            "consistent": report.consistent,
            "consistency_message": report.consistency_message,
            "violations": [asdict(v) for v in report.violations],
        }
        click.echo(json.dumps(payload, ensure_ascii=False, indent=2, sort_keys=True))
    else:
        for violation in report.violations:
            click.echo(violation.line())
        click.echo(summary(report))
    if not report.ok:
        click.get_current_context().exit(1)
