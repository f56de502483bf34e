"""Who learns from whom: the cooperation projection shared by the network view and the map.

An exchange (``ckg:Exchange``) held in a host city (its ``ckg:location``) with learning
cities (its ``ckg:participant``s) gives one directed link host → learner per learning
city. Links between the same two cities are merged; each keeps the exchanges behind it
(title, date, year, topics, evidence, documents), so a page can filter by year and topic
and still say why a link exists.

A link lists at most :data:`LISTED_PER_YEAR` exchanges a year (the first by date); the
others are counted, per year and set of topics (``Link.more``), so the filters and every
count stay exact while a page of a million documents stays the size of its links. Only
the listed exchanges' relations need their evidence (:func:`listed_edges`).
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Iterator
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
#: Exchanges a link lists per year (its card, clicked, shows up to 50); the others are
#: counted in ``Link.more``. A year's worth of cards, not a corpus's.
LISTED_PER_YEAR = 20


@dataclass
class Link:
    """Host city → learning city: the exchanges it lists (:data:`LISTED_PER_YEAR` a year
    at most) and the others counted per (year, topics)."""

    host: str
    learner: str
    exchanges: list[ExchangeRef] = field(default_factory=list)
    more: Counter = field(default_factory=Counter)  # (year, topics tuple) -> exchanges

    @property
    def total(self) -> int:
        """Exchanges behind the link, listed or counted."""
        return len(self.exchanges) + sum(self.more.values())

    def topic_counts(self) -> Counter:
        """Exchanges per topic, listed and counted."""
        counts = Counter(t for x in self.exchanges for t in x.topics)
        for (_year, topics), n in self.more.items():
            for t in topics:
                counts[t] += n
        return counts

    @property
    def topic(self) -> str:
        """The most frequent topic of the link's exchanges ("" when none has one)."""
        counts = self.topic_counts()
        return min(counts, key=lambda t: (-counts[t], t)) if counts else ""

    def more_json(self) -> list[dict]:
        """The counted exchanges as the page reads them (filtered like exchanges)."""
        return [
            {"year": year, "topics": list(topics), "n": n}
            for (year, topics), n in sorted(self.more.items(), key=_group_order)
        ]


def _group_order(item: tuple) -> tuple:
    (year, topics), _n = item
    return (year is None, year or 0, topics)


@dataclass
class Cooperation:
    """Cities, links and what could not be drawn (exchanges without a host city)."""

    cities: list[str]
    links: list[Link]
    exchanges: int
    without_host: int
    topics: list[str]
    #: per city: distinct exchanges hosted and learned from (:func:`city_roles`)
    roles: dict[str, dict[str, int]] = field(default_factory=dict)
    #: distinct exchanges on the links, per (year, topics): the page's exchange count
    linked: Counter = field(default_factory=Counter)
    years: tuple[int, int] | None = None

    @property
    def counted(self) -> bool:
        """Whether some link counts exchanges it does not list."""
        return any(link.more for link in self.links)

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
    chosen = _listed(net)
    links: dict[tuple[str, str], Link] = {}
    topic_count: Counter = Counter()
    hosted: dict[str, set[str]] = defaultdict(set)
    learned: dict[str, set[str]] = defaultdict(set)
    linked: Counter = Counter()
    years: set[int] = set()
    exchanges = without_host = 0
    for node, data, pairs, topics in _exchanges(net):
        exchanges += 1
        if pairs is None:
            without_host += 1
            continue
        topic_count.update(topics)
        date = data.get("startDate", "")
        year = _year(date)
        for host, learner in pairs:
            link = links.setdefault((host, learner), Link(host, learner))
            hosted[host].add(node)
            learned[learner].add(node)
            if year is not None:
                years.add(year)
            if node not in chosen.get((host, learner, year), ()):
                link.more[(year, tuple(topics))] += 1
                continue
            edge = net.get_edge_data(node, learner, key="participant") or {}
            ref = ExchangeRef(
                iri=node,
                label=data.get("label", node),
                date=date,
                year=year,
                topics=topics,
                evidence=list(edge.get("evidence", [])),
                documents=list(edge.get("documents", [])) or list(data.get("documents", [])),
                confidence=edge.get("confidence"),
            )
            link.exchanges.append(ref)
        if pairs:
            linked[(year, tuple(topics))] += 1
    cities = sorted({c for pair in links for c in pair})
    topics = sorted(topic_count, key=lambda t: (-topic_count[t], t))
    roles = {c: {"hosted": len(hosted[c]), "learned": len(learned[c])} for c in cities}
    span = (min(years), max(years)) if years else None
    ordered = [links[k] for k in sorted(links)]
    return Cooperation(cities, ordered, exchanges, without_host, topics, roles, linked, span)


def _exchanges(net: nx.MultiDiGraph) -> Iterator[tuple[str, dict, list | None, list[str]]]:
    """Each exchange node with its data, its (host, learner) pairs (None: no host city)
    and its topics' labels, in node order."""
    for node in sorted(net):
        data = net.nodes[node]
        if data.get("cls") != "Exchange":
            continue
        hosts = _cities(net, _neighbours(net, node, "location"))
        if not hosts:
            yield node, data, None, []
            continue
        learners = _cities(net, _neighbours(net, node, "participant"))
        topics = sorted(net.nodes[t].get("label", t) for t in _neighbours(net, node, "topic"))
        pairs = [(h, v) for h in hosts for v in learners if v != h]
        yield node, data, pairs, topics


def _listed(net: nx.MultiDiGraph) -> dict[tuple[str, str, int | None], list[str]]:
    """(host, learner, year) → the exchanges a link lists that year: the first
    :data:`LISTED_PER_YEAR` by (date, IRI), the order the page lists them in."""
    best: dict[tuple[str, str, int | None], list[tuple[str, str]]] = defaultdict(list)
    for node, data, pairs, _topics in _exchanges(net):
        date = data.get("startDate", "")
        for host, learner in pairs or ():
            kept = best[(host, learner, _year(date))]
            if len(kept) < LISTED_PER_YEAR or (date, node) < kept[-1]:
                bisect.insort(kept, (date, node))
                del kept[LISTED_PER_YEAR:]
    return {k: [node for _, node in v] for k, v in best.items()}


def listed_edges(net: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    """The relations whose evidence a cooperation page shows: each listed exchange's
    ``participant`` edge to its learning city (see :func:`citykg.netstream.project_files`)."""
    return {
        (node, learner, "participant")
        for (_host, learner, _year), nodes in _listed(net).items()
        for node in nodes
    }


def city_roles(coop: Cooperation) -> dict[str, dict[str, int]]:
    """Per city: exchanges hosted and exchanges learned from (distinct exchanges)."""
    return coop.roles


def year_range(coop: Cooperation) -> tuple[int, int] | None:
    return coop.years


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


#: The page's note when a link lists fewer exchanges than it has (Python-side only: the
#: page's script does not read it).
LISTED_NOTE = {
    "en": "A link lists at most {n} exchanges a year; the others are counted.",
    "fr": "Un lien liste au plus {n} échanges par an ; les autres sont comptés.",
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
        row = {
            "id": f"l{i}",
            "from": link.host,
            "to": link.learner,
            "topic": topic,
            "colour": colours.get(topic, OTHER_TOPIC_COLOUR),
            "exchanges": [
                x.as_json() for x in sorted(link.exchanges, key=lambda x: (x.date, x.iri))
            ],
        }
        if link.more:  # only then: a page whose links list everything reads as before
            row["more"] = link.more_json()
            row["total"] = link.total
        links.append(row)
    years = year_range(coop)
    counts: Counter = Counter()
    for link in coop.links:
        counts.update(link.topic_counts())
    data = {
        "cities": cities,
        "links": links,
        "topics": [{"label": t, "colour": colours[t], "count": counts[t]} for t in coop.topics],
        "years": list(years) if years else [],
        "exchanges": coop.exchanges,
        "withoutHost": coop.without_host,
        "text": UI_TEXT[lang],
    }
    if coop.counted:
        data["linked"] = [
            {"year": year, "topics": list(topics), "n": n}
            for (year, topics), n in sorted(coop.linked.items(), key=_group_order)
        ]
    return data


def exchanges_on(net: nx.MultiDiGraph, pairs: set[tuple[str, str]]) -> int:
    """Distinct exchanges behind some of the links (host, learner), listed or counted."""
    return sum(1 for *_, found, _t in _exchanges(net) if found and pairs.intersection(found))


def listed_note(coop: Cooperation, lang: str) -> str:
    """What the page says of its cap on listed exchanges, when a link reached it."""
    return LISTED_NOTE[lang].format(n=LISTED_PER_YEAR) if coop.counted else ""


def linked_exchanges(coop: Cooperation) -> int:
    """Distinct exchanges on the links (what the page's header counts)."""
    return sum(coop.linked.values())
