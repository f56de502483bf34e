"""Extraction on a real dask.distributed LocalCluster of 2 worker processes: the same bytes
as a local build, models loaded once per worker, a dead worker costs a retry (issue 15)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from citykg.distributed import DaskExtractor
from citykg.pipeline import build

pytestmark = pytest.mark.server  # starts real worker processes on 127.0.0.1


@pytest.fixture(scope="module")
def cluster():
    engine = DaskExtractor("local:2", batch_size=2)
    try:
        yield engine
    finally:
        engine.close()


def _corpus(repo_root: Path, dest: Path, n: int = 6) -> Path:
    dest.mkdir()
    for f in sorted(p for p in (repo_root / "seeds").iterdir() if p.suffix != ".json")[:n]:
        shutil.copy(f, dest)
    return dest


def _bytes(out: Path) -> dict[str, bytes]:
    return {n: (out / n).read_bytes() for n in ("citykg.ttl", "citykg.trig")}


def test_dask_build_is_byte_identical_to_a_local_build(cluster, tmp_path, repo_root):
    docs = _corpus(repo_root, tmp_path / "docs")
    (docs / "broken.html").write_bytes(b"\xff\xfe\x00garbage")  # one bad file among them
    assert cluster.workers() == 2
    remote = build([docs], tmp_path / "dask", extractor=cluster, cache=False)
    local = build([docs], tmp_path / "local", cache=False)
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "local")
    assert [x.path for x in remote.extractions] == [x.path for x in local.extractions]
    assert remote.errors == local.errors
    # every worker loaded the French pipeline once (by the plugin), not per task
    loads = cluster.client.run(_pipeline_loads)
    assert len(loads) == 2 and all(n == 1 for n in loads.values()), loads


def _pipeline_loads() -> int:
    from citykg.extract import load_pipeline

    return load_pipeline.cache_info().misses - (load_pipeline.cache_info().currsize - 1)


def test_a_worker_that_dies_costs_its_batch_a_retry(cluster, tmp_path, repo_root):
    docs = _corpus(repo_root, tmp_path / "docs", n=8)
    local = build([docs], tmp_path / "local", cache=False)
    killed = {"done": False}

    def kill_one_worker(x) -> None:
        if not killed["done"]:
            killed["done"] = True
            # a worker process dies mid-build (its batches in flight are retried)
            victim = next(iter(cluster.client.scheduler_info()["workers"]))
            cluster.client.run(_die, workers=[victim], on_error="ignore")

    remote = build(
        [docs], tmp_path / "dask", extractor=cluster, cache=False, progress=kill_one_worker
    )
    assert killed["done"]
    assert remote.ok, remote.errors
    assert _bytes(tmp_path / "dask") == _bytes(tmp_path / "local")
    assert len(local.extractions) == len(remote.extractions)


def _die() -> None:
    import os

    os._exit(1)
