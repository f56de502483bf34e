"""``citykg fetch``: download a URL list into files that ``citykg build`` reads."""

from __future__ import annotations

import click

from .common import handle_errors, is_quiet


@click.command(name="fetch")
@click.argument("url_list", type=click.Path(path_type=str))
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(path_type=str),
    help="Directory for the downloaded files (and .citykg-sources.json).",
)
@click.option(
    "--cache",
    "cache",
    type=click.Path(path_type=str),
    default=None,
    help="Cache directory (default: OUT/.citykg-cache).",
)
@click.option(
    "--timeout",
    type=click.FloatRange(0.1, 600),
    default=20.0,
    show_default=True,
    help="Seconds one download may take (connecting, then each read).",
)
@click.option(
    "--max-bytes",
    type=click.IntRange(1),
    default=None,
    help="Largest download in bytes (default: the build's size limit).",
)
@click.option(
    "--delay",
    type=click.FloatRange(0, 60),
    default=0.0,
    show_default=True,
    help="Seconds to wait between two requests.",
)
@handle_errors
def command(
    url_list: str,
    out: str,
    cache: str | None,
    timeout: float,
    max_bytes: int | None,
    delay: float,
) -> None:
    """Download the pages listed in URL_LIST (one URL a line, # comments) into --out.

    Honours robots.txt, sends a citykg user agent, bounds time, size and redirects, and
    caches by URL and ETag. `citykg build OUT` then records each file's URL as its source.
    A URL that fails is reported with its reason and the exit code is 1.
    """
    from ..fetch import MAX_BYTES, fetch, read_url_list

    urls = read_url_list(url_list)
    quiet = is_quiet()
    result = fetch(
        urls,
        out,
        cache_dir=cache,
        timeout=timeout,
        max_bytes=max_bytes or MAX_BYTES,
        delay=delay,
    )
    for error in result.errors:
        click.echo(f"error: {error}", err=True)
    if not quiet:
        ok = [x for x in result.items if x.path is not None]
        cached = sum(1 for x in ok if x.status == "cached")
        click.echo(f"fetched {len(ok)} of {len(result.items)} URL(s) into {out} ({cached} cached)")
    if result.errors:
        raise SystemExit(1)
