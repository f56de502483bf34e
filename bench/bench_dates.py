"""Benchmark: citykg.extract.dates versus dateparser.search.search_dates.

Why it exists: dateparser on the hot path doubled the build time of a naive pipeline; this
script keeps the regex recogniser honest about being much faster (target: >= 20x) on text
shaped like the seeds (French and English news paragraphs with dates, ranges, durations,
target years, and distractors such as "COP29", "10 000 bus", "Article 6").

Usage:  .venv/bin/python bench/bench_dates.py [--size-kb 1024] [--slice-kb 20] [--seed 7]
Prints microseconds per KB for citykg (on the full generated corpus, all three finders and
find_dates alone) and for dateparser (on a slice, because it is slow), and their ratio.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import warnings
from pathlib import Path

from citykg.extract.dates import find_dates, find_durations, find_target_years

SEEDS = Path(__file__).resolve().parent.parent / "seeds"

FR_MONTHS = "janvier février mars avril mai juin juillet août septembre octobre novembre décembre"
EN_MONTHS = "January February March April May June July August September October November December"

FR_TEMPLATES = [
    "Le {d} {mf} {y}, la ville de {city} a accueilli un échange entre pairs.",
    "Du {d} au {d2} {mf} {y}, la {n}e Conférence des Parties (COP{n}) s'est tenue à {city}.",
    "Pendant {nw} jours, des représentants de {city} ont visité {n} 000 bus électriques.",
    "L'objectif est d'atteindre la neutralité carbone d'ici {ty}, selon l'article {n}.",
    "Une visite de deux jours a eu lieu en {mf} {y} ; contact : 01 23 45 67 {n}.",
    "Le {d} {mf}, la session parallèle a été organisée avec succès à {city}.",
    "À l'horizon {ty}, {city} prévoit {n} 000 logements rénovés et {n} % d'énergie verte.",
    "Publié le {d:02d}/{m:02d}/{y} à 9h00. Mise à jour : {y}-{m:02d}-{d:02d}.",
    "Au fil des ans, {city} a établi de solides mécanismes de coopération avec C40 et ICLEI.",
]
EN_TEMPLATES = [
    "On {me} {d}, {y}, {city} hosted a peer-to-peer exchange on zero-emission buses.",
    "The {nw}-day visit ran from {d} to {d2} {me} {y} in {city}.",
    "{city} committed to net zero by {ty} and to {n} 000 trees by the end of {ty}.",
    "Monday, {d} {me} {y}, 9:00AM UTC - registration closes {me} {d2}.",
    "Between {d} and {d2} {me}, delegates from {city} met for two days at COP{n}.",
    "Its {ty} targets were presented in {me} {y} under Article {n} of the agreement.",
    "Experts from {city} discussed district heating, wastewater and green finance.",
]
CITIES = ["Mumbai", "Kigali", "Durban", "Beijing", "Bakou", "Turku", "Paris", "Montréal"]
WORDS = ["deux", "trois", "quatre", "cinq", "two", "three", "four", "five"]


def corpus(size_kb: int, seed: int) -> str:
    """A deterministic mixed FR/EN corpus of about ``size_kb`` kilobytes."""
    rng = random.Random(seed)
    seeds = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    fr_months, en_months = FR_MONTHS.split(), EN_MONTHS.split()
    parts: list[str] = []
    size = 0
    while size < size_kb * 1024:
        if seeds and rng.random() < 0.05:
            chunk = rng.choice(seeds)
        else:
            m = rng.randint(1, 12)
            d = rng.randint(1, 27)
            fields = {
                "d": d,
                "d2": d + rng.randint(1, 3),
                "m": m,
                "mf": fr_months[m - 1],
                "me": en_months[m - 1],
                "y": rng.randint(2015, 2026),
                "ty": rng.choice([2030, 2035, 2040, 2050]),
                "n": rng.randint(2, 29),
                "nw": rng.choice(WORDS),
                "city": rng.choice(CITIES),
            }
            templates = FR_TEMPLATES if rng.random() < 0.6 else EN_TEMPLATES
            chunk = " ".join(rng.choice(templates).format(**fields) for _ in range(4))
        parts.append(chunk)
        size += len(chunk.encode("utf-8")) + 2
    return "\n\n".join(parts)


def paragraphs(text: str) -> list[str]:
    return [p for p in text.split("\n\n") if p.strip()]


def time_citykg(paras: list[str], everything: bool) -> float:
    start = time.perf_counter()
    for p in paras:
        find_dates(p, "fr")
        if everything:
            find_durations(p, "fr")
            find_target_years(p, "fr")
    return time.perf_counter() - start


def time_dateparser(paras: list[str], timeout_s: float) -> tuple[float, int]:
    """Seconds spent and paragraphs done (stops early after ``timeout_s``)."""
    from dateparser.search import search_dates

    settings = {"RETURN_AS_TIMEZONE_AWARE": False}
    search_dates("warm up le 3 mars 2024", languages=["fr", "en"], settings=settings)
    start = time.perf_counter()
    done = 0
    for p in paras:
        search_dates(p, languages=["fr", "en"], settings=settings)
        done += 1
        if time.perf_counter() - start > timeout_s:
            break
    return time.perf_counter() - start, done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-kb", type=int, default=1024)
    parser.add_argument("--slice-kb", type=int, default=20)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--timeout", type=float, default=300.0, help="cap for dateparser (s)")
    args = parser.parse_args(argv)
    warnings.filterwarnings("ignore")

    text = corpus(args.size_kb, args.seed)
    paras = paragraphs(text)
    kb = len(text.encode("utf-8")) / 1024
    n_dates = sum(len(find_dates(p, "fr")) for p in paras)

    dates_s = min(time_citykg(paras, everything=False) for _ in range(3))
    all_s = min(time_citykg(paras, everything=True) for _ in range(3))
    print(f"corpus: {kb:.0f} KB, {len(paras)} paragraphs, {n_dates} date mentions")
    print(f"citykg find_dates:             {dates_s * 1e6 / kb:9.1f} us/KB")
    print(f"citykg dates+durations+targets: {all_s * 1e6 / kb:9.1f} us/KB")

    slice_paras: list[str] = []
    size = 0
    for p in paras:
        if size >= args.slice_kb * 1024:
            break
        slice_paras.append(p)
        size += len(p.encode("utf-8")) + 2
    dp_s, done = time_dateparser(slice_paras, args.timeout)
    dp_kb = sum(len(p.encode("utf-8")) + 2 for p in slice_paras[:done]) / 1024
    ours_slice = time_citykg(slice_paras[:done], everything=False)
    dp_us = dp_s * 1e6 / dp_kb
    print(f"dateparser search_dates:        {dp_us:9.1f} us/KB ({dp_kb:.1f} KB slice)")
    print(f"citykg find_dates same slice:   {ours_slice * 1e6 / dp_kb:9.1f} us/KB")
    ratio = dp_us / (dates_s * 1e6 / kb)
    print(f"speed-up (dateparser / citykg find_dates, full corpus): {ratio:.0f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
