"""citykg.export: every format parses back; the dataset description matches the data."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from click.testing import CliRunner
from rdflib.namespace import DCAT, DCTERMS, RDF, VOID

from citykg.cli import main
from citykg.errors import CityKGError
from citykg.export import describe_dataset, export_bytes, export_graph
from citykg.netgraph import graph_counts, to_networkx
from citykg.rdflib_bridge import quads_from_rdflib, triples_to_rdflib
from citykg.vocab import CKG

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
BASE = "https://w3id.org/citykg/resource/"
N_TRIPLES = 149  # distinct triples in the sample (checked against rdflib below)
_OX_FORMATS = {
    "turtle": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "jsonld": ox.RdfFormat.JSON_LD,
    "nquads": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
}


@pytest.fixture
def build_dir(tmp_path: Path) -> Path:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    return tmp_path


@pytest.fixture(scope="module")
def sample() -> rdflib.Dataset:
    ds = rdflib.Dataset()
    ds.parse(SAMPLE, format="trig")
    return ds


def test_sample_size(sample: rdflib.Dataset) -> None:
    assert len({(s, p, o) for s, p, o, _ in sample.quads()}) == N_TRIPLES


@pytest.mark.issue(12)
@pytest.mark.parametrize(
    ("fmt", "rdflib_format", "dataset", "flag"),
    [
        ("turtle", "turtle", False, False),
        ("ntriples", "nt", False, False),
        ("rdfxml", "xml", False, False),
        ("jsonld", "json-ld", False, False),
        ("nquads", "nquads", True, False),
        ("trig", "trig", True, False),
        ("jsonld", "json-ld", True, True),
    ],
)
def test_rdf_formats_carry_the_triples_of_the_turtle(
    build_dir: Path, fmt: str, rdflib_format: str, dataset: bool, flag: bool
) -> None:
    """Every RDF export holds the merged graph: the same triples as the Turtle, read by
    rdflib and Oxigraph alike; named graphs only in trig/nquads and with --dataset."""
    turtle = rdflib.Graph().parse(data=export_bytes(build_dir, "turtle"), format="turtle")
    assert len(turtle) == N_TRIPLES
    out = build_dir / f"out.{fmt}"
    assert export_graph(build_dir, fmt, out, dataset=flag) == [out]
    ds = rdflib.Dataset()
    ds.parse(out, format=rdflib_format)
    quads = list(ds.quads())
    triples = {(s, p, o) for s, p, o, _ in quads}
    assert len(triples) == len(turtle) and triples == set(turtle)
    names = {str(g) for *_, g in quads}
    has_graphs = f"{BASE}graph/p2p-zeb" in names and f"{BASE}graph/cop29-beijing" in names
    assert has_graphs is dataset
    if not dataset:
        assert len(quads) == N_TRIPLES
    oxi = {q.triple for q in ox.parse(out.read_bytes(), format=_OX_FORMATS[fmt])}
    assert len(oxi) == len(turtle)  # Oxigraph reads the same number of triples
    assert export_bytes(build_dir, fmt, dataset=flag) == out.read_bytes()  # deterministic


def test_turtle_export_of_a_build_is_its_citykg_ttl(build_dir: Path) -> None:
    """One serialiser: exporting a build directory as Turtle gives its citykg.ttl."""
    from citykg.store import read_quads, serialize_quads

    ttl = serialize_quads(read_quads(build_dir / "citykg.trig"), ox.RdfFormat.TURTLE)
    (build_dir / "citykg.ttl").write_bytes(ttl)
    assert export_bytes(build_dir, "turtle") == ttl
    assert len(list(ox.parse(ttl, format=ox.RdfFormat.TURTLE))) == N_TRIPLES
    assert b"city:" in ttl and b"\\/" not in ttl  # readable prefixed names


def test_dataset_flag_is_refused_where_no_named_graphs_fit(build_dir: Path) -> None:
    with pytest.raises(CityKGError, match="--dataset"):
        export_bytes(build_dir, "turtle", dataset=True)


@pytest.mark.issue(4)
def test_rdf_exports_are_the_file_as_written(tmp_path: Path) -> None:
    """The cached store's default graph is the merge; a dump must not add it."""
    (tmp_path / "citykg.trig").write_text(
        "<http://x/a> <http://x/p> <http://x/d> .\n"
        "<http://x/g> { <http://x/a> <http://x/p> <http://x/b> . <http://x/a> <http://x/p> <http://x/b> . }\n"
    )
    lines = export_bytes(tmp_path, "nquads").decode().splitlines()
    assert lines == [
        "<http://x/a> <http://x/p> <http://x/b> <http://x/g> .",
        "<http://x/a> <http://x/p> <http://x/d> .",
    ]


def test_ntriples_are_sorted(build_dir: Path) -> None:
    lines = export_bytes(build_dir, "ntriples").decode().splitlines()
    assert lines == sorted(lines) and len(lines) == N_TRIPLES


def test_graphml(build_dir: Path) -> None:
    out = build_dir / "g.graphml"
    export_graph(build_dir, "graphml", out)
    g = nx.read_graphml(out)
    mumbai = g.nodes[f"{BASE}city/mumbai"]
    assert mumbai["label"] == "Mumbai" and mumbai["class"] == "City"
    assert mumbai["geonames"] == "https://sws.geonames.org/1275339/"
    assert g.nodes[f"{BASE}agency/c40"]["wikidata"] == "http://www.wikidata.org/entity/Q5006932"
    assert f"{BASE}document/p2p-zeb" not in g and "https://w3id.org/citykg/topic/" not in g
    assert not any("/statement/" in n for n in g)
    assert g.number_of_nodes() == 20
    assert g.number_of_edges() == 21
    exchange = f"{BASE}event/2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission"
    preds = sorted(d["predicate"] for _u, _v, d in g.out_edges(exchange, data=True))
    assert preds.count("participant") == 4 and "location" in preds
    assert g.nodes[exchange]["startDate"] == "2023-07-11"
    assert g.nodes[f"{BASE}agency/unfccc"]["aliases"] == "CCNUCC | UNFCCC"
    kigali = g.get_edge_data(exchange, f"{BASE}city/kigali")["participant"]
    assert kigali["evidence"].startswith("Pendant trois jours") and kigali["confidence"] == 0.85
    assert kigali["documents"] == "seeds/p2p-zeb.txt"


def test_graph_formats_are_the_views_projection(build_dir: Path) -> None:
    """One projection for views, stats and files: same nodes, labels, classes and edges."""
    net = to_networkx(SAMPLE)
    g = nx.read_graphml(build_dir / export_graph(build_dir, "graphml", build_dir / "g.graphml")[0])
    assert sorted(g.nodes) == sorted(net.nodes)
    assert {n: g.nodes[n]["label"] for n in g} == {n: d["label"] for n, d in net.nodes(data=True)}
    assert {n: g.nodes[n]["classes"] for n in g} == {
        n: " ".join(d["classes"]) for n, d in net.nodes(data=True)
    }
    assert sorted(g.edges(keys=True)) == sorted(net.edges(keys=True))


def test_gexf_labels_and_classes(build_dir: Path) -> None:
    out = build_dir / "g.gexf"
    export_graph(build_dir, "gexf", out, lang="fr")
    g = nx.read_gexf(out)
    assert g.nodes[f"{BASE}city/beijing"]["label"] == "Pékin"  # --lang fr
    assert g.nodes[f"{BASE}event/cop29"]["class"] == "Conference"
    assert g.number_of_nodes() == 20 and g.number_of_edges() == 21
    assert b"lastmodifieddate" not in out.read_bytes()


def test_csv_out_is_a_folder(build_dir: Path) -> None:
    written = export_graph(build_dir, "csv", build_dir / "kg")
    assert [p.relative_to(build_dir).as_posix() for p in written] == [
        "kg/nodes.csv",
        "kg/edges.csv",
    ]
    nodes = list(csv.DictReader(written[0].open(encoding="utf-8")))
    edges = list(csv.DictReader(written[1].open(encoding="utf-8")))
    assert len(nodes) == 20 and len(edges) == 21
    kigali = [
        e for e in edges if e["target"].endswith("/city/kigali") and e["predicate"] == "participant"
    ]
    assert kigali[0]["confidence"] == "0.85" and kigali[0]["evidence"].startswith("Pendant")
    assert kigali[0]["documents"] == "seeds/p2p-zeb.txt" and kigali[0]["label"] == "participant"
    by_id = {n["id"]: n for n in nodes}
    cop29 = by_id[f"{BASE}event/cop29"]
    assert (cop29["class"], cop29["classes"]) == ("Conference", "Conference Event")
    beijing = by_id[f"{BASE}city/beijing"]
    assert (beijing["label"], beijing["label_fr"], beijing["documents"]) == (
        "Beijing",
        "Pékin",
        "seeds/cop29-beijing.txt",
    )
    outdir = build_dir / "csvdir"
    outdir.mkdir()
    assert [p.name for p in export_graph(build_dir, "csv", outdir)] == ["nodes.csv", "edges.csv"]
    # the CLI, trailing slash or not, writes the same folder
    for given in ("graphs/csv", "graphs/csv2/"):
        r = CliRunner().invoke(
            main,
            [
                "export",
                "--graph",
                str(build_dir),
                "--format",
                "csv",
                "--out",
                str(build_dir / given),
            ],
        )
        assert r.exit_code == 0, r.output
        folder = build_dir / given.rstrip("/")
        assert sorted(p.name for p in folder.iterdir()) == ["edges.csv", "nodes.csv"]
    (build_dir / "afile").write_text("x")
    r = CliRunner().invoke(
        main,
        ["export", "--graph", str(build_dir), "--format", "csv", "--out", str(build_dir / "afile")],
    )
    assert r.exit_code == 1 and "is a file; csv --out is a folder" in r.output


def _rdflib(triples) -> rdflib.Graph:
    return triples_to_rdflib(triples, rdflib.Graph())


def test_describe_dataset_numbers(sample: rdflib.Dataset, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    description = describe_dataset(sample)
    g = _rdflib(description)
    ds = rdflib.URIRef(f"{BASE}dataset")
    assert (ds, RDF.type, VOID.Dataset) in g and (ds, RDF.type, DCAT.Dataset) in g
    # void:triples counts what a reader of citykg.ttl counts: the data and this description
    assert int(g.value(ds, VOID.triples)) == N_TRIPLES + len(g)
    assert int(g.value(ds, VOID.entities)) == graph_counts(quads_from_rdflib(sample)).entities
    triples = {(s, p, o) for s, p, o, _ in sample.quads()}
    assert int(g.value(ds, VOID.distinctSubjects)) == len({s for s, _, _ in triples})
    assert int(g.value(ds, VOID.properties)) == len({p for _, p, _ in triples})
    city_part = rdflib.URIRef(f"{BASE}dataset/class/City")
    assert (ds, VOID.classPartition, city_part) in g
    assert int(g.value(city_part, VOID.entities)) == 6
    part = rdflib.URIRef(f"{BASE}dataset/property/participant")
    assert g.value(part, VOID.property) == CKG.participant and int(g.value(part, VOID.triples)) == 6
    assert set(g.objects(ds, DCTERMS.source)) == {
        rdflib.URIRef(f"{BASE}document/p2p-zeb"),
        rdflib.URIRef(f"{BASE}document/cop29-beijing"),
    }
    assert len(list(g.objects(ds, VOID.exampleResource))) == 3
    assert g.value(ds, DCTERMS.issued) is None
    assert not any(isinstance(t, rdflib.BNode) for tr in g for t in tr)
    # the dumps are listed by publish's void.ttl, which alone can know their sizes
    assert not list(g.objects(None, DCAT.downloadURL)) and not list(
        g.objects(ds, DCAT.distribution)
    )
    assert description == describe_dataset(sample)


def test_describe_dataset_ignores_previous_description_and_dates(
    sample: rdflib.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first = describe_dataset(sample)
    ds = rdflib.URIRef(f"{BASE}dataset")
    assert str(_rdflib(first).value(ds, DCTERMS.issued)).startswith("2023-11-14T22:13:20")
    again = list(quads_from_rdflib(sample)) + [ox.Quad(*t) for t in first]
    assert describe_dataset(again) == first
