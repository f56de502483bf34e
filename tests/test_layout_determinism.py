"""The views' layout is the same in every process: Python's hash seed must not move nodes
(graph subgraph views iterate sets; the committed graphs/index.html must not change when
nothing else did)."""

import json
import os
import subprocess
import sys

SCRIPT = r"""
import json, networkx as nx
from citykg.views import layout
net = nx.MultiDiGraph()
names = [f"https://example.org/n/{i}" for i in range(60)]
for i, n in enumerate(names):
    for j in (i * 7 % 60, i * 11 % 60, (i + 1) % 60):
        if j != i:
            net.add_edge(n, names[j])
g = layout.simple_graph(net, names)
groups = layout.communities(g)
rank = {n: i for i, n in enumerate(sorted(g))}
positions, _ = layout.group_layout(g, groups, rank)
print(json.dumps(sorted(positions.items())))
"""


def _layout(seed: str) -> list:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout)


def test_layout_does_not_depend_on_the_hash_seed():
    first = _layout("1")
    assert len(first) == 60
    assert first == _layout("2") == _layout("3")
