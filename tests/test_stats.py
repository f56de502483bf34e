"""citykg.stats and `citykg stats`: numbers on the sample graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import RDF, RDFS

from citykg.cli import main
from citykg.stats import format_table, graph_stats
from citykg.vocab import CKG, DEFAULT_BASE

SAMPLE = Path(__file__).parent / "data" / "sample.trig"


@pytest.fixture(scope="module")
def stats():
    return graph_stats(SAMPLE)


def test_counts(stats):
    assert (stats.triples, stats.entities, stats.relations) == (149, 20, 21)
    assert stats.by_class["ckg:City"] == 6
    assert stats.by_class["ckg:Document"] == 2
    assert stats.by_predicate["ckg:participant"] == 6
    assert stats.by_predicate["rdfs:label"] == 34
    assert stats.entities_by_class == {
        "Agency": 4,
        "City": 6,
        "Country": 5,
        "Event": 1,
        "Exchange": 2,
        "Initiative": 1,
        "Topic": 1,
    }


def test_centrality_is_ranked_and_tie_broken(stats):
    cities = [(c.label, c.degree) for c in stats.central_cities]
    # Mumbai and Baku both have 3 neighbours; Mumbai bridges more shortest paths
    assert cities[:2] == [("Mumbai", 3), ("Baku", 3)]
    assert stats.central_cities[0].betweenness > stats.central_cities[1].betweenness
    assert [c.label for c in stats.central_cities[2:4]] == ["Durban", "Kigali"]  # tie → label
    assert stats.central_agencies[0].label == "Turku Environmental Protection Office"
    assert graph_stats(SAMPLE, top=2).central_cities == stats.central_cities[:2]


def test_communities_partition_the_connected_entities(stats):
    members = [m for group in stats.communities for m in group]
    assert len(members) == len(set(members)) == 20  # nobody isolated in the sample
    assert stats.isolated == []
    # the two documents' stories never share a community (no edge between them)
    p2p = next(g for g in stats.communities if "Kigali" in g)
    assert "COP29" not in p2p and "Baku" not in p2p


def test_isolated_nodes_and_french_labels():
    ds = Dataset()
    ds.parse(SAMPLE, format="trig")
    lonely = URIRef(f"{DEFAULT_BASE}city/lonely")
    ds.add((lonely, RDF.type, CKG.City))
    ds.add((lonely, RDFS.label, Literal("Lonely", lang="en")))
    result = graph_stats(ds, lang="fr")
    assert result.isolated == ["Lonely"]
    assert "Pékin" in [c.label for c in result.central_cities]


def test_output_is_stable_json_and_aligned_table(stats):
    first = graph_stats(SAMPLE).to_json()
    assert first == graph_stats(SAMPLE).to_json()
    data = json.loads(first)
    assert list(data) == sorted(data)
    assert data["central_cities"][0]["label"] == "Mumbai"
    table = format_table(stats).splitlines()
    start = next(i for i, line in enumerate(table) if line.startswith("most central cities"))
    end = table.index("", start)
    head, rows = table[start], table[start + 2 : end]
    assert len(rows) == 6
    col = head.index("degree") + len("degree")  # numbers right-aligned under their header
    for row in rows:
        assert row[col - 1].isdigit() and row[col] == " ", row
        assert row.endswith(row.split()[-1]) and len(row) == len(rows[0])


def test_cli_stats(tmp_path):
    runner = CliRunner()
    result = runner.invoke(
        main, ["stats", "--graph", str(SAMPLE), "--format", "json", "--top", "1"]
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["triples"] == 149 and len(data["central_cities"]) == 1
    table = runner.invoke(main, ["stats", "--graph", str(SAMPLE)])
    assert table.exit_code == 0 and "most central cities" in table.output
    bad = runner.invoke(main, ["stats", "--graph", str(tmp_path / "none.ttl")])
    assert bad.exit_code == 1 and bad.output.startswith("Error: ") and "Traceback" not in bad.output


@pytest.mark.issue(12)
def test_every_command_counts_alike(tmp_path: Path, stats) -> None:
    """One definition of triples, entities and relations (netgraph.graph_counts): stats,
    the entity network, publish (its VoID and its message) and push's distinct count."""
    import shutil

    import pyoxigraph as ox

    from citykg.netgraph import graph_counts, to_networkx
    from citykg.store import read_quads

    counts = graph_counts(SAMPLE)
    assert (stats.triples, stats.entities, stats.relations) == tuple(vars(counts).values())
    net = to_networkx(SAMPLE)
    assert (net.number_of_nodes(), net.number_of_edges()) == (counts.entities, counts.relations)
    quads = list(read_quads(SAMPLE))
    assert graph_counts(q.triple for q in quads).triples == counts.triples
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    res = CliRunner().invoke(main, ["publish", str(tmp_path / "pub"), "--graph", str(tmp_path)])
    assert res.exit_code == 0, res.output
    published = graph_counts(tmp_path / "pub" / "citykg.ttl")
    # publishing adds the dataset description: more triples, the same entities and relations
    assert (published.entities, published.relations) == (counts.entities, counts.relations)
    assert published.triples > counts.triples
    assert (
        f"published {published.triples} triples ({published.entities} entities, "
        f"{published.relations} relations)" in res.output
    )
    void = {q.triple for q in ox.parse(path=str(tmp_path / "pub" / "void.ttl"))}
    n = [t.object.value for t in void if t.predicate.value.endswith("void#triples")]
    assert str(published.triples) in n
    again = CliRunner().invoke(main, ["stats", "--graph", str(tmp_path / "pub" / "citykg.ttl")])
    assert f"triples    {published.triples:,}" in again.output
