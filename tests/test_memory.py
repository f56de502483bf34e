"""Memory at scale: the build's files come from sorted runs on disk, merged, and the build
holds compact records of its extractions, not the extractions (issue 15)."""

from __future__ import annotations

import os
import random
from collections import Counter

import pyoxigraph as ox

from citykg import runs
from citykg.graphio import _quad_key
from citykg.pipeline import build
from citykg.rdf import merged_turtle, to_trig
from citykg.resolve import resolve
from citykg.spool import SpooledExtraction, SpooledResolved


def test_sorted_runs_merge_is_the_sort_of_everything(tmp_path) -> None:
    rng = random.Random(15)
    alphabet = "ab\x00cé<>\"'/#"
    lines = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 6))) for _ in range(2000)]
    lines = [line.replace("\x00", "") for line in lines]
    store = runs.SortedRuns(tmp_path, "t", limit=100)
    store.extend(lines)
    assert len(store.files) > 10  # spilled: the merge reads many runs
    assert list(store.merged()) == sorted(lines)
    assert list(store.merged(distinct=True)) == sorted(set(lines))
    store.close()
    assert not list(tmp_path.iterdir())


def test_triple_lines_sort_in_the_written_order(seeds_build) -> None:
    """A line's plain string order is the writers' quad order (rdf:type first, a subject
    that is a prefix of another first), so merging lines gives the serialisers' order."""
    _, result = seeds_build
    triples = list(result.triples.merged())
    by_key = sorted(triples, key=lambda t: _quad_key(ox.Quad(*t)))
    by_line = sorted(triples, key=lambda t: runs.triple_line(*t))
    assert by_line == by_key
    back = runs.line_triples(runs.triple_line(*t) for t in by_key)
    assert [tuple(t) for t in back] == by_key


def test_files_merged_from_many_runs_are_the_in_memory_serialisation(
    tmp_path, repo_root, monkeypatch
) -> None:
    """The k-way merge of sorted chunk runs gives the same bytes as sorting every triple in
    memory, on a real build forced to spill hundreds of runs."""
    spills: Counter = Counter()
    spill = runs.SortedRuns.spill

    def counted(self) -> None:
        spills[self.name] += bool(self.buffer)
        spill(self)

    monkeypatch.setattr(runs, "RUN_CHARS", 2_000)
    monkeypatch.setattr(runs.SortedRuns, "spill", counted)
    cwd = os.getcwd()
    os.chdir(repo_root)
    try:
        result = build(["seeds"], tmp_path / "out", view=False, cache=False)
    finally:
        os.chdir(cwd)
    assert spills["triples"] > 20 and spills["blocks"] > 5 and spills["objects"] > 5
    out = tmp_path / "out"
    assert (out / "citykg.ttl").read_bytes() == merged_turtle(result.triples)
    assert (out / "citykg.trig").read_bytes() == to_trig(result.triples)
    assert (out / "citykg.ttl").read_bytes() == (repo_root / "graphs" / "citykg.ttl").read_bytes()
    assert not list(out.glob("*.run")) and not list(tmp_path.rglob("*.run"))


def test_the_build_holds_records_not_extractions(seeds_build, repo_root) -> None:
    """What the build keeps of each document is its spooled record: no entities, no
    relations, no text; resolution from the spool is resolution of the extractions."""
    _, result = seeds_build
    ok = [x for x in result.extractions if x.ok]
    assert ok and all(isinstance(x, SpooledExtraction) for x in ok)
    assert all(not x.entities and not x.relations and x.document.text == "" for x in ok)
    assert isinstance(result.resolved, SpooledResolved)
    assert result.resolved._spool.written == len(ok)
    cwd = os.getcwd()
    os.chdir(repo_root)
    try:
        full = build(["seeds"], None, view=False)  # no files: extractions in memory
    finally:
        os.chdir(cwd)
    assert not any(isinstance(x, SpooledExtraction) for x in full.extractions)
    counts = [(x.path, len(x.entities), len(x.relations)) for x in full.extractions if x.ok]
    assert [(x.path, x.spooled[1], x.spooled[2]) for x in ok] == counts
    direct = resolve(full.extractions)
    assert result.resolved.entities == direct.entities
    assert result.resolved.relations == direct.relations
    assert result.resolved.predicate_counts() == direct.predicate_counts()


def test_a_build_with_workers_releases_the_models_it_loaded_for_them(
    tmp_path, repo_root, seeds_build
) -> None:
    """With ``jobs`` > 1 the build's own process loads the spaCy pipelines only for its
    forked workers to share: it drops them once they are done (they were ~100 MiB of its
    peak through the RDF stage and the views), and the files are the same bytes."""
    from citykg.extract import load_pipeline

    out, _ = seeds_build
    load_pipeline("en")  # held before the build: released with the others
    cwd = os.getcwd()
    os.chdir(repo_root)
    try:
        build(["seeds"], tmp_path / "par", jobs=2, view=False, cache=False)
    finally:
        os.chdir(cwd)
    assert load_pipeline.cache_info().currsize == 0
    for name in ("citykg.ttl", "citykg.trig"):
        assert (tmp_path / "par" / name).read_bytes() == (out / name).read_bytes()
    assert load_pipeline("en")("Dakar hosted a visit.").text  # loaded again when asked


def test_no_page_outlives_its_document() -> None:
    """A rule run keeps nothing of a page once its result is out: a cache held by the Page
    class (not the page) kept every page of a build alive, ~16 KiB a document, in each
    worker and in a --jobs 1 build."""
    import gc

    from citykg.extract.rules import run_text
    from citykg.extract.rules.page import Page

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, Page) for o in gc.get_objects())

    before = alive()
    for n in range(6):
        text = (
            f"Peer exchange number {n} on street trees\n\n"
            "Date: 4 March 2026\nLocation: Cape Town\nOrganisers: C40 Cities\n\n"
            "Officials from Lagos and Accra met in Cape Town to compare street tree plans.\n"
        )
        result = run_text(text, "en", text.split("\n")[0])
        assert result.events
    del result
    assert alive() == before


def test_a_lean_build_lets_the_documents_go_before_its_views(
    tmp_path, repo_root, seeds_build, monkeypatch
) -> None:
    """The command line's builds (``lean``) write the report, then let go of the resolution
    and the extraction records before the views are drawn from the written files: at
    20,000 documents that state and the views' projection made the build's peak together.
    The files are the same bytes as those of a build that keeps everything."""
    import weakref

    from citykg import pipeline

    held: list[weakref.ref] = []
    seen_by_views: list[list[bool]] = []
    real_resolve, real_views = pipeline.resolve, pipeline._write_views

    def resolve_spy(extractions, **kwargs):
        extractions = list(extractions)
        held.extend(weakref.ref(x) for x in extractions if x.ok)
        resolved = real_resolve(extractions, **kwargs)
        held.append(weakref.ref(resolved))
        return resolved

    def views_spy(*args, **kwargs):
        # no collection here: the build lets its state go by reference counts alone
        seen_by_views.append([ref() is not None for ref in held])
        return real_views(*args, **kwargs)

    monkeypatch.setattr(pipeline, "resolve", resolve_spy)
    monkeypatch.setattr(pipeline, "_write_views", views_spy)
    monkeypatch.chdir(repo_root)
    result = build(["seeds"], tmp_path / "lean", cache=False, lean=True)
    assert len(held) > 10 and seen_by_views == [[False] * len(held)]
    assert result.released and result.ok and result.counts.triples > 1000
    assert [x.path for x in result.extractions] == _report_paths(tmp_path / "lean")
    out, kept = seeds_build
    assert not kept.released
    for name in ("citykg.ttl", "citykg.trig", "index.html", "map.html"):
        assert (tmp_path / "lean" / name).read_bytes() == (out / name).read_bytes(), name
    held.clear()
    seen_by_views.clear()
    build(["seeds"], tmp_path / "kept", cache=False)  # the API's default keeps them
    assert seen_by_views and any(seen_by_views[0])


def _report_paths(out) -> list[str]:
    import json

    rows = json.loads((out / "report.json").read_text(encoding="utf-8"))["documents"]
    return [row["path"] for row in rows]
