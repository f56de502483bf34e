"""citykg publish: every portal file is written, parses, and is reproducible."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import DCAT, DCTERMS, VOID

from citykg.cli import main
from citykg.export import PUBLISH_FILES, publish

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
DATASET = rdflib.URIRef("https://w3id.org/citykg/resource/dataset")


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    return tmp_path


def test_publish_writes_every_file(build_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    out = build_dir / "pub"
    written = publish(build_dir, out)
    names = {p.relative_to(out).as_posix() for p in written}
    site = {n for n in names if n.startswith(("resource/", "topic/"))}
    assert names - site == set(PUBLISH_FILES) | {".htaccess", "nginx.conf", "resources.html"}
    assert "resource/city/mumbai.ttl" in site  # the linked-data site (tests/test_deref.py)
    for name in PUBLISH_FILES:
        assert (out / name).stat().st_size > 0, name

    void = rdflib.Graph().parse(out / "void.ttl", format="turtle")
    n = int(void.value(DATASET, VOID.triples))
    ttl = rdflib.Graph().parse(out / "citykg.ttl", format="turtle")
    assert n == len(ttl) > 149  # the data and its description, nothing lost
    assert {t for t in ttl if str(t[0]).startswith(str(DATASET))} - set(void) == set()
    ds = rdflib.Dataset()
    ds.parse(out / "citykg.trig", format="trig")
    assert len({str(g) for *_, g in ds.quads() if "/graph/" in str(g)}) == 2
    jsonld = rdflib.Dataset()
    jsonld.parse(out / "citykg.jsonld", format="json-ld")
    nt = gzip.decompress((out / "citykg.nt.gz").read_bytes()).decode()
    lines = nt.splitlines()
    assert lines == sorted(lines)
    # every dump carries the Turtle's triples, and void.ttl says so, with its size
    per_format = {
        "turtle": set(ttl),
        "trig": {(s, p, o) for s, p, o, _ in ds.quads()},
        "jsonld": {(s, p, o) for s, p, o, _ in jsonld.quads()},
        "ntriples": set(rdflib.Graph().parse(data=nt, format="nt")),
    }
    for key, name in (
        ("turtle", "citykg.ttl"),
        ("trig", "citykg.trig"),
        ("jsonld", "citykg.jsonld"),
        ("ntriples", "citykg.nt.gz"),
    ):
        assert per_format[key] == set(ttl), key
        dist = rdflib.URIRef(f"{DATASET}/distribution/{key}")
        assert (DATASET, DCAT.distribution, dist) in void, key
        assert int(void.value(dist, VOID.triples)) == len(ttl), key
        assert int(void.value(dist, DCAT.byteSize)) == (out / name).stat().st_size, key
        assert void.value(dist, DCTERMS["format"]) is not None, key
    index = (out / "index.html").read_text()
    assert (
        f"{len(ttl):,} triples" in index
        and 'href="citykg.nt.gz"' in index
        and 'href="view.html"' in index
    )
    rdflib.Graph().parse(out / "ontology" / "citykg.ttl", format="turtle")


def test_publish_is_byte_identical_across_runs(
    build_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    a = publish(build_dir, build_dir / "a")
    publish(build_dir, build_dir / "b")
    gz = (build_dir / "a" / "citykg.nt.gz").read_bytes()
    assert gz == (build_dir / "b" / "citykg.nt.gz").read_bytes()
    assert gz[4:8] == b"\0\0\0\0"  # gzip mtime field
    for path in a:
        rel = path.relative_to(build_dir / "a")
        if rel.suffix in (".ttl", ".trig", ".jsonld", ".gz"):
            assert path.read_bytes() == (build_dir / "b" / rel).read_bytes(), rel


def test_publish_cli_and_republish_replaces_description(build_dir: Path) -> None:
    first = build_dir / "p1"
    res = CliRunner().invoke(main, ["publish", str(first), "--graph", str(build_dir)])
    assert res.exit_code == 0, res.output
    # publishing the published Turtle again yields the same counts (old description dropped)
    second = build_dir / "p2"
    res = CliRunner().invoke(main, ["publish", str(second), "--graph", str(first / "citykg.trig")])
    assert res.exit_code == 0, res.output
    assert (first / "void.ttl").read_bytes() == (second / "void.ttl").read_bytes()


@pytest.mark.issue(12)
def test_published_turtle_is_the_build_turtle_and_urls_live_in_void(tmp_path: Path) -> None:
    """One serialiser: publish's citykg.ttl is the build's, byte for byte; download URLs
    (absolute) are in void.ttl only, so they do not change the graph."""
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    first = publish(tmp_path, tmp_path / "a")[0].parent
    build = tmp_path / "build"
    build.mkdir()
    shutil.copy(first / "citykg.trig", build / "citykg.trig")
    shutil.copy(first / "citykg.ttl", build / "citykg.ttl")
    again = tmp_path / "b"
    publish(build, again, download_base="https://example.org/kg/")
    assert (again / "citykg.ttl").read_bytes() == (first / "citykg.ttl").read_bytes()
    void = rdflib.Graph().parse(again / "void.ttl", format="turtle")
    urls = sorted(str(u) for u in void.objects(None, DCAT.downloadURL))
    assert urls == [
        "https://example.org/kg/citykg.jsonld",
        "https://example.org/kg/citykg.nt.gz",
        "https://example.org/kg/citykg.trig",
        "https://example.org/kg/citykg.ttl",
    ]


@pytest.mark.issue(12)
def test_build_view_and_publish_never_cross_to_rdflib(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Oxigraph terms from the RDF stage to every file: no conversion to or from rdflib,
    no rdflib parsing or serialising, on the build (with its view), view and publish paths."""
    from citykg import rdflib_bridge
    from citykg.extract.gazetteer import load_gazetteer
    from citykg.pipeline import build
    from citykg.view import render_view

    load_gazetteer()  # the extract stage reads its SKOS topics with rdflib, before RDF exists

    def refuse(*args, **kwargs):
        raise AssertionError("an rdflib round trip on the Oxigraph path")

    parse = rdflib.Graph.parse

    def parse_ontology_only(self, source=None, *args, **kwargs):
        # the ontology's HTML documentation reads the packaged ontology with rdflib; the
        # graph being built or published must never be
        if str(tmp_path) in str(source) or kwargs.get("data") is not None:
            refuse()
        return parse(self, source, *args, **kwargs)

    for name in ("to_rdflib", "to_ox", "quads_from_rdflib", "to_rdflib_dataset"):
        monkeypatch.setattr(rdflib_bridge, name, refuse)
    monkeypatch.setattr(rdflib.Graph, "parse", parse_ontology_only)
    monkeypatch.setattr(rdflib.Graph, "serialize", refuse)
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "kigali.txt").write_text(
        "Peer-to-peer exchange on electric buses in Kigali\n"
        "Location: Kigali, Rwanda\nDate: 5 March 2024\n"
        "City officials from Nairobi and Lima met in Kigali. C40 Cities organised the exchange.\n",
        encoding="utf-8",
    )
    result = build([docs], tmp_path / "graphs")
    assert result.ok and (tmp_path / "graphs" / "index.html").is_file()
    render_view(tmp_path / "graphs", tmp_path / "view.html", document=str(docs / "kigali.txt"))
    publish(tmp_path / "graphs", tmp_path / "pub")
    ttl = (tmp_path / "graphs" / "citykg.ttl").read_bytes()
    assert (tmp_path / "pub" / "citykg.ttl").read_bytes() == ttl  # one serialiser
