"""Issue 11, "no silent data loss" and "bounded work": ids, empty builds, the output set
swapped at once, the lock, budgets and dead workers. Real spaCy, real processes, real
signals: a killed build is a subprocess killed with SIGKILL."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Graph

from citykg.cli import main
from citykg.errors import CityKGError
from citykg.pipeline import Budget, NothingBuilt, assign_ids, build, plan_inputs

ROOT = Path(__file__).resolve().parent.parent
SEED_FR = ROOT / "seeds" / "101_dakar-brt-electrique_fr.txt"
SEED_EN = ROOT / "seeds" / "104_iclei-congress-organic-waste_en.txt"
OUT_SET = ("citykg.ttl", "citykg.trig", "report.json")


def _doc(path: Path, city: str = "Dakar", partner: str = "Kigali") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        f"Échange entre pairs à {city}\n\nLa ville de {city} a accueilli une délégation de "
        f"{partner} pour un échange sur les bus électriques et l'adaptation au climat.\n",
        encoding="utf-8",
    )
    return path


def _run(args: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *args], capture_output=True, text=True, cwd=ROOT, timeout=240, **kw
    )


# --------------------------------------------------------------------------- document ids


def test_same_stem_in_two_folders_gives_two_documents(tmp_path):
    """issue 11: a/report.txt and b/report.txt were one document, a's triples credited to b."""
    _doc(tmp_path / "in" / "a" / "report.txt", "Dakar", "Kigali")
    _doc(tmp_path / "in" / "b" / "report.txt", "Lyon", "Montréal")
    _doc(tmp_path / "in" / "x.txt", "Rabat", "Tunis")
    (tmp_path / "in" / "x.md").write_text(
        "# Échange à Lille\n\nLa ville de Lille a reçu une délégation de Liège sur le climat.\n"
    )
    result = build([tmp_path / "in"], tmp_path / "out", view=False)
    assert result.ok, result.errors
    ids = sorted(x.document.doc_id for x in result.extractions)
    assert ids == ["a-report", "b-report", "x-md", "x-txt"]
    ds = Dataset()
    ds.parse(tmp_path / "out" / "citykg.trig", format="trig")
    graphs = {str(g.identifier) for g in ds.graphs()}
    assert all(any(g.endswith(f"/{i}") for g in graphs) for i in ids), graphs
    again = build([tmp_path / "in"], tmp_path / "out2", view=False)
    assert sorted(x.document.doc_id for x in again.extractions) == ids  # stable


def test_ids_are_relative_to_the_input_root_and_keep_flat_stems(tmp_path):
    _doc(tmp_path / "c" / "sub" / "p.txt")
    rows = plan_inputs([tmp_path / "c", SEED_FR])
    assert [r.doc_id for r in rows] == ["sub-p", "101-dakar-brt-electrique-fr"]
    # a clash left after the extension is resolved by a hash of the path, still unique
    ids = assign_ids(["a b.txt", "a-b.txt", "a b.md"], ["1/a b.txt", "1/a-b.txt", "1/a b.md"])
    assert len(set(ids)) == 3 and ids[2] == "a-b-md"


# --------------------------------------------------------------------------- nothing built


def test_a_typo_in_the_input_path_writes_nothing_and_fails(tmp_path):
    """issue 11: `citykg build seedz --out graphs` replaced a 10,123-triple graph."""
    out = tmp_path / "graphs"
    build([SEED_FR], out, view=False)
    before = {n: (out / n).read_bytes() for n in OUT_SET}
    r = CliRunner().invoke(main, ["-q", "build", str(tmp_path / "seedz"), "--out", str(out)])
    assert r.exit_code == 1
    assert "seedz: no such file" in r.output
    assert "nothing built" in r.output and "left as it was" in r.output
    assert {n: (out / n).read_bytes() for n in OUT_SET} == before
    with pytest.raises(NothingBuilt):
        build([tmp_path / "seedz"], tmp_path / "new", view=False)
    assert not (tmp_path / "new").exists()


# --------------------------------------------------------------------------- --out checks


def test_out_pointing_at_a_file_is_one_line(tmp_path):
    (tmp_path / "f").write_text("x")
    r = CliRunner().invoke(main, ["-q", "build", str(SEED_FR), "--out", str(tmp_path / "f")])
    assert r.exit_code == 1 and "is a file, not a directory" in r.output
    assert (
        "Traceback" not in r.output and r.exception is None or isinstance(r.exception, SystemExit)
    )


def test_out_inside_an_input_directory_is_not_read_back(tmp_path):
    """issue 11: the next build read its own index.html as a document."""
    corpus = tmp_path / "corpus"
    _doc(corpus / "a.txt")
    first = build([corpus], corpus / "graphs")
    assert (corpus / "graphs" / "index.html").is_file()
    (corpus / "graphs" / "mumbai.html").write_text("<p>A view written later into graphs/</p>")
    second = build([corpus], corpus / "graphs")
    assert [x.path for x in second.extractions] == [x.path for x in first.extractions]
    assert (corpus / "graphs" / "mumbai.html").is_file()  # not ours: kept


def test_out_holding_the_inputs_is_refused(tmp_path):
    corpus = tmp_path / "corpus"
    _doc(corpus / "a.txt")
    with pytest.raises(CityKGError, match="holds the input"):
        build([corpus], tmp_path, view=False)


def test_an_invalid_base_is_one_line(tmp_path):
    r = CliRunner().invoke(
        main, ["-q", "build", str(SEED_FR), "--out", str(tmp_path / "o"), "--base", "not an iri"]
    )
    assert r.exit_code == 1 and "--base" in r.output and "Traceback" not in r.output
    assert not (tmp_path / "o").exists()


# --------------------------------------------------------------------------- output set

_KILL_AFTER_TURTLE = """
import os, signal, sys
import citykg.chunkstage as c
import citykg.pipeline as p
def killed(*a, **k):
    os.kill(os.getpid(), signal.SIGKILL)
# the Turtle is written, the TriG would be next (its forked writer dies too, so the build
# writes it itself, and dies there)
p.to_trig = c.trig_pieces = killed
from citykg.cli import main
sys.argv = ["citykg", "-q", "build", *sys.argv[1:]]
main()
"""


def test_a_build_killed_between_two_writes_leaves_the_old_set(tmp_path):
    """issue 11: a kill between two renames left a new citykg.ttl beside an old TriG."""
    out = tmp_path / "graphs"
    build([SEED_FR], out)
    # the whole output set (the extraction cache directory aside)
    before = {p.name: p.read_bytes() for p in out.iterdir() if p.is_file()}
    assert set(OUT_SET) <= set(before)
    (out / "extra.html").write_text("<p>kept</p>")
    r = _run(["-c", _KILL_AFTER_TURTLE, str(SEED_EN), "--out", str(out)])
    assert r.returncode == -signal.SIGKILL, r.stderr
    assert {n: (out / n).read_bytes() for n in before} == before
    # the extraction cache (issue 15) is written as files are extracted, kept by design
    kept = sorted(p.name for p in out.iterdir() if p.name != ".citykg-cache")
    assert kept == sorted([*before, "extra.html"])
    # the killed build's staging directory is cleaned up by the next build, which wins
    result = build([SEED_EN], out)
    assert result.ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graphs"]
    assert (out / "extra.html").read_text() == "<p>kept</p>"
    assert json.loads((out / "report.json").read_text())["documents"][0]["path"] == str(SEED_EN)
    assert not [p for p in out.rglob("*") if p.is_file() and p.stat().st_size == 0]


_SLOW_BUILD = """
import sys, time
import citykg.pipeline as p
real = p.resolve
flag = sys.argv[-1]
def slow(*a, **k):
    open(flag, "w").close()   # tells the test the lock is held
    # hold it until the test has run the second build (however slow a loaded machine is)
    t = time.monotonic()
    while open(flag).read() != "go" and time.monotonic() - t < 180:
        time.sleep(0.1)
    return real(*a, **k)
p.resolve = slow
from citykg.cli import main
sys.argv = ["citykg", "-q", "build", *sys.argv[1:-1]]
main()
"""


def test_a_second_concurrent_build_into_the_same_out_is_refused(tmp_path):
    out = tmp_path / "graphs"
    flag = tmp_path / "started"
    first = subprocess.Popen(
        [
            sys.executable,
            "-c",
            _SLOW_BUILD,
            str(SEED_FR),
            "--out",
            str(out),
            "--no-view",
            str(flag),
        ],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 120
        while not flag.exists() and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.1)
        assert flag.exists(), first.communicate()
        second = _run(["-m", "citykg.cli", "-q", "build", str(SEED_EN), "--out", str(out)])
        assert second.returncode == 1
        assert "another build is writing into this directory" in second.stderr
        assert f"pid {first.pid}" in second.stderr
        assert "Traceback" not in second.stderr
    finally:
        flag.write_text("go")  # the first build may go on
        _, err = first.communicate(timeout=240)
    assert first.returncode == 0, err
    report = json.loads((out / "report.json").read_text())
    assert [d["path"] for d in report["documents"]] == [str(SEED_FR)]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graphs", "started"]


# --------------------------------------------------------------------------- budgets

_SLOW_COMPONENT = """
import time
from spacy.language import Language
from citykg.extract import load_pipeline

@Language.component("test_sleeps_on_marker")
def sleeps(doc):
    if "SLOWMARKER" in doc.text:
        time.sleep(600)   # a document whose extraction never ends
    return doc

load_pipeline("fr").add_pipe("test_sleeps_on_marker", before="citykg_rules")
"""


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_time_budget_fails_by_name(tmp_path, jobs):
    """issue 11: a pathological document hung the build; now it fails, naming the budget."""
    docs = tmp_path / "docs"
    for i in range(3):
        _doc(docs / f"ok{i}.txt")
    (docs / "slow.txt").write_text(
        "Échange à Dakar\n\nSLOWMARKER La ville de Dakar a accueilli Kigali pour un échange.\n"
    )
    script = _SLOW_COMPONENT + textwrap.dedent(f"""
        import json, sys
        from citykg.pipeline import Budget, build
        r = build([{str(docs)!r}], {str(tmp_path / "out")!r}, view=False, jobs={jobs},
                  budget=Budget(seconds=3))
        print(json.dumps({{x.path.rsplit("/", 1)[-1]: x.error for x in r.extractions}}))
    """)
    t0 = time.monotonic()
    r = _run(["-c", script])
    assert r.returncode == 0, r.stderr
    assert time.monotonic() - t0 < 120
    errors = json.loads(r.stdout.strip().splitlines()[-1])
    assert errors["slow.txt"].endswith(
        "slow.txt: extraction exceeded the time budget of 3 s per document"
    )
    assert [errors[f"ok{i}.txt"] for i in range(3)] == [None, None, None]


def test_a_document_over_the_size_budget_is_refused_by_name(tmp_path):
    _doc(tmp_path / "small.txt")
    big = tmp_path / "big.txt"
    big.write_text("Dakar accueille Kigali. " * 200)
    result = build([tmp_path / "small.txt", big], None, budget=Budget(max_bytes=1000))
    assert result.extractions[0].ok
    assert result.extractions[1].error == (
        f"{big.as_posix()}: over the size budget of 1000 bytes per document (4800 bytes)"
    )


# --------------------------------------------------------------------------- dead workers

_KILLER_COMPONENT = """
import os, signal
from spacy.language import Language
from citykg.extract import load_pipeline
PARENT = os.getpid()

@Language.component("test_kills_its_worker")
def kills(doc):
    if "KILLMARKER" in doc.text and os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)   # as the OOM killer would
    return doc

load_pipeline("fr").add_pipe("test_kills_its_worker", before="citykg_rules")
"""


def test_a_killed_worker_does_not_hang_the_build(tmp_path):
    """issue 11: `--jobs 2` with one worker killed hung forever. Now the batch is retried,
    then the document that kills its worker is reported failed; the others build."""
    docs = tmp_path / "docs"
    for i in range(5):
        _doc(docs / f"ok{i}.txt", "Dakar", "Kigali")
    (docs / "ok2.txt").write_text(
        "Échange à Dakar\n\nKILLMARKER La ville de Dakar a accueilli Kigali pour un échange.\n"
    )
    script = _KILLER_COMPONENT + textwrap.dedent(f"""
        import json
        from citykg.pipeline import build
        r = build([{str(docs)!r}], {str(tmp_path / "out")!r}, view=False, jobs=2)
        print(json.dumps([[x.path.rsplit("/", 1)[-1], x.error] for x in r.extractions]))
    """)
    r = _run(["-c", script])
    assert r.returncode == 0, r.stderr
    rows = json.loads(r.stdout.strip().splitlines()[-1])
    assert [name for name, _ in rows] == [f"ok{i}.txt" for i in range(5)]
    assert [err is None for _, err in rows] == [True, True, False, True, True]
    assert "ok2.txt: the worker process died while extracting it" in rows[2][1]
    g = Graph().parse(tmp_path / "out" / "citykg.ttl")
    assert len(g) > 50


_DEAF_COMPONENT = """
import signal, time
from spacy.language import Language
from citykg.extract import load_pipeline

@Language.component("test_deaf_on_marker")
def deaf(doc):
    if "DEAFMARKER" in doc.text:
        signal.signal(signal.SIGALRM, signal.SIG_IGN)  # as native code that no alarm reaches
        time.sleep(600)
    return doc

load_pipeline("fr").add_pipe("test_deaf_on_marker", before="citykg_rules")
"""


def test_a_worker_stuck_where_no_alarm_reaches_is_stopped(tmp_path):
    # a 5 s budget: a normal page takes well under a second, even on a loaded machine, and
    # the stuck one sleeps ten minutes, so only the stuck page can pass the budget
    docs = tmp_path / "docs"
    for i in range(4):
        _doc(docs / f"ok{i}.txt")
    (docs / "ok1.txt").write_text(
        "Échange à Dakar\n\nDEAFMARKER La ville de Dakar a accueilli Kigali pour un échange.\n"
    )
    script = _DEAF_COMPONENT + textwrap.dedent(f"""
        import json
        from citykg.pipeline import Budget, build
        r = build([{str(docs)!r}], None, jobs=2, budget=Budget(seconds=5, grace=2))
        print(json.dumps([x.error for x in r.extractions]))
    """)
    t0 = time.monotonic()
    r = _run(["-c", script])
    assert r.returncode == 0, r.stderr
    errors = json.loads(r.stdout.strip().splitlines()[-1])
    assert [e is None for e in errors] == [True, False, True, True]
    assert "ok1.txt: the worker process died" in errors[1]
    assert time.monotonic() - t0 < 150
