"""`citykg query` / `citykg queries` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import shutil
import threading
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main
from citykg.serve import make_server

SAMPLE = Path(__file__).parent / "data" / "sample.trig"


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    return tmp_path


def run(*args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), input=input)


def test_named_query_csv(build_dir: Path) -> None:
    res = run(
        "query",
        "--graph",
        str(build_dir),
        "--name",
        "exchanges-by-city",
        "--param",
        "city=mumbai",
        "--format",
        "csv",
    )
    assert res.exit_code == 0, res.output
    rows = list(csv.DictReader(io.StringIO(res.output)))
    assert len(rows) == 1 and rows[0]["exchange"].endswith("bus-a-zero-emission")


def test_sparql_from_stdin_and_file(build_dir: Path, tmp_path: Path) -> None:
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?c a <https://w3id.org/citykg/ontology#City> }"
    res = run("query", "-", "--graph", str(build_dir), "--format", "json", input=q)
    assert res.exit_code == 0, res.output
    assert json.loads(res.output)["results"]["bindings"][0]["n"]["value"] == "6"
    rq = tmp_path / "q.rq"
    rq.write_text(q)
    res = run("query", "-f", str(rq), "--graph", str(build_dir))
    assert res.exit_code == 0 and res.output.splitlines()[-1].strip() == "6"


def test_syntax_error_one_line_no_traceback(build_dir: Path) -> None:
    res = run("query", "SELECT ?x WHER { }", "--graph", str(build_dir))
    assert res.exit_code != 0
    assert "Traceback" not in res.output
    lines = [line for line in res.output.splitlines() if line.strip()]
    assert lines == [
        "Error: query: SPARQL syntax error at line 1, column 16: expected one of DISTINCT, WHERE"
    ]


def test_update_refused_then_allowed(build_dir: Path) -> None:
    upd = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    before = (build_dir / "citykg.trig").read_bytes()
    res = run("query", upd, "--graph", str(build_dir))
    assert res.exit_code == 1 and "pass --allow-update" in res.output
    assert (build_dir / "citykg.trig").read_bytes() == before
    res = run("query", upd, "--graph", str(build_dir), "--allow-update")
    assert res.exit_code == 0, res.output
    res = run("query", "ASK { <http://x/a> <http://x/b> <http://x/c> }", "--graph", str(build_dir))
    assert res.output.strip() == "true"


def test_bad_param_and_missing_source(build_dir: Path) -> None:
    res = run("query", "--name", "exchanges-by-city", "--param", "city", "--graph", str(build_dir))
    assert res.exit_code == 1 and "expected NAME=VALUE" in res.output
    res = run("query", "--graph", str(build_dir))
    assert res.exit_code == 1 and "exactly one of" in res.output


def test_missing_graph_is_one_line(tmp_path: Path) -> None:
    res = run("query", "ASK {}", "--graph", str(tmp_path / "nope"))
    assert res.exit_code == 1 and "no such graph file or directory" in res.output
    assert "Traceback" not in res.output


def test_queries_lists_names_params_descriptions() -> None:
    res = run("queries")
    assert res.exit_code == 0
    assert "exchanges-by-city  --param city=…" in res.output
    assert "evidence-for  --param subject=…" in res.output
    assert "who-learned-from-whom" in res.output


@pytest.fixture
def served(build_dir: Path):
    """A real ``citykg serve`` on 127.0.0.1 (ephemeral port) over the sample graph."""
    srv = make_server(build_dir, port=0)
    thread = threading.Thread(target=srv.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{srv.server_address[1]}/sparql"
    finally:
        srv.shutdown()
        srv.server_close()
        thread.join(timeout=5)


@pytest.mark.issue(12)
@pytest.mark.parametrize("fmt", ["table", "csv", "json"])
def test_endpoint_answers_as_the_file_does(build_dir: Path, served: str, fmt: str) -> None:
    """``--endpoint`` sends the query to a running serve: same answer as on the file."""
    q = "SELECT ?c ?l WHERE { ?c a ckg:City ; rdfs:label ?l FILTER(lang(?l)='en') } ORDER BY ?c"
    local = run("query", "--graph", str(build_dir), "--format", fmt, q)
    remote = run("query", "--endpoint", served, "--format", fmt, q)
    assert local.exit_code == 0 and remote.exit_code == 0, remote.output
    if fmt == "json":
        assert json.loads(remote.output) == json.loads(local.output)
    else:
        assert remote.output.replace("\r\n", "\n") == local.output.replace("\r\n", "\n")
    assert "Mumbai" in remote.output


@pytest.mark.issue(12)
def test_endpoint_named_query_binds_params_as_values(build_dir: Path, served: str) -> None:
    args = ("query", "--name", "exchanges-by-city", "--param", "city=mumbai", "--format", "csv")
    local = run(*args, "--graph", str(build_dir))
    remote = run(*args, "--endpoint", served)
    assert remote.exit_code == 0, remote.output
    assert remote.output.replace("\r\n", "\n") == local.output.replace("\r\n", "\n")
    assert len(remote.output.strip().splitlines()) > 1
    # a value cannot change the query's syntax: it is one literal
    evil = run(
        "query", "--name", "exchanges-by-city", "--param", 'city=x" } }', "--endpoint", served
    )
    assert evil.exit_code == 0, evil.output


def test_endpoint_errors_are_one_line(served: str) -> None:
    res = run("query", "--endpoint", served, "SELECT ?x WHERE { ?x")
    assert res.exit_code == 1 and "HTTP 400" in res.output and "Traceback" not in res.output
    down = run("query", "--endpoint", "http://127.0.0.1:9/sparql", "ASK {}")
    assert down.exit_code == 1 and "cannot reach" in down.output
    upd = run("query", "--endpoint", served, "INSERT DATA { <http://x/a> <http://x/b> 1 }")
    assert upd.exit_code == 1 and "updates" in upd.output
