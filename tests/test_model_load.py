"""The French tokenizer's token pattern is stored once and loaded by later processes: the
same tokens either way, and a damaged file is ignored and written again (real spaCy, real
processes, each with its own index directory)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# an invented text full of the hyphenated and elided words the token pattern keeps whole
TEXT = (
    "Aujourd'hui, l'arrière-grand-mère de Vieux-Bourg-sur-Lac est allée au rond-point "
    "près de Saint-Jean-d'Orbe ; entr'ouverte, la porte du hip-hop-club a laissé voir "
    "le mini-bus électrique et l'écoquartier du Mont-Rouge, qu'on a visité "
    "en tête-à-tête avec les États-Unis d'à côté."
)

_SCRIPT = """
import json, sys
from citykg.extract import compiled, load_pipeline
nlp = load_pipeline("fr")
print(json.dumps({
    "primed": nlp.tokenizer.token_match.__self__ is compiled.primed,
    "tokens": [t.text for t in nlp.tokenizer(sys.argv[1])],
}))
"""


def _run(index_dir: Path) -> dict:
    env = {**os.environ, "CITYKG_INDEX_DIR": str(index_dir)}
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT, TEXT],
        capture_output=True,
        text=True,
        timeout=600,
        env=env,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_stored_token_pattern_gives_the_same_tokens_and_a_damaged_one_is_rewritten(
    tmp_path,
):
    first = _run(tmp_path)  # compiles as spaCy does, then stores it
    assert first["primed"] is False
    stored = sorted(tmp_path.glob("fr-token-match-*.json"))
    assert len(stored) == 1
    assert {"arrière-grand-mère", "Vieux-Bourg-sur-Lac"} <= set(first["tokens"])
    second = _run(tmp_path)  # loads what the first stored
    assert second["primed"] is True
    assert second["tokens"] == first["tokens"]
    # one byte changed in the body: not trusted, compiled as before and stored again
    raw = bytearray(stored[0].read_bytes())
    at = raw.index(b'"code":[') + len(b'"code":[')
    raw[at] = ord("9") if raw[at] != ord("9") else ord("8")
    stored[0].write_bytes(bytes(raw))
    third = _run(tmp_path)
    assert third["primed"] is False and third["tokens"] == first["tokens"]
    fourth = _run(tmp_path)
    assert fourth["primed"] is True and fourth["tokens"] == first["tokens"]
    assert json.loads(stored[0].read_bytes().split(b"\n", 1)[1])["given"] == 0


_FULL_VOCAB = """
import json, sys
from citykg.cache import _head, extraction_row
from citykg.extract import nlp
from citykg.inputs import Budget, extract_paths, plan_inputs
nlp._UNUSED_VOCAB = ()  # the model's whole table of strings, as spaCy loads it by default
assert len(nlp.load_pipeline("fr").vocab.strings) > 100_000
xs = extract_paths(plan_inputs(sys.argv[1:]), budget=Budget())
rows = [[{**_head(x), "seconds": 0}, json.loads(extraction_row(x))] for x in xs]
print(json.dumps(rows, ensure_ascii=False, default=str))
"""


def test_the_french_model_without_its_table_of_strings_extracts_the_same(repo_root):
    from citykg.cache import _head, extraction_row
    from citykg.extract import load_pipeline
    from citykg.inputs import Budget, extract_paths, plan_inputs

    seeds = sorted(str(p) for p in (repo_root / "seeds").iterdir() if p.suffix == ".txt")[:8]
    assert len(load_pipeline("fr").vocab.strings) < 100_000  # loaded without it
    done = subprocess.run(
        [sys.executable, "-c", _FULL_VOCAB, *seeds], capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-3000:]
    full = json.loads(done.stdout.strip().splitlines()[-1])
    xs = extract_paths(plan_inputs(seeds), budget=Budget())
    here = [[{**_head(x), "seconds": 0}, json.loads(extraction_row(x))] for x in xs]
    here = json.loads(json.dumps(here, ensure_ascii=False, default=str))
    assert any(h["document"]["language"] == "fr" and r["entities"] for h, r in here)
    assert here == full
