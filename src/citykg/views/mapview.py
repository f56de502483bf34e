"""The map page: cities at their GeoNames coordinates on Natural Earth's country outlines,
exchanges as arcs from the host city to each learning city, filtered by year and topic.

Same data, tooltips, escaping and Content-Security-Policy as the cooperation network
(:mod:`citykg.views.network`); the map itself is SVG that the page's script builds from
JSON with ``createElementNS``/``setAttribute`` and ``textContent`` only.
"""

from __future__ import annotations

from pathlib import Path

import networkx as nx

from ..graphio import write_atomic
from . import geo
from .cooperation import cooperation, exchanges_on, listed_note, payload
from .network import CooperationSummary, coop_page
from .page import static


def place(data: dict) -> int:
    """Give every city ``xy`` (projected) when its coordinates are known and every link
    whose two ends are placed its arc; return how many cities could not be placed."""
    placed: dict[str, tuple[float, float]] = {}
    for city in data["cities"]:
        lonlat = geo.coordinates(city.get("geonames", ""))
        if lonlat is None:
            city["xy"] = None
            continue
        city["lonlat"] = [round(lonlat[0], 4), round(lonlat[1], 4)]
        city["xy"] = list(geo.project(*lonlat))
        placed[city["id"]] = tuple(city["xy"])
    for link in data["links"]:
        a, b = placed.get(link["from"]), placed.get(link["to"])
        link["arc"] = geo.arc_path(a, b) if a and b else ""
    return sum(1 for c in data["cities"] if c["xy"] is None)


def render_map(
    net: nx.MultiDiGraph, out: Path, *, lang: str = "en", title: str | None = None
) -> CooperationSummary:
    """Write the map page of ``net`` (a network projection) to ``out``."""
    coop = cooperation(net)
    data = payload(coop, net, lang)
    unplaced = place(data)
    data["basemap"] = [{"name": name, "d": d} for name, d in geo.basemap()]
    data["viewBox"] = list(geo.view_box())
    title = title or (
        "citykg — map of exchanges" if lang == "en" else "citykg — carte des échanges"
    )
    notes = [data["text"]["unplaced"].format(n=unplaced) if unplaced else ""]
    extra = " ".join(n for n in [*notes, listed_note(coop, lang)] if n)
    scripts = [static("coop.js"), static("map.js")]
    page = coop_page(data, kind="map", title=title, lang=lang, scripts=scripts, extra=extra)
    out = Path(out)
    write_atomic(out, page)
    drawn = [link for link in data["links"] if link["arc"]]
    exchanges = exchanges_on(net, {(link["from"], link["to"]) for link in drawn})
    return CooperationSummary(
        out,
        title,
        sum(1 for c in data["cities"] if c["xy"] is not None),
        len(drawn),
        exchanges,
        coop.without_host,
        unplaced,
    )
