"""The command line: help everywhere, version, one-line errors, build exit codes."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg import __version__
from citykg.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("name", sorted(main.commands))
def test_every_command_has_help(name):
    r = CliRunner().invoke(main, [name, "--help"])
    assert r.exit_code == 0
    assert "Usage:" in r.output and len(main.commands[name].help or "") > 20


def test_version():
    r = CliRunner().invoke(main, ["--version"])
    assert r.exit_code == 0 and __version__ in r.output


def test_build_reports_unreadable_files_by_name_and_exits_nonzero(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(ROOT / "seeds" / "004_18690be98519aa2c.txt", docs)
    (docs / "latin1.txt").write_bytes("Délégation à Montréal".encode("latin-1"))
    r = CliRunner().invoke(
        main,
        [
            "-q",
            "build",
            str(docs),
            str(tmp_path / "missing.html"),
            "--out",
            str(tmp_path / "out"),
            "--no-view",
        ],
    )
    assert r.exit_code == 1
    assert "latin1.txt: not UTF-8 text" in r.output
    assert "missing.html: no such file" in r.output
    assert "Traceback" not in r.output
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["ok"] == 1 and report["errors"] == 2


def test_build_cli_writes_outputs(tmp_path):
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        r = CliRunner().invoke(
            main, ["build", "seeds/000_5f95242ee82ac56f.txt", "--out", str(tmp_path)]
        )
    finally:
        os.chdir(cwd)
    assert r.exit_code == 0, r.output
    assert "built 1 document(s)" in r.output
    assert (tmp_path / "index.html").exists() and (tmp_path / "citykg.ttl").exists()
