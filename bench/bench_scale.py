"""Scale targets of issue 15, as ratios measured in one run, every build a whole process.

- incremental: N documents built; one changed, one deleted, one added; the rebuild's time
  over the full build's (target <= 0.10), with how the rebuild divides (report.json stages);
- memory: peak RSS of a build of BIG synthetic documents over one of SMALL (target <= 1.3),
  measured for the largest process of the build (``--jobs N``: a worker, with its model)
  and for the build's own process (which holds what grows with the corpus), with the
  per-document slope between the sizes (``--sizes 1000,5000,20000``);
- dask: ``--scheduler local:2`` over ``--jobs 2`` on N documents (target <= 1.15), best of
  ``--repeat`` interleaved pairs;
- throughput per core: documents/s and words/s of the extraction stage with --jobs 1.

Documents are synthetic, generated here from templates written for this bench in the
style of the seeds (study visits, exchanges, conferences, FR and EN). Sizes:
``python bench/bench_scale.py [--docs 2000] [--small 1000] [--big 20000]``.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / ".bench" / "scale"

CITIES = [
    ("Dakar", "Sénégal", "Senegal"),
    ("Abidjan", "Côte d'Ivoire", "Ivory Coast"),
    ("Lyon", "France", "France"),
    ("Medellín", "Colombie", "Colombia"),
    ("Mumbai", "Inde", "India"),
    ("Durban", "Afrique du Sud", "South Africa"),
    ("Quito", "Équateur", "Ecuador"),
    ("Rabat", "Maroc", "Morocco"),
    ("Hanoï", "Viêt Nam", "Vietnam"),
    ("Curitiba", "Brésil", "Brazil"),
    ("Lisbonne", "Portugal", "Portugal"),
    ("Nairobi", "Kenya", "Kenya"),
]
TOPICS_FR = ["la mobilité électrique", "la gestion des déchets", "l'adaptation aux canicules"]
TOPICS_EN = ["electric buses", "waste management", "urban heat adaptation"]
MONTHS_FR = ["janvier", "février", "mars", "avril", "mai", "juin", "septembre", "octobre"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "September", "October"]


def _fr(rng: random.Random, i: int) -> str:
    host, guest, other = rng.sample(CITIES, 3)
    day, month, year = rng.randint(1, 20), rng.choice(MONTHS_FR), rng.choice([2024, 2025])
    topic = rng.choice(TOPICS_FR)
    return (
        f"Visite d'étude n° {i}\n\n"
        f"{guest[0]} et {other[0]} découvrent {topic} à {host[0]}\n\n"
        f"Du {day} au {day + 2} {month} {year}, la ville de {host[0]} ({host[1]}) a accueilli "
        f"des délégations de {guest[0]} ({guest[1]}) et de {other[0]} ({other[1]}) pour un "
        f"échange consacré à {topic}.\n\n"
        f"Date : du {day} au {day + 2} {month} {year}\nLieu : {host[0]}, {host[1]}\n\n"
        f"Organisée par ICLEI avec le soutien de l'Agence française de développement (AFD), "
        f"la visite a réuni des élus et des techniciens des trois villes.\n"
    )


def _en(rng: random.Random, i: int) -> str:
    host, guest, other = rng.sample(CITIES, 3)
    day, month, year = rng.randint(1, 20), rng.choice(MONTHS_EN), rng.choice([2024, 2025])
    topic = rng.choice(TOPICS_EN)
    return (
        f"Peer exchange {i}\n\n"
        f"{guest[0]} and {other[0]} learn about {topic} in {host[0]}\n\n"
        f"From {day} to {day + 2} {month} {year}, the city of {host[0]} ({host[2]}) hosted "
        f"delegations from {guest[0]} ({guest[2]}) and {other[0]} ({other[2]}) for a peer "
        f"exchange on {topic}, organised by C40 Cities with support from the World Bank.\n\n"
        f"When: {day}-{day + 2} {month} {year}\nWhere: {host[0]}, {host[2]}\n"
    )


def make_corpus(directory: Path, n: int, seed: int = 15) -> int:
    """``n`` synthetic documents (half French, half English); returns their word count."""
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    rng = random.Random(seed)
    words = 0
    for i in range(n):
        text = _fr(rng, i) if i % 2 == 0 else _en(rng, i)
        words += len(text.split())
        (directory / f"doc-{i:06d}.txt").write_text(text, encoding="utf-8")
    return words


_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:]).returncode\n"
    "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, rc)\n"
)


def _measured(cmd: list[str], *extra: str, view: bool = False) -> tuple[float, int, str]:
    """``cmd`` (a build, without its view unless ``view``) run under ``_MEASURE``: wall
    seconds, the peak RSS (KiB) of its largest process, and its stderr."""
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *cmd, *([] if view else ["--no-view"]), *extra],
        capture_output=True,
        text=True,
        check=True,
    )
    seconds, rss, rc = done.stdout.split()
    if rc != "0":
        raise SystemExit(f"build failed ({rc}): {done.stderr[-2000:]}")
    return float(seconds), int(rss), done.stderr


def run_build(docs: Path, out: Path, *extra: str) -> tuple[float, int]:
    """One whole ``citykg build`` process: wall seconds and peak RSS (KiB)."""
    cmd = [sys.executable, "-m", "citykg.cli", "-q", "build", str(docs), "--out", str(out)]
    seconds, rss, _ = _measured(cmd, *extra)
    return seconds, rss


def incremental(n: int) -> dict:
    docs, out = WORK / f"inc-docs-{n}", WORK / f"inc-out-{n}"
    shutil.rmtree(out, ignore_errors=True)
    make_corpus(docs, n)
    full, _ = run_build(docs, out)
    files = sorted(docs.iterdir())
    files[0].write_text(files[0].read_text(encoding="utf-8") + "\nLa visite a été prolongée.\n")
    files[1].unlink()
    rng = random.Random(99)
    (docs / "doc-new.txt").write_text(_fr(rng, n + 1), encoding="utf-8")
    rebuild, _ = run_build(docs, out)
    # stage times and cache counts change from run to run: timings.json, not the report
    stages = json.loads((out / "timings.json").read_text(encoding="utf-8"))
    return {
        "docs": n,
        "full_s": round(full, 2),
        "rebuild_s": round(rebuild, 2),
        "ratio": round(rebuild / full, 3),
        "rebuild_stages_s": stages["stages"],
        "rebuild_cache": stages["cache"],
        "rebuild_chunks": stages.get("chunks"),
    }


#: The build run in-process by a small launcher that reports its own peak RSS at exit.
_MAIN = (
    "import atexit, resource, sys\n"
    "atexit.register(lambda: sys.stderr.write("
    "f'\\ncitykg-main-rss {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\\n'))\n"
    "sys.argv[0] = 'citykg'\n"
    "from citykg.cli import main\n"
    "main()\n"
)


def run_measured(docs: Path, out: Path, *extra: str, view: bool = False) -> tuple[float, int, int]:
    """One whole build: wall seconds, the peak RSS (KiB) of its largest process and that
    of the build's own process (they differ with ``--jobs N``: the workers hold the model)."""
    cmd = [sys.executable, "-c", _MAIN, "-q", "build", str(docs), "--out", str(out)]
    seconds, rss, stderr = _measured(cmd, *extra, view=view)
    main = [ln for ln in stderr.splitlines() if ln.startswith("citykg-main-rss ")]
    return seconds, rss, int(main[-1].split()[1])


def memory(sizes: list[int], jobs: int = 1, save=None, view: bool = False) -> dict:
    """Peak RSS of whole builds of each size (``--no-view`` unless ``view``: with the views,
    which stream the written files into their projection, :mod:`citykg.netstream`)."""
    rows: dict = {}
    result: dict = {"jobs": jobs, "view": view, "builds": rows}
    for n in sizes:
        tag = "mem-view" if view else "mem"  # apart: both variants can run at once
        docs, out = WORK / f"{tag}-docs-{n}", WORK / f"{tag}-out-{n}"
        shutil.rmtree(out, ignore_errors=True)
        words = make_corpus(docs, n)
        seconds, rss, main_rss = run_measured(
            docs, out, "--no-cache", "--jobs", str(jobs), view=view
        )
        report = json.loads((out / "report.json").read_text(encoding="utf-8"))
        stages = json.loads((out / "timings.json").read_text(encoding="utf-8"))["stages"]
        rows[n] = {
            "seconds": round(seconds, 2),
            "peak_rss_mib": round(rss / 1024, 1),
            "main_peak_rss_mib": round(main_rss / 1024, 1),
        }
        rows[n]["stages_s"] = stages
        rows[n]["docs_per_s_core"] = round(n / stages["extract"] / jobs, 1)
        rows[n]["words_per_s_core"] = round(words / stages["extract"] / jobs)
        rows[n]["entities"] = sum(report["entities"].values())
        rows[n]["triples"] = report["triples"]
        shutil.rmtree(docs, ignore_errors=True)
        shutil.rmtree(out, ignore_errors=True)
        result.update(_memory_ratios(rows))
        print("memory", n, json.dumps(rows[n]), flush=True)
        if save is not None:
            save(result)
    return result


def _memory_ratios(rows: dict) -> dict:
    """Largest over smallest build, and the growth per document between them (KiB)."""
    small, big = min(rows), max(rows)
    if small == big:
        return {}
    out = {"sizes": [small, big]}
    for name in ("peak_rss_mib", "main_peak_rss_mib"):
        a, b = rows[small][name], rows[big][name]
        out[name.replace("peak_rss_mib", "ratio")] = round(b / a, 3)
        out[name.replace("peak_rss_mib", "kib_per_doc")] = round((b - a) * 1024 / (big - small), 2)
    return out


def dask_vs_jobs(n: int, repeat: int = 1) -> dict:
    """Best of ``repeat`` interleaved pairs (other load on the machine then hits both
    engines alike), with the load average before and after, since both need two cores."""
    docs = WORK / f"dask-docs-{n}"
    make_corpus(docs, n)
    load = [round(os.getloadavg()[0], 2)]
    jobs, dask = [], []
    for _ in range(max(1, repeat)):
        jobs.append(run_build(docs, WORK / "jobs-out", "--no-cache", "--jobs", "2")[0])
        dask.append(run_build(docs, WORK / "dask-out", "--no-cache", "--scheduler", "local:2")[0])
    load.append(round(os.getloadavg()[0], 2))
    same = all(
        (WORK / "jobs-out" / f).read_bytes() == (WORK / "dask-out" / f).read_bytes()
        for f in ("citykg.ttl", "citykg.trig")
    )
    return {
        "docs": n,
        "repeat": len(jobs),
        "jobs2_s": round(min(jobs), 2),
        "dask2_s": round(min(dask), 2),
        "ratio": round(min(dask) / min(jobs), 3),
        "same_bytes": same,
        "load_avg_before_after": load,
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--sizes", default="1000,20000", help="memory: corpus sizes, smallest first")
    ap.add_argument("--jobs", type=int, default=1, help="memory: --jobs of the builds")
    ap.add_argument("--repeat", type=int, default=1, help="dask: interleaved pairs, best of")
    ap.add_argument("--only", choices=("incremental", "memory", "dask"), default=None)
    ap.add_argument("--view", action="store_true", help="memory: builds with their views")
    args = ap.parse_args()
    results: dict = {"started": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
    if args.only in (None, "incremental"):
        results["incremental"] = incremental(args.docs)
        print("incremental", json.dumps(results["incremental"]), flush=True)
    if args.only in (None, "memory"):
        sizes = [int(n) for n in args.sizes.split(",")]
        tag = "memory-view" if args.view else "memory"  # scale-memory-view.json apart
        save = (lambda part: _save(results | {"memory": part}, tag)) if args.only else None
        results["memory"] = memory(sizes, args.jobs, save, view=args.view)
        print("memory", json.dumps(results["memory"]), flush=True)
    if args.only in (None, "dask"):
        results["dask"] = dask_vs_jobs(args.docs, args.repeat)
        print("dask", json.dumps(results["dask"]), flush=True)
    _save(results, "memory-view" if args.only == "memory" and args.view else args.only)


def _save(results: dict, only: str | None) -> None:
    """Write the results (after each memory build too, so a long run keeps its figures)."""
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    name = "scale.json" if only is None else f"scale-{only}.json"
    (ROOT / "bench" / "results" / name).write_text(json.dumps(results, indent=1) + "\n")


if __name__ == "__main__":
    main()
