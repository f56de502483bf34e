"""Regenerate the README's printed outputs and figures from the current tree (``make readme``).

Two kinds of cog-style markers in README.md:

- ``<!-- readme: output -->`` on the line before a ```` ```console ```` block: every
  ``$ citykg …`` line of the block is run (in a scratch copy of seeds/ and examples/, in
  order, as the tour reads) and the lines after it become what it printed.
- ``<!-- readme: figures -->`` … ``<!-- /readme: figures -->`` around the Measured table:
  its extraction rows, scored now by ``citykg.evaluate`` on each gold file.

Times change from run to run, so outputs are compared after :func:`normalise` (``11.3 s``
→ ``… s``); a README whose text differs only there is left as it is. ``--check`` writes
nothing and exits 1 when the README is stale (tests/test_readme.py runs the same check).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import re
import shlex
import shutil
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
OUTPUT_MARK = "<!-- readme: output -->"
FIGURES_START = "<!-- readme: figures -->"
FIGURES_END = "<!-- /readme: figures -->"
_SECONDS = re.compile(r"\b\d+(?:\.\d+)? s\b")

#: The gold sets of the Measured table: (row label, gold file, documents folder).
GOLD_SETS = (
    (
        "seeds gold (`seeds/gold/seeds.json`, scored by the shared scorer)",
        "seeds/gold/seeds.json",
        "seeds",
    ),
    ("own documents 101–108 (`seeds/gold/citykg-dev.json`)", "seeds/gold/citykg-dev.json", "seeds"),
    (
        "own documents 109–116 (`citykg-dev2.json`, another writer)",
        "seeds/gold/citykg-dev2.json",
        "seeds",
    ),
    (
        "own documents 117–124 (`citykg-dev3.json`, a third writer, other page styles)",
        "seeds/gold/citykg-dev3.json",
        "seeds",
    ),
    (
        "dev4 pages (`tests/data/dev4`: 14 pages in the shapes of real sites, FR/EN, names "
        "in no other set; untouched first score relation F1 0.66, see its README)",
        "tests/data/dev4/gold.json",
        "tests/data/dev4/docs",
    ),
    (
        "dev5 pages (`tests/data/dev5`: 10 French pages in the shapes of real sites, names "
        "in no other set; untouched first score relation F1 0.57, see its README)",
        "tests/data/dev5/gold.json",
        "tests/data/dev5/docs",
    ),
    (
        "dev6 pages (`tests/data/dev6`: 10 English pages in the shapes of real sites, names "
        "in no other set; untouched first score relation F1 0.57, see its README)",
        "tests/data/dev6/gold.json",
        "tests/data/dev6/docs",
    ),
    (
        "dev7 pages (`tests/data/dev7`: 10 French pages of publishers outside France in the "
        "shapes of real sites, names in no other set; untouched first score relation F1 0.68, "
        "see its README)",
        "tests/data/dev7/gold.json",
        "tests/data/dev7/docs",
    ),
    (
        "dev8 pages (`tests/data/dev8`: 10 English pages in the shapes of real sites of Asia, "
        "Africa, Latin America, the Pacific, the Baltic and North America, names in no other "
        "set; untouched first score relation F1 0.54, 0.51 on the corrected gold, see its README)",
        "tests/data/dev8/gold.json",
        "tests/data/dev8/docs",
    ),
    (
        "dev9 pages (`tests/data/dev9`: 10 pages, 5 French and 5 English, on event series and "
        "rounds, multi-day agendas, bodies named without a head word, joint communiqués and "
        "hybrid events, names in no other set; untouched first score relation F1 0.50, see its "
        "README)",
        "tests/data/dev9/gold.json",
        "tests/data/dev9/docs",
    ),
    (
        "dev10 pages (`tests/data/dev10`: 5 French pages from Québec, Belgium, Switzerland, "
        "the Maghreb and the Sahel and 5 English pages from the UK, Ireland, Australia/New "
        "Zealand, Canada and South Africa in the shapes of real sites, names in no other set; "
        "untouched first score relation F1 0.57, 0.59 on the corrected gold, see its README)",
        "tests/data/dev10/gold.json",
        "tests/data/dev10/docs",
    ),
    (
        "dev11 pages (`tests/data/dev11`: 10 English pages from South and South-East Asia, "
        "East Asia, the Gulf, the Pacific and Latin America, by a UN agency, a bank, networks, "
        "a foundation, a utility and a transit corporation, in the shapes of real sites, names "
        "in no other set; untouched first score relation F1 0.30, 0.33 on the corrected gold, "
        "see its README)",
        "tests/data/dev11/gold.json",
        "tests/data/dev11/docs",
    ),
    (
        "dev12 pages (`tests/data/dev12`: 10 French pages of decentralised cooperation with "
        "Africa, Haiti, Lebanon, Madagascar and South-East Asia and of French overseas "
        "territories with their neighbours, in the shapes of real sites, names in no other "
        "set; untouched first score relation F1 0.31, see its README)",
        "tests/data/dev12/gold.json",
        "tests/data/dev12/docs",
    ),
    (
        "dev13 pages (`tests/data/dev13`: 5 English and 5 French pages of shapes no other set "
        "covers: an Interreg interregional meeting, award and prize releases, a day-by-day study "
        "tour, a webinar recap, an MoU told by the visiting city, a voyage d'étude report, a "
        "paper's EN BREF column, an agenda page, a side-event page; names in no other set; "
        "untouched first score relation F1 0.76, see its README)",
        "tests/data/dev13/gold.json",
        "tests/data/dev13/docs",
    ),
    (
        "blind documents (`bench/corpus/blind`, scored in aggregate only, never tuned on)",
        "bench/corpus/blind/gold.json",
        "bench/corpus/blind",
    ),
    (
        "real published pages (`../shared/wild-dev`: 24 pages, 24 publishers, FR/EN, read in "
        "place and never copied; tuned on)",
        "../shared/wild-dev/gold.json",
        "../shared/wild-dev/docs",
    ),
)


def normalise(text: str) -> str:
    """The README text with its volatile parts (durations in seconds) blanked."""
    return _SECONDS.sub("… s", text)


@contextlib.contextmanager
def scratch_tour() -> Iterator[Path]:
    """A scratch working directory holding what the tour reads (seeds/, examples/)."""
    cwd = os.getcwd()
    with tempfile.TemporaryDirectory(prefix="citykg-readme-") as tmp:
        work = Path(tmp)
        shutil.copytree(ROOT / "seeds", work / "seeds")
        shutil.copytree(ROOT / "examples", work / "examples")
        os.chdir(work)
        try:
            yield work
        finally:
            os.chdir(cwd)


def run_command(line: str) -> list[str]:
    """What ``$ citykg …`` prints (stdout and stderr as a terminal shows them)."""
    from click.testing import CliRunner

    from citykg.cli import main

    r = CliRunner().invoke(main, shlex.split(line)[1:])
    if r.exit_code != 0:
        raise SystemExit(f"README command failed ({r.exit_code}): {line}\n{r.output}")
    return [row.rstrip() for row in r.output.splitlines()]


def render_outputs(lines: list[str]) -> list[str]:
    """README lines with every marked console block's outputs regenerated."""
    out: list[str] = []
    i = 0
    with scratch_tour():
        while i < len(lines):
            out.append(lines[i])
            if lines[i].strip() != OUTPUT_MARK:
                i += 1
                continue
            end = lines.index("```", i + 2)  # the block: ```console … ```
            out.append(lines[i + 1])
            for row in lines[i + 2 : end]:
                if row.startswith("$ citykg "):
                    out.append(row)
                    out.extend(run_command(row[2:]))
            out.append("```")
            i = end + 1
    return out


def figure_rows() -> list[str]:
    """The Measured table's extraction rows, scored now."""
    from citykg.evaluate import evaluate

    rows = []
    for label, gold, docs in GOLD_SETS:
        if not (ROOT / gold).exists():  # ../shared is not beside this checkout: row kept as is
            continue
        s = evaluate(ROOT / gold, [ROOT / docs])
        d = s.to_dict()
        links = "GeoNames links" if gold.endswith("seeds.json") else "links"
        rows.append(
            f"| {label} | entity F1 {d['entity_f1']:.2f}, relation F1 {d['relation_f1']:.2f}, "
            f"{links} {s.links_ok}/{s.links_total} |"
        )
    return rows


def render_figures(lines: list[str]) -> list[str]:
    """The marked table with its extraction rows (by their label) scored now; a gold set
    the table has no row for yet gets one after the row of the set before it in
    ``GOLD_SETS``; the other rows (benchmarks, written by ``make bench``) kept."""
    start, end = lines.index(FIGURES_START), lines.index(FIGURES_END)
    return [*lines[:start], *merge_rows(lines[start:end], figure_rows()), *lines[end:]]


def _label(row: str) -> str:
    return row.split(" | ", 1)[0]


def merge_rows(table: list[str], rows: list[str]) -> list[str]:
    """``table`` with each of ``rows`` (in order) replacing the row of its label, or
    inserted after the previous one's row when the table lacks its label (a first row
    with no row before it is kept out: the table's own order is not guessed)."""
    out = list(table)
    previous: int | None = None
    for row in rows:
        where = next((i for i, old in enumerate(out) if _label(old) == _label(row)), None)
        if where is not None:
            out[where] = row
        elif previous is not None:
            where = previous + 1
            out.insert(where, row)
        if where is not None:
            previous = where
    return out


def render(text: str, *, outputs: bool = True, figures: bool = True) -> str:
    """The README with regenerated parts; unchanged where only volatile parts differ."""
    lines = text.splitlines()
    if outputs:
        lines = render_outputs(lines)
    if figures:
        lines = render_figures(lines)
    new = "\n".join(lines) + "\n"
    return text if normalise(new) == normalise(text) else new


def stale_lines(old: str, new: str) -> list[str]:
    """The normalised lines that differ (what a stale README gets wrong)."""
    import difflib

    diff = difflib.unified_diff(
        normalise(old).splitlines(), normalise(new).splitlines(), "README.md", "now", lineterm=""
    )
    return list(diff)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Exit 1 when README.md is stale.")
    args = parser.parse_args(argv)
    old = README.read_text(encoding="utf-8")
    new = render(old)
    if args.check:
        diff = stale_lines(old, new)
        print("\n".join(diff) if diff else "README.md is up to date")
        return 1 if diff else 0
    if new != old:
        README.write_text(new, encoding="utf-8")
        print("README.md regenerated")
    else:
        print("README.md is up to date")
    return 0


if __name__ == "__main__":
    sys.exit(main())
