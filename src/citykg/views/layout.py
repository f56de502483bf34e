"""Layouts computed in Python, so a page opens settled instead of jiggling for seconds.

Nodes are grouped into communities (Louvain, fixed seed) or by a key the caller gives
(a country); each group is laid out on its own (spring layout for small groups, a
sunflower spiral by centrality for big ones, which is O(n)), then the groups are packed
in rows, largest first, so groups never overlap and every run places every node at the
same coordinates.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import networkx as nx

#: Canvas units between neighbouring nodes (vis-network draws a node about 25 units wide).
SPACING = 100.0
_SPRING_LIMIT = 300
_LOUVAIN_LIMIT = 3000
_GOLDEN = math.pi * (3 - math.sqrt(5))


@dataclass
class Group:
    """A visual group: its members, the circle drawn behind them and its caption."""

    members: list[str]
    x: float = 0.0
    y: float = 0.0
    radius: float = 0.0
    label: str = ""


def simple_graph(net: nx.MultiDiGraph | nx.Graph, nodes: Iterable[str]) -> nx.Graph:
    """The undirected simple graph of ``nodes`` (parallel relations merged, weighted)."""
    nodes = sorted(nodes)
    wanted = set(nodes)
    g = nx.Graph()
    g.add_nodes_from(nodes)
    for u, v, data in net.edges(data=True):
        if u in wanted and v in wanted and u != v:
            w = float(data.get("weight", 1.0))
            if g.has_edge(u, v):
                g[u][v]["weight"] += w
            else:
                g.add_edge(u, v, weight=w)
    return g


def communities(g: nx.Graph, key: Callable[[str], str] | None = None) -> list[list[str]]:
    """Groups of nodes, largest first: by ``key`` when given, else Louvain communities
    (label propagation above 3,000 nodes); unconnected nodes form one last group."""
    if key is not None:
        by_key: dict[str, list[str]] = {}
        for n in g:
            by_key.setdefault(key(n), []).append(n)
        groups = [sorted(m) for m in by_key.values()]
    else:
        connected = [n for n in g if g.degree(n)]
        lonely = sorted(n for n in g if not g.degree(n))
        sub = canonical_subgraph(g, connected)
        if not connected:
            found = []
        elif len(connected) <= _LOUVAIN_LIMIT:
            found = nx.community.louvain_communities(sub, seed=7, weight="weight")
        else:  # Louvain takes ~20 s on 10,000 nodes in pure Python; label propagation ~1 s
            found = list(nx.community.asyn_lpa_communities(sub, weight="weight", seed=7))
        groups = [sorted(c) for c in found]
        groups.sort(key=lambda m: (-len(m), m[0]))
        return groups + ([lonely] if lonely else [])
    groups.sort(key=lambda m: (-len(m), m[0]))
    return groups


def canonical_subgraph(g: nx.Graph, nodes: list[str]) -> nx.Graph:
    """The subgraph on ``nodes`` with nodes and edges in sorted order: Louvain and
    spring_layout follow the graph's iteration order even with a seed, and that order came
    from sets (different in every process), so the same graph drew differently each build."""
    keep = set(nodes)
    h = g.__class__()
    h.add_nodes_from(sorted(keep))
    edges = [(u, v, d) for u, v, d in g.edges(keep, data=True) if u in keep and v in keep]
    h.add_edges_from(sorted(edges, key=lambda e: (min(e[0], e[1]), max(e[0], e[1]))))
    return h


def _sunflower(members: list[str]) -> dict[str, tuple[float, float]]:
    """Vogel's spiral: the first member at the centre, even density, O(n)."""
    pos = {}
    for i, n in enumerate(members):
        r = math.sqrt(i + 0.5) / math.sqrt(len(members))
        pos[n] = (r * math.cos(i * _GOLDEN), r * math.sin(i * _GOLDEN))
    return pos


def _group_positions(g: nx.Graph, members: list[str], rank: Mapping[str, int]):
    """Unit-disc positions for one group, central members nearest the middle."""
    ordered = sorted(members, key=lambda n: (rank.get(n, 0), n))
    if len(members) == 1:
        return {members[0]: (0.0, 0.0)}
    sub = canonical_subgraph(g, members)
    if len(members) > _SPRING_LIMIT or sub.number_of_edges() == 0:
        return _sunflower(ordered)
    raw = nx.spring_layout(sub, seed=7, iterations=60, weight=None)
    # spring_layout leaves outliers far out: normalise to the unit disc by the 95th radius
    radii = sorted(math.hypot(*p) for p in raw.values())
    scale = radii[int(0.95 * (len(radii) - 1))] or 1.0
    out = {}
    for n, (x, y) in raw.items():
        r = math.hypot(x, y) / scale
        k = min(r, 1.0) / r if r else 0.0
        out[n] = (float(x / scale * k), float(y / scale * k))
    return out


def group_layout(
    g: nx.Graph,
    groups: list[list[str]],
    rank: Mapping[str, int],
    spacing: float = SPACING,
) -> tuple[dict[str, tuple[float, float]], list[Group]]:
    """Positions (canvas units, rounded) for every node and the packed groups."""
    placed: list[Group] = []
    local: list[dict[str, tuple[float, float]]] = []
    for members in groups:
        radius = spacing * (0.5 + 0.7 * math.sqrt(len(members)))
        placed.append(Group(members=members, radius=radius))
        local.append(_group_positions(g, members, rank))
    total = sum((2 * grp.radius + spacing) ** 2 for grp in placed)
    row_width = max(math.sqrt(total * 1.8), 2 * placed[0].radius + spacing) if placed else 0
    x = y = row_height = 0.0
    for grp in placed:
        side = 2 * grp.radius + spacing
        if x and x + side > row_width:
            x, y, row_height = 0.0, y + row_height, 0.0
        grp.x, grp.y = x + side / 2, y + side / 2
        x += side
        row_height = max(row_height, side)
    positions: dict[str, tuple[float, float]] = {}
    for grp, pos in zip(placed, local, strict=True):
        inner = grp.radius - spacing * 0.35
        for n, (px, py) in pos.items():
            positions[n] = (round(grp.x + px * inner, 1), round(grp.y + py * inner, 1))
        grp.x, grp.y, grp.radius = round(grp.x, 1), round(grp.y, 1), round(grp.radius, 1)
    return positions, placed


def label_ranks(order: list[str], cls: Mapping[str, str]) -> dict[str, int]:
    """The order labels appear in as one zooms in: the most central node of each class
    first (round robin over classes), so every class is named at first sight."""
    queues: dict[str, list[str]] = {}
    for n in order:
        queues.setdefault(cls.get(n, ""), []).append(n)
    ranks: dict[str, int] = {}
    lanes = [queues[c] for c in sorted(queues, key=lambda c: (-len(queues[c]), c))]
    depth = 0
    while len(ranks) < len(order):
        for lane in lanes:
            if depth < len(lane):
                ranks[lane[depth]] = len(ranks)
        depth += 1
    return ranks
