"""What a view shows: selection of entities (document, focus, classes, size limit) and
the ``render_view`` entry point. Drawing lives in :mod:`citykg.views` (overview,
cooperation network, map); this module loads the graph, projects it with
:mod:`citykg.netgraph` and hands the projection to them.
"""

from __future__ import annotations

import os
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
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
from .netstream import project_files
from .store import graph_files
from .views import overview, page
from .vocab import CKG, GEONAMES, WD

AGGREGATE_PREFIX = overview.AGGREGATE_PREFIX
CLASS_STYLE = page.CLASS_STYLE
CLASS_LABELS = page.CLASS_LABELS
UI_TEXT = overview.UI_TEXT
script_json = page.script_json


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
    """Nodes whose IRI, label or alias equals ``name`` (case/accent-insensitive), else the
    nodes of what the gazetteer knows by that name: a graph only keeps the names its texts
    used, and a reader may look Mumbai up as "Bombay" or Beijing as "Peking"."""
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
        found = _known_as(net, name)
    if not found:
        raise CityKGError(
            f"{name}: no entity with this name or IRI in the graph; {suggest(net, name)}"
        )
    return found


#: How alike a name and a label must be (difflib's ratio) to be offered as a suggestion:
#: a typo (Mumbay, Bejing) is above it, an unrelated name sharing letters (Atlantis and
#: Albania, 0.67) is below.
SUGGEST_RATIO = 0.75


def suggest(net: nx.MultiDiGraph, name: str) -> str:
    """``did you mean Mumbai?`` for the labels most like ``name``, or a plain no-match."""
    labels: dict[str, str] = {}
    for _, data in net.nodes(data=True):
        for n in (data.get("label", ""), data.get("label_en", ""), data.get("label_fr", "")):
            if n:
                labels.setdefault(normalise(n), n)
    close = get_close_matches(normalise(name), sorted(labels), n=3, cutoff=SUGGEST_RATIO)
    if close:
        return f"did you mean {', '.join(labels[c] for c in close)}?"
    return "no entity has a similar name (citykg stats lists the graph's entities)"


def _known_as(net: nx.MultiDiGraph, name: str) -> list[str]:
    """Graph nodes of what the gazetteer knows by ``name`` (any alternate or French name,
    any acronym), found by their GeoNames or Wikidata link or their IRI's path."""
    from .extract.gazetteer import load_gazetteer

    entries = load_gazetteer().known_as(name)
    links = {str(GEONAMES[f"{e.geonames}/"]) for e in entries if e.geonames}
    links |= {str(WD[e.wikidata]) for e in entries if e.wikidata}
    slugs = tuple("/" + e.slug for e in entries)
    return [
        node
        for node, data in net.nodes(data=True)
        if data.get("geonames") in links
        or data.get("wikidata") in links
        or (not data.get("geonames") and str(node).endswith(slugs))
    ]


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


def _default_title(
    sub: nx.MultiDiGraph, focus: Sequence[str], doc_label: str, classes: set[str], lang: str
) -> str:
    """ "citykg — Mumbai — seeds/x.txt — City, Exchange": what the view was asked for."""
    parts = ["citykg"]
    if focus:
        parts.append(" / ".join(sub.nodes[n]["label"] for n in focus))
    if doc_label:
        parts.append(doc_label)
    if classes:
        parts.append(", ".join(CLASS_LABELS[lang].get(c, c) for c in sorted(classes)))
    return " — ".join(parts)


def _written(data: GraphInput) -> tuple[Path, Path] | None:
    """The Turtle and TriG of a build (its directory or its ``citykg.trig``), else None."""
    if not isinstance(data, str | os.PathLike):
        return None
    try:
        files = graph_files(data)
    except CityKGError:
        return None
    if files.merged is None or files.dataset is None:
        return None
    return files.merged, files.dataset


def projection(data: GraphInput, lang: str) -> nx.MultiDiGraph:
    """``data``'s projection: a build's written files streamed (no store of them, see
    :mod:`citykg.netstream`), anything else through its Oxigraph store."""
    written = _written(data)
    if written is not None:
        return project_files(*written, lang=lang)
    return to_networkx(data, lang=lang)


def _chosen_graph(net: nx.MultiDiGraph, chosen: set[str]) -> nx.MultiDiGraph:
    """The graph of the chosen nodes, in sorted order: ``net`` itself when it is that
    already (a whole-graph view; a copy of 20,000 documents' projection is ~50 MiB)."""
    nodes = sorted(chosen)
    if len(nodes) == net.number_of_nodes() and list(net) == nodes:
        return net  # read only from here on, like a copy
    return net.subgraph(nodes).copy()


def drawn_edges(net: nx.MultiDiGraph, max_nodes: int = 400) -> set[tuple[str, str, str]]:
    """The edges ``(subject, object, key)`` whose evidence the build's two pages show: the
    relations between the nodes a whole-graph :func:`render_view` of ``max_nodes`` keeps,
    and the exchanges the map's links list (:func:`citykg.views.cooperation.listed_edges`)."""
    from .views.cooperation import listed_edges

    kept, _omitted = reduce_nodes(net, max_nodes)
    kept_set = set(kept)
    found = {(u, v, k) for u, v, k in net.edges(kept, keys=True) if v in kept_set}
    return found | listed_edges(net)


def _check_view_options(lang: str, depth: int, max_nodes: int) -> None:
    """Refuse the options no view can be drawn with, before anything is read."""
    if lang not in UI_TEXT:
        raise CityKGError(f"{lang}: unsupported language; use en or fr")
    if depth < 0:
        raise CityKGError(f"--depth {depth}: must be 0 or more")
    if max_nodes < 2:
        raise CityKGError(f"--max-nodes {max_nodes}: must be at least 2")


def _document_restriction(
    st: ox.Store | None, net: nx.MultiDiGraph, document: str | None
) -> tuple[set[str] | None, str]:
    """The nodes of the asked ``document`` and its display label (None and "" without
    one): a document's nodes are found in the store, the projection does not keep them."""
    if not document:
        return None, ""
    if st is None:
        raise CityKGError("a document view needs the graph's data, not only its projection")
    doc_iri = match_document(st, document)
    info = documents(st).get(doc_iri)
    return document_nodes(st, net, doc_iri), info.display if info else doc_iri


def _subtitle(
    sub: nx.MultiDiGraph,
    kept: list[str],
    omitted: dict,
    drawn_edges: int,
    folded_edges: int,
    lang: str,
) -> str:
    """What the page's subtitle counts: the drawn nodes and edges, and what was folded."""
    text = UI_TEXT[lang]
    subtitle = (
        f"{len(kept):,} {text['entities']} · {drawn_edges:,} {text['relations']}"
        if kept
        else text["empty"]
    )
    if omitted:
        subtitle += " " + text["folded"].format(
            n=f"{sub.number_of_nodes() - len(kept):,}", e=f"{folded_edges:,}"
        )
    return subtitle


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
    net: nx.MultiDiGraph | None = None,
) -> ViewSummary:
    """Render an interactive view of ``data`` (Graph, Dataset, RDF file or build dir) to
    ``out``: the whole graph, one document's entities, an entity's ``depth``-hop
    neighbourhood and/or some classes; above ``max_nodes`` the least central nodes are
    folded into one summary node per class. ``net``: ``data``'s projection
    (:func:`to_networkx` in ``lang``) when the caller has it already, as the build does for
    its two views; it is read, never changed."""
    _check_view_options(lang, depth, max_nodes)
    wanted_classes = parse_classes(classes)
    # the store only when a document is asked for or no projection is given: the build
    # passes its projection and no data (it has no store of its files)
    st = as_store(data) if document or (net is None and not _written(data)) else None
    if net is None:
        net = projection(data if st is None else st, lang)
    restrict, doc_label = _document_restriction(st, net, document)
    focus_nodes = match_entities(net, focus) if focus else []
    if focus_nodes and restrict is not None:
        focus_nodes = [n for n in focus_nodes if n in restrict]
        if not focus_nodes:
            raise CityKGError(f"{focus}: not in document {doc_label}")
    chosen = select_nodes(
        net, focus_nodes=focus_nodes, depth=depth, classes=wanted_classes, restrict=restrict
    )
    sub = _chosen_graph(net, chosen)
    kept, omitted = reduce_nodes(sub, max_nodes, focus_nodes)
    nodes, edges, drawn_edges, folded_edges = overview.build_items(sub, kept, omitted, lang)
    groups = overview.place_items(nodes, edges, sub)

    if title is None:
        title = _default_title(sub, focus_nodes, doc_label, wanted_classes, lang)
    subtitle = _subtitle(sub, kept, omitted, drawn_edges, folded_edges, lang)
    counts = Counter(sub.nodes[n].get("cls", "Topic") for n in kept)
    html_page = overview.render_page(
        nodes,
        edges,
        groups,
        title=title,
        subtitle=subtitle,
        legend=overview.legend_html(counts, lang),
        notice=overview.omitted_notice(omitted, max_nodes, lang),
        lang=lang,
    )
    out = Path(out)
    write_atomic(out, html_page)
    return ViewSummary(
        path=out,
        title=title,
        nodes=len(kept),
        edges=drawn_edges,
        omitted_nodes=sum(len(m) for m in omitted.values()),
        omitted_edges=sub.number_of_edges() - drawn_edges,
        aggregated={c: len(m) for c, m in sorted(omitted.items())},
        focus=list(focus_nodes),
        drawn_edges=len(edges),
    )


def render_cooperation(
    data: GraphInput,
    out: Path,
    *,
    kind: str = "network",
    lang: str = "en",
    title: str | None = None,
    net: nx.MultiDiGraph | None = None,
):
    """Render the cooperation network (``kind="network"``) or the map (``kind="map"``)
    of ``data``: cities, and links from each exchange's host city to its learning cities.
    ``net``: ``data``'s projection in ``lang`` when the caller has it (see :func:`render_view`)."""
    if lang not in UI_TEXT:
        raise CityKGError(f"{lang}: unsupported language; use en or fr")
    if net is None:
        net = projection(data, lang)
    if kind == "network":
        from .views.network import render_network

        return render_network(net, Path(out), lang=lang, title=title)
    if kind == "map":
        from .views.mapview import render_map

        return render_map(net, Path(out), lang=lang, title=title)
    raise CityKGError(f"{kind}: unknown view; use network or map")
