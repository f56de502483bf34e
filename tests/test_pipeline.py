"""End-to-end build of the seeds: files, determinism, parsing, SPARQL, failure handling."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from spacy.language import Language
from spacy.tokens import Doc

from citykg import graphio
from citykg.extract import extract, extract_many, load_pipeline
from citykg.ingest import read_document
from citykg.pipeline import build

MUMBAI_EXCHANGE_PARTICIPANTS = """
PREFIX ckg: <https://w3id.org/citykg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE {
  ?ex a ckg:Exchange ; ckg:location ?mumbai ; ckg:participant ?p .
  ?mumbai rdfs:label "Mumbai"@en .
  ?p rdfs:label ?name . FILTER(lang(?name) = "en")
}
"""


def _seed_files(root: Path) -> list[Path]:
    return [p for p in (root / "seeds").iterdir() if p.suffix in (".txt", ".md", ".html")]


def test_build_writes_every_file(seeds_build, repo_root):
    out, result = seeds_build
    for name in ("citykg.ttl", "citykg.trig", "index.html", "report.json"):
        assert (out / name).stat().st_size > 0, name
    report = json.loads((out / "report.json").read_text())
    assert report["errors"] == 0
    assert report["ok"] == len(_seed_files(repo_root)) >= 10
    assert {d["status"] for d in report["documents"]} == {"ok"}
    assert result.ok


def test_turtle_and_trig_parse_in_rdflib_and_oxigraph(seeds_build, repo_root):
    out, _ = seeds_build
    g = Graph().parse(out / "citykg.ttl", format="turtle")
    ds = Dataset()
    ds.parse(out / "citykg.trig", format="trig")
    store = ox.Store()
    store.load(path=str(out / "citykg.ttl"), format=ox.RdfFormat.TURTLE)
    assert len(store) == len(g) > 1000
    store2 = ox.Store()
    store2.load(path=str(out / "citykg.trig"), format=ox.RdfFormat.TRIG)
    assert len(store2) == len(list(ds.quads((None, None, None, None))))
    # the TriG keeps one named graph per document
    graphs = {str(q.graph_name) for q in store2 if not isinstance(q.graph_name, ox.DefaultGraph)}
    assert len(graphs) == len(_seed_files(repo_root))


def test_sparql_finds_kigali_and_durban_learning_in_mumbai(seeds_build):
    out, _ = seeds_build
    store = ox.Store()
    store.load(path=str(out / "citykg.ttl"), format=ox.RdfFormat.TURTLE)
    names = {b["name"].value for b in store.query(MUMBAI_EXCHANGE_PARTICIPANTS)}
    assert {"Kigali", "Durban", "Mumbai"} <= names


def test_build_is_byte_identical_when_repeated(tmp_path, repo_root, seeds_build):
    out, _ = seeds_build
    cwd = os.getcwd()
    os.chdir(repo_root)
    try:
        build(["seeds"], tmp_path / "again", view=False)
    finally:
        os.chdir(cwd)
    for name in ("citykg.ttl", "citykg.trig"):
        assert (tmp_path / "again" / name).read_bytes() == (out / name).read_bytes(), name


def test_committed_graphs_are_up_to_date(repo_root, seeds_build):
    """graphs/ is the committed output of `make graphs`; regenerate it when this fails."""
    out, _ = seeds_build
    for name in ("citykg.ttl", "citykg.trig"):
        committed = repo_root / "graphs" / name
        assert committed.exists(), f"graphs/{name} missing: run make graphs"
        assert committed.read_bytes() == (out / name).read_bytes(), (
            f"graphs/{name} is stale: run make graphs"
        )


def test_every_relation_has_evidence_and_confidence(seeds_build):
    out, _ = seeds_build
    store = ox.Store()
    store.load(path=str(out / "citykg.ttl"), format=ox.RdfFormat.TURTLE)
    q = """PREFIX ckg: <https://w3id.org/citykg/ontology#>
    PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
    SELECT (COUNT(*) AS ?n) WHERE {
      ?s ?p ?o . VALUES ?p { ckg:participant ckg:location ckg:organizer ckg:partOf ckg:topic
                             ckg:ledBy ckg:supportedBy ckg:startDate ckg:endDate ckg:targetYear }
      FILTER NOT EXISTS { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ;
                              ckg:evidence ?e ; ckg:confidence ?c }
    }"""
    missing = next(iter(store.query(q)))["n"].value
    assert int(missing) == 0


def test_bad_document_is_reported_and_the_others_still_build(tmp_path, repo_root):
    docs = tmp_path / "docs"
    docs.mkdir()
    shutil.copy(repo_root / "seeds" / "000_5f95242ee82ac56f.txt", docs)
    (docs / "broken.txt").write_bytes(b"\xff\xfe\x00 not text")
    (docs / "empty.md").write_text("")
    result = build([docs], tmp_path / "out", view=False)
    assert len(result.errors) == 2
    assert any("broken.txt" in e and ("binary" in e or "UTF-8" in e) for e in result.errors)
    assert any("empty.md" in e and "empty" in e for e in result.errors)
    g = Graph().parse(tmp_path / "out" / "citykg.ttl")
    assert len(g) > 100  # the good document still made it
    report = json.loads((tmp_path / "out" / "report.json").read_text())
    assert report["errors"] == 2 and report["ok"] == 1


def test_min_confidence_drops_weak_relations(tmp_path, repo_root):
    cwd = os.getcwd()
    os.chdir(repo_root)
    try:
        weak = build(["seeds/000_5f95242ee82ac56f.txt"], None, view=False)
        strict = build(["seeds/000_5f95242ee82ac56f.txt"], None, view=False, min_confidence=0.85)
    finally:
        os.chdir(cwd)
    assert 0 < len(strict.resolved.relations) < len(weak.resolved.relations)
    assert all(r.confidence >= 0.85 for r in strict.resolved.relations)


def test_write_atomic_keeps_the_old_file_when_the_write_fails(tmp_path, monkeypatch):
    target = tmp_path / "citykg.ttl"
    target.write_text("old content")

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", boom)
    with pytest.raises(OSError):
        graphio.write_atomic(target, "new content")
    assert target.read_text() == "old content"
    assert [p.name for p in tmp_path.iterdir()] == ["citykg.ttl"]


def test_write_atomic_writes_pieces_and_keeps_the_old_file_when_they_fail(tmp_path):
    target = tmp_path / "citykg.trig"
    graphio.write_atomic(target, iter(["PREFIX é: <x>\n", b"\n", "done\n"]))
    assert target.read_text(encoding="utf-8") == "PREFIX é: <x>\n\ndone\n"

    def pieces():
        yield "half a graph"
        raise RuntimeError("writer bug")

    with pytest.raises(RuntimeError):
        graphio.write_atomic(target, pieces())
    assert target.read_text(encoding="utf-8") == "PREFIX é: <x>\n\ndone\n"
    assert [p.name for p in tmp_path.iterdir()] == ["citykg.trig"]


def test_jobs_give_the_same_graph(tmp_path, repo_root, seeds_build):
    out, _ = seeds_build
    cwd = os.getcwd()
    os.chdir(repo_root)
    try:
        build(["seeds"], tmp_path / "par", jobs=2, view=False)
    finally:
        os.chdir(cwd)
    assert (tmp_path / "par" / "citykg.ttl").read_bytes() == (out / "citykg.ttl").read_bytes()


def _summary(x) -> tuple:
    return (
        sorted((e.key, e.type, sorted(e.labels.items())) for e in x.entities),
        sorted((r.subject, r.predicate, r.obj or "", r.value or "", r.rule) for r in x.relations),
    )


def test_batched_extraction_is_extraction_one_at_a_time(repo_root):
    """spaCy's NER runs on batches of documents: each gets what it gets alone."""
    docs = [read_document(p) for p in sorted(_seed_files(repo_root))[:8]]
    assert {d.language for d in docs} == {"fr", "en"}
    batched = list(extract_many(docs, batch_size=5))
    assert [x.path for x in batched] == [d.path for d in docs]
    for x, document in zip(batched, docs, strict=True):
        assert x.ok, x.error
        assert _summary(x) == _summary(extract(document))


@Language.component("test_fails_on_boom")
def _fails_on_boom(doc: Doc) -> Doc:
    if "BOOM" in doc.text:
        raise RuntimeError("a component bug")
    return doc


def test_a_failing_document_does_not_fail_its_batch(tmp_path, repo_root):
    seeds = sorted(p for p in _seed_files(repo_root) if p.name.endswith("_fr.txt"))[:2]
    bad = tmp_path / "boom.txt"
    bad.write_text("Échange entre pairs à Dakar\nBOOM : des représentants de Kigali.\n")
    docs = [read_document(seeds[0]), read_document(bad), read_document(seeds[1])]
    assert {d.language for d in docs} == {"fr"}
    nlp = load_pipeline("fr")
    nlp.add_pipe("test_fails_on_boom", before="citykg_rules")
    try:
        xs = list(extract_many(docs, batch_size=8))
    finally:
        nlp.remove_pipe("test_fails_on_boom")
    assert [x.ok for x in xs] == [True, False, True]
    assert "boom.txt" in xs[1].error and "a component bug" in xs[1].error
    assert _summary(xs[0]) == _summary(extract(docs[0]))
    assert _summary(xs[2]) == _summary(extract(docs[2]))


def test_a_document_without_relations_builds(tmp_path):
    """A page that states no relation has no statement block in its RDF chunk; the chunk
    writer used to fail on it (found by the hypothesis suite)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "notes.md").write_text("Notes\n\nRien de neuf cette semaine.\n", encoding="utf-8")
    result = build([src], tmp_path / "out", view=False)
    assert result.ok and not result.resolved.relations
    assert (tmp_path / "out" / "citykg.ttl").read_text(encoding="utf-8").strip()
