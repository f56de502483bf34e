"""A chunk's texts (:func:`citykg.chunks._texts`) are what Oxigraph writes for its graph.

The stage serialises a document's named graph once, as Turtle, and derives from that text
both its TriG block and its statement nodes' Turtle blocks; these tests hold the derived
texts to Oxigraph's own TriG and Turtle of the same triples, on the seeds' real graphs and
on a graph whose statement names a graph IRI (the prefix only the TriG declares).
"""

from __future__ import annotations

import pyoxigraph as ox
from rdflib.namespace import RDF

from citykg.chunks import Chunk, Maps, _Made, _maps, _texts
from citykg.graphio import namespace_facts, prefixes
from citykg.runs import cut_blocks, triple_line, without_prefixes
from citykg.vocab import CKG, DEFAULT_BASE

_TYPE = ox.NamedNode(str(RDF.type))
_STATEMENT = ox.NamedNode(str(RDF.Statement))


def _direct(graph: ox.NamedNode, named: set, maps: Maps) -> tuple[str, list[list[str]]]:
    """The TriG block and statement blocks as Oxigraph writes them from the triples."""
    ordered = sorted(named, key=lambda t: triple_line(*t))
    quads = [ox.Quad(*t, graph) for t in ordered]
    trig = without_prefixes(ox.serialize(quads, format=ox.RdfFormat.TRIG, prefixes=maps.trig))
    statements = {s for s, p, o in named if p == _TYPE and o == _STATEMENT}
    own = [ox.Triple(*t) for t in ordered if t[0] in statements]
    text = without_prefixes(ox.serialize(own, format=ox.RdfFormat.TURTLE, prefixes=maps.turtle))
    return trig, [list(b) for b in cut_blocks(text, sorted(str(s) for s in statements))]


def _chunk_texts(graph: ox.NamedNode, named: set, maps: Maps) -> tuple[str, list[list[str]]]:
    chunk = Chunk("key", "doc", graph.value, [], [], [], shared="", default="")
    _texts(chunk, _Made(set(), named), maps)
    return chunk.trig, chunk.turtle


def _build_maps(graph: ox.NamedNode, named: set, base: str = DEFAULT_BASE) -> Maps:
    """The maps a build would write these triples with (its graph namespace included)."""
    iris = {graph.value} | {
        t.value if isinstance(t, ox.NamedNode) else t.datatype.value
        for triple in named
        for t in triple
    }
    found, refused, _ = namespace_facts(iris, prefixes(base))
    graph_ns = {f"{base}graph/"}
    return _maps(found - graph_ns, refused, graph_ns, base)


def test_chunk_texts_are_oxigraphs_trig_and_turtle_of_the_seeds(seeds_build) -> None:
    _, result = seeds_build
    named = result.triples.named
    assert len(named) > 5
    statements = 0
    for graph, triples in named.items():
        maps = _build_maps(graph, triples)
        trig, blocks = _chunk_texts(graph, triples, maps)
        assert (trig, blocks) == _direct(graph, triples, maps)
        statements += len(blocks)
    assert statements > 20  # the seeds' graphs have statement nodes to cut out


def test_a_statement_naming_a_graph_iri_is_written_with_the_turtle_prefixes() -> None:
    """``graph:`` is declared in the TriG only: a statement block with a graph IRI is
    written apart (here ``graph:x`` in the TriG, the full IRI in the Turtle)."""
    base = DEFAULT_BASE
    g = ox.NamedNode(f"{base}graph/doc-1")
    other = ox.NamedNode(f"{base}graph/doc-2")
    city = ox.NamedNode(f"{base}city/ville-imaginaire")
    st = ox.NamedNode(f"{base}statement/0123456789abcdef0123")
    named = {
        (city, _TYPE, ox.NamedNode(str(CKG.City))),
        (city, ox.NamedNode(str(CKG.mentionedIn)), ox.NamedNode(f"{base}document/doc-1")),
        (st, _TYPE, _STATEMENT),
        (st, ox.NamedNode(str(RDF.subject)), city),
        (st, ox.NamedNode(str(RDF.object)), other),
        (st, ox.NamedNode(str(CKG.evidence)), ox.Literal("Une phrase inventée.", language="fr")),
    }
    maps = _build_maps(g, named)
    assert "graph" in maps.trig and "graph" not in maps.turtle
    trig, blocks = _chunk_texts(g, named, maps)
    assert (trig, blocks) == _direct(g, named, maps)
    assert "graph:doc-2" in trig and f"<{other.value}>" in blocks[0][1]
    # without the graph IRI in the statement, the one-serialisation path gives the same
    named.discard((st, ox.NamedNode(str(RDF.object)), other))
    named.add((st, ox.NamedNode(str(RDF.object)), city))
    assert _chunk_texts(g, named, maps) == _direct(g, named, maps)


def test_an_empty_named_graph_has_no_texts() -> None:
    g = ox.NamedNode(f"{DEFAULT_BASE}graph/empty")
    maps = _build_maps(g, set())
    assert _chunk_texts(g, set(), maps) == ("", []) == _direct(g, set(), maps)


def test_packed_chunks_give_back_each_chunks_last_trig_block(tmp_path) -> None:
    """A build without a cache keeps its chunks' TriG blocks in one file: each key reads
    back the block last put for it (a rewritten chunk's new one), also from a forked
    process reading at its own offsets; a chunk is never found whole (it is made again)."""
    import os

    from citykg.chunks import PackedChunks

    store = PackedChunks(tmp_path)

    def chunk(key: str, trig: str) -> Chunk:
        c = Chunk(key, "doc", f"{DEFAULT_BASE}graph/{key}", [], [], [], shared="", default="")
        c.trig = trig
        return c

    store.put(chunk("a", "graph:a {\n\tcity:é a ckg:City .\n}\n"))
    store.put(chunk("b", "graph:b {\n\tcity:b a ckg:City .\n}\n"))
    store.put(chunk("a", "graph:a {\n\tcity:ville a ckg:City .\n}\n"))  # rewritten
    assert store.trig("a") == "graph:a {\n\tcity:ville a ckg:City .\n}\n"
    assert store.trig("b") == "graph:b {\n\tcity:b a ckg:City .\n}\n"
    assert store.get("a") is None and not store.intact("a") and store.misses == 1
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the TriG writer's position: a forked copy reading the same file
        os.close(r)
        os.write(w, store.trig("b").encode("utf-8"))
        os._exit(0)
    os.close(w)
    with os.fdopen(r, "rb") as fh:
        assert fh.read().decode("utf-8") == store.trig("b")
    os.waitpid(pid, 0)
    store.close()
    store.close()  # twice is harmless (the build's exit stack and the stage both close it)
    assert [p.name for p in tmp_path.iterdir()] == ["trig.pack"]


def test_chunks_written_again_with_the_builds_prefixes_are_the_same_files(
    tmp_path, repo_root, monkeypatch
) -> None:
    """A chunk whose first texts used other prefixes than the build's (rare: a namespace
    refused or added elsewhere in the corpus) is written again (chunkstage._rewrite), from
    the one-file store of a build without a cache as from the cache's: forced here by first
    texts written without ``city:``, the files are still Oxigraph's serialisation of the
    build's triples, byte for byte."""
    import shutil

    from citykg import chunks, chunkstage
    from citykg.pipeline import build
    from citykg.rdf import merged_turtle, to_trig

    docs = tmp_path / "docs"
    docs.mkdir()
    for name in ("101_dakar-brt-electrique_fr.txt", "104_iclei-congress-organic-waste_en.txt"):
        shutil.copy(repo_root / "seeds" / name, docs / name)
    real = chunks._provisional

    def without_city(chunk: Chunk, base: str) -> Maps:
        maps = real(chunk, base)
        drop = {"city"}
        return Maps(
            {k: v for k, v in maps.turtle.items() if k not in drop},
            {k: v for k, v in maps.trig.items() if k not in drop},
        )

    rewritten: list[int] = []
    rewrite = chunkstage._rewrite

    def counted(*args, **kwargs):
        out = rewrite(*args, **kwargs)
        rewritten.append(len(out))
        return out

    monkeypatch.setattr(chunkstage, "_provisional", without_city)
    monkeypatch.setattr(chunkstage, "_rewrite", counted)
    for cache in (False, True):
        out = tmp_path / f"out-{cache}"
        result = build([docs], out, view=False, cache=cache)
        assert rewritten[-1] == 2  # both documents name a city: both written again
        assert (out / "citykg.ttl").read_bytes() == merged_turtle(result.triples)
        assert (out / "citykg.trig").read_bytes() == to_trig(result.triples)
        assert b"city:" in (out / "citykg.trig").read_bytes()
