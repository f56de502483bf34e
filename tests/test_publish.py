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
    assert sorted(p.relative_to(out).as_posix() for p in written) == sorted(PUBLISH_FILES)
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
