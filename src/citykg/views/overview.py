"""The overview: every selected entity and relation, laid out and labelled in Python.

The nodes and edges are vis-network items (pyvis ships vis-network; we build its item
dicts directly, which is linear where pyvis' ``add_edge`` is quadratic). Positions come
from :mod:`citykg.views.layout` (communities packed in rows), so the page opens settled
with physics off; a button turns physics on for whoever wants to shake it. Labels appear
by a budget that grows with the zoom, most central node of each class first.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

import networkx as nx

from ..netgraph import local_name, normalise
from . import layout
from .page import (
    CLASS_LABELS,
    CLASS_STYLE,
    GLYPH,
    content_security_policy,
    escape,
    fill,
    lighten,
    script_json,
    short,
    static,
    vis_asset,
)

AGGREGATE_PREFIX = "citykg:more:"
#: Labels drawn at the zoom that fits the whole graph; the budget grows with zoom².
LABEL_BUDGET = 36
#: Document names a node's or relation's card lists at most; the rest are counted ("… and
#: 19,950 more"): a city of a 20,000-document graph is mentioned in most of them.
SHOWN_DOCUMENTS = 100
#: Evidence sentences a relation's card shows at most (static/view.js).
SHOWN_EVIDENCE = 3
_GROUP_FILL = ("#eef3f8", "#f3f0f7", "#eef6f1", "#f8f3ea", "#f7eff1", "#f0f4f4")

UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "entities": "entities",
        "relations": "relations",
        "search": "Find an entity…",
        "omitted": "Not shown (graph larger than {max} nodes):",
        "more": "+ {n} more {cls}",
        "empty": "No entity matches this view.",
        "label_en": "English",
        "label_fr": "French",
        "aliases": "Also called",
        "dates": "Dates",
        "target": "Target year",
        "documents": "From",
        "links": "Links",
        "relations_of": "Relations",
        "evidence": "Evidence",
        "confidence": "confidence",
        "aggregate": "Summary of {n} entities not drawn individually.",
        "no_results": "No match",
        "folded": "(+ {n} entities and {e} relations in summary nodes)",
        "hint": "Hover for details, click to pin them here.",
        "physics_on": "Physics: on",
        "physics_off": "Physics: off",
        "legend_hint": "Click a class to hide or show it.",
        "n_relations": "{n} relations",
        "one_relation": "1 relation",
        "more_groups": "… and {n} more",
    },
    "fr": {
        "entities": "entités",
        "relations": "relations",
        "search": "Chercher une entité…",
        "omitted": "Non affiché (graphe de plus de {max} nœuds) :",
        "more": "+ {n} autres {cls}",
        "empty": "Aucune entité ne correspond à cette vue.",
        "label_en": "Anglais",
        "label_fr": "Français",
        "aliases": "Autres noms",
        "dates": "Dates",
        "target": "Année cible",
        "documents": "Source",
        "links": "Liens",
        "relations_of": "Relations",
        "evidence": "Preuve",
        "confidence": "confiance",
        "aggregate": "Résumé de {n} entités non dessinées une à une.",
        "no_results": "Aucun résultat",
        "folded": "(+ {n} entités et {e} relations dans les nœuds de synthèse)",
        "hint": "Survolez pour les détails, cliquez pour les épingler ici.",
        "physics_on": "Physique : activée",
        "physics_off": "Physique : arrêtée",
        "legend_hint": "Cliquez une classe pour la masquer ou l'afficher.",
        "n_relations": "{n} relations",
        "one_relation": "1 relation",
        "more_groups": "… et {n} de plus",
    },
}


def simple_degree(net: nx.MultiDiGraph) -> dict[str, int]:
    """Number of distinct neighbours (either direction): parallel relations count once."""
    return {n: len(set(net.predecessors(n)) | set(net.successors(n))) for n in net}


def _node_info(data: dict, lang: str) -> dict:
    cls = data.get("cls", "Topic")
    return {
        "iri": data.get("iri", ""),
        "label": data.get("label", ""),
        "cls": cls,
        "clsLabel": CLASS_LABELS[lang].get(cls, cls),
        "classes": data.get("classes", []),
        "labelEn": data.get("label_en", ""),
        "labelFr": data.get("label_fr", ""),
        "aliases": data.get("aliases", []),
        "geonames": data.get("geonames", ""),
        "wikidata": data.get("wikidata", ""),
        **_documents(data),
        "startDate": data.get("startDate", ""),
        "endDate": data.get("endDate", ""),
        "targetYear": data.get("targetYear", ""),
    }


def _documents(data: dict) -> dict:
    """``documents``, at most :data:`SHOWN_DOCUMENTS` of them, and ``documentsMore`` (how
    many are left out) when there are more: a page stays light however large the graph."""
    names = data.get("documents", [])
    if len(names) <= SHOWN_DOCUMENTS:
        return {"documents": names}
    return {"documents": names[:SHOWN_DOCUMENTS], "documentsMore": len(names) - SHOWN_DOCUMENTS}


def _entity_node(node: str, data: dict, degree: int, lang: str) -> dict:
    colour, shape = CLASS_STYLE.get(data.get("cls", ""), ("#7f8c8d", "dot"))
    return {
        "id": node,
        "label": short(data.get("label", "")) or local_name(node),
        "shape": shape,
        "color": {
            "background": colour,
            "border": "#1f2933",
            "highlight": {"background": colour, "border": "#000000"},
            "hover": {"background": colour, "border": "#000000"},
        },
        "value": degree,
        "info": _node_info(data, lang),
    }


def _summary_node(cls: str, members: list[str], net: nx.MultiDiGraph, lang: str) -> dict:
    text = UI_TEXT[lang]
    colour, _shape = CLASS_STYLE.get(cls, ("#7f8c8d", "dot"))
    cls_label = CLASS_LABELS[lang].get(cls, cls)
    label = text["more"].format(n=f"{len(members):,}", cls=cls_label)
    return {
        "id": AGGREGATE_PREFIX + cls,
        "label": label,
        "shape": "box",
        "color": {"background": lighten(colour), "border": colour},
        "shapeProperties": {"borderDashes": [5, 4]},
        "borderWidth": 2,
        "value": 1,
        "info": {
            "iri": "",
            "label": label,
            "cls": cls,
            "clsLabel": cls_label,
            "aggregate": True,
            "count": len(members),
            "note": text["aggregate"].format(n=f"{len(members):,}"),
            "members": sorted(net.nodes[m].get("label", m) for m in members)[:20],
        },
    }


def _edge(i: int, u: str, v: str, key: str, data: dict, net, k: int) -> dict:
    label = data.get("label", key)
    edge = {
        "id": f"e{i}",
        "from": u,
        "to": v,
        "label": label,
        "info": {
            "predicate": key,
            "label": label,
            "evidence": data.get("evidence", [])[:SHOWN_EVIDENCE],
            **_documents(data),
            "confidence": data.get("confidence"),
            "from": net.nodes[u].get("label", u),
            "to": net.nodes[v].get("label", v),
        },
    }
    if k:
        edge["smooth"] = {
            "enabled": True,
            "type": "curvedCW" if k % 2 else "curvedCCW",
            "roundness": round(0.25 * ((k + 1) // 2), 2),
        }
    return edge


def summary_edge_label(counts: Counter, lang: str) -> str:
    """What a folded edge stands for, in words: "participant: 3 relations"."""
    text = UI_TEXT[lang]
    total = sum(counts.values())
    amount = text["one_relation"] if total == 1 else text["n_relations"].format(n=f"{total:,}")
    if len(counts) == 1:
        return f"{next(iter(counts))}: {amount}"
    return amount


def build_items(
    net: nx.MultiDiGraph, kept: Sequence[str], omitted: dict[str, list[str]], lang: str
) -> tuple[list[dict], list[dict], int, int]:
    """vis-network nodes and edges for ``kept`` plus one summary node per omitted class.

    Returns (nodes, edges, relations drawn individually, relations folded into summaries).
    """
    kept_set = set(kept)
    degree = simple_degree(net.subgraph(kept))
    nodes = [_entity_node(n, net.nodes[n], degree[n], lang) for n in sorted(kept)]
    owner: dict[str, str] = {}
    for cls, members in sorted(omitted.items()):
        nodes.append(_summary_node(cls, members, net, lang))
        owner.update({m: AGGREGATE_PREFIX + cls for m in members})
    labels = {n["id"]: n["label"] for n in nodes}

    edges: list[dict] = []
    folded: dict[tuple[str, str], Counter] = defaultdict(Counter)
    parallel: Counter = Counter()
    for u, v, key, data in net.edges(keys=True, data=True):
        if u in kept_set and v in kept_set:
            pair = tuple(sorted((u, v)))
            edges.append(_edge(len(edges), u, v, key, data, net, parallel[pair]))
            parallel[pair] += 1
            continue
        a, b = owner.get(u, u), owner.get(v, v)
        if a != b:  # relations inside one summary node are not drawn at all
            folded[(a, b)][data.get("label", key)] += 1
    drawn = len(edges)
    folded_total = 0
    for i, ((a, b), counts) in enumerate(sorted(folded.items())):
        total = sum(counts.values())
        folded_total += total
        label = summary_edge_label(counts, lang)
        edges.append(
            {
                "id": f"a{i}",
                "from": a,
                "to": b,
                "label": label,
                "dashes": True,
                "width": min(1 + math.log2(total), 6),
                "info": {
                    "predicate": "",
                    "label": ", ".join(f"{p}: {n}" for p, n in sorted(counts.items())),
                    "evidence": [],
                    "documents": [],
                    "confidence": None,
                    "from": labels[a],
                    "to": labels[b],
                    "aggregate": True,
                    "count": total,
                },
            }
        )
    return nodes, edges, drawn, folded_total


def _group_caption(members: list[str], net: nx.MultiDiGraph, rank: dict[str, int]) -> str:
    """A group is named after its most central places (else its most central members)."""
    named = [n for n in members if n in net and net.nodes[n].get("cls") in ("City", "Country")]
    pool = sorted(named or [n for n in members if n in net], key=lambda n: (rank[n], n))
    return " · ".join(short(net.nodes[n].get("label", ""), 20) for n in pool[:2])


def place_items(nodes: list[dict], edges: list[dict], net: nx.MultiDiGraph) -> list[dict]:
    """Give every node ``x``/``y`` and a ``labelRank``; return the groups to draw."""
    if not nodes:
        return []
    g = nx.Graph()
    g.add_nodes_from(sorted(n["id"] for n in nodes))
    for e in edges:
        if e["from"] != e["to"]:
            g.add_edge(e["from"], e["to"])
    order = sorted(g, key=lambda n: (-g.degree(n), normalise(_label(n, net)), n))
    rank = {n: i for i, n in enumerate(order)}
    groups = layout.communities(g)
    positions, placed = layout.group_layout(g, groups, rank)
    cls = {n["id"]: n["info"]["cls"] for n in nodes}
    ranks = layout.label_ranks(order, cls)
    for n in nodes:
        n["x"], n["y"] = positions[n["id"]]
        n["labelRank"] = ranks[n["id"]]
    out = []
    for i, grp in enumerate(placed):
        if len(grp.members) < 3:
            continue
        out.append(
            {
                "x": grp.x,
                "y": grp.y,
                "r": grp.radius,
                "label": _group_caption(grp.members, net, rank),
                "fill": _GROUP_FILL[i % len(_GROUP_FILL)],
                "size": len(grp.members),
            }
        )
    return out


def _label(n: str, net: nx.MultiDiGraph) -> str:
    return net.nodes[n].get("label", "") if n in net else n


def vis_options(n_nodes: int) -> dict:
    """vis-network options: positions are given, so physics is off until asked for."""
    big = n_nodes > 300
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": False},
        "physics": {
            "enabled": False,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "centralGravity": 0.005,
                "springLength": 90,
                "springConstant": 0.06,
                "damping": 0.6,
                "avoidOverlap": 0.4,
            },
            "minVelocity": 0.75,
            "stabilization": {"enabled": False},
        },
        "interaction": {
            "hover": True,
            "hideEdgesOnDrag": big,
            "hideEdgesOnZoom": big,
            "tooltipDelay": 120,
            "multiselect": False,
        },
        "nodes": {
            "borderWidth": 1.5,
            "scaling": {"min": 10, "max": 32, "label": {"enabled": False}},
            "font": {
                "size": 16,
                "face": "system-ui,-apple-system,Roboto,Arial,sans-serif",
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#a7b1bb", "highlight": "#1f2933", "hover": "#1f2933"},
            "font": {
                "size": 11,
                "color": "#52606d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            "smooth": {"enabled": False},
            "width": 1.0,
        },
    }


def legend_html(counts: Counter, lang: str) -> str:
    """One clickable item per class drawn (a button: hides/shows the class)."""
    items = []
    for cls in CLASS_STYLE:
        if counts.get(cls):
            colour, shape = CLASS_STYLE[cls]
            name = CLASS_LABELS[lang].get(cls, cls)
            items.append(
                f'<li role="button" tabindex="0" aria-pressed="true" data-class="{escape(cls)}">'
                f'<span class="glyph" style="color:{colour}">{GLYPH[shape]}</span>'
                f'{escape(name)} <span class="count">{counts[cls]:,}</span></li>'
            )
    return "\n".join(items)


def render_page(
    nodes: list[dict],
    edges: list[dict],
    groups: list[dict],
    *,
    title: str,
    subtitle: str,
    legend: str,
    notice: str,
    lang: str,
) -> str:
    """The complete overview page (deterministic for the same items)."""
    text = UI_TEXT[lang]
    payload = {
        "nodes": nodes,
        "edges": edges,
        "groups": groups,
        "options": vis_options(len(nodes)),
        "labelBudget": LABEL_BUDGET,
        "text": text,
    }
    vis_js = vis_asset("vis-network.min.js")
    app_js = static("view.js")
    return fill(
        static("view.html"),
        {
            "@@LANG@@": escape(lang),
            "@@CSP@@": escape(content_security_policy(vis_js, app_js)),
            "@@TITLE@@": escape(title),
            "@@SUBTITLE@@": escape(subtitle),
            "@@SEARCH_PLACEHOLDER@@": escape(text["search"]),
            "@@HINT@@": escape(text["hint"]),
            "@@LEGEND_HINT@@": escape(text["legend_hint"]),
            "@@PHYSICS@@": escape(text["physics_off"]),
            "@@LEGEND@@": legend,
            "@@NOTICE@@": notice,
            "@@VIS_CSS@@": vis_asset("vis-network.css"),
            "@@APP_CSS@@": static("view.css"),
            "@@DATA@@": script_json(payload),
            "@@VIS_JS@@": vis_js,
            "@@APP_JS@@": app_js,
        },
    )


def omitted_notice(omitted: dict[str, list[str]], max_nodes: int, lang: str) -> str:
    """The side-panel note saying which classes were folded and how many of each."""
    if not omitted:
        return ""
    text = UI_TEXT[lang]
    lines = (
        text["more"].format(n=f"{len(m):,}", cls=CLASS_LABELS[lang].get(c, c))
        for c, m in sorted(omitted.items())
    )
    items = "".join(f"<li>{escape(line)}</li>" for line in lines)
    return (
        f'<div id="ckg-omitted" role="note"><p>'
        f"{escape(text['omitted'].format(max=f'{max_nodes:,}'))}</p><ul>{items}</ul></div>"
    )
