"""citykg publish: every portal file is written, parses, and is reproducible."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import VOID

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
    assert n == 149
    ttl = rdflib.Graph().parse(out / "citykg.ttl", format="turtle")
    assert len(ttl) == n + len(void)  # data plus its description, nothing lost
    ds = rdflib.Dataset()
    ds.parse(out / "citykg.trig", format="trig")
    assert len({str(g) for *_, g in ds.quads() if "/graph/" in str(g)}) == 2
    jsonld = rdflib.Dataset()
    jsonld.parse(out / "citykg.jsonld", format="json-ld")
    assert len(list(jsonld.quads())) == len(list(ds.quads()))
    nt = gzip.decompress((out / "citykg.nt.gz").read_bytes()).decode()
    lines = nt.splitlines()
    assert lines == sorted(lines)
    assert len(rdflib.Graph().parse(data=nt, format="nt")) == len(ttl)  # the same triples
    index = (out / "index.html").read_text()
    assert "149 triples" in index and 'href="citykg.nt.gz"' in index and 'href="view.html"' in index
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
