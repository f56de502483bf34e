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


def shared_path(*parts: str) -> Path:
    """``../shared/<parts>``, the project's shared evaluator and gold data beside the clone.

    A user's fresh clone has no ``../shared``: the tests that read it skip, saying why.
    Under ``CI=true`` the folder is part of the setup, so a missing one fails the test."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        reason = f"needs {path} (../shared beside the repository)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(f"{reason}; CI=true, so it must be there", pytrace=False)
        pytest.skip(f"{reason}; not in this clone (run under CI=true to require it)")
    return path


@pytest.fixture()
def shared_dir() -> Path:
    """The ``../shared`` folder: skip outside CI when it is missing, fail under CI=true."""
    return shared_path()


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


# Hypothesis under CI draws a fixed sequence of examples (derandomize): a green main stays
# green, and a failure there is reproducible by anyone. Runs outside CI explore new examples
# each time, which is how the suite keeps finding new bugs.
try:
    from hypothesis import settings as _hyp_settings

    _hyp_settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI"):
        _hyp_settings.load_profile("ci")
except ImportError:  # hypothesis is a dev dependency
    pass
