"""``citykg build``: documents → Turtle, TriG, HTML view and a report."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .. import inputs as plan
from ..namespaces import DEFAULT_BASE  # plain strings: rdflib is not imported before the fork
from ..outset import check_out_dir
from ..progress import Progress
from .common import handle_errors, is_quiet, verbose

if TYPE_CHECKING:  # the pipeline is imported after the warm start's fork
    from ..pipeline import BuildResult


@click.command(name="build")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option(
    "--out",
    "out",
    default="graphs",
    show_default=True,
    type=click.Path(path_type=str),
    help="Output directory for citykg.ttl, citykg.trig, index.html and report.json.",
)
@click.option(
    "--base", default=DEFAULT_BASE, show_default=True, help="Base IRI of instance resources."
)
@click.option(
    "--min-confidence",
    type=click.FloatRange(0.0, 1.0),
    default=0.0,
    show_default=True,
    help="Drop extracted relations whose confidence is below this.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(1, 64),
    default=1,
    show_default=True,
    help="Worker processes for extraction.",
)
@click.option(
    "--reason",
    is_flag=True,
    help="Materialise what the OWL reasoner infers into the named graph graph/inferred.",
)
@click.option("--no-view", is_flag=True, help="Do not write index.html.")
@click.option(
    "--doc-timeout",
    type=click.FloatRange(0.1, 86400),
    default=plan.DOC_SECONDS,
    show_default=True,
    help="Time budget of one document's extraction, in seconds; over it, the file fails.",
)
@click.option(
    "--max-doc-bytes",
    type=click.IntRange(1, None),
    default=plan.MAX_DOC_BYTES,
    show_default=True,
    help="Size budget of one input file, in bytes; a larger file is refused by name.",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Extract every file again and keep no cache (default: OUT/.citykg-cache/).",
)
@click.option(
    "--scheduler",
    default=None,
    metavar="tcp://HOST:PORT|local:N",
    help="Run extraction on dask.distributed: a scheduler's address, or local:N for a "
    "LocalCluster of N workers.",
)
@handle_errors
def command(
    paths: tuple[str, ...],
    out: str,
    base: str,
    min_confidence: float,
    jobs: int,
    reason: bool,
    no_view: bool,
    doc_timeout: float,
    max_doc_bytes: int,
    no_cache: bool,
    scheduler: str | None,
) -> None:
    """Build the knowledge graph from .txt, .md, .rst, .html, .pdf, .docx files and RSS/Atom
    feeds (default: seeds/).

    Directories are read recursively. A file that cannot be read is reported by name and
    reason, the others still build, and the exit code is 1. A build in which no file could
    be read writes nothing. The outputs replace the previous ones in --out all at once.
    """
    paths = paths or ("seeds",)
    quiet = is_quiet()
    check_out_dir(Path(out))
    budget = plan.Budget(doc_timeout, max_doc_bytes)
    inputs, early = _plan(paths, out, budget, warm=not no_cache and not scheduler and jobs <= 1)
    result = _run(
        paths,
        out,
        inputs,
        early,
        scheduler,
        quiet=quiet,
        base=base,
        min_confidence=min_confidence,
        jobs=jobs,
        reason=reason,
        view=not no_view,
        budget=budget,
        cache=not no_cache,
        lean=True,  # the summary below is all this process reads of the result
    )
    _report(result, quiet)
    from . import mark_durable

    mark_durable()  # the outputs are fsynced and swapped in, the temporary files gone
    if result.errors:
        raise SystemExit(1)


def _plan(
    paths: tuple[str, ...], out: str, budget: plan.Budget, *, warm: bool
) -> tuple[list[plan.InputFile], Any]:
    """The input files, walked once (the bar needs the count, the build takes the same
    files), and for a rebuild the early extraction of its changed files."""
    early = warm_proc = None
    if warm:
        from ..incremental import warm_start

        # a rebuild: the process that extracts its changed files imports spaCy meanwhile
        warm_proc = warm_start(out)
    try:
        inputs = plan.plan_inputs(paths, exclude=out)
        if warm_proc is not None:
            from ..incremental import start_early

            # a rebuild's few changed files start extracting now, while the imports of
            # the build run (the warm process takes them, or is stopped)
            early, warm_proc = start_early(inputs, out, budget, warm=warm_proc), None
    finally:
        if warm_proc is not None:
            warm_proc.close()
    return inputs, early


def _run(
    paths: tuple[str, ...],
    out: str,
    inputs: list[plan.InputFile],
    early: Any,
    scheduler: str | None,
    *,
    quiet: bool,
    **options: Any,
) -> BuildResult:
    """The build itself, with its progress bar and its Dask client, both closed whatever
    happens; a build where nothing was read prints each file's error first."""
    bar = extractor = None
    try:
        from .. import pipeline

        pipeline.check_base(options["base"])
        bar = None if quiet else Progress(sys.stderr, verbose=verbose() > 0)
        if scheduler:
            from ..distributed import dask_extractor

            extractor = dask_extractor(scheduler, budget=options["budget"])
        return pipeline.build(
            paths, out, progress=bar, inputs=inputs, extractor=extractor, early=early, **options
        )
    except pipeline.NothingBuilt as exc:
        if bar is not None:
            bar.close()
            bar = None
        for x in exc.extractions:
            click.echo(f"error: {x.error}", err=True)
        raise
    finally:
        if bar is not None:
            bar.close()
        if extractor is not None:
            extractor.close()
        if early is not None:
            early.close()


def _report(result: BuildResult, quiet: bool) -> None:
    """Errors and skipped files on stderr, the summary and the files written on stdout."""
    from ..ingest import skipped_summary

    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    summary = skipped_summary(result.skipped)
    if summary:
        click.echo(summary, err=True)
    if not quiet:
        ok = sum(1 for x in result.extractions if x.ok)
        counts = result.counts  # what stats, publish and push count too
        click.echo(
            f"built {ok} document(s): {counts.entities} entities, "
            f"{counts.relations} relations, {counts.triples} triples "
            f"in {result.seconds:.1f} s"
        )
        for name in ("turtle", "trig", "view", "report"):
            if name in result.files:
                click.echo(f"  {name:7s} {result.files[name]}")
