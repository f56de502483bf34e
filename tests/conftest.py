"""Shared fixtures: the seeds built once per test session (real spaCy, real gazetteer)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return ROOT


@pytest.fixture(scope="session")
def seeds_build(tmp_path_factory):
    """``citykg build seeds`` run from the repository root into a temporary directory."""
    from citykg.pipeline import build

    out = tmp_path_factory.mktemp("seeds-build")
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        result = build(["seeds"], out)
    finally:
        os.chdir(cwd)
    return out, result


@pytest.fixture()
def seeds_copy(tmp_path, seeds_build) -> Path:
    """A private copy of the seeds build directory (tests may write into it)."""
    out, _ = seeds_build
    dest = tmp_path / "graphs"
    shutil.copytree(out, dest, ignore=shutil.ignore_patterns(".oxigraph"))
    return dest
