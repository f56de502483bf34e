"""citykg push --changed against a real Oxigraph server on 127.0.0.1: only graphs whose
content changed are sent, graphs of removed documents are deleted (issue 15)."""

from __future__ import annotations

import shutil
from collections import Counter
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner
from test_push import SAMPLE, _server_counts, oxigraph_server  # noqa: F401 - fixture

from citykg.cli import main
from citykg.push import push

pytestmark = pytest.mark.server


def _named(quads) -> list[str]:
    return sorted({q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)})


def test_changed_sends_only_changed_graphs_and_deletes_removed_ones(
    oxigraph_server: str,  # noqa: F811
    tmp_path: Path,
) -> None:
    shutil.copy(SAMPLE, tmp_path / "citykg.trig")
    endpoint = f"{oxigraph_server}/store"
    first = push(tmp_path, endpoint, changed=True)  # nothing remembered yet: all sent
    quads = list(ox.parse(path=str(SAMPLE), format=ox.RdfFormat.TRIG))
    named = _named(quads)
    assert len(named) >= 2, "the sample needs two named graphs"
    assert len(first.graphs) == len(named) + 1 and not first.unchanged

    again = push(tmp_path, endpoint, changed=True)
    assert again.graphs == [] and len(again.unchanged) == len(named) + 1

    gone, edited = named[0], named[1]
    kept = [q for q in quads if getattr(q.graph_name, "value", None) != gone]
    extra = ox.Quad(
        ox.NamedNode("https://example.org/s"),
        ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label"),
        ox.Literal("added"),
        ox.NamedNode(edited),
    )
    (tmp_path / "citykg.trig").write_bytes(ox.serialize([*kept, extra], format=ox.RdfFormat.TRIG))
    res = CliRunner().invoke(
        main, ["push", "--graph", str(tmp_path), "--endpoint", endpoint, "--changed"]
    )
    assert res.exit_code == 0, res.output
    assert f"{edited}: " in res.output and f"{gone}: deleted" in res.output
    assert f"{len(named) - 1} unchanged graph(s) not sent; deleted 1 graph(s)" in res.output
    sent = [line.split(": ")[0] for line in res.output.splitlines() if "statements, HTTP" in line]
    assert sent == [edited]
    after = _server_counts(oxigraph_server)
    assert gone not in after
    before = Counter(q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode))
    assert after[edited] == before[edited] + 1
    assert all(after[g] == before[g] for g in named[2:])
