"""Self-contained, safe, interactive HTML views of a citykg graph (pyvis + vis-network).

The network is built with pyvis (``Network.add_node``/``add_edge``/``set_options``) but
rendered with citykg's own template (``citykg/static/view.html``), because pyvis 0.3.2's
templates fetch bootstrap and tom-select from CDNs even in ``in_line`` mode. Everything the
page needs (vis-network's JS and CSS from the pyvis package, our CSS and JS) is inlined, and a
Content-Security-Policy with script hashes forbids any other script, any inline event
handler and any network request: a page opened from an e-mail attachment stays inert.

Text from documents never becomes markup: the static parts are ``html.escape``d, the graph
travels as JSON in a ``<script type="application/json">`` block with ``<``, ``>``, ``&`` and
U+2028/9 escaped, and the page's JS builds tooltips with ``textContent`` only.
"""

from __future__ import annotations

import base64
import hashlib
import html
import importlib.resources
import json
import math
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from pyvis.network import Network
from rdflib import URIRef
from rdflib.namespace import PROV, RDF

from .errors import CityKGError
from .graphio import write_atomic
from .netgraph import (
    BUILTIN_SUPERCLASSES,
    CLASS_PRIORITY,
    GraphInput,
    as_store,
    documents,
    graph_documents,
    load_ontology,
    local_name,
    normalise,
    to_networkx,
)
from .vocab import CKG

#: Colour (Okabe-Ito, colour-blind safe) and vis-network shape per class.
CLASS_STYLE: dict[str, tuple[str, str]] = {
    "City": ("#0072B2", "dot"),
    "Country": ("#56B4E9", "diamond"),
    "Place": ("#7f8c8d", "dot"),
    "Agency": ("#E69F00", "square"),
    "Event": ("#CC79A7", "triangle"),
    "Exchange": ("#D55E00", "star"),
    "Initiative": ("#009E73", "hexagon"),
    "Topic": ("#B59F00", "triangleDown"),
}
#: Legend glyph per shape (plain characters: no SVG, no images).
_GLYPH = {
    "dot": "●",
    "diamond": "◆",
    "triangleDown": "▼",
    "square": "■",
    "triangle": "▲",
    "star": "★",
    "hexagon": "⬢",
}
CLASS_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "City": "City",
        "Country": "Country",
        "Place": "Place",
        "Agency": "Agency",
        "Event": "Event",
        "Exchange": "Exchange",
        "Initiative": "Initiative",
        "Topic": "Topic",
    },
    "fr": {
        "City": "Ville",
        "Country": "Pays",
        "Place": "Lieu",
        "Agency": "Organisation",
        "Event": "Événement",
        "Exchange": "Échange",
        "Initiative": "Initiative",
        "Topic": "Thème",
    },
}
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
    },
}
AGGREGATE_PREFIX = "citykg:more:"
_CANVAS_LABEL_MAX = 32


@dataclass
class ViewSummary:
    """What a render drew and what it left out (the CLI prints it; tests check it)."""

    path: Path
    title: str
    nodes: int
    edges: int
    omitted_nodes: int = 0
    omitted_edges: int = 0
    aggregated: dict[str, int] = field(default_factory=dict)
    focus: list[str] = field(default_factory=list)

    drawn_edges: int = 0

    @property
    def drawn_nodes(self) -> int:
        """Nodes in the vis DataSet: entities plus one summary node per aggregated class."""
        return self.nodes + len(self.aggregated)


# ---------------------------------------------------------------------------- selection


def match_entities(net: nx.MultiDiGraph, name: str) -> list[str]:
    """Nodes whose IRI, label or alias equals ``name`` (case/accent-insensitive)."""
    if name in net:
        return [name]
    key = normalise(name)
    found = []
    for node, data in net.nodes(data=True):
        names = [data.get("label", ""), data.get("label_en", ""), data.get("label_fr", "")]
        names += data.get("aliases", [])
        if key in {normalise(n) for n in names if n}:
            found.append(node)
    if not found:
        known = sorted({normalise(d.get("label", "")) for _, d in net.nodes(data=True)})
        close = get_close_matches(key, known, n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        raise CityKGError(f"{name}: no entity with this name or IRI in the graph{hint}")
    return found


def match_document(st: ox.Store, name: str) -> str:
    """The document IRI for ``name``: a source path, a file name or a document IRI."""
    docs = documents(st)
    wanted = name.strip()
    wanted_path = wanted.removeprefix("./")
    for iri, info in docs.items():
        if wanted in (iri, info.source_path) or wanted_path == info.source_path:
            return iri
    by_name = [
        iri
        for iri, info in docs.items()
        if info.source_path and Path(info.source_path).name == Path(wanted).name
    ]
    if len(by_name) == 1:
        return by_name[0]
    if len(by_name) > 1:
        raise CityKGError(f"{name}: several documents have this file name; give the source path")
    raise CityKGError(f"{name}: no such document in the graph ({len(docs)} documents)")


def document_nodes(st: ox.Store, net: nx.MultiDiGraph, doc_iri: str) -> set[str]:
    """Entities of one document: those in its named graph, or mentioned in it (read from
    the store's merged default graph and the document's named graph)."""
    doc = ox.NamedNode(doc_iri)
    default = ox.DefaultGraph()
    found = {
        q.subject.value
        for q in st.quads_for_pattern(None, ox.NamedNode(str(CKG.mentionedIn)), doc, default)
    }
    for graph_iri, docs in graph_documents(st).items():
        if doc_iri in docs:
            for q in st.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)):
                found.add(q.subject.value)
                found.add(q.object.value)
    derived = ox.NamedNode(str(PROV.wasDerivedFrom))
    for q in st.quads_for_pattern(None, derived, doc, default):
        for pred in (RDF.subject, RDF.object):
            for v in st.quads_for_pattern(q.subject, ox.NamedNode(str(pred)), None, default):
                found.add(v.object.value)
    return {n for n in found if n in net}


def known_classes() -> list[str]:
    """Class names ``--class`` accepts."""
    names = {local_name(c) for c in CLASS_PRIORITY}
    names |= {local_name(c) for c in BUILTIN_SUPERCLASSES}
    return sorted(names)


def parse_classes(classes: Sequence[str] | str | None) -> set[str]:
    """``["City,Exchange", "agency"]`` → ``{"City", "Exchange", "Agency"}``; unknown → error."""
    if not classes:
        return set()
    if isinstance(classes, str):
        classes = [classes]
    by_key = {c.casefold(): c for c in known_classes()}
    wanted = set()
    for item in classes:
        for part in item.split(","):
            part = part.strip()
            if not part:
                continue
            if part.casefold() not in by_key:
                raise CityKGError(
                    f"{part}: unknown class; choose among {', '.join(known_classes())}"
                )
            wanted.add(by_key[part.casefold()])
    return wanted


def node_class_names(data: dict) -> set[str]:
    """A node's classes with all their superclasses, as local names (Exchange → Event)."""
    ontology = load_ontology()
    names = set()
    for cls in [*data.get("classes", []), data.get("cls", "")]:
        if cls:
            names |= {local_name(c) for c in ontology.ancestors(URIRef(str(CKG._NS) + cls))}
    return names


def select_nodes(
    net: nx.MultiDiGraph,
    *,
    focus_nodes: Sequence[str] = (),
    depth: int = 1,
    classes: set[str] | None = None,
    restrict: set[str] | None = None,
) -> set[str]:
    """The nodes a view shows: a document's, then a focus neighbourhood, then a class filter
    (focus nodes always survive the class filter, or a filtered neighbourhood has no centre)."""
    chosen = set(net) if restrict is None else set(restrict)
    if focus_nodes:
        sub = net.subgraph(chosen).to_undirected(as_view=True)
        around: set[str] = set()
        for node in focus_nodes:
            if node in sub:
                around |= set(nx.single_source_shortest_path_length(sub, node, cutoff=depth))
        chosen = around
    if classes:
        chosen = {n for n in chosen if n in focus_nodes or node_class_names(net.nodes[n]) & classes}
    return chosen


def simple_degree(net: nx.MultiDiGraph) -> dict[str, int]:
    """Number of distinct neighbours (either direction): parallel relations count once."""
    return {n: len(set(net.predecessors(n)) | set(net.successors(n))) for n in net}


def rank_nodes(net: nx.MultiDiGraph, first: Sequence[str] = ()) -> list[str]:
    """Nodes in keep-order: ``first`` (focus), their neighbours, then the rest by degree;
    ties broken by label then IRI so the same graph always keeps the same nodes."""
    degree = simple_degree(net)

    def key(n: str) -> tuple:
        return (-degree[n], normalise(net.nodes[n].get("label", "")), n)

    ordered = [n for n in first if n in net]
    seen = set(ordered)
    neighbours = {m for n in ordered for m in nx.all_neighbors(net, n)} - seen
    for group in (sorted(neighbours, key=key), sorted(set(net) - seen - neighbours, key=key)):
        ordered.extend(group)
        seen.update(group)
    return ordered


def reduce_nodes(
    net: nx.MultiDiGraph, max_nodes: int, first: Sequence[str] = ()
) -> tuple[list[str], dict[str, list[str]]]:
    """Split nodes into (kept, omitted by class) so that kept + one summary node per omitted
    class fits in ``max_nodes``."""
    ordered = rank_nodes(net, first)
    if len(ordered) <= max_nodes:
        return ordered, {}
    for reserve in range(1, len(CLASS_STYLE) + 2):
        budget = max(1, max_nodes - reserve)
        omitted: dict[str, list[str]] = defaultdict(list)
        for n in ordered[budget:]:
            omitted[net.nodes[n].get("cls", "Topic")].append(n)
        if len(omitted) <= reserve or budget == 1:
            return ordered[:budget], dict(omitted)
    raise AssertionError("unreachable: reserve covers every class")


# ---------------------------------------------------------------------------- building


def _lighten(hex_colour: str, amount: float = 0.6) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    r, g, b = (round(c + (255 - c) * amount) for c in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def _short(text: str, limit: int = _CANVAS_LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        "documents": data.get("documents", []),
        "startDate": data.get("startDate", ""),
        "endDate": data.get("endDate", ""),
        "targetYear": data.get("targetYear", ""),
    }


def build_network(
    net: nx.MultiDiGraph,
    kept: Sequence[str],
    omitted: dict[str, list[str]],
    lang: str,
) -> tuple[Network, int, int]:
    """The pyvis network of ``kept`` nodes plus summary nodes for ``omitted`` ones.

    Returns (network, relations drawn individually, relations folded into summary edges).
    """
    text = UI_TEXT[lang]
    pv = Network(directed=True, cdn_resources="in_line")
    kept_set = set(kept)
    shown = net.subgraph(kept)
    degree = simple_degree(shown)
    for node in sorted(kept):
        data = net.nodes[node]
        colour, shape = CLASS_STYLE.get(data.get("cls", ""), ("#7f8c8d", "dot"))
        pv.add_node(
            node,
            label=_short(data.get("label", "")) or local_name(node),
            shape=shape,
            color={
                "background": colour,
                "border": "#1f2933",
                "highlight": {"background": colour, "border": "#000000"},
                "hover": {"background": colour, "border": "#000000"},
            },
            value=degree[node],
            info=_node_info(data, lang),
        )
    owner: dict[str, str] = {}
    for cls, members in sorted(omitted.items()):
        agg_id = AGGREGATE_PREFIX + cls
        for m in members:
            owner[m] = agg_id
        colour, _shape = CLASS_STYLE.get(cls, ("#7f8c8d", "dot"))
        cls_label = CLASS_LABELS[lang].get(cls, cls)
        label = text["more"].format(n=f"{len(members):,}", cls=cls_label)
        pv.add_node(
            agg_id,
            label=label,
            shape="box",
            color={"background": _lighten(colour), "border": colour},
            shapeProperties={"borderDashes": [5, 4]},
            borderWidth=2,
            info={
                "iri": "",
                "label": label,
                "cls": cls,
                "clsLabel": cls_label,
                "aggregate": True,
                "count": len(members),
                "note": text["aggregate"].format(n=f"{len(members):,}"),
                "members": sorted(net.nodes[m].get("label", m) for m in members)[:20],
            },
        )

    drawn = 0
    folded: dict[tuple[str, str], Counter] = defaultdict(Counter)
    parallel: Counter = Counter()
    for u, v, key, data in net.edges(keys=True, data=True):
        if u in kept_set and v in kept_set:
            pair = tuple(sorted((u, v)))
            k = parallel[pair]
            parallel[pair] += 1
            edge = {
                "id": f"e{drawn}",
                "label": data.get("label", key),
                "info": {
                    "predicate": key,
                    "label": data.get("label", key),
                    "evidence": data.get("evidence", []),
                    "documents": data.get("documents", []),
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
            pv.add_edge(u, v, **edge)
            drawn += 1
        else:
            a, b = owner.get(u, u), owner.get(v, v)
            if a != b:  # relations inside one summary node are not drawn at all
                folded[(a, b)][data.get("label", key)] += 1
    folded_total = 0
    for i, ((a, b), counts) in enumerate(sorted(folded.items())):
        total = sum(counts.values())
        folded_total += total
        summary = ", ".join(f"{label} ×{n}" for label, n in sorted(counts.items()))
        pv.add_edge(
            a,
            b,
            id=f"a{i}",
            label=f"×{total}",
            dashes=True,
            width=min(1 + math.log2(total), 6),
            info={
                "predicate": "",
                "label": summary,
                "evidence": [],
                "documents": [],
                "confidence": None,
                "from": pv.node_map[a]["label"],
                "to": pv.node_map[b]["label"],
                "aggregate": True,
                "count": total,
            },
        )
    pv.set_options(json.dumps(_vis_options(len(pv.nodes)), sort_keys=True))
    return pv, drawn, folded_total


def _vis_options(n_nodes: int) -> dict:
    """vis-network options: fixed seed, settle then stop (the page turns physics off).

    No spaces inside string values: pyvis's ``set_options`` strips every space.
    """
    big = n_nodes > 300
    small = n_nodes <= 40
    return {
        "autoResize": True,
        "layout": {"randomSeed": 7, "improvedLayout": n_nodes <= 150},
        "physics": {
            "enabled": True,
            "solver": "barnesHut" if big else "forceAtlas2Based",
            "barnesHut": {
                "gravitationalConstant": -12000,
                "centralGravity": 0.15,
                "springLength": 160,
                "springConstant": 0.03,
                "damping": 0.35,
            },
            # small graphs spread out to show every edge label; mid-size ones stay compact
            # so their labels are still legible when the whole graph is fitted on screen
            "forceAtlas2Based": {
                "gravitationalConstant": -120 if small else -60,
                "centralGravity": 0.01 if small else 0.03,
                "springLength": 150 if small else 90,
                "springConstant": 0.08,
                "damping": 0.5,
                "avoidOverlap": 0.6,
            },
            "minVelocity": 0.5 if not big else 1.5,
            "stabilization": {
                "enabled": True,
                "iterations": max(100, min(1000, 200_000 // max(n_nodes, 1))),
                "updateInterval": 50,
                "fit": True,
            },
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
            # size by degree; labels scale with it and hide when tiny on screen (big graphs)
            "scaling": {
                "min": 12,
                "max": 42,
                "label": {
                    "enabled": True,
                    "min": 15,
                    "max": 18,
                    "drawThreshold": 5,
                    "maxVisible": 30,
                },
            },
            "font": {
                "size": 17,
                "face": "system-ui,-apple-system,Roboto,Arial,sans-serif",
                "color": "#1f2933",
                "strokeWidth": 4,
                "strokeColor": "#ffffff",
            },
        },
        "edges": {
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.55}},
            "color": {"color": "#98a2ad", "highlight": "#1f2933", "hover": "#1f2933"},
            "font": {
                "size": 13,
                "color": "#52606d",
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
                "align": "middle",
            },
            "smooth": {"enabled": False},
            "width": 1.2,
        },
    }


# ---------------------------------------------------------------------------- rendering


def script_json(value: object) -> str:
    """JSON safe inside a ``<script>`` element: no ``</script>``, no ``<!--``, no HTML
    entities, no JS line terminators (U+2028/2029) that break older parsers."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, esc in (
        ("&", "\\u0026"),
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, esc)
    return text


def _static(name: str) -> str:
    return importlib.resources.files("citykg").joinpath(f"static/{name}").read_text("utf-8")


def _vis_asset(name: str) -> str:
    res = importlib.resources.files("pyvis").joinpath(f"templates/lib/vis-9.1.2/{name}")
    text = res.read_text("utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise CityKGError(f"pyvis {name}: contains a closing tag; cannot inline it safely")
    return text


def _csp_hash(script: str) -> str:
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def _legend_html(counts: Counter, lang: str) -> str:
    items = []
    for cls in CLASS_STYLE:
        if counts.get(cls):
            colour, shape = CLASS_STYLE[cls]
            name = CLASS_LABELS[lang].get(cls, cls)
            items.append(
                f'<li data-class="{html.escape(cls)}"><span class="glyph" '
                f'style="color:{colour}">{_GLYPH[shape]}</span>{html.escape(name)}'
                f' <span class="count">{counts[cls]:,}</span></li>'
            )
    return "\n".join(items)


def render_html(
    pv: Network, *, title: str, subtitle: str, legend: str, notice: str, lang: str
) -> str:
    """The complete page for a pyvis network (deterministic for the same network)."""
    text = UI_TEXT[lang]
    payload = {
        "nodes": pv.nodes,
        "edges": pv.edges,
        "options": pv.options,
        "text": text,
    }
    vis_js = _vis_asset("vis-network.min.js")
    app_js = _static("view.js")
    page = _static("view.html")
    csp = (
        "default-src 'none'; "
        f"script-src {_csp_hash(vis_js)} {_csp_hash(app_js)}; "
        "style-src 'unsafe-inline'; img-src data:; font-src 'none'; connect-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
    replacements = {
        "@@LANG@@": html.escape(lang),
        "@@CSP@@": html.escape(csp),
        "@@TITLE@@": html.escape(title),
        "@@SUBTITLE@@": html.escape(subtitle),
        "@@SEARCH_PLACEHOLDER@@": html.escape(text["search"]),
        "@@HINT@@": html.escape(text["hint"]),
        "@@LEGEND@@": legend,
        "@@NOTICE@@": notice,
        "@@VIS_CSS@@": _vis_asset("vis-network.css"),
        "@@APP_CSS@@": _static("view.css"),
        "@@DATA@@": script_json(payload),
        "@@VIS_JS@@": vis_js,
        "@@APP_JS@@": app_js,
    }
    # one pass, so a replacement's text is never scanned for later markers
    out = []
    rest = page
    while "@@" in rest:
        start = rest.index("@@")
        end = rest.index("@@", start + 2) + 2
        out.append(rest[:start])
        out.append(replacements[rest[start:end]])
        rest = rest[end:]
    out.append(rest)
    return "".join(out)


def render_view(
    data: GraphInput,
    out: Path,
    *,
    focus: str | None = None,
    depth: int = 1,
    classes: Sequence[str] | None = None,
    document: str | None = None,
    lang: str = "en",
    max_nodes: int = 400,
    title: str | None = None,
) -> ViewSummary:
    """Render an interactive view of ``data`` (Graph, Dataset, RDF file or build dir) to
    ``out``: the whole graph, one document's entities, an entity's ``depth``-hop
    neighbourhood and/or some classes; above ``max_nodes`` the least central nodes are
    folded into one summary node per class."""
    if lang not in UI_TEXT:
        raise CityKGError(f"{lang}: unsupported language; use en or fr")
    if depth < 0:
        raise CityKGError(f"--depth {depth}: must be 0 or more")
    if max_nodes < 2:
        raise CityKGError(f"--max-nodes {max_nodes}: must be at least 2")
    wanted_classes = parse_classes(classes)
    st = as_store(data)  # once: every step below reads this store
    net = to_networkx(st, lang=lang)

    restrict = None
    doc_label = ""
    if document:
        doc_iri = match_document(st, document)
        restrict = document_nodes(st, net, doc_iri)
        info = documents(st).get(doc_iri)
        doc_label = info.display if info else doc_iri
    focus_nodes = match_entities(net, focus) if focus else []
    if focus_nodes and restrict is not None:
        focus_nodes = [n for n in focus_nodes if n in restrict]
        if not focus_nodes:
            raise CityKGError(f"{focus}: not in document {doc_label}")
    chosen = select_nodes(
        net, focus_nodes=focus_nodes, depth=depth, classes=wanted_classes, restrict=restrict
    )
    sub = net.subgraph(sorted(chosen)).copy()
    kept, omitted = reduce_nodes(sub, max_nodes, focus_nodes)
    pv, drawn_edges, folded_edges = build_network(sub, kept, omitted, lang)

    text = UI_TEXT[lang]
    if title is None:
        parts = ["citykg"]
        if focus_nodes:
            parts.append(" / ".join(sub.nodes[n]["label"] for n in focus_nodes))
        if doc_label:
            parts.append(doc_label)
        if wanted_classes:
            parts.append(", ".join(CLASS_LABELS[lang].get(c, c) for c in sorted(wanted_classes)))
        title = " — ".join(parts)
    subtitle = (
        f"{len(kept):,} {text['entities']} · {drawn_edges:,} {text['relations']}"
        if kept
        else text["empty"]
    )
    if omitted:
        subtitle += " " + text["folded"].format(
            n=f"{sub.number_of_nodes() - len(kept):,}", e=f"{folded_edges:,}"
        )
    counts = Counter(sub.nodes[n].get("cls", "Topic") for n in kept)
    notice = ""
    if omitted:
        lines = (
            text["more"].format(n=f"{len(m):,}", cls=CLASS_LABELS[lang].get(c, c))
            for c, m in sorted(omitted.items())
        )
        items = "".join(f"<li>{html.escape(line)}</li>" for line in lines)
        notice = (
            f'<div id="ckg-omitted" role="note"><p>'
            f"{html.escape(text['omitted'].format(max=f'{max_nodes:,}'))}</p><ul>{items}</ul></div>"
        )
    page = render_html(
        pv,
        title=title,
        subtitle=subtitle,
        legend=_legend_html(counts, lang),
        notice=notice,
        lang=lang,
    )
    out = Path(out)
    write_atomic(out, page)
    summary = ViewSummary(
        path=out,
        title=title,
        nodes=len(kept),
        edges=drawn_edges,
        omitted_nodes=sum(len(m) for m in omitted.values()),
        omitted_edges=sub.number_of_edges() - drawn_edges,
        aggregated={c: len(m) for c, m in sorted(omitted.items())},
        focus=list(focus_nodes),
        drawn_edges=len(pv.edges),
    )
    return summary
