"""A rebuild's start: its few changed files are extracted in a process forked before the
global stages are imported, and the spaCy model is loaded only there, only when a file
needs extracting (real builds, real spaCy, real processes)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from test_cache import CHANGED_TAIL, NEW_DOC, OUTPUTS, _bytes, _corpus

from citykg.pipeline import build

# run in a fresh process, so that what this process has imported or loaded is known
_SCRIPT = """
import json, sys
from citykg.incremental import start_early
from citykg.inputs import Budget, plan_inputs
docs, out, touch = sys.argv[1], sys.argv[2], sys.argv[3]
inputs = plan_inputs([docs], exclude=out)
early = start_early(inputs, out, Budget())
before = sorted(m for m in ("spacy", "citykg.pipeline", "citykg.extract") if m in sys.modules)
if touch:  # a file changes after the early start: its work is not this build's
    with open(touch, "a", encoding="utf-8") as fh:
        fh.write("\\nUne phrase de plus.\\n")
    inputs = plan_inputs([docs], exclude=out)
from citykg.pipeline import build
from citykg.extract import load_pipeline
r = build([docs], out, inputs=inputs, early=early)
print(json.dumps({
    "early": early is not None and early.paths,
    "imported_before": before,
    "cache": r.cache,
    "models_here": load_pipeline.cache_info().currsize,
}))
"""


def _rebuild(docs: Path, out: Path, touch: str = "") -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, str(docs), str(out), touch],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_rebuild_extracts_early_and_loads_the_model_only_where_a_file_needs_it(
    tmp_path, repo_root
):
    docs, out = tmp_path / "docs", tmp_path / "out"
    files = _corpus(repo_root, docs, n=4)
    build([docs], out)
    # all hits: nothing starts, no model anywhere
    same = _rebuild(docs, out)
    assert same["early"] is False and same["models_here"] == 0
    assert same["cache"] == {"hits": 4, "misses": 0, "rejected": 0}
    # one changed, one added: both extracted by the early process, none here
    files[1].write_text(files[1].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    (docs / "zz-new.txt").write_text(NEW_DOC, encoding="utf-8")
    got = _rebuild(docs, out)
    assert got["early"] == [str(files[1]), str(docs / "zz-new.txt")]
    assert got["imported_before"] == []  # it started before spaCy and the stages were imported
    assert got["models_here"] == 0
    assert got["cache"]["misses"] == 2 and got["cache"]["hits"] == 3
    clean = build([docs], tmp_path / "clean", cache=False)
    assert clean.ok and _bytes(out) == _bytes(tmp_path / "clean")


def test_an_early_start_for_other_inputs_is_dropped(tmp_path, repo_root):
    docs, out = tmp_path / "docs", tmp_path / "out"
    files = _corpus(repo_root, docs, n=3)
    build([docs], out)
    files[0].write_text(files[0].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    got = _rebuild(docs, out, touch=str(files[2]))  # a second file changes after the start
    assert got["early"] == [str(files[0])]
    assert got["cache"]["misses"] == 2
    clean = build([docs], tmp_path / "clean", cache=False)
    assert clean.ok and _bytes(out) == _bytes(tmp_path / "clean")
    assert set(OUTPUTS) <= {p.name for p in out.iterdir()}


def _cli(docs: Path, out: Path, code: int = 0) -> subprocess.CompletedProcess:
    done = subprocess.run(
        [sys.executable, "-m", "citykg.cli", "-v", "build", str(docs), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == code, done.stderr[-3000:]
    return done


def test_the_cli_rebuild_hands_its_changed_files_to_the_process_started_warm(
    tmp_path, repo_root
):
    docs, out = tmp_path / "docs", tmp_path / "out"
    files = _corpus(repo_root, docs, n=4)
    _cli(docs, out)  # a first build: no cache yet, nothing started warm
    # all hits: the warm process is stopped (the command returns, nothing extracted)
    same = _cli(docs, out)
    assert "process started warm" not in same.stderr
    assert "cache: 4 hit(s), 0 miss(es)" in same.stderr
    files[0].write_text(files[0].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    files[2].unlink()
    (docs / "zz-new.txt").write_text(NEW_DOC, encoding="utf-8")
    got = _cli(docs, out)
    assert "extracting 2 file(s) in the process started warm" in got.stderr
    assert "cache: 2 hit(s), 2 miss(es)" in got.stderr
    # the process ends without its teardown: what it printed is all there, to pipes
    assert "built 4 document(s)" in got.stdout and f"report  {out}" in got.stdout
    last = got.stderr.rstrip().splitlines()[-1]  # the last log line, flushed
    assert last.startswith("INFO citykg.pipeline: write: 6 file(s) for ")
    clean = build([docs], tmp_path / "clean", cache=False)
    assert clean.ok and _bytes(out) == _bytes(tmp_path / "clean")
    # a file that cannot be read: exit code 1, its error said, the others built
    (docs / "broken.pdf").write_bytes(b"not a pdf")
    failed = _cli(docs, out, code=1)
    assert "error: " in failed.stderr and "broken.pdf" in failed.stderr
    assert "built 4 document(s)" in failed.stdout


def test_a_build_under_a_profiler_exits_the_normal_way_and_the_profile_is_written(
    tmp_path, repo_root
):
    docs, out, prof = tmp_path / "docs", tmp_path / "out", tmp_path / "build.prof"
    _corpus(repo_root, docs, n=2)
    cmd = [sys.executable, "-m", "cProfile", "-o", str(prof), "-m", "citykg.cli", "-q"]
    done = subprocess.run(
        [*cmd, "build", str(docs), "--out", str(out), "--no-view"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    import pstats

    stats = pstats.Stats(str(prof))
    assert any(name == "build" for _, _, name in stats.stats)  # type: ignore[attr-defined]
