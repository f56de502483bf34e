"""citykg.netgraph: the RDF → networkx projection every view, stat and exporter shares."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF

from citykg import store
from citykg.errors import CityKGError
from citykg.netgraph import property_label, to_networkx
from citykg.vocab import CKG, DEFAULT_BASE

SAMPLE = Path(__file__).parent / "data" / "sample.trig"
RES = DEFAULT_BASE
EXCHANGE = f"{RES}event/2023-07-11-echange-de-pair-a-pair-dans-les-bus-a-zero-emission"
SIDE = f"{RES}event/2024-11-21-beijing-actions-and-results"


@pytest.fixture(scope="module")
def net():
    return to_networkx(SAMPLE)


def test_nodes_are_entities_only(net):
    assert net.number_of_nodes() == 20
    kinds = {iri.split("/")[-2] for iri in net}
    assert kinds == {"city", "country", "agency", "event", "initiative", "topic"}
    assert not any("/document/" in n or "/statement/" in n for n in net)
    assert "https://w3id.org/citykg/topic/" not in net  # the topic scheme node
    assert list(net) == sorted(net)  # deterministic insertion order


def test_most_specific_class_and_classes(net):
    assert net.nodes[EXCHANGE]["cls"] == "Exchange"
    assert net.nodes[f"{RES}event/cop29"]["cls"] == "Event"
    assert net.nodes[f"{RES}event/cop29"]["classes"] == ["Conference", "Event"]
    assert net.nodes[f"{RES}agency/c40"]["classes"] == ["Agency", "CityNetwork"]
    assert net.nodes[f"{RES}city/mumbai"]["cls"] == "City"
    # ``class`` (what GraphML/GEXF/CSV call a node's class) keeps the subclasses apart
    assert net.nodes[f"{RES}event/cop29"]["class"] == "Conference"
    assert net.nodes[f"{RES}agency/c40"]["class"] == "CityNetwork"
    assert net.nodes[EXCHANGE]["class"] == "Exchange"
    assert net.nodes[f"{RES}city/mumbai"]["class"] == "City"


def test_labels_languages_and_fallbacks(net):
    beijing = net.nodes[f"{RES}city/beijing"]
    assert (beijing["label"], beijing["label_en"], beijing["label_fr"]) == (
        "Beijing",
        "Beijing",
        "Pékin",
    )
    assert to_networkx(SAMPLE, lang="fr").nodes[f"{RES}city/beijing"]["label"] == "Pékin"
    # only a French label: English view falls back to it
    assert net.nodes[f"{RES}initiative/mumbai-zeb-programme"]["label"] == "programme ZEB"
    assert net.nodes[f"{RES}agency/unfccc"]["aliases"] == ["CCNUCC", "UNFCCC"]


def test_label_falls_back_to_iri_segment():
    g = Graph()
    node = URIRef(f"{RES}city/nameless-town")
    g.add((node, RDF.type, CKG.City))
    assert to_networkx(g).nodes[str(node)]["label"] == "nameless-town"


def test_links_documents_and_dates(net):
    mumbai = net.nodes[f"{RES}city/mumbai"]
    assert mumbai["geonames"] == "https://sws.geonames.org/1275339/"
    assert mumbai["wikidata"] == ""
    assert mumbai["documents"] == ["seeds/p2p-zeb.txt"]
    assert net.nodes[f"{RES}agency/c40"]["wikidata"] == "http://www.wikidata.org/entity/Q5006932"
    ex = net.nodes[EXCHANGE]
    assert (ex["startDate"], ex["endDate"]) == ("2023-07-11", "2023-07-13")
    assert net.nodes[f"{RES}initiative/mumbai-zeb-programme"]["targetYear"] == "2030"
    assert "startDate" not in mumbai


def test_non_web_same_as_never_becomes_a_link():
    g = Graph()
    node = URIRef(f"{RES}city/x")
    g.add((node, RDF.type, CKG.City))
    g.add((node, OWL.sameAs, URIRef("javascript:alert('geonames.org/')")))
    assert to_networkx(g).nodes[str(node)]["geonames"] == ""


def test_edges_carry_predicate_label_evidence_confidence(net):
    assert net.number_of_edges() == 21
    edge = net.edges[EXCHANGE, f"{RES}city/kigali", "participant"]
    assert edge["predicate"] == "participant"
    assert edge["label"] == property_label("participant", "en")
    assert edge["evidence"][0].startswith("Pendant trois jours")
    assert edge["confidence"] == pytest.approx(0.85)
    assert edge["documents"] == ["seeds/p2p-zeb.txt"]
    part_of = net.edges[SIDE, f"{RES}event/cop29", "partOf"]
    assert part_of["confidence"] == pytest.approx(0.9)
    # an edge without statement has no confidence, but still knows its named graph's document
    located = net.edges[f"{RES}city/mumbai", f"{RES}country/india", "locatedIn"]
    assert "confidence" not in located and located["evidence"] == []
    assert located["documents"] == ["seeds/p2p-zeb.txt"]
    # two different relations between the same pair are two edges
    assert set(net[EXCHANGE][f"{RES}city/mumbai"]) == {"location", "participant"}


def test_french_edge_labels():
    fr = to_networkx(SAMPLE, lang="fr")
    assert fr.edges[f"{RES}city/mumbai", f"{RES}country/india", "locatedIn"]["label"] == (
        property_label("locatedIn", "fr")
    )
    assert property_label("locatedIn", "fr") != property_label("locatedIn", "en")


def test_inputs_agree_and_order_is_stable(tmp_path):
    ds = Dataset()
    ds.parse(SAMPLE, format="trig")
    flat = Graph()
    for s, p, o, _g in ds.quads((None, None, None, None)):
        flat.add((s, p, o))
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    a, b, c = to_networkx(ds), to_networkx(flat), to_networkx(tmp_path)
    d = to_networkx(store.open_store(tmp_path))
    assert list(a.nodes(data=True)) == list(c.nodes(data=True)) == list(d.nodes(data=True))
    assert list(c.edges(keys=True, data=True)) == list(d.edges(keys=True, data=True))
    assert list(a.edges(keys=True)) == list(b.edges(keys=True)) == list(c.edges(keys=True))
    assert list(a.edges(keys=True, data=True)) == list(
        to_networkx(SAMPLE).edges(keys=True, data=True)
    )


def test_unknown_path_is_one_line_error(tmp_path):
    with pytest.raises(CityKGError, match="no such graph file"):
        to_networkx(tmp_path / "missing.ttl")


def test_literal_typed_entity_is_not_confused():
    g = Graph()
    node = URIRef(f"{RES}city/a")
    g.add((node, RDF.type, CKG.City))
    g.add((node, CKG.participant, Literal("not a node")))
    assert to_networkx(g).number_of_edges() == 0


def _same(a, b) -> bool:
    return list(a.nodes(data=True)) == list(b.nodes(data=True)) and list(
        a.edges(keys=True, data=True)
    ) == list(b.edges(keys=True, data=True))


def test_named_graphs_in_a_store_of_their_own_give_the_same_projection():
    """The build projects its merge (``citykg.ttl``) with the named graphs (``citykg.trig``)
    loaded apart, in another thread: the same nodes, edges and attributes as one store."""
    graphs = Path(__file__).parent.parent / "graphs"
    named = store.file_store(graphs / "citykg.trig")
    asked: list[int] = []
    apart = to_networkx(
        store.file_store(graphs / "citykg.ttl"), named_graphs=lambda: asked.append(1) or named
    )
    assert asked == [1]  # asked once, after the merge was read
    assert apart.number_of_edges() > 0
    assert _same(apart, to_networkx(store.open_store(graphs)))
    # an edge no statement backs knows its document from its named graph alone
    merge = ox.Store()
    merge.bulk_extend(
        store.open_store(SAMPLE).quads_for_pattern(None, None, None, ox.DefaultGraph())
    )
    apart = to_networkx(merge, named_graphs=lambda: store.file_store(SAMPLE))
    assert _same(apart, to_networkx(SAMPLE))
    located = (f"{RES}city/mumbai", f"{RES}country/india", "locatedIn")
    assert apart.edges[located]["documents"] == ["seeds/p2p-zeb.txt"]
    assert to_networkx(merge, named_graphs=ox.Store).edges[located]["documents"] == []


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_files_streamed_give_the_projection_of_their_stores(tmp_path, lang):
    """The build's views project its written files as a stream (citykg.netstream), with no
    store of them: the same nodes, edges and attributes, in the same order, as the stores."""
    from citykg.netstream import project_files

    graphs = Path(__file__).parent.parent / "graphs"
    streamed = project_files(graphs / "citykg.ttl", graphs / "citykg.trig", lang=lang)
    assert streamed.number_of_edges() > 0
    assert _same(streamed, to_networkx(store.open_store(graphs), lang=lang))
    # a merge written apart from its named graphs: an edge no statement backs still knows
    # its document from its named graph
    merge = tmp_path / "merge.ttl"
    quads = store.open_store(SAMPLE).quads_for_pattern(None, None, None, ox.DefaultGraph())
    ox.serialize([q.triple for q in quads], output=str(merge), format=ox.RdfFormat.TURTLE)
    streamed = project_files(merge, SAMPLE, lang=lang)
    assert _same(streamed, to_networkx(SAMPLE, lang=lang))
    located = (f"{RES}city/mumbai", f"{RES}country/india", "locatedIn")
    assert streamed.edges[located]["documents"] == ["seeds/p2p-zeb.txt"]


def test_a_lean_projection_keeps_evidence_for_the_edges_asked_for_only():
    """The build's views ask for the evidence of the edges their pages draw: those edges
    get what the full projection gives them, the others their predicate and label only,
    and nodes and edges are the same, in the same order."""
    from citykg.netstream import project_files

    graphs = Path(__file__).parent.parent / "graphs"
    files = (graphs / "citykg.ttl", graphs / "citykg.trig")
    full = project_files(*files)
    every = list(full.edges(keys=True))
    chosen = set(every[::3]) | {e for e in every if e[2] == "parentCountry"}
    seen: list[int] = []
    lean = project_files(*files, evidence_for=lambda net: seen.append(len(net)) or chosen)
    assert seen == [full.number_of_nodes()]  # asked once, on the whole graph
    assert list(lean.nodes(data=True)) == list(full.nodes(data=True))
    assert list(lean.edges(keys=True)) == every
    for u, v, k, data in lean.edges(keys=True, data=True):
        want = full.edges[u, v, k]
        if (u, v, k) in chosen:
            assert data == want
        else:
            assert data == {"predicate": k, "label": want["label"]}
    assert any(full.edges[e]["evidence"] for e in chosen)
    assert any(k == "parentCountry" and full.edges[u, v, k]["documents"] for u, v, k in chosen)


def test_the_build_pages_from_the_lean_projection_are_those_of_the_full_one(tmp_path):
    from citykg.netstream import project_files
    from citykg.view import drawn_edges, render_cooperation, render_view

    graphs = Path(__file__).parent.parent / "graphs"
    files = (graphs / "citykg.ttl", graphs / "citykg.trig")
    pages = {}
    for name, net in (
        ("full", project_files(*files)),
        ("lean", project_files(*files, evidence_for=drawn_edges)),
    ):
        render_view(None, tmp_path / f"{name}.html", net=net)
        render_cooperation(None, tmp_path / f"{name}-map.html", kind="map", net=net)
        pages[name] = [(tmp_path / f).read_bytes() for f in (f"{name}.html", f"{name}-map.html")]
    assert pages["lean"] == pages["full"]


def test_a_lean_projection_shares_the_key_dicts_of_the_edges_no_page_draws():
    """A build's projection holds per edge no page draws two slots of networkx's adjacency
    only: the node pairs with one relation share one key dict per property (a dict per
    pair was ~1.6 KiB a bench document, the largest part of the views' peak at 20,000),
    a pair with more has its own, and an edge given its evidence gets a dict of its own,
    the others left as they were."""
    from citykg.netstream import project_files

    graphs = Path(__file__).parent.parent / "graphs"
    files = (graphs / "citykg.ttl", graphs / "citykg.trig")
    full = project_files(*files)
    lean = project_files(*files, evidence_for=lambda net: set())
    pairs = [(u, v) for u in lean._succ for v in lean._succ[u]]
    keydicts = {id(lean._succ[u][v]) for u, v in pairs}
    several = sum(1 for u, v in pairs if len(lean._succ[u][v]) > 1)
    used = {k for _, _, k in lean.edges(keys=True)}
    assert len(pairs) > 3 * len(used) + several  # most pairs have a single relation
    assert len(keydicts) == several + len(used)
    assert all(lean._pred[v][u] is lean._succ[u][v] for u, v in pairs)
    assert list(lean.edges(keys=True)) == list(full.edges(keys=True))
    one = next((u, v, k) for u, v, k in full.edges(keys=True) if len(full._succ[u][v]) == 1)
    drawn = project_files(*files, evidence_for=lambda net: {one})
    assert drawn.edges[one] == full.edges[one]
    others = [(u, v, k) for u, v, k in drawn.edges(keys=True) if k == one[2] and (u, v) != one[:2]]
    assert others and all(
        drawn.edges[e] == {"predicate": k, "label": full.edges[e]["label"]}
        for e in others
        for k in [e[2]]
    )
    alone = {id(drawn._succ[u][v]) for u, v, _ in others if len(drawn._succ[u][v]) == 1}
    assert len(alone) == 1 and id(drawn._succ[one[0]][one[1]]) not in alone
