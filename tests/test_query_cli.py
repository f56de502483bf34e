"""`citykg query` / `citykg queries` through click's CliRunner."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main

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
