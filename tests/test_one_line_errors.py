"""Issue 11, "tracebacks to one-line errors", and `query --allow-update` on a build set.

Read-only file systems are real: a tmpfs mounted read-only in a private user and mount
namespace (``unshare -Urm``), so ``mkdir`` fails with EROFS exactly as on a read-only disk.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from citykg.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = Path(__file__).parent / "data" / "sample.trig"
SEED = ROOT / "seeds" / "101_dakar-brt-electrique_fr.txt"


def _one_line(r) -> str:
    assert r.exit_code == 1, r.output
    assert "Traceback" not in r.output
    lines = [line for line in r.output.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, r.output
    return lines[0]


def _dead_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_failing_service_is_one_line(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    q = f"SELECT * WHERE {{ SERVICE <http://127.0.0.1:{_dead_port()}/sparql> {{ ?s ?p ?o }} }}"
    line = _one_line(CliRunner().invoke(main, ["query", q, "--graph", str(tmp_path)]))
    assert line.startswith("Error: query: evaluation failed: ")


def test_a_gold_entity_without_type_is_one_line(tmp_path):
    gold = {
        "documents": ["a.txt"],
        "entities": [{"id": "e1", "label": "Dakar", "type": "City"}, {"id": "e2", "label": "X"}],
        "relations": [],
    }
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(gold))
    line = _one_line(CliRunner().invoke(main, ["evaluate", str(path)]))
    assert f"{path}: gold entity 'e2' has no 'type'" in line


def test_publish_download_base_with_a_quote_is_one_line(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    r = CliRunner().invoke(
        main,
        [
            "publish",
            str(tmp_path / "pub"),
            "--graph",
            str(tmp_path),
            "--download-base",
            'https://example.org/a"b/',
        ],
    )
    assert "--download-base" in _one_line(r)
    assert not (tmp_path / "pub").exists()


def test_allow_update_refuses_a_build_set_and_updates_a_standalone_file(tmp_path):
    """issue 11: --allow-update rewrote citykg.trig only; citykg.ttl, the view and the
    report went on describing the old graph."""
    out = tmp_path / "graphs"
    r = CliRunner().invoke(main, ["-q", "build", str(SEED), "--out", str(out)])
    assert r.exit_code == 0, r.output
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    upd = "INSERT DATA { <http://x/a> <http://x/b> <http://x/c> }"
    line = _one_line(
        CliRunner().invoke(main, ["query", upd, "--graph", str(out), "--allow-update"])
    )
    assert "belongs to the build" in line and "would go stale" in line
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()} == before
    alone = tmp_path / "copy.trig"
    shutil.copy(out / "citykg.trig", alone)
    r = CliRunner().invoke(main, ["query", upd, "--graph", str(alone), "--allow-update"])
    assert r.exit_code == 0, r.output
    r = CliRunner().invoke(
        main, ["query", "ASK { <http://x/a> <http://x/b> <http://x/c> }", "--graph", str(alone)]
    )
    assert r.output.strip() == "true"


# --------------------------------------------------------------------------- read-only fs


def _unshare_works() -> bool:
    if not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-Urm", "true"], capture_output=True).returncode == 0


needs_unshare = pytest.mark.skipif(
    not _unshare_works() and not os.environ.get("CI"),
    reason="needs unprivileged user namespaces (unshare -Urm) to mount a read-only file system",
)

_RO = 'mount -t tmpfs tmpfs "$1" && {setup} mount -o remount,ro "$1" && shift 2 && exec "$@"'


def _on_read_only_fs(tmp_path: Path, setup: str, *argv: str) -> subprocess.CompletedProcess:
    mnt = tmp_path / "ro"
    mnt.mkdir()
    script = _RO.format(setup=setup)
    return subprocess.run(
        ["unshare", "-Urm", "sh", "-c", script, "sh", str(mnt), str(tmp_path), *argv],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=240,
    )


@needs_unshare
def test_query_on_a_read_only_file_system_answers(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    r = _on_read_only_fs(
        tmp_path,
        'cp "$2/citykg.trig" "$1/" &&',
        sys.executable,
        "-m",
        "citykg.cli",
        "query",
        "ASK { ?s ?p ?o }",
        "--graph",
        str(tmp_path / "ro"),
    )
    assert r.returncode == 0, r.stderr
    assert r.stdout.strip() == "true"


_SERVE_ONCE = """
import sys, threading, urllib.request
from citykg.serve import make_server
srv = make_server(sys.argv[1], port=0)
threading.Thread(target=srv.serve_forever, daemon=True).start()
url = f"http://127.0.0.1:{srv.server_address[1]}/sparql?query=ASK%7B%3Fs%20%3Fp%20%3Fo%7D"
print(urllib.request.urlopen(url, timeout=30).read().decode())
srv.shutdown()
"""


@needs_unshare
def test_serve_on_a_read_only_file_system_answers(tmp_path):
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    r = _on_read_only_fs(
        tmp_path,
        'cp "$2/citykg.trig" "$1/" &&',
        sys.executable,
        "-c",
        _SERVE_ONCE,
        str(tmp_path / "ro"),
    )
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["boolean"] is True


@needs_unshare
def test_build_into_a_read_only_output_dir_is_one_line(tmp_path):
    r = _on_read_only_fs(
        tmp_path,
        'mkdir "$1/out" &&',
        sys.executable,
        "-m",
        "citykg.cli",
        "-q",
        "build",
        str(SEED),
        "--out",
        str(tmp_path / "ro" / "out"),
    )
    assert r.returncode == 1, r.stderr
    assert "Traceback" not in r.stderr
    assert r.stderr.strip().splitlines() == [
        f"Error: {tmp_path / 'ro' / 'out'}: cannot write into the output directory (not writable)"
    ]
