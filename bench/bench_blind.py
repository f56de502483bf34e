"""Score every gold set: ours (seeds, dev, dev2 … dev13), the blind held-out corpus (written
independently, never used for tuning) and, when ``../shared`` is beside the checkout, the
real pages of ``../shared/wild-dev`` (read there at run time, never copied)."""

from __future__ import annotations

import json
from pathlib import Path

from citykg.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
WILD = ROOT.parent / "shared" / "wild-dev"


def main() -> None:
    results = {}
    sets = [
        ("seeds", ROOT / "seeds/gold/seeds.json", ROOT / "seeds"),
        ("dev", ROOT / "seeds/gold/citykg-dev.json", ROOT / "seeds"),
        ("dev2", ROOT / "seeds/gold/citykg-dev2.json", ROOT / "seeds"),
        ("dev3", ROOT / "seeds/gold/citykg-dev3.json", ROOT / "seeds"),
        ("dev4", ROOT / "tests/data/dev4/gold.json", ROOT / "tests/data/dev4/docs"),
        ("dev5", ROOT / "tests/data/dev5/gold.json", ROOT / "tests/data/dev5/docs"),
        ("dev6", ROOT / "tests/data/dev6/gold.json", ROOT / "tests/data/dev6/docs"),
        ("dev7", ROOT / "tests/data/dev7/gold.json", ROOT / "tests/data/dev7/docs"),
        ("dev8", ROOT / "tests/data/dev8/gold.json", ROOT / "tests/data/dev8/docs"),
        ("dev9", ROOT / "tests/data/dev9/gold.json", ROOT / "tests/data/dev9/docs"),
        ("dev10", ROOT / "tests/data/dev10/gold.json", ROOT / "tests/data/dev10/docs"),
        ("dev11", ROOT / "tests/data/dev11/gold.json", ROOT / "tests/data/dev11/docs"),
        ("dev12", ROOT / "tests/data/dev12/gold.json", ROOT / "tests/data/dev12/docs"),
        ("dev13", ROOT / "tests/data/dev13/gold.json", ROOT / "tests/data/dev13/docs"),
        ("blind", ROOT / "bench/corpus/blind/gold.json", ROOT / "bench/corpus/blind"),
    ]
    if (WILD / "gold.json").exists():
        sets.append(("wild", WILD / "gold.json", WILD / "docs"))
    for name, gold, docs in sets:
        s = evaluate(gold, [docs])
        results[name] = {
            "entity_f1": round(s.entity.f1, 3),
            "relation_f1": round(s.relation.f1, 3),
            "links": f"{s.links_ok}/{s.links_total}",
        }
        print(f"{name:6s} {s.summary()}")
    (ROOT / "bench" / "results").mkdir(exist_ok=True)
    (ROOT / "bench" / "results" / "extraction.json").write_text(
        json.dumps(results, indent=1) + "\n"
    )


if __name__ == "__main__":
    main()
