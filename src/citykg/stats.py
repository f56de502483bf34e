"""Numbers about a citykg graph: size, what it contains, who is central, which groups form.

Centrality and communities are computed on the entity network of :mod:`citykg.netgraph`
(undirected, parallel relations merged) so "central" means "connected to many distinct
things", not "mentioned in many triples". Every ranking breaks ties by label then IRI and
Louvain runs with a fixed seed, so the same graph always prints the same report.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field

import networkx as nx
import pyoxigraph as ox
from rdflib.namespace import RDF

from . import store as kgstore
from .netgraph import GraphInput, as_store, graph_counts, normalise, to_networkx

#: Louvain's seed: fixed so communities are reproducible.
COMMUNITY_SEED = 42
#: Above this many entities betweenness is estimated from this many sampled pivots.
EXACT_BETWEENNESS = 500


@dataclass(frozen=True)
class Central:
    """One entity in a centrality ranking."""

    iri: str
    label: str
    degree: int
    betweenness: float


@dataclass
class GraphStats:
    """The report ``citykg stats`` prints (``to_dict`` is its JSON form)."""

    triples: int
    entities: int
    relations: int
    by_class: dict[str, int] = field(default_factory=dict)
    by_predicate: dict[str, int] = field(default_factory=dict)
    entities_by_class: dict[str, int] = field(default_factory=dict)
    central_cities: list[Central] = field(default_factory=list)
    central_agencies: list[Central] = field(default_factory=list)
    communities: list[list[str]] = field(default_factory=list)
    isolated: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        """Plain JSON-ready dict (dataclasses flattened)."""
        return asdict(self)

    def to_json(self) -> str:
        """Stable JSON: sorted keys, fixed indentation."""
        return json.dumps(self.to_dict(), sort_keys=True, indent=2, ensure_ascii=False)


def _qname(short: kgstore.Shortener, term: ox.NamedNode) -> str:
    return short.term(term)


def _betweenness(graph: nx.Graph) -> dict[str, float]:
    """Exact betweenness up to ``EXACT_BETWEENNESS`` entities; above, estimated from that many
    seeded pivots (O(kE) instead of O(VE)) so stats on a big graph stay interactive."""
    if len(graph) <= 2:
        return {}
    if len(graph) <= EXACT_BETWEENNESS:
        return nx.betweenness_centrality(graph)
    return nx.betweenness_centrality(graph, k=EXACT_BETWEENNESS, seed=COMMUNITY_SEED)


def _ranking(undirected: nx.Graph, between: dict[str, float], cls: str, top: int) -> list[Central]:
    rows = [
        Central(
            iri=n,
            label=d.get("label", n),
            degree=undirected.degree(n),
            betweenness=round(between.get(n, 0.0), 4),
        )
        for n, d in undirected.nodes(data=True)
        if d.get("cls") == cls
    ]
    rows.sort(key=lambda c: (-c.degree, -c.betweenness, normalise(c.label), c.iri))
    return rows[:top]


def graph_stats(data: GraphInput, *, top: int = 10, lang: str = "en") -> GraphStats:
    """Compute :class:`GraphStats` for a Graph, Dataset, RDF file or build directory."""
    st = as_store(data)  # its default graph is the merge: every triple once
    net = to_networkx(st, lang=lang)
    merged = [q.triple for q in st.quads_for_pattern(None, None, None, ox.DefaultGraph())]
    counts = graph_counts(merged)
    short = kgstore.Shortener(kgstore.prefixes())
    rdf_type = ox.NamedNode(str(RDF.type))
    by_class = Counter(_qname(short, t.object) for t in merged if t.predicate == rdf_type)
    by_predicate = Counter(_qname(short, t.predicate) for t in merged)
    entities_by_class = Counter(d.get("cls", "") for _n, d in net.nodes(data=True))

    undirected = nx.Graph()
    undirected.add_nodes_from(net.nodes(data=True))
    undirected.add_edges_from((u, v) for u, v in net.edges() if u != v)
    between = _betweenness(undirected)

    communities: list[list[str]] = []
    connected = undirected.subgraph([n for n in undirected if undirected.degree(n) > 0])
    if connected.number_of_edges():
        groups = nx.community.louvain_communities(connected, seed=COMMUNITY_SEED)
        labelled = [
            sorted((undirected.nodes[n].get("label", n) for n in g), key=normalise) for g in groups
        ]
        labelled.sort(key=lambda g: (-len(g), [normalise(x) for x in g]))
        communities = labelled[:top]

    isolated = sorted(
        (undirected.nodes[n].get("label", n) for n in undirected if undirected.degree(n) == 0),
        key=normalise,
    )
    return GraphStats(
        triples=counts.triples,
        entities=counts.entities,
        relations=counts.relations,
        by_class=dict(sorted(by_class.items())),
        by_predicate=dict(sorted(by_predicate.items())),
        entities_by_class=dict(sorted(entities_by_class.items())),
        central_cities=_ranking(undirected, between, "City", top),
        central_agencies=_ranking(undirected, between, "Agency", top),
        communities=communities,
        isolated=isolated,
    )


def _table(rows: list[tuple[str, ...]], header: tuple[str, ...]) -> list[str]:
    """Left-aligned text columns, numbers right-aligned."""
    cells = [header, *rows]
    widths = [max(len(r[i]) for r in cells) for i in range(len(header))]

    def fmt(row: tuple[str, ...]) -> str:
        parts = []
        for i, cell in enumerate(row):
            numeric = row is not header and cell.replace(".", "", 1).replace(",", "").isdigit()
            parts.append(cell.rjust(widths[i]) if numeric else cell.ljust(widths[i]))
        return "  ".join(parts).rstrip()

    return [fmt(header), "  ".join("-" * w for w in widths), *(fmt(r) for r in rows)]


def format_table(stats: GraphStats) -> str:
    """Human-readable, column-aligned report."""
    lines = [
        f"triples    {stats.triples:,}",
        f"entities   {stats.entities:,}",
        f"relations  {stats.relations:,}",
        "",
    ]
    lines += _table([(k, f"{v:,}") for k, v in stats.by_class.items()], ("class", "count"))
    lines.append("")
    lines += _table([(k, f"{v:,}") for k, v in stats.by_predicate.items()], ("predicate", "count"))
    for title, rows in (
        ("most central cities", stats.central_cities),
        ("most central agencies", stats.central_agencies),
    ):
        lines.append("")
        lines += _table(
            [(c.label, str(c.degree), f"{c.betweenness:.4f}") for c in rows],
            (title, "degree", "betweenness"),
        )
    lines.append("")
    lines.append("communities")
    for i, members in enumerate(stats.communities, 1):
        lines.append(f"  {i:>2}. ({len(members)}) {', '.join(members)}")
    lines.append("")
    lines.append(f"isolated ({len(stats.isolated)}): {', '.join(stats.isolated) or '-'}")
    return "\n".join(lines)
