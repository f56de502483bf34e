"""The cooperation network page: cities as nodes, host → learning city links coloured by
topic and weighted by shared exchanges, with year and topic filters.

Takes the network projection (:func:`citykg.netgraph.to_networkx`), never RDF. The layout
is computed here (Louvain groups packed in rows, see :mod:`citykg.views.layout`), so the
page opens settled; physics runs only when the user presses the button.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from ..graphio import write_atomic
from . import layout
from .cooperation import Cooperation, cooperation, linked_exchanges, listed_note, payload
from .page import (
    OTHER_TOPIC_COLOUR,
    content_security_policy,
    escape,
    fill,
    script_json,
    static,
    vis_asset,
)

#: Topics named in the legend; the others are "other topics".
LEGEND_TOPICS = 8


@dataclass
class CooperationSummary:
    """What a cooperation page drew (the CLI prints it; tests check it)."""

    path: Path
    title: str
    cities: int
    links: int
    exchanges: int
    without_host: int
    unplaced: int = 0


def city_positions(coop: Cooperation, spacing: float = 70.0) -> dict[str, list[float]]:
    """Canvas positions of the cities: linked cities near each other, groups packed."""
    g = nx.Graph()
    g.add_nodes_from(coop.cities)
    for link in coop.links:
        w = link.total
        if g.has_edge(link.host, link.learner):
            g[link.host][link.learner]["weight"] += w
        else:
            g.add_edge(link.host, link.learner, weight=w)
    order = sorted(g, key=lambda n: (-g.degree(n, weight="weight"), n))
    rank = {n: i for i, n in enumerate(order)}
    positions, _groups = layout.group_layout(g, layout.communities(g), rank, spacing)
    return {n: list(p) for n, p in sorted(positions.items())}


def topic_legend(data: dict) -> str:
    """The legend: one swatch per frequent topic, then "other topics"."""
    items = []
    for t in data["topics"][:LEGEND_TOPICS]:
        items.append(
            f'<li data-topic="{escape(t["label"])}"><span class="swatch" '
            f'style="background:{t["colour"]}"></span>{escape(t["label"])}</li>'
        )
    if len(data["topics"]) > LEGEND_TOPICS or any(not link["topic"] for link in data["links"]):
        items.append(
            f'<li><span class="swatch" style="background:{OTHER_TOPIC_COLOUR}"></span>'
            f"{escape(data['text']['other_topics'])}</li>"
        )
    return "\n".join(items)


def subtitle(data: dict) -> str:
    text = data["text"]
    exchanges = {x["iri"] for link in data["links"] for x in link["exchanges"]}
    if not data["links"]:
        return text["empty"]
    return (
        f"{len(data['cities']):,} {text['cities']} · {len(data['links']):,} {text['links']} · "
        f"{len(exchanges):,} {text['exchanges']}"
    )


def notice(data: dict, extra: str = "") -> str:
    """Side-panel note: what could not be drawn, said on the page."""
    lines = []
    if data["withoutHost"]:
        lines.append(data["text"]["without_host"].format(n=data["withoutHost"]))
    if extra:
        lines.append(extra)
    if not lines:
        return ""
    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    return f'<div id="ckg-omitted" class="ckg-note" role="note">{body}</div>'


def vis_options() -> dict:
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -80, "springLength": 120},
            "stabilization": {"enabled": False},
        },
        "interaction": {"hover": True, "tooltipDelay": 120},
        "nodes": {
            "borderWidth": 1.5,
            "scaling": {"min": 8, "max": 34, "label": {"enabled": False}},
            "font": {
                "size": 15,
                "face": "system-ui,-apple-system,Roboto,Arial,sans-serif",
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.6}},
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.15},
            "font": {"size": 11, "color": "#52606d", "strokeWidth": 3, "align": "middle"},
            "hoverWidth": 1.5,
        },
    }


def coop_page(
    data: dict, *, kind: str, title: str, lang: str, scripts: list[str], extra: str = ""
) -> str:
    """A cooperation page (``kind`` = network or map) with its scripts inlined by hash."""
    text = data["text"]
    button = (
        f'<button id="ckg-physics" type="button" aria-pressed="false">'
        f"{escape(text['physics_off'])}</button>"
        if kind == "network"
        else ""
    )
    return fill(
        static("coop.html"),
        {
            "@@LANG@@": escape(lang),
            "@@CSP@@": escape(content_security_policy(*scripts)),
            "@@TITLE@@": escape(title),
            "@@SUBTITLE@@": escape(subtitle(data)),
            "@@KIND@@": escape(kind),
            "@@FROM@@": escape(text["from_year"]),
            "@@TO@@": escape(text["to_year"]),
            "@@TOPIC@@": escape(text["topic"]),
            "@@LEGEND_HINT@@": escape(text["legend_hint"]),
            "@@LEGEND@@": topic_legend(data),
            "@@BUTTON@@": button,
            "@@NOTICE@@": notice(data, extra),
            "@@HINT@@": escape(text["hint"]),
            "@@VIS_CSS@@": vis_asset("vis-network.css") if kind == "network" else "",
            "@@APP_CSS@@": static("view.css"),
            "@@DATA@@": script_json(data),
            "@@SCRIPTS@@": "\n".join(f"<script>{s}</script>" for s in scripts),
        },
    )


def render_network(
    net: nx.MultiDiGraph, out: Path, *, lang: str = "en", title: str | None = None
) -> CooperationSummary:
    """Write the cooperation network page of ``net`` to ``out``."""
    coop = cooperation(net)
    data = payload(coop, net, lang)
    data["positions"] = city_positions(coop)
    data["options"] = vis_options()
    title = title or ("citykg — cooperation network" if lang == "en" else "citykg — coopération")
    scripts = [vis_asset("vis-network.min.js"), static("coop.js"), static("network.js")]
    extra = listed_note(coop, lang)
    page = coop_page(data, kind="network", title=title, lang=lang, scripts=scripts, extra=extra)
    out = Path(out)
    write_atomic(out, page)
    exchanges = linked_exchanges(coop)
    return CooperationSummary(
        out, title, len(data["cities"]), len(data["links"]), exchanges, coop.without_host
    )
