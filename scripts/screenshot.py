#!/usr/bin/env python
"""Render a graph's views and save PNGs of them as headless Chromium draws them.

    .venv/bin/python scripts/screenshot.py GRAPH_DIR_OR_FILE [OUT.png] [--view overview|network|map]
    .venv/bin/python scripts/screenshot.py graphs --all docs   # the README's three pictures

Default OUT is docs/screenshot.png (the README picture of the overview); ``--all DIR``
writes DIR/screenshot.png, DIR/network.png and DIR/map.png. Waits until the page says its
layout is settled, so the picture is what a reader sees when the page opens.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from citykg.graphio import write_atomic
from citykg.view import render_cooperation, render_view

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"


def screenshot(
    page: Path,
    out: Path,
    width: int = 1400,
    height: int = 900,
    timeout: float = 60.0,
    select: str | None = None,
) -> Path:
    """Open ``page`` in headless Chromium, wait for the layout to settle, write a PNG."""
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    with tempfile.TemporaryDirectory() as profile:
        for arg in (
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--hide-scrollbars",
            f"--window-size={width},{height}",
            f"--user-data-dir={profile}",
        ):
            opts.add_argument(arg)
        driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
        try:
            driver.set_page_load_timeout(timeout)
            driver.get(page.resolve().as_uri())
            deadline = time.monotonic() + timeout
            while not driver.execute_script(
                "return !!(window.citykgView && window.citykgView.stabilized)"
            ):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{page}: layout did not stabilise in {timeout:.0f}s")
                time.sleep(0.05)
            driver.execute_script(
                "if (citykgView.network) { citykgView.network.fit({animation: false}); }"
            )
            if select:  # pin one entity's details in the side panel, keeping the view
                found = driver.execute_script(
                    "var ids = citykgView.search(arguments[0]);"
                    "return ids.length ? citykgView.select(ids[0], true) : false;",
                    select,
                )
                if not found:
                    raise SystemExit(f"{select}: no such entity in {page}")
            time.sleep(0.2)  # one frame for the redraw after fit
            png = driver.get_screenshot_as_png()
        finally:
            driver.quit()
    return write_atomic(out, png)


PICTURES = {"overview": "screenshot.png", "network": "network.png", "map": "map.png"}


def render(graph: str, view: str, page: Path, lang: str) -> None:
    """Write the HTML of one view of ``graph`` to ``page``."""
    if view == "overview":
        render_view(graph, page, lang=lang)
    else:
        render_cooperation(graph, page, kind=view, lang=lang)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("graph", help="build directory or RDF file")
    parser.add_argument("out", nargs="?", default="docs/screenshot.png", type=Path)
    parser.add_argument("--view", choices=sorted(PICTURES), default="overview")
    parser.add_argument("--all", metavar="DIR", type=Path, help="all three views into DIR")
    parser.add_argument("--width", type=int, default=1400)
    parser.add_argument("--height", type=int, default=900)
    parser.add_argument("--lang", choices=["en", "fr"], default="en")
    parser.add_argument("--select", metavar="NAME", help="entity whose details to show")
    args = parser.parse_args(argv)
    jobs = (
        [(v, args.all / name) for v, name in PICTURES.items()]
        if args.all
        else [(args.view, args.out)]
    )
    with tempfile.TemporaryDirectory() as tmp:
        for view, out in jobs:
            page = Path(tmp) / f"{view}.html"
            render(args.graph, view, page, args.lang)
            select = args.select if view == "overview" else None
            print(screenshot(page, out, args.width, args.height, select=select))
    return 0


if __name__ == "__main__":
    sys.exit(main())
