"""Who learns from whom: the cooperation projection shared by the network view and the map.

An exchange (``ckg:Exchange``) held in a host city (its ``ckg:location``) with learning
cities (its ``ckg:participant``s) gives one directed link host → learner per learning
city. Links between the same two cities are merged; each keeps the exchanges behind it
(title, date, year, topics, evidence, documents), so a page can filter by year and topic
and still say why a link exists.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from .page import OTHER_TOPIC_COLOUR, TOPIC_PALETTE


@dataclass
class ExchangeRef:
    """One exchange behind a link, with what justifies the learner's participation."""

    iri: str
    label: str
    date: str
    year: int | None
    topics: list[str]
    evidence: list[str]
    documents: list[str]
    confidence: float | None = None

    def as_json(self) -> dict:
        """The page's exchange: its evidence and documents only as many as a card shows
        (the map of 20,000 documents keeps every exchange, its filters need them all)."""
        return {
            "iri": self.iri,
            "label": self.label,
            "date": self.date,
            "year": self.year,
            "topics": self.topics,
            "evidence": self.evidence[:SHOWN_EVIDENCE],
            "documents": self.documents[:SHOWN_DOCUMENTS],
            "confidence": self.confidence,
        }


#: Sentences and document names an exchange's card shows at most (static/coop.js).
SHOWN_EVIDENCE, SHOWN_DOCUMENTS = 3, 5


@dataclass
class Link:
    """Host city → learning city, with every exchange between them."""

    host: str
    learner: str
    exchanges: list[ExchangeRef] = field(default_factory=list)

    @property
    def topic(self) -> str:
        """The most frequent topic of the link's exchanges ("" when none has one)."""
        counts = Counter(t for x in self.exchanges for t in x.topics)
        return min(counts, key=lambda t: (-counts[t], t)) if counts else ""


@dataclass
class Cooperation:
    """Cities, links and what could not be drawn (exchanges without a host city)."""

    cities: list[str]
    links: list[Link]
    exchanges: int
    without_host: int
    topics: list[str]

    def topic_colours(self) -> dict[str, str]:
        """The most frequent topics get a palette colour, the rest share grey."""
        return {
            t: TOPIC_PALETTE[i] if i < len(TOPIC_PALETTE) else OTHER_TOPIC_COLOUR
            for i, t in enumerate(self.topics)
        }


def _year(date: str) -> int | None:
    head = date[:4]
    return int(head) if head.isdigit() else None


def _neighbours(net: nx.MultiDiGraph, node: str, predicate: str) -> list[str]:
    return sorted({v for _, v, k in net.out_edges(node, keys=True) if k == predicate})


def _cities(net: nx.MultiDiGraph, nodes: list[str]) -> list[str]:
    return [n for n in nodes if net.nodes[n].get("cls") == "City"]


def cooperation(net: nx.MultiDiGraph) -> Cooperation:
    """The host → learner links of ``net`` (a :func:`citykg.netgraph.to_networkx` graph)."""
    links: dict[tuple[str, str], Link] = {}
    topic_count: Counter = Counter()
    exchanges = without_host = 0
    for node in sorted(net):
        data = net.nodes[node]
        if data.get("cls") != "Exchange":
            continue
        exchanges += 1
        hosts = _cities(net, _neighbours(net, node, "location"))
        learners = _cities(net, _neighbours(net, node, "participant"))
        if not hosts:
            without_host += 1
            continue
        topics = sorted(net.nodes[t].get("label", t) for t in _neighbours(net, node, "topic"))
        topic_count.update(topics)
        date = data.get("startDate", "")
        for host in hosts:
            for learner in learners:
                if learner == host:
                    continue
                edge = net.get_edge_data(node, learner, key="participant") or {}
                ref = ExchangeRef(
                    iri=node,
                    label=data.get("label", node),
                    date=date,
                    year=_year(date),
                    topics=topics,
                    evidence=list(edge.get("evidence", [])),
                    documents=list(edge.get("documents", [])) or list(data.get("documents", [])),
                    confidence=edge.get("confidence"),
                )
                links.setdefault((host, learner), Link(host, learner)).exchanges.append(ref)
    cities = sorted({c for pair in links for c in pair})
    topics = sorted(topic_count, key=lambda t: (-topic_count[t], t))
    return Cooperation(cities, [links[k] for k in sorted(links)], exchanges, without_host, topics)


def city_roles(coop: Cooperation) -> dict[str, dict[str, int]]:
    """Per city: exchanges hosted and exchanges learned from (distinct exchanges)."""
    hosted: dict[str, set[str]] = defaultdict(set)
    learned: dict[str, set[str]] = defaultdict(set)
    for link in coop.links:
        for x in link.exchanges:
            hosted[link.host].add(x.iri)
            learned[link.learner].add(x.iri)
    return {c: {"hosted": len(hosted[c]), "learned": len(learned[c])} for c in coop.cities}


def year_range(coop: Cooperation) -> tuple[int, int] | None:
    years = [x.year for link in coop.links for x in link.exchanges if x.year is not None]
    return (min(years), max(years)) if years else None


UI_TEXT: dict[str, dict[str, str]] = {
    "en": {
        "cities": "cities",
        "links": "links",
        "exchanges": "exchanges",
        "one_exchange": "1 exchange",
        "n_exchanges": "{n} exchanges",
        "hosted": "Hosted",
        "learned": "Took part in",
        "partners": "Partners",
        "country": "Country",
        "from_year": "From",
        "to_year": "to",
        "topic": "Topic",
        "all_topics": "all topics",
        "no_topic": "no topic",
        "evidence": "Evidence",
        "documents": "From",
        "confidence": "confidence",
        "hosts": "hosted",
        "learns": "learned",
        "without_host": "{n} exchanges without a host city are not drawn.",
        "empty": "No exchange between cities in this graph.",
        "hint": "Hover a city or a link for the exchanges behind it; click to pin them here.",
        "physics_on": "Physics: on",
        "physics_off": "Physics: off",
        "legend_hint": "Colour: the link's most frequent topic.",
        "other_topics": "other topics",
        "unplaced": "{n} cities without coordinates are not on the map.",
        "more": "… and {n} more",
    },
    "fr": {
        "cities": "villes",
        "links": "liens",
        "exchanges": "échanges",
        "one_exchange": "1 échange",
        "n_exchanges": "{n} échanges",
        "hosted": "A accueilli",
        "learned": "A participé à",
        "partners": "Partenaires",
        "country": "Pays",
        "from_year": "De",
        "to_year": "à",
        "topic": "Thème",
        "all_topics": "tous les thèmes",
        "no_topic": "sans thème",
        "evidence": "Preuve",
        "documents": "Source",
        "confidence": "confiance",
        "hosts": "a accueilli",
        "learns": "a appris",
        "without_host": "{n} échanges sans ville hôte ne sont pas dessinés.",
        "empty": "Aucun échange entre villes dans ce graphe.",
        "hint": "Survolez une ville ou un lien pour voir les échanges ; cliquez pour les épingler.",
        "physics_on": "Physique : activée",
        "physics_off": "Physique : arrêtée",
        "legend_hint": "Couleur : le thème le plus fréquent du lien.",
        "other_topics": "autres thèmes",
        "unplaced": "{n} villes sans coordonnées ne sont pas sur la carte.",
        "more": "… et {n} de plus",
    },
}


def _country(net: nx.MultiDiGraph, city: str) -> str:
    """The city's country: the one a document places it in, else GeoNames' (every city has
    that one, ``gno:parentCountry``, even on a page that never names the country)."""
    for wanted in ("locatedIn", "parentCountry"):
        for _, v, k in sorted(net.out_edges(city, keys=True)):
            if k == wanted and net.nodes[v].get("cls") == "Country":
                return net.nodes[v].get("label", "")
    return ""


def payload(coop: Cooperation, net: nx.MultiDiGraph, lang: str) -> dict:
    """The JSON both cooperation pages read: cities, links with their exchanges, topics."""
    colours = coop.topic_colours()
    roles = city_roles(coop)
    cities = [
        {
            "id": c,
            "label": net.nodes[c].get("label", c),
            "country": _country(net, c),
            "geonames": net.nodes[c].get("geonames", ""),
            **roles[c],
        }
        for c in coop.cities
    ]
    links = []
    for i, link in enumerate(coop.links):
        topic = link.topic
        links.append(
            {
                "id": f"l{i}",
                "from": link.host,
                "to": link.learner,
                "topic": topic,
                "colour": colours.get(topic, OTHER_TOPIC_COLOUR),
                "exchanges": [
                    x.as_json() for x in sorted(link.exchanges, key=lambda x: (x.date, x.iri))
                ],
            }
        )
    years = year_range(coop)
    counts = Counter(t for link in coop.links for x in link.exchanges for t in x.topics)
    return {
        "cities": cities,
        "links": links,
        "topics": [{"label": t, "colour": colours[t], "count": counts[t]} for t in coop.topics],
        "years": list(years) if years else [],
        "exchanges": coop.exchanges,
        "withoutHost": coop.without_host,
        "text": UI_TEXT[lang],
    }
