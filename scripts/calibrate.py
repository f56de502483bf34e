"""Fit the rules' confidences to the precision they reach on the tuning sets.

Each relation citykg extracts carries its rule's confidence (``data/lexicon.json``,
section ``confidence``); users filter with ``--min-confidence`` and the aggregator ranks
competing values of single-valued predicates by it, so a confidence should say how often
the rule is right. This script builds the tuning sets (our dev, dev2, dev3, tests/data/dev*/ and, when it is
beside the checkout, ``../shared/wild-dev``; never the blind set), counts each rule's true
and false positives (:func:`citykg.evaluate.rule_reliability`) and fits

    confidence = (tp + K * current) / (tp + fp + K)

a precision shrunk toward the current value, so a rule seen three times moves a little and
one seen fifty times takes its measured precision. Rules never observed keep their value.

Usage: python scripts/calibrate.py [--write]   (--write updates data/lexicon.json in place)
"""

from __future__ import annotations

import json
import re
import sys
from collections import defaultdict
from pathlib import Path

from citykg.evaluate import evaluate_graph, rule_reliability

ROOT = Path(__file__).resolve().parent.parent
LEXICON = ROOT / "src" / "citykg" / "data" / "lexicon.json"
K = 4.0
FLOOR, CEILING = 0.3, 0.97


def tuning_sets() -> list[tuple[Path, Path]]:
    out = [
        (ROOT / "seeds" / "gold" / f"citykg-{n}.json", ROOT / "seeds")
        for n in ("dev", "dev2", "dev3")
    ]
    # our later sets, once their first (untouched) score is recorded, are tuned on too
    out += [
        (g, g.parent / "docs") for g in sorted((ROOT / "tests" / "data").glob("dev*/gold.json"))
    ]
    wild = ROOT.parent / "shared" / "wild-dev"
    if (wild / "gold.json").exists():
        out.append((wild / "gold.json", wild / "docs"))
    return out


def pooled_counts() -> dict[str, list[int]]:
    total: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for gold, docs in tuning_sets():
        scored, graph, schema = evaluate_graph(gold, [docs])
        for rule, (tp, fp) in rule_reliability(graph, scored, schema).items():
            total[rule][0] += tp
            total[rule][1] += fp
    return dict(sorted(total.items()))


def fit(current: float, tp: int, fp: int) -> float:
    value = (tp + K * current) / (tp + fp + K)
    return round(min(CEILING, max(FLOOR, value)), 2)


def write(fitted: dict[str, float]) -> None:
    """Rewrite only the numbers of the ``confidence`` section, keeping the file's layout."""
    text = LEXICON.read_text(encoding="utf-8")
    start = text.index('"confidence": {')
    end = text.index("}", start)
    section = text[start:end]
    for rule, value in fitted.items():
        section = re.sub(
            rf'("{re.escape(rule)}": )[0-9.]+', lambda m, v=value: f"{m.group(1)}{v}", section
        )
    LEXICON.write_text(text[:start] + section + text[end:], encoding="utf-8")


def main() -> None:
    confidences = json.loads(LEXICON.read_text(encoding="utf-8"))["confidence"]
    counts = pooled_counts()
    fitted = {}
    print(f"{'rule':34s} {'tp':>4s} {'fp':>4s} {'precision':>9s} {'now':>5s} {'fitted':>6s}")
    for rule, (tp, fp) in counts.items():
        now = confidences.get(rule)
        new = fit(now, tp, fp) if isinstance(now, float) else None
        if new is not None and new != now:
            fitted[rule] = new
        print(
            f"{rule:34s} {tp:4d} {fp:4d} {tp / (tp + fp):9.2f} "
            f"{'-' if now is None else f'{now:.2f}':>5s} {'-' if new is None else f'{new:.2f}':>6s}"
        )
    if "--write" in sys.argv[1:]:
        write(fitted)
        print(f"wrote {len(fitted)} confidences to {LEXICON.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
