"""The README is a runnable tour: every command in it runs here and succeeds."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [line[2:].strip() for line in README.splitlines() if line.startswith("$ citykg ")]
LONG_RUNNING = ("citykg serve", "citykg push", "citykg fetch", "citykg query --endpoint")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"{url} did not answer within {timeout} s")


@pytest.fixture()
def workdir(tmp_path, seeds_build):
    out, _ = seeds_build
    shutil.copytree(ROOT / "seeds", tmp_path / "seeds")
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    shutil.copytree(out, tmp_path / "graphs", ignore=shutil.ignore_patterns(".oxigraph"))
    cwd = os.getcwd()
    os.chdir(tmp_path)
    yield tmp_path
    os.chdir(cwd)


def test_readme_has_a_tour():
    assert len(COMMANDS) >= 15
    assert "make demo" in README and "make test" in README


@pytest.mark.parametrize("command", [c for c in COMMANDS if not c.startswith(LONG_RUNNING)])
def test_readme_command_runs(command, workdir):
    args = shlex.split(command)[1:]
    r = CliRunner().invoke(main, args, catch_exceptions=False)
    assert r.exit_code == 0, f"{command}\n{r.output}"
    assert "Traceback" not in r.output


def test_readme_output_of_the_mumbai_query_is_true(workdir):
    block = README.split('$ citykg query "SELECT DISTINCT ?participant', 1)[1].split("```", 1)[0]
    expected = [
        line for line in block.splitlines()[1:] if line.strip() and not line.startswith("$")
    ]
    command = [c for c in COMMANDS if c.startswith('citykg query "SELECT DISTINCT ?participant')][0]
    r = CliRunner().invoke(main, shlex.split(command)[1:])
    assert r.output.splitlines() == expected


def test_readme_serve_command(workdir):
    command = next(c for c in COMMANDS if c.startswith("citykg serve"))
    port = _free_port()
    args = shlex.split(command.replace("8000", str(port)))[1:]
    proc = subprocess.Popen(
        [sys.executable, "-m", "citykg.cli", *args],
        cwd=workdir,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/")
        q = urllib.request.quote("ASK { ?s a <https://w3id.org/citykg/ontology#City> }")
        body = urllib.request.urlopen(
            f"http://127.0.0.1:{port}/sparql?query={q}", timeout=10
        ).read()
        assert b"true" in body
        # the graph's IRIs dereference, with content negotiation
        page = f"http://127.0.0.1:{port}/resource/city/mumbai"
        html_page = urllib.request.urlopen(page, timeout=10)
        assert html_page.headers["Content-Type"].startswith("text/html")
        assert b"<h1>Mumbai</h1>" in html_page.read()
        req = urllib.request.Request(page, headers={"Accept": "text/turtle"})
        turtle = urllib.request.urlopen(req, timeout=10)
        assert turtle.headers["Vary"] == "Accept" and b"city:mumbai a ckg:City" in turtle.read()
        for remote in (c for c in COMMANDS if c.startswith("citykg query --endpoint")):
            args = shlex.split(remote.replace("8000", str(port)))[1:]
            r = CliRunner().invoke(main, args, catch_exceptions=False)
            assert r.exit_code == 0 and "city:mumbai" in r.output, f"{remote}\n{r.output}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_readme_push_command(workdir, tmp_path):
    command = next(c for c in COMMANDS if c.startswith("citykg push"))
    oxigraph = shutil.which("oxigraph") or str(Path(sys.executable).parent / "oxigraph")
    assert Path(oxigraph).exists(), "the oxigraph server (PyPI package 'oxigraph') is required"
    port = _free_port()
    server = subprocess.Popen(
        [oxigraph, "serve", "--location", str(tmp_path / "store"), "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait(f"http://127.0.0.1:{port}/")
        args = shlex.split(re.sub(r"127\.0\.0\.1:\d+", f"127.0.0.1:{port}", command))[1:]
        r = CliRunner().invoke(main, args, catch_exceptions=False)
        assert r.exit_code == 0, r.output
        q = urllib.request.quote("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        req = urllib.request.Request(
            f"http://127.0.0.1:{port}/query?query={q}", headers={"Accept": "text/csv"}
        )
        n = int(urllib.request.urlopen(req, timeout=10).read().decode().split()[1])
        assert n > 1000
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_readme_python_snippet_runs(workdir):
    code = README.split("```python\n", 1)[1].split("```", 1)[0]
    exec(compile(code, "README.md", "exec"), {})
    assert (workdir / "mumbai.html").exists() and (workdir / "map.html").exists()


def test_readme_fetch_command(workdir):
    """The tour's fetch runs against examples/site served on loopback, then builds."""
    import functools
    import threading
    from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

    command = next(c for c in COMMANDS if c.startswith("citykg fetch"))
    handler = functools.partial(SimpleHTTPRequestHandler, directory=str(workdir / "examples/site"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    port = server.server_address[1]
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        urls = workdir / "examples" / "urls.txt"
        urls.write_text(urls.read_text().replace("127.0.0.1:8001", f"127.0.0.1:{port}"))
        r = CliRunner().invoke(main, shlex.split(command)[1:], catch_exceptions=False)
        assert r.exit_code == 0, r.output
        assert "fetched 1 of 1 URL(s)" in r.output
        r = CliRunner().invoke(main, ["build", "examples/fetched", "--out", "fetched-graphs"])
        assert r.exit_code == 0, r.output
        ttl = (workdir / "fetched-graphs" / "citykg.ttl").read_text(encoding="utf-8")
        assert f"dcterms:source <http://127.0.0.1:{port}/news/kigali-accra.html>" in ttl
    finally:
        server.shutdown()
        server.server_close()


def _readme_script():
    import importlib.util

    spec = importlib.util.spec_from_file_location("readme_script", ROOT / "scripts" / "readme.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_readme_printed_outputs_and_figures_are_current():
    """`make readme` regenerates the tour's outputs and the figures; a stale README fails."""
    script = _readme_script()
    assert README.count(script.OUTPUT_MARK) >= 4 and script.FIGURES_START in README
    new = script.render(README)
    diff = script.stale_lines(README, new)
    assert not diff, "README.md is stale: run make readme\n" + "\n".join(diff)


def test_readme_check_normalises_times_only():
    script = _readme_script()
    a = "built 26 document(s): 480 entities in 11.3 s\nconsistent in 2 s"
    assert script.normalise(a) == script.normalise(a.replace("11.3", "9.8").replace("2 s", "3.1 s"))
    assert script.normalise(a) != script.normalise(a.replace("480", "481"))


def test_a_new_gold_set_gets_its_row_after_the_set_before_it():
    """A gold set added to GOLD_SETS gets a Measured row without editing the table by
    hand: after the previous set's row, the benchmark rows left where they are."""
    script = _readme_script()
    table = ["| a | old a |", "| c | old c |", "| build | 1.6 |"]
    rows = ["| a | new a |", "| b | new b |", "| c | new c |"]
    assert script.merge_rows(table, rows) == [
        "| a | new a |",
        "| b | new b |",
        "| c | new c |",
        "| build | 1.6 |",
    ]
    assert script.merge_rows(table, ["| z | first |"]) == table


def test_readme_says_how_to_get_the_command():
    tour = README.split("## A tour of the commands", 1)[1].split("$ citykg", 1)[0]
    assert "source .venv/bin/activate" in tour and ".venv/bin/citykg" in tour


def test_readme_python_example_names_real_attributes(seeds_build):
    _, result = seeds_build
    comment = README.split("# BuildResult:", 1)[1].split("\n", 1)[0]
    names = [n.strip() for n in comment.split(",")]
    assert names and all(hasattr(result, n) for n in names), names


def test_tour_outputs_are_committed_or_ignored(repo_root):
    """`make demo` and the tour write only files git tracks or ignores (nothing left dirty)."""
    if not (repo_root / ".git").exists() or shutil.which("git") is None:
        pytest.skip("not a git checkout")
    outs = []
    for command in COMMANDS:
        args = shlex.split(command)
        if "--out" in args:
            outs.append(args[args.index("--out") + 1])
        if args[1] == "publish":
            outs.append(args[2])
    outs += ["graphs/timings.json", "graphs/report.json", "graphs/index.html"]
    for out in outs:
        rel = out.rstrip("/")
        tracked = (
            subprocess.run(
                ["git", "ls-files", "--error-unmatch", rel], cwd=repo_root, capture_output=True
            ).returncode
            == 0
        )
        ignored = (
            subprocess.run(
                [
                    "git",
                    "check-ignore",
                    "-q",
                    "--no-index",
                    rel + ("/x" if "." not in Path(rel).name else ""),
                ],
                cwd=repo_root,
            ).returncode
            == 0
        )
        assert tracked or ignored, f"{rel}: written by the tour, neither committed nor ignored"


def test_committed_report_has_no_timings(repo_root):
    import json

    report = json.loads((repo_root / "graphs" / "report.json").read_text(encoding="utf-8"))
    assert "seconds" not in report
    assert all("seconds" not in row for row in report["documents"])


def test_make_demo_rewrites_no_committed_view(tmp_path):
    """The committed graphs/index.html is drawn the same in every process (hash seeds
    differ between processes; the layout must not follow set order), so `make demo`
    leaves it unchanged."""
    pages = []
    for seed in ("1", "2"):
        out = tmp_path / f"view-{seed}.html"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "citykg.cli",
                "-q",
                "view",
                "--graph",
                str(ROOT / "graphs"),
                "--out",
                str(out),
            ],
            env={**os.environ, "PYTHONHASHSEED": seed},
            check=True,
            capture_output=True,
        )
        pages.append(out.read_bytes())
    assert pages[0] == pages[1]
