"""Incremental builds: a rebuild after adding, changing and deleting documents gives the
same bytes as a clean build of the same inputs, and extracts only what changed."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from citykg.cache import CACHE_NAME, CHUNKS_NAME, STATE_NAME, ExtractionCache
from citykg.chunks import _index, chunk_key
from citykg.extract.gazetteer import load_gazetteer
from citykg.pipeline import build
from citykg.vocab import DEFAULT_BASE

NEW_DOC = """Coopération décentralisée

Lyon et Ouagadougou signent un accord sur la gestion des déchets

Le 12 février 2025, la ville de Lyon a accueilli une délégation de Ouagadougou (Burkina Faso)
pour un échange consacré au tri et à la valorisation des déchets ménagers.
"""

CHANGED_TAIL = "\nLa délégation de Nantes (France) a rejoint la visite le dernier jour.\n"

OUTPUTS = ("citykg.ttl", "citykg.trig")


def _corpus(repo_root: Path, dest: Path, n: int = 5) -> list[Path]:
    dest.mkdir()
    files = sorted(p for p in (repo_root / "seeds").iterdir() if p.suffix in (".txt", ".md"))[:n]
    for f in files:
        shutil.copy(f, dest)
    return sorted(dest.iterdir())


def _bytes(out: Path) -> dict[str, bytes]:
    return {name: (out / name).read_bytes() for name in OUTPUTS}


def test_rebuild_after_add_change_delete_equals_a_clean_build(tmp_path, repo_root):
    docs = tmp_path / "docs"
    files = _corpus(repo_root, docs)
    out = tmp_path / "out"
    first = build([docs], out)
    assert first.cache == {"hits": 0, "misses": len(files), "rejected": 0}
    entries = list((out / CACHE_NAME).glob("*/*.json"))
    assert len(entries) == len(files)

    files[0].write_text(files[0].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    files[1].unlink()
    (docs / "200_lyon-ouagadougou-dechets_fr.txt").write_text(NEW_DOC, encoding="utf-8")
    again = build([docs], out)
    assert again.cache == {"hits": len(files) - 2, "misses": 2, "rejected": 0}
    assert again.chunks["folded"] is True  # the changes folded into the previous merge

    clean = build([docs], tmp_path / "clean", cache=False)
    assert clean.cache is None
    assert not (tmp_path / "clean" / CACHE_NAME).exists()
    assert _bytes(out) == _bytes(tmp_path / "clean")
    ttl = (out / "citykg.ttl").read_text(encoding="utf-8")
    assert "Ouagadougou" in ttl and "Nantes" in ttl
    assert files[1].stem not in (out / "citykg.trig").read_text(encoding="utf-8")
    # the deleted and the old version of the changed file are pruned
    assert len(list((out / CACHE_NAME).glob("*/*.json"))) == len(files)
    # counts that change from run to run live beside the deterministic report
    timings = json.loads((out / "timings.json").read_text(encoding="utf-8"))
    assert timings["cache"]["hits"] == len(files) - 2
    assert set(timings["stages"]) == {"extract", "resolve", "rdf", "files"}


def test_a_corrupt_entry_is_ignored_and_rebuilt(tmp_path, repo_root):
    docs = tmp_path / "docs"
    _corpus(repo_root, docs, n=2)
    out = tmp_path / "out"
    build([docs], out)
    before = _bytes(out)
    entries = sorted((out / CACHE_NAME).glob("*/*.json"))
    entries[0].write_bytes(b'{"key": "not json')
    # a line of documents, then a line of entities and relations per extraction
    head, documents, *rows = entries[1].read_text(encoding="utf-8").split("\n")
    row = json.loads(rows[0])
    row["relations"] = []  # valid JSON, checksum no longer matches
    lines = [head, documents, json.dumps(row), *rows[1:]]
    entries[1].write_text("\n".join(lines), encoding="utf-8")
    again = build([docs], out)
    assert again.cache == {"hits": 0, "misses": 2, "rejected": 2}
    assert _bytes(out) == before
    assert ExtractionCache(out / CACHE_NAME).get(entries[0].stem) is not None


def test_a_rebuild_with_all_hits_loads_no_model(tmp_path, repo_root):
    docs = tmp_path / "docs"
    _corpus(repo_root, docs, n=2)
    out = tmp_path / "out"
    build([docs], out)
    script = (
        "import sys\n"
        "from citykg.pipeline import build\n"
        "from citykg.extract import load_pipeline\n"
        f"r = build([{str(docs)!r}], {str(out)!r})\n"
        "print(r.cache['hits'], load_pipeline.cache_info().currsize)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    assert done.stdout.split() == ["2", "0"]


def test_cache_clear_and_no_cache_on_the_command_line(tmp_path, repo_root):
    docs = tmp_path / "docs"
    _corpus(repo_root, docs, n=1)
    out = tmp_path / "out"
    citykg = [sys.executable, "-m", "citykg.cli"]  # this checkout's citykg, whatever PATH says
    run = dict(capture_output=True, text=True, timeout=300)
    done = subprocess.run([*citykg, "build", str(docs), "--out", str(out)], **run)
    assert done.returncode == 0, done.stderr
    # not a terminal: no bar, no "loading model" line
    assert "loading model" not in done.stderr and "extracting" not in done.stderr
    assert (out / CACHE_NAME).is_dir()
    done = subprocess.run([*citykg, "cache", "clear", "--out", str(out)], **run)
    assert done.returncode == 0 and "removed 1 cache entry" in done.stdout
    assert not (out / CACHE_NAME).exists()
    done = subprocess.run(
        [*citykg, "-v", "build", str(docs), "--out", str(out), "--no-cache"], **run
    )
    assert done.returncode == 0, done.stderr
    assert not (out / CACHE_NAME).exists()
    assert "extract: " in done.stderr and "loading model" in done.stderr


def test_progress_bar_rate_counts_documents_only():
    import io

    from citykg.progress import Progress

    stream = io.StringIO()
    bar = Progress(stream, tty=True)
    bar.start(3)
    for _ in range(3):
        bar(None)
    bar.close()
    text = stream.getvalue()
    assert text.startswith("loading model … (3 document file(s) to extract)\n")
    assert "3/3" in text and "docs/s" in text and "ETA" in text


def _chunk_files(out: Path, suffix: str) -> list[Path]:
    return sorted((out / CACHE_NAME / CHUNKS_NAME).glob(f"*/*{suffix}"))


def test_a_corrupt_chunk_is_ignored_and_rebuilt(tmp_path, repo_root):
    docs = tmp_path / "docs"
    _corpus(repo_root, docs, n=3)
    out = tmp_path / "out"
    first = build([docs], out)
    assert first.chunks == {"reused": 0, "built": 3, "folded": False}
    before = _bytes(out)
    chunks = _chunk_files(out, ".json")
    assert len(chunks) == 3
    assert build([docs], out).chunks == {"reused": 3, "built": 0, "folded": True}
    chunks[0].write_bytes(b'{"key": "not json')
    # its TriG block (after the JSON line) edited: valid JSON, the hash no longer matches
    raw = chunks[1].read_bytes()
    at = raw.rindex(b"ckg:")
    chunks[1].write_bytes(raw[:at] + b"ckx:" + raw[at + 4 :])
    assert raw != chunks[1].read_bytes()
    again = build([docs], out)
    # the previous merge is not folded into: the TriG would carry the damaged chunks
    assert again.chunks == {"reused": 1, "built": 2, "folded": False}
    assert again.cache == {"hits": 3, "misses": 0, "rejected": 0}  # extraction untouched
    assert _bytes(out) == before
    assert build([docs], out).chunks == {"reused": 3, "built": 0, "folded": True}


def test_a_renamed_node_invalidates_the_chunks_that_mention_it(tmp_path, repo_root):
    """A chunk's key covers the resolved IRI and description of every entity its graph
    describes: when resolution renames a node, exactly the documents naming it change."""
    docs = tmp_path / "docs"
    _corpus(repo_root, docs, n=5)
    result = build([docs], None)
    documents = [x.document for x in result.extractions if x.ok]
    gaz = load_gazetteer()
    resolved = result.resolved
    keys = {
        d.doc_id: chunk_key(_index(resolved, DEFAULT_BASE, gaz), d, DEFAULT_BASE) for d in documents
    }
    # an entity some documents mention and others do not
    counts = {k: len(e.docs) for k, e in resolved.entities.items() if e.type != "Country"}
    key = next(k for k, n in sorted(counts.items()) if 1 < n < len(documents))
    ent = resolved.entities[key]
    naming = set(ent.docs)
    # renamed as _unique_slugs does when another node takes the slug (a gazetteer IRI
    # ignores the slug, so its labels change too, as when a new document brings a label)
    ent.slug = ent.slug + "-2"
    ent.labels["es"] = "renamed"
    ix = _index(resolved, DEFAULT_BASE, gaz)
    changed = {d.doc_id for d in documents if chunk_key(ix, d, DEFAULT_BASE) != keys[d.doc_id]}
    related = {r.doc_id for r in resolved.relations if key in (r.subject, r.obj)}
    assert naming <= changed <= naming | related
    assert changed != {d.doc_id for d in documents}


def test_a_damaged_or_outgrown_merge_state_is_not_folded_into(tmp_path, repo_root, monkeypatch):
    """The RDF stage's merge kept between builds (citykg.rdfstate) is used only when its
    manifest and files check out and the changes are few; otherwise every chunk is folded
    again, and the files are the same bytes either way."""
    from citykg import chunkstage

    docs = tmp_path / "docs"
    files = _corpus(repo_root, docs, n=4)
    out = tmp_path / "out"
    build([docs], out)
    state = out / CACHE_NAME / STATE_NAME
    assert (state / "MANIFEST").is_file() and len(list(state.glob("*.lines"))) == 4
    files[0].write_text(files[0].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    files[2].unlink()
    # one merged file altered: the manifest's hash no longer matches
    triples = next(state.glob("triples-*.lines"))
    triples.write_bytes(triples.read_bytes().replace(b"\x001\n", b"\x002\n", 1))
    damaged = build([docs], out)
    assert damaged.chunks["folded"] is False
    build([docs], tmp_path / "clean", cache=False)
    assert _bytes(out) == _bytes(tmp_path / "clean")
    assert len(list(state.glob("*.lines"))) == 4  # the earlier state's files are removed
    # more changes than a fold takes: every chunk folded again
    monkeypatch.setattr(chunkstage, "CHANGES_MAX", 0)
    (docs / "200_lyon-ouagadougou-dechets_fr.txt").write_text(NEW_DOC, encoding="utf-8")
    many = build([docs], out)
    assert many.chunks["folded"] is False
    monkeypatch.setattr(chunkstage, "CHANGES_MAX", 256)
    files[1].write_text(files[1].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    folded = build([docs], out)
    assert folded.chunks["folded"] is True
    build([docs], tmp_path / "clean2", cache=False)
    assert _bytes(out) == _bytes(tmp_path / "clean2")


def test_chunk_keys_made_half_in_a_forked_process_give_the_same_build(
    tmp_path, repo_root, monkeypatch
):
    """The keys' second half made in a forked process (posix; the threshold lowered so
    that a small corpus takes that path): the same files and the same report, predicate
    counts included, as a clean build that makes every key here."""
    import citykg.chunks as chunks
    import citykg.forking as forking

    docs = tmp_path / "docs"
    files = _corpus(repo_root, docs)
    monkeypatch.setattr(chunks, "_SPLIT_MIN", 2)
    got: list = []
    real = forking.ForkedCall.result

    def spy(self):  # the forks' results; the keys' ones are tuples (the TriG's is True)
        value = real(self)
        if isinstance(value, tuple):
            got.append(value)
        return value

    monkeypatch.setattr(forking.ForkedCall, "result", spy)
    out = tmp_path / "out"
    build([docs], out)
    files[0].write_text(files[0].read_text(encoding="utf-8") + CHANGED_TAIL, encoding="utf-8")
    again = build([docs], out)
    assert again.chunks["built"] >= 1 and again.chunks["folded"] is True
    # the rebuild's keys 3 to 5 came from a fork (a first build makes each key as it
    # makes the chunk: it has no earlier merge to compare them with)
    assert len(got) == 1 and all(len(g[0]) == 3 for g in got)
    monkeypatch.setattr(chunks, "_SPLIT_MIN", 10**9)  # the clean build: every key here
    build([docs], tmp_path / "clean", cache=False)
    assert _bytes(out) == _bytes(tmp_path / "clean")
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    want = json.loads((tmp_path / "clean" / "report.json").read_text(encoding="utf-8"))
    assert report["relations"] == want["relations"] and sum(report["relations"].values()) > 0
    assert {k: v for k, v in report.items() if k != "files"} == {
        k: v for k, v in want.items() if k != "files"
    }


def test_chunks_that_cannot_be_written_still_give_the_build(tmp_path, repo_root):
    """A cache directory that cannot take the RDF chunks (here: its ``rdf`` entry is a file,
    so no chunk file can be made; a full disk is the same) costs the next build its reuse,
    never this build its TriG: the blocks not written are kept in memory."""
    docs = tmp_path / "docs"
    _corpus(repo_root, docs, n=3)
    clean = tmp_path / "clean"
    build([docs], clean, cache=False)
    out = tmp_path / "out"
    (out / CACHE_NAME).mkdir(parents=True)
    (out / CACHE_NAME / CHUNKS_NAME).write_text("not a directory\n")
    result = build([docs], out)
    assert result.chunks["built"] == 3
    assert _bytes(out) == _bytes(clean)
    assert build([docs], out).chunks["reused"] == 0  # nothing was stored to reuse
