"""Reliability of the rules' confidences: confidence bins against precision (``make bench``).

Each extracted relation carries the confidence of its best evidence (the lexicon's
``confidence`` section, keyed by rule). A calibrated extractor is right about 80 % of the
time on the relations it gives 0.8. This script builds the annotated sets at rising
confidence floors (``citykg evaluate --min-confidence``) and reads each bin's precision
from the difference of two floors: relations in ``[a, b)`` are those kept at ``a`` and
dropped at ``b``. The dev sets are our own pages (seeds/gold), ``wild`` the real pages of
``../shared/wild-dev`` when they are beside the repository; the blind set stays out (never
tuned on). Writes ``bench/results/calibration.json``.

Usage: python bench/bench_calibration.py
"""

from __future__ import annotations

import json
from pathlib import Path

from citykg.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
EDGES = (0.0, 0.55, 0.65, 0.75, 0.85, 1.01)


def sets() -> list[tuple[str, Path, Path]]:
    out = [
        (name, ROOT / "seeds" / "gold" / f"{gold}.json", ROOT / "seeds")
        for name, gold in (("dev", "citykg-dev"), ("dev2", "citykg-dev2"), ("dev3", "citykg-dev3"))
    ]
    wild = ROOT.parent / "shared" / "wild-dev"
    if (wild / "gold.json").exists():
        out.append(("wild", wild / "gold.json", wild / "docs"))
    return out


def counts(gold: Path, docs: Path, floor: float) -> tuple[int, int]:
    """(true positives, predicted relations) with relations under ``floor`` left out."""
    s = evaluate(gold, [docs], min_confidence=floor)
    rel = s.relation
    return rel.tp, rel.tp + rel.fp


def table(name: str, gold: Path, docs: Path) -> list[dict]:
    at = {e: counts(gold, docs, e) for e in EDGES}
    rows = []
    for lo, hi in zip(EDGES, EDGES[1:], strict=False):
        tp = at[lo][0] - at[hi][0]
        n = at[lo][1] - at[hi][1]
        rows.append(
            {
                "set": name,
                "bin": f"[{lo:.2f}, {min(hi, 1.0):.2f})",
                "relations": n,
                "precision": round(tp / n, 3) if n > 0 else None,
                "mean_bin": round((lo + min(hi, 1.0)) / 2, 3),
            }
        )
    return rows


def main() -> None:
    rows = [row for name, gold, docs in sets() for row in table(name, gold, docs)]
    print(f"{'set':6s} {'confidence':14s} {'relations':>9s} {'precision':>9s}")
    for r in rows:
        p = "-" if r["precision"] is None else f"{r['precision']:.2f}"
        print(f"{r['set']:6s} {r['bin']:14s} {r['relations']:9d} {p:>9s}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "calibration.json").write_text(
        json.dumps({"edges": EDGES, "rows": rows}, indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
