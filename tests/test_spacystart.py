"""spaCy imported by citykg leaves its command line unimported, and every use of that
command line in the process still gets spaCy's own code (a fresh process each)."""

from __future__ import annotations

import json
import subprocess
import sys

_SCRIPT = """
import json, sys
import citykg.extract.nlp  # imports spaCy
before = sorted(m for m in ("typer", "weasel", "httpx") if m in sys.modules)
import spacy
info = spacy.info(silent=True)  # spaCy's own, imported now
from spacy.cli import download
import spacy.cli.package
print(json.dumps({
    "before": before,
    "version": info["spacy_version"],
    "download": download.__module__,
    "package": sys.modules["spacy.cli.package"].package.__module__,
    "real": type(sys.modules["spacy.cli"]).__name__,
}))
"""


def test_spacy_imports_without_its_command_line_until_it_is_used():
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr[-3000:]
    got = json.loads(done.stdout.strip().splitlines()[-1])
    assert got["before"] == []
    import spacy

    assert got["version"] == spacy.__version__
    assert got["download"] == "spacy.cli.download"
    assert got["package"] == "spacy.cli.package"
    assert got["real"] == "module"
